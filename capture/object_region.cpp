// The box where the object stands: above the board for a turntable capture, where the optical
// axes meet for known cameras.
#include "capture/object_region.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace heritage::capture {
namespace {

// Pixel of a world point and its depth in the camera (no distortion: images are undistorted).
cv::Vec2d pixel_of(const CameraView& view, const cv::Vec3d& world_mm, double& depth_mm) {
    const cv::Vec3d c =
        view.cam_from_world.rotation * world_mm + view.cam_from_world.translation_mm;
    depth_mm = c[2];
    const CameraIntrinsics& k = view.intrinsics;
    return {k.fx * c[0] / c[2] + k.cx, k.fy * c[1] / c[2] + k.cy};
}

bool inside_image(const CameraView& view, const cv::Vec3d& world_mm) {
    double depth_mm = 0.0;
    const cv::Vec2d p = pixel_of(view, world_mm, depth_mm);
    return depth_mm > 0.0 && p[0] >= 0.0 && p[1] >= 0.0 && p[0] <= view.intrinsics.width_px &&
           p[1] <= view.intrinsics.height_px;
}

// The height above the board's centre up to which this view still sees the centre's vertical.
double visible_height_mm(const CameraView& view, double max_height_mm) {
    if (!inside_image(view, {0.0, 0.0, 0.0}))
        return 0.0;
    double low = 0.0, high = max_height_mm;
    if (inside_image(view, {0.0, 0.0, high}))
        return high;
    for (int step = 0; step < 40; ++step) {
        const double middle = 0.5 * (low + high);
        (inside_image(view, {0.0, 0.0, middle}) ? low : high) = middle;
    }
    return low;
}

ObjectRegion region_above_board(const CameraSet& cameras, const ChArUcoRig& rig) {
    const double half_width_mm = 0.5 * rig.squares_x * rig.square_mm;
    const double half_depth_mm = 0.5 * rig.squares_y * rig.square_mm;
    const double longer_side_mm = 2.0 * std::max(half_width_mm, half_depth_mm);
    // The height most cameras still see (the median), never above the board's longer side.
    std::vector<double> heights;
    for (const CameraView& view : cameras.views)
        heights.push_back(visible_height_mm(view, longer_side_mm));
    double height_mm = longer_side_mm;
    if (!heights.empty()) {
        std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
        height_mm = heights[heights.size() / 2];
    }
    if (height_mm <= 0.0)
        height_mm = longer_side_mm;
    ObjectRegion region;
    region.min_mm = {-half_width_mm, -half_depth_mm, 0.0};
    region.max_mm = {half_width_mm, half_depth_mm, height_mm};
    return region;
}

ObjectRegion region_where_cameras_look(const CameraSet& cameras) {
    const cv::Vec3d centre = point_nearest_axes(cameras);
    // The largest sphere about the centre whose projection, in every view, stays within half the
    // image's longer side of the centre's pixel: the object may stand off the image's centre.
    double radius_mm = std::numeric_limits<double>::max();
    for (const CameraView& view : cameras.views) {
        double depth_mm = 0.0;
        pixel_of(view, centre, depth_mm);
        if (depth_mm <= 0.0)
            continue;
        const CameraIntrinsics& k = view.intrinsics;
        const double margin_px = 0.5 * std::max(k.width_px, k.height_px);
        const double focal_px = std::max(k.fx, k.fy);
        radius_mm = std::min(radius_mm, depth_mm * margin_px / std::hypot(focal_px, margin_px));
    }
    if (radius_mm == std::numeric_limits<double>::max())
        radius_mm = 1.0;
    ObjectRegion region;
    region.min_mm = centre - cv::Vec3d::all(radius_mm);
    region.max_mm = centre + cv::Vec3d::all(radius_mm);
    return region;
}

}  // namespace

ObjectRegion estimate_object_region(const CameraSet& cameras,
                                    const std::optional<ChArUcoRig>& rig) {
    assert(!cameras.views.empty());
    if (rig)
        return region_above_board(cameras, *rig);
    return region_where_cameras_look(cameras);
}

}  // namespace heritage::capture
