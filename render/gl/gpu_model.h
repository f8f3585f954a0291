// render/gl/gpu_model.h: what GpuModel holds on the GPU (private to render/gl/):
// one vertex array per mesh (interleaved position, normal, uv; tangents when its material has
// a normal texture), the textures in the colour space each use needs, and the materials'
// factors with the GL names of their textures.
#pragma once
#include <cstddef>
#include <cstdint>
#include <glm/glm.hpp>
#include <vector>

#include "render/gl/gl_objects.h"
#include "render/gl/renderer.h"

namespace heritage::render {

struct GpuMesh {
    gl::VertexArray vertex_array;  // attributes 0 position, 1 normal, 2 uv, 3 tangent
    gl::Buffer vertices;           // interleaved: 3 + 3 + 2 floats
    gl::Buffer tangents;           // 4 floats (xyz, bitangent sign); empty when not needed
    gl::Buffer indices;            // 32-bit
    int index_count = 0;
    int material = 0;  // index into GpuModel::Impl::materials
    bool has_tangents = false;
};

struct GpuMaterial {
    glm::vec4 base_color_factor{1.0f};
    float metallic_factor = 0.0f;
    float roughness_factor = 1.0f;
    // GL texture names, 0 for none; owned by GpuModel::Impl::textures.
    std::uint32_t base_color_texture = 0;
    std::uint32_t metallic_roughness_texture = 0;
    std::uint32_t normal_texture = 0;
    bool unlit = false;
    bool double_sided = false;
};

struct GpuModel::Impl {
    std::size_t triangle_count = 0;
    std::vector<GpuMesh> meshes;
    std::vector<GpuMaterial> materials;
    std::vector<gl::Texture> textures;
};

// Per-vertex tangents for normal mapping (Lengyel's method: per-triangle tangents from the uv
// derivatives, summed per vertex, made orthogonal to the normal): xyz along increasing u, and
// in w the sign that makes cross(normal, tangent) * w point up the image (decreasing v, for
// uvs in glTF's convention), where glTF's normal maps put +Y. Vertices with degenerate uvs get
// any tangent perpendicular to their normal. Preconditions: uvs and normals as many as
// positions.
std::vector<glm::vec4> compute_tangents(const CpuMesh& mesh);

}  // namespace heritage::render
