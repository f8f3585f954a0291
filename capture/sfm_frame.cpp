// The handheld model's world: up and origin from the cameras (as for known cameras; where the
// photos were held turned every way, up from the table under the object), then the scale from a
// board's corners triangulated across photos, or from a scale bar's two points given depth by the
// sparse points around them.
#include "capture/sfm_frame.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include <opencv2/aruco/charuco.hpp>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgcodecs.hpp>

#include "capture/charuco.h"
#include "exhibit/error.h"

namespace heritage::capture {

namespace {

// x_new = scale * (rotation * x_old + translation), applied to cameras and points alike.
struct Similarity {
    cv::Matx33d rotation = cv::Matx33d::eye();
    cv::Vec3d translation{0.0, 0.0, 0.0};
    double scale = 1.0;
};

void apply(const Similarity& to_new, SparseModel& model) {
    // x_cam = R x_old + t, x_old = A^T (x_new / s - b): x_cam = R A^T x_new / s + (t - R A^T b);
    // a camera's frame keeps its unit, so its translation scales by s.
    for (CameraView& view : model.cameras.views) {
        CameraPose& pose = view.cam_from_world;
        const cv::Matx33d rotation = pose.rotation * to_new.rotation.t();
        pose.translation_mm = to_new.scale * (pose.translation_mm - rotation * to_new.translation);
        pose.rotation = rotation;
    }
    for (SparsePoint& point : model.points)
        point.position = to_new.scale * (to_new.rotation * point.position + to_new.translation);
}

double median(std::vector<double> values) {
    assert(!values.empty());
    const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), middle, values.end());
    return *middle;
}

// The rigid motion align_world_to_cameras chooses, recovered from the first camera before and
// after: R0 = R0' A, t0 = R0' b + t0'.
Similarity level_and_centre(const CameraSet& cameras) {
    CameraSet aligned = cameras;
    align_world_to_cameras(aligned);
    const CameraPose& before = cameras.views.front().cam_from_world;
    const CameraPose& after = aligned.views.front().cam_from_world;
    Similarity motion;
    motion.rotation = after.rotation.t() * before.rotation;
    motion.translation = after.rotation.t() * (before.translation_mm - after.translation_mm);
    return motion;
}

// Whether the photos agree on a level: a camera held level has its X axis horizontal, so the
// X axes of such photos span a plane (align_world_to_cameras' test). Photos held turned, some
// upright and some on their side, do not, and then say little of where up is.
bool cameras_agree_on_level(const CameraSet& cameras) {
    cv::Matx33d scatter = cv::Matx33d::zeros();
    for (const CameraView& view : cameras.views) {
        const cv::Matx33d& r = view.cam_from_world.rotation;
        const cv::Vec3d right(r(0, 0), r(0, 1), r(0, 2));
        scatter += right * right.t();
    }
    cv::Mat eigenvalues;  // descending
    cv::eigen(cv::Mat(scatter), eigenvalues);
    return eigenvalues.at<double>(2) < 0.2 * eigenvalues.at<double>(1);
}

// Where the photos do not agree on a level, the table or board under the object says where up
// is: the plane the most sparse points lie on (RANSAC), when it holds a fair share of them but
// not most (a wall that the object is carved into holds most) and nearly every camera is on one
// side of it. The rotation that turns its normal, on the cameras' side, to +Z.
std::optional<Similarity> level_on_support(const SparseModel& model) {
    constexpr int kIterations = 500;
    constexpr double kToleranceShare = 0.005;  // of the cameras' median distance to the origin
    constexpr double kMinShare = 0.1, kMaxShare = 0.5;
    constexpr double kMinCamerasOnOneSide = 0.9;
    const std::vector<SparsePoint>& points = model.points;
    if (points.size() < 30 || model.cameras.views.size() < 3 ||
        cameras_agree_on_level(model.cameras))
        return std::nullopt;
    std::vector<double> distances;
    for (const CameraView& view : model.cameras.views)
        distances.push_back(cv::norm(view.cam_from_world.center_mm()));
    const double tolerance = kToleranceShare * median(distances);
    cv::RNG random(1);
    std::size_t best_count = 0;
    cv::Vec3d best_normal(0.0, 0.0, 1.0);
    double best_offset = 0.0;
    for (int iteration = 0; iteration < kIterations; ++iteration) {
        const cv::Vec3d& a = points[size_t(random.uniform(0, int(points.size())))].position;
        const cv::Vec3d& b = points[size_t(random.uniform(0, int(points.size())))].position;
        const cv::Vec3d& c = points[size_t(random.uniform(0, int(points.size())))].position;
        const cv::Vec3d cross = (b - a).cross(c - a);
        if (cv::norm(cross) < 1e-12)
            continue;
        const cv::Vec3d normal = cv::normalize(cross);
        const double offset = normal.dot(a);
        std::size_t count = 0;
        for (const SparsePoint& point : points)
            count += std::abs(normal.dot(point.position) - offset) < tolerance ? 1 : 0;
        if (count > best_count) {
            best_count = count;
            best_normal = normal;
            best_offset = offset;
        }
    }
    const double share = double(best_count) / double(points.size());
    if (share < kMinShare || share > kMaxShare)
        return std::nullopt;
    const double cameras = double(model.cameras.views.size());
    double above = 0.0;
    for (const CameraView& view : model.cameras.views)
        above += best_normal.dot(view.cam_from_world.center_mm()) > best_offset ? 1.0 : 0.0;
    if (above < kMinCamerasOnOneSide * cameras) {
        if (cameras - above < kMinCamerasOnOneSide * cameras)
            return std::nullopt;  // cameras on both sides: not what the object stands on
        best_normal = -best_normal;
    }
    // The shortest turn from the normal to +Z.
    const cv::Vec3d up(0.0, 0.0, 1.0);
    const cv::Vec3d axis = best_normal.cross(up);
    const double angle = std::atan2(cv::norm(axis), best_normal.dot(up));
    Similarity level;
    if (cv::norm(axis) > 1e-12)
        cv::Rodrigues(cv::Vec3d(cv::normalize(axis) * angle), level.rotation);
    else if (angle > 1.0)  // upside down: half a turn about X
        level.rotation = cv::Matx33d(1, 0, 0, 0, -1, 0, 0, 0, -1);
    return level;
}

