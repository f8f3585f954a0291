// Depth maps by plane sweep, kept where views agree, fused into a truncated signed distance
// grid, with the ground and the background trimmed away; see depth_fusion.h.
//
// Per reference view, coarse to fine over an image pyramid: at the smallest level a sweep of
// fronto-parallel planes (uniform in inverse depth) scored by NCC against the neighbours (the
// mean of the better half, so that a neighbour that cannot see the point does not spoil it);
// at each larger level a few hypotheses about every pixel's depth, each neighbour warped along
// the whole surface they describe (so slanted surfaces stay aligned over the window), plus the
// depths a few pixels away (where the level below went wrong, a neighbour's surface may fit),
// with a parabola through the best three. A depth is kept where its NCC is high enough and at
// least `min_consistent_views` other depth maps see the same point; depths beside depth edges
// are dropped (the near side spreads over the far side there in every view alike).
//
// Fusion: a coarse pass over the region finds the object and the ground plane, then a fine pass
// over the object's box; each voxel the weighted mean of the views' truncated distances along
// their rays. Unobserved voxels stay NaN.
#include "capture/depth_fusion.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "exhibit/error.h"

namespace heritage::capture {
namespace {

constexpr float kUnobserved = std::numeric_limits<float>::quiet_NaN();

// The sparse region.
constexpr double kMinCommonViewShare = 0.5;  // the object is in at least this share of photos
constexpr double kMaxCentreDistance = 0.8;   // and nearer the centre than the cameras (share of
                                             // their median distance)
constexpr double kRegionPercentile = 0.02;   // the box spans 2% to 98% of the points per axis
constexpr double kRegionMargin = 0.15;       // widened by this share of its longest side
constexpr std::size_t kMinRegionPoints = 20;

// Neighbours: pairs scored over the sparse points both see, by the angle between their rays.
constexpr double kMinAngleDeg = 2.0;
constexpr double kBestAngleLowDeg = 8.0;
constexpr double kBestAngleHighDeg = 25.0;
constexpr std::size_t kMaxScoredPoints = 2000;

// Matching.
constexpr double kMinSweepSidePx = 160.0;  // the sweep runs at the smallest pyramid level whose
                                           // long side is at least this
constexpr int kWindow = 5;                 // NCC window side, pixels, at every level
constexpr double kPlaneStepPx = 1.5;       // swept planes move this far in the neighbours
constexpr int kMinPlanes = 16;
constexpr int kMaxPlanes = 256;
constexpr int kRefineSteps = 2;       // hypotheses each side of the depth a level starts from
constexpr int kPropagatePx = 4;       // and the depths this many pixels away
constexpr float kMinNcc = 0.3f;       // a kept depth matches at least this well
constexpr float kMinVariance = 4.0f;  // grey levels^2: flatter windows have no depth
constexpr double kDepthPercentile = 0.02;
constexpr double kDepthMargin = 0.15;  // the sparse points' depth range widened by this share
constexpr std::size_t kMinRangePoints = 10;

// Consistency: a depth agrees with another view's where the point, seen from there at that
// view's depth, comes back within this many pixels and this share of its depth.
constexpr double kMaxReprojectionPx = 2.0;
constexpr double kMaxRelativeDepth = 0.01;
constexpr double kEdgeJump = 0.02;     // neighbouring depths this far apart (share) are an edge
constexpr int kEdgeWindow = 5;         // depths this close to an edge are dropped; free space is
                                       // only in front of the nearest depth over this window
constexpr double kMinFillShare = 0.4;  // a gap in a depth map is filled where this share of the
                                       // window around it has depths
constexpr double kMinWeight = 0.05;    // of a depth in the fusion (1: a perfect match, seen
                                       // square on)

// Fusion.
constexpr int kCoarseVoxels = 96;       // the first pass, that finds the object in the region
constexpr double kObjectMargin = 0.08;  // the second pass's box: the object's, widened by this
                                        // share of its longest side
constexpr int kMinSurfaceViews = 2;     // a voxel is inside only where this many views see the
                                        // surface within the truncation of it

// Trimming.
constexpr int kRansacIterations = 400;
constexpr double kMaxGroundTiltDeg = 30.0;  // from the world's +Z
constexpr double kGroundToleranceVoxels = 2.0;
constexpr double kLowerShare = 0.4;          // ground candidates: the lowest 40% of the surface
constexpr double kMinGroundShare = 0.2;      // of those candidates on the plane
constexpr double kMinAboveShare = 0.9;       // of the whole surface on or above it
constexpr double kCentralShare = 0.5;        // the middle half of the box, in x and y
constexpr double kMinComponentShare = 0.05;  // of the largest central piece
constexpr std::size_t kMaxSurfacePoints = 40000;

// ---------------------------------------------------------------------------------------------
// Geometry

// A pinhole camera at one image size.
struct Camera {
    cv::Matx33d k, k_inv;
    cv::Matx33d rotation;  // cam_from_world
    cv::Vec3d translation, centre;
    cv::Size size;

