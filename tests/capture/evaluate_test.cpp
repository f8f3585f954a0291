// tests/capture/evaluate_test.cpp: the evaluation against known answers: a box's synthetic set
// judged with the truth itself as the result (F = 1, no pose error), with cameras turned by a
// known angle or moved by a known distance, with the box moved by a known offset (the F-score
// the geometry predicts), and with held-out photos whose PSNR is known from their noise. Then
// the similarity alignment of cameras in a frame of their own, with known noise.
#include "capture/evaluate.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <opencv2/calib3d.hpp>
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
    // The box's base lies on the board, where no camera sees it; the rest is seen (and the
    // base's rim, within tau of the walls above it).
    const double area = 2 * (kBoxX * kBoxY + kBoxX * kBoxZ + kBoxY * kBoxZ);
    CHECK(evaluation.truth_share_seen == Approx(1.0 - kBoxX * kBoxY / area).margin(0.02));
    CHECK(evaluation.surface_seen.f_score > 0.995);
    CHECK(evaluation.held_out.views == 2);
    const std::vector<std::string> lines = format_evaluation(evaluation);
    REQUIRE(lines.size() == 5);
    CHECK(lines[1] ==
          "poses: 4 cameras matched, 0 missing; rotation error mean 0.000 deg, max 0.000 deg; "
          "centre error mean 0.00 mm, max 0.00 mm");
}

TEST_CASE("A surface no camera sees counts only in the whole surfaces' scores", "[evaluate]") {
    const BoxSet set = make_box_set("evaluate_hidden");
    // The result: the box and, inside it, a floor at half its height as large as its base.
    write_box_obj(set.artifact / "model.obj", {0.0, 0.0, 0.0});
    {
        std::ofstream out(set.artifact / "model.obj", std::ios::app);
        const double h = kBoxZ / 2000.0, x = kBoxX / 2000.0, y = kBoxY / 2000.0;
        out << "v " << -x << " " << h << " " << y << "\nv " << x << " " << h << " " << y << "\nv "
            << x << " " << h << " " << -y << "\nv " << -x << " " << h << " " << -y
            << "\nf 9 10 11 12\n";
    }
    const Evaluation evaluation = evaluate_reconstruction(set.truth, set.artifact, fast_options());
    // The floor is an eighth of the result's area and far from the true surface.
    const double area = 2 * (kBoxX * kBoxY + kBoxX * kBoxZ + kBoxY * kBoxZ);
    CHECK(evaluation.surface.precision == Approx(area / (area + kBoxX * kBoxY)).margin(0.02));
    CHECK(evaluation.surface_seen.precision > 0.99);
    CHECK(evaluation.surface_seen.recall > 0.99);
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
    // The photos too, so that the best texture's colours are known: each point the mean of
    // the k photos that see it, off by noise of variance 16 / k, against the held-out noise of
    // variance 16: 36.09 dB less 10 log10(1 + 1 / k), k from 1 to 4 here; colours read
    // between pixels average part of the noise away (down to 4/9 of its variance: 3.5 dB).
    const CameraSet photos = read_cameras(set.truth / "cameras.json");
    const std::vector<cv::Mat> photo_renders =
        render_model_views(set.artifact / "model.obj", photos.views, options);
    for (std::size_t i = 0; i < photo_renders.size(); ++i) {
        cv::Mat noise(photo_renders[i].size(), CV_32FC3), noisy;
        rng.fill(noise, cv::RNG::NORMAL, 0.0, 4.0);
        photo_renders[i].convertTo(noisy, CV_32FC3);
        noisy += noise;
        noisy.convertTo(noisy, CV_8UC3);
        cv::imwrite(photos.views[i].image_file.string(), noisy);
    }
    const Evaluation evaluation = evaluate_reconstruction(set.truth, set.artifact, fast_options());
    CHECK(evaluation.held_out.views == 2);
    CHECK(evaluation.held_out.psnr_object_db == Approx(20.0 * std::log10(255.0 / 4.0)).margin(0.2));
    CHECK(evaluation.held_out.psnr_ceiling_db > 36.09 - 10.0 * std::log10(2.0) - 0.3);
    CHECK(evaluation.held_out.psnr_ceiling_db <
          36.09 - 10.0 * std::log10(1.25) + 10.0 * std::log10(9.0 / 4.0) + 0.3);
    // The black backdrop clips half the noise away, so the whole image scores higher.
    CHECK(evaluation.held_out.psnr_image_db > evaluation.held_out.psnr_object_db + 1.0);
}

