// heritage-bench-handheld: handheld capture (structure from motion, no board) on real photo sets,
// ours and COLMAP 3.8 (Debian's, CPU only: it does the sparse part alone) on the same photos in
// one run, COLMAP run as in shared/notes/capture-baseline.md. Per set: registered photos, sparse
// points, track length, reprojection error, wall time (ours: the sparse stages and the whole
// run to a textured model; COLMAP: sparse), peak memory, and where true cameras exist the pose
// errors of both after a similarity alignment. Then the targets: registered >= COLMAP's
// on every set, pose errors <= COLMAP's, our whole run <= COLMAP's sparse time.
//
//   heritage-bench-handheld [--datasets DIR] [--only NAME[,NAME...]] [--no-colmap] [--no-ours]
//                           [--keep DIR]
//
// Sets (under DIR, by default the shared/datasets folder beside the repo): kermit, temple, dino,
// fountain, buddha. COLMAP is the `colmap` on PATH (scripts/bench-handheld.sh installs it).
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "capture/camera.h"
#include "capture/evaluate.h"
#include "capture/pipeline.h"
#include "exhibit/error.h"

extern char** environ;

namespace fs = std::filesystem;
using namespace heritage::capture;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string format(const char* pattern, auto... values) {
    char text[512];
    std::snprintf(text, sizeof text, pattern, values...);
    return text;
}

// ---------------------------------------------------------------------------------------------
// The photo sets.

enum class TruthFormat { none, middlebury, strecha };

struct Dataset {
    std::string name;
    fs::path photos;  // under the datasets folder
    TruthFormat truth_format = TruthFormat::none;
    fs::path truth;  // the *_par.txt file or the folder of .camera files
    // The true K given to both programs and not refined (Middlebury, as in the notes).
    bool fixed_intrinsics = false;
};

const std::vector<Dataset>& all_datasets() {
    static const std::vector<Dataset> datasets = {
        {"kermit", "bundler-kermit/images", TruthFormat::none, {}, false},
        {"temple", "middlebury-sparse-ring/templeSparseRing", TruthFormat::middlebury,
         "middlebury-sparse-ring/templeSparseRing/templeSR_par.txt", true},
        {"dino", "middlebury-sparse-ring/dinoSparseRing", TruthFormat::middlebury,
         "middlebury-sparse-ring/dinoSparseRing/dinoSR_par.txt", true},
        {"fountain", "strecha-fountain-P11/images", TruthFormat::strecha,
         "strecha-fountain-P11/gt_dense_cameras", false},
        {"buddha", "alicevision-buddha13/images", TruthFormat::none, {}, false},
    };
    return datasets;
}

bool is_photo(const fs::path& file) {
    std::string extension = file.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return extension == ".jpg" || extension == ".jpeg" || extension == ".png";
}

// A set's photos alone (no K.txt, no parameter files), copied into the run's folder, where both
// programs read them.
struct PhotoSet {
    fs::path images;
    int photos = 0;
    cv::Size size;
    std::optional<CameraSet> truth;
    double ring_radius_mm = 0.0;  // mean distance of the true centres from their middle
    CameraIntrinsics fixed;       // width_px > 0: K known and fixed
};

double ring_radius_mm(const CameraSet& cameras) {
    cv::Vec3d middle(0.0, 0.0, 0.0);
    for (const CameraView& view : cameras.views)
        middle += view.cam_from_world.center_mm() / double(cameras.views.size());
    double radius = 0.0;
    for (const CameraView& view : cameras.views)
        radius += cv::norm(view.cam_from_world.center_mm() - middle) / double(cameras.views.size());
    return radius;
}

