#include "exhibit/package_write.h"

#include <cassert>

#include "exhibit/error.h"
#include "exhibit/files.h"
#include "exhibit/package_json.h"
#include "exhibit/text.h"

namespace heritage::exhibit {
namespace fs = std::filesystem;

namespace {

void create_folder(const fs::path& folder) {
    std::error_code code;
    fs::create_directories(folder, code);
    if (code) {
        throw Error(folder.string() + ": cannot create the folder (" + code.message() +
                    "); check the path and permissions");
    }
}

}  // namespace

void write_exhibit(const fs::path& root, const Exhibit& exhibit) {
    create_folder(root);
    write_file_atomically(root / "exhibit.json", to_json(exhibit));
}

void write_artifact(const fs::path& root, const Artifact& artifact) {
    assert(is_valid_id(artifact.id) && "write_artifact: validate the package before saving");
    const fs::path folder = root / "artifacts" / artifact.id;
    create_folder(folder);
    write_file_atomically(folder / "artifact.json", to_json(artifact));
}

void write_tour(const fs::path& root, const Tour& tour) {
    assert(is_valid_id(tour.id) && "write_tour: validate the package before saving");
    create_folder(root / "tours");
    write_file_atomically(root / "tours" / (tour.id + ".json"), to_json(tour));
}

void write_package(const fs::path& root, const Package& package) {
    for (const Artifact& artifact : package.artifacts)
        write_artifact(root, artifact);
    for (const Tour& tour : package.tours)
        write_tour(root, tour);
    // exhibit.json last: it lists the others, so it never names a file not yet written.
    write_exhibit(root, package.exhibit);
}

}  // namespace heritage::exhibit
