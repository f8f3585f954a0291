#include "viewer/ui/theme.h"

namespace heritage::viewer {

ImVec4 to_vec4(ImU32 color) {
    return ImGui::ColorConvertU32ToFloat4(color);
}

void apply_theme(float scale) {
    ImGuiStyle& style = ImGui::GetStyle();
    ImGui::StyleColorsLight(&style);
    style.WindowRounding = 0.0f;
    style.ChildRounding = 8.0f;
    style.FrameRounding = 8.0f;
    style.GrabRounding = 8.0f;
    style.TabRounding = 8.0f;
    style.WindowBorderSize = 0.0f;
    style.FrameBorderSize = 0.0f;
    style.WindowPadding = ImVec2(20, 16);
    style.FramePadding = ImVec2(14, 10);
    style.ItemSpacing = ImVec2(12, 10);
    style.ItemInnerSpacing = ImVec2(8, 6);
    style.ScrollbarSize = 18.0f;
    style.ScrollbarRounding = 9.0f;
    style.ScaleAllSizes(scale);

    ImVec4* colors = style.Colors;
    colors[ImGuiCol_Text] = to_vec4(Palette::kText);
    colors[ImGuiCol_TextDisabled] = to_vec4(Palette::kMuted);
    colors[ImGuiCol_WindowBg] = to_vec4(Palette::kBackground);
    colors[ImGuiCol_ChildBg] = to_vec4(Palette::kPanel);
    colors[ImGuiCol_PopupBg] = to_vec4(Palette::kPanel);
    colors[ImGuiCol_FrameBg] = ImVec4(1, 1, 1, 1);
    colors[ImGuiCol_FrameBgHovered] = to_vec4(Palette::kAccentSoft);
    colors[ImGuiCol_FrameBgActive] = to_vec4(Palette::kAccentSoft);
    colors[ImGuiCol_Button] = ImVec4(0.93f, 0.90f, 0.86f, 1.0f);
    colors[ImGuiCol_ButtonHovered] = to_vec4(Palette::kAccentSoft);
    colors[ImGuiCol_ButtonActive] = ImVec4(0.85f, 0.70f, 0.62f, 1.0f);
    colors[ImGuiCol_Header] = to_vec4(Palette::kAccentSoft);
    colors[ImGuiCol_HeaderHovered] = ImVec4(0.95f, 0.86f, 0.80f, 1.0f);
    colors[ImGuiCol_HeaderActive] = ImVec4(0.90f, 0.78f, 0.70f, 1.0f);
    colors[ImGuiCol_Tab] = ImVec4(0.93f, 0.90f, 0.86f, 1.0f);
    colors[ImGuiCol_TabHovered] = to_vec4(Palette::kAccentSoft);
    colors[ImGuiCol_TabActive] = to_vec4(Palette::kPanel);
    colors[ImGuiCol_Separator] = ImVec4(0.85f, 0.80f, 0.74f, 1.0f);
    colors[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
    colors[ImGuiCol_ScrollbarGrab] = ImVec4(0.80f, 0.75f, 0.70f, 1.0f);
    colors[ImGuiCol_CheckMark] = to_vec4(Palette::kAccent);
    colors[ImGuiCol_PlotHistogram] = to_vec4(Palette::kAccent);
}

}  // namespace heritage::viewer
