// capture/ingest.h: stage 1 of a capture: read the photos and set aside the ones that would
// spoil the model — blurred, badly exposed, duplicated, unreadable — each with its reason and
// what to do, for the report. A bad photo is rejected, never fatal.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace heritage::capture {

struct IngestOptions {
    double relative_sharpness = 0.25;    // below this share of the set's median sharpness: blurred
                                         // (sharpness varies with what a photo shows: a usable
                                         // handheld photo of more dark background measures 0.35)
    double min_sharpness = 1.5;          // variance of the Laplacian at <= 1000 px; below: blurred
                                         // whatever the set (a low floor: textureless objects on
                                         // black, like the Middlebury dino, measure 5-15)
    double max_blown_fraction = 0.10;    // share of pure-white pixels; above: overexposed
    double min_mean_brightness = 8.0;    // 0..255; below: black (a black backdrop alone is fine)
    double max_mean_brightness = 235.0;  // above: washed out
    int max_duplicate_distance = 2;      // perceptual-hash bits; at or below, and
    double max_duplicate_difference = 2.0;  // mean grey difference of 64-px thumbnails at or
                                            // below: the same photo again
    int min_side_px = 320;                  // smaller photos cannot be reconstructed well
};

// Throws heritage::Error naming the out-of-range field.
void check(const IngestOptions& options);

struct Photo {
    std::filesystem::path file;
    int width_px = 0;
    int height_px = 0;  // after the EXIF orientation (OpenCV applies it on load)
    double sharpness = 0.0;
    double mean_brightness = 0.0;
    double blown_fraction = 0.0;    // pure-white pixels
    double exif_focal_px = 0.0;     // from EXIF (exif.h), for this size; 0 when it cannot tell
    std::string camera_model = {};  // EXIF Make + Model ("Canon PowerShot A10": the make is not
                                    // repeated when the model starts with it); empty when absent
};

struct PhotoIssue {
    std::filesystem::path file;
    std::string reason;  // what is wrong, with the measured value
    std::string advice;  // what to do
};

struct IngestResult {
    std::vector<Photo> accepted;  // sorted by file name
    std::vector<PhotoIssue> rejected;
};

// Reads every JPEG and PNG in `folder` (not its subfolders), sorted by name. Throws
// heritage::Error only when the folder is missing or holds no usable photo.
IngestResult ingest_photos(const std::filesystem::path& folder, const IngestOptions& options = {});

}  // namespace heritage::capture
