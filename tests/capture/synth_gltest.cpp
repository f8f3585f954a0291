// tests/capture/synth_gltest.cpp: the synthetic photo set (label gl): its files, the model's
// placement, the board where its true cameras say (OpenCV finds the ChArUco corners at their
// projections), and the noise it was asked for.
#include "capture/synth.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <opencv2/aruco/charuco.hpp>
#include <opencv2/imgcodecs.hpp>

#include "capture/charuco.h"
#include "exhibit/error.h"
#include "render/scene/model_load.h"
#include "tests/support/test_support.h"

namespace heritage::capture {
namespace {

namespace fs = std::filesystem;
const fs::path kShaderDir = HERITAGE_SHADER_DIR;
const fs::path kModel =
    fs::path(HERITAGE_SAMPLE_EXHIBIT_DIR) / "artifacts" / "vong-co-bac-mong" / "model.glb";

SynthOptions small_set() {
    SynthOptions options;
    options.views = 8;
    options.rings = 2;
    options.size = {1280, 960};
    options.held_out_share = 0.25;
    options.shader_dir = kShaderDir;
    return options;
}

}  // namespace

TEST_CASE("A synthetic set holds photos, held-out photos, true cameras and the truth", "[synth]") {
    const fs::path out = test::make_temp_dir("synth_set");
    const SynthResult result = synthesize_photo_set(kModel, out, small_set());
    CHECK(result.photos == 6);
    CHECK(result.held_out == 2);
    const CameraSet cameras = read_cameras(out / "cameras.json");
    const CameraSet held_out = read_cameras(out / "heldout" / "cameras.json");
    REQUIRE(cameras.views.size() == 6);
    REQUIRE(held_out.views.size() == 2);
    CHECK(held_out.views[0].photo_file.filename() == "view_003.png");
    CHECK(held_out.views[1].photo_file.filename() == "view_007.png");
    for (const CameraView& view : cameras.views) {
        REQUIRE(fs::is_regular_file(view.image_file));
        CHECK(view.image_file.parent_path().filename() == "photos");
    }
    for (const CameraView& view : held_out.views)
        CHECK(fs::is_regular_file(view.image_file));
    // The hat is 240 mm across: an A3 board (7 x 36 mm squares across) is too small to show
    // around it, A2 (7 x 52 mm) is the smallest that does.
    CHECK(read_rig(out / "rig.json").paper == "A2");

    // The model stands on the board's centre at its true size (metres to millimetres).
    const SynthTruth truth = read_truth(out / "truth.json");
    CHECK(fs::is_regular_file(truth.model_file));
    const render::CpuModel model = render::load_model(kModel);
    cv::Vec3d lo(1e9, 1e9, 1e9), hi(-1e9, -1e9, -1e9);
    for (const render::CpuMesh& mesh : model.meshes) {
        for (const glm::vec3& p : mesh.positions) {
            const cv::Vec4d w = truth.world_mm_from_model * cv::Vec4d(p.x, p.y, p.z, 1.0);
            for (int c = 0; c < 3; ++c) {
                lo[c] = std::min(lo[c], w[c]);
                hi[c] = std::max(hi[c], w[c]);
            }
        }
    }
    CHECK(lo[2] == Approx(0.0).margin(1e-3));
    CHECK((lo[0] + hi[0]) / 2 == Approx(0.0).margin(1e-3));
    CHECK((lo[1] + hi[1]) / 2 == Approx(0.0).margin(1e-3));
    const glm::vec3 extent = model.bounds.max - model.bounds.min;
    CHECK(hi[0] - lo[0] == Approx(1000.0 * extent.x).epsilon(1e-5));
    CHECK(hi[1] - lo[1] == Approx(1000.0 * extent.z).epsilon(1e-5));
    CHECK(hi[2] - lo[2] == Approx(1000.0 * extent.y).epsilon(1e-5));
    CHECK(truth.size_mm[2] == Approx(hi[2] - lo[2]).epsilon(1e-5));

    // OpenCV finds the board's chessboard corners where the true cameras project them.
    const ChArUcoRig rig = read_rig(out / "rig.json");
    const cv::Ptr<cv::aruco::CharucoBoard> board = make_charuco_board(rig);
    const BoardPlacement placement = world_from_board(rig);
    int photos_checked = 0;
    for (const CameraView& view : cameras.views) {
        const cv::Mat photo = cv::imread(view.image_file.string());
        REQUIRE(photo.cols == 1280);
        std::vector<int> marker_ids, corner_ids;
        std::vector<std::vector<cv::Point2f>> markers;
        std::vector<cv::Point2f> corners;
        cv::aruco::detectMarkers(photo, board->dictionary, markers, marker_ids);
        if (marker_ids.size() < 4)
            continue;
        cv::aruco::interpolateCornersCharuco(markers, marker_ids, photo, board, corners,
                                             corner_ids);
        if (corner_ids.size() < 8)
            continue;
        std::vector<double> errors;
        cv::Vec2d offset_sum(0.0, 0.0);
        for (std::size_t i = 0; i < corner_ids.size(); ++i) {
            const cv::Point3f p = board->chessboardCorners[std::size_t(corner_ids[i])];
            const cv::Vec3d world =
                placement.rotation * cv::Vec3d(p.x, p.y, p.z) + placement.translation_mm;
            const cv::Vec2d error = view.project(world) - cv::Vec2d(corners[i].x, corners[i].y);
            errors.push_back(cv::norm(error));
            offset_sum += error;
        }
        std::sort(errors.begin(), errors.end());
        const cv::Vec2d mean_offset = offset_sum / double(errors.size());
        INFO(view.image_file << ": " << corner_ids.size() << " corners, median error "
                             << errors[errors.size() / 2] << " px, mean offset " << mean_offset);
        // The renderer puts edges within 1/8 px (render_views_gltest), yet OpenCV 4.6's
        // interpolated ChArUco corners come out about (+0.5, +0.5) px from the projections:
        // a convention of its corner refinement, under investigation; hence the pixel here.
        CHECK(errors[errors.size() / 2] < 1.0);
        CHECK(cv::norm(mean_offset) < 1.0);
        ++photos_checked;
    }
    CHECK(photos_checked >= 2);
}

TEST_CASE("A synthetic set's noise has the sigma asked for, and the seed repeats it", "[synth]") {
    SynthOptions options = small_set();
    options.views = 3;
    options.rings = 1;
    options.held_out_share = 0.0;
    options.size = {320, 240};
    const fs::path clean = test::make_temp_dir("synth_clean");
    const fs::path noisy = test::make_temp_dir("synth_noisy");
    const fs::path again = test::make_temp_dir("synth_noisy_again");
    options.noise_sigma = 0.0;
    synthesize_photo_set(kModel, clean, options);
    options.noise_sigma = 3.0;
    synthesize_photo_set(kModel, noisy, options);
    synthesize_photo_set(kModel, again, options);
    for (const char* name : {"view_000.png", "view_002.png"}) {
        const cv::Mat a = cv::imread((clean / "photos" / name).string());
        const cv::Mat b = cv::imread((noisy / "photos" / name).string());
        const cv::Mat c = cv::imread((again / "photos" / name).string());
        cv::Mat difference;
        cv::subtract(b, a, difference, cv::noArray(), CV_32FC3);
        cv::Scalar mean, deviation;
        cv::meanStdDev(difference.reshape(1), mean, deviation);
        CHECK(deviation[0] == Approx(3.0).epsilon(0.05));
        CHECK(std::abs(mean[0]) < 0.1);
        CHECK(cv::norm(b, c, cv::NORM_INF) == 0.0);
    }
}

TEST_CASE("A synthetic set names what is wrong with its inputs", "[synth]") {
    const fs::path out = test::make_temp_dir("synth_errors");
    SynthOptions options = small_set();
    try {
        synthesize_photo_set(out / "missing.glb", out, options);
        FAIL("no error");
    } catch (const Error& error) {
        CHECK(std::string(error.what()) ==
              "synth: " + (out / "missing.glb").string() +
                  ": no such model file; give a .glb of the object (metres, +Y up)");
    }
    options.views = 2;
    try {
        synthesize_photo_set(kModel, out, options);
        FAIL("no error");
    } catch (const Error& error) {
        CHECK(std::string(error.what()) ==
              "synth: --views must be between 3 and 1000; give the number of photos");
    }
    options = small_set();
    options.paper = "A5";
    try {
        synthesize_photo_set(kModel, out, options);
        FAIL("no error");
    } catch (const Error& error) {
        CHECK(std::string(error.what()) == "board: unknown paper \"A5\"; use A4, A3, A2, A1 or A0");
    }
}

}  // namespace heritage::capture
