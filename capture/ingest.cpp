// Quality checks after Pertuz et al., "Analysis of focus measure operators for shape-from-focus"
// (2013): the variance of the Laplacian as the focus measure; duplicates by a difference hash
// (dHash) of the downscaled photo.
#include "capture/ingest.h"

#include <algorithm>
#include <bitset>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <optional>

#include "capture/exif.h"
#include "exhibit/error.h"

namespace heritage::capture {
namespace fs = std::filesystem;

namespace {

bool is_photo(const fs::path& file) {
    std::string extension = file.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return extension == ".jpg" || extension == ".jpeg" || extension == ".png";
}

std::string number(double value, int decimals) {
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

// 64-bit difference hash: is each pixel of a 9x8 thumbnail brighter than its right neighbour.
std::uint64_t difference_hash(const cv::Mat& gray) {
    cv::Mat small;
    cv::resize(gray, small, cv::Size(9, 8), 0, 0, cv::INTER_AREA);
    std::uint64_t hash = 0;
    for (int y = 0; y < 8; ++y) {
        for (int x = 0; x < 8; ++x) {
            hash = (hash << 1) |
                   (small.at<unsigned char>(y, x) > small.at<unsigned char>(y, x + 1) ? 1u : 0u);
        }
    }
    return hash;
}

// "Make Model", without the make twice ("Canon" + "Canon PowerShot A10").
std::string camera_name(const ExifCamera& camera) {
    const auto lower = [](std::string text) {
        std::transform(text.begin(), text.end(), text.begin(),
                       [](unsigned char c) { return char(std::tolower(c)); });
        return text;
    };
    if (camera.make.empty() || lower(camera.model).rfind(lower(camera.make), 0) == 0)
        return camera.model;
    if (camera.model.empty())
        return camera.make;
    return camera.make + " " + camera.model;
}

}  // namespace

void check(const IngestOptions& options) {
    if (!(options.min_sharpness >= 0.0))
        throw Error("ingest: min_sharpness must be at least 0");
    if (!(options.relative_sharpness >= 0.0 && options.relative_sharpness < 1.0)) {
        throw Error("ingest: relative_sharpness must be in [0, 1)");
    }
    if (!(options.max_blown_fraction > 0.0 && options.max_blown_fraction <= 1.0)) {
        throw Error("ingest: max_blown_fraction must be in (0, 1]");
    }
    if (!(options.min_mean_brightness < options.max_mean_brightness)) {
        throw Error("ingest: min_mean_brightness must be below max_mean_brightness");
    }
    if (!(options.max_duplicate_difference >= 0.0))
        throw Error("ingest: max_duplicate_difference must be at least 0");
}

IngestResult ingest_photos(const fs::path& folder, const IngestOptions& options) {
    check(options);
    std::error_code error;
    if (!fs::is_directory(folder, error)) {
        throw Error(folder.string() +
                    ": not a folder of photos; give the folder that holds the "
                    "capture's JPEG or PNG files");
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder, error)) {
        if (entry.is_regular_file() && is_photo(entry.path()))
            files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());

    IngestResult result;
    struct Seen {
        std::uint64_t hash;
        cv::Mat thumbnail;  // 64 px wide, grey
        fs::path file;
    };
    std::vector<Seen> seen;
    for (const fs::path& file : files) {
        // IMREAD_COLOR applies the EXIF orientation, so portrait photos stand up.
        const cv::Mat image = cv::imread(file.string(), cv::IMREAD_COLOR);
        if (image.empty()) {
            result.rejected.push_back({file, "cannot be read as an image",
                                       "copy it again from the camera, or remove it"});
            continue;
        }
        if (std::min(image.cols, image.rows) < options.min_side_px) {
            result.rejected.push_back(
                {file,
                 "too small (" + std::to_string(image.cols) + " x " + std::to_string(image.rows) +
                     " px, at least " + std::to_string(options.min_side_px) + " px a side needed)",
                 "use the camera's full resolution"});
            continue;
        }
        // Measure on a 1000-px version, so thresholds do not depend on the camera.
        cv::Mat gray;
        cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY);
        const double scale = std::min(1.0, 1000.0 / std::max(gray.cols, gray.rows));
        cv::Mat measured;
        cv::resize(gray, measured, cv::Size(), scale, scale, cv::INTER_AREA);
        cv::Mat laplacian;
        cv::Laplacian(measured, laplacian, CV_64F);
        cv::Scalar mean, deviation;
        cv::meanStdDev(laplacian, mean, deviation);
        Photo photo;
        photo.file = file;
        photo.width_px = image.cols;
        photo.height_px = image.rows;
        photo.sharpness = deviation[0] * deviation[0];
        photo.mean_brightness = cv::mean(measured)[0];
        photo.blown_fraction = cv::countNonZero(measured >= 253) / double(measured.total());
        // EXIF is read apart from the pixels (libexif stops at its block): cheap.
        if (const std::optional<ExifCamera> camera = read_exif_camera(file)) {
            photo.exif_focal_px = focal_px_from_exif(*camera, image.cols, image.rows);
            photo.camera_model = camera_name(*camera);
        }

