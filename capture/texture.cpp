// capture/texture.cpp: the texture atlas, after Waechter et al., "Let There Be Color!" (2014),
// simplified:
// 1. visibility: each view's depth is rasterised at a reduced size; a face is a candidate for a
//    view when it faces it, lies inside the image and is not hidden;
// 2. view selection: data term (cos x projected area, relative to the face's best view) plus a
//    Potts term between neighbouring faces, minimised by a few sweeps of ICM;
// 3. charts: connected faces with the same view; a chart's UVs are its projection into the view,
//    so it is a crop of the photo at the photo's resolution (scaled down only if the atlas would
//    exceed its maximum side); crops are packed on shelves;
// 4. colours: per-view, per-channel gains by least squares over points seen in several views;
//    each texel the score-weighted mean of its face's best views (its chart's view and those
//    scoring at least half the best), which carries less of any one photo's noise and shine;
//    along chart borders each chart moves towards the mean of the charts meeting there, the
//    correction fading into the chart over a few rings of vertices.
#include "capture/texture.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>

#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "exhibit/error.h"

namespace heritage::capture {
namespace {

constexpr int no_view = -1;

// A pinhole camera reduced to what the stage needs, in floats.
struct Projector {
    cv::Matx33f rotation;
    cv::Vec3f translation;
    cv::Vec3f centre;
    float fx, fy, cx, cy;
    int width, height;

    explicit Projector(const CameraView& view)
        : rotation(view.cam_from_world.rotation),
          translation(view.cam_from_world.translation_mm),
          fx(static_cast<float>(view.intrinsics.fx)),
          fy(static_cast<float>(view.intrinsics.fy)),
          cx(static_cast<float>(view.intrinsics.cx)),
          cy(static_cast<float>(view.intrinsics.cy)),
          width(view.intrinsics.width_px),
          height(view.intrinsics.height_px) {
        centre = -(rotation.t() * translation);
    }

