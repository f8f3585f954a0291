#include "render/gl/gl_objects.h"

#include "render/gl/gl.h"

namespace heritage::render::gl {

void delete_buffer(std::uint32_t name) {
    glDeleteBuffers(1, &name);
}
void delete_vertex_array(std::uint32_t name) {
    glDeleteVertexArrays(1, &name);
}
void delete_texture(std::uint32_t name) {
    glDeleteTextures(1, &name);
}
void delete_renderbuffer(std::uint32_t name) {
    glDeleteRenderbuffers(1, &name);
}
void delete_framebuffer(std::uint32_t name) {
    glDeleteFramebuffers(1, &name);
}
void delete_program(std::uint32_t name) {
    glDeleteProgram(name);
}
void delete_shader(std::uint32_t name) {
    glDeleteShader(name);
}

Buffer make_buffer() {
    GLuint name = 0;
    glGenBuffers(1, &name);
    return Buffer(name);
}
VertexArray make_vertex_array() {
    GLuint name = 0;
    glGenVertexArrays(1, &name);
    return VertexArray(name);
}
Texture make_texture() {
    GLuint name = 0;
    glGenTextures(1, &name);
    return Texture(name);
}
Renderbuffer make_renderbuffer() {
    GLuint name = 0;
    glGenRenderbuffers(1, &name);
    return Renderbuffer(name);
}
Framebuffer make_framebuffer() {
    GLuint name = 0;
    glGenFramebuffers(1, &name);
    return Framebuffer(name);
}

}  // namespace heritage::render::gl
