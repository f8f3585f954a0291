// assets/generator/surface.h: geometric queries on a SampleModel: bounds, and the closest
// surface point (to place annotation anchors on the surface they describe).
#pragma once
#include <glm/glm.hpp>

#include "assets/generator/sample_model.h"

namespace heritage::sample {

struct Bounds {
    glm::vec3 min{0.0f};
    glm::vec3 max{0.0f};
};

Bounds model_bounds(const SampleModel& model);

struct SurfacePoint {
    glm::vec3 position{0.0f};
    glm::vec3 normal{0.0f, 1.0f, 0.0f};  // interpolated vertex normal, unit length
    float distance = 0.0f;               // from the query point
};

// The point of the model's surface nearest to `query` among the surfaces that face roughly
// along `facing` (their normal within about 70 degrees of it), so that an anchor meant for the
// outside of a drum's face does not land on the inside just below it. Falls back to any
// surface when none faces that way. Precondition: the model has triangles.
SurfacePoint closest_surface_point(const SampleModel& model, glm::vec3 query, glm::vec3 facing);

std::size_t triangle_count(const SampleModel& model);

}  // namespace heritage::sample
