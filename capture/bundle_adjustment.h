// capture/bundle_adjustment.h: private to the sfm stage and to the turntable poses' refinement
// (poses_object_features). Ceres bundle adjustment of cameras and points from their
// observations (robust loss), with intrinsics shared per camera group; and the camera model it
// uses (OpenCV's: pinhole, then k1, k2, p1, p2, k3), for the sfm stage to project and undistort
// with the very same model.
#pragma once
#include <array>
#include <vector>

#include <opencv2/core.hpp>

#include "capture/camera.h"

namespace heritage::capture {

// One intrinsics group: the photos of one camera. Focal, principal point, k1 and k2 may be
// refined; the rest is held as given.
struct BundleCamera {
    std::array<double, 5> intrinsics{};  // focal (fx), cx, cy in pixels; radial k1, k2
    double aspect = 1.0;                 // fy / fx
    double p1 = 0.0;  // tangential and third radial terms: zero for handheld cameras,
    double p2 = 0.0;  // possibly set for a calibrated camera; never refined
    double k3 = 0.0;
    bool refinable = true;  // false: a calibrated camera, held fixed whatever the options say
    bool principal_point_refinable = false;  // the photos can tell it (a wide field of view)

    double focal_px() const { return intrinsics[0]; }
    double cx() const { return intrinsics[1]; }
    double cy() const { return intrinsics[2]; }
    double k1() const { return intrinsics[3]; }
    double k2() const { return intrinsics[4]; }
};

// A calibrated camera's intrinsics as a bundle camera (its distortion's p1, p2, k3 held).
BundleCamera bundle_camera_of(const CameraIntrinsics& intrinsics);

// One photo's pose, cam_from_world: angle-axis rotation then translation.
struct BundlePose {
    std::array<double, 6> rotation_translation{};
    int camera = 0;  // index of its BundleCamera
};

struct BundleScene {
    std::vector<BundleCamera> cameras;
    std::vector<BundlePose> poses;              // one per photo, registered or not
    std::vector<std::array<double, 3>> points;  // world positions
};

// A feature of photo `pose` seen at `observed_px` (distorted, as shot), the image of `point`.
struct BundleObservation {
    int pose = 0;
    int point = 0;
    cv::Point2d observed_px;
    double weight = 1.0;  // multiplies its cost: 1 / variance, for observations of unlike
                          // precision (a board's corners and SIFT features)
};

enum class BundleLoss { huber, cauchy };

struct BundleOptions {
    // Residuals beyond loss_px count less: linearly (Huber: convex, the solver converges in
    // fewer iterations) or ever less (Cauchy: stray observations within the filter's threshold
    // barely pull; the more accurate result).
    BundleLoss loss = BundleLoss::cauchy;
    double loss_px = 1.0;
    int max_iterations = 50;              // Levenberg-Marquardt iterations
    double function_tolerance = 1e-5;     // stop when the cost changes by less than this share
    int threads = 2;                      // the machine's two cores
    bool refine_focal = false;            // of the refinable cameras
    bool refine_principal_point = false;  // of the cameras where it is refinable
    bool refine_distortion = false;       // k1, k2 of the refinable cameras
    std::vector<int> constant_poses;      // poses held as they are (the neighbours of a local
                                          // adjustment)
    std::vector<int> constant_points;     // points held where they are (a board's corners,
                                          // known in the world: they fix its frame and scale)
    int gauge_pose = -1;  // >= 0: held fixed (with scale_pose, removes the free similarity)
    int scale_pose = -1;  // >= 0: its largest translation coordinate is held (fixes the scale)
};

struct BundleSummary {
    int iterations = 0;
    double initial_rms_px = 0.0;  // over the observations, before and after
    double final_rms_px = 0.0;
};

// Refines, in `scene`, the poses and points that `observations` refer to (and the cameras of
// those poses when asked); the rest of the scene is untouched.
BundleSummary adjust_bundle(BundleScene& scene, const std::vector<BundleObservation>& observations,
                            const BundleOptions& options = {});

// Where `point` appears in the photo of `pose` (distorted pixels); `depth` (optional) receives
// its z in the camera (positive in front).
cv::Point2d project(const BundleCamera& camera, const BundlePose& pose,
                    const std::array<double, 3>& point, double* depth = nullptr);

// A distorted pixel back to normalised pinhole coordinates (x / z, y / z in the camera).
cv::Point2d undistort_to_normalised(const BundleCamera& camera, const cv::Point2d& pixel);

// The pose's rotation (cam_from_world) and the camera's centre in the world.
cv::Matx33d rotation_of(const BundlePose& pose);
cv::Vec3d centre_of(const BundlePose& pose);

}  // namespace heritage::capture
