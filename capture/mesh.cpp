// capture/mesh.cpp: surface nets over the signed distances (one vertex per cell that the surface
// crosses, one quad per grid edge that it crosses), vertices projected onto the trilinear zero
// level set, normals from the distances' gradient, small islands removed, then meshoptimizer.
// A grid point whose distance is not finite was never observed (depth-map fusion): a cell with
// such a corner makes no vertex and no face, so the surface stays open there.
#include "capture/mesh.h"

#include <meshoptimizer.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>

#include <opencv2/core/utility.hpp>

#include "exhibit/error.h"

namespace heritage::capture {
namespace {

// The distances with everything outside the grid outside: a grid point beyond the border reads
// as one voxel outside, so a volume touching the border still closes. Unobserved grid points
// read as they are stored (not finite).
class DistanceField {
  public:
    explicit DistanceField(const VolumeGrid& volume)
        : volume_(volume), outside_(static_cast<float>(volume.voxel_mm)) {}

    float at(int x, int y, int z) const {
        if (x < 0 || y < 0 || z < 0 || x >= volume_.nx || y >= volume_.ny || z >= volume_.nz)
            return outside_;
        return volume_.at(x, y, z);
    }

    // Trilinear value and gradient (per voxel) at a point in grid coordinates; not finite where
    // a corner of the point's cell is unobserved.
    float sample(const cv::Vec3f& p, cv::Vec3f* gradient) const {
        const int x0 = static_cast<int>(std::floor(p[0]));
        const int y0 = static_cast<int>(std::floor(p[1]));
        const int z0 = static_cast<int>(std::floor(p[2]));
        const float fx = p[0] - static_cast<float>(x0);
        const float fy = p[1] - static_cast<float>(y0);
        const float fz = p[2] - static_cast<float>(z0);
        float c[2][2][2];
        for (int k = 0; k < 2; ++k)
            for (int j = 0; j < 2; ++j)
                for (int i = 0; i < 2; ++i) {
                    c[k][j][i] = at(x0 + i, y0 + j, z0 + k);
                    if (!std::isfinite(c[k][j][i]))
                        return std::numeric_limits<float>::quiet_NaN();
                }
        const float c00 = c[0][0][0] * (1 - fx) + c[0][0][1] * fx;
        const float c01 = c[0][1][0] * (1 - fx) + c[0][1][1] * fx;
        const float c10 = c[1][0][0] * (1 - fx) + c[1][0][1] * fx;
        const float c11 = c[1][1][0] * (1 - fx) + c[1][1][1] * fx;
        const float c0 = c00 * (1 - fy) + c01 * fy;
        const float c1 = c10 * (1 - fy) + c11 * fy;
        if (gradient) {
            const float dx0 = (c[0][0][1] - c[0][0][0]) * (1 - fy) + (c[0][1][1] - c[0][1][0]) * fy;
            const float dx1 = (c[1][0][1] - c[1][0][0]) * (1 - fy) + (c[1][1][1] - c[1][1][0]) * fy;
            const float dy0 = c01 - c00;
            const float dy1 = c11 - c10;
            *gradient = {dx0 * (1 - fz) + dx1 * fz, dy0 * (1 - fz) + dy1 * fz, c1 - c0};
        }
        return c0 * (1 - fz) + c1 * fz;
    }

    // The difference across a grid point along one axis, over two voxels: central where both
    // sides are observed, else one-sided, else 0.
    float difference(int x, int y, int z, int axis) const {
        const int step[3] = {axis == 0, axis == 1, axis == 2};
        const float centre = at(x, y, z);
        const float ahead = at(x + step[0], y + step[1], z + step[2]);
        const float behind = at(x - step[0], y - step[1], z - step[2]);
        if (std::isfinite(ahead) && std::isfinite(behind))
            return ahead - behind;
        if (!std::isfinite(centre))
            return 0.0f;
        if (std::isfinite(ahead))
            return 2.0f * (ahead - centre);
        if (std::isfinite(behind))
            return 2.0f * (centre - behind);
        return 0.0f;
    }

