// Cameras: projection, cameras.json, Middlebury's parameter files, Strecha's camera files, the
// world placed at the middle of known cameras, and undistorted copies of the photos.
#include "capture/camera.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <sstream>

#include "capture/undistort.h"
#include "exhibit/error.h"
#include "tests/support/test_support.h"

namespace heritage::capture {
namespace {

CameraView a_view(const std::filesystem::path& folder, int index) {
    CameraView view;
    view.photo_file = folder / "photos" / ("IMG_" + std::to_string(index) + ".jpg");
    view.image_file = folder / "undistorted" / ("IMG_" + std::to_string(index) + ".png");
    view.intrinsics = {2000, 1500, 1801.25, 1799.5, 1001.1, 748.3, {-0.1, 0.02, 0.0, 0.0, 0.001}};
    cv::Rodrigues(cv::Vec3d(0.1 * index, -0.7, 0.3 + 1.0 / 3.0), view.cam_from_world.rotation);
    view.cam_from_world.translation_mm = {12.5 * index, -3.0 / 7.0, 650.0};
    view.reprojection_rms_px = 0.123456789;
    view.board_corners = 40 + index;
    return view;
}

std::filesystem::path middlebury_folder() {
    return test::shared_dir() / "datasets" / "middlebury-sparse-ring" / "templeSparseRing";
}

}  // namespace

TEST_CASE("A camera projects world points through its pose and intrinsics", "[camera]") {
    CameraView view;
    view.intrinsics = {800, 600, 700.0, 710.0, 400.0, 300.0, {}};
    // A camera 500 mm above the origin looking straight down (+Y of the image = world -Y).
    view.cam_from_world.rotation = cv::Matx33d(1, 0, 0, 0, -1, 0, 0, 0, -1);
    view.cam_from_world.translation_mm = {0.0, 0.0, 500.0};
    CHECK(cv::norm(view.cam_from_world.center_mm() - cv::Vec3d(0, 0, 500)) < 1e-12);
    double z = 0.0;
    const cv::Vec2d pixel = view.project({50.0, 20.0, 0.0}, &z);
    CHECK(z == Approx(500.0));
    CHECK(pixel[0] == Approx(400.0 + 700.0 * 50.0 / 500.0));
    CHECK(pixel[1] == Approx(300.0 - 710.0 * 20.0 / 500.0));
    CHECK(view.intrinsics.matrix() == cv::Matx33d(700, 0, 400, 0, 710, 300, 0, 0, 1));
}

TEST_CASE("cameras.json gives back what was written, with paths relative to its folder",
          "[camera]") {
    const std::filesystem::path folder = test::make_temp_dir("cameras_round_trip");
    CameraSet cameras;
    cameras.method = "turntable-charuco";
    cameras.reprojection_rms_px = 0.25;
    for (int i = 0; i < 3; ++i)
        cameras.views.push_back(a_view(folder, i));
    const std::filesystem::path file = folder / "work" / "cameras.json";
    std::filesystem::create_directories(file.parent_path());
    write_cameras(file, cameras);
    const std::string text = test::read_text(file);
    CHECK(text.find("\"version\": 1") != std::string::npos);
    CHECK(text.find("\"photo\": \"../photos/IMG_1.jpg\"") != std::string::npos);

    const CameraSet read = read_cameras(file);
    CHECK(read.method == cameras.method);
    CHECK(read.reprojection_rms_px == cameras.reprojection_rms_px);
    REQUIRE(read.views.size() == 3);
    for (size_t i = 0; i < 3; ++i) {
        const CameraView& a = cameras.views[i];
        const CameraView& b = read.views[i];
        CHECK(std::filesystem::weakly_canonical(b.photo_file) ==
              std::filesystem::weakly_canonical(a.photo_file));
        CHECK(std::filesystem::weakly_canonical(b.image_file) ==
              std::filesystem::weakly_canonical(a.image_file));
        CHECK(b.intrinsics.width_px == a.intrinsics.width_px);
        CHECK(b.intrinsics.height_px == a.intrinsics.height_px);
        CHECK(b.intrinsics.matrix() == a.intrinsics.matrix());
        CHECK(b.intrinsics.distortion == a.intrinsics.distortion);
        CHECK(b.cam_from_world.rotation == a.cam_from_world.rotation);
        CHECK(b.cam_from_world.translation_mm == a.cam_from_world.translation_mm);
        CHECK(b.reprojection_rms_px == a.reprojection_rms_px);
        CHECK(b.board_corners == a.board_corners);
    }
}

TEST_CASE("read_cameras names every problem with its field and what to do", "[camera]") {
    const std::filesystem::path folder = test::make_temp_dir("cameras_problems");
    const std::filesystem::path file = folder / "cameras.json";
    test::write_text(file, R"({
  "version": 1,
  "method": "known-cameras",
  "views": [
    {"photo": "a.jpg", "image": "a.png", "width_px": 640, "height_px": 480, "fx": -5,
     "fy": 500, "cx": 320, "cy": 240, "distortion": [0, 0, 0, 0],
     "rotation": [[1, 0, 0], [0, 1, 0], [0, 0, 2]], "translation_mm": [0, 0, 500]},
    {"photo": "b.jpg", "width_px": 640, "height_px": 480, "fx": 500,
     "fy": 500, "cx": 320, "cy": 240, "distortion": [0, 0, 0, 0, 0],
     "rotation": [[1, 0, 0], [0, 1, 0], [0, 0, 1]], "translation_mm": [0, 0, "far"]}
  ]
})");
    const std::string f = file.string();
    const std::string again = "; run heritage-capture again to recompute the cameras";
    CHECK_THROWS_WITH(read_cameras(file),
                      f + ": /views/0/fx: must be a positive number" + again + "\n" +  //
                          f + ": /views/0/distortion: must be an array of 5 numbers" + again +
                          "\n" +  //
                          f +
                          ": /views/0/rotation: must be 3 rows of 3 numbers forming a "
                          "rotation" +
                          again + "\n" +                                       //
                          f + ": /views/1/image: is missing" + again + "\n" +  //
                          f + ": /views/1/translation_mm: must be an array of 3 numbers" + again);

