// SIFT after Lowe, "Distinctive image features from scale-invariant keypoints" (IJCV 2004), as
// OpenCV implements it; RootSIFT after Arandjelovic & Zisserman, "Three things everyone should
// know to improve object retrieval" (CVPR 2012).
#include "capture/features.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include <opencv2/features2d.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "capture/parallel_jobs.h"
#include "exhibit/error.h"

namespace heritage::capture {

namespace {

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

// OpenCV's SIFT detects on the photo doubled with half-pixel centres, then halves the
// positions without the matching shift: every point comes out a quarter pixel right and down.
constexpr float kSiftOffsetPx = 0.25f;

// Photos detected at once: each holds its SIFT pyramid in memory.
constexpr std::size_t kMaxWorkers = 4;

// One descriptor row (OpenCV's floats, 0..255 integers) as stored: CV_8U, RootSIFT if asked.
void store_descriptor(const float* sift, bool root_sift, unsigned char* stored) {
    if (!root_sift) {
        for (int i = 0; i < 128; ++i)
            stored[i] = cv::saturate_cast<unsigned char>(sift[i]);
        return;
    }
    float l1 = 0.0f;
    for (int i = 0; i < 128; ++i)
        l1 += std::abs(sift[i]);
    const float inverse = l1 > 0.0f ? 1.0f / l1 : 0.0f;
    for (int i = 0; i < 128; ++i)
        stored[i] =
            cv::saturate_cast<unsigned char>(512.0f * std::sqrt(std::abs(sift[i]) * inverse));
}

}  // namespace

void check(const FeatureOptions& options) {
    if (!(options.max_side_px >= 100.0)) {
        throw Error("features: max_side_px must be at least 100, got " +
                    number(options.max_side_px));
    }
    if (options.max_features < 1) {
        throw Error("features: max_features must be at least 1, got " +
                    std::to_string(options.max_features));
    }
    if (!(options.contrast_threshold > 0.0 && options.contrast_threshold < 1.0)) {
        throw Error("features: contrast_threshold must be in (0, 1), got " +
                    number(options.contrast_threshold));
    }
}

ImageFeatures detect_features(const cv::Mat& image_bgr, const FeatureOptions& options) {
    check(options);
    ImageFeatures result;
    if (image_bgr.empty())
        return result;
    result.width_px = image_bgr.cols;
    result.height_px = image_bgr.rows;

    cv::Mat grey;
    if (image_bgr.channels() == 1)
        grey = image_bgr;
    else
        cv::cvtColor(image_bgr, grey,
                     image_bgr.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
    const double shrink =
        std::max(1.0, std::max(image_bgr.cols, image_bgr.rows) / options.max_side_px);
    cv::Mat detected_on = grey;
    if (shrink > 1.0) {
        const cv::Size size(std::max(1, int(std::lround(grey.cols / shrink))),
                            std::max(1, int(std::lround(grey.rows / shrink))));
        cv::resize(grey, detected_on, size, 0, 0, cv::INTER_AREA);
    }
    // The exact per-axis factors of the rounded size.
    const float scale_x = float(grey.cols) / float(detected_on.cols);
    const float scale_y = float(grey.rows) / float(detected_on.rows);

    // SIFT keeps the strongest nfeatures before it computes their descriptors.
    const cv::Ptr<cv::SIFT> sift =
        cv::SIFT::create(options.max_features, 3, options.contrast_threshold, 10.0, 1.6, CV_32F);
    std::vector<cv::KeyPoint> keypoints;
    cv::Mat sift_descriptors;
    sift->detectAndCompute(detected_on, cv::noArray(), keypoints, sift_descriptors);

    // Strongest first, at most max_features (SIFT may keep ties beyond it).
    std::vector<int> order(keypoints.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return keypoints[std::size_t(a)].response > keypoints[std::size_t(b)].response;
    });
    if (order.size() > std::size_t(options.max_features))
        order.resize(std::size_t(options.max_features));

    const int count = int(order.size());
    result.points_px.reserve(order.size());
    result.scales_px.reserve(order.size());
    result.colours.reserve(order.size());
    result.descriptors.create(count, 128, CV_8U);
    for (int i = 0; i < count; ++i) {
        const cv::KeyPoint& keypoint = keypoints[std::size_t(order[std::size_t(i)])];
        // Pixel centres at integers in both images: full = (reduced + 0.5) * scale - 0.5.
        const cv::Point2f point((keypoint.pt.x - kSiftOffsetPx + 0.5f) * scale_x - 0.5f,
                                (keypoint.pt.y - kSiftOffsetPx + 0.5f) * scale_y - 0.5f);
        result.points_px.push_back(point);
        result.scales_px.push_back(keypoint.size * 0.5f * (scale_x + scale_y));
        const int x = std::clamp(int(std::lround(point.x)), 0, image_bgr.cols - 1);
        const int y = std::clamp(int(std::lround(point.y)), 0, image_bgr.rows - 1);
        if (image_bgr.type() == CV_8UC3) {
            result.colours.push_back(image_bgr.at<cv::Vec3b>(y, x));
        } else {
            const unsigned char value = grey.at<unsigned char>(y, x);
            result.colours.push_back({value, value, value});
        }
        store_descriptor(sift_descriptors.ptr<float>(order[std::size_t(i)]), options.root_sift,
                         result.descriptors.ptr<unsigned char>(i));
    }
    return result;
}

std::vector<ImageFeatures> detect_features(const std::vector<Photo>& photos,
                                           const FeatureOptions& options) {
    check(options);
    std::vector<ImageFeatures> features(photos.size());
    // One photo per worker at a time (SIFT's pyramid of a 1600-px photo takes some 400 MB);
    // OpenCV threads parts of SIFT itself, but not the decoding or the shrinking.
    run_parallel_jobs(photos.size(), kMaxWorkers, [&](std::size_t i) {
        // IMREAD_COLOR applies the EXIF orientation, as ingest did.
        const cv::Mat image = cv::imread(photos[i].file.string(), cv::IMREAD_COLOR);
        features[i] = detect_features(image, options);
    });
    return features;
}

}  // namespace heritage::capture
