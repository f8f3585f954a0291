// The cameras of a photo set: pinhole projection, cameras.json, Middlebury's parameter files,
// Strecha's camera files, and the world placed at the middle of known cameras.
#include "capture/camera.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <optional>
#include <sstream>

#include "exhibit/error.h"
#include "exhibit/files.h"

namespace heritage::capture {
namespace {

constexpr int kCamerasVersion = 1;
constexpr const char* kRecompute = "run heritage-capture again to recompute the cameras";

std::string relative_to(const std::filesystem::path& path, const std::filesystem::path& folder) {
    if (path.empty())
        return {};
    std::error_code error;
    const std::filesystem::path relative = std::filesystem::relative(
        std::filesystem::absolute(path), std::filesystem::absolute(folder), error);
    if (error || relative.empty())
        return std::filesystem::absolute(path).generic_string();
    return relative.generic_string();
}

// A reader that notes every problem of a JSON document instead of stopping at the first.
class FieldReader {
  public:
    explicit FieldReader(std::filesystem::path file) : file_(std::move(file)) {}

    void problem(const std::string& pointer, const std::string& what) {
        problems_.push_back(file_.string() + ": " + pointer + ": " + what);
    }

    const nlohmann::json* member(const nlohmann::json& object, const std::string& pointer,
                                 const std::string& key) {
        if (!object.is_object() || !object.contains(key)) {
            problem(pointer + "/" + key, "is missing; " + std::string(kRecompute));
            return nullptr;
        }
        return &object.at(key);
    }

    double number(const nlohmann::json& object, const std::string& pointer, const std::string& key,
                  bool positive) {
        const nlohmann::json* value = member(object, pointer, key);
        if (!value)
            return 0.0;
        if (!value->is_number() || (positive && !(value->get<double>() > 0.0))) {
            problem(pointer + "/" + key,
                    std::string(positive ? "must be a positive number; " : "must be a number; ") +
                        kRecompute);
            return 0.0;
        }
        return value->get<double>();
    }

    int whole_number(const nlohmann::json& object, const std::string& pointer,
                     const std::string& key, int minimum) {
        const nlohmann::json* value = member(object, pointer, key);
        if (!value)
            return 0;
        if (!value->is_number_integer() || value->get<long long>() < minimum ||
            value->get<long long>() > 1000000) {
            problem(pointer + "/" + key, "must be a whole number of at least " +
                                             std::to_string(minimum) + "; " + kRecompute);
            return 0;
        }
        return value->get<int>();
    }

    // `count` numbers in an array.
    std::vector<double> numbers(const nlohmann::json& object, const std::string& pointer,
                                const std::string& key, size_t count) {
        const nlohmann::json* value = member(object, pointer, key);
        std::vector<double> out(count, 0.0);
        if (!value)
            return out;
        bool good = value->is_array() && value->size() == count;
        for (size_t i = 0; good && i < count; ++i) {
            good = (*value)[i].is_number();
            if (good)
                out[i] = (*value)[i].get<double>();
        }
        if (!good) {
            problem(pointer + "/" + key,
                    "must be an array of " + std::to_string(count) + " numbers; " + kRecompute);
        }
        return out;
    }

    std::string text(const nlohmann::json& object, const std::string& pointer,
                     const std::string& key) {
        const nlohmann::json* value = member(object, pointer, key);
        if (!value)
            return {};
        if (!value->is_string()) {
            problem(pointer + "/" + key, "must be a string; " + std::string(kRecompute));
            return {};
        }
        return value->get<std::string>();
    }

    const std::vector<std::string>& problems() const { return problems_; }

  private:
    std::filesystem::path file_;
    std::vector<std::string> problems_;
};

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& line : lines)
        out += (out.empty() ? "" : "\n") + line;
    return out;
}

