#include "tests/support/image_compare.h"

#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>

namespace heritage::test {
namespace fs = std::filesystem;

RgbaImage read_png(const fs::path& file) {
    int width = 0, height = 0, channels = 0;
    stbi_uc* pixels = stbi_load(file.c_str(), &width, &height, &channels, 4);
    INFO("reading " << file << ": " << (pixels ? "ok" : stbi_failure_reason()));
    REQUIRE(pixels != nullptr);
    RgbaImage image;
    image.width = width;
    image.height = height;
    image.rgba.assign(pixels, pixels + static_cast<std::size_t>(width) * height * 4);
    stbi_image_free(pixels);
    return image;
}

void write_png(const fs::path& file, const RgbaImage& image) {
    REQUIRE(image.rgba.size() == static_cast<std::size_t>(image.width) * image.height * 4);
    if (file.has_parent_path())
        fs::create_directories(file.parent_path());
    const int ok = stbi_write_png(file.c_str(), image.width, image.height, 4, image.rgba.data(),
                                  image.width * 4);
    INFO("writing " << file);
    REQUIRE(ok != 0);
}

ImageDifference compare_images(const RgbaImage& actual, const RgbaImage& expected) {
    ImageDifference difference;
    difference.same_size = actual.width == expected.width && actual.height == expected.height &&
                           actual.rgba.size() == expected.rgba.size();
    if (!difference.same_size)
        return difference;
    // RGB only: every image we compare is opaque, and alpha would dilute the mean.
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < actual.rgba.size(); i += 4) {
        for (std::size_t channel = 0; channel < 3; ++channel) {
            const int delta =
                std::abs(int(actual.rgba[i + channel]) - int(expected.rgba[i + channel]));
            difference.max_delta = std::max(difference.max_delta, delta);
            sum += static_cast<std::uint64_t>(delta);
        }
    }
    const std::size_t samples = actual.rgba.size() / 4 * 3;
    difference.mean_delta = samples == 0 ? 0.0 : static_cast<double>(sum) / samples;
    return difference;
}

namespace {

// The per-pixel difference, amplified so that small deltas show, on black.
RgbaImage difference_image(const RgbaImage& actual, const RgbaImage& expected) {
    RgbaImage diff{actual.width, actual.height, std::vector<std::uint8_t>(actual.rgba.size())};
    for (std::size_t i = 0; i < actual.rgba.size(); i += 4) {
        for (std::size_t channel = 0; channel < 3; ++channel) {
            const int delta =
                std::abs(int(actual.rgba[i + channel]) - int(expected.rgba[i + channel]));
            diff.rgba[i + channel] = static_cast<std::uint8_t>(std::min(255, delta * 8));
        }
        diff.rgba[i + 3] = 255;
    }
    return diff;
}

bool updating_goldens() {
    const char* update = std::getenv("HERITAGE_UPDATE_GOLDEN");
    return update != nullptr && std::strcmp(update, "1") == 0;
}

}  // namespace

void check_golden(const std::string& name, const RgbaImage& actual, int max_delta,
                  double mean_delta) {
    const fs::path golden = fs::path(HERITAGE_GOLDEN_DIR) / (name + ".png");
    if (updating_goldens()) {
        write_png(golden, actual);
        WARN("wrote golden image " << golden << ": look at it before committing it");
        return;
    }
    INFO("golden image " << golden << " (HERITAGE_UPDATE_GOLDEN=1 writes it)");
    REQUIRE(fs::exists(golden));
    const RgbaImage expected = read_png(golden);
    const ImageDifference difference = compare_images(actual, expected);
    const bool passes = difference.same_size && difference.max_delta <= max_delta &&
                        difference.mean_delta <= mean_delta;
    if (passes)
        return;

    // Keep the evidence beside the build, named after the golden.
    const fs::path scratch = fs::path(HERITAGE_TEST_SCRATCH_DIR) / "golden";
    const fs::path actual_file = scratch / (name + ".actual.png");
    const fs::path diff_file = scratch / (name + ".diff.png");
    write_png(actual_file, actual);
    if (difference.same_size)
        write_png(diff_file, difference_image(actual, expected));
    FAIL(name << ": differs from " << golden << " (size " << actual.width << "x" << actual.height
              << " vs " << expected.width << "x" << expected.height << ", max delta "
              << difference.max_delta << " > " << max_delta << " or mean delta "
              << difference.mean_delta << " > " << mean_delta << "); see " << actual_file << " and "
              << diff_file);
}

}  // namespace heritage::test
