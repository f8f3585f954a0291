// The package stage and the work folder: an artifact goes into a package whole or not at all;
// cached results come back as they were saved.
#include <catch2/catch.hpp>

#include <filesystem>

#include "capture/capture_report.h"
#include "capture/package_artifact.h"
#include "capture/stage_cache.h"
#include "exhibit/error.h"
#include "exhibit/package_read.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using namespace heritage;
using namespace heritage::capture;
using namespace heritage::test;

namespace {

ArtifactFiles some_files() {
    const fs::path model = test_data_dir() / "minimal-exhibit/artifacts/trong-dong/model.glb";
    const fs::path thumbnail =
        test_data_dir() / "minimal-exhibit/artifacts/trong-dong/thumbnail.png";
    ArtifactFiles files;
    files.model_glb = read_text(model);
    files.model_triangles = 100;
    files.light_glb = files.model_glb;
    files.light_triangles = 50;
    files.thumbnail_png = read_text(thumbnail);
    files.extra_files = {{"capture/report.md", "# Capture report\n"}};
    return files;
}

}  // namespace

TEST_CASE("a capture makes a new package that validates") {
    const fs::path package = make_temp_dir("new-package") / "may-2026";
    exhibit::Artifact artifact = read_artifact_metadata({}, "binh-gom");
    artifact.dimensions.height_mm = 120.0;
    const fs::path folder = write_artifact_to_package(package, artifact, some_files());

    CHECK(folder == package / "artifacts" / "binh-gom");
    CHECK(fs::exists(folder / "model.glb"));
    CHECK(fs::exists(folder / "model-light.glb"));
    CHECK(fs::exists(folder / "capture" / "report.md"));
    CHECK_FALSE(fs::exists(package / ".capture-staging"));

    const exhibit::PackageReadResult read = exhibit::read_package(package);
    INFO(formatted(read.problems).size());
    CHECK(formatted_errors(read.problems).empty());
    REQUIRE(read.package.artifacts.size() == 1);
    const exhibit::Artifact& saved = read.package.artifacts.front();
    CHECK(saved.model.file == "model.glb");
    REQUIRE(saved.model.derivatives.size() == 2);
    CHECK(saved.model.derivatives[1].file == "model-light.glb");
    CHECK(saved.model.derivatives[1].face_count == 50);
    CHECK(saved.dimensions.height_mm == 120.0);
    REQUIRE(read.package.exhibit.sections.size() == 1);
    CHECK(read.package.exhibit.sections[0].artifacts == std::vector<std::string>{"binh-gom"});
}

TEST_CASE("a second capture of the same id replaces the first and is listed once") {
    const fs::path package = copy_fixture("minimal-exhibit", "replace");
    exhibit::Artifact artifact = read_artifact_metadata({}, "trong-dong", package);
    CHECK(artifact.title.by_language.at("vi") == "Trống đồng Gia Phú");  // the curator's text
    ArtifactFiles files = some_files();
    files.extra_files = {{"capture/report.md", "second\n"}};
    write_artifact_to_package(package, artifact, files);

    CHECK(read_text(package / "artifacts/trong-dong/capture/report.md") == "second\n");
    const exhibit::PackageReadResult read = exhibit::read_package(package);
    CHECK(formatted_errors(read.problems).empty());
    int listed = 0;
    for (const auto& section : read.package.exhibit.sections)
        listed += static_cast<int>(
            std::count(section.artifacts.begin(), section.artifacts.end(), "trong-dong"));
    CHECK(listed == 1);
}

TEST_CASE("a failed package write leaves the earlier artifact as it was") {
    const fs::path package = copy_fixture("minimal-exhibit", "failed-write");
    const std::string before = read_text(package / "artifacts/trong-dong/artifact.json");
    write_text(package / ".capture-staging", "a file where the staging folder goes");
    exhibit::Artifact artifact = read_artifact_metadata({}, "trong-dong");
    CHECK_THROWS_AS(write_artifact_to_package(package, artifact, some_files()), Error);
    CHECK(read_text(package / "artifacts/trong-dong/artifact.json") == before);
}

TEST_CASE("metadata with mistakes is refused with every problem listed") {
    const fs::path folder = make_temp_dir("metadata");
    write_text(folder / "meta.json", R"({"title": {"vi": "Bình gốm"}, "category": 5})");
    try {
        read_artifact_metadata(folder / "meta.json", "binh-gom");
        FAIL("no error");
    } catch (const Error& error) {
        const std::string message = error.what();
        CHECK(message.rfind((folder / "meta.json").string() +
                                ": the metadata has problems; fix them and run again (the "
                                "cached stages are kept):\n",
                            0) == 0);
        CHECK(message.find("/category") != std::string::npos);
    }
    write_text(folder / "broken.json", "{\"title\": ");
    CHECK_THROWS_WITH(read_artifact_metadata(folder / "broken.json", "binh-gom"),
                      Catch::StartsWith((folder / "broken.json").string() + ": not valid JSON ("));
}

