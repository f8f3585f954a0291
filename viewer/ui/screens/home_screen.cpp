#include "viewer/ui/screens/home_screen.h"

#include <imgui.h>

#include <imgui_stdlib.h>
#include <cfloat>

#include "viewer/ui/theme.h"
#include "viewer/ui/widgets.h"

namespace heritage::viewer {
namespace {

const exhibit::EthnicGroup* find_group(const exhibit::Package& package, const std::string& id) {
    return exhibit::find_ethnic_group(package.exhibit, id);
}

// "Mông", "Tày, Nùng", or the culture ("Văn hóa Đông Sơn") for older finds.
std::string peoples_line(const App& app, const exhibit::Artifact& artifact) {
    std::string line;
    for (const std::string& id : artifact.ethnic_groups) {
        if (const exhibit::EthnicGroup* group = find_group(app.package.package, id)) {
            line += (line.empty() ? "" : ", ") + text_of(app, group->name);
        }
    }
    return line.empty() ? text_of(app, artifact.culture) : line;
}

// A combo over "all" plus the given (id, name) items; returns true when the choice changed.
template <class Items>
bool filter_combo(const char* id, const std::string& all_label, std::string& selected,
                  const Items& items, const App& app, float width) {
    std::string preview = all_label;
    for (const auto& item : items) {
        if (item.id == selected)
            preview = text_of(app, item.name);
    }
    bool changed = false;
    ImGui::SetNextItemWidth(width);
    if (ImGui::BeginCombo(id, preview.c_str(), ImGuiComboFlags_HeightLarge)) {
        if (ImGui::Selectable(all_label.c_str(), selected.empty())) {
            selected.clear();
            changed = true;
        }
        for (const auto& item : items) {
            if (ImGui::Selectable(text_of(app, item.name).c_str(), selected == item.id)) {
                selected = item.id;
                changed = true;
            }
        }
        ImGui::EndCombo();
    }
    return changed;
}

// `text` shortened with an ellipsis so that it fits `width` pixels in `font`.
std::string fit_text(ImFont* font, const std::string& text, float width) {
    auto fits = [&](const std::string& candidate) {
        return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, candidate.c_str()).x <= width;
    };
    if (fits(text))
        return text;
    std::string fitted = text;
    while (!fitted.empty()) {
        // Drop the last UTF-8 character (its continuation bytes, then its lead byte).
        while (!fitted.empty() && (static_cast<unsigned char>(fitted.back()) & 0xC0) == 0x80) {
            fitted.pop_back();
        }
        if (!fitted.empty())
            fitted.pop_back();
        if (fits(fitted + "…"))
            return fitted + "…";
    }
    return "…";
}

void draw_card(App& app, const exhibit::Artifact& artifact, float width) {
    const float scale = app.options.ui_scale;
    ImGui::PushID(artifact.id.c_str());
    ImGui::BeginGroup();
    const ImVec2 top_left = ImGui::GetCursorScreenPos();
    const float image_size = width;
    const float text_height = 96.0f * scale;
    // The whole card is one button: a visitor touches anywhere on it.
    if (ImGui::InvisibleButton("card", ImVec2(width, image_size + text_height))) {
        open_artifact(app, artifact.id);
    }
    const bool hovered = ImGui::IsItemHovered();
    app.layout.cards[artifact.id] = last_item_region();

    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 bottom_right(top_left.x + width, top_left.y + image_size + text_height);
    draw->AddRectFilled(ImVec2(top_left.x + 3 * scale, top_left.y + 4 * scale),
                        ImVec2(bottom_right.x + 3 * scale, bottom_right.y + 4 * scale),
                        IM_COL32(0, 0, 0, 28), 12.0f * scale);  // soft shadow
    draw->AddRectFilled(top_left, bottom_right, hovered ? Palette::kAccentSoft : Palette::kPanel,
                        12.0f * scale);
    const auto thumbnail = app.thumbnails.find(artifact.id);
    if (thumbnail != app.thumbnails.end() && thumbnail->second != 0) {
        draw->AddImageRounded(reinterpret_cast<ImTextureID>(thumbnail->second), top_left,
                              ImVec2(top_left.x + image_size, top_left.y + image_size),
                              ImVec2(0, 0), ImVec2(1, 1), IM_COL32_WHITE, 12.0f * scale,
                              ImDrawFlags_RoundCornersTop);
    }
    // Title (two lines at most) and the people or culture.
    const float pad = 12.0f * scale;
    const ImVec2 text_at(top_left.x + pad, top_left.y + image_size + pad * 0.6f);
    const std::string& title = text_of(app, artifact.title);
    draw->AddText(app.fonts.bold, app.fonts.bold->FontSize, text_at, Palette::kText, title.c_str(),
                  nullptr, width - 2 * pad);
    draw->AddText(
        app.fonts.body, app.fonts.body->FontSize,
        ImVec2(text_at.x, top_left.y + image_size + text_height - pad - app.fonts.body->FontSize),
        Palette::kMuted,
        fit_text(app.fonts.body, peoples_line(app, artifact), width - 2 * pad).c_str());
    ImGui::EndGroup();
    ImGui::PopID();
}

}  // namespace