PhotoSet prepare_photos(const Dataset& dataset, const fs::path& datasets, const fs::path& folder) {
    const fs::path source = datasets / dataset.photos;
    std::vector<fs::path> photos;
    for (const fs::directory_entry& entry : fs::directory_iterator(source)) {
        if (entry.is_regular_file() && is_photo(entry.path()))
            photos.push_back(entry.path());
    }
    std::sort(photos.begin(), photos.end());
    if (photos.empty()) {
        throw heritage::Error(source.string() +
                              ": no JPEG or PNG photos in this folder; give --datasets the "
                              "shared/datasets folder");
    }
    PhotoSet set;
    set.images = folder / "images";
    fs::create_directories(set.images);
    for (const fs::path& photo : photos)
        fs::copy_file(photo, set.images / photo.filename(), fs::copy_options::overwrite_existing);
    set.photos = int(photos.size());
    set.size = cv::imread(photos.front().string(), cv::IMREAD_UNCHANGED).size();

    if (dataset.truth_format == TruthFormat::middlebury)
        set.truth = read_middlebury_cameras(datasets / dataset.truth, source);
    else if (dataset.truth_format == TruthFormat::strecha)
        set.truth = read_strecha_cameras(datasets / dataset.truth, source);
    if (set.truth)
        set.ring_radius_mm = ring_radius_mm(*set.truth);
    if (dataset.fixed_intrinsics && set.truth && !set.truth->views.empty())
        set.fixed = set.truth->views.front().intrinsics;
    return set;
}

// ---------------------------------------------------------------------------------------------
// What one program made of a set.

struct Step {
    std::string name;
    double seconds = 0.0;
    std::string summary;
};

struct SparseRun {
    bool ran = false;
    std::string failure;          // why there is no model (empty when there is one)
    std::vector<Step> steps;      // in order
    double sparse_seconds = 0.0;  // photos to cameras and sparse points; NAN: not known
    double whole_seconds = NAN;   // photos to a textured model (ours only)
    int registered = 0;
    int points = 0;
    double track_length = 0.0;
    double reprojection_px = 0.0;
    double peak_memory_mb = 0.0;
    std::optional<CameraSet> cameras;
    std::optional<PoseErrors> pose_errors;
    std::string pose_failure;  // why no pose errors although there is truth
};

void judge_poses(SparseRun& run, const PhotoSet& set) {
    if (!set.truth || !run.cameras)
        return;
    try {
        run.pose_errors = compare_poses_aligned(*run.cameras, *set.truth);
    } catch (const heritage::Error& error) {
        run.pose_failure = error.what();
    }
}

// ---------------------------------------------------------------------------------------------
// COLMAP, as a child process per step.

struct ChildRun {
    int exit_status = 0;  // the exit code, or 128 + the signal
    double seconds = 0.0;
    double peak_memory_mb = 0.0;
};

// Runs `arguments` (found on PATH) with stdout and stderr into `log_file`; throws
// heritage::Error if it cannot be started.
ChildRun run_child(const std::vector<std::string>& arguments, const fs::path& log_file) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::vector<char*> argv;
    for (const std::string& argument : arguments)
        argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    const Clock::time_point start = Clock::now();
    pid_t child = 0;
    const int error = posix_spawnp(&child, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) {
        throw heritage::Error(arguments[0] + ": cannot be started (" + std::strerror(error) +
                              "); install COLMAP (scripts/bench-handheld.sh does) or pass "
                              "--no-colmap");
    }
    int status = 0;
    rusage usage{};
    while (wait4(child, &status, 0, &usage) < 0 && errno == EINTR) {
    }
    ChildRun run;
    run.seconds = seconds_since(start);
    run.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    run.peak_memory_mb = usage.ru_maxrss / 1024.0;
    return run;
}

std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The number after "label: " on a line of COLMAP's output (glog's prefix allowed before it).
std::optional<double> value_after(const std::string& output, const std::string& label) {
    std::istringstream lines(output);
    std::string line;
    while (std::getline(lines, line)) {
        const std::size_t at = line.find(label + ": ");
        if (at == std::string::npos || (at > 0 && line[at - 1] != ' '))
            continue;
        const char* number = line.c_str() + at + label.size() + 2;
        char* end = nullptr;
        const double value = std::strtod(number, &end);
        if (end != number)
            return value;
    }
    return std::nullopt;
}

// Why a step made nothing: COLMAP's own words for the known failures, else its last line.
std::string failure_reason(const std::string& output) {
    for (const char* known : {"No good initial image pair found", "Not enough images"}) {
        if (output.find(known) != std::string::npos)
            return known;
    }
    std::istringstream lines(output);
    std::string line, last;
    while (std::getline(lines, line)) {
        if (line.find_first_not_of(" \t\r") != std::string::npos)
            last = line;
    }
    return last.empty() ? "no output" : last;
}