// Width and height from a PNG's header without decoding it; nullopt for anything else.
std::optional<cv::Size> png_size(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    unsigned char header[24];
    if (!in.read(reinterpret_cast<char*>(header), sizeof header))
        return std::nullopt;
    static constexpr unsigned char kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (!std::equal(kSignature, kSignature + 8, header) ||
        std::string(reinterpret_cast<char*>(header + 12), 4) != "IHDR")
        return std::nullopt;
    auto read32 = [&](int at) {
        return int(header[at]) << 24 | int(header[at + 1]) << 16 | int(header[at + 2]) << 8 |
               int(header[at + 3]);
    };
    return cv::Size(read32(16), read32(20));
}

// The rotation nearest to `r` (files give ~6 to 17 digits, so R^T R is only near I).
cv::Matx33d nearest_rotation(const cv::Matx33d& r) {
    cv::Mat u, w, vt;
    cv::SVD::compute(cv::Mat(r), w, u, vt);
    return cv::Matx33d(cv::Mat(u * vt));
}

bool is_rotation(const cv::Matx33d& r) {
    return cv::norm(r.t() * r - cv::Matx33d::eye(), cv::NORM_INF) <= 1e-4 &&
           cv::determinant(r) > 0.0;
}

bool is_blank(const std::string& line) {
    return line.find_first_not_of(" \t\r") == std::string::npos;
}

// The numbers on a line; nullopt if a field is not a finite number.
std::optional<std::vector<double>> numbers_on(const std::string& line) {
    std::istringstream fields(line);
    std::vector<double> values;
    std::string field;
    while (fields >> field) {
        char* end = nullptr;
        const double value = std::strtod(field.c_str(), &end);
        if (end == field.c_str() || *end != '\0' || !std::isfinite(value))
            return std::nullopt;
        values.push_back(value);
    }
    return values;
}

// One Strecha NAME.camera file: its nine lines of numbers, each with its line number.
struct StrechaRow {
    int line_number = 0;
    std::vector<double> values;
};

constexpr int kStrechaRows = 9;
constexpr std::size_t kStrechaCounts[kStrechaRows] = {3, 3, 3, 3, 3, 3, 3, 3, 2};
constexpr const char* kStrechaMeaning[kStrechaRows] = {"row 1 of K",
                                                       "row 2 of K",
                                                       "row 3 of K",
                                                       "the radial distortion k1 k2 k3",
                                                       "row 1 of R",
                                                       "row 2 of R",
                                                       "row 3 of R",
                                                       "the camera centre in metres",
                                                       "the image size (width height)"};
constexpr const char* kFixStrecha = "fix or replace the file";

