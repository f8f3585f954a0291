// The handheld model's world: level and centred, scaled by a board seen in the photos or by a
// scale bar, or given a plausible size; cameras and points moved together.
#include "capture/sfm_frame.h"

#include <cmath>

#include <catch2/catch.hpp>

#include "exhibit/error.h"
#include "tests/capture/synthetic_scene.h"
#include "tests/support/test_support.h"

namespace capture = heritage::capture;
using heritage::test::Scene;
using heritage::test::Shape;

namespace {

// The truth seen through an arbitrary similarity, as structure from motion would give it:
// x_model = scale * (rotation * x_world) + offset.
struct ModelFrame {
    double scale = 0.0123;
    cv::Matx33d rotation;
    cv::Vec3d offset{3.0, -1.5, 0.7};

    ModelFrame() { cv::Rodrigues(cv::Vec3d(0.4, -1.1, 2.0), rotation); }

    cv::Vec3d point(const cv::Vec3d& world) const { return scale * (rotation * world) + offset; }

    capture::CameraPose pose(const capture::CameraPose& truth) const {
        // x_cam = R x_world + t with x_world = R_f^T (x_model - offset) / scale; the camera
        // frame takes the model's unit.
        capture::CameraPose pose;
        pose.rotation = truth.rotation * rotation.t();
        pose.translation_mm = scale * truth.translation_mm - pose.rotation * offset;
        return pose;
    }
};

// A model of `cameras` seeing points on a vertical 200 x 200 mm wall at y = 0 (features
// are the points' true projections).
capture::SparseModel model_of(const capture::CameraSet& truth, const ModelFrame& frame,
                              std::vector<capture::ImageFeatures>& features,
                              std::vector<cv::Vec3d>& world_points) {
    capture::SparseModel model;
    model.cameras = truth;
    model.cameras.method = "handheld-sfm";
    for (capture::CameraView& view : model.cameras.views)
        view.cam_from_world = frame.pose(view.cam_from_world);
    features.assign(truth.views.size(), {});
    for (std::size_t v = 0; v < truth.views.size(); ++v)
        model.view_photo.push_back(static_cast<int>(v));
    for (int i = 0; i <= 20; ++i)
        for (int j = 0; j <= 20; ++j) {
            const cv::Vec3d world(-100.0 + 10.0 * i, 0.0, 10.0 * j);
            capture::SparsePoint point;
            point.position = frame.point(world);
            for (std::size_t v = 0; v < truth.views.size(); ++v) {
                double z = 0.0;
                const cv::Vec2d pixel = truth.views[v].project(world, &z);
                if (z <= 0.0)
                    continue;
                point.observations.emplace_back(static_cast<int>(v),
                                                static_cast<int>(features[v].points_px.size()));
                features[v].points_px.emplace_back(float(pixel[0]), float(pixel[1]));
            }
            world_points.push_back(world);
            model.points.push_back(point);
        }
    return model;
}

// Cameras in front of the wall (at y < 0), looking at its middle.
capture::CameraSet cameras_facing_wall() {
    capture::CameraSet cameras;
    for (int i = 0; i < 5; ++i) {
        capture::CameraView view;
        view.intrinsics = {640, 480, 600.0, 600.0, 319.5, 239.5, {}};
        const cv::Vec3d eye(-200.0 + 100.0 * i, -600.0, 150.0 + 20.0 * i);
        view.cam_from_world = capture::look_at(eye, {0.0, 0.0, 100.0});
        view.photo_file = "photo_" + std::to_string(i) + ".jpg";
        view.image_file = view.photo_file;
        cameras.views.push_back(view);
    }
    return cameras;
}

double centre_distance(const capture::CameraSet& cameras, std::size_t a, std::size_t b) {
    return cv::norm(cameras.views[a].cam_from_world.center_mm() -
                    cameras.views[b].cam_from_world.center_mm());
}

}  // namespace

