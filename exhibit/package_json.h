// exhibit/package_json.h: one package file's bytes <-> its struct. No file system access: the
// loader (package_read.h) and the writer (package_write.h) do that.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exhibit/exhibit.h"
#include "exhibit/problem.h"

namespace heritage::exhibit {

// Parse a file's bytes. Every problem found is appended to `problems` with `file` as its file.
// Returns nullopt when the bytes are not UTF-8 JSON holding an object; otherwise the struct,
// with the fields that could be read (problems name the others). Strings are normalized to NFC.
std::optional<Exhibit> parse_exhibit_json(std::string_view bytes, const std::string& file,
                                          std::vector<Problem>& problems);
std::optional<Artifact> parse_artifact_json(std::string_view bytes, const std::string& file,
                                            std::vector<Problem>& problems);
std::optional<Tour> parse_tour_json(std::string_view bytes, const std::string& file,
                                    std::vector<Problem>& problems);

// The file's bytes: UTF-8 JSON, NFC text, keys sorted, two-space indent, a final newline.
// Unknown fields kept at load are written back.
std::string to_json(const Exhibit& exhibit);
std::string to_json(const Artifact& artifact);
std::string to_json(const Tour& tour);

}  // namespace heritage::exhibit
