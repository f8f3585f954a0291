// viewer/platform_glfw.h: the viewer in a window. The only file that knows GLFW.
#pragma once
#include "viewer/ui/app.h"

namespace heritage::viewer {

struct WindowOptions {
    bool fullscreen = false;  // F11 toggles it at any time
    int width = 1280;
    int height = 800;
};

// Opens the window (OpenGL 3.3 core), runs the viewer until it is closed. Returns the exit code.
// Throws heritage::Error when no window can be opened (no display, no OpenGL 3.3).
int run_window(AppOptions options, const WindowOptions& window);

}  // namespace heritage::viewer
