// The texture atlas on a sphere photographed by synthetic cameras: each photo is ray-cast with a
// known colour on the surface, so the atlas, read at each vertex's UV, must give that colour back;
// a photo with another exposure must be balanced.
#include "capture/texture.h"

#include "capture/glb_export.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <limits>
#include <map>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "exhibit/error.h"
#include "tests/support/test_support.h"

namespace heritage::capture {
namespace {

const cv::Vec3d centre{0.0, 0.0, 40.0};
constexpr double radius = 40.0;

// The surface's true colour (BGR, 0..255), smooth enough that a pixel's size does not matter.
cv::Vec3d true_colour(const cv::Vec3d& p) {
    return {128 + 80 * std::sin(p[0] * 0.07), 128 + 80 * std::sin(p[1] * 0.06 + 1.0),
            128 + 80 * std::cos((p[2] - centre[2]) * 0.08)};
}

CameraView look_at(const cv::Vec3d& eye, const cv::Vec3d& target, cv::Size size, double focal) {
    const cv::Vec3d forward = cv::normalize(target - eye);
    const cv::Vec3d right = cv::normalize(forward.cross(cv::Vec3d(0, 0, 1)));
    const cv::Vec3d down = forward.cross(right);
    CameraView view;
    view.intrinsics.width_px = size.width;
    view.intrinsics.height_px = size.height;
    view.intrinsics.fx = view.intrinsics.fy = focal;
    view.intrinsics.cx = (size.width - 1) / 2.0;
    view.intrinsics.cy = (size.height - 1) / 2.0;
    const cv::Matx33d rotation(right[0], right[1], right[2], down[0], down[1], down[2], forward[0],
                               forward[1], forward[2]);
    view.cam_from_world.rotation = rotation;
    view.cam_from_world.translation_mm = -(rotation * eye);
    return view;
}

// A second, plain-coloured sphere that hides part of the first from some views.
struct Occluder {
    cv::Vec3d centre;
    double radius = 0;  // 0: none
    cv::Vec3d colour;
};

// Distance along a unit ray to a sphere, or infinity.
double hit_distance(const cv::Vec3d& eye, const cv::Vec3d& ray, const cv::Vec3d& sphere_centre,
                    double sphere_radius) {
    const cv::Vec3d to_eye = eye - sphere_centre;
    const double b = ray.dot(to_eye);
    const double discriminant = b * b - (to_eye.dot(to_eye) - sphere_radius * sphere_radius);
    if (sphere_radius <= 0 || discriminant < 0)
        return std::numeric_limits<double>::infinity();
    return -b - std::sqrt(discriminant);
}

// The sphere as the camera sees it, black around it, each channel times `exposure`.
cv::Mat ray_cast_sphere(const CameraView& view, const cv::Vec3d& eye, const cv::Vec3d& exposure,
                        const Occluder& occluder) {
    const CameraIntrinsics& k = view.intrinsics;
    cv::Mat image(k.height_px, k.width_px, CV_8UC3, cv::Scalar(0, 0, 0));
    const cv::Matx33d world_from_cam = view.cam_from_world.rotation.t();
    cv::parallel_for_(cv::Range(0, k.height_px), [&](const cv::Range& rows) {
        for (int y = rows.start; y < rows.end; ++y)
            for (int x = 0; x < k.width_px; ++x) {
                const cv::Vec3d ray = cv::normalize(
                    world_from_cam * cv::Vec3d((x - k.cx) / k.fx, (y - k.cy) / k.fy, 1));
                const double sphere_hit = hit_distance(eye, ray, centre, radius);
                const double occluder_hit =
                    hit_distance(eye, ray, occluder.centre, occluder.radius);
                if (std::isinf(sphere_hit) && std::isinf(occluder_hit))
                    continue;
                const cv::Vec3d colour =
                    (occluder_hit < sphere_hit ? occluder.colour
                                               : true_colour(eye + ray * sphere_hit))
                        .mul(exposure);
                image.at<cv::Vec3b>(y, x) = cv::Vec3b(cv::saturate_cast<uchar>(colour[0]),
                                                      cv::saturate_cast<uchar>(colour[1]),
                                                      cv::saturate_cast<uchar>(colour[2]));
            }
    });
    return image;
}

// Sixteen views around the sphere, above and below; `dark_view` is photographed with `exposure`.
CameraSet photograph_sphere(const std::filesystem::path& folder, int dark_view,
                            const cv::Vec3d& exposure, int views_per_ring = 8,
                            cv::Size size = {320, 240}, double focal = 320.0,
                            double distance = 220.0, const Occluder& occluder = {}) {
    CameraSet cameras;
    cameras.method = "known-cameras";
    for (int i = 0; i < 2 * views_per_ring; ++i) {
        const int ring = i / views_per_ring;
        const double azimuth = 2 * CV_PI * (i % views_per_ring + 0.5 * ring) / views_per_ring;
        const double elevation = (ring == 0 ? 35.0 : -30.0) * CV_PI / 180;
        const cv::Vec3d eye = centre + distance * cv::Vec3d(std::cos(azimuth) * std::cos(elevation),
                                                            std::sin(azimuth) * std::cos(elevation),
                                                            std::sin(elevation));
        CameraView view = look_at(eye, centre, size, focal);
        view.image_file = folder / ("view" + std::to_string(i) + ".png");
        const cv::Vec3d gain = i == dark_view ? exposure : cv::Vec3d(1, 1, 1);
        cv::imwrite(view.image_file.string(), ray_cast_sphere(view, eye, gain, occluder));
        cameras.views.push_back(view);
    }
    return cameras;
}

// An ico-sphere, subdivided: vertices exactly on the sphere, CCW from outside.
Mesh sphere_mesh(int subdivisions) {
    Mesh mesh;
    const double t = (1.0 + std::sqrt(5.0)) / 2.0;
    std::vector<cv::Vec3d> points = {{-1, t, 0}, {1, t, 0}, {-1, -t, 0}, {1, -t, 0},
                                     {0, -1, t}, {0, 1, t}, {0, -1, -t}, {0, 1, -t},
                                     {t, 0, -1}, {t, 0, 1}, {-t, 0, -1}, {-t, 0, 1}};
    std::vector<cv::Vec3i> faces = {{0, 11, 5}, {0, 5, 1},  {0, 1, 7},   {0, 7, 10}, {0, 10, 11},
                                    {1, 5, 9},  {5, 11, 4}, {11, 10, 2}, {10, 7, 6}, {7, 1, 8},
                                    {3, 9, 4},  {3, 4, 2},  {3, 2, 6},   {3, 6, 8},  {3, 8, 9},
                                    {4, 9, 5},  {2, 4, 11}, {6, 2, 10},  {8, 6, 7},  {9, 8, 1}};
    for (auto& p : points)
        p = cv::normalize(p);
    for (int s = 0; s < subdivisions; ++s) {
        std::map<std::pair<int, int>, int> middle;
        auto midpoint = [&](int a, int b) {
            const auto key = std::minmax(a, b);
            const auto found = middle.find(key);
            if (found != middle.end())
                return found->second;
            points.push_back(cv::normalize(points[a] + points[b]));
            return middle[key] = static_cast<int>(points.size()) - 1;
        };
        std::vector<cv::Vec3i> finer;
        for (const cv::Vec3i& f : faces) {
            const int ab = midpoint(f[0], f[1]), bc = midpoint(f[1], f[2]),
                      ca = midpoint(f[2], f[0]);
            for (const cv::Vec3i& child : {cv::Vec3i(f[0], ab, ca), cv::Vec3i(f[1], bc, ab),
                                           cv::Vec3i(f[2], ca, bc), cv::Vec3i(ab, bc, ca)})
                finer.push_back(child);
        }
        faces = std::move(finer);
    }
    for (const cv::Vec3d& p : points) {
        mesh.positions_mm.push_back(cv::Vec3f(centre + p * radius));
        mesh.normals.push_back(cv::Vec3f(p));
    }
    for (const cv::Vec3i& f : faces)
        for (int k = 0; k < 3; ++k)
            mesh.indices.push_back(static_cast<std::uint32_t>(f[k]));
    return mesh;
}

cv::Vec3d atlas_colour_at(const Mesh& mesh, std::size_t vertex) {
    const cv::Vec2f uv = mesh.uvs[vertex];
    cv::Mat patch;
    cv::getRectSubPix(mesh.atlas, {1, 1},
                      cv::Point2f(uv[0] * mesh.atlas.cols - 0.5f, uv[1] * mesh.atlas.rows - 0.5f),
                      patch);
    return cv::Vec3d(patch.at<cv::Vec3b>(0, 0));
}

struct ColourErrors {
    double mean = 0;  // mean absolute error per channel, in levels
    double p95 = 0;   // 95th percentile of the per-vertex worst channel
};

ColourErrors colour_errors(const Mesh& mesh) {
    std::vector<double> worst;
    double sum = 0;
    for (std::size_t v = 0; v < mesh.positions_mm.size(); ++v) {
        const cv::Vec3d difference =
            atlas_colour_at(mesh, v) - true_colour(cv::Vec3d(mesh.positions_mm[v]));
        sum += (std::abs(difference[0]) + std::abs(difference[1]) + std::abs(difference[2])) / 3;
        worst.push_back(
            std::max({std::abs(difference[0]), std::abs(difference[1]), std::abs(difference[2])}));
    }
    std::sort(worst.begin(), worst.end());
    return {sum / static_cast<double>(worst.size()), worst[worst.size() * 95 / 100]};
}

// Every face's three corners come from one chart: the UV triangle is not degenerate and lies
// inside the atlas.
void check_uvs_valid(const Mesh& textured) {
    REQUIRE(textured.uvs.size() == textured.positions_mm.size());
    for (const cv::Vec2f& uv : textured.uvs) {
        REQUIRE(uv[0] > 0);
        REQUIRE(uv[0] < 1);
        REQUIRE(uv[1] > 0);
        REQUIRE(uv[1] < 1);
    }
}

}  // namespace

TEST_CASE("texture_mesh: the atlas gives back the surface's colours", "[texture]") {
    const auto folder = test::make_temp_dir("texture_sphere");
    const CameraSet cameras = photograph_sphere(folder, -1, {1, 1, 1});
    const Mesh mesh = sphere_mesh(4);  // 5120 triangles
    const Mesh textured = texture_mesh(mesh, cameras);

    CHECK(textured.triangle_count() == mesh.triangle_count());
    CHECK(textured.positions_mm.size() >= mesh.positions_mm.size());  // split along seams
    REQUIRE(textured.atlas.type() == CV_8UC3);
    CHECK(textured.atlas.cols <= 8192);
    check_uvs_valid(textured);
    // Triangles keep their corners' positions and orientation.
    for (std::size_t i = 0; i < mesh.indices.size(); ++i)
        REQUIRE(textured.positions_mm[textured.indices[i]] == mesh.positions_mm[mesh.indices[i]]);

    const ColourErrors errors = colour_errors(textured);
    INFO("mean " << errors.mean << ", 95th percentile " << errors.p95);
    CHECK(errors.mean < 1.0);
    CHECK(errors.p95 < 3.0);
}

TEST_CASE("texture_mesh: a photo with another exposure is balanced", "[texture]") {
    const auto folder = test::make_temp_dir("texture_exposure");
    const CameraSet cameras = photograph_sphere(folder, 2, {0.6, 0.75, 0.85});
    const Mesh mesh = sphere_mesh(4);

    TextureOptions unbalanced;
    unbalanced.balance_colours = false;
    unbalanced.seam_blend_px = 0;
    const ColourErrors before = colour_errors(texture_mesh(mesh, cameras, unbalanced));
    const ColourErrors after = colour_errors(texture_mesh(mesh, cameras));
    INFO("without balancing: mean " << before.mean << ", p95 " << before.p95 << "; with: mean "
                                    << after.mean << ", p95 " << after.p95);
    CHECK(before.p95 > 15.0);  // the dark photo's chart is visibly off
    CHECK(after.mean < 1.0);
    CHECK(after.p95 < 3.0);
}

TEST_CASE("texture_mesh: colours blended from several views carry less of the photos' noise",
          "[texture]") {
    const auto folder = test::make_temp_dir("texture_noise");
    const CameraSet cameras = photograph_sphere(folder, -1, {1, 1, 1});
    cv::RNG random(9);
    for (const CameraView& view : cameras.views) {
        cv::Mat image = cv::imread(view.image_file.string()), noise(image.size(), CV_32FC3), noisy;
        random.fill(noise, cv::RNG::NORMAL, 0.0, 8.0);
        image.convertTo(noisy, CV_32FC3);
        noisy += noise;
        noisy.convertTo(image, CV_8UC3);
        cv::imwrite(view.image_file.string(), image);
    }
    const Mesh mesh = sphere_mesh(4);
    TextureOptions one_view;
    one_view.blend_views = 1;
    const ColourErrors single = colour_errors(texture_mesh(mesh, cameras, one_view));
    const ColourErrors blended = colour_errors(texture_mesh(mesh, cameras));
    INFO("one view: mean " << single.mean << ", p95 " << single.p95 << "; blended: mean "
                           << blended.mean << ", p95 " << blended.p95);
    CHECK(blended.mean < 0.8 * single.mean);
    CHECK(blended.p95 < single.p95);
}

TEST_CASE("texture_mesh: a surface hidden from a view does not take that view's colours",
          "[texture]") {
    // A green ball between the sphere and the first camera, as part of the mesh.
    const auto folder = test::make_temp_dir("texture_occluded");
    Occluder occluder;
    occluder.centre = centre + cv::Vec3d(70, 0, 40);  // towards view 0 (azimuth 0, elevation 35)
    occluder.radius = 14;
    occluder.colour = {40, 220, 60};
    const CameraSet cameras =
        photograph_sphere(folder, -1, {1, 1, 1}, 8, {320, 240}, 320.0, 220.0, occluder);
    Mesh mesh = sphere_mesh(4);
    const std::size_t sphere_vertices = mesh.positions_mm.size();
    const Mesh ball = sphere_mesh(2);
    for (const cv::Vec3f& p : ball.positions_mm) {
        const cv::Vec3d unit = (cv::Vec3d(p) - centre) / radius;
        mesh.positions_mm.push_back(cv::Vec3f(occluder.centre + unit * occluder.radius));
        mesh.normals.push_back(cv::Vec3f(unit));
    }
    for (std::uint32_t index : ball.indices)
        mesh.indices.push_back(index + static_cast<std::uint32_t>(sphere_vertices));
    const Mesh textured = texture_mesh(mesh, cameras);

    // The sphere's vertices, including those behind the ball from view 0, keep their colours.
    std::vector<double> worst;
    double ball_error = 0;
    std::size_t ball_vertices = 0;
    for (std::size_t v = 0; v < textured.positions_mm.size(); ++v) {
        const cv::Vec3d p(textured.positions_mm[v]);
        const cv::Vec3d colour = atlas_colour_at(textured, v);
        if (std::abs(cv::norm(p - centre) - radius) > 0.01) {
            ball_error += cv::norm(colour - occluder.colour, cv::NORM_INF);  // the ball itself
            ++ball_vertices;
            continue;
        }
        const cv::Vec3d difference = colour - true_colour(p);
        worst.push_back(cv::norm(difference, cv::NORM_INF));
    }
    std::sort(worst.begin(), worst.end());
    INFO("worst " << worst.back());
    CHECK(worst[worst.size() * 995 / 1000] < 4.0);
    REQUIRE(ball_vertices > 0);
    CHECK(ball_error / static_cast<double>(ball_vertices) < 5.0);
}

TEST_CASE("simplify_mesh: a textured mesh keeps its charts' seams", "[texture]") {
    const auto folder = test::make_temp_dir("texture_simplified");
    const CameraSet cameras = photograph_sphere(folder, -1, {1, 1, 1});
    const Mesh textured = texture_mesh(sphere_mesh(4), cameras);
    const Mesh light = simplify_mesh(textured, textured.triangle_count() / 4, 0.05);
    CHECK(light.triangle_count() <= textured.triangle_count() / 4);
    CHECK(light.triangle_count() > textured.triangle_count() / 8);
    REQUIRE(light.uvs.size() == light.positions_mm.size());
    CHECK(light.atlas.data == textured.atlas.data);
    // Each triangle's UVs still lie in one chart: its centre's colour is the surface's there.
    double sum = 0;
    for (std::size_t f = 0; f < light.triangle_count(); ++f) {
        cv::Vec3d p(0, 0, 0);
        cv::Vec2f uv(0, 0);
        for (int k = 0; k < 3; ++k) {
            p += cv::Vec3d(light.positions_mm[light.indices[3 * f + k]]) / 3.0;
            uv += light.uvs[light.indices[3 * f + k]] / 3.0f;
        }
        cv::Mat patch;
        cv::getRectSubPix(
            light.atlas, {1, 1},
            cv::Point2f(uv[0] * light.atlas.cols - 0.5f, uv[1] * light.atlas.rows - 0.5f), patch);
        const cv::Vec3d on_sphere = centre + cv::normalize(p - centre) * radius;
        sum +=
            cv::norm(cv::Vec3d(patch.at<cv::Vec3b>(0, 0)) - true_colour(on_sphere), cv::NORM_INF);
    }
    CHECK(sum / static_cast<double>(light.triangle_count()) < 4.0);
}

TEST_CASE("texture_mesh: a small atlas limit scales the charts down", "[texture]") {
    const auto folder = test::make_temp_dir("texture_small_atlas");
    const CameraSet cameras = photograph_sphere(folder, -1, {1, 1, 1});
    TextureOptions options;
    options.max_atlas_side_px = 128;
    const Mesh textured = texture_mesh(sphere_mesh(3), cameras, options);
    CHECK(std::max(textured.atlas.cols, textured.atlas.rows) <= 128);
    check_uvs_valid(textured);
    CHECK(colour_errors(textured).mean < 8.0);
}

TEST_CASE("texture_mesh: a missing photo is named", "[texture]") {
    const auto folder = test::make_temp_dir("texture_missing");
    CameraSet cameras = photograph_sphere(folder, -1, {1, 1, 1});
    std::filesystem::remove(cameras.views[0].image_file);
    CHECK_THROWS_WITH(texture_mesh(sphere_mesh(2), cameras),
                      "texture: cannot read the image " + cameras.views[0].image_file.string() +
                          "; check that the undistorted photos are still in the capture folder");
    CHECK_THROWS_WITH(texture_mesh(sphere_mesh(2), CameraSet{}),
                      "texture: there are no camera views to take colours from; check the poses "
                      "stage's output");
}

}  // namespace heritage::capture

