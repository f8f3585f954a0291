// Stage 1, ingest: every bad photo the turntable issue names is set aside with its reason; the
// real Middlebury rings (dark backdrops, a textureless dino) pass whole.
#include "capture/ingest.h"

#include <catch2/catch.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "exhibit/error.h"
#include "tests/support/test_support.h"

using namespace heritage;
using namespace heritage::capture;
namespace fs = std::filesystem;
namespace test = heritage::test;

namespace {

// A detailed, deterministic "photo": an object of shapes and texture on a grey backdrop.
cv::Mat synthetic_photo(int seed) {
    cv::Mat image(600, 800, CV_8UC3, cv::Scalar(120, 120, 120));
    cv::RNG rng{std::uint64_t(seed) + 1};
    for (int i = 0; i < 400; ++i) {
        const cv::Point center(rng.uniform(150, 650), rng.uniform(100, 500));
        cv::circle(image, center, rng.uniform(3, 25),
                   cv::Scalar(rng.uniform(20, 230), rng.uniform(20, 230), rng.uniform(20, 230)),
                   cv::FILLED, cv::LINE_AA);
    }
    return image;
}

std::string reason_of(const IngestResult& result, const std::string& name) {
    for (const PhotoIssue& issue : result.rejected) {
        if (issue.file.filename() == name)
            return issue.reason + " | " + issue.advice;
    }
    return "";
}

}  // namespace

TEST_CASE("blurred, badly exposed, duplicated, tiny and unreadable photos are set aside",
          "[capture][ingest][issue-5]") {
    const fs::path folder = test::make_temp_dir("ingest");
    for (int i = 0; i < 5; ++i) {
        cv::imwrite((folder / ("photo-" + std::to_string(i) + ".png")).string(),
                    synthetic_photo(i));
    }
    cv::Mat blurred;
    cv::GaussianBlur(synthetic_photo(10), blurred, cv::Size(0, 0), 6.0);
    cv::imwrite((folder / "blurred.png").string(), blurred);
    cv::imwrite((folder / "dark.png").string(), synthetic_photo(11) * 0.03);
    cv::Mat bright;
    synthetic_photo(12).convertTo(bright, -1, 1.0, 200.0);
    cv::imwrite((folder / "bright.png").string(), bright);
    cv::Mat blown = synthetic_photo(13);
    blown(cv::Rect(0, 0, 800, 200)) = cv::Scalar(255, 255, 255);
    cv::imwrite((folder / "blown.png").string(), blown);
    cv::imwrite((folder / "photo-5-same-as-2.jpg").string(), synthetic_photo(2));  // re-encoded
    cv::Mat tiny;
    cv::resize(synthetic_photo(14), tiny, cv::Size(200, 150));
    cv::imwrite((folder / "tiny.png").string(), tiny);
    test::write_text(folder / "corrupt.jpg", "this is not a JPEG");
    test::write_text(folder / "notes.txt", "ignored: not a photo");

    const IngestResult result = ingest_photos(folder);
    std::vector<std::string> accepted;
    for (const Photo& photo : result.accepted)
        accepted.push_back(photo.file.filename().string());
    CHECK(accepted == std::vector<std::string>{"photo-0.png", "photo-1.png", "photo-2.png",
                                               "photo-3.png", "photo-4.png"});
    CHECK(result.rejected.size() == 7);
    CHECK(reason_of(result, "blurred.png").rfind("blurred (sharpness ", 0) == 0);
    CHECK(reason_of(result, "dark.png").rfind("too dark (mean brightness ", 0) == 0);
    CHECK(reason_of(result, "bright.png").rfind("too bright (mean brightness ", 0) == 0);
    CHECK(reason_of(result, "blown.png") ==
          "overexposed (33 % of pixels pure white) | use softer, even light or a shorter exposure "
          "and take it again");
    CHECK(reason_of(result, "photo-5-same-as-2.jpg") ==
          "the same view as photo-2.png | keep one of them; turn the object a little between "
          "photos");
    CHECK(reason_of(result, "tiny.png") ==
          "too small (200 x 150 px, at least 320 px a side needed) | use the camera's full "
          "resolution");
    CHECK(reason_of(result, "corrupt.jpg") ==
          "cannot be read as an image | copy it again from the camera, or remove it");
}

TEST_CASE("two views alike in outline but not in content are both kept",
          "[capture][ingest][issue-5]") {
    // The camera a little higher, the object a little lower in the frame: the views' coarse
    // hashes agree, their pictures do not.
    const fs::path folder = test::make_temp_dir("ingest-alike");
    auto view = [](int object_y) {
        cv::Mat image(600, 800, CV_8UC3, cv::Scalar(30, 30, 30));
        cv::ellipse(image, {400, object_y}, {200, 120}, 0, 0, 360, {235, 235, 235}, cv::FILLED,
                    cv::LINE_AA);
        cv::RNG rng(5);
        for (int i = 0; i < 300; ++i)  // fine glaze speckles, so the photo is sharp
            cv::circle(image, {rng.uniform(260, 540), object_y + rng.uniform(-80, 80)}, 2,
                       {200, 200, 210}, cv::FILLED);
        return image;
    };
    const cv::Mat first = view(300);
    const cv::Mat second = view(308);
    cv::imwrite((folder / "low.png").string(), first);
    cv::imwrite((folder / "high.png").string(), second);
    const IngestResult result = ingest_photos(folder);
    CHECK(result.accepted.size() == 2);
    CHECK(result.rejected.empty());
    // The hash alone would have called them the same photo.
    IngestOptions hash_only;
    hash_only.max_duplicate_difference = 255.0;
    CHECK(ingest_photos(folder, hash_only).rejected.size() == 1);
}

TEST_CASE("no usable photo, or no folder, is an error that says so", "[capture][ingest][issue-5]") {
    const fs::path folder = test::make_temp_dir("ingest-empty");
    CHECK_THROWS_WITH(ingest_photos(folder),
                      folder.string() +
                          ": no JPEG or PNG photos in this folder; copy the capture's photos "
                          "here (other files are ignored)");
    cv::imwrite((folder / "dark.png").string(), synthetic_photo(1) * 0.02);
    cv::imwrite((folder / "small.png").string(), cv::Mat(100, 120, CV_8UC3, cv::Scalar(90)));
    CHECK_THROWS_WITH(ingest_photos(folder),
                      folder.string() +
                          ": no usable photo: all 2 were set aside; retake them:\n"
                          "  dark.png: too dark (mean brightness 2 of 255); add light or "
                          "lengthen the exposure, then take it again\n"
                          "  small.png: too small (120 x 100 px, at least 320 px a side needed); "
                          "use the camera's full resolution");
    CHECK_THROWS_WITH(ingest_photos(folder / "missing"),
                      (folder / "missing").string() +
                          ": not a folder of photos; give the folder that holds the capture's "
                          "JPEG or PNG files");
}

TEST_CASE("the Middlebury rings pass whole: dark backdrops and a textureless dino are fine",
          "[capture][ingest][issue-5]") {
    const fs::path rings = test::shared_dir() / "datasets/middlebury-sparse-ring";
    REQUIRE(fs::exists(rings));
    for (const char* ring : {"templeSparseRing", "dinoSparseRing"}) {
        INFO(ring);
        const IngestResult result = ingest_photos(rings / ring);
        CHECK(result.accepted.size() == 16);
        CHECK(result.rejected.empty());
        CHECK(result.accepted.front().width_px == 640);
    }
}
