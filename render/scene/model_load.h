// render/scene/model_load.h: reads .glb, .gltf, .obj and .ply files through Assimp into a
// CpuModel, textures decoded. Runs on any thread (no GL).
#pragma once
#include <filesystem>
#include <functional>

#include "render/scene/cpu_model.h"

namespace heritage::render {

// Called with 0..1 as loading proceeds; may be called from the loading thread.
using LoadProgress = std::function<void(float fraction)>;

// Reads `file`. Throws heritage::Error with a message for the user (what, which file, what to
// do) when the file is missing, unreadable, corrupt, or holds no triangles.
CpuModel load_model(const std::filesystem::path& file, const LoadProgress& progress = {});

}  // namespace heritage::render
