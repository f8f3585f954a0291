// Tracks from verified matches; see tracks.h.
#include "capture/tracks.h"

#include <algorithm>
#include <cassert>
#include <iterator>
#include <numeric>

namespace heritage::capture {
namespace {

// Union-find over (photo, feature) nodes that refuses a union that would put two features of
// the same photo in one set: the matches that come first (the strongest pairs) win.
class ConsistentUnion {
  public:
    explicit ConsistentUnion(std::vector<int> photo_of_node)
        : parent_(photo_of_node.size()), photos_(photo_of_node.size()) {
        std::iota(parent_.begin(), parent_.end(), 0);
        for (size_t node = 0; node < photo_of_node.size(); ++node)
            photos_[node] = {photo_of_node[node]};
    }

    int find(int node) {
        while (parent_[size_t(node)] != node) {
            parent_[size_t(node)] = parent_[size_t(parent_[size_t(node)])];
            node = parent_[size_t(node)];
        }
        return node;
    }

    void unite(int a, int b) {
        int root_a = find(a), root_b = find(b);
        if (root_a == root_b)
            return;
        std::vector<int>& photos_a = photos_[size_t(root_a)];
        std::vector<int>& photos_b = photos_[size_t(root_b)];
        std::vector<int> merged;
        merged.reserve(photos_a.size() + photos_b.size());
        std::merge(photos_a.begin(), photos_a.end(), photos_b.begin(), photos_b.end(),
                   std::back_inserter(merged));
        if (std::adjacent_find(merged.begin(), merged.end()) != merged.end())
            return;  // both sets hold a feature of the same photo
        if (photos_a.size() < photos_b.size())
            std::swap(root_a, root_b);
        parent_[size_t(root_b)] = root_a;
        photos_[size_t(root_a)] = std::move(merged);
        photos_[size_t(root_b)] = {};
    }

  private:
    std::vector<int> parent_;
    std::vector<std::vector<int>> photos_;  // of each root, sorted
};

}  // namespace

Tracks build_tracks(const std::vector<ImageFeatures>& features,
                    const std::vector<ImagePairMatches>& pairs) {
    std::vector<int> first_node(features.size() + 1, 0);
    for (size_t photo = 0; photo < features.size(); ++photo)
        first_node[photo + 1] = first_node[photo] + int(features[photo].points_px.size());
    std::vector<int> photo_of_node(size_t(first_node.back()));
    for (size_t photo = 0; photo < features.size(); ++photo)
        std::fill(photo_of_node.begin() + first_node[photo],
                  photo_of_node.begin() + first_node[photo + 1], int(photo));

    // The pairs with the most matches first: their matches are the most trustworthy.
    std::vector<size_t> order(pairs.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return pairs[a].matches.size() > pairs[b].matches.size();
    });
    ConsistentUnion sets(photo_of_node);
    std::vector<char> matched(photo_of_node.size(), 0);
    for (size_t index : order) {
        const ImagePairMatches& pair = pairs[index];
        assert(pair.first >= 0 && pair.second < int(features.size()) && pair.first < pair.second);
        for (const auto& [feature_a, feature_b] : pair.matches) {
            assert(feature_a >= 0 &&
                   feature_a < int(features[size_t(pair.first)].points_px.size()));
            assert(feature_b >= 0 &&
                   feature_b < int(features[size_t(pair.second)].points_px.size()));
            const int node_a = first_node[size_t(pair.first)] + feature_a;
            const int node_b = first_node[size_t(pair.second)] + feature_b;
            matched[size_t(node_a)] = matched[size_t(node_b)] = 1;
            sets.unite(node_a, node_b);
        }
    }

    Tracks tracks;
    tracks.of_feature.resize(features.size());
    for (size_t photo = 0; photo < features.size(); ++photo)
        tracks.of_feature[photo].assign(features[photo].points_px.size(), -1);
    std::vector<int> track_of_root(photo_of_node.size(), -1);
    std::vector<int> size_of_root(photo_of_node.size(), 0);
    for (size_t node = 0; node < photo_of_node.size(); ++node)
        if (matched[node])
            ++size_of_root[size_t(sets.find(int(node)))];
    for (size_t node = 0; node < photo_of_node.size(); ++node) {
        if (!matched[node])
            continue;
        const int root = sets.find(int(node));
        if (size_of_root[size_t(root)] < 2)
            continue;  // every union it took part in was refused
        if (track_of_root[size_t(root)] < 0) {
            track_of_root[size_t(root)] = int(tracks.observations.size());
            tracks.observations.emplace_back();
        }
        const int photo = photo_of_node[node];
        const int feature = int(node) - first_node[size_t(photo)];
        tracks.observations[size_t(track_of_root[size_t(root)])].emplace_back(photo, feature);
        tracks.of_feature[size_t(photo)][size_t(feature)] = track_of_root[size_t(root)];
    }
    return tracks;
}

}  // namespace heritage::capture
