// viewer/ui/fonts.h: the UI's fonts: Noto Sans (Debian's fonts-noto-core) with every
// Vietnamese glyph and general punctuation (– “ ” …), at the sizes the screens use.
#pragma once
#include <filesystem>

struct ImFont;

namespace heritage::viewer {

struct Fonts {
    ImFont* body = nullptr;     // running text
    ImFont* bold = nullptr;     // labels, card titles
    ImFont* heading = nullptr;  // section and panel headings
    ImFont* title = nullptr;    // the screen's title
    ImFont* large = nullptr;    // tour narration on a projector (later issues)
};

// Loads the fonts into the current ImGui context's atlas, sized for `scale` (the monitor's
// content scale). Throws heritage::Error naming the missing font file and the package to
// install (fonts-noto-core).
Fonts load_fonts(float scale,
                 const std::filesystem::path& font_dir = "/usr/share/fonts/truetype/noto");

}  // namespace heritage::viewer
