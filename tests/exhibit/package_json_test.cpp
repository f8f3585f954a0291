#include "exhibit/package_json.h"

#include <catch2/catch.hpp>

#include "tests/support/test_support.h"

using namespace heritage::exhibit;
namespace test = heritage::test;

namespace {

const std::string kArtifactFile = "artifacts/trong-dong/artifact.json";

std::string fixture_text(const std::string& relative) {
    return test::read_text(test::test_data_dir() / "minimal-exhibit" / relative);
}

}  // namespace

TEST_CASE("the fixture's files come back byte for byte", "[json][issue-2]") {
    // The fixture is stored in the canonical form (sorted keys, two spaces, NFC), so a
    // read-write round trip must reproduce every byte.
    std::vector<Problem> problems;
    const auto exhibit = parse_exhibit_json(fixture_text("exhibit.json"), "exhibit.json", problems);
    const auto artifact = parse_artifact_json(fixture_text(kArtifactFile), kArtifactFile, problems);
    const auto tour = parse_tour_json(fixture_text("tours/tieu-hoc-lop-4.json"), "t", problems);
    REQUIRE(exhibit);
    REQUIRE(artifact);
    REQUIRE(tour);
    CHECK(problems.empty());
    CHECK(to_json(*exhibit) == fixture_text("exhibit.json"));
    CHECK(to_json(*artifact) == fixture_text(kArtifactFile));
    CHECK(to_json(*tour) == fixture_text("tours/tieu-hoc-lop-4.json"));
}

TEST_CASE("fields of a newer version survive a load-save round trip", "[json][issue-2]") {
    std::string text = fixture_text(kArtifactFile);
    // One unknown member at the top, one deep inside an annotation.
    text.replace(text.find("\"accession_number\""), 0,
                 "\"x_conservation\": {\"humidity_pct\": [45, 55], \"note\": \"Giữ khô\"},\n  ");
    text.replace(text.find("\"normal\""), 0, "\"x_audio\": \"ngoi-sao.ogg\",\n      ");

    std::vector<Problem> problems;
    const auto artifact = parse_artifact_json(text, kArtifactFile, problems);
    REQUIRE(artifact);
    CHECK(test::formatted(problems) ==
          std::vector<std::string>{
              kArtifactFile + ": /annotations/0/x_audio: warning: unknown field \"x_audio\" is "
                              "kept as it is; check its spelling if it should be one of this "
                              "format's fields",
              kArtifactFile + ": /x_conservation: warning: unknown field \"x_conservation\" is "
                              "kept as it is; check its spelling if it should be one of this "
                              "format's fields"});

    const std::string saved = to_json(*artifact);
    CHECK(saved.find("\"x_conservation\": {\n    \"humidity_pct\": [\n      45,\n      55\n    "
                     "],\n    \"note\": \"Giữ khô\"\n  }") != std::string::npos);
    CHECK(saved.find("\"x_audio\": \"ngoi-sao.ogg\"") != std::string::npos);

    // And a second round trip is stable.
    std::vector<Problem> again;
    CHECK(to_json(*parse_artifact_json(saved, kArtifactFile, again)) == saved);
}

TEST_CASE("decomposed text is read as NFC and saved as NFC", "[json][issue-2]") {
    std::string text = fixture_text("exhibit.json");
    const std::string nfc = "\"Di sản Lào Cai (gói thử nghiệm)\"";
    const std::string decomposed =
        "\"Di sa\xCC\x89n La\xCC\x80o Cai (go\xCC\x81i thu\xCC\x9B\xCC\x89 "
        "nghie\xCC\xA3\xCC\x82m)\"";
    text.replace(text.find(nfc), nfc.size(), decomposed);

    std::vector<Problem> problems;
    const auto exhibit = parse_exhibit_json(text, "exhibit.json", problems);
    REQUIRE(exhibit);
    CHECK(test::formatted(problems) ==
          std::vector<std::string>{"exhibit.json: /title/vi: warning: text is not in Unicode NFC "
                                   "form (decomposed diacritics); it is read as NFC, and saving "
                                   "the package stores it so"});
    CHECK(exhibit->title.by_language.at("vi") == "Di sản Lào Cai (gói thử nghiệm)");
    CHECK(to_json(*exhibit) == fixture_text("exhibit.json"));
}

TEST_CASE("malformed JSON is reported with line and column", "[json][issue-2]") {
    std::vector<Problem> problems;
    CHECK_FALSE(
        parse_tour_json("{\n  \"id\": \"a\",\n  \"title\" {}\n}", "tours/a.json", problems));
    CHECK(test::formatted(problems) ==
          std::vector<std::string>{
              "tours/a.json: malformed JSON at line 3, column 11: syntax error while parsing "
              "object separator - unexpected '{'; expected ':'; fix the syntax (often a missing "
              "comma, quote or bracket)"});
}

TEST_CASE("a file that is not an object is refused", "[json][issue-2]") {
    std::vector<Problem> problems;
    CHECK_FALSE(parse_exhibit_json("[1, 2]", "exhibit.json", problems));
    CHECK(test::formatted(problems) ==
          std::vector<std::string>{"exhibit.json: wrong type: expected an object at the top "
                                   "level, got an array; see docs/exhibit-format.md"});
}
