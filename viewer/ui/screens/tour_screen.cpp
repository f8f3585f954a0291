#include "viewer/ui/screens/tour_screen.h"

#include <imgui.h>

#include <algorithm>

#include "viewer/ui/screens/artifact_screen.h"
#include "viewer/ui/theme.h"
#include "viewer/ui/widgets.h"

namespace heritage::viewer {
namespace {

const exhibit::Tour* find_tour(const App& app, const std::string& id) {
    for (const exhibit::Tour& tour : app.package.package.tours) {
        if (tour.id == id)
            return &tour;
    }
    return nullptr;
}

std::string tour_line(const App& app, const exhibit::Tour& tour) {
    std::string line = level_name(app, tour.level) + " · " + text_of(app, tour.subject);
    if (tour.grade)
        line += ", " + fill(word(app, "lesson.grade"), {{"n", std::to_string(*tour.grade)}});
    line += " · " +
            fill(word(app, "tours.steps"), {{"n", std::to_string(tour.steps.size())},
                                            {"minutes", std::to_string(tour.duration_minutes)}});
    return line;
}

// Large, wrapped text for a projector.
void large_text(App& app, const std::string& text) {
    ImGui::PushFont(app.fonts.large);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopFont();
}

// A page of tasks (before or after the visit), filling the body.
void draw_tasks_page(App& app, const std::string& title,
                     const std::vector<exhibit::LocalizedText>& tasks) {
    heading(app, title);
    ImGui::Spacing();
    ImGui::PushFont(app.fonts.large);
    int number = 0;
    for (const exhibit::LocalizedText& task : tasks) {
        ImGui::TextWrapped("%d. %s", ++number, text_of(app, task).c_str());
        ImGui::Spacing();
    }
    ImGui::PopFont();
}

}  // namespace

void draw_tour_list_screen(App& app) {
    if (draw_top_bar(app, word(app, "tours.title"), true)) {
        go_home(app);
        return;
    }
    const float scale = app.options.ui_scale;
    begin_body_window(app, "##tour_list");
    ImGui::PushStyleColor(ImGuiCol_Text, Palette::kMuted);
    paragraph(word(app, "tours.intro"));
    ImGui::PopStyleColor();
    ImGui::Spacing();
    int shown = 0;
    for (const exhibit::Tour& tour : app.package.package.tours) {
        if (tour.level != app.level)
            continue;
        ++shown;
        ImGui::PushID(tour.id.c_str());
        const ImVec2 top_left = ImGui::GetCursorScreenPos();
        const float width = ImGui::GetContentRegionAvail().x;
        const float height = 150.0f * scale;
        if (ImGui::InvisibleButton("tour", ImVec2(width, height)))
            open_tour(app, tour.id);
        app.layout.tour_cards[tour.id] = last_item_region();
        ImDrawList* draw = ImGui::GetWindowDrawList();
        draw->AddRectFilled(top_left, ImVec2(top_left.x + width, top_left.y + height),
                            ImGui::IsItemHovered() ? Palette::kAccentSoft : Palette::kPanel,
                            12.0f * scale);
        const float pad = 18.0f * scale;
        draw->AddText(app.fonts.heading, app.fonts.heading->FontSize,
                      ImVec2(top_left.x + pad, top_left.y + pad), Palette::kAccent,
                      text_of(app, tour.title).c_str());
        draw->AddText(app.fonts.bold, app.fonts.bold->FontSize,
                      ImVec2(top_left.x + pad, top_left.y + pad + 36.0f * scale), Palette::kText,
                      tour_line(app, tour).c_str());
        draw->AddText(app.fonts.body, app.fonts.body->FontSize,
                      ImVec2(top_left.x + pad, top_left.y + pad + 66.0f * scale), Palette::kMuted,
                      text_of(app, tour.description).c_str(), nullptr, width - 2 * pad);
        // Staff: edit this tour (not on a kiosk).
        if (!app.options.kiosk) {
            if (ImGui::Button(word(app, "editor.edit").c_str()))
                open_tour_editor(app, tour.id);
            app.layout.tour_edit_buttons[tour.id] = last_item_region();
        }
        ImGui::PopID();
        ImGui::Dummy(ImVec2(0, 10.0f * scale));
    }
    if (shown == 0)
        paragraph(word(app, "tours.none"));
    if (!app.options.kiosk) {
        ImGui::Spacing();
        if (ImGui::Button(word(app, "editor.new").c_str(), ImVec2(0, kTouchTarget * scale))) {
            open_tour_editor(app, "");
        }
        app.layout.editor_buttons["new"] = last_item_region();
    }
    ImGui::End();
}

void draw_tour_screen(App& app, float dt_s) {
    const exhibit::Tour* tour = find_tour(app, app.tour.tour_id);
    if (!tour) {
        open_tour_list(app);
        return;
    }
    if (draw_top_bar(app, text_of(app, tour->title), true)) {
        open_tour_list(app);
        return;
    }
    // Keys: a presenter remote sends PageDown/PageUp; arrows and space work too.
    ImGuiIO& io = ImGui::GetIO();
    if (!io.WantTextInput) {
        auto pressed = [](ImGuiKey key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key)); };
        if (pressed(ImGuiKey_PageDown) || pressed(ImGuiKey_RightArrow) || pressed(ImGuiKey_Space)) {
            show_tour_page(app, app.tour.page + 1);
        }
        if (pressed(ImGuiKey_PageUp) || pressed(ImGuiKey_LeftArrow)) {
            show_tour_page(app, app.tour.page - 1);
        }
        if (pressed(ImGuiKey_Escape)) {
            open_tour_list(app);
            return;
        }
    }

    const float scale = app.options.ui_scale;
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float top = top_bar_height(app);
    const float bottom_band = std::min(300.0f * scale, viewport->Size.y * 0.4f);
    const int last_page = int(tour->steps.size()) + 1;
    const int page = app.tour.page;

    // The band at the bottom: what the teacher reads and asks, and the step controls.
    ImGui::SetNextWindowPos(
        ImVec2(viewport->Pos.x, viewport->Pos.y + viewport->Size.y - bottom_band));
    ImGui::SetNextWindowSize(ImVec2(viewport->Size.x, bottom_band));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, to_vec4(Palette::kPanel));
    ImGui::Begin("##tour_band", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
    const float button_width = 170.0f * scale;
    const float button_height = 64.0f * scale;
    ImGui::BeginChild(
        "##narration",
        ImVec2(ImGui::GetContentRegionAvail().x - 2 * button_width - 30.0f * scale, 0), false,
        ImGuiWindowFlags_NoBackground);
    ImGui::PushStyleColor(ImGuiCol_Text, Palette::kMuted);
    if (page == 0) {
        paragraph(word(app, "tour.before"));
    } else if (page == last_page) {
        paragraph(word(app, "tour.after"));
    } else {
        paragraph(fill(word(app, "tour.step"), {{"n", std::to_string(page)},
                                                {"total", std::to_string(tour->steps.size())}}));
    }
    ImGui::PopStyleColor();
    if (page >= 1 && page < last_page) {
        const exhibit::TourStep& step = tour->steps[std::size_t(page - 1)];
        large_text(app, text_of(app, step.narration));
    } else {
        large_text(app, text_of(app, tour->title));
        paragraph(tour_line(app, *tour));
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::PushFont(app.fonts.heading);
    ImGui::BeginDisabled(page == 0);
    if (ImGui::Button(word(app, "tour.previous").c_str(), ImVec2(button_width, button_height))) {
        show_tour_page(app, page - 1);
    }
    ImGui::EndDisabled();
    app.layout.tour_previous = last_item_region();
    ImGui::SameLine();
    const char* next_key = page == 0           ? "tour.start"
                           : page == last_page ? "tour.finish"
                                               : "tour.next";
    ImGui::PushStyleColor(ImGuiCol_Button, to_vec4(Palette::kAccent));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.70f, 0.18f, 0.20f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(0.50f, 0.10f, 0.12f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    if (ImGui::Button(word(app, next_key).c_str(), ImVec2(button_width, button_height))) {
        if (page == last_page) {
            open_tour_list(app);
        } else {
            show_tour_page(app, page + 1);
        }
    }
    ImGui::PopStyleColor(4);
    app.layout.tour_next = last_item_region();
    ImGui::PopFont();
    ImGui::EndGroup();
    ImGui::End();
    ImGui::PopStyleColor();
    if (app.screen != Screen::Tour)
        return;

    // Above the band: the step's artifact, or the tasks before and after the visit.
    const glm::vec2 origin(viewport->Pos.x, viewport->Pos.y + top);
    const glm::vec2 size(viewport->Size.x, viewport->Size.y - top - bottom_band);
    if (page >= 1 && page < last_page) {
        const exhibit::Artifact* artifact =
            exhibit::find_artifact(app.package.package, app.artifact.artifact_id);
        if (artifact)
            draw_scene_view(app, *artifact, origin, size, dt_s);
        // The step's question for the class, in large type over the top of the view.
        const exhibit::TourStep& step = tour->steps[std::size_t(page - 1)];
        const std::string& question = text_of(app, step.question);
        if (!question.empty()) {
            const float margin = 16.0f * scale;
            ImGui::SetNextWindowPos(ImVec2(origin.x + margin, origin.y + margin));
            ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0),
                                                ImVec2(size.x * 0.62f, size.y - 2 * margin));
            ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(1.0f, 0.99f, 0.97f, 0.95f));
            ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 12.0f * scale);
            ImGui::Begin("##tour_question", nullptr,
                         ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                             ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize);
            ImGui::PushStyleColor(ImGuiCol_Text, Palette::kAccent);
            ImGui::PushFont(app.fonts.bold);
            ImGui::TextUnformatted(word(app, "tour.question").c_str());
            ImGui::PopFont();
            ImGui::PushFont(app.fonts.heading);
            ImGui::PushTextWrapPos(size.x * 0.6f);
            ImGui::TextWrapped("%s", question.c_str());
            ImGui::PopTextWrapPos();
            ImGui::PopFont();
            ImGui::PopStyleColor();
            ImGui::End();
            ImGui::PopStyleVar();
            ImGui::PopStyleColor();
        }
        return;
    }
    ImGui::SetNextWindowPos(ImVec2(origin.x, origin.y));
    ImGui::SetNextWindowSize(ImVec2(size.x, size.y));
    ImGui::Begin("##tour_tasks", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
    if (page == 0) {
        draw_tasks_page(app, word(app, "tour.before"), tour->before_visit);
    } else {
        draw_tasks_page(app, word(app, "tour.after"), tour->after_visit);
    }
    ImGui::End();
}

}  // namespace heritage::viewer
