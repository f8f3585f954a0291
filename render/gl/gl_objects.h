// render/gl/gl_objects.h: move-only owners of OpenGL object names (buffers, vertex arrays,
// textures, renderbuffers, framebuffers, programs), so that no GL name leaks on an exception.
// Each deletes its object when destroyed; a default-constructed or moved-from owner holds 0.
// Private to render/gl/.
#pragma once
#include <cstdint>
#include <utility>

namespace heritage::render::gl {

// Deleters: one free function per GL object kind (in gl_objects.cpp, where gl.h is included).
void delete_buffer(std::uint32_t name);
void delete_vertex_array(std::uint32_t name);
void delete_texture(std::uint32_t name);
void delete_renderbuffer(std::uint32_t name);
void delete_framebuffer(std::uint32_t name);
void delete_program(std::uint32_t name);
void delete_shader(std::uint32_t name);

template <void (*Delete)(std::uint32_t)>
class Object {
  public:
    Object() = default;
    explicit Object(std::uint32_t name) : name_(name) {}
    ~Object() { reset(); }
    Object(Object&& other) noexcept : name_(std::exchange(other.name_, 0)) {}
    Object& operator=(Object&& other) noexcept {
        if (this != &other) {
            reset();
            name_ = std::exchange(other.name_, 0);
        }
        return *this;
    }
    Object(const Object&) = delete;
    Object& operator=(const Object&) = delete;

    std::uint32_t get() const { return name_; }
    explicit operator bool() const { return name_ != 0; }
    void reset() {
        if (name_ != 0)
            Delete(std::exchange(name_, 0));
    }

  private:
    std::uint32_t name_ = 0;
};

using Buffer = Object<delete_buffer>;
using VertexArray = Object<delete_vertex_array>;
using Texture = Object<delete_texture>;
using Renderbuffer = Object<delete_renderbuffer>;
using Framebuffer = Object<delete_framebuffer>;
using Program = Object<delete_program>;
using Shader = Object<delete_shader>;

// New objects (glGen*), owned.
Buffer make_buffer();
VertexArray make_vertex_array();
Texture make_texture();
Renderbuffer make_renderbuffer();
Framebuffer make_framebuffer();

}  // namespace heritage::render::gl