    // (u, v, depth) in pixels and mm; depth <= 0 is behind the camera.
    cv::Vec3f project(const cv::Vec3f& world) const {
        const cv::Vec3f c = rotation * world + translation;
        if (c[2] <= 1e-6f)
            return {0, 0, -1};
        return {fx * c[0] / c[2] + cx, fy * c[1] / c[2] + cy, c[2]};
    }
};

struct Candidate {
    int view;
    float score;
};

struct FaceGeometry {
    std::vector<cv::Vec3f> normal;
    std::vector<cv::Vec3f> centroid;
};

FaceGeometry face_geometry(const Mesh& mesh) {
    const std::size_t faces = mesh.triangle_count();
    FaceGeometry geometry;
    geometry.normal.resize(faces);
    geometry.centroid.resize(faces);
    for (std::size_t f = 0; f < faces; ++f) {
        const cv::Vec3f& a = mesh.positions_mm[mesh.indices[3 * f]];
        const cv::Vec3f& b = mesh.positions_mm[mesh.indices[3 * f + 1]];
        const cv::Vec3f& c = mesh.positions_mm[mesh.indices[3 * f + 2]];
        const cv::Vec3f n = (b - a).cross(c - a);
        const float length = static_cast<float>(cv::norm(n));
        geometry.normal[f] = length > 0 ? n / length : cv::Vec3f(0, 0, 0);
        geometry.centroid[f] = (a + b + c) / 3.0f;
    }
    return geometry;
}

// Faces sharing an edge, as lists (CSR).
struct FaceAdjacency {
    std::vector<std::uint32_t> first;  // faces + 1
    std::vector<std::uint32_t> neighbours;
};

FaceAdjacency face_adjacency(const Mesh& mesh) {
    struct EdgeUse {
        std::uint64_t key;
        std::uint32_t face;
    };
    const std::size_t faces = mesh.triangle_count();
    std::vector<EdgeUse> uses;
    uses.reserve(faces * 3);
    for (std::size_t f = 0; f < faces; ++f)
        for (int k = 0; k < 3; ++k) {
            std::uint64_t a = mesh.indices[3 * f + k], b = mesh.indices[3 * f + (k + 1) % 3];
            if (a > b)
                std::swap(a, b);
            uses.push_back({(a << 32) | b, static_cast<std::uint32_t>(f)});
        }
    std::sort(uses.begin(), uses.end(),
              [](const EdgeUse& l, const EdgeUse& r) { return l.key < r.key; });
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
    for (std::size_t i = 0; i < uses.size();) {
        std::size_t j = i;
        while (j < uses.size() && uses[j].key == uses[i].key)
            ++j;
        for (std::size_t p = i; p < j; ++p)
            for (std::size_t q = p + 1; q < j; ++q) {
                pairs.push_back({uses[p].face, uses[q].face});
                pairs.push_back({uses[q].face, uses[p].face});
            }
        i = j;
    }
    FaceAdjacency adjacency;
    adjacency.first.assign(faces + 1, 0);
    for (const auto& [from, to] : pairs)
        ++adjacency.first[from + 1];
    for (std::size_t f = 0; f < faces; ++f)
        adjacency.first[f + 1] += adjacency.first[f];
    adjacency.neighbours.resize(pairs.size());
    std::vector<std::uint32_t> next(adjacency.first.begin(), adjacency.first.end() - 1);
    for (const auto& [from, to] : pairs)
        adjacency.neighbours[next[from]++] = to;
    return adjacency;
}

// The faces each view sees well, with their scores: rasterised depth at a reduced size, then
// per face a depth test at its centroid and corners.
std::vector<std::vector<Candidate>> visible_faces(const Mesh& mesh, const FaceGeometry& geometry,
                                                  const std::vector<Projector>& projectors,
                                                  int margin_px) {
    const std::size_t faces = mesh.triangle_count();
    std::vector<std::vector<std::pair<std::uint32_t, float>>> per_view(projectors.size());
    cv::parallel_for_(cv::Range(0, static_cast<int>(projectors.size())), [&](const cv::Range& r) {
        for (int v = r.start; v < r.end; ++v) {
            const Projector& camera = projectors[v];
            std::vector<cv::Vec3f> projected(mesh.positions_mm.size());
            for (std::size_t i = 0; i < projected.size(); ++i)
                projected[i] = camera.project(mesh.positions_mm[i]);
            const float depth_scale =
                std::min(1.0f, 640.0f / static_cast<float>(std::max(camera.width, camera.height)));
            const int dw = std::max(1, static_cast<int>(std::ceil(camera.width * depth_scale)));
            const int dh = std::max(1, static_cast<int>(std::ceil(camera.height * depth_scale)));
            cv::Mat1f depth(dh, dw, std::numeric_limits<float>::infinity());
            auto to_depth_px = [&](const cv::Vec3f& p) {
                return cv::Vec2f((p[0] + 0.5f) * depth_scale - 0.5f,
                                 (p[1] + 0.5f) * depth_scale - 0.5f);
            };
            // Rasterise the faces turned towards the camera: on a closed surface they hide
            // everything the back faces would.
            for (std::size_t f = 0; f < faces; ++f) {
                if (geometry.normal[f].dot(camera.centre - geometry.centroid[f]) < 0)
                    continue;
                const cv::Vec3f& a = projected[mesh.indices[3 * f]];
                const cv::Vec3f& b = projected[mesh.indices[3 * f + 1]];
                const cv::Vec3f& c = projected[mesh.indices[3 * f + 2]];
                if (a[2] <= 0 || b[2] <= 0 || c[2] <= 0)
                    continue;
                const cv::Vec2f pa = to_depth_px(a), pb = to_depth_px(b), pc = to_depth_px(c);
                const int x0 =
                    std::max(0, static_cast<int>(std::floor(std::min({pa[0], pb[0], pc[0]}))));
                const int x1 =
                    std::min(dw - 1, static_cast<int>(std::ceil(std::max({pa[0], pb[0], pc[0]}))));
                const int y0 =
                    std::max(0, static_cast<int>(std::floor(std::min({pa[1], pb[1], pc[1]}))));
                const int y1 =
                    std::min(dh - 1, static_cast<int>(std::ceil(std::max({pa[1], pb[1], pc[1]}))));
                if (x0 > x1 || y0 > y1)
                    continue;
                const float area =
                    (pb[0] - pa[0]) * (pc[1] - pa[1]) - (pb[1] - pa[1]) * (pc[0] - pa[0]);
                if (std::abs(area) < 1e-12f) {
                    continue;
                }
                const float inv_area = 1.0f / area;
                for (int y = y0; y <= y1; ++y)
                    for (int x = x0; x <= x1; ++x) {
                        const float px = static_cast<float>(x), py = static_cast<float>(y);
                        float w0 =
                            ((pb[0] - px) * (pc[1] - py) - (pb[1] - py) * (pc[0] - px)) * inv_area;
                        float w1 =
                            ((pc[0] - px) * (pa[1] - py) - (pc[1] - py) * (pa[0] - px)) * inv_area;
                        float w2 = 1.0f - w0 - w1;
                        // A small tolerance so that faces smaller than a pixel still write.
                        const float tolerance = -0.5f;
                        if (w0 < tolerance || w1 < tolerance || w2 < tolerance)
                            continue;
                        w0 = std::clamp(w0, 0.0f, 1.0f);
                        w1 = std::clamp(w1, 0.0f, 1.0f);
                        w2 = std::clamp(w2, 0.0f, 1.0f);
                        const float z = (w0 * a[2] + w1 * b[2] + w2 * c[2]) / (w0 + w1 + w2);
                        float& stored = depth(y, x);
                        stored = std::min(stored, z);
                    }
            }
            auto& candidates = per_view[v];
            const auto min_x = static_cast<float>(margin_px);
            const auto min_y = static_cast<float>(margin_px);
            const auto max_x = static_cast<float>(camera.width - 1 - margin_px);
            const auto max_y = static_cast<float>(camera.height - 1 - margin_px);
            for (std::size_t f = 0; f < faces; ++f) {
                const cv::Vec3f to_camera = camera.centre - geometry.centroid[f];
                const float distance = static_cast<float>(cv::norm(to_camera));
                const float cosine = geometry.normal[f].dot(to_camera) / distance;
                if (cosine < 0.1f)
                    continue;
                const cv::Vec3f corners[3] = {projected[mesh.indices[3 * f]],
                                              projected[mesh.indices[3 * f + 1]],
                                              projected[mesh.indices[3 * f + 2]]};
                bool inside = true;
                for (const cv::Vec3f& p : corners)
                    inside = inside && p[2] > 0 && p[0] >= min_x && p[0] <= max_x &&
                             p[1] >= min_y && p[1] <= max_y;
                if (!inside)
                    continue;
                const cv::Vec3f centre = (corners[0] + corners[1] + corners[2]) / 3.0f;
                // A depth pixel spans this many mm at the face; a slanted face spans more depth.
                const float footprint = centre[2] / (camera.fx * depth_scale);
                const float tolerance = footprint * (1.0f + 2.0f / std::max(cosine, 0.25f));
                bool visible = true;
                const cv::Vec3f probes[4] = {centre, (corners[0] + centre) * 0.5f,
                                             (corners[1] + centre) * 0.5f,
                                             (corners[2] + centre) * 0.5f};
                for (const cv::Vec3f& p : probes) {
                    const cv::Vec2f q = to_depth_px(p);
                    const int x = std::clamp(static_cast<int>(std::lround(q[0])), 0, dw - 1);
                    const int y = std::clamp(static_cast<int>(std::lround(q[1])), 0, dh - 1);
                    if (p[2] > depth(y, x) + tolerance) {
                        visible = false;
                        break;
                    }
                }
                if (!visible)
                    continue;
                const float area_px =
                    0.5f *
                    std::abs((corners[1][0] - corners[0][0]) * (corners[2][1] - corners[0][1]) -
                             (corners[1][1] - corners[0][1]) * (corners[2][0] - corners[0][0]));
                candidates.push_back({static_cast<std::uint32_t>(f), area_px * cosine + 1e-6f});
            }
        }
    });
    std::vector<std::vector<Candidate>> per_face(faces);
    for (std::size_t v = 0; v < per_view.size(); ++v)
        for (const auto& [face, score] : per_view[v])
            per_face[face].push_back({static_cast<int>(v), score});
    return per_face;
}

// ICM on data + Potts: each face takes the view minimising (1 - score / best score) plus
// `smoothness` per neighbour with another view.
std::vector<int> select_views(const std::vector<std::vector<Candidate>>& candidates,
                              const FaceAdjacency& adjacency) {
    const std::size_t faces = candidates.size();
    std::vector<int> label(faces, no_view);
    std::vector<float> best_score(faces, 0);
    for (std::size_t f = 0; f < faces; ++f)
        for (const Candidate& c : candidates[f])
            if (c.score > best_score[f]) {
                best_score[f] = c.score;
                label[f] = c.view;
            }
    const float smoothness = 0.35f;
    for (int sweep = 0; sweep < 8; ++sweep) {
        std::size_t changes = 0;
        for (std::size_t f = 0; f < faces; ++f) {
            if (candidates[f].size() < 2)
                continue;
            float best_energy = std::numeric_limits<float>::infinity();
            int best = label[f];
            for (const Candidate& c : candidates[f]) {
                float energy = 1.0f - c.score / best_score[f];
                for (std::uint32_t n = adjacency.first[f]; n < adjacency.first[f + 1]; ++n)
                    if (label[adjacency.neighbours[n]] != c.view)
                        energy += smoothness;
                if (energy < best_energy) {
                    best_energy = energy;
                    best = c.view;
                }
            }
            if (best != label[f]) {
                label[f] = best;
                ++changes;
            }
        }
        if (changes == 0)
            break;
    }
    return label;
}

struct Chart {
    int view = no_view;  // no_view: the faces no photo sees, one flat colour
    std::vector<std::uint32_t> faces;
    cv::Rect source;         // in the view's image, padding included
    cv::Size atlas_size;     // its size in the atlas
    cv::Point atlas_corner;  // top-left in the atlas
};

std::vector<Chart> charts_of(const std::vector<int>& label, const FaceAdjacency& adjacency) {
    const std::size_t faces = label.size();
    std::vector<int> chart_of(faces, -1);
    std::vector<Chart> charts;
    std::vector<std::uint32_t> stack;
    for (std::size_t seed = 0; seed < faces; ++seed) {
        if (chart_of[seed] >= 0)
            continue;
        Chart chart;
        chart.view = label[seed];
        const int id = static_cast<int>(charts.size());
        chart_of[seed] = id;
        stack.push_back(static_cast<std::uint32_t>(seed));
        while (!stack.empty()) {
            const std::uint32_t f = stack.back();
            stack.pop_back();
            chart.faces.push_back(f);
            for (std::uint32_t n = adjacency.first[f]; n < adjacency.first[f + 1]; ++n) {
                const std::uint32_t g = adjacency.neighbours[n];
                if (chart_of[g] < 0 && label[g] == chart.view) {
                    chart_of[g] = id;
                    stack.push_back(g);
                }
            }
        }
        charts.push_back(std::move(chart));
    }
    return charts;
}

// Shelf packing of the charts' atlas sizes; returns the atlas's size.
cv::Size pack_on_shelves(std::vector<Chart>& charts) {
    double area = 0;
    int widest = 1;
    for (const Chart& chart : charts) {
        area += static_cast<double>(chart.atlas_size.area());
        widest = std::max(widest, chart.atlas_size.width);
    }
    const int width = std::max(widest, static_cast<int>(std::ceil(std::sqrt(area * 1.1))));
    std::vector<std::size_t> order(charts.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return charts[a].atlas_size.height > charts[b].atlas_size.height;
    });
    int x = 0, y = 0, shelf_height = 0;
    for (std::size_t i : order) {
        Chart& chart = charts[i];
        if (x + chart.atlas_size.width > width) {
            y += shelf_height;
            x = 0;
            shelf_height = 0;
        }
        chart.atlas_corner = {x, y};
        x += chart.atlas_size.width;
        shelf_height = std::max(shelf_height, chart.atlas_size.height);
    }
    return {width, y + shelf_height};
}

// A crop of `image`, replicating its border where `rect` reaches outside.
cv::Mat crop_with_border(const cv::Mat& image, const cv::Rect& rect) {
    const cv::Rect inside = rect & cv::Rect(0, 0, image.cols, image.rows);
    if (inside == rect)
        return image(rect);
    cv::Mat result;
    if (inside.area() == 0) {
        result.create(rect.size(), image.type());
        result.setTo(cv::Scalar::all(128));
        return result;
    }
    cv::copyMakeBorder(image(inside), result, inside.y - rect.y, rect.br().y - inside.br().y,
                       inside.x - rect.x, rect.br().x - inside.br().x, cv::BORDER_REPLICATE);
    return result;
}

// Mean colour of a 3 x 3 patch at a pixel position, or nothing if outside.
bool sample_patch(const cv::Mat& image, const cv::Vec2f& p, cv::Vec3f* colour) {
    const int x = static_cast<int>(std::lround(p[0])), y = static_cast<int>(std::lround(p[1]));
    if (x < 1 || y < 1 || x >= image.cols - 1 || y >= image.rows - 1)
        return false;
    cv::Vec3f sum(0, 0, 0);
    for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx)
            sum += cv::Vec3f(image.at<cv::Vec3b>(y + dy, x + dx));
    *colour = sum / 9.0f;
    return true;
}

