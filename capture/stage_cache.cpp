// The work folder's files: JSON for lists, PNG for images, a small binary format (a magic word,
// counts, then raw little-endian arrays) for volumes and meshes.
#include "capture/stage_cache.h"

#include <cstring>
#include <sstream>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "exhibit/error.h"
#include "exhibit/files.h"

namespace heritage::capture {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::uint64_t fnv1a(std::string_view bytes, std::uint64_t hash = 1469598103934665603ull) {
    for (const char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ull;
    }
    return hash;
}

std::string png_bytes(const cv::Mat& image, const fs::path& for_message) {
    std::vector<unsigned char> encoded;
    if (!cv::imencode(".png", image, encoded))
        throw Error(for_message.string() + ": could not encode the image as PNG");
    return std::string(encoded.begin(), encoded.end());
}

cv::Mat read_png(const fs::path& file, int flags) {
    cv::Mat image = cv::imread(file.string(), flags);
    if (image.empty())
        throw Error(file.string() +
                    ": cached image missing or unreadable; delete the work "
                    "folder and run again");
    return image;
}

template <typename T>
void append(std::string& out, const T* data, std::size_t count) {
    out.append(reinterpret_cast<const char*>(data), count * sizeof(T));
}

template <typename T>
void append_value(std::string& out, T value) {
    append(out, &value, 1);
}

// Reads back what append wrote; throws when the file is shorter than it says.
class Reader {
  public:
    Reader(std::string bytes, fs::path file) : bytes_(std::move(bytes)), file_(std::move(file)) {}

    template <typename T>
    void read(T* data, std::size_t count) {
        const std::size_t size = count * sizeof(T);
        if (offset_ + size > bytes_.size())
            throw Error(file_.string() +
                        ": cached file is truncated; delete the work folder "
                        "and run again");
        std::memcpy(static_cast<void*>(data), bytes_.data() + offset_, size);
        offset_ += size;
    }
    cv::Mat mat() {
        const int type = value<std::int32_t>(), rows = value<std::int32_t>(),
                  cols = value<std::int32_t>();
        cv::Mat result(rows, cols, type);
        read(result.data, result.total() * result.elemSize());
        return result;
    }
    template <typename T>
    T value() {
        T result{};
        read(&result, 1);
        return result;
    }

  private:
    std::string bytes_;
    fs::path file_;
    std::size_t offset_ = 0;
};

constexpr std::uint32_t kVolumeMagic = 0x4c4f5648;    // "HVOL"
constexpr std::uint32_t kMeshMagic = 0x48534d48;      // "HMSH"
constexpr std::uint32_t kFeaturesMagic = 0x54414648;  // "HFAT"
constexpr std::uint32_t kMatchesMagic = 0x54414d48;   // "HMAT"
constexpr std::uint32_t kSparseMagic = 0x52505348;    // "HSPR"

void append_mat(std::string& out, const cv::Mat& mat) {
    const cv::Mat dense = mat.isContinuous() ? mat : mat.clone();
    append_value(out, static_cast<std::int32_t>(dense.type()));
    append_value(out, static_cast<std::int32_t>(dense.rows));
    append_value(out, static_cast<std::int32_t>(dense.cols));
    append(out, dense.data, dense.total() * dense.elemSize());
}

json issues_json(const std::vector<PhotoIssue>& issues) {
    json list = json::array();
    for (const PhotoIssue& issue : issues)
        list.push_back(
            {{"file", issue.file.string()}, {"reason", issue.reason}, {"advice", issue.advice}});
    return list;
}

std::vector<PhotoIssue> issues_from(const json& list) {
    std::vector<PhotoIssue> issues;
    for (const json& item : list)
        issues.push_back({item.at("file").get<std::string>(), item.at("reason").get<std::string>(),
                          item.at("advice").get<std::string>()});
    return issues;
}

json read_json_file(const fs::path& file) {
    try {
        return json::parse(read_file(file));
    } catch (const json::exception& error) {
        throw Error(file.string() + ": cached file is damaged (" + error.what() +
                    "); delete the work folder and run again");
    }
}

}  // namespace

std::string make_key(const std::vector<std::string>& parts) {
    std::uint64_t hash = 1469598103934665603ull;
    for (const std::string& part : parts) {
        hash = fnv1a(part, hash);
        hash = fnv1a(std::string_view("\x1f", 1), hash);  // so ("ab", "c") != ("a", "bc")
    }
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
    return text;
}

