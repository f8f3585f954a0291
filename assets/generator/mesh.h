// assets/generator/mesh.h: procedural meshes for the sample exhibit's illustrative models.
// Units are metres, +Y up, the object stands on y = 0 and faces +Z (glTF conventions).
//
// Each builder appends triangles to a MeshPart with positions, outward normals and UVs, so a
// model is a few calls: add_lathe for a drum's body, add_disc for its face, add_tube for a
// handle. Triangles wind counter-clockwise seen from outside.
#pragma once
#include <cstdint>
#include <glm/glm.hpp>
#include <string>
#include <vector>

namespace heritage::sample {

struct Vertex {
    glm::vec3 position{0.0f};
    glm::vec3 normal{0.0f, 1.0f, 0.0f};
    glm::vec2 uv{0.0f};
};

// One mesh with one material.
struct MeshPart {
    std::string name;
    int material_index = 0;  // into SampleModel::materials
    std::vector<Vertex> vertices;
    std::vector<std::uint32_t> indices;  // triangles
};

// A point of a lathe profile: distance from the Y axis, and height.
struct ProfilePoint {
    float radius = 0.0f;
    float y = 0.0f;
};

// Surface of revolution about the Y axis through `profile` (bottom to top, or top to bottom for
// an inner surface seen from inside). u runs around (0 at +Z, increasing towards +X), v along
// the profile's length from 0 to 1, mapped onto [v0, v1].
void add_lathe(MeshPart& part, const std::vector<ProfilePoint>& profile, int segments,
               float v0 = 0.0f, float v1 = 1.0f);

// A flat disc in the plane y = `y`, facing up (+Y) or down. UVs map x, z in [-radius, radius]
// to [0, 1] (u along +X, v along +Z), so a texture painted as a square shows centred on it.
void add_disc(MeshPart& part, float y, float radius, bool facing_up, int segments);

// A flat ring (annulus) in the plane y = `y`; UVs as add_disc with `outer_radius`.
void add_ring(MeshPart& part, float y, float inner_radius, float outer_radius, bool facing_up,
              int segments);

// An axis-aligned box; each face maps the whole texture.
void add_box(MeshPart& part, glm::vec3 min_corner, glm::vec3 max_corner);

// A flat quad with corners a, b, c, d counter-clockwise seen from its front; UVs (0,0) at a,
// (1,0) at b, (1,1) at c, (0,1) at d. The normal is computed from the corners.
void add_quad(MeshPart& part, glm::vec3 a, glm::vec3 b, glm::vec3 c, glm::vec3 d);

// A triangle a, b, c counter-clockwise seen from its front, with planar UVs given.
void add_triangle(MeshPart& part, glm::vec3 a, glm::vec3 b, glm::vec3 c, glm::vec2 uv_a,
                  glm::vec2 uv_b, glm::vec2 uv_c);

// A round tube of `radius` along a polyline (at least 2 points), closed at both ends with caps
// when `capped`. u runs around the tube, v along it.
void add_tube(MeshPart& part, const std::vector<glm::vec3>& path, float radius, int segments,
              bool capped = true);

// A sphere, or an ellipsoid with semi-axes `radii`. u around Y, v from bottom (0) to top (1).
void add_ellipsoid(MeshPart& part, glm::vec3 center, glm::vec3 radii, int segments, int rings);

// A torus lying in a horizontal plane (its axis along Y).
void add_torus(MeshPart& part, glm::vec3 center, float major_radius, float minor_radius,
               int segments, int sides);

// Appends a grid of vertices (`columns` per row, row by row) as quads, each triangle wound to
// face the way its vertices' normals point; triangles with no area are dropped. For surfaces
// no other builder makes (a broken mantle, a puffed cloth wedge).
void add_grid(MeshPart& part, const std::vector<Vertex>& grid, int columns);

// Appends the quad a, b, c, d (a loop) with per-vertex normals, wound to face the way the
// normals point: a smooth-shaded patch of cloth or paper.
void add_smooth_quad(MeshPart& part, const Vertex& a, const Vertex& b, const Vertex& c,
                     const Vertex& d);

// Applies `transform` to the positions (and its inverse transpose to the normals) of the
// vertices from `first_vertex` on: build at the origin, then place.
void transform_part(MeshPart& part, const glm::mat4& transform, std::size_t first_vertex = 0);

// Points on a circular arc in the plane spanned by `axis_u` and `axis_v` around `center`,
// from angle `from` to `to` (radians), `count` points: paths for handles and hooks.
std::vector<glm::vec3> arc_points(glm::vec3 center, glm::vec3 axis_u, glm::vec3 axis_v,
                                  float radius, float from, float to, int count);

std::size_t triangle_count(const MeshPart& part);

}  // namespace heritage::sample
