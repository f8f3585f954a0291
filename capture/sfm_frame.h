// capture/sfm_frame.h: handheld stage 2d: puts the structure-from-motion model (arbitrary frame
// and scale) into the world every later stage expects (camera.h): +Z up, the origin where the
// cameras look, millimetres. The scale comes from a printed board seen in some photos, or from
// two points a known distance apart marked in one photo; with neither, the model keeps a
// plausible size and its dimensions are marked as not measured.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "capture/features.h"
#include "capture/rig.h"
#include "capture/sfm.h"

namespace heritage::capture {

// Two points in one photo (its pixels as shot) that lie `distance_mm` apart on the object or
// beside it (a ruler's marks, a label's corners).
struct ScaleBar {
    std::filesystem::path photo;  // the photo's file name (or path)
    cv::Point2d first_px{0.0, 0.0};
    cv::Point2d second_px{0.0, 0.0};
    double distance_mm = 0.0;
};

struct FrameOptions {
    std::optional<ScaleBar> scale_bar;
    std::optional<ChArUcoRig> board;           // a printed board lying in some of the photos
    double unscaled_camera_distance_mm = 500;  // no scale: cameras this far from the object
                                               // on average (arm's length)
    int min_board_corners = 6;                 // board corners seen in two photos or more that
                                               // a board scale needs
};

struct FrameResult {
    bool metric = false;       // true when a board or a scale bar gave the scale
    std::string scale_source;  // "board in 5 photos, 48 corners", "scale bar in IMG_1.jpg", ""
    double scale_spread_percent = 0.0;  // board: spread of the corner distances' ratios
};

// Moves and scales `model` (its cameras and points) in place. Throws heritage::Error when a
// scale bar's photo is not among the registered photos or its points lie outside it, or when a
// board is asked for and too few of its corners are found.
FrameResult place_sparse_model(SparseModel& model, const std::vector<ImageFeatures>& features,
                               const FrameOptions& options = {});

}  // namespace heritage::capture
