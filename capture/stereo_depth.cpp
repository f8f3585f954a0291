// Multi-view stereo carving of the visual hull; see stereo_depth.h.
#include "capture/stereo_depth.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace heritage::capture {
namespace {

constexpr double kMaxSidePx = 640.0;    // depth maps at most this large, for speed
constexpr int kMaxPlanes = 128;         // depth planes per reference view
constexpr int kWindow = 9;              // NCC window side, pixels
constexpr float kMinNcc = 0.6f;         // a kept depth matches at least this well ...
constexpr float kMinNccMargin = 0.01f;  // ... and this much better than any other depth
constexpr float kMinVariance = 1.0f;    // grey levels^2: flatter windows have no depth
constexpr double kMaxNeighbourAngleDeg = 70.0;
constexpr int kCarveVotes = 2;       // views that must see a voxel as free space
constexpr double kMargin = 2.0;      // voxels: free space ends this far in front of a depth ...
constexpr int kErode = 5;            // ... the nearest depth over this many pixels around
constexpr double kBand = 2.0;        // voxels: the depths' own distances are truncated at this
constexpr double kInsideNear = 1.5;  // voxels beyond the margin that the depths may move
constexpr int kFuseViews = 2;        // views that must see a voxel for its distance to be theirs

struct StereoView {
    cv::Matx33d k, k_inv;  // at the working size
    cv::Matx33d rotation;  // cam_from_world
    cv::Vec3d translation;
    cv::Vec3d centre;
    cv::Mat image;     // CV_32F grey at the working size
    cv::Mat near_mm;   // CV_32F: depth where the ray enters the hull; 0 where it misses
    cv::Mat far_mm;    // CV_32F: depth where it leaves again
    cv::Rect roi;      // the pixels whose ray meets the hull
    cv::Mat depth_mm;  // CV_32F: the stereo depth; 0 where none is kept
    std::vector<int> neighbours;

