// capture/capture_report.h: what a capture tells the staff who made it: a Markdown page with
// PNG plots (where the cameras stood, how well each photo fits the board), the photos set aside
// and what to do about them, the stages' times, and the model's size. Kept in the artifact's
// capture/ folder.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "capture/pipeline.h"

namespace heritage::capture {

struct ReportInputs {
    std::string artifact_id;
    const CameraSet* cameras = nullptr;
    const CaptureResult* result = nullptr;
    double max_photo_rms_px = 3.0;  // the poses' limit, drawn on the plot
};

// Files by path relative to the artifact's folder: "capture/report.md",
// "capture/cameras.png", "capture/reprojection.png".
std::vector<std::pair<std::string, std::string>> make_capture_report(const ReportInputs& inputs);

// The camera plot alone (top and side views), as BGR pixels.
cv::Mat plot_camera_positions(const CameraSet& cameras);
// One bar per photo, its board-corner RMS; the limit as a line.
cv::Mat plot_reprojection_errors(const CameraSet& cameras, double max_photo_rms_px);

}  // namespace heritage::capture
