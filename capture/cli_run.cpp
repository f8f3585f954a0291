#include "capture/cli_run.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "capture/pipeline.h"
#include "exhibit/error.h"

namespace heritage::capture {

const char* const kRunUsage =
    "  heritage-capture run PHOTOS_DIR (--rig RIG.json | --cameras CAMERAS) --id ID\n"
    "                       --out PACKAGE_DIR [--metadata FILE.json] [--title-vi T]\n"
    "                       [--title-en T] [--work DIR] [--fresh] [--triangles N]\n"
    "                       [--voxels N] [--no-stereo]\n"
    "      photos of an artifact -> artifacts/ID/ in the package: model.glb (+ a light\n"
    "      version), thumbnail, artifact.json with measured dimensions, and the capture\n"
    "      report (capture/report.md). CAMERAS: cameras.json or Middlebury *_par.txt.\n"
    "      Stages are cached in --work (default ~/.cache/heritage3d/capture/ID): a rerun\n"
    "      resumes; --fresh starts over\n";

namespace {

int usage(const std::string& message) {
    std::fprintf(stderr, "heritage-capture run: %s\n\nusage:\n%s", message.c_str(), kRunUsage);
    return 2;
}

void print_stage(int index, int count, const StageReport& stage, bool finished) {
    if (!finished) {
        std::fprintf(stderr, "[%d/%d] %s ...\n", index, count, stage.name.c_str());
        return;
    }
    if (stage.cached)
        std::fprintf(stderr, "[%d/%d] %s: %s (from the work folder)\n", index, count,
                     stage.name.c_str(), stage.summary.c_str());
    else
        std::fprintf(stderr, "[%d/%d] %s: %s (%.1f s)\n", index, count, stage.name.c_str(),
                     stage.summary.c_str(), stage.seconds);
}

}  // namespace

int run_command(const std::vector<std::string_view>& args) {
    CaptureInputs inputs;
    CaptureOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const bool has_value = i + 1 < args.size();
        const std::string_view flag = args[i];
        auto value = [&] { return std::string(args[++i]); };
        if (flag == "--rig" && has_value) {
            inputs.rig_file = value();
        } else if (flag == "--cameras" && has_value) {
            inputs.cameras_file = value();
        } else if (flag == "--id" && has_value) {
            inputs.artifact_id = value();
        } else if (flag == "--out" && has_value) {
            inputs.package_folder = value();
        } else if (flag == "--metadata" && has_value) {
            inputs.metadata_file = value();
        } else if (flag == "--title-vi" && has_value) {
            inputs.title.by_language["vi"] = value();
        } else if (flag == "--title-en" && has_value) {
            inputs.title.by_language["en"] = value();
        } else if (flag == "--work" && has_value) {
            inputs.work_folder = value();
        } else if (flag == "--fresh") {
            options.resume = false;
        } else if (flag == "--triangles" && has_value) {
            options.mesh.max_triangles = std::strtoul(value().c_str(), nullptr, 10);
        } else if (flag == "--voxels" && has_value) {
            options.dense.max_voxels_per_side = std::atoi(value().c_str());
        } else if (flag == "--no-stereo") {
            options.dense.stereo = false;
        } else if (!flag.starts_with("--") && inputs.photos_folder.empty()) {
            inputs.photos_folder = std::string(flag);
        } else {
            return usage("unknown or incomplete option \"" + std::string(flag) + "\"");
        }
    }
    if (inputs.photos_folder.empty())
        return usage("give the folder of photos");
    if (inputs.rig_file.empty() == inputs.cameras_file.empty())
        return usage("give either --rig (a board in the photos) or --cameras (known cameras)");
    if (inputs.artifact_id.empty() || inputs.package_folder.empty())
        return usage("give the artifact's --id and the package folder --out");
    if (options.mesh.max_triangles < 1000 || options.dense.max_voxels_per_side < 32)
        return usage("--triangles must be at least 1000 and --voxels at least 32");
    try {
        const CaptureResult result = run_capture(inputs, options, print_stage);
        double seconds = 0.0;
        for (const StageReport& stage : result.stages)
            seconds += stage.seconds;
        std::printf(
            "%s: %d of %d photos used, %.0f x %.0f x %.0f mm (W x D x H), %zu "
            "triangles, %.0f s\n",
            result.artifact_folder.string().c_str(), result.photos_used, result.photos_found,
            result.size_mm[0], result.size_mm[1], result.size_mm[2], result.triangles, seconds);
        if (!result.rejected.empty()) {
            std::printf("%zu photos set aside (details in capture/report.md):\n",
                        result.rejected.size());
            for (const PhotoIssue& issue : result.rejected)
                std::printf("  %s: %s; %s\n", issue.file.filename().string().c_str(),
                            issue.reason.c_str(), issue.advice.c_str());
        }
        std::printf("report: %s\n",
                    (result.artifact_folder / "capture" / "report.md").string().c_str());
        return 0;
    } catch (const Error& error) {
        std::fprintf(stderr, "heritage-capture run: %s\n", error.what());
        return 1;
    }
}

}  // namespace heritage::capture
