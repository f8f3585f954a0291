// The artifact screen's side panel: About, Hotspots, Lesson (for the chosen level), Sources.
#include <imgui.h>

#include <cstdio>

#include "viewer/ui/screens/artifact_screen.h"
#include "viewer/ui/theme.h"
#include "viewer/ui/widgets.h"

namespace heritage::viewer {
namespace {

std::string join_texts(const App& app, const std::vector<exhibit::LocalizedText>& texts) {
    std::string out;
    for (const exhibit::LocalizedText& text : texts) {
        out += (out.empty() ? "" : ", ") + text_of(app, text);
    }
    return out;
}

std::string number_text(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

std::string dimensions_text(const App& app, const exhibit::Dimensions& size) {
    std::string out;
    auto add = [&](const char* key, const std::optional<double>& value, const char* unit) {
        if (!value)
            return;
        out += (out.empty() ? "" : " · ") + word(app, key) + " " + number_text(*value) + " " + unit;
    };
    add("label.height", size.height_mm, "mm");
    add("label.width", size.width_mm, "mm");
    add("label.depth", size.depth_mm, "mm");
    add("label.diameter", size.diameter_mm, "mm");
    add("label.weight", size.weight_g, "g");
    if (!out.empty() && size.approximate)
        out += " (" + word(app, "label.approximate") + ")";
    const std::string& note = text_of(app, size.note);
    if (!note.empty())
        out += (out.empty() ? "" : "\n") + note;
    return out;
}

std::string peoples_text(const App& app, const exhibit::Artifact& artifact) {
    std::string out;
    for (const std::string& id : artifact.ethnic_groups) {
        for (const exhibit::EthnicGroup& group : app.package.package.exhibit.ethnic_groups) {
            if (group.id != id)
                continue;
            std::string name = text_of(app, group.name);
            if (!group.autonym.empty() && group.autonym != name)
                name += " (" + group.autonym + ")";
            out += (out.empty() ? "" : ", ") + name;
        }
    }
    return out;
}

void draw_info(App& app, const exhibit::Artifact& artifact) {
    heading(app, text_of(app, artifact.title));
    paragraph(text_of(app, artifact.description));
    if (artifact.sensitivity.sacred) {
        ImGui::Spacing();
        ImGui::PushStyleColor(ImGuiCol_Text, Palette::kWarning);
        ImGui::PushFont(app.fonts.bold);
        paragraph(word(app, "label.sacred"));
        ImGui::PopFont();
        ImGui::PopStyleColor();
        paragraph(text_of(app, artifact.sensitivity.note));
    }
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    labelled(app, word(app, "label.ethnic_groups"), peoples_text(app, artifact));
    labelled(app, word(app, "label.culture"), text_of(app, artifact.culture));
    for (const exhibit::Category& category : app.package.package.exhibit.categories) {
        if (category.id == artifact.category) {
            labelled(app, word(app, "label.category"), text_of(app, category.name));
        }
    }
    labelled(app, word(app, "label.materials"), join_texts(app, artifact.materials));
    labelled(app, word(app, "label.dimensions"), dimensions_text(app, artifact.dimensions));
    labelled(app, word(app, "label.period"), text_of(app, artifact.period.label));
    labelled(app, word(app, "label.origin"), text_of(app, artifact.origin.name));
    labelled(app, word(app, "label.provenance"), text_of(app, artifact.provenance));
    std::string recognitions;
    for (const exhibit::Recognition& recognition : artifact.recognitions) {
        std::string line = text_of(app, recognition.title);
        if (!recognition.decision.empty())
            line += " – " + recognition.decision;
        if (!recognition.date.empty())
            line += " (" + recognition.date + ")";
        recognitions += (recognitions.empty() ? "" : "\n") + line;
    }
    labelled(app, word(app, "label.recognitions"), recognitions);
    labelled(app, word(app, "label.accession"), artifact.accession_number);
    labelled(app, word(app, "label.rights"),
             artifact.rights.holder + " · " + artifact.rights.licence);
}

void draw_annotations(App& app, const exhibit::Artifact& artifact) {
    int number = 0;
    for (std::size_t i = 0; i < artifact.annotations.size(); ++i) {
        const exhibit::Annotation& annotation = artifact.annotations[i];
        if (!annotation_visible(app, annotation))
            continue;
        ++number;
        const bool selected = int(i) == app.artifact.selected_annotation;
        char label[512];
        std::snprintf(label, sizeof label, "%d.  %s##annotation%zu", number,
                      text_of(app, annotation.title).c_str(), i);
        ImGui::PushFont(app.fonts.bold);
        if (ImGui::Selectable(label, selected, 0,
                              ImVec2(0, kTouchTarget * app.options.ui_scale * 0.8f))) {
            select_annotation(app, artifact, selected ? -1 : int(i));
        }
        ImGui::PopFont();
        if (selected) {
            ImGui::Indent();
            paragraph(text_of(app, annotation.text));
            ImGui::Unindent();
            ImGui::Spacing();
        }
    }
    if (number == 0)
        paragraph(word(app, "annotations.none"));
}

void draw_activity(App& app, const exhibit::LessonPlan& plan, const exhibit::Activity& activity) {
    std::string title = word(app, "phase." + activity.phase);
    const std::string& own = text_of(app, activity.title);
    if (!own.empty())
        title += ": " + own;
    if (activity.duration_minutes) {
        title +=
            " (" +
            fill(word(app, "lesson.minutes"), {{"n", std::to_string(*activity.duration_minutes)}}) +
            ")";
    }
    ImGui::PushFont(app.fonts.bold);
    ImGui::PushStyleColor(ImGuiCol_Text, Palette::kAccent);
    paragraph(title);
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::Indent();
    labelled(app, word(app, "lesson.aim"), text_of(app, activity.aim));
    labelled(app, word(app, "lesson.content"), text_of(app, activity.content));
    labelled(app, word(app, "lesson.product"), text_of(app, activity.product));
    if (activity.organisation) {
        labelled(app, word(app, "lesson.assign"), text_of(app, activity.organisation->assign));
        labelled(app, word(app, "lesson.perform"), text_of(app, activity.organisation->perform));
        labelled(app, word(app, "lesson.report"), text_of(app, activity.organisation->report));
        labelled(app, word(app, "lesson.conclude"), text_of(app, activity.organisation->conclude));
    }
    labelled(app, word(app, "lesson.teacher"), text_of(app, activity.teacher));
    labelled(app, word(app, "lesson.pupils"), text_of(app, activity.pupils));
    ImGui::Unindent();
    (void)plan;
}

void draw_lesson(App& app, const exhibit::Artifact& artifact) {
    const auto& min_level = artifact.sensitivity.min_level;
    if (min_level && app.level < *min_level) {
        paragraph(fill(word(app, "lesson.restricted"), {{"level", level_name(app, *min_level)}}));
        return;
    }
    const exhibit::LessonPlan* plan = nullptr;
    for (const exhibit::LessonPlan& candidate : artifact.lesson_plans) {
        if (candidate.level == app.level)
            plan = &candidate;
    }
    if (!plan) {
        paragraph(word(app, "lesson.none"));
        return;
    }
    const bool preschool = plan->lesson_template == exhibit::LessonTemplate::Preschool;
    const char* template_key = preschool ? "template.preschool"
                               : plan->lesson_template == exhibit::LessonTemplate::Cv2345
                                   ? "template.cv2345"
                                   : "template.cv5512";
    ImGui::PushStyleColor(ImGuiCol_Text, Palette::kMuted);
    paragraph(word(app, template_key));
    ImGui::PopStyleColor();
    heading(app, text_of(app, plan->title));
    app.layout.lesson_title = text_of(app, plan->title);

    // Where it sits in the programme: subject and grade, or the preschool theme.
    const exhibit::CurriculumLink& link = plan->curriculum;
    std::string where = preschool ? text_of(app, link.theme) : text_of(app, link.subject);
    if (link.grade)
        where += ", " + fill(word(app, "lesson.grade"), {{"n", std::to_string(*link.grade)}});
    if (preschool && !link.age_band.empty())
        where += " (" + link.age_band + ")";
    const std::string& topic = text_of(app, link.topic);
    if (!topic.empty())
        where += " – " + topic;
    paragraph(where);
    paragraph(fill(word(app, "lesson.duration"), {{"n", std::to_string(plan->duration_minutes)}}));
    ImGui::Spacing();

    heading(app, word(app, "lesson.objectives"));
    auto list = [&](const std::string& label, const std::vector<exhibit::LocalizedText>& items) {
        if (items.empty())
            return;
        ImGui::PushFont(app.fonts.bold);
        paragraph(label);
        ImGui::PopFont();
        for (const exhibit::LocalizedText& item : items)
            bullet(text_of(app, item));
    };
    list(word(app, "lesson.knowledge"), plan->objectives.knowledge);
    list(word(app, preschool ? "lesson.skills_preschool" : "lesson.skills"),
         plan->objectives.skills);
    list(word(app, preschool ? "lesson.attitudes_preschool" : "lesson.attitudes"),
         plan->objectives.attitudes);
    if (!plan->materials.empty()) {
        ImGui::Spacing();
        heading(app, word(app, "lesson.materials"));
        for (const exhibit::LocalizedText& item : plan->materials)
            bullet(text_of(app, item));
    }
    if (!plan->key_facts.empty()) {
        ImGui::Spacing();
        heading(app, word(app, "lesson.key_facts"));
        for (const exhibit::KeyFact& fact : plan->key_facts) {
            std::string line = text_of(app, fact.text);
            if (fact.confidence != "sourced")
                line += " (" + word(app, "confidence." + fact.confidence) + ")";
            bullet(line);
        }
    }
    ImGui::Spacing();
    heading(app, word(app, "lesson.activities"));
    for (const exhibit::Activity& activity : plan->activities)
        draw_activity(app, *plan, activity);
    if (!plan->questions.empty()) {
        ImGui::Spacing();
        heading(app, word(app, "lesson.questions"));
        for (const exhibit::LocalizedText& question : plan->questions)
            bullet(text_of(app, question));
    }
}

// Green and red for right and wrong answers, readable with white text.
constexpr ImU32 kRight = IM_COL32(46, 125, 50, 255);
constexpr ImU32 kWrong = IM_COL32(176, 42, 42, 255);

void draw_quiz(App& app, const exhibit::Artifact& artifact) {
    QuizState& quiz = app.artifact.quiz;
    if (quiz.level != app.level)
        quiz = QuizState{app.level};  // a new level starts over
    std::vector<const exhibit::QuizQuestion*> questions;
    for (const exhibit::QuizQuestion& question : artifact.quiz) {
        if (question.level == app.level)
            questions.push_back(&question);
    }
    const auto& min_level = artifact.sensitivity.min_level;
    if (questions.empty() || (min_level && app.level < *min_level)) {
        paragraph(word(app, "quiz.none"));
        return;
    }
    const float scale = app.options.ui_scale;
    const float full_width = ImGui::GetContentRegionAvail().x;
    if (quiz.finished) {
        heading(app, fill(word(app, "quiz.score"), {{"right", std::to_string(quiz.correct)},
                                                    {"total", std::to_string(questions.size())}}));
        paragraph(
            word(app, quiz.correct == int(questions.size()) ? "quiz.perfect" : "quiz.well_done"));
        ImGui::Spacing();
        if (ImGui::Button(word(app, "quiz.again").c_str(),
                          ImVec2(full_width, kTouchTarget * scale))) {
            quiz = QuizState{app.level};
        }
        app.layout.quiz_next = last_item_region();
        return;
    }
    const exhibit::QuizQuestion& question = *questions[std::size_t(quiz.question)];
    ImGui::PushStyleColor(ImGuiCol_Text, Palette::kMuted);
    paragraph(fill(word(app, "quiz.progress"), {{"n", std::to_string(quiz.question + 1)},
                                                {"total", std::to_string(questions.size())}}));
    ImGui::PopStyleColor();
    heading(app, text_of(app, question.question));
    ImGui::Spacing();
    const bool answered = quiz.chosen >= 0;
    for (std::size_t i = 0; i < question.options.size(); ++i) {
        const int option = int(i);
        int colors = 0;
        if (answered && option == question.answer) {
            ImGui::PushStyleColor(ImGuiCol_Button, kRight);
            colors = 1;
        } else if (answered && option == quiz.chosen) {
            ImGui::PushStyleColor(ImGuiCol_Button, kWrong);
            colors = 1;
        }
        if (colors) {
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
            ImGui::PushStyleColor(ImGuiCol_ButtonHovered,
                                  ImGui::GetStyleColorVec4(ImGuiCol_Button));
            colors = 3;
        }
        ImGui::PushID(option);
        const std::string label =
            std::string(1, char('A' + option)) + ".  " + text_of(app, question.options[i]);
        ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, ImVec2(0.0f, 0.5f));
        if (ImGui::Button(label.c_str(), ImVec2(full_width, kTouchTarget * scale)) && !answered) {
            quiz.chosen = option;
            const bool correct = option == question.answer;
            if (correct)
                ++quiz.correct;
            if (app.on_quiz_answer)
                app.on_quiz_answer(artifact.id, question.id, app.level, correct);
        }
        ImGui::PopStyleVar();
        app.layout.quiz_options[option] = last_item_region();
        ImGui::PopID();
        if (colors)
            ImGui::PopStyleColor(colors);
    }
    if (!answered)
        return;
    ImGui::Spacing();
    const bool correct = quiz.chosen == question.answer;
    ImGui::PushFont(app.fonts.heading);
    ImGui::PushStyleColor(ImGuiCol_Text, correct ? kRight : kWrong);
    paragraph(word(app, correct ? "quiz.right" : "quiz.wrong"));
    ImGui::PopStyleColor();
    ImGui::PopFont();
    paragraph(text_of(app, question.explanation));
    ImGui::Spacing();
    const bool last = quiz.question + 1 >= int(questions.size());
    if (ImGui::Button(word(app, last ? "quiz.results" : "quiz.next").c_str(),
                      ImVec2(full_width, kTouchTarget * scale))) {
        if (last) {
            quiz.finished = true;
        } else {
            ++quiz.question;
            quiz.chosen = -1;
        }
    }
    app.layout.quiz_next = last_item_region();
}

void draw_sources(App& app, const exhibit::Artifact& artifact) {
    for (const exhibit::Source& source : artifact.sources) {
        ImGui::PushFont(app.fonts.bold);
        paragraph(source.title);
        ImGui::PopFont();
        std::string line = source.publisher;
        if (!source.accessed.empty()) {
            line += (line.empty() ? "" : " · ") +
                    fill(word(app, "sources.accessed"), {{"date", source.accessed}});
        }
        ImGui::PushStyleColor(ImGuiCol_Text, Palette::kMuted);
        paragraph(line);
        if (!source.url.empty())
            paragraph(source.url);
        ImGui::PopStyleColor();
        ImGui::Spacing();
    }
}

}  // namespace

void draw_artifact_panel(App& app, const exhibit::Artifact& artifact) {
    struct TabInfo {
        ArtifactTab tab;
        const char* key;
        const char* name;
    };
    const TabInfo tabs[] = {{ArtifactTab::Info, "tab.info", "info"},
                            {ArtifactTab::Annotations, "tab.annotations", "annotations"},
                            {ArtifactTab::Lesson, "tab.lesson", "lesson"},
                            {ArtifactTab::Quiz, "tab.quiz", "quiz"},
                            {ArtifactTab::Sources, "tab.sources", "sources"}};
    // Tabs as touch-sized buttons (ImGui's tab bar is too small for fingers), wrapping onto a
    // second row when the panel is narrow.
    const float right_edge = ImGui::GetWindowContentRegionMax().x;
    bool first = true;
    for (const TabInfo& info : tabs) {
        const std::string& label = word(app, info.key);
        const float width =
            ImGui::CalcTextSize(label.c_str()).x + 2 * ImGui::GetStyle().FramePadding.x;
        if (!first) {
            ImGui::SameLine();
            if (ImGui::GetCursorPosX() + width > right_edge)
                ImGui::NewLine();
        }
        first = false;
        const bool selected = app.artifact.tab == info.tab;
        if (selected) {
            ImGui::PushStyleColor(ImGuiCol_Button, to_vec4(Palette::kAccent));
            ImGui::PushStyleColor(ImGuiCol_ButtonHovered, to_vec4(Palette::kAccent));
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
        }
        if (ImGui::Button(label.c_str(), ImVec2(0, kTouchTarget * app.options.ui_scale))) {
            app.artifact.tab = info.tab;
        }
        if (selected)
            ImGui::PopStyleColor(3);
        app.layout.tabs[info.name] = last_item_region();
    }
    ImGui::Separator();
    ImGui::BeginChild("##tab_content", ImVec2(0, 0), false, ImGuiWindowFlags_NoBackground);
    switch (app.artifact.tab) {
        case ArtifactTab::Info:
            draw_info(app, artifact);
            break;
        case ArtifactTab::Annotations:
            draw_annotations(app, artifact);
            break;
        case ArtifactTab::Lesson:
            draw_lesson(app, artifact);
            break;
        case ArtifactTab::Quiz:
            draw_quiz(app, artifact);
            break;
        case ArtifactTab::Sources:
            draw_sources(app, artifact);
            break;
    }
    ImGui::EndChild();
}

}  // namespace heritage::viewer
