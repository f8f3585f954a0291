// exhibit/package_write.h: save a package's JSON files. Every file is written atomically
// (temporary file, then rename), so a crash or a full disk never leaves a half-written file.
// Models and images are written by whoever makes them (capture, the thumbnail renderer).
#pragma once
#include <filesystem>

#include "exhibit/exhibit.h"

namespace heritage::exhibit {

// Writes <root>/exhibit.json. Creates `root` if needed. Throws heritage::Error on failure.
void write_exhibit(const std::filesystem::path& root, const Exhibit& exhibit);

// Writes <root>/artifacts/<id>/artifact.json, creating the folder if needed.
void write_artifact(const std::filesystem::path& root, const Artifact& artifact);

// Writes <root>/tours/<id>.json, creating the folder if needed.
void write_tour(const std::filesystem::path& root, const Tour& tour);

// Writes all of the package's JSON files into `root` (usually package.root).
void write_package(const std::filesystem::path& root, const Package& package);

}  // namespace heritage::exhibit
