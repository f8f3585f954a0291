#include "capture/cli_run.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "capture/pipeline.h"
#include "exhibit/error.h"

namespace heritage::capture {

const char* const kRunUsage =
    "  heritage-capture run PHOTOS_DIR [--rig RIG.json | --cameras CAMERAS] --id ID\n"
    "                       --out PACKAGE_DIR [--metadata FILE.json] [--title-vi T]\n"
    "                       [--title-en T] [--work DIR] [--fresh] [--triangles N]\n"
    "                       [--voxels N] [--no-stereo]\n"
    "                       [--scale PHOTO X1,Y1 X2,Y2 MM | --scale-board RIG.json]\n"
    "      photos of an artifact -> artifacts/ID/ in the package: model.glb (+ a light\n"
    "      version), thumbnail, artifact.json with measured dimensions, and the capture\n"
    "      report (capture/report.md). --rig: a turntable capture on the printed board;\n"
    "      --cameras: known cameras (cameras.json or Middlebury *_par.txt); neither:\n"
    "      handheld photos, cameras found by structure from motion. A handheld capture's\n"
    "      size in mm comes from --scale (two points MM apart, in pixels of PHOTO) or\n"
    "      --scale-board (a printed board seen in some photos); without, it is unmeasured.\n"
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

// "X,Y" in pixels.
bool parse_point(std::string_view text, cv::Point2d& point) {
    const std::string value(text);
    char* end = nullptr;
    point.x = std::strtod(value.c_str(), &end);
    if (end == value.c_str() || *end != ',')
        return false;
    const char* y_start = end + 1;
    point.y = std::strtod(y_start, &end);
    return end != y_start && *end == '\0';
}

bool parse_positive(std::string_view text, double& number) {
    const std::string value(text);
    char* end = nullptr;
    number = std::strtod(value.c_str(), &end);
    return end != value.c_str() && *end == '\0' && number > 0.0;
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
        } else if (flag == "--scale" && i + 4 < args.size()) {
            ScaleBar bar;
            bar.photo = std::string(args[i + 1]);
            if (!parse_point(args[i + 2], bar.first_px) ||
                !parse_point(args[i + 3], bar.second_px) ||
                !parse_positive(args[i + 4], bar.distance_mm))
                return usage(
                    "--scale takes PHOTO X1,Y1 X2,Y2 MM, e.g. --scale IMG_1.jpg "
                    "120,80 940,96 300");
            inputs.scale_bar = bar;
            i += 4;
        } else if (flag == "--scale-board" && has_value) {
            inputs.scale_board_file = value();
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
    if (!inputs.rig_file.empty() && !inputs.cameras_file.empty())
        return usage("give --rig (a board in the photos) or --cameras (known cameras), not both");
    const bool handheld = inputs.rig_file.empty() && inputs.cameras_file.empty();
    if (!handheld && (inputs.scale_bar || !inputs.scale_board_file.empty()))
        return usage(
            "--scale and --scale-board are for handheld photos; with --rig or "
            "--cameras the scale is known");
    if (inputs.scale_bar && !inputs.scale_board_file.empty())
        return usage("give --scale or --scale-board, not both");
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
        if (handheld) {
            std::printf("registered %d of %zu photos", result.photos_used,
                        static_cast<std::size_t>(result.photos_used) + result.unregistered.size());
            if (!result.unregistered.empty()) {
                std::printf("; left out:");
                for (const auto& file : result.unregistered)
                    std::printf(" %s", file.filename().string().c_str());
            }
            std::printf("\n");
            if (!result.metric)
                std::printf("size not measured: give --scale or --scale-board for true mm\n");
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
