#include "viewer/ui/ui_text.h"

#include <nlohmann/json.hpp>

#include "exhibit/error.h"
#include "exhibit/files.h"

namespace heritage::viewer {

UiText load_ui_text(const std::filesystem::path& file) {
    UiText text;
    try {
        const nlohmann::json document = nlohmann::json::parse(read_file(file));
        for (const auto& [language, words] : document.items()) {
            for (const auto& [key, value] : words.items()) {
                text.by_language[language][key] = value.get<std::string>();
            }
        }
    } catch (const nlohmann::json::exception& error) {
        throw Error(file.string() + ": the interface text cannot be read (" + error.what() +
                    "); restore the file from the installation");
    }
    return text;
}

const std::string& ui_word(const UiText& text, std::string_view language,
                           const std::vector<std::string>& fallback_order, const std::string& key) {
    auto find_in = [&](std::string_view tag) -> const std::string* {
        const auto words = text.by_language.find(std::string(tag));
        if (words == text.by_language.end())
            return nullptr;
        const auto word = words->second.find(key);
        return word == words->second.end() ? nullptr : &word->second;
    };
    if (const std::string* word = find_in(language))
        return *word;
    for (const std::string& tag : fallback_order) {
        if (const std::string* word = find_in(tag))
            return *word;
    }
    if (const std::string* word = find_in("en"))
        return *word;
    return key;
}

std::string fill(std::string_view pattern,
                 const std::vector<std::pair<std::string, std::string>>& values) {
    std::string out(pattern);
    for (const auto& [name, value] : values) {
        const std::string placeholder = "{" + name + "}";
        for (std::size_t at = out.find(placeholder); at != std::string::npos;
             at = out.find(placeholder, at + value.size())) {
            out.replace(at, placeholder.size(), value);
        }
    }
    return out;
}

}  // namespace heritage::viewer
