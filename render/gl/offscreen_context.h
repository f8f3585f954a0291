// render/gl/offscreen_context.h: an OpenGL 3.3 core context with no window and no X server
// (EGL on Mesa's surfaceless platform), for screenshots, thumbnails, tests and benchmarks.
#pragma once
#include <memory>

namespace heritage::render {

class OffscreenContext {
  public:
    // Creates the context and makes it current on this thread. Throws heritage::Error saying
    // what failed and what to install (libegl-mesa0, libgl1-mesa-dri) when it cannot.
    OffscreenContext();
    ~OffscreenContext();
    OffscreenContext(const OffscreenContext&) = delete;
    OffscreenContext& operator=(const OffscreenContext&) = delete;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

// Whether this thread has a current EGL context (an OffscreenContext, or another EGL user's),
// so that library code can draw into it rather than make its own.
bool is_egl_context_current();

}  // namespace heritage::render
