// capture/matching.h: handheld stage 2b: which photos see the same things. Descriptor matches
// (ratio test, both ways) verified by two-view geometry (MAGSAC++ on the fundamental matrix);
// pairs chosen exhaustively for small sets, by sequence and by retrieval for large ones so that
// a thousand photos do not need half a million comparisons.
#pragma once
#include <utility>
#include <vector>

#include <opencv2/core.hpp>

#include "capture/features.h"

namespace heritage::capture {

struct MatchOptions {
    double ratio = 0.8;              // Lowe's ratio test: best / second best below this
    bool mutual = true;              // keep a match only if it is the best both ways
    int exhaustive_up_to = 100;      // photos; up to this many, every pair is compared
    int sequential_neighbours = 10;  // beyond: each photo with the next ones in name order, and
    int retrieval_neighbours = 20;   // with its most similar photos by a global descriptor
    double max_epipolar_px = 1.5;    // RANSAC threshold at 1000 px of the photo's long side
    int min_inliers = 15;            // verified matches below this: the pair does not count
    double min_inlier_ratio = 0.3;   // nor when fewer of the ratio-tested matches verify: chance
                                     // agreement (unrelated photos: 0.20-0.25; real pairs >= 0.5)
};

// Throws heritage::Error naming the out-of-range field.
void check(const MatchOptions& options);

// A verified pair of photos. Points are ImageFeatures::points_px (full photo, as shot).
struct ImagePairMatches {
    int first = 0;  // photo indices, first < second
    int second = 0;
    // (feature in first, feature in second), the inliers; each feature at most once per pair
    std::vector<std::pair<int, int>> matches;
    // x_second^T F x_first = 0 for matched points in pixels (homogeneous (x, y, 1))
    cv::Matx33d fundamental = cv::Matx33d::zeros();
    int homography_inliers = 0;  // of `matches`, those a homography also explains: near the
                                 // count of matches means little parallax (a poor first pair)
};

// The pairs to compare, first < second, sorted, without repeats.
std::vector<std::pair<int, int>> select_pairs(const std::vector<ImageFeatures>& features,
                                              const MatchOptions& options = {});

// Matches and verifies the selected pairs (both cores); returns the pairs that passed, sorted.
std::vector<ImagePairMatches> match_features(const std::vector<ImageFeatures>& features,
                                             const MatchOptions& options = {});

// The same for the given pairs only (first < second).
std::vector<ImagePairMatches> match_pairs(const std::vector<ImageFeatures>& features,
                                          const std::vector<std::pair<int, int>>& pairs,
                                          const MatchOptions& options = {});

}  // namespace heritage::capture
