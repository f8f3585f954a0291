// Handheld stage 2a, features: SIFT points land where they are in the full photo (a blob at its
// centre; a known homography between a photo and a rotated, enlarged copy), RootSIFT rows are
// normalised, options are checked. And EXIF: the kermit camera's focal length against Bundler's.
#include "capture/features.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <numeric>
#include <opencv2/features2d.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "capture/exif.h"
#include "capture/ingest.h"
#include "exhibit/error.h"
#include "tests/capture/synthetic_images.h"
#include "tests/support/test_support.h"

using namespace heritage;
using namespace heritage::capture;
namespace fs = std::filesystem;
namespace test = heritage::test;

namespace {

// A bright round blob centred exactly on pixel (cx, cy) of a dark image.
cv::Mat blob_image(int width, int height, double cx, double cy, double sigma) {
    cv::Mat image(height, width, CV_8UC3);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
            const auto value = cv::saturate_cast<unsigned char>(
                40.0 + 180.0 * std::exp(-d2 / (2 * sigma * sigma)));
            image.at<cv::Vec3b>(y, x) = {value, value, value};
        }
    }
    return image;
}

// The point nearest to `where`.
cv::Point2f nearest_point(const ImageFeatures& features, cv::Point2f where) {
    cv::Point2f best(-1e9f, -1e9f);
    for (const cv::Point2f& point : features.points_px) {
        if (cv::norm(point - where) < cv::norm(best - where))
            best = point;
    }
    return best;
}

// Ratio-tested nearest neighbours from a to b, brute force: (index in a, index in b).
std::vector<std::pair<int, int>> brute_force_matches(const ImageFeatures& a,
                                                     const ImageFeatures& b) {
    cv::Mat da, db;
    a.descriptors.convertTo(da, CV_32F);
    b.descriptors.convertTo(db, CV_32F);
    std::vector<std::vector<cv::DMatch>> knn;
    cv::BFMatcher(cv::NORM_L2).knnMatch(da, db, knn, 2);
    std::vector<std::pair<int, int>> matches;
    for (const auto& best : knn) {
        if (best.size() == 2 && best[0].distance < 0.8f * best[1].distance)
            matches.emplace_back(best[0].queryIdx, best[0].trainIdx);
    }
    return matches;
}

cv::Point2f apply(const cv::Matx33d& homography, cv::Point2f point) {
    const cv::Vec3d mapped = homography * cv::Vec3d(point.x, point.y, 1.0);
    return {float(mapped[0] / mapped[2]), float(mapped[1] / mapped[2])};
}

double median(std::vector<double> values) {
    std::nth_element(values.begin(), values.begin() + long(values.size() / 2), values.end());
    return values[values.size() / 2];
}

fs::path kermit_folder() {
    return test::shared_dir() / "datasets/bundler-kermit";
}

// Bundler's focal lengths for the cameras it registered (bundle.out v0.3: "f k1 k2" lines).
std::vector<double> bundler_focals(const fs::path& bundle_out) {
    std::ifstream file(bundle_out);
    std::string header;
    std::getline(file, header);
    int cameras = 0, points = 0;
    file >> cameras >> points;
    std::vector<double> focals;
    for (int c = 0; c < cameras; ++c) {
        double values[15];
        for (double& value : values)
            file >> value;
        if (values[0] > 0.0)
            focals.push_back(values[0]);
    }
    return focals;
}

}  // namespace

TEST_CASE("features: a round blob is found at its centre, shrunk for detection or not",
          "[features]") {
    const cv::Mat image = blob_image(400, 300, 200.0, 150.0, 4.0);
    const ImageFeatures as_is = detect_features(image);
    REQUIRE(!as_is.points_px.empty());
    const cv::Point2f found = nearest_point(as_is, {200.0f, 150.0f});
    CHECK(found.x == Approx(200.0).margin(0.05));
    CHECK(found.y == Approx(150.0).margin(0.05));

    // Four times larger (pixel centres: x_large = 4 x + 1.5), shrunk back to 400 px to detect:
    // the blob comes back at its centre in the large photo's pixels.
    cv::Mat large;
    cv::resize(image, large, cv::Size(1600, 1200), 0, 0, cv::INTER_CUBIC);
    FeatureOptions options;
    options.max_side_px = 400.0;
    const ImageFeatures shrunk = detect_features(large, options);
    REQUIRE(shrunk.width_px == 1600);
    REQUIRE(shrunk.height_px == 1200);
    const cv::Point2f found_large = nearest_point(shrunk, {801.5f, 601.5f});
    CHECK(found_large.x == Approx(801.5).margin(0.3));
    CHECK(found_large.y == Approx(601.5).margin(0.3));
}