    test::write_text(file, R"({"version": 2, "method": "x", "views": []})");
    CHECK_THROWS_WITH(read_cameras(file), f + ": /version: 2 is newer than this program reads "
                                              "(1); update heritage-capture");
    test::write_text(file, "{ not json");
    CHECK_THROWS_WITH(read_cameras(file), Catch::Matchers::StartsWith(f + ": not valid JSON (") &&
                                              Catch::Matchers::EndsWith(again));
}

TEST_CASE("Middlebury's temple cameras are read in millimetres", "[camera]") {
    const std::filesystem::path folder = middlebury_folder();
    const CameraSet cameras = read_middlebury_cameras(folder / "templeSR_par.txt", folder);
    CHECK(cameras.method == "known-cameras");
    REQUIRE(cameras.views.size() == 16);
    const CameraView& first = cameras.views[0];
    CHECK(first.photo_file == folder / "templeSR0001.png");
    CHECK(first.image_file == first.photo_file);
    CHECK(first.intrinsics.width_px == 640);
    CHECK(first.intrinsics.height_px == 480);
    CHECK(first.intrinsics.fx == 1520.4);
    CHECK(first.intrinsics.fy == 1525.9);
    CHECK(first.intrinsics.cx == 302.32);
    CHECK(first.intrinsics.cy == 246.87);
    CHECK(first.intrinsics.distortion == std::array<double, 5>{});
    CHECK(first.cam_from_world.rotation(0, 1) == Approx(0.98329680886213122));
    CHECK(first.cam_from_world.translation_mm[2] == Approx(614.604845959));
    // Every camera sees the middle of the temple's bounding box (README.txt, metres) in front.
    const cv::Vec3d middle_mm =
        (cv::Vec3d(-0.073568, 0.021728, -0.012445) + cv::Vec3d(0.028855, 0.181892, 0.062736)) *
        500.0;
    for (const CameraView& view : cameras.views) {
        double z = 0.0;
        const cv::Vec2d pixel = view.project(middle_mm, &z);
        CHECK(z > 0.0);
        CHECK(pixel[0] > 0.0);
        CHECK(pixel[0] < 640.0);
        CHECK(pixel[1] > 0.0);
        CHECK(pixel[1] < 480.0);
    }
}

