// Handheld stage 2b, matching: two views of a textured 3D scene (the corner of a room, ray-cast
// with known cameras) give many verified matches and the true fundamental matrix; a flat scene
// is recognised as one; unrelated photos give no pair; the pairs chosen for large sets; and the
// real kermit photos.
#include "capture/matching.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <map>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <set>

#include "capture/camera.h"
#include "exhibit/error.h"
#include "tests/capture/synthetic_images.h"
#include "tests/support/test_support.h"

using namespace heritage;
using namespace heritage::capture;
namespace fs = std::filesystem;
namespace test = heritage::test;

namespace {

// A pinhole camera: x_camera = rotation * (X - centre), pixel = K x_camera.
struct View {
    cv::Matx33d rotation;
    cv::Vec3d centre;
    double focal_px = 700.0;
    cv::Point2d principal_px{319.5, 239.5};
    cv::Size size{640, 480};
};

View view_from(const cv::Vec3d& centre, const cv::Vec3d& target) {
    View view;
    view.rotation = capture::look_at(centre, target).rotation;
    view.centre = centre;
    return view;
}

cv::Point2d project(const View& view, const cv::Vec3d& point) {
    const cv::Vec3d camera = view.rotation * (point - view.centre);
    return {view.focal_px * camera[0] / camera[2] + view.principal_px.x,
            view.focal_px * camera[1] / camera[2] + view.principal_px.y};
}

// The corner of a room: a floor (z = 0), a back wall (y = 2) and a side wall (x = -1.5), each
// with its own texture, 300 texels a unit.
struct Room {
    struct Plane {
        cv::Vec3d normal;
        double offset;       // normal . X = offset
        int u_axis, v_axis;  // world axes along the texture's x and y
        cv::Point2d origin;  // world (u, v) at texel (0, 0)
        cv::Mat texture;
    };
    std::vector<Plane> planes;
    static constexpr double kTexelsPerUnit = 300.0;

    explicit Room(int seed) {
        planes.push_back(
            {{0, 0, 1}, 0.0, 0, 1, {-1.5, -1.0}, test::textured_image(1200, 900, seed + 11)});
        planes.push_back(
            {{0, 1, 0}, 2.0, 0, 2, {-1.5, 0.0}, test::textured_image(1200, 750, seed + 12)});
        planes.push_back(
            {{1, 0, 0}, -1.5, 1, 2, {-1.0, 0.0}, test::textured_image(900, 750, seed + 13)});
    }

    // The first plane along the pixel's ray: its index (-1 for none) and the point hit.
    int hit(const View& view, cv::Point2d pixel, cv::Vec3d& point) const {
        const cv::Vec3d ray_camera((pixel.x - view.principal_px.x) / view.focal_px,
                                   (pixel.y - view.principal_px.y) / view.focal_px, 1.0);
        const cv::Vec3d ray = view.rotation.t() * ray_camera;
        int nearest = -1;
        double nearest_t = 1e30;
        for (std::size_t p = 0; p < planes.size(); ++p) {
            const double along = planes[p].normal.dot(ray);
            if (std::abs(along) < 1e-12)
                continue;
            const double t = (planes[p].offset - planes[p].normal.dot(view.centre)) / along;
            if (t > 1e-9 && t < nearest_t) {
                nearest_t = t;
                nearest = int(p);
            }
        }
        point = view.centre + nearest_t * ray;
        return nearest;
    }

