// capture/stereo_depth.h: private to the dense stage. Multi-view stereo over the visual hull:
// per reference view a depth map by plane sweep (NCC against the nearest views, depths searched
// only inside the hull along each ray), kept where it is confident and where other views' depth
// maps agree; then every voxel a view sees in front of a kept depth is free space and is carved
// out of the signed distance grid, whose distances are made consistent again near the new
// surface.
#pragma once
#include <vector>

#include "capture/camera.h"
#include "capture/dense.h"

namespace heritage::capture {

// Carves `grid` (signed distances in mm, negative inside) in place. Depths are searched only
// inside each view's mask, away from its edge (there the hull is already right, and a window
// across the edge would match the background). Views whose image cannot be read are left out;
// does nothing when fewer than 2 views remain.
void carve_by_stereo(VolumeGrid& grid, const CameraSet& cameras, const std::vector<cv::Mat>& masks,
                     const DenseOptions& options);

}  // namespace heritage::capture
