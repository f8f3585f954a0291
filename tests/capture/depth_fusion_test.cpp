// Depth-map fusion without masks, on ray-cast photos of known shapes standing on a board, with
// the true cameras and sparse points sampled from the true surfaces (as structure from motion
// would give them): the mesh lies on the surface, covers what the photos see, the board is
// trimmed away, and a bowl stays hollow.
#include "capture/depth_fusion.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

#include <catch2/catch.hpp>

#include "capture/mesh.h"
#include "capture/texture.h"
#include "exhibit/error.h"
#include "tests/capture/synthetic_scene.h"
#include "tests/support/test_support.h"

namespace capture = heritage::capture;
using heritage::test::Scene;
using heritage::test::Shape;

namespace {

// Two rings around the object, as a hand-held capture walks round it twice.
capture::CameraSet handheld_cameras() {
    return heritage::test::ring_cameras(10, {25.0, 55.0}, 450.0, 40.0, 320, 240, 340.0);
}

// How many cameras see a point with this outward normal within 60 degrees of it (the object
// being convex there, nothing else hides it).
int cameras_facing(const capture::CameraSet& cameras, const cv::Vec3d& point,
                   const cv::Vec3d& normal) {
    int facing = 0;
    for (const capture::CameraView& view : cameras.views)
        facing += cv::normalize(view.cam_from_world.center_mm() - point).dot(normal) > 0.5 ? 1 : 0;
    return facing;
}

cv::Vec3d object_centre(const Scene& scene) {
    return {0.0, 0.0, scene.outer_radius_mm};
}

// Distance from a point to the true surface of the scene's object.
double distance_to_object(const Scene& scene, const cv::Vec3d& p) {
    const cv::Vec3d q = p - object_centre(scene);
    const double r = cv::norm(q);
    if (scene.shape == Shape::sphere)
        return std::abs(r - scene.outer_radius_mm);
    // The bowl: the lower halves of two spheres and the annulus of the rim between them.
    const double outer = scene.outer_radius_mm, inner = scene.inner_radius_mm;
    const double across = std::hypot(q[0], q[1]);
    const double radial = std::max({0.0, inner - across, across - outer});
    const double to_rim = std::hypot(q[2], radial);
    if (q[2] > 0.0)
        return to_rim;
    return std::min({to_rim, std::abs(r - outer), std::abs(r - inner)});
}

// Points on the object's surface on a regular grid of directions, as sparse points; the bowl's
// inside and rim too.
std::vector<cv::Vec3d> surface_samples(const Scene& scene, int rings) {
    std::vector<cv::Vec3d> points;
    const cv::Vec3d centre = object_centre(scene);
    for (int i = 0; i < rings; ++i)
        for (int j = 0; j < 2 * rings; ++j) {
            const double polar = CV_PI * (i + 0.5) / rings, azimuth = CV_PI * j / rings;
            const cv::Vec3d d(std::sin(polar) * std::cos(azimuth),
                              std::sin(polar) * std::sin(azimuth), std::cos(polar));
            if (scene.shape == Shape::sphere) {
                points.push_back(centre + scene.outer_radius_mm * d);
            } else if (d[2] < 0.0) {
                points.push_back(centre + scene.outer_radius_mm * d);
                points.push_back(centre + scene.inner_radius_mm * d);
            }
        }
    return points;
}

// Points on the board around the object, as structure from motion finds them too.
std::vector<cv::Vec3d> board_samples(const Scene& scene) {
    std::vector<cv::Vec3d> points;
    const double half_x = 0.5 * scene.rig.squares_x * scene.rig.square_mm,
                 half_y = 0.5 * scene.rig.squares_y * scene.rig.square_mm;
    for (double x = -half_x; x <= half_x; x += 15.0)
        for (double y = -half_y; y <= half_y; y += 15.0)
            if (std::hypot(x, y) > scene.outer_radius_mm + 5.0)
                points.push_back({x, y, 0.0});
    return points;
}

// Nearest-vertex look-up on a hash of cubes.
class VertexIndex {
  public:
    VertexIndex(const capture::Mesh& mesh, double cell_mm) : cell_(cell_mm) {
        for (const cv::Vec3f& p : mesh.positions_mm)
            cells_[key(cv::Vec3d(p))].push_back(cv::Vec3d(p));
    }