        if (photo.mean_brightness < options.min_mean_brightness) {
            result.rejected.push_back(
                {file, "too dark (mean brightness " + number(photo.mean_brightness, 0) + " of 255)",
                 "add light or lengthen the exposure, then take it again"});
            continue;
        }
        if (photo.mean_brightness > options.max_mean_brightness) {
            result.rejected.push_back(
                {file,
                 "too bright (mean brightness " + number(photo.mean_brightness, 0) + " of 255)",
                 "reduce the light or the exposure, then take it again"});
            continue;
        }
        if (photo.blown_fraction > options.max_blown_fraction) {
            result.rejected.push_back(
                {file,
                 "overexposed (" + number(photo.blown_fraction * 100.0, 0) +
                     " % of pixels pure white)",
                 "use softer, even light or a shorter exposure and take it again"});
            continue;
        }
        // A duplicate has the same hash and the same small picture: on a plain backdrop, the
        // hash alone also matches different views of a small object.
        const std::uint64_t hash = difference_hash(measured);
        cv::Mat thumbnail;
        cv::resize(measured, thumbnail,
                   cv::Size(64, std::max(1, 64 * measured.rows / measured.cols)), 0, 0,
                   cv::INTER_AREA);
        const auto same = std::find_if(seen.begin(), seen.end(), [&](const Seen& other) {
            return int(std::bitset<64>(hash ^ other.hash).count()) <=
                       options.max_duplicate_distance &&
                   other.thumbnail.size() == thumbnail.size() &&
                   cv::norm(thumbnail, other.thumbnail, cv::NORM_L1) / thumbnail.total() <=
                       options.max_duplicate_difference;
        });
        if (same != seen.end()) {
            result.rejected.push_back(
                {file, "the same view as " + same->file.filename().string(),
                 "keep one of them; turn the object a little between photos"});
            continue;
        }
        seen.push_back({hash, thumbnail, file});
        result.accepted.push_back(photo);
    }
    // Blur is judged against the set: a photo much softer than its siblings is out of focus or
    // shaken, whatever the object's own texture.
    std::vector<double> sharpness;
    for (const Photo& photo : result.accepted)
        sharpness.push_back(photo.sharpness);
    if (!sharpness.empty()) {
        std::nth_element(sharpness.begin(), sharpness.begin() + long(sharpness.size() / 2),
                         sharpness.end());
        const double median = sharpness[sharpness.size() / 2];
        const double threshold =
            std::max(options.min_sharpness, median * options.relative_sharpness);
        std::vector<Photo> kept;
        for (const Photo& photo : result.accepted) {
            if (photo.sharpness >= threshold) {
                kept.push_back(photo);
                continue;
            }
            result.rejected.push_back(
                {photo.file,
                 "blurred (sharpness " + number(photo.sharpness, 1) + ", the set's median is " +
                     number(median, 1) + ")",
                 "take it again with the camera steady and the object in focus"});
        }
        result.accepted = std::move(kept);
    }
    std::sort(result.rejected.begin(), result.rejected.end(),
              [](const PhotoIssue& a, const PhotoIssue& b) { return a.file < b.file; });
    if (files.empty()) {
        throw Error(folder.string() +
                    ": no JPEG or PNG photos in this folder; copy the capture's photos here "
                    "(other files are ignored)");
    }
    if (result.accepted.empty()) {
        std::string message = folder.string() + ": no usable photo: all " +
                              std::to_string(files.size()) + " were set aside; retake them:";
        for (const PhotoIssue& issue : result.rejected)
            message +=
                "\n  " + issue.file.filename().string() + ": " + issue.reason + "; " + issue.advice;
        throw Error(message);
    }
    return result;
}

}  // namespace heritage::capture
