// viewer/ui/screens/kiosk_screen.h: what only a kiosk shows: the attract loop (featured
// artifacts turning slowly, "Chạm để khám phá / Touch to explore"), the "Still there?"
// countdown, and the staff's PIN pad (held top-left corner for 3 s, or Ctrl+Shift+Q, or the
// window's close button).
#pragma once
#include "viewer/ui/app.h"

namespace heritage::viewer {

// Runs the kiosk's clock for this frame and draws the attract loop or the countdown when due.
// Returns true when it drew the whole screen (the attract loop): the normal screen is skipped.
bool kiosk_frame(App& app, float dt_s);

// The artifacts the attract loop shows, in order.
std::vector<std::string> featured_artifacts(const App& app);

// Opens the PIN pad (the platform calls this when the window is asked to close).
void open_admin_prompt(App& app);

}  // namespace heritage::viewer
