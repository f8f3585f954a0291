// Whole captures on small synthetic sets with known truth: a glazed bowl (concave) on the
// board, photographed by the synthetic camera; the pipeline's model is measured against the
// truth, a rerun resumes from the work folder, and inputs that cannot make a model stop with a
// message and leave the package as it was.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "capture/evaluate.h"
#include "capture/glb_export.h"
#include "capture/pipeline.h"
#include "capture/synth.h"
#include "capture/synthetic_objects.h"
#include "exhibit/error.h"
#include "exhibit/package_read.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using namespace heritage;
using namespace heritage::capture;
namespace test = heritage::test;

namespace {

const fs::path kShaderDir = HERITAGE_SHADER_DIR;

// A bowl photographed 20 times (16 for the capture, 4 held out) at 1280 x 960.
fs::path bowl_photo_set() {
    const fs::path folder = test::make_temp_dir("pipeline-bowl");
    write_glb(folder / "bowl.glb", make_bowl());
    SynthOptions options;
    options.views = 20;
    options.rings = 2;
    options.size = {1280, 960};
    options.held_out_share = 0.2;
    options.shader_dir = kShaderDir;
    synthesize_photo_set(folder / "bowl.glb", folder / "set", options);
    return folder;
}

CaptureInputs inputs_for(const fs::path& folder) {
    CaptureInputs inputs;
    inputs.photos_folder = folder / "set" / "photos";
    inputs.rig_file = folder / "set" / "rig.json";
    inputs.artifact_id = "bat-gom";
    inputs.package_folder = folder / "package";
    inputs.work_folder = folder / "work";
    return inputs;
}

}  // namespace

TEST_CASE("a turntable capture of a bowl comes out at true size, its inside carved", "[pipeline]") {
    const fs::path folder = bowl_photo_set();
    const CaptureInputs inputs = inputs_for(folder);
    CaptureOptions options;
    options.mesh.max_triangles = 100000;
    const CaptureResult result = run_capture(inputs, options);

    CHECK(result.photos_found == 16);
    CHECK(result.photos_used >= 12);  // a low-ring photo may show too little board
    CHECK(result.size_mm[0] == Approx(180.0).margin(4.0));  // the bowl: 180 mm across,
    CHECK(result.size_mm[2] == Approx(75.0).margin(7.0));   // 75 mm high
    const exhibit::PackageReadResult package = exhibit::read_package(inputs.package_folder);
    CHECK(test::formatted_errors(package.problems).empty());
    REQUIRE(package.package.artifacts.size() == 1);
    REQUIRE(package.package.artifacts[0].capture.has_value());
    CHECK(package.package.artifacts[0].capture->method == "turntable-charuco");

    // Both levels of detail pass the Khronos glTF validator.
    const std::string validate = std::string(HERITAGE_NODE) + " " + HERITAGE_GLTF_VALIDATOR + " '" +
                                 (result.artifact_folder / "model.glb").string() + "' '" +
                                 (result.artifact_folder / "model-light.glb").string() + "'";
    CHECK(std::system(validate.c_str()) == 0);

    EvaluateOptions evaluate;
    evaluate.shader_dir = kShaderDir;
    evaluate.surface_samples = 50000;
    const Evaluation scores =
        evaluate_reconstruction(folder / "set", result.artifact_folder, evaluate);
    for (const std::string& line : format_evaluation(scores))
        INFO(line);
    // Regression guards on this small set; bench/capture_turntable.cpp measures the targets
    // (36 photos at 2000 x 1500).
    CHECK(scores.poses.max_rotation_deg < 0.25);
    CHECK(scores.poses.mean_center_mm < 2.0);
    CHECK(scores.surface.f_score > 0.9);
    CHECK(scores.held_out.psnr_object_db > 18.0);

    // The package's cameras name the photos they were computed from, wherever the package is.
    const CameraSet packaged = read_cameras(result.artifact_folder / "capture" / "cameras.json");
    REQUIRE(packaged.views.size() == std::size_t(result.photos_used));
    for (const CameraView& view : packaged.views)
        CHECK(std::filesystem::equivalent(view.photo_file,
                                          folder / "set" / "photos" / view.photo_file.filename()));

    // A rerun takes every stage from the work folder and writes the same model.
    const std::string model = test::read_text(result.artifact_folder / "model.glb");
    const CaptureResult again = run_capture(inputs, options);
    for (std::size_t i = 0; i + 1 < again.stages.size(); ++i)
        CHECK(again.stages[i].cached);
    CHECK(test::read_text(again.artifact_folder / "model.glb") == model);
}

