// capture/evaluate.cpp: the result against the synthetic truth, in the board's world (mm), where
// both already are: no alignment. Surfaces are compared as point samples (uniform by area);
// distances within a few tau are found exactly on a uniform grid of tau-sized cells, farther
// ones (outliers, only for the mean distances) by a k-d tree.
#include "capture/evaluate.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <opencv2/flann.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <optional>
#include <random>
#include <unordered_map>

#include "capture/camera.h"
#include "capture/render_views.h"
#include "capture/synth.h"
#include "exhibit/error.h"
#include "exhibit/files.h"
#include "render/scene/model_load.h"

namespace heritage::capture {
namespace {

namespace fs = std::filesystem;
using Point = std::array<double, 3>;

constexpr int kExactShells = 4;  // cells searched around a point's own, each way

double squared_distance(const Point& a, const Point& b) {
    const double dx = a[0] - b[0], dy = a[1] - b[1], dz = a[2] - b[2];
    return dx * dx + dy * dy + dz * dz;
}

// Points bucketed in cubic cells, for exact nearest neighbours within kExactShells cells.
class PointGrid {
  public:
    PointGrid(const std::vector<Point>& points, double cell) : points_(points), cell_(cell) {
        for (std::size_t i = 0; i < points.size(); ++i)
            cells_[key(cell_of(points[i]))].push_back(std::uint32_t(i));
    }

    // The distance to the nearest point if one lies within kExactShells cells' reach (then
    // exact), else infinity.
    double nearest_within_reach(const Point& p) const {
        const std::array<long, 3> home = cell_of(p);
        double best = std::numeric_limits<double>::infinity();
        for (int shell = 0; shell <= kExactShells; ++shell) {
            // Any point in shell s or beyond is at least (s - 1) cells away.
            if (shell >= 1 && std::sqrt(best) <= (shell - 1) * cell_)
                break;
            for (long dx = -shell; dx <= shell; ++dx) {
                for (long dy = -shell; dy <= shell; ++dy) {
                    for (long dz = -shell; dz <= shell; ++dz) {
                        if (std::max({std::labs(dx), std::labs(dy), std::labs(dz)}) != shell)
                            continue;
                        const auto found =
                            cells_.find(key({home[0] + dx, home[1] + dy, home[2] + dz}));
                        if (found == cells_.end())
                            continue;
                        for (std::uint32_t index : found->second)
                            best = std::min(best, squared_distance(p, points_[index]));
                    }
                }
            }
        }
        const double distance = std::sqrt(best);
        return distance <= kExactShells * cell_ ? distance
                                                : std::numeric_limits<double>::infinity();
    }

  private:
    const std::vector<Point>& points_;
    double cell_;
    std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> cells_;