// images.txt: per image a line "IMAGE_ID QW QX QY QZ TX TY TZ CAMERA_ID NAME" (cam_from_world)
// and a line of its 2D points (possibly empty), after '#' comments.
CameraSet read_colmap_images(const fs::path& file) {
    std::istringstream lines(read_text(file));
    std::string line;
    CameraSet cameras;
    cameras.method = "colmap";
    bool pose_line = true;
    while (std::getline(lines, line)) {
        if (!line.empty() && line[0] == '#')
            continue;
        if (!pose_line) {  // the points of the image before
            pose_line = true;
            continue;
        }
        std::istringstream fields(line);
        long image_id = 0, camera_id = 0;
        double qw = 0, qx = 0, qy = 0, qz = 0;
        cv::Vec3d t;
        std::string name;
        if (!(fields >> image_id >> qw >> qx >> qy >> qz >> t[0] >> t[1] >> t[2] >> camera_id))
            continue;  // a blank line at the end
        std::getline(fields >> std::ws, name);
        const double norm = std::sqrt(qw * qw + qx * qx + qy * qy + qz * qz);
        qw /= norm, qx /= norm, qy /= norm, qz /= norm;
        CameraView view;
        view.photo_file = name;
        view.image_file = name;
        view.cam_from_world.rotation = cv::Matx33d(
            1 - 2 * (qy * qy + qz * qz), 2 * (qx * qy - qz * qw), 2 * (qx * qz + qy * qw),
            2 * (qx * qy + qz * qw), 1 - 2 * (qx * qx + qz * qz), 2 * (qy * qz - qx * qw),
            2 * (qx * qz - qy * qw), 2 * (qy * qz + qx * qw), 1 - 2 * (qx * qx + qy * qy));
        view.cam_from_world.translation_mm = t;  // COLMAP's own units
        cameras.views.push_back(view);
        pose_line = false;
    }
    return cameras;
}

// A number for a command line, with every digit it has.
std::string exact(double value) {
    return format("%.17g", value);
}

SparseRun run_colmap(const PhotoSet& set, const fs::path& folder) {
    SparseRun run;
    run.ran = true;
    fs::create_directories(folder / "sparse");
    const std::string database = (folder / "database.db").string();
    const std::string images = set.images.string();
    std::vector<std::string> extract = {"colmap",
                                        "feature_extractor",
                                        "--database_path",
                                        database,
                                        "--image_path",
                                        images,
                                        "--SiftExtraction.use_gpu",
                                        "0",
                                        "--ImageReader.single_camera",
                                        "1"};
    std::vector<std::string> match = {"colmap", "exhaustive_matcher",     "--database_path",
                                      database, "--SiftMatching.use_gpu", "0"};
    std::vector<std::string> map = {
        "colmap",       "mapper", "--database_path", database,
        "--image_path", images,   "--output_path",   (folder / "sparse").string()};
    if (set.fixed.width_px > 0) {
        const CameraIntrinsics& k = set.fixed;
        extract.insert(extract.end(),
                       {"--ImageReader.camera_model", "PINHOLE", "--ImageReader.camera_params",
                        exact(k.fx) + "," + exact(k.fy) + "," + exact(k.cx) + "," + exact(k.cy)});
        map.insert(map.end(),
                   {"--Mapper.ba_refine_focal_length", "0", "--Mapper.ba_refine_principal_point",
                    "0", "--Mapper.ba_refine_extra_params", "0"});
    }
    for (const std::vector<std::string>& step : {extract, match, map}) {
        const std::string& name = step[1];
        std::fprintf(stderr, "  colmap %s ...\n", name.c_str());
        const fs::path log = folder / (name + ".log");
        const ChildRun child = run_child(step, log);
        run.steps.push_back({name, child.seconds, {}});
        run.sparse_seconds += child.seconds;
        run.peak_memory_mb = std::max(run.peak_memory_mb, child.peak_memory_mb);
        if (child.exit_status != 0) {
            run.failure = name + " failed (exit " + std::to_string(child.exit_status) +
                          "): " + failure_reason(read_text(log));
            return run;
        }
    }

    // The mapper writes one model per connected part, sparse/0, sparse/1, ...: the largest.
    std::optional<fs::path> best;
    for (const fs::directory_entry& entry : fs::directory_iterator(folder / "sparse")) {
        if (!entry.is_directory())
            continue;
        const fs::path log =
            folder / ("model_analyzer-" + entry.path().filename().string() + ".log");
        run_child({"colmap", "model_analyzer", "--path", entry.path().string()}, log);
        const std::string output = read_text(log);
        const int registered = int(value_after(output, "Registered images").value_or(0));
        if (best && registered <= run.registered)
            continue;
        best = entry.path();
        run.registered = registered;
        run.points = int(value_after(output, "Points").value_or(0));
        run.track_length = value_after(output, "Mean track length").value_or(0.0);
        run.reprojection_px = value_after(output, "Mean reprojection error").value_or(0.0);
    }
    if (!best) {
        run.failure = "mapper made no model: " + failure_reason(read_text(folder / "mapper.log"));
        return run;
    }
    fs::create_directories(folder / "txt");
    run_child({"colmap", "model_converter", "--input_path", best->string(), "--output_path",
               (folder / "txt").string(), "--output_type", "TXT"},
              folder / "model_converter.log");
    if (fs::is_regular_file(folder / "txt" / "images.txt"))
        run.cameras = read_colmap_images(folder / "txt" / "images.txt");
    else
        run.pose_failure = "model_converter wrote no images.txt";
    judge_poses(run, set);
    return run;
}