    double nearest(const cv::Vec3d& p) const {
        double best = std::numeric_limits<double>::infinity();
        const auto [kx, ky, kz] = key(p);
        for (int dz = -1; dz <= 1; ++dz)
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    const auto found = cells_.find({kx + dx, ky + dy, kz + dz});
                    if (found == cells_.end())
                        continue;
                    for (const cv::Vec3d& q : found->second)
                        best = std::min(best, cv::norm(q - p));
                }
        return best;
    }

  private:
    using Key = std::tuple<int, int, int>;
    Key key(const cv::Vec3d& p) const {
        return {int(std::floor(p[0] / cell_)), int(std::floor(p[1] / cell_)),
                int(std::floor(p[2] / cell_))};
    }

    double cell_;
    std::map<Key, std::vector<cv::Vec3d>> cells_;
};

// A photographed scene with its cameras and sparse points, as structure from motion gives them.
struct Capture {
    capture::CameraSet cameras;
    std::vector<cv::Vec3d> sparse_points;
};

Capture photograph(const Scene& scene, const std::string& name,
                   capture::CameraSet cameras = handheld_cameras()) {
    Capture result;
    result.cameras = std::move(cameras);
    heritage::test::render_photo_set(scene, result.cameras, heritage::test::make_temp_dir(name));
    result.sparse_points = surface_samples(scene, 24);
    const std::vector<cv::Vec3d> board = board_samples(scene);
    result.sparse_points.insert(result.sparse_points.end(), board.begin(), board.end());
    return result;
}

struct Fused {
    capture::ObjectRegion region;
    capture::VolumeGrid grid;
    capture::Mesh mesh;
    double seconds = 0.0;
};

Fused fuse(const Capture& photos, capture::FusionOptions options = {}) {
    Fused fused;
    const auto start = std::chrono::steady_clock::now();
    fused.region = capture::estimate_sparse_region(photos.cameras, photos.sparse_points);
    options.max_voxels_per_side = std::min(options.max_voxels_per_side, 128);
    fused.grid =
        capture::fuse_depth_maps(photos.cameras, photos.sparse_points, fused.region, options);
    fused.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    capture::MeshOptions mesh_options;
    mesh_options.max_simplify_error = 0.0;
    fused.mesh = capture::extract_mesh(fused.grid, mesh_options);
    return fused;
}

struct Accuracy {
    double mean_mm = 0.0;
    double far_share = 0.0;  // vertices further than `far_mm` from the surface
};

Accuracy accuracy_of(const Scene& scene, const capture::Mesh& mesh, double far_mm) {
    Accuracy accuracy;
    for (const cv::Vec3f& p : mesh.positions_mm) {
        const double d = distance_to_object(scene, cv::Vec3d(p));
        accuracy.mean_mm += d;
        accuracy.far_share += d > far_mm ? 1.0 : 0.0;
    }
    accuracy.mean_mm /= double(mesh.positions_mm.size());
    accuracy.far_share /= double(mesh.positions_mm.size());
    return accuracy;
}

double lowest_z(const capture::Mesh& mesh) {
    double lowest = std::numeric_limits<double>::infinity();
    for (const cv::Vec3f& p : mesh.positions_mm)
        lowest = std::min(lowest, double(p[2]));
    return lowest;
}

}  // namespace

