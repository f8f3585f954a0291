// capture/sfm.h: handheld stage 2c: incremental structure from motion. Tracks from the verified
// matches; a first pair with many matches and enough parallax; then photo after photo
// registered against the points seen so far (PnP + RANSAC; where too few are seen, by the
// relative pose to its best-matching registered neighbour, scaled by the few), new points
// triangulated, bundle adjustment (Ceres) now and then over the neighbourhood and over
// everything; intrinsics start from EXIF (or a prior) and are refined. The result is in an
// arbitrary frame: the points' median at the origin, the cameras a median 1000 units away.
#pragma once
#include <utility>
#include <vector>

#include "capture/camera.h"
#include "capture/features.h"
#include "capture/ingest.h"
#include "capture/matching.h"

namespace heritage::capture {

struct SfmOptions {
    double prior_focal_factor = 1.2;     // no EXIF focal: focal = this x the long side (~45 deg)
    bool shared_intrinsics = true;       // one camera for photos of the same size and model
    bool refine_focal = true;            // in bundle adjustment
    bool refine_distortion = true;       // k1, k2 in bundle adjustment
    bool refine_principal_point = true;  // in the last adjustment, where the field of view is
                                         // wide enough to tell it (over ~53 deg)
    double max_reprojection_px = 4.0;    // observations farther than this are outliers
    double min_triangulation_deg = 1.5;  // points seen under a smaller angle are not added
    int min_pnp_inliers = 20;            // a photo needs this many to be registered by PnP
                                         // (and a quarter of the points it sees)
    int min_init_inliers = 100;          // matches the first pair needs
    double global_ba_growth = 0.25;      // a global adjustment each time the model grows by
                                         // this share of its photos
    CameraIntrinsics known_intrinsics;   // width_px > 0: every photo was taken with this
                                         // calibrated camera (same size); not refined
};

// Throws heritage::Error naming the out-of-range field.
void check(const SfmOptions& options);

struct SparsePoint {
    cv::Vec3d position{0.0, 0.0, 0.0};              // in the model's frame
    cv::Vec3b colour{0, 0, 0};                      // BGR
    std::vector<std::pair<int, int>> observations;  // (photo index, feature index), by photo
};

struct SparseModel {
    // One view per registered photo, in photo order; `photo_file` and `image_file` are the
    // photo, intrinsics as refined (focal, k1, k2; the principal point in wide views), with
    // distortion {k1, k2, 0, 0, 0}; method "handheld-sfm"; reprojection_rms_px per view and
    // over all observations after the final adjustment.
    CameraSet cameras;
    std::vector<int> view_photo;    // for each view, its index in the photos
    std::vector<int> unregistered;  // photo indices that could not be registered
    std::vector<SparsePoint> points;
    double mean_track_length = 0.0;     // observations per point
    double mean_reprojection_px = 0.0;  // mean over all observations
};

// Throws heritage::Error when no first pair can be found (the message says why: too few
// matches, too little parallax, and what to do), and when known intrinsics are given for
// photos of another size. Photos that cannot join end up in `unregistered`.
SparseModel reconstruct_sparse(const std::vector<Photo>& photos,
                               const std::vector<ImageFeatures>& features,
                               const std::vector<ImagePairMatches>& pairs,
                               const SfmOptions& options = {});

}  // namespace heritage::capture
