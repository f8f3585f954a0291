// capture/pipeline.h: a whole capture, photos to an artifact in an exhibit package. The one
// place that knows the order of the stages; each stage's result is cached in a work folder, so
// a rerun (after a crash, or with new options for a late stage) resumes where it can.
#pragma once
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "capture/dense.h"
#include "capture/depth_fusion.h"
#include "capture/features.h"
#include "capture/ingest.h"
#include "capture/matching.h"
#include "capture/mesh.h"
#include "capture/object_mask.h"
#include "capture/poses_charuco.h"
#include "capture/poses_object_features.h"
#include "capture/sfm.h"
#include "capture/sfm_frame.h"
#include "capture/texture.h"
#include "exhibit/exhibit.h"

namespace heritage::capture {

struct CaptureInputs {
    std::filesystem::path photos_folder;
    std::filesystem::path rig_file;      // rig.json of the board (a turntable capture), or
    std::filesystem::path cameras_file;  // known cameras: cameras.json or Middlebury *_par.txt;
                                         // neither: handheld photos (structure from motion)
    std::string artifact_id;             // the folder under PACKAGE/artifacts/
    std::filesystem::path package_folder;
    std::filesystem::path metadata_file;  // optional: artifact.json fields (title, ...)
    exhibit::LocalizedText title;         // optional: overrides the metadata's title
    std::filesystem::path work_folder;    // the stages' caches
    // Handheld captures only: where the scale in mm comes from (neither: not measured).
    std::optional<ScaleBar> scale_bar;       // two points a known distance apart in a photo
    std::filesystem::path scale_board_file;  // rig.json of a board lying in some photos
};

struct CaptureOptions {
    IngestOptions ingest;
    PoseOptions poses;
    ObjectFeaturePoseOptions object_feature_poses;  // turntable: the board's poses refined with
                                                    // the object's features
    MaskOptions masks;
    DenseOptions dense;
    MeshOptions mesh;
    TextureOptions texture;
    FeatureOptions features;  // handheld captures only: features, matching, structure from
    MatchOptions matching;    // motion, and depth-map fusion in place of masks and the hull
    SfmOptions sfm;
    FusionOptions fusion;
    std::size_t light_triangles = 60000;  // the light level of detail (kiosks, while moving)
    bool resume = true;                   // reuse cached stage results whose inputs are unchanged
};

// What a stage did, for the terminal and the report.
struct StageReport {
    std::string name;     // "ingest", "poses", ...
    std::string summary;  // one line: "34 of 36 photos posed, RMS 0.31 px"
    double seconds = 0.0;
    bool cached = false;  // taken from the work folder
};

struct CaptureResult {
    std::filesystem::path artifact_folder;
    std::vector<StageReport> stages;
    std::vector<PhotoIssue> rejected;  // every photo set aside, by any stage
    int photos_found = 0;
    int photos_used = 0;
    double reprojection_rms_px = 0.0;
    cv::Vec3d size_mm{0.0, 0.0, 0.0};  // the model's extent along X, Y, Z (height)
    std::size_t triangles = 0;
    // Handheld captures: what structure from motion made of the photos.
    std::vector<std::filesystem::path> unregistered;  // photos it could not place
    int sparse_points = 0;
    double mean_track_length = 0.0;     // photos per sparse point
    double mean_reprojection_px = 0.0;  // over all observations
    bool metric = true;                 // false: no board or scale bar, the size is not measured
    std::string scale_source;           // where the scale came from
};

using StageCallback =
    std::function<void(int index, int count, const StageReport& stage, bool finished)>;

// Throws heritage::Error for inputs that cannot make a model (no photos, no board, too few
// usable photos, ...). Writes nothing into the package unless every stage succeeded, and then
// replaces artifacts/<id>/ in one rename.
CaptureResult run_capture(const CaptureInputs& inputs, const CaptureOptions& options = {},
                          const StageCallback& on_stage = {});

// The default work folder for a capture: $XDG_CACHE_HOME (or ~/.cache)/heritage3d/capture/<id>.
std::filesystem::path default_work_folder(const std::string& artifact_id);

}  // namespace heritage::capture
