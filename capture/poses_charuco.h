// capture/poses_charuco.h: stage 2 of a turntable capture: the camera's intrinsics and
// distortion from all photos of the board, then each photo's pose, refined jointly (Ceres) so
// that the board's corners reproject best; the world in millimetres (see camera.h).
#pragma once
#include <vector>

#include "capture/camera.h"
#include "capture/ingest.h"
#include "capture/rig.h"

namespace heritage::capture {

struct PoseOptions {
    int min_corners = 8;            // ChArUco corners a photo needs to be posed; where it has
                                    // fewer (the object hides the board's middle), the centres
                                    // of its markers count too, at half weight
    int min_posed_photos = 6;       // fewer posed photos: the capture stops with an error
    double max_photo_rms_px = 3.0;  // a photo whose corners reproject worse is set aside
                                    // (the board moved, or the photo is blurred)
    bool refine_jointly = true;     // Ceres: intrinsics, distortion and poses together
    bool refine_principal_point = true;
    int distortion_terms = 2;     // 0 (none), 2 (k1, k2), 3 (k1, k2, k3). The board covers
                                  // the middle of turntable photos, where k3 cannot be told
                                  // from k1, k2: fitted, it runs wild at the photos' edges
                                  // (tangential p1, p2 stay zero)
    double max_side_px = 2400.0;  // detection runs on photos scaled to at most this side
};

// Throws heritage::Error naming the out-of-range field.
void check(const PoseOptions& options);

// The board's chessboard corners a photo shows: where they are in the world and in the photo.
struct BoardCornerSightings {
    std::vector<cv::Point3d> world_mm;
    std::vector<cv::Point2d> photo_px;  // as shot (distorted)
};

struct PoseResult {
    CameraSet cameras;  // method "turntable-charuco"; image_file == photo_file
                        // (undistort_views makes the undistorted copies)
    std::vector<BoardCornerSightings> corners;  // per view of `cameras` (markers' centres,
                                                // less precise, not among them)
    std::vector<PhotoIssue> rejected;           // photos with no board, too few corners, poor fit
};

// Throws heritage::Error (naming the photos and what to do) when the photos differ in size or
// camera, when the board is found in too few photos, or when what is found does not match the
// rig (wrong dictionary, wrong number of squares, wrong sizes).
PoseResult estimate_poses_charuco(const std::vector<Photo>& photos, const ChArUcoRig& rig,
                                  const PoseOptions& options = {});

}  // namespace heritage::capture
