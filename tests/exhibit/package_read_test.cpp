// Every bad input the foundation issue names, each with its exact message.
#include "exhibit/package_read.h"

#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/support/test_support.h"

using namespace heritage::exhibit;
namespace fs = std::filesystem;
namespace test = heritage::test;

namespace {

using Lines = std::vector<std::string>;

const std::string kDrum = "artifacts/trong-dong/artifact.json";
const std::string kKhen = "artifacts/khen-mong/artifact.json";
const std::string kTour = "tours/tieu-hoc-lop-4.json";

fs::path fresh_fixture() {
    return test::copy_fixture("minimal-exhibit", "package");
}

Lines errors_of(const fs::path& root, const ReadOptions& options = {}) {
    const PackageReadResult result = read_package(root, options);
    CHECK_FALSE(result.valid());
    return test::formatted_errors(result.problems);
}

}  // namespace

TEST_CASE("the minimal fixture is valid, with no warning", "[read][issue-2]") {
    const PackageReadResult result = read_package(test::test_data_dir() / "minimal-exhibit");
    CHECK(test::formatted(result.problems) == Lines{});
    CHECK(result.valid());
    REQUIRE(result.package.artifacts.size() == 2);
    CHECK(result.package.artifacts[0].id == "khen-mong");  // sorted by id
    CHECK(result.package.tours.size() == 1);
    CHECK(result.package.artifacts[1].dimensions.diameter_mm == 630.0);
}

TEST_CASE("malformed JSON names line and column", "[read][issue-2]") {
    const fs::path root = fresh_fixture();
    test::replace_in_file(root / kTour, "\"grade\": 4,", "\"grade\": 4");
    CHECK(errors_of(root) ==
          Lines{"tours/tieu-hoc-lop-4.json: malformed JSON at line 16, column 6: syntax error "
                "while parsing object - unexpected string literal; expected '}'; fix the syntax "
                "(often a missing comma, quote or bracket)"});
}

TEST_CASE("a missing required field is named", "[read][issue-2]") {
    const fs::path root = fresh_fixture();
    test::replace_in_file(root / kDrum, "\"accession_number\": \"TEST-0001\",", "");
    test::replace_in_file(root / kKhen, "\"category\": \"instrument\",", "");
    CHECK(errors_of(root) ==
          Lines{kKhen + ": /category: missing required field \"category\"; add it (see "
                        "docs/exhibit-format.md)",
                kDrum + ": /accession_number: missing required field \"accession_number\"; add "
                        "it (see docs/exhibit-format.md)"});
}

TEST_CASE("a wrong type is named with what was expected", "[read][issue-2]") {
    const fs::path root = fresh_fixture();
    test::replace_in_file(root / kDrum, "\"height_mm\": 380,", "\"height_mm\": \"38 cm\",");
    test::replace_in_file(root / kTour,
                          "\"narration\": {\n        \"en\": \"This is the Hmong khèn.\",\n        "
                          "\"vi\": \"Đây là khèn Mông.\"\n      },",
                          "\"narration\": \"Đây là khèn Mông.\",");
    CHECK(errors_of(root) ==
          Lines{kDrum + ": /dimensions/height_mm: wrong type: expected a number, got a string; "
                        "see docs/exhibit-format.md",
                kTour + ": /steps/1/narration: wrong type: expected an object of language tag "
                        "to text, like {\"vi\": \"…\", \"en\": \"…\"}, got a string; see "
                        "docs/exhibit-format.md"});
}

TEST_CASE("an unknown school level lists the known ones", "[read][issue-2]") {
    const fs::path root = fresh_fixture();
    test::replace_in_file(root / kTour, "\"level\": \"primary\"", "\"level\": \"grade-4\"");
    test::replace_in_file(root / kDrum, "\"preschool\",\n        \"primary\"",
                          "\"preschool\",\n        \"tieu-hoc\"");
    CHECK(errors_of(root) ==
          Lines{kDrum + ": /annotations/1/levels/1: unknown school level \"tieu-hoc\"; use one of "
                        "preschool, primary, lower_secondary, upper_secondary",
                kTour + ": /level: unknown school level \"grade-4\"; use one of preschool, "
                        "primary, lower_secondary, upper_secondary"});
}

TEST_CASE("duplicate ids are refused", "[read][issue-2]") {
    const fs::path root = fresh_fixture();
    test::replace_in_file(root / kDrum, "\"id\": \"quai\"", "\"id\": \"ngoi-sao\"");
    test::replace_in_file(root / "exhibit.json", "\"id\": \"am-nhac\"", "\"id\": \"dong-son\"");
    CHECK(errors_of(root) ==
          Lines{kDrum + ": /annotations/1/id: duplicate annotation id \"ngoi-sao\"; give each "
                        "annotation its own id",
                "exhibit.json: /sections/1/id: duplicate section id \"dong-son\"; give each "
                "section its own id"});
}

