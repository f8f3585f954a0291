// Incremental structure from motion, as Bundler and COLMAP do it: tracks from the verified
// matches (union-find that refuses to put two features of one photo in one track); a first pair
// with many matches and enough parallax (essential matrix, recoverPose); then, photo after
// photo, the one that sees most of the points so far registered by PnP + RANSAC, its new points
// triangulated robustly, a local bundle adjustment, and a global one each time the model has
// grown by a share; observations that reproject badly and points seen under too small an angle
// are dropped after each adjustment, and tracks retriangulated after each global one.
#include "capture/sfm.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <iterator>
#include <limits>
#include <map>
#include <numeric>
#include <opencv2/calib3d.hpp>
#include <optional>
#include <string>
#include <tuple>

#include "capture/bundle_adjustment.h"
#include "capture/tracks.h"
#include "exhibit/error.h"

namespace heritage::capture {
namespace {

constexpr double kRadiansPerDegree = CV_PI / 180.0;
// Below this many registered photos the focal and the distortion are held: two or three views
// cannot tell a focal change from a change of depth.
constexpr int kPhotosBeforeRefiningIntrinsics = 4;
// A local adjustment moves the new photo and this many of its best-connected neighbours.
constexpr int kLocalNeighbours = 5;
// PnP: of the 2D-3D correspondences, at least this share must be inliers (random matches
// give a few "inliers" by chance, never a quarter).
constexpr double kMinPnpInlierRatio = 0.25;
// First pair: its points' median triangulation angle, in multiples of min_triangulation_deg,
// before a weaker pair is accepted.
constexpr double kInitialMedianAngleFactor = 3.0;
constexpr int kMaxInitialCandidates = 40;
// A first pair whose matches a homography explains this well has too little parallax (or
// shows a plane): its essential matrix is ambiguous (COLMAP's threshold).
constexpr double kMaxHomographyShare = 0.8;
// A photo that PnP cannot place joins by its relative pose to a registered photo when the two
// share this many matches (essential-matrix inliers), and this many of the model's points
// agree on the scale, or (where the photo sees only a few: a weak link of a sparse ring, where
// few tracks run through three photos) at least kMinMajorityScaleInliers that are more than half
// of those it sees: the rotation and direction come from the many matches, the scale is one
// number, and three points agreeing on it within max_reprojection_px by chance is unlikely.
constexpr int kMinRelativeMatches = 50;
constexpr int kMinScaleInliers = 5;
constexpr int kMinMajorityScaleInliers = 3;
// The principal point is refined (in the last adjustment) only where the field of view is
// wide: focal below this many long sides (about 53 degrees). In a narrow view a shift of it
// looks like a turn of every camera, and it wanders (30 px on the Middlebury temple, 24
// degrees), while on a wide view it comes out within 4 px (Strecha's fountain, 59 degrees:
// rotation errors 0.5 -> 0.08 degrees).
constexpr double kMaxFocalForPrincipalPoint = 1.0;
// A principal point refined farther than this share of the long side from the middle is put
// back (a real lens is centred within ~1 %; a point that far off is a weak model).
constexpr double kMaxPrincipalPointShift = 0.05;
// Adjustments before the last stop when the cost changes by less than this share, or after
// this many iterations (the model changes again anyway).
constexpr double kIntermediateTolerance = 1e-4;
constexpr int kIntermediateIterations = 25;

std::vector<std::vector<size_t>> pairs_by_photo(size_t photo_count,
                                                const std::vector<ImagePairMatches>& pairs) {
    std::vector<std::vector<size_t>> pairs_of_photo(photo_count);
    for (size_t index = 0; index < pairs.size(); ++index) {
        pairs_of_photo[size_t(pairs[index].first)].push_back(index);
        pairs_of_photo[size_t(pairs[index].second)].push_back(index);
    }
    return pairs_of_photo;
}

// ---------------------------------------------------------------------------------------------
// The model as it grows

struct ModelPoint {
    int track = -1;
    std::vector<std::pair<int, int>> observations;  // (photo, feature) that the model uses
    bool alive = true;
};

// What does not change while the model grows.
struct Inputs {
    const std::vector<Photo>& photos;
    const std::vector<ImageFeatures>& features;
    const std::vector<ImagePairMatches>& pairs;
    std::vector<std::vector<size_t>> pairs_of_photo;  // indices in `pairs`
    const Tracks& tracks;
    const SfmOptions& options;
};

struct Model {
    BundleScene scene;  // cameras (one per intrinsics group), a pose per photo, point positions
    std::vector<cv::Size> camera_size;  // of each camera's photos
    std::vector<char> registered;
    int registered_count = 0;
    int gauge_photo = -1;  // the first pair: fixed, and one translation coordinate fixed
    int scale_photo = -1;
    std::vector<ModelPoint> points;                    // parallel to scene.points
    std::vector<int> point_of_track;                   // -1 where the track has no point
    std::vector<std::vector<cv::Point2d>> normalised;  // [photo][feature], undistorted
};

int camera_of(const Model& model, int photo) {
    return model.scene.poses[size_t(photo)].camera;
}
const BundleCamera& camera_for(const Model& model, int photo) {
    return model.scene.cameras[size_t(camera_of(model, photo))];
}

cv::Size size_of(const Inputs& in, int photo) {
    const Photo& p = in.photos[size_t(photo)];
    if (p.width_px > 0 && p.height_px > 0)
        return {p.width_px, p.height_px};
    return {in.features[size_t(photo)].width_px, in.features[size_t(photo)].height_px};
}

// The middle of a photo (OpenCV's pixel centres are at whole numbers).
cv::Point2d image_centre(cv::Size size) {
    return {(size.width - 1) / 2.0, (size.height - 1) / 2.0};
}

// One camera per group: every photo (known intrinsics), each size and model (shared), or each
// photo. Focal from EXIF where it is known, else the prior; principal point at the centre.
void set_up_cameras(const Inputs& in, Model& model) {
    const SfmOptions& options = in.options;
    const bool known = options.known_intrinsics.width_px > 0;
    std::map<std::tuple<int, int, std::string>, int> group_of_key;
    std::vector<std::vector<int>> photos_of_group;
    model.scene.poses.resize(in.photos.size());
    for (size_t photo = 0; photo < in.photos.size(); ++photo) {
        const cv::Size size = size_of(in, int(photo));
        std::tuple<int, int, std::string> key{0, 0, ""};
        if (!known && options.shared_intrinsics)
            key = {size.width, size.height, in.photos[photo].camera_model};
        else if (!known)
            key = {int(photo), -1, ""};
        auto [found, added] = group_of_key.emplace(key, int(photos_of_group.size()));
        if (added)
            photos_of_group.emplace_back();
        photos_of_group[size_t(found->second)].push_back(int(photo));
        model.scene.poses[photo].camera = found->second;
    }
    for (const std::vector<int>& group : photos_of_group) {
        BundleCamera camera;
        if (known) {
            camera = bundle_camera_of(options.known_intrinsics);
            camera.refinable = false;
        } else {
            const cv::Size size = size_of(in, group.front());
            // The EXIF focals of the group, averaged; the prior where none is known.
            double sum = 0.0;
            int known_focals = 0;
            for (int photo : group) {
                if (in.photos[size_t(photo)].exif_focal_px > 0.0) {
                    sum += in.photos[size_t(photo)].exif_focal_px;
                    ++known_focals;
                }
            }
            const double focal =
                known_focals > 0 ? sum / known_focals
                                 : options.prior_focal_factor * std::max(size.width, size.height);
            const cv::Point2d centre = image_centre(size);
            camera.intrinsics = {focal, centre.x, centre.y, 0.0, 0.0};
        }
        model.scene.cameras.push_back(camera);
        model.camera_size.push_back(size_of(in, group.front()));
    }
}

void update_normalised(const Inputs& in, Model& model, int photo) {
    const BundleCamera& camera = camera_for(model, photo);
    const std::vector<cv::Point2f>& pixels = in.features[size_t(photo)].points_px;
    std::vector<cv::Point2d>& normalised = model.normalised[size_t(photo)];
    normalised.resize(pixels.size());
    for (size_t feature = 0; feature < pixels.size(); ++feature)
        normalised[feature] = undistort_to_normalised(camera, cv::Point2d(pixels[feature]));
}

void update_all_normalised(const Inputs& in, Model& model) {
    for (size_t photo = 0; photo < in.photos.size(); ++photo)
        update_normalised(in, model, int(photo));
}

// ---------------------------------------------------------------------------------------------
// Geometry

cv::Matx34d projection_of(const BundlePose& pose) {
    const cv::Matx33d r = rotation_of(pose);
    const std::array<double, 6>& p = pose.rotation_translation;
    return {r(0, 0), r(0, 1), r(0, 2), p[3],    r(1, 0), r(1, 1),
            r(1, 2), p[4],    r(2, 0), r(2, 1), r(2, 2), p[5]};
}

// Linear triangulation (DLT) from normalised coordinates in two or more views.
std::optional<cv::Vec3d> triangulate(const std::vector<cv::Matx34d>& projections,
                                     const std::vector<cv::Point2d>& normalised) {
    cv::Matx44d normal = cv::Matx44d::zeros();  // A^T A of the DLT's rows
    for (size_t view = 0; view < projections.size(); ++view) {
        const cv::Matx34d& p = projections[view];
        for (int row = 0; row < 2; ++row) {
            const double coordinate = row == 0 ? normalised[view].x : normalised[view].y;
            cv::Vec4d equation;
            for (int column = 0; column < 4; ++column)
                equation[column] = coordinate * p(2, column) - p(row, column);
            normal += equation * equation.t();
        }
    }
    cv::Matx41d values;
    cv::Matx44d vectors;
    cv::eigen(normal, values, vectors);
    const cv::Vec4d homogeneous(vectors(3, 0), vectors(3, 1), vectors(3, 2), vectors(3, 3));
    if (std::abs(homogeneous[3]) < 1e-12)
        return std::nullopt;
    return cv::Vec3d(homogeneous[0], homogeneous[1], homogeneous[2]) / homogeneous[3];
}

double angle_deg(const cv::Vec3d& centre_a, const cv::Vec3d& centre_b, const cv::Vec3d& point) {
    const cv::Vec3d ray_a = point - centre_a, ray_b = point - centre_b;
    const double cosine = ray_a.dot(ray_b) / (cv::norm(ray_a) * cv::norm(ray_b) + 1e-300);
    return std::acos(std::clamp(cosine, -1.0, 1.0)) / kRadiansPerDegree;
}

std::array<double, 3> as_array(const cv::Vec3d& v) {
    return {v[0], v[1], v[2]};
}
cv::Vec3d as_vec(const std::array<double, 3>& a) {
    return {a[0], a[1], a[2]};
}

// The reprojection error in pixels of the photo's feature, the image of `position`, were the
// photo at `pose`; infinite behind the camera (or where the numbers break down).
double error_px(const Inputs& in, const Model& model, const BundlePose& pose, int photo,
                int feature, const std::array<double, 3>& position) {
    double depth = 0.0;
    const cv::Point2d projected = project(camera_for(model, photo), pose, position, &depth);
    if (!(depth > 0.0))
        return std::numeric_limits<double>::infinity();
    const cv::Point2d offset =
        projected - cv::Point2d(in.features[size_t(photo)].points_px[size_t(feature)]);
    const double error = std::sqrt(offset.dot(offset));
    return std::isfinite(error) ? error : std::numeric_limits<double>::infinity();
}

// The same with the photo where the model has it.
double error_px(const Inputs& in, const Model& model, int photo, int feature,
                const std::array<double, 3>& position) {
    return error_px(in, model, model.scene.poses[size_t(photo)], photo, feature, position);
}

// The largest angle under which two of the observations see the point.
double max_angle_deg(const Model& model, const std::vector<std::pair<int, int>>& observations,
                     const cv::Vec3d& position) {
    std::vector<cv::Vec3d> centres;
    for (const auto& observation : observations)
        centres.push_back(centre_of(model.scene.poses[size_t(observation.first)]));
    double largest = 0.0;
    for (size_t a = 0; a < centres.size(); ++a)
        for (size_t b = a + 1; b < centres.size(); ++b)
            largest = std::max(largest, angle_deg(centres[a], centres[b], position));
    return largest;
}

// ---------------------------------------------------------------------------------------------
// Points

void add_point(Model& model, int track, const cv::Vec3d& position,
               std::vector<std::pair<int, int>> observations) {
    model.points.push_back({track, std::move(observations), true});
    model.scene.points.push_back(as_array(position));
    model.point_of_track[size_t(track)] = int(model.points.size() - 1);
}

void remove_point(Model& model, int point) {
    ModelPoint& p = model.points[size_t(point)];
    p.alive = false;
    p.observations.clear();
    model.point_of_track[size_t(p.track)] = -1;
}

bool observes(const ModelPoint& point, int photo) {
    return std::any_of(point.observations.begin(), point.observations.end(),
                       [photo](const auto& observation) { return observation.first == photo; });
}

// A point for the track from its observations in registered photos: the pair of views (one of
// them `with_photo` where given) whose point most observations agree with, then all those
// observations together. Returns whether a point was made.
bool triangulate_track(const Inputs& in, Model& model, int track, int with_photo) {
    const SfmOptions& options = in.options;
    std::vector<std::pair<int, int>> seen;  // in registered photos
    for (const auto& observation : in.tracks.observations[size_t(track)])
        if (model.registered[size_t(observation.first)])
            seen.push_back(observation);
    if (seen.size() < 2)
        return false;
    std::vector<cv::Matx34d> projections;
    std::vector<cv::Point2d> normalised;
    for (const auto& [photo, feature] : seen) {
        projections.push_back(projection_of(model.scene.poses[size_t(photo)]));
        normalised.push_back(model.normalised[size_t(photo)][size_t(feature)]);
    }
    auto inliers_of = [&](const cv::Vec3d& position) {
        std::vector<size_t> inliers;
        for (size_t i = 0; i < seen.size(); ++i)
            if (error_px(in, model, seen[i].first, seen[i].second, as_array(position)) <=
                options.max_reprojection_px)
                inliers.push_back(i);
        return inliers;
    };

    std::vector<size_t> best;
    // At most ten first views of long tracks: enough to find a good pair.
    const size_t first_views = std::min<size_t>(seen.size(), 10);
    for (size_t a = 0; a < first_views && best.size() < seen.size(); ++a) {
        if (with_photo >= 0 && seen[a].first != with_photo)
            continue;
        for (size_t b = 0; b < seen.size() && best.size() < seen.size(); ++b) {
            if (b == a || (with_photo < 0 && b < a))
                continue;
            const std::optional<cv::Vec3d> position =
                triangulate({projections[a], projections[b]}, {normalised[a], normalised[b]});
            if (!position)
                continue;
            const std::array<double, 3> at = as_array(*position);
            if (error_px(in, model, seen[a].first, seen[a].second, at) >
                    options.max_reprojection_px ||
                error_px(in, model, seen[b].first, seen[b].second, at) >
                    options.max_reprojection_px)
                continue;
            if (angle_deg(centre_of(model.scene.poses[size_t(seen[a].first)]),
                          centre_of(model.scene.poses[size_t(seen[b].first)]),
                          *position) < options.min_triangulation_deg)
                continue;
            std::vector<size_t> inliers = inliers_of(*position);
            if (inliers.size() > best.size())
                best = std::move(inliers);
        }
    }
    if (best.size() < 2)
        return false;
    // All the agreeing views together.
    std::vector<cv::Matx34d> inlier_projections;
    std::vector<cv::Point2d> inlier_normalised;
    for (size_t i : best) {
        inlier_projections.push_back(projections[i]);
        inlier_normalised.push_back(normalised[i]);
    }
    const std::optional<cv::Vec3d> position = triangulate(inlier_projections, inlier_normalised);
    if (!position)
        return false;
    std::vector<std::pair<int, int>> observations;
    for (size_t i : inliers_of(*position))
        observations.push_back(seen[i]);
    if (observations.size() < 2 ||
        max_angle_deg(model, observations, *position) < options.min_triangulation_deg)
        return false;
    add_point(model, track, *position, std::move(observations));
    return true;
}

// Adds to the track's point its observations in registered photos that it does not use yet and
// that reproject well.
void continue_track(const Inputs& in, Model& model, int track) {
    const int point = model.point_of_track[size_t(track)];
    ModelPoint& p = model.points[size_t(point)];
    for (const auto& [photo, feature] : in.tracks.observations[size_t(track)]) {
        if (!model.registered[size_t(photo)] || observes(p, photo))
            continue;
        if (error_px(in, model, photo, feature, model.scene.points[size_t(point)]) <=
            in.options.max_reprojection_px)
            p.observations.emplace_back(photo, feature);
    }
}

// Drops the points' observations that reproject badly, then the points left with fewer than
// two or seen under too small an angle.
void filter_points(const Inputs& in, Model& model, const std::vector<int>& points) {
    for (int point : points) {
        ModelPoint& p = model.points[size_t(point)];
        if (!p.alive)
            continue;
        const std::array<double, 3>& position = model.scene.points[size_t(point)];
        p.observations.erase(std::remove_if(p.observations.begin(), p.observations.end(),
                                            [&](const auto& observation) {
                                                return error_px(in, model, observation.first,
                                                                observation.second, position) >
                                                       in.options.max_reprojection_px;
                                            }),
                             p.observations.end());
        if (p.observations.size() < 2 || max_angle_deg(model, p.observations, as_vec(position)) <
                                             in.options.min_triangulation_deg)
            remove_point(model, point);
    }
}

std::vector<int> live_points(const Model& model) {
    std::vector<int> live;
    for (size_t point = 0; point < model.points.size(); ++point)
        if (model.points[point].alive)
            live.push_back(int(point));
    return live;
}

// ---------------------------------------------------------------------------------------------
// Bundle adjustment

std::vector<BundleObservation> observations_of(const Inputs& in, const Model& model,
                                               const std::vector<int>& points) {
    std::vector<BundleObservation> observations;
    for (int point : points) {
        for (const auto& [photo, feature] : model.points[size_t(point)].observations)
            observations.push_back(
                {photo, point, cv::Point2d(in.features[size_t(photo)].points_px[size_t(feature)])});
    }
    return observations;
}

// Puts the principal points that wandered farther than kMaxPrincipalPointShift from the middle
// back there (the photos could not tell them after all). Returns whether any did.
bool recentre_wandering_principal_points(Model& model) {
    bool any = false;
    for (size_t index = 0; index < model.scene.cameras.size(); ++index) {
        BundleCamera& camera = model.scene.cameras[index];
        const cv::Size size = model.camera_size[index];
        const cv::Point2d centre = image_centre(size);
        if (cv::norm(cv::Point2d(camera.cx(), camera.cy()) - centre) <=
            kMaxPrincipalPointShift * std::max(size.width, size.height))
            continue;
        camera.intrinsics[1] = centre.x;
        camera.intrinsics[2] = centre.y;
        camera.principal_point_refinable = false;
        any = true;
    }
    return any;
}

// `final`: to convergence; otherwise until the cost barely moves (the model will change
// again anyway).
void adjust_globally(const Inputs& in, Model& model, bool final) {
    BundleOptions options;
    if (!final) {
        options.loss = BundleLoss::huber;
        options.function_tolerance = kIntermediateTolerance;
        options.max_iterations = kIntermediateIterations;
    }
    const bool refine = model.registered_count >= kPhotosBeforeRefiningIntrinsics;
    options.refine_focal = refine && in.options.refine_focal;
    options.refine_distortion = refine && in.options.refine_distortion;
    options.refine_principal_point = final && in.options.refine_principal_point;
    for (size_t camera = 0; camera < model.scene.cameras.size(); ++camera) {
        const cv::Size size = model.camera_size[camera];
        model.scene.cameras[camera].principal_point_refinable =
            model.scene.cameras[camera].focal_px() <
            kMaxFocalForPrincipalPoint * std::max(size.width, size.height);
    }
    options.gauge_pose = model.gauge_photo;
    options.scale_pose = model.scale_photo;
    const std::vector<BundleObservation> observations =
        observations_of(in, model, live_points(model));
    adjust_bundle(model.scene, observations, options);
    if (options.refine_principal_point && recentre_wandering_principal_points(model)) {
        options.refine_principal_point = false;
        adjust_bundle(model.scene, observations, options);
    }
    if (options.refine_focal || options.refine_distortion || options.refine_principal_point)
        update_all_normalised(in, model);
}

// The new photo and its best-connected registered neighbours move, with every point they see
// (as COLMAP does: the neighbours' own points hold them in place); every other photo that sees
// those points holds still. Returns the points.
std::vector<int> adjust_locally(const Inputs& in, Model& model, int photo) {
    std::map<int, int> shared;  // registered photo -> points it shares with `photo`
    for (const ModelPoint& p : model.points) {
        if (!p.alive || !observes(p, photo))
            continue;
        for (const auto& observation : p.observations)
            if (observation.first != photo)
                ++shared[observation.first];
    }
    std::vector<std::pair<int, int>> neighbours;  // (shared, photo)
    for (const auto& [other, count] : shared)
        neighbours.emplace_back(count, other);
    std::sort(neighbours.rbegin(), neighbours.rend());
    std::vector<char> moving(in.photos.size(), 0);
    moving[size_t(photo)] = 1;
    for (size_t i = 0; i < neighbours.size() && i < size_t(kLocalNeighbours); ++i)
        moving[size_t(neighbours[i].second)] = 1;

    std::vector<int> points;
    std::vector<char> seen(in.photos.size(), 0);
    for (size_t point = 0; point < model.points.size(); ++point) {
        const ModelPoint& p = model.points[point];
        if (!p.alive || std::none_of(p.observations.begin(), p.observations.end(),
                                     [&](const auto& observation) {
                                         return moving[size_t(observation.first)];
                                     }))
            continue;
        points.push_back(int(point));
        for (const auto& observation : p.observations)
            seen[size_t(observation.first)] = 1;
    }
    BundleOptions options;  // the photos held still fix the frame
    for (size_t other = 0; other < in.photos.size(); ++other)
        if (seen[other] && !moving[other])
            options.constant_poses.push_back(int(other));
    options.max_iterations = kIntermediateIterations;
    options.loss = BundleLoss::huber;
    options.function_tolerance = kIntermediateTolerance;
    adjust_bundle(model.scene, observations_of(in, model, points), options);
    return points;
}

void retriangulate(const Inputs& in, Model& model) {
    for (size_t track = 0; track < in.tracks.observations.size(); ++track) {
        if (model.point_of_track[track] >= 0)
            continue_track(in, model, int(track));
        else
            triangulate_track(in, model, int(track), -1);
    }
}

// Global adjustment, filtering and retriangulation; `final`: then once more over what was
// added, to convergence.
void refine_globally(const Inputs& in, Model& model, bool final) {
    adjust_globally(in, model, false);
    filter_points(in, model, live_points(model));
    retriangulate(in, model);
    if (!final)
        return;
    adjust_globally(in, model, true);
    filter_points(in, model, live_points(model));
}

// ---------------------------------------------------------------------------------------------
// The first pair

struct InitialPoint {
    int track = -1;
    cv::Vec3d position;
    int first_feature = -1, second_feature = -1;
};

struct InitialPair {
    int first = -1, second = -1;
    BundlePose second_pose;  // the first photo's pose is the identity
    std::vector<InitialPoint> points;
    double median_angle_deg = 0.0;
};

double homography_share(const ImagePairMatches& pair) {
    return double(pair.homography_inliers) / double(std::max<size_t>(1, pair.matches.size()));
}

// The pairs worth trying first: many matches, few of them explained by a homography.
std::vector<size_t> initial_candidates(const std::vector<ImagePairMatches>& pairs,
                                       const SfmOptions& options) {
    std::vector<size_t> candidates;
    for (size_t index = 0; index < pairs.size(); ++index)
        if (int(pairs[index].matches.size()) >= options.min_init_inliers)
            candidates.push_back(index);
    auto score = [&](size_t index) {
        const ImagePairMatches& pair = pairs[index];
        return double(pair.matches.size()) -
               double(std::min<size_t>(size_t(std::max(0, pair.homography_inliers)),
                                       pair.matches.size()));
    };
    std::stable_sort(candidates.begin(), candidates.end(),
                     [&](size_t a, size_t b) { return score(a) > score(b); });
    return candidates;
}

// Two views from the essential matrix of the pair's matches, and the points they triangulate
// well (both in front, small reprojection error, enough angle).
InitialPair try_initial_pair(const Inputs& in, const Model& model, const ImagePairMatches& pair) {
    InitialPair result;
    result.first = pair.first;
    result.second = pair.second;
    std::vector<cv::Point2d> first_points, second_points;
    std::vector<std::pair<int, int>> features;
    for (const auto& [a, b] : pair.matches) {
        const int track = in.tracks.of_feature[size_t(pair.first)][size_t(a)];
        if (track < 0 || track != in.tracks.of_feature[size_t(pair.second)][size_t(b)])
            continue;
        first_points.push_back(model.normalised[size_t(pair.first)][size_t(a)]);
        second_points.push_back(model.normalised[size_t(pair.second)][size_t(b)]);
        features.emplace_back(a, b);
    }
    if (int(features.size()) < std::max(8, in.options.min_init_inliers / 2))
        return result;
    const double focal = std::sqrt(camera_for(model, pair.first).focal_px() *
                                   camera_for(model, pair.second).focal_px());
    cv::Mat inlier_mask;
    const cv::Mat essential =
        cv::findEssentialMat(first_points, second_points, 1.0, cv::Point2d(0.0, 0.0), cv::RANSAC,
                             0.999, 1.5 / focal, inlier_mask);
    if (essential.rows != 3 || essential.cols != 3)
        return result;  // none, or several solutions stacked: a degenerate configuration
    cv::Matx33d rotation;
    cv::Vec3d translation;
    cv::recoverPose(essential, first_points, second_points, rotation, translation, 1.0,
                    cv::Point2d(0.0, 0.0), inlier_mask);
    cv::Vec3d angle_axis;
    cv::Rodrigues(rotation, angle_axis);
    result.second_pose.camera = camera_of(model, pair.second);
    result.second_pose.rotation_translation = {angle_axis[0],  angle_axis[1],  angle_axis[2],
                                               translation[0], translation[1], translation[2]};

    const BundlePose first_pose{{}, camera_of(model, pair.first)};
    const std::vector<cv::Matx34d> projections = {projection_of(first_pose),
                                                  projection_of(result.second_pose)};
    const cv::Vec3d first_centre(0.0, 0.0, 0.0);
    const cv::Vec3d second_centre = centre_of(result.second_pose);
    std::vector<double> angles;
    for (size_t i = 0; i < features.size(); ++i) {
        if (!inlier_mask.at<uchar>(int(i)))
            continue;
        const std::optional<cv::Vec3d> position =
            triangulate(projections, {first_points[i], second_points[i]});
        if (!position)
            continue;
        const std::array<double, 3> at = as_array(*position);
        if (error_px(in, model, first_pose, pair.first, features[i].first, at) >
                in.options.max_reprojection_px ||
            error_px(in, model, result.second_pose, pair.second, features[i].second, at) >
                in.options.max_reprojection_px)
            continue;
        const double angle = angle_deg(first_centre, second_centre, *position);
        angles.push_back(angle);
        if (angle >= in.options.min_triangulation_deg)
            result.points.push_back(
                {in.tracks.of_feature[size_t(pair.first)][size_t(features[i].first)], *position,
                 features[i].first, features[i].second});
    }
    if (!angles.empty()) {
        std::nth_element(angles.begin(), angles.begin() + long(angles.size() / 2), angles.end());
        result.median_angle_deg = angles[angles.size() / 2];
    }
    return result;
}

// Whether the trial would start a model: enough points, and (strict) a wide enough baseline.
bool good_start(const InitialPair& trial, const SfmOptions& options, bool strict) {
    const double min_median = strict ? kInitialMedianAngleFactor * options.min_triangulation_deg
                                     : options.min_triangulation_deg;
    return int(trial.points.size()) >= std::max(8, options.min_init_inliers / 2) &&
           trial.median_angle_deg >= min_median;
}

std::string folder_of(const std::vector<Photo>& photos) {
    if (photos.empty() || photos.front().file.parent_path().empty())
        return "structure from motion";
    return photos.front().file.parent_path().string();
}

[[noreturn]] void throw_no_initial_pair(const std::vector<Photo>& photos,
                                        const std::vector<ImagePairMatches>& pairs,
                                        size_t candidates, const SfmOptions& options) {
    const size_t photo_pairs = photos.empty() ? 0 : photos.size() * (photos.size() - 1) / 2;
    if (candidates == 0) {
        size_t best = 0;
        for (const ImagePairMatches& pair : pairs)
            best = std::max(best, pair.matches.size());
        throw Error(folder_of(photos) + ": cannot start the reconstruction: " +
                    std::to_string(pairs.size()) + " of " + std::to_string(photo_pairs) +
                    " photo pairs matched, the best with " + std::to_string(best) +
                    " verified matches (" + std::to_string(options.min_init_inliers) +
                    " needed); take the photos with about 60-80 % overlap between neighbours, "
                    "of a textured surface (plain, shiny or dark surfaces give too few features)");
    }
    throw Error(folder_of(photos) + ": cannot start the reconstruction: none of the " +
                std::to_string(candidates) + " photo pairs with at least " +
                std::to_string(options.min_init_inliers) +
                " matches shows enough parallax (taken from nearly the same place, or of a flat "
                "surface); move around the object between photos rather than turning on the "
                "spot, keeping about 60-80 % overlap between neighbours");
}

// Chooses and triangulates the first pair; throws heritage::Error when none will do.
void initialise(const Inputs& in, Model& model) {
    const std::vector<size_t> candidates = initial_candidates(in.pairs, in.options);
    std::optional<InitialPair> chosen, fallback;
    for (size_t i = 0; i < candidates.size() && i < size_t(kMaxInitialCandidates); ++i) {
        const ImagePairMatches& pair = in.pairs[candidates[i]];
        if (homography_share(pair) > kMaxHomographyShare)
            continue;  // a rotation on the spot, or a flat scene: two views cannot tell
        InitialPair trial = try_initial_pair(in, model, pair);
        if (good_start(trial, in.options, true)) {
            chosen = std::move(trial);
            break;
        }
        if (good_start(trial, in.options, false) &&
            (!fallback || trial.points.size() > fallback->points.size()))
            fallback = std::move(trial);
    }
    if (!chosen)
        chosen = std::move(fallback);
    if (!chosen)
        throw_no_initial_pair(in.photos, in.pairs, candidates.size(), in.options);

    model.gauge_photo = chosen->first;
    model.scale_photo = chosen->second;
    model.scene.poses[size_t(chosen->first)].rotation_translation = {};
    model.scene.poses[size_t(chosen->second)] = chosen->second_pose;
    model.registered[size_t(chosen->first)] = model.registered[size_t(chosen->second)] = 1;
    model.registered_count = 2;
    for (const InitialPoint& point : chosen->points)
        add_point(model, point.track, point.position,
                  {{chosen->first, point.first_feature}, {chosen->second, point.second_feature}});
    adjust_globally(in, model, false);
    filter_points(in, model, live_points(model));
}

// ---------------------------------------------------------------------------------------------
// Registering the next photos

// How evenly the photo's points cover it (COLMAP's visibility pyramid): occupied cells of
// ever finer grids, the finer ones weighing more.
long visibility_score(const Inputs& in, int photo, const std::vector<int>& features) {
    const cv::Size size = size_of(in, photo);
    long score = 0;
    for (int level = 1; level <= 6; ++level) {
        const int cells = 1 << level;
        std::vector<char> occupied(size_t(cells * cells), 0);
        long count = 0;
        for (int feature : features) {
            const cv::Point2f& px = in.features[size_t(photo)].points_px[size_t(feature)];
            const int column =
                std::clamp(int(px.x * cells / std::max(1, size.width)), 0, cells - 1);
            const int row = std::clamp(int(px.y * cells / std::max(1, size.height)), 0, cells - 1);
            char& cell = occupied[size_t(row * cells + column)];
            count += cell == 0;
            cell = 1;
        }
        score += count * cells;
    }
    return score;
}

// The photo's features whose tracks have a point.
std::vector<int> features_with_points(const Inputs& in, const Model& model, int photo) {
    std::vector<int> features;
    const std::vector<int>& tracks = in.tracks.of_feature[size_t(photo)];
    for (size_t feature = 0; feature < tracks.size(); ++feature)
        if (tracks[feature] >= 0 && model.point_of_track[size_t(tracks[feature])] >= 0)
            features.push_back(int(feature));
    return features;
}

// The unregistered photos that `score` gives a score (nothing: not a candidate), best first;
// `tried_at` holds the model's size when a photo last failed: it is tried again only once the
// model has grown.
template <typename Score>
std::vector<int> ranked_photos(const Inputs& in, const Model& model,
                               const std::vector<int>& tried_at, Score score) {
    std::vector<std::pair<long, int>> scored;
    for (size_t photo = 0; photo < in.photos.size(); ++photo) {
        if (model.registered[photo] || tried_at[photo] >= model.registered_count)
            continue;
        if (const std::optional<long> value = score(int(photo)))
            scored.emplace_back(*value, int(photo));
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<int> photos;
    for (const auto& entry : scored)
        photos.push_back(entry.second);
    return photos;
}

// The unregistered photos that see enough points, by visibility score.
std::vector<int> next_photos(const Inputs& in, const Model& model,
                             const std::vector<int>& tried_at) {
    return ranked_photos(in, model, tried_at, [&](int photo) -> std::optional<long> {
        const std::vector<int> features = features_with_points(in, model, photo);
        if (int(features.size()) < in.options.min_pnp_inliers)
            return std::nullopt;
        return visibility_score(in, photo, features);
    });
}

// The photo's features whose points reproject within max_reprojection_px from `pose`.
std::vector<int> pose_inliers(const Inputs& in, const Model& model, int photo,
                              const std::array<double, 6>& pose, const std::vector<int>& features) {
    const BundlePose at{pose, camera_of(model, photo)};
    std::vector<int> inliers;
    for (int feature : features) {
        const int track = in.tracks.of_feature[size_t(photo)][size_t(feature)];
        const int point = model.point_of_track[size_t(track)];
        if (error_px(in, model, at, photo, feature, model.scene.points[size_t(point)]) <=
            in.options.max_reprojection_px)
            inliers.push_back(feature);
    }
    return inliers;
}

// The photo joins the model at `pose`, its `inliers` added to their points' observations.
void accept_pose(const Inputs& in, Model& model, int photo, const std::array<double, 6>& pose,
                 const std::vector<int>& inliers) {
    model.scene.poses[size_t(photo)].rotation_translation = pose;
    model.registered[size_t(photo)] = 1;
    ++model.registered_count;
    for (int feature : inliers) {
        const int track = in.tracks.of_feature[size_t(photo)][size_t(feature)];
        model.points[size_t(model.point_of_track[size_t(track)])].observations.emplace_back(
            photo, feature);
    }
}

// PnP + RANSAC on the photo's 2D-3D correspondences (undistorted), refined on the inliers.
// Registers the photo when enough agree.
bool register_by_pnp(const Inputs& in, Model& model, int photo) {
    const BundleCamera& camera = camera_for(model, photo);
    const double focal = camera.focal_px();
    const cv::Matx33d k(focal, 0.0, camera.cx(), 0.0, focal * camera.aspect, camera.cy(), 0.0, 0.0,
                        1.0);
    std::vector<cv::Point3d> world;
    std::vector<cv::Point2d> pixels;  // undistorted
    const std::vector<int> features = features_with_points(in, model, photo);
    for (int feature : features) {
        const int track = in.tracks.of_feature[size_t(photo)][size_t(feature)];
        const std::array<double, 3>& position =
            model.scene.points[size_t(model.point_of_track[size_t(track)])];
        world.emplace_back(position[0], position[1], position[2]);
        const cv::Point2d& n = model.normalised[size_t(photo)][size_t(feature)];
        pixels.emplace_back(focal * n.x + camera.cx(), focal * camera.aspect * n.y + camera.cy());
    }
    cv::Vec3d rvec, tvec;
    std::vector<int> ransac_inliers;
    const bool found = cv::solvePnPRansac(world, pixels, k, cv::noArray(), rvec, tvec, false, 10000,
                                          float(in.options.max_reprojection_px), 0.9999,
                                          ransac_inliers, cv::SOLVEPNP_AP3P);
    if (!found || int(ransac_inliers.size()) < in.options.min_pnp_inliers)
        return false;
    std::vector<cv::Point3d> inlier_world;
    std::vector<cv::Point2d> inlier_pixels;
    for (int i : ransac_inliers) {
        inlier_world.push_back(world[size_t(i)]);
        inlier_pixels.push_back(pixels[size_t(i)]);
    }
    cv::solvePnPRefineLM(inlier_world, inlier_pixels, k, cv::noArray(), rvec, tvec);

    const std::array<double, 6> pose = {rvec[0], rvec[1], rvec[2], tvec[0], tvec[1], tvec[2]};
    const std::vector<int> inliers = pose_inliers(in, model, photo, pose, features);
    if (int(inliers.size()) < in.options.min_pnp_inliers ||
        double(inliers.size()) < kMinPnpInlierRatio * double(features.size()))
        return false;
    accept_pose(in, model, photo, pose, inliers);
    return true;
}

// The registered photo that the photo shares the most matches with (and the pair), among pairs
// with enough parallax; {-1, nullptr} when none.
std::pair<int, const ImagePairMatches*> best_registered_partner(const Inputs& in,
                                                                const Model& model, int photo) {
    std::pair<int, const ImagePairMatches*> best{-1, nullptr};
    for (size_t index : in.pairs_of_photo[size_t(photo)]) {
        const ImagePairMatches& pair = in.pairs[index];
        const int other = pair.first == photo ? pair.second : pair.first;
        if (!model.registered[size_t(other)] || homography_share(pair) > kMaxHomographyShare)
            continue;
        if (!best.second || pair.matches.size() > best.second->matches.size())
            best = {other, &pair};
    }
    return best;
}

// For a photo that shares too few points with the model for PnP (short tracks: sparse matches,
// photos far apart around a ring): its pose relative to the registered photo it matches best
// (essential matrix), the scale along the baseline from the few points it does see.
bool register_by_relative_pose(const Inputs& in, Model& model, int photo) {
    const auto [partner, pair] = best_registered_partner(in, model, photo);
    if (!pair || int(pair->matches.size()) < kMinRelativeMatches)
        return false;
    std::vector<cv::Point2d> partner_points, photo_points;
    for (const auto& [a, b] : pair->matches) {
        const int partner_feature = pair->first == partner ? a : b;
        const int photo_feature = pair->first == partner ? b : a;
        partner_points.push_back(model.normalised[size_t(partner)][size_t(partner_feature)]);
        photo_points.push_back(model.normalised[size_t(photo)][size_t(photo_feature)]);
    }
    const double focal = camera_for(model, photo).focal_px();
    cv::Mat inlier_mask;
    const cv::Mat essential =
        cv::findEssentialMat(partner_points, photo_points, 1.0, cv::Point2d(0.0, 0.0), cv::RANSAC,
                             0.999, 1.5 / focal, inlier_mask);
    if (essential.rows != 3 || essential.cols != 3)
        return false;
    cv::Matx33d relative_rotation;  // photo_from_partner
    cv::Vec3d direction;
    const int agreeing = cv::recoverPose(essential, partner_points, photo_points, relative_rotation,
                                         direction, 1.0, cv::Point2d(0.0, 0.0), inlier_mask);
    if (agreeing < kMinRelativeMatches)
        return false;
    // photo_from_world = relative * partner_from_world, its translation known up to the scale
    // along `direction`.
    const BundlePose& partner_pose = model.scene.poses[size_t(partner)];
    const cv::Matx33d rotation = relative_rotation * rotation_of(partner_pose);
    const std::array<double, 6>& p = partner_pose.rotation_translation;
    const cv::Vec3d base = relative_rotation * cv::Vec3d(p[3], p[4], p[5]);
    cv::Vec3d angle_axis;
    cv::Rodrigues(rotation, angle_axis);
    auto pose_at = [&](double scale) {
        const cv::Vec3d t = base + scale * direction;
        return std::array<double, 6>{angle_axis[0], angle_axis[1], angle_axis[2], t[0], t[1], t[2]};
    };
    // Each point the photo sees gives a scale (its projection's better-conditioned coordinate);
    // the one most others agree with wins.
    const std::vector<int> features = features_with_points(in, model, photo);
    std::vector<int> best;
    double best_scale = 0.0;
    for (int feature : features) {
        const int track = in.tracks.of_feature[size_t(photo)][size_t(feature)];
        const cv::Vec3d in_camera =
            rotation * as_vec(model.scene.points[size_t(model.point_of_track[size_t(track)])]) +
            base;
        const cv::Point2d& n = model.normalised[size_t(photo)][size_t(feature)];
        const double along_x = direction[0] - n.x * direction[2];
        const double along_y = direction[1] - n.y * direction[2];
        const double scale = std::abs(along_x) > std::abs(along_y)
                                 ? -(in_camera[0] - n.x * in_camera[2]) / along_x
                                 : -(in_camera[1] - n.y * in_camera[2]) / along_y;
        if (!(scale > 0.0))
            continue;
        std::vector<int> inliers = pose_inliers(in, model, photo, pose_at(scale), features);
        if (inliers.size() > best.size()) {
            best = std::move(inliers);
            best_scale = scale;
        }
    }
    // No share of inliers is asked, unlike PnP: the essential matrix's many agreeing matches
    // already tell a real neighbour from noise, and among few points a few wrong ones weigh.
    const bool majority =
        int(best.size()) >= kMinMajorityScaleInliers && 2 * best.size() > features.size();
    if (int(best.size()) < kMinScaleInliers && !majority)
        return false;
    accept_pose(in, model, photo, pose_at(best_scale), best);
    return true;
}

// The unregistered photos that match a registered one well, most matches first (candidates
// for register_by_relative_pose).
std::vector<int> photos_beside_model(const Inputs& in, const Model& model,
                                     const std::vector<int>& tried_at) {
    return ranked_photos(in, model, tried_at, [&](int photo) -> std::optional<long> {
        const auto [partner, pair] = best_registered_partner(in, model, photo);
        if (!pair || int(pair->matches.size()) < kMinRelativeMatches)
            return std::nullopt;
        return long(pair->matches.size());
    });
}

// After a photo joins: the tracks it completes get points; then a global refinement when the
// model has grown by global_ba_growth since the last (or is so small that a local adjustment
// would move all of it anyway), else a local adjustment and its neighbourhood filtered.
void grow_from(const Inputs& in, Model& model, int photo, int& last_global_size) {
    const std::vector<int>& tracks = in.tracks.of_feature[size_t(photo)];
    for (int track : tracks)
        if (track >= 0 && model.point_of_track[size_t(track)] < 0)
            triangulate_track(in, model, track, photo);
    if (model.registered_count <= kLocalNeighbours + 1 ||
        model.registered_count >= double(last_global_size) * (1.0 + in.options.global_ba_growth)) {
        refine_globally(in, model, false);
        last_global_size = model.registered_count;
        return;
    }
    const std::vector<int> points = adjust_locally(in, model, photo);
    filter_points(in, model, points);
}

// For each photo, the model's size when it last failed to join (-1: never tried); it is tried
// again only once the model has grown.
struct Attempts {
    std::vector<int> pnp;
    std::vector<int> relative;
};

// Registers photos until none more can join: by PnP where any can, else by relative pose.
// Returns how many joined.
int register_all(const Inputs& in, Model& model, Attempts& tried_at, int& last_global_size) {
    int joined = 0;
    for (;;) {
        int registered = -1;
        for (int photo : next_photos(in, model, tried_at.pnp)) {
            if (register_by_pnp(in, model, photo)) {
                registered = photo;
                break;
            }
            tried_at.pnp[size_t(photo)] = model.registered_count;
        }
        if (registered < 0) {
            for (int photo : photos_beside_model(in, model, tried_at.relative)) {
                if (register_by_relative_pose(in, model, photo)) {
                    registered = photo;
                    break;
                }
                tried_at.relative[size_t(photo)] = model.registered_count;
            }
        }
        if (registered < 0)
            return joined;
        ++joined;
        grow_from(in, model, registered, last_global_size);
    }
}

// ---------------------------------------------------------------------------------------------
// The result

double median_of(std::vector<double> values) {
    if (values.empty())
        return 0.0;
    std::nth_element(values.begin(), values.begin() + long(values.size() / 2), values.end());
    return values[values.size() / 2];
}

// Moves the model so that the points' median is the origin and the cameras lie a median 1000
// units from it (a plausible millimetre scale; the caller sets the true scale).
void normalise_frame(Model& model) {
    const std::vector<int> points = live_points(model);
    if (points.empty())
        return;
    cv::Vec3d centre;
    for (int axis = 0; axis < 3; ++axis) {
        std::vector<double> values;
        for (int point : points)
            values.push_back(model.scene.points[size_t(point)][size_t(axis)]);
        centre[axis] = median_of(values);
    }
    std::vector<double> distances;
    for (size_t photo = 0; photo < model.registered.size(); ++photo)
        if (model.registered[photo])
            distances.push_back(cv::norm(centre_of(model.scene.poses[photo]) - centre));
    const double distance = median_of(distances);
    const double scale = distance > 0.0 ? 1000.0 / distance : 1.0;
    for (std::array<double, 3>& point : model.scene.points)
        point = as_array((as_vec(point) - centre) * scale);
    for (size_t photo = 0; photo < model.registered.size(); ++photo) {
        if (!model.registered[photo])
            continue;
        BundlePose& pose = model.scene.poses[photo];
        std::array<double, 6>& p = pose.rotation_translation;
        const cv::Vec3d translation =
            scale * (cv::Vec3d(p[3], p[4], p[5]) + rotation_of(pose) * centre);
        p[3] = translation[0];
        p[4] = translation[1];
        p[5] = translation[2];
    }
}

CameraIntrinsics intrinsics_of(const BundleCamera& camera, cv::Size size) {
    CameraIntrinsics intrinsics;
    intrinsics.width_px = size.width;
    intrinsics.height_px = size.height;
    intrinsics.fx = camera.focal_px();
    intrinsics.fy = camera.focal_px() * camera.aspect;
    intrinsics.cx = camera.cx();
    intrinsics.cy = camera.cy();
    intrinsics.distortion = {camera.k1(), camera.k2(), camera.p1, camera.p2, camera.k3};
    return intrinsics;
}

SparseModel result_of(const Inputs& in, const Model& model) {
    SparseModel result;
    result.cameras.method = "handheld-sfm";
    std::vector<double> squared_sum(in.photos.size(), 0.0);
    std::vector<int> counts(in.photos.size(), 0);
    double error_sum = 0.0, squared_total = 0.0;
    size_t observation_count = 0;
    for (size_t point = 0; point < model.points.size(); ++point) {
        const ModelPoint& p = model.points[point];
        if (!p.alive)
            continue;
        SparsePoint out;
        out.position = as_vec(model.scene.points[point]);
        out.observations = p.observations;
        std::sort(out.observations.begin(), out.observations.end());
        cv::Vec3d colour(0.0, 0.0, 0.0);
        int coloured = 0;
        for (const auto& [photo, feature] : p.observations) {
            const double error = error_px(in, model, photo, feature, model.scene.points[point]);
            error_sum += error;
            squared_total += error * error;
            squared_sum[size_t(photo)] += error * error;
            ++counts[size_t(photo)];
            ++observation_count;
            const std::vector<cv::Vec3b>& colours = in.features[size_t(photo)].colours;
            if (size_t(feature) < colours.size()) {
                colour += cv::Vec3d(colours[size_t(feature)]);
                ++coloured;
            }
        }
        if (coloured > 0)
            for (int channel = 0; channel < 3; ++channel)
                out.colour[channel] = cv::saturate_cast<uchar>(colour[channel] / coloured);
        result.points.push_back(std::move(out));
    }
    for (size_t photo = 0; photo < in.photos.size(); ++photo) {
        if (!model.registered[photo]) {
            result.unregistered.push_back(int(photo));
            continue;
        }
        CameraView view;
        view.photo_file = view.image_file = in.photos[photo].file;
        view.intrinsics = intrinsics_of(camera_for(model, int(photo)), size_of(in, int(photo)));
        const BundlePose& pose = model.scene.poses[photo];
        view.cam_from_world.rotation = rotation_of(pose);
        view.cam_from_world.translation_mm = {pose.rotation_translation[3],
                                              pose.rotation_translation[4],
                                              pose.rotation_translation[5]};
        view.reprojection_rms_px =
            counts[photo] > 0 ? std::sqrt(squared_sum[photo] / counts[photo]) : 0.0;
        result.cameras.views.push_back(view);
        result.view_photo.push_back(int(photo));
    }
    if (observation_count > 0) {
        result.cameras.reprojection_rms_px = std::sqrt(squared_total / double(observation_count));
        result.mean_reprojection_px = error_sum / double(observation_count);
    }
    if (!result.points.empty())
        result.mean_track_length = double(observation_count) / double(result.points.size());
    return result;
}

void check_known_intrinsics(const std::vector<Photo>& photos, const Inputs& in) {
    const CameraIntrinsics& known = in.options.known_intrinsics;
    for (size_t photo = 0; photo < photos.size(); ++photo) {
        const cv::Size size = size_of(in, int(photo));
        if (size.width != known.width_px || size.height != known.height_px)
            throw Error(photos[photo].file.string() + ": the photo is " +
                        std::to_string(size.width) + " x " + std::to_string(size.height) +
                        " px but the known camera's are " + std::to_string(known.width_px) + " x " +
                        std::to_string(known.height_px) +
                        " px; give only photos of that camera, at full size, or no known "
                        "intrinsics");
    }
}

}  // namespace

void check(const SfmOptions& options) {
    if (!(options.prior_focal_factor > 0.0 && options.prior_focal_factor <= 10.0))
        throw Error("sfm: prior_focal_factor must be in (0, 10]");
    if (!(options.max_reprojection_px > 0.0))
        throw Error("sfm: max_reprojection_px must be above 0");
    if (!(options.min_triangulation_deg >= 0.0 && options.min_triangulation_deg < 90.0))
        throw Error("sfm: min_triangulation_deg must be in [0, 90)");
    if (!(options.min_pnp_inliers >= 6))
        throw Error("sfm: min_pnp_inliers must be at least 6");
    if (!(options.min_init_inliers >= 16))
        throw Error("sfm: min_init_inliers must be at least 16");
    if (!(options.global_ba_growth > 0.0))
        throw Error("sfm: global_ba_growth must be above 0");
    const CameraIntrinsics& known = options.known_intrinsics;
    if (known.width_px > 0 && !(known.height_px > 0 && known.fx > 0.0 && known.fy > 0.0))
        throw Error("sfm: known_intrinsics must have height_px, fx and fy above 0");
}

SparseModel reconstruct_sparse(const std::vector<Photo>& photos,
                               const std::vector<ImageFeatures>& features,
                               const std::vector<ImagePairMatches>& pairs,
                               const SfmOptions& options) {
    check(options);
    assert(features.size() == photos.size());
    const Tracks tracks = build_tracks(features, pairs);
    const Inputs in{photos, features, pairs, pairs_by_photo(photos.size(), pairs), tracks, options};
    if (options.known_intrinsics.width_px > 0)
        check_known_intrinsics(photos, in);

    Model model;
    set_up_cameras(in, model);
    model.registered.assign(photos.size(), 0);
    model.point_of_track.assign(tracks.observations.size(), -1);
    model.normalised.resize(photos.size());
    update_all_normalised(in, model);

    initialise(in, model);
    Attempts tried_at{std::vector<int>(photos.size(), -1), std::vector<int>(photos.size(), -1)};
    int last_global_size = model.registered_count;
    register_all(in, model, tried_at, last_global_size);
    refine_globally(in, model, true);
    // A second chance for the photos that failed, against the adjusted model.
    tried_at = {std::vector<int>(photos.size(), -1), std::vector<int>(photos.size(), -1)};
    if (register_all(in, model, tried_at, last_global_size) > 0)
        refine_globally(in, model, true);

    normalise_frame(model);
    return result_of(in, model);
}

}  // namespace heritage::capture