    cv::Mat render(const View& view) const {
        cv::Mat image(view.size, CV_8UC3, cv::Scalar(128, 128, 128));
        for (std::size_t p = 0; p < planes.size(); ++p) {
            cv::Mat map_x(view.size, CV_32F, cv::Scalar(-10.0f)), map_y = map_x.clone();
            cv::Mat on_plane(view.size, CV_8U, cv::Scalar(0));
            for (int y = 0; y < view.size.height; ++y) {
                for (int x = 0; x < view.size.width; ++x) {
                    cv::Vec3d point;
                    if (hit(view, {double(x), double(y)}, point) != int(p))
                        continue;
                    const Plane& plane = planes[p];
                    map_x.at<float>(y, x) =
                        float((point[plane.u_axis] - plane.origin.x) * kTexelsPerUnit);
                    map_y.at<float>(y, x) =
                        float((point[plane.v_axis] - plane.origin.y) * kTexelsPerUnit);
                    on_plane.at<unsigned char>(y, x) = 255;
                }
            }
            cv::Mat seen;
            cv::remap(planes[p].texture, seen, map_x, map_y, cv::INTER_LINEAR, cv::BORDER_CONSTANT,
                      cv::Scalar(128, 128, 128));
            seen.copyTo(image, on_plane);
        }
        return image;
    }
};

// Distance of `second` from the epipolar line of `first`, in pixels.
double epipolar_distance(const cv::Matx33d& fundamental, cv::Point2d first, cv::Point2d second) {
    const cv::Vec3d line = fundamental * cv::Vec3d(first.x, first.y, 1.0);
    return std::abs(line.dot(cv::Vec3d(second.x, second.y, 1.0))) / std::hypot(line[0], line[1]);
}

double percentile(std::vector<double> values, double share) {
    const auto at = values.begin() + long(share * double(values.size() - 1));
    std::nth_element(values.begin(), at, values.end());
    return *at;
}

// Random descriptors, as the CV_8U rows features.h describes.
cv::Mat random_descriptors(int rows, cv::RNG& rng) {
    cv::Mat descriptors(rows, 128, CV_8U);
    rng.fill(descriptors, cv::RNG::UNIFORM, 0, 80);
    return descriptors;
}

fs::path kermit_images() {
    return test::shared_dir() / "datasets/bundler-kermit/images";
}

}  // namespace

TEST_CASE("matching: two views of a 3D scene give many matches and the true geometry",
          "[matching]") {
    const Room room(1);
    const View first = view_from({0.3, -2.0, 1.5}, {0.0, 1.0, 0.6});
    const View second = view_from({0.8, -1.9, 1.3}, {0.0, 1.0, 0.6});
    const std::vector<ImageFeatures> features = {detect_features(room.render(first)),
                                                 detect_features(room.render(second))};
    const std::vector<ImagePairMatches> pairs = match_features(features);
    REQUIRE(pairs.size() == 1);
    const ImagePairMatches& pair = pairs[0];
    CHECK(pair.first == 0);
    CHECK(pair.second == 1);
    CHECK(pair.matches.size() > 300);

    // Nearly every verified match is a true correspondence.
    int true_matches = 0;
    for (const auto& [a, b] : pair.matches) {
        cv::Vec3d point;
        const cv::Point2f in_first = features[0].points_px[std::size_t(a)];
        REQUIRE(room.hit(first, in_first, point) >= 0);
        const cv::Point2d expected = project(second, point);
        true_matches +=
            cv::norm(cv::Point2d(features[1].points_px[std::size_t(b)]) - expected) < 2.0 ? 1 : 0;
    }
    CHECK(true_matches > 0.95 * double(pair.matches.size()));

    // The fundamental matrix puts true correspondences (a grid over the first view, where the
    // second sees it) on their epipolar lines.
    std::vector<double> distances;
    for (int y = 10; y < 480; y += 20) {
        for (int x = 10; x < 640; x += 20) {
            cv::Vec3d point;
            room.hit(first, {double(x), double(y)}, point);
            const cv::Point2d in_second = project(second, point);
            if (in_second.x < 0 || in_second.y < 0 || in_second.x > 639 || in_second.y > 479)
                continue;
            distances.push_back(
                epipolar_distance(pair.fundamental, {double(x), double(y)}, in_second));
        }
    }
    REQUIRE(distances.size() > 300);
    WARN(pair.matches.size() << " verified matches (" << true_matches
                             << " true), homography explains " << pair.homography_inliers
                             << "; epipolar distance of true correspondences: median "
                             << percentile(distances, 0.5) << " px, 95 % "
                             << percentile(distances, 0.95) << " px");
    CHECK(percentile(distances, 0.5) < 0.5);
    CHECK(percentile(distances, 0.95) < 1.5);
    // Three planes: no single homography explains the matches.
    CHECK(pair.homography_inliers < 0.8 * double(pair.matches.size()));

    // Each feature at most once, both ways, also without the mutual check.
    MatchOptions one_way;
    one_way.mutual = false;
    for (const MatchOptions& options : {MatchOptions{}, one_way}) {
        const std::vector<ImagePairMatches> again = match_features(features, options);
        REQUIRE(again.size() == 1);
        if (options.mutual)
            CHECK(again[0].matches == pair.matches);  // the same every time
        std::set<int> seen_first, seen_second;
        for (const auto& [a, b] : again[0].matches) {
            CHECK(seen_first.insert(a).second);
            CHECK(seen_second.insert(b).second);
        }
    }
}

