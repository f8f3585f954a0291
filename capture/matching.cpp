// Matching after Lowe (IJCV 2004: the ratio test) and Schonberger & Frahm, "Structure-from-
// motion revisited" (CVPR 2016: cross-checked matches verified by the fundamental matrix, the
// homography's share of inliers as the measure of parallax). Pairs for large sets by retrieval
// with a vocabulary tree after Nister & Stewenius, "Scalable recognition with a vocabulary tree"
// (CVPR 2006), scored by tf-idf and cosine similarity.
#include "capture/matching.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <list>
#include <memory>
#include <numeric>
#include <unordered_map>

#include <opencv2/calib3d.hpp>
#include <opencv2/core/hal/hal.hpp>
#include <opencv2/flann.hpp>

#include "capture/parallel_jobs.h"
#include "exhibit/error.h"

namespace heritage::capture {

namespace {

// Approximate nearest neighbours: a forest of randomised kd-trees (FLANN). On SIFT, 4 trees and
// 32 leaves checked keep 95 % of the matches brute force passes through the ratio test, at a
// tenth of its cost (measured on strecha-fountain); RANSAC absorbs the rest.
constexpr int kTrees = 4;
constexpr int kChecks = 32;
// The float descriptors and kd-trees kept for reuse across pairs (some 8 MB a photo of 8000
// features): enough for an exhaustive set of 100 photos, which visits every photo once per row.
constexpr std::size_t kIndexCacheBytes = std::size_t(1) << 30;
constexpr int kMaxRansacIterations = 10000;
constexpr double kRansacConfidence = 0.999;
constexpr std::size_t kMaxWorkers = 16;  // each needs little memory of its own

// Retrieval: a tree of 8 x 8 x 8 x 8 = 4096 words trained on at most this many descriptors,
// each photo described by its strongest ones.
constexpr int kVocabularyBranching = 8;
constexpr int kVocabularyDepth = 4;
constexpr int kVocabularySample = 100000;
constexpr int kKmeansIterations = 6;
constexpr int kRetrievalFeatures = 2000;

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

// ---- Descriptor matching ----

// One photo's descriptors as floats, under a kd-tree forest.
struct SearchIndex {
    cv::Mat descriptors;                      // CV_32F; the index points into it
    std::unique_ptr<cv::flann::Index> index;  // null with fewer than 2 descriptors
    std::size_t bytes() const { return descriptors.total() * sizeof(float) * 2; }  // measured
};

std::shared_ptr<const SearchIndex> build_index(const ImageFeatures& image, int image_index) {
    auto result = std::make_shared<SearchIndex>();
    image.descriptors.convertTo(result->descriptors, CV_32F);
    if (result->descriptors.rows >= 2) {
        // The trees are random (OpenCV's per-thread generator): seeded by the photo, so that the
        // matches do not depend on which worker built them.
        cv::RNG& random = cv::theRNG();
        const std::uint64_t saved_state = random.state;
        random.state = 0x9e3779b97f4a7c15ULL + std::uint64_t(image_index);
        result->index = std::make_unique<cv::flann::Index>(
            result->descriptors, cv::flann::KDTreeIndexParams(kTrees), cvflann::FLANN_DIST_L2);
        random.state = saved_state;
    }
    return result;
}

// The indices of the most recently used photos, up to a memory budget; shared by the workers.
class IndexCache {
  public:
    IndexCache(const std::vector<ImageFeatures>& features, std::size_t budget_bytes)
        : features_(features), budget_bytes_(budget_bytes) {}

    std::shared_ptr<const SearchIndex> get(int image) {
        {
            const std::lock_guard lock(mutex_);
            if (auto found = find(image))
                return found;
        }
        // Built outside the lock; if another worker built it meanwhile, theirs is kept.
        std::shared_ptr<const SearchIndex> built =
            build_index(features_[std::size_t(image)], image);
        const std::lock_guard lock(mutex_);
        if (auto found = find(image))
            return found;
        recent_.push_front(image);
        entries_[image] = {built, recent_.begin()};
        used_bytes_ += built->bytes();
        while (used_bytes_ > budget_bytes_ && recent_.size() > 1) {
            const auto oldest = entries_.find(recent_.back());
            used_bytes_ -= oldest->second.index->bytes();
            entries_.erase(oldest);
            recent_.pop_back();
        }
        return built;
    }

