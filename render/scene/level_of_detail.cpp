#include "render/scene/level_of_detail.h"

#include <meshoptimizer.h>

#include <algorithm>

namespace heritage::render {

void optimize_for_drawing(CpuModel& model) {
    for (CpuMesh& mesh : model.meshes) {
        if (mesh.indices.empty())
            continue;
        meshopt_optimizeVertexCache(mesh.indices.data(), mesh.indices.data(), mesh.indices.size(),
                                    mesh.positions.size());
    }
}

std::optional<CpuModel> make_light_model(const CpuModel& model,
                                         const LevelOfDetailOptions& options) {
    if (model.triangle_count < options.min_triangles)
        return std::nullopt;
    // Each mesh keeps its share of the triangle budget.
    const float keep = float(options.target_triangles) / float(model.triangle_count);
    CpuModel light;
    light.materials = model.materials;
    light.textures = model.textures;
    light.bounds = model.bounds;
    for (const CpuMesh& mesh : model.meshes) {
        CpuMesh simple;
        simple.positions = mesh.positions;
        simple.normals = mesh.normals;
        simple.uvs = mesh.uvs;
        simple.material = mesh.material;
        const std::size_t target_indices =
            std::max<std::size_t>(3, std::size_t(float(mesh.indices.size()) * keep) / 3 * 3);
        simple.indices.resize(mesh.indices.size());
        float error = 0.0f;
        const std::size_t count = meshopt_simplify(
            simple.indices.data(), mesh.indices.data(), mesh.indices.size(), &mesh.positions[0].x,
            mesh.positions.size(), sizeof(glm::vec3), target_indices, options.max_error, 0, &error);
        simple.indices.resize(count);
        // Drop the vertices no triangle uses any more.
        std::vector<unsigned int> remap(simple.positions.size());
        const std::size_t vertices = meshopt_optimizeVertexFetchRemap(
            remap.data(), simple.indices.data(), simple.indices.size(), simple.positions.size());
        meshopt_remapIndexBuffer(simple.indices.data(), simple.indices.data(),
                                 simple.indices.size(), remap.data());
        auto compact = [&](auto& attribute) {
            if (attribute.empty())
                return;
            using Value = typename std::decay_t<decltype(attribute)>::value_type;
            std::vector<Value> out(vertices);
            meshopt_remapVertexBuffer(out.data(), attribute.data(), attribute.size(), sizeof(Value),
                                      remap.data());
            attribute = std::move(out);
        };
        compact(simple.positions);
        compact(simple.normals);
        compact(simple.uvs);
        meshopt_optimizeVertexCache(simple.indices.data(), simple.indices.data(),
                                    simple.indices.size(), simple.positions.size());
        light.triangle_count += simple.indices.size() / 3;
        light.meshes.push_back(std::move(simple));
    }
    return light;
}

}  // namespace heritage::render
