#include "capture/capture_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace heritage::capture {

namespace {

const cv::Scalar kInk(40, 40, 40);
const cv::Scalar kGrid(220, 220, 220);
const cv::Scalar kCamera(180, 110, 30);  // BGR: a blue
const cv::Scalar kGood(90, 160, 60);
const cv::Scalar kPoor(40, 60, 200);

void label(cv::Mat& image, const std::string& text, cv::Point at, double scale = 0.5) {
    cv::putText(image, text, at, cv::FONT_HERSHEY_SIMPLEX, scale, kInk, 1, cv::LINE_AA);
}

std::string format(const char* pattern, double value) {
    char text[64];
    std::snprintf(text, sizeof text, pattern, value);
    return text;
}

std::string png(const cv::Mat& image) {
    std::vector<unsigned char> bytes;
    cv::imencode(".png", image, bytes);
    return std::string(bytes.begin(), bytes.end());
}

// A square panel mapping world (a, b) in mm to pixels, with the origin marked.
struct Panel {
    cv::Rect area;
    double centre_a = 0.0, centre_b = 0.0, mm_per_px = 1.0;

    cv::Point to_pixel(double a, double b) const {
        return {
            area.x + area.width / 2 + static_cast<int>(std::lround((a - centre_a) / mm_per_px)),
            area.y + area.height / 2 - static_cast<int>(std::lround((b - centre_b) / mm_per_px))};
    }
};

Panel fit_panel(cv::Rect area, const std::vector<cv::Point2d>& points) {
    double min_a = 0, max_a = 0, min_b = 0, max_b = 0;  // always show the origin
    for (const cv::Point2d& p : points) {
        min_a = std::min(min_a, p.x), max_a = std::max(max_a, p.x);
        min_b = std::min(min_b, p.y), max_b = std::max(max_b, p.y);
    }
    Panel panel;
    panel.area = area;
    panel.centre_a = (min_a + max_a) / 2, panel.centre_b = (min_b + max_b) / 2;
    const double span = std::max({max_a - min_a, max_b - min_b, 1.0});
    panel.mm_per_px = span / (std::min(area.width, area.height) * 0.8);
    return panel;
}

void draw_panel(cv::Mat& image, const Panel& panel, const CameraSet& cameras, bool top_view,
                const std::string& title) {
    cv::rectangle(image, panel.area, kGrid, 1);
    label(image, title, {panel.area.x + 8, panel.area.y + 20});
    const cv::Point origin = panel.to_pixel(0, 0);
    cv::drawMarker(image, origin, kInk, cv::MARKER_CROSS, 14, 1);
    for (std::size_t i = 0; i < cameras.views.size(); ++i) {
        const CameraView& view = cameras.views[i];
        const cv::Vec3d centre = view.cam_from_world.center_mm();
        const cv::Vec3d forward = view.cam_from_world.rotation.t() * cv::Vec3d(0, 0, 1);
        const double radial = std::hypot(centre[0], centre[1]);
        const cv::Point2d at =
            top_view ? cv::Point2d(centre[0], centre[1]) : cv::Point2d(radial, centre[2]);
        const cv::Point2d towards =
            top_view ? cv::Point2d(forward[0], forward[1])
                     : cv::Point2d((centre[0] * forward[0] + centre[1] * forward[1]) /
                                       std::max(radial, 1e-9),
                                   forward[2]);
        const cv::Point p = panel.to_pixel(at.x, at.y);
        const cv::Point q(p.x + static_cast<int>(towards.x * 18),
                          p.y - static_cast<int>(towards.y * 18));
        cv::arrowedLine(image, p, q, kCamera, 1, cv::LINE_AA, 0, 0.3);
        cv::circle(image, p, 4, kCamera, cv::FILLED, cv::LINE_AA);
        label(image, std::to_string(i + 1), {p.x + 5, p.y - 5}, 0.35);
    }
}

}  // namespace

cv::Mat plot_camera_positions(const CameraSet& cameras) {
    cv::Mat image(460, 920, CV_8UC3, cv::Scalar(255, 255, 255));
    std::vector<cv::Point2d> top, side;
    for (const CameraView& view : cameras.views) {
        const cv::Vec3d c = view.cam_from_world.center_mm();
        top.emplace_back(c[0], c[1]);
        side.emplace_back(std::hypot(c[0], c[1]), c[2]);
    }
    draw_panel(image, fit_panel({10, 10, 440, 440}, top), cameras, true,
               cameras.method == "turntable-charuco" ? "from above (X, Y mm); + = board centre"
                                                     : "from above (X, Y mm); + = the object");
    draw_panel(image, fit_panel({470, 10, 440, 440}, side), cameras, false,
               "from the side (distance from axis, height mm)");
    return image;
}