    // A smooth gradient for normals: central differences, trilinearly interpolated (one-sided
    // beside unobserved grid points).
    cv::Vec3f smooth_gradient(const cv::Vec3f& p) const {
        const int x0 = static_cast<int>(std::floor(p[0]));
        const int y0 = static_cast<int>(std::floor(p[1]));
        const int z0 = static_cast<int>(std::floor(p[2]));
        const float f[3] = {p[0] - static_cast<float>(x0), p[1] - static_cast<float>(y0),
                            p[2] - static_cast<float>(z0)};
        cv::Vec3f sum(0, 0, 0);
        for (int k = 0; k < 2; ++k)
            for (int j = 0; j < 2; ++j)
                for (int i = 0; i < 2; ++i) {
                    const float w =
                        (i ? f[0] : 1 - f[0]) * (j ? f[1] : 1 - f[1]) * (k ? f[2] : 1 - f[2]);
                    const int x = x0 + i, y = y0 + j, z = z0 + k;
                    sum += w * cv::Vec3f(difference(x, y, z, 0), difference(x, y, z, 1),
                                         difference(x, y, z, 2));
                }
        return sum;
    }

  private:
    const VolumeGrid& volume_;
    float outside_;
};

constexpr std::uint32_t no_vertex = 0xffffffffu;

// Cells are indexed from -1 to n-1 along each axis (cell c spans grid points c and c+1), so that
// cells straddling the border take part.
struct CellIndexer {
    int cx, cy, cz;
    std::size_t operator()(int x, int y, int z) const {
        return static_cast<std::size_t>(x + 1) +
               static_cast<std::size_t>(cx) *
                   (static_cast<std::size_t>(y + 1) + static_cast<std::size_t>(cy) * (z + 1));
    }
};

struct RawSurface {
    std::vector<cv::Vec3f> grid_positions;  // in grid coordinates
    std::vector<std::uint32_t> indices;
};

RawSurface surface_nets(const DistanceField& field, const VolumeGrid& volume) {
    const CellIndexer cell{volume.nx + 1, volume.ny + 1, volume.nz + 1};
    const int slices = volume.nz + 1;
    std::vector<std::uint32_t> cell_vertex(static_cast<std::size_t>(cell.cx) * cell.cy * cell.cz,
                                           no_vertex);

    // Pass 1: a vertex in every crossed cell, at the mean of its edges' crossings, slice by slice.
    std::vector<std::vector<cv::Vec3f>> slice_positions(slices);
    static constexpr int corner_offset[8][3] = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {1, 1, 0},
                                                {0, 0, 1}, {1, 0, 1}, {0, 1, 1}, {1, 1, 1}};
    static constexpr int cube_edges[12][2] = {{0, 1}, {2, 3}, {4, 5}, {6, 7}, {0, 2}, {1, 3},
                                              {4, 6}, {5, 7}, {0, 4}, {1, 5}, {2, 6}, {3, 7}};
    cv::parallel_for_(cv::Range(0, slices), [&](const cv::Range& range) {
        for (int s = range.start; s < range.end; ++s) {
            const int z = s - 1;
            auto& positions = slice_positions[s];
            for (int y = -1; y < volume.ny; ++y)
                for (int x = -1; x < volume.nx; ++x) {
                    float d[8];
                    int inside = 0;
                    bool observed = true;
                    for (int c = 0; c < 8; ++c) {
                        d[c] = field.at(x + corner_offset[c][0], y + corner_offset[c][1],
                                        z + corner_offset[c][2]);
                        inside += d[c] < 0 ? 1 : 0;
                        observed = observed && std::isfinite(d[c]);
                    }
                    if (!observed || inside == 0 || inside == 8)
                        continue;
                    cv::Vec3f sum(0, 0, 0);
                    int crossings = 0;
                    for (const auto& edge : cube_edges) {
                        const float a = d[edge[0]], b = d[edge[1]];
                        if ((a < 0) == (b < 0))
                            continue;
                        const float t = a / (a - b);
                        for (int k = 0; k < 3; ++k)
                            sum[k] += static_cast<float>(corner_offset[edge[0]][k]) +
                                      t * static_cast<float>(corner_offset[edge[1]][k] -
                                                             corner_offset[edge[0]][k]);
                        ++crossings;
                    }
                    cell_vertex[cell(x, y, z)] = static_cast<std::uint32_t>(positions.size());
                    positions.push_back(cv::Vec3f(static_cast<float>(x), static_cast<float>(y),
                                                  static_cast<float>(z)) +
                                        sum / static_cast<float>(crossings));
                }
        }
    });
    std::vector<std::uint32_t> slice_first(slices + 1, 0);
    for (int s = 0; s < slices; ++s)
        slice_first[s + 1] = slice_first[s] + static_cast<std::uint32_t>(slice_positions[s].size());
    RawSurface surface;
    surface.grid_positions.reserve(slice_first[slices]);
    for (auto& positions : slice_positions) {
        surface.grid_positions.insert(surface.grid_positions.end(), positions.begin(),
                                      positions.end());
        positions = {};
    }
    cv::parallel_for_(cv::Range(0, slices), [&](const cv::Range& range) {
        for (int s = range.start; s < range.end; ++s) {
            const int z = s - 1;
            for (int y = -1; y < volume.ny; ++y)
                for (int x = -1; x < volume.nx; ++x) {
                    std::uint32_t& v = cell_vertex[cell(x, y, z)];
                    if (v != no_vertex)
                        v += slice_first[s];
                }
        }
    });