CameraView read_strecha_camera(const std::filesystem::path& file,
                               const std::filesystem::path& image_folder) {
    auto fail = [&](int line_number, const std::string& what) {
        throw Error(file.string() + ":" + std::to_string(line_number) + ": " + what + "; " +
                    kFixStrecha);
    };
    std::istringstream lines(read_file(file));
    std::vector<StrechaRow> rows;
    std::string line;
    int line_number = 0;
    while (std::getline(lines, line)) {
        ++line_number;
        if (is_blank(line))
            continue;
        std::optional<std::vector<double>> values = numbers_on(line);
        if (!values)
            fail(line_number, "expected a line of numbers");
        if (rows.size() == kStrechaRows) {
            fail(line_number,
                 "more than 9 lines of numbers (K, distortion, R, centre, size) in the file");
        }
        rows.push_back({line_number, std::move(*values)});
    }
    if (rows.size() < kStrechaRows) {
        fail(line_number, "the file ends after " + std::to_string(rows.size()) +
                              " lines of numbers; expected 9 (K, distortion, R, centre, size)");
    }
    for (int i = 0; i < kStrechaRows; ++i) {
        if (rows[i].values.size() != kStrechaCounts[i]) {
            fail(rows[i].line_number, "expected " + std::string(kStrechaMeaning[i]) + ": " +
                                          std::to_string(kStrechaCounts[i]) + " numbers, found " +
                                          std::to_string(rows[i].values.size()));
        }
    }
    auto at = [&](int row, int column) { return rows[row].values[std::size_t(column)]; };

    CameraView view;
    view.photo_file = image_folder / file.stem();  // "0000.jpg.camera" names "0000.jpg"
    view.image_file = view.photo_file;
    CameraIntrinsics& k = view.intrinsics;
    k.fx = at(0, 0);
    k.cx = at(0, 2);
    k.fy = at(1, 1);
    k.cy = at(1, 2);
    if (!(k.fx > 0.0 && k.fy > 0.0) || at(0, 1) != 0.0 || at(1, 0) != 0.0 || at(2, 0) != 0.0 ||
        at(2, 1) != 0.0 || at(2, 2) != 1.0) {
        fail(rows[0].line_number,
             "K must be [fx 0 cx; 0 fy cy; 0 0 1] with positive focal lengths");
    }
    k.distortion = {at(3, 0), at(3, 1), 0.0, 0.0, at(3, 2)};

    cv::Matx33d world_from_cam;
    for (int i = 0; i < 9; ++i)
        world_from_cam(i / 3, i % 3) = at(4 + i / 3, i % 3);
    if (!is_rotation(world_from_cam))
        fail(rows[4].line_number, "R is not a rotation");
    const cv::Matx33d rotation = nearest_rotation(world_from_cam).t();
    const cv::Vec3d centre_mm = cv::Vec3d(at(7, 0), at(7, 1), at(7, 2)) * 1000.0;  // m -> mm
    view.cam_from_world.rotation = rotation;
    view.cam_from_world.translation_mm = -(rotation * centre_mm);

    const double width = at(8, 0), height = at(8, 1);
    if (!(width >= 1.0 && height >= 1.0 && width <= 1e6 && height <= 1e6) ||
        width != std::floor(width) || height != std::floor(height)) {
        fail(rows[8].line_number, "the image size must be two positive whole numbers");
    }
    k.width_px = int(width);
    k.height_px = int(height);
    return view;
}

}  // namespace

cv::Matx33d CameraIntrinsics::matrix() const {
    return {fx, 0.0, cx, 0.0, fy, cy, 0.0, 0.0, 1.0};
}

cv::Matx33d CameraIntrinsics::matrix_at(cv::Size size) const {
    const double sx = double(size.width) / width_px, sy = double(size.height) / height_px;
    return {fx * sx, 0.0, (cx + 0.5) * sx - 0.5, 0.0, fy * sy, (cy + 0.5) * sy - 0.5, 0.0,
            0.0,     1.0};
}

cv::Vec3d CameraPose::center_mm() const {
    return -(rotation.t() * translation_mm);
}

cv::Vec3d CameraPose::to_camera(const cv::Vec3d& world_mm) const {
    return rotation * world_mm + translation_mm;
}

cv::Vec2d CameraView::project(const cv::Vec3d& world_mm, double* z_cam) const {
    const cv::Vec3d camera = cam_from_world.to_camera(world_mm);
    if (z_cam)
        *z_cam = camera[2];
    return {intrinsics.fx * camera[0] / camera[2] + intrinsics.cx,
            intrinsics.fy * camera[1] / camera[2] + intrinsics.cy};
}

void write_cameras(const std::filesystem::path& file, const CameraSet& cameras) {
    const std::filesystem::path folder = file.parent_path().empty() ? "." : file.parent_path();
    write_file_atomically(file, cameras_json(cameras, folder));
}

std::string cameras_json(const CameraSet& cameras, const std::filesystem::path& folder) {
    nlohmann::ordered_json json;
    json["version"] = kCamerasVersion;
    json["method"] = cameras.method;
    json["reprojection_rms_px"] = cameras.reprojection_rms_px;
    json["views"] = nlohmann::ordered_json::array();
    for (const CameraView& view : cameras.views) {
        nlohmann::ordered_json entry;
        entry["photo"] = relative_to(view.photo_file, folder);
        entry["image"] = relative_to(view.image_file, folder);
        const CameraIntrinsics& k = view.intrinsics;
        entry["width_px"] = k.width_px;
        entry["height_px"] = k.height_px;
        entry["fx"] = k.fx;
        entry["fy"] = k.fy;
        entry["cx"] = k.cx;
        entry["cy"] = k.cy;
        entry["distortion"] = k.distortion;
        nlohmann::ordered_json rotation = nlohmann::ordered_json::array();
        for (int row = 0; row < 3; ++row) {
            rotation.push_back({view.cam_from_world.rotation(row, 0),
                                view.cam_from_world.rotation(row, 1),
                                view.cam_from_world.rotation(row, 2)});
        }
        entry["rotation"] = rotation;  // cam_from_world, rows
        const cv::Vec3d& t = view.cam_from_world.translation_mm;
        entry["translation_mm"] = {t[0], t[1], t[2]};
        entry["reprojection_rms_px"] = view.reprojection_rms_px;
        entry["board_corners"] = view.board_corners;
        json["views"].push_back(entry);
    }
    // 17 significant digits: a round trip gives the same doubles.
    return json.dump(2) + "\n";
}