    std::array<long, 3> cell_of(const Point& p) const {
        return {long(std::floor(p[0] / cell_)), long(std::floor(p[1] / cell_)),
                long(std::floor(p[2] / cell_))};
    }
    static std::uint64_t key(const std::array<long, 3>& c) {
        // 21 bits a coordinate: a million cells each way.
        const auto part = [](long v) { return std::uint64_t(v + (1L << 20)) & 0x1FFFFF; };
        return part(c[0]) | (part(c[1]) << 21) | (part(c[2]) << 42);
    }
};

// For each query point, the distance to its nearest neighbour among `points`.
std::vector<double> nearest_distances(const std::vector<Point>& queries,
                                      const std::vector<Point>& points, double cell) {
    std::vector<double> distances(queries.size());
    const PointGrid grid(points, cell);
    std::vector<std::size_t> far;
    for (std::size_t i = 0; i < queries.size(); ++i) {
        distances[i] = grid.nearest_within_reach(queries[i]);
        if (!std::isfinite(distances[i]))
            far.push_back(i);
    }
    if (far.empty() || points.empty())
        return distances;
    // Outliers: a k-d tree, precise enough for a mean.
    cv::Mat data(int(points.size()), 3, CV_32F);
    for (std::size_t i = 0; i < points.size(); ++i) {
        for (int c = 0; c < 3; ++c)
            data.at<float>(int(i), c) = float(points[i][std::size_t(c)]);
    }
    cv::flann::Index index(data, cv::flann::KDTreeIndexParams(4));
    cv::Mat query(int(far.size()), 3, CV_32F), indices, squared;
    for (std::size_t i = 0; i < far.size(); ++i) {
        for (int c = 0; c < 3; ++c)
            query.at<float>(int(i), c) = float(queries[far[i]][std::size_t(c)]);
    }
    index.knnSearch(query, indices, squared, 1, cv::flann::SearchParams(128));
    for (std::size_t i = 0; i < far.size(); ++i)
        distances[far[i]] = std::sqrt(double(squared.at<float>(int(i), 0)));
    return distances;
}

// `count` points on the model's triangles, uniformly by area, each mapped by `to_world`.
template <typename ToWorld>
std::vector<Point> sample_surface(const render::CpuModel& model, int count, unsigned seed,
                                  ToWorld to_world) {
    struct Triangle {
        Point a, b, c;
    };
    std::vector<Triangle> triangles;
    std::vector<double> cumulative_area;
    double total = 0.0;
    for (const render::CpuMesh& mesh : model.meshes) {
        for (std::size_t i = 0; i + 2 < mesh.indices.size(); i += 3) {
            const Triangle t{to_world(mesh.positions[mesh.indices[i]]),
                             to_world(mesh.positions[mesh.indices[i + 1]]),
                             to_world(mesh.positions[mesh.indices[i + 2]])};
            const cv::Vec3d ab(t.b[0] - t.a[0], t.b[1] - t.a[1], t.b[2] - t.a[2]);
            const cv::Vec3d ac(t.c[0] - t.a[0], t.c[1] - t.a[1], t.c[2] - t.a[2]);
            const double area = 0.5 * cv::norm(ab.cross(ac));
            if (!(area > 0.0))
                continue;
            total += area;
            triangles.push_back(t);
            cumulative_area.push_back(total);
        }
    }
    std::vector<Point> points;
    if (triangles.empty())
        return points;
    std::mt19937_64 random(seed);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    points.reserve(std::size_t(count));
    for (int i = 0; i < count; ++i) {
        const double at = uniform(random) * total;
        const std::size_t which = std::min(
            triangles.size() - 1,
            std::size_t(std::upper_bound(cumulative_area.begin(), cumulative_area.end(), at) -
                        cumulative_area.begin()));
        const Triangle& t = triangles[which];
        const double r1 = std::sqrt(uniform(random)), r2 = uniform(random);
        const double wa = 1.0 - r1, wb = r1 * (1.0 - r2), wc = r1 * r2;
        points.push_back({wa * t.a[0] + wb * t.b[0] + wc * t.c[0],
                          wa * t.a[1] + wb * t.b[1] + wc * t.c[1],
                          wa * t.a[2] + wb * t.b[2] + wc * t.c[2]});
    }
    return points;
}

// The world (mm, +Z up) from the glTF frame (metres, +Y up).
Point world_from_gltf(const glm::vec3& p) {
    return {1000.0 * p.x, -1000.0 * p.z, 1000.0 * p.y};
}

// A camera's depth buffer of a model's triangles, drawn on the CPU at a reduced size: which
// points the camera sees. The truth's hollow underside or the result's base on the board, which
// no camera above the board can see, are not seen.
class DepthBuffer {
  public:
    // `corners`: every triangle's corners in the world (mm), three by three.
    DepthBuffer(const std::vector<Point>& corners, const CameraView& view) {
        constexpr double kMaxSidePx = 640.0;
        const CameraIntrinsics& in = view.intrinsics;
        const double scale = std::min(1.0, kMaxSidePx / std::max(in.width_px, in.height_px));
        size_ = cv::Size(std::max(1, int(std::lround(in.width_px * scale))),
                         std::max(1, int(std::lround(in.height_px * scale))));
        scale_to_photo_ = double(in.width_px) / size_.width;
        k_ = in.matrix_at(size_);
        pose_ = view.cam_from_world;
        cv::Mat depth(size_, CV_64F, cv::Scalar(0.0));
        for (std::size_t i = 0; i + 2 < corners.size(); i += 3)
            draw_triangle(&corners[i], depth);
        // The farthest depth over a pixel's 3 x 3 neighbours: a point on a surface seen
        // obliquely, whose depth changes by more than the tolerance from one pixel to the
        // next, still counts as seen (and so does a pixel-wide strip behind an occluding edge).
        cv::dilate(depth, farthest_, cv::Mat());
        // Two pixels in from the model's outline, where a photo's pixel is the model's alone.
        cv::erode(depth > 0.0, inner_, cv::Mat(), cv::Point(-1, -1), 2);
    }