namespace {

// Eight cameras on a level ring of radius 600 mm around the origin, looking at it, named
// IMG_<i>.jpg in `folder`.
CameraSet ring_of_cameras(const fs::path& folder) {
    CameraSet cameras;
    for (int i = 0; i < 8; ++i) {
        const double angle = i * 3.14159265358979323846 / 4.0;
        CameraView view;
        view.photo_file = folder / ("IMG_" + std::to_string(i) + ".jpg");
        view.cam_from_world =
            look_at({600.0 * std::cos(angle), 600.0 * std::sin(angle), 0.0}, {0.0, 0.0, -50.0});
        cameras.views.push_back(view);
    }
    return cameras;
}

// The similarity that structure from motion might have put `truth` in: 1/250 of its size,
// turned by 123 degrees, moved.
SimilarityTransform an_arbitrary_frame() {
    SimilarityTransform transform;
    transform.scale = 0.004;
    cv::Rodrigues(cv::Vec3d(0.3, -2.0, 1.1), transform.rotation);
    transform.translation = {5.0, -3.0, 2.0};
    return transform;
}

SimilarityTransform inverse(const SimilarityTransform& transform) {
    SimilarityTransform back;
    back.scale = 1.0 / transform.scale;
    back.rotation = transform.rotation.t();
    back.translation = -(back.rotation * transform.translation) * back.scale;
    return back;
}

CameraSet moved(const CameraSet& cameras, const SimilarityTransform& transform,
                const fs::path& folder) {
    CameraSet out = cameras;
    for (CameraView& view : out.views) {
        view.cam_from_world = transform.apply(view.cam_from_world);
        view.photo_file = folder / view.photo_file.filename();
    }
    return out;
}

}  // namespace

TEST_CASE("A similarity moves points and cameras alike", "[evaluate][similarity]") {
    const SimilarityTransform transform = an_arbitrary_frame();
    const CameraPose pose = look_at({100.0, -400.0, 250.0}, {0.0, 0.0, 0.0});
    const CameraPose moved_pose = transform.apply(pose);
    CHECK(cv::norm(moved_pose.center_mm() - transform.apply(pose.center_mm())) < 1e-9);
    const cv::Vec3d point(10.0, 20.0, -30.0);
    // The moved camera sees the moved point where the camera saw the point (scaled depth).
    CHECK(cv::norm(moved_pose.to_camera(transform.apply(point)) -
                   transform.scale * pose.to_camera(point)) < 1e-9);
    CHECK(cv::norm(inverse(transform).apply(transform.apply(point)) - point) < 1e-9);
}

TEST_CASE("A known similarity is recovered from the camera centres", "[evaluate][similarity]") {
    const CameraSet truth = ring_of_cameras("truth");
    const SimilarityTransform frame = an_arbitrary_frame();
    CameraSet result = moved(truth, frame, "sfm/photos");  // matched by file name only
    result.views.erase(result.views.begin() + 3);          // a photo it could not place
    CameraView stranger = result.views.front();
    stranger.photo_file = "sfm/photos/not_in_truth.jpg";
    result.views.push_back(stranger);

    const SimilarityTransform found = align_cameras_similarity(result, truth);
    const SimilarityTransform expected = inverse(frame);
    CHECK(found.scale == Approx(expected.scale).epsilon(1e-9));
    CHECK(cv::norm(found.rotation - expected.rotation, cv::NORM_INF) < 1e-9);
    CHECK(cv::norm(found.translation - expected.translation) < 1e-6);

    const PoseErrors errors = compare_poses_aligned(result, truth);
    CHECK(errors.matched == 7);
    CHECK(errors.missing == 1);
    CHECK(errors.max_center_mm < 1e-6);
    CHECK(errors.max_rotation_deg < 1e-6);
}

