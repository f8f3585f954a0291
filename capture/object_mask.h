// capture/object_mask.h: stage 3: which pixels of each photo show the object. The board's
// known pattern and plane say what is background; GrabCut refines the edge.
#pragma once
#include <optional>
#include <vector>

#include "capture/camera.h"
#include "capture/object_region.h"
#include "capture/rig.h"

namespace heritage::capture {

struct MaskOptions {
    double max_side_px = 1000.0;  // masks are computed at this size, then scaled back up
    int grabcut_iterations = 4;
    double min_object_fraction = 0.002;  // a mask smaller than this share of the photo is
                                         // reported as "object not found"
};

// One 8-bit mask per view, the size of its image: 255 object, 0 background. `rig` is empty
// for known cameras with no board (the background is then learned from outside the region).
std::vector<cv::Mat> compute_object_masks(const CameraSet& cameras, const ObjectRegion& region,
                                          const std::optional<ChArUcoRig>& rig,
                                          const MaskOptions& options = {});

}  // namespace heritage::capture