std::string fingerprint_file(const fs::path& file) {
    std::error_code error;
    const auto size = fs::file_size(file, error);
    const auto time = fs::last_write_time(file, error);
    std::ostringstream out;
    out << file.filename().string() << ' ' << (error ? 0 : size) << ' '
        << time.time_since_epoch().count();
    return out.str();
}

std::string fingerprint_folder(const fs::path& folder) {
    std::vector<std::string> entries;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(folder, error))
        if (entry.is_regular_file(error))
            entries.push_back(fingerprint_file(entry.path()));
    std::sort(entries.begin(), entries.end());
    std::string all;
    for (const std::string& entry : entries)
        all += entry + '\n';
    return all;
}

std::string describe(const IngestOptions& o) {
    std::ostringstream out;
    out << "ingest " << o.relative_sharpness << ' ' << o.min_sharpness << ' '
        << o.max_blown_fraction << ' ' << o.min_mean_brightness << ' ' << o.max_mean_brightness
        << ' ' << o.max_duplicate_distance << ' ' << o.max_duplicate_difference << ' '
        << o.min_side_px;
    return out.str();
}

std::string describe(const PoseOptions& o) {
    std::ostringstream out;
    out << "poses " << o.min_corners << ' ' << o.min_posed_photos << ' ' << o.max_photo_rms_px
        << ' ' << o.refine_jointly << ' ' << o.refine_principal_point << ' ' << o.distortion_terms
        << ' ' << o.max_side_px;
    return out.str();
}

std::string describe(const ObjectFeaturePoseOptions& o) {
    std::ostringstream out;
    out << "object-feature poses " << o.enabled << ' ' << o.neighbours << ' '
        << o.max_reprojection_px << ' ' << o.min_triangulation_deg << ' ' << describe(o.features)
        << ' ' << describe(o.matching);
    return out.str();
}

std::string describe(const MaskOptions& o) {
    std::ostringstream out;
    out << "masks " << o.max_side_px << ' ' << o.grabcut_iterations << ' ' << o.min_object_fraction;
    return out.str();
}

std::string describe(const DenseOptions& o) {
    std::ostringstream out;
    out << "dense " << o.max_voxels_per_side << ' ' << o.stereo << ' ' << o.stereo_neighbours << ' '
        << o.stereo_max_side_px << ' ' << o.min_consistent_views << ' '
        << o.object_whole_in_every_photo << ' ' << o.overruled_view_share << ' '
        << o.overrule_margin_voxels;
    return out.str();
}

std::string describe(const MeshOptions& o) {
    std::ostringstream out;
    out << "mesh " << o.max_triangles << ' ' << o.min_island_fraction << ' '
        << o.max_simplify_error;
    return out.str();
}

std::string describe(const TextureOptions& o) {
    std::ostringstream out;
    out << "texture " << o.max_atlas_side_px << ' ' << o.padding_px << ' ' << o.balance_colours
        << ' ' << o.seam_blend_px << ' ' << o.blend_views;
    return out.str();
}

std::string describe(const FeatureOptions& o) {
    std::ostringstream out;
    out << "features " << o.max_side_px << ' ' << o.max_features << ' ' << o.contrast_threshold
        << ' ' << o.root_sift;
    return out.str();
}

std::string describe(const MatchOptions& o) {
    std::ostringstream out;
    out << "matching " << o.ratio << ' ' << o.mutual << ' ' << o.exhaustive_up_to << ' '
        << o.sequential_neighbours << ' ' << o.retrieval_neighbours << ' ' << o.max_epipolar_px
        << ' ' << o.min_inliers << ' ' << o.min_inlier_ratio;
    return out.str();
}

std::string describe(const SfmOptions& o) {
    std::ostringstream out;
    out << "sfm " << o.prior_focal_factor << ' ' << o.shared_intrinsics << ' ' << o.refine_focal
        << ' ' << o.refine_distortion << ' ' << o.refine_principal_point << ' '
        << o.max_reprojection_px << ' ' << o.min_triangulation_deg << ' ' << o.min_pnp_inliers
        << ' ' << o.min_init_inliers << ' ' << o.global_ba_growth << ' '
        << o.known_intrinsics.width_px << ' ' << o.known_intrinsics.fx << ' '
        << o.known_intrinsics.fy << ' ' << o.known_intrinsics.cx << ' ' << o.known_intrinsics.cy;
    return out.str();
}