TEST_CASE("read_middlebury_cameras names the line that is wrong", "[camera]") {
    const std::filesystem::path folder = test::make_temp_dir("middlebury_problems");
    const std::filesystem::path file = folder / "bad_par.txt";
    test::write_text(file, "2\na.png 1 0 0 0 1 0 0 0 1 1 0 0 0 1 0 0 0 1 0 0\n");
    CHECK_THROWS_WITH(read_middlebury_cameras(file, folder),
                      file.string() +
                          ":2: expected an image name and 21 numbers (K, R, t), found 20 "
                          "numbers; fix or replace the file");
    test::write_text(file, "two\n");
    CHECK_THROWS_WITH(read_middlebury_cameras(file, folder),
                      file.string() +
                          ":1: the first line must be the number of cameras; use a "
                          "Middlebury *_par.txt file");
    test::write_text(file, "1\na.png 1 0 0 0 1 0 0 0 1 1 0 0 0 1 0 0 0 1 0 0 1\n");
    CHECK_THROWS_WITH(read_middlebury_cameras(file, folder),
                      file.string() + ":2: the image " + (folder / "a.png").string() +
                          " is missing or unreadable; put the images beside the parameter file");
}

namespace {

// A Strecha camera file: K, distortion, R (camera-to-world), centre (m), size, as numbers.
std::string strecha_text(const cv::Matx33d& world_from_cam, const cv::Vec3d& centre_m) {
    std::ostringstream text;
    text.precision(17);
    text << "2759.48 0 1520.69 \n0 2764.16 1006.81 \n0 0 1 \n0.01 -0.002 0.0003\n";
    for (int row = 0; row < 3; ++row) {
        text << world_from_cam(row, 0) << " " << world_from_cam(row, 1) << " "
             << world_from_cam(row, 2) << " \n";
    }
    text << centre_m[0] << " " << centre_m[1] << " " << centre_m[2] << " \n3072 2048\n";
    return text.str();
}

cv::Matx33d a_rotation(double x, double y, double z) {
    cv::Matx33d rotation;
    cv::Rodrigues(cv::Vec3d(x, y, z), rotation);
    return rotation;
}

}  // namespace