    // Pass 2: a quad for every grid edge the surface crosses, joining the four cells around it,
    // wound counter-clockwise seen from the outside (from the negative end towards the positive).
    // Edges start from grid point -1 too: those entering the grid from outside its border. No
    // quad where one of the four cells touches an unobserved grid point (it has no vertex).
    std::vector<std::vector<std::uint32_t>> slice_indices(slices);
    cv::parallel_for_(cv::Range(0, slices), [&](const cv::Range& range) {
        for (int s = range.start; s < range.end; ++s) {
            const int z = s - 1;
            auto& indices = slice_indices[s];
            for (int y = -1; y < volume.ny; ++y)
                for (int x = -1; x < volume.nx; ++x) {
                    const float d0 = field.at(x, y, z);
                    for (int axis = 0; axis < 3; ++axis) {
                        int p1[3] = {x, y, z};
                        p1[axis] += 1;
                        const float d1 = field.at(p1[0], p1[1], p1[2]);
                        if (!std::isfinite(d0) || !std::isfinite(d1) || (d0 < 0) == (d1 < 0))
                            continue;
                        // (axis, b, c) is a right-handed cyclic order.
                        const int b = (axis + 1) % 3, c = (axis + 2) % 3;
                        std::uint32_t quad[4];
                        static constexpr int corners[4][2] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
                        bool complete = true;
                        for (int k = 0; k < 4; ++k) {
                            int q[3] = {x, y, z};
                            q[b] -= corners[k][0];
                            q[c] -= corners[k][1];
                            quad[k] = cell_vertex[cell(q[0], q[1], q[2])];
                            complete = complete && quad[k] != no_vertex;
                        }
                        if (!complete)
                            continue;
                        if (!(d0 < 0))
                            std::swap(quad[1], quad[3]);
                        // Split along the shorter diagonal.
                        const auto& P = surface.grid_positions;
                        const float d02 = static_cast<float>(cv::norm(P[quad[0]] - P[quad[2]]));
                        const float d13 = static_cast<float>(cv::norm(P[quad[1]] - P[quad[3]]));
                        if (d02 <= d13)
                            indices.insert(indices.end(),
                                           {quad[0], quad[1], quad[2], quad[0], quad[2], quad[3]});
                        else
                            indices.insert(indices.end(),
                                           {quad[0], quad[1], quad[3], quad[1], quad[2], quad[3]});
                    }
                }
        }
    });
    for (auto& indices : slice_indices) {
        surface.indices.insert(surface.indices.end(), indices.begin(), indices.end());
        indices = {};
    }
    return surface;
}

// Moves each vertex onto the trilinear zero level set by a few Newton steps along the gradient,
// staying within its cell's neighbourhood.
void project_onto_surface(const DistanceField& field, std::vector<cv::Vec3f>& positions) {
    cv::parallel_for_(cv::Range(0, static_cast<int>(positions.size())), [&](const cv::Range& r) {
        for (int i = r.start; i < r.end; ++i) {
            const cv::Vec3f start = positions[i];
            cv::Vec3f p = start;
            for (int step = 0; step < 3; ++step) {
                cv::Vec3f gradient;
                const float value = field.sample(p, &gradient);
                const float length2 = gradient.dot(gradient);
                if (!std::isfinite(value) || length2 < 1e-12f)
                    break;
                cv::Vec3f moved = p - gradient * (value / length2);
                const cv::Vec3f offset = moved - start;
                for (int k = 0; k < 3; ++k)
                    moved[k] = start[k] + std::clamp(offset[k], -0.5f, 0.5f);
                p = moved;
            }
            positions[i] = p;
        }
    });
}

std::uint32_t find_root(std::vector<std::uint32_t>& parent, std::uint32_t v) {
    while (parent[v] != v) {
        parent[v] = parent[parent[v]];
        v = parent[v];
    }
    return v;
}

// Drops the triangles of connected pieces smaller than `min_fraction` of the largest.
void remove_islands(std::size_t vertex_count, std::vector<std::uint32_t>& indices,
                    double min_fraction) {
    std::vector<std::uint32_t> parent(vertex_count);
    std::iota(parent.begin(), parent.end(), 0u);
    for (std::size_t i = 0; i < indices.size(); i += 3) {
        const std::uint32_t a = find_root(parent, indices[i]);
        for (int k = 1; k < 3; ++k) {
            const std::uint32_t b = find_root(parent, indices[i + k]);
            if (a != b)
                parent[b] = a;
        }
    }
    std::vector<std::uint32_t> triangles_of_root(vertex_count, 0);
    for (std::size_t i = 0; i < indices.size(); i += 3)
        ++triangles_of_root[find_root(parent, indices[i])];
    const std::uint32_t largest =
        *std::max_element(triangles_of_root.begin(), triangles_of_root.end());
    const double keep_from = min_fraction * largest;
    std::size_t out = 0;
    for (std::size_t i = 0; i < indices.size(); i += 3) {
        if (triangles_of_root[find_root(parent, indices[i])] < keep_from)
            continue;
        for (int k = 0; k < 3; ++k)
            indices[out + k] = indices[i + k];
        out += 3;
    }
    indices.resize(out);
}

// Keeps only the vertices the indices use, in the order of first use (for vertex fetch).
template <typename Attribute>
std::vector<Attribute> compact(const std::vector<std::uint32_t>& remap,
                               const std::vector<Attribute>& values, std::size_t new_count) {
    std::vector<Attribute> result(new_count);
    for (std::size_t i = 0; i < remap.size(); ++i)
        if (remap[i] != no_vertex)
            result[remap[i]] = values[i];
    return result;
}

void compact_vertices(Mesh& mesh) {
    std::vector<std::uint32_t> remap(mesh.positions_mm.size(), no_vertex);
    std::uint32_t next = 0;
    for (std::uint32_t& index : mesh.indices) {
        if (remap[index] == no_vertex)
            remap[index] = next++;
        index = remap[index];
    }
    mesh.positions_mm = compact(remap, mesh.positions_mm, next);
    if (!mesh.normals.empty())
        mesh.normals = compact(remap, mesh.normals, next);
    if (!mesh.uvs.empty())
        mesh.uvs = compact(remap, mesh.uvs, next);
}

// meshoptimizer to at most `target_triangles`: first within `max_relative_error`, then, if the
// budget is not met yet, with whatever error it takes.
std::vector<std::uint32_t> simplify_indices(const Mesh& mesh, std::size_t target_triangles,
                                            double max_relative_error) {
    if (mesh.triangle_count() <= target_triangles && max_relative_error <= 0)
        return mesh.indices;
    std::vector<std::uint32_t> result(mesh.indices.size());
    const float* positions = &mesh.positions_mm[0][0];
    // meshoptimizer asks for a target no larger than what it is given.
    const std::size_t target_indices = std::min(target_triangles * 3, mesh.indices.size());
    std::size_t count =
        meshopt_simplify(result.data(), mesh.indices.data(), mesh.indices.size(), positions,
                         mesh.positions_mm.size(), sizeof(cv::Vec3f), target_indices,
                         static_cast<float>(max_relative_error), 0, nullptr);
    if (count / 3 > target_triangles) {
        std::vector<std::uint32_t> again(count);
        count = meshopt_simplify(again.data(), result.data(), count, positions,
                                 mesh.positions_mm.size(), sizeof(cv::Vec3f), target_triangles * 3,
                                 1.0f, 0, nullptr);
        result = std::move(again);
    }
    result.resize(count);
    return result;
}

}  // namespace