TEST_CASE("metadata fields override the defaults; the capture keeps its own files") {
    const fs::path folder = make_temp_dir("metadata-ok");
    write_text(folder / "meta.json",
               R"({"title": {"vi": "Bình gốm", "en": "Clay jar"}, "model": {"file": "x.obj"}})");
    const exhibit::Artifact artifact = read_artifact_metadata(folder / "meta.json", "binh-gom");
    CHECK(artifact.title.by_language.at("vi") == "Bình gốm");
    CHECK(artifact.model.file == "model.glb");
    CHECK(artifact.id == "binh-gom");
}

TEST_CASE("the work folder gives back what each stage saved") {
    const StageCache cache(make_temp_dir("cache"));
    CHECK_FALSE(cache.is_valid("dense", "abc"));
    cache.mark_valid("dense", "abc");
    CHECK(cache.is_valid("dense", "abc"));
    CHECK_FALSE(cache.is_valid("dense", "abd"));

    VolumeGrid volume;
    volume.origin_mm = {1, 2, 3};
    volume.voxel_mm = 0.5;
    volume.nx = 2, volume.ny = 3, volume.nz = 4;
    for (int i = 0; i < 24; ++i)
        volume.distance_mm.push_back(static_cast<float>(i) - 10.0f);
    cache.save(volume);
    const VolumeGrid loaded = cache.load_volume();
    CHECK(loaded.origin_mm == volume.origin_mm);
    CHECK(loaded.nz == 4);
    CHECK(loaded.distance_mm == volume.distance_mm);

    Mesh mesh;
    mesh.positions_mm = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}};
    mesh.normals = {{0, 0, 1}, {0, 0, 1}, {0, 0, 1}};
    mesh.uvs = {{0, 0}, {1, 0}, {0, 1}};
    mesh.indices = {0, 1, 2};
    mesh.atlas = cv::Mat(4, 4, CV_8UC3, cv::Scalar(10, 20, 30));
    cache.save(mesh, "textured");
    const Mesh back = cache.load_mesh("textured");
    CHECK(back.positions_mm == mesh.positions_mm);
    CHECK(back.uvs == mesh.uvs);
    CHECK(back.indices == mesh.indices);
    CHECK(cv::norm(back.atlas, mesh.atlas, cv::NORM_INF) == 0);

    write_text(cache.path("volume.bin"), "HMSH");
    CHECK_THROWS_WITH(cache.load_volume(),
                      cache.path("volume.bin").string() +
                          ": not a volume file; delete the work folder and run again");
    write_text(cache.path("volume.bin"), "HVOL");
    CHECK_THROWS_WITH(cache.load_volume(),
                      cache.path("volume.bin").string() +
                          ": cached file is truncated; delete the work folder and run again");
}

TEST_CASE("keys change with any part and with the parts' order") {
    CHECK(make_key({"a", "b"}) != make_key({"b", "a"}));
    CHECK(make_key({"ab", "c"}) != make_key({"a", "bc"}));
    CHECK(make_key({"a", "b"}) == make_key({"a", "b"}));
    CHECK(make_key({"x"}).size() == 16);
}

TEST_CASE("the report lists the photos to retake and draws the cameras") {
    CameraSet cameras;
    cameras.method = "turntable-charuco";
    cameras.reprojection_rms_px = 0.4;
    for (int i = 0; i < 12; ++i) {
        CameraView view;
        view.photo_file = "IMG_" + std::to_string(i) + ".jpg";
        view.intrinsics = {2000, 1500, 1800, 1800, 1000, 750, {}};
        const double angle = i * CV_PI / 6;
        const cv::Vec3d eye(400 * std::cos(angle), 400 * std::sin(angle), 250);
        view.cam_from_world = look_at(eye, {0, 0, 0});
        view.reprojection_rms_px = 0.2 + 0.05 * i;
        view.board_corners = 40;
        cameras.views.push_back(view);
    }
    CaptureResult result;
    result.photos_found = 13;
    result.photos_used = 12;
    result.rejected = {{"IMG_12.jpg", "blurred: sharpness 3.1, 20 % of the set's median",
                        "retake it with the camera steady"}};
    const auto files = make_capture_report({"binh-gom", &cameras, &result, 3.0});
    REQUIRE(files.size() == 3);
    CHECK(files[0].first == "capture/report.md");
    CHECK(files[0].second.find("| IMG_12.jpg | blurred: sharpness 3.1, 20 % of the set's median "
                               "| retake it with the camera steady |") != std::string::npos);
    CHECK(files[0].second.find("| photos | 12 used of 13 found |") != std::string::npos);
    const cv::Mat plot = plot_camera_positions(cameras);
    // Twelve camera dots (blue) in the top view.
    cv::Mat blue;
    cv::inRange(plot, cv::Scalar(170, 100, 20), cv::Scalar(190, 120, 40), blue);
    CHECK(cv::countNonZero(blue(cv::Rect(0, 0, 460, 460))) > 12 * 20);
}