// The view's ray through a pixel as shot (distorted), in the camera's frame with z = 1.
cv::Vec3d ray_through(const CameraView& view, const cv::Point2d& pixel) {
    const CameraIntrinsics& k = view.intrinsics;
    std::vector<cv::Point2d> in{pixel}, out;
    cv::undistortPoints(in, out, cv::Mat(k.matrix()),
                        cv::Mat(1, 5, CV_64F, (void*)k.distortion.data()));
    return {out[0].x, out[0].y, 1.0};
}

std::string name_of(const std::filesystem::path& file) {
    return file.filename().string();
}

// --- Board ---------------------------------------------------------------------------------

struct BoardCorners {
    std::vector<int> ids;
    std::vector<cv::Vec3d> rays;  // per id, in the camera frame, z = 1
};

BoardCorners find_board_corners(const CameraView& view, const cv::aruco::CharucoBoard& board) {
    BoardCorners found;
    std::error_code error;
    if (!std::filesystem::is_regular_file(view.photo_file, error))
        return found;
    const cv::Mat image = cv::imread(view.photo_file.string(), cv::IMREAD_GRAYSCALE);
    if (image.empty())
        return found;
    std::vector<std::vector<cv::Point2f>> marker_corners;
    std::vector<int> marker_ids;
    cv::aruco::detectMarkers(image, board.dictionary, marker_corners, marker_ids);
    if (marker_ids.size() < 2)
        return found;
    const cv::Ptr<cv::aruco::CharucoBoard> board_ptr = cv::makePtr<cv::aruco::CharucoBoard>(board);
    std::vector<cv::Point2f> corners;
    std::vector<int> ids;
    cv::aruco::interpolateCornersCharuco(marker_corners, marker_ids, image, board_ptr, corners,
                                         ids);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        found.ids.push_back(ids[i]);
        found.rays.push_back(ray_through(view, corners[i]));
    }
    return found;
}

// Linear triangulation of one point from rays in several cameras (x_cam ~ ray).
std::optional<cv::Vec3d> triangulate(const std::vector<const CameraView*>& views,
                                     const std::vector<cv::Vec3d>& rays) {
    cv::Mat a(static_cast<int>(2 * views.size()), 4, CV_64F);
    for (std::size_t i = 0; i < views.size(); ++i) {
        const CameraPose& pose = views[i]->cam_from_world;
        cv::Matx34d p;
        for (int r = 0; r < 3; ++r) {
            for (int c = 0; c < 3; ++c)
                p(r, c) = pose.rotation(r, c);
            p(r, 3) = pose.translation_mm[r];
        }
        for (int c = 0; c < 4; ++c) {
            a.at<double>(int(2 * i), c) = rays[i][0] * p(2, c) - p(0, c);
            a.at<double>(int(2 * i + 1), c) = rays[i][1] * p(2, c) - p(1, c);
        }
    }
    cv::Mat w, u, vt;
    cv::SVD::compute(a, w, u, vt, cv::SVD::FULL_UV);
    const double h = vt.at<double>(3, 3);
    if (std::abs(h) < 1e-12)
        return std::nullopt;
    const cv::Vec3d point(vt.at<double>(3, 0) / h, vt.at<double>(3, 1) / h,
                          vt.at<double>(3, 2) / h);
    for (const CameraView* view : views)
        if (view->cam_from_world.to_camera(point)[2] <= 0.0)
            return std::nullopt;
    return point;
}

