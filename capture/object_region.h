// capture/object_region.h: the box in the world where the object is, before any geometry:
// above the board for a turntable capture, where the cameras look for known cameras.
#pragma once
#include <optional>

#include "capture/camera.h"
#include "capture/rig.h"

namespace heritage::capture {

struct ObjectRegion {
    cv::Vec3d min_mm{0.0, 0.0, 0.0};
    cv::Vec3d max_mm{0.0, 0.0, 0.0};
};

// With a board: the board's area from Z = 0 up to the height every camera still sees. Without:
// around the point the cameras' optical axes pass closest to, as large as the views allow.
ObjectRegion estimate_object_region(const CameraSet& cameras, const std::optional<ChArUcoRig>& rig);

}  // namespace heritage::capture