// ---------------------------------------------------------------------------------------------
// Ours: run_capture, in this process.

double peak_memory_mb_of_this_process() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;
}

// The stage that ends the sparse part (photos to cameras and sparse points).
bool ends_sparse_part(const std::string& stage) {
    return stage == "sfm" || stage == "poses" || stage == "sparse";
}

SparseRun run_ours(const PhotoSet& set, const std::string& id, const fs::path& folder) {
    SparseRun run;
    run.ran = true;
    CaptureInputs inputs;
    inputs.photos_folder = set.images;
    inputs.artifact_id = id;
    inputs.package_folder = folder / "package";
    inputs.work_folder = folder / "work";
    CaptureOptions options;
    options.resume = false;
    if (set.fixed.width_px > 0)
        options.sfm.known_intrinsics = set.fixed;
    // The stages as they finish: a failed run still shows how far it got.
    const StageCallback progress = [&run](int index, int count, const StageReport& stage,
                                          bool finished) {
        if (!finished)
            return;
        std::fprintf(stderr, "  ours %d/%d %s: %.1f s, %s\n", index, count, stage.name.c_str(),
                     stage.seconds, stage.summary.c_str());
        run.steps.push_back({stage.name, stage.seconds, stage.summary});
    };
    const Clock::time_point start = Clock::now();
    CaptureResult result;
    try {
        result = run_capture(inputs, options, progress);
    } catch (const heritage::Error& error) {
        run.failure = error.what();
    } catch (const std::exception& error) {
        run.failure = std::string("unexpected error: ") + error.what();
    }
    run.whole_seconds = seconds_since(start);
    run.peak_memory_mb = peak_memory_mb_of_this_process();
    if (!run.failure.empty()) {
        run.sparse_seconds = NAN;
        return run;
    }

    bool sparse_end_found = false;
    for (const Step& stage : run.steps) {
        if (!sparse_end_found)
            run.sparse_seconds += stage.seconds;
        sparse_end_found = sparse_end_found || ends_sparse_part(stage.name);
    }
    if (!sparse_end_found)
        run.sparse_seconds = NAN;
    run.points = result.sparse_points;
    run.track_length = result.mean_track_length;
    run.reprojection_px = result.mean_reprojection_px;
    const fs::path cameras_file = result.artifact_folder / "capture" / "cameras.json";
    if (fs::is_regular_file(cameras_file)) {
        run.cameras = read_cameras(cameras_file);
        run.registered = int(run.cameras->views.size());
    } else {
        run.registered = result.photos_used;
        run.pose_failure = cameras_file.string() + " is missing";
    }
    judge_poses(run, set);
    return run;
}

// ---------------------------------------------------------------------------------------------
// The table.

struct SetResult {
    std::string name;
    PhotoSet set;
    SparseRun ours;
    SparseRun colmap;
};

std::string cell(const SparseRun& run, const std::string& text) {
    if (!run.ran)
        return "not run";
    return text;
}

std::string ratio(double ours, double colmap) {
    if (!(ours >= 0.0) || !(colmap > 0.0))
        return "";
    return format("%.2f", ours / colmap);
}

