#include "render/gl/render_target.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <string>

#include "exhibit/error.h"
#include "render/gl/gl.h"

namespace heritage::render {

RenderTarget::RenderTarget(glm::ivec2 size, int samples) : size_(size), samples_(samples) {
    assert(size.x > 0 && size.y > 0);
    assert(samples == 1 || samples == 4);
    create();
}

RenderTarget::~RenderTarget() {
    destroy();
}

void RenderTarget::resize(glm::ivec2 size) {
    assert(size.x > 0 && size.y > 0);
    if (size == size_)
        return;
    destroy();
    size_ = size;
    create();
}

void RenderTarget::bind() const {
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
    glViewport(0, 0, size_.x, size_.y);
}

void RenderTarget::scale_into(std::uint32_t to, glm::ivec4 from, glm::ivec4 to_rect) const {
    assert(samples_ == 1 && "scale_into: resolve a multisampled target first");
    glDisable(GL_SCISSOR_TEST);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, framebuffer_);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, to);
    glBlitFramebuffer(from.x, from.y, from.x + from.z, from.y + from.w, to_rect.x, to_rect.y,
                      to_rect.x + to_rect.z, to_rect.y + to_rect.w, GL_COLOR_BUFFER_BIT, GL_LINEAR);
    glBindFramebuffer(GL_FRAMEBUFFER, to);
}

void RenderTarget::resolve_into(std::uint32_t to, glm::ivec4 rect) const {
    assert(rect.z > 0 && rect.w > 0);
    assert(rect.x >= 0 && rect.y >= 0 && rect.x + rect.z <= size_.x && rect.y + rect.w <= size_.y);
    // The scissor test clips blits too; a multisample resolve needs equal source and
    // destination rectangles, which is what we give it.
    glDisable(GL_SCISSOR_TEST);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, framebuffer_);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, to);
    const GLint x1 = rect.x + rect.z, y1 = rect.y + rect.w;
    glBlitFramebuffer(rect.x, rect.y, x1, y1, rect.x, rect.y, x1, y1, GL_COLOR_BUFFER_BIT,
                      GL_NEAREST);
    // Leave `to` bound for what draws next (the UI).
    glBindFramebuffer(GL_FRAMEBUFFER, to);
}

std::vector<std::uint8_t> RenderTarget::read_rgba() const {
    assert(samples_ == 1 && "resolve a multisampled target into a plain one to read it");
    const std::size_t row_bytes = static_cast<std::size_t>(size_.x) * 4;
    std::vector<std::uint8_t> pixels(row_bytes * static_cast<std::size_t>(size_.y));
    glBindFramebuffer(GL_READ_FRAMEBUFFER, framebuffer_);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, size_.x, size_.y, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    // GL gives the bottom row first; swap rows so the top comes first.
    std::vector<std::uint8_t> row(row_bytes);
    for (int y = 0; y < size_.y / 2; ++y) {
        std::uint8_t* top = pixels.data() + static_cast<std::size_t>(y) * row_bytes;
        std::uint8_t* bottom =
            pixels.data() + static_cast<std::size_t>(size_.y - 1 - y) * row_bytes;
        std::memcpy(row.data(), top, row_bytes);
        std::memcpy(top, bottom, row_bytes);
        std::memcpy(bottom, row.data(), row_bytes);
    }
    return pixels;
}

void RenderTarget::create() {
    // Renderbuffers for both attachments: the target is only drawn into, blitted and read.
    GLuint names[2] = {0, 0};
    glGenRenderbuffers(2, names);
    color_ = names[0];
    depth_ = names[1];
    glBindRenderbuffer(GL_RENDERBUFFER, color_);
    if (samples_ > 1)
        glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples_, GL_RGBA8, size_.x, size_.y);
    else
        glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, size_.x, size_.y);
    glBindRenderbuffer(GL_RENDERBUFFER, depth_);
    if (samples_ > 1)
        glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples_, GL_DEPTH_COMPONENT24, size_.x,
                                         size_.y);
    else
        glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, size_.x, size_.y);
    glBindRenderbuffer(GL_RENDERBUFFER, 0);

    glGenFramebuffers(1, &framebuffer_);
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color_);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, depth_);
    const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    if (status != GL_FRAMEBUFFER_COMPLETE) {
        destroy();
        throw Error("OpenGL render target: the framebuffer is incomplete (" +
                    std::to_string(size_.x) + "x" + std::to_string(size_.y) + ", " +
                    std::to_string(samples_) + " samples, status " + std::to_string(status) +
                    "); update the graphics driver (Mesa)");
    }
}

void RenderTarget::destroy() {
    if (framebuffer_ != 0)
        glDeleteFramebuffers(1, &framebuffer_);
    const GLuint names[2] = {color_, depth_};
    glDeleteRenderbuffers(2, names);  // zero names are ignored
    framebuffer_ = color_ = depth_ = 0;
}

}  // namespace heritage::render