TEST_CASE("Strecha's camera files are read as cam_from_world in millimetres", "[camera]") {
    const std::filesystem::path folder = test::make_temp_dir("strecha_cameras");
    const cv::Matx33d world_from_cam_b = a_rotation(0.3, -1.2, 0.4);
    const cv::Vec3d centre_b_m(-7.28137, -7.57667, 0.204446);
    test::write_text(folder / "b.jpg.camera", strecha_text(world_from_cam_b, centre_b_m));
    test::write_text(folder / "a.jpg.camera",
                     strecha_text(a_rotation(0.1, 0.2, 0.3), {1.0, 2.0, 3.0}));
    test::write_text(folder / "K.txt", "not a camera file");
    const std::filesystem::path images = folder / "images";

    const CameraSet cameras = read_strecha_cameras(folder, images);
    CHECK(cameras.method == "known-cameras");
    REQUIRE(cameras.views.size() == 2);
    CHECK(cameras.views[0].photo_file == images / "a.jpg");
    const CameraView& b = cameras.views[1];
    CHECK(b.photo_file == images / "b.jpg");
    CHECK(b.image_file == b.photo_file);
    CHECK(b.intrinsics.width_px == 3072);
    CHECK(b.intrinsics.height_px == 2048);
    CHECK(b.intrinsics.matrix() == cv::Matx33d(2759.48, 0, 1520.69, 0, 2764.16, 1006.81, 0, 0, 1));
    CHECK(b.intrinsics.distortion == std::array<double, 5>{0.01, -0.002, 0.0, 0.0, 0.0003});
    CHECK(cv::norm(b.cam_from_world.rotation - world_from_cam_b.t(), cv::NORM_INF) < 1e-12);
    CHECK(cv::norm(b.cam_from_world.center_mm() - centre_b_m * 1000.0) < 1e-9);
    CHECK(cv::norm(b.cam_from_world.translation_mm + world_from_cam_b.t() * (centre_b_m * 1000.0)) <
          1e-9);
    // The camera's +Z (its viewing direction) in the world is R's third column.
    const cv::Vec3d ahead_mm =
        centre_b_m * 1000.0 +
        500.0 * cv::Vec3d(world_from_cam_b(0, 2), world_from_cam_b(1, 2), world_from_cam_b(2, 2));
    double z = 0.0;
    const cv::Vec2d pixel = b.project(ahead_mm, &z);
    CHECK(z == Approx(500.0));
    CHECK(pixel[0] == Approx(1520.69));
    CHECK(pixel[1] == Approx(1006.81));
}

TEST_CASE("read_strecha_cameras names the file and the line that is wrong", "[camera]") {
    const std::filesystem::path folder = test::make_temp_dir("strecha_problems");
    const std::filesystem::path file = folder / "0000.jpg.camera";
    const std::string fix = "; fix or replace the file";
    const std::string good = strecha_text(cv::Matx33d::eye(), {1.0, 2.0, 3.0});

    test::write_text(file, good.substr(0, good.rfind("3072")));
    CHECK_THROWS_WITH(read_strecha_cameras(folder, folder),
                      file.string() +
                          ":8: the file ends after 8 lines of numbers; expected 9 (K, "
                          "distortion, R, centre, size)" +
                          fix);
    test::write_text(file, "\n" + good);
    CHECK_NOTHROW(read_strecha_cameras(folder, folder));  // blank lines are skipped
    test::write_text(file, good + "1\n");
    CHECK_THROWS_WITH(read_strecha_cameras(folder, folder),
                      file.string() +
                          ":10: more than 9 lines of numbers (K, distortion, R, centre, size) "
                          "in the file" +
                          fix);
    test::write_text(file, "2759.48 0 1520.69 0\n" + good.substr(good.find('\n') + 1));
    CHECK_THROWS_WITH(read_strecha_cameras(folder, folder),
                      file.string() + ":1: expected row 1 of K: 3 numbers, found 4" + fix);
    test::write_text(file, strecha_text(cv::Matx33d(1, 0, 0, 0, 1, 0, 0, 0, -1), {0, 0, 0}));
    CHECK_THROWS_WITH(read_strecha_cameras(folder, folder),
                      file.string() + ":5: R is not a rotation" + fix);
    std::string wrong_size = good;
    wrong_size.replace(wrong_size.rfind("3072"), 4, "30.5");
    test::write_text(file, wrong_size);
    CHECK_THROWS_WITH(
        read_strecha_cameras(folder, folder),
        file.string() + ":9: the image size must be two positive whole numbers" + fix);
    std::string words = good;
    words.replace(words.find("2759.48"), 7, "fx");
    test::write_text(file, words);
    CHECK_THROWS_WITH(read_strecha_cameras(folder, folder),
                      file.string() + ":1: expected a line of numbers" + fix);

    const std::filesystem::path empty = test::make_temp_dir("strecha_empty");
    CHECK_THROWS_WITH(read_strecha_cameras(empty, empty),
                      empty.string() +
                          ": no .camera files in this folder; give the folder of Strecha "
                          "NAME.camera files (gt_dense_cameras/)");
    CHECK_THROWS_WITH(read_strecha_cameras(empty / "none", empty),
                      (empty / "none").string() +
                          ": no such folder; give the folder of Strecha NAME.camera files "
                          "(gt_dense_cameras/)");
}

