// The object's volume as signed distances: the visual hull of the masks (each view's signed
// distance to its silhouette, in pixels, scaled to mm at the voxel's depth; the largest over the
// views), then carved by multi-view stereo where the silhouettes cannot see.
#include "capture/dense.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include "capture/stereo_depth.h"
#include "exhibit/error.h"

namespace heritage::capture {
namespace {

// One view's silhouette as signed distances in pixels (negative inside), at a working size.
struct SilhouetteView {
    cv::Matx34f projection;  // working pixels from world mm (scaled K [R | t])
    float inverse_focal = 1.0f;
    cv::Mat signed_px;                // CV_32F
    bool frame_is_background = true;  // a point outside the photo's frame is not the object
    bool used = true;                 // false: the mask disagrees with the others; left out
};

SilhouetteView silhouette_view(const CameraView& view, const cv::Mat& mask, double max_side_px) {
    const CameraIntrinsics& in = view.intrinsics;
    const double scale = std::min(1.0, max_side_px / std::max(in.width_px, in.height_px));
    cv::Mat small = mask;
    const cv::Size size(std::max(1, int(std::lround(in.width_px * scale))),
                        std::max(1, int(std::lround(in.height_px * scale))));
    if (mask.size() != size) {
        cv::resize(mask, small, size, 0, 0, cv::INTER_AREA);
        cv::threshold(small, small, 127, 255, cv::THRESH_BINARY);
    }
    cv::Mat inside, outside;
    cv::distanceTransform(small, inside, cv::DIST_L2, cv::DIST_MASK_PRECISE);
    cv::distanceTransform(255 - small, outside, cv::DIST_L2, cv::DIST_MASK_PRECISE);
    SilhouetteView result;
    // The edge lies half a pixel from the centres on either side of it.
    result.signed_px.create(small.size(), CV_32F);
    for (int y = 0; y < result.signed_px.rows; ++y) {
        float* value = result.signed_px.ptr<float>(y);
        const float* in_px = inside.ptr<float>(y);
        const float* out_px = outside.ptr<float>(y);
        for (int x = 0; x < result.signed_px.cols; ++x)
            value[x] = out_px[x] > 0.0f ? out_px[x] - 0.5f : 0.5f - in_px[x];
    }
    const cv::Matx33d k = in.matrix_at(size);
    const cv::Matx33d& r = view.cam_from_world.rotation;
    const cv::Vec3d& t = view.cam_from_world.translation_mm;
    const cv::Matx34d rt(r(0, 0), r(0, 1), r(0, 2), t[0], r(1, 0), r(1, 1), r(1, 2), t[1], r(2, 0),
                         r(2, 1), r(2, 2), t[2]);
    result.projection = cv::Matx34f(k * rt);
    result.inverse_focal = float(2.0 / (k(0, 0) + k(1, 1)));
    return result;
}

constexpr float kUnseen = 1e6f;

// One view's signed distance (mm) to its silhouette at a point; `seen` is false where the view
// says nothing (behind the camera, or outside a frame that need not hold the object).
float view_distance(const SilhouetteView& view, const cv::Vec3f& point, bool& seen) {
    seen = false;
    const cv::Matx34f& p = view.projection;
    const float hz = p(2, 0) * point[0] + p(2, 1) * point[1] + p(2, 2) * point[2] + p(2, 3);
    if (hz <= 1e-3f)
        return 0.0f;
    const float u = (p(0, 0) * point[0] + p(0, 1) * point[1] + p(0, 2) * point[2] + p(0, 3)) / hz;
    const float v = (p(1, 0) * point[0] + p(1, 1) * point[1] + p(1, 2) * point[2] + p(1, 3)) / hz;
    const cv::Mat& image = view.signed_px;
    if (!(u >= 0.0f && v >= 0.0f && u <= float(image.cols - 1) && v <= float(image.rows - 1))) {
        if (!view.frame_is_background)
            return 0.0f;
        // Outside the frame of a photo that shows the whole object: outside the object, at
        // least as far as the frame's edge.
        const float beyond_px =
            std::max({-u, -v, u - float(image.cols - 1), v - float(image.rows - 1)}) + 1.0f;
        seen = true;
        return beyond_px * hz * view.inverse_focal;
    }
    const int x0 = std::min(int(u), image.cols - 2 < 0 ? 0 : image.cols - 2);
    const int y0 = std::min(int(v), image.rows - 2 < 0 ? 0 : image.rows - 2);
    const float fx = u - float(x0), fy = v - float(y0);
    const float* row0 = image.ptr<float>(y0);
    const float* row1 = image.ptr<float>(std::min(y0 + 1, image.rows - 1));
    const int x1 = std::min(x0 + 1, image.cols - 1);
    const float top = row0[x0] + (row0[x1] - row0[x0]) * fx;
    const float bottom = row1[x0] + (row1[x1] - row1[x0]) * fx;
    seen = true;
    return (top + (bottom - top) * fy) * hz * view.inverse_focal;
}

// How far a few views may be overruled: a mask that misses part of the object (its colour
// close to the room's behind it) would cut that part out of the whole model, where a view that
// rightly sees a point outside usually has others that agree.
struct HullRule {
    int dissenters = 0;      // views whose "outside" may be overruled at a point, at most 7
    float margin_mm = 0.0f;  // ... when they say so by more than this beyond the next view
    float inside_mm = 0.0f;  // ... which puts the point at least this far inside
};

// The views' signed distance (mm) at a point: the largest, except that up to `dissenters`
// views saying "outside" by more than the margin beyond the next largest are overruled. Stops
// early once above `enough_mm`. kUnseen where no view sees the point. Views left out (`used`
// false) are skipped.
float hull_distance(const std::vector<SilhouetteView>& views, const cv::Vec3f& point,
                    float enough_mm, const HullRule& rule) {
    assert(rule.dissenters >= 0 && rule.dissenters < 8);
    const int keep = rule.dissenters + 1;
    float largest[8];  // the `keep` largest, in decreasing order
    int filled = 0;
    for (const SilhouetteView& view : views) {
        if (!view.used)
            continue;
        bool seen = false;
        const float distance_mm = view_distance(view, point, seen);
        if (!seen)
            continue;
        int at = filled;
        while (at > 0 && largest[at - 1] < distance_mm) {
            if (at < keep)
                largest[at] = largest[at - 1];
            --at;
        }
        if (at < keep) {
            largest[at] = distance_mm;
            filled = std::min(filled + 1, keep);
            if (filled == keep && largest[keep - 1] > enough_mm)
                return largest[keep - 1];
        }
    }
    if (filled == 0)
        return kUnseen;
    const float agreed = largest[filled - 1];
    if (!(agreed < -rule.inside_mm))  // the others do not see it inside: no overruling
        return largest[0];
    for (int i = 0; i < filled; ++i)
        if (largest[i] <= agreed + rule.margin_mm)
            return largest[i];
    return agreed;
}

// Signed distance to the region's box (positive outside), so that the volume closes on it (the
// object's foot on the board).
float box_distance(const ObjectRegion& region, const cv::Vec3f& point) {
    float largest = -std::numeric_limits<float>::max();
    for (int i = 0; i < 3; ++i)
        largest = std::max(
            {largest, float(region.min_mm[i]) - point[i], point[i] - float(region.max_mm[i])});
    return largest;
}

float volume_distance(const std::vector<SilhouetteView>& views, const ObjectRegion& region,
                      const cv::Vec3f& point, float enough_mm, const HullRule& rule) {
    const float to_box = box_distance(region, point);
    if (to_box > enough_mm)
        return to_box;
    return std::max(to_box, hull_distance(views, point, enough_mm, rule));
}

cv::Vec3f voxel_centre(const VolumeGrid& grid, int x, int y, int z) {
    return cv::Vec3f(float(grid.origin_mm[0] + x * grid.voxel_mm),
                     float(grid.origin_mm[1] + y * grid.voxel_mm),
                     float(grid.origin_mm[2] + z * grid.voxel_mm));
}

VolumeGrid grid_over(const cv::Vec3d& min_mm, const cv::Vec3d& max_mm, int voxels_per_side) {
    const double longest =
        std::max({max_mm[0] - min_mm[0], max_mm[1] - min_mm[1], max_mm[2] - min_mm[2]});
    VolumeGrid grid;
    grid.voxel_mm = longest / voxels_per_side;
    // A voxel and a half beyond the box on every side, so the surface closes inside the grid.
    const cv::Vec3d extent = max_mm - min_mm + cv::Vec3d::all(3.0 * grid.voxel_mm);
    grid.nx = std::max(2, int(std::ceil(extent[0] / grid.voxel_mm)) + 1);
    grid.ny = std::max(2, int(std::ceil(extent[1] / grid.voxel_mm)) + 1);
    grid.nz = std::max(2, int(std::ceil(extent[2] / grid.voxel_mm)) + 1);
    const cv::Vec3d centre = 0.5 * (min_mm + max_mm);
    grid.origin_mm =
        centre - 0.5 * grid.voxel_mm * cv::Vec3d(grid.nx - 1, grid.ny - 1, grid.nz - 1);
    grid.distance_mm.assign(size_t(grid.nx) * size_t(grid.ny) * size_t(grid.nz), 0.0f);
    return grid;
}

// Every voxel's hull distance, exactly where it may be near the surface (blocks of 4 voxels
// whose centre is far from it take the centre's value). Values are capped at `cap_mm`.
void fill_hull(VolumeGrid& grid, const std::vector<SilhouetteView>& views,
               const ObjectRegion& region, float cap_mm, const HullRule& rule) {
    constexpr int kBlock = 4;
    const int bx = (grid.nx + kBlock - 1) / kBlock, by = (grid.ny + kBlock - 1) / kBlock,
              bz = (grid.nz + kBlock - 1) / kBlock;
    const float block_reach_mm = float(grid.voxel_mm * (std::sqrt(3.0) * kBlock / 2.0 + 2.0));
    cv::parallel_for_(cv::Range(0, bz), [&](const cv::Range& range) {
        for (int kz = range.start; kz < range.end; ++kz)
            for (int ky = 0; ky < by; ++ky)
                for (int kx = 0; kx < bx; ++kx) {
                    const int x0 = kx * kBlock, y0 = ky * kBlock, z0 = kz * kBlock;
                    const int x1 = std::min(x0 + kBlock, grid.nx),
                              y1 = std::min(y0 + kBlock, grid.ny),
                              z1 = std::min(z0 + kBlock, grid.nz);
                    const cv::Vec3f centre = 0.5f * (voxel_centre(grid, x0, y0, z0) +
                                                     voxel_centre(grid, x1 - 1, y1 - 1, z1 - 1));
                    const float at_centre =
                        volume_distance(views, region, centre, block_reach_mm, rule);
                    const bool far = std::abs(at_centre) > block_reach_mm;
                    for (int z = z0; z < z1; ++z)
                        for (int y = y0; y < y1; ++y)
                            for (int x = x0; x < x1; ++x) {
                                const float value =
                                    far ? at_centre
                                        : volume_distance(views, region,
                                                          voxel_centre(grid, x, y, z), cap_mm,
                                                          rule);
                                grid.distance_mm[size_t(x) +
                                                 size_t(grid.nx) *
                                                     (size_t(y) + size_t(grid.ny) * z)] =
                                    std::min(value, cap_mm);
                            }
                }
    });
}

// The box around the hull inside the region, from a coarse pass, with a margin.
void hull_bounds(const ObjectRegion& region, const std::vector<SilhouetteView>& views,
                 const HullRule& rule, cv::Vec3d& min_mm, cv::Vec3d& max_mm) {
    VolumeGrid coarse = grid_over(region.min_mm, region.max_mm, 48);
    fill_hull(coarse, views, region, float(4.0 * coarse.voxel_mm), rule);
    cv::Vec3i low(coarse.nx, coarse.ny, coarse.nz), high(-1, -1, -1);
    for (int z = 0; z < coarse.nz; ++z)
        for (int y = 0; y < coarse.ny; ++y)
            for (int x = 0; x < coarse.nx; ++x)
                if (coarse.at(x, y, z) < coarse.voxel_mm) {
                    low = cv::Vec3i(std::min(low[0], x), std::min(low[1], y), std::min(low[2], z));
                    high =
                        cv::Vec3i(std::max(high[0], x), std::max(high[1], y), std::max(high[2], z));
                }
    if (high[0] < 0) {
        min_mm = region.min_mm;
        max_mm = region.max_mm;
        return;
    }
    for (int i = 0; i < 3; ++i) {
        min_mm[i] =
            std::max(region.min_mm[i], coarse.origin_mm[i] + (low[i] - 1.5) * coarse.voxel_mm);
        max_mm[i] =
            std::min(region.max_mm[i], coarse.origin_mm[i] + (high[i] + 1.5) * coarse.voxel_mm);
    }
}

// Views whose mask disagrees with the others: one mask that misses the object (a backdrop of
// the object's colour, a shadow) would cut it out of the whole model. The hull of all views but
// the most negative eighth at each point stands for the object; a view whose mask covers less
// than `min_share` of that hull's points is left out. At most an eighth of the views go.
std::vector<std::size_t> find_disagreeing_views(const ObjectRegion& region,
                                                const std::vector<SilhouetteView>& views) {
    constexpr std::size_t kMinViews = 8;
    constexpr double kMinShare = 0.75;
    if (views.size() < kMinViews)
        return {};
    const std::size_t tolerated = views.size() / 8;
    const VolumeGrid coarse = grid_over(region.min_mm, region.max_mm, 40);
    std::vector<std::vector<float>> inside_distances;  // per point, per view
    std::vector<float> distances(views.size());
    std::vector<float> sorted;
    for (int z = 0; z < coarse.nz; ++z)
        for (int y = 0; y < coarse.ny; ++y)
            for (int x = 0; x < coarse.nx; ++x) {
                const cv::Vec3f point = voxel_centre(coarse, x, y, z);
                if (box_distance(region, point) > 0)
                    continue;
                sorted.clear();
                for (std::size_t i = 0; i < views.size(); ++i) {
                    bool seen = false;
                    distances[i] = view_distance(views[i], point, seen);
                    if (!seen)
                        distances[i] = -std::numeric_limits<float>::max();
                    sorted.push_back(distances[i]);
                }
                std::sort(sorted.begin(), sorted.end(), std::greater<float>());
                if (sorted[tolerated] < 0.0f)
                    inside_distances.push_back(distances);
            }
    std::vector<std::pair<double, std::size_t>> shares;
    for (std::size_t i = 0; i < views.size() && !inside_distances.empty(); ++i) {
        std::size_t covered = 0;
        for (const std::vector<float>& point : inside_distances)
            covered += point[i] <= float(coarse.voxel_mm) ? 1 : 0;
        shares.emplace_back(double(covered) / double(inside_distances.size()), i);
    }
    std::sort(shares.begin(), shares.end());
    std::vector<std::size_t> disagreeing;
    for (const auto& [share, view] : shares)
        if (share < kMinShare && disagreeing.size() < tolerated)
            disagreeing.push_back(view);
    std::sort(disagreeing.begin(), disagreeing.end());
    return disagreeing;
}

}  // namespace

VolumeGrid reconstruct_dense(const CameraSet& cameras, const std::vector<cv::Mat>& masks,
                             const ObjectRegion& region, const DenseOptions& options) {
    assert(masks.size() == cameras.views.size());
    assert(options.max_voxels_per_side >= 8);
    for (std::size_t i = 0; i < masks.size(); ++i) {
        const CameraIntrinsics& in = cameras.views[i].intrinsics;
        assert(masks[i].type() == CV_8UC1 && masks[i].cols == in.width_px &&
               masks[i].rows == in.height_px);
        (void)in;
    }
    if (cameras.views.size() < 2)
        throw Error("dense: " + std::to_string(cameras.views.size()) +
                    " view with a mask; the object's volume needs photos from at least 2 sides");

    std::vector<SilhouetteView> views(cameras.views.size());
    cv::parallel_for_(cv::Range(0, int(views.size())), [&](const cv::Range& range) {
        for (int i = range.start; i < range.end; ++i) {
            views[size_t(i)] = silhouette_view(cameras.views[size_t(i)], masks[size_t(i)],
                                               options.stereo_max_side_px);
            views[size_t(i)].frame_is_background = options.object_whole_in_every_photo;
        }
    });

    const std::vector<std::size_t> disagreeing = find_disagreeing_views(region, views);
    for (const std::size_t view : disagreeing)
        views[view].used = false;

    // Views may be overruled by a margin of a few voxels of the final grid, which the region
    // (and the coarse pass) approximates.
    const auto rule_for = [&](double voxel_mm) {
        HullRule rule;
        rule.dissenters = std::clamp(
            int(options.overruled_view_share * double(views.size() - disagreeing.size())), 0, 7);
        rule.margin_mm = float(options.overrule_margin_voxels * voxel_mm);
        rule.inside_mm = float(voxel_mm);
        return rule;
    };
    const double longest_mm =
        std::max({region.max_mm[0] - region.min_mm[0], region.max_mm[1] - region.min_mm[1],
                  region.max_mm[2] - region.min_mm[2]});
    cv::Vec3d min_mm, max_mm;
    hull_bounds(region, views, rule_for(longest_mm / 48.0), min_mm, max_mm);
    VolumeGrid grid = grid_over(min_mm, max_mm, options.max_voxels_per_side);
    grid.views_left_out = disagreeing;
    const float cap_mm = float(8.0 * grid.voxel_mm);
    fill_hull(grid, views, region, cap_mm, rule_for(grid.voxel_mm));
    if (options.stereo)
        carve_by_stereo(grid, cameras, masks, options);
    return grid;
}

}  // namespace heritage::capture
