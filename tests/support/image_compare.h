// tests/support/image_compare.h: golden-image comparison with tolerances (Magnum's habit): the
// largest and the mean per-channel difference must stay under given limits, so that a Mesa
// update may nudge a few pixels without failing, but a real change fails.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace heritage::test {

struct RgbaImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba;  // rows from the top
};

RgbaImage read_png(const std::filesystem::path& file);  // REQUIREs that it reads
void write_png(const std::filesystem::path& file, const RgbaImage& image);

struct ImageDifference {
    bool same_size = false;
    int max_delta = 0;        // largest channel difference, 0..255
    double mean_delta = 0.0;  // mean channel difference over all pixels and RGB channels
};

ImageDifference compare_images(const RgbaImage& actual, const RgbaImage& expected);

// Compares `actual` with tests/golden/<name>.png. On failure writes <name>.actual.png and
// <name>.diff.png into the build's scratch folder and fails the test naming them. With the
// environment variable HERITAGE_UPDATE_GOLDEN=1 it (re)writes the golden instead — look at it
// before committing it.
void check_golden(const std::string& name, const RgbaImage& actual, int max_delta,
                  double mean_delta);

}  // namespace heritage::test
