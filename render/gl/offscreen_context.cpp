// render/gl/offscreen_context.cpp: EGL on Mesa's surfaceless platform (no window, no X),
// as platform.md describes: a 3.3 core context made current with no surface; everything is
// drawn into framebuffer objects.
#include "render/gl/offscreen_context.h"

#include <EGL/egl.h>
#include <EGL/eglext.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "exhibit/error.h"

namespace heritage::render {
namespace {

constexpr const char* kInstallAdvice = "install libegl-mesa0 and libgl1-mesa-dri (Mesa llvmpipe)";

// EGL's error code as the hex number its headers and documentation use.
std::string egl_error_text() {
    char text[16];
    std::snprintf(text, sizeof text, "0x%04X", static_cast<unsigned>(eglGetError()));
    return text;
}

[[noreturn]] void fail(const std::string& what) {
    throw Error("OpenGL offscreen context: " + what + " (EGL error " + egl_error_text() + "); " +
                kInstallAdvice);
}

bool has_extension(const char* extensions, const char* name) {
    if (extensions == nullptr)
        return false;
    const std::size_t length = std::strlen(name);
    for (const char* at = std::strstr(extensions, name); at != nullptr;
         at = std::strstr(at + length, name)) {
        const bool starts = at == extensions || at[-1] == ' ';
        const bool ends = at[length] == '\0' || at[length] == ' ';
        if (starts && ends)
            return true;
    }
    return false;
}

// Mesa's surfaceless display: through the EXT entry point when the client extensions offer it,
// otherwise through EGL_PLATFORM=surfaceless (which Mesa's eglGetDisplay honours).
EGLDisplay open_surfaceless_display() {
    const char* client_extensions = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
    if (has_extension(client_extensions, "EGL_MESA_platform_surfaceless")) {
        const auto get_platform_display = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(
            eglGetProcAddress("eglGetPlatformDisplayEXT"));
        if (get_platform_display != nullptr)
            return get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY,
                                        nullptr);
    }
    setenv("EGL_PLATFORM", "surfaceless", /*overwrite=*/0);
    return eglGetDisplay(EGL_DEFAULT_DISPLAY);
}

}  // namespace

struct OffscreenContext::State {
    EGLDisplay display = EGL_NO_DISPLAY;
    EGLContext context = EGL_NO_CONTEXT;
};

OffscreenContext::OffscreenContext() : state_(std::make_unique<State>()) {
    // 1. The display, initialised (Mesa's EGL driver loads here).
    state_->display = open_surfaceless_display();
    if (state_->display == EGL_NO_DISPLAY)
        fail("no EGL display on Mesa's surfaceless platform");
    EGLint major = 0, minor = 0;
    if (eglInitialize(state_->display, &major, &minor) != EGL_TRUE)
        fail("eglInitialize failed on the surfaceless display");
    if (eglBindAPI(EGL_OPENGL_API) != EGL_TRUE)
        fail("the EGL driver offers no desktop OpenGL");

    // 2. A config that renders desktop GL; none is needed at all when the driver has
    //    EGL_KHR_no_config_context, since we never make a surface.
    const char* display_extensions = eglQueryString(state_->display, EGL_EXTENSIONS);
    EGLConfig config = EGL_NO_CONFIG_KHR;
    const EGLint config_attributes[] = {EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_NONE};
    EGLint config_count = 0;
    if (eglChooseConfig(state_->display, config_attributes, &config, 1, &config_count) !=
            EGL_TRUE ||
        config_count == 0) {
        if (!has_extension(display_extensions, "EGL_KHR_no_config_context"))
            fail("no EGL config renders desktop OpenGL");
        config = EGL_NO_CONFIG_KHR;
    }
    if (!has_extension(display_extensions, "EGL_KHR_surfaceless_context"))
        fail("the EGL driver cannot make a context current without a surface");

    // 3. A 3.3 core context, current with no surface.
    const EGLint context_attributes[] = {EGL_CONTEXT_MAJOR_VERSION,
                                         3,
                                         EGL_CONTEXT_MINOR_VERSION,
                                         3,
                                         EGL_CONTEXT_OPENGL_PROFILE_MASK,
                                         EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                                         EGL_NONE};
    state_->context = eglCreateContext(state_->display, config, EGL_NO_CONTEXT, context_attributes);
    if (state_->context == EGL_NO_CONTEXT)
        fail("cannot create an OpenGL 3.3 core context");
    if (eglMakeCurrent(state_->display, EGL_NO_SURFACE, EGL_NO_SURFACE, state_->context) !=
        EGL_TRUE) {
        eglDestroyContext(state_->display, state_->context);
        fail("cannot make the OpenGL context current");
    }
}

OffscreenContext::~OffscreenContext() {
    // The display is process-wide and shared by every context on it, so it is not terminated
    // here: eglTerminate would pull the other contexts away too.
    if (eglGetCurrentContext() == state_->context)
        eglMakeCurrent(state_->display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    eglDestroyContext(state_->display, state_->context);
}

bool is_egl_context_current() {
    return eglGetCurrentContext() != EGL_NO_CONTEXT;
}

}  // namespace heritage::render