    cv::Vec3d to_camera(const cv::Vec3d& world) const { return rotation * world + translation; }
    // World direction through a pixel whose depth (z in the camera) grows by 1 per unit.
    cv::Vec3d ray(double u, double v) const {
        return rotation.t() * (k_inv * cv::Vec3d(u, v, 1.0));
    }
    bool sees(const cv::Vec3d& world, cv::Vec2d& pixel, double& depth) const {
        const cv::Vec3d q = to_camera(world);
        depth = q[2];
        if (depth <= 1e-9)
            return false;
        const cv::Vec3d p = k * q;
        pixel = {p[0] / p[2], p[1] / p[2]};
        return pixel[0] >= -0.5 && pixel[1] >= -0.5 && pixel[0] < size.width - 0.5 &&
               pixel[1] < size.height - 0.5;
    }
};

Camera camera_at(const CameraView& view, cv::Size size) {
    Camera camera;
    camera.k = view.intrinsics.matrix_at(size);
    camera.k_inv = camera.k.inv();
    camera.rotation = view.cam_from_world.rotation;
    camera.translation = view.cam_from_world.translation_mm;
    camera.centre = view.cam_from_world.center_mm();
    camera.size = size;
    return camera;
}

// How a reference pixel p = (u, v, 1) at inverse depth rho lands in another camera:
// x ~ a * p + rho * b.
struct Transfer {
    cv::Matx33d a;
    cv::Vec3d b;
};

Transfer transfer(const Camera& from, const Camera& to) {
    const cv::Matx33d r = to.rotation * from.rotation.t();
    const cv::Vec3d t = to.translation - r * from.translation;
    return {to.k * r * from.k_inv, to.k * t};
}

// The homography of the fronto-parallel plane at inverse depth rho.
cv::Matx33d plane_homography(const Transfer& transfer_to, double rho) {
    cv::Matx33d h = transfer_to.a;
    for (int i = 0; i < 3; ++i)
        h(i, 2) += rho * transfer_to.b[i];
    return h;
}

double percentile(std::vector<double> values, double share) {
    if (values.empty())
        return 0.0;
    const std::size_t at = std::min(values.size() - 1, std::size_t(share * double(values.size())));
    std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(at), values.end());
    return values[at];
}

bool inside(const ObjectRegion& region, const cv::Vec3d& p) {
    for (int i = 0; i < 3; ++i)
        if (p[i] < region.min_mm[i] || p[i] > region.max_mm[i])
            return false;
    return true;
}

ObjectRegion widened(const ObjectRegion& region, double share) {
    const cv::Vec3d size = region.max_mm - region.min_mm;
    const double margin = share * std::max({size[0], size[1], size[2]});
    return {region.min_mm - cv::Vec3d::all(margin), region.max_mm + cv::Vec3d::all(margin)};
}

// ---------------------------------------------------------------------------------------------
// Views

// A photo at one size, with its camera.
struct Level {
    Camera camera;
    cv::Mat image;  // CV_32F grey
};

struct DepthView {
    std::size_t camera_index = 0;
    std::vector<Level> levels;           // [0] at the working size, each next one at half the last
    Camera fine;                         // levels[0]'s camera
    cv::Rect roi;                        // working pixels whose rays cross the region
    double near_mm = 0.0, far_mm = 0.0;  // depths searched
    std::vector<int> neighbours;
    cv::Mat depth_mm;    // CV_32F at the working size; 0 where none
    cv::Mat score;       // CV_32F: the depth's NCC
    cv::Mat weight;      // CV_32F: its weight in the fusion
    cv::Mat nearest_mm;  // CV_32F: the nearest depth around each pixel (kEdgeWindow)
};

cv::Size scaled_size(const CameraIntrinsics& in, double max_side_px) {
    const double scale = std::min(1.0, max_side_px / std::max(in.width_px, in.height_px));
    return {std::max(1, int(std::lround(in.width_px * scale))),
            std::max(1, int(std::lround(in.height_px * scale)))};
}

// Grey, at `size`; decoded at a reduced size when the photo is much larger (fast for JPEG).
cv::Mat read_grey(const std::filesystem::path& file, int full_long_side, cv::Size size) {
    const int long_side = std::max(size.width, size.height);
    int flag = cv::IMREAD_GRAYSCALE;
    if (full_long_side >= 8 * long_side)
        flag = cv::IMREAD_REDUCED_GRAYSCALE_8;
    else if (full_long_side >= 4 * long_side)
        flag = cv::IMREAD_REDUCED_GRAYSCALE_4;
    else if (full_long_side >= 2 * long_side)
        flag = cv::IMREAD_REDUCED_GRAYSCALE_2;
    cv::Mat grey = cv::imread(file.string(), flag);
    if (grey.empty())
        return {};
    if (grey.size() != size)
        cv::resize(grey, grey, size, 0, 0, cv::INTER_AREA);
    cv::Mat result;
    grey.convertTo(result, CV_32F);
    return result;
}

// The photos that can be read, each as a pyramid down to about kMinSweepSidePx.
std::vector<DepthView> read_views(const CameraSet& cameras, double max_side_px) {
    std::vector<DepthView> all(cameras.views.size());
    std::vector<char> readable(cameras.views.size(), 0);
    cv::parallel_for_(cv::Range(0, int(cameras.views.size())), [&](const cv::Range& range) {
        for (int i = range.start; i < range.end; ++i) {
            const CameraView& camera = cameras.views[size_t(i)];
            const CameraIntrinsics& in = camera.intrinsics;
            if (camera.image_file.empty() || in.width_px <= 0 || in.height_px <= 0)
                continue;
            cv::Size size = scaled_size(in, max_side_px);
            cv::Mat image = read_grey(camera.image_file, std::max(in.width_px, in.height_px), size);
            if (image.empty())
                continue;
            DepthView& view = all[size_t(i)];
            view.camera_index = size_t(i);
            view.levels.push_back({camera_at(camera, size), image});
            while (std::max(size.width, size.height) / 2 >= kMinSweepSidePx) {
                size = cv::Size((size.width + 1) / 2, (size.height + 1) / 2);
                cv::resize(view.levels.back().image, image, size, 0, 0, cv::INTER_AREA);
                view.levels.push_back({camera_at(camera, size), image});
            }
            view.fine = view.levels.front().camera;
            readable[size_t(i)] = 1;
        }
    });
    std::vector<DepthView> views;
    for (std::size_t i = 0; i < all.size(); ++i)
        if (readable[i])
            views.push_back(std::move(all[i]));
    return views;
}

// The view's region of interest at a pyramid level.
cv::Rect roi_at(const DepthView& view, std::size_t level) {
    const int f = 1 << level;
    const cv::Rect roi(cv::Point(view.roi.x / f, view.roi.y / f),
                       cv::Point((view.roi.br().x + f - 1) / f, (view.roi.br().y + f - 1) / f));
    return roi & cv::Rect(cv::Point(0, 0), view.levels[level].camera.size);
}

// The pixels whose rays cross the region's box, and the depths searched there: the sparse
// points' in the region (their 2nd to 98th percentile, widened), within the box's own depths.
void set_search_range(DepthView& view, const ObjectRegion& region,
                      const std::vector<cv::Vec3d>& region_points) {
    const Camera& camera = view.fine;
    double u0 = camera.size.width, v0 = camera.size.height, u1 = -1.0, v1 = -1.0;
    double box_near = std::numeric_limits<double>::max(), box_far = 0.0;
    bool behind = false;
    for (int c = 0; c < 8; ++c) {
        const cv::Vec3d corner((c & 1) ? region.max_mm[0] : region.min_mm[0],
                               (c & 2) ? region.max_mm[1] : region.min_mm[1],
                               (c & 4) ? region.max_mm[2] : region.min_mm[2]);
        const cv::Vec3d q = camera.to_camera(corner);
        box_near = std::min(box_near, q[2]);
        box_far = std::max(box_far, q[2]);
        if (q[2] <= 1e-6) {
            behind = true;
            continue;
        }
        const cv::Vec3d p = camera.k * q;
        u0 = std::min(u0, p[0] / p[2]);
        u1 = std::max(u1, p[0] / p[2]);
        v0 = std::min(v0, p[1] / p[2]);
        v1 = std::max(v1, p[1] / p[2]);
    }
    const cv::Rect frame(cv::Point(0, 0), camera.size);
    const double w = camera.size.width, h = camera.size.height;  // corners far out are clamped
    view.roi = behind ? frame
                      : cv::Rect(cv::Point(int(std::floor(std::clamp(u0, -1.0, w))) - kWindow,
                                           int(std::floor(std::clamp(v0, -1.0, h))) - kWindow),
                                 cv::Point(int(std::ceil(std::clamp(u1, -1.0, w))) + kWindow + 1,
                                           int(std::ceil(std::clamp(v1, -1.0, h))) + kWindow + 1)) &
                            frame;
    // A tenth of the region's size in front of the camera at least.
    const cv::Vec3d extent = region.max_mm - region.min_mm;
    box_near = std::max(box_near, 0.1 * std::max({extent[0], extent[1], extent[2]}));

    std::vector<double> depths;
    for (const cv::Vec3d& p : region_points) {
        cv::Vec2d pixel;
        double depth = 0.0;
        if (camera.sees(p, pixel, depth))
            depths.push_back(depth);
    }
    double near_mm = box_near, far_mm = box_far;
    if (depths.size() >= kMinRangePoints) {
        const double low = percentile(depths, kDepthPercentile);
        const double high = percentile(depths, 1.0 - kDepthPercentile);
        const double margin = kDepthMargin * (high - low) + 0.01 * high;
        near_mm = std::max(box_near, low - margin);
        far_mm = std::min(box_far, high + margin);
    }
    if (!(far_mm > near_mm) || view.roi.area() == 0) {
        view.roi = cv::Rect();
        return;
    }
    view.near_mm = near_mm;
    view.far_mm = far_mm;
}

double angle_score(double degrees) {
    if (degrees < kMinAngleDeg)
        return 0.0;
    if (degrees < kBestAngleLowDeg) {
        const double off = (degrees - kBestAngleLowDeg) / 4.0;
        return std::exp(-0.5 * off * off);
    }
    if (degrees > kBestAngleHighDeg) {
        const double off = (degrees - kBestAngleHighDeg) / 10.0;
        return std::exp(-0.5 * off * off);
    }
    return 1.0;
}

// Each view's neighbours: the views that see most of the same sparse points from an angle of
// about 8 to 25 degrees (the region's centre stands in for the points when there are few).
void choose_neighbours(std::vector<DepthView>& views, const std::vector<cv::Vec3d>& region_points,
                       const ObjectRegion& region, int count) {
    std::vector<cv::Vec3d> points;
    if (region_points.size() >= kMinRegionPoints) {
        const std::size_t stride = (region_points.size() + kMaxScoredPoints - 1) / kMaxScoredPoints;
        for (std::size_t i = 0; i < region_points.size(); i += stride)
            points.push_back(region_points[i]);
    } else {
        points.push_back(0.5 * (region.min_mm + region.max_mm));
    }
    const std::size_t n = views.size();
    std::vector<std::vector<char>> seen(n, std::vector<char>(points.size(), 0));
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t p = 0; p < points.size(); ++p) {
            cv::Vec2d pixel;
            double depth = 0.0;
            seen[i][p] = views[i].fine.sees(points[p], pixel, depth) ? 1 : 0;
        }
    std::vector<std::vector<double>> score(n, std::vector<double>(n, 0.0));
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) {
            double sum = 0.0;
            for (std::size_t p = 0; p < points.size(); ++p) {
                if (!seen[i][p] || !seen[j][p])
                    continue;
                const cv::Vec3d a = cv::normalize(views[i].fine.centre - points[p]);
                const cv::Vec3d b = cv::normalize(views[j].fine.centre - points[p]);
                sum += angle_score(std::acos(std::clamp(a.dot(b), -1.0, 1.0)) * 180.0 / CV_PI);
            }
            score[i][j] = score[j][i] = sum;
        }
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<std::pair<double, int>> ranked;
        for (std::size_t j = 0; j < n; ++j)
            if (j != i && score[i][j] > 0.0)
                ranked.emplace_back(-score[i][j], int(j));
        std::sort(ranked.begin(), ranked.end());
        views[i].neighbours.clear();
        for (std::size_t r = 0; r < ranked.size() && int(r) < count; ++r)
            views[i].neighbours.push_back(ranked[r].second);
    }
}