TEST_CASE("fusion: a sphere on a board comes out on the sphere, the board trimmed away",
          "[fusion]") {
    Scene scene;
    scene.shape = Shape::sphere;  // radius 50, resting on the board at the origin
    const Capture photos = photograph(scene, "fusion_sphere");
    const Fused fused = fuse(photos);
    INFO("region " << fused.region.min_mm << " to " << fused.region.max_mm << "; grid "
                   << fused.grid.nx << " x " << fused.grid.ny << " x " << fused.grid.nz << " of "
                   << fused.grid.voxel_mm << " mm; " << fused.seconds << " s; "
                   << fused.mesh.positions_mm.size() << " vertices");
    REQUIRE(fused.mesh.positions_mm.size() > 1000);
    // Accurate: within 1% of the object's size on average, hardly anything off the sphere.
    const Accuracy accuracy = accuracy_of(scene, fused.mesh, 3.0);
    INFO("mean distance " << accuracy.mean_mm << " mm, " << 100.0 * accuracy.far_share
                          << "% further than 3 mm");
    CHECK(accuracy.mean_mm < 1.0);
    CHECK(accuracy.far_share < 0.01);
    // The board and the table are gone: nothing below the sphere's foot.
    CHECK(lowest_z(fused.mesh) > -1.0);
    // Complete where at least three photos face the surface.
    const VertexIndex index(fused.mesh, 3.0);
    std::size_t visible = 0, covered = 0;
    for (const cv::Vec3d& p : surface_samples(scene, 40)) {
        if (cameras_facing(photos.cameras, p, cv::normalize(p - object_centre(scene))) < 3)
            continue;
        ++visible;
        covered += index.nearest(p) < 2.0 ? 1 : 0;
    }
    INFO("covered " << covered << " of " << visible);
    CHECK(double(covered) > 0.95 * double(visible));
    // The grid's distances serve the texture stage as they are.
    capture::TextureOptions texture;
    texture.max_atlas_side_px = 1024;
    const capture::Mesh textured = capture::texture_mesh(fused.mesh, photos.cameras, texture);
    CHECK(textured.triangle_count() == fused.mesh.triangle_count());
    CHECK(!textured.atlas.empty());

    // Left untrimmed, the board around the sphere is part of the model (coarsely, for speed).
    capture::FusionOptions untrimmed_options;
    untrimmed_options.trim_ground = false;
    untrimmed_options.depth_max_side_px = 160.0;
    untrimmed_options.max_voxels_per_side = 64;
    const Fused untrimmed = fuse(photos, untrimmed_options);
    std::size_t on_board = 0;
    for (const cv::Vec3f& p : untrimmed.mesh.positions_mm)
        on_board += std::abs(p[2]) < 2.0 && std::hypot(p[0], p[1]) > 60.0 ? 1 : 0;
    INFO(on_board << " of " << untrimmed.mesh.positions_mm.size() << " vertices on the board");
    CHECK(on_board > 300);
}

