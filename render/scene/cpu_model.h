// render/scene/cpu_model.h: a 3D model in memory, as the loader makes it and the renderer and
// the picking code read it. No GL here.
#pragma once
#include <cstddef>
#include <cstdint>
#include <glm/glm.hpp>
#include <memory>
#include <string>
#include <vector>

namespace heritage::render {

// An 8-bit RGBA image, rows from the top.
struct CpuTexture {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba;
};

// glTF metallic-roughness material. Texture fields index CpuModel::textures, -1 for none.
struct CpuMaterial {
    std::string name;
    glm::vec4 base_color_factor{1.0f};
    int base_color_texture = -1;  // sRGB
    float metallic_factor = 0.0f;
    float roughness_factor = 1.0f;
    int metallic_roughness_texture = -1;  // linear; G = roughness, B = metallic
    int normal_texture = -1;              // linear, tangent space
    bool unlit = false;                   // KHR_materials_unlit, or a scan's baked texture
    bool double_sided = false;
};

// Triangles with one material, in model coordinates (node transforms already applied).
struct CpuMesh {
    std::vector<glm::vec3> positions;
    std::vector<glm::vec3> normals;  // unit length; computed when the file has none
    std::vector<glm::vec2> uvs;      // empty when the file has none
    std::vector<std::uint32_t> indices;
    int material = 0;  // index into CpuModel::materials (always valid)
};

struct Bounds {
    glm::vec3 min{0.0f};
    glm::vec3 max{0.0f};
    glm::vec3 center() const { return (min + max) * 0.5f; }
    float radius() const { return glm::length(max - min) * 0.5f; }
};

struct CpuModel {
    std::vector<CpuMesh> meshes;
    std::vector<CpuMaterial> materials;  // at least one
    std::vector<CpuTexture> textures;
    Bounds bounds;  // of all positions, model coordinates
    std::size_t triangle_count = 0;
    // Problems that did not stop the load (a texture that cannot be read), each a message in
    // the house format, for the admin screen. Usually empty.
    std::vector<std::string> warnings;
};

// The transform from model coordinates to the viewer's world: metres, +Y up. `units` and
// `up_axis` are as the exhibit package records them ("m"/"cm"/"mm", "+Y"/"+Z").
glm::mat4 world_from_model(const std::string& units, const std::string& up_axis);

// The axis-aligned box around `bounds` once transformed (its 8 corners).
Bounds transform_bounds(const glm::mat4& transform, const Bounds& bounds);

// Millimetres per world unit (the world is in metres).
constexpr float kMillimetresPerWorldUnit = 1000.0f;

}  // namespace heritage::render