TEST_CASE("Placing a model keeps every point where the photos see it", "[sfm_frame]") {
    const capture::CameraSet truth = cameras_facing_wall();
    std::vector<capture::ImageFeatures> features;
    std::vector<cv::Vec3d> world_points;
    capture::SparseModel model = model_of(truth, ModelFrame(), features, world_points);
    const capture::FrameResult frame = capture::place_sparse_model(model, features);
    CHECK_FALSE(frame.metric);
    for (const capture::SparsePoint& point : model.points)
        for (const auto& [view, feature] : point.observations) {
            const cv::Vec2d pixel = model.cameras.views[std::size_t(view)].project(point.position);
            const cv::Point2f seen = features[std::size_t(view)].points_px[std::size_t(feature)];
            REQUIRE(std::hypot(pixel[0] - seen.x, pixel[1] - seen.y) < 1e-3);
        }
    // No scale: the cameras stand at arm's length, 500 mm from the origin on the median.
    std::vector<double> distances;
    for (const capture::CameraView& view : model.cameras.views)
        distances.push_back(cv::norm(view.cam_from_world.center_mm()));
    std::sort(distances.begin(), distances.end());
    CHECK(distances[2] == Approx(500.0).epsilon(1e-9));
    // Up is up again: the cameras' heights differ as in the truth (up to the scale).
    const double scale = centre_distance(model.cameras, 0, 4) / centre_distance(truth, 0, 4);
    for (std::size_t i = 1; i < 5; ++i) {
        const double truth_rise = truth.views[i].cam_from_world.center_mm()[2] -
                                  truth.views[0].cam_from_world.center_mm()[2];
        const double rise = model.cameras.views[i].cam_from_world.center_mm()[2] -
                            model.cameras.views[0].cam_from_world.center_mm()[2];
        CHECK(rise == Approx(truth_rise * scale).margin(0.5));
    }
}

TEST_CASE("Photos held turned every way are levelled by the table under the object",
          "[sfm_frame]") {
    // A head on a table, shot from above all round with the camera turned a different way in
    // each photo (upright, on its side, upside down): the cameras cannot say where up is.
    capture::CameraSet truth;
    for (int i = 0; i < 10; ++i) {
        const double azimuth = 2.0 * CV_PI * i / 10.0,
                     elevation = (25.0 + 15.0 * (i % 3)) * CV_PI / 180.0;
        const cv::Vec3d eye =
            600.0 * cv::Vec3d(std::cos(elevation) * std::cos(azimuth),
                              std::cos(elevation) * std::sin(azimuth), std::sin(elevation));
        capture::CameraView view;
        view.intrinsics = {640, 480, 600.0, 600.0, 319.5, 239.5, {}};
        view.cam_from_world = capture::look_at(eye, {0.0, 0.0, 80.0});
        cv::Matx33d roll;
        cv::Rodrigues(cv::Vec3d(0.0, 0.0, 1.0) * (0.7 * i), roll);
        view.cam_from_world.rotation = roll * view.cam_from_world.rotation;
        view.cam_from_world.translation_mm = -(view.cam_from_world.rotation * eye);
        view.photo_file = view.image_file = "photo_" + std::to_string(i) + ".jpg";
        truth.views.push_back(view);
    }
    // 300 points on the table (z = 0) and 700 on a ball of radius 80 above it.
    const ModelFrame frame;
    capture::SparseModel model;
    model.cameras = truth;
    for (capture::CameraView& view : model.cameras.views)
        view.cam_from_world = frame.pose(view.cam_from_world);
    cv::RNG random(4);
    std::vector<cv::Vec3d> world_points;
    for (int i = 0; i < 1000; ++i) {
        cv::Vec3d p;
        if (i < 300) {
            p = cv::Vec3d(random.uniform(-250.0, 250.0), random.uniform(-250.0, 250.0), 0.0);
        } else {
            const cv::Vec3d d = cv::normalize(
                cv::Vec3d(random.gaussian(1.0), random.gaussian(1.0), random.gaussian(1.0)));
            p = cv::Vec3d(0.0, 0.0, 90.0) + 80.0 * d;
        }
        capture::SparsePoint point;
        point.position = frame.point(p);
        model.points.push_back(point);
        world_points.push_back(p);
    }
    std::vector<capture::ImageFeatures> features(truth.views.size());
    capture::place_sparse_model(model, features);
    // The table is level: its points all at one height, the ball's above it.
    std::vector<double> table_heights;
    for (int i = 0; i < 300; ++i)
        table_heights.push_back(model.points[size_t(i)].position[2]);
    const auto [low, high] = std::minmax_element(table_heights.begin(), table_heights.end());
    const double scale = centre_distance(model.cameras, 0, 5) / centre_distance(truth, 0, 5);
    INFO("table heights from " << *low << " to " << *high << " mm, scale " << scale);
    CHECK(*high - *low < 1e-6 * 500.0 * scale + 1e-6);
    double ball_centre_height = 0.0;
    for (int i = 300; i < 1000; ++i)
        ball_centre_height += model.points[size_t(i)].position[2] / 700.0;
    CHECK(ball_centre_height - *low == Approx(90.0 * scale).epsilon(0.05));
}