TEST_CASE("Strecha's fountain-P11 cameras ring the fountain", "[camera]") {
    const std::filesystem::path set = test::shared_dir() / "datasets" / "strecha-fountain-P11";
    if (!std::filesystem::is_directory(set / "gt_dense_cameras")) {
        WARN("skipped: " + set.string() + " is absent");
        return;
    }
    const CameraSet cameras = read_strecha_cameras(set / "gt_dense_cameras", set / "images");
    REQUIRE(cameras.views.size() == 11);
    const CameraView& first = cameras.views[0];
    CHECK(first.photo_file == set / "images" / "0000.jpg");
    CHECK(std::filesystem::is_regular_file(first.photo_file));
    CHECK(first.intrinsics.width_px == 3072);
    CHECK(first.intrinsics.fx == 2759.48);
    CHECK(cv::norm(first.cam_from_world.center_mm() - cv::Vec3d(-7281.37, -7576.67, 204.446)) <
          1e-6);
    // The fountain: the point closest to all optical axes is in front of every camera, a few
    // metres away, and in every image.
    const cv::Vec3d fountain_mm = point_nearest_axes(cameras);
    for (const CameraView& view : cameras.views) {
        double z = 0.0;
        const cv::Vec2d pixel = view.project(fountain_mm, &z);
        CHECK(z > 2000.0);
        CHECK(z < 20000.0);
        CHECK(pixel[0] > 0.0);
        CHECK(pixel[0] < 3072.0);
        CHECK(pixel[1] > 0.0);
        CHECK(pixel[1] < 2048.0);
    }
}

TEST_CASE("align_world_to_cameras puts known cameras on a level ring around +Z", "[camera]") {
    const std::filesystem::path folder = middlebury_folder();
    CameraSet cameras = read_middlebury_cameras(folder / "templeSR_par.txt", folder);
    const CameraSet before = cameras;
    align_world_to_cameras(cameras);

    // The centres: at one height, at one distance from the Z axis.
    double mean_height = 0.0, mean_radius = 0.0;
    for (const CameraView& view : cameras.views) {
        const cv::Vec3d c = view.cam_from_world.center_mm();
        mean_height += c[2] / 16.0;
        mean_radius += std::hypot(c[0], c[1]) / 16.0;
    }
    CHECK(mean_radius > 300.0);
    for (const CameraView& view : cameras.views) {
        const cv::Vec3d c = view.cam_from_world.center_mm();
        CHECK(c[2] == Approx(mean_height).margin(0.02 * mean_radius));
        CHECK(std::hypot(c[0], c[1]) == Approx(mean_radius).epsilon(0.02));
    }
    // The same rigid motion for every camera: distances between centres are kept.
    CHECK(cv::norm(cameras.views[0].cam_from_world.center_mm() -
                   cameras.views[7].cam_from_world.center_mm()) ==
          Approx(cv::norm(before.views[0].cam_from_world.center_mm() -
                          before.views[7].cam_from_world.center_mm())));

    // The temple's tight bounding box, moved with the world, is in every image; and it is near
    // the new origin (the cameras look at it).
    const cv::Vec3d low(-73.568, 21.728, -12.445), high(28.855, 181.892, 62.736);
    // The new world point of an old one: the first camera sees both the same.
    const CameraPose& old_pose = before.views[0].cam_from_world;
    const CameraPose& new_pose = cameras.views[0].cam_from_world;
    auto moved = [&](const cv::Vec3d& old_point) {
        return new_pose.rotation.t() * (old_pose.to_camera(old_point) - new_pose.translation_mm);
    };
    // The temple stands upright: its height (the old +Y, README's longest side) is the new +Z.
    CHECK(cv::normalize(moved({0, 1000, 0}) - moved({0, 0, 0}))[2] > 0.99);
    for (int corner = 0; corner < 8; ++corner) {
        const cv::Vec3d old_point(corner & 1 ? high[0] : low[0], corner & 2 ? high[1] : low[1],
                                  corner & 4 ? high[2] : low[2]);
        const cv::Vec3d new_point = moved(old_point);
        CHECK(cv::norm(new_point) < 150.0);
        for (const CameraView& view : cameras.views) {
            double z = 0.0;
            const cv::Vec2d pixel = view.project(new_point, &z);
            CHECK(z > 0.0);
            CHECK(pixel[0] >= 0.0);
            CHECK(pixel[0] <= 640.0);
            CHECK(pixel[1] >= 0.0);
            CHECK(pixel[1] <= 480.0);
        }
    }
}

