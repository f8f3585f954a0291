#include "viewer/ui/artifact_filter.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "exhibit/text.h"

namespace heritage::viewer {
namespace {

void add_text(std::string& haystack, const exhibit::LocalizedText& text) {
    for (const auto& [tag, value] : text.by_language)
        haystack += " " + value;
}

const exhibit::EthnicGroup* find_group(const exhibit::Package& package, const std::string& id) {
    return exhibit::find_ethnic_group(package.exhibit, id);
}

// Folded for search, with punctuation as spaces and single spaces between words, so that a
// phrase matches however it was typed ("  Pha-Long " finds "Pha Long").
std::string normalize(std::string_view text) {
    const std::string folded = exhibit::fold_for_search(text);
    std::string out;
    bool space = true;
    for (char c : folded) {
        const unsigned char u = static_cast<unsigned char>(c);
        const bool word_char = u >= 0x80 || std::isalnum(u);
        if (word_char) {
            out += c;
            space = false;
        } else if (!space) {
            out += ' ';
            space = true;
        }
    }
    if (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

// What a visitor might type to find `artifact`: its names, peoples, culture, kind, materials
// and number; each field apart (" | "), so a phrase never runs from one into the next. Not the
// long descriptions: their common words ("trong", "dong") would match almost everything.
std::string search_text(const exhibit::Package& package, const exhibit::Artifact& artifact) {
    std::string haystack = artifact.accession_number;
    add_text(haystack, artifact.title);
    add_text(haystack, artifact.culture);
    for (const exhibit::LocalizedText& material : artifact.materials)
        add_text(haystack, material);
    for (const std::string& id : artifact.ethnic_groups) {
        // The group, and for a local group (Pa Dí) its official group (Tày) too.
        for (const exhibit::EthnicGroup* group = find_group(package, id); group;
             group = group->parent.empty() ? nullptr : find_group(package, group->parent)) {
            add_text(haystack, group->name);
            haystack += " | " + group->autonym;
        }
    }
    for (const exhibit::Category& category : package.exhibit.categories) {
        if (category.id == artifact.category)
            add_text(haystack, category.name);
    }
    // Fields stay apart: normalize each "|"-separated part on its own.
    std::string out;
    std::size_t start = 0;
    while (start <= haystack.size()) {
        const std::size_t end = std::min(haystack.find(" | ", start), haystack.size());
        const std::string part = normalize(std::string_view(haystack).substr(start, end - start));
        if (!part.empty())
            out += " " + part + " |";
        start = end + 3;
    }
    return out;
}

bool in_group(const exhibit::Package& package, const exhibit::Artifact& artifact,
              const std::string& wanted) {
    for (const std::string& id : artifact.ethnic_groups) {
        for (const exhibit::EthnicGroup* group = find_group(package, id); group;
             group = group->parent.empty() ? nullptr : find_group(package, group->parent)) {
            if (group->id == wanted)
                return true;
        }
    }
    return false;
}

}  // namespace

bool artifact_matches(const exhibit::Package& package, const exhibit::Artifact& artifact,
                      const ArtifactFilter& filter) {
    if (!filter.ethnic_group.empty() && !in_group(package, artifact, filter.ethnic_group)) {
        return false;
    }
    if (!filter.category.empty() && artifact.category != filter.category)
        return false;
    if (filter.approved_only && artifact.review.status != exhibit::ReviewStatus::Approved) {
        return false;
    }
    if (filter.query.empty())
        return true;
    if (exhibit::find_invalid_utf8(filter.query))
        return false;  // half-typed input
    // The query as a phrase that starts at the beginning of a word of some field.
    const std::string phrase = normalize(filter.query);
    if (phrase.empty())
        return true;
    return search_text(package, artifact).find(" " + phrase) != std::string::npos;
}

std::vector<std::string> filter_section(const exhibit::Package& package,
                                        const exhibit::Section& section,
                                        const ArtifactFilter& filter) {
    std::vector<std::string> ids;
    for (const std::string& id : section.artifacts) {
        const exhibit::Artifact* artifact = exhibit::find_artifact(package, id);
        if (artifact && artifact_matches(package, *artifact, filter))
            ids.push_back(id);
    }
    return ids;
}

}  // namespace heritage::viewer