  private:
    struct Entry {
        std::shared_ptr<const SearchIndex> index;
        std::list<int>::iterator position;
    };
    // Under the lock: the cached index, now the most recent; null when absent.
    std::shared_ptr<const SearchIndex> find(int image) {
        const auto found = entries_.find(image);
        if (found == entries_.end())
            return nullptr;
        recent_.splice(recent_.begin(), recent_, found->second.position);
        return found->second.index;
    }

    const std::vector<ImageFeatures>& features_;
    const std::size_t budget_bytes_;
    std::mutex mutex_;
    std::list<int> recent_;  // most recent first
    std::unordered_map<int, Entry> entries_;
    std::size_t used_bytes_ = 0;
};

// For each query row, the nearest row of `target` if it passes the ratio test, else -1; and
// its squared distance.
std::vector<int> nearest_passing(const SearchIndex& target, const cv::Mat& queries, double ratio,
                                 std::vector<float>& distances) {
    std::vector<int> nearest(std::size_t(queries.rows), -1);
    distances.assign(std::size_t(queries.rows), 0.0f);
    if (!target.index || queries.rows == 0)
        return nearest;
    cv::Mat indices, squared;
    target.index->knnSearch(queries, indices, squared, 2, cv::flann::SearchParams(kChecks));
    const float ratio_squared = float(ratio * ratio);
    for (int q = 0; q < queries.rows; ++q) {
        const int* index = indices.ptr<int>(q);
        const float* distance = squared.ptr<float>(q);
        distances[std::size_t(q)] = distance[0];
        if (index[0] >= 0 && index[1] >= 0 && distance[0] < ratio_squared * distance[1])
            nearest[std::size_t(q)] = index[0];
    }
    return nearest;
}

// Ratio-tested matches (first feature, second feature), each feature at most once.
std::vector<std::pair<int, int>> putative_matches(const SearchIndex& first,
                                                  const SearchIndex& second,
                                                  const MatchOptions& options) {
    std::vector<float> forward_distances;
    const std::vector<int> forward =
        nearest_passing(second, first.descriptors, options.ratio, forward_distances);
    // Where several first features choose the same second one, the closest wins.
    std::vector<int> chosen_by(std::size_t(second.descriptors.rows), -1);
    for (std::size_t a = 0; a < forward.size(); ++a) {
        const int b = forward[a];
        if (b < 0)
            continue;
        int& holder = chosen_by[std::size_t(b)];
        if (holder < 0 || forward_distances[a] < forward_distances[std::size_t(holder)])
            holder = int(a);
    }
    std::vector<std::pair<int, int>> matches;
    for (std::size_t b = 0; b < chosen_by.size(); ++b) {
        if (chosen_by[b] >= 0)
            matches.emplace_back(chosen_by[b], int(b));
    }
    if (!options.mutual || int(matches.size()) < options.min_inliers) {
        std::sort(matches.begin(), matches.end());
        return matches;
    }
    // Both ways: only the second features chosen above need searching back.
    cv::Mat chosen(int(matches.size()), second.descriptors.cols, CV_32F);
    for (std::size_t m = 0; m < matches.size(); ++m)
        second.descriptors.row(matches[m].second).copyTo(chosen.row(int(m)));
    std::vector<float> backward_distances;
    const std::vector<int> backward =
        nearest_passing(first, chosen, options.ratio, backward_distances);
    std::vector<std::pair<int, int>> mutual;
    for (std::size_t m = 0; m < matches.size(); ++m) {
        if (backward[m] == matches[m].first)
            mutual.push_back(matches[m]);
    }
    std::sort(mutual.begin(), mutual.end());
    return mutual;
}

// ---- Geometric verification ----

// The pair with its fundamental-matrix inliers; no matches when it fails.
ImagePairMatches verify_pair(const ImageFeatures& first, const ImageFeatures& second,
                             const std::vector<std::pair<int, int>>& putative,
                             const MatchOptions& options) {
    ImagePairMatches pair;
    if (int(putative.size()) < std::max(options.min_inliers, 8))
        return pair;
    std::vector<cv::Point2f> first_points, second_points;
    first_points.reserve(putative.size());
    second_points.reserve(putative.size());
    for (const auto& [a, b] : putative) {
        first_points.push_back(first.points_px[std::size_t(a)]);
        second_points.push_back(second.points_px[std::size_t(b)]);
    }
    const double long_side = 0.5 * (std::max(first.width_px, first.height_px) +
                                    std::max(second.width_px, second.height_px));
    const double threshold_px = options.max_epipolar_px * long_side / 1000.0;
    // MAGSAC++ rather than RANSAC: on strecha-fountain, 3 % more inliers for the same share of
    // wrong ones (against the true cameras).
    std::vector<unsigned char> inlier;
    cv::Mat fundamental;
    try {
        fundamental =
            cv::findFundamentalMat(first_points, second_points, cv::USAC_MAGSAC, threshold_px,
                                   kRansacConfidence, kMaxRansacIterations, inlier);
    } catch (const cv::Exception&) {
        return pair;  // degenerate points (all on a line, say): no geometry to verify
    }
    if (fundamental.rows != 3 || fundamental.cols != 3 || inlier.size() != putative.size())
        return pair;
    std::vector<cv::Point2f> first_inliers, second_inliers;
    for (std::size_t i = 0; i < putative.size(); ++i) {
        if (!inlier[i])
            continue;
        pair.matches.push_back(putative[i]);
        first_inliers.push_back(first_points[i]);
        second_inliers.push_back(second_points[i]);
    }
    if (int(pair.matches.size()) < options.min_inliers ||
        double(pair.matches.size()) < options.min_inlier_ratio * double(putative.size())) {
        pair.matches.clear();
        return pair;
    }
    for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < 3; ++c)
            pair.fundamental(r, c) = fundamental.at<double>(r, c);
    }
    // MAGSAC++ here too: plain RANSAC's model, from a minimal sample, misses one match in ten of
    // a flat scene at thresholds near a pixel.
    std::vector<unsigned char> homography_inlier;
    try {
        const cv::Mat homography =
            cv::findHomography(first_inliers, second_inliers, cv::USAC_MAGSAC, threshold_px,
                               homography_inlier, kMaxRansacIterations, kRansacConfidence);
        if (!homography.empty()) {
            pair.homography_inliers =
                int(std::count(homography_inlier.begin(), homography_inlier.end(), 1));
        }
    } catch (const cv::Exception&) {
        pair.homography_inliers = 0;  // degenerate for a homography: certainly not flat
    }
    return pair;
}

