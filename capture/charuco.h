// capture/charuco.h: the OpenCV board a rig describes, and where its corners lie in the world.
// Shared by the poses (detection) and the masks (what the bare board looks like).
#pragma once
#include <opencv2/aruco/charuco.hpp>
#include <opencv2/core.hpp>

#include "capture/rig.h"

namespace heritage::capture {

// The board with the rig's dictionary, squares and sizes in millimetres. Its object points are
// in OpenCV's board frame (origin at a board corner); use world_from_board to reach the world.
cv::Ptr<cv::aruco::CharucoBoard> make_charuco_board(const ChArUcoRig& rig);

// The rigid motion from OpenCV's board frame to the world of camera.h (origin at the board's
// centre, +Z up towards the cameras): x_world = R * x_board + t.
struct BoardPlacement {
    cv::Matx33d rotation;
    cv::Vec3d translation_mm;
};
BoardPlacement world_from_board(const ChArUcoRig& rig);

// The bare board as seen from straight above: `px_per_mm` pixels per millimetre, the world's
// (x, y) = (0, 0) at the image centre, +X to the right, +Y up the image. White 255, black 0.
cv::Mat draw_board_top_view(const ChArUcoRig& rig, double px_per_mm);

}  // namespace heritage::capture
