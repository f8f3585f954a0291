// render/scene/level_of_detail.h: a lighter copy of a dense model (meshoptimizer's simplifier),
// drawn while the camera moves so that turning a 200k-triangle scan stays smooth on a school PC
// with no graphics card; the full model is drawn as soon as the camera stops.
#pragma once
#include <cstddef>
#include <optional>

#include "render/scene/cpu_model.h"

namespace heritage::render {

struct LevelOfDetailOptions {
    std::size_t min_triangles = 100000;    // models smaller than this need no light version
    std::size_t target_triangles = 50000;  // about this many triangles in the light version
    float max_error = 0.01f;               // simplification error, as a fraction of the model size
};

// Reorders every mesh's triangles for the vertex cache (same triangles, faster to draw).
void optimize_for_drawing(CpuModel& model);

// The light version of `model`, or nothing when the model is small enough already. Meshes,
// materials and textures are shared in meaning (same materials, same textures).
std::optional<CpuModel> make_light_model(const CpuModel& model,
                                         const LevelOfDetailOptions& options = {});

}  // namespace heritage::render
