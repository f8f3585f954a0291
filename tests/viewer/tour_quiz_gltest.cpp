// Teacher mode (curriculum tours) and student mode (quizzes), driven through the UI.
#include <imgui.h>

#include <catch2/catch.hpp>

#include "exhibit/package_read.h"
#include "tests/support/image_compare.h"
#include "tests/support/test_support.h"
#include "viewer/ui/headless_viewer.h"

using namespace heritage;
using namespace heritage::viewer;

namespace {

constexpr glm::ivec2 kSize{1280, 720};

AppOptions sample_options() {
    AppOptions options;
    options.exhibit_dir = HERITAGE_SAMPLE_EXHIBIT_DIR;
    options.data_dir = HERITAGE_SOURCE_DIR;
    return options;
}

// Presses and releases a key mapped in ImGui's key map (as a presenter remote would).
void press(HeadlessViewer& viewer, ImGuiKey key) {
    ImGuiIO& io = ImGui::GetIO();
    const int index = io.KeyMap[key];
    io.KeysDown[index] = true;
    viewer.frame();
    io.KeysDown[index] = false;
    viewer.frame();
}

void map_keys() {
    ImGuiIO& io = ImGui::GetIO();
    // Any distinct indices do: the headless viewer has no platform backend to set them.
    io.KeyMap[ImGuiKey_PageUp] = 1;
    io.KeyMap[ImGuiKey_PageDown] = 2;
    io.KeyMap[ImGuiKey_LeftArrow] = 3;
    io.KeyMap[ImGuiKey_RightArrow] = 4;
    io.KeyMap[ImGuiKey_Space] = 5;
    io.KeyMap[ImGuiKey_Escape] = 6;
}

test::RgbaImage frame_image(const HeadlessViewer& viewer) {
    return {viewer.size().x, viewer.size().y, viewer.read_rgba()};
}

}  // namespace

TEST_CASE("a teacher picks a tour and steps through it with buttons and a remote",
          "[gl][tour][issue-6]") {
    HeadlessViewer viewer(sample_options(), kSize);
    map_keys();
    viewer.settle();
    App& app = viewer.app();
    viewer.click(app.layout.tours_button.center());
    REQUIRE(app.screen == Screen::TourList);
    // The list shows the tours of the chosen level (primary by default).
    REQUIRE(app.layout.tour_cards.count("tieu-hoc-lop-4-5") == 1);
    CHECK(app.layout.tour_cards.count("thcs-lich-su-6") == 0);
    viewer.click(app.layout.tour_cards.at("tieu-hoc-lop-4-5").center());
    REQUIRE(app.screen == Screen::Tour);
    CHECK(app.tour.page == 0);  // before-visit tasks first

    viewer.click(app.layout.tour_next.center());
    CHECK(app.tour.page == 1);
    const exhibit::Tour& tour = app.package.package.tours.front();
    REQUIRE(tour.id == "tieu-hoc-lop-4-5");
    CHECK(app.artifact.artifact_id == tour.steps[0].artifact);
    viewer.settle();  // the model loads, the camera flies to the step's view
    const exhibit::Artifact* artifact =
        exhibit::find_artifact(app.package.package, tour.steps[0].artifact);
    REQUIRE(artifact);
    CHECK(artifact->annotations[std::size_t(app.artifact.selected_annotation)].id ==
          tour.steps[0].annotation);
    const glm::vec3 target(tour.steps[0].camera->target[0], tour.steps[0].camera->target[1],
                           tour.steps[0].camera->target[2]);
    CHECK(glm::length(app.artifact.camera.target - target) < 0.005f);
    test::check_golden("tour_step_vi", frame_image(viewer), 32, 1.0);

    // A presenter remote: PageDown forward, PageUp back; arrows and space too.
    press(viewer, ImGuiKey_PageDown);
    CHECK(app.tour.page == 2);
    press(viewer, ImGuiKey_PageUp);
    CHECK(app.tour.page == 1);
    press(viewer, ImGuiKey_RightArrow);
    press(viewer, ImGuiKey_Space);
    CHECK(app.tour.page == 3);
    // Past the last step: the after-visit tasks, then back to the list.
    for (int i = 0; i < 20; ++i)
        press(viewer, ImGuiKey_PageDown);
    CHECK(app.tour.page == int(tour.steps.size()) + 1);
    viewer.click(app.layout.tour_next.center());
    CHECK(app.screen == Screen::TourList);
}

