// The object's volume: the visual hull of true silhouettes, and stereo inside a bowl, on
// ray-cast photos of known shapes.
#include "capture/dense.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <catch2/catch.hpp>
#include <opencv2/imgproc.hpp>

#include "capture/object_mask.h"
#include "capture/object_region.h"
#include "exhibit/error.h"
#include "tests/capture/synthetic_scene.h"
#include "tests/support/test_support.h"

namespace capture = heritage::capture;
using heritage::test::Scene;
using heritage::test::Shape;

namespace {

// Trilinear signed distance at a world point; +inf outside the grid.
double distance_at(const capture::VolumeGrid& grid, const cv::Vec3d& p) {
    const cv::Vec3d g = (p - grid.origin_mm) / grid.voxel_mm;
    const int x = int(std::floor(g[0])), y = int(std::floor(g[1])), z = int(std::floor(g[2]));
    if (x < 0 || y < 0 || z < 0 || x + 1 >= grid.nx || y + 1 >= grid.ny || z + 1 >= grid.nz)
        return std::numeric_limits<double>::infinity();
    const double fx = g[0] - x, fy = g[1] - y, fz = g[2] - z;
    double sum = 0.0;
    for (int c = 0; c < 8; ++c) {
        const int dx = c & 1, dy = (c >> 1) & 1, dz = (c >> 2) & 1;
        sum += (dx ? fx : 1 - fx) * (dy ? fy : 1 - fy) * (dz ? fz : 1 - fz) *
               grid.at(x + dx, y + dy, z + dz);
    }
    return sum;
}

// Points on a sphere about `centre`, between the heights `low` and `high` above its centre.
std::vector<cv::Vec3d> sphere_points(const cv::Vec3d& centre, double radius, double low,
                                     double high, bool lower_half_only = false) {
    std::vector<cv::Vec3d> points;
    for (int i = 0; i < 40; ++i)
        for (int j = 0; j < 80; ++j) {
            const double polar = CV_PI * (i + 0.5) / 40.0, azimuth = 2.0 * CV_PI * j / 80.0;
            const cv::Vec3d d(std::sin(polar) * std::cos(azimuth),
                              std::sin(polar) * std::sin(azimuth), std::cos(polar));
            if (d[2] * radius < low || d[2] * radius > high || (lower_half_only && d[2] > 0))
                continue;
            points.push_back(centre + radius * d);
        }
    return points;
}

capture::CameraSet turntable_cameras() {
    return heritage::test::ring_cameras(12, {20.0, 45.0}, 450.0, 40.0, 640, 480, 700.0);
}

}  // namespace

