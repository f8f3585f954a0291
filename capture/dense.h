// capture/dense.h: stage 4: the object's volume. The visual hull of the masks (where one or
// two masks alone cut away what every other view holds to be well inside the object, they are
// overruled), then carved further by multi-view stereo where the silhouettes cannot see (a
// bowl's inside, a drum's hollow underside).
#pragma once
#include <vector>

#include "capture/camera.h"
#include "capture/object_region.h"

namespace heritage::capture {

// A regular grid of signed distances over the object: negative inside, positive outside, in mm.
struct VolumeGrid {
    cv::Vec3d origin_mm{0.0, 0.0, 0.0};  // centre of voxel (0, 0, 0)
    double voxel_mm = 1.0;
    int nx = 0, ny = 0, nz = 0;
    std::vector<float> distance_mm;           // index x + nx * (y + ny * z)
    std::vector<std::size_t> views_left_out;  // views whose mask disagreed with the others

    float at(int x, int y, int z) const {
        return distance_mm[static_cast<std::size_t>(x) +
                           static_cast<std::size_t>(nx) *
                               (static_cast<std::size_t>(y) + static_cast<std::size_t>(ny) * z)];
    }
};

struct DenseOptions {
    int max_voxels_per_side = 256;       // resolution of the grid along the region's longest side
    bool stereo = true;                  // refine the hull by multi-view stereo
    int stereo_neighbours = 4;           // views compared with each reference view
    double stereo_max_side_px = 1000.0;  // depth maps are computed at this size
    double min_consistent_views = 2;     // stereo depths kept only where this many views agree
    double overruled_view_share = 1.0 / 12.0;  // of the views, those whose mask may be
                                               // overruled where it alone cuts a point away
                                               // (a colour it could not tell from the room);
                                               // at most 7
    double overrule_margin_voxels = 2.0;       // ... when it does so by this much more than
                                               // the next view
    bool object_whole_in_every_photo = true;   // turntable practice: a point outside a photo's
                                               // frame is not the object (false: that photo
                                               // says nothing about it)
};

VolumeGrid reconstruct_dense(const CameraSet& cameras, const std::vector<cv::Mat>& masks,
                             const ObjectRegion& region, const DenseOptions& options = {});

}  // namespace heritage::capture
