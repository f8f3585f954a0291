// The printable board: OpenCV's ChArUco drawing (opencv_contrib aruco, the pre-4.7 API), placed
// on a page at true scale, with a caption and a 100 mm scale bar to check the print.
#include "capture/board.h"

#include <zlib.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <opencv2/aruco/charuco.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "capture/charuco.h"
#include "exhibit/error.h"

namespace heritage::capture {
namespace {

struct Paper {
    const char* name;
    double width_mm, height_mm;  // portrait
};
constexpr Paper kPapers[] = {{"A4", 210.0, 297.0},
                             {"A3", 297.0, 420.0},
                             {"A2", 420.0, 594.0},
                             {"A1", 594.0, 841.0},  // plotter paper, for large objects (drums)
                             {"A0", 841.0, 1189.0}};
constexpr int kSquaresX = 7;
constexpr int kSquaresY = 10;
constexpr double kCaptionMm = 22.0;  // room under the board for the caption and the scale bar

// PNG bytes with a pHYs chunk (pixels per metre) after IHDR, so that printing at "actual size"
// gives true millimetres.
std::string with_dpi(const std::vector<unsigned char>& png, double dpi) {
    const std::uint32_t per_metre = std::uint32_t(std::lround(dpi / 0.0254));
    unsigned char chunk[21];
    auto put32 = [](unsigned char* at, std::uint32_t value) {
        at[0] = (value >> 24) & 0xFF;
        at[1] = (value >> 16) & 0xFF;
        at[2] = (value >> 8) & 0xFF;
        at[3] = value & 0xFF;
    };
    put32(chunk, 9);  // data length
    std::memcpy(chunk + 4, "pHYs", 4);
    put32(chunk + 8, per_metre);
    put32(chunk + 12, per_metre);
    chunk[16] = 1;  // unit: metre
    put32(chunk + 17, std::uint32_t(crc32(crc32(0, nullptr, 0), chunk + 4, 13)));
    // Signature (8) + IHDR chunk (4 + 4 + 13 + 4 = 25) come first.
    std::string out(reinterpret_cast<const char*>(png.data()), 33);
    out.append(reinterpret_cast<const char*>(chunk), sizeof chunk);
    out.append(reinterpret_cast<const char*>(png.data()) + 33, png.size() - 33);
    return out;
}

}  // namespace

PrintableBoard make_printable_board(const BoardOptions& options) {
    const Paper* paper = nullptr;
    for (const Paper& candidate : kPapers) {
        if (options.paper == candidate.name)
            paper = &candidate;
    }
    if (!paper) {
        throw Error("board: unknown paper \"" + options.paper + "\"; use A4, A3, A2, A1 or A0");
    }
    if (!(options.dpi >= 72.0 && options.dpi <= 1200.0)) {
        throw Error("board: --dpi must be between 72 and 1200");
    }
    // The largest whole-millimetre square for which 7 x 10 squares fit inside the margins.
    const double usable_w = paper->width_mm - 2 * options.margin_mm;
    const double usable_h = paper->height_mm - 2 * options.margin_mm - kCaptionMm;
    double square_mm = options.square_mm;
    if (square_mm <= 0.0)
        square_mm = std::floor(std::min(usable_w / kSquaresX, usable_h / kSquaresY));
    if (square_mm * kSquaresX > usable_w + 1e-9 || square_mm * kSquaresY > usable_h + 1e-9 ||
        square_mm < 5.0) {
        throw Error("board: " + std::to_string(kSquaresX) + " x " + std::to_string(kSquaresY) +
                    " squares of " + std::to_string(int(square_mm)) + " mm do not fit on " +
                    options.paper + "; choose a larger paper or smaller squares");
    }
    PrintableBoard board;
    board.rig.dictionary = options.dictionary;
    board.rig.squares_x = kSquaresX;
    board.rig.squares_y = kSquaresY;
    board.rig.square_mm = square_mm;
    board.rig.marker_mm = std::round(square_mm * 0.75 * 2.0) / 2.0;  // to half a millimetre
    board.rig.paper = options.paper;
    check(board.rig);

    // Whole pixels per square, so every square prints the same size.
    const double px_per_mm = options.dpi / 25.4;
    const int square_px = int(std::lround(square_mm * px_per_mm));
    board.width_px = int(std::lround(paper->width_mm * px_per_mm));
    board.height_px = int(std::lround(paper->height_mm * px_per_mm));
    cv::Mat page(board.height_px, board.width_px, CV_8UC1, cv::Scalar(255));

    const cv::Ptr<cv::aruco::CharucoBoard> charuco = make_charuco_board(board.rig);
    cv::Mat drawn;
    charuco->draw(cv::Size(kSquaresX * square_px, kSquaresY * square_px), drawn, 0, 1);
    const int left = (board.width_px - drawn.cols) / 2;
    const int top = int(std::lround(options.margin_mm * px_per_mm));
    drawn.copyTo(page(cv::Rect(left, top, drawn.cols, drawn.rows)));

    // Under the board: what it is, how to print it, and a 100 mm bar to check the scale.
    const int text_y = top + drawn.rows + int(std::lround(7.0 * px_per_mm));
    const double font_scale = px_per_mm * 0.12;
    char caption[256];
    std::snprintf(caption, sizeof caption,
                  "Heritage3D ChArUco %s  %dx%d squares of %.0f mm, markers %.1f mm (%s)",
                  options.paper.c_str(), kSquaresX, kSquaresY, square_mm, board.rig.marker_mm,
                  options.dictionary.c_str());
    cv::putText(page, caption, {left, text_y}, cv::FONT_HERSHEY_SIMPLEX, font_scale, 0,
                std::max(1, int(px_per_mm * 0.2)), cv::LINE_AA);
    cv::putText(page, "Print at 100% (actual size). The bar is 100 mm: measure it, then lay flat.",
                {left, text_y + int(std::lround(5.0 * px_per_mm))}, cv::FONT_HERSHEY_SIMPLEX,
                font_scale, 0, std::max(1, int(px_per_mm * 0.2)), cv::LINE_AA);
    const int bar_y = text_y + int(std::lround(8.0 * px_per_mm));
    const int bar_px = int(std::lround(100.0 * px_per_mm));
    cv::rectangle(page, cv::Rect(left, bar_y, bar_px, int(std::lround(1.5 * px_per_mm))), 0,
                  cv::FILLED);
    for (int mm = 0; mm <= 100; mm += 10) {
        const int x = left + int(std::lround(mm * px_per_mm));
        cv::line(page, {x, bar_y}, {x, bar_y + int(std::lround(3.0 * px_per_mm))}, 0,
                 std::max(1, int(px_per_mm * 0.25)));
    }

    std::vector<unsigned char> png;
    cv::imencode(".png", page, png);
    board.png = with_dpi(png, options.dpi);
    return board;
}

}  // namespace heritage::capture