std::string describe(const FusionOptions& o) {
    std::ostringstream out;
    out << "fusion " << o.max_voxels_per_side << ' ' << o.depth_max_side_px << ' ' << o.neighbours
        << ' ' << o.min_consistent_views << ' ' << o.truncation_voxels << ' ' << o.trim_ground;
    return out.str();
}

StageCache::StageCache(fs::path work_folder) : folder_(std::move(work_folder)) {
    std::error_code error;
    fs::create_directories(folder_, error);
    if (error)
        throw Error(folder_.string() + ": cannot create the work folder (" + error.message() +
                    "); choose another with --work");
}

bool StageCache::is_valid(std::string_view stage, const std::string& key) const {
    std::error_code error;
    const fs::path file = path(std::string(stage) + ".key");
    if (!fs::exists(file, error))
        return false;
    try {
        return read_file(file) == key;
    } catch (const Error&) {
        return false;
    }
}

void StageCache::mark_valid(std::string_view stage, const std::string& key) const {
    write_file_atomically(path(std::string(stage) + ".key"), key);
}

void StageCache::save(const IngestResult& result) const {
    json photos = json::array();
    for (const Photo& photo : result.accepted)
        photos.push_back({{"file", photo.file.string()},
                          {"width_px", photo.width_px},
                          {"height_px", photo.height_px},
                          {"sharpness", photo.sharpness},
                          {"mean_brightness", photo.mean_brightness},
                          {"blown_fraction", photo.blown_fraction},
                          {"exif_focal_px", photo.exif_focal_px},
                          {"camera_model", photo.camera_model}});
    const json document = {{"accepted", photos}, {"rejected", issues_json(result.rejected)}};
    write_file_atomically(path("ingest.json"), document.dump(1));
}

IngestResult StageCache::load_ingest() const {
    const json document = read_json_file(path("ingest.json"));
    IngestResult result;
    for (const json& item : document.at("accepted")) {
        Photo photo;
        photo.file = item.at("file").get<std::string>();
        photo.width_px = item.at("width_px").get<int>();
        photo.height_px = item.at("height_px").get<int>();
        photo.sharpness = item.at("sharpness").get<double>();
        photo.mean_brightness = item.at("mean_brightness").get<double>();
        photo.blown_fraction = item.at("blown_fraction").get<double>();
        photo.exif_focal_px = item.value("exif_focal_px", 0.0);
        photo.camera_model = item.value("camera_model", std::string());
        result.accepted.push_back(photo);
    }
    result.rejected = issues_from(document.at("rejected"));
    return result;
}

void StageCache::save(const std::vector<PhotoIssue>& rejected, std::string_view name) const {
    write_file_atomically(path(std::string(name) + ".json"), issues_json(rejected).dump(1));
}

std::vector<PhotoIssue> StageCache::load_rejected(std::string_view name) const {
    return issues_from(read_json_file(path(std::string(name) + ".json")));
}

void StageCache::save_masks(const CameraSet& cameras, const std::vector<cv::Mat>& masks) const {
    assert(cameras.views.size() == masks.size());
    fs::create_directories(path("masks"));
    for (std::size_t i = 0; i < masks.size(); ++i) {
        const fs::path file =
            path("masks") / (cameras.views[i].photo_file.stem().string() + ".png");
        write_file_atomically(file, png_bytes(masks[i], file));
    }
}

std::vector<cv::Mat> StageCache::load_masks(const CameraSet& cameras) const {
    std::vector<cv::Mat> masks;
    for (const CameraView& view : cameras.views)
        masks.push_back(read_png(path("masks") / (view.photo_file.stem().string() + ".png"),
                                 cv::IMREAD_GRAYSCALE));
    return masks;
}

void StageCache::save(const VolumeGrid& volume) const {
    std::string bytes;
    append_value(bytes, kVolumeMagic);
    append(bytes, volume.origin_mm.val, 3);
    append_value(bytes, volume.voxel_mm);
    append_value(bytes, volume.nx);
    append_value(bytes, volume.ny);
    append_value(bytes, volume.nz);
    append(bytes, volume.distance_mm.data(), volume.distance_mm.size());
    append_value(bytes, static_cast<std::uint64_t>(volume.views_left_out.size()));
    for (const std::size_t view : volume.views_left_out)
        append_value(bytes, static_cast<std::uint64_t>(view));
    write_file_atomically(path("volume.bin"), bytes);
}