CameraSet read_cameras(const std::filesystem::path& file) {
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(read_file(file));
    } catch (const nlohmann::json::exception& error) {
        throw Error(file.string() + ": not valid JSON (" + error.what() + "); " + kRecompute);
    }
    const std::filesystem::path folder = file.parent_path();
    FieldReader reader(file);
    if (!json.is_object()) {
        reader.problem("/", "must be an object; " + std::string(kRecompute));
        throw Error(joined(reader.problems()));
    }
    const int version = reader.whole_number(json, "", "version", 1);
    if (version > kCamerasVersion) {
        throw Error(file.string() + ": /version: " + std::to_string(version) +
                    " is newer than this program reads (" + std::to_string(kCamerasVersion) +
                    "); update heritage-capture");
    }
    CameraSet cameras;
    cameras.method = reader.text(json, "", "method");
    if (json.contains("reprojection_rms_px"))
        cameras.reprojection_rms_px = reader.number(json, "", "reprojection_rms_px", false);
    const nlohmann::json* views = reader.member(json, "", "views");
    if (views && !views->is_array()) {
        reader.problem("/views", "must be an array; " + std::string(kRecompute));
        views = nullptr;
    }
    for (size_t i = 0; views && i < views->size(); ++i) {
        const nlohmann::json& entry = (*views)[i];
        const std::string pointer = "/views/" + std::to_string(i);
        CameraView view;
        const std::string photo = reader.text(entry, pointer, "photo");
        const std::string image = reader.text(entry, pointer, "image");
        view.photo_file = photo.empty() ? std::filesystem::path() : folder / photo;
        view.image_file = image.empty() ? std::filesystem::path() : folder / image;
        if (image.empty() && entry.contains("image") && entry.at("image").is_string())
            reader.problem(pointer + "/image", "must name an image; " + std::string(kRecompute));
        CameraIntrinsics& k = view.intrinsics;
        k.width_px = reader.whole_number(entry, pointer, "width_px", 1);
        k.height_px = reader.whole_number(entry, pointer, "height_px", 1);
        k.fx = reader.number(entry, pointer, "fx", true);
        k.fy = reader.number(entry, pointer, "fy", true);
        k.cx = reader.number(entry, pointer, "cx", false);
        k.cy = reader.number(entry, pointer, "cy", false);
        const std::vector<double> distortion = reader.numbers(entry, pointer, "distortion", 5);
        std::copy(distortion.begin(), distortion.end(), k.distortion.begin());
        const std::vector<double> t = reader.numbers(entry, pointer, "translation_mm", 3);
        view.cam_from_world.translation_mm = {t[0], t[1], t[2]};
        // The rotation: three rows of three numbers, orthonormal with determinant +1.
        const nlohmann::json* rotation = reader.member(entry, pointer, "rotation");
        if (rotation) {
            bool good = rotation->is_array() && rotation->size() == 3;
            for (int row = 0; good && row < 3; ++row) {
                const nlohmann::json& values = (*rotation)[size_t(row)];
                good = values.is_array() && values.size() == 3;
                for (int column = 0; good && column < 3; ++column) {
                    good = values[size_t(column)].is_number();
                    if (good)
                        view.cam_from_world.rotation(row, column) =
                            values[size_t(column)].get<double>();
                }
            }
            const cv::Matx33d& r = view.cam_from_world.rotation;
            if (good)
                good = cv::norm(r.t() * r - cv::Matx33d::eye(), cv::NORM_INF) < 1e-6 &&
                       cv::determinant(r) > 0.0;
            if (!good) {
                reader.problem(
                    pointer + "/rotation",
                    "must be 3 rows of 3 numbers forming a rotation; " + std::string(kRecompute));
            }
        }
        if (entry.contains("reprojection_rms_px"))
            view.reprojection_rms_px = reader.number(entry, pointer, "reprojection_rms_px", false);
        if (entry.contains("board_corners"))
            view.board_corners = reader.whole_number(entry, pointer, "board_corners", 0);
        cameras.views.push_back(view);
    }
    if (!reader.problems().empty())
        throw Error(joined(reader.problems()));
    return cameras;
}

