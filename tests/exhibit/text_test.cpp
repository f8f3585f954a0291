#include "exhibit/text.h"

#include <catch2/catch.hpp>

using namespace heritage::exhibit;

TEST_CASE("invalid UTF-8 is found at its byte offset", "[text][issue-2]") {
    CHECK_FALSE(find_invalid_utf8("Trống đồng Gia Phú").has_value());
    CHECK(find_invalid_utf8("ab\xC3").value() == 2);         // truncated sequence
    CHECK(find_invalid_utf8("ok \xFF rest").value() == 3);   // never valid
    CHECK(find_invalid_utf8("x\xED\xA0\x80").value() == 1);  // a UTF-16 surrogate
}

TEST_CASE("text is normalized to NFC", "[text][issue-2]") {
    const std::string decomposed = "Tro\xCC\x82\xCC\x81ng";  // "Trống" as o + circumflex + acute
    CHECK_FALSE(is_nfc(decomposed));
    CHECK(to_nfc(decomposed) == "Trống");
    CHECK(is_nfc("Trống đồng"));
}

TEST_CASE("search folding ignores diacritics, case and the bar of đ", "[text]") {
    CHECK(fold_for_search("Trống Đồng Gia Phú") == "trong dong gia phu");
    CHECK(fold_for_search("KHÈN MÔNG") == "khen mong");
    CHECK(fold_for_search("Tro\xCC\x82\xCC\x81ng") == "trong");  // decomposed input too
}

TEST_CASE("text positions count lines and characters", "[text]") {
    const std::string text = "{\n  \"tên\": x\n}";
    const TextPosition at = text_position(text, text.find('x'));
    CHECK(at.line == 2);
    CHECK(at.column == 10);  // "ê" is one character, two bytes
}

TEST_CASE("language tags and ids", "[text][issue-2]") {
    CHECK(is_language_tag("vi"));
    CHECK(is_language_tag("hnj"));
    CHECK(is_language_tag("zh-Hans"));
    CHECK(is_language_tag("vi-VN"));
    CHECK_FALSE(is_language_tag("VI"));
    CHECK_FALSE(is_language_tag("vietnamese"));
    CHECK_FALSE(is_language_tag("vi_VN"));
    CHECK_FALSE(is_language_tag(""));

    CHECK(is_valid_id("trong-dong-gia-phu"));
    CHECK(is_valid_id("a1"));
    CHECK_FALSE(is_valid_id("Trong_Dong"));
    CHECK_FALSE(is_valid_id("trống"));
    CHECK_FALSE(is_valid_id("-lead"));
    CHECK_FALSE(is_valid_id("a b"));
    CHECK_FALSE(is_valid_id(std::string(65, 'a')));
}
