// capture/stage_cache.h: the work folder where a capture keeps each stage's result, so a rerun
// resumes. A stage's result is valid when its key file matches the key of everything it was
// made from (the photos, the rig or cameras, the options of this and every earlier stage);
// results are written first and the key last, each atomically, so an interrupted stage is
// simply redone.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
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

namespace heritage::capture {

// A short hash (16 hex digits) of the parts, in order.
std::string make_key(const std::vector<std::string>& parts);

// The photo files' names, sizes and modification times: changes when a photo does.
std::string fingerprint_folder(const std::filesystem::path& folder);
std::string fingerprint_file(const std::filesystem::path& file);

// Every field of an options struct as text, for a key.
std::string describe(const IngestOptions& options);
std::string describe(const PoseOptions& options);
std::string describe(const ObjectFeaturePoseOptions& options);
std::string describe(const MaskOptions& options);
std::string describe(const DenseOptions& options);
std::string describe(const MeshOptions& options);
std::string describe(const TextureOptions& options);
std::string describe(const FeatureOptions& options);
std::string describe(const MatchOptions& options);
std::string describe(const SfmOptions& options);
std::string describe(const FusionOptions& options);

class StageCache {
  public:
    explicit StageCache(std::filesystem::path work_folder);

    const std::filesystem::path& folder() const { return folder_; }
    std::filesystem::path path(std::string_view name) const { return folder_ / name; }

    bool is_valid(std::string_view stage, const std::string& key) const;
    void mark_valid(std::string_view stage, const std::string& key) const;

    void save(const IngestResult& result) const;  // ingest.json
    IngestResult load_ingest() const;
    void save(const std::vector<PhotoIssue>& rejected, std::string_view name) const;
    std::vector<PhotoIssue> load_rejected(std::string_view name) const;
    void save_masks(const CameraSet& cameras, const std::vector<cv::Mat>& masks) const;
    std::vector<cv::Mat> load_masks(const CameraSet& cameras) const;
    void save(const VolumeGrid& volume) const;  // volume.bin
    VolumeGrid load_volume() const;
    void save(const Mesh& mesh, std::string_view name) const;  // <name>.mesh (+ <name>.png)
    Mesh load_mesh(std::string_view name) const;
    void save(const std::vector<ImageFeatures>& features) const;  // features.bin
    std::vector<ImageFeatures> load_features() const;
    void save(const std::vector<ImagePairMatches>& pairs) const;  // matches.bin
    std::vector<ImagePairMatches> load_matches() const;
    void save(const SparseModel& model) const;  // sparse.bin + sparse-cameras.json
    SparseModel load_sparse() const;
    void save(const FrameResult& frame) const;  // frame.json
    FrameResult load_frame() const;

  private:
    std::filesystem::path folder_;
};

}  // namespace heritage::capture
