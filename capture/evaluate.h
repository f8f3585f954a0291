// capture/evaluate.h: how close a capture's result is to a synthetic set's truth (synth.h):
// the cameras' poses, the surface (accuracy, completeness and F-score at a distance tau), and
// the textured model's look from the held-out photos' cameras (PSNR). And, for real photo sets
// with true cameras, structure from motion's cameras aligned to them by a similarity.
#pragma once
#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "capture/camera.h"

namespace heritage::capture {

struct EvaluateOptions {
    int surface_samples = 200000;         // points sampled on each mesh, uniformly by area
    double tau_share_of_diagonal = 0.01;  // tau: this share of the true model's box diagonal
    unsigned seed = 1;                    // of the surface sampling
    std::filesystem::path shader_dir;     // the renderer's GLSL files; empty: the data folder's
    std::filesystem::path
        comparison_dir;  // non-empty: per held-out photo a PNG of the photo,
                         // the result seen from its camera, and 4x their difference
};

struct PoseErrors {
    int matched = 0;  // cameras present in both files, by photo file name
    int missing = 0;  // true cameras the result has no camera for
    double mean_rotation_deg = 0.0, max_rotation_deg = 0.0;
    double mean_center_mm = 0.0, max_center_mm = 0.0;
};

struct SurfaceScores {
    double tau_mm = 0.0;
    double precision = 0.0;  // share of the result's points within tau of the truth (accuracy)
    double recall = 0.0;     // share of the truth's points within tau of the result
    double f_score = 0.0;    // 2PR / (P + R)
    double mean_accuracy_mm = 0.0;      // mean distance result -> truth
    double mean_completeness_mm = 0.0;  // mean distance truth -> result
};

struct ViewScores {
    int views = 0;                 // held-out photos compared
    double psnr_object_db = 0.0;   // over the true object's pixels
    double psnr_image_db = 0.0;    // over whole images
    double psnr_ceiling_db = 0.0;  // the best one texture on the true shape could score (each
                                   // surface point the mean colour of the photos that see it),
                                   // about, from the surface samples; 0: none seen
};

struct Evaluation {
    std::filesystem::path model_file;  // the result's .glb that was judged
    PoseErrors poses;
    SurfaceScores surface;       // the whole surfaces
    SurfaceScores surface_seen;  // the parts of each that the photos' cameras see (DTU style:
                                 // an upright drum's hollow underside is in no photo)
    double truth_share_seen = 0.0;
    ViewScores held_out;
};

// `truth_dir` is a folder heritage-capture synth wrote; `artifact_dir` the artifact folder the
// capture wrote (artifact.json, its model, capture/cameras.json). Throws heritage::Error naming
// a missing folder or file and what to do.
Evaluation evaluate_reconstruction(const std::filesystem::path& truth_dir,
                                   const std::filesystem::path& artifact_dir,
                                   const EvaluateOptions& options = {});

// Surface scores of two point sets (world mm) at `tau_mm`: precision of `result` against
// `truth` and recall of `truth` against `result`.
SurfaceScores score_surfaces(const std::vector<std::array<double, 3>>& result_points,
                             const std::vector<std::array<double, 3>>& truth_points, double tau_mm);

// The evaluation as printed lines (no trailing newline).
std::vector<std::string> format_evaluation(const Evaluation& evaluation);

// Structure from motion's cameras are in a frame and scale of their own: before they are
// compared with true cameras they are moved onto them by a similarity transform.
struct SimilarityTransform {
    double scale = 1.0;
    cv::Matx33d rotation = cv::Matx33d::eye();
    cv::Vec3d translation{0.0, 0.0, 0.0};

    cv::Vec3d apply(const cv::Vec3d& point) const {
        return scale * (rotation * point) + translation;
    }
    CameraPose apply(const CameraPose& pose) const;  // the same camera in the new frame
};

// The similarity that moves the points `from` onto `to` (the same count) in the least-squares
// sense (Umeyama 1991); nothing when they lie on a line or at one point.
std::optional<SimilarityTransform> similarity_between(const std::vector<cv::Vec3d>& from,
                                                      const std::vector<cv::Vec3d>& to);

// The similarity that moves `result`'s camera centres onto `truth`'s in the least-squares
// sense (Umeyama 1991), over the views of both matched by photo file name (not folder).
// Throws heritage::Error when fewer than 3 views match or their centres lie on a line.
SimilarityTransform align_cameras_similarity(const CameraSet& result, const CameraSet& truth);

// `result`'s poses against `truth`'s once aligned by align_cameras_similarity: centre errors in
// `truth`'s units (mm), rotation errors in degrees, over the matched views; `missing` counts the
// true cameras the result has none for. Throws as align_cameras_similarity does.
PoseErrors compare_poses_aligned(const CameraSet& result, const CameraSet& truth);

}  // namespace heritage::capture