TEST_CASE("undistort_views writes pinhole copies of the photos", "[undistort]") {
    const std::filesystem::path folder = test::make_temp_dir("undistort");
    // A pinhole image of a grid, then what a lens with barrel distortion makes of it.
    const cv::Size size(640, 480);
    cv::Mat pinhole(size, CV_8UC3, cv::Scalar(255, 255, 255));
    for (int x = 20; x < size.width; x += 40)
        cv::line(pinhole, {x, 0}, {x, size.height}, cv::Scalar(0, 0, 0), 3);
    for (int y = 20; y < size.height; y += 40)
        cv::line(pinhole, {0, y}, {size.width, y}, cv::Scalar(0, 0, 0), 3);
    cv::GaussianBlur(pinhole, pinhole, {0, 0}, 1.0);
    CameraIntrinsics intrinsics{640, 480, 600.0, 600.0, 322.0, 238.0, {-0.2, 0.05, 0, 0, 0}};
    std::vector<cv::Point2f> pixels, ideal;
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x)
            pixels.emplace_back(float(x), float(y));
    const cv::Mat distortion(1, 5, CV_64F, intrinsics.distortion.data());
    cv::undistortPoints(pixels, ideal, intrinsics.matrix(), distortion, cv::noArray(),
                        intrinsics.matrix(),
                        {cv::TermCriteria::COUNT + cv::TermCriteria::EPS, 30, 1e-6});
    cv::Mat photo;
    cv::remap(pinhole, photo, cv::Mat(ideal, true).reshape(2, size.height), cv::noArray(),
              cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    REQUIRE(cv::imwrite((folder / "IMG_1.jpg").string(), photo, {cv::IMWRITE_JPEG_QUALITY, 98}));

    CameraSet cameras;
    CameraView view;
    view.photo_file = folder / "IMG_1.jpg";
    view.image_file = view.photo_file;
    view.intrinsics = intrinsics;
    cameras.views = {view, view};
    cameras.views[1].intrinsics.distortion = {};  // copied as it is
    cameras.views[1].photo_file = folder / "IMG_2.jpg";
    undistort_views(cameras, folder / "undistorted");

    CHECK(cameras.views[0].image_file == folder / "undistorted" / "IMG_1.png");
    CHECK(cameras.views[0].intrinsics.distortion == std::array<double, 5>{});
    CHECK(cameras.views[0].intrinsics.matrix() == intrinsics.matrix());
    const cv::Mat undistorted = cv::imread(cameras.views[0].image_file.string());
    REQUIRE(undistorted.size() == size);
    // Away from the edges (which the lens pulled in from outside the frame) it is the pinhole.
    const cv::Rect middle(60, 60, size.width - 120, size.height - 120);
    cv::Mat difference;
    cv::absdiff(undistorted(middle), pinhole(middle), difference);
    CHECK(cv::mean(difference)[0] < 4.0);
    cv::absdiff(photo(middle), pinhole(middle), difference);
    CHECK(cv::mean(difference)[0] > 20.0);  // while the photo itself is not
    const cv::Mat copied = cv::imread(cameras.views[1].image_file.string());
    cv::absdiff(copied, photo, difference);
    CHECK(cv::mean(difference)[0] < 2.0);
}

}  // namespace heritage::capture
