#include "render/gl/gpu_model.h"

#include <cassert>
#include <cmath>
#include <cstddef>
#include <map>
#include <string>
#include <utility>

#include "exhibit/error.h"
#include "render/gl/gl.h"

namespace heritage::render {
namespace {

// The interleaved vertex: what every mesh has.
struct Vertex {
    glm::vec3 position;
    glm::vec3 normal;
    glm::vec2 uv;
};
static_assert(sizeof(Vertex) == 8 * sizeof(float));

// A texture with mipmaps and glTF's default sampler (repeat, trilinear). Base colour is
// stored as sRGB so that sampling returns linear values; data textures stay linear.
gl::Texture upload_texture(const CpuTexture& image, bool srgb) {
    assert(image.width > 0 && image.height > 0);
    assert(image.rgba.size() == static_cast<std::size_t>(image.width) * image.height * 4);
    GLint max_size = 0;
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_size);
    if (image.width > max_size || image.height > max_size)
        throw Error("3D model: a texture of " + std::to_string(image.width) + "x" +
                    std::to_string(image.height) + " pixels is larger than the graphics driver's " +
                    "limit (" + std::to_string(max_size) + "); scale the model's textures down");
    gl::Texture texture = gl::make_texture();
    glBindTexture(GL_TEXTURE_2D, texture.get());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);  // RGBA8 rows are always 4-byte aligned
    glTexImage2D(GL_TEXTURE_2D, 0, srgb ? GL_SRGB8_ALPHA8 : GL_RGBA8, image.width, image.height, 0,
                 GL_RGBA, GL_UNSIGNED_BYTE, image.rgba.data());
    glGenerateMipmap(GL_TEXTURE_2D);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_REPEAT);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_REPEAT);
    glBindTexture(GL_TEXTURE_2D, 0);
    return texture;
}

GpuMesh upload_mesh(const CpuMesh& mesh, bool needs_tangents) {
    assert(mesh.normals.size() == mesh.positions.size());
    assert(mesh.uvs.empty() || mesh.uvs.size() == mesh.positions.size());
    assert(mesh.indices.size() % 3 == 0);
    GpuMesh gpu;
    gpu.material = mesh.material;
    gpu.index_count = static_cast<int>(mesh.indices.size());

    std::vector<Vertex> vertices(mesh.positions.size());
    for (std::size_t i = 0; i < vertices.size(); ++i)
        vertices[i] = {mesh.positions[i], mesh.normals[i],
                       mesh.uvs.empty() ? glm::vec2(0.0f) : mesh.uvs[i]};

    gpu.vertex_array = gl::make_vertex_array();
    glBindVertexArray(gpu.vertex_array.get());

    gpu.vertices = gl::make_buffer();
    glBindBuffer(GL_ARRAY_BUFFER, gpu.vertices.get());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(vertices.size() * sizeof(Vertex)),
                 vertices.data(), GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, sizeof(Vertex),
                          reinterpret_cast<const void*>(offsetof(Vertex, position)));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, sizeof(Vertex),
                          reinterpret_cast<const void*>(offsetof(Vertex, normal)));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 2, GL_FLOAT, GL_FALSE, sizeof(Vertex),
                          reinterpret_cast<const void*>(offsetof(Vertex, uv)));

    // Tangents only where a normal texture will use them (they cost memory and bandwidth).
    if (needs_tangents && !mesh.uvs.empty()) {
        const std::vector<glm::vec4> tangents = compute_tangents(mesh);
        gpu.tangents = gl::make_buffer();
        glBindBuffer(GL_ARRAY_BUFFER, gpu.tangents.get());
        glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(tangents.size() * sizeof(glm::vec4)),
                     tangents.data(), GL_STATIC_DRAW);
        glEnableVertexAttribArray(3);
        glVertexAttribPointer(3, 4, GL_FLOAT, GL_FALSE, sizeof(glm::vec4), nullptr);
        gpu.has_tangents = true;
    }

    gpu.indices = gl::make_buffer();
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, gpu.indices.get());
    glBufferData(GL_ELEMENT_ARRAY_BUFFER,
                 static_cast<GLsizeiptr>(mesh.indices.size() * sizeof(std::uint32_t)),
                 mesh.indices.data(), GL_STATIC_DRAW);

    // Unbind the vertex array first: it keeps its element buffer binding.
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, 0);
    return gpu;
}

}  // namespace

