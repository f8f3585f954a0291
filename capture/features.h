// capture/features.h: handheld stage 2a: SIFT keypoints and descriptors for each photo
// (OpenCV), detected on a reduced copy (full resolution buys nothing for the poses), positions
// given back in the full photo's pixels.
#pragma once
#include <vector>

#include <opencv2/core.hpp>

#include "capture/ingest.h"

namespace heritage::capture {

struct FeatureOptions {
    double max_side_px = 1600.0;       // photos larger than this are shrunk before detection
    int max_features = 8000;           // strongest keypoints kept per photo (by SIFT response)
    double contrast_threshold = 0.02;  // OpenCV's SIFT contrastThreshold; COLMAP's default peak
                                       // threshold (OpenCV's own 0.04 finds too few on museum
                                       // objects)
    bool root_sift = true;             // L1-normalise and square-root the descriptors (RootSIFT):
                                       // better matches at the same cost
};

// Throws heritage::Error naming the out-of-range field.
void check(const FeatureOptions& options);

// Pixel convention everywhere: the centre of the top-left pixel is (0, 0).
struct ImageFeatures {
    int width_px = 0;  // of the full photo (as loaded: EXIF orientation applied)
    int height_px = 0;
    std::vector<cv::Point2f> points_px;  // keypoint centres in the full photo, distorted (as shot)
    std::vector<float> scales_px;        // keypoint sizes (diameters) in the full photo
    // CV_8U, one 128-byte row per point (as COLMAP stores them): the SIFT descriptor, or with
    // root_sift round(512 * sqrt(d / |d|_1)) clamped to 255, so that rows have an L2 norm near
    // 512. Match them as floats under L2.
    cv::Mat descriptors;
    std::vector<cv::Vec3b> colours;  // BGR at each point (for the sparse cloud)
    // Points are sorted strongest first. A point where SIFT found several orientations appears
    // once per orientation (same position, different descriptor).
};

// One photo. An empty image gives no features.
ImageFeatures detect_features(const cv::Mat& image_bgr, const FeatureOptions& options = {});

// Every photo, read from disk, in the photos' order: one photo at a time on each core (at most
// 4, as SIFT's pyramid of a 1600-px photo takes some 400 MB). A photo that cannot be read gives
// no features.
std::vector<ImageFeatures> detect_features(const std::vector<Photo>& photos,
                                           const FeatureOptions& options = {});

}  // namespace heritage::capture
