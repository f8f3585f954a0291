// viewer/ui/screens/tour_screen.h: teacher mode. The tour list (by school level, with subject,
// grade, steps and duration), and a running tour: before-visit tasks, then each step's view
// of its artifact with the annotation highlighted and the narration and question in large type
// for a projector, then the after-visit tasks. Next/previous by buttons, arrow keys, space, or a
// presenter remote (PageDown/PageUp).
#pragma once
#include "viewer/ui/app.h"

namespace heritage::viewer {

void draw_tour_list_screen(App& app);
void draw_tour_screen(App& app, float dt_s);

}  // namespace heritage::viewer
