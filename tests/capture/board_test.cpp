// The printable ChArUco board: OpenCV finds every marker and corner of what we print, at the
// size the rig says, and the PNG carries its DPI so it prints at true scale.
#include "capture/board.h"

#include <catch2/catch.hpp>
#include <opencv2/aruco/charuco.hpp>
#include <opencv2/imgcodecs.hpp>

#include "exhibit/error.h"
#include "tests/support/test_support.h"

using namespace heritage;
using namespace heritage::capture;

TEST_CASE("a printed board is found whole by OpenCV, at its true size",
          "[capture][board][issue-5]") {
    BoardOptions options;
    options.paper = "A4";
    options.dpi = 150.0;
    const PrintableBoard board = make_printable_board(options);
    CHECK(board.rig.squares_x == 7);
    CHECK(board.rig.squares_y == 10);
    CHECK(board.rig.square_mm == 24.0);  // A4 minus 15 mm margins and the caption
    CHECK(board.rig.marker_mm == 18.0);
    CHECK(board.width_px == 1240);  // 210 mm at 150 dpi
    CHECK(board.height_px == 1754);

    // pHYs: 150 dpi = 5906 pixels per metre, right after IHDR.
    REQUIRE(board.png.size() > 60);
    CHECK(board.png.substr(37, 4) == "pHYs");

    const std::vector<unsigned char> bytes(board.png.begin(), board.png.end());
    const cv::Mat page = cv::imdecode(bytes, cv::IMREAD_GRAYSCALE);
    REQUIRE(page.cols == board.width_px);
    const cv::Ptr<cv::aruco::Dictionary> dictionary =
        cv::aruco::getPredefinedDictionary(cv::aruco::DICT_5X5_250);
    std::vector<std::vector<cv::Point2f>> markers;
    std::vector<int> ids;
    cv::aruco::detectMarkers(page, dictionary, markers, ids);
    CHECK(ids.size() == 35);  // half of the 70 squares hold a marker
    const cv::Ptr<cv::aruco::CharucoBoard> charuco = cv::aruco::CharucoBoard::create(
        7, 10, float(board.rig.square_mm), float(board.rig.marker_mm), dictionary);
    std::vector<cv::Point2f> corners;
    std::vector<int> corner_ids;
    cv::aruco::interpolateCornersCharuco(markers, ids, page, charuco, corners, corner_ids);
    REQUIRE(corners.size() == 54);  // every inner corner: 6 x 9
    // Neighbouring corners are one square apart: 24 mm at 150 dpi = 141.7 px.
    const double px_per_square = 24.0 * 150.0 / 25.4;
    for (std::size_t i = 0; i + 1 < corners.size(); ++i) {
        if (corner_ids[i + 1] == corner_ids[i] + 1 && corner_ids[i] % 6 != 5) {
            CHECK(cv::norm(corners[i + 1] - corners[i]) == Approx(px_per_square).margin(1.0));
        }
    }
}

TEST_CASE("the rig is written beside the board and read back", "[capture][board][issue-5]") {
    const auto folder = test::make_temp_dir("rig");
    const PrintableBoard board = make_printable_board({});
    write_rig(folder / "rig.json", board.rig);
    const ChArUcoRig rig = read_rig(folder / "rig.json");
    CHECK(rig.squares_x == board.rig.squares_x);
    CHECK(rig.square_mm == board.rig.square_mm);
    CHECK(rig.marker_mm == board.rig.marker_mm);
    CHECK(rig.paper == "A3");
    CHECK(rig.square_mm == 36.0);  // A3: (420 - 2 x 15 - 22) mm / 10 squares, rounded down

    test::write_text(folder / "bad.json",
                     "{\"type\": \"charuco\", \"dictionary\": \"DICT_5X5_250\", "
                     "\"squares_x\": 7, \"squares_y\": 10, \"square_mm\": 20, "
                     "\"marker_mm\": 25}");
    CHECK_THROWS_WITH(read_rig(folder / "bad.json"),
                      (folder / "bad.json").string() +
                          ": square_mm and marker_mm must be positive, the marker smaller than "
                          "the square; measure the printed board and correct rig.json");
}

TEST_CASE("a paper the board cannot be printed on is refused", "[capture][board][issue-5]") {
    BoardOptions options;
    options.paper = "Letter";
    CHECK_THROWS_WITH(make_printable_board(options),
                      "board: unknown paper \"Letter\"; use A4, A3, A2, A1 or A0");
    options.paper = "A4";
    options.square_mm = 40.0;
    CHECK_THROWS_WITH(make_printable_board(options),
                      "board: 7 x 10 squares of 40 mm do not fit on A4; choose a larger paper or "
                      "smaller squares");
}
