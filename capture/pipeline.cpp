// The order of the stages, their caches, and the hand-over to the package. Each stage is a
// free function in its own file; this file only connects them.
#include "capture/pipeline.h"

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <map>
#include <sstream>

#include <opencv2/imgcodecs.hpp>

#include "capture/capture_report.h"
#include "capture/glb_export.h"
#include "capture/object_region.h"
#include "capture/package_artifact.h"
#include "capture/render_views.h"
#include "capture/stage_cache.h"
#include "capture/undistort.h"
#include "exhibit/error.h"
#include "exhibit/files.h"
#include "render/scene/data_dir.h"

namespace heritage::capture {

namespace fs = std::filesystem;

namespace {

constexpr int kStageCount = 7;
constexpr const char* kTool = "heritage-capture 0.1.0";

std::string format(const char* pattern, double value) {
    char text[96];
    std::snprintf(text, sizeof text, pattern, value);
    return text;
}

// Runs one stage: reports its start, times it, reports its end, records it.
class StageRunner {
  public:
    StageRunner(const StageCallback& on_stage, CaptureResult& result)
        : on_stage_(on_stage), result_(result) {}

    // `work` returns the stage's one-line summary; `cached` says it was loaded, not computed.
    template <typename Work>
    void run(const std::string& name, bool cached, Work&& work) {
        StageReport report;
        report.name = name;
        report.cached = cached;
        ++index_;
        if (on_stage_)
            on_stage_(index_, kStageCount, report, false);
        const auto start = std::chrono::steady_clock::now();
        report.summary = work();
        report.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (on_stage_)
            on_stage_(index_, kStageCount, report, true);
        result_.stages.push_back(report);
    }