    // Whether the point lies in the frame and no more than `tolerance_mm` behind the surface
    // along its pixel's ray; `photo_px` is where it is in the full-size photo.
    // With `inner_only`, not on the outline (see inner_).
    bool sees(const Point& p, double tolerance_mm, cv::Point2d& photo_px,
              bool inner_only = false) const {
        double u = 0.0, v = 0.0;
        const double z = project(p, u, v);
        const int x = int(std::lround(u)), y = int(std::lround(v));
        if (z <= 1.0 || x < 0 || y < 0 || x >= size_.width || y >= size_.height)
            return false;
        if (inner_only && !inner_.at<unsigned char>(y, x))
            return false;
        const double surface = farthest_.at<double>(y, x);
        // Pixel centres: (u + 0.5) at this size is (u' + 0.5) / scale in the photo.
        photo_px =
            cv::Point2d((u + 0.5) * scale_to_photo_ - 0.5, (v + 0.5) * scale_to_photo_ - 0.5);
        return surface > 0.0 && z <= surface + tolerance_mm;
    }

  private:
    cv::Size size_;
    double scale_to_photo_ = 1.0;
    cv::Matx33d k_;
    CameraPose pose_;
    cv::Mat farthest_;  // CV_64F, 0 where no triangle
    cv::Mat inner_;     // 8-bit: the model's pixels two in from its outline

    double project(const Point& p, double& u, double& v) const {
        const cv::Vec3d c = pose_.rotation * cv::Vec3d(p[0], p[1], p[2]) + pose_.translation_mm;
        u = (k_(0, 0) * c[0] + k_(0, 1) * c[1]) / c[2] + k_(0, 2);
        v = k_(1, 1) * c[1] / c[2] + k_(1, 2);
        return c[2];
    }

