#include "viewer/ui/ui_text.h"

#include <catch2/catch.hpp>

#include "exhibit/error.h"
#include "tests/support/test_support.h"

using namespace heritage::viewer;

TEST_CASE("interface words fall back along the exhibit's order, then show the key", "[ui-text]") {
    const UiText text = load_ui_text(HERITAGE_UI_STRINGS);
    CHECK(ui_word(text, "vi", {"vi", "en"}, "level.primary") == "Tiểu học");
    CHECK(ui_word(text, "en", {"vi", "en"}, "level.primary") == "Primary");
    // A language added to a package but not (yet) to the interface falls back to Vietnamese.
    CHECK(ui_word(text, "hnj", {"vi", "en"}, "level.primary") == "Tiểu học");
    CHECK(ui_word(text, "vi", {"vi", "en"}, "no.such.key") == "no.such.key");
}

TEST_CASE("every interface word exists in Vietnamese and English", "[ui-text]") {
    const UiText text = load_ui_text(HERITAGE_UI_STRINGS);
    REQUIRE(text.by_language.count("vi") == 1);
    REQUIRE(text.by_language.count("en") == 1);
    for (const auto& [key, value] : text.by_language.at("vi")) {
        INFO(key);
        CHECK(text.by_language.at("en").count(key) == 1);
        CHECK_FALSE(value.empty());
    }
    CHECK(text.by_language.at("vi").size() == text.by_language.at("en").size());
}

TEST_CASE("placeholders are filled", "[ui-text]") {
    CHECK(fill("{n} phút", {{"n", "45"}}) == "45 phút");
    CHECK(fill("Khoảng cách: {mm} mm ({mm})", {{"mm", "12"}}) == "Khoảng cách: 12 mm (12)");
}

TEST_CASE("a broken strings file says so", "[ui-text]") {
    const auto folder = heritage::test::make_temp_dir("ui-text");
    heritage::test::write_text(folder / "strings.json", "{\"vi\": {\"a\": 1}}");
    try {
        load_ui_text(folder / "strings.json");
        FAIL("should have thrown");
    } catch (const heritage::Error& error) {
        CHECK(
            std::string(error.what())
                .rfind((folder / "strings.json").string() + ": the interface text cannot be read (",
                       0) == 0);
    }
}