  private:
    const StageCallback& on_stage_;
    CaptureResult& result_;
    int index_ = 0;
};

bool is_middlebury_file(const fs::path& file) {
    return file.extension() == ".txt";
}

// Known cameras, kept for the accepted photos only; photos with no camera are set aside.
CameraSet known_cameras_for(const CaptureInputs& inputs, const IngestResult& ingest,
                            std::vector<PhotoIssue>& rejected) {
    CameraSet all = is_middlebury_file(inputs.cameras_file)
                        ? read_middlebury_cameras(inputs.cameras_file, inputs.photos_folder)
                        : read_cameras(inputs.cameras_file);
    if (is_middlebury_file(inputs.cameras_file))
        align_world_to_cameras(all);
    std::map<std::string, const CameraView*> by_name;
    for (const CameraView& view : all.views)
        by_name[view.photo_file.filename().string()] = &view;
    CameraSet cameras;
    cameras.method = "known-cameras";
    for (const Photo& photo : ingest.accepted) {
        const auto found = by_name.find(photo.file.filename().string());
        if (found == by_name.end()) {
            rejected.push_back({photo.file, "no camera for it in " + inputs.cameras_file.string(),
                                "add its camera to the file, or leave the photo out"});
            continue;
        }
        CameraView view = *found->second;
        view.photo_file = photo.file;
        view.image_file = photo.file;
        if (view.intrinsics.width_px != photo.width_px ||
            view.intrinsics.height_px != photo.height_px) {
            rejected.push_back(
                {photo.file,
                 "its camera is for " + std::to_string(view.intrinsics.width_px) + " x " +
                     std::to_string(view.intrinsics.height_px) + " px, the photo is " +
                     std::to_string(photo.width_px) + " x " + std::to_string(photo.height_px),
                 "use the photo the cameras were calibrated with (not resized or rotated)"});
            continue;
        }
        cameras.views.push_back(view);
    }
    constexpr std::size_t kMinViews = 3;
    if (cameras.views.size() < kMinViews)
        throw Error(inputs.cameras_file.string() + ": only " +
                    std::to_string(cameras.views.size()) +
                    " usable photos have a camera in this file (at least 3 are needed); check "
                    "that the file's photo names match the files in " +
                    inputs.photos_folder.string());
    return cameras;
}

// A camera looking at the model from the front, a little above, for the thumbnail.
CameraView thumbnail_view(const MeshBounds& bounds, int size_px) {
    const cv::Vec3d centre = (bounds.min_mm + bounds.max_mm) * 0.5;
    const double radius = cv::norm(bounds.max_mm - bounds.min_mm) * 0.5;
    const double focal = size_px * 1.6;  // about 35 degrees across
    const double distance = radius * focal / (size_px * 0.5) * 1.05;
    const double elevation = 20.0 * CV_PI / 180.0, azimuth = -90.0 * CV_PI / 180.0;
    const cv::Vec3d eye =
        centre + distance * cv::Vec3d(std::cos(elevation) * std::cos(azimuth),
                                      std::cos(elevation) * std::sin(azimuth), std::sin(elevation));
    CameraView view;
    view.intrinsics = {size_px, size_px, focal, focal, size_px / 2.0, size_px / 2.0, {}};
    view.cam_from_world = look_at(eye, centre);
    return view;
}

// Turntable (a board) or known cameras: poses, masks, the visual hull carved by stereo.
// Returns the volume's cache key.
std::string turntable_stages(const CaptureInputs& inputs, const CaptureOptions& options,
                             const std::string& ingest_key, const StageCache& cache,
                             StageRunner& stages, const IngestResult& ingest, CameraSet& cameras,
                             VolumeGrid& volume, CaptureResult& result) {
    auto cached = [&](const char* stage, const std::string& key) {
        return options.resume && cache.is_valid(stage, key);
    };
    // 2. Cameras: from the board, or given; then undistorted copies of the photos.
    const bool with_board = !inputs.rig_file.empty();
    const std::optional<ChArUcoRig> rig =
        with_board ? std::optional<ChArUcoRig>(read_rig(inputs.rig_file)) : std::nullopt;
    const std::string poses_key =
        make_key({ingest_key,
                  with_board ? fingerprint_file(inputs.rig_file) + read_file(inputs.rig_file)
                             : fingerprint_file(inputs.cameras_file) + inputs.cameras_file.string(),
                  describe(options.poses), describe(options.object_feature_poses)});
    int object_points = -1;  // tying the poses together; -1: not counted (from the cache)
    stages.run("poses", cached("poses", poses_key), [&] {
        std::vector<PhotoIssue> rejected;
        if (cached("poses", poses_key)) {
            cameras = read_cameras(cache.path("cameras.json"));
            rejected = cache.load_rejected("poses-rejected");
        } else {
            if (with_board) {
                PoseResult poses = estimate_poses_charuco(ingest.accepted, *rig, options.poses);
                cameras = std::move(poses.cameras);
                rejected = std::move(poses.rejected);
                const ObjectFeaturePoseSummary refined = refine_poses_with_object_features(
                    cameras, poses.corners, options.object_feature_poses);
                object_points = refined.object_points;
            } else {
                cameras = known_cameras_for(inputs, ingest, rejected);
            }
            undistort_views(cameras, cache.path("images"));
            write_cameras(cache.path("cameras.json"), cameras);
            cache.save(rejected, "poses-rejected");
            cache.mark_valid("poses", poses_key);
        }
        result.rejected.insert(result.rejected.end(), rejected.begin(), rejected.end());
        if (with_board)
            return std::to_string(cameras.views.size()) + " photos posed, " +
                   format("%.2f px RMS", cameras.reprojection_rms_px) +
                   (object_points > 0
                        ? ", with " + std::to_string(object_points) + " points of the object"
                        : "");
        return std::to_string(cameras.views.size()) + " photos with known cameras";
    });
    result.photos_used = static_cast<int>(cameras.views.size());
    result.reprojection_rms_px = cameras.reprojection_rms_px;

    // 3. Object masks.
    const ObjectRegion region = estimate_object_region(cameras, rig);
    const std::string masks_key = make_key({poses_key, describe(options.masks)});
    std::vector<cv::Mat> masks;
    stages.run("masks", cached("masks", masks_key), [&] {
        if (cached("masks", masks_key)) {
            masks = cache.load_masks(cameras);
        } else {
            masks = compute_object_masks(cameras, region, rig, options.masks);
            cache.save_masks(cameras, masks);
            cache.mark_valid("masks", masks_key);
        }
        double share = 0.0;
        for (const cv::Mat& mask : masks)
            share += cv::countNonZero(mask) / static_cast<double>(mask.total());
        return format("object covers %.1f %% of a photo on average",
                      100.0 * share / std::max<std::size_t>(masks.size(), 1));
    });

    // 4. Dense geometry.
    const std::string dense_key = make_key({masks_key, describe(options.dense)});
    stages.run("dense", cached("dense", dense_key), [&] {
        if (cached("dense", dense_key)) {
            volume = cache.load_volume();
        } else {
            volume = reconstruct_dense(cameras, masks, region, options.dense);
            cache.save(volume);
            cache.mark_valid("dense", dense_key);
        }
        for (const std::size_t view : volume.views_left_out)
            result.rejected.push_back(
                {cameras.views[view].photo_file,
                 "the object's outline found in it disagrees with the other photos, so it was "
                 "left out of the shape (still used for colour)",
                 "look at its mask in the work folder; light the backdrop evenly and keep it "
                 "unlike the object's colours, or retake it"});
        return std::to_string(volume.nx) + " x " + std::to_string(volume.ny) + " x " +
               std::to_string(volume.nz) + format(" voxels of %.2f mm", volume.voxel_mm) +
               (volume.views_left_out.empty()
                    ? std::string()
                    : ", " + std::to_string(volume.views_left_out.size()) + " outlines left out");
    });
    masks.clear();

    return dense_key;
}

// Handheld photos: features and matches, structure from motion placed in a metric world,
// depth maps fused over the object. Returns the volume's cache key.
std::string handheld_stages(const CaptureInputs& inputs, const CaptureOptions& options,
                            const std::string& ingest_key, const StageCache& cache,
                            StageRunner& stages, const IngestResult& ingest, CameraSet& cameras,
                            VolumeGrid& volume, CaptureResult& result) {
    auto cached = [&](const char* stage, const std::string& key) {
        return options.resume && cache.is_valid(stage, key);
    };

    // 2. Features and matches.
    const std::string features_key =
        make_key({ingest_key, describe(options.features), describe(options.matching)});
    std::vector<ImageFeatures> features;
    std::vector<ImagePairMatches> pairs;
    stages.run("features", cached("features", features_key), [&] {
        if (cached("features", features_key)) {
            features = cache.load_features();
            pairs = cache.load_matches();
        } else {
            features = detect_features(ingest.accepted, options.features);
            pairs = match_features(features, options.matching);
            cache.save(features);
            cache.save(pairs);
            cache.mark_valid("features", features_key);
        }
        std::size_t points = 0;
        for (const ImageFeatures& image : features)
            points += image.points_px.size();
        return format("%.0f features per photo, ",
                      double(points) / std::max<std::size_t>(features.size(), 1)) +
               std::to_string(pairs.size()) + " photo pairs matched";
    });

    // 3. Poses: structure from motion, then up, origin and scale; undistorted copies.
    FrameOptions frame_options;
    frame_options.scale_bar = inputs.scale_bar;
    std::string scale_key = "unscaled";
    if (!inputs.scale_board_file.empty()) {
        frame_options.board = read_rig(inputs.scale_board_file);
        scale_key = fingerprint_file(inputs.scale_board_file) + read_file(inputs.scale_board_file);
    } else if (inputs.scale_bar) {
        const ScaleBar& bar = *inputs.scale_bar;
        scale_key = bar.photo.filename().string() + format(" %.3f", bar.first_px.x) +
                    format(" %.3f", bar.first_px.y) + format(" %.3f", bar.second_px.x) +
                    format(" %.3f", bar.second_px.y) + format(" %.6f", bar.distance_mm);
    }
    const std::string poses_key = make_key({features_key, describe(options.sfm), scale_key});
    SparseModel model;
    FrameResult frame;
    stages.run("poses", cached("poses", poses_key), [&] {
        if (cached("poses", poses_key)) {
            model = cache.load_sparse();
            frame = cache.load_frame();
        } else {
            model = reconstruct_sparse(ingest.accepted, features, pairs, options.sfm);
            frame = place_sparse_model(model, features, frame_options);
            undistort_views(model.cameras, cache.path("images"));
            cache.save(model);
            cache.save(frame);
            cache.mark_valid("poses", poses_key);
        }
        return "registered " + std::to_string(model.cameras.views.size()) + " of " +
               std::to_string(ingest.accepted.size()) + " photos, " +
               std::to_string(model.points.size()) + " points, " +
               format("%.2f px mean error", model.mean_reprojection_px) +
               (frame.metric ? ", scale from the " + frame.scale_source
                             : std::string(", scale not measured"));
    });
    cameras = model.cameras;
    for (const int photo : model.unregistered) {
        const Photo& unplaced = ingest.accepted[static_cast<std::size_t>(photo)];
        result.unregistered.push_back(unplaced.file);
        result.rejected.push_back(
            {unplaced.file,
             "structure from motion could not place it among the other photos (too few "
             "features in common with them)",
             "retake it closer to its neighbours' viewpoints, overlapping them by about two "
             "thirds"});
    }
    result.photos_used = static_cast<int>(cameras.views.size());
    result.reprojection_rms_px = cameras.reprojection_rms_px;
    result.sparse_points = static_cast<int>(model.points.size());
    result.mean_track_length = model.mean_track_length;
    result.mean_reprojection_px = model.mean_reprojection_px;
    result.metric = frame.metric;
    result.scale_source = frame.scale_source;

    // 4. Dense geometry: depth maps fused over the object at the scene's centre.
    std::vector<cv::Vec3d> sparse_points;
    sparse_points.reserve(model.points.size());
    for (const SparsePoint& point : model.points)
        sparse_points.push_back(point.position);
    const std::string dense_key = make_key({poses_key, describe(options.fusion)});
    stages.run("dense", cached("dense", dense_key), [&] {
        if (cached("dense", dense_key)) {
            volume = cache.load_volume();
        } else {
            const ObjectRegion region = estimate_sparse_region(cameras, sparse_points);
            volume = fuse_depth_maps(cameras, sparse_points, region, options.fusion);
            cache.save(volume);
            cache.mark_valid("dense", dense_key);
        }
        return std::to_string(volume.nx) + " x " + std::to_string(volume.ny) + " x " +
               std::to_string(volume.nz) + format(" voxels of %.2f mm", volume.voxel_mm);
    });
    return dense_key;
}

}  // namespace

fs::path default_work_folder(const std::string& artifact_id) {
    fs::path base;
    if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache && *cache)
        base = cache;
    else if (const char* home = std::getenv("HOME"); home && *home)
        base = fs::path(home) / ".cache";
    else
        base = fs::temp_directory_path();
    return base / "heritage3d" / "capture" / artifact_id;
}