TEST_CASE("features: points of a photo and of its rotated, enlarged copy agree with the homography",
          "[features]") {
    const cv::Mat photo = test::textured_image(1000, 750, 8);
    // Rotate 25 degrees about the centre and enlarge 1.7 times, into a 1700 x 1275 copy that is
    // shrunk to 1000 px again for detection.
    const cv::Point2d centre(499.5, 374.5), copy_centre(849.5, 637.0);
    const double angle = 25.0 * CV_PI / 180.0, scale = 1.7;
    const cv::Matx33d homography(scale * std::cos(angle), -scale * std::sin(angle), 0.0,
                                 scale * std::sin(angle), scale * std::cos(angle), 0.0, 0.0, 0.0,
                                 1.0);
    const cv::Matx33d to_centre(1, 0, -centre.x, 0, 1, -centre.y, 0, 0, 1);
    const cv::Matx33d from_centre(1, 0, copy_centre.x, 0, 1, copy_centre.y, 0, 0, 1);
    const cv::Matx33d photo_to_copy = from_centre * homography * to_centre;
    cv::Mat copy;
    cv::warpPerspective(photo, copy, cv::Mat(photo_to_copy), cv::Size(1700, 1275), cv::INTER_CUBIC,
                        cv::BORDER_CONSTANT, cv::Scalar(128, 128, 128));

    FeatureOptions options;
    options.max_side_px = 1000.0;
    const ImageFeatures in_photo = detect_features(photo, options);
    const ImageFeatures in_copy = detect_features(copy, options);
    REQUIRE(in_photo.points_px.size() > 1000);
    REQUIRE(in_copy.points_px.size() > 1000);

    std::vector<double> errors_px;  // in the copy's pixels
    std::vector<double> signed_x, signed_y;
    for (const auto& [a, b] : brute_force_matches(in_photo, in_copy)) {
        const cv::Point2f expected = apply(photo_to_copy, in_photo.points_px[std::size_t(a)]);
        const cv::Point2f error = in_copy.points_px[std::size_t(b)] - expected;
        errors_px.push_back(cv::norm(error));
        if (cv::norm(error) < 3.0) {
            signed_x.push_back(error.x);
            signed_y.push_back(error.y);
        }
    }
    const auto within_1px =
        std::count_if(errors_px.begin(), errors_px.end(), [](double e) { return e < 1.0; });
    WARN(errors_px.size() << " matches, " << within_1px << " within 1 px, median error "
                          << median(errors_px) << " px, mean offset (" << cv::mean(signed_x)[0]
                          << ", " << cv::mean(signed_y)[0] << ") px");
    CHECK(within_1px > 300);
    CHECK(double(within_1px) > 0.8 * double(errors_px.size()));
    CHECK(median(errors_px) < 0.6);
    // No half-pixel slip between the two scales.
    CHECK(std::abs(cv::mean(signed_x)[0]) < 0.15);
    CHECK(std::abs(cv::mean(signed_y)[0]) < 0.15);
}

TEST_CASE("features: strongest first, at most max_features, colours from the full photo",
          "[features]") {
    cv::Mat photo = test::textured_image(1200, 900, 9);
    FeatureOptions options;
    options.max_features = 300;
    options.max_side_px = 600.0;
    const ImageFeatures features = detect_features(photo, options);
    REQUIRE(features.points_px.size() == 300);
    REQUIRE(features.scales_px.size() == 300);
    REQUIRE(features.colours.size() == 300);
    REQUIRE(features.descriptors.rows == 300);
    REQUIRE(features.descriptors.cols == 128);
    REQUIRE(features.descriptors.type() == CV_8U);
    for (std::size_t i = 0; i < features.points_px.size(); ++i) {
        const cv::Point2f point = features.points_px[i];
        REQUIRE(point.x >= -0.5f);
        REQUIRE(point.y >= -0.5f);
        REQUIRE(point.x <= 1199.5f);
        REQUIRE(point.y <= 899.5f);
        const cv::Point pixel(std::clamp(int(std::lround(point.x)), 0, 1199),
                              std::clamp(int(std::lround(point.y)), 0, 899));
        REQUIRE(features.colours[i] == photo.at<cv::Vec3b>(pixel));
        REQUIRE(features.scales_px[i] > 3.0f);  // SIFT's smallest (1.6 px), shrunk twice
    }
    // The 300 kept are the strongest: asking for fewer keeps a prefix of the same points.
    options.max_features = 100;
    const ImageFeatures fewer = detect_features(photo, options);
    REQUIRE(fewer.points_px.size() == 100);
    int same = 0;
    for (std::size_t i = 0; i < fewer.points_px.size(); ++i)
        same += cv::norm(fewer.points_px[i] - features.points_px[i]) < 1e-3 ? 1 : 0;
    CHECK(same >= 95);
}