TEST_CASE("photos with no board stop the capture and leave the package as it was", "[pipeline]") {
    const fs::path folder = test::make_temp_dir("pipeline-no-board");
    fs::create_directories(folder / "photos");
    for (int i = 0; i < 8; ++i) {
        cv::Mat photo(600, 800, CV_8UC3, cv::Scalar(90, 100, 110));
        cv::RNG rng(static_cast<std::uint64_t>(i + 1));
        for (int j = 0; j < 300; ++j)
            cv::circle(photo, {rng.uniform(0, 800), rng.uniform(0, 600)}, rng.uniform(2, 20),
                       cv::Scalar(rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255)),
                       cv::FILLED);
        cv::imwrite((folder / "photos" / ("IMG_" + std::to_string(i) + ".jpg")).string(), photo);
    }
    const fs::path package = test::copy_fixture("minimal-exhibit", "pipeline-no-board");
    const std::string exhibit_before = test::read_text(package / "exhibit.json");
    test::write_text(folder / "rig.json",
                     R"({"type": "charuco", "dictionary": "DICT_5X5_250", "squares_x": 7,
                        "squares_y": 10, "square_mm": 36, "marker_mm": 27, "paper": "A3"})");
    CaptureInputs inputs;
    inputs.photos_folder = folder / "photos";
    inputs.rig_file = folder / "rig.json";
    inputs.artifact_id = "trong-dong";
    inputs.package_folder = package;
    inputs.work_folder = folder / "work";
    CHECK_THROWS_WITH(run_capture(inputs), Catch::Contains("no ChArUco board found"));
    CHECK(test::read_text(package / "exhibit.json") == exhibit_before);
    CHECK(fs::exists(package / "artifacts/trong-dong/model.glb"));
    CHECK_FALSE(fs::exists(package / ".capture-staging"));
}

TEST_CASE("an empty photo folder is named with what to do", "[pipeline]") {
    const fs::path folder = test::make_temp_dir("pipeline-empty");
    fs::create_directories(folder / "photos");
    test::write_text(folder / "photos" / "notes.txt", "not a photo");
    CaptureInputs inputs;
    inputs.photos_folder = folder / "photos";
    inputs.cameras_file = folder / "cameras.json";
    inputs.artifact_id = "x";
    inputs.package_folder = folder / "package";
    inputs.work_folder = folder / "work";
    CHECK_THROWS_WITH(run_capture(inputs),
                      (folder / "photos").string() +
                          ": no JPEG or PNG photos in this folder; copy the capture's photos "
                          "here (other files are ignored)");
    CHECK_FALSE(fs::exists(folder / "package"));
}

TEST_CASE(
    "a handheld capture of the bowl finds its cameras, leaves out photos of something "
    "else, and takes its scale from the board",
    "[pipeline][handheld]") {
    const fs::path folder = bowl_photo_set();
    // Three photos of something else in the same folder.
    for (int i = 0; i < 3; ++i) {
        cv::Mat photo(960, 1280, CV_8UC3, cv::Scalar(90, 100, 110));
        cv::RNG rng(static_cast<std::uint64_t>(i + 7));
        for (int j = 0; j < 400; ++j)
            cv::circle(photo, {rng.uniform(0, 1280), rng.uniform(0, 960)}, rng.uniform(3, 30),
                       cv::Scalar(rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255)),
                       cv::FILLED);
        cv::imwrite(
            (folder / "set" / "photos" / ("zz-other-" + std::to_string(i) + ".jpg")).string(),
            photo);
    }
    CaptureInputs inputs = inputs_for(folder);
    inputs.rig_file.clear();
    inputs.scale_board_file = folder / "set" / "rig.json";
    const CaptureResult result = run_capture(inputs);

    CHECK(result.photos_found == 19);
    CHECK(result.photos_used == 16);
    REQUIRE(result.unregistered.size() == 3);
    CHECK(result.unregistered[0].filename() == "zz-other-0.jpg");
    CHECK(result.metric);
    CHECK(result.sparse_points > 1000);
    CHECK(result.mean_reprojection_px < 1.0);
    // The bowl, 180 mm across and 75 mm high, with the board cut away under it. Its lowest
    // ~12 mm, seen only obliquely and beside the high-contrast board, comes out open (a known
    // weakness of the depth maps; docs/capture-pipeline.md), so the height is a guard.
    CHECK(result.size_mm[2] > 60.0);
    CHECK(result.size_mm[2] < 80.0);
    CHECK(std::max(result.size_mm[0], result.size_mm[1]) == Approx(180.0).margin(8.0));
    const exhibit::PackageReadResult package = exhibit::read_package(inputs.package_folder);
    CHECK(test::formatted_errors(package.problems).empty());
    REQUIRE(package.package.artifacts.size() == 1);
    REQUIRE(package.package.artifacts[0].capture.has_value());
    CHECK(package.package.artifacts[0].capture->method == "handheld-sfm");
    CHECK_FALSE(package.package.artifacts[0].dimensions.approximate);
    const std::string report = test::read_text(result.artifact_folder / "capture" / "report.md");
    CHECK_THAT(report, Catch::Contains("| zz-other-1.jpg | structure from motion could not place "
                                       "it among the other photos"));
    const std::string validate = std::string(HERITAGE_NODE) + " " + HERITAGE_GLTF_VALIDATOR + " '" +
                                 (result.artifact_folder / "model.glb").string() + "'";
    CHECK(std::system(validate.c_str()) == 0);
}
