// The viewer's screens as a visitor sees them, rendered with no window (EGL), compared with
// goldens, and driven by mouse input injected through ImGui.
#include <imgui.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/support/image_compare.h"
#include "tests/support/test_support.h"
#include "viewer/ui/headless_viewer.h"

using namespace heritage;
using namespace heritage::viewer;
namespace fs = std::filesystem;
namespace test = heritage::test;

namespace {

constexpr glm::ivec2 kSize{1280, 720};

AppOptions sample_options() {
    AppOptions options;
    options.exhibit_dir = HERITAGE_SAMPLE_EXHIBIT_DIR;
    options.data_dir = HERITAGE_SOURCE_DIR;
    return options;
}

test::RgbaImage frame_image(const HeadlessViewer& viewer) {
    return {viewer.size().x, viewer.size().y, viewer.read_rgba()};
}

}  // namespace

TEST_CASE("home screen, Vietnamese and English", "[gl][golden][issue-4]") {
    HeadlessViewer viewer(sample_options(), kSize);
    viewer.settle();
    test::check_golden("home_vi", frame_image(viewer), 32, 1.0);
    viewer.app().language = "en";
    viewer.settle();
    test::check_golden("home_en", frame_image(viewer), 32, 1.0);
}

TEST_CASE("artifact screen, Vietnamese and English", "[gl][golden][issue-4]") {
    HeadlessViewer viewer(sample_options(), kSize);
    open_artifact(viewer.app(), "trong-dong-gia-phu");
    viewer.settle();
    test::check_golden("artifact_vi", frame_image(viewer), 32, 1.0);
    viewer.app().language = "en";
    viewer.app().level = exhibit::SchoolLevel::LowerSecondary;
    viewer.app().artifact.tab = ArtifactTab::Lesson;
    viewer.settle();
    test::check_golden("artifact_lesson_en", frame_image(viewer), 32, 1.0);
}

TEST_CASE("clicking a card opens its artifact; back returns home", "[gl][flow][issue-4]") {
    HeadlessViewer viewer(sample_options(), kSize);
    viewer.settle();
    App& app = viewer.app();
    REQUIRE(app.layout.cards.count("trong-dong-gia-phu") == 1);
    viewer.click(app.layout.cards.at("trong-dong-gia-phu").center());
    CHECK(app.screen == Screen::Artifact);
    CHECK(app.artifact.artifact_id == "trong-dong-gia-phu");
    viewer.click(app.layout.back_button.center());
    CHECK(app.screen == Screen::Home);
}

TEST_CASE("switching the level changes the lesson shown", "[gl][flow][issue-4]") {
    HeadlessViewer viewer(sample_options(), kSize);
    App& app = viewer.app();
    open_artifact(app, "khen-mong");
    viewer.settle();
    viewer.click(app.layout.tabs.at("lesson").center());
    REQUIRE(app.artifact.tab == ArtifactTab::Lesson);
    viewer.click(app.layout.level_buttons.at("preschool").center());
    CHECK(app.level == exhibit::SchoolLevel::Preschool);
    const std::string preschool = app.layout.lesson_title;
    viewer.click(app.layout.level_buttons.at("upper_secondary").center());
    CHECK(app.level == exhibit::SchoolLevel::UpperSecondary);
    const std::string upper = app.layout.lesson_title;
    CHECK_FALSE(preschool.empty());
    CHECK_FALSE(upper.empty());
    CHECK(preschool != upper);
    // The choice is remembered when the visitor goes to another artifact.
    go_home(app);
    open_artifact(app, "dan-tinh-tay");
    viewer.settle();
    CHECK(app.level == exhibit::SchoolLevel::UpperSecondary);
}

TEST_CASE("typing in the search box filters the cards, diacritics or not", "[gl][flow][issue-4]") {
    HeadlessViewer viewer(sample_options(), kSize);
    viewer.settle();
    App& app = viewer.app();
    viewer.click(app.layout.search_box.center());
    viewer.type("trong dong");
    viewer.frame();
    std::vector<std::string> shown;
    for (const auto& [id, region] : app.layout.cards)
        shown.push_back(id);
    CHECK(shown == std::vector<std::string>{"trong-dong-gia-phu", "trong-dong-pha-long"});
}

TEST_CASE("the language switch changes every text", "[gl][flow][issue-4]") {
    HeadlessViewer viewer(sample_options(), kSize);
    viewer.settle();
    App& app = viewer.app();
    viewer.click(app.layout.language_buttons.at("en").center());
    CHECK(app.language == "en");
    CHECK(word(app, "tab.lesson") == "Lesson");
}

TEST_CASE("clicking a marker selects its annotation and turns the camera", "[gl][flow][issue-4]") {
    HeadlessViewer viewer(sample_options(), kSize);
    App& app = viewer.app();
    open_artifact(app, "trong-dong-gia-phu");
    viewer.settle();
    REQUIRE_FALSE(app.layout.markers.empty());
    const auto [index, region] = *app.layout.markers.begin();
    const glm::vec3 target_before = app.artifact.camera.target;
    viewer.click(region.center());
    CHECK(app.artifact.selected_annotation == index);
    for (int i = 0; i < 60; ++i)
        viewer.frame();  // the flight takes under a second
    CHECK(glm::length(app.artifact.camera.target - target_before) > 0.01f);
}