VolumeGrid StageCache::load_volume() const {
    const fs::path file = path("volume.bin");
    Reader reader(read_file(file), file);
    if (reader.value<std::uint32_t>() != kVolumeMagic)
        throw Error(file.string() + ": not a volume file; delete the work folder and run again");
    VolumeGrid volume;
    reader.read(volume.origin_mm.val, 3);
    volume.voxel_mm = reader.value<double>();
    volume.nx = reader.value<int>();
    volume.ny = reader.value<int>();
    volume.nz = reader.value<int>();
    volume.distance_mm.resize(static_cast<std::size_t>(volume.nx) * volume.ny * volume.nz);
    reader.read(volume.distance_mm.data(), volume.distance_mm.size());
    volume.views_left_out.resize(reader.value<std::uint64_t>());
    for (std::size_t& view : volume.views_left_out)
        view = static_cast<std::size_t>(reader.value<std::uint64_t>());
    return volume;
}

void StageCache::save(const Mesh& mesh, std::string_view name) const {
    std::string bytes;
    append_value(bytes, kMeshMagic);
    append_value(bytes, static_cast<std::uint64_t>(mesh.positions_mm.size()));
    append_value(bytes, static_cast<std::uint64_t>(mesh.normals.size()));
    append_value(bytes, static_cast<std::uint64_t>(mesh.uvs.size()));
    append_value(bytes, static_cast<std::uint64_t>(mesh.indices.size()));
    append(bytes, mesh.positions_mm.data(), mesh.positions_mm.size());
    append(bytes, mesh.normals.data(), mesh.normals.size());
    append(bytes, mesh.uvs.data(), mesh.uvs.size());
    append(bytes, mesh.indices.data(), mesh.indices.size());
    const fs::path atlas = path(std::string(name) + ".png");
    if (!mesh.atlas.empty())
        write_file_atomically(atlas, png_bytes(mesh.atlas, atlas));
    write_file_atomically(path(std::string(name) + ".mesh"), bytes);
}

Mesh StageCache::load_mesh(std::string_view name) const {
    const fs::path file = path(std::string(name) + ".mesh");
    Reader reader(read_file(file), file);
    if (reader.value<std::uint32_t>() != kMeshMagic)
        throw Error(file.string() + ": not a mesh file; delete the work folder and run again");
    Mesh mesh;
    mesh.positions_mm.resize(reader.value<std::uint64_t>());
    mesh.normals.resize(reader.value<std::uint64_t>());
    mesh.uvs.resize(reader.value<std::uint64_t>());
    mesh.indices.resize(reader.value<std::uint64_t>());
    reader.read(mesh.positions_mm.data(), mesh.positions_mm.size());
    reader.read(mesh.normals.data(), mesh.normals.size());
    reader.read(mesh.uvs.data(), mesh.uvs.size());
    reader.read(mesh.indices.data(), mesh.indices.size());
    if (!mesh.uvs.empty())
        mesh.atlas = read_png(path(std::string(name) + ".png"), cv::IMREAD_COLOR);
    return mesh;
}

void StageCache::save(const std::vector<ImageFeatures>& features) const {
    std::string bytes;
    append_value(bytes, kFeaturesMagic);
    append_value(bytes, static_cast<std::uint64_t>(features.size()));
    for (const ImageFeatures& image : features) {
        append_value(bytes, image.width_px);
        append_value(bytes, image.height_px);
        append_value(bytes, static_cast<std::uint64_t>(image.points_px.size()));
        append(bytes, image.points_px.data(), image.points_px.size());
        append_value(bytes, static_cast<std::uint64_t>(image.scales_px.size()));
        append(bytes, image.scales_px.data(), image.scales_px.size());
        append_value(bytes, static_cast<std::uint64_t>(image.colours.size()));
        append(bytes, image.colours.data(), image.colours.size());
        append_mat(bytes, image.descriptors);
    }
    write_file_atomically(path("features.bin"), bytes);
}

std::vector<ImageFeatures> StageCache::load_features() const {
    const fs::path file = path("features.bin");
    Reader reader(read_file(file), file);
    if (reader.value<std::uint32_t>() != kFeaturesMagic)
        throw Error(file.string() + ": not a features file; delete the work folder and run again");
    std::vector<ImageFeatures> features(reader.value<std::uint64_t>());
    for (ImageFeatures& image : features) {
        image.width_px = reader.value<int>();
        image.height_px = reader.value<int>();
        image.points_px.resize(reader.value<std::uint64_t>());
        reader.read(image.points_px.data(), image.points_px.size());
        image.scales_px.resize(reader.value<std::uint64_t>());
        reader.read(image.scales_px.data(), image.scales_px.size());
        image.colours.resize(reader.value<std::uint64_t>());
        reader.read(image.colours.data(), image.colours.size());
        image.descriptors = reader.mat();
    }
    return features;
}

