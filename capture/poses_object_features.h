// capture/poses_object_features.h: turntable stage 2, second step: the board's poses refined
// with the object's own features. A large object hides most of the board (a bronze drum on an
// A0 board leaves 8 of its 54 corners in a low photo), and a pose from a few corners in one
// part of the photo is off by a few tenths of a degree. The object's SIFT features, matched
// between photos taken from nearby directions and triangulated with the board's poses, tie
// every photo to its neighbours; one bundle adjustment, the board's corners held where the rig
// says they are (they keep the world's frame and millimetres), refines every pose and the
// camera together.
#pragma once
#include <vector>

#include "capture/camera.h"
#include "capture/features.h"
#include "capture/matching.h"
#include "capture/poses_charuco.h"

namespace heritage::capture {

struct ObjectFeaturePoseOptions {
    bool enabled = true;
    int neighbours = 4;  // each photo's features matched with those of this many photos taken
                         // from the nearest directions
    FeatureOptions features{1200.0, 4000};  // detection at most 1200 px on the long side, the
                                            // 4000 strongest: enough to tie the poses, fast
    MatchOptions matching;
    double max_reprojection_px = 1.5;    // an object point keeps the photos that see it within
                                         // this, before and after the adjustment
    double min_triangulation_deg = 2.0;  // a point's widest angle between its rays, at least
};

// Throws heritage::Error naming the out-of-range field.
void check(const ObjectFeaturePoseOptions& options);

struct ObjectFeaturePoseSummary {
    int object_points = 0;        // triangulated and kept
    int object_observations = 0;  // their sightings in the photos
    double object_rms_px = 0.0;   // their reprojection error after the adjustment
    double board_rms_px = 0.0;    // the board's corners', after the adjustment
};

// Refines `cameras` (one camera shared by every view, as estimate_poses_charuco makes them) in
// place; `corners` holds each view's board corners. Photos that cannot be read, or whose
// features match no neighbour, keep the board's pose. With too few object points to help (a
// plain, textureless object) nothing changes.
ObjectFeaturePoseSummary refine_poses_with_object_features(
    CameraSet& cameras, const std::vector<BoardCornerSightings>& corners,
    const ObjectFeaturePoseOptions& options = {});

}  // namespace heritage::capture
