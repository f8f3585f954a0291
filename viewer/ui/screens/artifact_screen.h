// viewer/ui/screens/artifact_screen.h: one artifact: its 3D model (orbit, zoom, pan, numbered
// annotation markers, measurement, touch-sized buttons) and a side panel with its metadata,
// annotations, the lesson plan for the chosen school level, and its sources.
#pragma once
#include "viewer/ui/app.h"

namespace heritage::viewer {

void draw_artifact_screen(App& app, float dt_s);

// The 3D view of `artifact` in the given screen rectangle, driven by app.artifact (camera,
// markers, measurement, on-screen buttons). The tour screen uses it too.
void draw_scene_view(App& app, const exhibit::Artifact& artifact, glm::vec2 origin, glm::vec2 size,
                     float dt_s);

// The side panel's tabs (artifact_panel.cpp).
void draw_artifact_panel(App& app, const exhibit::Artifact& artifact);

// Which annotations show at the app's school level (by their levels and sensitivity).
bool annotation_visible(const App& app, const exhibit::Annotation& annotation);

// Selects annotation `index` (-1: none) and turns the camera to face it.
void select_annotation(App& app, const exhibit::Artifact& artifact, int index);

}  // namespace heritage::viewer