TEST_CASE("A scale bar marked in one photo gives the model true millimetres", "[sfm_frame]") {
    const capture::CameraSet truth = cameras_facing_wall();
    std::vector<capture::ImageFeatures> features;
    std::vector<cv::Vec3d> world_points;
    capture::SparseModel model = model_of(truth, ModelFrame(), features, world_points);
    // The bar: two wall points 160 mm apart, as seen in photo_2.
    const cv::Vec2d a = truth.views[2].project({-80.0, 0.0, 100.0});
    const cv::Vec2d b = truth.views[2].project({80.0, 0.0, 100.0});
    capture::FrameOptions options;
    options.scale_bar = capture::ScaleBar{"photo_2.jpg", {a[0], a[1]}, {b[0], b[1]}, 160.0};
    const capture::FrameResult frame = capture::place_sparse_model(model, features, options);
    CHECK(frame.metric);
    CHECK(frame.scale_source == "scale bar in photo_2.jpg");
    CHECK(centre_distance(model.cameras, 0, 4) ==
          Approx(centre_distance(truth, 0, 4)).epsilon(0.01));
}

TEST_CASE("A scale bar in a photo that was not placed, or outside it, is named", "[sfm_frame]") {
    const capture::CameraSet truth = cameras_facing_wall();
    std::vector<capture::ImageFeatures> features;
    std::vector<cv::Vec3d> world_points;
    const capture::SparseModel model = model_of(truth, ModelFrame(), features, world_points);
    capture::FrameOptions options;
    options.scale_bar = capture::ScaleBar{"other.jpg", {10, 10}, {100, 10}, 50.0};
    capture::SparseModel copy = model;
    CHECK_THROWS_WITH(capture::place_sparse_model(copy, features, options),
                      "scale bar in other.jpg: this photo is not among the placed photos; mark "
                      "the two points in a photo that the run registered (see the report)");
    options.scale_bar = capture::ScaleBar{"photo_1.jpg", {10, 10}, {700, 10}, 50.0};
    copy = model;
    CHECK_THROWS_WITH(capture::place_sparse_model(copy, features, options),
                      "scale bar in photo_1.jpg: a point lies outside the photo (640 x 480 px); "
                      "give pixel positions in the photo as shot");
    // A point on the sky, far from every reconstructed point.
    options.scale_bar = capture::ScaleBar{"photo_1.jpg", {320, 5}, {330, 240}, 50.0};
    copy = model;
    CHECK_THROWS_WITH(capture::place_sparse_model(copy, features, options),
                      Catch::Contains("too few reconstructed points near (320, 5)"));
}

TEST_CASE("A board seen in some photos gives the scale and the up direction", "[sfm_frame]") {
    const auto folder = heritage::test::make_temp_dir("sfm-frame-board");
    Scene scene;
    scene.shape = Shape::sphere;
    scene.outer_radius_mm = 40.0;
    capture::CameraSet truth =
        heritage::test::ring_cameras(6, {40.0, 65.0}, 550.0, 30.0, 640, 480, 620.0);
    heritage::test::render_photo_set(scene, truth, folder);
    std::vector<capture::ImageFeatures> features;
    std::vector<cv::Vec3d> world_points;
    capture::SparseModel model = model_of(truth, ModelFrame(), features, world_points);
    capture::FrameOptions options;
    options.board = scene.rig;
    const capture::FrameResult frame = capture::place_sparse_model(model, features, options);
    CHECK(frame.metric);
    CHECK_THAT(frame.scale_source, Catch::StartsWith("board in 12 photos"));
    CHECK(frame.scale_spread_percent < 0.5);
    for (std::size_t i = 1; i < truth.views.size(); ++i) {
        CHECK(centre_distance(model.cameras, 0, i) ==
              Approx(centre_distance(truth, 0, i)).epsilon(0.003));
        const double truth_rise = truth.views[i].cam_from_world.center_mm()[2] -
                                  truth.views[0].cam_from_world.center_mm()[2];
        const double rise = model.cameras.views[i].cam_from_world.center_mm()[2] -
                            model.cameras.views[0].cam_from_world.center_mm()[2];
        CHECK(rise == Approx(truth_rise).margin(1.5));
    }
}

TEST_CASE("A board that is not in the photos stops the capture with what to do", "[sfm_frame]") {
    const capture::CameraSet truth = cameras_facing_wall();  // photos that do not exist
    std::vector<capture::ImageFeatures> features;
    std::vector<cv::Vec3d> world_points;
    capture::SparseModel model = model_of(truth, ModelFrame(), features, world_points);
    capture::FrameOptions options;
    options.board = capture::ChArUcoRig{"DICT_5X5_250", 10, 8, 30.0, 22.0, "A3"};
    CHECK_THROWS_WITH(capture::place_sparse_model(model, features, options),
                      "board: 0 of its corners were found in two or more placed photos (at least "
                      "6 are needed for the scale); check that the rig file matches the printed "
                      "board, and take a few photos where the board is seen whole");
}