CameraSet read_middlebury_cameras(const std::filesystem::path& par_file,
                                  const std::filesystem::path& image_folder) {
    std::istringstream lines(read_file(par_file));
    std::string line;
    int line_number = 0;
    auto fail = [&](const std::string& what) {
        throw Error(par_file.string() + ":" + std::to_string(line_number) + ": " + what);
    };
    // The first non-empty line: the number of cameras.
    long long count = -1;
    while (count < 0 && std::getline(lines, line)) {
        ++line_number;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        std::istringstream fields(line);
        if (!(fields >> count) || count < 1) {
            fail("the first line must be the number of cameras; use a Middlebury *_par.txt file");
        }
    }
    if (count < 0) {
        fail("the file is empty; use a Middlebury *_par.txt file");
    }
    CameraSet cameras;
    cameras.method = "known-cameras";
    while (std::getline(lines, line)) {
        ++line_number;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        std::istringstream fields(line);
        std::string name;
        double values[21];
        fields >> name;
        int read = 0;
        while (read < 21 && fields >> values[read])
            ++read;
        if (read != 21) {
            fail("expected an image name and 21 numbers (K, R, t), found " + std::to_string(read) +
                 " numbers; fix or replace the file");
        }
        std::string rest;
        if (fields >> rest) {
            fail("more than 21 numbers after the image name; fix or replace the file");
        }
        CameraView view;
        view.photo_file = image_folder / name;
        view.image_file = view.photo_file;
        CameraIntrinsics& k = view.intrinsics;
        k.fx = values[0];
        k.cx = values[2];
        k.fy = values[4];
        k.cy = values[5];
        if (!(k.fx > 0.0 && k.fy > 0.0) || values[1] != 0.0 || values[3] != 0.0 ||
            values[6] != 0.0 || values[7] != 0.0 || values[8] != 1.0) {
            fail(
                "K must be [fx 0 cx; 0 fy cy; 0 0 1] with positive focal lengths; fix or "
                "replace the file");
        }
        cv::Matx33d& r = view.cam_from_world.rotation;
        for (int i = 0; i < 9; ++i)
            r(i / 3, i % 3) = values[9 + i];
        if (!is_rotation(r)) {
            fail("R is not a rotation; fix or replace the file");
        }
        r = nearest_rotation(r);  // the file has ~17 digits, but some copies fewer
        view.cam_from_world.translation_mm =
            cv::Vec3d(values[18], values[19], values[20]) * 1000.0;  // metres -> mm

        std::error_code missing;
        if (!std::filesystem::is_regular_file(view.photo_file, missing)) {
            fail("the image " + view.photo_file.string() +
                 " is missing or unreadable; put the images beside the parameter file");
        }
        std::optional<cv::Size> size = png_size(view.photo_file);
        if (!size) {
            const cv::Mat image = cv::imread(view.photo_file.string(), cv::IMREAD_UNCHANGED);
            if (image.empty()) {
                fail("the image " + view.photo_file.string() +
                     " is missing or unreadable; put the images beside the parameter file");
            }
            size = image.size();
        }
        k.width_px = size->width;
        k.height_px = size->height;
        cameras.views.push_back(view);
    }
    if (static_cast<long long>(cameras.views.size()) != count) {
        fail("the first line says " + std::to_string(count) + " cameras but " +
             std::to_string(cameras.views.size()) + " follow; fix or replace the file");
    }
    return cameras;
}