// The ratio of a figure of the two models, when both programs made one.
std::string model_ratio(const SparseRun& ours, const SparseRun& colmap, double ours_value,
                        double colmap_value) {
    const bool both = ours.ran && colmap.ran && ours.failure.empty() && colmap.failure.empty();
    return both ? ratio(ours_value, colmap_value) : std::string();
}

void print_row(const std::string& label, const std::string& ours, const std::string& colmap,
               const std::string& ratio_text = "") {
    std::printf("  %-30s %-28s %-28s %s\n", label.c_str(), ours.c_str(), colmap.c_str(),
                ratio_text.c_str());
}

std::string seconds_text(double seconds) {
    return std::isnan(seconds) ? std::string("?") : format("%.1f s", seconds);
}

// A number of a run that made a model, else "-".
std::string model_value(const SparseRun& run, const std::string& text) {
    return cell(run, run.failure.empty() ? text : "-");
}

void print_steps(const char* who, const SparseRun& run) {
    if (!run.ran)
        return;
    std::string line;
    for (const Step& step : run.steps)
        line += (line.empty() ? "" : ", ") + step.name + format(" %.1f s", step.seconds);
    std::printf("  %s steps: %s\n", who, line.empty() ? "none" : line.c_str());
    if (!run.failure.empty())
        std::printf("  %s FAILED: %s\n", who, run.failure.c_str());
    if (!run.pose_failure.empty())
        std::printf("  %s poses not compared: %s\n", who, run.pose_failure.c_str());
}

void print_set(const SetResult& r) {
    const SparseRun& ours = r.ours;
    const SparseRun& colmap = r.colmap;
    print_row("", "ours", "COLMAP 3.8", "ours/COLMAP");
    print_row("registered photos", cell(ours, format("%d of %d", ours.registered, r.set.photos)),
              cell(colmap, format("%d of %d", colmap.registered, r.set.photos)));
    print_row("sparse points", model_value(ours, std::to_string(ours.points)),
              model_value(colmap, std::to_string(colmap.points)),
              model_ratio(ours, colmap, double(ours.points), double(colmap.points)));
    print_row("mean track length", model_value(ours, format("%.2f", ours.track_length)),
              model_value(colmap, format("%.2f", colmap.track_length)),
              model_ratio(ours, colmap, ours.track_length, colmap.track_length));
    print_row("mean reprojection error", model_value(ours, format("%.2f px", ours.reprojection_px)),
              model_value(colmap, format("%.2f px", colmap.reprojection_px)),
              model_ratio(ours, colmap, ours.reprojection_px, colmap.reprojection_px));
    print_row("sparse time (to cameras)", cell(ours, seconds_text(ours.sparse_seconds)),
              cell(colmap, seconds_text(colmap.sparse_seconds)),
              model_ratio(ours, colmap, ours.sparse_seconds, colmap.sparse_seconds));
    const std::string whole_ratio = ours.ran && colmap.ran && ours.failure.empty()
                                        ? ratio(ours.whole_seconds, colmap.sparse_seconds)
                                        : std::string();
    print_row("whole run (to textured .glb)", cell(ours, seconds_text(ours.whole_seconds)),
              cell(colmap, "(sparse only on a CPU)"),
              whole_ratio.empty() ? whole_ratio : whole_ratio + " of COLMAP's sparse");
    print_row("peak memory", cell(ours, format("%.0f MB (process so far)", ours.peak_memory_mb)),
              cell(colmap, format("%.0f MB", colmap.peak_memory_mb)));
    if (r.set.truth) {
        const double radius = r.set.ring_radius_mm;
        auto centre = [&](const SparseRun& run) {
            if (!run.pose_errors)
                return cell(run, "-");
            const PoseErrors& e = *run.pose_errors;
            return format("%.2f / %.2f mm (%.3f / %.3f %%)", e.mean_center_mm, e.max_center_mm,
                          100.0 * e.mean_center_mm / radius, 100.0 * e.max_center_mm / radius);
        };
        auto rotation = [&](const SparseRun& run) {
            if (!run.pose_errors)
                return cell(run, "-");
            return format("%.3f / %.3f deg", run.pose_errors->mean_rotation_deg,
                          run.pose_errors->max_rotation_deg);
        };
        auto both = [&](auto field) {
            return ours.pose_errors && colmap.pose_errors
                       ? ratio(field(*ours.pose_errors), field(*colmap.pose_errors))
                       : std::string();
        };
        print_row("centre error mean / max", centre(ours), centre(colmap),
                  both([](const PoseErrors& e) { return e.mean_center_mm; }));
        print_row("rotation error mean / max", rotation(ours), rotation(colmap),
                  both([](const PoseErrors& e) { return e.mean_rotation_deg; }));
        std::printf(
            "  (after a similarity alignment to the true cameras; %% of the ring's radius, the "
            "true centres' mean distance from their middle: %.2f m)\n",
            radius / 1000.0);
    }
    print_steps("ours", ours);
    print_steps("COLMAP", colmap);
}