TEST_CASE("features: RootSIFT rows have an L2 norm of 512, as SIFT's do", "[features]") {
    const cv::Mat photo = test::textured_image(800, 600, 10);
    FeatureOptions options;
    const ImageFeatures root = detect_features(photo, options);
    options.root_sift = false;
    const ImageFeatures plain = detect_features(photo, options);
    REQUIRE(root.descriptors.rows > 500);
    REQUIRE(root.descriptors.rows == plain.descriptors.rows);
    int differing = 0;
    for (int i = 0; i < root.descriptors.rows; ++i) {
        const double root_norm = cv::norm(root.descriptors.row(i), cv::NORM_L2);
        const double plain_norm = cv::norm(plain.descriptors.row(i), cv::NORM_L2);
        REQUIRE(root_norm == Approx(512.0).epsilon(0.02));
        REQUIRE(plain_norm == Approx(512.0).epsilon(0.05));
        differing +=
            cv::norm(root.descriptors.row(i), plain.descriptors.row(i), cv::NORM_L1) > 0.0 ? 1 : 0;
    }
    CHECK(differing == root.descriptors.rows);
}

TEST_CASE("features: every photo of a set, in order; an unreadable one gives none", "[features]") {
    const fs::path folder = test::make_temp_dir("features-set");
    std::vector<Photo> photos;
    for (int i = 0; i < 4; ++i) {
        Photo photo;
        photo.file = folder / ("photo-" + std::to_string(i) + ".png");
        cv::imwrite(photo.file.string(), test::textured_image(640 + 40 * i, 480, 17 + i));
        photos.push_back(photo);
    }
    Photo missing;
    missing.file = folder / "missing.png";
    photos.insert(photos.begin() + 2, missing);
    const std::vector<ImageFeatures> features = detect_features(photos);
    REQUIRE(features.size() == 5);
    CHECK(features[2].points_px.empty());
    CHECK(features[2].width_px == 0);
    const int widths[] = {640, 680, 0, 720, 760};
    for (std::size_t i = 0; i < features.size(); ++i) {
        CHECK(features[i].width_px == widths[i]);
        if (i != 2) {
            CHECK(features[i].points_px.size() > 300);
            // The same as detecting the photo alone.
            const ImageFeatures alone = detect_features(cv::imread(photos[i].file.string()));
            CHECK(alone.points_px == features[i].points_px);
        }
    }
    CHECK(detect_features(cv::Mat()).points_px.empty());
}

TEST_CASE("features: options out of range are named", "[features]") {
    FeatureOptions options;
    options.max_side_px = 50.0;
    REQUIRE_THROWS_WITH(check(options), "features: max_side_px must be at least 100, got 50");
    options = {};
    options.max_features = 0;
    REQUIRE_THROWS_WITH(check(options), "features: max_features must be at least 1, got 0");
    options = {};
    options.contrast_threshold = 1.5;
    REQUIRE_THROWS_WITH(check(options), "features: contrast_threshold must be in (0, 1), got 1.5");
    options.contrast_threshold = 0.0;
    REQUIRE_THROWS_WITH(check(options), "features: contrast_threshold must be in (0, 1), got 0");
    REQUIRE_THROWS_AS(detect_features(test::textured_image(200, 200, 11), options), Error);
    REQUIRE_NOTHROW(check(FeatureOptions{}));
}