CameraSet read_strecha_cameras(const std::filesystem::path& camera_folder,
                               const std::filesystem::path& image_folder) {
    std::error_code error;
    if (!std::filesystem::is_directory(camera_folder, error)) {
        throw Error(camera_folder.string() +
                    ": no such folder; give the folder of Strecha NAME.camera files "
                    "(gt_dense_cameras/)");
    }
    std::vector<std::filesystem::path> files;
    for (const std::filesystem::directory_entry& entry :
         std::filesystem::directory_iterator(camera_folder)) {
        if (entry.is_regular_file() && entry.path().extension() == ".camera")
            files.push_back(entry.path());
    }
    if (files.empty()) {
        throw Error(camera_folder.string() +
                    ": no .camera files in this folder; give the folder of Strecha NAME.camera "
                    "files (gt_dense_cameras/)");
    }
    std::sort(files.begin(), files.end());
    CameraSet cameras;
    cameras.method = "known-cameras";
    for (const std::filesystem::path& file : files)
        cameras.views.push_back(read_strecha_camera(file, image_folder));
    return cameras;
}

cv::Vec3d point_nearest_axes(const CameraSet& cameras) {
    // sum_i (I - d_i d_i^T) (p - c_i) = 0; with parallel axes the system is singular and SVD
    // gives the least-norm answer.
    cv::Matx33d normal = cv::Matx33d::zeros();
    cv::Vec3d right(0.0, 0.0, 0.0);
    for (const CameraView& view : cameras.views) {
        const cv::Matx33d& r = view.cam_from_world.rotation;
        const cv::Vec3d axis(r(2, 0), r(2, 1), r(2, 2));
        const cv::Matx33d across = cv::Matx33d::eye() - axis * axis.t();
        normal += across;
        right += across * view.cam_from_world.center_mm();
    }
    cv::Vec3d point(0.0, 0.0, 0.0);
    cv::solve(normal, right, point, cv::DECOMP_SVD);
    return point;
}