// ---------------------------------------------------------------------------------------------
// Matching

// Per pixel, the mean of the best half of the neighbours' scores for one hypothesis, so that a
// neighbour that cannot see the point (occluded, out of its frame) does not spoil it.
class BestHalf {
  public:
    BestHalf(cv::Size size, std::size_t neighbours)
        : size_(size), top_(std::size_t(std::clamp(int(neighbours + 1) / 2, 1, 16))) {
        start();
    }

    // One neighbour's scores (used up).
    void add(cv::Mat& score) {
        // Inserted into the best so far, in descending order.
        for (cv::Mat& best : top_) {
            cv::max(best, score, larger_);
            cv::min(best, score, score);
            std::swap(best, larger_);
        }
    }

    // The mean of the best; the next hypothesis starts.
    void finish(cv::Mat& mean) {
        mean = top_.front().clone();
        for (std::size_t i = 1; i < top_.size(); ++i)
            mean += top_[i];
        mean *= 1.0 / double(top_.size());
        start();
    }

  private:
    void start() {
        for (cv::Mat& best : top_)
            best = cv::Mat(size_, CV_32F, cv::Scalar(-1.0f));
    }

    cv::Size size_;
    std::vector<cv::Mat> top_;
    cv::Mat larger_;
};

// Normalised cross-correlation of a reference image with images warped onto it, over a window;
// -1 where either window is flat.
class NccScorer {
  public:
    explicit NccScorer(const cv::Mat& reference)
        : reference_(reference), window_(kWindow, kWindow) {
        cv::Mat mean_square;
        cv::blur(reference_, mean_, window_);
        cv::blur(reference_.mul(reference_), mean_square, window_);
        cv::Mat variance = mean_square - mean_.mul(mean_);
        // 1 / sqrt(variance), or 0 where flat.
        inverse_deviation_.create(variance.size(), CV_32F);
        for (int y = 0; y < variance.rows; ++y)
            for (int x = 0; x < variance.cols; ++x) {
                const float v = variance.at<float>(y, x);
                inverse_deviation_.at<float>(y, x) = v > kMinVariance ? 1.0f / std::sqrt(v) : 0.0f;
            }
    }

    void score(const cv::Mat& warped, cv::Mat& ncc) {
        // The warped image, its square and its product with the reference, averaged together.
        products_.create(warped.size(), CV_32FC3);
        for (int y = 0; y < warped.rows; ++y) {
            const float* w = warped.ptr<float>(y);
            const float* r = reference_.ptr<float>(y);
            float* out = products_.ptr<float>(y);
            for (int x = 0; x < warped.cols; ++x) {
                out[3 * x] = w[x];
                out[3 * x + 1] = w[x] * w[x];
                out[3 * x + 2] = w[x] * r[x];
            }
        }
        cv::blur(products_, means_, window_);
        ncc.create(warped.size(), CV_32F);
        for (int y = 0; y < warped.rows; ++y) {
            const float* m = means_.ptr<float>(y);
            const float* mean_r = mean_.ptr<float>(y);
            const float* inverse_r = inverse_deviation_.ptr<float>(y);
            float* out = ncc.ptr<float>(y);
            for (int x = 0; x < warped.cols; ++x) {
                const float mean_w = m[3 * x], variance_w = m[3 * x + 1] - mean_w * mean_w;
                const float covariance = m[3 * x + 2] - mean_r[x] * mean_w;
                out[x] = variance_w > kMinVariance && inverse_r[x] > 0.0f
                             ? covariance * inverse_r[x] / std::sqrt(variance_w)
                             : -1.0f;
            }
        }
    }

  private:
    cv::Mat reference_;
    cv::Size window_;
    cv::Mat mean_, inverse_deviation_;
    cv::Mat products_, means_;
};

// A neighbour as the reference at one pyramid level sees it: its image at the nearest level,
// and how the reference's pixels land there.
struct Match {
    const cv::Mat* image;
    Transfer transfer;
};

std::vector<Match> matches_at(const std::vector<DepthView>& views, const DepthView& ref,
                              std::size_t level) {
    std::vector<Match> matches;
    for (int j : ref.neighbours) {
        const DepthView& other = views[size_t(j)];
        const Level& there = other.levels[std::min(level, other.levels.size() - 1)];
        matches.push_back({&there.image, transfer(ref.levels[level].camera, there.camera)});
    }
    return matches;
}

// The offset of a parabola's peak through three scores about the best, in [-0.5, 0.5].
float peak_offset(float left, float best, float right) {
    const float curvature = left - 2.0f * best + right;
    return curvature < -1e-6f ? std::clamp(0.5f * (left - right) / curvature, -0.5f, 0.5f) : 0.0f;
}

// The first estimate, at the pyramid's smallest level: a sweep of fronto-parallel planes
// kPlaneStepPx apart, uniform in inverse depth; per pixel the best plane, refined by a parabola.
// Returns inverse depths at that level (0 outside the region of interest) and the planes' step.
cv::Mat sweep_planes(const std::vector<DepthView>& views, const DepthView& ref, double& step) {
    const std::size_t level = ref.levels.size() - 1;
    const cv::Rect roi = roi_at(ref, level);
    const double rho_near = 1.0 / ref.near_mm, rho_far = 1.0 / ref.far_mm;
    const std::vector<Match> matches = matches_at(views, ref, level);
    // Planes kPlaneStepPx apart where the neighbours' epipolar segments are longest.
    double longest_px = 0.0;
    const cv::Point2d samples[5] = {{double(roi.x), double(roi.y)},
                                    {double(roi.br().x), double(roi.y)},
                                    {double(roi.x), double(roi.br().y)},
                                    {double(roi.br().x), double(roi.br().y)},
                                    {roi.x + 0.5 * roi.width, roi.y + 0.5 * roi.height}};
    for (const Match& match : matches)
        for (const cv::Point2d& sample : samples) {
            const cv::Vec3d p(sample.x, sample.y, 1.0);
            const cv::Vec3d a = match.transfer.a * p + rho_near * match.transfer.b;
            const cv::Vec3d b = match.transfer.a * p + rho_far * match.transfer.b;
            if (a[2] <= 1e-9 || b[2] <= 1e-9)
                continue;
            longest_px = std::max(longest_px,
                                  std::hypot(a[0] / a[2] - b[0] / b[2], a[1] / a[2] - b[1] / b[2]));
        }
    const int planes = std::isfinite(longest_px)
                           ? int(std::clamp(std::ceil(longest_px / kPlaneStepPx) + 1.0,
                                            double(kMinPlanes), double(kMaxPlanes)))
                           : kMaxPlanes;
    step = (rho_near - rho_far) / (planes - 1);

    NccScorer scorer(ref.levels[level].image(roi).clone());
    BestHalf best_half(roi.size(), matches.size());
    const std::size_t count = std::size_t(roi.area());
    std::vector<float> best(count, -2.0f), left(count, -2.0f), right(count, -2.0f),
        previous(count, -2.0f);
    std::vector<int> best_plane(count, -1);
    cv::Mat warped, ncc, score;
    const cv::Matx33d shift(1.0, 0.0, roi.x, 0.0, 1.0, roi.y, 0.0, 0.0, 1.0);
    for (int plane = 0; plane < planes; ++plane) {
        const double rho = rho_far + plane * step;
        for (const Match& match : matches) {
            cv::warpPerspective(*match.image, warped,
                                cv::Mat(plane_homography(match.transfer, rho) * shift), roi.size(),
                                cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_CONSTANT,
                                cv::Scalar(0));
            scorer.score(warped, ncc);
            best_half.add(ncc);
        }
        best_half.finish(score);
        for (int y = 0; y < roi.height; ++y) {
            const float* s = score.ptr<float>(y);
            for (int x = 0; x < roi.width; ++x) {
                const std::size_t i = std::size_t(y) * std::size_t(roi.width) + std::size_t(x);
                if (s[x] > best[i]) {
                    best[i] = s[x];
                    best_plane[i] = plane;
                    left[i] = previous[i];
                    right[i] = -2.0f;
                } else if (plane == best_plane[i] + 1) {
                    right[i] = s[x];
                }
                previous[i] = s[x];
            }
        }
    }
    cv::Mat result = cv::Mat::zeros(ref.levels[level].camera.size, CV_32F);
    for (int y = 0; y < roi.height; ++y) {
        float* out = result.ptr<float>(y + roi.y) + roi.x;
        for (int x = 0; x < roi.width; ++x) {
            const std::size_t i = std::size_t(y) * std::size_t(roi.width) + std::size_t(x);
            if (best_plane[i] < 0)
                continue;
            const float offset = left[i] > -2.0f && right[i] > -2.0f
                                     ? peak_offset(left[i], best[i], right[i])
                                     : 0.0f;
            out[x] = float(rho_far + (best_plane[i] + offset) * step);
        }
    }
    return result;
}

