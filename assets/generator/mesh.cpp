#include "assets/generator/mesh.h"

#include <cassert>
#include <cmath>
#include <glm/gtc/constants.hpp>

namespace heritage::sample {
namespace {

constexpr float kTau = glm::two_pi<float>();

std::uint32_t add_vertex(MeshPart& part, glm::vec3 position, glm::vec3 normal, glm::vec2 uv) {
    part.vertices.push_back({position, glm::normalize(normal), uv});
    return static_cast<std::uint32_t>(part.vertices.size() - 1);
}

void add_index_triangle(MeshPart& part, std::uint32_t a, std::uint32_t b, std::uint32_t c) {
    part.indices.insert(part.indices.end(), {a, b, c});
}

// A (columns+1) x (rows+1) vertex grid from `first`, as quads split into two triangles each.
// Vertex (column, row) is first + row * (columns + 1) + column; triangles wind so that the
// normal is (d/d column) x (d/d row).
void stitch_grid(MeshPart& part, std::uint32_t first, int columns, int rows) {
    const std::uint32_t stride = static_cast<std::uint32_t>(columns + 1);
    for (int row = 0; row < rows; ++row) {
        for (int column = 0; column < columns; ++column) {
            const std::uint32_t a = first + std::uint32_t(row) * stride + std::uint32_t(column);
            const std::uint32_t b = a + 1;
            const std::uint32_t c = a + stride + 1;
            const std::uint32_t d = a + stride;
            add_index_triangle(part, a, b, c);
            add_index_triangle(part, a, c, d);
        }
    }
}

// Drops the triangles from index `first_index` on whose corners coincide (a disc's centre, a
// lathe profile touching the axis): they add nothing and validators flag them.
void remove_degenerate_triangles(MeshPart& part, std::size_t first_index) {
    std::size_t kept = first_index;
    for (std::size_t i = first_index; i + 2 < part.indices.size(); i += 3) {
        const glm::vec3 a = part.vertices[part.indices[i]].position;
        const glm::vec3 b = part.vertices[part.indices[i + 1]].position;
        const glm::vec3 c = part.vertices[part.indices[i + 2]].position;
        if (glm::length(glm::cross(b - a, c - a)) < 1e-12f)
            continue;
        for (int k = 0; k < 3; ++k)
            part.indices[kept++] = part.indices[i + std::size_t(k)];
    }
    part.indices.resize(kept);
}

// Any unit vector perpendicular to `v`.
glm::vec3 perpendicular(glm::vec3 v) {
    const glm::vec3 other = std::abs(v.y) < 0.9f ? glm::vec3(0, 1, 0) : glm::vec3(1, 0, 0);
    return glm::normalize(glm::cross(v, other));
}

}  // namespace

void add_lathe(MeshPart& part, const std::vector<ProfilePoint>& profile, int segments, float v0,
               float v1) {
    assert(profile.size() >= 2 && segments >= 3);
    // Arc length along the profile, for v.
    std::vector<float> length(profile.size(), 0.0f);
    for (std::size_t i = 1; i < profile.size(); ++i) {
        const glm::vec2 step(profile[i].radius - profile[i - 1].radius,
                             profile[i].y - profile[i - 1].y);
        length[i] = length[i - 1] + glm::length(step);
    }
    const float total = length.back() > 0 ? length.back() : 1.0f;
    const std::uint32_t first = static_cast<std::uint32_t>(part.vertices.size());
    for (std::size_t i = 0; i < profile.size(); ++i) {
        // The profile's tangent, from its neighbours; the normal is it turned outwards.
        const ProfilePoint& before = profile[i == 0 ? 0 : i - 1];
        const ProfilePoint& after = profile[i + 1 < profile.size() ? i + 1 : i];
        const glm::vec2 tangent(after.radius - before.radius, after.y - before.y);
        const glm::vec2 outward = glm::normalize(glm::vec2(tangent.y, -tangent.x));
        for (int s = 0; s <= segments; ++s) {
            const float angle = kTau * float(s) / float(segments);
            const glm::vec3 around(std::sin(angle), 0.0f, std::cos(angle));
            const glm::vec3 position = around * profile[i].radius + glm::vec3(0, profile[i].y, 0);
            const glm::vec3 normal = around * outward.x + glm::vec3(0, outward.y, 0);
            const float v = v0 + (v1 - v0) * length[i] / total;
            add_vertex(part, position, normal, {float(s) / float(segments), v});
        }
    }
    const std::size_t first_index = part.indices.size();
    stitch_grid(part, first, segments, int(profile.size()) - 1);
    remove_degenerate_triangles(part, first_index);
}

void add_disc(MeshPart& part, float y, float radius, bool facing_up, int segments) {
    add_ring(part, y, 0.0f, radius, facing_up, segments);
}

void add_ring(MeshPart& part, float y, float inner_radius, float outer_radius, bool facing_up,
              int segments) {
    assert(outer_radius > inner_radius && segments >= 3);
    const glm::vec3 normal(0, facing_up ? 1.0f : -1.0f, 0);
    const std::uint32_t first = static_cast<std::uint32_t>(part.vertices.size());
    const int rings = inner_radius > 0 ? 1 : 8;  // a full disc gets rings so UVs stay smooth
    for (int ring = 0; ring <= rings; ++ring) {
        const float radius =
            inner_radius + (outer_radius - inner_radius) * float(ring) / float(rings);
        for (int s = 0; s <= segments; ++s) {
            const float angle = kTau * float(s) / float(segments);
            const glm::vec3 position(std::sin(angle) * radius, y, std::cos(angle) * radius);
            const glm::vec2 uv(0.5f + position.x / (2 * outer_radius),
                               0.5f + position.z / (2 * outer_radius));
            add_vertex(part, position, normal, uv);
        }
    }
    // Grid columns go around (towards +X from +Z), rows outwards: their cross product points
    // down, so flip for a disc facing up.
    const std::size_t before = part.indices.size();
    stitch_grid(part, first, segments, rings);
    if (facing_up) {
        for (std::size_t i = before; i < part.indices.size(); i += 3) {
            std::swap(part.indices[i + 1], part.indices[i + 2]);
        }
    }
    remove_degenerate_triangles(part, before);
}

void add_quad(MeshPart& part, glm::vec3 a, glm::vec3 b, glm::vec3 c, glm::vec3 d) {
    const glm::vec3 normal = glm::normalize(glm::cross(b - a, d - a));
    const std::uint32_t ia = add_vertex(part, a, normal, {0, 0});
    const std::uint32_t ib = add_vertex(part, b, normal, {1, 0});
    const std::uint32_t ic = add_vertex(part, c, normal, {1, 1});
    const std::uint32_t id = add_vertex(part, d, normal, {0, 1});
    add_index_triangle(part, ia, ib, ic);
    add_index_triangle(part, ia, ic, id);
}

void add_triangle(MeshPart& part, glm::vec3 a, glm::vec3 b, glm::vec3 c, glm::vec2 uv_a,
                  glm::vec2 uv_b, glm::vec2 uv_c) {
    const glm::vec3 normal = glm::normalize(glm::cross(b - a, c - a));
    add_index_triangle(part, add_vertex(part, a, normal, uv_a), add_vertex(part, b, normal, uv_b),
                       add_vertex(part, c, normal, uv_c));
}

void add_box(MeshPart& part, glm::vec3 lo, glm::vec3 hi) {
    // Each face counter-clockwise seen from outside.
    add_quad(part, {lo.x, lo.y, hi.z}, {hi.x, lo.y, hi.z}, {hi.x, hi.y, hi.z}, {lo.x, hi.y, hi.z});
    add_quad(part, {hi.x, lo.y, lo.z}, {lo.x, lo.y, lo.z}, {lo.x, hi.y, lo.z}, {hi.x, hi.y, lo.z});
    add_quad(part, {hi.x, lo.y, hi.z}, {hi.x, lo.y, lo.z}, {hi.x, hi.y, lo.z}, {hi.x, hi.y, hi.z});
    add_quad(part, {lo.x, lo.y, lo.z}, {lo.x, lo.y, hi.z}, {lo.x, hi.y, hi.z}, {lo.x, hi.y, lo.z});
    add_quad(part, {lo.x, hi.y, hi.z}, {hi.x, hi.y, hi.z}, {hi.x, hi.y, lo.z}, {lo.x, hi.y, lo.z});
    add_quad(part, {lo.x, lo.y, lo.z}, {hi.x, lo.y, lo.z}, {hi.x, lo.y, hi.z}, {lo.x, lo.y, hi.z});
}

void add_tube(MeshPart& part, const std::vector<glm::vec3>& path, float radius, int segments,
              bool capped) {
    assert(path.size() >= 2 && segments >= 3);
    // A frame carried along the path (parallel transport), so the tube does not twist.
    std::vector<glm::vec3> tangents(path.size());
    for (std::size_t i = 0; i < path.size(); ++i) {
        const glm::vec3 before = path[i == 0 ? 0 : i - 1];
        const glm::vec3 after = path[i + 1 < path.size() ? i + 1 : i];
        tangents[i] = glm::normalize(after - before);
    }
    glm::vec3 side = perpendicular(tangents[0]);
    const std::uint32_t first = static_cast<std::uint32_t>(part.vertices.size());
    for (std::size_t i = 0; i < path.size(); ++i) {
        side = glm::normalize(side - tangents[i] * glm::dot(side, tangents[i]));
        const glm::vec3 up = glm::cross(tangents[i], side);
        for (int s = 0; s <= segments; ++s) {
            const float angle = kTau * float(s) / float(segments);
            const glm::vec3 normal = side * std::cos(angle) + up * std::sin(angle);
            add_vertex(part, path[i] + normal * radius, normal,
                       {float(s) / float(segments), float(i) / float(path.size() - 1)});
        }
    }
    // Columns go around (side -> up), rows along the tangent: around x along points outwards.
    stitch_grid(part, first, segments, int(path.size()) - 1);
    if (!capped)
        return;
    for (int end = 0; end < 2; ++end) {
        const std::size_t i = end == 0 ? 0 : path.size() - 1;
        const glm::vec3 normal = end == 0 ? -tangents[i] : tangents[i];
        const std::uint32_t ring = first + std::uint32_t(i * std::size_t(segments + 1));
        const std::uint32_t center = add_vertex(part, path[i], normal, {0.5f, 0.5f});
        for (int s = 0; s < segments; ++s) {
            const Vertex& p = part.vertices[ring + std::uint32_t(s)];
            const Vertex& q = part.vertices[ring + std::uint32_t(s) + 1];
            const std::uint32_t a = add_vertex(part, p.position, normal, {0.5f, 0.5f});
            const std::uint32_t b = add_vertex(part, q.position, normal, {0.5f, 0.5f});
            if (end == 0) {
                add_index_triangle(part, center, b, a);
            } else {
                add_index_triangle(part, center, a, b);
            }
        }
    }
}

void add_ellipsoid(MeshPart& part, glm::vec3 center, glm::vec3 radii, int segments, int rings) {
    assert(segments >= 3 && rings >= 2);
    const std::uint32_t first = static_cast<std::uint32_t>(part.vertices.size());
    for (int ring = 0; ring <= rings; ++ring) {
        const float polar = glm::pi<float>() * (1.0f - float(ring) / float(rings));  // bottom up
        for (int s = 0; s <= segments; ++s) {
            const float angle = kTau * float(s) / float(segments);
            const glm::vec3 unit(std::sin(polar) * std::sin(angle), std::cos(polar),
                                 std::sin(polar) * std::cos(angle));
            add_vertex(part, center + unit * radii, unit / radii,
                       {float(s) / float(segments), float(ring) / float(rings)});
        }
    }
    const std::size_t first_index = part.indices.size();
    stitch_grid(part, first, segments, rings);
    remove_degenerate_triangles(part, first_index);
}

void add_torus(MeshPart& part, glm::vec3 center, float major_radius, float minor_radius,
               int segments, int sides) {
    const std::uint32_t first = static_cast<std::uint32_t>(part.vertices.size());
    for (int side = 0; side <= sides; ++side) {
        const float phi = kTau * float(side) / float(sides);
        for (int s = 0; s <= segments; ++s) {
            const float angle = kTau * float(s) / float(segments);
            const glm::vec3 around(std::sin(angle), 0.0f, std::cos(angle));
            const glm::vec3 normal = around * std::cos(phi) + glm::vec3(0, std::sin(phi), 0);
            add_vertex(part, center + around * major_radius + normal * minor_radius, normal,
                       {float(s) / float(segments), float(side) / float(sides)});
        }
    }
    stitch_grid(part, first, segments, sides);
}

void add_grid(MeshPart& part, const std::vector<Vertex>& grid, int columns) {
    assert(columns >= 2 && grid.size() % std::size_t(columns) == 0);
    const auto first = static_cast<std::uint32_t>(part.vertices.size());
    part.vertices.insert(part.vertices.end(), grid.begin(), grid.end());
    auto triangle = [&](std::uint32_t a, std::uint32_t b, std::uint32_t c) {
        const Vertex& va = part.vertices[a];
        const Vertex& vb = part.vertices[b];
        const Vertex& vc = part.vertices[c];
        const glm::vec3 n = glm::cross(vb.position - va.position, vc.position - va.position);
        if (glm::length(n) < 1e-12f)
            return;
        if (glm::dot(n, va.normal + vb.normal + vc.normal) < 0)
            std::swap(b, c);
        add_index_triangle(part, a, b, c);
    };
    const int rows = int(grid.size()) / columns;
    for (int row = 0; row + 1 < rows; ++row) {
        for (int column = 0; column + 1 < columns; ++column) {
            const std::uint32_t a = first + std::uint32_t(row * columns + column);
            const std::uint32_t d = a + std::uint32_t(columns);
            triangle(a, a + 1, d + 1);
            triangle(a, d + 1, d);
        }
    }
}

void add_smooth_quad(MeshPart& part, const Vertex& a, const Vertex& b, const Vertex& c,
                     const Vertex& d) {
    const glm::vec3 face = glm::cross(b.position - a.position, c.position - a.position);
    const bool flip = glm::dot(face, a.normal + b.normal + c.normal + d.normal) < 0;
    const auto first = std::uint32_t(part.vertices.size());
    for (const Vertex* v : {&a, &b, &c, &d})
        part.vertices.push_back(*v);
    if (flip) {
        part.indices.insert(part.indices.end(),
                            {first, first + 2, first + 1, first, first + 3, first + 2});
    } else {
        part.indices.insert(part.indices.end(),
                            {first, first + 1, first + 2, first, first + 2, first + 3});
    }
}

void transform_part(MeshPart& part, const glm::mat4& transform, std::size_t first_vertex) {
    const glm::mat3 normal_matrix = glm::transpose(glm::inverse(glm::mat3(transform)));
    for (std::size_t i = first_vertex; i < part.vertices.size(); ++i) {
        Vertex& vertex = part.vertices[i];
        vertex.position = glm::vec3(transform * glm::vec4(vertex.position, 1.0f));
        vertex.normal = glm::normalize(normal_matrix * vertex.normal);
    }
}

std::vector<glm::vec3> arc_points(glm::vec3 center, glm::vec3 axis_u, glm::vec3 axis_v,
                                  float radius, float from, float to, int count) {
    std::vector<glm::vec3> points;
    for (int i = 0; i < count; ++i) {
        const float angle = from + (to - from) * float(i) / float(count - 1);
        points.push_back(center + (axis_u * std::cos(angle) + axis_v * std::sin(angle)) * radius);
    }
    return points;
}

std::size_t triangle_count(const MeshPart& part) {
    return part.indices.size() / 3;
}

}  // namespace heritage::sample
