// capture/mesh.h: stage 5: the surface of the volume as triangles: watertight where the object
// is, small islands removed, decimated to a triangle budget (meshoptimizer).
#pragma once
#include <cstdint>
#include <vector>

#include "capture/dense.h"

namespace heritage::capture {

// The model as every later stage uses it, in world millimetres (camera.h).
struct Mesh {
    std::vector<cv::Vec3f> positions_mm;
    std::vector<cv::Vec3f> normals;      // per vertex, unit length
    std::vector<cv::Vec2f> uvs;          // per vertex, empty until textured; (0, 0) is the
                                         // atlas's top-left corner (glTF's convention)
    std::vector<std::uint32_t> indices;  // triangles, counter-clockwise seen from outside
    cv::Mat atlas;                       // 8-bit BGR texture, empty until textured

    std::size_t triangle_count() const { return indices.size() / 3; }
};

// The box the mesh's vertices span, in world mm.
struct MeshBounds {
    cv::Vec3d min_mm{0.0, 0.0, 0.0};
    cv::Vec3d max_mm{0.0, 0.0, 0.0};
};
MeshBounds bounds_of(const Mesh& mesh);

struct MeshOptions {
    std::size_t max_triangles = 300000;  // the full-detail model
    double min_island_fraction = 0.01;   // pieces with fewer triangles than this share of the
                                         // largest are removed
    double max_simplify_error = 0.002;   // meshoptimizer's error, relative to the model's size
};

// A grid point whose distance is not finite was never observed (depth_fusion.h): cells touching
// it make no surface, which stays open there rather than growing a wall along the unobserved.
Mesh extract_mesh(const VolumeGrid& volume, const MeshOptions& options = {});

// A lighter copy (textured or not; seams and UVs kept) for the light level of detail.
Mesh simplify_mesh(const Mesh& mesh, std::size_t target_triangles, double max_relative_error);

}  // namespace heritage::capture