// The smallest rotation taking unit vector `from` to unit vector `to`.
cv::Matx33d rotation_between(const cv::Vec3d& from, const cv::Vec3d& to) {
    const cv::Vec3d axis = from.cross(to);
    const double sine = cv::norm(axis), cosine = from.dot(to);
    if (sine < 1e-12)
        return cosine > 0.0 ? cv::Matx33d::eye() : cv::Matx33d(1, 0, 0, 0, -1, 0, 0, 0, -1);
    cv::Matx33d rotation;
    cv::Rodrigues(axis * (std::atan2(sine, cosine) / sine), rotation);
    return rotation;
}

FrameResult scale_by_board(SparseModel& model, const ChArUcoRig& rig, const FrameOptions& options) {
    const cv::Ptr<cv::aruco::CharucoBoard> board = make_charuco_board(rig);
    std::map<int, std::pair<std::vector<const CameraView*>, std::vector<cv::Vec3d>>> sightings;
    int photos_with_board = 0;
    for (const CameraView& view : model.cameras.views) {
        const BoardCorners corners = find_board_corners(view, *board);
        photos_with_board += corners.ids.empty() ? 0 : 1;
        for (std::size_t i = 0; i < corners.ids.size(); ++i) {
            sightings[corners.ids[i]].first.push_back(&view);
            sightings[corners.ids[i]].second.push_back(corners.rays[i]);
        }
    }
    std::vector<int> ids;
    std::vector<cv::Vec3d> measured;
    for (const auto& [id, seen] : sightings) {
        if (seen.first.size() < 2)
            continue;
        if (const auto point = triangulate(seen.first, seen.second)) {
            ids.push_back(id);
            measured.push_back(*point);
        }
    }
    if (static_cast<int>(ids.size()) < options.min_board_corners)
        throw Error("board: " + std::to_string(ids.size()) +
                    " of its corners were found in two or more placed photos (at least " +
                    std::to_string(options.min_board_corners) +
                    " are needed for the scale); check that the rig file matches the printed "
                    "board, and take a few photos where the board is seen whole");

    // The scale: true over measured distance, for corner pairs at least two squares apart.
    std::vector<double> ratios;
    for (std::size_t i = 0; i < ids.size(); ++i)
        for (std::size_t j = i + 1; j < ids.size(); ++j) {
            const cv::Point3f a = board->chessboardCorners[ids[i]];
            const cv::Point3f b = board->chessboardCorners[ids[j]];
            const double truth = cv::norm(cv::Vec3d(a.x - b.x, a.y - b.y, a.z - b.z));
            const double seen = cv::norm(measured[i] - measured[j]);
            if (truth >= 2.0 * rig.square_mm && seen > 0.0)
                ratios.push_back(truth / seen);
        }
    if (ratios.empty())
        throw Error(
            "board: the corners found lie too close together to give a scale; take a "
            "few photos where more of the board is seen");
    const double scale = median(ratios);
    std::vector<double> deviations;
    for (const double ratio : ratios)
        deviations.push_back(std::abs(ratio / scale - 1.0));

    // Up: the board's normal, on the cameras' side.
    cv::Vec3d centroid(0.0, 0.0, 0.0);
    for (const cv::Vec3d& point : measured)
        centroid += point / double(measured.size());
    cv::Matx33d scatter = cv::Matx33d::zeros();
    for (const cv::Vec3d& point : measured)
        scatter += (point - centroid) * (point - centroid).t();
    cv::Mat eigenvalues, eigenvectors;
    cv::eigen(cv::Mat(scatter), eigenvalues, eigenvectors);
    cv::Vec3d normal(eigenvectors.at<double>(2, 0), eigenvectors.at<double>(2, 1),
                     eigenvectors.at<double>(2, 2));
    cv::Vec3d cameras_side(0.0, 0.0, 0.0);
    for (const CameraView& view : model.cameras.views)
        cameras_side += view.cam_from_world.center_mm() - centroid;
    if (normal.dot(cameras_side) < 0.0)
        normal = -normal;
    const bool board_is_flat = eigenvalues.at<double>(2) < 0.01 * eigenvalues.at<double>(1);

    Similarity to_new;
    to_new.scale = scale;
    if (board_is_flat)
        to_new.rotation = rotation_between(cv::normalize(normal), {0.0, 0.0, 1.0});
    apply(to_new, model);

    FrameResult result;
    result.metric = true;
    result.scale_source = "board in " + std::to_string(photos_with_board) + " photos, " +
                          std::to_string(ids.size()) + " corners";
    result.scale_spread_percent = 100.0 * median(deviations);
    return result;
}