// ---------------------------------------------------------------------------------------------
// The targets.

struct Verdict {
    bool met = true;
    std::string detail;

    void add(const std::string& set, bool set_met, const std::string& figures) {
        met = met && set_met;
        detail += (detail.empty() ? "" : "; ") + set + " " + figures + (set_met ? "" : " MISSED");
    }
};

void print_targets(const std::vector<SetResult>& results) {
    Verdict registered, poses, time;
    int compared = 0;
    for (const SetResult& r : results) {
        if (!r.ours.ran || !r.colmap.ran)
            continue;
        ++compared;
        registered.add(r.name, r.ours.registered >= r.colmap.registered,
                       format("%d vs %d", r.ours.registered, r.colmap.registered));
        if (r.set.truth) {
            const std::optional<PoseErrors>& a = r.ours.pose_errors;
            const std::optional<PoseErrors>& b = r.colmap.pose_errors;
            if (a && b) {
                poses.add(r.name,
                          a->mean_center_mm <= b->mean_center_mm &&
                              a->mean_rotation_deg <= b->mean_rotation_deg,
                          format("%.2f vs %.2f mm, %.3f vs %.3f deg", a->mean_center_mm,
                                 b->mean_center_mm, a->mean_rotation_deg, b->mean_rotation_deg));
            } else if (a || b) {
                poses.add(r.name, bool(a), a ? "ours only (COLMAP has no poses)" : "COLMAP only");
            }
        }
        time.add(r.name, r.ours.failure.empty() && r.ours.whole_seconds <= r.colmap.sparse_seconds,
                 format("%.0f vs %.0f s", r.ours.whole_seconds, r.colmap.sparse_seconds));
    }
    std::printf("== targets ==\n");
    if (compared == 0) {
        std::printf("  none judged: both programs must run on a set\n");
        return;
    }
    auto line = [](const char* target, const Verdict& verdict) {
        std::printf("  %s: %s (%s)\n", target,
                    verdict.detail.empty() ? "n/a" : (verdict.met ? "met" : "MISSED"),
                    verdict.detail.empty() ? "no set to judge" : verdict.detail.c_str());
    };
    line("registered photos >= COLMAP's on every set", registered);
    line("mean pose errors <= COLMAP's (centre and rotation)", poses);
    line("our whole run <= COLMAP's sparse time", time);
}

// ---------------------------------------------------------------------------------------------

// Timings mean little while other work shares the cores: the CPU time the machine spent outside
// this process and its children while a set ran says how much.
struct CpuClock {
    Clock::time_point wall = Clock::now();
    double machine_busy_s = 0.0;  // all processes, from /proc/stat
    double ours_s = 0.0;          // this process and its finished children

    static CpuClock now() {
        CpuClock clock;
        std::ifstream stat("/proc/stat");
        std::string cpu;
        double user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0,
               steal = 0;
        if (stat >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal)
            clock.machine_busy_s =
                (user + nice + system + irq + softirq + steal) / double(sysconf(_SC_CLK_TCK));
        for (int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
            rusage usage{};
            getrusage(who, &usage);
            clock.ours_s += double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                            1e-6 * double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
        }
        return clock;
    }
};

void print_other_load(const CpuClock& start) {
    const CpuClock end = CpuClock::now();
    const double wall = std::chrono::duration<double>(end.wall - start.wall).count();
    const double cores = std::max(1u, std::thread::hardware_concurrency());
    const double others =
        std::max(0.0, (end.machine_busy_s - start.machine_busy_s) - (end.ours_s - start.ours_s));
    const double share = others / (wall * cores);
    std::printf("  other processes used %.0f %% of the %g cores while this set ran%s\n",
                100.0 * share, cores,
                share > 0.1 ? ": the timings above are slower than on an idle machine" : "");
}

