#include "tests/support/test_support.h"

#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

namespace heritage::test {
namespace fs = std::filesystem;

fs::path test_data_dir() {
    return HERITAGE_TEST_DATA_DIR;
}
fs::path shared_dir() {
    return HERITAGE_SHARED_DIR;
}

fs::path make_temp_dir(std::string_view name) {
    static std::atomic<int> counter{0};
    const fs::path dir =
        fs::path(HERITAGE_TEST_SCRATCH_DIR) /
        (std::string(name) + "-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

fs::path copy_fixture(std::string_view fixture, std::string_view name) {
    const fs::path copy = make_temp_dir(name) / std::string(fixture);
    fs::copy(test_data_dir() / std::string(fixture), copy, fs::copy_options::recursive);
    return copy;
}

fs::path copy_fixture_at_fixed_path(std::string_view fixture, std::string_view name) {
    const fs::path folder = fs::path(HERITAGE_TEST_SCRATCH_DIR) / std::string(name);
    fs::remove_all(folder);
    fs::create_directories(folder);
    const fs::path copy = folder / std::string(fixture);
    fs::copy(test_data_dir() / std::string(fixture), copy, fs::copy_options::recursive);
    return copy;
}

std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    REQUIRE(in);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

void write_text(const fs::path& file, std::string_view text) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    REQUIRE(out);
    out << text;
}

void replace_in_file(const fs::path& file, std::string_view from, std::string_view to) {
    std::string text = read_text(file);
    const std::size_t first = text.find(from);
    INFO("replacing \"" << from << "\" in " << file);
    REQUIRE(first != std::string::npos);
    REQUIRE(text.find(from, first + 1) == std::string::npos);
    text.replace(first, from.size(), to);
    write_text(file, text);
}

std::vector<std::string> formatted(const std::vector<exhibit::Problem>& problems) {
    std::vector<std::string> lines;
    for (const exhibit::Problem& problem : problems)
        lines.push_back(format_problem(problem));
    return lines;
}

std::vector<std::string> formatted_errors(const std::vector<exhibit::Problem>& problems) {
    std::vector<std::string> lines;
    for (const exhibit::Problem& problem : problems) {
        if (problem.severity == exhibit::Severity::Error)
            lines.push_back(format_problem(problem));
    }
    return lines;
}

}  // namespace heritage::test