// Inverse depths at a larger size: bilinear where the map is smooth, nearest across its steps
// (larger than `jump`), so that a depth edge stays sharp; 0 (none) stays 0.
cv::Mat upsample(const cv::Mat& rho, cv::Size size, float jump) {
    if (rho.size() == size)
        return rho.clone();
    cv::Mat smooth, nearest;
    cv::resize(rho, smooth, size, 0, 0, cv::INTER_LINEAR);
    cv::resize(rho, nearest, size, 0, 0, cv::INTER_NEAREST);
    for (int y = 0; y < smooth.rows; ++y) {
        float* s = smooth.ptr<float>(y);
        const float* n = nearest.ptr<float>(y);
        for (int x = 0; x < smooth.cols; ++x)
            if (n[x] <= 0.0f || std::abs(s[x] - n[x]) > jump)
                s[x] = n[x];
    }
    return smooth;
}

// The map moved so that each pixel takes the value `dx`, `dy` pixels away (0 beyond the edge).
cv::Mat shifted(const cv::Mat& map, int dx, int dy) {
    cv::Mat result = cv::Mat::zeros(map.size(), map.type());
    const int w = map.cols - std::abs(dx), h = map.rows - std::abs(dy);
    if (w > 0 && h > 0)
        map(cv::Rect(std::max(dx, 0), std::max(dy, 0), w, h))
            .copyTo(result(cv::Rect(std::max(-dx, 0), std::max(-dy, 0), w, h)));
    return result;
}

// Each candidate inverse-depth map's score per pixel (over the view's region of interest):
// every neighbour warped along the whole surface the map describes, so that a slanted surface
// stays aligned over the window.
std::vector<cv::Mat> score_candidates(const std::vector<DepthView>& views, const DepthView& ref,
                                      std::size_t level, const std::vector<cv::Mat>& candidates) {
    const cv::Rect roi = roi_at(ref, level);
    const std::vector<Match> matches = matches_at(views, ref, level);
    NccScorer scorer(ref.levels[level].image(roi).clone());
    BestHalf best_half(roi.size(), matches.size());
    std::vector<cv::Mat> scores(candidates.size());
    cv::Mat map_x(roi.size(), CV_32F), map_y(roi.size(), CV_32F), warped, ncc;
    for (std::size_t c = 0; c < candidates.size(); ++c) {
        for (const Match& match : matches) {
            const cv::Matx33f a(match.transfer.a);
            const cv::Vec3f b(match.transfer.b);
            for (int y = 0; y < roi.height; ++y) {
                const float* r = candidates[c].ptr<float>(y + roi.y) + roi.x;
                float* mx = map_x.ptr<float>(y);
                float* my = map_y.ptr<float>(y);
                const float v = float(y + roi.y);
                for (int x = 0; x < roi.width; ++x) {
                    const float u = float(x + roi.x);
                    const float px = a(0, 0) * u + a(0, 1) * v + a(0, 2) + r[x] * b[0];
                    const float py = a(1, 0) * u + a(1, 1) * v + a(1, 2) + r[x] * b[1];
                    const float pz = a(2, 0) * u + a(2, 1) * v + a(2, 2) + r[x] * b[2];
                    const bool usable = r[x] > 0.0f && pz > 1e-6f;
                    mx[x] = usable ? px / pz : -1e4f;
                    my[x] = usable ? py / pz : -1e4f;
                }
            }
            cv::remap(*match.image, warped, map_x, map_y, cv::INTER_LINEAR, cv::BORDER_CONSTANT,
                      cv::Scalar(0));
            scorer.score(warped, ncc);
            best_half.add(ncc);
        }
        best_half.finish(scores[c]);
    }
    return scores;
}

enum class Propagation { none, horizontal, vertical };

// One refinement at a pyramid level. Candidates per pixel: its inverse depth in `rho` (0:
// none) moved by up to `steps` steps of `delta`, and the inverse depths kPropagatePx away on
// either side, horizontally or vertically (where the first estimate went wrong, a neighbour's
// surface may match better). The best by NCC, refined by a parabola among the steps. Returns
// the inverse depths and, in `best_score`, their scores.
cv::Mat refine(const std::vector<DepthView>& views, const DepthView& ref, std::size_t level,
               const cv::Mat& rho, float delta, int steps, Propagation propagation,
               cv::Mat& best_score) {
    std::vector<cv::Mat> candidates;
    for (int k = -steps; k <= steps; ++k) {
        cv::Mat moved = rho + float(k) * delta;
        moved.setTo(0.0f, rho <= 0.0f);
        candidates.push_back(moved);
    }
    if (propagation != Propagation::none) {
        const int across = propagation == Propagation::horizontal ? kPropagatePx : 0;
        const int down = propagation == Propagation::vertical ? kPropagatePx : 0;
        candidates.push_back(shifted(rho, across, down));
        candidates.push_back(shifted(rho, -across, -down));
    }
    const std::vector<cv::Mat> scores = score_candidates(views, ref, level, candidates);

    const cv::Rect roi = roi_at(ref, level);
    cv::Mat result = cv::Mat::zeros(rho.size(), CV_32F);
    best_score = cv::Mat(rho.size(), CV_32F, cv::Scalar(-1.0f));
    for (int y = 0; y < roi.height; ++y) {
        float* out = result.ptr<float>(y + roi.y) + roi.x;
        float* out_score = best_score.ptr<float>(y + roi.y) + roi.x;
        for (int x = 0; x < roi.width; ++x) {
            int best = -1;
            float best_value = -2.0f;
            for (std::size_t c = 0; c < candidates.size(); ++c) {
                const float value = scores[c].at<float>(y, x);
                if (candidates[c].at<float>(y + roi.y, x + roi.x) > 0.0f && value > best_value) {
                    best = int(c);
                    best_value = value;
                }
            }
            if (best < 0)
                continue;
            float offset = 0.0f;
            if (best > 0 && best < 2 * steps)
                offset = peak_offset(scores[size_t(best - 1)].at<float>(y, x), best_value,
                                     scores[size_t(best + 1)].at<float>(y, x));
            out[x] = std::max(
                0.0f, candidates[size_t(best)].at<float>(y + roi.y, x + roi.x) + offset * delta);
            out_score[x] = best_value;
        }
    }
    return result;
}

// The view's depth map at the working size, coarse to fine: the plane sweep at the smallest
// level, a refinement at each larger level (hypotheses kPlaneStepPx apart there, with the
// depths kPropagatePx away across or down in turn), and a last one at the working size, half as
// far apart, from the median-filtered depths. Kept where the NCC is at least kMinNcc and the
// depth within the range searched.
void compute_depth_map(const std::vector<DepthView>& views, DepthView& ref) {
    ref.depth_mm = cv::Mat::zeros(ref.fine.size, CV_32F);
    ref.score = cv::Mat::zeros(ref.fine.size, CV_32F);
    if (ref.roi.area() < kWindow * kWindow || ref.neighbours.empty())
        return;
    double step = 0.0;
    cv::Mat rho = sweep_planes(views, ref, step), score;
    float delta = float(step);
    for (std::size_t level = ref.levels.size() - 1; level-- > 0;) {
        delta *= 0.5f;
        rho = refine(views, ref, level, upsample(rho, ref.levels[level].camera.size, 2.0f * delta),
                     delta, level > 0 ? kRefineSteps : 1,
                     level % 2 == 1 ? Propagation::horizontal : Propagation::vertical, score);
    }
    delta *= 0.5f;
    cv::medianBlur(rho, rho, 3);
    rho = refine(views, ref, 0, rho, delta, 1, Propagation::none, score);
    const float rho_low = float(1.0 / ref.far_mm) - delta,
                rho_high = float(1.0 / ref.near_mm) + delta;
    for (int y = 0; y < rho.rows; ++y)
        for (int x = 0; x < rho.cols; ++x) {
            const float r = rho.at<float>(y, x), s = score.at<float>(y, x);
            if (r > 0.0f && r >= rho_low && r <= rho_high && s >= kMinNcc) {
                ref.depth_mm.at<float>(y, x) = 1.0f / r;
                ref.score.at<float>(y, x) = s;
            }
        }
}

// ---------------------------------------------------------------------------------------------
// Consistency and weights

