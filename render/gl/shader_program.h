// render/gl/shader_program.h: GLSL programs from the files in the shader folder, with
// diagnostics in the manner of Dear ImGui's CheckShader: the failing file and the driver's log.
// Private to render/gl/.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "render/gl/gl_objects.h"

namespace heritage::render {

// Compiles `vertex_file` and `fragment_file` and links them. Each macro in `defines` (may be
// empty) is #defined after each file's #version line, and a line `#include "name"` is
// replaced by the file `name` beside the shader (one level deep; outside any #if, which would
// skip the #line bookkeeping); the driver's line numbers still match the files (source k in
// its log is the k-th included file). Throws heritage::Error when a file cannot be read ("<file>:
// cannot read the shader; ..."), does not compile ("<file>: the shader does not compile (<driver
// log>); ...", with " (with <defines>)" after the file when there are defines) or the two do not
// link. Needs a current context.
gl::Program load_program(const std::filesystem::path& vertex_file,
                         const std::filesystem::path& fragment_file,
                         const std::vector<std::string>& defines = {});

// The location of uniform `name` in `program`; -1 when the program does not use it (setting
// -1 is a no-op in GL, so a driver that optimises a uniform away does no harm).
int uniform_location(const gl::Program& program, const char* name);

}  // namespace heritage::render