// Calls visit(x, y, w0, w1, w2) for each pixel of a `size` image whose centre lies in the
// triangle `p` (a hair beyond its edges, so that neighbours leave no gap), with its barycentric
// weights.
template <typename Visit>
void for_each_texel(const cv::Vec2f (&p)[3], cv::Size size, Visit visit) {
    const float area =
        (p[1][0] - p[0][0]) * (p[2][1] - p[0][1]) - (p[1][1] - p[0][1]) * (p[2][0] - p[0][0]);
    if (std::abs(area) < 1e-9f)
        return;
    const int x0 = std::max(0, static_cast<int>(std::floor(std::min({p[0][0], p[1][0], p[2][0]}))));
    const int x1 = std::min(size.width - 1,
                            static_cast<int>(std::ceil(std::max({p[0][0], p[1][0], p[2][0]}))));
    const int y0 = std::max(0, static_cast<int>(std::floor(std::min({p[0][1], p[1][1], p[2][1]}))));
    const int y1 = std::min(size.height - 1,
                            static_cast<int>(std::ceil(std::max({p[0][1], p[1][1], p[2][1]}))));
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) {
            const float px = static_cast<float>(x), py = static_cast<float>(y);
            const float w0 =
                ((p[1][0] - px) * (p[2][1] - py) - (p[1][1] - py) * (p[2][0] - px)) / area;
            const float w1 =
                ((p[2][0] - px) * (p[0][1] - py) - (p[2][1] - py) * (p[0][0] - px)) / area;
            const float w2 = 1.0f - w0 - w1;
            if (w0 < -0.01f || w1 < -0.01f || w2 < -0.01f)
                continue;
            visit(x, y, w0, w1, w2);
        }
}