TEST_CASE("Known pose noise shows through the alignment unchanged", "[evaluate][similarity]") {
    const CameraSet truth = ring_of_cameras("truth");
    CameraSet noisy = truth;
    // Centres moved 2 mm up and down in turn: that sums to no shift and no turn of the ring,
    // so the fit only shrinks the noisy ring by the share the noise adds to its spread:
    // s = 600^2 / (600^2 + 2^2). Every camera is then off by |(s - 1) 600 mm, s 2 mm|.
    for (std::size_t i = 0; i < noisy.views.size(); ++i) {
        CameraPose& pose = noisy.views[i].cam_from_world;
        const cv::Vec3d centre = pose.center_mm() + cv::Vec3d(0.0, 0.0, i % 2 ? -2.0 : 2.0);
        pose.translation_mm = -(pose.rotation * centre);
    }
    // And one camera turned by 0.5 degrees about its own centre.
    CameraPose& turned = noisy.views[5].cam_from_world;
    const cv::Vec3d centre = turned.center_mm();
    turned.rotation = rotation_about_x(0.5) * turned.rotation;
    turned.translation_mm = -(turned.rotation * centre);

    const PoseErrors errors =
        compare_poses_aligned(moved(noisy, an_arbitrary_frame(), "sfm"), truth);
    CHECK(errors.matched == 8);
    CHECK(errors.missing == 0);
    const double s = 600.0 * 600.0 / (600.0 * 600.0 + 2.0 * 2.0);
    const double expected_mm = std::hypot((1.0 - s) * 600.0, s * 2.0);
    CHECK(expected_mm == Approx(2.0).epsilon(1e-4));
    CHECK(errors.mean_center_mm == Approx(expected_mm).epsilon(1e-9));
    CHECK(errors.max_center_mm == Approx(expected_mm).epsilon(1e-9));
    CHECK(errors.max_rotation_deg == Approx(0.5).epsilon(1e-6));
    CHECK(errors.mean_rotation_deg == Approx(0.5 / 8.0).epsilon(1e-6));
}

TEST_CASE("Alignment refuses too few cameras or cameras on a line", "[evaluate][similarity]") {
    const CameraSet truth = ring_of_cameras("truth");
    CameraSet two = truth;
    two.views.resize(2);
    CHECK_THROWS_WITH(align_cameras_similarity(two, truth),
                      "align cameras: 2 of the result's views match a true camera by photo file "
                      "name, and a similarity needs 3; compare cameras of the same photos");
    CameraSet on_a_line = truth;
    for (std::size_t i = 0; i < on_a_line.views.size(); ++i) {
        on_a_line.views[i].cam_from_world =
            look_at({100.0 * double(i), 0.0, 0.0}, {100.0 * double(i), 500.0, 0.0});
    }
    CHECK_THROWS_WITH(compare_poses_aligned(on_a_line, truth),
                      Catch::Matchers::StartsWith("align cameras: the matched camera centres lie "
                                                  "on a line or at one point"));
}

TEST_CASE("Comparison images are written per held-out photo, or the folder is named",
          "[evaluate]") {
    const BoxSet set = make_box_set("evaluate_compare");
    EvaluateOptions options = fast_options();
    options.comparison_dir = set.artifact / "compared";
    const Evaluation evaluation = evaluate_reconstruction(set.truth, set.artifact, options);
    REQUIRE(evaluation.held_out.views == 2);
    const CameraSet held_out = read_cameras(set.truth / "heldout" / "cameras.json");
    for (const CameraView& view : held_out.views) {
        const cv::Mat compared = cv::imread(
            (options.comparison_dir / (view.image_file.stem().string() + "-compared.png"))
                .string());
        CHECK(compared.cols == 3 * view.intrinsics.width_px);
        CHECK(compared.rows == view.intrinsics.height_px);
    }
    // A file where the folder should be.
    test::write_text(set.artifact / "not-a-folder", "x");
    options.comparison_dir = set.artifact / "not-a-folder";
    CHECK_THROWS_WITH(
        evaluate_reconstruction(set.truth, set.artifact, options),
        Catch::Matchers::StartsWith("evaluate: " + (set.artifact / "not-a-folder").string() +
                                    ": cannot be made a folder (") &&
            Catch::Matchers::EndsWith("); give --compare-out a folder you can write to"));
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
