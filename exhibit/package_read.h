// exhibit/package_read.h: load a package folder in three steps, as cgltf does: parse every
// JSON file, resolve the files they name (confined to the folder), then validate the whole.
#pragma once
#include <cstdint>
#include <filesystem>
#include <vector>

#include "exhibit/exhibit.h"
#include "exhibit/problem.h"

namespace heritage::exhibit {

struct ReadOptions {
    std::uintmax_t max_json_bytes = 8u << 20;    // a package JSON file over 8 MiB is refused
    std::uintmax_t max_model_bytes = 2u << 30;   // models over 2 GiB are refused
    std::uintmax_t max_image_bytes = 64u << 20;  // thumbnails over 64 MiB are refused
};

struct PackageReadResult {
    Package package;                // what could be read; complete only when valid()
    std::vector<Problem> problems;  // every problem found, errors and warnings, by file
    bool valid() const { return count_problems(problems, Severity::Error) == 0; }
};

// Reads the package in `root`. Never throws for a bad package: every problem found (not just
// the first) is in the result, located by file and JSON pointer.
PackageReadResult read_package(const std::filesystem::path& root, const ReadOptions& options = {});

}  // namespace heritage::exhibit
