// viewer/ui/ui_text.h: the interface's own words (buttons, labels), per language, loaded from
// assets/ui/strings.json. A language is added there as data; a missing word falls back along
// the exhibit's fallback order, then shows its key so the gap is visible.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace heritage::viewer {

struct UiText {
    std::map<std::string, std::map<std::string, std::string>> by_language;  // tag -> key -> text
};

// Throws heritage::Error naming the file and the problem.
UiText load_ui_text(const std::filesystem::path& file);

// The text of `key` in `language`, else along `fallback_order`, else the key itself.
const std::string& ui_word(const UiText& text, std::string_view language,
                           const std::vector<std::string>& fallback_order, const std::string& key);

// `pattern` with each "{name}" replaced by its value: fill("{n} phút", {{"n", "45"}}).
std::string fill(std::string_view pattern,
                 const std::vector<std::pair<std::string, std::string>>& values);

}  // namespace heritage::viewer
