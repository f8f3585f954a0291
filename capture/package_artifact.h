// capture/package_artifact.h: the last stage: the finished model, its thumbnail and its capture
// report go into an exhibit package as artifacts/<id>/, with artifact.json (the curator's
// metadata, the measured dimensions, the capture record). The folder is assembled aside and
// moved into place in one rename, so a failed or interrupted run never leaves half an artifact.
#pragma once
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "exhibit/exhibit.h"

namespace heritage::capture {

// The artifact's metadata: the fields of `metadata_file` (artifact.json's fields; any may be
// left out) over the artifact's current artifact.json in `package_folder` when it is captured
// again (its story, hotspots and lessons are kept), else over defaults that mark what is still
// to be written ("draft" review, placeholder title and description). `metadata_file` and
// `package_folder` may be empty. Throws heritage::Error listing every problem in the file.
exhibit::Artifact read_artifact_metadata(const std::filesystem::path& metadata_file,
                                         const std::string& artifact_id,
                                         const std::filesystem::path& package_folder = {});

// The local date as "YYYY-MM-DD", for capture records and sources.
std::string today_iso_date();

struct ArtifactFiles {
    std::string model_glb;  // bytes of the full-detail model
    std::size_t model_triangles = 0;
    std::string light_glb;  // the light level of detail
    std::size_t light_triangles = 0;
    std::string thumbnail_png;
    // Files of the capture's record, by path relative to the artifact's folder
    // ("capture/report.md", "capture/cameras.json", ...).
    std::vector<std::pair<std::string, std::string>> extra_files;
};

// Writes artifacts/<artifact.id>/ into `package_folder` (creating the package, with a minimal
// exhibit.json, when the folder holds none) and lists the artifact in the exhibit's
// "newly digitized" section. Replaces an artifact of the same id in one rename. Returns the
// artifact's folder. Throws heritage::Error naming the file that could not be written.
std::filesystem::path write_artifact_to_package(const std::filesystem::path& package_folder,
                                                exhibit::Artifact artifact,
                                                const ArtifactFiles& files);

}  // namespace heritage::capture
