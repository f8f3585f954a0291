// viewer/ui/screens/tour_editor_screen.h: staff write curriculum tours in the viewer: turn the
// model to a view, pick the annotation, add the view as a step, write the narration and the
// question in every language of the exhibit, reorder, and save into the package (validated,
// atomic).
#pragma once
#include "viewer/ui/app.h"

namespace heritage::viewer {

void draw_tour_editor_screen(App& app, float dt_s);

}  // namespace heritage::viewer
