// assets/generator/glb_writer.h: a SampleModel as glTF 2.0 binary (.glb) bytes, through Assimp,
// with its textures embedded as PNG.
#pragma once
#include <string>

#include "assets/generator/sample_model.h"

namespace heritage::sample {

// Throws heritage::Error when Assimp cannot export.
std::string write_glb(const SampleModel& model);

}  // namespace heritage::sample
