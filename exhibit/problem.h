// exhibit/problem.h: one finding of the package loader or validator, located by file and JSON
// pointer, so that a curator can go straight to the spot and mend it.
#pragma once
#include <string>
#include <vector>

namespace heritage::exhibit {

enum class Severity {
    Error,    // the package is not valid: the viewer will not show it as it is
    Warning,  // valid, but something is likely unintended (unknown field, unlisted file)
};

struct Problem {
    Severity severity = Severity::Error;
    std::string file;     // relative to the package root, with '/' separators: "tours/t1.json"
    std::string pointer;  // RFC 6901 JSON pointer into that file ("" for the file as a whole)
    std::string message;  // what is wrong, with the values involved, then "; " and what to do
};

// "file: pointer: message" (or "file: message" when the pointer is empty); warnings read
// "file: pointer: warning: message".
std::string format_problem(const Problem& problem);

// How many problems of this severity the list holds.
int count_problems(const std::vector<Problem>& problems, Severity severity);

}  // namespace heritage::exhibit