void StageCache::save(const std::vector<ImagePairMatches>& pairs) const {
    std::string bytes;
    append_value(bytes, kMatchesMagic);
    append_value(bytes, static_cast<std::uint64_t>(pairs.size()));
    for (const ImagePairMatches& pair : pairs) {
        append_value(bytes, pair.first);
        append_value(bytes, pair.second);
        append_value(bytes, pair.homography_inliers);
        append(bytes, pair.fundamental.val, 9);
        append_value(bytes, static_cast<std::uint64_t>(pair.matches.size()));
        append(bytes, pair.matches.data(), pair.matches.size());
    }
    write_file_atomically(path("matches.bin"), bytes);
}

std::vector<ImagePairMatches> StageCache::load_matches() const {
    const fs::path file = path("matches.bin");
    Reader reader(read_file(file), file);
    if (reader.value<std::uint32_t>() != kMatchesMagic)
        throw Error(file.string() + ": not a matches file; delete the work folder and run again");
    std::vector<ImagePairMatches> pairs(reader.value<std::uint64_t>());
    for (ImagePairMatches& pair : pairs) {
        pair.first = reader.value<int>();
        pair.second = reader.value<int>();
        pair.homography_inliers = reader.value<int>();
        reader.read(pair.fundamental.val, 9);
        pair.matches.resize(reader.value<std::uint64_t>());
        reader.read(pair.matches.data(), pair.matches.size());
    }
    return pairs;
}

void StageCache::save(const SparseModel& model) const {
    write_cameras(path("sparse-cameras.json"), model.cameras);
    std::string bytes;
    append_value(bytes, kSparseMagic);
    append_value(bytes, model.mean_track_length);
    append_value(bytes, model.mean_reprojection_px);
    append_value(bytes, static_cast<std::uint64_t>(model.view_photo.size()));
    append(bytes, model.view_photo.data(), model.view_photo.size());
    append_value(bytes, static_cast<std::uint64_t>(model.unregistered.size()));
    append(bytes, model.unregistered.data(), model.unregistered.size());
    append_value(bytes, static_cast<std::uint64_t>(model.points.size()));
    for (const SparsePoint& point : model.points) {
        append(bytes, point.position.val, 3);
        append(bytes, point.colour.val, 3);
        append_value(bytes, static_cast<std::uint64_t>(point.observations.size()));
        append(bytes, point.observations.data(), point.observations.size());
    }
    write_file_atomically(path("sparse.bin"), bytes);
}

SparseModel StageCache::load_sparse() const {
    const fs::path file = path("sparse.bin");
    Reader reader(read_file(file), file);
    if (reader.value<std::uint32_t>() != kSparseMagic)
        throw Error(file.string() + ": not a sparse model; delete the work folder and run again");
    SparseModel model;
    model.cameras = read_cameras(path("sparse-cameras.json"));
    model.mean_track_length = reader.value<double>();
    model.mean_reprojection_px = reader.value<double>();
    model.view_photo.resize(reader.value<std::uint64_t>());
    reader.read(model.view_photo.data(), model.view_photo.size());
    model.unregistered.resize(reader.value<std::uint64_t>());
    reader.read(model.unregistered.data(), model.unregistered.size());
    model.points.resize(reader.value<std::uint64_t>());
    for (SparsePoint& point : model.points) {
        reader.read(point.position.val, 3);
        reader.read(point.colour.val, 3);
        point.observations.resize(reader.value<std::uint64_t>());
        reader.read(point.observations.data(), point.observations.size());
    }
    return model;
}

void StageCache::save(const FrameResult& frame) const {
    const json document = {{"metric", frame.metric},
                           {"scale_source", frame.scale_source},
                           {"scale_spread_percent", frame.scale_spread_percent}};
    write_file_atomically(path("frame.json"), document.dump(1));
}

FrameResult StageCache::load_frame() const {
    const json document = read_json_file(path("frame.json"));
    FrameResult frame;
    frame.metric = document.at("metric").get<bool>();
    frame.scale_source = document.at("scale_source").get<std::string>();
    frame.scale_spread_percent = document.at("scale_spread_percent").get<double>();
    return frame;
}

}  // namespace heritage::capture