// ---- Retrieval ----

// Lloyd's k-means with k-means++ seeding on the rows of `points` (CV_32F); the label of each
// row and the centres (k x dims).
void kmeans(const cv::Mat& points, int k, cv::RNG& rng, std::vector<int>& labels,
            cv::Mat& centres) {
    const int count = points.rows, dims = points.cols;
    centres.create(k, dims, CV_32F);
    std::vector<float> nearest_squared(std::size_t(count), std::numeric_limits<float>::max());
    int chosen = rng.uniform(0, count);
    for (int c = 0; c < k; ++c) {
        points.row(chosen).copyTo(centres.row(c));
        double total = 0.0;
        for (int i = 0; i < count; ++i) {
            const float d = cv::hal::normL2Sqr_(points.ptr<float>(i), centres.ptr<float>(c), dims);
            nearest_squared[std::size_t(i)] = std::min(nearest_squared[std::size_t(i)], d);
            total += nearest_squared[std::size_t(i)];
        }
        // The next centre with probability proportional to the squared distance.
        double pick = rng.uniform(0.0, 1.0) * total;
        chosen = count - 1;
        for (int i = 0; i < count; ++i) {
            pick -= nearest_squared[std::size_t(i)];
            if (pick <= 0.0) {
                chosen = i;
                break;
            }
        }
    }
    labels.assign(std::size_t(count), 0);
    for (int iteration = 0; iteration < kKmeansIterations; ++iteration) {
        for (int i = 0; i < count; ++i) {
            float best = std::numeric_limits<float>::max();
            for (int c = 0; c < k; ++c) {
                const float d =
                    cv::hal::normL2Sqr_(points.ptr<float>(i), centres.ptr<float>(c), dims);
                if (d < best) {
                    best = d;
                    labels[std::size_t(i)] = c;
                }
            }
        }
        cv::Mat sums = cv::Mat::zeros(k, dims, CV_64F);
        std::vector<int> sizes(std::size_t(k), 0);
        for (int i = 0; i < count; ++i) {
            const int c = labels[std::size_t(i)];
            ++sizes[std::size_t(c)];
            double* sum = sums.ptr<double>(c);
            const float* point = points.ptr<float>(i);
            for (int d = 0; d < dims; ++d)
                sum[d] += point[d];
        }
        for (int c = 0; c < k; ++c) {
            if (sizes[std::size_t(c)] == 0)
                continue;  // an empty cluster keeps its centre
            for (int d = 0; d < dims; ++d)
                centres.at<float>(c, d) = float(sums.at<double>(c, d) / sizes[std::size_t(c)]);
        }
    }
}