TEST_CASE("matching: a flat scene is explained by a homography", "[matching]") {
    const cv::Mat photo = test::textured_image(640, 480, 14);
    const cv::Matx33d homography(0.9, 0.15, 20.0, -0.1, 0.95, 30.0, 1e-4, 2e-4, 1.0);
    cv::Mat other;
    cv::warpPerspective(photo, other, cv::Mat(homography), photo.size(), cv::INTER_LINEAR,
                        cv::BORDER_CONSTANT, cv::Scalar(128, 128, 128));
    const std::vector<ImagePairMatches> pairs =
        match_features({detect_features(photo), detect_features(other)});
    REQUIRE(pairs.size() == 1);
    CHECK(pairs[0].matches.size() > 300);
    CHECK(pairs[0].homography_inliers > 0.9 * double(pairs[0].matches.size()));
}

TEST_CASE("matching: photos of unrelated things make no pair", "[matching]") {
    const Room room(5), other_room(50);
    const View view = view_from({0.3, -2.0, 1.5}, {0.0, 1.0, 0.6});
    std::vector<ImageFeatures> features = {detect_features(room.render(view)),
                                           detect_features(other_room.render(view))};
    for (int seed = 70; seed < 75; ++seed)
        features.push_back(detect_features(test::textured_image(1024, 768, seed + 11)));
    REQUIRE(features[0].points_px.size() > 1000);
    // 21 pairs of look-alike discs: each has some ratio-tested matches, a few of which a
    // fundamental matrix explains by chance, but never enough of them.
    CHECK(match_features(features).empty());
}

TEST_CASE("matching: all pairs of a small set; sequence and retrieval for a large one",
          "[matching]") {
    cv::RNG rng(3);
    std::vector<ImageFeatures> five(5);
    for (ImageFeatures& image : five)
        image.descriptors = random_descriptors(50, rng);
    const std::vector<std::pair<int, int>> all = select_pairs(five);
    REQUIRE(all.size() == 10);
    CHECK(all.front() == std::pair(0, 1));
    CHECK(all.back() == std::pair(3, 4));

    // 300 photos of 150 places: photo i and photo i + 150 see the same place (the same
    // descriptors, a little noisy), among things seen once.
    constexpr int kPhotos = 300, kPlaces = 150;
    std::vector<cv::Mat> places;
    for (int p = 0; p < kPlaces; ++p)
        places.push_back(random_descriptors(200, rng));
    std::vector<ImageFeatures> many(kPhotos);
    for (int i = 0; i < kPhotos; ++i) {
        cv::Mat noise(200, 128, CV_8U);
        rng.fill(noise, cv::RNG::UNIFORM, 0, 4);
        cv::Mat seen = places[std::size_t(i % kPlaces)] + noise;
        seen.push_back(random_descriptors(100, rng));
        many[std::size_t(i)].descriptors = seen;
    }
    const MatchOptions options;
    const std::vector<std::pair<int, int>> chosen = select_pairs(many, options);
    const std::set<std::pair<int, int>> chosen_set(chosen.begin(), chosen.end());
    WARN("select_pairs: " << chosen.size() << " pairs of " << kPhotos << " photos");
    CHECK(chosen_set.size() == chosen.size());
    CHECK(std::is_sorted(chosen.begin(), chosen.end()));
    CHECK(chosen.size() <=
          std::size_t(kPhotos * (options.sequential_neighbours + options.retrieval_neighbours)));
    CHECK(chosen.size() < std::size_t(kPhotos * (kPhotos - 1) / 2 / 4));
    for (const auto& [a, b] : chosen) {
        REQUIRE(0 <= a);
        REQUIRE(a < b);
        REQUIRE(b < kPhotos);
    }
    for (int i = 0; i < kPhotos; ++i) {
        for (int next = i + 1; next <= std::min(kPhotos - 1, i + options.sequential_neighbours);
             ++next)
            REQUIRE(chosen_set.count({i, next}) == 1);
    }
    int same_place = 0;
    for (int i = 0; i < kPlaces; ++i)
        same_place += int(chosen_set.count({i, i + kPlaces}));
    CHECK(same_place >= 0.95 * kPlaces);
}