    void draw_triangle(const Point* corner, cv::Mat& depth) const {
        double u[3], v[3], z[3];
        for (int c = 0; c < 3; ++c) {
            z[c] = project(corner[c], u[c], v[c]);
            if (!(z[c] > 1.0))
                return;
        }
        const double area = (u[1] - u[0]) * (v[2] - v[0]) - (u[2] - u[0]) * (v[1] - v[0]);
        if (std::abs(area) < 1e-12)
            return;
        // Pixel centres inside the triangle; 1/z is affine across the image.
        const int x0 = std::max(0, int(std::ceil(std::min({u[0], u[1], u[2]}))));
        const int x1 = std::min(size_.width - 1, int(std::floor(std::max({u[0], u[1], u[2]}))));
        const int y0 = std::max(0, int(std::ceil(std::min({v[0], v[1], v[2]}))));
        const int y1 = std::min(size_.height - 1, int(std::floor(std::max({v[0], v[1], v[2]}))));
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x) {
                const double w0 = ((u[1] - x) * (v[2] - y) - (u[2] - x) * (v[1] - y)) / area;
                const double w1 = ((u[2] - x) * (v[0] - y) - (u[0] - x) * (v[2] - y)) / area;
                const double w2 = 1.0 - w0 - w1;
                if (w0 < 0.0 || w1 < 0.0 || w2 < 0.0)
                    continue;
                const double at = 1.0 / (w0 / z[0] + w1 / z[1] + w2 / z[2]);
                double& nearest = depth.at<double>(y, x);
                if (nearest == 0.0 || at < nearest)
                    nearest = at;
            }
    }
};

// Every triangle's corners in the world (mm), three by three.
std::vector<Point> triangle_corners(const render::CpuModel& model) {
    std::vector<Point> corners;
    for (const render::CpuMesh& mesh : model.meshes)
        for (std::size_t i = 0; i + 2 < mesh.indices.size(); i += 3)
            for (int c = 0; c < 3; ++c)
                corners.push_back(world_from_gltf(mesh.positions[mesh.indices[i + size_t(c)]]));
    return corners;
}

// Which points some camera sees (DepthBuffer).
std::vector<char> seen_by_cameras(const render::CpuModel& model, const std::vector<Point>& points,
                                  const CameraSet& cameras, double tolerance_mm) {
    const std::vector<Point> corners = triangle_corners(model);
    std::vector<char> seen(points.size(), 0);
    for (const CameraView& view : cameras.views) {
        const DepthBuffer buffer(corners, view);
        cv::Point2d pixel;
        for (std::size_t i = 0; i < points.size(); ++i)
            seen[i] = seen[i] || buffer.sees(points[i], tolerance_mm, pixel);
    }
    return seen;
}

template <typename T>
std::vector<T> kept_where(const std::vector<T>& values, const std::vector<char>& keep) {
    std::vector<T> kept;
    for (std::size_t i = 0; i < values.size(); ++i)
        if (keep[i])
            kept.push_back(values[i]);
    return kept;
}

// The true model moved into the world, in the glTF frame the renderer draws.
render::CpuModel place_in_gltf_world(render::CpuModel model, const cv::Matx44d& world_mm) {
    const auto to_gltf = [](const cv::Vec3d& w) {
        return glm::vec3(float(w[0]), float(w[2]), float(-w[1])) / 1000.0f;
    };
    for (render::CpuMesh& mesh : model.meshes) {
        for (glm::vec3& p : mesh.positions) {
            const cv::Vec4d w = world_mm * cv::Vec4d(p.x, p.y, p.z, 1.0);
            p = to_gltf({w[0], w[1], w[2]});
        }
        for (glm::vec3& n : mesh.normals) {
            const cv::Vec4d w = world_mm * cv::Vec4d(n.x, n.y, n.z, 0.0);
            n = glm::normalize(to_gltf({w[0], w[1], w[2]}));
        }
    }
    glm::vec3 lo(std::numeric_limits<float>::infinity()), hi(-lo);
    for (const render::CpuMesh& mesh : model.meshes) {
        for (const glm::vec3& p : mesh.positions) {
            lo = glm::min(lo, p);
            hi = glm::max(hi, p);
        }
    }
    model.bounds = {lo, hi};
    return model;
}

// The artifact's model file: artifact.json's model.file (or its full derivative), else the
// folder's model.glb, else its only .glb.
fs::path find_result_model(const fs::path& artifact_dir) {
    const fs::path artifact_json = artifact_dir / "artifact.json";
    if (fs::is_regular_file(artifact_json)) {
        try {
            const nlohmann::json json = nlohmann::json::parse(read_file(artifact_json));
            const nlohmann::json& model = json.at("model");
            if (model.contains("file"))
                return artifact_dir / model.at("file").get<std::string>();
            for (const nlohmann::json& derivative : model.value("derivatives", nlohmann::json()))
                if (derivative.value("quality", std::string()) == "full")
                    return artifact_dir / derivative.at("file").get<std::string>();
        } catch (const nlohmann::json::exception&) {
            // Not readable: look for the model by name below.
        }
    }
    if (fs::is_regular_file(artifact_dir / "model.glb"))
        return artifact_dir / "model.glb";
    std::vector<fs::path> glbs;
    for (const fs::directory_entry& entry : fs::directory_iterator(artifact_dir)) {
        if (entry.is_regular_file() && entry.path().extension() == ".glb")
            glbs.push_back(entry.path());
    }
    if (glbs.size() != 1) {
        throw Error("evaluate: " + artifact_dir.string() +
                    ": no model to judge (artifact.json names none and the folder holds " +
                    std::to_string(glbs.size()) +
                    " .glb files); give the artifact's folder that heritage-capture wrote");
    }
    return glbs.front();
}

PoseErrors compare_poses(const CameraSet& truth, const CameraSet& result) {
    std::map<std::string, const CameraView*> estimated;
    for (const CameraView& view : result.views)
        estimated[view.photo_file.filename().string()] = &view;
    PoseErrors errors;
    double rotation_sum = 0.0, center_sum = 0.0;
    for (const CameraView& view : truth.views) {
        const auto found = estimated.find(view.photo_file.filename().string());
        if (found == estimated.end()) {
            ++errors.missing;
            continue;
        }
        const CameraPose& t = view.cam_from_world;
        const CameraPose& e = found->second->cam_from_world;
        const cv::Matx33d difference = e.rotation * t.rotation.t();
        // The angle from its cosine and sine (acos alone loses small angles).
        const double cosine = (cv::trace(difference) - 1.0) / 2.0;
        const double sine = 0.5 * cv::norm(cv::Vec3d(difference(2, 1) - difference(1, 2),
                                                     difference(0, 2) - difference(2, 0),
                                                     difference(1, 0) - difference(0, 1)));
        const double rotation_deg = std::atan2(sine, cosine) * 180.0 / 3.14159265358979323846;
        const double center_mm = cv::norm(e.center_mm() - t.center_mm());
        ++errors.matched;
        rotation_sum += rotation_deg;
        center_sum += center_mm;
        errors.max_rotation_deg = std::max(errors.max_rotation_deg, rotation_deg);
        errors.max_center_mm = std::max(errors.max_center_mm, center_mm);
    }
    if (errors.matched > 0) {
        errors.mean_rotation_deg = rotation_sum / errors.matched;
        errors.mean_center_mm = center_sum / errors.matched;
    }
    return errors;
}

double psnr_of(double squared_error_sum, double samples) {
    if (samples <= 0.0)
        return 0.0;
    const double mse = squared_error_sum / samples;
    return mse <= 1e-12 ? 99.0 : 10.0 * std::log10(255.0 * 255.0 / mse);
}

cv::Vec3d colour_at(const cv::Mat& photo, const cv::Point2d& pixel) {
    cv::Mat patch;
    cv::getRectSubPix(photo, cv::Size(1, 1), cv::Point2f(pixel), patch, CV_32F);
    const cv::Vec3f c = patch.at<cv::Vec3f>(0, 0);
    return {c[0], c[1], c[2]};
}

// The best any one texture could score on the held-out photos: each true surface point
// coloured with the mean of the photos that see it (the least squares' choice), judged
// against the held-out photos that see it. Shine that changes with the viewpoint (metal, a
// glaze's highlights) holds it down; no texture can show it. 0 where no point is seen.
double texture_ceiling_psnr(const std::vector<Point>& corners, const std::vector<Point>& points,
                            const CameraSet& photos, const CameraSet& held_out,
                            const std::vector<cv::Mat>& held_out_photos, double tolerance_mm) {
    std::vector<cv::Vec3d> sum(points.size(), cv::Vec3d(0.0, 0.0, 0.0));
    std::vector<int> count(points.size(), 0);
    for (const CameraView& view : photos.views) {
        const cv::Mat photo = cv::imread(view.image_file.string(), cv::IMREAD_COLOR);
        if (photo.empty())
            continue;
        const DepthBuffer buffer(corners, view);
        cv::Point2d pixel;
        for (std::size_t i = 0; i < points.size(); ++i)
            if (buffer.sees(points[i], tolerance_mm, pixel, true)) {
                sum[i] += colour_at(photo, pixel);
                ++count[i];
            }
    }
    double squared = 0.0, samples = 0.0;
    for (std::size_t h = 0; h < held_out.views.size(); ++h) {
        const DepthBuffer buffer(corners, held_out.views[h]);
        cv::Point2d pixel;
        for (std::size_t i = 0; i < points.size(); ++i)
            if (count[i] > 0 && buffer.sees(points[i], tolerance_mm, pixel, true)) {
                const cv::Vec3d d = colour_at(held_out_photos[h], pixel) - sum[i] / count[i];
                squared += d.dot(d);
                samples += 3.0;
            }
    }
    return samples > 0.0 ? psnr_of(squared, samples) : 0.0;
}

ViewScores compare_held_out(const fs::path& truth_dir, const render::CpuModel& truth_in_world,
                            const std::vector<Point>& truth_points, const CameraSet& photos_seen,
                            double tolerance_mm, const fs::path& result_model,
                            const EvaluateOptions& options) {
    ViewScores scores;
    const fs::path cameras_file = truth_dir / "heldout" / "cameras.json";
    if (!fs::is_regular_file(cameras_file))
        return scores;
    const CameraSet held_out = read_cameras(cameras_file);
    if (held_out.views.empty())
        return scores;
    ViewRenderOptions render_options;
    render_options.lit = false;
    render_options.shader_dir = options.shader_dir;
    const std::vector<cv::Mat> rendered =
        render_model_views(render::load_model(result_model), held_out.views, render_options);
    // The true object's pixels: where its unlit render differs from both a black and a white
    // backdrop (beyond the backdrop's dither).
    const std::vector<cv::Mat> on_black =
        render_model_views(truth_in_world, held_out.views, render_options);
    render_options.background = {255, 255, 255};
    const std::vector<cv::Mat> on_white =
        render_model_views(truth_in_world, held_out.views, render_options);
    double object_sum = 0.0, object_samples = 0.0, image_sum = 0.0, image_samples = 0.0;
    std::vector<cv::Mat> photos;
    for (std::size_t i = 0; i < held_out.views.size(); ++i) {
        photos.push_back(cv::imread(held_out.views[i].image_file.string(), cv::IMREAD_COLOR));
        const cv::Mat& photo = photos.back();
        if (photo.empty() || photo.size() != rendered[i].size()) {
            throw Error("evaluate: " + held_out.views[i].image_file.string() +
                        ": the held-out photo cannot be read or has another size than its "
                        "camera; synthesize the set again with heritage-capture synth");
        }
        cv::Mat difference;
        cv::absdiff(photo, rendered[i], difference);
        difference.convertTo(difference, CV_64FC3);
        cv::Mat squared = difference.mul(difference);
        cv::Mat object_mask;
        {
            cv::Mat backdrop_on_black, backdrop_on_white;
            cv::inRange(on_black[i], cv::Scalar(0, 0, 0), cv::Scalar(2, 2, 2), backdrop_on_black);
            cv::inRange(on_white[i], cv::Scalar(253, 253, 253), cv::Scalar(255, 255, 255),
                        backdrop_on_white);
            cv::bitwise_and(backdrop_on_black, backdrop_on_white, object_mask);
            cv::bitwise_not(object_mask, object_mask);
            // Edge pixels blend object and backdrop in a photo (blur, anti-aliasing): judge the
            // texture on the object's own pixels, two in from its outline.
            cv::erode(object_mask, object_mask,
                      cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(5, 5)));
        }
        const cv::Scalar all = cv::sum(squared);
        image_sum += all[0] + all[1] + all[2];
        image_samples += 3.0 * double(photo.total());
        cv::Mat masked;
        squared.copyTo(masked, object_mask);
        const cv::Scalar in_object = cv::sum(masked);
        object_sum += in_object[0] + in_object[1] + in_object[2];
        object_samples += 3.0 * double(cv::countNonZero(object_mask));
        if (!options.comparison_dir.empty()) {
            cv::Mat amplified, side_by_side;
            cv::absdiff(photo, rendered[i], amplified);
            amplified.convertTo(amplified, CV_8UC3, 4.0);
            cv::hconcat(std::vector<cv::Mat>{photo, rendered[i], amplified}, side_by_side);
            std::error_code error;
            fs::create_directories(options.comparison_dir, error);
            if (error) {
                throw Error("evaluate: " + options.comparison_dir.string() +
                            ": cannot be made a folder (" + error.message() +
                            "); give --compare-out a folder you can write to");
            }
            std::vector<unsigned char> png;
            cv::imencode(".png", side_by_side, png);
            write_file_atomically(
                options.comparison_dir /
                    (held_out.views[i].image_file.stem().string() + "-compared.png"),
                std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
        }
        ++scores.views;
    }
    scores.psnr_ceiling_db = texture_ceiling_psnr(triangle_corners(truth_in_world), truth_points,
                                                  photos_seen, held_out, photos, tolerance_mm);
    scores.psnr_object_db = psnr_of(object_sum, object_samples);
    scores.psnr_image_db = psnr_of(image_sum, image_samples);
    return scores;
}

}  // namespace