struct Arguments {
    fs::path datasets = fs::path(HERITAGE_SOURCE_DIR).parent_path() / "shared" / "datasets";
    std::vector<std::string> only;
    bool colmap = true;
    bool ours = true;
    fs::path keep;
};

std::vector<std::string> split_commas(const std::string& text) {
    std::vector<std::string> parts;
    std::istringstream in(text);
    std::string part;
    while (std::getline(in, part, ','))
        if (!part.empty())
            parts.push_back(part);
    return parts;
}

std::optional<Arguments> parse_arguments(int argc, char** argv) {
    Arguments arguments;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        const bool has_value = i + 1 < argc;
        if (flag == "--datasets" && has_value) {
            arguments.datasets = argv[++i];
        } else if (flag == "--only" && has_value) {
            arguments.only = split_commas(argv[++i]);
        } else if (flag == "--no-colmap") {
            arguments.colmap = false;
        } else if (flag == "--no-ours") {
            arguments.ours = false;
        } else if (flag == "--keep" && has_value) {
            arguments.keep = argv[++i];
        } else {
            return std::nullopt;
        }
    }
    for (const std::string& name : arguments.only) {
        const auto& sets = all_datasets();
        if (std::none_of(sets.begin(), sets.end(),
                         [&](const Dataset& d) { return d.name == name; })) {
            std::fprintf(stderr, "heritage-bench-handheld: --only %s: no such set\n", name.c_str());
            return std::nullopt;
        }
    }
    return arguments;
}

}  // namespace

int main(int argc, char** argv) {
    const std::optional<Arguments> arguments = parse_arguments(argc, argv);
    if (!arguments) {
        std::fprintf(stderr,
                     "usage: heritage-bench-handheld [--datasets DIR] "
                     "[--only kermit,temple,dino,fountain,buddha] [--no-colmap] [--no-ours] "
                     "[--keep DIR]\n");
        return 2;
    }
    setenv("QT_QPA_PLATFORM", "offscreen", 1);  // COLMAP's Qt, with no display
    const fs::path root = arguments->keep.empty()
                              ? fs::temp_directory_path() / "heritage-bench-handheld"
                              : arguments->keep;
    std::printf("datasets: %s\nwork: %s\n\n", arguments->datasets.string().c_str(),
                root.string().c_str());
    std::vector<SetResult> results;
    try {
        for (const Dataset& dataset : all_datasets()) {
            const auto& only = arguments->only;
            if (!only.empty() && std::find(only.begin(), only.end(), dataset.name) == only.end())
                continue;
            if (!fs::is_directory(arguments->datasets / dataset.photos)) {
                std::printf("== %s: skipped, %s is absent ==\n\n", dataset.name.c_str(),
                            (arguments->datasets / dataset.photos).string().c_str());
                continue;
            }
            const fs::path folder = root / dataset.name;
            fs::remove_all(folder);
            SetResult r;
            r.name = dataset.name;
            r.set = prepare_photos(dataset, arguments->datasets, folder);
            std::printf("== %s: %d photos, %d x %d%s%s ==\n", dataset.name.c_str(), r.set.photos,
                        r.set.size.width, r.set.size.height,
                        r.set.truth ? ", true cameras" : ", no true cameras",
                        r.set.fixed.width_px > 0 ? ", K known and fixed in both" : "");
            std::fflush(stdout);
            const CpuClock start = CpuClock::now();
            if (arguments->colmap)
                r.colmap = run_colmap(r.set, folder / "colmap");
            if (arguments->ours)
                r.ours = run_ours(r.set, dataset.name, folder / "ours");
            print_set(r);
            print_other_load(start);
            std::printf("\n");
            std::fflush(stdout);
            results.push_back(std::move(r));
            if (arguments->keep.empty())
                fs::remove_all(folder);
        }
    } catch (const heritage::Error& error) {
        std::fprintf(stderr, "heritage-bench-handheld: %s\n", error.what());
        return 1;
    }
    print_targets(results);
    std::printf("peak memory: ours %.0f MB (this process), COLMAP %.0f MB (its largest step)\n",
                peak_memory_mb_of_this_process(), [&] {
                    double peak = 0.0;
                    for (const SetResult& r : results)
                        peak = std::max(peak, r.colmap.peak_memory_mb);
                    return peak;
                }());
    return 0;
}
