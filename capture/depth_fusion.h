// capture/depth_fusion.h: the dense stage when there are no masks (handheld photos): a depth
// map per photo by plane-sweep stereo (NCC against its best neighbours, depths searched in the
// range the sparse points give, coarse to fine), kept where other views' depth maps agree, then
// fused into a truncated signed distance grid over the object. The object is the surface at the
// scene's centre: the ground it stands on and the background are trimmed away.
#pragma once
#include <vector>

#include "capture/camera.h"
#include "capture/dense.h"
#include "capture/object_region.h"

namespace heritage::capture {

struct FusionOptions {
    int max_voxels_per_side = 256;     // grid resolution along the object's longest side
    double depth_max_side_px = 800.0;  // depth maps are computed at this size (photos larger
                                       // than this are scaled down, smaller ones kept)
    int neighbours = 4;                // views compared with each reference view
    int min_consistent_views = 2;      // a depth is kept where this many other views agree
    double truncation_voxels = 4.0;    // the signed distance is truncated at this many voxels
    bool trim_ground = true;           // cut away a large plane under the object (a table)
};

// Throws heritage::Error naming the out-of-range field.
void check(const FusionOptions& options);

// The object region of a handheld scene: around the point the cameras' optical axes pass
// closest to, boxing the sparse points there that most photos see (their dense middle, not the
// far background), with a margin; never larger than what every camera can see around that
// point. With too few such points, estimate_object_region's box for known cameras.
ObjectRegion estimate_sparse_region(const CameraSet& cameras,
                                    const std::vector<cv::Vec3d>& sparse_points);

// Distances in mm (the cameras' unit), negative inside, truncated at `truncation_voxels`.
// Voxels no photo observed are NaN: the mesh stage leaves the surface open there rather than
// inventing one (the object's underside, the cut along the ground, the grid's outer layer).
// The grid spans the surface found near the middle of `region` (a first, coarse pass), not the
// whole region; with `trim_ground`, a large, roughly level plane under it (the world's +Z is
// about up) is cut away just above the plane, and pieces away from the middle are dropped.
// Photos are read from CameraView::image_file (undistorted); those that cannot be read are left
// out. The sparse points (in the region) bound the depths searched and choose each photo's
// neighbours; without them the region's box does. Throws heritage::Error when the region is
// empty, fewer than 2 photos can be read, or no surface is confirmed by the views.
VolumeGrid fuse_depth_maps(const CameraSet& cameras, const std::vector<cv::Vec3d>& sparse_points,
                           const ObjectRegion& region, const FusionOptions& options = {});

}  // namespace heritage::capture