SurfaceScores score_surfaces(const std::vector<Point>& result_points,
                             const std::vector<Point>& truth_points, double tau_mm) {
    assert(tau_mm > 0.0);
    SurfaceScores scores;
    scores.tau_mm = tau_mm;
    if (result_points.empty() || truth_points.empty())
        return scores;
    const std::vector<double> accuracy = nearest_distances(result_points, truth_points, tau_mm);
    const std::vector<double> completeness = nearest_distances(truth_points, result_points, tau_mm);
    const auto summarize = [tau_mm](const std::vector<double>& distances, double& share,
                                    double& mean) {
        std::size_t within = 0;
        double sum = 0.0;
        for (double d : distances) {
            within += d <= tau_mm ? 1 : 0;
            sum += d;
        }
        share = double(within) / double(distances.size());
        mean = sum / double(distances.size());
    };
    summarize(accuracy, scores.precision, scores.mean_accuracy_mm);
    summarize(completeness, scores.recall, scores.mean_completeness_mm);
    const double sum = scores.precision + scores.recall;
    scores.f_score = sum > 0.0 ? 2.0 * scores.precision * scores.recall / sum : 0.0;
    return scores;
}

Evaluation evaluate_reconstruction(const fs::path& truth_dir, const fs::path& artifact_dir,
                                   const EvaluateOptions& options) {
    if (!fs::is_directory(truth_dir)) {
        throw Error("evaluate: " + truth_dir.string() +
                    ": no such folder; give --truth the folder heritage-capture synth wrote");
    }
    if (!fs::is_regular_file(truth_dir / "truth.json")) {
        throw Error("evaluate: " + (truth_dir / "truth.json").string() +
                    ": missing; give --truth the folder heritage-capture synth wrote");
    }
    if (!fs::is_directory(artifact_dir)) {
        throw Error("evaluate: " + artifact_dir.string() +
                    ": no such folder; give --result the artifact's folder "
                    "(PACKAGE/artifacts/ID) that heritage-capture wrote");
    }
    Evaluation evaluation;
    evaluation.model_file = find_result_model(artifact_dir);
    const SynthTruth truth = read_truth(truth_dir / "truth.json");

    // Poses.
    const fs::path result_cameras = artifact_dir / "capture" / "cameras.json";
    const CameraSet true_cameras = read_cameras(truth_dir / "cameras.json");
    if (fs::is_regular_file(result_cameras))
        evaluation.poses = compare_poses(true_cameras, read_cameras(result_cameras));
    else
        evaluation.poses.missing = int(true_cameras.views.size());

    // Surfaces.
    const render::CpuModel truth_in_world =
        place_in_gltf_world(render::load_model(truth.model_file), truth.world_mm_from_model);
    const render::CpuModel result_model = render::load_model(evaluation.model_file);
    const auto from_gltf = [](const glm::vec3& p) { return world_from_gltf(p); };
    const std::vector<Point> truth_points =
        sample_surface(truth_in_world, options.surface_samples, options.seed, from_gltf);
    const std::vector<Point> result_points =
        sample_surface(result_model, options.surface_samples, options.seed + 1, from_gltf);
    const double diagonal_mm =
        1000.0 * glm::length(truth_in_world.bounds.max - truth_in_world.bounds.min);
    const double tau_mm = options.tau_share_of_diagonal * diagonal_mm;
    evaluation.surface = score_surfaces(result_points, truth_points, tau_mm);
    // What the photos' cameras could see of either surface (DTU's observability mask).
    const std::vector<char> truth_seen =
        seen_by_cameras(truth_in_world, truth_points, true_cameras, tau_mm);
    const std::vector<char> result_seen =
        seen_by_cameras(result_model, result_points, true_cameras, tau_mm);
    evaluation.surface_seen = score_surfaces(kept_where(result_points, result_seen),
                                             kept_where(truth_points, truth_seen), tau_mm);
    evaluation.truth_share_seen =
        double(std::count(truth_seen.begin(), truth_seen.end(), 1)) / double(truth_seen.size());

    // The held-out views.
    evaluation.held_out = compare_held_out(truth_dir, truth_in_world, truth_points, true_cameras,
                                           tau_mm, evaluation.model_file, options);
    return evaluation;
}

