// Stage 2 of a turntable capture: ChArUco corners in every photo (in parallel), a first
// calibration with OpenCV, then one Ceres refinement of the intrinsics, the distortion and all
// poses together, robust to stray corners (Huber loss).
#include "capture/poses_charuco.h"

#include <ceres/ceres.h>
#include <ceres/rotation.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <opencv2/aruco/charuco.hpp>
#include <opencv2/calib3d.hpp>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <optional>
#include <set>

#include "capture/charuco.h"
#include "exhibit/error.h"

namespace heritage::capture {
namespace {

std::string fixed(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string name_of(const std::filesystem::path& file) {
    return file.filename().string();
}

// What one photo shows of the board.
struct BoardSighting {
    bool readable = false;
    cv::Size size;
    int markers = 0;                      // markers of the rig's board
    std::vector<int> foreign_marker_ids;  // markers of the dictionary that the board lacks
    std::vector<cv::Point2f> corners;     // ChArUco corners, full-resolution pixels
    std::vector<int> corner_ids;
    // The centres of the detected markers (see find_board): full-resolution pixels, and where
    // they lie on the board (mm).
    std::vector<cv::Point2f> marker_points;
    std::vector<cv::Point3f> marker_board_points;
    double marker_mm_seen = std::nan("");  // marker side implied by the corners (median)
};

// The marker side in mm that the photo implies, taking the squares as the rig says: the
// detected markers mapped back onto the board through the homography of the corners.
double marker_side_seen_mm(const cv::aruco::CharucoBoard& board,
                           const std::vector<std::vector<cv::Point2f>>& marker_corners,
                           const std::vector<int>& marker_ids,
                           const std::vector<cv::Point2f>& corners,
                           const std::vector<int>& corner_ids) {
    if (corners.size() < 8)
        return std::nan("");
    std::vector<cv::Point2f> on_board;
    for (int id : corner_ids)
        on_board.emplace_back(board.chessboardCorners[size_t(id)].x,
                              board.chessboardCorners[size_t(id)].y);
    const cv::Mat image_from_board = cv::findHomography(on_board, corners, 0);
    if (image_from_board.empty())
        return std::nan("");
    const cv::Mat board_from_image = image_from_board.inv();
    std::vector<double> sides;
    for (size_t i = 0; i < marker_ids.size(); ++i) {
        std::vector<cv::Point2f> mapped;
        cv::perspectiveTransform(marker_corners[i], mapped, board_from_image);
        double side = 0.0;
        for (int k = 0; k < 4; ++k)
            side += cv::norm(mapped[size_t(k)] - mapped[size_t((k + 1) % 4)]) / 4.0;
        sides.push_back(side);
    }
    if (sides.empty())
        return std::nan("");
    std::nth_element(sides.begin(), sides.begin() + long(sides.size() / 2), sides.end());
    return sides[sides.size() / 2];
}

// Board frame (x, y) in mm -> full-resolution pixels, fitted to the corners of the markers whose
// centres lie within `radius_mm` of `at_mm`; empty when fewer than two such markers were found.
std::optional<cv::Matx33d> local_image_from_board(
    const cv::aruco::CharucoBoard& board,
    const std::vector<std::vector<cv::Point2f>>& marker_corners, const std::vector<int>& marker_ids,
    cv::Point2f at_mm, double radius_mm) {
    std::vector<cv::Point2f> on_board, in_image;
    for (size_t i = 0; i < marker_ids.size(); ++i) {
        const std::vector<cv::Point3f>& object = board.objPoints[size_t(marker_ids[i])];
        cv::Point2f centre(0.0f, 0.0f);
        for (const cv::Point3f& point : object)
            centre += cv::Point2f(point.x, point.y) * 0.25f;
        if (cv::norm(centre - at_mm) > radius_mm)
            continue;
        for (size_t k = 0; k < 4; ++k) {
            on_board.emplace_back(object[k].x, object[k].y);
            in_image.push_back(marker_corners[i][k]);
        }
    }
    if (on_board.size() < 8)
        return std::nullopt;
    const cv::Mat fitted = cv::findHomography(on_board, in_image, 0);
    if (fitted.empty())
        return std::nullopt;
    return cv::Matx33d(fitted);
}

cv::Point2d apply(const cv::Matx33d& homography, const cv::Point2d& point) {
    const cv::Vec3d mapped = homography * cv::Vec3d(point.x, point.y, 1.0);
    return {mapped[0] / mapped[2], mapped[1] / mapped[2]};
}

// One ChArUco corner refined to subpixel precision on a patch of the board resampled square-on
// (through `image_from_board`, near the corner), then mapped back. In the photo itself, at a
// grazing angle, the squares are foreshortened: the markers' borders come within a few pixels of
// the corner along one diagonal (an image-aligned window either takes in their edges, and is
// pulled 2-3 px sideways, or is too small to see the corner's edges at all), while square-on
// the corner is a right-angled cross with the markers `margin_mm` away along both axes. The patch
// keeps the photo's finest scale there (no detail is lost), and the window reaches 0.9 of the
// margin. Returns false when cornerSubPix leaves the patch's window (no corner found there).
bool refine_corner_square_on(const cv::Mat& gray, const cv::Matx33d& image_from_board,
                             cv::Point2f corner_mm, double margin_mm, cv::Point2f& corner_px) {
    const cv::Point2d centre = apply(image_from_board, corner_mm);
    const cv::Point2d along_x =
        apply(image_from_board, corner_mm + cv::Point2f(1.0f, 0.0f)) - centre;
    const cv::Point2d along_y =
        apply(image_from_board, corner_mm + cv::Point2f(0.0f, 1.0f)) - centre;
    // The largest stretch of the local map, in pixels per mm: the patch's scale.
    const cv::Matx22d jacobian(along_x.x, along_y.x, along_x.y, along_y.y);
    cv::Matx21d stretches;
    cv::SVD::compute(jacobian, stretches);
    const double px_per_mm = std::max(1.0, stretches(0));
    if (!std::isfinite(px_per_mm) || px_per_mm > 100.0)
        return false;
    const int half = std::clamp(int(0.9 * margin_mm * px_per_mm), 2, 40);
    const int radius = half + half / 2 + 4;
    // Patch pixel (u, v) -> board (corner_mm + ((u, v) - radius) / px_per_mm) -> photo.
    const cv::Matx33d board_from_patch(1.0 / px_per_mm, 0.0, corner_mm.x - radius / px_per_mm, 0.0,
                                       1.0 / px_per_mm, corner_mm.y - radius / px_per_mm, 0.0, 0.0,
                                       1.0);
    const cv::Matx33d image_from_patch = image_from_board * board_from_patch;
    cv::Mat patch;
    cv::warpPerspective(gray, patch, cv::Mat(image_from_patch),
                        cv::Size(2 * radius + 1, 2 * radius + 1),
                        cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_REPLICATE);
    std::vector<cv::Point2f> found{cv::Point2f(float(radius), float(radius))};
    cv::cornerSubPix(patch, found, cv::Size(half, half), cv::Size(-1, -1),
                     {cv::TermCriteria::EPS + cv::TermCriteria::COUNT, 40, 0.001});
    if (std::abs(found[0].x - radius) > half || std::abs(found[0].y - radius) > half)
        return false;
    corner_px = cv::Point2f(apply(image_from_patch, cv::Point2d(found[0])));
    return true;
}

BoardSighting find_board(const std::filesystem::path& file, const cv::aruco::CharucoBoard& board,
                         const cv::Ptr<cv::aruco::CharucoBoard>& board_ptr, double max_side_px) {
    BoardSighting sighting;
    const cv::Mat gray = cv::imread(file.string(), cv::IMREAD_GRAYSCALE);
    if (gray.empty())
        return sighting;
    sighting.readable = true;
    sighting.size = gray.size();
    const double scale = std::min(1.0, max_side_px / std::max(gray.cols, gray.rows));
    cv::Mat small = gray;
    if (scale < 1.0)
        cv::resize(gray, small, cv::Size(), scale, scale, cv::INTER_AREA);

    std::vector<std::vector<cv::Point2f>> marker_corners, rejected;
    std::vector<int> marker_ids;
    const cv::Ptr<cv::aruco::DetectorParameters> parameters =
        cv::aruco::DetectorParameters::create();
    cv::aruco::detectMarkers(small, board.dictionary, marker_corners, marker_ids, parameters,
                             rejected);
    // Keep the board's markers; note the dictionary's others (a different board printed).
    std::vector<std::vector<cv::Point2f>> board_corners;
    std::vector<int> board_ids;
    const int marker_count = int(board.ids.size());
    for (size_t i = 0; i < marker_ids.size(); ++i) {
        if (marker_ids[i] >= 0 && marker_ids[i] < marker_count) {
            board_corners.push_back(marker_corners[i]);
            board_ids.push_back(marker_ids[i]);
        } else {
            sighting.foreign_marker_ids.push_back(marker_ids[i]);
        }
    }
    sighting.markers = int(board_ids.size());
    if (board_ids.empty())
        return sighting;
    cv::aruco::interpolateCornersCharuco(board_corners, board_ids, small, board_ptr,
                                         sighting.corners, sighting.corner_ids);
    // Back to full resolution, then refined there, square-on (refine_corner_square_on). Always:
    // OpenCV 4.6's ChArUco corners are half a pixel off the convention of the rest of OpenCV
    // (pixel centres at whole numbers), and cornerSubPix, started anywhere near, converges to
    // the true corner. The patch's map comes from the markers around the corner; where there
    // are too few, the corner is refined in the photo, its window clear of the nearest marker
    // corner, as OpenCV's own refinement does.
    for (cv::Point2f& corner : sighting.corners)
        corner /= scale;
    for (std::vector<cv::Point2f>& marker : board_corners)
        for (cv::Point2f& corner : marker)
            corner /= scale;
    const double square_mm = board.getSquareLength();
    const double margin_mm = (square_mm - board.getMarkerLength()) / 2.0;
    for (size_t i = 0; i < sighting.corners.size(); ++i) {
        cv::Point2f& corner = sighting.corners[i];
        const cv::Point3f on_board = board.chessboardCorners[size_t(sighting.corner_ids[i])];
        const cv::Point2f corner_mm(on_board.x, on_board.y);
        const std::optional<cv::Matx33d> image_from_board =
            local_image_from_board(board, board_corners, board_ids, corner_mm, 1.6 * square_mm);
        if (image_from_board &&
            refine_corner_square_on(gray, *image_from_board, corner_mm, margin_mm, corner))
            continue;
        double nearest = 1e9;
        for (const std::vector<cv::Point2f>& marker : board_corners)
            for (const cv::Point2f& marker_corner : marker)
                nearest = std::min(nearest, double(cv::norm(corner - marker_corner)));
        const int half = std::clamp(int(nearest * 0.5), 2, 15);
        std::vector<cv::Point2f> one{corner};
        cv::cornerSubPix(gray, one, cv::Size(half, half), cv::Size(-1, -1),
                         {cv::TermCriteria::EPS + cv::TermCriteria::COUNT, 40, 0.001});
        corner = one[0];
    }
    // The markers' centres, for the photos where the object hides most of the chessboard
    // corners: each marker's four corners (the corners of a black square on white) refined
    // square-on like the chessboard corners, their windows within the marker's border (one bit
    // wide) and the white margin around it, and their diagonals crossed. The patch's map comes
    // from the markers around it, or from the marker alone. A marker with a corner that cannot
    // be refined (hidden, or cut by the object's outline) is left out.
    const double bit_mm = board.getMarkerLength() / (board.dictionary->markerSize + 2);
    const double marker_margin_mm = 0.85 * std::min(bit_mm, margin_mm);
    for (size_t i = 0; i < board_ids.size(); ++i) {
        const std::vector<cv::Point3f>& object = board.objPoints[size_t(board_ids[i])];
        cv::Point2f centre_mm(0.0f, 0.0f);
        for (const cv::Point3f& point : object)
            centre_mm += cv::Point2f(point.x, point.y) * 0.25f;
        std::optional<cv::Matx33d> image_from_board =
            local_image_from_board(board, board_corners, board_ids, centre_mm, 1.6 * square_mm);
        if (!image_from_board) {
            std::vector<cv::Point2f> on_board;
            for (const cv::Point3f& point : object)
                on_board.emplace_back(point.x, point.y);
            image_from_board = cv::Matx33d(cv::getPerspectiveTransform(on_board, board_corners[i]));
        }
        std::array<cv::Point2f, 4> refined;
        bool all_refined = true;
        for (size_t k = 0; k < 4 && all_refined; ++k) {
            refined[k] = board_corners[i][k];
            all_refined = refine_corner_square_on(gray, *image_from_board,
                                                  cv::Point2f(object[k].x, object[k].y),
                                                  marker_margin_mm, refined[k]);
        }
        if (!all_refined)
            continue;
        // The centre: where the diagonals cross.
        const cv::Vec3d diagonal_a = cv::Vec3d(refined[0].x, refined[0].y, 1.0)
                                         .cross(cv::Vec3d(refined[2].x, refined[2].y, 1.0));
        const cv::Vec3d diagonal_b = cv::Vec3d(refined[1].x, refined[1].y, 1.0)
                                         .cross(cv::Vec3d(refined[3].x, refined[3].y, 1.0));
        const cv::Vec3d crossing = diagonal_a.cross(diagonal_b);
        if (std::abs(crossing[2]) < 1e-12)
            continue;
        sighting.marker_points.emplace_back(float(crossing[0] / crossing[2]),
                                            float(crossing[1] / crossing[2]));
        sighting.marker_board_points.emplace_back(centre_mm.x, centre_mm.y, 0.0f);
    }
    sighting.marker_mm_seen =
        marker_side_seen_mm(board, board_corners, board_ids, sighting.corners, sighting.corner_ids);
    return sighting;
}

// The OpenCV camera model (k1, k2, p1, p2, k3) of one board corner, its offset in pixels
// times `weight` (1 for a chessboard corner, less for a marker's corner).
struct CornerReprojection {
    CornerReprojection(cv::Point2f observed, cv::Point3f board_point, double point_weight)
        : observed_x(observed.x),
          observed_y(observed.y),
          x(board_point.x),
          y(board_point.y),
          z(board_point.z),
          weight(point_weight) {}

    template <typename T>
    bool operator()(const T* focal, const T* principal, const T* distortion, const T* pose,
                    T* residual) const {
        const T point[3] = {T(x), T(y), T(z)};
        T camera[3];
        ceres::AngleAxisRotatePoint(pose, point, camera);
        camera[0] += pose[3];
        camera[1] += pose[4];
        camera[2] += pose[5];
        const T xn = camera[0] / camera[2];
        const T yn = camera[1] / camera[2];
        const T r2 = xn * xn + yn * yn;
        const T radial =
            T(1.0) + distortion[0] * r2 + distortion[1] * r2 * r2 + distortion[4] * r2 * r2 * r2;
        const T xd = xn * radial + T(2.0) * distortion[2] * xn * yn +
                     distortion[3] * (r2 + T(2.0) * xn * xn);
        const T yd = yn * radial + distortion[2] * (r2 + T(2.0) * yn * yn) +
                     T(2.0) * distortion[3] * xn * yn;
        residual[0] = T(weight) * (focal[0] * xd + principal[0] - T(observed_x));
        residual[1] = T(weight) * (focal[0] * focal[1] * yd + principal[1] - T(observed_y));
        return true;
    }

    double observed_x, observed_y, x, y, z, weight;
};

// One posed photo in the solver: its corners and cam_from_board (angle-axis, translation).
struct PosedPhoto {
    size_t photo_index = 0;
    std::vector<cv::Point2f> image_points;
    std::vector<cv::Point3f> board_points;
    std::vector<double> weights;   // per point: 1 for a chessboard corner, less for a marker's
    std::array<double, 6> pose{};  // angle-axis, then translation in mm
    double rms_px = 0.0;
};

struct Intrinsics {
    std::array<double, 2> focal{};  // fx, and fy / fx
    std::array<double, 2> principal{};
    std::array<double, 5> distortion{};  // k1, k2, p1, p2, k3
};

std::vector<cv::Point2f> reproject(const PosedPhoto& photo, const Intrinsics& intrinsics) {
    const cv::Matx33d k(intrinsics.focal[0], 0, intrinsics.principal[0], 0,
                        intrinsics.focal[0] * intrinsics.focal[1], intrinsics.principal[1], 0, 0,
                        1);
    std::vector<cv::Point2f> projected;
    cv::projectPoints(photo.board_points, cv::Vec3d(photo.pose[0], photo.pose[1], photo.pose[2]),
                      cv::Vec3d(photo.pose[3], photo.pose[4], photo.pose[5]), k,
                      cv::Mat(1, 5, CV_64F, const_cast<double*>(intrinsics.distortion.data())),
                      projected);
    return projected;
}

double rms_of(const PosedPhoto& photo, const Intrinsics& intrinsics) {
    const std::vector<cv::Point2f> projected = reproject(photo, intrinsics);
    double sum = 0.0;
    for (size_t i = 0; i < projected.size(); ++i) {
        const cv::Point2f d = projected[i] - photo.image_points[i];
        sum += photo.weights[i] * photo.weights[i] * d.dot(d);
    }
    return std::sqrt(sum / std::max<size_t>(1, projected.size()));
}

// How closely the photos pin down the principal point and the pixels' aspect (fy / fx): their
// standard deviations after the refinement, the corners' scatter taken as their noise.
struct IntrinsicsSpread {
    double principal_px = 0.0;  // the larger of cx's and cy's
    double aspect = 0.0;
};

// `spread`, where asked for and the principal point is refined, is set to how well the photos
// determine the principal point and the aspect (infinite where they cannot at all).
void refine_jointly(std::vector<PosedPhoto>& photos, Intrinsics& intrinsics,
                    const PoseOptions& options, bool weak_geometry,
                    IntrinsicsSpread* spread = nullptr) {
    ceres::Problem problem;
    for (PosedPhoto& photo : photos) {
        for (size_t i = 0; i < photo.image_points.size(); ++i) {
            auto* cost = new ceres::AutoDiffCostFunction<CornerReprojection, 2, 2, 2, 5, 6>(
                new CornerReprojection(photo.image_points[i], photo.board_points[i],
                                       photo.weights[i]));
            problem.AddResidualBlock(cost, new ceres::HuberLoss(1.0), intrinsics.focal.data(),
                                     intrinsics.principal.data(), intrinsics.distortion.data(),
                                     photo.pose.data());
        }
    }
    if (!options.refine_principal_point || weak_geometry)
        problem.SetParameterBlockConstant(intrinsics.principal.data());
    if (weak_geometry)
        problem.SetManifold(intrinsics.focal.data(), new ceres::SubsetManifold(2, {1}));
    // Tangential distortion (p1, p2) stays zero: our cameras' lenses are centred well enough,
    // and it trades off against the principal point.
    std::vector<int> fixed_terms = {2, 3};
    if (options.distortion_terms < 3)
        fixed_terms.push_back(4);
    if (options.distortion_terms < 2) {
        fixed_terms.push_back(0);
        fixed_terms.push_back(1);
    }
    if (fixed_terms.size() == 5)
        problem.SetParameterBlockConstant(intrinsics.distortion.data());
    else
        problem.SetManifold(intrinsics.distortion.data(),
                            new ceres::SubsetManifold(5, fixed_terms));

    ceres::Solver::Options solver_options;
    solver_options.linear_solver_type = ceres::DENSE_SCHUR;
    solver_options.max_num_iterations = 50;
    solver_options.num_threads = std::max(1, cv::getNumThreads());
    solver_options.function_tolerance = 1e-10;
    solver_options.parameter_tolerance = 1e-10;
    ceres::Solver::Summary summary;
    ceres::Solve(solver_options, &problem, &summary);

    if (spread == nullptr || !options.refine_principal_point || weak_geometry)
        return;
    double squared_sum = 0.0;
    size_t coordinates = 0;
    for (const PosedPhoto& photo : photos) {
        const std::vector<cv::Point2f> projected = reproject(photo, intrinsics);
        for (size_t i = 0; i < projected.size(); ++i) {
            const cv::Point2f d = projected[i] - photo.image_points[i];
            squared_sum += photo.weights[i] * photo.weights[i] * d.dot(d);
        }
        coordinates += 2 * projected.size();
    }
    const double noise_px = std::sqrt(squared_sum / double(std::max<size_t>(1, coordinates)));
    ceres::Covariance::Options covariance_options;
    covariance_options.algorithm_type = ceres::DENSE_SVD;
    covariance_options.num_threads = solver_options.num_threads;
    ceres::Covariance covariance(covariance_options);
    const std::vector<std::pair<const double*, const double*>> blocks = {
        {intrinsics.principal.data(), intrinsics.principal.data()},
        {intrinsics.focal.data(), intrinsics.focal.data()}};
    std::array<double, 4> principal{}, focal{};
    if (!covariance.Compute(blocks, &problem) ||
        !covariance.GetCovarianceBlock(intrinsics.principal.data(), intrinsics.principal.data(),
                                       principal.data()) ||
        !covariance.GetCovarianceBlock(intrinsics.focal.data(), intrinsics.focal.data(),
                                       focal.data())) {
        spread->principal_px = spread->aspect = std::numeric_limits<double>::infinity();
        return;
    }
    spread->principal_px = noise_px * std::sqrt(std::max(principal[0], principal[3]));
    spread->aspect = noise_px * std::sqrt(focal[3]);
}

// Corners that fit far worse than the set's typical corner (refined onto a wrong edge, next to
// the object's outline, or from a misread marker) are set aside: more than max(1 px, 3 times
// the median) off. A photo left with fewer than `min_corners` is set aside whole, with why.
// Returns the indices (into `photos`) of the photos that lost corners.
std::vector<size_t> drop_stray_corners(std::vector<PosedPhoto>& photos,
                                       const Intrinsics& intrinsics, int min_corners,
                                       const std::vector<Photo>& files,
                                       std::vector<PhotoIssue>& rejected) {
    std::vector<std::vector<double>> offsets(photos.size());
    std::vector<double> all;
    for (size_t p = 0; p < photos.size(); ++p) {
        const std::vector<cv::Point2f> projected = reproject(photos[p], intrinsics);
        for (size_t i = 0; i < projected.size(); ++i)
            offsets[p].push_back(photos[p].weights[i] *
                                 cv::norm(projected[i] - photos[p].image_points[i]));
        all.insert(all.end(), offsets[p].begin(), offsets[p].end());
    }
    if (all.empty())
        return {};
    std::nth_element(all.begin(), all.begin() + long(all.size() / 2), all.end());
    const double limit_px = std::max(1.0, 3.0 * all[all.size() / 2]);
    std::vector<size_t> changed;
    std::vector<PosedPhoto> kept;
    for (size_t p = 0; p < photos.size(); ++p) {
        PosedPhoto& photo = photos[p];
        PosedPhoto fitting = photo;
        fitting.image_points.clear();
        fitting.board_points.clear();
        fitting.weights.clear();
        for (size_t i = 0; i < offsets[p].size(); ++i) {
            if (offsets[p][i] <= limit_px) {
                fitting.image_points.push_back(photo.image_points[i]);
                fitting.board_points.push_back(photo.board_points[i]);
                fitting.weights.push_back(photo.weights[i]);
            }
        }
        if (fitting.image_points.size() == photo.image_points.size()) {
            kept.push_back(std::move(photo));
        } else if (int(fitting.image_points.size()) >= min_corners) {
            changed.push_back(kept.size());
            kept.push_back(std::move(fitting));
        } else {
            rejected.push_back(
                {files[photo.photo_index].file,
                 "only " + std::to_string(fitting.image_points.size()) + " of its " +
                     std::to_string(photo.image_points.size()) +
                     " board corners fit the other photos (" + std::to_string(min_corners) +
                     " needed)",
                 "keep more of the board in view, flat, sharp and free of glare, and retake "
                 "the photo"});
        }
    }
    photos = std::move(kept);
    return changed;
}

}  // namespace

void check(const PoseOptions& options) {
    if (options.min_corners < 4)
        throw Error("poses: min_corners must be at least 4; a pose needs 4 corners or more");
    if (options.min_posed_photos < 3)
        throw Error(
            "poses: min_posed_photos must be at least 3; calibration needs 3 views or more");
    if (!(options.max_photo_rms_px > 0.0))
        throw Error("poses: max_photo_rms_px must be positive; the default is 3 pixels");
    if (options.distortion_terms != 0 && options.distortion_terms != 2 &&
        options.distortion_terms != 3)
        throw Error("poses: distortion_terms must be 0, 2 or 3; the default is 2");
    if (!(options.max_side_px >= 320.0))
        throw Error("poses: max_side_px must be at least 320; the default is 2400 pixels");
}

PoseResult estimate_poses_charuco(const std::vector<Photo>& photos, const ChArUcoRig& rig,
                                  const PoseOptions& options) {
    check(options);
    check(rig);
    if (photos.empty())
        throw Error("poses: no photos to pose; add photos of the artifact on the board");
    // One camera, one size: the first photo of each size found names it.
    for (const Photo& photo : photos) {
        if (photo.width_px != photos.front().width_px ||
            photo.height_px != photos.front().height_px) {
            auto size = [](const Photo& p) {
                return std::to_string(p.width_px) + " x " + std::to_string(p.height_px);
            };
            throw Error("poses: the photos differ in size (" + name_of(photos.front().file) +
                        " is " + size(photos.front()) + ", " + name_of(photo.file) + " is " +
                        size(photo) +
                        "); take all photos with one camera at one setting, in one orientation");
        }
    }

    const cv::Ptr<cv::aruco::CharucoBoard> board = make_charuco_board(rig);
    std::vector<BoardSighting> sightings(photos.size());
    cv::parallel_for_(
        cv::Range(0, int(photos.size())),
        [&](const cv::Range& range) {
            for (int i = range.start; i < range.end; ++i)
                sightings[size_t(i)] =
                    find_board(photos[size_t(i)].file, *board, board, options.max_side_px);
        },
        double(photos.size()));

    // What does not fit the rig stops the capture: it would be wrong in every photo.
    const std::string board_words = rig.dictionary + ", " + std::to_string(rig.squares_x) + " x " +
                                    std::to_string(rig.squares_y) + " squares";
    std::set<int> foreign_ids;
    int photos_with_board = 0;
    std::vector<double> marker_sizes_seen;
    for (const BoardSighting& sighting : sightings) {
        foreign_ids.insert(sighting.foreign_marker_ids.begin(), sighting.foreign_marker_ids.end());
        photos_with_board += sighting.markers > 0 ? 1 : 0;
        if (int(sighting.corners.size()) >= options.min_corners &&
            std::isfinite(sighting.marker_mm_seen))
            marker_sizes_seen.push_back(sighting.marker_mm_seen);
    }
    if (foreign_ids.size() >= 2) {
        throw Error("poses: the photos show markers numbered up to " +
                    std::to_string(*foreign_ids.rbegin()) + ", but the board of rig.json (" +
                    board_words + ") has markers 0 to " + std::to_string(board->ids.size() - 1) +
                    " only; check squares_x and squares_y in rig.json against the printed board");
    }
    if (photos_with_board == 0) {
        throw Error("poses: no ChArUco board found in any of the " + std::to_string(photos.size()) +
                    " photos; check that rig.json matches the "
                    "printed board (" +
                    board_words + ") and that the board is in view, sharp and evenly lit");
    }
    if (!marker_sizes_seen.empty()) {
        std::nth_element(marker_sizes_seen.begin(),
                         marker_sizes_seen.begin() + long(marker_sizes_seen.size() / 2),
                         marker_sizes_seen.end());
        const double seen_mm = marker_sizes_seen[marker_sizes_seen.size() / 2];
        if (std::abs(seen_mm - rig.marker_mm) > 0.1 * rig.marker_mm) {
            throw Error("poses: the markers measure " + fixed(seen_mm / rig.square_mm, 2) +
                        " of a square, but rig.json says " + fixed(rig.marker_mm, 1) + " mm of " +
                        fixed(rig.square_mm, 1) + " mm (" +
                        fixed(rig.marker_mm / rig.square_mm, 2) +
                        "); measure a square and a marker of the printed board and correct "
                        "square_mm and marker_mm in rig.json");
        }
    }

    PoseResult result;
    std::vector<PosedPhoto> posed;
    // Where the object hides most of the chessboard corners, the markers' centres count too,
    // at half the weight of a corner (they are the crossing of four corners that blur pulls
    // towards the marker's centre along its diagonals, which leaves the crossing in place, but
    // the refinement of an L-shaped corner is less steady than that of a saddle point). Photos
    // with corners enough keep to the corners.
    const double marker_weight = 0.5;
    for (size_t i = 0; i < photos.size(); ++i) {
        const BoardSighting& sighting = sightings[i];
        const std::filesystem::path& file = photos[i].file;
        const bool with_markers = int(sighting.corners.size()) < options.min_corners;
        const size_t points =
            sighting.corners.size() + (with_markers ? sighting.marker_points.size() : 0);
        if (!sighting.readable) {
            result.rejected.push_back(
                {file, "the photo cannot be read", "check the file, or remove it from the folder"});
        } else if (sighting.markers == 0) {
            result.rejected.push_back(
                {file, "no ChArUco board found",
                 "keep the board in view, sharp and evenly lit, or remove the photo"});
        } else if (int(points) < options.min_corners) {
            result.rejected.push_back(
                {file,
                 "only " + std::to_string(points) + " board corners found (" +
                     std::to_string(options.min_corners) + " needed)",
                 "keep more of the board in view: the object must not cover most of it; avoid "
                 "glare on the board"});
        } else if (sighting.size != cv::Size(photos[i].width_px, photos[i].height_px)) {
            result.rejected.push_back({file,
                                       "the photo is " + std::to_string(sighting.size.width) +
                                           " x " + std::to_string(sighting.size.height) +
                                           " pixels, unlike the others",
                                       "take all photos with one camera at one setting"});
        } else {
            PosedPhoto photo;
            photo.photo_index = i;
            photo.image_points = sighting.corners;
            for (int id : sighting.corner_ids)
                photo.board_points.push_back(board->chessboardCorners[size_t(id)]);
            photo.weights.assign(photo.image_points.size(), 1.0);
            if (with_markers) {
                photo.image_points.insert(photo.image_points.end(), sighting.marker_points.begin(),
                                          sighting.marker_points.end());
                photo.board_points.insert(photo.board_points.end(),
                                          sighting.marker_board_points.begin(),
                                          sighting.marker_board_points.end());
                photo.weights.resize(photo.image_points.size(), marker_weight);
            }
            posed.push_back(std::move(photo));
        }
    }
    auto check_enough = [&]() {
        if (int(posed.size()) >= options.min_posed_photos)
            return;
        std::string names;
        for (const PosedPhoto& photo : posed)
            names += (names.empty() ? "" : ", ") + name_of(photos[photo.photo_index].file);
        throw Error("poses: the board was found well enough in only " +
                    std::to_string(posed.size()) + " of the " + std::to_string(photos.size()) +
                    " photos" + (names.empty() ? "" : " (" + names + ")") + "; " +
                    std::to_string(options.min_posed_photos) +
                    " are needed: take more photos with most of the board in view and sharp");
    };
    check_enough();

    // The calibration, then the joint refinement. Photos from one height only (one ring of a
    // turntable) leave the principal point and the pixels' aspect undetermined: when most
    // photos then fit poorly, or the refinement cannot pin them down, it is done again with
    // the principal point at the photo's centre and square pixels.
    const cv::Size image_size(photos.front().width_px, photos.front().height_px);
    Intrinsics intrinsics;
    const std::vector<PosedPhoto> found = posed;
    auto solve = [&](bool weak_geometry) -> bool {
        // A first calibration with OpenCV, on at most 24 photos spread evenly over the set (not
        // every other photo: that could be one ring of a capture on two).
        {
            std::vector<std::vector<cv::Point2f>> image_points;
            std::vector<std::vector<cv::Point3f>> object_points;
            const size_t chosen = std::min<size_t>(posed.size(), 24);
            for (size_t j = 0; j < chosen; ++j) {
                const size_t i =
                    chosen == 1 ? 0 : (j * (posed.size() - 1) + (chosen - 1) / 2) / (chosen - 1);
                image_points.push_back(posed[i].image_points);
                object_points.push_back(posed[i].board_points);
            }
            int flags = cv::CALIB_ZERO_TANGENT_DIST;
            if (!options.refine_principal_point || weak_geometry)
                flags |= cv::CALIB_FIX_PRINCIPAL_POINT;
            if (weak_geometry)
                flags |= cv::CALIB_FIX_ASPECT_RATIO;
            if (options.distortion_terms < 3)
                flags |= cv::CALIB_FIX_K3;
            if (options.distortion_terms < 2)
                flags |= cv::CALIB_FIX_K1 | cv::CALIB_FIX_K2;
            cv::Mat camera_matrix = cv::Mat::eye(3, 3, CV_64F);
            camera_matrix.at<double>(0, 2) = (image_size.width - 1) / 2.0;
            camera_matrix.at<double>(1, 2) = (image_size.height - 1) / 2.0;
            cv::Mat distortion = cv::Mat::zeros(1, 5, CV_64F);
            std::vector<cv::Mat> rotations, translations;
            try {
                cv::calibrateCamera(object_points, image_points, image_size, camera_matrix,
                                    distortion, rotations, translations, flags,
                                    {cv::TermCriteria::COUNT + cv::TermCriteria::EPS, 30, 1e-6});
            } catch (const cv::Exception& error) {
                throw Error(std::string("poses: the camera cannot be calibrated from the board (") +
                            error.what() +
                            "); take photos of the board from more directions, tilted, not only "
                            "straight on");
            }
            intrinsics.focal = {camera_matrix.at<double>(0, 0),
                                camera_matrix.at<double>(1, 1) / camera_matrix.at<double>(0, 0)};
            intrinsics.principal = {camera_matrix.at<double>(0, 2), camera_matrix.at<double>(1, 2)};
            for (int i = 0; i < 5; ++i)
                intrinsics.distortion[size_t(i)] = distortion.at<double>(i);
        }
        // Every photo's pose from the first calibration.
        const cv::Matx33d first_k(intrinsics.focal[0], 0, intrinsics.principal[0], 0,
                                  intrinsics.focal[0] * intrinsics.focal[1],
                                  intrinsics.principal[1], 0, 0, 1);
        const cv::Mat first_distortion(1, 5, CV_64F, intrinsics.distortion.data());
        cv::parallel_for_(cv::Range(0, int(posed.size())), [&](const cv::Range& range) {
            for (int i = range.start; i < range.end; ++i) {
                PosedPhoto& photo = posed[size_t(i)];
                cv::Vec3d rvec, tvec;
                cv::solvePnP(photo.board_points, photo.image_points, first_k, first_distortion,
                             rvec, tvec, false, cv::SOLVEPNP_IPPE);
                cv::solvePnPRefineLM(photo.board_points, photo.image_points, first_k,
                                     first_distortion, rvec, tvec);
                photo.pose = {rvec[0], rvec[1], rvec[2], tvec[0], tvec[1], tvec[2]};
            }
        });

        // A first joint refinement, then the stray corners set aside and those photos posed again.
        if (options.refine_jointly)
            refine_jointly(posed, intrinsics, options, weak_geometry);
        const std::vector<size_t> thinned =
            drop_stray_corners(posed, intrinsics, options.min_corners, photos, result.rejected);
        check_enough();
        const cv::Matx33d k(intrinsics.focal[0], 0, intrinsics.principal[0], 0,
                            intrinsics.focal[0] * intrinsics.focal[1], intrinsics.principal[1], 0,
                            0, 1);
        for (size_t i : thinned) {
            PosedPhoto& photo = posed[i];
            cv::Vec3d rvec(photo.pose[0], photo.pose[1], photo.pose[2]);
            cv::Vec3d tvec(photo.pose[3], photo.pose[4], photo.pose[5]);
            cv::solvePnPRefineLM(photo.board_points, photo.image_points, k,
                                 cv::Mat(1, 5, CV_64F, intrinsics.distortion.data()), rvec, tvec);
            photo.pose = {rvec[0], rvec[1], rvec[2], tvec[0], tvec[1], tvec[2]};
        }

        // Joint refinement; photos that still fit poorly are set aside and the rest refined again.
        IntrinsicsSpread spread;
        for (int round = 0; round < 2; ++round) {
            if (options.refine_jointly)
                refine_jointly(posed, intrinsics, options, weak_geometry, &spread);
            size_t poor = 0;
            for (PosedPhoto& photo : posed) {
                photo.rms_px = rms_of(photo, intrinsics);
                poor += photo.rms_px > options.max_photo_rms_px ? 1 : 0;
            }
            // A camera no lens makes: the photos could not tell it (one ring only).
            const double side = std::max(image_size.width, image_size.height);
            const bool implausible =
                !(intrinsics.focal[0] > 0.1 * side && intrinsics.focal[0] < 20.0 * side) ||
                !(intrinsics.focal[1] > 0.8 && intrinsics.focal[1] < 1.25) ||
                !(intrinsics.principal[0] > 0.0 && intrinsics.principal[0] < image_size.width) ||
                !(intrinsics.principal[1] > 0.0 && intrinsics.principal[1] < image_size.height);
            if (!weak_geometry && (implausible || 2 * poor > posed.size()))
                return false;
            std::vector<PosedPhoto> kept;
            for (PosedPhoto& photo : posed) {
                if (photo.rms_px <= options.max_photo_rms_px) {
                    kept.push_back(std::move(photo));
                } else {
                    result.rejected.push_back(
                        {photos[photo.photo_index].file,
                         "the board's corners reproject " + fixed(photo.rms_px, 1) +
                             " px off (at most " + fixed(options.max_photo_rms_px, 1) +
                             " px allowed)",
                         "the board moved or bent, or the photo is blurred: keep the board flat "
                         "and fixed to the turntable, and retake the photo"});
                }
            }
            const bool changed = kept.size() != posed.size();
            posed = std::move(kept);
            check_enough();
            if (!changed)
                break;
        }
        // Turntable rings tilt the board about the camera's x axis only, and with the board in
        // the middle of the photos a shift of the principal point then looks much like a tilt
        // of every camera: the fit is as good with cy 40 px off, and each pose is off by a
        // degree. Where the photos pin the principal point down to no better than an eighth of
        // a percent of the photo's side, or the aspect to 0.05 %, the photo's centre and square
        // pixels are the better guess.
        const double side = std::max(image_size.width, image_size.height);
        return weak_geometry || !options.refine_jointly ||
               (spread.principal_px <= 0.00125 * side && spread.aspect <= 0.0005);
    };
    // How differently the board is tilted towards the camera across the photos, seen through a
    // nominal camera: under 8 degrees apart, the photos are one ring.
    bool one_ring = false;
    {
        const double side = std::max(image_size.width, image_size.height);
        const cv::Matx33d nominal(1.2 * side, 0, (image_size.width - 1) / 2.0, 0, 1.2 * side,
                                  (image_size.height - 1) / 2.0, 0, 0, 1);
        std::vector<cv::Vec3d> normals;
        cv::Vec3d normal_sum(0, 0, 0);
        for (const PosedPhoto& photo : posed) {
            cv::Vec3d rvec, tvec;
            cv::solvePnP(photo.board_points, photo.image_points, nominal, cv::noArray(), rvec, tvec,
                         false, cv::SOLVEPNP_IPPE);
            cv::Matx33d rotation;
            cv::Rodrigues(rvec, rotation);
            normals.push_back(rotation * cv::Vec3d(0, 0, 1));
            normal_sum += normals.back();
        }
        const cv::Vec3d mean_normal = cv::normalize(normal_sum);
        double widest = 0.0;
        for (const cv::Vec3d& normal : normals)
            widest = std::max(widest, std::acos(std::clamp(normal.dot(mean_normal), -1.0, 1.0)));
        one_ring = widest * 180.0 / CV_PI < 4.0;
    }
    const size_t rejected_before = result.rejected.size();
    if (one_ring || !solve(false)) {
        posed = found;
        result.rejected.resize(rejected_before);
        solve(true);
    }

    // Into the world: x_board = R_wb^T (x_world - t_wb).
    const BoardPlacement placement = world_from_board(rig);
    CameraIntrinsics camera;
    camera.width_px = image_size.width;
    camera.height_px = image_size.height;
    camera.fx = intrinsics.focal[0];
    camera.fy = intrinsics.focal[0] * intrinsics.focal[1];
    camera.cx = intrinsics.principal[0];
    camera.cy = intrinsics.principal[1];
    camera.distortion = intrinsics.distortion;
    result.cameras.method = "turntable-charuco";
    double squared_sum = 0.0;
    size_t corner_count = 0;
    std::sort(posed.begin(), posed.end(), [](const PosedPhoto& a, const PosedPhoto& b) {
        return a.photo_index < b.photo_index;
    });
    for (const PosedPhoto& photo : posed) {
        cv::Matx33d cam_from_board;
        cv::Rodrigues(cv::Vec3d(photo.pose[0], photo.pose[1], photo.pose[2]), cam_from_board);
        const cv::Vec3d t_cam_board(photo.pose[3], photo.pose[4], photo.pose[5]);
        CameraView view;
        view.photo_file = photos[photo.photo_index].file;
        view.image_file = view.photo_file;
        view.intrinsics = camera;
        view.cam_from_world.rotation = cam_from_board * placement.rotation.t();
        view.cam_from_world.translation_mm =
            t_cam_board - view.cam_from_world.rotation * placement.translation_mm;
        view.reprojection_rms_px = photo.rms_px;
        view.board_corners = int(photo.image_points.size());
        result.cameras.views.push_back(view);
        BoardCornerSightings seen;
        for (size_t i = 0; i < photo.image_points.size(); ++i) {
            if (photo.weights[i] < 1.0)
                continue;
            const cv::Point3f& b = photo.board_points[i];
            const cv::Vec3d world =
                placement.rotation * cv::Vec3d(b.x, b.y, b.z) + placement.translation_mm;
            seen.world_mm.emplace_back(world[0], world[1], world[2]);
            seen.photo_px.emplace_back(photo.image_points[i].x, photo.image_points[i].y);
        }
        result.corners.push_back(std::move(seen));
        squared_sum += photo.rms_px * photo.rms_px * double(photo.image_points.size());
        corner_count += photo.image_points.size();
    }
    result.cameras.reprojection_rms_px = std::sqrt(squared_sum / double(corner_count));
    // The report lists the rejected photos in the order of the photos.
    std::sort(result.rejected.begin(), result.rejected.end(),
              [](const PhotoIssue& a, const PhotoIssue& b) { return a.file < b.file; });
    return result;
}

}  // namespace heritage::capture