Mesh extract_mesh(const VolumeGrid& volume, const MeshOptions& options) {
    assert(volume.distance_mm.size() ==
           static_cast<std::size_t>(volume.nx) * volume.ny * volume.nz);
    if (volume.nx < 2 || volume.ny < 2 || volume.nz < 2)
        throw Error(
            "mesh: the volume grid has fewer than 2 voxels along a side; check the "
            "object region and the dense stage's resolution");
    const DistanceField field(volume);
    RawSurface surface = surface_nets(field, volume);
    if (surface.indices.empty())
        throw Error(
            "mesh: the volume has no surface (no voxel is inside the object); check the "
            "object masks and the object region");
    project_onto_surface(field, surface.grid_positions);
    remove_islands(surface.grid_positions.size(), surface.indices, options.min_island_fraction);

    Mesh mesh;
    const std::size_t vertex_count = surface.grid_positions.size();
    mesh.positions_mm.resize(vertex_count);
    mesh.normals.resize(vertex_count);
    const cv::Vec3f origin(volume.origin_mm);
    const auto voxel = static_cast<float>(volume.voxel_mm);
    cv::parallel_for_(cv::Range(0, static_cast<int>(vertex_count)), [&](const cv::Range& r) {
        for (int i = r.start; i < r.end; ++i) {
            const cv::Vec3f& p = surface.grid_positions[i];
            mesh.positions_mm[i] = origin + p * voxel;
            cv::Vec3f n = field.smooth_gradient(p);
            const float length = static_cast<float>(cv::norm(n));
            mesh.normals[i] = length > 0 ? n / length : cv::Vec3f(0, 0, 1);
        }
    });
    mesh.indices = std::move(surface.indices);
    surface = {};
    compact_vertices(mesh);

    if (mesh.triangle_count() > options.max_triangles || options.max_simplify_error > 0) {
        mesh.indices = simplify_indices(mesh, options.max_triangles, options.max_simplify_error);
        compact_vertices(mesh);
    }
    return mesh;
}

Mesh simplify_mesh(const Mesh& mesh, std::size_t target_triangles, double max_relative_error) {
    // meshoptimizer keeps attribute seams: vertices split at the same position (UV seams) only
    // collapse along the seam, so every remaining vertex keeps its own UV into the atlas.
    Mesh result = mesh;
    if (mesh.indices.empty())
        return result;
    result.indices = simplify_indices(mesh, target_triangles, max_relative_error);
    compact_vertices(result);
    return result;
}

MeshBounds bounds_of(const Mesh& mesh) {
    MeshBounds bounds;
    if (mesh.positions_mm.empty())
        return bounds;
    bounds.min_mm = bounds.max_mm = cv::Vec3d(mesh.positions_mm.front());
    for (const cv::Vec3f& p : mesh.positions_mm)
        for (int axis = 0; axis < 3; ++axis) {
            bounds.min_mm[axis] = std::min(bounds.min_mm[axis], double(p[axis]));
            bounds.max_mm[axis] = std::max(bounds.max_mm[axis], double(p[axis]));
        }
    return bounds;
}

}  // namespace heritage::capture
