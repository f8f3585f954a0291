// capture/undistort.h: after the poses, one undistorted copy of each photo, so that every later
// stage uses a pinhole camera.
#pragma once
#include <filesystem>

#include "capture/camera.h"

namespace heritage::capture {

// Writes `folder`/<photo stem>.png for every view (atomically), points image_file at it and
// zeroes the distortion. Views with no distortion are copied as they are (decoded, re-encoded
// as PNG so every later stage reads one format). Throws heritage::Error naming the photo.
void undistort_views(CameraSet& cameras, const std::filesystem::path& folder);

}  // namespace heritage::capture