namespace heritage::capture {

// The model stages at full size, timed: a 256-voxel sphere, 36 photos of 2000 x 1500.
TEST_CASE("model stages: timings at full size", "[model][.bench]") {
    using Clock = std::chrono::steady_clock;
    auto seconds_since = [](Clock::time_point start) {
        return std::chrono::duration<double>(Clock::now() - start).count();
    };
    VolumeGrid volume;
    volume.nx = volume.ny = volume.nz = 256;
    volume.voxel_mm = 90.0 / 255;
    volume.origin_mm = centre - cv::Vec3d(45, 45, 45);
    volume.distance_mm.resize(256u * 256u * 256u);
    for (int z = 0; z < 256; ++z)
        for (int y = 0; y < 256; ++y)
            for (int x = 0; x < 256; ++x)
                volume.distance_mm[x + 256 * (y + 256 * z)] = static_cast<float>(
                    cv::norm(volume.origin_mm + cv::Vec3d(x, y, z) * volume.voxel_mm - centre) -
                    radius);
    auto start = Clock::now();
    const Mesh mesh = extract_mesh(volume);
    const double mesh_s = seconds_since(start);

    const auto folder = test::make_temp_dir("texture_bench");
    start = Clock::now();
    const CameraSet cameras =
        photograph_sphere(folder, 5, {0.8, 0.85, 0.9}, 18, {2000, 1500}, 2400.0, 180.0);
    const double photos_s = seconds_since(start);
    start = Clock::now();
    const Mesh textured = texture_mesh(mesh, cameras);
    const double texture_s = seconds_since(start);
    start = Clock::now();
    const std::string glb = export_glb(textured);
    const double glb_s = seconds_since(start);
    write_glb(folder / "sphere.glb", textured);  // for the glTF validator
    const ColourErrors errors = colour_errors(textured);
    WARN("extract_mesh " << mesh_s << " s (" << mesh.triangle_count() << " triangles); photos "
                         << photos_s << " s; texture_mesh " << texture_s << " s (atlas "
                         << textured.atlas.cols << "x" << textured.atlas.rows << ", "
                         << textured.positions_mm.size() << " vertices); export_glb " << glb_s
                         << " s (" << glb.size() / 1e6 << " MB); colour error mean " << errors.mean
                         << ", p95 " << errors.p95);
    CHECK(errors.mean < 1.5);
}

}  // namespace heritage::capture
