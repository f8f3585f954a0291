// exhibit/validate.h: the checks that need the whole package in memory: ids, references
// between files, school levels and lesson templates, languages, sensitivity. No file access,
// so an editor can validate before it saves.
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "exhibit/exhibit.h"
#include "exhibit/problem.h"

namespace heritage::exhibit {

// Every problem of `package`. Files named by the package are not looked at (read_package checks
// those). `unreadable_artifacts` are ids of artifacts whose folder exists but whose
// artifact.json could not be read: references to them are not reported a second time.
std::vector<Problem> validate_package(const Package& package,
                                      const std::set<std::string>& unreadable_artifacts = {});

struct PackageSummary {
    std::string id;
    int artifacts = 0;
    int tours = 0;
    int sections = 0;
    std::vector<std::string> languages;              // tags, in menu order
    std::map<std::string, int> missing_by_language;  // texts lacking that language
    int not_approved = 0;  // artifacts and tours whose review status is not "approved"
};

PackageSummary summarize_package(const Package& package);

// One line: "laocai-heritage: 12 artifacts, 3 tours, 4 sections; languages: vi, en; missing
// translations: none; not approved: 0".
std::string format_summary(const PackageSummary& summary);

}  // namespace heritage::exhibit
