// The object region and the masks, on ray-cast photos whose true silhouettes are known.
#include "capture/object_mask.h"

#include <catch2/catch.hpp>
#include <fstream>

#include <opencv2/imgproc.hpp>

#include "capture/object_region.h"
#include "exhibit/error.h"
#include "tests/capture/synthetic_scene.h"
#include "tests/support/test_support.h"

namespace capture = heritage::capture;
using heritage::test::Floor;
using heritage::test::Scene;
using heritage::test::Shape;

namespace {

capture::CameraSet turntable_cameras() {
    return heritage::test::ring_cameras(6, {25.0, 50.0}, 450.0, 40.0, 640, 480, 700.0);
}

}  // namespace

TEST_CASE("the object region with a board is the board's area up to the height the cameras see",
          "[object_region]") {
    const Scene scene;
    const capture::CameraSet cameras = turntable_cameras();
    const capture::ObjectRegion region = capture::estimate_object_region(cameras, scene.rig);
    CHECK(region.min_mm[0] == Approx(-150.0));
    CHECK(region.max_mm[0] == Approx(150.0));
    CHECK(region.min_mm[1] == Approx(-120.0));
    CHECK(region.max_mm[1] == Approx(120.0));
    CHECK(region.min_mm[2] == 0.0);
    // The column above the board's centre leaves the low ring's photos about 200 mm up.
    CHECK(region.max_mm[2] > 150.0);
    CHECK(region.max_mm[2] <= 300.0);
}

TEST_CASE("the object region without a board surrounds the point the cameras look at",
          "[object_region]") {
    const capture::CameraSet cameras = turntable_cameras();
    const capture::ObjectRegion region = capture::estimate_object_region(cameras, std::nullopt);
    const cv::Vec3d centre = 0.5 * (region.min_mm + region.max_mm);
    CHECK(cv::norm(centre - cv::Vec3d(0.0, 0.0, 40.0)) < 1.0);
    // A sphere about it that reaches half the photos' width: 450 mm * sin(atan(320 / 700)).
    const double radius = 0.5 * (region.max_mm[0] - region.min_mm[0]);
    CHECK(radius == Approx(450.0 * std::sin(std::atan(320.0 / 700.0))));
}

TEST_CASE("masks on the board match the true silhouettes", "[object_mask]") {
    Scene scene;
    scene.shape = Shape::bowl;
    scene.outer_radius_mm = 60.0;
    scene.inner_radius_mm = 52.0;
    capture::CameraSet cameras = turntable_cameras();
    const auto folder = heritage::test::make_temp_dir("masks_board");
    const std::vector<cv::Mat> truth = heritage::test::render_photo_set(scene, cameras, folder);
    const capture::ObjectRegion region = capture::estimate_object_region(cameras, scene.rig);
    const std::vector<cv::Mat> masks = capture::compute_object_masks(cameras, region, scene.rig);
    REQUIRE(masks.size() == truth.size());
    for (std::size_t i = 0; i < masks.size(); ++i) {
        INFO("view " << i);
        CHECK(masks[i].size() == truth[i].size());
        CHECK(masks[i].type() == CV_8UC1);
        CHECK(heritage::test::intersection_over_union(masks[i], truth[i]) > 0.97);
    }
}

TEST_CASE("masks keep a white object seen against the board's white squares and paper",
          "[object_mask]") {
    // A white bowl on a small board printed with a white margin: from the low ring its rim is
    // seen against white squares and the paper, whose colour the background shows everywhere.
    Scene scene;
    scene.shape = Shape::bowl;
    scene.outer_radius_mm = 60.0;
    scene.inner_radius_mm = 52.0;
    scene.white_object = true;
    scene.paper_margin_mm = 15.0;
    scene.rig = {"DICT_5X5_250", 6, 5, 30.0, 22.0, "A3"};
    capture::CameraSet cameras = turntable_cameras();
    const auto folder = heritage::test::make_temp_dir("masks_white");
    const std::vector<cv::Mat> truth = heritage::test::render_photo_set(scene, cameras, folder);
    const capture::ObjectRegion region = capture::estimate_object_region(cameras, scene.rig);
    const std::vector<cv::Mat> masks = capture::compute_object_masks(cameras, region, scene.rig);
    REQUIRE(masks.size() == truth.size());
    for (std::size_t i = 0; i < masks.size(); ++i) {
        INFO("view " << i);
        CHECK(heritage::test::intersection_over_union(masks[i], truth[i]) > 0.97);
        // A missed pixel dents the visual hull: none more than 2 pixels inside the silhouette.
        cv::Mat deep;
        cv::erode(truth[i], deep, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(5, 5)));
        CHECK(cv::countNonZero(deep & ~masks[i]) == 0);
    }
}

