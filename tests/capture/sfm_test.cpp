// Structure from motion on synthetic scenes whose cameras and points we know (features are the
// true points' projections with noise, matches come from the truth with outliers mixed in), and
// on the kermit photos beside the repo where they are present.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <numeric>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgcodecs.hpp>
#include <optional>
#include <random>
#include <set>

#include "capture/evaluate.h"
#include "capture/exif.h"
#include "capture/features.h"
#include "capture/ingest.h"
#include "capture/matching.h"
#include "capture/sfm.h"
#include "exhibit/error.h"
#include "tests/support/test_support.h"

namespace heritage::capture {
namespace {

constexpr double kRingRadius = 1000.0;

// A known scene: cameras on a ring around a ball of points, and what each photo shows.
struct SyntheticScene {
    CameraIntrinsics intrinsics;
    std::vector<CameraPose> poses;  // cam_from_world, per photo
    std::vector<cv::Vec3d> points;
    std::vector<Photo> photos;
    std::vector<ImageFeatures> features;
    std::vector<std::vector<int>> true_point;  // [photo][feature] -> point index, -1 for clutter
    std::vector<ImagePairMatches> pairs;
};

CameraIntrinsics true_intrinsics() {
    CameraIntrinsics k;
    k.width_px = 800;
    k.height_px = 600;
    k.fx = k.fy = 820.0;
    k.cx = 399.5;  // the centre (the stage holds the principal point there)
    k.cy = 299.5;
    k.distortion = {-0.06, 0.02, 0.0, 0.0, 0.0};
    return k;
}

// Points on a bumpy sphere of radius ~440 around the origin (it fills most of the photos); each
// photo shows the ones on its side (facing it), projected with distortion, 0.3 px of noise, and
// some clutter that matches nothing, in shuffled order.
SyntheticScene make_scene(int photo_count, int point_count, std::mt19937& random,
                          const CameraIntrinsics& intrinsics = true_intrinsics()) {
    SyntheticScene scene;
    scene.intrinsics = intrinsics;
    std::normal_distribution<double> gaussian(0.0, 1.0);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::vector<cv::Vec3d> normals;
    for (int i = 0; i < point_count; ++i) {
        cv::Vec3d direction(gaussian(random), gaussian(random), gaussian(random));
        direction /= cv::norm(direction);
        normals.push_back(direction);
        scene.points.push_back(direction * (420.0 + 40.0 * uniform(random)));
    }
    for (int i = 0; i < photo_count; ++i) {
        const double azimuth = 2.0 * CV_PI * i / photo_count;
        const double height = (i % 2 == 0 ? 1.0 : -1.0) * 250.0;
        const cv::Vec3d eye(kRingRadius * std::cos(azimuth), kRingRadius * std::sin(azimuth),
                            height);
        scene.poses.push_back(look_at(eye, {0.0, 0.0, 0.0}));
    }

    const cv::Matx33d k = scene.intrinsics.matrix();
    const cv::Mat distortion(1, 5, CV_64F, scene.intrinsics.distortion.data());
    std::normal_distribution<double> noise(0.0, 0.3);
    for (int photo = 0; photo < photo_count; ++photo) {
        const CameraPose& pose = scene.poses[size_t(photo)];
        std::vector<cv::Point3d> in_camera;
        std::vector<int> seen;
        for (size_t point = 0; point < scene.points.size(); ++point) {
            const cv::Vec3d towards_camera = pose.center_mm() - scene.points[point];
            if (normals[point].dot(towards_camera) <= 0.2 * cv::norm(towards_camera))
                continue;  // on the far side, or seen too obliquely
            in_camera.push_back(cv::Point3d(pose.to_camera(scene.points[point])));
            seen.push_back(int(point));
        }
        std::vector<cv::Point2d> projected;
        cv::projectPoints(in_camera, cv::Vec3d(0, 0, 0), cv::Vec3d(0, 0, 0), k, distortion,
                          projected);
        std::vector<std::pair<cv::Point2f, int>> observed;  // (pixel, true point)
        for (size_t i = 0; i < projected.size(); ++i) {
            const cv::Point2d px = projected[i] + cv::Point2d(noise(random), noise(random));
            if (px.x >= 0 && px.y >= 0 && px.x < 800 && px.y < 600)
                observed.emplace_back(cv::Point2f(px), seen[i]);
        }
        for (int clutter = 0; clutter < 300; ++clutter)
            observed.emplace_back(
                cv::Point2f(float(800 * uniform(random)), float(600 * uniform(random))), -1);
        std::shuffle(observed.begin(), observed.end(), random);
        ImageFeatures features;
        features.width_px = 800;
        features.height_px = 600;
        std::vector<int> truth;
        for (const auto& [px, point] : observed) {
            features.points_px.push_back(px);
            features.scales_px.push_back(4.0f);
            features.colours.push_back(
                point >= 0 ? cv::Vec3b(uchar(point % 256), uchar(point / 256 % 256), 77)
                           : cv::Vec3b(0, 0, 0));
            truth.push_back(point);
        }
        scene.features.push_back(std::move(features));
        scene.true_point.push_back(std::move(truth));
        Photo p;
        p.file = "/captures/ball/photo_" + std::to_string(100 + photo).substr(1) + ".jpg";
        p.width_px = 800;
        p.height_px = 600;
        p.camera_model = "Synthetic 1";
        scene.photos.push_back(p);
    }

    // Matches from the truth between photos that share enough points, with 10 % wrong ones.
    for (int first = 0; first < photo_count; ++first) {
        std::map<int, int> feature_of_point;
        for (size_t feature = 0; feature < scene.true_point[size_t(first)].size(); ++feature)
            if (scene.true_point[size_t(first)][feature] >= 0)
                feature_of_point[scene.true_point[size_t(first)][feature]] = int(feature);
        for (int second = first + 1; second < photo_count; ++second) {
            ImagePairMatches pair;
            pair.first = first;
            pair.second = second;
            const std::vector<int>& truth = scene.true_point[size_t(second)];
            for (size_t feature = 0; feature < truth.size(); ++feature) {
                const auto found = feature_of_point.find(truth[feature]);
                if (truth[feature] >= 0 && found != feature_of_point.end())
                    pair.matches.emplace_back(found->second, int(feature));
            }
            if (pair.matches.size() < 50)
                continue;
            const size_t outliers = pair.matches.size() / 9;
            for (size_t i = 0; i < outliers; ++i)
                pair.matches.emplace_back(
                    int(random() % scene.features[size_t(first)].points_px.size()),
                    int(random() % truth.size()));
            std::shuffle(pair.matches.begin(), pair.matches.end(), random);
            pair.homography_inliers = int(pair.matches.size() / 20);
            scene.pairs.push_back(std::move(pair));
        }
    }
    return scene;
}

double rotation_angle_deg(const cv::Matx33d& rotation) {
    const double cosine = (cv::trace(rotation) - 1.0) / 2.0;
    return std::acos(std::clamp(cosine, -1.0, 1.0)) * 180.0 / CV_PI;
}

// How far the model's cameras are from the truth once the model is aligned onto it.
struct AlignedErrors {
    double worst_rotation_deg = 0.0;
    double worst_centre = 0.0;
    double mean_rotation_deg = 0.0;
    double mean_centre = 0.0;
    SimilarityTransform model_to_truth;
};

AlignedErrors pose_errors(const SparseModel& model, const std::vector<CameraPose>& truth) {
    std::vector<cv::Vec3d> found, expected;
    for (size_t view = 0; view < model.cameras.views.size(); ++view) {
        found.push_back(model.cameras.views[view].cam_from_world.center_mm());
        expected.push_back(truth[size_t(model.view_photo[view])].center_mm());
    }
    AlignedErrors errors;
    errors.model_to_truth = similarity_between(found, expected).value();
    for (size_t view = 0; view < found.size(); ++view) {
        const double centre = cv::norm(errors.model_to_truth.apply(found[view]) - expected[view]);
        // The model's camera in the truth's frame: rotation R_model * R_align^T.
        const cv::Matx33d rotation =
            model.cameras.views[view].cam_from_world.rotation * errors.model_to_truth.rotation.t();
        const double angle =
            rotation_angle_deg(rotation * truth[size_t(model.view_photo[view])].rotation.t());
        errors.worst_centre = std::max(errors.worst_centre, centre);
        errors.worst_rotation_deg = std::max(errors.worst_rotation_deg, angle);
        errors.mean_centre += centre / double(found.size());
        errors.mean_rotation_deg += angle / double(found.size());
    }
    return errors;
}

// Share of the model's points whose observations all show one true point.
double share_of_true_tracks(const SparseModel& model, const SyntheticScene& scene) {
    size_t consistent = 0;
    for (const SparsePoint& point : model.points) {
        std::set<int> shown;
        for (const auto& [photo, feature] : point.observations)
            shown.insert(scene.true_point[size_t(photo)][size_t(feature)]);
        consistent += shown.size() == 1 && *shown.begin() >= 0;
    }
    return double(consistent) / double(std::max<size_t>(1, model.points.size()));
}

// Photos per point, over the points seen at least twice.
double true_track_length(const SyntheticScene& scene) {
    std::vector<int> sightings(scene.points.size(), 0);
    for (const std::vector<int>& truth : scene.true_point)
        for (int point : truth)
            if (point >= 0)
                ++sightings[size_t(point)];
    double sum = 0.0;
    int tracks = 0;
    for (int count : sightings) {
        if (count >= 2) {
            sum += count;
            ++tracks;
        }
    }
    return sum / std::max(1, tracks);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void check_against_truth(const SparseModel& model, const SyntheticScene& scene,
                         const std::string& name) {
    REQUIRE(model.cameras.views.size() == scene.photos.size());
    CHECK(model.unregistered.empty());
    CHECK(model.cameras.method == "handheld-sfm");
    for (size_t view = 0; view < model.view_photo.size(); ++view) {
        CHECK(model.view_photo[view] == int(view));
        CHECK(model.cameras.views[view].photo_file == scene.photos[view].file);
        CHECK(model.cameras.views[view].image_file == scene.photos[view].file);
        CHECK(model.cameras.views[view].reprojection_rms_px < 1.0);
    }
    const AlignedErrors errors = pose_errors(model, scene.poses);
    const CameraIntrinsics& found = model.cameras.views.front().intrinsics;
    WARN(name << ": " << model.points.size() << " points, track length " << model.mean_track_length
              << ", mean reprojection " << model.mean_reprojection_px << " px (true track length "
              << true_track_length(scene) << "); rotation error mean " << errors.mean_rotation_deg
              << " worst " << errors.worst_rotation_deg << " deg; centre error mean "
              << errors.mean_centre << " worst " << errors.worst_centre << " (ring radius "
              << kRingRadius << "); focal " << found.fx << " (true " << scene.intrinsics.fx
              << "), k1 " << found.distortion[0] << ", k2 " << found.distortion[1]);
    CHECK(errors.worst_rotation_deg < 0.1);
    CHECK(errors.worst_centre < 0.005 * kRingRadius);
    CHECK(std::abs(found.fx / scene.intrinsics.fx - 1.0) < 0.01);
    CHECK(found.fy == found.fx);
    CHECK(std::abs(found.distortion[0] - scene.intrinsics.distortion[0]) < 0.01);
    CHECK(found.distortion[2] == 0.0);
    CHECK(found.distortion[3] == 0.0);
    CHECK(found.distortion[4] == 0.0);
    CHECK(model.mean_reprojection_px < 0.5);
    CHECK(model.cameras.reprojection_rms_px < 0.6);
    // Nearly every sighting of a point joins its track.
    CHECK(model.mean_track_length > 0.9 * true_track_length(scene));
    CHECK(model.points.size() > 1500);
    CHECK(share_of_true_tracks(model, scene) > 0.99);

    // The points, aligned like the cameras, sit where the truth has them.
    std::vector<double> point_errors;
    for (const SparsePoint& point : model.points) {
        const int truth = scene.true_point[size_t(point.observations.front().first)]
                                          [size_t(point.observations.front().second)];
        if (truth >= 0)
            point_errors.push_back(cv::norm(errors.model_to_truth.apply(point.position) -
                                            scene.points[size_t(truth)]));
    }
    std::nth_element(point_errors.begin(), point_errors.begin() + long(point_errors.size() / 2),
                     point_errors.end());
    CHECK(point_errors[point_errors.size() / 2] < 0.002 * kRingRadius);
    // The colour of a point is its features' colour.
    const SparsePoint& first = model.points.front();
    const int truth = scene.true_point[size_t(first.observations.front().first)]
                                      [size_t(first.observations.front().second)];
    if (truth >= 0)
        CHECK(first.colour == cv::Vec3b(uchar(truth % 256), uchar(truth / 256 % 256), 77));
}

}  // namespace

TEST_CASE("sfm: a ring of photos around a ball is reconstructed as it was", "[sfm]") {
    std::mt19937 random(7);
    SyntheticScene scene = make_scene(16, 4000, random);
    for (Photo& photo : scene.photos)
        photo.exif_focal_px = 1.05 * scene.intrinsics.fx;  // EXIF is close, not exact
    const auto start = std::chrono::steady_clock::now();
    const SparseModel model = reconstruct_sparse(scene.photos, scene.features, scene.pairs);
    WARN("reconstruct_sparse: 16 photos, " << scene.pairs.size()
                                           << " pairs: " << seconds_since(start) << " s");
    check_against_truth(model, scene, "EXIF focal 5 % off");
}

TEST_CASE("sfm: without EXIF the focal is found from the prior", "[sfm]") {
    std::mt19937 random(11);
    const SyntheticScene scene = make_scene(12, 3000, random);  // prior: 1.2 x 800 = 960 px
    const SparseModel model = reconstruct_sparse(scene.photos, scene.features, scene.pairs);
    check_against_truth(model, scene, "no EXIF");
}

TEST_CASE("sfm: known intrinsics are kept as they are", "[sfm]") {
    std::mt19937 random(5);
    const SyntheticScene scene = make_scene(12, 3000, random);
    SfmOptions options;
    options.known_intrinsics = scene.intrinsics;
    const SparseModel model =
        reconstruct_sparse(scene.photos, scene.features, scene.pairs, options);
    REQUIRE(model.cameras.views.size() == 12);
    const CameraIntrinsics& found = model.cameras.views.front().intrinsics;
    CHECK(found.fx == scene.intrinsics.fx);
    CHECK(found.cx == scene.intrinsics.cx);
    CHECK(found.distortion == scene.intrinsics.distortion);
    const AlignedErrors errors = pose_errors(model, scene.poses);
    WARN("known intrinsics: rotation error worst " << errors.worst_rotation_deg
                                                   << " deg, centre worst " << errors.worst_centre);
    CHECK(errors.worst_rotation_deg < 0.1);
    CHECK(errors.worst_centre < 0.005 * kRingRadius);
    CHECK(model.mean_reprojection_px < 0.5);

    SECTION("photos of another size are refused") {
        std::vector<Photo> photos = scene.photos;
        photos[3].width_px = 1024;
        CHECK_THROWS_WITH(
            reconstruct_sparse(photos, scene.features, scene.pairs, options),
            "/captures/ball/photo_03.jpg: the photo is 1024 x 600 px but the known camera's "
            "are 800 x 600 px; give only photos of that camera, at full size, or no known "
            "intrinsics");
    }
}

TEST_CASE("sfm: a wide view's principal point is refined, a narrow view's kept", "[sfm]") {
    // A wide lens (about 70 degrees across) whose principal point is 14 px off the middle.
    CameraIntrinsics wide = true_intrinsics();
    wide.fx = wide.fy = 560.0;
    wide.cx += 11.0;
    wide.cy -= 8.0;
    std::mt19937 random(37);
    SyntheticScene scene = make_scene(14, 4000, random, wide);
    for (Photo& photo : scene.photos)
        photo.exif_focal_px = 1.05 * wide.fx;
    const SparseModel model = reconstruct_sparse(scene.photos, scene.features, scene.pairs);
    REQUIRE(model.cameras.views.size() == 14);
    const CameraIntrinsics& found = model.cameras.views.front().intrinsics;
    const AlignedErrors errors = pose_errors(model, scene.poses);
    WARN("wide view: principal point " << found.cx << ", " << found.cy << " (true " << wide.cx
                                       << ", " << wide.cy << "), focal " << found.fx
                                       << "; rotation error worst " << errors.worst_rotation_deg
                                       << " deg, centre worst " << errors.worst_centre);
    CHECK(std::abs(found.cx - wide.cx) < 2.0);
    CHECK(std::abs(found.cy - wide.cy) < 2.0);
    CHECK(errors.worst_rotation_deg < 0.15);  // a pixel is 0.1 deg here (0.07 at 820 px)
    CHECK(errors.worst_centre < 0.005 * kRingRadius);

    SECTION("not where asked") {
        SfmOptions options;
        options.refine_principal_point = false;
        const SparseModel centred =
            reconstruct_sparse(scene.photos, scene.features, scene.pairs, options);
        REQUIRE(!centred.cameras.views.empty());
        CHECK(centred.cameras.views.front().intrinsics.cx == 399.5);
        CHECK(centred.cameras.views.front().intrinsics.cy == 299.5);
    }
    SECTION("not in a narrow view (820 px of focal across 800 px)") {
        std::mt19937 narrow_random(37);
        const SyntheticScene narrow = make_scene(12, 3000, narrow_random);
        const SparseModel centred =
            reconstruct_sparse(narrow.photos, narrow.features, narrow.pairs);
        REQUIRE(!centred.cameras.views.empty());
        CHECK(centred.cameras.views.front().intrinsics.cx == 399.5);
        CHECK(centred.cameras.views.front().intrinsics.cy == 299.5);
    }
}

TEST_CASE("sfm: the model is in a well-conditioned frame", "[sfm]") {
    std::mt19937 random(3);
    const SyntheticScene scene = make_scene(12, 2000, random);
    const SparseModel model = reconstruct_sparse(scene.photos, scene.features, scene.pairs);
    REQUIRE(!model.points.empty());
    std::vector<double> distances;
    for (const CameraView& view : model.cameras.views)
        distances.push_back(cv::norm(view.cam_from_world.center_mm()));
    std::sort(distances.begin(), distances.end());
    CHECK(distances[distances.size() / 2] == Approx(1000.0).epsilon(1e-6));
    // The points straddle the origin: their median is there.
    std::vector<double> xs;
    for (const SparsePoint& point : model.points)
        xs.push_back(point.position[0]);
    std::sort(xs.begin(), xs.end());
    CHECK(std::abs(xs[xs.size() / 2]) < 1.0);
    // Tracks hold one feature per photo, photos in order.
    for (const SparsePoint& point : model.points) {
        REQUIRE(point.observations.size() >= 2);
        for (size_t i = 1; i < point.observations.size(); ++i)
            CHECK(point.observations[i - 1].first < point.observations[i].first);
    }
}

TEST_CASE("sfm: photos that share few points with the model join by their relative pose", "[sfm]") {
    // Each point matched between two of the photos that see it only (one pair in turn), but
    // for one point in 25: tracks are mostly two photos long, so that a new photo sees about
    // ten of the model's points, too few for PnP (as sparse matches around a ring give). The
    // wrong matches thinned alike.
    std::mt19937 random(31);
    SyntheticScene scene = make_scene(12, 4000, random);
    for (ImagePairMatches& pair : scene.pairs) {
        std::vector<std::pair<int, int>> kept;
        for (const auto& [a, b] : pair.matches) {
            const int point = scene.true_point[size_t(pair.first)][size_t(a)];
            if (point < 0 || point != scene.true_point[size_t(pair.second)][size_t(b)]) {
                if (a % 4 == 0)
                    kept.emplace_back(a, b);
                continue;
            }
            std::vector<int> seen_by;
            for (size_t photo = 0; photo < scene.true_point.size(); ++photo)
                if (std::count(scene.true_point[photo].begin(), scene.true_point[photo].end(),
                               point))
                    seen_by.push_back(int(photo));
            const size_t turn = size_t(point) % (seen_by.size() - 1);
            if (point % 25 == 0 ||
                (seen_by[turn] == pair.first && seen_by[turn + 1] == pair.second))
                kept.emplace_back(a, b);
        }
        pair.matches = kept;
    }
    for (Photo& photo : scene.photos)
        photo.exif_focal_px = 1.05 * scene.intrinsics.fx;
    const SparseModel model = reconstruct_sparse(scene.photos, scene.features, scene.pairs);
    CHECK(model.unregistered.empty());
    REQUIRE(model.cameras.views.size() == 12);
    const AlignedErrors errors = pose_errors(model, scene.poses);
    WARN("short tracks: track length " << model.mean_track_length << ", rotation error worst "
                                       << errors.worst_rotation_deg << " deg, centre worst "
                                       << errors.worst_centre);
    CHECK(model.mean_track_length < 2.5);
    CHECK(errors.worst_rotation_deg < 0.2);
    CHECK(errors.worst_centre < 0.01 * kRingRadius);
    CHECK(model.mean_reprojection_px < 0.5);
}

TEST_CASE("sfm: a photo whose matches are noise is left unregistered", "[sfm]") {
    std::mt19937 random(17);
    SyntheticScene scene = make_scene(12, 3000, random);
    // Photo 12: random features, and random "verified" matches with three photos.
    const int noise = int(scene.photos.size());
    Photo photo = scene.photos.front();
    photo.file = "/captures/ball/photo_noise.jpg";
    scene.photos.push_back(photo);
    ImageFeatures features;
    features.width_px = 800;
    features.height_px = 600;
    std::uniform_real_distribution<float> x(0.0f, 800.0f), y(0.0f, 600.0f);
    for (int i = 0; i < 2000; ++i) {
        features.points_px.emplace_back(x(random), y(random));
        features.colours.emplace_back(0, 0, 0);
    }
    scene.features.push_back(features);
    scene.true_point.emplace_back(2000, -1);
    for (int other : {0, 4, 8}) {
        ImagePairMatches pair;
        pair.first = other;
        pair.second = noise;
        std::vector<int> ours(2000);
        std::iota(ours.begin(), ours.end(), 0);
        std::shuffle(ours.begin(), ours.end(), random);
        for (int i = 0; i < 300; ++i)
            pair.matches.emplace_back(
                int(random() % scene.features[size_t(other)].points_px.size()), ours[size_t(i)]);
        pair.homography_inliers = 10;
        scene.pairs.push_back(pair);
    }
    const SparseModel model = reconstruct_sparse(scene.photos, scene.features, scene.pairs);
    CHECK(model.unregistered == std::vector<int>{noise});
    REQUIRE(model.cameras.views.size() == 12);
    const AlignedErrors errors = pose_errors(model, scene.poses);
    CHECK(errors.worst_rotation_deg < 0.1);
    CHECK(errors.worst_centre < 0.005 * kRingRadius);
    CHECK(share_of_true_tracks(model, scene) > 0.99);
}

TEST_CASE("sfm: too few matches to start from is a clear error", "[sfm]") {
    std::mt19937 random(23);
    SyntheticScene scene = make_scene(6, 1000, random);
    // Keep two pairs, with 30 matches each.
    scene.pairs.resize(2);
    for (ImagePairMatches& pair : scene.pairs)
        pair.matches.resize(30);
    CHECK_THROWS_WITH(
        reconstruct_sparse(scene.photos, scene.features, scene.pairs),
        "/captures/ball: cannot start the reconstruction: 2 of 15 photo pairs matched, the best "
        "with 30 verified matches (100 needed); take the photos with about 60-80 % overlap "
        "between neighbours, of a textured surface (plain, shiny or dark surfaces give too few "
        "features)");
    CHECK_THROWS_WITH(
        reconstruct_sparse(scene.photos, scene.features, {}),
        "/captures/ball: cannot start the reconstruction: 0 of 15 photo pairs matched, the best "
        "with 0 verified matches (100 needed); take the photos with about 60-80 % overlap "
        "between neighbours, of a textured surface (plain, shiny or dark surfaces give too few "
        "features)");
}

TEST_CASE("sfm: photos taken from one spot give no parallax to start from", "[sfm]") {
    std::mt19937 random(29);
    SyntheticScene scene = make_scene(4, 2000, random);
    // Every camera turned on the spot at the first one's centre: no baseline at all.
    const cv::Vec3d centre = scene.poses.front().center_mm();
    for (size_t photo = 1; photo < scene.poses.size(); ++photo) {
        const double turn = 0.08 * double(photo);
        const cv::Matx33d yaw(std::cos(turn), 0, std::sin(turn), 0, 1, 0, -std::sin(turn), 0,
                              std::cos(turn));
        scene.poses[photo].rotation = yaw * scene.poses.front().rotation;
        scene.poses[photo].translation_mm = -(scene.poses[photo].rotation * centre);
    }
    // Photo 0's points seen by every camera (no distortion, a little noise), matched to
    // photo 0's features.
    const cv::Matx33d k = scene.intrinsics.matrix();
    std::normal_distribution<double> noise(0.0, 0.3);
    for (size_t photo = 0; photo < scene.poses.size(); ++photo) {
        ImageFeatures& features = scene.features[photo];
        features = scene.features.front();
        for (size_t i = 0; i < features.points_px.size(); ++i) {
            const int point = scene.true_point[0][i];
            const cv::Vec3d world = point >= 0 ? scene.points[size_t(point)] : cv::Vec3d(0, 0, 0);
            const cv::Vec3d p = k * scene.poses[photo].to_camera(world);
            features.points_px[i] =
                cv::Point2f(float(p[0] / p[2] + noise(random)), float(p[1] / p[2] + noise(random)));
        }
        scene.true_point[photo] = scene.true_point[0];
    }
    scene.intrinsics.distortion = {};
    scene.pairs.clear();
    for (int second = 1; second < 4; ++second) {
        ImagePairMatches pair;
        pair.first = 0;
        pair.second = second;
        for (size_t i = 0; i < scene.features[0].points_px.size(); ++i)
            if (scene.true_point[0][i] >= 0)
                pair.matches.emplace_back(int(i), int(i));
        pair.homography_inliers = int(pair.matches.size());
        scene.pairs.push_back(pair);
    }
    CHECK_THROWS_WITH(
        reconstruct_sparse(scene.photos, scene.features, scene.pairs),
        "/captures/ball: cannot start the reconstruction: none of the 3 photo pairs with at "
        "least 100 matches shows enough parallax (taken from nearly the same place, or of a "
        "flat surface); move around the object between photos rather than turning on the spot, "
        "keeping about 60-80 % overlap between neighbours");
}

TEST_CASE("sfm: options out of range are named", "[sfm]") {
    const std::vector<std::pair<std::function<void(SfmOptions&)>, std::string>> cases = {
        {[](SfmOptions& o) { o.prior_focal_factor = 0.0; },
         "sfm: prior_focal_factor must be in (0, 10]"},
        {[](SfmOptions& o) { o.max_reprojection_px = 0.0; },
         "sfm: max_reprojection_px must be above 0"},
        {[](SfmOptions& o) { o.min_triangulation_deg = 90.0; },
         "sfm: min_triangulation_deg must be in [0, 90)"},
        {[](SfmOptions& o) { o.min_pnp_inliers = 5; }, "sfm: min_pnp_inliers must be at least 6"},
        {[](SfmOptions& o) { o.min_init_inliers = 15; },
         "sfm: min_init_inliers must be at least 16"},
        {[](SfmOptions& o) { o.global_ba_growth = 0.0; }, "sfm: global_ba_growth must be above 0"},
        {[](SfmOptions& o) { o.known_intrinsics.width_px = 640; },
         "sfm: known_intrinsics must have height_px, fx and fy above 0"},
    };
    for (const auto& [spoil, message] : cases) {
        SfmOptions options;
        spoil(options);
        CHECK_THROWS_WITH(check(options), message);
        CHECK_THROWS_WITH(reconstruct_sparse({}, {}, {}, options), message);
    }
    CHECK_NOTHROW(check(SfmOptions{}));
}

TEST_CASE("sfm: the kermit photos are all registered", "[sfm][real]") {
    const std::filesystem::path folder = test::shared_dir() / "datasets/bundler-kermit/images";
    if (!std::filesystem::exists(folder)) {
        WARN("skipped: " << folder << " is absent");
        return;
    }
    // Every photo (ingest would set one aside as a near-duplicate), with its EXIF focal.
    std::vector<Photo> photos;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        Photo photo;
        photo.file = entry.path();
        const cv::Mat image = cv::imread(photo.file.string());
        photo.width_px = image.cols;
        photo.height_px = image.rows;
        if (const std::optional<ExifCamera> exif = read_exif_camera(photo.file)) {
            photo.exif_focal_px = focal_px_from_exif(*exif, image.cols, image.rows);
            photo.camera_model = exif->model;
        }
        photos.push_back(photo);
    }
    std::sort(photos.begin(), photos.end(),
              [](const Photo& a, const Photo& b) { return a.file < b.file; });
    REQUIRE(photos.size() == 11);
    auto start = std::chrono::steady_clock::now();
    const std::vector<ImageFeatures> features = detect_features(photos);
    const double detect_s = seconds_since(start);
    start = std::chrono::steady_clock::now();
    const std::vector<ImagePairMatches> pairs = match_features(features);
    const double match_s = seconds_since(start);
    start = std::chrono::steady_clock::now();
    const SparseModel model = reconstruct_sparse(photos, features, pairs);
    const double sfm_s = seconds_since(start);
    const CameraIntrinsics& k = model.cameras.views.front().intrinsics;
    WARN("kermit: features " << detect_s << " s, matching " << match_s << " s (" << pairs.size()
                             << " pairs), sfm " << sfm_s << " s; " << model.cameras.views.size()
                             << " registered, " << model.points.size() << " points, track length "
                             << model.mean_track_length << ", mean reprojection "
                             << model.mean_reprojection_px << " px, focal " << k.fx << " (EXIF "
                             << photos.front().exif_focal_px << "), k1 " << k.distortion[0]
                             << ", k2 " << k.distortion[1]);
    CHECK(model.cameras.views.size() == 11);
    CHECK(model.unregistered.empty());
    CHECK(model.mean_reprojection_px < 1.0);
}

}  // namespace heritage::capture
