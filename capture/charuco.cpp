// The OpenCV ChArUco board a rig describes (the pre-4.7 aruco API), and where it lies in the
// world of camera.h.
#include "capture/charuco.h"

#include <cassert>
#include <cmath>
#include <opencv2/core/utility.hpp>

namespace heritage::capture {
namespace {

cv::aruco::PREDEFINED_DICTIONARY_NAME dictionary_id(const std::string& name) {
    if (name == "DICT_4X4_250")
        return cv::aruco::DICT_4X4_250;
    if (name == "DICT_6X6_250")
        return cv::aruco::DICT_6X6_250;
    assert(name == "DICT_5X5_250" && "check(ChArUcoRig) admits only these three");
    return cv::aruco::DICT_5X5_250;
}

// One marker of the board: its top-left corner in the board frame and its cells (the marker's
// bits with their one-cell black border), row 0 at the board frame's smaller y.
struct MarkerCells {
    cv::Point2d top_left_mm;
    cv::Mat cells;  // (bits + 2) x (bits + 2), 0 or 255
};

}  // namespace

cv::Ptr<cv::aruco::CharucoBoard> make_charuco_board(const ChArUcoRig& rig) {
    const cv::Ptr<cv::aruco::Dictionary> dictionary =
        cv::aruco::getPredefinedDictionary(dictionary_id(rig.dictionary));
    return cv::aruco::CharucoBoard::create(rig.squares_x, rig.squares_y, float(rig.square_mm),
                                           float(rig.marker_mm), dictionary);
}

// OpenCV 4.6's board frame (checked by detecting a drawn board, see charuco_test): the origin at
// the top-left corner of the board as CharucoBoard::draw draws it, +x to the right along the
// squares_x direction, +y DOWN the drawn image along squares_y, and therefore +z INTO the board,
// away from a camera that sees the printed side. The world keeps +x, and turns the board half
// a turn about x so that +Z points out of the printed side towards the cameras (+Y is then up
// the drawn image), with the origin moved to the board's centre:
//   x_world = ( x_board - W/2,  H/2 - y_board,  -z_board ).
BoardPlacement world_from_board(const ChArUcoRig& rig) {
    const double width_mm = rig.squares_x * rig.square_mm;
    const double height_mm = rig.squares_y * rig.square_mm;
    BoardPlacement placement;
    placement.rotation = cv::Matx33d(1, 0, 0, 0, -1, 0, 0, 0, -1);
    placement.translation_mm = cv::Vec3d(-width_mm / 2.0, height_mm / 2.0, 0.0);
    return placement;
}

cv::Mat draw_board_top_view(const ChArUcoRig& rig, double px_per_mm) {
    assert(px_per_mm > 0.0);
    const cv::Ptr<cv::aruco::CharucoBoard> board = make_charuco_board(rig);
    const double width_mm = rig.squares_x * rig.square_mm;
    const double height_mm = rig.squares_y * rig.square_mm;
    const int width_px = std::max(1, int(std::lround(width_mm * px_per_mm)));
    const int height_px = std::max(1, int(std::lround(height_mm * px_per_mm)));

    // Each marker's cells, looked up by the square it sits in.
    const int cells = board->dictionary->markerSize + 2;
    std::vector<MarkerCells> marker_in_square(size_t(rig.squares_x * rig.squares_y));
    for (size_t i = 0; i < board->ids.size(); ++i) {
        const cv::Point3f top_left = board->objPoints[i][0];
        const int square_x = int(std::floor(top_left.x / rig.square_mm));
        const int square_y = int(std::floor(top_left.y / rig.square_mm));
        MarkerCells& marker = marker_in_square[size_t(square_y * rig.squares_x + square_x)];
        marker.top_left_mm = {top_left.x, top_left.y};
        board->dictionary->drawMarker(board->ids[i], cells, marker.cells, 1);
    }
    // The square (0, 0) at the board frame's origin is black when it holds no marker.
    const bool first_square_black = marker_in_square[0].cells.empty();

    // The board frame's colour at (x, y) mm: 0 or 255.
    const double cell_mm = rig.marker_mm / cells;
    auto colour_at = [&](double x, double y) -> int {
        const int square_x = std::clamp(int(std::floor(x / rig.square_mm)), 0, rig.squares_x - 1);
        const int square_y = std::clamp(int(std::floor(y / rig.square_mm)), 0, rig.squares_y - 1);
        const bool black = ((square_x + square_y) % 2 == 0) == first_square_black;
        if (black)
            return 0;
        const MarkerCells& marker = marker_in_square[size_t(square_y * rig.squares_x + square_x)];
        if (marker.cells.empty())
            return 255;
        const int column = int(std::floor((x - marker.top_left_mm.x) / cell_mm));
        const int row = int(std::floor((y - marker.top_left_mm.y) / cell_mm));
        if (column < 0 || row < 0 || column >= cells || row >= cells)
            return 255;
        return marker.cells.at<unsigned char>(row, column);
    };

    // 4 x 4 samples a pixel, so edges are anti-aliased where they truly lie. Pixel (c, r) covers
    // world x in [(c - w/2), (c + 1 - w/2)] / px_per_mm, world y downwards from h/2 / px_per_mm;
    // in the board frame x_board = x_world + W/2, y_board = H/2 - y_world.
    constexpr int kSamples = 4;
    const double offset_x_mm = width_mm / 2.0 - width_px / 2.0 / px_per_mm;
    const double offset_y_mm = height_mm / 2.0 - height_px / 2.0 / px_per_mm;
    cv::Mat image(height_px, width_px, CV_8UC1);
    cv::parallel_for_(cv::Range(0, height_px), [&](const cv::Range& rows) {
        for (int row = rows.start; row < rows.end; ++row) {
            unsigned char* out = image.ptr<unsigned char>(row);
            for (int column = 0; column < width_px; ++column) {
                int sum = 0;
                for (int sy = 0; sy < kSamples; ++sy) {
                    const double y = offset_y_mm + (row + (sy + 0.5) / kSamples) / px_per_mm;
                    for (int sx = 0; sx < kSamples; ++sx) {
                        const double x = offset_x_mm + (column + (sx + 0.5) / kSamples) / px_per_mm;
                        sum += colour_at(x, y);
                    }
                }
                out[column] = static_cast<unsigned char>((sum + kSamples * kSamples / 2) /
                                                         (kSamples * kSamples));
            }
        }
    });
    return image;
}

}  // namespace heritage::capture
