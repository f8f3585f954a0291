// viewer/ui/screens/home_screen.h: the exhibit's title, its sections as rows of artifact cards,
// filters by people and kind, and a search that ignores diacritics.
#pragma once
#include "viewer/ui/app.h"

namespace heritage::viewer {

void draw_home_screen(App& app);

}  // namespace heritage::viewer
