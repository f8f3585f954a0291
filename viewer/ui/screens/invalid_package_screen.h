// viewer/ui/screens/invalid_package_screen.h: when the package does not validate, the viewer
// shows the validator's messages (file: pointer: message) instead of crashing or guessing.
#pragma once
#include "viewer/ui/app.h"

namespace heritage::viewer {

void draw_invalid_package_screen(App& app);

}  // namespace heritage::viewer
