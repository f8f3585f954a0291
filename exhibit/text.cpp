#include "exhibit/text.h"

#include <utf8proc.h>

#include <cassert>
#include <cstdlib>
#include <memory>

namespace heritage::exhibit {
namespace {

// Runs utf8proc_map with `options`; utf8proc allocates the result with malloc.
std::string map_utf8(std::string_view text, int options) {
    utf8proc_uint8_t* mapped = nullptr;
    const utf8proc_ssize_t length =
        utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                     static_cast<utf8proc_ssize_t>(text.size()), &mapped,
                     static_cast<utf8proc_option_t>(options));
    assert(length >= 0 && "map_utf8: text must be valid UTF-8");
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
    if (length < 0)
        return std::string();
    return std::string(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(length));
}

bool is_lower_alpha(char c) {
    return c >= 'a' && c <= 'z';
}
bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

std::optional<std::size_t> find_invalid_utf8(std::string_view bytes) {
    std::size_t offset = 0;
    while (offset < bytes.size()) {
        utf8proc_int32_t code_point = 0;
        const utf8proc_ssize_t length =
            utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(bytes.data() + offset),
                             static_cast<utf8proc_ssize_t>(bytes.size() - offset), &code_point);
        if (length <= 0 || code_point < 0)
            return offset;
        offset += static_cast<std::size_t>(length);
    }
    return std::nullopt;
}

std::string to_nfc(std::string_view text) {
    return map_utf8(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

bool is_nfc(std::string_view text) {
    return to_nfc(text) == text;
}

std::string fold_for_search(std::string_view text) {
    // Decompose, drop the combining marks, fold case; "đ"/"Đ" have no decomposition, so map
    // them by hand afterwards (U+0111 is "\xC4\x91").
    std::string folded = map_utf8(
        text, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
    std::string out;
    out.reserve(folded.size());
    for (std::size_t i = 0; i < folded.size(); ++i) {
        if (folded[i] == '\xC4' && i + 1 < folded.size() && folded[i + 1] == '\x91') {
            out += 'd';
            ++i;
        } else {
            out += folded[i];
        }
    }
    return out;
}

TextPosition text_position(std::string_view text, std::size_t byte_offset) {
    TextPosition position;
    const std::size_t end = byte_offset < text.size() ? byte_offset : text.size();
    for (std::size_t i = 0; i < end; ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++position.line;
            position.column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++position.column;  // count characters, not continuation bytes
        }
    }
    return position;
}

bool is_language_tag(std::string_view tag) {
    // language: 2-3 lower-case letters
    std::size_t i = 0;
    while (i < tag.size() && is_lower_alpha(tag[i]))
        ++i;
    if (i < 2 || i > 3)
        return false;
    // subtags: "-" then 2-8 letters or digits
    while (i < tag.size()) {
        if (tag[i] != '-')
            return false;
        std::size_t start = ++i;
        while (i < tag.size() && is_alnum(tag[i]))
            ++i;
        if (i - start < 2 || i - start > 8)
            return false;
    }
    return true;
}

bool is_valid_id(std::string_view id) {
    if (id.empty() || id.size() > 64 || id.front() == '-' || id.back() == '-')
        return false;
    for (char c : id) {
        if (!(is_lower_alpha(c) || (c >= '0' && c <= '9') || c == '-'))
            return false;
    }
    return true;
}

}  // namespace heritage::exhibit
