#include "exhibit/problem.h"

#include <algorithm>

namespace heritage::exhibit {

std::string format_problem(const Problem& problem) {
    std::string out = problem.file + ": ";
    if (!problem.pointer.empty())
        out += problem.pointer + ": ";
    if (problem.severity == Severity::Warning)
        out += "warning: ";
    return out + problem.message;
}

int count_problems(const std::vector<Problem>& problems, Severity severity) {
    return static_cast<int>(std::count_if(problems.begin(), problems.end(), [&](const Problem& p) {
        return p.severity == severity;
    }));
}

}  // namespace heritage::exhibit