CaptureResult run_capture(const CaptureInputs& inputs, const CaptureOptions& options,
                          const StageCallback& on_stage) {
    assert(inputs.rig_file.empty() || inputs.cameras_file.empty());
    CaptureResult result;
    StageRunner stages(on_stage, result);
    const StageCache cache(inputs.work_folder.empty() ? default_work_folder(inputs.artifact_id)
                                                      : inputs.work_folder);
    // Read the metadata first: a mistake there should not wait for the model.
    exhibit::Artifact metadata =
        read_artifact_metadata(inputs.metadata_file, inputs.artifact_id, inputs.package_folder);
    for (const auto& [language, text] : inputs.title.by_language)
        metadata.title.by_language[language] = text;
    auto cached = [&](const char* stage, const std::string& key) {
        return options.resume && cache.is_valid(stage, key);
    };

    // 1. Ingest and quality check.
    const std::string ingest_key =
        make_key({fingerprint_folder(inputs.photos_folder), inputs.photos_folder.string(),
                  describe(options.ingest)});
    IngestResult ingest;
    stages.run("ingest", cached("ingest", ingest_key), [&] {
        if (cached("ingest", ingest_key)) {
            ingest = cache.load_ingest();
        } else {
            ingest = ingest_photos(inputs.photos_folder, options.ingest);
            cache.save(ingest);
            cache.mark_valid("ingest", ingest_key);
        }
        return std::to_string(ingest.accepted.size()) + " of " +
               std::to_string(ingest.accepted.size() + ingest.rejected.size()) + " photos usable";
    });
    result.photos_found = static_cast<int>(ingest.accepted.size() + ingest.rejected.size());
    result.rejected = ingest.rejected;

    // 2-4. Cameras and the volume: from a board or known cameras, then masks and the visual
    // hull; or, for handheld photos, structure from motion, then fused depth maps.
    CameraSet cameras;
    VolumeGrid volume;
    std::string volume_key;
    if (inputs.rig_file.empty() && inputs.cameras_file.empty())
        volume_key = handheld_stages(inputs, options, ingest_key, cache, stages, ingest, cameras,
                                     volume, result);
    else
        volume_key = turntable_stages(inputs, options, ingest_key, cache, stages, ingest, cameras,
                                      volume, result);

    // 5. Mesh.
    const std::string mesh_key = make_key({volume_key, describe(options.mesh)});
    Mesh mesh;
    stages.run("mesh", cached("mesh", mesh_key), [&] {
        if (cached("mesh", mesh_key)) {
            mesh = cache.load_mesh("mesh");
        } else {
            mesh = extract_mesh(volume, options.mesh);
            cache.save(mesh, "mesh");
            cache.mark_valid("mesh", mesh_key);
        }
        return std::to_string(mesh.triangle_count()) + " triangles";
    });
    volume = {};
    if (mesh.triangle_count() == 0)
        throw Error(inputs.photos_folder.string() +
                    ": no surface came out of the photos (the object masks may be empty); look "
                    "at the masks in " +
                    cache.path("masks").string() +
                    ", and check the lighting and that the object stands on the board");

    // 6. Texture.
    const std::string texture_key = make_key({mesh_key, describe(options.texture)});
    Mesh textured;
    stages.run("texture", cached("texture", texture_key), [&] {
        if (cached("texture", texture_key)) {
            textured = cache.load_mesh("textured");
        } else {
            textured = texture_mesh(mesh, cameras, options.texture);
            cache.save(textured, "textured");
            cache.mark_valid("texture", texture_key);
        }
        return std::to_string(textured.atlas.cols) + " x " + std::to_string(textured.atlas.rows) +
               " px atlas";
    });

    // 7. Package: the two levels of detail, the thumbnail, the report, artifact.json.
    stages.run("package", false, [&] {
        const MeshBounds bounds = bounds_of(textured);
        result.size_mm = bounds.max_mm - bounds.min_mm;
        result.triangles = textured.triangle_count();

        const Mesh light = simplify_mesh(textured, options.light_triangles, 0.01);
        ArtifactFiles files;
        files.model_glb = export_glb(textured);
        files.model_triangles = textured.triangle_count();
        files.light_glb = export_glb(light);
        files.light_triangles = light.triangle_count();

        const fs::path model_file = cache.path("model.glb");
        write_file_atomically(model_file, files.model_glb);
        ViewRenderOptions render_options;
        render_options.background = {245, 245, 245};
        render_options.shader_dir = render::find_data_dir() / "shaders";
        const std::vector<cv::Mat> thumbnail =
            render_model_views(model_file, {thumbnail_view(bounds, 512)}, render_options);
        std::vector<unsigned char> png;
        cv::imencode(".png", thumbnail.front(), png);
        files.thumbnail_png.assign(png.begin(), png.end());

        // Its photo paths relative to where it will be read: the artifact's capture folder.
        files.extra_files.emplace_back(
            "capture/cameras.json",
            cameras_json(cameras, fs::absolute(inputs.package_folder) / "artifacts" /
                                      inputs.artifact_id / "capture"));
        ReportInputs report;
        report.artifact_id = inputs.artifact_id;
        report.cameras = &cameras;
        report.result = &result;
        report.max_photo_rms_px = options.poses.max_photo_rms_px;
        for (auto& file : make_capture_report(report))
            files.extra_files.push_back(std::move(file));

        exhibit::Artifact artifact = metadata;
        artifact.dimensions.width_mm = std::round(result.size_mm[0] * 10) / 10;
        artifact.dimensions.depth_mm = std::round(result.size_mm[1] * 10) / 10;
        artifact.dimensions.height_mm = std::round(result.size_mm[2] * 10) / 10;
        artifact.dimensions.approximate = !result.metric;
        // The measurement's source is the scan itself, with its report.
        constexpr const char* kScanSource = "heritage-capture-scan";
        std::erase_if(artifact.sources,
                      [&](const exhibit::Source& source) { return source.id == kScanSource; });
        exhibit::Source scan;
        scan.id = kScanSource;
        scan.title = "3D scan, " + cameras.method + " (capture/report.md)";
        scan.publisher = kTool;
        scan.accessed = today_iso_date();
        scan.reliability = "museum";
        artifact.sources.push_back(scan);
        artifact.dimensions.sources = {kScanSource};
        if (result.metric) {
            artifact.dimensions.note.by_language["vi"] = "Đo trên mô hình quét (heritage-capture).";
            artifact.dimensions.note.by_language["en"] =
                "Measured on the scanned model (heritage-capture).";
        } else {
            artifact.dimensions.note.by_language["vi"] =
                "Chưa đo: ảnh chụp không có bảng hiệu chuẩn hay thước tỉ lệ, kích thước chỉ là "
                "ước lượng.";
            artifact.dimensions.note.by_language["en"] =
                "Not measured: the photos had no calibration board or scale bar, so the size is "
                "only an estimate.";
        }
        exhibit::CaptureRecord record;
        record.method = cameras.method;
        record.tool = kTool;
        record.date = today_iso_date();
        record.photos_used = result.photos_used;
        record.photos_rejected = static_cast<int>(result.rejected.size());
        if (cameras.reprojection_rms_px > 0)
            record.reprojection_error_px = std::round(cameras.reprojection_rms_px * 1000) / 1000;
        record.report = "capture/report.md";
        artifact.capture = record;
        result.artifact_folder = write_artifact_to_package(inputs.package_folder, artifact, files);
        return format("%.0f", static_cast<double>(files.model_triangles)) + " + " +
               std::to_string(files.light_triangles) + " triangles (full + light), " +
               result.artifact_folder.string();
    });
    return result;
}

}  // namespace heritage::capture
