// viewer/ui/theme.h: the viewer's look: a light, warm museum palette with a lacquer-red
// accent, large touch targets (at least 44 px, WCAG 2.2 AAA), generous spacing.
#pragma once
#include <imgui.h>

namespace heritage::viewer {

struct Palette {
    static constexpr ImU32 kBackground = IM_COL32(246, 242, 235, 255);
    static constexpr ImU32 kPanel = IM_COL32(255, 253, 249, 255);
    static constexpr ImU32 kText = IM_COL32(38, 30, 24, 255);
    static constexpr ImU32 kMuted = IM_COL32(112, 100, 90, 255);
    static constexpr ImU32 kAccent = IM_COL32(150, 32, 36, 255);  // lacquer red
    static constexpr ImU32 kAccentSoft = IM_COL32(236, 214, 200, 255);
    static constexpr ImU32 kGold = IM_COL32(196, 150, 60, 255);
    static constexpr ImU32 kWarning = IM_COL32(170, 90, 20, 255);
    static constexpr ImU32 kError = IM_COL32(170, 30, 30, 255);
};

constexpr float kTouchTarget = 48.0f;  // minimum button height/width in pixels at scale 1

// Applies the palette and sizes to the current ImGui style, scaled by `scale`.
void apply_theme(float scale);

ImVec4 to_vec4(ImU32 color);

}  // namespace heritage::viewer
