// Tour authoring: what the editor writes, the validator accepts, and a load-save round trip
// keeps.
#include "viewer/ui/tour_editing.h"

#include <catch2/catch.hpp>

#include "exhibit/package_json.h"
#include "exhibit/package_read.h"
#include "tests/support/test_support.h"

using namespace heritage;
using namespace heritage::viewer;
namespace test = heritage::test;

namespace {

exhibit::Package load(const std::filesystem::path& root) {
    exhibit::PackageReadResult result = exhibit::read_package(root);
    INFO(test::formatted(result.problems).size());
    REQUIRE(result.valid());
    return result.package;
}

}  // namespace

TEST_CASE("a new tour written in the editor saves, validates and reads back the same",
          "[tour-editor][issue-6]") {
    const auto root = test::copy_fixture("minimal-exhibit", "tour-editor");
    exhibit::Package package = load(root);
    exhibit::Tour tour = new_tour(package, exhibit::SchoolLevel::LowerSecondary);
    CHECK(tour.id == "lo-trinh-1");
    tour.title.by_language["vi"] = "Trống đồng và khèn";
    tour.subject.by_language["vi"] = "Lịch sử và Địa lí";
    tour.grade = 6;
    tour.before_visit.emplace_back().by_language["vi"] = "Đọc trước bài 14.";
    tour.after_visit.emplace_back().by_language["vi"] = "Vẽ lại một hoa văn.";

    const exhibit::Artifact& drum = *exhibit::find_artifact(package, "trong-dong");
    const exhibit::Artifact& khen = *exhibit::find_artifact(package, "khen-mong");
    OrbitCamera camera;
    frame_bounds(camera, {{-0.1f, 0.0f, -0.1f}, {0.1f, 0.2f, 0.1f}}, OrbitCameraOptions{});
    tour.steps.push_back(step_from_view(drum, camera, 0));
    tour.steps.push_back(step_from_view(khen, camera, 0));
    tour.steps[0].narration.by_language["vi"] = "Đây là trống đồng.";
    tour.steps[1].narration.by_language["vi"] = "Đây là khèn.";
    CHECK(tour.steps[0].annotation == drum.annotations[0].id);
    // The stored view is the camera's, in the model's coordinates (metres, +Y up here).
    const glm::vec3 eye = eye_position(camera);
    CHECK(tour.steps[0].camera->eye[0] == Approx(eye.x).margin(1e-4));
    CHECK(tour.steps[0].camera->target[1] == Approx(camera.target.y).margin(1e-4));

    move_step(tour, 1, 0);  // the khèn first
    CHECK(tour.steps[0].artifact == "khen-mong");
    CHECK(save_tour(package, tour).empty());

    // Read back from disk: valid, listed in the exhibit, the same tour.
    const exhibit::Package saved = load(root);
    REQUIRE(saved.exhibit.tours.back() == "lo-trinh-1");
    CHECK(exhibit::to_json(saved.tours.back()) == exhibit::to_json(tour));

    // Edit it again: remove a step, save, read back.
    exhibit::Package again = saved;
    exhibit::Tour edited = again.tours.back();
    remove_step(edited, 1);
    CHECK(save_tour(again, edited).empty());
    CHECK(load(root).tours.back().steps.size() == 1);
}

TEST_CASE("a tour the validator refuses is not saved, and says why", "[tour-editor][issue-6]") {
    const auto root = test::copy_fixture("minimal-exhibit", "tour-editor-bad");
    exhibit::Package package = load(root);
    exhibit::Tour tour = new_tour(package, exhibit::SchoolLevel::Primary);
    tour.subject.by_language["vi"] = "Lịch sử và Địa lí";
    exhibit::TourStep step;
    step.artifact = "trong-dong";
    step.annotation = "khong-co";
    step.narration.by_language["vi"] = "…";
    tour.steps.push_back(step);
    const std::vector<exhibit::Problem> problems = save_tour(package, tour);
    CHECK(test::formatted(problems) ==
          std::vector<std::string>{"tours/lo-trinh-1.json: /steps/0/annotation: annotation "
                                   "\"khong-co\" does not exist in artifact \"trong-dong\"; use "
                                   "one of its annotation ids"});
    CHECK_FALSE(std::filesystem::exists(root / "tours/lo-trinh-1.json"));
    CHECK(load(root).exhibit.tours.size() == 1);  // exhibit.json untouched
}
