#include "viewer/ui/screens/tour_editor_screen.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <sstream>

#include "exhibit/error.h"
#include "viewer/ui/screens/artifact_screen.h"
#include "viewer/ui/theme.h"
#include "viewer/ui/tour_editing.h"
#include "viewer/ui/widgets.h"

namespace heritage::viewer {
namespace {

// One text field per language of the exhibit (a new language gets its field automatically).
void localized_field(App& app, const char* id, exhibit::LocalizedText& text, bool multiline) {
    const float width = ImGui::GetContentRegionAvail().x;
    for (const exhibit::Language& language : app.package.package.exhibit.languages) {
        std::string& value = text.by_language[language.tag];
        ImGui::PushID(language.tag.c_str());
        ImGui::TextDisabled("%s", language.name.c_str());
        if (multiline) {
            ImGui::InputTextMultiline(id, &value, ImVec2(width, 70.0f * app.options.ui_scale));
        } else {
            ImGui::SetNextItemWidth(width);
            ImGui::InputText(id, &value);
        }
        ImGui::PopID();
        if (value.empty())
            text.by_language.erase(language.tag);
    }
}

// Tasks as lines of text, per language.
void task_lines(App& app, const char* id, std::vector<exhibit::LocalizedText>& tasks) {
    for (const exhibit::Language& language : app.package.package.exhibit.languages) {
        std::string lines;
        for (const exhibit::LocalizedText& task : tasks) {
            const auto found = task.by_language.find(language.tag);
            lines += (found == task.by_language.end() ? "" : found->second) + "\n";
        }
        if (!lines.empty())
            lines.pop_back();
        ImGui::PushID(language.tag.c_str());
        ImGui::TextDisabled("%s", language.name.c_str());
        if (ImGui::InputTextMultiline(
                id, &lines,
                ImVec2(ImGui::GetContentRegionAvail().x, 70.0f * app.options.ui_scale))) {
            std::istringstream in(lines);
            std::size_t index = 0;
            for (std::string line; std::getline(in, line); ++index) {
                if (index >= tasks.size())
                    tasks.emplace_back();
                if (line.empty()) {
                    tasks[index].by_language.erase(language.tag);
                } else {
                    tasks[index].by_language[language.tag] = line;
                }
            }
            tasks.erase(std::remove_if(tasks.begin(), tasks.end(),
                                       [](const exhibit::LocalizedText& t) { return t.empty(); }),
                        tasks.end());
        }
        ImGui::PopID();
    }
}

bool editor_button(App& app, const char* key, const std::string& label, float width = 0.0f) {
    const bool pressed =
        ImGui::Button(label.c_str(), ImVec2(width, kTouchTarget * app.options.ui_scale));
    app.layout.editor_buttons[key] = last_item_region();
    return pressed;
}

void show_step(App& app, const exhibit::TourStep& step) {
    if (app.artifact.artifact_id != step.artifact) {
        app.artifact = ArtifactScreenState{};
        app.artifact.artifact_id = step.artifact;
    }
    if (step.camera) {
        app.artifact.pending_view = PendingView{
            glm::vec3(step.camera->eye[0], step.camera->eye[1], step.camera->eye[2]),
            glm::vec3(step.camera->target[0], step.camera->target[1], step.camera->target[2])};
    }
}

}  // namespace

void draw_tour_editor_screen(App& app, float dt_s) {
    TourEditorState& editor = app.editor;
    exhibit::Tour& tour = editor.tour;
    if (draw_top_bar(app, word(app, "editor.title"), true)) {
        open_tour_list(app);
        return;
    }
    const float scale = app.options.ui_scale;
    const SplitLayout layout = split_layout(app, 0.42f, 420.0f, 640.0f);
    const exhibit::Package& package = app.package.package;
    if (app.artifact.artifact_id.empty() && !package.artifacts.empty()) {
        app.artifact.artifact_id = package.artifacts.front().id;
    }
    // Looked up again after saving: save_tour replaces the package in memory.
    const exhibit::Artifact* artifact = exhibit::find_artifact(package, app.artifact.artifact_id);

    begin_side_panel(layout, "##editor");

    // Save, and what came of it.
    ImGui::PushStyleColor(ImGuiCol_Button, to_vec4(Palette::kAccent));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    if (editor_button(app, "save", word(app, "editor.save"))) {
        try {
            const std::vector<exhibit::Problem> problems = save_tour(app.package.package, tour);
            editor.problems.clear();
            for (const exhibit::Problem& problem : problems) {
                editor.problems.push_back(exhibit::format_problem(problem));
            }
            editor.message = word(app, problems.empty() ? "editor.saved" : "editor.not_saved");
            if (problems.empty())
                editor.is_new = false;
        } catch (const Error& error) {
            editor.message = error.what();
        }
    }
    ImGui::PopStyleColor(2);
    ImGui::SameLine();
    // The main action stays in view: the current view (and chosen hotspot) as a new step.
    if (editor_button(app, "add_step", word(app, "editor.add_step")) && artifact) {
        tour.steps.push_back(
            step_from_view(*artifact, app.artifact.camera, editor.annotation_for_new_step));
    }
    ImGui::SameLine();
    if (editor_button(app, "close", word(app, "editor.close"))) {
        open_tour_list(app);
        end_side_panel();
        return;
    }
    artifact = exhibit::find_artifact(app.package.package, app.artifact.artifact_id);
    if (!editor.message.empty()) {
        ImGui::PushStyleColor(
            ImGuiCol_Text, editor.problems.empty() ? IM_COL32(46, 125, 50, 255) : Palette::kError);
        paragraph(editor.message);
        for (const std::string& problem : editor.problems)
            bullet(problem);
        ImGui::PopStyleColor();
    }
    ImGui::Separator();
    ImGui::BeginChild("##editor_fields", ImVec2(0, 0), false, ImGuiWindowFlags_NoBackground);

    // The tour itself.
    if (editor.is_new) {
        ImGui::TextUnformatted(word(app, "editor.id").c_str());
        ImGui::SetNextItemWidth(-1);
        ImGui::InputText("##id", &tour.id);
    }
    ImGui::TextUnformatted(word(app, "editor.tour_title").c_str());
    localized_field(app, "##title", tour.title, false);
    ImGui::TextUnformatted(word(app, "editor.subject").c_str());
    localized_field(app, "##subject", tour.subject, false);
    ImGui::TextUnformatted(word(app, "app.level").c_str());
    for (exhibit::SchoolLevel level : exhibit::kSchoolLevels) {
        ImGui::SameLine();
        if (ImGui::RadioButton(level_name(app, level).c_str(), tour.level == level))
            tour.level = level;
    }
    int grade = tour.grade.value_or(0);
    ImGui::SetNextItemWidth(160.0f * scale);
    if (ImGui::InputInt(word(app, "editor.grade").c_str(), &grade)) {
        tour.grade = grade > 0 ? std::optional<int>(grade) : std::nullopt;
    }
    ImGui::SetNextItemWidth(160.0f * scale);
    ImGui::InputInt(word(app, "editor.duration").c_str(), &tour.duration_minutes);
    heading(app, word(app, "tour.before"));
    task_lines(app, "##before", tour.before_visit);

    // Steps: add the current view, then each step's text and order.
    ImGui::Spacing();
    heading(app, word(app, "editor.steps"));
    ImGui::TextUnformatted(word(app, "editor.artifact").c_str());
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##artifact", artifact ? text_of(app, artifact->title).c_str() : "")) {
        for (const exhibit::Artifact& candidate : package.artifacts) {
            if (ImGui::Selectable(text_of(app, candidate.title).c_str(), artifact == &candidate)) {
                app.artifact = ArtifactScreenState{};
                app.artifact.artifact_id = candidate.id;
                editor.annotation_for_new_step = -1;
            }
        }
        ImGui::EndCombo();
    }
    if (artifact) {
        ImGui::TextUnformatted(word(app, "editor.annotation").c_str());
        ImGui::SetNextItemWidth(-1);
        const int chosen = editor.annotation_for_new_step;
        const std::string preview =
            chosen >= 0 && chosen < int(artifact->annotations.size())
                ? text_of(app, artifact->annotations[std::size_t(chosen)].title)
                : word(app, "editor.no_annotation");
        if (ImGui::BeginCombo("##annotation", preview.c_str())) {
            if (ImGui::Selectable(word(app, "editor.no_annotation").c_str(), chosen < 0)) {
                editor.annotation_for_new_step = -1;
            }
            for (std::size_t i = 0; i < artifact->annotations.size(); ++i) {
                if (ImGui::Selectable(text_of(app, artifact->annotations[i].title).c_str(),
                                      chosen == int(i))) {
                    editor.annotation_for_new_step = int(i);
                    app.artifact.selected_annotation = int(i);
                }
            }
            ImGui::EndCombo();
        }
    }
    int move_from = -1, move_to = -1, remove = -1;
    for (std::size_t i = 0; i < tour.steps.size(); ++i) {
        exhibit::TourStep& step = tour.steps[i];
        ImGui::PushID(int(i));
        ImGui::Separator();
        const exhibit::Artifact* shown = exhibit::find_artifact(package, step.artifact);
        ImGui::PushFont(app.fonts.bold);
        ImGui::TextWrapped("%s",
                           fill(word(app, "editor.step"),
                                {{"n", std::to_string(i + 1)},
                                 {"artifact", shown ? text_of(app, shown->title) : step.artifact}})
                               .c_str());
        ImGui::PopFont();
        if (ImGui::Button("↑") && i > 0) {
            move_from = int(i);
            move_to = int(i) - 1;
        }
        ImGui::SameLine();
        if (ImGui::Button("↓")) {
            move_from = int(i);
            move_to = int(i) + 1;
        }
        ImGui::SameLine();
        if (ImGui::Button(word(app, "editor.show").c_str()))
            show_step(app, step);
        ImGui::SameLine();
        if (ImGui::Button(word(app, "editor.use_view").c_str()) && artifact &&
            artifact->id == step.artifact) {
            step.camera = step_from_view(*artifact, app.artifact.camera, -1).camera;
        }
        ImGui::SameLine();
        if (ImGui::Button(word(app, "editor.remove").c_str()))
            remove = int(i);
        ImGui::TextUnformatted(word(app, "editor.narration").c_str());
        localized_field(app, "##narration", step.narration, true);
        ImGui::TextUnformatted(word(app, "tour.question").c_str());
        localized_field(app, "##question", step.question, false);
        ImGui::PopID();
    }
    if (move_from >= 0)
        move_step(tour, move_from, move_to);
    if (remove >= 0)
        remove_step(tour, remove);
    ImGui::Spacing();
    heading(app, word(app, "tour.after"));
    task_lines(app, "##after", tour.after_visit);
    ImGui::EndChild();
    end_side_panel();

    artifact = exhibit::find_artifact(app.package.package, app.artifact.artifact_id);
    if (artifact)
        draw_scene_view(app, *artifact, layout.view_origin, layout.view_size, dt_s);
}

}  // namespace heritage::viewer
