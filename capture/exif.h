// capture/exif.h: what a photo's EXIF says about its camera: make, model and focal length, so
// that structure from motion starts from the right field of view (libexif).
#pragma once
#include <filesystem>
#include <optional>
#include <string>

namespace heritage::capture {

struct ExifCamera {
    std::string make;                    // "Canon"
    std::string model;                   // "Canon PowerShot A10"
    double focal_mm = 0.0;               // FocalLength; 0 when absent
    double focal_35mm = 0.0;             // FocalLengthIn35mmFilm; 0 when absent
    double focal_plane_px_per_mm = 0.0;  // FocalPlaneXResolution in pixels per mm of the
                                         // sensor, at exif_width_px; 0 when absent
    int exif_width_px = 0;               // PixelXDimension (the image the camera wrote)
    int exif_height_px = 0;
};

// nullopt when the file has no EXIF block (PNG, or stripped) or one that names neither the
// camera nor a focal length; never throws for a bad block.
std::optional<ExifCamera> read_exif_camera(const std::filesystem::path& photo);

// The focal length in pixels of an image of width x height px (as loaded, after the EXIF
// orientation) taken by `camera`: from the 35 mm equivalent (over the long side), else from the
// focal length and the sensor's pixel density (scaled to this image's size). 0 when EXIF cannot
// tell; the caller then falls back to a prior.
double focal_px_from_exif(const ExifCamera& camera, int width_px, int height_px);

}  // namespace heritage::capture