// The depths that at least `min_views` other depth maps agree with: the point, seen from the
// other view at its depth there, comes back within kMaxReprojectionPx and kMaxRelativeDepth.
cv::Mat consistent_depths(const std::vector<DepthView>& views, std::size_t index, int min_views) {
    const DepthView& ref = views[index];
    struct Other {
        const cv::Mat* depth;
        cv::Matx33f a, a_back;  // there and back: x ~ depth * a * p + b
        cv::Vec3f b, b_back;
    };
    std::vector<Other> others;
    for (std::size_t j = 0; j < views.size(); ++j) {
        if (j == index || cv::countNonZero(views[j].depth_mm) == 0)
            continue;
        const Transfer there = transfer(ref.fine, views[j].fine);
        const Transfer back = transfer(views[j].fine, ref.fine);
        others.push_back({&views[j].depth_mm, cv::Matx33f(there.a), cv::Matx33f(back.a),
                          cv::Vec3f(there.b), cv::Vec3f(back.b)});
    }
    const float max_reprojection2 = float(kMaxReprojectionPx * kMaxReprojectionPx);
    cv::Mat kept = cv::Mat::zeros(ref.depth_mm.size(), CV_32F);
    for (int y = 0; y < ref.depth_mm.rows; ++y)
        for (int x = 0; x < ref.depth_mm.cols; ++x) {
            const float d = ref.depth_mm.at<float>(y, x);
            if (d <= 0.0f)
                continue;
            const cv::Vec3f p(float(x), float(y), 1.0f);
            int agree = 0;
            for (std::size_t j = 0; j < others.size() && agree < min_views; ++j) {
                const Other& other = others[j];
                const cv::Vec3f q = d * (other.a * p) + other.b;
                if (q[2] <= 1e-6f)
                    continue;
                const float fu = q[0] / q[2], fv = q[1] / q[2];
                if (!(fu > -0.5f && fv > -0.5f && fu < float(other.depth->cols) - 0.5f &&
                      fv < float(other.depth->rows) - 0.5f))
                    continue;
                const int u = int(fu + 0.5f), v = int(fv + 0.5f);
                const float other_d = other.depth->at<float>(v, u);
                if (other_d <= 0.0f)
                    continue;
                const cv::Vec3f back =
                    other_d * (other.a_back * cv::Vec3f(float(u), float(v), 1.0f)) + other.b_back;
                if (back[2] <= 1e-6f)
                    continue;
                const float du = back[0] / back[2] - float(x), dv = back[1] / back[2] - float(y);
                if (du * du + dv * dv <= max_reprojection2 &&
                    std::abs(back[2] - d) <= float(kMaxRelativeDepth) * d)
                    ++agree;
            }
            if (agree >= min_views)
                kept.at<float>(y, x) = d;
        }
    return kept;
}

// Each kept depth's weight: how well it matched, times how squarely the view sees the surface
// (the cosine between the ray and the depth map's normal).
cv::Mat fusion_weights(const DepthView& view) {
    const cv::Mat& depth = view.depth_mm;
    cv::Mat weight = cv::Mat::zeros(depth.size(), CV_32F);
    auto point = [&](int x, int y) {
        return cv::Vec3d(view.fine.k_inv * cv::Vec3d(x, y, 1.0)) * double(depth.at<float>(y, x));
    };
    for (int y = 0; y < depth.rows; ++y)
        for (int x = 0; x < depth.cols; ++x) {
            const float d = depth.at<float>(y, x);
            if (d <= 0.0f)
                continue;
            const float match =
                std::clamp((view.score.at<float>(y, x) - kMinNcc) / (1.0f - kMinNcc), 0.1f, 1.0f);
            float facing = 0.5f;  // unknown where the neighbours have no depth
            const int x0 = std::max(0, x - 1), x1 = std::min(depth.cols - 1, x + 1);
            const int y0 = std::max(0, y - 1), y1 = std::min(depth.rows - 1, y + 1);
            if (x1 > x0 && y1 > y0 && depth.at<float>(y, x0) > 0.0f &&
                depth.at<float>(y, x1) > 0.0f && depth.at<float>(y0, x) > 0.0f &&
                depth.at<float>(y1, x) > 0.0f) {
                const cv::Vec3d normal =
                    (point(x1, y) - point(x0, y)).cross(point(x, y1) - point(x, y0));
                const cv::Vec3d ray = view.fine.k_inv * cv::Vec3d(x, y, 1.0);
                const double length = cv::norm(normal) * cv::norm(ray);
                if (length > 0.0)
                    facing = float(std::abs(normal.dot(ray)) / length);
            }
            weight.at<float>(y, x) = std::max(float(kMinWeight), match * facing);
        }
    return weight;
}

// Depths next to a depth edge are dropped (within kEdgeWindow of two neighbouring pixels whose
// depths differ by more than kEdgeJump): there the NCC window straddles both sides, and the
// near side's depth spreads over the far side's pixels the same way in every view.
void drop_depth_edges(cv::Mat& depth) {
    cv::Mat edge = cv::Mat::zeros(depth.size(), CV_8U);
    for (int y = 0; y < depth.rows; ++y)
        for (int x = 0; x < depth.cols; ++x) {
            const float d = depth.at<float>(y, x);
            if (d <= 0.0f)
                continue;
            const float right = x + 1 < depth.cols ? depth.at<float>(y, x + 1) : 0.0f;
            const float below = y + 1 < depth.rows ? depth.at<float>(y + 1, x) : 0.0f;
            for (const float other : {right, below})
                if (other > 0.0f && std::abs(other - d) > float(kEdgeJump) * std::min(d, other))
                    edge.at<unsigned char>(y, x) = 255;
        }
    cv::dilate(edge, edge, cv::Mat::ones(kEdgeWindow, kEdgeWindow, CV_8U));
    depth.setTo(0.0f, edge);
}

// Small gaps in a kept depth map (a flat patch, a rejected match) take the mean of the depths
// around them, at half their weight, where most of the window has a depth and those agree (no
// depth edge there).
void fill_small_holes(cv::Mat& depth, cv::Mat& weight) {
    const int radius = kEdgeWindow / 2;
    const int area = kEdgeWindow * kEdgeWindow;
    cv::Mat filled = depth.clone(), filled_weight = weight.clone();
    for (int y = radius; y < depth.rows - radius; ++y)
        for (int x = radius; x < depth.cols - radius; ++x) {
            if (depth.at<float>(y, x) > 0.0f)
                continue;
            int count = 0;
            float sum = 0.0f, weight_sum = 0.0f, low = std::numeric_limits<float>::max(),
                  high = 0.0f;
            for (int dy = -radius; dy <= radius; ++dy)
                for (int dx = -radius; dx <= radius; ++dx) {
                    const float d = depth.at<float>(y + dy, x + dx);
                    if (d <= 0.0f)
                        continue;
                    ++count;
                    sum += d;
                    weight_sum += weight.at<float>(y + dy, x + dx);
                    low = std::min(low, d);
                    high = std::max(high, d);
                }
            if (double(count) < kMinFillShare * area)
                continue;
            const float mean = sum / float(count);
            if (high - low > float(kMaxRelativeDepth) * mean)
                continue;
            filled.at<float>(y, x) = mean;
            filled_weight.at<float>(y, x) = 0.5f * weight_sum / float(count);
        }
    depth = filled;
    weight = filled_weight;
}

// The nearest depth over a window around each pixel (0 where the window has none).
cv::Mat nearest_depths(const cv::Mat& depth) {
    cv::Mat nearest = depth.clone();
    nearest.setTo(std::numeric_limits<float>::max(), depth <= 0.0f);
    cv::erode(nearest, nearest, cv::Mat::ones(kEdgeWindow, kEdgeWindow, CV_8U));
    nearest.setTo(0.0f, nearest == std::numeric_limits<float>::max());
    return nearest;
}

// ---------------------------------------------------------------------------------------------
// Fusion

VolumeGrid grid_over(const ObjectRegion& box, int voxels_per_side) {
    const cv::Vec3d extent = box.max_mm - box.min_mm;
    VolumeGrid grid;
    grid.voxel_mm = std::max({extent[0], extent[1], extent[2]}) / voxels_per_side;
    // One unobserved voxel beyond the box on every side: the surface stays open where the box
    // cuts the object.
    grid.nx = std::max(2, int(std::ceil(extent[0] / grid.voxel_mm)) + 3);
    grid.ny = std::max(2, int(std::ceil(extent[1] / grid.voxel_mm)) + 3);
    grid.nz = std::max(2, int(std::ceil(extent[2] / grid.voxel_mm)) + 3);
    const cv::Vec3d centre = 0.5 * (box.min_mm + box.max_mm);
    grid.origin_mm =
        centre - 0.5 * grid.voxel_mm * cv::Vec3d(grid.nx - 1, grid.ny - 1, grid.nz - 1);
    grid.distance_mm.assign(std::size_t(grid.nx) * std::size_t(grid.ny) * std::size_t(grid.nz),
                            kUnobserved);
    return grid;
}

