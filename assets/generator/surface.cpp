#include "assets/generator/surface.h"

#include <cassert>
#include <limits>

namespace heritage::sample {
namespace {

// Closest point on triangle abc to p, as barycentric weights (Ericson, Real-Time Collision
// Detection, 5.1.5).
glm::vec3 closest_barycentric(glm::vec3 p, glm::vec3 a, glm::vec3 b, glm::vec3 c) {
    const glm::vec3 ab = b - a, ac = c - a, ap = p - a;
    const float d1 = glm::dot(ab, ap), d2 = glm::dot(ac, ap);
    if (d1 <= 0 && d2 <= 0)
        return {1, 0, 0};
    const glm::vec3 bp = p - b;
    const float d3 = glm::dot(ab, bp), d4 = glm::dot(ac, bp);
    if (d3 >= 0 && d4 <= d3)
        return {0, 1, 0};
    const float vc = d1 * d4 - d3 * d2;
    if (vc <= 0 && d1 >= 0 && d3 <= 0) {
        const float v = d1 / (d1 - d3);
        return {1 - v, v, 0};
    }
    const glm::vec3 cp = p - c;
    const float d5 = glm::dot(ab, cp), d6 = glm::dot(ac, cp);
    if (d6 >= 0 && d5 <= d6)
        return {0, 0, 1};
    const float vb = d5 * d2 - d1 * d6;
    if (vb <= 0 && d2 >= 0 && d6 <= 0) {
        const float w = d2 / (d2 - d6);
        return {1 - w, 0, w};
    }
    const float va = d3 * d6 - d5 * d4;
    if (va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0) {
        const float w = (d4 - d3) / ((d4 - d3) + (d5 - d6));
        return {0, 1 - w, w};
    }
    const float denominator = 1.0f / (va + vb + vc);
    const float v = vb * denominator, w = vc * denominator;
    return {1 - v - w, v, w};
}

}  // namespace

Bounds model_bounds(const SampleModel& model) {
    Bounds bounds{glm::vec3(std::numeric_limits<float>::max()),
                  glm::vec3(std::numeric_limits<float>::lowest())};
    for (const MeshPart& part : model.parts) {
        for (const Vertex& vertex : part.vertices) {
            bounds.min = glm::min(bounds.min, vertex.position);
            bounds.max = glm::max(bounds.max, vertex.position);
        }
    }
    return bounds;
}

SurfacePoint closest_surface_point(const SampleModel& model, glm::vec3 query, glm::vec3 facing) {
    const float facing_length = glm::length(facing);
    const glm::vec3 wanted = facing_length > 1e-6f ? facing / facing_length : glm::vec3(0);
    SurfacePoint best;
    best.distance = std::numeric_limits<float>::max();
    for (const MeshPart& part : model.parts) {
        for (std::size_t i = 0; i + 2 < part.indices.size(); i += 3) {
            const Vertex& a = part.vertices[part.indices[i]];
            const Vertex& b = part.vertices[part.indices[i + 1]];
            const Vertex& c = part.vertices[part.indices[i + 2]];
            const glm::vec3 weights =
                closest_barycentric(query, a.position, b.position, c.position);
            const glm::vec3 point =
                a.position * weights.x + b.position * weights.y + c.position * weights.z;
            const float distance = glm::length(point - query);
            if (distance < best.distance) {
                const glm::vec3 normal =
                    a.normal * weights.x + b.normal * weights.y + c.normal * weights.z;
                const float length = glm::length(normal);
                const glm::vec3 unit = length > 1e-6f
                                           ? normal / length
                                           : glm::normalize(glm::cross(b.position - a.position,
                                                                       c.position - a.position));
                if (glm::dot(unit, wanted) < 0.35f && facing_length > 1e-6f)
                    continue;
                best = {point, unit, distance};
            }
        }
    }
    if (best.distance == std::numeric_limits<float>::max() && facing_length > 1e-6f) {
        return closest_surface_point(model, query, glm::vec3(0));  // nothing faces that way
    }
    assert(best.distance < std::numeric_limits<float>::max());
    return best;
}

std::size_t triangle_count(const SampleModel& model) {
    std::size_t count = 0;
    for (const MeshPart& part : model.parts)
        count += triangle_count(part);
    return count;
}

}  // namespace heritage::sample
