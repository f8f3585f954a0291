#include "viewer/ui/tour_editing.h"

#include <algorithm>

#include "exhibit/package_write.h"
#include "exhibit/validate.h"
#include "render/scene/cpu_model.h"

namespace heritage::viewer {

exhibit::Tour new_tour(const exhibit::Package& package, exhibit::SchoolLevel level) {
    exhibit::Tour tour;
    int number = 1;
    auto taken = [&](const std::string& id) {
        return std::find(package.exhibit.tours.begin(), package.exhibit.tours.end(), id) !=
               package.exhibit.tours.end();
    };
    do {
        tour.id = "lo-trinh-" + std::to_string(number++);
    } while (taken(tour.id));
    tour.level = level;
    tour.duration_minutes = 45;
    tour.title.by_language["vi"] = "Lộ trình mới";
    tour.title.by_language["en"] = "New tour";
    tour.review.status = exhibit::ReviewStatus::Draft;
    return tour;
}

exhibit::TourStep step_from_view(const exhibit::Artifact& artifact, const OrbitCamera& camera,
                                 int annotation_index) {
    const glm::mat4 model_from_world =
        glm::inverse(world_from_model(artifact.model.units, artifact.model.up_axis));
    const glm::vec3 eye = glm::vec3(model_from_world * glm::vec4(eye_position(camera), 1.0f));
    const glm::vec3 target = glm::vec3(model_from_world * glm::vec4(camera.target, 1.0f));
    auto rounded = [](glm::vec3 v) {
        auto r = [](float x) { return std::round(double(x) * 10000.0) / 10000.0; };
        return exhibit::Vec3{r(v.x), r(v.y), r(v.z)};
    };
    exhibit::TourStep step;
    step.artifact = artifact.id;
    if (annotation_index >= 0 && annotation_index < int(artifact.annotations.size())) {
        step.annotation = artifact.annotations[std::size_t(annotation_index)].id;
    }
    exhibit::CameraView view;
    view.eye = rounded(eye);
    view.target = rounded(target);
    view.fov_deg = std::round(double(camera.fov_y_deg));
    step.camera = view;
    return step;
}

void move_step(exhibit::Tour& tour, int from, int to) {
    const int last = int(tour.steps.size()) - 1;
    if (last < 0)
        return;
    from = std::clamp(from, 0, last);
    to = std::clamp(to, 0, last);
    if (from == to)
        return;
    exhibit::TourStep step = std::move(tour.steps[std::size_t(from)]);
    tour.steps.erase(tour.steps.begin() + from);
    tour.steps.insert(tour.steps.begin() + to, std::move(step));
}

void remove_step(exhibit::Tour& tour, int index) {
    if (index < 0 || index >= int(tour.steps.size()))
        return;
    tour.steps.erase(tour.steps.begin() + index);
}

std::vector<exhibit::Problem> save_tour(exhibit::Package& package, const exhibit::Tour& tour) {
    // The package as it would be after saving.
    exhibit::Package after = package;
    const bool is_new = std::find(after.exhibit.tours.begin(), after.exhibit.tours.end(),
                                  tour.id) == after.exhibit.tours.end();
    auto existing = std::find_if(after.tours.begin(), after.tours.end(),
                                 [&](const exhibit::Tour& t) { return t.id == tour.id; });
    if (existing != after.tours.end()) {
        *existing = tour;
    } else {
        after.tours.push_back(tour);
    }
    if (is_new)
        after.exhibit.tours.push_back(tour.id);

    // Only this tour's problems (and the exhibit's list) can be the editor's doing.
    std::vector<exhibit::Problem> errors;
    for (exhibit::Problem& problem : exhibit::validate_package(after)) {
        const bool ours =
            problem.file == "tours/" + tour.id + ".json" ||
            (problem.file == "exhibit.json" && problem.pointer.rfind("/tours", 0) == 0);
        if (ours && problem.severity == exhibit::Severity::Error)
            errors.push_back(std::move(problem));
    }
    if (!errors.empty())
        return errors;

    exhibit::write_tour(package.root, tour);
    if (is_new)
        exhibit::write_exhibit(package.root, after.exhibit);  // the tour file is written first
    package = std::move(after);
    return {};
}

}  // namespace heritage::viewer
