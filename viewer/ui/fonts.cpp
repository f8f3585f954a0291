#include "viewer/ui/fonts.h"

#include <imgui.h>

#include "exhibit/error.h"

namespace heritage::viewer {

Fonts load_fonts(float scale, const std::filesystem::path& font_dir) {
    ImGuiIO& io = ImGui::GetIO();
    // Vietnamese (Latin + the Vietnamese block) plus General Punctuation, which ImGui's
    // Vietnamese ranges lack: the en dash, curly quotes and the ellipsis are everywhere in our
    // texts. ImGui reads the ranges when the atlas is built, at the end of this function.
    ImVector<ImWchar> ranges;
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(io.Fonts->GetGlyphRangesVietnamese());
    const ImWchar extra[] = {0x00A0, 0x00FF, 0x2000, 0x206F, 0x2190, 0x21FF, 0x25A0, 0x25FF, 0};
    builder.AddRanges(extra);
    builder.BuildRanges(&ranges);
    auto load = [&](const char* file, float size_px) {
        const std::filesystem::path path = font_dir / file;
        if (!std::filesystem::exists(path)) {
            throw Error(path.string() +
                        ": font not found; install the Debian package fonts-noto-core");
        }
        ImFontConfig config;
        config.OversampleH = 2;
        config.OversampleV = 1;
        return io.Fonts->AddFontFromFileTTF(path.c_str(), size_px * scale, &config, ranges.Data);
    };
    Fonts fonts;
    fonts.body = load("NotoSans-Regular.ttf", 18.0f);
    fonts.bold = load("NotoSans-Bold.ttf", 18.0f);
    fonts.heading = load("NotoSans-Bold.ttf", 23.0f);
    fonts.title = load("NotoSans-Bold.ttf", 30.0f);
    fonts.large = load("NotoSans-Regular.ttf", 34.0f);
    io.FontDefault = fonts.body;
    io.Fonts->Build();
    return fonts;
}

}  // namespace heritage::viewer