TEST_CASE("exif: the kermit camera's focal length agrees with Bundler's", "[exif]") {
    const fs::path photo = kermit_folder() / "images/kermit000.jpg";
    const fs::path bundle = kermit_folder() / "bundler_results_example/bundle.out";
    if (!fs::exists(photo) || !fs::exists(bundle)) {
        WARN("skipped: " + kermit_folder().string() + " is absent");
        return;
    }
    const std::optional<ExifCamera> camera = read_exif_camera(photo);
    REQUIRE(camera);
    CHECK(camera->make == "Canon");
    CHECK(camera->model == "Canon PowerShot A10");
    CHECK(camera->focal_mm == Approx(5.40625));
    CHECK(camera->focal_35mm == 0.0);
    CHECK(camera->exif_width_px == 640);
    CHECK(camera->exif_height_px == 480);
    CHECK(camera->focal_plane_px_per_mm > 100.0);

    const double focal_px = focal_px_from_exif(*camera, 640, 480);
    const std::vector<double> focals = bundler_focals(bundle);
    REQUIRE(focals.size() >= 5);
    const double bundler_mean =
        std::accumulate(focals.begin(), focals.end(), 0.0) / double(focals.size());
    WARN("kermit: EXIF focal " << focal_px << " px, Bundler's mean " << bundler_mean << " px over "
                               << focals.size() << " cameras");
    CHECK(focal_px == Approx(bundler_mean).epsilon(0.10));
    // The same camera at half the size: half the focal length in pixels.
    CHECK(focal_px_from_exif(*camera, 320, 240) == Approx(focal_px / 2.0));
    // Portrait (EXIF orientation applied): the long side decides.
    CHECK(focal_px_from_exif(*camera, 480, 640) == Approx(focal_px));

    // Ingest fills the photo's focal length and camera from the same EXIF.
    const fs::path folder = test::make_temp_dir("exif-ingest");
    for (const char* name : {"kermit000.jpg", "kermit001.jpg"})
        fs::copy_file(kermit_folder() / "images" / name, folder / name);
    const IngestResult ingest = ingest_photos(folder);
    REQUIRE(ingest.accepted.size() == 2);
    for (const Photo& accepted : ingest.accepted) {
        CHECK(accepted.camera_model == "Canon PowerShot A10");
        CHECK(accepted.exif_focal_px == Approx(focal_px));
    }
}

TEST_CASE("exif: the focal length from the 35 mm equivalent or the sensor's pixel density",
          "[exif]") {
    ExifCamera camera;
    CHECK(focal_px_from_exif(camera, 4000, 3000) == 0.0);
    camera.focal_35mm = 28.0;
    CHECK(focal_px_from_exif(camera, 4000, 3000) == Approx(28.0 / 36.0 * 4000.0));
    CHECK(focal_px_from_exif(camera, 3000, 4000) == Approx(28.0 / 36.0 * 4000.0));
    camera.focal_35mm = 0.0;
    camera.focal_mm = 4.0;
    CHECK(focal_px_from_exif(camera, 4000, 3000) == 0.0);             // no sensor size: cannot tell
    camera.focal_plane_px_per_mm = 250.0;                             // 4000 px over 16 mm
    CHECK(focal_px_from_exif(camera, 4000, 3000) == Approx(1000.0));  // no EXIF size: as shot
    camera.exif_width_px = 4000;
    camera.exif_height_px = 3000;
    CHECK(focal_px_from_exif(camera, 2000, 1500) == Approx(500.0));  // resized to half
    CHECK(focal_px_from_exif(camera, 0, 0) == 0.0);
}

TEST_CASE("exif: a PNG, a JPEG without EXIF and a missing file give nothing", "[exif]") {
    const fs::path folder = test::make_temp_dir("exif-none");
    const cv::Mat image = test::textured_image(64, 48, 12);
    cv::imwrite((folder / "plain.png").string(), image);
    cv::imwrite((folder / "plain.jpg").string(), image);  // OpenCV writes JFIF, no EXIF
    CHECK_FALSE(read_exif_camera(folder / "plain.png"));
    CHECK_FALSE(read_exif_camera(folder / "plain.jpg"));
    CHECK_FALSE(read_exif_camera(folder / "missing.jpg"));
    const fs::path buddha =
        test::shared_dir() / "datasets/alicevision-buddha13/images/00006._c.png";
    if (fs::exists(buddha))
        CHECK_FALSE(read_exif_camera(buddha));
}