void draw_home_screen(App& app) {
    const exhibit::Package& package = app.package.package;
    draw_top_bar(app, text_of(app, package.exhibit.title), false);

    const float scale = app.options.ui_scale;
    begin_body_window(app, "##home");

    // The exhibit's introduction.
    ImGui::PushStyleColor(ImGuiCol_Text, Palette::kMuted);
    paragraph(text_of(app, package.exhibit.description));
    ImGui::PopStyleColor();
    ImGui::Spacing();

    // Search and filters, touch-sized.
    HomeState& home = app.home;
    const float field_width = std::min(420.0f * scale, ImGui::GetContentRegionAvail().x * 0.4f);
    ImGui::SetNextItemWidth(field_width);
    if (ImGui::InputTextWithHint("##search", word(app, "home.search_hint").c_str(),
                                 &home.search_input)) {
        home.filter.query = home.search_input;
    }
    app.layout.search_box = last_item_region();
    ImGui::SameLine();
    filter_combo("##group", word(app, "home.all_groups"), home.filter.ethnic_group,
                 package.exhibit.ethnic_groups, app, 240.0f * scale);
    ImGui::SameLine();
    filter_combo("##category", word(app, "home.all_categories"), home.filter.category,
                 package.exhibit.categories, app, 240.0f * scale);
    const bool filtering = !home.filter.query.empty() || !home.filter.ethnic_group.empty() ||
                           !home.filter.category.empty();
    if (filtering) {
        ImGui::SameLine();
        if (ImGui::Button(word(app, "home.clear_filters").c_str())) {
            const bool approved_only = home.filter.approved_only;  // a kiosk's rule stays
            home = HomeState{};
            home.filter.approved_only = approved_only;
        }
    }
    // Teacher mode: the curriculum tours, at the right end of the row.
    if (!package.tours.empty() && !app.options.kiosk) {  // teachers' tours: not on a kiosk
        const std::string& tours = word(app, "tours.button");
        const float width =
            ImGui::CalcTextSize(tours.c_str()).x + 2 * ImGui::GetStyle().FramePadding.x;
        ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - width);
        ImGui::PushStyleColor(ImGuiCol_Button, to_vec4(Palette::kAccent));
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
        if (ImGui::Button(tours.c_str()))
            open_tour_list(app);
        ImGui::PopStyleColor(2);
        app.layout.tours_button = last_item_region();
    }
    ImGui::Spacing();

    // Sections of cards.
    ImGui::BeginChild("##cards", ImVec2(0, 0), false, ImGuiWindowFlags_NoBackground);
    const float card_width = 230.0f * scale;
    const float spacing = 22.0f * scale;
    const int per_row =
        std::max(1, int((ImGui::GetContentRegionAvail().x + spacing) / (card_width + spacing)));
    int shown = 0;
    for (const exhibit::Section& section : package.exhibit.sections) {
        const std::vector<std::string> ids = filter_section(package, section, home.filter);
        if (ids.empty())
            continue;
        ImGui::Spacing();
        heading(app, text_of(app, section.title));
        ImGui::Spacing();
        int column = 0;
        for (const std::string& id : ids) {
            if (column > 0)
                ImGui::SameLine(0.0f, spacing);
            draw_card(app, *exhibit::find_artifact(package, id), card_width);
            column = (column + 1) % per_row;
            if (column == 0)
                ImGui::Dummy(ImVec2(0, spacing * 0.5f));
            ++shown;
        }
        ImGui::Dummy(ImVec2(0, spacing));
    }
    if (shown == 0) {
        ImGui::Spacing();
        paragraph(word(app, home.filter.approved_only && !filtering ? "kiosk.nothing_approved"
                                                                    : "home.no_results"));
    }
    ImGui::EndChild();
    ImGui::End();
}

}  // namespace heritage::viewer