// A descriptor's word is the leaf it reaches by descending to the nearest centre at each level.
class VocabularyTree {
  public:
    explicit VocabularyTree(const cv::Mat& sample) {
        cv::RNG rng(0x5eed);
        build(sample, 0, rng);
    }
    int words() const { return words_; }
    int word_of(const float* descriptor) const {
        int node = 0;
        for (;;) {
            const Node& here = nodes_[std::size_t(node)];
            int best = 0;
            float best_distance = std::numeric_limits<float>::max();
            for (int c = 0; c < here.centres.rows; ++c) {
                const float d =
                    cv::hal::normL2Sqr_(descriptor, here.centres.ptr<float>(c), here.centres.cols);
                if (d < best_distance) {
                    best_distance = d;
                    best = c;
                }
            }
            const int child = here.children[std::size_t(best)];
            if (child < 0)
                return -child - 1;
            node = child;
        }
    }

  private:
    struct Node {
        cv::Mat centres;            // CV_32F, one row per child
        std::vector<int> children;  // node index, or -(word + 1) for a leaf
    };
    int build(const cv::Mat& points, int level, cv::RNG& rng) {
        const int node = int(nodes_.size());
        nodes_.emplace_back();
        const int k = std::min(kVocabularyBranching, points.rows);
        std::vector<int> labels;
        cv::Mat centres;
        kmeans(points, k, rng, labels, centres);
        std::vector<int> children(static_cast<std::size_t>(k));
        for (int c = 0; c < k; ++c) {
            cv::Mat members;
            for (int i = 0; i < points.rows; ++i) {
                if (labels[std::size_t(i)] == c)
                    members.push_back(points.row(i));
            }
            if (level + 1 < kVocabularyDepth && members.rows > kVocabularyBranching)
                children[std::size_t(c)] = build(members, level + 1, rng);
            else
                children[std::size_t(c)] = -(words_++) - 1;
        }
        nodes_[std::size_t(node)] = Node{centres, children};
        return node;
    }

    std::vector<Node> nodes_;
    int words_ = 0;
};

// Each photo's tf-idf histogram over the vocabulary, L2-normalised: one CV_32F row per photo.
cv::Mat retrieval_histograms(const std::vector<ImageFeatures>& features) {
    const std::size_t photos = features.size();
    std::size_t total = 0;
    for (const ImageFeatures& image : features)
        total += std::size_t(std::min(image.descriptors.rows, kRetrievalFeatures));
    // An even sample of the descriptors each photo is described by.
    const double keep =
        std::min(1.0, double(kVocabularySample) / double(std::max<std::size_t>(total, 1)));
    cv::Mat sample;
    for (const ImageFeatures& image : features) {
        const int used = std::min(image.descriptors.rows, kRetrievalFeatures);
        const int wanted = int(std::ceil(used * keep));
        for (int s = 0; s < wanted; ++s) {
            cv::Mat row;
            image.descriptors.row(int(std::int64_t(s) * used / wanted)).convertTo(row, CV_32F);
            sample.push_back(row);
        }
    }
    cv::Mat histograms = cv::Mat::zeros(int(photos), 1, CV_32F);
    if (sample.rows < kVocabularyBranching)
        return histograms;
    const VocabularyTree vocabulary(sample);
    histograms = cv::Mat::zeros(int(photos), vocabulary.words(), CV_32F);
    run_parallel_jobs(photos, kMaxWorkers, [&](std::size_t p) {
        const ImageFeatures& image = features[p];
        cv::Mat row;
        float* counts = histograms.ptr<float>(int(p));
        for (int i = 0; i < std::min(image.descriptors.rows, kRetrievalFeatures); ++i) {
            image.descriptors.row(i).convertTo(row, CV_32F);
            counts[vocabulary.word_of(row.ptr<float>())] += 1.0f;
        }
    });
    // idf: a word in every photo tells nothing.
    for (int w = 0; w < histograms.cols; ++w) {
        const int seen_in = cv::countNonZero(histograms.col(w));
        const float idf = seen_in > 0 ? float(std::log(double(photos) / seen_in)) : 0.0f;
        histograms.col(w) *= idf;
    }
    for (int p = 0; p < histograms.rows; ++p) {
        const double norm = cv::norm(histograms.row(p));
        if (norm > 0.0)
            histograms.row(p) /= norm;
    }
    return histograms;
}

}  // namespace