std::vector<std::string> format_evaluation(const Evaluation& e) {
    std::vector<std::string> lines;
    char line[512];
    lines.push_back("model: " + e.model_file.string());
    if (e.poses.matched > 0) {
        std::snprintf(line, sizeof line,
                      "poses: %d cameras matched, %d missing; rotation error mean %.3f deg, max "
                      "%.3f deg; centre error mean %.2f mm, max %.2f mm",
                      e.poses.matched, e.poses.missing, e.poses.mean_rotation_deg,
                      e.poses.max_rotation_deg, e.poses.mean_center_mm, e.poses.max_center_mm);
    } else {
        std::snprintf(line, sizeof line, "poses: no camera of the result matches; %d missing",
                      e.poses.missing);
    }
    lines.push_back(line);
    std::snprintf(line, sizeof line,
                  "surface at tau %.2f mm: precision %.1f %%, recall %.1f %%, F-score %.1f %%; "
                  "mean distance %.2f mm (result to truth), %.2f mm (truth to result)",
                  e.surface.tau_mm, 100.0 * e.surface.precision, 100.0 * e.surface.recall,
                  100.0 * e.surface.f_score, e.surface.mean_accuracy_mm,
                  e.surface.mean_completeness_mm);
    lines.push_back(line);
    std::snprintf(line, sizeof line,
                  "surface the cameras see (%.1f %% of the truth): precision %.1f %%, recall "
                  "%.1f %%, F-score %.1f %%",
                  100.0 * e.truth_share_seen, 100.0 * e.surface_seen.precision,
                  100.0 * e.surface_seen.recall, 100.0 * e.surface_seen.f_score);
    lines.push_back(line);
    if (e.held_out.views > 0) {
        std::snprintf(line, sizeof line,
                      "held-out views: %d photos; PSNR %.2f dB over the object, %.2f dB over "
                      "the whole image; a single texture on the true shape: at best %.2f dB",
                      e.held_out.views, e.held_out.psnr_object_db, e.held_out.psnr_image_db,
                      e.held_out.psnr_ceiling_db);
    } else {
        std::snprintf(line, sizeof line, "held-out views: none");
    }
    lines.push_back(line);
    return lines;
}