TEST_CASE("fusion: a bowl keeps its hollow and its inner bottom", "[fusion]") {
    Scene scene;
    scene.shape = Shape::bowl;  // outer radius 50, inner 42, rim at z = 50
    const Fused fused = fuse(photograph(scene, "fusion_bowl"));
    INFO("region " << fused.region.min_mm << " to " << fused.region.max_mm << "; grid "
                   << fused.grid.nx << " x " << fused.grid.ny << " x " << fused.grid.nz << " of "
                   << fused.grid.voxel_mm << " mm; " << fused.seconds << " s; "
                   << fused.mesh.positions_mm.size() << " vertices");
    REQUIRE(fused.mesh.positions_mm.size() > 1000);
    const Accuracy accuracy = accuracy_of(scene, fused.mesh, 3.0);
    INFO("mean distance " << accuracy.mean_mm << " mm, " << 100.0 * accuracy.far_share
                          << "% further than 3 mm");
    CHECK(accuracy.mean_mm < 1.0);
    CHECK(accuracy.far_share < 0.01);
    CHECK(lowest_z(fused.mesh) > -1.0);
    // The inner bottom (z = 8) is there, and nothing fills the hollow above it.
    const cv::Vec3d centre = object_centre(scene);
    const VertexIndex index(fused.mesh, 3.0);
    CHECK(index.nearest(centre - cv::Vec3d(0.0, 0.0, scene.inner_radius_mm)) < 2.0);
    std::size_t in_hollow = 0;
    for (const cv::Vec3f& p : fused.mesh.positions_mm) {
        const cv::Vec3d q = cv::Vec3d(p) - centre;
        in_hollow += cv::norm(q) < scene.inner_radius_mm - 5.0 && q[2] < -5.0 ? 1 : 0;
    }
    CHECK(in_hollow == 0);
    // The inner wall where the upper ring sees it is covered.
    std::size_t visible = 0, covered = 0;
    for (int i = 0; i < 40; ++i) {
        const double polar = CV_PI * (0.5 + 0.3 * i / 40.0);  // 0 to 54 degrees from the bottom
        for (int j = 0; j < 24; ++j) {
            const double azimuth = 2.0 * CV_PI * j / 24.0;
            const cv::Vec3d p =
                centre + scene.inner_radius_mm * cv::Vec3d(std::cos(polar) * std::cos(azimuth),
                                                           std::cos(polar) * std::sin(azimuth),
                                                           -std::sin(polar));
            ++visible;
            covered += index.nearest(p) < 2.0 ? 1 : 0;
        }
    }
    INFO("inner wall covered " << covered << " of " << visible);
    CHECK(double(covered) > 0.8 * double(visible));
}

TEST_CASE("fusion: the sparse region is the object, not the far background", "[fusion]") {
    Scene scene;
    scene.shape = Shape::sphere;
    const capture::CameraSet cameras = handheld_cameras();
    std::vector<cv::Vec3d> sparse = surface_samples(scene, 24);
    const std::vector<cv::Vec3d> board = board_samples(scene);
    sparse.insert(sparse.end(), board.begin(), board.end());
    // A wall of buildings two metres away all round, and clutter on the table a metre out.
    for (int i = 0; i < 2000; ++i) {
        const double azimuth = 2.0 * CV_PI * i / 2000.0;
        sparse.push_back(
            {2000.0 * std::cos(azimuth), 2000.0 * std::sin(azimuth), double((i * 37) % 1500)});
        sparse.push_back(
            {1000.0 * std::cos(azimuth), 1000.0 * std::sin(azimuth), double((i * 13) % 100)});
    }
    const capture::ObjectRegion region = capture::estimate_sparse_region(cameras, sparse);
    INFO("region " << region.min_mm << " to " << region.max_mm);
    // It holds the sphere ...
    for (int i = 0; i < 3; ++i) {
        CHECK(region.min_mm[i] <= (i == 2 ? 0.0 : -50.0));
        CHECK(region.max_mm[i] >= (i == 2 ? 100.0 : 50.0));
    }
    // ... and not much else: the board it stands on (300 x 240 mm) is in every photo too.
    for (int i = 0; i < 3; ++i)
        CHECK(region.max_mm[i] - region.min_mm[i] < 400.0);

    // With no sparse points: where the cameras look.
    const capture::ObjectRegion looked = capture::estimate_sparse_region(cameras, {});
    const capture::ObjectRegion expected = capture::estimate_object_region(cameras, std::nullopt);
    CHECK(looked.min_mm == expected.min_mm);
    CHECK(looked.max_mm == expected.max_mm);
}

