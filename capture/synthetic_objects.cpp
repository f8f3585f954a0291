#include "capture/synthetic_objects.h"

#include <cmath>
#include <random>

#include <opencv2/imgproc.hpp>

namespace heritage::capture {

namespace {

// The bowl's cross-section from the outer foot's centre, round the rim, to the inside's
// centre: (radius, height) pairs in mm.
std::vector<cv::Point2d> bowl_profile(const BowlShape& shape) {
    std::vector<cv::Point2d> profile;
    profile.emplace_back(0.0, 0.0);
    profile.emplace_back(shape.foot_radius_mm, 0.0);
    profile.emplace_back(shape.foot_radius_mm, shape.foot_height_mm);
    constexpr int kWallSteps = 24;
    // The outer wall: a quarter ellipse from the foot up to the rim.
    const double body_height = shape.height_mm - shape.foot_height_mm;
    for (int i = 1; i <= kWallSteps; ++i) {
        const double t = i / static_cast<double>(kWallSteps) * CV_PI / 2;
        const double r = shape.foot_radius_mm * 0.9 +
                         (shape.rim_radius_mm - shape.foot_radius_mm * 0.9) * std::sin(t);
        profile.emplace_back(r, shape.foot_height_mm + body_height * (1 - std::cos(t)));
    }
    // Over the rim and down the inside, parallel to the outside.
    const double inner_rim = shape.rim_radius_mm - shape.wall_mm;
    const double inner_bottom = shape.foot_height_mm + shape.wall_mm;
    for (int i = 0; i <= kWallSteps; ++i) {
        const double t = (1.0 - i / static_cast<double>(kWallSteps)) * CV_PI / 2;
        const double r =
            shape.foot_radius_mm * 0.5 + (inner_rim - shape.foot_radius_mm * 0.5) * std::sin(t);
        profile.emplace_back(r,
                             inner_bottom + (shape.height_mm - inner_bottom) * (1 - std::cos(t)));
    }
    profile.emplace_back(0.0, inner_bottom);
    return profile;
}

cv::Mat glaze_pattern(unsigned seed) {
    constexpr int kSide = 1024;
    cv::Mat atlas(kSide, kSide, CV_8UC3, cv::Scalar(214, 228, 236));  // a warm white glaze
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> position(0, kSide - 1), radius(3, 18), shade(0, 2);
    const cv::Scalar blues[] = {{150, 80, 30}, {120, 60, 20}, {190, 130, 70}};
    for (int i = 0; i < 2600; ++i)
        cv::circle(atlas, {position(random), position(random)}, radius(random),
                   blues[shade(random)], cv::FILLED, cv::LINE_AA);
    for (int band = 0; band < 6; ++band)  // bands around the bowl
        cv::rectangle(atlas, {0, 150 * band + 40}, {kSide, 150 * band + 48}, {100, 50, 15},
                      cv::FILLED);
    cv::GaussianBlur(atlas, atlas, {0, 0}, 1.2);
    return atlas;
}

}  // namespace

Mesh make_bowl(const BowlShape& shape) {
    const std::vector<cv::Point2d> profile = bowl_profile(shape);
    std::vector<double> arc(profile.size(), 0.0);
    for (std::size_t i = 1; i < profile.size(); ++i)
        arc[i] = arc[i - 1] + cv::norm(profile[i] - profile[i - 1]);
    Mesh mesh;
    const int columns = shape.segments + 1;  // the seam column repeats for the UVs
    for (std::size_t i = 0; i < profile.size(); ++i)
        for (int j = 0; j < columns; ++j) {
            const double angle = 2 * CV_PI * j / shape.segments;
            mesh.positions_mm.emplace_back(static_cast<float>(profile[i].x * std::cos(angle)),
                                           static_cast<float>(profile[i].x * std::sin(angle)),
                                           static_cast<float>(profile[i].y));
            mesh.uvs.emplace_back(static_cast<float>(j) / shape.segments,
                                  static_cast<float>(arc[i] / arc.back()));
        }
    for (std::size_t i = 0; i + 1 < profile.size(); ++i)
        for (int j = 0; j < shape.segments; ++j) {
            const auto a = static_cast<std::uint32_t>(i * columns + j);
            const auto b = a + 1, c = a + columns, d = c + 1;
            // The profile runs outward-then-up, so (a, b, c) faces away from the axis outside.
            mesh.indices.insert(mesh.indices.end(), {a, b, d, a, d, c});
        }
    // Drop the triangles that collapse on the axis.
    std::vector<std::uint32_t> kept;
    for (std::size_t t = 0; t < mesh.indices.size(); t += 3) {
        const cv::Vec3f& p = mesh.positions_mm[mesh.indices[t]];
        const cv::Vec3f& q = mesh.positions_mm[mesh.indices[t + 1]];
        const cv::Vec3f& r = mesh.positions_mm[mesh.indices[t + 2]];
        if (cv::norm((q - p).cross(r - p)) > 1e-9)
            kept.insert(kept.end(), mesh.indices.begin() + static_cast<std::ptrdiff_t>(t),
                        mesh.indices.begin() + static_cast<std::ptrdiff_t>(t) + 3);
    }
    mesh.indices = std::move(kept);
    mesh.normals.assign(mesh.positions_mm.size(), cv::Vec3f(0, 0, 0));
    for (std::size_t t = 0; t < mesh.indices.size(); t += 3) {
        const cv::Vec3f& p = mesh.positions_mm[mesh.indices[t]];
        const cv::Vec3f n = (mesh.positions_mm[mesh.indices[t + 1]] - p)
                                .cross(mesh.positions_mm[mesh.indices[t + 2]] - p);
        for (int k = 0; k < 3; ++k)
            mesh.normals[mesh.indices[t + k]] += n;
    }
    for (cv::Vec3f& n : mesh.normals)
        n = cv::normalize(n);
    mesh.atlas = glaze_pattern(shape.seed);
    return mesh;
}

}  // namespace heritage::capture