TEST_CASE("the visual hull of a sphere's silhouettes lies on the sphere", "[dense]") {
    Scene scene;
    scene.shape = Shape::sphere;
    capture::CameraSet cameras = turntable_cameras();
    const auto folder = heritage::test::make_temp_dir("dense_sphere");
    const std::vector<cv::Mat> silhouettes =
        heritage::test::render_photo_set(scene, cameras, folder);
    const capture::ObjectRegion region = capture::estimate_object_region(cameras, scene.rig);
    capture::DenseOptions options;
    options.max_voxels_per_side = 128;
    options.stereo = false;
    const auto start = std::chrono::steady_clock::now();
    const capture::VolumeGrid grid =
        capture::reconstruct_dense(cameras, silhouettes, region, options);
    INFO("seconds "
         << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    // The grid hugs the hull: 100 mm across plus margins.
    CHECK(grid.voxel_mm < 1.2);
    CHECK(grid.distance_mm.size() == size_t(grid.nx) * grid.ny * grid.nz);
    const cv::Vec3d centre(0.0, 0.0, scene.outer_radius_mm);
    CHECK(distance_at(grid, centre) == Approx(-scene.outer_radius_mm).margin(3.0));
    double worst = 0.0;
    for (const cv::Vec3d& p : sphere_points(centre, scene.outer_radius_mm, -30.0, 30.0))
        worst = std::max(worst, std::abs(distance_at(grid, p)));
    INFO("voxel " << grid.voxel_mm << " mm");
    CHECK(worst < 1.5 * grid.voxel_mm);
    // Outside, and every face of the grid outside (the surface closes).
    CHECK(distance_at(grid, centre + cv::Vec3d(0.0, 0.0, 80.0)) > 0.0);
    for (int z = 0; z < grid.nz; ++z)
        for (int y = 0; y < grid.ny; ++y) {
            REQUIRE(grid.at(0, y, z) > 0.0f);
            REQUIRE(grid.at(grid.nx - 1, y, z) > 0.0f);
        }
    for (int y = 0; y < grid.ny; ++y)
        for (int x = 0; x < grid.nx; ++x) {
            REQUIRE(grid.at(x, y, 0) > 0.0f);
            REQUIRE(grid.at(x, y, grid.nz - 1) > 0.0f);
        }
}

TEST_CASE("stereo carves the inside of a bowl that the visual hull fills", "[dense]") {
    Scene scene;
    scene.shape = Shape::bowl;  // outer radius 50, inner 42, rim at z = 50
    capture::CameraSet cameras = turntable_cameras();
    const auto folder = heritage::test::make_temp_dir("dense_bowl");
    const std::vector<cv::Mat> silhouettes =
        heritage::test::render_photo_set(scene, cameras, folder);
    const capture::ObjectRegion region = capture::estimate_object_region(cameras, scene.rig);
    capture::DenseOptions options;
    options.max_voxels_per_side = 128;
    options.stereo = false;
    const capture::VolumeGrid hull =
        capture::reconstruct_dense(cameras, silhouettes, region, options);
    options.stereo = true;
    const auto start = std::chrono::steady_clock::now();
    const capture::VolumeGrid grid =
        capture::reconstruct_dense(cameras, silhouettes, region, options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    INFO("hull and stereo " << seconds << " s; voxel " << grid.voxel_mm << " mm");
    REQUIRE(grid.nx == hull.nx);
    REQUIRE(grid.voxel_mm == Approx(hull.voxel_mm));

    // The cavity: 17 mm above the inner bottom, filled by the hull, free after stereo.
    const cv::Vec3d centre(0.0, 0.0, scene.outer_radius_mm);
    const cv::Vec3d cavity(0.0, 0.0, scene.outer_radius_mm - scene.inner_radius_mm + 17.0);
    CHECK(distance_at(hull, cavity) < 0.0);
    CHECK(distance_at(grid, cavity) > 0.0);
    // The inner surface, where the upper cameras see it (30 to 75 degrees from the bottom).
    std::vector<double> inner;
    for (const cv::Vec3d& p : sphere_points(
             centre, scene.inner_radius_mm, -scene.inner_radius_mm * std::cos(CV_PI / 6.0),
             -scene.inner_radius_mm * std::cos(CV_PI * 75.0 / 180.0)))
        inner.push_back(std::abs(distance_at(grid, p)) / grid.voxel_mm);
    REQUIRE(inner.size() > 100);
    std::sort(inner.begin(), inner.end());
    const double median = inner[inner.size() / 2], p90 = inner[inner.size() * 9 / 10];
    INFO("inner surface |distance| in voxels: median " << median << ", 90% " << p90 << ", worst "
                                                       << inner.back());
    CHECK(median < 1.0);
    CHECK(p90 < 2.5);
    // The wall stays solid and the outer surface where it was.
    for (const cv::Vec3d& p : sphere_points(
             centre, 0.5 * (scene.inner_radius_mm + scene.outer_radius_mm), -40.0, -5.0)) {
        INFO("wall point " << p << " hull " << distance_at(hull, p));
        REQUIRE(distance_at(grid, p) < 0.0);
    }
    std::vector<double> outer;
    for (const cv::Vec3d& p : sphere_points(centre, scene.outer_radius_mm, -40.0, -5.0))
        outer.push_back(std::abs(distance_at(grid, p)) / grid.voxel_mm);
    std::sort(outer.begin(), outer.end());
    INFO("outer surface |distance| in voxels: 99% " << outer[outer.size() * 99 / 100] << ", worst "
                                                    << outer.back());
    CHECK(outer[outer.size() * 99 / 100] < 1.5);
    CHECK(outer.back() < 2.0);
}

TEST_CASE("a mask that misses the object is left out of the shape and named", "[dense]") {
    Scene scene;
    scene.shape = Shape::sphere;
    capture::CameraSet cameras = turntable_cameras();
    const auto folder = heritage::test::make_temp_dir("dense_bad_mask");
    std::vector<cv::Mat> silhouettes = heritage::test::render_photo_set(scene, cameras, folder);
    // Photo 5's outline found almost nothing (a backdrop of the object's colour, say).
    silhouettes[5].setTo(0);
    cv::circle(silhouettes[5], {320, 240}, 12, 255, cv::FILLED);
    const capture::ObjectRegion region = capture::estimate_object_region(cameras, scene.rig);
    capture::DenseOptions options;
    options.max_voxels_per_side = 96;
    options.stereo = false;
    const capture::VolumeGrid grid =
        capture::reconstruct_dense(cameras, silhouettes, region, options);
    CHECK(grid.views_left_out == std::vector<std::size_t>{5});
    // The sphere is whole: a point well inside it, off photo 5's small blob, is inside.
    const cv::Vec3d centre(0.0, 0.0, scene.outer_radius_mm);
    CHECK(distance_at(grid, centre) == Approx(-scene.outer_radius_mm).margin(3.0));
    double worst = 0.0;
    for (const cv::Vec3d& p : sphere_points(centre, scene.outer_radius_mm, -30.0, 30.0))
        worst = std::max(worst, std::abs(distance_at(grid, p)));
    CHECK(worst < 2.0 * grid.voxel_mm);

    // With every mask right, none is left out.
    std::vector<cv::Mat> good = heritage::test::render_photo_set(scene, cameras, folder);
    CHECK(capture::reconstruct_dense(cameras, good, region, options).views_left_out.empty());
}

TEST_CASE("two masks that miss the same part of the object are overruled by the others",
          "[dense]") {
    Scene scene;
    scene.shape = Shape::sphere;
    capture::CameraSet cameras = turntable_cameras();  // 24 views
    const auto folder = heritage::test::make_temp_dir("dense_bitten_masks");
    std::vector<cv::Mat> silhouettes = heritage::test::render_photo_set(scene, cameras, folder);
    // Photos 3 and 4 lost the sphere's top (its colour close to the wall behind it): a bite
    // out of their outlines that every other photo fills.
    for (int i : {3, 4}) {
        cv::Rect box = cv::boundingRect(silhouettes[size_t(i)]);
        cv::rectangle(silhouettes[size_t(i)],
                      cv::Rect(box.x + box.width / 4, box.y, box.width / 2, box.height / 3), 0,
                      cv::FILLED);
    }
    const capture::ObjectRegion region = capture::estimate_object_region(cameras, scene.rig);
    capture::DenseOptions options;
    options.max_voxels_per_side = 96;
    options.stereo = false;
    const cv::Vec3d centre(0.0, 0.0, scene.outer_radius_mm);
    // Where the surface lies: the first change of sign out from the centre, towards points of
    // the sphere from 30 mm below its centre to near its top; the errors in voxels, sorted.
    const auto radius_errors = [&](const capture::VolumeGrid& grid) {
        std::vector<double> errors;
        for (const cv::Vec3d& p : sphere_points(centre, scene.outer_radius_mm, -30.0, 48.0)) {
            const cv::Vec3d direction = (p - centre) / scene.outer_radius_mm;
            double radius = 0.0;
            while (radius < 2.0 * scene.outer_radius_mm &&
                   distance_at(grid, centre + radius * direction) < 0.0)
                radius += 0.1 * grid.voxel_mm;
            errors.push_back(std::abs(radius - scene.outer_radius_mm) / grid.voxel_mm);
        }
        std::sort(errors.begin(), errors.end());
        return errors;
    };
    const capture::VolumeGrid grid =
        capture::reconstruct_dense(cameras, silhouettes, region, options);
    CHECK(grid.views_left_out.empty());  // most of each mask is right: the views stay
    const std::vector<double> overruled = radius_errors(grid);
    INFO("surface error in voxels: median " << overruled[overruled.size() / 2] << ", worst "
                                            << overruled.back());
    CHECK(overruled[overruled.size() / 2] < 0.5);
    // Where a bite is shallower than the margin near its edge, the masks stand.
    CHECK(overruled.back() < options.overrule_margin_voxels + 2.0);

    // Without overruling, the two bites cut the top away.
    options.overruled_view_share = 0.0;
    const std::vector<double> bitten =
        radius_errors(capture::reconstruct_dense(cameras, silhouettes, region, options));
    INFO("without: worst " << bitten.back());
    CHECK(bitten.back() > 2.0 * overruled.back());
}

TEST_CASE("dense needs views from two sides", "[dense]") {
    capture::CameraSet cameras = heritage::test::ring_cameras(1, {30.0}, 450.0, 40.0, 64, 48, 70.0);
    const std::vector<cv::Mat> masks{cv::Mat(48, 64, CV_8UC1, cv::Scalar(255))};
    capture::ObjectRegion region{{-50.0, -50.0, 0.0}, {50.0, 50.0, 100.0}};
    CHECK_THROWS_WITH(capture::reconstruct_dense(cameras, masks, region),
                      "dense: 1 view with a mask; the object's volume needs photos from at least "
                      "2 sides");
}

// Timings at the pipeline's target size: 36 photos at 2000 x 1500 (run with "[.bench]").
TEST_CASE("masks and hull timings for 36 photos at 2000 x 1500", "[.bench]") {
    Scene scene;
    scene.shape = Shape::bowl;
    scene.outer_radius_mm = 60.0;
    scene.inner_radius_mm = 52.0;
    capture::CameraSet cameras =
        heritage::test::ring_cameras(18, {25.0, 50.0}, 450.0, 40.0, 2000, 1500, 2200.0);
    const auto folder = heritage::test::make_temp_dir("dense_bench");
    const std::vector<cv::Mat> truth = heritage::test::render_photo_set(scene, cameras, folder);
    const capture::ObjectRegion region = capture::estimate_object_region(cameras, scene.rig);
    auto start = std::chrono::steady_clock::now();
    const std::vector<cv::Mat> masks = capture::compute_object_masks(cameras, region, scene.rig);
    const double mask_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double worst_iou = 1.0;
    for (std::size_t i = 0; i < masks.size(); ++i)
        worst_iou =
            std::min(worst_iou, heritage::test::intersection_over_union(masks[i], truth[i]));
    capture::DenseOptions options;
    options.stereo = false;
    start = std::chrono::steady_clock::now();
    const capture::VolumeGrid grid = capture::reconstruct_dense(cameras, masks, region, options);
    const double hull_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    options.stereo = true;
    start = std::chrono::steady_clock::now();
    const capture::VolumeGrid carved = capture::reconstruct_dense(cameras, masks, region, options);
    const double stereo_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() -
        hull_seconds;
    const cv::Vec3d cavity(0.0, 0.0, scene.outer_radius_mm - scene.inner_radius_mm + 20.0);
    WARN("masks " << mask_seconds << " s (worst IoU " << worst_iou << "), hull " << hull_seconds
                  << " s (" << grid.nx << " x " << grid.ny << " x " << grid.nz << ", "
                  << grid.voxel_mm << " mm), stereo about " << stereo_seconds << " s more (cavity "
                  << distance_at(grid, cavity) << " -> " << distance_at(carved, cavity) << " mm)");
}
