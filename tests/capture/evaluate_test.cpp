// tests/capture/evaluate_test.cpp: the evaluation against known answers: a box's synthetic set
// judged with the truth itself as the result (F = 1, no pose error), with cameras turned by a
// known angle or moved by a known distance, with the box moved by a known offset (the F-score
// the geometry predicts), and with held-out photos whose PSNR is known from their noise.
#include "capture/evaluate.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <random>

#include "capture/camera.h"
#include "capture/render_views.h"
#include "capture/synth.h"
#include "exhibit/error.h"
#include "render/scene/model_load.h"
#include "tests/support/test_support.h"

namespace heritage::capture {
namespace {

namespace fs = std::filesystem;
const fs::path kShaderDir = HERITAGE_SHADER_DIR;

// The box in world mm: 100 along X, 80 along Y, 120 high.
constexpr double kBoxX = 100.0, kBoxY = 80.0, kBoxZ = 120.0;

// The box as an OBJ in the glTF frame (metres, +Y up), its base's centre at `base_mm` (world).
void write_box_obj(const fs::path& file, const cv::Vec3d& base_mm) {
    const cv::Vec3d lo = base_mm - cv::Vec3d(kBoxX / 2, kBoxY / 2, 0.0);
    std::ofstream out(file);
    for (int corner = 0; corner < 8; ++corner) {
        const double x = lo[0] + ((corner & 1) ? kBoxX : 0.0);
        const double y = lo[1] + ((corner & 2) ? kBoxY : 0.0);
        const double z = lo[2] + ((corner & 4) ? kBoxZ : 0.0);
        out << "v " << x / 1000.0 << " " << z / 1000.0 << " " << -y / 1000.0 << "\n";
    }
    // Faces with outward normals in the glTF frame (OBJ indices from 1).
    out << "f 1 3 4 2\nf 5 6 8 7\nf 1 2 6 5\nf 3 7 8 4\nf 1 5 7 3\nf 2 4 8 6\n";
}

struct BoxSet {
    fs::path truth;     // the synthetic set
    fs::path artifact;  // a result: the truth itself, placed in the world
};

BoxSet make_box_set(const std::string& name) {
    BoxSet set;
    const fs::path root = test::make_temp_dir(name);
    write_box_obj(root / "box.obj", {0.0, 0.0, 0.0});
    SynthOptions options;
    options.views = 6;
    options.rings = 2;
    options.size = {320, 240};
    options.held_out_share = 1.0 / 3.0;
    options.shader_dir = kShaderDir;
    set.truth = root / "truth";
    synthesize_photo_set(root / "box.obj", set.truth, options);
    set.artifact = root / "artifact";
    fs::create_directories(set.artifact / "capture");
    test::write_text(set.artifact / "artifact.json", R"({"model": {"file": "model.obj"}})");
    write_box_obj(set.artifact / "model.obj", {0.0, 0.0, 0.0});
    fs::copy_file(set.truth / "cameras.json", set.artifact / "capture" / "cameras.json");
    return set;
}

EvaluateOptions fast_options() {
    EvaluateOptions options;
    options.surface_samples = 50000;
    options.shader_dir = kShaderDir;
    return options;
}

// The mean distance between two samplings of the box's surface (see fast_options).
double sampling_spread_mm() {
    const double area = 2 * (kBoxX * kBoxY + kBoxX * kBoxZ + kBoxY * kBoxZ);
    return 0.5 / std::sqrt(50000.0 / area);
}

cv::Matx33d rotation_about_x(double degrees) {
    const double a = degrees * 3.14159265358979323846 / 180.0;
    return {1, 0, 0, 0, std::cos(a), -std::sin(a), 0, std::sin(a), std::cos(a)};
}

}  // namespace

TEST_CASE("The truth judged as its own result scores perfectly", "[evaluate]") {
    const BoxSet set = make_box_set("evaluate_truth");
    const Evaluation evaluation = evaluate_reconstruction(set.truth, set.artifact, fast_options());
    CHECK(evaluation.model_file.filename() == "model.obj");
    CHECK(evaluation.poses.matched == 4);
    CHECK(evaluation.poses.missing == 0);
    CHECK(evaluation.poses.max_rotation_deg < 1e-5);
    CHECK(evaluation.poses.max_center_mm < 1e-5);
    const double diagonal = std::sqrt(kBoxX * kBoxX + kBoxY * kBoxY + kBoxZ * kBoxZ);
    CHECK(evaluation.surface.tau_mm == Approx(0.01 * diagonal).epsilon(1e-4));
    CHECK(evaluation.surface.precision > 0.995);
    CHECK(evaluation.surface.recall > 0.995);
    CHECK(evaluation.surface.f_score > 0.995);
    // Two samplings of one surface: the mean distance to the nearest of points scattered at
    // density rho over a plane is 1 / (2 sqrt(rho)).
    CHECK(evaluation.surface.mean_accuracy_mm == Approx(sampling_spread_mm()).margin(0.03));
    CHECK(evaluation.surface.mean_completeness_mm == Approx(sampling_spread_mm()).margin(0.03));
    CHECK(evaluation.held_out.views == 2);
    const std::vector<std::string> lines = format_evaluation(evaluation);
    REQUIRE(lines.size() == 4);
    CHECK(lines[1] ==
          "poses: 4 cameras matched, 0 missing; rotation error mean 0.000 deg, max 0.000 deg; "
          "centre error mean 0.00 mm, max 0.00 mm");
}

TEST_CASE("Turned and moved cameras show their known pose errors", "[evaluate]") {
    const BoxSet set = make_box_set("evaluate_poses");
    CameraSet cameras = read_cameras(set.artifact / "capture" / "cameras.json");
    SECTION("each camera turned by 0.5 degrees about its own centre") {
        for (CameraView& view : cameras.views) {
            const cv::Vec3d centre = view.cam_from_world.center_mm();
            view.cam_from_world.rotation = rotation_about_x(0.5) * view.cam_from_world.rotation;
            view.cam_from_world.translation_mm = -(view.cam_from_world.rotation * centre);
        }
        write_cameras(set.artifact / "capture" / "cameras.json", cameras);
        const Evaluation evaluation =
            evaluate_reconstruction(set.truth, set.artifact, fast_options());
        CHECK(evaluation.poses.mean_rotation_deg == Approx(0.5).epsilon(1e-6));
        CHECK(evaluation.poses.max_rotation_deg == Approx(0.5).epsilon(1e-6));
        CHECK(evaluation.poses.max_center_mm < 1e-5);
    }
    SECTION("each camera moved by 5 mm, one left out") {
        for (CameraView& view : cameras.views) {
            const cv::Vec3d centre = view.cam_from_world.center_mm() + cv::Vec3d(3.0, 4.0, 0.0);
            view.cam_from_world.translation_mm = -(view.cam_from_world.rotation * centre);
        }
        cameras.views.pop_back();
        write_cameras(set.artifact / "capture" / "cameras.json", cameras);
        const Evaluation evaluation =
            evaluate_reconstruction(set.truth, set.artifact, fast_options());
        CHECK(evaluation.poses.matched == 3);
        CHECK(evaluation.poses.missing == 1);
        CHECK(evaluation.poses.mean_center_mm == Approx(5.0).epsilon(1e-9));
        CHECK(evaluation.poses.max_rotation_deg < 1e-5);
    }
}

TEST_CASE("A model moved by a known offset loses the F-score the geometry predicts", "[evaluate]") {
    const BoxSet set = make_box_set("evaluate_offset");
    const double tau = 0.01 * std::sqrt(kBoxX * kBoxX + kBoxY * kBoxY + kBoxZ * kBoxZ);
    SECTION("half of tau: still all within tau") {
        write_box_obj(set.artifact / "model.obj", {0.5 * tau, 0.0, 0.0});
        const Evaluation evaluation =
            evaluate_reconstruction(set.truth, set.artifact, fast_options());
        CHECK(evaluation.surface.f_score > 0.99);
    }
    SECTION("twice tau along X") {
        // The faces across X (2 * 80 * 120 mm^2) are all beyond tau, and so are strips
        // (2 tau - tau) wide at the edges of the faces along X (perimeter 2 * 120 + 2 * 80 mm).
        const double offset = 2.0 * tau;
        write_box_obj(set.artifact / "model.obj", {offset, 0.0, 0.0});
        const Evaluation evaluation =
            evaluate_reconstruction(set.truth, set.artifact, fast_options());
        const double area = 2 * (kBoxX * kBoxY + kBoxX * kBoxZ + kBoxY * kBoxZ);
        const double beyond = 2 * kBoxY * kBoxZ + (offset - tau) * (2 * kBoxZ + 2 * kBoxY);
        const double expected = 1.0 - beyond / area;
        CHECK(evaluation.surface.precision == Approx(expected).margin(0.01));
        CHECK(evaluation.surface.recall == Approx(expected).margin(0.01));
        CHECK(evaluation.surface.f_score == Approx(expected).margin(0.01));
        // The faces across X are `offset` away, the rest only the sampling's spread.
        const double across_x = 2 * kBoxY * kBoxZ / area;
        CHECK(evaluation.surface.mean_accuracy_mm ==
              Approx(offset * across_x + sampling_spread_mm() * (1.0 - across_x)).margin(0.05));
    }
}

TEST_CASE("Held-out photos with known noise give the PSNR it predicts", "[evaluate]") {
    const BoxSet set = make_box_set("evaluate_psnr");
    // Replace the held-out photos by the truth's own unlit render plus noise of sigma 4 on a
    // mid-grey object: PSNR over the object = 20 log10(255 / 4) = 36.09 dB.
    const CameraSet held_out = read_cameras(set.truth / "heldout" / "cameras.json");
    ViewRenderOptions options;
    options.lit = false;
    options.shader_dir = kShaderDir;
    const std::vector<cv::Mat> renders =
        render_model_views(set.artifact / "model.obj", held_out.views, options);
    cv::RNG rng(7);
    for (std::size_t i = 0; i < renders.size(); ++i) {
        cv::Mat noise(renders[i].size(), CV_32FC3), noisy;
        rng.fill(noise, cv::RNG::NORMAL, 0.0, 4.0);
        renders[i].convertTo(noisy, CV_32FC3);
        noisy += noise;
        noisy.convertTo(noisy, CV_8UC3);
        cv::imwrite(held_out.views[i].image_file.string(), noisy);
    }
    const Evaluation evaluation = evaluate_reconstruction(set.truth, set.artifact, fast_options());
    CHECK(evaluation.held_out.views == 2);
    CHECK(evaluation.held_out.psnr_object_db == Approx(20.0 * std::log10(255.0 / 4.0)).margin(0.2));
    // The black backdrop clips half the noise away, so the whole image scores higher.
    CHECK(evaluation.held_out.psnr_image_db > evaluation.held_out.psnr_object_db + 1.0);
}

TEST_CASE("Missing folders are named with what to give", "[evaluate]") {
    const fs::path root = test::make_temp_dir("evaluate_missing");
    try {
        evaluate_reconstruction(root / "nothing", root);
        FAIL("no error");
    } catch (const Error& error) {
        CHECK(std::string(error.what()) ==
              "evaluate: " + (root / "nothing").string() +
                  ": no such folder; give --truth the folder heritage-capture synth wrote");
    }
    try {
        evaluate_reconstruction(root, root);
        FAIL("no error");
    } catch (const Error& error) {
        CHECK(std::string(error.what()) ==
              "evaluate: " + (root / "truth.json").string() +
                  ": missing; give --truth the folder heritage-capture synth wrote");
    }
    test::write_text(root / "truth.json", "{}");
    try {
        evaluate_reconstruction(root, root / "no-artifact");
        FAIL("no error");
    } catch (const Error& error) {
        CHECK(std::string(error.what()) ==
              "evaluate: " + (root / "no-artifact").string() +
                  ": no such folder; give --result the artifact's folder "
                  "(PACKAGE/artifacts/ID) that heritage-capture wrote");
    }
}

}  // namespace heritage::capture