TEST_CASE("dragging the view orbits the camera", "[gl][flow][issue-4]") {
    HeadlessViewer viewer(sample_options(), kSize);
    App& app = viewer.app();
    open_artifact(app, "vay-lanh-mong-hoa");
    viewer.settle();
    const float yaw = app.artifact.camera.yaw_deg;
    const glm::vec2 center = app.layout.scene_view.center();
    viewer.drag(center, center + glm::vec2(200, 0), 10);
    CHECK(std::abs(app.artifact.camera.yaw_deg - yaw) > 20.0f);
}

TEST_CASE("a missing model shows a message on its screen; the rest keeps working",
          "[gl][flow][issue-4]") {
    const fs::path package =
        test::copy_fixture_at_fixed_path("minimal-exhibit", "viewer-missing-model");
    fs::remove(package / "artifacts/khen-mong/model.glb");
    AppOptions options = sample_options();
    options.exhibit_dir = package;
    HeadlessViewer viewer(options, kSize);
    App& app = viewer.app();
    viewer.settle();
    REQUIRE(app.screen == Screen::Home);  // one artifact's file does not stop the exhibit
    open_artifact(app, "khen-mong");
    viewer.settle();
    const ModelEntry entry = app.models.get(package / "artifacts/khen-mong/model.glb");
    CHECK(entry.status == LoadStatus::Failed);
    test::check_golden("missing_model", frame_image(viewer), 32, 1.0);
    go_home(app);
    open_artifact(app, "trong-dong");
    viewer.settle();
    CHECK(app.models.get(package / "artifacts/trong-dong/model.glb").status == LoadStatus::Ready);
}

TEST_CASE("an invalid package shows the validator's messages instead of the exhibit",
          "[gl][flow][issue-4]") {
    const fs::path package =
        test::copy_fixture_at_fixed_path("minimal-exhibit", "viewer-invalid-package");
    test::replace_in_file(package / "tours/tieu-hoc-lop-4.json", "\"grade\": 4,", "\"grade\": 4");
    test::replace_in_file(package / "artifacts/khen-mong/artifact.json",
                          "\"category\": \"instrument\",", "");
    AppOptions options = sample_options();
    options.exhibit_dir = package;
    HeadlessViewer viewer(options, kSize);
    viewer.settle();
    CHECK(viewer.app().screen == Screen::InvalidPackage);
    test::check_golden("invalid_package", frame_image(viewer), 32, 1.0);
}

TEST_CASE("a corrupt model shows a message on its screen; the rest keeps working",
          "[gl][flow][issue-4]") {
    // A model that passes the package's header check but that Assimp cannot read.
    const fs::path package =
        test::copy_fixture_at_fixed_path("minimal-exhibit", "viewer-corrupt-model");
    std::string glb = test::read_text(package / "artifacts/khen-mong/model.glb");
    for (std::size_t i = 24; i < glb.size(); ++i)
        glb[i] = 'x';
    test::write_text(package / "artifacts/khen-mong/model.glb", glb);
    AppOptions options = sample_options();
    options.exhibit_dir = package;
    HeadlessViewer viewer(options, kSize);
    App& app = viewer.app();
    REQUIRE(app.screen == Screen::Home);
    open_artifact(app, "khen-mong");
    viewer.settle();
    const ModelEntry entry = app.models.get(package / "artifacts/khen-mong/model.glb");
    CHECK(entry.status == LoadStatus::Failed);
    CHECK_FALSE(entry.error.empty());
    test::check_golden("corrupt_model", frame_image(viewer), 32, 1.0);
    // The other artifact still opens and shows its model.
    go_home(app);
    open_artifact(app, "trong-dong");
    viewer.settle();
    CHECK(app.models.get(package / "artifacts/trong-dong/model.glb").status == LoadStatus::Ready);
}

TEST_CASE("the on-screen buttons turn, zoom and reset the view", "[gl][flow][issue-4][issue-6]") {
    HeadlessViewer viewer(sample_options(), kSize);
    App& app = viewer.app();
    open_artifact(app, "khen-mong");
    viewer.settle();
    const OrbitCamera framed = app.artifact.camera;
    viewer.click(app.layout.view_buttons.at("turn_right").center());
    viewer.settle();
    CHECK(app.artifact.camera.yaw_deg - framed.yaw_deg == Approx(30.0f).margin(0.5f));
    viewer.click(app.layout.view_buttons.at("zoom_in").center());
    CHECK(app.artifact.camera.distance < framed.distance);
    viewer.click(app.layout.view_buttons.at("reset").center());
    viewer.settle();
    CHECK(app.artifact.camera.distance == Approx(framed.distance));
    CHECK(app.artifact.camera.yaw_deg == Approx(framed.yaw_deg));
}
