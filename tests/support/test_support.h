// tests/support/test_support.h: helpers shared by the tests. Test-only.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "exhibit/problem.h"

namespace heritage::test {

// tests/data in the source tree.
std::filesystem::path test_data_dir();

// The shared/ folder beside the repo (datasets, schemas).
std::filesystem::path shared_dir();

// A new empty folder, unique to this call, under the build tree's test scratch space.
std::filesystem::path make_temp_dir(std::string_view name);

// A fresh copy of tests/data/<fixture> in a new temporary folder; returns the copy's path.
std::filesystem::path copy_fixture(std::string_view fixture, std::string_view name);

// The same, at a path that does not change between runs (scratch/<name>/<fixture>), for tests
// whose golden image shows the path. Each test must use its own `name`.
std::filesystem::path copy_fixture_at_fixed_path(std::string_view fixture, std::string_view name);

// Replaces the one occurrence of `from` in the file with `to`. Fails the test if `from` occurs
// zero or several times, so that an edit can never silently miss.
void replace_in_file(const std::filesystem::path& file, std::string_view from, std::string_view to);

void write_text(const std::filesystem::path& file, std::string_view text);
std::string read_text(const std::filesystem::path& file);

// Each problem as the CLI prints it.
std::vector<std::string> formatted(const std::vector<exhibit::Problem>& problems);

// Only the errors, as the CLI prints them.
std::vector<std::string> formatted_errors(const std::vector<exhibit::Problem>& problems);

}  // namespace heritage::test