CameraPose SimilarityTransform::apply(const CameraPose& pose) const {
    // x_new = s A x + b, so x_cam = R x + t = R A^T (x_new - b) / s + t; the camera's frame
    // scaled by s as well: rotation R A^T, translation s t - R A^T b.
    CameraPose moved;
    moved.rotation = pose.rotation * rotation.t();
    moved.translation_mm = scale * pose.translation_mm - moved.rotation * translation;
    return moved;
}

namespace {

// (the result's centre, the true centre) of each view both name, by photo file name.
std::vector<std::pair<cv::Vec3d, cv::Vec3d>> matched_centres(const CameraSet& result,
                                                             const CameraSet& truth) {
    std::map<std::string, cv::Vec3d> true_centres;
    for (const CameraView& view : truth.views)
        true_centres[view.photo_file.filename().string()] = view.cam_from_world.center_mm();
    std::vector<std::pair<cv::Vec3d, cv::Vec3d>> pairs;
    for (const CameraView& view : result.views) {
        const auto found = true_centres.find(view.photo_file.filename().string());
        if (found != true_centres.end())
            pairs.emplace_back(view.cam_from_world.center_mm(), found->second);
    }
    return pairs;
}

}  // namespace

std::optional<SimilarityTransform> similarity_between(const std::vector<cv::Vec3d>& from,
                                                      const std::vector<cv::Vec3d>& to) {
    assert(from.size() == to.size());
    if (from.empty())
        return std::nullopt;
    const double count = double(from.size());
    cv::Vec3d mean_from(0.0, 0.0, 0.0), mean_to(0.0, 0.0, 0.0);
    for (std::size_t i = 0; i < from.size(); ++i) {
        mean_from += from[i] / count;
        mean_to += to[i] / count;
    }
    // Umeyama: the SVD of the cross-covariance gives the rotation, its singular values over
    // the spread of the points moved gives the scale.
    cv::Matx33d covariance = cv::Matx33d::zeros();
    double from_variance = 0.0;
    for (std::size_t i = 0; i < from.size(); ++i) {
        covariance += (to[i] - mean_to) * (from[i] - mean_from).t() * (1.0 / count);
        from_variance += cv::norm(from[i] - mean_from, cv::NORM_L2SQR) / count;
    }
    cv::Matx31d singular;
    cv::Matx33d u, vt;
    cv::SVD::compute(covariance, singular, u, vt);
    if (!(from_variance > 0.0) || !(singular(1) > 1e-9 * singular(0)))
        return std::nullopt;
    const double reflection = cv::determinant(u) * cv::determinant(vt) < 0.0 ? -1.0 : 1.0;
    const cv::Matx33d keep_handedness(1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, reflection);
    SimilarityTransform transform;
    transform.rotation = u * keep_handedness * vt;
    transform.scale = (singular(0) + singular(1) + reflection * singular(2)) / from_variance;
    transform.translation = mean_to - transform.scale * (transform.rotation * mean_from);
    return transform;
}

