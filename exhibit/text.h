// exhibit/text.h: UTF-8 and Unicode helpers (through utf8proc): validity, NFC, search folding,
// and BCP-47 language tags.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace heritage::exhibit {

// The byte offset of the first ill-formed UTF-8 sequence, or nullopt when `bytes` is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view bytes);

// `text` in Unicode Normalization Form C. Precondition: `text` is valid UTF-8.
std::string to_nfc(std::string_view text);
bool is_nfc(std::string_view text);

// Lower-case, without diacritics, "đ" as "d": what search compares, so that "trong dong"
// finds "Trống đồng". Precondition: `text` is valid UTF-8.
std::string fold_for_search(std::string_view text);

// 1-based line and column (in characters) of a byte offset into UTF-8 text.
struct TextPosition {
    int line = 1;
    int column = 1;
};
TextPosition text_position(std::string_view text, std::size_t byte_offset);

// A well-formed BCP-47 tag as this format uses them: a 2-3 letter lower-case language, then
// optional subtags ("vi", "en", "hnj", "zh-Hans", "vi-VN").
bool is_language_tag(std::string_view tag);

// An id as packages use them: 1-64 characters of [a-z0-9-], not starting or ending with '-'.
bool is_valid_id(std::string_view id);

}  // namespace heritage::exhibit
