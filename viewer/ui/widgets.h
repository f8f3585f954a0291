// viewer/ui/widgets.h: small pieces several screens share: the top bar with the language and
// school-level switches, labelled text, section headings, touch-sized buttons.
#pragma once
#include <string>

#include <glm/glm.hpp>

#include "viewer/ui/app.h"

namespace heritage::viewer {

// The bar across the top: `title` on the left (with a back button when `show_back`), the
// language and level switches on the right. Returns true when back was pressed.
bool draw_top_bar(App& app, const std::string& title, bool show_back);

// The top bar's height in pixels at the app's scale.
float top_bar_height(const App& app);

// A full-width window filling the screen below the top bar, for a screen's body; pair with
// ImGui::End().
void begin_body_window(const App& app, const char* id);

// The split under the top bar: a 3D view on the left, a side panel on the right whose width is
// `share` of the screen, clamped to [min_px, max_px] at scale 1.
struct SplitLayout {
    glm::vec2 view_origin{0.0f};
    glm::vec2 view_size{0.0f};
};
SplitLayout split_layout(const App& app, float share, float min_px, float max_px);

// Opens the side panel window of `layout` (pair with end_side_panel).
void begin_side_panel(const SplitLayout& layout, const char* id);
void end_side_panel();

// A bold heading line in the heading font.
void heading(App& app, const std::string& text);

// "Label: value" with the label in bold and the value wrapped; nothing when value is empty.
void labelled(App& app, const std::string& label, const std::string& value);

// Wrapped running text.
void paragraph(const std::string& text);

// A bullet list item with wrapping.
void bullet(const std::string& text);

// The school level's name in the UI language ("Tiểu học").
const std::string& level_name(const App& app, exhibit::SchoolLevel level);

// Records where the last item was drawn, for tests and the attract loop.
HitRegion last_item_region();

}  // namespace heritage::viewer
