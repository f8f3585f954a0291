// The board's frame, and the poses stage on synthetic photos of the board whose cameras we know.
#include <array>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <opencv2/aruco/charuco.hpp>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "capture/charuco.h"
#include "capture/poses_charuco.h"
#include "exhibit/error.h"
#include "tests/support/test_support.h"

namespace heritage::capture {
namespace {

ChArUcoRig a4_rig() {
    ChArUcoRig rig;
    rig.dictionary = "DICT_5X5_250";
    rig.squares_x = 7;
    rig.squares_y = 10;
    rig.square_mm = 24.0;
    rig.marker_mm = 18.0;
    rig.paper = "A4";
    return rig;
}

cv::Vec3d to_world(const BoardPlacement& placement, const cv::Point3f& board_point) {
    return placement.rotation * cv::Vec3d(board_point.x, board_point.y, board_point.z) +
           placement.translation_mm;
}

// A camera we know, and photos of the board it takes.
struct TrueCamera {
    cv::Size size;
    cv::Matx33d k;
    cv::Vec<double, 5> distortion;  // k1, k2, p1, p2, k3
};

TrueCamera big_camera() {
    return {
        {2000, 1500}, {1800.0, 0, 1003.0, 0, 1803.0, 748.0, 0, 0, 1}, {-0.12, 0.09, 0, 0, -0.02}};
}
TrueCamera small_camera() {
    return {{800, 600}, {760.0, 0, 402.0, 0, 760.0, 297.0, 0, 0, 1}, {-0.06, 0.03, 0, 0, 0}};
}

// cam_from_world for a camera at `distance_mm` from the board's centre, at `elevation_deg`
// above the board and `azimuth_deg` around it, looking at `target` with the world's +Z up.
CameraPose look_at(double distance_mm, double elevation_deg, double azimuth_deg,
                   const cv::Vec3d& target = {0, 0, 0}) {
    const double elevation = elevation_deg * CV_PI / 180.0, azimuth = azimuth_deg * CV_PI / 180.0;
    const cv::Vec3d center =
        target + distance_mm * cv::Vec3d(std::cos(elevation) * std::cos(azimuth),
                                         std::cos(elevation) * std::sin(azimuth),
                                         std::sin(elevation));
    return capture::look_at(center, target);
}

// The board on a sheet of white paper (10 mm margin) on a grey table, seen from above.
struct Page {
    cv::Mat image;
    double px_per_mm = 0.0;
};
Page page_of(const ChArUcoRig& rig, double px_per_mm) {
    const cv::Mat top = draw_board_top_view(rig, px_per_mm);
    const int margin = int(std::lround(10.0 * px_per_mm));
    Page page{cv::Mat(top.rows + 2 * margin, top.cols + 2 * margin, CV_8UC1, cv::Scalar(255)),
              px_per_mm};
    top.copyTo(page.image(cv::Rect(margin, margin, top.cols, top.rows)));
    // Softened a little (as a lens would), so that sampling it into smaller photos does not alias.
    cv::GaussianBlur(page.image, page.image, {0, 0}, 1.2);
    return page;
}

// For every pixel of the distorted photo, where it lies in an ideal pinhole photo.
cv::Mat pinhole_points_of(const TrueCamera& camera) {
    std::vector<cv::Point2f> pixels;
    pixels.reserve(size_t(camera.size.area()));
    for (int y = 0; y < camera.size.height; ++y)
        for (int x = 0; x < camera.size.width; ++x)
            pixels.emplace_back(float(x), float(y));
    std::vector<cv::Point2f> pinhole;
    cv::undistortPoints(pixels, pinhole, camera.k, camera.distortion, cv::noArray(), camera.k,
                        {cv::TermCriteria::COUNT + cv::TermCriteria::EPS, 30, 1e-6});
    return cv::Mat(pinhole, true).reshape(2, camera.size.height);
}

// The photo `camera` takes from `pose`: the page warped through the pinhole and the lens,
// slightly blurred, with noise.
cv::Mat photograph(const Page& page, const TrueCamera& camera, const cv::Mat& pinhole_points,
                   const CameraPose& pose, int seed) {
    // Page pixel (u, v) -> world (x, y, 0) -> ideal photo: H = K [r1 r2 t] W.
    const cv::Matx33d world_from_page(
        1.0 / page.px_per_mm, 0, (0.5 - page.image.cols / 2.0) / page.px_per_mm, 0,
        -1.0 / page.px_per_mm, (page.image.rows / 2.0 - 0.5) / page.px_per_mm, 0, 0, 1);
    const cv::Matx33d& r = pose.rotation;
    const cv::Vec3d& t = pose.translation_mm;
    const cv::Matx33d plane(r(0, 0), r(0, 1), t[0], r(1, 0), r(1, 1), t[1], r(2, 0), r(2, 1), t[2]);
    const cv::Matx33d page_from_photo = (camera.k * plane * world_from_page).inv();
    cv::Mat map(camera.size, CV_32FC2);
    cv::parallel_for_(cv::Range(0, camera.size.height), [&](const cv::Range& rows) {
        for (int y = rows.start; y < rows.end; ++y) {
            const cv::Vec2f* in = pinhole_points.ptr<cv::Vec2f>(y);
            cv::Vec2f* out = map.ptr<cv::Vec2f>(y);
            for (int x = 0; x < camera.size.width; ++x) {
                const cv::Vec3d p = page_from_photo * cv::Vec3d(in[x][0], in[x][1], 1.0);
                out[x] = p[2] > 0 ? cv::Vec2f(float(p[0] / p[2]), float(p[1] / p[2]))
                                  : cv::Vec2f(-1e6f, -1e6f);
            }
        }
    });
    cv::Mat photo;
    cv::remap(page.image, photo, map, cv::noArray(), cv::INTER_LINEAR, cv::BORDER_CONSTANT,
              cv::Scalar(110));
    cv::Mat noise(photo.size(), CV_16SC1);
    cv::RNG rng(uint64_t(seed) + 1);
    rng.fill(noise, cv::RNG::NORMAL, 0, 2.0);
    cv::Mat noisy;
    cv::add(photo, noise, noisy, cv::noArray(), CV_8U);
    return noisy;
}

Photo save(const cv::Mat& image, const std::filesystem::path& file) {
    REQUIRE(cv::imwrite(file.string(), image, {cv::IMWRITE_PNG_COMPRESSION, 1}));
    Photo photo;
    photo.file = file;
    photo.width_px = image.cols;
    photo.height_px = image.rows;
    return photo;
}

double rotation_error_deg(const cv::Matx33d& a, const cv::Matx33d& b) {
    const double cosine = std::clamp((cv::trace(a * b.t()) - 1.0) / 2.0, -1.0, 1.0);
    return std::acos(cosine) * 180.0 / CV_PI;
}

// `count` photos by `camera` on two rings around the board (elevations 35 and 60 degrees).
struct PhotoSet {
    std::vector<Photo> photos;
    std::vector<CameraPose> poses;
};
PhotoSet ring_photos(const ChArUcoRig& rig, const TrueCamera& camera, double distance_mm, int count,
                     const std::filesystem::path& folder, double px_per_mm) {
    const Page page = page_of(rig, px_per_mm);
    const cv::Mat pinhole_points = pinhole_points_of(camera);
    PhotoSet set;
    for (int i = 0; i < count; ++i) {
        const bool high = i % 2 == 1;
        const CameraPose pose = look_at(distance_mm * (high ? 0.9 : 1.0), high ? 60.0 : 35.0,
                                        360.0 * i / count, {4.0 * (i % 3), -3.0 * (i % 4), 0.0});
        char name[32];
        std::snprintf(name, sizeof name, "photo_%02d.png", i);
        set.photos.push_back(
            save(photograph(page, camera, pinhole_points, pose, i), folder / name));
        set.poses.push_back(pose);
    }
    return set;
}
}  // namespace

TEST_CASE("world_from_board puts the origin at the board's centre with +Z towards the cameras",
          "[charuco]") {
    const ChArUcoRig rig = a4_rig();
    const BoardPlacement placement = world_from_board(rig);
    const cv::Ptr<cv::aruco::CharucoBoard> board = make_charuco_board(rig);
    // The inner corners span the board symmetrically about the origin, on Z = 0.
    cv::Vec3d low(1e9, 1e9, 1e9), high(-1e9, -1e9, -1e9);
    for (const cv::Point3f& corner : board->chessboardCorners) {
        const cv::Vec3d world = to_world(placement, corner);
        for (int i = 0; i < 3; ++i) {
            low[i] = std::min(low[i], world[i]);
            high[i] = std::max(high[i], world[i]);
        }
    }
    CHECK(low[0] == Approx(-3 * 24.0 + 12.0));
    CHECK(high[0] == Approx(3 * 24.0 - 12.0));
    CHECK(low[1] == Approx(-5 * 24.0 + 24.0));
    CHECK(high[1] == Approx(5 * 24.0 - 24.0));
    CHECK(low[2] == Approx(0.0).margin(1e-12));
    CHECK(high[2] == Approx(0.0).margin(1e-12));
    CHECK(cv::determinant(placement.rotation) == Approx(1.0));
}

TEST_CASE("The top view's corners land where world_from_board says, seen from +Z", "[charuco]") {
    const ChArUcoRig rig = a4_rig();
    const double px_per_mm = 5.0;
    const cv::Mat top = draw_board_top_view(rig, px_per_mm);
    REQUIRE(top.type() == CV_8UC1);
    REQUIRE(top.cols == 7 * 24 * 5);
    REQUIRE(top.rows == 10 * 24 * 5);
    // A white margin, as on paper, so the outer markers are found.
    cv::Mat page(top.rows + 100, top.cols + 100, CV_8UC1, cv::Scalar(255));
    top.copyTo(page(cv::Rect(50, 50, top.cols, top.rows)));

    const cv::Ptr<cv::aruco::CharucoBoard> board = make_charuco_board(rig);
    std::vector<int> marker_ids;
    std::vector<std::vector<cv::Point2f>> marker_corners;
    cv::aruco::detectMarkers(page, board->dictionary, marker_corners, marker_ids);
    CHECK(marker_ids.size() == board->ids.size());
    std::vector<cv::Point2f> corners;
    std::vector<int> corner_ids;
    cv::aruco::interpolateCornersCharuco(marker_corners, marker_ids, page, board, corners,
                                         corner_ids);
    REQUIRE(corners.size() == board->chessboardCorners.size());
    cv::cornerSubPix(page, corners, {5, 5}, {-1, -1},
                     {cv::TermCriteria::EPS + cv::TermCriteria::COUNT, 50, 0.001});

    // Pixel centres are at integer coordinates; the page's centre is the world's origin.
    const BoardPlacement placement = world_from_board(rig);
    double worst_mm = 0.0;
    for (size_t i = 0; i < corners.size(); ++i) {
        const cv::Vec3d expected =
            to_world(placement, board->chessboardCorners[size_t(corner_ids[i])]);
        const double x = (corners[i].x + 0.5 - page.cols / 2.0) / px_per_mm;
        const double y = (page.rows / 2.0 - corners[i].y - 0.5) / px_per_mm;
        worst_mm = std::max(worst_mm, std::hypot(x - expected[0], y - expected[1]));
    }
    CHECK(worst_mm < 0.05);

    // The page is what a camera straight above the board sees: its rotation is a half turn
    // about X (camera +Y down the image = world -Y, camera +Z forward = world -Z).
    const double distance_mm = 1000.0;
    const cv::Matx33d k(px_per_mm * distance_mm, 0, page.cols / 2.0 - 0.5, 0,
                        px_per_mm * distance_mm, page.rows / 2.0 - 0.5, 0, 0, 1);
    cv::Vec3d rvec, tvec;
    REQUIRE(cv::aruco::estimatePoseCharucoBoard(corners, corner_ids, board, k, cv::noArray(), rvec,
                                                tvec));
    cv::Matx33d cam_from_board;
    cv::Rodrigues(rvec, cam_from_board);
    const cv::Matx33d cam_from_world = cam_from_board * placement.rotation.t();
    CHECK(cv::norm(cam_from_world - cv::Matx33d(1, 0, 0, 0, -1, 0, 0, 0, -1)) < 1e-3);
    // And the camera sits on the +Z axis at the distance the scale implies.
    const cv::Vec3d t = tvec - cam_from_world * placement.translation_mm;
    const cv::Vec3d center = -(cam_from_world.t() * t);
    CHECK(center[0] == Approx(0.0).margin(0.5));
    CHECK(center[1] == Approx(0.0).margin(0.5));
    CHECK(center[2] == Approx(distance_mm).epsilon(0.001));
}

TEST_CASE("The poses of photos of the board match the cameras that took them", "[poses]") {
    const ChArUcoRig rig = a4_rig();
    const TrueCamera camera = big_camera();
    const std::filesystem::path folder = test::make_temp_dir("poses_big");
    PhotoSet set = ring_photos(rig, camera, 650.0, 24, folder, 4.0);
    // A blank photo and one with the board mostly covered (by a large object) are set aside.
    set.photos.push_back(
        save(cv::Mat(camera.size, CV_8UC1, cv::Scalar(120)), folder / "z_blank.png"));
    {
        cv::Mat covered = cv::imread(set.photos[0].file.string(), cv::IMREAD_GRAYSCALE);
        // Only a window of about two squares around the board's centre stays in view.
        const cv::Mat mask(camera.size, CV_8UC1, cv::Scalar(255));
        cv::rectangle(mask,
                      cv::Rect(camera.size.width / 2 - 90, camera.size.height / 2 - 90, 180, 180),
                      cv::Scalar(0), cv::FILLED);
        covered.setTo(cv::Scalar(60), mask);
        set.photos.push_back(save(covered, folder / "z_covered.png"));
    }

    const auto start = std::chrono::steady_clock::now();
    const PoseResult result = estimate_poses_charuco(set.photos, rig);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    WARN("estimate_poses_charuco on " << set.photos.size() << " photos of 2000 x 1500: " << seconds
                                      << " s");

    REQUIRE(result.rejected.size() == 2);
    CHECK(result.rejected[0].file == folder / "z_blank.png");
    CHECK(result.rejected[0].reason == "no ChArUco board found");
    CHECK(result.rejected[1].file == folder / "z_covered.png");
    CHECK_THAT(result.rejected[1].reason, Catch::Matchers::StartsWith("only "));
    CHECK_THAT(result.rejected[1].reason,
               Catch::Matchers::EndsWith(" board corners found (8 needed)"));

    REQUIRE(result.cameras.views.size() == 24);
    CHECK(result.cameras.method == "turntable-charuco");
    CHECK(result.cameras.reprojection_rms_px < 0.5);
    const CameraIntrinsics& found = result.cameras.views[0].intrinsics;
    CHECK(found.width_px == 2000);
    CHECK(found.height_px == 1500);
    CHECK(found.fx == Approx(camera.k(0, 0)).epsilon(0.005));
    CHECK(found.fy == Approx(camera.k(1, 1)).epsilon(0.005));
    CHECK(found.cx == Approx(camera.k(0, 2)).margin(5.0));
    CHECK(found.cy == Approx(camera.k(1, 2)).margin(5.0));
    // The lens: k1, k2, k3 trade off, so compare what they do: where points of the view land
    // (through the true K: the principal point's error is the poses' business).
    {
        std::vector<cv::Point3f> rays;
        // Within the part of the view the board covers (its corners reach about 0.25).
        for (double x = -0.2; x <= 0.2; x += 0.05)
            for (double y = -0.2; y <= 0.2; y += 0.05)
                rays.emplace_back(float(x), float(y), 1.0f);
        std::vector<cv::Point2f> truth, seen;
        cv::projectPoints(rays, cv::Vec3d(0, 0, 0), cv::Vec3d(0, 0, 0), camera.k, camera.distortion,
                          truth);
        cv::projectPoints(rays, cv::Vec3d(0, 0, 0), cv::Vec3d(0, 0, 0), camera.k,
                          cv::Mat(1, 5, CV_64F, const_cast<double*>(found.distortion.data())),
                          seen);
        double worst_px = 0.0;
        for (size_t i = 0; i < truth.size(); ++i)
            worst_px = std::max(worst_px, double(cv::norm(truth[i] - seen[i])));
        CHECK(worst_px < 0.5);
        WARN("distortion " << cv::Mat(1, 5, CV_64F, const_cast<double*>(found.distortion.data()))
                           << " worst lens error " << worst_px << " px");
    }
    double worst_rotation_deg = 0.0, worst_center_mm = 0.0, worst_rms_px = 0.0;
    for (size_t i = 0; i < result.cameras.views.size(); ++i) {
        const CameraView& view = result.cameras.views[i];
        CHECK(view.photo_file == set.photos[i].file);
        CHECK(view.image_file == set.photos[i].file);
        CHECK(view.board_corners >= 40);
        worst_rotation_deg =
            std::max(worst_rotation_deg,
                     rotation_error_deg(view.cam_from_world.rotation, set.poses[i].rotation));
        worst_center_mm = std::max(
            worst_center_mm, cv::norm(view.cam_from_world.center_mm() - set.poses[i].center_mm()));
        worst_rms_px = std::max(worst_rms_px, view.reprojection_rms_px);
    }
    WARN("worst rotation error " << worst_rotation_deg << " deg, centre " << worst_center_mm
                                 << " mm, photo RMS " << worst_rms_px << " px; fx " << found.fx
                                 << " fy " << found.fy << " cx " << found.cx << " cy " << found.cy
                                 << " k1 " << found.distortion[0]);
    CHECK(worst_rotation_deg < 0.05);
    CHECK(worst_center_mm < 1.0);
    CHECK(worst_rms_px < 0.5);
}

TEST_CASE("Photos at a grazing angle, with a few corners off, still give the poses", "[poses]") {
    // The lowest ring of a turntable sees the board at about 20 degrees: the squares are
    // foreshortened 3 times, the markers' borders come within 2-3 px of the corners, and an
    // image-aligned corner window was pulled 1-3 px sideways (poses 0.06-0.7 degrees off). Those
    // photos are taken of the page blurred as a renderer's mipmapped texture is (over a pixel's
    // footprint across the board, and as much along it). In three of them, three corners are
    // moved 3 px, as a corner refined onto a wrong edge would be: they must be set
    // aside. The camera is centred with square pixels, as the synthetic sets' is.
    const ChArUcoRig rig = a4_rig();
    const TrueCamera camera = {
        {2000, 1500}, {2200.0, 0, 999.5, 0, 2200.0, 749.5, 0, 0, 1}, {-0.05, 0.02, 0, 0, 0}};
    const std::filesystem::path folder = test::make_temp_dir("poses_grazing");
    const Page page = page_of(rig, 4.0);
    Page page_far = page;
    cv::GaussianBlur(page.image, page_far.image, {0, 0}, 2.0);
    const cv::Mat pinhole_points = pinhole_points_of(camera);
    const cv::Ptr<cv::aruco::CharucoBoard> board = make_charuco_board(rig);
    const BoardPlacement placement = world_from_board(rig);
    PhotoSet set;
    const std::array<double, 3> elevations_deg = {20.0, 35.0, 60.0};
    const int count = 24;
    for (int i = 0; i < count; ++i) {
        const int ring = i % 3;
        const CameraPose pose = look_at(ring == 0 ? 560.0 : 650.0, elevations_deg[size_t(ring)],
                                        360.0 * i / count, {4.0 * (i % 3), -3.0 * (i % 4), 0.0});
        cv::Mat photo = photograph(ring == 0 ? page_far : page, camera, pinhole_points, pose, i);
        if (ring == 0 && i % 2 == 0) {
            // Corners in the middle of the board: each one's surroundings moved 3 px sideways.
            cv::Vec3d rvec;
            cv::Rodrigues(pose.rotation, rvec);
            for (int id : {14, 21, 33}) {
                const cv::Vec3d world = to_world(placement, board->chessboardCorners[size_t(id)]);
                std::vector<cv::Point2d> seen;
                cv::projectPoints(std::vector<cv::Point3d>{cv::Point3d(world)}, rvec,
                                  pose.translation_mm, camera.k, camera.distortion, seen);
                const cv::Point centre(int(std::lround(seen[0].x)), int(std::lround(seen[0].y)));
                const int radius = 16;
                const cv::Rect around(centre.x - radius, centre.y - radius, 2 * radius + 1,
                                      2 * radius + 1);
                REQUIRE((around & cv::Rect(cv::Point(3, 0), camera.size)) == around);
                const cv::Mat moved = photo(around - cv::Point(3, 0)).clone();
                cv::Mat disc(around.size(), CV_8UC1, cv::Scalar(0));
                cv::circle(disc, {radius, radius}, radius, cv::Scalar(255), cv::FILLED);
                moved.copyTo(photo(around), disc);
            }
        }
        char name[32];
        std::snprintf(name, sizeof name, "photo_%02d.png", i);
        set.photos.push_back(save(photo, folder / name));
        set.poses.push_back(pose);
    }

    const PoseResult result = estimate_poses_charuco(set.photos, rig);
    CHECK(result.rejected.empty());
    REQUIRE(result.cameras.views.size() == size_t(count));
    double worst_rotation_deg = 0.0, worst_center_mm = 0.0, worst_rms_px = 0.0;
    int fewest_corners = 1000;
    for (size_t i = 0; i < result.cameras.views.size(); ++i) {
        const CameraView& view = result.cameras.views[i];
        REQUIRE(view.photo_file == set.photos[i].file);
        worst_rotation_deg =
            std::max(worst_rotation_deg,
                     rotation_error_deg(view.cam_from_world.rotation, set.poses[i].rotation));
        worst_center_mm = std::max(
            worst_center_mm, cv::norm(view.cam_from_world.center_mm() - set.poses[i].center_mm()));
        worst_rms_px = std::max(worst_rms_px, view.reprojection_rms_px);
        if (i % 3 == 0)
            fewest_corners = std::min(fewest_corners, view.board_corners);
    }
    const CameraIntrinsics& found = result.cameras.views[0].intrinsics;
    WARN("grazing: worst rotation error "
         << worst_rotation_deg << " deg, centre " << worst_center_mm << " mm, photo RMS "
         << worst_rms_px << " px, overall " << result.cameras.reprojection_rms_px
         << " px; fewest corners at 20 degrees " << fewest_corners << "; fx " << found.fx << " cx "
         << found.cx << " cy " << found.cy);
    CHECK(fewest_corners >= 30);
    CHECK(worst_rotation_deg < 0.05);
    CHECK(worst_center_mm < 1.0);
    // Every corner where it is (the moved ones left out): kept, they would be 1-3 px off.
    CHECK(worst_rms_px < 0.3);
    CHECK(found.fx == Approx(camera.k(0, 0)).epsilon(0.005));
}

TEST_CASE("Photos where an object hides the board's middle are posed from its markers", "[poses]") {
    // A large object (a disc on the board) leaves the outer ring of squares in view: fewer
    // ChArUco corners than a photo needs, but the markers around the edge are found, and their
    // centres pose the photo.
    const ChArUcoRig rig = a4_rig();
    const TrueCamera camera = {
        {2000, 1500}, {2200.0, 0, 999.5, 0, 2200.0, 749.5, 0, 0, 1}, {-0.05, 0.02, 0, 0, 0}};
    const std::filesystem::path folder = test::make_temp_dir("poses_hidden_middle");
    const Page page = page_of(rig, 4.0);
    Page covered = page;
    covered.image = page.image.clone();
    cv::circle(covered.image, {covered.image.cols / 2, covered.image.rows / 2},
               int(std::lround(85.0 * page.px_per_mm)), cv::Scalar(70), cv::FILLED, cv::LINE_AA);
    const cv::Mat pinhole_points = pinhole_points_of(camera);
    PhotoSet set;
    const int count = 18;
    for (int i = 0; i < count; ++i) {
        const bool high = i % 2 == 1;
        const CameraPose pose = look_at(high ? 600.0 : 650.0, high ? 60.0 : 35.0, 360.0 * i / count,
                                        {4.0 * (i % 3), -3.0 * (i % 4), 0.0});
        char name[32];
        std::snprintf(name, sizeof name, "photo_%02d.png", i);
        set.photos.push_back(
            save(photograph(i % 3 == 0 ? covered : page, camera, pinhole_points, pose, i),
                 folder / name));
        set.poses.push_back(pose);
    }
    const PoseResult result = estimate_poses_charuco(set.photos, rig);
    for (const PhotoIssue& issue : result.rejected)
        WARN(issue.file.filename().string() << ": " << issue.reason);
    CHECK(result.rejected.empty());
    REQUIRE(result.cameras.views.size() == size_t(count));
    double worst_rotation_deg = 0.0, worst_center_mm = 0.0;
    int most_points_covered = 0;
    for (size_t i = 0; i < result.cameras.views.size(); ++i) {
        const CameraView& view = result.cameras.views[i];
        REQUIRE(view.photo_file == set.photos[i].file);
        worst_rotation_deg =
            std::max(worst_rotation_deg,
                     rotation_error_deg(view.cam_from_world.rotation, set.poses[i].rotation));
        worst_center_mm = std::max(
            worst_center_mm, cv::norm(view.cam_from_world.center_mm() - set.poses[i].center_mm()));
        if (i % 3 == 0)
            most_points_covered = std::max(most_points_covered, view.board_corners);
    }
    WARN("hidden middle: worst rotation error " << worst_rotation_deg << " deg, centre "
                                                << worst_center_mm << " mm; most points in a "
                                                << "covered photo " << most_points_covered);
    // The covered photos have fewer than 8 corners, and are posed from them and the markers.
    CHECK(most_points_covered < 8 + 12);
    CHECK(worst_rotation_deg < 0.1);
    CHECK(worst_center_mm < 1.5);
}

TEST_CASE("Photos without the board stop the poses with what to check", "[poses]") {
    const ChArUcoRig rig = a4_rig();
    const TrueCamera camera = small_camera();
    const std::filesystem::path folder = test::make_temp_dir("poses_errors");
    std::vector<Photo> blank;
    for (int i = 0; i < 3; ++i) {
        blank.push_back(save(cv::Mat(camera.size, CV_8UC1, cv::Scalar(100 + 20 * i)),
                             folder / ("blank_" + std::to_string(i) + ".png")));
    }
    CHECK_THROWS_WITH(estimate_poses_charuco(blank, rig),
                      "poses: no ChArUco board found in any of the 3 photos; check that rig.json "
                      "matches the printed board (DICT_5X5_250, 7 x 10 squares) and that the "
                      "board is in view, sharp and evenly lit");

    // The board in two photos only: they are named.
    PhotoSet set = ring_photos(rig, camera, 480.0, 2, folder, 1.6);
    std::vector<Photo> few = set.photos;
    few.insert(few.end(), blank.begin(), blank.end());
    CHECK_THROWS_WITH(estimate_poses_charuco(few, rig),
                      "poses: the board was found well enough in only 2 of the 5 photos "
                      "(photo_00.png, photo_01.png); 6 are needed: take more photos with most of "
                      "the board in view and sharp");

    // Photos of two sizes: one of each is named (before any is read).
    std::vector<Photo> sizes = {{folder / "a.jpg", 4000, 3000},
                                {folder / "b.jpg", 4000, 3000},
                                {folder / "c.jpg", 3000, 4000}};
    CHECK_THROWS_WITH(estimate_poses_charuco(sizes, rig),
                      "poses: the photos differ in size (a.jpg is 4000 x 3000, c.jpg is 3000 x "
                      "4000); take all photos with one camera at one setting, in one orientation");
    CHECK_THROWS_WITH(estimate_poses_charuco({}, rig),
                      "poses: no photos to pose; add photos of the artifact on the board");
}

TEST_CASE("A rig that does not match the printed board is named", "[poses]") {
    const TrueCamera camera = small_camera();
    const std::filesystem::path folder = test::make_temp_dir("poses_rig_mismatch");
    ChArUcoRig printed = a4_rig();
    SECTION("more squares printed than rig.json says") {
        printed.squares_x = 8;
        printed.squares_y = 11;
        printed.square_mm = 22.0;
        printed.marker_mm = 16.5;
        const PhotoSet set = ring_photos(printed, camera, 480.0, 3, folder, 1.6);
        CHECK_THROWS_WITH(estimate_poses_charuco(set.photos, a4_rig()),
                          "poses: the photos show markers numbered up to 43, but the board of "
                          "rig.json (DICT_5X5_250, 7 x 10 squares) has markers 0 to 34 only; "
                          "check squares_x and squares_y in rig.json against the printed board");
    }
    SECTION("markers of another size than rig.json says") {
        printed.marker_mm = 14.0;
        const PhotoSet set = ring_photos(printed, camera, 480.0, 3, folder, 1.6);
        CHECK_THROWS_WITH(estimate_poses_charuco(set.photos, a4_rig()),
                          "poses: the markers measure 0.56 of a square, but rig.json says 18.0 mm "
                          "of 24.0 mm (0.75); measure a square and a marker of the printed board "
                          "and correct square_mm and marker_mm in rig.json");
    }
}

TEST_CASE("Pose options out of range are named", "[poses]") {
    PoseOptions options;
    CHECK_NOTHROW(check(options));
    options.min_corners = 3;
    CHECK_THROWS_WITH(check(options),
                      "poses: min_corners must be at least 4; a pose needs 4 corners or more");
    options = {};
    options.min_posed_photos = 2;
    CHECK_THROWS_WITH(check(options),
                      "poses: min_posed_photos must be at least 3; calibration "
                      "needs 3 views or more");
    options = {};
    options.max_photo_rms_px = 0.0;
    CHECK_THROWS_WITH(check(options),
                      "poses: max_photo_rms_px must be positive; the default is 3 pixels");
    options = {};
    options.distortion_terms = 1;
    CHECK_THROWS_WITH(check(options),
                      "poses: distortion_terms must be 0, 2 or 3; the default is 2");
    options = {};
    options.max_side_px = 100.0;
    CHECK_THROWS_WITH(check(options),
                      "poses: max_side_px must be at least 320; the default is 2400 pixels");
}

TEST_CASE("Small photos with the principal point held at the centre", "[poses]") {
    const ChArUcoRig rig = a4_rig();
    TrueCamera camera = small_camera();
    camera.k(0, 2) = 399.5;
    camera.k(1, 2) = 299.5;
    const std::filesystem::path folder = test::make_temp_dir("poses_small");
    const PhotoSet set = ring_photos(rig, camera, 480.0, 12, folder, 1.6);
    PoseOptions options;
    options.refine_principal_point = false;
    options.distortion_terms = 2;
    const PoseResult result = estimate_poses_charuco(set.photos, rig, options);
    CHECK(result.rejected.empty());
    REQUIRE(result.cameras.views.size() == 12);
    const CameraIntrinsics& found = result.cameras.views[0].intrinsics;
    CHECK(found.cx == 399.5);
    CHECK(found.cy == 299.5);
    CHECK(found.distortion[4] == 0.0);
    CHECK(found.fx == Approx(camera.k(0, 0)).epsilon(0.005));
    double worst_rotation_deg = 0.0, worst_center_mm = 0.0;
    for (size_t i = 0; i < 12; ++i) {
        const CameraPose& pose = result.cameras.views[i].cam_from_world;
        worst_rotation_deg =
            std::max(worst_rotation_deg, rotation_error_deg(pose.rotation, set.poses[i].rotation));
        worst_center_mm =
            std::max(worst_center_mm, cv::norm(pose.center_mm() - set.poses[i].center_mm()));
    }
    WARN("800 x 600: worst rotation error " << worst_rotation_deg << " deg, centre "
                                            << worst_center_mm << " mm, RMS "
                                            << result.cameras.reprojection_rms_px << " px");
    CHECK(worst_rotation_deg < 0.1);
    CHECK(worst_center_mm < 1.5);
    CHECK(result.cameras.reprojection_rms_px < 0.5);
}

TEST_CASE("Timing: 36 photos of 2000 x 1500", "[.bench]") {
    const ChArUcoRig rig = a4_rig();
    const std::filesystem::path folder = test::make_temp_dir("poses_bench");
    const PhotoSet set = ring_photos(rig, big_camera(), 650.0, 36, folder, 4.0);
    const auto start = std::chrono::steady_clock::now();
    const PoseResult result = estimate_poses_charuco(set.photos, rig);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    WARN("estimate_poses_charuco on 36 photos of 2000 x 1500: "
         << seconds << " s, " << result.cameras.views.size() << " posed");
    for (const PhotoIssue& issue : result.rejected)
        WARN(issue.file.filename().string() << ": " << issue.reason);
}

TEST_CASE("Photos from one height only: square pixels, principal point at the centre", "[poses]") {
    // One ring cannot tell the principal point from the camera's tilt; the fallback assumes it
    // at the photo's centre, as it is here.
    const ChArUcoRig rig = a4_rig();
    TrueCamera camera = small_camera();
    camera.k(0, 2) = 399.5;
    camera.k(1, 2) = 299.5;
    const std::filesystem::path folder = test::make_temp_dir("poses_one_ring");
    const Page page = page_of(rig, 1.6);
    const cv::Mat pinhole_points = pinhole_points_of(camera);
    PhotoSet set;
    for (int i = 0; i < 10; ++i) {
        const CameraPose pose = look_at(480, 40.0, 36.0 * i, {4.0 * (i % 3), -3.0 * (i % 4), 0.0});
        set.photos.push_back(save(photograph(page, camera, pinhole_points, pose, i),
                                  folder / ("p" + std::to_string(i) + ".png")));
        set.poses.push_back(pose);
    }
    const PoseResult result = estimate_poses_charuco(set.photos, rig);
    REQUIRE(result.cameras.views.size() == 10);
    const CameraIntrinsics& found = result.cameras.views[0].intrinsics;
    CHECK(found.fx == Approx(camera.k(0, 0)).epsilon(0.005));
    CHECK(found.fy == found.fx);
    CHECK(found.cx == 399.5);
    CHECK(found.cy == 299.5);
    for (size_t i = 0; i < 10; ++i) {
        const CameraPose& pose = result.cameras.views[i].cam_from_world;
        CHECK(rotation_error_deg(pose.rotation, set.poses[i].rotation) < 0.1);
        CHECK(cv::norm(pose.center_mm() - set.poses[i].center_mm()) < 1.5);
    }
}

}  // namespace heritage::capture