cv::Mat plot_reprojection_errors(const CameraSet& cameras, double max_photo_rms_px) {
    const int count = static_cast<int>(cameras.views.size());
    const int bar = std::clamp(860 / std::max(count, 1), 4, 40);
    cv::Mat image(320, std::max(400, 60 + bar * count + 20), CV_8UC3, cv::Scalar(255, 255, 255));
    double top = max_photo_rms_px * 1.2;
    for (const CameraView& view : cameras.views)
        top = std::max(top, view.reprojection_rms_px * 1.1);
    const int base = 280, height = 240;
    auto y_of = [&](double value) { return base - static_cast<int>(value / top * height); };
    for (int tick = 0; tick <= 4; ++tick) {
        const double value = top * tick / 4;
        cv::line(image, {55, y_of(value)}, {image.cols - 10, y_of(value)}, kGrid, 1);
        label(image, format("%.2f", value), {5, y_of(value) + 4}, 0.4);
    }
    for (int i = 0; i < count; ++i) {
        const double rms = cameras.views[static_cast<std::size_t>(i)].reprojection_rms_px;
        const cv::Scalar colour = rms > max_photo_rms_px * 0.5 ? kPoor : kGood;
        cv::rectangle(image, {60 + i * bar + 1, y_of(rms)}, {60 + (i + 1) * bar - 2, base}, colour,
                      cv::FILLED);
        if (bar >= 14 || i % 5 == 4)
            label(image, std::to_string(i + 1), {60 + i * bar, base + 16}, 0.35);
    }
    cv::line(image, {55, y_of(max_photo_rms_px)}, {image.cols - 10, y_of(max_photo_rms_px)}, kPoor,
             1, cv::LINE_AA);
    label(image,
          cameras.method == "handheld-sfm" ? "feature-point RMS per photo (px); red line: limit"
                                           : "board-corner RMS per photo (px); red line: limit",
          {60, 22});
    return image;
}

std::vector<std::pair<std::string, std::string>> make_capture_report(const ReportInputs& inputs) {
    assert(inputs.cameras && inputs.result);
    const CameraSet& cameras = *inputs.cameras;
    const CaptureResult& result = *inputs.result;
    std::ostringstream md;
    md << "# Capture report: " << inputs.artifact_id << "\n\n";
    md << "| | |\n|---|---|\n";
    md << "| method | " << cameras.method << " |\n";
    md << "| photos | " << result.photos_used << " used of " << result.photos_found << " found |\n";
    const bool handheld = cameras.method == "handheld-sfm";
    if (cameras.reprojection_rms_px > 0)
        md << "| reprojection error | " << format("%.2f", cameras.reprojection_rms_px)
           << (handheld ? " px RMS (feature points, after bundle adjustment) |\n"
                        : " px RMS (board corners, after the joint refinement) |\n");
    if (handheld) {
        md << "| sparse points | " << result.sparse_points << ", seen in "
           << format("%.1f", result.mean_track_length) << " photos each on average |\n";
        md << "| scale | "
           << (result.metric ? "from the " + result.scale_source
                             : std::string("not measured (no board or scale bar in the photos): "
                                           "the size is an estimate"))
           << " |\n";
    }
    if (!cameras.views.empty()) {
        const CameraIntrinsics& k = cameras.views.front().intrinsics;
        md << "| camera | " << k.width_px << " x " << k.height_px << " px, focal "
           << format("%.1f", k.fx) << " px |\n";
    }
    md << "| model size | " << format("%.1f", result.size_mm[0]) << " x "
       << format("%.1f", result.size_mm[1]) << " mm, " << format("%.1f", result.size_mm[2])
       << " mm high |\n";
    md << "| triangles | " << result.triangles << " |\n\n";

    md << "## Photos to retake or leave out\n\n";
    if (result.rejected.empty()) {
        md << "None: every photo was used.\n\n";
    } else {
        md << "| photo | why | what to do |\n|---|---|---|\n";
        for (const PhotoIssue& issue : result.rejected)
            md << "| " << issue.file.filename().string() << " | " << issue.reason << " | "
               << issue.advice << " |\n";
        md << "\n";
    }

    md << "## Cameras\n\n![Camera positions](cameras.png)\n\n";
    if (cameras.reprojection_rms_px > 0) {
        md << "![Reprojection error per photo](reprojection.png)\n\n";
        md << (handheld ? "| # | photo | RMS (px) |\n|---|---|---|\n"
                        : "| # | photo | board corners | RMS (px) |\n|---|---|---|---|\n");
        for (std::size_t i = 0; i < cameras.views.size(); ++i) {
            const CameraView& view = cameras.views[i];
            md << "| " << i + 1 << " | " << view.photo_file.filename().string() << " | ";
            if (!handheld)
                md << view.board_corners << " | ";
            md << format("%.2f", view.reprojection_rms_px) << " |\n";
        }
        md << "\n";
    }

    md << "## Stages\n\n| stage | result | time |\n|---|---|---|\n";
    for (const StageReport& stage : result.stages)
        md << "| " << stage.name << " | " << stage.summary << " | "
           << (stage.cached ? std::string("cached") : format("%.1f s", stage.seconds)) << " |\n";

    std::vector<std::pair<std::string, std::string>> files;
    files.emplace_back("capture/report.md", md.str());
    files.emplace_back("capture/cameras.png", png(plot_camera_positions(cameras)));
    if (cameras.reprojection_rms_px > 0)
        files.emplace_back("capture/reprojection.png",
                           png(plot_reprojection_errors(cameras, inputs.max_photo_rms_px)));
    return files;
}

}  // namespace heritage::capture
