// assets/generator/sample_model.h: an illustrative model of one artifact, as the generator
// builds it, and the table of all of them.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "assets/generator/image.h"
#include "assets/generator/mesh.h"

namespace heritage::sample {

// glTF metallic-roughness material with a base-colour texture.
struct Material {
    std::string name;
    Image base_color;        // sRGB; its alpha is ignored (opaque materials)
    float metallic = 0.0f;   // 0 for cloth, wood, paper; 1 for bronze and silver
    float roughness = 0.8f;  // 0 mirror .. 1 matte
};

struct SampleModel {
    std::vector<MeshPart> parts;
    std::vector<Material> materials;
};

// One entry per artifact of the sample exhibit.
struct SampleModelRecipe {
    const char* artifact_id;  // the artifact's folder under artifacts/
    SampleModel (*build)();   // deterministic: the same model on every run
};

// All recipes, in artifact id order (models/*.cpp define the builders).
const std::vector<SampleModelRecipe>& sample_model_recipes();

}  // namespace heritage::sample