TEST_CASE("fusion: unobserved voxels leave the surface open", "[fusion]") {
    // A sphere's distances, with its upper half never observed: the mesh is the lower half
    // only, with no cap across the cut.
    capture::VolumeGrid grid;
    grid.nx = grid.ny = grid.nz = 40;
    grid.voxel_mm = 1.0;
    grid.origin_mm = {-19.5, -19.5, -19.5};
    grid.distance_mm.resize(40 * 40 * 40);
    for (int z = 0; z < 40; ++z)
        for (int y = 0; y < 40; ++y)
            for (int x = 0; x < 40; ++x) {
                const cv::Vec3d p = grid.origin_mm + cv::Vec3d(x, y, z);
                grid.distance_mm[std::size_t(x + 40 * (y + 40 * z))] =
                    p[2] > 0.0 ? std::numeric_limits<float>::quiet_NaN()
                               : float(cv::norm(p) - 12.0);
            }
    capture::MeshOptions options;
    options.max_simplify_error = 0.0;
    const capture::Mesh mesh = capture::extract_mesh(grid, options);
    REQUIRE(mesh.positions_mm.size() > 100);
    double worst = 0.0, highest = -1e9;
    for (const cv::Vec3f& p : mesh.positions_mm) {
        worst = std::max(worst, std::abs(cv::norm(cv::Vec3d(p)) - 12.0));
        highest = std::max(highest, double(p[2]));
    }
    CHECK(worst < 0.2);  // every vertex on the sphere: no cap inside it
    CHECK(highest < 0.5);
    for (const cv::Vec3f& n : mesh.normals)
        REQUIRE(std::isfinite(n[0] + n[1] + n[2]));
}

TEST_CASE("fusion: options out of range are named", "[fusion]") {
    capture::FusionOptions options;
    CHECK_NOTHROW(capture::check(options));
    options.max_voxels_per_side = 4;
    CHECK_THROWS_WITH(capture::check(options), "fusion: max_voxels_per_side must be in [8, 512]");
    options = {};
    options.depth_max_side_px = 10.0;
    CHECK_THROWS_WITH(capture::check(options), "fusion: depth_max_side_px must be at least 64");
    options = {};
    options.neighbours = 0;
    CHECK_THROWS_WITH(capture::check(options), "fusion: neighbours must be in [1, 16]");
    options = {};
    options.min_consistent_views = -1;
    CHECK_THROWS_WITH(capture::check(options), "fusion: min_consistent_views must be at least 0");
    options = {};
    options.truncation_voxels = 0.5;
    CHECK_THROWS_WITH(capture::check(options), "fusion: truncation_voxels must be at least 1");
}

TEST_CASE("fusion: photos it cannot use are named", "[fusion]") {
    capture::CameraSet cameras = handheld_cameras();
    const capture::ObjectRegion region{{-50.0, -50.0, 0.0}, {50.0, 50.0, 100.0}};
    CHECK_THROWS_WITH(capture::fuse_depth_maps(cameras, {}, capture::ObjectRegion{}),
                      "fusion: the object region is empty; check the sparse points and the "
                      "cameras");

    for (capture::CameraView& view : cameras.views)
        view.image_file = "/nonexistent/photo.png";
    CHECK_THROWS_WITH(capture::fuse_depth_maps(cameras, {}, region),
                      "fusion: 0 of 20 photos could be read; depth maps need at least 2 "
                      "photos from different viewpoints");

    // Blank photos: nothing to match.
    cameras = heritage::test::ring_cameras(4, {30.0}, 450.0, 40.0, 80, 60, 85.0);
    const auto folder = heritage::test::make_temp_dir("fusion_blank");
    const cv::Mat grey(60, 80, CV_8UC3, cv::Scalar(128, 128, 128));
    for (std::size_t i = 0; i < cameras.views.size(); ++i) {
        cameras.views[i].image_file = folder / ("blank_" + std::to_string(i) + ".png");
        cv::imwrite(cameras.views[i].image_file.string(), grey);
    }
    CHECK_THROWS_WITH(capture::fuse_depth_maps(cameras, {}, region),
                      "fusion: no depth in the object region was confirmed by 2 other views; "
                      "check the cameras (structure from motion) and that neighbouring photos "
                      "overlap");
}
