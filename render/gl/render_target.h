// render/gl/render_target.h: framebuffers. The scene draws into a 4x multisampled target,
// which is resolved into the frame (the window's default framebuffer, or an offscreen colour
// target when there is no window); the UI then draws on top of the frame.
#pragma once
#include <cstdint>
#include <glm/glm.hpp>
#include <vector>

namespace heritage::render {

// A framebuffer with colour (RGBA8) and depth attachments.
class RenderTarget {
  public:
    // `samples` 1 for a plain target, 4 for MSAA. Needs a current GL context.
    RenderTarget(glm::ivec2 size, int samples);
    ~RenderTarget();
    RenderTarget(const RenderTarget&) = delete;
    RenderTarget& operator=(const RenderTarget&) = delete;

    void resize(glm::ivec2 size);  // no-op when unchanged
    glm::ivec2 size() const { return size_; }
    void bind() const;  // as the draw framebuffer, with the viewport set to all of it

    // Resolves (or copies) `rect` of this target into the same rect of framebuffer `to` (0: the
    // window). rect = {x, y, width, height} in GL's bottom-left pixel coordinates.
    void resolve_into(std::uint32_t to, glm::ivec4 rect) const;

    // Copies `from` of this (single-sample) target into `to_rect` of framebuffer `to`, scaling
    // with linear filtering when the sizes differ (a view drawn at lower resolution while the
    // camera moves). Rects are {x, y, width, height} in GL's bottom-left pixel coordinates.
    void scale_into(std::uint32_t to, glm::ivec4 from, glm::ivec4 to_rect) const;

    // The colour pixels, rows from the top, RGBA8 (for screenshots). Plain targets only.
    std::vector<std::uint8_t> read_rgba() const;

    std::uint32_t framebuffer() const { return framebuffer_; }

  private:
    glm::ivec2 size_{0};
    int samples_ = 1;
    std::uint32_t framebuffer_ = 0, color_ = 0, depth_ = 0;
    void create();
    void destroy();
};

}  // namespace heritage::render
