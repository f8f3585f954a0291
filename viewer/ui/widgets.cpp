#include "viewer/ui/widgets.h"

#include <imgui.h>

#include <algorithm>
#include <cctype>

#include "viewer/ui/theme.h"

namespace heritage::viewer {

HitRegion last_item_region() {
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    return {{min.x, min.y}, {max.x, max.y}};
}

const std::string& level_name(const App& app, exhibit::SchoolLevel level) {
    return word(app, "level." + std::string(exhibit::to_string(level)));
}

float top_bar_height(const App& app) {
    return 76.0f * app.options.ui_scale;
}

void begin_body_window(const App& app, const char* id) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float top = top_bar_height(app);
    ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x, viewport->Pos.y + top));
    ImGui::SetNextWindowSize(ImVec2(viewport->Size.x, viewport->Size.y - top));
    ImGui::Begin(id, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
}

SplitLayout split_layout(const App& app, float share, float min_px, float max_px) {
    const float scale = app.options.ui_scale;
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float top = top_bar_height(app);
    const float panel = std::clamp(viewport->Size.x * share, min_px * scale, max_px * scale);
    return {{viewport->Pos.x, viewport->Pos.y + top},
            {viewport->Size.x - panel, viewport->Size.y - top}};
}

void begin_side_panel(const SplitLayout& layout, const char* id) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(
        ImVec2(layout.view_origin.x + layout.view_size.x, layout.view_origin.y));
    ImGui::SetNextWindowSize(
        ImVec2(viewport->Pos.x + viewport->Size.x - layout.view_origin.x - layout.view_size.x,
               layout.view_size.y));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, to_vec4(Palette::kPanel));
    ImGui::Begin(id, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
}

void end_side_panel() {
    ImGui::End();
    ImGui::PopStyleColor();
}

void heading(App& app, const std::string& text) {
    ImGui::PushFont(app.fonts.heading);
    ImGui::PushStyleColor(ImGuiCol_Text, Palette::kAccent);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
}

void labelled(App& app, const std::string& label, const std::string& value) {
    if (value.empty())
        return;
    ImGui::PushFont(app.fonts.bold);
    ImGui::TextUnformatted(label.c_str());
    ImGui::PopFont();
    ImGui::Indent();
    paragraph(value);
    ImGui::Unindent();
}

void paragraph(const std::string& text) {
    ImGui::TextWrapped("%s", text.c_str());
}

void bullet(const std::string& text) {
    ImGui::Bullet();
    ImGui::SameLine();
    ImGui::TextWrapped("%s", text.c_str());
}

// A language's button label: its tag in capitals ("VI", "EN", "HNJ").
static std::string language_label(const std::string& tag) {
    std::string label = tag;
    for (char& c : label)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    return label;
}

// A row of touch-sized toggle buttons; `selected` marks the current one.
static bool toggle_button(const std::string& label, bool selected, float height) {
    if (selected) {
        ImGui::PushStyleColor(ImGuiCol_Button, to_vec4(Palette::kAccent));
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, to_vec4(Palette::kAccent));
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    }
    const bool pressed = ImGui::Button(label.c_str(), ImVec2(0, height));
    if (selected)
        ImGui::PopStyleColor(3);
    return pressed;
}

bool draw_top_bar(App& app, const std::string& title, bool show_back) {
    const float scale = app.options.ui_scale;
    const float bar_height = top_bar_height(app);
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->Pos);
    ImGui::SetNextWindowSize(ImVec2(viewport->Size.x, bar_height));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, to_vec4(Palette::kPanel));
    ImGui::Begin("##top_bar", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
    const float button_height = kTouchTarget * scale;
    ImGui::SetCursorPosY((bar_height - button_height) * 0.5f);
    bool back = false;
    if (show_back) {
        back = ImGui::Button(word(app, "app.back").c_str(), ImVec2(0, button_height));
        app.layout.back_button = last_item_region();
        ImGui::SameLine();
    }

    // The switches on the right: measure them first, then place the title in what is left.
    const exhibit::Exhibit& exhibit = app.package.package.exhibit;
    const ImGuiStyle& style = ImGui::GetStyle();
    auto button_width = [&](const std::string& label) {
        return ImGui::CalcTextSize(label.c_str()).x + style.FramePadding.x * 2 +
               style.ItemSpacing.x;
    };
    float switches = 0.0f;
    for (const exhibit::Language& language : exhibit.languages) {
        switches += button_width(language_label(language.tag));
    }
    for (exhibit::SchoolLevel level : exhibit::kSchoolLevels)
        switches += button_width(level_name(app, level));
    switches += 24.0f * scale;

    const float title_x = ImGui::GetCursorPosX();
    const float title_width = ImGui::GetWindowWidth() - switches - title_x - style.WindowPadding.x;
    ImGui::PushFont(app.fonts.title);
    const float title_y = (bar_height - ImGui::GetFontSize()) * 0.5f;
    ImGui::SetCursorPos(ImVec2(title_x, title_y));
    ImGui::PushClipRect(ImGui::GetCursorScreenPos(),
                        ImVec2(ImGui::GetCursorScreenPos().x + title_width,
                               ImGui::GetCursorScreenPos().y + bar_height),
                        true);
    ImGui::PushStyleColor(ImGuiCol_Text, Palette::kAccent);
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopStyleColor();
    ImGui::PopClipRect();
    ImGui::PopFont();

    // Language switch (the package's languages, by tag) and level switch.
    ImGui::SameLine(ImGui::GetWindowWidth() - switches);
    ImGui::SetCursorPosY((bar_height - button_height) * 0.5f);
    for (const exhibit::Language& language : exhibit.languages) {
        ImGui::PushID(language.tag.c_str());
        if (toggle_button(language_label(language.tag), app.language == language.tag,
                          button_height)) {
            app.language = language.tag;
        }
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", language.name.c_str());
        app.layout.language_buttons[language.tag] = last_item_region();
        ImGui::PopID();
        ImGui::SameLine();
    }
    ImGui::Dummy(ImVec2(12.0f * scale, 0));
    ImGui::SameLine();
    for (exhibit::SchoolLevel level : exhibit::kSchoolLevels) {
        ImGui::PushID(static_cast<int>(level));
        if (toggle_button(level_name(app, level), app.level == level, button_height)) {
            app.level = level;
        }
        app.layout.level_buttons[std::string(exhibit::to_string(level))] = last_item_region();
        ImGui::PopID();
        ImGui::SameLine();
    }
    ImGui::End();
    ImGui::PopStyleColor();
    return back;
}

}  // namespace heritage::viewer
