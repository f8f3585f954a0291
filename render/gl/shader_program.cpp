#include "render/gl/shader_program.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "exhibit/error.h"
#include "render/gl/gl.h"

namespace heritage::render {
namespace {

namespace fs = std::filesystem;

constexpr const char* kShaderAdvice =
    "reinstall the viewer, or point it at the shaders folder that came with it";

std::string read_source(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(file.string() + ": cannot read the shader; " + kShaderAdvice);
    std::ostringstream source;
    source << in.rdbuf();
    return source.str();
}

// The driver's log without trailing blank lines, so it sits inside the message's parentheses.
std::string trimmed(std::string log) {
    while (!log.empty() && (log.back() == '\n' || log.back() == ' ' || log.back() == '\0'))
        log.pop_back();
    return log;
}

std::string shader_log(GLuint shader) {
    GLint length = 0;
    glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &length);
    std::string log(static_cast<std::size_t>(std::max(length, 1)), '\0');
    glGetShaderInfoLog(shader, length, nullptr, log.data());
    return trimmed(log);
}

std::string program_log(GLuint program) {
    GLint length = 0;
    glGetProgramiv(program, GL_INFO_LOG_LENGTH, &length);
    std::string log(static_cast<std::size_t>(std::max(length, 1)), '\0');
    glGetProgramInfoLog(program, length, nullptr, log.data());
    return trimmed(log);
}

// A shader's text with its #include "file" lines resolved (one level, files beside it).
struct Source {
    std::string text;
    std::vector<std::string> included;  // file names; the k-th is source string k in logs
};

// Pastes each included file between #line directives, so that the driver's log numbers lines
// as the files do: "0:12" is line 12 of the shader, "1:12" line 12 of its first include.
Source resolve_includes(const fs::path& file) {
    const std::string text = read_source(file);
    Source source;
    std::istringstream lines(text);
    std::string line;
    int line_number = 0;
    while (std::getline(lines, line)) {
        ++line_number;
        const std::size_t start = line.find_first_not_of(" \t");
        const bool include = start != std::string::npos && line.compare(start, 8, "#include") == 0;
        const std::size_t open = include ? line.find('"', start) : std::string::npos;
        const std::size_t close = open == std::string::npos ? open : line.find('"', open + 1);
        if (close == std::string::npos) {
            source.text += line + "\n";
            continue;
        }
        const std::string name = line.substr(open + 1, close - open - 1);
        source.included.push_back(name);
        source.text += "#line 1 " + std::to_string(source.included.size()) + "\n" +
                       read_source(file.parent_path() / name) + "\n#line " +
                       std::to_string(line_number + 1) + " 0\n";
    }
    return source;
}

// The text with a #define per macro after its first line (#version must come first), then a
// #line directive so that the driver's log numbers lines as the file does.
std::string with_defines(const std::string& text, const std::vector<std::string>& defines) {
    const std::size_t first_line_end = text.find('\n');
    if (defines.empty() || first_line_end == std::string::npos)
        return text;  // with no second line the compiler will say what is wrong
    std::string lines;
    for (const std::string& macro : defines)
        lines += "#define " + macro + "\n";
    return text.substr(0, first_line_end + 1) + lines + "#line 2\n" +
           text.substr(first_line_end + 1);
}

// The file as messages name it, with the variant when there is one.
std::string described(const fs::path& file, const std::vector<std::string>& defines) {
    std::string text = file.string();
    for (std::size_t i = 0; i < defines.size(); ++i)
        text += (i == 0 ? " (with " : ", ") + defines[i];
    return defines.empty() ? text : text + ")";
}

// The driver's log, with what its source numbers other than 0 stand for.
std::string explained_log(const std::string& log, const Source& source) {
    std::string text = log;
    for (std::size_t k = 0; k < source.included.size(); ++k)
        text += "; source " + std::to_string(k + 1) + " is " + source.included[k];
    return text;
}

gl::Shader compile(GLenum stage, const fs::path& file, const std::vector<std::string>& defines) {
    const Source source = resolve_includes(file);
    const std::string text = with_defines(source.text, defines);
    gl::Shader shader(glCreateShader(stage));
    const char* characters = text.c_str();
    const GLint length = static_cast<GLint>(text.size());
    glShaderSource(shader.get(), 1, &characters, &length);
    glCompileShader(shader.get());
    GLint ok = GL_FALSE;
    glGetShaderiv(shader.get(), GL_COMPILE_STATUS, &ok);
    if (ok != GL_TRUE)
        throw Error(described(file, defines) + ": the shader does not compile (" +
                    explained_log(shader_log(shader.get()), source) + "); " + kShaderAdvice);
    return shader;
}

}  // namespace

gl::Program load_program(const fs::path& vertex_file, const fs::path& fragment_file,
                         const std::vector<std::string>& defines) {
    const gl::Shader vertex = compile(GL_VERTEX_SHADER, vertex_file, defines);
    const gl::Shader fragment = compile(GL_FRAGMENT_SHADER, fragment_file, defines);
    gl::Program program(glCreateProgram());
    glAttachShader(program.get(), vertex.get());
    glAttachShader(program.get(), fragment.get());
    glLinkProgram(program.get());
    GLint ok = GL_FALSE;
    glGetProgramiv(program.get(), GL_LINK_STATUS, &ok);
    // The program keeps the compiled code; the shader objects go when `vertex` and `fragment` do.
    glDetachShader(program.get(), vertex.get());
    glDetachShader(program.get(), fragment.get());
    if (ok != GL_TRUE)
        throw Error(described(vertex_file, defines) + " + " + fragment_file.filename().string() +
                    ": the shaders do not link (" + program_log(program.get()) + "); " +
                    kShaderAdvice);
    return program;
}

int uniform_location(const gl::Program& program, const char* name) {
    return glGetUniformLocation(program.get(), name);
}

}  // namespace heritage::render