// --- Scale bar ------------------------------------------------------------------------------

// The depth along `ray` of the surface near a pixel: the median camera depth of the sparse
// points seen close to it in this photo.
std::optional<double> depth_near(const SparseModel& model,
                                 const std::vector<ImageFeatures>& features, std::size_t view_index,
                                 const cv::Point2d& pixel) {
    const CameraView& view = model.cameras.views[view_index];
    const int photo = model.view_photo[view_index];
    const double radius_px = 0.03 * std::hypot(view.intrinsics.width_px, view.intrinsics.height_px);
    std::vector<std::pair<double, double>> near;  // (pixel distance, depth)
    for (const SparsePoint& point : model.points)
        for (const auto& [observed_photo, feature] : point.observations) {
            if (observed_photo != photo)
                continue;
            const cv::Point2f at = features[static_cast<std::size_t>(photo)]
                                       .points_px[static_cast<std::size_t>(feature)];
            const double distance = std::hypot(at.x - pixel.x, at.y - pixel.y);
            if (distance <= radius_px)
                near.emplace_back(distance, view.cam_from_world.to_camera(point.position)[2]);
        }
    constexpr std::size_t kMinPoints = 3, kMaxPoints = 12;
    if (near.size() < kMinPoints)
        return std::nullopt;
    std::sort(near.begin(), near.end());
    near.resize(std::min(near.size(), kMaxPoints));
    std::vector<double> depths;
    for (const auto& item : near)
        depths.push_back(item.second);
    return median(depths);
}

FrameResult scale_by_bar(SparseModel& model, const std::vector<ImageFeatures>& features,
                         const ScaleBar& bar) {
    const std::string where = "scale bar in " + name_of(bar.photo);
    std::size_t view_index = model.cameras.views.size();
    for (std::size_t i = 0; i < model.cameras.views.size(); ++i)
        if (name_of(model.cameras.views[i].photo_file) == name_of(bar.photo))
            view_index = i;
    if (view_index == model.cameras.views.size())
        throw Error(where +
                    ": this photo is not among the placed photos; mark the two points "
                    "in a photo that the run registered (see the report)");
    const CameraView& view = model.cameras.views[view_index];
    auto outside = [&](const cv::Point2d& p) {
        return p.x < 0 || p.y < 0 || p.x >= view.intrinsics.width_px ||
               p.y >= view.intrinsics.height_px;
    };
    if (outside(bar.first_px) || outside(bar.second_px))
        throw Error(where + ": a point lies outside the photo (" +
                    std::to_string(view.intrinsics.width_px) + " x " +
                    std::to_string(view.intrinsics.height_px) +
                    " px); give pixel positions in the photo as shot");
    cv::Vec3d ends[2];
    const cv::Point2d pixels[2] = {bar.first_px, bar.second_px};
    for (int i = 0; i < 2; ++i) {
        const auto depth = depth_near(model, features, view_index, pixels[i]);
        if (!depth)
            throw Error(where + ": too few reconstructed points near (" +
                        std::to_string(int(pixels[i].x)) + ", " + std::to_string(int(pixels[i].y)) +
                        ") to know its depth; choose points on a textured surface, or use a "
                        "printed board");
        const cv::Vec3d in_camera = ray_through(view, pixels[i]) * *depth;
        ends[i] =
            view.cam_from_world.rotation.t() * (in_camera - view.cam_from_world.translation_mm);
    }
    const double seen = cv::norm(ends[0] - ends[1]);
    if (seen <= 0.0)
        throw Error(where + ": the two points are the same; mark two points apart");
    Similarity to_new;
    to_new.scale = bar.distance_mm / seen;
    apply(to_new, model);
    FrameResult result;
    result.metric = true;
    result.scale_source = where;
    return result;
}

}  // namespace

FrameResult place_sparse_model(SparseModel& model, const std::vector<ImageFeatures>& features,
                               const FrameOptions& options) {
    assert(!model.cameras.views.empty());
    apply(level_and_centre(model.cameras), model);
    if (const std::optional<Similarity> level = level_on_support(model))
        apply(*level, model);
    if (options.board)
        return scale_by_board(model, *options.board, options);
    if (options.scale_bar)
        return scale_by_bar(model, features, *options.scale_bar);
    std::vector<double> distances;
    for (const CameraView& view : model.cameras.views)
        distances.push_back(cv::norm(view.cam_from_world.center_mm()));
    Similarity to_new;
    to_new.scale = options.unscaled_camera_distance_mm / std::max(median(distances), 1e-12);
    apply(to_new, model);
    return {};
}

}  // namespace heritage::capture
