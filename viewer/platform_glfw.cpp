#include "viewer/platform_glfw.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <imgui.h>

#include <string>

#include "exhibit/error.h"
#include "viewer/ui/imgui_gl.h"
#include "viewer/ui/screens/kiosk_screen.h"

namespace heritage::viewer {
namespace {

struct GlfwSession {
    GlfwSession() {
        if (!glfwInit()) {
            throw Error(
                "cannot start the window system (no display?); run the viewer on a "
                "desktop, or use --screenshot for output without a display");
        }
    }
    ~GlfwSession() { glfwTerminate(); }
};

void toggle_fullscreen(GLFWwindow* window, glm::ivec4& saved) {
    if (glfwGetWindowMonitor(window)) {
        glfwSetWindowMonitor(window, nullptr, saved.x, saved.y, saved.z, saved.w, 0);
        return;
    }
    glfwGetWindowPos(window, &saved.x, &saved.y);
    glfwGetWindowSize(window, &saved.z, &saved.w);
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = glfwGetVideoMode(monitor);
    glfwSetWindowMonitor(window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
}

}  // namespace

int run_window(AppOptions options, const WindowOptions& window_options) {
    GlfwSession session;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    GLFWwindow* window = glfwCreateWindow(window_options.width, window_options.height, "Heritage3D",
                                          nullptr, nullptr);
    if (!window) {
        throw Error(
            "cannot open a window with OpenGL 3.3; update the graphics driver (Mesa "
            "gives OpenGL 3.3 even without a graphics card)");
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);

    // The monitor's content scale sizes fonts and touch targets.
    float scale_x = 1.0f, scale_y = 1.0f;
    glfwGetWindowContentScale(window, &scale_x, &scale_y);
    options.ui_scale = std::max(1.0f, scale_y);

    ImGui::CreateContext();
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    std::unique_ptr<App> app = create_app(options);
    glm::ivec4 saved_window{100, 100, window_options.width, window_options.height};
    if (window_options.fullscreen)
        toggle_fullscreen(window, saved_window);

    const bool kiosk = options.kiosk.has_value();
    double last = glfwGetTime();
    bool f11_was_down = false;
    while (!app->quit_requested) {
        glfwPollEvents();
        if (glfwWindowShouldClose(window)) {
            // A kiosk cannot be closed without the PIN: closing asks for it instead.
            if (!kiosk)
                break;
            glfwSetWindowShouldClose(window, GLFW_FALSE);
            open_admin_prompt(*app);
        }
        const bool f11_down = glfwGetKey(window, GLFW_KEY_F11) == GLFW_PRESS;
        if (f11_down && !f11_was_down && !kiosk)
            toggle_fullscreen(window, saved_window);
        f11_was_down = f11_down;

        const double now = glfwGetTime();
        const float dt = float(std::min(now - last, 0.1));
        last = now;
        imgui_gl_new_frame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        build_frame(*app, dt);
        ImGui::Render();
        int width = 0, height = 0;
        glfwGetFramebufferSize(window, &width, &height);
        render_frame(*app, 0, {width, height});
        glfwSwapBuffers(window);
    }
    destroy_app(app);
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    return 0;
}

}  // namespace heritage::viewer