// The colour at a projected point (u, v, depth), bilinear; false behind the camera or outside.
bool sample_bilinear(const cv::Mat& image, const cv::Vec3f& p, cv::Vec3f* colour) {
    if (p[2] <= 0.0f || !(p[0] >= 0.0f && p[1] >= 0.0f && p[0] < float(image.cols - 1) &&
                          p[1] < float(image.rows - 1)))
        return false;
    const int x = static_cast<int>(p[0]), y = static_cast<int>(p[1]);
    const float fx = p[0] - float(x), fy = p[1] - float(y);
    const cv::Vec3b* row0 = image.ptr<cv::Vec3b>(y);
    const cv::Vec3b* row1 = image.ptr<cv::Vec3b>(y + 1);
    const cv::Vec3f top = cv::Vec3f(row0[x]) * (1.0f - fx) + cv::Vec3f(row0[x + 1]) * fx;
    const cv::Vec3f bottom = cv::Vec3f(row1[x]) * (1.0f - fx) + cv::Vec3f(row1[x + 1]) * fx;
    *colour = top * (1.0f - fy) + bottom * fy;
    return true;
}

// Per-view, per-channel gains: for points seen in several views, gain_i * colour_i should equal
// gain_j * colour_j. Least squares on log gains, anchored so the median view keeps its colour.
std::vector<cv::Vec3f> colour_gains(const std::vector<std::vector<Candidate>>& candidates,
                                    const FaceGeometry& geometry,
                                    const std::vector<Projector>& projectors,
                                    const std::vector<cv::Mat>& images) {
    const int views = static_cast<int>(projectors.size());
    std::vector<cv::Vec3f> gains(views, cv::Vec3f(1, 1, 1));
    struct Pair {
        int a, b;
        cv::Vec3f log_ratio;  // log colour_b - log colour_a
    };
    std::vector<Pair> pairs;
    const std::size_t faces = candidates.size();
    const std::size_t stride = std::max<std::size_t>(1, faces / 30000);
    for (std::size_t f = 0; f < faces; f += stride) {
        std::vector<Candidate> best = candidates[f];
        if (best.size() < 2)
            continue;
        std::sort(best.begin(), best.end(),
                  [](const Candidate& l, const Candidate& r) { return l.score > r.score; });
        best.resize(std::min<std::size_t>(best.size(), 4));
        std::vector<std::pair<int, cv::Vec3f>> seen;
        for (const Candidate& c : best) {
            const cv::Vec3f p = projectors[c.view].project(geometry.centroid[f]);
            cv::Vec3f colour;
            if (images[c.view].empty() || !sample_patch(images[c.view], {p[0], p[1]}, &colour))
                continue;
            bool usable = true;
            for (int k = 0; k < 3; ++k)
                usable = usable && colour[k] > 8 && colour[k] < 250;
            if (usable)
                seen.push_back({c.view, colour});
        }
        for (std::size_t i = 0; i < seen.size(); ++i)
            for (std::size_t j = i + 1; j < seen.size(); ++j) {
                cv::Vec3f log_ratio;
                for (int k = 0; k < 3; ++k)
                    log_ratio[k] = std::log(seen[j].second[k]) - std::log(seen[i].second[k]);
                pairs.push_back({seen[i].first, seen[j].first, log_ratio});
            }
    }
    if (pairs.empty())
        return gains;
    for (int channel = 0; channel < 3; ++channel) {
        std::vector<char> used(pairs.size(), 1);
        cv::Mat1d log_gain(views, 1, 0.0);
        for (int round = 0; round < 2; ++round) {
            // a_i - a_b = log_ratio: minimise sum (a_a + log c_a - a_b - log c_b)^2 + ridge.
            cv::Mat1d normal(views, views, 0.0), rhs(views, 1, 0.0);
            std::vector<int> equations(views, 0);
            for (std::size_t i = 0; i < pairs.size(); ++i) {
                if (!used[i])
                    continue;
                const Pair& p = pairs[i];
                normal(p.a, p.a) += 1;
                normal(p.b, p.b) += 1;
                normal(p.a, p.b) -= 1;
                normal(p.b, p.a) -= 1;
                rhs(p.a) += p.log_ratio[channel];
                rhs(p.b) -= p.log_ratio[channel];
                ++equations[p.a];
                ++equations[p.b];
            }
            for (int v = 0; v < views; ++v)
                normal(v, v) += 1e-3 + 1e-3 * equations[v];
            cv::solve(normal, rhs, log_gain, cv::DECOMP_CHOLESKY);
            std::vector<double> anchored;
            for (int v = 0; v < views; ++v)
                if (equations[v] > 0)
                    anchored.push_back(log_gain(v));
            if (!anchored.empty()) {
                std::nth_element(anchored.begin(), anchored.begin() + anchored.size() / 2,
                                 anchored.end());
                log_gain -= anchored[anchored.size() / 2];
            }
            // Drop the worst pairs (speculars, misregistered texture) and solve again.
            std::vector<float> residuals;
            for (std::size_t i = 0; i < pairs.size(); ++i) {
                const Pair& p = pairs[i];
                residuals.push_back(static_cast<float>(
                    std::abs(log_gain(p.a) - log_gain(p.b) - p.log_ratio[channel])));
            }
            std::vector<float> sorted = residuals;
            std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
            const float limit = std::max(0.02f, 3.0f * sorted[sorted.size() / 2]);
            for (std::size_t i = 0; i < pairs.size(); ++i)
                used[i] = residuals[i] <= limit;
        }
        for (int v = 0; v < views; ++v)
            gains[v][channel] = static_cast<float>(std::clamp(std::exp(log_gain(v)), 0.5, 2.0));
    }
    return gains;
}

}  // namespace