TEST_CASE("masks on a dark background without a board match the true silhouettes",
          "[object_mask]") {
    Scene scene;
    scene.floor = Floor::dark;
    capture::CameraSet cameras = turntable_cameras();
    const auto folder = heritage::test::make_temp_dir("masks_dark");
    const std::vector<cv::Mat> truth = heritage::test::render_photo_set(scene, cameras, folder);
    const capture::ObjectRegion region = capture::estimate_object_region(cameras, std::nullopt);
    const std::vector<cv::Mat> masks = capture::compute_object_masks(cameras, region, std::nullopt);
    for (std::size_t i = 0; i < masks.size(); ++i) {
        INFO("view " << i);
        CHECK(heritage::test::intersection_over_union(masks[i], truth[i]) > 0.97);
    }
}

TEST_CASE("masks name the photo with no object and the photo that cannot be read",
          "[object_mask]") {
    Scene scene;
    scene.shape = Shape::none;
    capture::CameraSet cameras =
        heritage::test::ring_cameras(2, {40.0}, 450.0, 40.0, 320, 240, 350.0);
    const auto folder = heritage::test::make_temp_dir("masks_errors");
    heritage::test::render_photo_set(scene, cameras, folder);
    const capture::ObjectRegion region = capture::estimate_object_region(cameras, scene.rig);
    const std::string first = cameras.views[0].image_file.string();
    CHECK_THROWS_WITH(capture::compute_object_masks(cameras, region, scene.rig),
                      "object masks: " + first +
                          ": no object found (it covers 0.0% of the photo); stand the object "
                          "in the middle of the board and keep it in every photo");

    cameras.views[1].image_file = folder / "missing.png";
    cameras.views.erase(cameras.views.begin());
    CHECK_THROWS_WITH(
        capture::compute_object_masks(cameras, region, scene.rig),
        "object masks: " + (folder / "missing.png").string() +
            ": cannot be read as an image; check that the file exists and is a photo");
}

namespace {

// Middlebury's *_par.txt, read here so the masks can be looked at before the poses stage's reader.
capture::CameraSet middlebury_cameras(const std::filesystem::path& par_file) {
    std::ifstream in(par_file);
    int count = 0;
    in >> count;
    capture::CameraSet cameras;
    for (int i = 0; i < count; ++i) {
        std::string name;
        double k[9], r[9], t[3];
        in >> name;
        for (double& v : k)
            in >> v;
        for (double& v : r)
            in >> v;
        for (double& v : t)
            in >> v;
        capture::CameraView view;
        view.image_file = par_file.parent_path() / name;
        view.intrinsics = {640, 480, k[0], k[4], k[2], k[5], {}};
        view.cam_from_world.rotation = cv::Matx33d(r);
        view.cam_from_world.translation_mm = cv::Vec3d(t[0], t[1], t[2]) * 1000.0;
        cameras.views.push_back(view);
    }
    return cameras;
}

}  // namespace

// Writes overlays of the masks on Middlebury's dino and temple to /tmp/heritage-masks, to look at.
TEST_CASE("masks on Middlebury's sparse rings", "[.middlebury]") {
    for (const std::string name :
         {"dinoSparseRing/dinoSR_par.txt", "templeSparseRing/templeSR_par.txt"}) {
        std::filesystem::create_directories("/tmp/heritage-masks");
        const capture::CameraSet cameras = middlebury_cameras(
            heritage::test::shared_dir() / "datasets/middlebury-sparse-ring" / name);
        const capture::ObjectRegion region = capture::estimate_object_region(cameras, std::nullopt);
        const std::vector<cv::Mat> masks =
            capture::compute_object_masks(cameras, region, std::nullopt);
        for (std::size_t i = 0; i < masks.size(); i += 5) {
            cv::Mat overlay = cv::imread(cameras.views[i].image_file.string());
            cv::Mat edge;
            cv::morphologyEx(masks[i], edge, cv::MORPH_GRADIENT, cv::Mat());
            overlay.setTo(cv::Scalar(0, 0, 255), edge);
            cv::imwrite("/tmp/heritage-masks/" + name.substr(0, 4) + std::to_string(i) + ".png",
                        overlay);
        }
    }
}
