// heritage-sample-models: writes the illustrative 3D models of the Lào Cai sample exhibit.
//
//   heritage-sample-models PACKAGE_DIR [--only ARTIFACT_ID]
//
// For each artifact with a recipe (models/*.cpp) it writes artifacts/<id>/model.glb and a
// placeholder thumbnail.png, then updates artifact.json: each annotation's anchor is moved to
// the nearest point of the model's surface (with that point's normal), and the model's face
// count is recorded. Output is deterministic: run it twice, get the same bytes.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include "assets/generator/glb_writer.h"
#include "assets/generator/surface.h"
#include "assets/generator/thumbnail.h"
#include "exhibit/error.h"
#include "exhibit/files.h"
#include "exhibit/package_json.h"

namespace fs = std::filesystem;
using namespace heritage;
using namespace heritage::sample;

namespace {

constexpr int kThumbnailSize = 512;
constexpr double kLargeMoveM = 0.02;  // an anchor moved further than this is reported

// `value` rounded to `decimals` decimal places, as the double nearest to the decimal result
// (so that JSON shows 0.411, not 0.41100000000000003).
double round_to(double value, int decimals) {
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

constexpr double kOnSurfaceM = 0.0002;  // an anchor this close to the surface stays as it is

// Writes the model, the thumbnail, and the updated artifact.json of one artifact.
void generate(const fs::path& package, const SampleModelRecipe& recipe) {
    const fs::path folder = package / "artifacts" / recipe.artifact_id;
    const fs::path artifact_file = folder / "artifact.json";
    if (!fs::exists(artifact_file)) {
        throw Error(artifact_file.string() +
                    ": not found; write the artifact's metadata before its model");
    }
    const SampleModel model = recipe.build();
    write_file_atomically(folder / "model.glb", write_glb(model));
    // A placeholder thumbnail only where there is none: heritage-viewer --thumbnails renders
    // the real ones, and regenerating a model must not replace them.
    if (!fs::exists(folder / "thumbnail.png")) {
        write_file_atomically(folder / "thumbnail.png",
                              encode_png(render_thumbnail(model, kThumbnailSize)));
    }

    std::vector<exhibit::Problem> problems;
    auto artifact =
        exhibit::parse_artifact_json(read_file(artifact_file), artifact_file.string(), problems);
    if (!artifact) {
        throw Error(artifact_file.string() + ": cannot be read; run heritage-capture validate");
    }
    // Anchors onto the surface: the text names a feature, the model decides where it is.
    double largest_move = 0.0;
    for (exhibit::Annotation& annotation : artifact->annotations) {
        const glm::vec3 wanted(annotation.position[0], annotation.position[1],
                               annotation.position[2]);
        const glm::vec3 facing(annotation.normal[0], annotation.normal[1], annotation.normal[2]);
        const SurfacePoint surface = closest_surface_point(model, wanted, facing);
        largest_move = std::max(largest_move, double(surface.distance));
        // Already placed by an earlier run: keep it, so that running again changes nothing.
        if (surface.distance < kOnSurfaceM)
            continue;
        if (surface.distance > kLargeMoveM) {
            std::printf("  note: annotation \"%s\" moved %.0f mm onto the surface\n",
                        annotation.id.c_str(), surface.distance * 1000.0);
        }
        for (int axis = 0; axis < 3; ++axis) {
            annotation.position[std::size_t(axis)] = round_to(surface.position[axis], 4);
            annotation.normal[std::size_t(axis)] = round_to(surface.normal[axis], 3);
        }
    }
    artifact->model.file = "model.glb";
    artifact->model.units = "m";
    artifact->model.up_axis = "+Y";
    artifact->model.illustrative = true;
    artifact->model.derivatives = {{"model.glb", "full", std::int64_t(triangle_count(model)), {}}};
    artifact->thumbnail = "thumbnail.png";
    write_file_atomically(artifact_file, exhibit::to_json(*artifact));

    const Bounds bounds = model_bounds(model);
    const glm::vec3 size = bounds.max - bounds.min;
    std::printf(
        "%s: %zu triangles, %.0f x %.0f x %.0f mm (W x H x D), %zu annotations on the "
        "surface (largest move %.0f mm)\n",
        recipe.artifact_id, triangle_count(model), size.x * 1000.0, size.y * 1000.0,
        size.z * 1000.0, artifact->annotations.size(), largest_move * 1000.0);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2 && !(argc == 4 && std::string(argv[2]) == "--only")) {
        std::fprintf(stderr, "usage: heritage-sample-models PACKAGE_DIR [--only ARTIFACT_ID]\n");
        return 2;
    }
    const fs::path package = argv[1];
    const std::string only = argc == 4 ? argv[3] : "";
    int written = 0;
    try {
        for (const SampleModelRecipe& recipe : sample_model_recipes()) {
            if (!only.empty() && only != recipe.artifact_id)
                continue;
            generate(package, recipe);
            ++written;
        }
    } catch (const Error& error) {
        std::fprintf(stderr, "heritage-sample-models: %s\n", error.what());
        return 1;
    }
    if (written == 0) {
        std::fprintf(stderr, "heritage-sample-models: no recipe for \"%s\"\n", only.c_str());
        return 1;
    }
    return 0;
}
