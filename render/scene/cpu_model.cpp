#include "render/scene/cpu_model.h"

#include <cassert>
#include <glm/gtc/matrix_transform.hpp>

namespace heritage::render {

glm::mat4 world_from_model(const std::string& units, const std::string& up_axis) {
    // The package validator accepts only these values, so anything else is a programmer error.
    assert(units == "m" || units == "cm" || units == "mm");
    assert(up_axis == "+Y" || up_axis == "+Z");

    const float metres_per_unit = units == "mm" ? 0.001f : units == "cm" ? 0.01f : 1.0f;
    const glm::mat4 scale = glm::scale(glm::mat4(1.0f), glm::vec3(metres_per_unit));
    if (up_axis == "+Y") {
        return scale;
    }
    // +Z up (CAD, photogrammetry tools): a -90° turn about X takes +Z to +Y and +Y to -Z.
    // Written out rather than glm::rotate so that the zeros are exact.
    const glm::mat4 z_up_to_y_up(glm::vec4(1.0f, 0.0f, 0.0f, 0.0f),   // image of +X
                                 glm::vec4(0.0f, 0.0f, -1.0f, 0.0f),  // image of +Y
                                 glm::vec4(0.0f, 1.0f, 0.0f, 0.0f),   // image of +Z
                                 glm::vec4(0.0f, 0.0f, 0.0f, 1.0f));
    return z_up_to_y_up * scale;
}

Bounds transform_bounds(const glm::mat4& transform, const Bounds& bounds) {
    Bounds out{glm::vec3(1e30f), glm::vec3(-1e30f)};
    for (int corner = 0; corner < 8; ++corner) {
        const glm::vec3 p((corner & 1) ? bounds.max.x : bounds.min.x,
                          (corner & 2) ? bounds.max.y : bounds.min.y,
                          (corner & 4) ? bounds.max.z : bounds.min.z);
        const glm::vec3 q = glm::vec3(transform * glm::vec4(p, 1.0f));
        out.min = glm::min(out.min, q);
        out.max = glm::max(out.max, q);
    }
    return out;
}

}  // namespace heritage::render