    cv::Vec3d ray(double u, double v) const {  // world direction whose depth step is 1
        return rotation.t() * (k_inv * cv::Vec3d(u, v, 1.0));
    }
};

// Trilinear signed distance; `outside` beyond the grid.
float sample(const VolumeGrid& grid, const cv::Vec3d& p, float outside) {
    const double gx = (p[0] - grid.origin_mm[0]) / grid.voxel_mm,
                 gy = (p[1] - grid.origin_mm[1]) / grid.voxel_mm,
                 gz = (p[2] - grid.origin_mm[2]) / grid.voxel_mm;
    if (!(gx >= 0.0 && gy >= 0.0 && gz >= 0.0 && gx < grid.nx - 1 && gy < grid.ny - 1 &&
          gz < grid.nz - 1))
        return outside;
    const int x = int(gx), y = int(gy), z = int(gz);
    const float fx = float(gx - x), fy = float(gy - y), fz = float(gz - z);
    const std::size_t sx = 1, sy = std::size_t(grid.nx), sz = sy * std::size_t(grid.ny);
    const float* c =
        grid.distance_mm.data() + std::size_t(x) + sy * std::size_t(y) + sz * std::size_t(z);
    const float c00 = c[0] + (c[sx] - c[0]) * fx, c10 = c[sy] + (c[sy + sx] - c[sy]) * fx;
    const float c01 = c[sz] + (c[sz + sx] - c[sz]) * fx,
                c11 = c[sz + sy] + (c[sz + sy + sx] - c[sz + sy]) * fx;
    const float c0 = c00 + (c10 - c00) * fy, c1 = c01 + (c11 - c01) * fy;
    return c0 + (c1 - c0) * fz;
}

// Depths (z in the camera) where the ray through a pixel enters and first leaves the hull, by
// sphere tracing the grid; false where it misses.
bool hull_interval(const VolumeGrid& grid, const StereoView& view, int u, int v, float& near_mm,
                   float& far_mm) {
    const cv::Vec3d ray = view.ray(u, v);
    const double length = cv::norm(ray);
    const double half = 0.5 * grid.voxel_mm;
    const int dims[3] = {grid.nx, grid.ny, grid.nz};
    double z0 = 1e-3, z1 = std::numeric_limits<double>::max();
    for (int i = 0; i < 3; ++i) {
        const double low = grid.origin_mm[i] + 1e-6;
        const double high = grid.origin_mm[i] + (dims[i] - 1) * grid.voxel_mm - 1e-6;
        if (std::abs(ray[i]) < 1e-12) {
            if (view.centre[i] < low || view.centre[i] > high)
                return false;
            continue;
        }
        double a = (low - view.centre[i]) / ray[i], b = (high - view.centre[i]) / ray[i];
        if (a > b)
            std::swap(a, b);
        z0 = std::max(z0, a);
        z1 = std::min(z1, b);
    }
    if (z0 >= z1)
        return false;
    const float cap = float(grid.voxel_mm);  // beyond the samples: small steps
    const double min_step = half / length;
    bool inside = false;
    for (double z = z0; z <= z1;) {
        const float s = sample(grid, view.centre + z * ray, cap);
        if (!inside && s < 0.0f) {
            inside = true;
            near_mm = float(z);
        } else if (inside && s > 0.0f) {
            far_mm = float(z);
            return true;
        }
        z += std::max(min_step, std::abs(double(s)) / length);
    }
    if (inside)
        far_mm = float(z1);
    return inside;
}

void hull_intervals(const VolumeGrid& grid, const cv::Mat& mask, StereoView& view) {
    view.near_mm = cv::Mat::zeros(view.image.size(), CV_32F);
    view.far_mm = cv::Mat::zeros(view.image.size(), CV_32F);
    // Only the pixels the grid's box projects onto.
    double u0 = view.image.cols, v0 = view.image.rows, u1 = 0.0, v1 = 0.0;
    for (int c = 0; c < 8; ++c) {
        const cv::Vec3d corner =
            grid.origin_mm + grid.voxel_mm * cv::Vec3d((c & 1) ? grid.nx - 1 : 0,
                                                       (c & 2) ? grid.ny - 1 : 0,
                                                       (c & 4) ? grid.nz - 1 : 0);
        const cv::Vec3d q = view.k * (view.rotation * corner + view.translation);
        if (q[2] <= 1e-6) {
            u0 = v0 = 0.0;
            u1 = view.image.cols;
            v1 = view.image.rows;
            break;
        }
        u0 = std::min(u0, q[0] / q[2]);
        u1 = std::max(u1, q[0] / q[2]);
        v0 = std::min(v0, q[1] / q[2]);
        v1 = std::max(v1, q[1] / q[2]);
    }
    const int x0 = std::max(0, int(std::floor(u0))), x1 = std::min(view.image.cols, int(u1) + 2);
    const int y0 = std::max(0, int(std::floor(v0))), y1 = std::min(view.image.rows, int(v1) + 2);
    // Traced every kStride pixels; a pixel takes the widest interval of the four traced around
    // it (the rays are smooth but for the silhouette's edge, which this widens).
    constexpr int kStride = 4;
    const int cx0 = x0 / kStride, cy0 = y0 / kStride;
    const int cw = (x1 - 1) / kStride - cx0 + 2, ch = (y1 - 1) / kStride - cy0 + 2;
    cv::Mat coarse_near(ch, cw, CV_32F, cv::Scalar(0)), coarse_far(ch, cw, CV_32F, cv::Scalar(0));
    for (int j = 0; j < ch; ++j)
        for (int i = 0; i < cw; ++i) {
            float near_mm = 0.0f, far_mm = 0.0f;
            if (hull_interval(grid, view, (cx0 + i) * kStride, (cy0 + j) * kStride, near_mm,
                              far_mm)) {
                coarse_near.at<float>(j, i) = near_mm;
                coarse_far.at<float>(j, i) = far_mm;
            }
        }
    int rx0 = view.image.cols, ry0 = view.image.rows, rx1 = -1, ry1 = -1;
    for (int y = y0; y < y1; ++y) {
        float* near_row = view.near_mm.ptr<float>(y);
        float* far_row = view.far_mm.ptr<float>(y);
        const int j = y / kStride - cy0;
        for (int x = x0; x < x1; ++x) {
            const int i = x / kStride - cx0;
            float low = std::numeric_limits<float>::max(), high = 0.0f;
            for (int c = 0; c < 4; ++c) {
                const float f = coarse_far.at<float>(j + (c >> 1), i + (c & 1));
                if (f > 0.0f) {
                    low = std::min(low, coarse_near.at<float>(j + (c >> 1), i + (c & 1)));
                    high = std::max(high, f);
                }
            }
            if (high <= 0.0f || !mask.at<unsigned char>(y, x))
                continue;
            near_row[x] = low;
            far_row[x] = high;
            rx0 = std::min(rx0, x);
            rx1 = std::max(rx1, x);
            ry0 = std::min(ry0, y);
            ry1 = std::max(ry1, y);
        }
    }
    if (rx1 < 0) {
        view.roi = cv::Rect();
        return;
    }
    const int pad = kWindow;
    view.roi = cv::Rect(cv::Point(rx0 - pad, ry0 - pad), cv::Point(rx1 + pad + 1, ry1 + pad + 1)) &
               cv::Rect(0, 0, view.image.cols, view.image.rows);
}

// The reference view's depth map by a fronto-parallel plane sweep against its neighbours.
void plane_sweep(const VolumeGrid& grid, const std::vector<StereoView>& views, int index,
                 cv::Mat& depth) {
    const StereoView& ref = views[size_t(index)];
    depth = cv::Mat::zeros(ref.image.size(), CV_32F);
    if (ref.roi.empty() || ref.neighbours.empty())
        return;
    const cv::Rect roi = ref.roi;
    const float pad_mm = float(3.0 * grid.voxel_mm);
    cv::Mat near_roi = ref.near_mm(roi), far_roi = ref.far_mm(roi);
    double d_min = std::numeric_limits<double>::max(), d_max = 0.0;
    for (int y = 0; y < roi.height; ++y)
        for (int x = 0; x < roi.width; ++x)
            if (far_roi.at<float>(y, x) > 0.0f) {
                d_min = std::min(d_min, double(near_roi.at<float>(y, x)) - pad_mm);
                d_max = std::max(d_max, double(far_roi.at<float>(y, x)) + pad_mm);
            }
    d_min = std::max(d_min, 1e-3);
    if (!(d_max > d_min))
        return;
    const double step = std::max(grid.voxel_mm, (d_max - d_min) / (kMaxPlanes - 1));
    const int planes = int(std::ceil((d_max - d_min) / step)) + 1;
    // Planes closer than this to the best are its own peak, not an alternative.
    const int peak_halfwidth = std::max(2, int(std::ceil(2.5 * grid.voxel_mm / step)));

    const cv::Size ksize(kWindow, kWindow);
    const cv::Mat reference = ref.image(roi).clone();
    cv::Mat mean_r, mean_rr, var_r;
    cv::blur(reference, mean_r, ksize);
    cv::blur(reference.mul(reference), mean_rr, ksize);
    var_r = mean_rr - mean_r.mul(mean_r);

    const int n = int(ref.neighbours.size());
    const int keep = std::clamp((n + 1) / 2, 1, 16);  // average of the best half of the neighbours
    const cv::Size size = roi.size();
    const int count = size.area();
    std::vector<float> best(size_t(count), -1.0f), runner(size_t(count), -1.0f),
        left(size_t(count), -1.0f), right(size_t(count), -1.0f), previous(size_t(count), -1.0f);
    std::vector<int> best_plane(size_t(count), -1);
    std::vector<cv::Mat> ncc(static_cast<std::size_t>(n));
    cv::Mat warped, mean_w, mean_ww, mean_rw;
    std::vector<int> previous_plane(size_t(count), -2);
    const int radius = kWindow / 2;
    for (int plane = 0; plane < planes; ++plane) {
        const double d = d_min + plane * step;
        const float d_f = float(d);
        // Only the pixels whose hull interval holds this depth, and a window around them.
        int ax0 = size.width, ay0 = size.height, ax1 = -1, ay1 = -1;
        for (int y = 0; y < size.height; ++y) {
            const float* near_row = near_roi.ptr<float>(y);
            const float* far_row = far_roi.ptr<float>(y);
            for (int x = 0; x < size.width; ++x)
                if (far_row[x] > 0.0f && d_f >= near_row[x] - pad_mm &&
                    d_f <= far_row[x] + pad_mm) {
                    ax0 = std::min(ax0, x);
                    ax1 = std::max(ax1, x);
                    ay0 = std::min(ay0, y);
                    ay1 = std::max(ay1, y);
                }
        }
        if (ax1 < 0)
            continue;
        const cv::Rect active = cv::Rect(cv::Point(ax0 - radius - 1, ay0 - radius - 1),
                                         cv::Point(ax1 + radius + 2, ay1 + radius + 2)) &
                                cv::Rect(0, 0, size.width, size.height);
        const cv::Matx33d shift(1.0, 0.0, roi.x + active.x, 0.0, 1.0, roi.y + active.y, 0.0, 0.0,
                                1.0);
        const cv::Mat reference_a = reference(active);
        for (int j = 0; j < n; ++j) {
            const StereoView& other = views[size_t(ref.neighbours[size_t(j)])];
            const cv::Matx33d r_rel = other.rotation * ref.rotation.t();
            const cv::Vec3d t_rel = other.translation - r_rel * ref.translation;
            const cv::Matx33d plane_term(0.0, 0.0, t_rel[0] / d, 0.0, 0.0, t_rel[1] / d, 0.0, 0.0,
                                         t_rel[2] / d);
            const cv::Matx33d h = other.k * (r_rel + plane_term) * ref.k_inv * shift;
            cv::warpPerspective(other.image, warped, cv::Mat(h), active.size(),
                                cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_CONSTANT,
                                cv::Scalar(0));
            cv::blur(warped, mean_w, ksize);
            cv::blur(warped.mul(warped), mean_ww, ksize);
            cv::blur(warped.mul(reference_a), mean_rw, ksize);
            ncc[size_t(j)].create(active.size(), CV_32F);
            for (int y = 0; y < active.height; ++y) {
                const float* mr = mean_r.ptr<float>(y + active.y) + active.x;
                const float* vr = var_r.ptr<float>(y + active.y) + active.x;
                const float* mw = mean_w.ptr<float>(y);
                const float* mww = mean_ww.ptr<float>(y);
                const float* mrw = mean_rw.ptr<float>(y);
                float* out = ncc[size_t(j)].ptr<float>(y);
                for (int x = 0; x < active.width; ++x) {
                    const float vw = mww[x] - mw[x] * mw[x];
                    out[x] = (vr[x] > kMinVariance && vw > kMinVariance)
                                 ? (mrw[x] - mr[x] * mw[x]) / std::sqrt(vr[x] * vw)
                                 : -1.0f;
                }
            }
        }
        for (int ya = 0; ya < active.height; ++ya) {
            const int y = ya + active.y;
            const float* near_row = near_roi.ptr<float>(y);
            const float* far_row = far_roi.ptr<float>(y);
            for (int xa = 0; xa < active.width; ++xa) {
                const int x = xa + active.x;
                if (!(far_row[x] > 0.0f && d_f >= near_row[x] - pad_mm &&
                      d_f <= far_row[x] + pad_mm))
                    continue;
                const size_t i = size_t(y) * size_t(size.width) + size_t(x);
                // The mean of the best `keep` of the neighbours' scores.
                float top[16];
                int filled = 0;
                for (int j = 0; j < n; ++j) {
                    const float value = ncc[size_t(j)].ptr<float>(ya)[xa];
                    int at = std::min(filled, keep);
                    while (at > 0 && top[at - 1] < value) {
                        if (at < keep)
                            top[at] = top[at - 1];
                        --at;
                    }
                    if (at < keep) {
                        top[at] = value;
                        filled = std::min(filled + 1, keep);
                    }
                }
                float sum = 0.0f;
                for (int j = 0; j < keep; ++j)
                    sum += top[j];
                const float score = sum / float(keep);
                const float before = previous_plane[i] == plane - 1 ? previous[i] : -1.0f;
                if (score > best[i]) {
                    if (best_plane[i] >= 0 && plane - best_plane[i] > peak_halfwidth)
                        runner[i] = std::max(runner[i], best[i]);
                    left[i] = before;
                    right[i] = -1.0f;
                    best[i] = score;
                    best_plane[i] = plane;
                } else {
                    if (plane - best_plane[i] > peak_halfwidth)
                        runner[i] = std::max(runner[i], score);
                    if (plane == best_plane[i] + 1)
                        right[i] = score;
                }
                previous[i] = score;
                previous_plane[i] = plane;
            }
        }
    }
    for (int y = 0; y < size.height; ++y) {
        float* out = depth.ptr<float>(roi.y + y) + roi.x;
        for (int x = 0; x < size.width; ++x) {
            const size_t i = size_t(y) * size_t(size.width) + size_t(x);
            if (best[i] < kMinNcc || best[i] - runner[i] < kMinNccMargin || left[i] <= -1.0f ||
                right[i] <= -1.0f)
                continue;
            const float denominator = left[i] - 2.0f * best[i] + right[i];
            const float offset =
                denominator < -1e-6f
                    ? std::clamp(0.5f * (left[i] - right[i]) / denominator, -0.5f, 0.5f)
                    : 0.0f;
            out[x] = float(d_min + (best_plane[i] + offset) * step);
        }
    }
}

// Keeps the depths that at least `min_views` other views' depth maps agree with.
cv::Mat consistent_depth(const std::vector<StereoView>& views, int index, double tolerance_mm,
                         double min_views) {
    const StereoView& ref = views[size_t(index)];
    cv::Mat kept = cv::Mat::zeros(ref.depth_mm.size(), CV_32F);
    for (int y = 0; y < ref.depth_mm.rows; ++y)
        for (int x = 0; x < ref.depth_mm.cols; ++x) {
            const float d = ref.depth_mm.at<float>(y, x);
            if (d <= 0.0f)
                continue;
            const cv::Vec3d point = ref.centre + double(d) * ref.ray(x, y);
            int agree = 0;
            for (int j = 0; j < int(views.size()) && agree < min_views; ++j) {
                if (j == index)
                    continue;
                const StereoView& other = views[size_t(j)];
                const cv::Vec3d q = other.rotation * point + other.translation;
                if (q[2] <= 1e-6)
                    continue;
                const cv::Vec3d p = other.k * q;
                const int u = int(std::lround(p[0] / p[2])), v = int(std::lround(p[1] / p[2]));
                if (u < 0 || v < 0 || u >= other.depth_mm.cols || v >= other.depth_mm.rows)
                    continue;
                const float other_d = other.depth_mm.at<float>(v, u);
                if (other_d > 0.0f && std::abs(double(other_d) - q[2]) < tolerance_mm)
                    ++agree;
            }
            if (agree >= min_views)
                kept.at<float>(y, x) = d;
        }
    return kept;
}

// Squared Euclidean distance transform along one line (Felzenszwalb & Huttenlocher), in place;
// `v` and `z` are scratch of length n and n + 1.
void distance_line(float* f, int n, std::size_t stride, std::vector<float>& values,
                   std::vector<int>& v, std::vector<float>& z) {
    for (int q = 0; q < n; ++q)
        values[size_t(q)] = f[size_t(q) * stride];
    int k = 0;
    v[0] = 0;
    z[0] = -std::numeric_limits<float>::max();
    z[1] = std::numeric_limits<float>::max();
    for (int q = 1; q < n; ++q) {
        float s;
        while (true) {
            const int p = v[size_t(k)];
            s = ((values[size_t(q)] + float(q) * float(q)) -
                 (values[size_t(p)] + float(p) * float(p))) /
                (2.0f * float(q - p));
            if (s <= z[size_t(k)] && k > 0)
                --k;
            else
                break;
        }
        if (s <= z[size_t(k)]) {  // k == 0: q replaces the first parabola
            v[0] = q;
            z[1] = std::numeric_limits<float>::max();
            continue;
        }
        ++k;
        v[size_t(k)] = q;
        z[size_t(k)] = s;
        z[size_t(k) + 1] = std::numeric_limits<float>::max();
    }
    k = 0;
    for (int q = 0; q < n; ++q) {
        while (z[size_t(k) + 1] < float(q))
            ++k;
        const int p = v[size_t(k)];
        f[size_t(q) * stride] = float(q - p) * float(q - p) + values[size_t(p)];
    }
}

// Squared distances (in voxels) to the nearest voxel where `field` is 0, over a box of the
// given size (field: 0 at the features, a large value elsewhere).
void distance_transform(std::vector<float>& field, int nx, int ny, int nz) {
    const int longest = std::max({nx, ny, nz});
    const std::size_t sy = size_t(nx), sz = size_t(nx) * size_t(ny);
    auto pass = [&](int lines_a, int lines_b, int n, std::size_t stride, std::size_t stride_a,
                    std::size_t stride_b) {
        cv::parallel_for_(cv::Range(0, lines_b), [&](const cv::Range& range) {
            std::vector<float> values(static_cast<std::size_t>(longest)),
                z(static_cast<std::size_t>(longest) + 1);
            std::vector<int> v(static_cast<std::size_t>(longest));
            for (int b = range.start; b < range.end; ++b)
                for (int a = 0; a < lines_a; ++a)
                    distance_line(field.data() + size_t(a) * stride_a + size_t(b) * stride_b, n,
                                  stride, values, v, z);
        });
    };
    pass(ny, nz, nx, 1, sy, sz);  // along x
    pass(nx, nz, ny, sy, 1, sz);  // along y
    pass(nx, ny, nz, sz, 1, sy);  // along z
}

}  // namespace

