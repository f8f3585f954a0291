// capture/glb_export.h: a textured mesh as binary glTF 2.0 through Assimp (one mesh, one
// material, the atlas embedded as PNG), in metres with +Y up as glTF wants: world (x, y, z) mm
// becomes (x, z, -y) / 1000. Passes the Khronos glTF validator.
#pragma once
#include <filesystem>
#include <string>

#include "capture/mesh.h"

namespace heritage::capture {

// The .glb file's bytes.
std::string export_glb(const Mesh& mesh);

// Writes the .glb atomically. Throws heritage::Error naming the file on failure.
void write_glb(const std::filesystem::path& file, const Mesh& mesh);

}  // namespace heritage::capture
