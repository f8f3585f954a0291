// capture/tracks.h: features of several photos joined into tracks (one scene point each) by
// their verified matches, for structure from motion and for the turntable's pose refinement.
#pragma once
#include <utility>
#include <vector>

#include "capture/features.h"
#include "capture/matching.h"

namespace heritage::capture {

// Every match joins two features; a track is a set of features, at most one per photo.
struct Tracks {
    std::vector<std::vector<std::pair<int, int>>> observations;  // (photo, feature), by photo
    std::vector<std::vector<int>> of_feature;                    // [photo][feature] -> track, -1
};

// Union-find over the matches, the pairs with most matches first; a union that would put two
// features of the same photo in one track is refused (the stronger pairs' matches win).
Tracks build_tracks(const std::vector<ImageFeatures>& features,
                    const std::vector<ImagePairMatches>& pairs);

}  // namespace heritage::capture