cv::Vec3d voxel_centre(const VolumeGrid& grid, int x, int y, int z) {
    return grid.origin_mm + grid.voxel_mm * cv::Vec3d(x, y, z);
}

std::size_t voxel_index(const VolumeGrid& grid, int x, int y, int z) {
    return std::size_t(x) + std::size_t(grid.nx) * (std::size_t(y) + std::size_t(grid.ny) * z);
}

// What a coarser pass over the same views says about the neighbourhood of a point.
enum class Around {
    unobserved,  // no view saw any corner of the coarse cell
    free_space,  // every corner is in front of every surface by the coarse truncation
    surface,     // a surface may be near: integrate
};

Around around(const VolumeGrid& guide, float guide_truncation_mm, const cv::Vec3d& p) {
    const cv::Vec3d g = (p - guide.origin_mm) / guide.voxel_mm;
    const int x0 = int(std::floor(g[0])), y0 = int(std::floor(g[1])), z0 = int(std::floor(g[2]));
    int observed = 0, free = 0;
    for (int c = 0; c < 8; ++c) {
        const int x = x0 + (c & 1), y = y0 + ((c >> 1) & 1), z = z0 + (c >> 2);
        if (x < 0 || y < 0 || z < 0 || x >= guide.nx || y >= guide.ny || z >= guide.nz)
            continue;
        const float value = guide.at(x, y, z);
        observed += std::isfinite(value) ? 1 : 0;
        free += value >= 0.99f * guide_truncation_mm ? 1 : 0;
    }
    return observed == 0 ? Around::unobserved : free == 8 ? Around::free_space : Around::surface;
}

// Per voxel the weighted mean of the views' signed distances along their rays (the kept depth
// less the voxel's), truncated; views that see the voxel further than the truncation behind
// their surface say nothing about it. Voxels no view says anything about stay NaN. `guide`,
// when given, is a coarser pass (with its truncation): voxels it shows unobserved or in free
// space are set so without projecting them into every view.
void integrate(VolumeGrid& grid, const std::vector<DepthView>& views, double truncation_mm,
               const VolumeGrid* guide = nullptr, double guide_truncation_mm = 0.0) {
    struct Source {
        cv::Matx34d projection;  // working pixels from world mm
        double fx_inv, fy_inv, cx, cy;
        const cv::Mat* depth;
        const cv::Mat* nearest;
        const cv::Mat* weight;
    };
    std::vector<Source> sources;
    for (const DepthView& view : views) {
        if (cv::countNonZero(view.depth_mm) == 0)
            continue;
        const cv::Matx33d& r = view.fine.rotation;
        const cv::Vec3d& t = view.fine.translation;
        const cv::Matx34d rt(r(0, 0), r(0, 1), r(0, 2), t[0], r(1, 0), r(1, 1), r(1, 2), t[1],
                             r(2, 0), r(2, 1), r(2, 2), t[2]);
        sources.push_back({view.fine.k * rt, 1.0 / view.fine.k(0, 0), 1.0 / view.fine.k(1, 1),
                           view.fine.k(0, 2), view.fine.k(1, 2), &view.depth_mm, &view.nearest_mm,
                           &view.weight});
    }
    const float truncation = float(truncation_mm);
    cv::parallel_for_(cv::Range(0, grid.nz), [&](const cv::Range& range) {
        std::vector<float> sum(std::size_t(grid.nx)), total(std::size_t(grid.nx));
        std::vector<int> near_surface(std::size_t(grid.nx));
        std::vector<Around> state(std::size_t(grid.nx), Around::surface);
        for (int z = range.start; z < range.end; ++z)
            for (int y = 0; y < grid.ny; ++y) {
                std::fill(sum.begin(), sum.end(), 0.0f);
                std::fill(total.begin(), total.end(), 0.0f);
                std::fill(near_surface.begin(), near_surface.end(), 0);
                bool any_surface = guide == nullptr;
                for (int x = 0; x < grid.nx && guide; ++x) {
                    state[std::size_t(x)] =
                        around(*guide, float(guide_truncation_mm), voxel_centre(grid, x, y, z));
                    any_surface = any_surface || state[std::size_t(x)] == Around::surface;
                }
                const cv::Vec3d start = voxel_centre(grid, 0, y, z);
                for (std::size_t k = 0; k < sources.size() && any_surface; ++k) {
                    const Source& s = sources[k];
                    // Homogeneous pixel along the row: base + x * step.
                    const cv::Matx34d& p = s.projection;
                    cv::Vec3f base, step;
                    for (int i = 0; i < 3; ++i) {
                        base[i] = float(p(i, 0) * start[0] + p(i, 1) * start[1] +
                                        p(i, 2) * start[2] + p(i, 3));
                        step[i] = float(p(i, 0) * grid.voxel_mm);
                    }
                    const cv::Mat& depth = *s.depth;
                    const float width = float(depth.cols) - 0.5f, height = float(depth.rows) - 0.5f;
                    for (int x = 0; x < grid.nx; ++x) {
                        if (state[std::size_t(x)] != Around::surface)
                            continue;
                        const float w = base[2] + float(x) * step[2];
                        if (w <= 1e-3f)
                            continue;
                        const float u = (base[0] + float(x) * step[0]) / w;
                        const float v = (base[1] + float(x) * step[1]) / w;
                        if (!(u >= -0.5f && v >= -0.5f && u < width && v < height))
                            continue;
                        const int pu = int(u + 0.5f), pv = int(v + 0.5f);
                        const float d = depth.ptr<float>(pv)[pu];
                        if (d <= 0.0f)
                            continue;
                        const float du = (u - float(s.cx)) * float(s.fx_inv),
                                    dv = (v - float(s.cy)) * float(s.fy_inv);
                        const float scale = std::sqrt(du * du + dv * dv + 1.0f);
                        const float along = (d - w) * scale;
                        if (along < -truncation)
                            continue;
                        // Free space only in front of every depth around the pixel: beside a
                        // depth edge, the far side must not carve the near one.
                        if (along >= truncation &&
                            (s.nearest->ptr<float>(pv)[pu] - w) * scale < truncation)
                            continue;
                        const float weight = s.weight->ptr<float>(pv)[pu];
                        sum[std::size_t(x)] += weight * std::min(along, truncation);
                        total[std::size_t(x)] += weight;
                        near_surface[std::size_t(x)] += along < truncation ? 1 : 0;
                    }
                }
                // Inside only where at least kMinSurfaceViews views see the surface there.
                float* row = grid.distance_mm.data() + voxel_index(grid, 0, y, z);
                for (int x = 0; x < grid.nx; ++x) {
                    const std::size_t i = std::size_t(x);
                    const float value = total[i] > 0.0f ? sum[i] / total[i] : kUnobserved;
                    if (state[i] == Around::unobserved)
                        row[x] = kUnobserved;
                    else if (state[i] == Around::free_space)
                        row[x] = truncation;
                    else
                        row[x] = value < 0.0f && near_surface[i] < kMinSurfaceViews ? kUnobserved
                                                                                    : value;
                }
            }
    });
}

// ---------------------------------------------------------------------------------------------
// Trimming

struct Plane {
    cv::Vec3d normal;  // unit, upwards
    double offset = 0.0;
    double height(const cv::Vec3d& p) const { return normal.dot(p) + offset; }
};