std::vector<glm::vec4> compute_tangents(const CpuMesh& mesh) {
    assert(mesh.uvs.size() == mesh.positions.size());
    assert(mesh.normals.size() == mesh.positions.size());
    std::vector<glm::vec3> tangent_sum(mesh.positions.size(), glm::vec3(0.0f));
    std::vector<glm::vec3> bitangent_sum(mesh.positions.size(), glm::vec3(0.0f));
    for (std::size_t i = 0; i + 2 < mesh.indices.size(); i += 3) {
        const std::uint32_t a = mesh.indices[i], b = mesh.indices[i + 1], c = mesh.indices[i + 2];
        const glm::vec3 e1 = mesh.positions[b] - mesh.positions[a];
        const glm::vec3 e2 = mesh.positions[c] - mesh.positions[a];
        const glm::vec2 d1 = mesh.uvs[b] - mesh.uvs[a];
        const glm::vec2 d2 = mesh.uvs[c] - mesh.uvs[a];
        const float det = d1.x * d2.y - d2.x * d1.y;
        if (std::abs(det) < 1e-12f)
            continue;  // no uv area: says nothing about the tangent
        // Lengyel's per-triangle tangent and bitangent, summed unnormalised per vertex.
        const float r = 1.0f / det;
        const glm::vec3 t = (e1 * d2.y - e2 * d1.y) * r;
        const glm::vec3 bt = (e2 * d1.x - e1 * d2.x) * r;
        for (std::uint32_t v : {a, b, c}) {
            tangent_sum[v] += t;
            bitangent_sum[v] += bt;
        }
    }
    std::vector<glm::vec4> tangents(mesh.positions.size());
    for (std::size_t v = 0; v < tangents.size(); ++v) {
        const glm::vec3 n = mesh.normals[v];
        glm::vec3 t = tangent_sum[v] - n * glm::dot(n, tangent_sum[v]);  // Gram-Schmidt
        if (glm::dot(t, t) < 1e-20f) {
            // Any perpendicular direction will do where the uvs say nothing.
            t = std::abs(n.x) < 0.9f ? glm::cross(n, glm::vec3(1, 0, 0))
                                     : glm::cross(n, glm::vec3(0, 1, 0));
        }
        t = glm::normalize(t);
        // glTF's normal maps are "green up": +Y points up the image, towards decreasing v,
        // so the bitangent cross(n, t) * w runs against the summed dP/dv.
        const float sign = glm::dot(glm::cross(n, t), bitangent_sum[v]) > 0.0f ? -1.0f : 1.0f;
        tangents[v] = glm::vec4(t, sign);
    }
    return tangents;
}

GpuModel::GpuModel(const CpuModel& model) : impl_(std::make_unique<Impl>()) {
    assert(!model.materials.empty());
    // Each image once per colour space it is used in (almost always exactly one).
    std::map<std::pair<int, bool>, std::uint32_t> uploaded;
    auto texture_name = [&](int index, bool srgb) -> std::uint32_t {
        if (index < 0)
            return 0;
        assert(static_cast<std::size_t>(index) < model.textures.size());
        const auto key = std::make_pair(index, srgb);
        if (const auto found = uploaded.find(key); found != uploaded.end())
            return found->second;
        impl_->textures.push_back(
            upload_texture(model.textures[static_cast<std::size_t>(index)], srgb));
        return uploaded[key] = impl_->textures.back().get();
    };

    for (const CpuMaterial& material : model.materials) {
        GpuMaterial gpu;
        gpu.base_color_factor = material.base_color_factor;
        gpu.metallic_factor = material.metallic_factor;
        gpu.roughness_factor = material.roughness_factor;
        gpu.base_color_texture = texture_name(material.base_color_texture, /*srgb=*/true);
        gpu.metallic_roughness_texture = texture_name(material.metallic_roughness_texture, false);
        gpu.normal_texture = texture_name(material.normal_texture, false);
        gpu.unlit = material.unlit;
        gpu.double_sided = material.double_sided;
        impl_->materials.push_back(gpu);
    }

    for (const CpuMesh& mesh : model.meshes) {
        assert(mesh.material >= 0 &&
               static_cast<std::size_t>(mesh.material) < model.materials.size());
        if (mesh.indices.empty())
            continue;
        const bool needs_tangents =
            model.materials[static_cast<std::size_t>(mesh.material)].normal_texture >= 0;
        impl_->meshes.push_back(upload_mesh(mesh, needs_tangents));
        impl_->triangle_count += mesh.indices.size() / 3;
    }
}

GpuModel::~GpuModel() = default;

}  // namespace heritage::render
