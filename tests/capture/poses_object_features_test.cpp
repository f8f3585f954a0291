// The board's poses refined with the object's features: ray-cast photos of a textured sphere on
// the board, the cameras' poses knocked off by a known amount and each photo given only a few
// board corners in one cluster (as a large object leaves them); the refinement brings every
// pose back. A photo set with nothing to match leaves the cameras as they were.
#include "capture/poses_object_features.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "capture/charuco.h"
#include "exhibit/error.h"
#include "tests/capture/synthetic_scene.h"
#include "tests/support/test_support.h"

namespace capture = heritage::capture;
using heritage::test::Scene;
using heritage::test::Shape;

namespace {

double rotation_error_deg(const cv::Matx33d& a, const cv::Matx33d& b) {
    const cv::Matx33d d = a * b.t();
    return std::acos(std::clamp((cv::trace(d) - 1.0) / 2.0, -1.0, 1.0)) * 180.0 / CV_PI;
}

// The `count` board corners nearest the camera, where it sees them (true pixels, with 0.1 px
// of noise): a small cluster in one part of the photo.
std::vector<capture::BoardCornerSightings> few_corners(const capture::CameraSet& cameras,
                                                       const capture::ChArUcoRig& rig, int count) {
    const cv::Ptr<cv::aruco::CharucoBoard> board = capture::make_charuco_board(rig);
    const capture::BoardPlacement placement = capture::world_from_board(rig);
    std::mt19937 random(3);
    std::normal_distribution<double> noise(0.0, 0.1);
    std::vector<capture::BoardCornerSightings> all;
    for (const capture::CameraView& view : cameras.views) {
        std::vector<std::pair<double, cv::Vec3d>> by_distance;
        for (const cv::Point3f& b : board->chessboardCorners) {
            const cv::Vec3d world =
                placement.rotation * cv::Vec3d(b.x, b.y, b.z) + placement.translation_mm;
            by_distance.emplace_back(cv::norm(world - view.cam_from_world.center_mm()), world);
        }
        std::sort(by_distance.begin(), by_distance.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        capture::BoardCornerSightings seen;
        for (int i = 0; i < count; ++i) {
            const cv::Vec3d& w = by_distance[size_t(i)].second;
            const cv::Point2d px = view.project(w);
            seen.world_mm.emplace_back(w[0], w[1], w[2]);
            seen.photo_px.emplace_back(px.x + noise(random), px.y + noise(random));
        }
        all.push_back(seen);
    }
    return all;
}

// Each pose turned by `degrees` about a random axis through its centre and moved by `mm`.
capture::CameraSet knocked(capture::CameraSet cameras, double degrees, double mm) {
    std::mt19937 random(5);
    std::normal_distribution<double> normal(0.0, 1.0);
    for (capture::CameraView& view : cameras.views) {
        const cv::Vec3d axis =
            cv::normalize(cv::Vec3d(normal(random), normal(random), normal(random)));
        const cv::Vec3d move =
            cv::normalize(cv::Vec3d(normal(random), normal(random), normal(random)));
        cv::Matx33d turn;
        cv::Rodrigues(axis * (degrees * CV_PI / 180.0), turn);
        const cv::Vec3d centre = view.cam_from_world.center_mm() + mm * move;
        view.cam_from_world.rotation = turn * view.cam_from_world.rotation;
        view.cam_from_world.translation_mm = -(view.cam_from_world.rotation * centre);
    }
    return cameras;
}

}  // namespace

TEST_CASE("Poses from a few board corners are brought back by the object's features",
          "[poses][object-features]") {
    Scene scene;
    scene.shape = Shape::sphere;
    capture::CameraSet truth =
        heritage::test::ring_cameras(12, {25.0, 50.0}, 450.0, 40.0, 800, 600, 900.0);
    const auto folder = heritage::test::make_temp_dir("poses_object_features");
    heritage::test::render_photo_set(scene, truth, folder);
    const std::vector<capture::BoardCornerSightings> corners = few_corners(truth, scene.rig, 6);

    capture::CameraSet cameras = knocked(truth, 0.4, 2.0);
    const capture::ObjectFeaturePoseSummary summary =
        capture::refine_poses_with_object_features(cameras, corners);
    INFO("object points " << summary.object_points << ", RMS " << summary.object_rms_px
                          << " px; board RMS " << summary.board_rms_px << " px");
    CHECK(summary.object_points > 300);
    CHECK(summary.object_rms_px < 0.5);
    // Every pose was 0.4 degrees and 2 mm off; the board's few corners alone barely say more.
    double worst_deg = 0.0, worst_mm = 0.0, mean_deg = 0.0;
    for (size_t i = 0; i < truth.views.size(); ++i) {
        const double deg = rotation_error_deg(cameras.views[i].cam_from_world.rotation,
                                              truth.views[i].cam_from_world.rotation);
        worst_deg = std::max(worst_deg, deg);
        mean_deg += deg / double(truth.views.size());
        worst_mm = std::max(worst_mm, cv::norm(cameras.views[i].cam_from_world.center_mm() -
                                               truth.views[i].cam_from_world.center_mm()));
    }
    INFO("rotation error mean " << mean_deg << " deg, worst " << worst_deg << " deg; centre "
                                << worst_mm << " mm");
    CHECK(mean_deg < 0.1);
    CHECK(worst_deg < 0.3);
    CHECK(worst_mm < 2.0);
    // The camera is as the board calibrated it.
    CHECK(cameras.views[0].intrinsics.fx == truth.views[0].intrinsics.fx);
}

TEST_CASE("Photos with nothing to match keep the board's poses", "[poses][object-features]") {
    Scene scene;
    scene.shape = Shape::none;
    scene.floor = heritage::test::Floor::dark;
    capture::CameraSet truth =
        heritage::test::ring_cameras(6, {30.0}, 450.0, 40.0, 320, 240, 360.0);
    const auto folder = heritage::test::make_temp_dir("poses_object_features_plain");
    heritage::test::render_photo_set(scene, truth, folder);
    capture::CameraSet cameras = knocked(truth, 0.4, 2.0);
    const capture::CameraSet before = cameras;
    const capture::ObjectFeaturePoseSummary summary =
        capture::refine_poses_with_object_features(cameras, few_corners(truth, scene.rig, 6));
    CHECK(summary.object_points == 0);
    for (size_t i = 0; i < cameras.views.size(); ++i) {
        CHECK(cameras.views[i].cam_from_world.rotation == before.views[i].cam_from_world.rotation);
        CHECK(cameras.views[i].cam_from_world.translation_mm ==
              before.views[i].cam_from_world.translation_mm);
    }
}

TEST_CASE("Object-feature pose options out of range are named", "[poses][object-features]") {
    capture::ObjectFeaturePoseOptions options;
    options.neighbours = 0;
    CHECK_THROWS_WITH(capture::check(options),
                      "object-feature poses: neighbours must be at least 1, got 0");
    options = {};
    options.min_triangulation_deg = 0.0;
    CHECK_THROWS_WITH(capture::check(options),
                      "object-feature poses: min_triangulation_deg must be in (0, 90)");
}