void align_world_to_cameras(CameraSet& cameras) {
    assert(!cameras.views.empty());
    // The cameras' own up: each camera's -Y axis in the world (row 1 of cam_from_world,
    // negated). A camera turned upside down (Middlebury's gantry shoots some views rotated half
    // a turn) votes against the others; it is counted turned back once the majority is known.
    cv::Vec3d up_sum(0.0, 0.0, 0.0), centre_sum(0.0, 0.0, 0.0), look_sum(0.0, 0.0, 0.0);
    std::vector<cv::Vec3d> ups;
    for (const CameraView& view : cameras.views) {
        const cv::Matx33d& r = view.cam_from_world.rotation;
        ups.push_back(-cv::Vec3d(r(1, 0), r(1, 1), r(1, 2)));
        up_sum += ups.back();
        centre_sum += view.cam_from_world.center_mm();
        look_sum += cv::Vec3d(r(2, 0), r(2, 1), r(2, 2));
    }
    cv::Vec3d up(0.0, 0.0, 0.0);
    for (const cv::Vec3d& camera_up : ups)
        up += camera_up.dot(up_sum) >= 0.0 ? camera_up : -camera_up;
    if (cv::norm(up) < 1e-9)
        up = ups.front();
    up = cv::normalize(up);

    // A camera held level has its +X axis horizontal however it is pitched, so up is the
    // direction most nearly perpendicular to every camera's X axis (where they span a plane);
    // the cameras' -Y, which tilts with the pitch, only chooses its sign.
    cv::Matx33d right_scatter = cv::Matx33d::zeros();
    for (const CameraView& view : cameras.views) {
        const cv::Matx33d& r = view.cam_from_world.rotation;
        const cv::Vec3d right(r(0, 0), r(0, 1), r(0, 2));
        right_scatter += right * right.t();
    }
    {
        cv::Mat eigenvalues, eigenvectors;  // descending
        cv::eigen(cv::Mat(right_scatter), eigenvalues, eigenvectors);
        if (eigenvalues.at<double>(2) < 0.2 * eigenvalues.at<double>(1)) {
            const cv::Vec3d level(eigenvectors.at<double>(2, 0), eigenvectors.at<double>(2, 1),
                                  eigenvectors.at<double>(2, 2));
            if (std::abs(level.dot(up)) > 0.5)
                up = level.dot(up) > 0.0 ? level : -level;
        }
    }

    // Cameras on a ring (a turntable, a gantry) say better where up is: the ring's axis, the
    // normal of the plane through their centres. The cameras' own up can be anywhere around it
    // (Middlebury's temple is shot with the camera turned a quarter), so it only chooses the
    // sign when it lies near the axis; otherwise the cameras are taken to look down at the
    // object, as they do on a turntable.
    if (cameras.views.size() >= 3) {
        const cv::Vec3d mean_centre = centre_sum / double(cameras.views.size());
        cv::Matx33d scatter = cv::Matx33d::zeros();
        for (const CameraView& view : cameras.views) {
            const cv::Vec3d d = view.cam_from_world.center_mm() - mean_centre;
            scatter += d * d.t();
        }
        cv::Mat eigenvalues, eigenvectors;  // descending
        cv::eigen(cv::Mat(scatter), eigenvalues, eigenvectors);
        // A plane only where the centres span one: not along a line (a walk past a wall).
        const double flat = eigenvalues.at<double>(2), spread = eigenvalues.at<double>(1);
        if (spread > 0.01 * eigenvalues.at<double>(0) && flat < 0.05 * spread) {
            cv::Vec3d axis(eigenvectors.at<double>(2, 0), eigenvectors.at<double>(2, 1),
                           eigenvectors.at<double>(2, 2));
            if (std::abs(axis.dot(up)) > 0.5)
                axis = axis.dot(up) > 0.0 ? axis : -axis;
            else if (std::abs(axis.dot(look_sum)) > 1e-6 * cv::norm(look_sum))
                axis = axis.dot(look_sum) < 0.0 ? axis : -axis;
            up = axis;
        }
    }

    // The origin: the point closest to all optical axes.
    const cv::Vec3d origin = point_nearest_axes(cameras);

    // The new axes: Z up; X the old X (or, if that is nearly up, the old Y) made level.
    cv::Vec3d x_axis(1.0, 0.0, 0.0);
    if (std::abs(x_axis.dot(up)) > 0.9)
        x_axis = cv::Vec3d(0.0, 1.0, 0.0);
    x_axis = cv::normalize(x_axis - x_axis.dot(up) * up);
    const cv::Vec3d y_axis = up.cross(x_axis);
    const cv::Matx33d new_from_old(x_axis[0], x_axis[1], x_axis[2], y_axis[0], y_axis[1], y_axis[2],
                                   up[0], up[1], up[2]);
    // x_new = W (x_old - p): x_cam = R x_old + t = R W^T x_new + (R p + t).
    for (CameraView& view : cameras.views) {
        CameraPose& pose = view.cam_from_world;
        pose.translation_mm = pose.rotation * origin + pose.translation_mm;
        pose.rotation = pose.rotation * new_from_old.t();
    }
}

CameraPose look_at(const cv::Vec3d& eye_mm, const cv::Vec3d& target_mm) {
    const cv::Vec3d forward = cv::normalize(target_mm - eye_mm);
    cv::Vec3d right = forward.cross(cv::Vec3d(0, 0, 1));
    if (cv::norm(right) < 1e-9)  // straight down or up: +X to the right
        right = cv::Vec3d(1, 0, 0);
    right = cv::normalize(right);
    const cv::Vec3d down = forward.cross(right);
    CameraPose pose;
    pose.rotation = cv::Matx33d(right[0], right[1], right[2], down[0], down[1], down[2], forward[0],
                                forward[1], forward[2]);
    pose.translation_mm = -(pose.rotation * eye_mm);
    return pose;
}

}  // namespace heritage::capture