void check(const MatchOptions& options) {
    if (!(options.ratio > 0.0 && options.ratio <= 1.0))
        throw Error("matching: ratio must be in (0, 1], got " + number(options.ratio));
    if (options.exhaustive_up_to < 0) {
        throw Error("matching: exhaustive_up_to must be at least 0, got " +
                    std::to_string(options.exhaustive_up_to));
    }
    if (options.sequential_neighbours < 0) {
        throw Error("matching: sequential_neighbours must be at least 0, got " +
                    std::to_string(options.sequential_neighbours));
    }
    if (options.retrieval_neighbours < 0) {
        throw Error("matching: retrieval_neighbours must be at least 0, got " +
                    std::to_string(options.retrieval_neighbours));
    }
    if (!(options.max_epipolar_px > 0.0)) {
        throw Error("matching: max_epipolar_px must be positive, got " +
                    number(options.max_epipolar_px));
    }
    if (options.min_inliers < 8) {
        throw Error("matching: min_inliers must be at least 8, got " +
                    std::to_string(options.min_inliers));
    }
    if (!(options.min_inlier_ratio >= 0.0 && options.min_inlier_ratio <= 1.0)) {
        throw Error("matching: min_inlier_ratio must be in [0, 1], got " +
                    number(options.min_inlier_ratio));
    }
}

std::vector<std::pair<int, int>> select_pairs(const std::vector<ImageFeatures>& features,
                                              const MatchOptions& options) {
    check(options);
    const int photos = int(features.size());
    std::vector<std::pair<int, int>> pairs;
    if (photos <= options.exhaustive_up_to) {
        for (int a = 0; a < photos; ++a) {
            for (int b = a + 1; b < photos; ++b)
                pairs.emplace_back(a, b);
        }
        return pairs;
    }
    for (int a = 0; a < photos; ++a) {
        for (int b = a + 1; b <= std::min(photos - 1, a + options.sequential_neighbours); ++b)
            pairs.emplace_back(a, b);
    }
    if (options.retrieval_neighbours > 0) {
        const cv::Mat histograms = retrieval_histograms(features);
        cv::Mat similarity;
        cv::gemm(histograms, histograms, 1.0, cv::noArray(), 0.0, similarity, cv::GEMM_2_T);
        std::vector<int> others(static_cast<std::size_t>(photos));
        for (int a = 0; a < photos; ++a) {
            others.resize(std::size_t(photos));
            std::iota(others.begin(), others.end(), 0);
            others.erase(others.begin() + a);
            const int wanted = std::min(options.retrieval_neighbours, int(others.size()));
            const float* row = similarity.ptr<float>(a);
            std::partial_sort(
                others.begin(), others.begin() + wanted, others.end(),
                [&](int x, int y) { return row[x] > row[y] || (row[x] == row[y] && x < y); });
            for (int i = 0; i < wanted; ++i)
                pairs.emplace_back(std::min(a, others[std::size_t(i)]),
                                   std::max(a, others[std::size_t(i)]));
        }
    }
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    return pairs;
}

std::vector<ImagePairMatches> match_pairs(const std::vector<ImageFeatures>& features,
                                          const std::vector<std::pair<int, int>>& pairs,
                                          const MatchOptions& options) {
    check(options);
    IndexCache cache(features, kIndexCacheBytes);
    std::vector<ImagePairMatches> verified(pairs.size());
    run_parallel_jobs(pairs.size(), kMaxWorkers, [&](std::size_t p) {
        const auto [first, second] = pairs[p];
        assert(0 <= first && first < second && second < int(features.size()));
        const std::shared_ptr<const SearchIndex> first_index = cache.get(first);
        const std::shared_ptr<const SearchIndex> second_index = cache.get(second);
        const std::vector<std::pair<int, int>> putative =
            putative_matches(*first_index, *second_index, options);
        verified[p] = verify_pair(features[std::size_t(first)], features[std::size_t(second)],
                                  putative, options);
        verified[p].first = first;
        verified[p].second = second;
    });
    std::vector<ImagePairMatches> result;
    for (ImagePairMatches& pair : verified) {
        if (!pair.matches.empty())
            result.push_back(std::move(pair));
    }
    return result;
}

std::vector<ImagePairMatches> match_features(const std::vector<ImageFeatures>& features,
                                             const MatchOptions& options) {
    return match_pairs(features, select_pairs(features, options), options);
}

}  // namespace heritage::capture
