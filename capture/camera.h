// capture/camera.h: the cameras of a photo set, as every stage after the poses sees them.
//
// Conventions, for every stage:
// - The world is the board's frame, in millimetres: the origin at the centre of the board,
//   +X along the board's squares_x direction, +Y along squares_y, +Z up out of the board towards
//   the cameras. An object on the board stands at Z >= 0. (Known cameras keep their own frame,
//   scaled to millimetres.)
// - A pose is cam_from_world: x_cam = rotation * x_world + translation_mm (OpenCV's camera:
//   +X right, +Y down, +Z forward).
// - After the poses stage every photo is undistorted (`CameraView::image_file` is the
//   undistorted copy), so the later stages use a pinhole camera with no distortion.
#pragma once
#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace heritage::capture {

struct CameraIntrinsics {
    int width_px = 0;
    int height_px = 0;
    double fx = 0.0;  // focal length in pixels
    double fy = 0.0;
    double cx = 0.0;  // principal point in pixels
    double cy = 0.0;
    std::array<double, 5> distortion{};  // OpenCV's k1, k2, p1, p2, k3; zero once undistorted

    cv::Matx33d matrix() const;  // K
    // K of the image resized to `size` (pixel centres kept: u' + 0.5 = (u + 0.5) * scale).
    cv::Matx33d matrix_at(cv::Size size) const;
};

struct CameraPose {
    cv::Matx33d rotation = cv::Matx33d::eye();  // cam_from_world
    cv::Vec3d translation_mm{0.0, 0.0, 0.0};

    cv::Vec3d center_mm() const;  // the camera's centre in the world: -R^T t
    cv::Vec3d to_camera(const cv::Vec3d& world_mm) const;
};

// The camera at `eye_mm` looking at `target_mm`, the world's +Z up in the picture (straight
// down or up: +X to the right).
CameraPose look_at(const cv::Vec3d& eye_mm, const cv::Vec3d& target_mm);

// One photo with its camera, as the stages after the poses use it.
struct CameraView {
    std::filesystem::path photo_file;  // the original photo (for the report)
    std::filesystem::path image_file;  // the image the later stages read (undistorted)
    CameraIntrinsics intrinsics;
    CameraPose cam_from_world;
    double reprojection_rms_px = 0.0;  // of the board corners, after refinement; 0 if given
    int board_corners = 0;             // ChArUco corners found; 0 if cameras were given

    // Pixel coordinates of a world point (pinhole, no distortion); z_cam > 0 is in front.
    cv::Vec2d project(const cv::Vec3d& world_mm, double* z_cam = nullptr) const;
};

struct CameraSet {
    std::string method;  // "turntable-charuco", "known-cameras", "handheld-sfm"
    std::vector<CameraView> views;
    double reprojection_rms_px = 0.0;  // over the whole set, after the joint refinement
};

// cameras.json (our format; see docs/capture-pipeline.md): written atomically, read with every
// problem named (file: field: what to do). Paths are stored relative to the file's folder.
void write_cameras(const std::filesystem::path& file, const CameraSet& cameras);
// The same text, with paths relative to `folder`: where the file will be read from (a
// package's capture/ folder, written there later).
std::string cameras_json(const CameraSet& cameras, const std::filesystem::path& folder);
CameraSet read_cameras(const std::filesystem::path& file);

// Middlebury's multi-view format (`temple_par.txt`): a count, then per line
// "name.png k11 k12 k13 k21 k22 k23 k31 k32 k33 r11 ... r33 t1 t2 t3", with the world in metres
// (scaled here to mm). `image_folder` is where the named images are. Throws heritage::Error
// naming the line and what is wrong.
CameraSet read_middlebury_cameras(const std::filesystem::path& par_file,
                                  const std::filesystem::path& image_folder);

// Strecha's format (EPFL's fountain-P11, Herz-Jesu-P8, ...): one file NAME.camera per photo
// NAME (e.g. `0000.jpg.camera` for `0000.jpg`), nine lines: K (3 rows), the radial distortion
// (k1 k2 k3, stored as OpenCV's k1, k2, k3), R (3 rows, camera-to-world: x_cam = R^T (X - C)),
// the centre C in metres (scaled here to mm), then "width height". The views are in file-name
// order; `image_folder` is where the named photos are (they are not opened: the size is in the
// file). Throws heritage::Error naming the file, the line and what is wrong.
CameraSet read_strecha_cameras(const std::filesystem::path& camera_folder,
                               const std::filesystem::path& image_folder);

// For known cameras with no board: moves the world (every pose; the intrinsics stay) so that
// +Z is up and the origin is the point closest to all optical axes in the least-squares sense,
// i.e. the middle of what the cameras look at. Up is the axis of the ring when the camera
// centres lie near one plane (a turntable, a gantry ring; its sign from the cameras' own up if
// that is near the axis, else so that the cameras look down), otherwise the direction most
// nearly perpendicular to every camera's X axis (cameras held level, however pitched), or where
// that is undetermined the mean of the cameras' up directions (-Y of each camera in the world;
// a camera upside down relative to most others counted turned back). +X is the old X made level.
// Units are kept. Unlike a board capture, the object then straddles Z = 0 rather than standing on
// it.
void align_world_to_cameras(CameraSet& cameras);

// The point nearest every camera's optical axis in the least-squares sense: the middle of what
// the cameras look at. With parallel axes the least-norm answer.
cv::Vec3d point_nearest_axes(const CameraSet& cameras);

}  // namespace heritage::capture
