#include "exhibit/exhibit.h"

#include <algorithm>

namespace heritage::exhibit {

std::string_view to_string(SchoolLevel level) {
    switch (level) {
        case SchoolLevel::Preschool:
            return "preschool";
        case SchoolLevel::Primary:
            return "primary";
        case SchoolLevel::LowerSecondary:
            return "lower_secondary";
        case SchoolLevel::UpperSecondary:
            return "upper_secondary";
    }
    return "?";
}

std::optional<SchoolLevel> parse_school_level(std::string_view name) {
    for (SchoolLevel level : kSchoolLevels) {
        if (to_string(level) == name)
            return level;
    }
    return std::nullopt;
}

const Artifact* find_artifact(const Package& package, std::string_view id) {
    const auto found = std::find_if(package.artifacts.begin(), package.artifacts.end(),
                                    [&](const Artifact& artifact) { return artifact.id == id; });
    return found == package.artifacts.end() ? nullptr : &*found;
}

const EthnicGroup* find_ethnic_group(const Exhibit& exhibit, std::string_view id) {
    const auto found = std::find_if(exhibit.ethnic_groups.begin(), exhibit.ethnic_groups.end(),
                                    [&](const EthnicGroup& group) { return group.id == id; });
    return found == exhibit.ethnic_groups.end() ? nullptr : &*found;
}

const Annotation* find_annotation(const Artifact& artifact, std::string_view id) {
    const auto found =
        std::find_if(artifact.annotations.begin(), artifact.annotations.end(),
                     [&](const Annotation& annotation) { return annotation.id == id; });
    return found == artifact.annotations.end() ? nullptr : &*found;
}

const std::string& resolve_text(const LocalizedText& text, std::string_view language,
                                const std::vector<std::string>& fallback_order) {
    static const std::string kEmpty;
    if (const auto found = text.by_language.find(std::string(language));
        found != text.by_language.end()) {
        return found->second;
    }
    for (const std::string& fallback : fallback_order) {
        if (const auto found = text.by_language.find(fallback); found != text.by_language.end()) {
            return found->second;
        }
    }
    return text.by_language.empty() ? kEmpty : text.by_language.begin()->second;
}

}  // namespace heritage::exhibit