// Where the surface crosses the grid's edges (both ends observed), at most about `limit`.
std::vector<cv::Vec3d> surface_points(const VolumeGrid& grid, std::size_t limit) {
    std::vector<cv::Vec3d> points;
    const int steps[3][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    for (int z = 0; z + 1 < grid.nz; ++z)
        for (int y = 0; y + 1 < grid.ny; ++y)
            for (int x = 0; x + 1 < grid.nx; ++x) {
                const float a = grid.at(x, y, z);
                if (!std::isfinite(a))
                    continue;
                for (const auto& s : steps) {
                    const float b = grid.at(x + s[0], y + s[1], z + s[2]);
                    if (!std::isfinite(b) || (a < 0.0f) == (b < 0.0f))
                        continue;
                    const double t = double(a) / double(a - b);
                    points.push_back(voxel_centre(grid, x, y, z) +
                                     t * grid.voxel_mm * cv::Vec3d(s[0], s[1], s[2]));
                }
            }
    if (points.size() > limit) {
        const std::size_t stride = (points.size() + limit - 1) / limit;
        std::size_t out = 0;
        for (std::size_t i = 0; i < points.size(); i += stride)
            points[out++] = points[i];
        points.resize(out);
    }
    return points;
}

// The least-squares plane through the points, its normal turned up.
std::optional<Plane> fit_plane(const std::vector<cv::Vec3d>& points) {
    if (points.size() < 3)
        return std::nullopt;
    cv::Vec3d mean(0.0, 0.0, 0.0);
    for (const cv::Vec3d& p : points)
        mean += p;
    mean *= 1.0 / double(points.size());
    cv::Matx33d scatter = cv::Matx33d::zeros();
    for (const cv::Vec3d& p : points)
        scatter += (p - mean) * (p - mean).t();
    cv::Mat values, vectors;
    cv::eigen(cv::Mat(scatter), values, vectors);  // descending
    cv::Vec3d normal(vectors.at<double>(2, 0), vectors.at<double>(2, 1), vectors.at<double>(2, 2));
    if (normal[2] < 0.0)
        normal = -normal;
    return Plane{normal, -normal.dot(mean)};
}

// A large, roughly level plane under the surface (a table, the floor): by RANSAC over the
// lowest surface points; it must hold a good share of them and have nearly all the surface
// on or above it.
std::optional<Plane> find_ground(const std::vector<cv::Vec3d>& points, double tolerance_mm) {
    if (points.size() < 50)
        return std::nullopt;
    std::vector<double> heights;
    for (const cv::Vec3d& p : points)
        heights.push_back(p[2]);
    const double low = percentile(heights, 0.0), high = percentile(heights, 1.0);
    std::vector<cv::Vec3d> lower;
    for (const cv::Vec3d& p : points)
        if (p[2] <= low + kLowerShare * (high - low))
            lower.push_back(p);
    if (lower.size() < 30)
        return std::nullopt;
    const double min_up = std::cos(kMaxGroundTiltDeg * CV_PI / 180.0);
    cv::RNG rng(0x9e3779b9u);
    std::optional<Plane> best;
    std::size_t best_inliers = 0;
    for (int iteration = 0; iteration < kRansacIterations; ++iteration) {
        const cv::Vec3d& a = lower[size_t(rng.uniform(0, int(lower.size())))];
        const cv::Vec3d& b = lower[size_t(rng.uniform(0, int(lower.size())))];
        const cv::Vec3d& c = lower[size_t(rng.uniform(0, int(lower.size())))];
        cv::Vec3d normal = (b - a).cross(c - a);
        const double length = cv::norm(normal);
        if (length < 1e-12)
            continue;
        normal *= 1.0 / length;
        if (std::abs(normal[2]) < min_up)
            continue;
        if (normal[2] < 0.0)
            normal = -normal;
        const Plane plane{normal, -normal.dot(a)};
        std::size_t inliers = 0;
        for (const cv::Vec3d& p : lower)
            inliers += std::abs(plane.height(p)) <= tolerance_mm ? 1 : 0;
        if (inliers > best_inliers) {
            best_inliers = inliers;
            best = plane;
        }
    }
    if (!best || double(best_inliers) < kMinGroundShare * double(lower.size()))
        return std::nullopt;
    std::vector<cv::Vec3d> on_plane;
    for (const cv::Vec3d& p : lower)
        if (std::abs(best->height(p)) <= tolerance_mm)
            on_plane.push_back(p);
    const std::optional<Plane> refined = fit_plane(on_plane);
    if (!refined || refined->normal[2] < min_up)
        return std::nullopt;
    std::size_t above = 0;
    for (const cv::Vec3d& p : points)
        above += refined->height(p) >= -tolerance_mm ? 1 : 0;
    if (double(above) < kMinAboveShare * double(points.size()))
        return std::nullopt;
    return refined;
}

// The plane refitted to the grid's surface points near it (a finer grid than it was found in).
Plane refit_ground(const VolumeGrid& grid, const Plane& plane, double reach_mm) {
    std::vector<cv::Vec3d> near;
    for (const cv::Vec3d& p : surface_points(grid, kMaxSurfacePoints))
        if (std::abs(plane.height(p)) <= reach_mm)
            near.push_back(p);
    if (near.size() < 30)
        return plane;
    const std::optional<Plane> refined = fit_plane(near);
    return refined && refined->normal.dot(plane.normal) > 0.95 ? *refined : plane;
}

// Everything at or below the plane (and the tolerance above it) becomes unobserved.
void cut_below(VolumeGrid& grid, const Plane& plane, double tolerance_mm) {
    cv::parallel_for_(cv::Range(0, grid.nz), [&](const cv::Range& range) {
        for (int z = range.start; z < range.end; ++z)
            for (int y = 0; y < grid.ny; ++y)
                for (int x = 0; x < grid.nx; ++x)
                    if (plane.height(voxel_centre(grid, x, y, z)) <= tolerance_mm)
                        grid.distance_mm[voxel_index(grid, x, y, z)] = kUnobserved;
    });
}

// Visits the piece of the inside (6-connected voxels below zero) around `seed` whose voxels
// are marked `from` in `marks`, marking them `to`.
template <typename Visit>
void flood_inside(const VolumeGrid& grid, std::size_t seed, std::vector<std::uint8_t>& marks,
                  std::uint8_t from, std::uint8_t to, Visit visit) {
    const std::size_t sy = std::size_t(grid.nx), sz = sy * std::size_t(grid.ny);
    std::vector<std::size_t> stack{seed};
    marks[seed] = to;
    while (!stack.empty()) {
        const std::size_t i = stack.back();
        stack.pop_back();
        const int x = int(i % sy), y = int((i / sy) % std::size_t(grid.ny)), z = int(i / sz);
        visit(i, x, y);
        const int around[6][3] = {{-1, 0, 0}, {1, 0, 0},  {0, -1, 0},
                                  {0, 1, 0},  {0, 0, -1}, {0, 0, 1}};
        for (const auto& a : around) {
            const int ax = x + a[0], ay = y + a[1], az = z + a[2];
            if (ax < 0 || ay < 0 || az < 0 || ax >= grid.nx || ay >= grid.ny || az >= grid.nz)
                continue;
            const std::size_t j = voxel_index(grid, ax, ay, az);
            if (marks[j] == from && grid.distance_mm[j] < 0.0f) {
                marks[j] = to;
                stack.push_back(j);
            }
        }
    }
}

// Keeps the pieces of the inside (6-connected voxels below zero) that reach the middle half of
// the grid in x and y and are not much smaller than the largest such piece; the others turn
// outside (their distances' magnitude kept), so that a speck beside the surface leaves no hole
// in it.
void keep_central_pieces(VolumeGrid& grid) {
    struct Piece {
        std::size_t seed = 0, size = 0;
        bool central = false;
    };
    const int cx0 = int(grid.nx * (0.5 - 0.5 * kCentralShare)),
              cx1 = int(std::ceil(grid.nx * (0.5 + 0.5 * kCentralShare)));
    const int cy0 = int(grid.ny * (0.5 - 0.5 * kCentralShare)),
              cy1 = int(std::ceil(grid.ny * (0.5 + 0.5 * kCentralShare)));
    std::vector<std::uint8_t> marks(grid.distance_mm.size(), 0);  // 1: seen, 2: dropped
    std::vector<Piece> pieces;
    std::size_t largest = 0;
    for (std::size_t seed = 0; seed < marks.size(); ++seed) {
        if (marks[seed] != 0 || !(grid.distance_mm[seed] < 0.0f))
            continue;
        Piece piece{seed, 0, false};
        flood_inside(grid, seed, marks, 0, 1, [&](std::size_t, int x, int y) {
            ++piece.size;
            piece.central = piece.central || (x >= cx0 && x < cx1 && y >= cy0 && y < cy1);
        });
        if (piece.central)
            largest = std::max(largest, piece.size);
        pieces.push_back(piece);
    }
    for (const Piece& piece : pieces)
        if (!piece.central || double(piece.size) < kMinComponentShare * double(largest))
            flood_inside(grid, piece.seed, marks, 1, 2, [&](std::size_t i, int, int) {
                grid.distance_mm[i] = -grid.distance_mm[i];
            });
}

// The box of the voxels inside; empty (min > max) when there are none.
ObjectRegion inside_box(const VolumeGrid& grid) {
    cv::Vec3i low(grid.nx, grid.ny, grid.nz), high(-1, -1, -1);
    for (int z = 0; z < grid.nz; ++z)
        for (int y = 0; y < grid.ny; ++y)
            for (int x = 0; x < grid.nx; ++x)
                if (grid.at(x, y, z) < 0.0f) {
                    low = cv::Vec3i(std::min(low[0], x), std::min(low[1], y), std::min(low[2], z));
                    high =
                        cv::Vec3i(std::max(high[0], x), std::max(high[1], y), std::max(high[2], z));
                }
    ObjectRegion box;
    box.min_mm = voxel_centre(grid, low[0], low[1], low[2]);
    box.max_mm = voxel_centre(grid, high[0], high[1], high[2]);
    return box;
}

// The ground cut and the pieces away from the middle dropped. Returns the ground plane, if
// one was cut.
std::optional<Plane> trim(VolumeGrid& grid, bool trim_ground, const std::optional<Plane>& known) {
    const double tolerance_mm = kGroundToleranceVoxels * grid.voxel_mm;
    std::optional<Plane> ground;
    if (trim_ground) {
        if (known)
            ground = refit_ground(grid, *known, 4.0 * tolerance_mm);
        else
            ground = find_ground(surface_points(grid, kMaxSurfacePoints), tolerance_mm);
        if (ground)
            cut_below(grid, *ground, tolerance_mm);
    }
    keep_central_pieces(grid);
    return ground;
}

void clear_border(VolumeGrid& grid) {
    for (int z = 0; z < grid.nz; ++z)
        for (int y = 0; y < grid.ny; ++y)
            for (int x = 0; x < grid.nx; ++x)
                if (x == 0 || y == 0 || z == 0 || x == grid.nx - 1 || y == grid.ny - 1 ||
                    z == grid.nz - 1)
                    grid.distance_mm[voxel_index(grid, x, y, z)] = kUnobserved;
}

bool has_inside(const VolumeGrid& grid) {
    return std::any_of(grid.distance_mm.begin(), grid.distance_mm.end(),
                       [](float d) { return d < 0.0f; });
}

// The search range and region of interest of every view, and its neighbours.
void plan_matching(std::vector<DepthView>& views, const std::vector<cv::Vec3d>& sparse_points,
                   const ObjectRegion& region, int neighbours) {
    const ObjectRegion search = widened(region, 0.05);
    std::vector<cv::Vec3d> region_points;
    for (const cv::Vec3d& p : sparse_points)
        if (inside(search, p))
            region_points.push_back(p);
    for (DepthView& view : views)
        set_search_range(view, region, region_points);
    choose_neighbours(views, region_points, region, neighbours);
}

// Every view's depth map reduced to the depths other views confirm, less those beside depth
// edges, small gaps filled; with their weights and nearest depths for the fusion. Returns how
// many depths were confirmed.
std::size_t keep_consistent_depths(std::vector<DepthView>& views, int min_consistent_views) {
    std::vector<cv::Mat> kept(views.size());
    cv::parallel_for_(cv::Range(0, int(views.size())), [&](const cv::Range& range) {
        for (int i = range.start; i < range.end; ++i)
            kept[size_t(i)] = consistent_depths(views, size_t(i), min_consistent_views);
    });
    std::size_t confirmed = 0;
    for (const cv::Mat& depth : kept)
        confirmed += std::size_t(cv::countNonZero(depth));
    cv::parallel_for_(cv::Range(0, int(views.size())), [&](const cv::Range& range) {
        for (int i = range.start; i < range.end; ++i) {
            DepthView& view = views[size_t(i)];
            view.depth_mm = kept[size_t(i)];
            drop_depth_edges(view.depth_mm);
            view.weight = fusion_weights(view);
            fill_small_holes(view.depth_mm, view.weight);
            view.nearest_mm = nearest_depths(view.depth_mm);
        }
    });
    return confirmed;
}

// The box of the coarse pass's inside, widened, within the region.
ObjectRegion object_box(const VolumeGrid& coarse, const ObjectRegion& region) {
    ObjectRegion box = widened(inside_box(coarse), kObjectMargin);
    for (int i = 0; i < 3; ++i) {
        box.min_mm[i] = std::max(box.min_mm[i] - coarse.voxel_mm, region.min_mm[i]);
        box.max_mm[i] = std::min(box.max_mm[i] + coarse.voxel_mm, region.max_mm[i]);
    }
    return box;
}

}  // namespace

