// tests/capture/synthetic_images.h: photos of flat, richly textured things for the feature and
// matching tests. Test-only.
#pragma once
#include <cmath>
#include <cstdint>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace heritage::test {

// Coloured discs of many sizes on a mid-grey ground, lightly blurred: texture at every scale.
// The same seed gives the same image.
inline cv::Mat textured_image(int width, int height, int seed) {
    cv::Mat image(height, width, CV_8UC3, cv::Scalar(128, 128, 128));
    cv::RNG rng{std::uint64_t(seed)};
    const int discs = width * height / 400;
    for (int i = 0; i < discs; ++i) {
        const cv::Point centre(rng.uniform(0, width), rng.uniform(0, height));
        const int radius = int(std::exp(rng.uniform(std::log(2.0), std::log(40.0))));
        cv::circle(image, centre, radius,
                   cv::Scalar(rng.uniform(0, 256), rng.uniform(0, 256), rng.uniform(0, 256)),
                   cv::FILLED, cv::LINE_AA);
    }
    cv::GaussianBlur(image, image, cv::Size(0, 0), 1.0);
    return image;
}

}  // namespace heritage::test