void carve_by_stereo(VolumeGrid& grid, const CameraSet& cameras, const std::vector<cv::Mat>& masks,
                     const DenseOptions& options) {
    // The views with an image, at the working size.
    std::vector<StereoView> views;
    std::vector<char> readable(cameras.views.size(), 0);
    std::vector<StereoView> all(cameras.views.size());
    cv::parallel_for_(cv::Range(0, int(cameras.views.size())), [&](const cv::Range& range) {
        for (int i = range.start; i < range.end; ++i) {
            const CameraView& camera = cameras.views[size_t(i)];
            const CameraIntrinsics& in = camera.intrinsics;
            if (camera.image_file.empty() || in.width_px <= 0 || in.height_px <= 0)
                continue;
            cv::Mat grey = cv::imread(camera.image_file.string(), cv::IMREAD_GRAYSCALE);
            if (grey.empty())
                continue;
            const double side = std::min(options.stereo_max_side_px, kMaxSidePx);
            const double scale = std::min(1.0, side / std::max(in.width_px, in.height_px));
            const cv::Size size(std::max(1, int(std::lround(in.width_px * scale))),
                                std::max(1, int(std::lround(in.height_px * scale))));
            if (grey.size() != size)
                cv::resize(grey, grey, size, 0, 0, cv::INTER_AREA);
            StereoView& view = all[size_t(i)];
            grey.convertTo(view.image, CV_32F);
            view.k = in.matrix_at(size);
            view.k_inv = view.k.inv();
            view.rotation = camera.cam_from_world.rotation;
            view.translation = camera.cam_from_world.translation_mm;
            view.centre = camera.cam_from_world.center_mm();
            cv::Mat mask;
            cv::resize(masks[size_t(i)], mask, size, 0, 0, cv::INTER_AREA);
            cv::threshold(mask, mask, 127, 255, cv::THRESH_BINARY);
            cv::erode(
                mask, mask,
                cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(kWindow + 2, kWindow + 2)));
            hull_intervals(grid, mask, view);
            readable[size_t(i)] = 1;
        }
    });
    for (std::size_t i = 0; i < all.size(); ++i)
        if (readable[i])
            views.push_back(std::move(all[i]));
    if (views.size() < 2)
        return;

    // Neighbours: the closest views by the angle at the grid's centre.
    const cv::Vec3d middle =
        grid.origin_mm + 0.5 * grid.voxel_mm * cv::Vec3d(grid.nx - 1, grid.ny - 1, grid.nz - 1);
    const double max_angle = kMaxNeighbourAngleDeg * CV_PI / 180.0;
    for (std::size_t i = 0; i < views.size(); ++i) {
        std::vector<std::pair<double, int>> candidates;
        const cv::Vec3d a = cv::normalize(views[i].centre - middle);
        for (std::size_t j = 0; j < views.size(); ++j) {
            if (j == i)
                continue;
            const cv::Vec3d b = cv::normalize(views[j].centre - middle);
            const double angle = std::acos(std::clamp(a.dot(b), -1.0, 1.0));
            if (angle > 1.0 * CV_PI / 180.0 && angle < max_angle)
                candidates.emplace_back(angle, int(j));
        }
        std::sort(candidates.begin(), candidates.end());
        const std::size_t keep =
            std::min(candidates.size(), std::size_t(std::clamp(options.stereo_neighbours, 1, 16)));
        for (std::size_t c = 0; c < keep; ++c)
            views[i].neighbours.push_back(candidates[c].second);
    }

    cv::parallel_for_(cv::Range(0, int(views.size())), [&](const cv::Range& range) {
        for (int i = range.start; i < range.end; ++i)
            plane_sweep(grid, views, i, views[size_t(i)].depth_mm);
    });
    const double tolerance_mm = 2.0 * grid.voxel_mm;
    std::vector<cv::Mat> kept(views.size());
    cv::parallel_for_(cv::Range(0, int(views.size())), [&](const cv::Range& range) {
        for (int i = range.start; i < range.end; ++i)
            kept[size_t(i)] = consistent_depth(views, i, tolerance_mm,
                                               std::max(1.0, options.min_consistent_views));
    });
    // Free space ends a little before the nearest depth around each pixel (kErode x kErode), so
    // that a voxel beside a depth edge (a rim over the far inside wall, where the NCC window
    // straddles both) is not carved by the far side of the edge. Small holes in a depth map
    // (flat texture, a rejected match) take the nearest depth around them in the same way,
    // where most of the window has a depth.
    const float margin_mm = float(kMargin * grid.voxel_mm);
    cv::parallel_for_(cv::Range(0, int(views.size())), [&](const cv::Range& range) {
        const cv::Mat kernel = cv::Mat::ones(kErode, kErode, CV_8U);
        for (int i = range.start; i < range.end; ++i) {
            cv::Mat depth = kept[size_t(i)].clone();
            depth.setTo(std::numeric_limits<float>::max(), depth <= 0.0f);
            cv::Mat nearest;
            cv::erode(depth, nearest, kernel);
            // Only where most of the window holds a depth: lone depths beside large holes are
            // the likeliest to be wrong.
            cv::Mat valid_share;
            cv::blur(kept[size_t(i)] > 0.0f, valid_share, kernel.size());
            nearest.setTo(0.0f, nearest == std::numeric_limits<float>::max());
            nearest.setTo(0.0f, valid_share < 255 * 0.6);
            views[size_t(i)].depth_mm = nearest;
        }
    });

    // Votes: how many views see each voxel inside the hull as free space.
    const std::size_t sy = size_t(grid.nx), sz = size_t(grid.nx) * size_t(grid.ny);
    std::vector<std::uint8_t> carved(grid.distance_mm.size(), 0);
    std::vector<cv::Matx34f> projections(views.size());
    for (std::size_t j = 0; j < views.size(); ++j) {
        const cv::Matx33d& r = views[j].rotation;
        const cv::Vec3d& t = views[j].translation;
        projections[j] =
            cv::Matx34f(views[j].k * cv::Matx34d(r(0, 0), r(0, 1), r(0, 2), t[0], r(1, 0), r(1, 1),
                                                 r(1, 2), t[1], r(2, 0), r(2, 1), r(2, 2), t[2]));
    }
    cv::parallel_for_(cv::Range(0, grid.nz), [&](const cv::Range& range) {
        for (int z = range.start; z < range.end; ++z)
            for (int y = 0; y < grid.ny; ++y)
                for (int x = 0; x < grid.nx; ++x) {
                    const std::size_t i = size_t(x) + sy * size_t(y) + sz * size_t(z);
                    if (grid.distance_mm[i] >= 0.0f)
                        continue;
                    const cv::Vec3f point(float(grid.origin_mm[0] + x * grid.voxel_mm),
                                          float(grid.origin_mm[1] + y * grid.voxel_mm),
                                          float(grid.origin_mm[2] + z * grid.voxel_mm));
                    int votes = 0;
                    for (std::size_t j = 0; j < views.size(); ++j) {
                        const cv::Matx34f& p = projections[j];
                        const float w =
                            p(2, 0) * point[0] + p(2, 1) * point[1] + p(2, 2) * point[2] + p(2, 3);
                        if (w <= 1e-3f)
                            continue;
                        const float u = (p(0, 0) * point[0] + p(0, 1) * point[1] +
                                         p(0, 2) * point[2] + p(0, 3)) /
                                        w;
                        const float v = (p(1, 0) * point[0] + p(1, 1) * point[1] +
                                         p(1, 2) * point[2] + p(1, 3)) /
                                        w;
                        const cv::Mat& depth = views[j].depth_mm;
                        if (!(u > -0.5f && v > -0.5f && u < float(depth.cols) - 0.5f &&
                              v < float(depth.rows) - 0.5f))
                            continue;
                        const float d = depth.at<float>(int(v + 0.5f), int(u + 0.5f));
                        if (d > 0.0f && w < d - margin_mm && ++votes >= kCarveVotes)
                            break;
                    }
                    carved[i] = votes >= kCarveVotes ? 1 : 0;
                }
    });
    // Specks the votes missed (a hole in every depth map that sees them): a voxel inside with
    // most of its six neighbours carved goes too.
    for (int pass = 0; pass < 2; ++pass) {
        std::vector<std::uint8_t> more(carved.size(), 0);
        cv::parallel_for_(cv::Range(1, grid.nz - 1), [&](const cv::Range& range) {
            for (int z = range.start; z < range.end; ++z)
                for (int y = 1; y < grid.ny - 1; ++y)
                    for (int x = 1; x < grid.nx - 1; ++x) {
                        const std::size_t i = size_t(x) + sy * size_t(y) + sz * size_t(z);
                        if (carved[i] || grid.distance_mm[i] >= 0.0f)
                            continue;
                        const int around = carved[i - 1] + carved[i + 1] + carved[i - sy] +
                                           carved[i + sy] + carved[i - sz] + carved[i + sz];
                        more[i] = around >= 4 ? 1 : 0;
                    }
        });
        for (std::size_t i = 0; i < carved.size(); ++i)
            carved[i] |= more[i];
    }

    // Distances again near the new surface: a carved voxel is as far outside as the nearest
    // voxel still inside (less half a voxel), a voxel inside no deeper than the nearest carved
    // one. Over the carved voxels' box, widened by the distances' cap.
    const int cap_voxels = 8;
    cv::Vec3i low(grid.nx, grid.ny, grid.nz), high(-1, -1, -1);
    for (int z = 0; z < grid.nz; ++z)
        for (int y = 0; y < grid.ny; ++y)
            for (int x = 0; x < grid.nx; ++x)
                if (carved[size_t(x) + sy * size_t(y) + sz * size_t(z)]) {
                    low = cv::Vec3i(std::min(low[0], x), std::min(low[1], y), std::min(low[2], z));
                    high =
                        cv::Vec3i(std::max(high[0], x), std::max(high[1], y), std::max(high[2], z));
                }
    if (high[0] < 0)
        return;
    const int dims[3] = {grid.nx, grid.ny, grid.nz};
    for (int i = 0; i < 3; ++i) {
        low[i] = std::max(0, low[i] - cap_voxels - 1);
        high[i] = std::min(dims[i] - 1, high[i] + cap_voxels + 1);
    }
    const int bx = high[0] - low[0] + 1, by = high[1] - low[1] + 1, bz = high[2] - low[2] + 1;
    const std::size_t box = size_t(bx) * size_t(by) * size_t(bz);
    // "Far" must stay small enough for the transform's float arithmetic.
    const float kFar = float(bx) * float(bx) + float(by) * float(by) + float(bz) * float(bz) + 1.0f;
    std::vector<float> to_inside(box, kFar), to_carved(box, kFar);
    auto grid_index = [&](int x, int y, int z) {
        return size_t(x + low[0]) + sy * size_t(y + low[1]) + sz * size_t(z + low[2]);
    };
    for (int z = 0; z < bz; ++z)
        for (int y = 0; y < by; ++y)
            for (int x = 0; x < bx; ++x) {
                const std::size_t g = grid_index(x, y, z);
                const std::size_t b = size_t(x) + size_t(bx) * (size_t(y) + size_t(by) * z);
                if (carved[g])
                    to_carved[b] = 0.0f;
                else if (grid.distance_mm[g] < 0.0f)
                    to_inside[b] = 0.0f;
            }
    distance_transform(to_inside, bx, by, bz);
    distance_transform(to_carved, bx, by, bz);
    const float voxel = float(grid.voxel_mm), cap_mm = float(cap_voxels * grid.voxel_mm);
    for (int z = 0; z < bz; ++z)
        for (int y = 0; y < by; ++y)
            for (int x = 0; x < bx; ++x) {
                const std::size_t g = grid_index(x, y, z);
                const std::size_t b = size_t(x) + size_t(bx) * (size_t(y) + size_t(by) * z);
                float& value = grid.distance_mm[g];
                if (carved[g])
                    value = std::min(cap_mm, (std::sqrt(to_inside[b]) - 0.5f) * voxel);
                else if (value < 0.0f)
                    value = std::max(value, -(std::sqrt(to_carved[b]) - 0.5f) * voxel);
            }

    // The carved boundary lies up to the carving margin in front of the observed surface: near
    // it, the distances become the views' own (the kept depth less the voxel's depth, truncated
    // at a band; views that see the voxel far behind their surface are left out), so that the
    // zero level moves onto the surface the views saw.
    const float band_mm = float(kBand * grid.voxel_mm);
    // Carved voxels within the band of one still inside; inside voxels as deep as the carving
    // margin (and a voxel) behind a carved one, not deeper, so that a wall is not thinned.
    const float carved_near = float((kBand + 0.5) * (kBand + 0.5));
    const float inside_near = float((kMargin + kInsideNear) * (kMargin + kInsideNear));
    cv::parallel_for_(cv::Range(0, bz), [&](const cv::Range& range) {
        for (int z = range.start; z < range.end; ++z)
            for (int y = 0; y < by; ++y)
                for (int x = 0; x < bx; ++x) {
                    const std::size_t g = grid_index(x, y, z);
                    const std::size_t b = size_t(x) + size_t(bx) * (size_t(y) + size_t(by) * z);
                    const bool near_boundary =
                        carved[g] ? to_inside[b] <= carved_near
                                  : (grid.distance_mm[g] < 0.0f && to_carved[b] <= inside_near);
                    if (!near_boundary)
                        continue;
                    const cv::Vec3d point =
                        grid.origin_mm +
                        grid.voxel_mm * cv::Vec3d(x + low[0], y + low[1], z + low[2]);
                    float sum = 0.0f;
                    int count = 0;
                    for (std::size_t j = 0; j < views.size(); ++j) {
                        const StereoView& view = views[j];
                        const cv::Vec3d q = view.rotation * point + view.translation;
                        if (q[2] <= 1e-6)
                            continue;
                        const cv::Vec3d p = view.k * q;
                        const int u = int(std::lround(p[0] / p[2])),
                                  v = int(std::lround(p[1] / p[2]));
                        if (u < 0 || v < 0 || u >= kept[j].cols || v >= kept[j].rows)
                            continue;
                        const float d = kept[j].at<float>(v, u);
                        if (d <= 0.0f)
                            continue;
                        const float signed_mm = d - float(q[2]);
                        if (signed_mm < -band_mm)
                            continue;
                        sum += std::min(signed_mm, band_mm);
                        ++count;
                    }
                    if (count >= kFuseViews)
                        grid.distance_mm[g] = sum / float(count);
                }
    });
}

}  // namespace heritage::capture