TEST_CASE("a student answers a quiz one question at a time and gets a score",
          "[gl][quiz][issue-6]") {
    HeadlessViewer viewer(sample_options(), kSize);
    App& app = viewer.app();
    std::vector<bool> recorded;
    app.on_quiz_answer = [&](const std::string& artifact, const std::string&, exhibit::SchoolLevel,
                             bool correct) {
        CHECK(artifact == "khen-mong");
        recorded.push_back(correct);
    };
    open_artifact(app, "khen-mong");
    viewer.settle();
    viewer.click(app.layout.tabs.at("quiz").center());
    REQUIRE(app.artifact.tab == ArtifactTab::Quiz);
    const exhibit::Artifact& artifact = *exhibit::find_artifact(app.package.package, "khen-mong");
    std::vector<const exhibit::QuizQuestion*> questions;
    for (const auto& question : artifact.quiz) {
        if (question.level == app.level)
            questions.push_back(&question);
    }
    REQUIRE(questions.size() >= 3);
    // Right, wrong, then right for the rest.
    for (std::size_t i = 0; i < questions.size(); ++i) {
        const int right = questions[i]->answer;
        const int choice = i == 1 ? (right + 1) % int(questions[i]->options.size()) : right;
        viewer.click(app.layout.quiz_options.at(choice).center());
        CHECK(app.artifact.quiz.chosen == choice);
        if (i == 1)
            test::check_golden("quiz_feedback_vi", frame_image(viewer), 32, 1.0);
        viewer.click(app.layout.quiz_next.center());
    }
    CHECK(app.artifact.quiz.finished);
    CHECK(app.artifact.quiz.correct == int(questions.size()) - 1);
    CHECK(recorded.size() == questions.size());
    CHECK(std::count(recorded.begin(), recorded.end(), false) == 1);
    // Try again starts over.
    viewer.click(app.layout.quiz_next.center());
    CHECK_FALSE(app.artifact.quiz.finished);
    CHECK(app.artifact.quiz.question == 0);
    CHECK(app.artifact.quiz.correct == 0);
}

TEST_CASE("staff add the current view as a step and save it from the editor",
          "[gl][tour-editor][issue-6]") {
    const auto root = test::copy_fixture_at_fixed_path("minimal-exhibit", "editor-flow");
    AppOptions options = sample_options();
    options.exhibit_dir = root;
    HeadlessViewer viewer(options, kSize);
    App& app = viewer.app();
    viewer.settle();
    open_tour_list(app);
    viewer.frame();
    viewer.click(app.layout.editor_buttons.at("new").center());
    REQUIRE(app.screen == Screen::TourEditor);
    app.editor.tour.subject.by_language["vi"] = "Lịch sử và Địa lí";
    viewer.settle();  // the first artifact's model is shown
    viewer.click(app.layout.editor_buttons.at("add_step").center());
    REQUIRE(app.editor.tour.steps.size() == 1);
    app.editor.tour.steps[0].narration.by_language["vi"] = "Lời dẫn bước một.";
    viewer.click(app.layout.editor_buttons.at("save").center());
    CHECK(app.editor.problems.empty());
    CHECK(std::filesystem::exists(root / ("tours/" + app.editor.tour.id + ".json")));
    CHECK(exhibit::read_package(root).valid());
    viewer.settle();
    test::check_golden("tour_editor_vi", frame_image(viewer), 32, 1.0);
}