Mesh texture_mesh(const Mesh& mesh, const CameraSet& cameras, const TextureOptions& options) {
    assert(options.padding_px >= 0 && options.max_atlas_side_px > 16);
    if (cameras.views.empty())
        throw Error(
            "texture: there are no camera views to take colours from; check the "
            "poses stage's output");
    if (mesh.indices.empty())
        throw Error(
            "texture: the mesh has no triangles; check the dense and mesh stages' "
            "output");
    const std::size_t faces = mesh.triangle_count();
    std::vector<Projector> projectors;
    for (const CameraView& view : cameras.views)
        projectors.emplace_back(view);
    const FaceGeometry geometry = face_geometry(mesh);
    const FaceAdjacency adjacency = face_adjacency(mesh);
    const int margin = options.padding_px + 2;
    const std::vector<std::vector<Candidate>> candidates =
        visible_faces(mesh, geometry, projectors, margin);
    std::vector<int> label = select_views(candidates, adjacency);

    // Faces no view sees take a neighbour's view when it sees them at all (in front, inside).
    for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t f = 0; f < faces; ++f) {
            if (label[f] != no_view)
                continue;
            for (std::uint32_t n = adjacency.first[f]; n < adjacency.first[f + 1]; ++n) {
                const int view = label[adjacency.neighbours[n]];
                if (view == no_view)
                    continue;
                bool inside = true;
                for (int k = 0; k < 3; ++k) {
                    const cv::Vec3f p =
                        projectors[view].project(mesh.positions_mm[mesh.indices[3 * f + k]]);
                    inside = inside && p[2] > 0 && p[0] >= margin && p[1] >= margin &&
                             p[0] <= projectors[view].width - 1 - margin &&
                             p[1] <= projectors[view].height - 1 - margin;
                }
                if (inside) {
                    label[f] = view;
                    changed = true;
                    break;
                }
            }
        }
    }

    // The photos that are used, read in parallel.
    std::vector<char> needed(projectors.size(), 0);
    for (std::size_t f = 0; f < faces; ++f) {
        if (label[f] != no_view)
            needed[label[f]] = 1;
        if (options.balance_colours || options.blend_views > 1)
            for (const Candidate& c : candidates[f])
                needed[c.view] = 1;
    }
    std::vector<cv::Mat> images(projectors.size());
    cv::parallel_for_(cv::Range(0, static_cast<int>(images.size())), [&](const cv::Range& r) {
        for (int v = r.start; v < r.end; ++v)
            if (needed[v])
                images[v] = cv::imread(cameras.views[v].image_file.string(), cv::IMREAD_COLOR);
    });
    for (std::size_t v = 0; v < images.size(); ++v) {
        if (!needed[v])
            continue;
        const CameraView& view = cameras.views[v];
        if (images[v].empty())
            throw Error("texture: cannot read the image " + view.image_file.string() +
                        "; check that the undistorted photos are still in the capture folder");
        if (images[v].cols != view.intrinsics.width_px ||
            images[v].rows != view.intrinsics.height_px)
            throw Error("texture: the image " + view.image_file.string() + " is " +
                        std::to_string(images[v].cols) + "x" + std::to_string(images[v].rows) +
                        " pixels but its camera is " + std::to_string(view.intrinsics.width_px) +
                        "x" + std::to_string(view.intrinsics.height_px) +
                        "; run the poses stage again on these photos");
    }
    std::vector<cv::Vec3f> gains(projectors.size(), cv::Vec3f(1, 1, 1));
    if (options.balance_colours)
        gains = colour_gains(candidates, geometry, projectors, images);

    // Charts, their crops, the packing (scaled down until the atlas fits).
    std::vector<Chart> charts = charts_of(label, adjacency);
    std::vector<cv::Rect2f> extents(charts.size());  // projected bounds in the view, no padding
    for (std::size_t c = 0; c < charts.size(); ++c) {
        const Chart& chart = charts[c];
        if (chart.view == no_view)
            continue;
        float x0 = 1e30f, y0 = 1e30f, x1 = -1e30f, y1 = -1e30f;
        for (std::uint32_t f : chart.faces)
            for (int k = 0; k < 3; ++k) {
                const cv::Vec3f p =
                    projectors[chart.view].project(mesh.positions_mm[mesh.indices[3 * f + k]]);
                x0 = std::min(x0, p[0]);
                y0 = std::min(y0, p[1]);
                x1 = std::max(x1, p[0]);
                y1 = std::max(y1, p[1]);
            }
        extents[c] = cv::Rect2f(x0, y0, x1 - x0, y1 - y0);
    }
    double scale = 1.0;
    cv::Size atlas_size;
    for (int attempt = 0; attempt < 20; ++attempt) {
        const int pad_source = static_cast<int>(std::ceil(options.padding_px / scale));
        for (std::size_t c = 0; c < charts.size(); ++c) {
            Chart& chart = charts[c];
            if (chart.view == no_view) {
                chart.atlas_size = {2 * options.padding_px + 2, 2 * options.padding_px + 2};
                continue;
            }
            const cv::Rect2f& e = extents[c];
            // Pixel centres at integer coordinates: pixel i covers [i - 0.5, i + 0.5).
            const int x0 = static_cast<int>(std::floor(e.x + 0.5f)) - pad_source;
            const int y0 = static_cast<int>(std::floor(e.y + 0.5f)) - pad_source;
            const int x1 = static_cast<int>(std::floor(e.x + e.width + 0.5f)) + pad_source + 1;
            const int y1 = static_cast<int>(std::floor(e.y + e.height + 0.5f)) + pad_source + 1;
            chart.source = cv::Rect(x0, y0, x1 - x0, y1 - y0);
            chart.atlas_size =
                scale >= 1.0
                    ? chart.source.size()
                    : cv::Size(
                          std::max(1, static_cast<int>(std::ceil(chart.source.width * scale))),
                          std::max(1, static_cast<int>(std::ceil(chart.source.height * scale))));
        }
        atlas_size = pack_on_shelves(charts);
        const int side = std::max(atlas_size.width, atlas_size.height);
        if (side <= options.max_atlas_side_px)
            break;
        scale *= 0.97 * options.max_atlas_side_px / side;
    }
    if (std::max(atlas_size.width, atlas_size.height) > options.max_atlas_side_px)
        throw Error("texture: the charts do not fit in a " +
                    std::to_string(options.max_atlas_side_px) +
                    " pixel atlas; raise max_atlas_side_px or lower the mesh's triangle count");

    // The output mesh: vertices split per chart, UVs from each chart's projection.
    Mesh result;
    result.indices.resize(mesh.indices.size());
    std::vector<std::vector<std::pair<int, std::uint32_t>>> copies(mesh.positions_mm.size());
    std::vector<int> chart_of_vertex;  // of each output vertex
    std::vector<std::uint32_t> source_vertex;
    for (std::size_t c = 0; c < charts.size(); ++c) {
        const Chart& chart = charts[c];
        const float sx = static_cast<float>(chart.atlas_size.width) / chart.source.width;
        const float sy = static_cast<float>(chart.atlas_size.height) / chart.source.height;
        for (std::uint32_t f : chart.faces)
            for (int k = 0; k < 3; ++k) {
                const std::uint32_t v = mesh.indices[3 * f + k];
                auto& list = copies[v];
                auto found = std::find_if(list.begin(), list.end(), [&](const auto& e) {
                    return e.first == static_cast<int>(c);
                });
                if (found == list.end()) {
                    const auto id = static_cast<std::uint32_t>(result.positions_mm.size());
                    list.push_back({static_cast<int>(c), id});
                    found = list.end() - 1;
                    result.positions_mm.push_back(mesh.positions_mm[v]);
                    if (!mesh.normals.empty())
                        result.normals.push_back(mesh.normals[v]);
                    cv::Vec2f atlas_px;  // continuous atlas coordinates
                    if (chart.view == no_view) {
                        atlas_px = {chart.atlas_corner.x + chart.atlas_size.width * 0.5f,
                                    chart.atlas_corner.y + chart.atlas_size.height * 0.5f};
                    } else {
                        const cv::Vec3f p = projectors[chart.view].project(mesh.positions_mm[v]);
                        atlas_px = {chart.atlas_corner.x + (p[0] + 0.5f - chart.source.x) * sx,
                                    chart.atlas_corner.y + (p[1] + 0.5f - chart.source.y) * sy};
                    }
                    result.uvs.push_back(
                        {atlas_px[0] / atlas_size.width, atlas_px[1] / atlas_size.height});
                    chart_of_vertex.push_back(static_cast<int>(c));
                    source_vertex.push_back(v);
                }
                result.indices[3 * f + k] = found->second;
            }
    }

    // Seam levelling: each split vertex's colour in its chart's view (after the gains); where
    // charts meet, each moves towards their mean; the offsets fade into the charts.
    const std::size_t out_vertices = result.positions_mm.size();
    std::vector<cv::Vec3f> offset(out_vertices, cv::Vec3f(0, 0, 0));
    std::vector<char> on_seam(out_vertices, 0);
    if (options.seam_blend_px > 0) {
        std::vector<cv::Vec3f> colour(out_vertices);
        std::vector<char> has_colour(out_vertices, 0);
        cv::parallel_for_(cv::Range(0, static_cast<int>(out_vertices)), [&](const cv::Range& r) {
            for (int i = r.start; i < r.end; ++i) {
                const int view = charts[chart_of_vertex[i]].view;
                if (view == no_view || copies[source_vertex[i]].size() < 2)
                    continue;
                const cv::Vec3f p = projectors[view].project(result.positions_mm[i]);
                cv::Vec3f c;
                if (sample_patch(images[view], {p[0], p[1]}, &c)) {
                    colour[i] = c.mul(gains[view]);
                    has_colour[i] = 1;
                }
            }
        });
        for (const auto& list : copies) {
            if (list.size() < 2)
                continue;
            cv::Vec3f mean(0, 0, 0);
            int count = 0;
            for (const auto& [chart, id] : list)
                if (has_colour[id]) {
                    mean += colour[id];
                    ++count;
                }
            if (count < 2)
                continue;
            mean /= static_cast<float>(count);
            for (const auto& [chart, id] : list)
                if (has_colour[id]) {
                    cv::Vec3f o = mean - colour[id];
                    for (int k = 0; k < 3; ++k)
                        o[k] = std::clamp(o[k], -60.0f, 60.0f);
                    offset[id] = o;
                    on_seam[id] = 1;
                }
        }
        // Fade: a few Jacobi sweeps over each chart's vertex graph, seam vertices fixed.
        std::vector<std::vector<std::uint32_t>> neighbours(out_vertices);
        for (std::size_t f = 0; f < faces; ++f)
            for (int k = 0; k < 3; ++k) {
                const std::uint32_t a = result.indices[3 * f + k];
                const std::uint32_t b = result.indices[3 * f + (k + 1) % 3];
                neighbours[a].push_back(b);
                neighbours[b].push_back(a);
            }
        double edge_px_sum = 0;
        std::size_t edge_count = 0;
        for (std::size_t f = 0; f < faces; f += 7) {
            const cv::Vec2f a = result.uvs[result.indices[3 * f]];
            const cv::Vec2f b = result.uvs[result.indices[3 * f + 1]];
            edge_px_sum += cv::norm(
                cv::Vec2f((a[0] - b[0]) * atlas_size.width, (a[1] - b[1]) * atlas_size.height));
            ++edge_count;
        }
        const double edge_px = std::max(0.5, edge_px_sum / std::max<std::size_t>(1, edge_count));
        const int sweeps =
            std::clamp(static_cast<int>(std::lround(options.seam_blend_px / edge_px)), 1, 12);
        const float keep = 1.0f - 1.0f / static_cast<float>(sweeps + 1);
        std::vector<cv::Vec3f> next = offset;
        for (int sweep = 0; sweep < sweeps; ++sweep) {
            for (std::size_t i = 0; i < out_vertices; ++i) {
                if (on_seam[i] || neighbours[i].empty())
                    continue;
                cv::Vec3f sum(0, 0, 0);
                for (std::uint32_t n : neighbours[i])
                    sum += offset[n];
                next[i] = sum * (keep / static_cast<float>(neighbours[i].size()));
            }
            std::swap(offset, next);
            for (std::size_t i = 0; i < out_vertices; ++i)
                if (on_seam[i])
                    next[i] = offset[i];
        }
    }

    // The atlas: each chart's crop, scaled, with its gain and its seam offsets.
    cv::Scalar fill(128, 128, 128);
    result.atlas.create(atlas_size, CV_8UC3);
    result.atlas.setTo(fill);
    cv::parallel_for_(cv::Range(0, static_cast<int>(charts.size())), [&](const cv::Range& r) {
        for (int c = r.start; c < r.end; ++c) {
            const Chart& chart = charts[c];
            cv::Mat target = result.atlas(cv::Rect(chart.atlas_corner, chart.atlas_size));
            if (chart.view == no_view)
                continue;  // stays the fill colour
            const cv::Mat crop = crop_with_border(images[chart.view], chart.source);
            cv::Mat3f pixels;
            if (chart.atlas_size == chart.source.size())
                crop.convertTo(pixels, CV_32FC3);
            else {
                cv::Mat resized;
                cv::resize(crop, resized, chart.atlas_size, 0, 0, cv::INTER_AREA);
                resized.convertTo(pixels, CV_32FC3);
            }
            const cv::Vec3f gain = gains[chart.view];
            // Each texel the mean of the best views of its face, weighed by their scores.
            cv::Mat3f blended;
            cv::Mat1b is_blended;
            if (options.blend_views > 1 && chart.atlas_size == chart.source.size()) {
                blended = cv::Mat3f(chart.atlas_size, cv::Vec3f(0, 0, 0));
                is_blended = cv::Mat1b(chart.atlas_size, 0);
                for (std::uint32_t f : chart.faces) {
                    std::vector<Candidate> best = candidates[f];
                    std::sort(best.begin(), best.end(), [](const Candidate& a, const Candidate& b) {
                        return a.score > b.score;
                    });
                    float own_score = 0.0f;
                    std::vector<Candidate> others;
                    for (const Candidate& candidate : best) {
                        if (candidate.view == chart.view)
                            own_score = candidate.score;
                        else if (int(others.size()) + 1 < options.blend_views &&
                                 candidate.score >= 0.5f * best.front().score)
                            others.push_back(candidate);
                    }
                    if (own_score <= 0.0f)
                        own_score = best.empty() ? 1.0f : best.front().score;
                    cv::Vec2f p[3];
                    cv::Vec3f world[3];
                    for (int k = 0; k < 3; ++k) {
                        const std::uint32_t v = result.indices[3 * f + k];
                        p[k] = {result.uvs[v][0] * atlas_size.width - 0.5f - chart.atlas_corner.x,
                                result.uvs[v][1] * atlas_size.height - 0.5f - chart.atlas_corner.y};
                        world[k] = result.positions_mm[v];
                    }
                    for_each_texel(
                        p, blended.size(), [&](int x, int y, float w0, float w1, float w2) {
                            const cv::Vec3f point = world[0] * w0 + world[1] * w1 + world[2] * w2;
                            cv::Vec3f sum = pixels(y, x).mul(gain) * own_score;
                            float total = own_score;
                            for (const Candidate& other : others) {
                                cv::Vec3f colour;
                                if (!sample_bilinear(images[other.view],
                                                     projectors[other.view].project(point),
                                                     &colour))
                                    continue;
                                sum += colour.mul(gains[other.view]) * other.score;
                                total += other.score;
                            }
                            blended(y, x) = sum / total;
                            is_blended(y, x) = 255;
                        });
                }
            }
            // The offsets, rasterised over the chart's triangles, then spread to the padding.
            bool any_offset = false;
            for (std::uint32_t f : chart.faces)
                for (int k = 0; k < 3; ++k)
                    any_offset = any_offset || offset[result.indices[3 * f + k]] != cv::Vec3f();
            cv::Mat3f offsets;
            if (any_offset) {
                offsets = cv::Mat3f(chart.atlas_size, cv::Vec3f(0, 0, 0));
                cv::Mat1b uncovered(chart.atlas_size, 255);
                for (std::uint32_t f : chart.faces) {
                    cv::Vec2f p[3];
                    cv::Vec3f o[3];
                    for (int k = 0; k < 3; ++k) {
                        const std::uint32_t v = result.indices[3 * f + k];
                        p[k] = {result.uvs[v][0] * atlas_size.width - 0.5f - chart.atlas_corner.x,
                                result.uvs[v][1] * atlas_size.height - 0.5f - chart.atlas_corner.y};
                        o[k] = offset[v];
                    }
                    for_each_texel(p, offsets.size(),
                                   [&](int x, int y, float w0, float w1, float w2) {
                                       offsets(y, x) = o[0] * w0 + o[1] * w1 + o[2] * w2;
                                       uncovered(y, x) = 0;
                                   });
                }
                // Padding pixels take the offset of the nearest covered pixel.
                const auto uncovered_count = static_cast<std::size_t>(cv::countNonZero(uncovered));
                if (uncovered_count > 0 && uncovered_count < uncovered.total()) {
                    cv::Mat distance, nearest;
                    cv::distanceTransform(uncovered, distance, nearest, cv::DIST_L2, 3,
                                          cv::DIST_LABEL_PIXEL);
                    std::vector<cv::Vec3f> by_label(uncovered.total() + 1, cv::Vec3f(0, 0, 0));
                    for (int y = 0; y < offsets.rows; ++y)
                        for (int x = 0; x < offsets.cols; ++x)
                            if (!uncovered(y, x))
                                by_label[nearest.at<int>(y, x)] = offsets(y, x);
                    for (int y = 0; y < offsets.rows; ++y)
                        for (int x = 0; x < offsets.cols; ++x)
                            if (uncovered(y, x))
                                offsets(y, x) = by_label[nearest.at<int>(y, x)];
                }
            }
            for (int y = 0; y < pixels.rows; ++y)
                for (int x = 0; x < pixels.cols; ++x) {
                    cv::Vec3f value = !is_blended.empty() && is_blended(y, x)
                                          ? blended(y, x)
                                          : pixels(y, x).mul(gain);
                    if (any_offset)
                        value += offsets(y, x);
                    target.at<cv::Vec3b>(y, x) = cv::Vec3b(cv::saturate_cast<uchar>(value[0]),
                                                           cv::saturate_cast<uchar>(value[1]),
                                                           cv::saturate_cast<uchar>(value[2]));
                }
        }
    });
    return result;
}

}  // namespace heritage::capture