TEST_CASE("dangling references are refused", "[read][issue-2]") {
    const fs::path root = fresh_fixture();
    test::replace_in_file(root / "exhibit.json", "\"khen-mong\"\n      ]",
                          "\"khen-mong\",\n        \"ao-dao-do\"\n      ]");
    test::replace_in_file(root / kTour, "\"annotation\": \"ong-truc\"",
                          "\"annotation\": \"luoi-ga\"");
    test::replace_in_file(root / kTour, "\"artifact\": \"trong-dong\"",
                          "\"artifact\": \"trong-dong-pha-long\"");
    const Lines errors = errors_of(root);
    CHECK(errors ==
          Lines{"exhibit.json: /sections/1/artifacts/1: artifact \"ao-dao-do\" does not exist (no "
                "artifacts/ao-dao-do/artifact.json); add the artifact or remove the id",
                kTour + ": /steps/0/artifact: artifact \"trong-dong-pha-long\" does not exist; use "
                        "the id of an artifact in artifacts/",
                kTour + ": /steps/1/annotation: annotation \"luoi-ga\" does not exist in artifact "
                        "\"khen-mong\"; use one of its annotation ids"});
}

TEST_CASE("paths that escape the package are refused", "[read][issue-2]") {
    const fs::path root = fresh_fixture();
    test::replace_in_file(root / kDrum, "\"file\": \"model.glb\",\n    \"illustrative\"",
                          "\"file\": \"../../../secret.glb\",\n    \"illustrative\"");
    test::replace_in_file(root / kKhen, "\"file\": \"model.glb\"", "\"file\": \"/etc/passwd\"");
    // A symlink inside the artifact's folder that points out of the package.
    fs::create_symlink("/etc/hostname", root / "artifacts/khen-mong/outside.png");
    test::replace_in_file(root / kKhen, "\"thumbnail\": \"thumbnail.png\"",
                          "\"thumbnail\": \"outside.png\"");
    CHECK(errors_of(root) ==
          Lines{kKhen + ": /model/file: \"/etc/passwd\" is not allowed: the path is absolute; name "
                        "a file inside the package folder",
                kKhen + ": /thumbnail: \"outside.png\" is not allowed: the path leads out of the "
                        "package (through a symbolic link); name a file inside the package folder",
                kDrum + ": /model/file: \"../../../secret.glb\" is not allowed: the path contains "
                        "\"..\"; name a file inside the package folder"});
}

TEST_CASE("an artifact folder that is a symlink out of the package is refused", "[read][issue-2]") {
    const fs::path root = fresh_fixture();
    const fs::path outside = test::make_temp_dir("outside");
    fs::rename(root / "artifacts/khen-mong", outside / "khen-mong");
    fs::create_directory_symlink(outside / "khen-mong", root / "artifacts/khen-mong");
    const Lines errors = errors_of(root);
    REQUIRE_FALSE(errors.empty());
    CHECK(errors[0] ==
          "artifacts/khen-mong: the folder is not allowed: the path leads out of the "
          "package (through a symbolic link); copy the artifact into the package");
}

TEST_CASE("a missing or unreadable model file is refused", "[read][issue-2]") {
    const fs::path root = fresh_fixture();
    fs::remove(root / "artifacts/khen-mong/model.glb");
    // A truncated .glb: the header promises more bytes than the file has.
    const std::string glb = test::read_text(root / "artifacts/trong-dong/model.glb");
    test::write_text(root / "artifacts/trong-dong/model.glb", glb.substr(0, 100));
    CHECK(errors_of(root) ==
          Lines{kKhen + ": /model/file: model file \"model.glb\" does not exist; add the file or "
                        "correct the name",
                kDrum + ": /model/file: model file \"model.glb\" is not a valid glb file: its "
                        "header says 604 bytes but the file has 100 (truncated?); export the model "
                        "again"});

    fs::remove(root / "artifacts/trong-dong/model.glb");
    fs::create_directory(root / "artifacts/trong-dong/model.glb");
    test::write_text(root / "artifacts/khen-mong/model.glb", "not a model at all, just text");
    CHECK(errors_of(root) ==
          Lines{kKhen + ": /model/file: model file \"model.glb\" is not a valid glb file: it does "
                        "not start with \"glTF\"; export the model again",
                kDrum + ": /model/file: model file \"model.glb\" is not a regular file; replace it "
                        "with the file itself"});
}