SimilarityTransform align_cameras_similarity(const CameraSet& result, const CameraSet& truth) {
    const std::vector<std::pair<cv::Vec3d, cv::Vec3d>> pairs = matched_centres(result, truth);
    if (pairs.size() < 3) {
        throw Error("align cameras: " + std::to_string(pairs.size()) +
                    " of the result's views match a true camera by photo file name, and a "
                    "similarity needs 3; compare cameras of the same photos");
    }
    std::vector<cv::Vec3d> from, to;
    for (const auto& [a, b] : pairs) {
        from.push_back(a);
        to.push_back(b);
    }
    const std::optional<SimilarityTransform> transform = similarity_between(from, to);
    if (!transform) {
        throw Error(
            "align cameras: the matched camera centres lie on a line or at one point, so no "
            "rotation maps one set onto the other; compare cameras from more than one line of "
            "sight");
    }
    return *transform;
}

PoseErrors compare_poses_aligned(const CameraSet& result, const CameraSet& truth) {
    const SimilarityTransform transform = align_cameras_similarity(result, truth);
    CameraSet aligned = result;
    for (CameraView& view : aligned.views)
        view.cam_from_world = transform.apply(view.cam_from_world);
    return compare_poses(truth, aligned);
}

}  // namespace heritage::capture
