// heritage-bench-capture: the turntable pipeline on synthetic photo sets with known truth: the
// sample's Gia Phú bronze drum and a glazed bowl (concave), 36 photos at 2000 x 1500 each by
// default. Prints per-stage times, peak memory, pose errors, F-score and PSNR against the
// issue's targets (<= 60 s end to end, F >= 0.95, rotation <= 0.1 deg, PSNR >= 30 dB).
//
//   heritage-bench-capture [--views 36] [--size 2000x1500] [--only drum|bowl] [--keep DIR]
//                          [--cross-polarised]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "capture/evaluate.h"
#include "capture/glb_export.h"
#include "capture/pipeline.h"
#include "capture/synth.h"
#include "capture/synthetic_objects.h"
#include "exhibit/error.h"

namespace fs = std::filesystem;
using namespace heritage::capture;

namespace {

double peak_memory_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;
}

struct Case {
    std::string name;
    fs::path model;
};

void run_case(const Case& item, const fs::path& root, const SynthOptions& synth) {
    const fs::path set = root / item.name / "photos-set";
    std::printf("== %s: %d views at %d x %d ==\n", item.name.c_str(), synth.views, synth.size.width,
                synth.size.height);
    const SynthResult made = synthesize_photo_set(item.model, set, synth);
    std::printf("synth: %d photos + %d held out in %.1f s; object %.0f x %.0f x %.0f mm\n",
                made.photos, made.held_out, made.seconds, made.truth.size_mm[0],
                made.truth.size_mm[1], made.truth.size_mm[2]);

    CaptureInputs inputs;
    inputs.photos_folder = set / "photos";
    inputs.rig_file = set / "rig.json";
    inputs.artifact_id = item.name;
    inputs.package_folder = root / item.name / "package";
    inputs.work_folder = root / item.name / "work";
    CaptureOptions options;
    options.resume = false;
    const auto start = std::chrono::steady_clock::now();
    const CaptureResult result = run_capture(inputs, options);
    const double total =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (const StageReport& stage : result.stages)
        std::printf("  %-8s %6.1f s  %s\n", stage.name.c_str(), stage.seconds,
                    stage.summary.c_str());
    std::printf("end to end: %.1f s (target <= 60 s)   peak memory so far: %.0f MB\n", total,
                peak_memory_mb());

    EvaluateOptions evaluate;
    const Evaluation evaluation = evaluate_reconstruction(set, result.artifact_folder, evaluate);
    for (const std::string& line : format_evaluation(evaluation))
        std::printf("  %s\n", line.c_str());
    // The F-score over what the cameras see (DTU's practice); the whole surfaces' F-score is
    // printed above.
    const double f_score = evaluation.surface_seen.f_score;
    std::printf(
        "targets: rotation %.3f deg (<= 0.1) %s, F-score seen %.3f (>= 0.95) %s, whole %.3f, "
        "PSNR %.1f dB (>= 30) %s (one texture at best %.1f dB), time %.1f s (<= 60) %s\n\n",
        evaluation.poses.max_rotation_deg,
        evaluation.poses.max_rotation_deg <= 0.1 ? "met" : "MISSED", f_score,
        f_score >= 0.95 ? "met" : "MISSED", evaluation.surface.f_score,
        evaluation.held_out.psnr_object_db,
        evaluation.held_out.psnr_object_db >= 30 ? "met" : "MISSED",
        evaluation.held_out.psnr_ceiling_db, total, total <= 60 ? "met" : "MISSED");
}

}  // namespace

int main(int argc, char** argv) {
    SynthOptions synth;
    std::string only;
    fs::path keep;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        const bool has_value = i + 1 < argc;
        if (flag == "--views" && has_value) {
            synth.views = std::atoi(argv[++i]);
        } else if (flag == "--size" && has_value) {
            int width = 0, height = 0;
            if (std::sscanf(argv[++i], "%dx%d", &width, &height) == 2)
                synth.size = {width, height};
        } else if (flag == "--only" && has_value) {
            only = argv[++i];
        } else if (flag == "--keep" && has_value) {
            keep = argv[++i];
        } else if (flag == "--cross-polarised") {
            synth.cross_polarised = true;
        } else {
            std::fprintf(stderr,
                         "usage: heritage-bench-capture [--views N] [--size WxH] "
                         "[--only drum|bowl] [--keep DIR] [--cross-polarised]\n");
            return 2;
        }
    }
    const fs::path root =
        keep.empty() ? fs::temp_directory_path() / "heritage-bench-capture" : keep;
    fs::create_directories(root);
    try {
        const fs::path bowl = root / "bowl.glb";
        write_glb(bowl, make_bowl());
        const Case cases[] = {
            {"drum", fs::path(HERITAGE_SOURCE_DIR) /
                         "assets/exhibits/laocai-heritage/artifacts/trong-dong-gia-phu/model.glb"},
            {"bowl", bowl}};
        for (const Case& item : cases)
            if (only.empty() || only == item.name)
                run_case(item, root, synth);
    } catch (const heritage::Error& error) {
        std::fprintf(stderr, "heritage-bench-capture: %s\n", error.what());
        return 1;
    }
    std::printf("peak memory: %.0f MB\n", peak_memory_mb());
    return 0;
}
