// Surface extraction on signed distance grids of known shapes: watertight, the right genus,
// vertices on the true surface, outward normals, islands dropped, the triangle budget kept.
#include "capture/mesh.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <map>
#include <utility>

#include "exhibit/error.h"

namespace heritage::capture {
namespace {

VolumeGrid grid_of(int side, double voxel_mm, const std::function<float(cv::Vec3d)>& distance) {
    VolumeGrid volume;
    volume.nx = volume.ny = volume.nz = side;
    volume.voxel_mm = voxel_mm;
    const double half = (side - 1) * voxel_mm / 2;
    volume.origin_mm = {-half, -half, -half + 30.0};  // not centred on the world origin
    volume.distance_mm.resize(static_cast<std::size_t>(side) * side * side);
    for (int z = 0; z < side; ++z)
        for (int y = 0; y < side; ++y)
            for (int x = 0; x < side; ++x)
                volume.distance_mm[x + side * (y + side * z)] =
                    distance(volume.origin_mm + cv::Vec3d(x, y, z) * voxel_mm);
    return volume;
}

const cv::Vec3d sphere_centre{1.3, -0.7, 30.4};

float sphere_distance(const cv::Vec3d& p, double radius) {
    return static_cast<float>(cv::norm(p - sphere_centre) - radius);
}

float torus_distance(const cv::Vec3d& p, double major, double minor) {
    const cv::Vec3d q = p - sphere_centre;
    const double ring = std::hypot(q[0], q[1]) - major;
    return static_cast<float>(std::hypot(ring, q[2]) - minor);
}

struct Topology {
    bool every_edge_twice_opposite = true;  // closed and consistently oriented
    long euler_characteristic = 0;
};

Topology topology_of(const Mesh& mesh) {
    std::map<std::pair<std::uint32_t, std::uint32_t>, int> directed;
    for (std::size_t i = 0; i < mesh.indices.size(); i += 3)
        for (int k = 0; k < 3; ++k)
            ++directed[{mesh.indices[i + k], mesh.indices[i + (k + 1) % 3]}];
    Topology topology;
    for (const auto& [edge, count] : directed) {
        const auto opposite = directed.find({edge.second, edge.first});
        if (count != 1 || opposite == directed.end() || opposite->second != 1)
            topology.every_edge_twice_opposite = false;
    }
    const long edges = static_cast<long>(directed.size()) / 2;
    topology.euler_characteristic = static_cast<long>(mesh.positions_mm.size()) - edges +
                                    static_cast<long>(mesh.triangle_count());
    return topology;
}

double signed_volume(const Mesh& mesh) {
    double volume = 0;
    for (std::size_t i = 0; i < mesh.indices.size(); i += 3) {
        const cv::Vec3d a = cv::Vec3d(mesh.positions_mm[mesh.indices[i]]) - sphere_centre;
        const cv::Vec3d b = cv::Vec3d(mesh.positions_mm[mesh.indices[i + 1]]) - sphere_centre;
        const cv::Vec3d c = cv::Vec3d(mesh.positions_mm[mesh.indices[i + 2]]) - sphere_centre;
        volume += a.dot(b.cross(c)) / 6.0;
    }
    return volume;
}

MeshOptions no_decimation() {
    MeshOptions options;
    options.max_triangles = 10'000'000;
    options.max_simplify_error = 0;
    return options;
}

}  // namespace

TEST_CASE("extract_mesh: a sphere is closed, genus 0, on the true surface, normals outward",
          "[mesh]") {
    const double radius = 17.0, voxel = 1.5;
    const VolumeGrid volume =
        grid_of(32, voxel, [&](cv::Vec3d p) { return sphere_distance(p, radius); });
    const Mesh mesh = extract_mesh(volume, no_decimation());

    REQUIRE(mesh.triangle_count() > 1000);
    REQUIRE(mesh.normals.size() == mesh.positions_mm.size());
    CHECK(mesh.uvs.empty());
    CHECK(mesh.atlas.empty());
    const Topology topology = topology_of(mesh);
    CHECK(topology.every_edge_twice_opposite);
    CHECK(topology.euler_characteristic == 2);

    double worst_distance = 0, worst_normal_dot = 1;
    for (std::size_t i = 0; i < mesh.positions_mm.size(); ++i) {
        const cv::Vec3d offset = cv::Vec3d(mesh.positions_mm[i]) - sphere_centre;
        worst_distance = std::max(worst_distance, std::abs(cv::norm(offset) - radius));
        worst_normal_dot =
            std::min(worst_normal_dot, cv::Vec3d(mesh.normals[i]).dot(offset / cv::norm(offset)));
    }
    CHECK(worst_distance < 0.05 * voxel);
    CHECK(worst_normal_dot > 0.995);
    // Counter-clockwise from outside: the enclosed volume is positive and right.
    const double true_volume = 4.0 / 3.0 * CV_PI * radius * radius * radius;
    CHECK(signed_volume(mesh) == Approx(true_volume).epsilon(0.01));
}

TEST_CASE("extract_mesh: a torus has genus 1", "[mesh]") {
    const VolumeGrid volume =
        grid_of(40, 1.0, [](cv::Vec3d p) { return torus_distance(p, 12.0, 5.0); });
    const Mesh mesh = extract_mesh(volume, no_decimation());
    const Topology topology = topology_of(mesh);
    CHECK(topology.every_edge_twice_opposite);
    CHECK(topology.euler_characteristic == 0);
    const double true_volume = 2 * CV_PI * CV_PI * 12.0 * 5.0 * 5.0;
    CHECK(signed_volume(mesh) == Approx(true_volume).epsilon(0.02));
    for (const cv::Vec3f& p : mesh.positions_mm)
        REQUIRE(std::abs(torus_distance(cv::Vec3d(p), 12.0, 5.0)) < 0.1);
}

TEST_CASE("extract_mesh: a volume touching the grid's border is closed there", "[mesh]") {
    // A sphere larger than the grid: cut by the grid's faces, which close it as outside.
    const VolumeGrid volume =
        grid_of(24, 1.0, [](cv::Vec3d p) { return sphere_distance(p, 14.0); });
    const Mesh mesh = extract_mesh(volume, no_decimation());
    const Topology topology = topology_of(mesh);
    CHECK(topology.every_edge_twice_opposite);
    CHECK(topology.euler_characteristic == 2);
    CHECK(signed_volume(mesh) > 0);
}

TEST_CASE("extract_mesh: small islands are removed, large pieces kept", "[mesh]") {
    const cv::Vec3d blob_centre = sphere_centre + cv::Vec3d(18, 18, 18);
    const cv::Vec3d twin_centre = sphere_centre - cv::Vec3d(20, 0, 0);
    const VolumeGrid volume = grid_of(64, 1.0, [&](cv::Vec3d p) {
        const float main = sphere_distance(p, 12.0);
        const float blob = static_cast<float>(cv::norm(p - blob_centre) - 2.0);
        const float twin = static_cast<float>(cv::norm(p - twin_centre) - 6.0);
        return std::min({main, blob, twin});
    });
    MeshOptions options = no_decimation();
    options.min_island_fraction = 0.1;  // the blob (~3%) goes, the twin (~25%) stays
    const Mesh mesh = extract_mesh(volume, options);
    const Topology topology = topology_of(mesh);
    CHECK(topology.every_edge_twice_opposite);
    CHECK(topology.euler_characteristic == 4);  // two spheres
    for (const cv::Vec3f& p : mesh.positions_mm)
        REQUIRE(cv::norm(cv::Vec3d(p) - blob_centre) > 4.0);
}

TEST_CASE("extract_mesh: the triangle budget is kept, still closed and close to the surface",
          "[mesh]") {
    const double radius = 20.0;
    const VolumeGrid volume =
        grid_of(48, 1.0, [&](cv::Vec3d p) { return sphere_distance(p, radius); });
    MeshOptions options;
    options.max_triangles = 2000;
    const Mesh mesh = extract_mesh(volume, options);
    CHECK(mesh.triangle_count() <= 2000);
    CHECK(mesh.triangle_count() > 1000);
    const Topology topology = topology_of(mesh);
    CHECK(topology.every_edge_twice_opposite);
    CHECK(topology.euler_characteristic == 2);
    for (const cv::Vec3f& p : mesh.positions_mm)
        REQUIRE(std::abs(cv::norm(cv::Vec3d(p) - sphere_centre) - radius) < 0.1);
    const double true_volume = 4.0 / 3.0 * CV_PI * radius * radius * radius;
    CHECK(signed_volume(mesh) == Approx(true_volume).epsilon(0.02));

    const Mesh light = simplify_mesh(mesh, 500, 0.01);
    CHECK(light.triangle_count() <= 500);
    CHECK(topology_of(light).every_edge_twice_opposite);
}

TEST_CASE("extract_mesh: an empty volume is the user's problem, named", "[mesh]") {
    const VolumeGrid volume = grid_of(8, 1.0, [](cv::Vec3d) { return 5.0f; });
    CHECK_THROWS_WITH(extract_mesh(volume),
                      "mesh: the volume has no surface (no voxel is inside the object); check "
                      "the object masks and the object region");
}

TEST_CASE("extract_mesh: a model already under the budget keeps every triangle", "[mesh]") {
    // The default options: an error allowance and a budget far above this small sphere.
    const VolumeGrid volume = grid_of(24, 1.0, [](cv::Vec3d p) { return sphere_distance(p, 8.0); });
    const Mesh full = extract_mesh(volume, no_decimation());
    const Mesh mesh = extract_mesh(volume, MeshOptions{});
    REQUIRE(full.triangle_count() < MeshOptions{}.max_triangles);
    CHECK(mesh.triangle_count() > full.triangle_count() / 2);
    CHECK(topology_of(mesh).every_edge_twice_opposite);
    const Mesh light = simplify_mesh(mesh, mesh.triangle_count() * 2, 0.01);
    CHECK(light.triangle_count() <= mesh.triangle_count());
}

}  // namespace heritage::capture
