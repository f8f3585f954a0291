// viewer/ui/artifact_filter.h: which artifacts the home screen shows: by ethnic group, by
// category, and by a search that ignores case and diacritics ("trong dong" finds "Trống đồng").
#pragma once
#include <string>
#include <vector>

#include "exhibit/exhibit.h"

namespace heritage::viewer {

struct ArtifactFilter {
    std::string ethnic_group;    // id, or "" for all
    std::string category;        // id, or "" for all
    std::string query;           // as typed; matched as a phrase from the start of a word
    bool approved_only = false;  // kiosk: only content whose review status is "approved"
};

// Whether `artifact` passes `filter`. The search looks at the title, ethnic group names and
// autonyms (a local group's official group too: "Tày" finds the Pa Dí hat), culture, category
// name, materials and accession number, in every language, ignoring case, diacritics and
// punctuation.
bool artifact_matches(const exhibit::Package& package, const exhibit::Artifact& artifact,
                      const ArtifactFilter& filter);

// The ids of the artifacts in `section` that pass, in section order.
std::vector<std::string> filter_section(const exhibit::Package& package,
                                        const exhibit::Section& section,
                                        const ArtifactFilter& filter);

}  // namespace heritage::viewer
