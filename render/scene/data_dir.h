// render/scene/data_dir.h: where the programs find their run-time files (shaders/, assets/).
#pragma once
#include <filesystem>

namespace heritage::render {

// The folder holding shaders/ and assets/: $HERITAGE3D_DATA_DIR, else the installed share
// folder next to the executable (<prefix>/share/heritage3d), else the source tree this was
// built from.
std::filesystem::path find_data_dir();

}  // namespace heritage::render