TEST_CASE("invalid UTF-8 names its position", "[read][issue-2]") {
    const fs::path root = fresh_fixture();
    // "Khèn" in Latin-1, as an old editor would save it.
    test::replace_in_file(root / kKhen, "\"vi\": \"Khèn Mông\"", "\"vi\": \"Kh\xE8n M\xF4ng\"");
    CHECK(errors_of(root) ==
          Lines{kKhen + ": invalid UTF-8 at line 108, column 14 (byte 2108); save the file with "
                        "UTF-8 encoding"});
}

TEST_CASE("an empty folder is not a package", "[read][issue-2]") {
    const fs::path root = test::make_temp_dir("empty");
    CHECK(errors_of(root) ==
          Lines{root.string() + ": the package folder is empty; a package needs exhibit.json and "
                                "an artifacts/ folder (see docs/exhibit-format.md)"});
    CHECK(errors_of(root / "missing") ==
          Lines{(root / "missing").string() + ": the package folder does not exist; give the "
                                              "path of a folder that holds exhibit.json"});
}

TEST_CASE("a file over the size limit is refused", "[read][issue-2]") {
    const fs::path root = fresh_fixture();
    ReadOptions options;
    options.max_json_bytes = 8000;
    options.max_model_bytes = 500;
    CHECK(errors_of(root, options) ==
          Lines{kKhen + ": /model/file: model file \"model.glb\" is 604 bytes, over the limit of "
                        "500 bytes; make it smaller (decimate the model, shrink the image, split "
                        "the text)",
                kDrum + ": the file is 21.2 KiB, over the limit of 7.8 KiB; make it "
                        "smaller (decimate the model, shrink the image, split the text)"});
}

TEST_CASE("ids are restricted to [a-z0-9-]", "[read][issue-2]") {
    const fs::path root = fresh_fixture();
    fs::rename(root / "artifacts/khen-mong", root / "artifacts/Khen_Mong");
    test::replace_in_file(root / "exhibit.json", "\"id\": \"am-nhac\"", "\"id\": \"âm nhạc\"");
    const Lines errors = errors_of(root);
    CHECK(errors[0] ==
          "artifacts/Khen_Mong: folder name \"Khen_Mong\" is not a valid artifact id; "
          "use 1-64 characters a-z, 0-9 and '-'");
    CHECK(errors[1] ==
          "exhibit.json: /sections/1/id: section id \"âm nhạc\" is not valid; use "
          "1-64 characters a-z, 0-9 and '-' (no spaces, capitals or diacritics)");
}

TEST_CASE("lesson plans follow the template of their level", "[read][issue-2]") {
    const fs::path root = fresh_fixture();
    test::replace_in_file(root / kDrum, "\"grade\": 10", "\"grade\": 9");
    test::replace_in_file(root / kDrum, "\"phase\": \"kham_pha\"", "\"phase\": \"luyen_tap\"");
    CHECK(errors_of(root) ==
          Lines{kDrum + ": /lesson_plans/1/activities: the \"cv2345\" template has the phases "
                        "khoi_dong, kham_pha, luyen_tap, van_dung; add an activity for kham_pha",
                kDrum + ": /lesson_plans/3/curriculum/grade: grade 9 is not in level "
                        "\"upper_secondary\" (grades 10-12)"});
}

TEST_CASE("sensitive artifacts stay out of younger levels", "[read][issue-2]") {
    const fs::path root = fresh_fixture();
    test::replace_in_file(
        root / kKhen, "\"community_review\": \"pending\",",
        "\"community_review\": \"pending\",\n    \"min_level\": \"lower_secondary\",");
    CHECK(errors_of(root) ==
          Lines{kTour + ": /steps/1/artifact: artifact \"khen-mong\" is restricted to level "
                        "\"lower_secondary\" and above; this tour is for \"primary\""});
}

TEST_CASE("pejorative exonyms in visitor text are flagged", "[read][issue-2]") {
    const fs::path root = fresh_fixture();
    test::replace_in_file(root / kKhen, "\"vi\": \"Nhạc cụ sáu ống trúc của người Mông.\"",
                          "\"vi\": \"Nhạc cụ của người Mèo, nay gọi là người Mông.\"");
    const PackageReadResult result = read_package(root);
    CHECK(result.valid());
    CHECK(test::formatted(result.problems) ==
          Lines{kKhen + ": /description/vi: warning: the text uses \"Mèo\", an old name the "
                        "community finds offensive; write \"Mông\" instead (or quote it "
                        "explicitly as a historical label)"});
}