void check(const FusionOptions& options) {
    if (!(options.max_voxels_per_side >= 8 && options.max_voxels_per_side <= 512))
        throw Error("fusion: max_voxels_per_side must be in [8, 512]");
    if (!(options.depth_max_side_px >= 64.0))
        throw Error("fusion: depth_max_side_px must be at least 64");
    if (!(options.neighbours >= 1 && options.neighbours <= 16))
        throw Error("fusion: neighbours must be in [1, 16]");
    if (!(options.min_consistent_views >= 0))
        throw Error("fusion: min_consistent_views must be at least 0");
    if (!(options.truncation_voxels >= 1.0))
        throw Error("fusion: truncation_voxels must be at least 1");
}

ObjectRegion estimate_sparse_region(const CameraSet& cameras,
                                    const std::vector<cv::Vec3d>& sparse_points) {
    assert(!cameras.views.empty());
    const ObjectRegion visible = estimate_object_region(cameras, std::nullopt);
    const cv::Vec3d centre = point_nearest_axes(cameras);
    std::vector<double> camera_distances;
    std::vector<Camera> views;
    for (const CameraView& view : cameras.views) {
        camera_distances.push_back(cv::norm(view.cam_from_world.center_mm() - centre));
        views.push_back(camera_at(view, {view.intrinsics.width_px, view.intrinsics.height_px}));
    }
    const double reach = kMaxCentreDistance * percentile(camera_distances, 0.5);
    // The points most photos see, between the cameras.
    std::vector<double> axis[3];
    for (const cv::Vec3d& p : sparse_points) {
        if (!(cv::norm(p - centre) < reach))
            continue;
        std::size_t seen = 0;
        for (const Camera& camera : views) {
            cv::Vec2d pixel;
            double depth = 0.0;
            seen += camera.sees(p, pixel, depth) ? 1 : 0;
        }
        if (double(seen) < kMinCommonViewShare * double(views.size()))
            continue;
        for (int i = 0; i < 3; ++i)
            axis[i].push_back(p[i]);
    }
    if (axis[0].size() < kMinRegionPoints)
        return visible;
    ObjectRegion region;
    for (int i = 0; i < 3; ++i) {
        region.min_mm[i] = percentile(axis[i], kRegionPercentile);
        region.max_mm[i] = percentile(axis[i], 1.0 - kRegionPercentile);
    }
    region = widened(region, kRegionMargin);
    // Never beyond what the cameras see around the centre.
    for (int i = 0; i < 3; ++i) {
        region.min_mm[i] = std::max(region.min_mm[i], visible.min_mm[i]);
        region.max_mm[i] = std::min(region.max_mm[i], visible.max_mm[i]);
        if (!(region.max_mm[i] > region.min_mm[i]))
            return visible;
    }
    return region;
}

VolumeGrid fuse_depth_maps(const CameraSet& cameras, const std::vector<cv::Vec3d>& sparse_points,
                           const ObjectRegion& region, const FusionOptions& options) {
    check(options);
    for (int i = 0; i < 3; ++i)
        if (!(region.max_mm[i] > region.min_mm[i]))
            throw Error(
                "fusion: the object region is empty; check the sparse points and the cameras");
    std::vector<DepthView> views = read_views(cameras, options.depth_max_side_px);
    if (views.size() < 2)
        throw Error("fusion: " + std::to_string(views.size()) + " of " +
                    std::to_string(cameras.views.size()) +
                    " photos could be read; depth maps need at least 2 photos from different "
                    "viewpoints");
    plan_matching(views, sparse_points, region, options.neighbours);
    cv::parallel_for_(cv::Range(0, int(views.size())), [&](const cv::Range& range) {
        for (int i = range.start; i < range.end; ++i)
            compute_depth_map(views, views[size_t(i)]);
    });
    if (keep_consistent_depths(views, options.min_consistent_views) == 0)
        throw Error("fusion: no depth in the object region was confirmed by " +
                    std::to_string(options.min_consistent_views) +
                    " other views; check the cameras (structure from motion) and that "
                    "neighbouring photos overlap");

    // A coarse pass over the region finds the object and the ground; the fine pass spans only
    // the object.
    const char* const no_surface_message =
        "fusion: the depth maps make no surface near the middle of the object region; check the "
        "object region and the sparse points";
    VolumeGrid coarse = grid_over(region, std::min(kCoarseVoxels, options.max_voxels_per_side));
    const double coarse_truncation_mm = options.truncation_voxels * coarse.voxel_mm;
    integrate(coarse, views, coarse_truncation_mm);
    const VolumeGrid guide = coarse;
    const std::optional<Plane> ground = trim(coarse, options.trim_ground, std::nullopt);
    if (!has_inside(coarse))
        throw Error(no_surface_message);
    VolumeGrid grid = grid_over(object_box(coarse, region), options.max_voxels_per_side);
    integrate(grid, views, options.truncation_voxels * grid.voxel_mm, &guide, coarse_truncation_mm);
    trim(grid, options.trim_ground, ground);
    clear_border(grid);
    if (!has_inside(grid))
        throw Error(no_surface_message);
    return grid;
}

}  // namespace heritage::capture