TEST_CASE("matching: the kermit photos match their neighbours", "[matching]") {
    if (!fs::exists(kermit_images())) {
        WARN("skipped: " + kermit_images().string() + " is absent");
        return;
    }
    std::vector<Photo> photos;
    for (const auto& entry : fs::directory_iterator(kermit_images())) {
        Photo photo;
        photo.file = entry.path();
        photos.push_back(photo);
    }
    std::sort(photos.begin(), photos.end(),
              [](const Photo& a, const Photo& b) { return a.file < b.file; });
    REQUIRE(photos.size() == 11);
    const auto start = std::chrono::steady_clock::now();
    const std::vector<ImageFeatures> features = detect_features(photos);
    const auto detected = std::chrono::steady_clock::now();
    const std::vector<ImagePairMatches> pairs = match_features(features);
    const auto matched = std::chrono::steady_clock::now();
    WARN("kermit: features " << std::chrono::duration<double>(detected - start).count()
                             << " s, matching "
                             << std::chrono::duration<double>(matched - detected).count() << " s, "
                             << pairs.size() << " of 55 pairs verified");
    std::vector<int> best_partner(photos.size(), 0);
    std::map<std::pair<int, int>, int> inliers;
    for (const ImagePairMatches& pair : pairs) {
        inliers[{pair.first, pair.second}] = int(pair.matches.size());
        for (int photo : {pair.first, pair.second}) {
            best_partner[std::size_t(photo)] =
                std::max(best_partner[std::size_t(photo)], int(pair.matches.size()));
        }
    }
    // Photos 4 (a close-up) and 6 (from the far side) are wide jumps from their neighbours;
    // Bundler leaves both out. Every other consecutive pair matches well.
    for (int i = 0; i + 1 < 11; ++i) {
        if (i == 3 || i == 4 || i == 5 || i == 6)
            continue;
        INFO("kermit" << i << " - kermit" << i + 1);
        CHECK(inliers[{i, i + 1}] >= 50);
    }
    // And every photo, those two included, has a partner it matches well.
    for (std::size_t i = 0; i < photos.size(); ++i) {
        INFO("kermit" << i);
        CHECK(best_partner[i] >= 50);
    }
}

TEST_CASE("matching: options out of range are named", "[matching]") {
    MatchOptions options;
    options.ratio = 1.5;
    REQUIRE_THROWS_WITH(check(options), "matching: ratio must be in (0, 1], got 1.5");
    options.ratio = 0.0;
    REQUIRE_THROWS_WITH(check(options), "matching: ratio must be in (0, 1], got 0");
    options = {};
    options.exhaustive_up_to = -1;
    REQUIRE_THROWS_WITH(check(options), "matching: exhaustive_up_to must be at least 0, got -1");
    options = {};
    options.sequential_neighbours = -2;
    REQUIRE_THROWS_WITH(check(options),
                        "matching: sequential_neighbours must be at least 0, got -2");
    options = {};
    options.retrieval_neighbours = -3;
    REQUIRE_THROWS_WITH(check(options),
                        "matching: retrieval_neighbours must be at least 0, got -3");
    options = {};
    options.max_epipolar_px = 0.0;
    REQUIRE_THROWS_WITH(check(options), "matching: max_epipolar_px must be positive, got 0");
    options = {};
    options.min_inliers = 7;
    REQUIRE_THROWS_WITH(check(options), "matching: min_inliers must be at least 8, got 7");
    options = {};
    options.min_inlier_ratio = 1.2;
    REQUIRE_THROWS_WITH(check(options), "matching: min_inlier_ratio must be in [0, 1], got 1.2");
    REQUIRE_THROWS_AS(match_features({}, options), Error);
    REQUIRE_NOTHROW(check(MatchOptions{}));
    CHECK(match_features({}).empty());
    CHECK(select_pairs({}).empty());
}
