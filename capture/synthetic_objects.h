// capture/synthetic_objects.h: objects with a known shape for synthetic photo sets: a glazed
// bowl (concave: its inside is what silhouettes cannot see). Textured with a seeded pattern so
// multi-view stereo has something to match, as on real pottery.
#pragma once
#include "capture/mesh.h"

namespace heritage::capture {

struct BowlShape {
    double rim_radius_mm = 90.0;  // outer radius at the rim
    double height_mm = 75.0;      // foot to rim
    double wall_mm = 6.0;         // wall thickness
    double foot_radius_mm = 40.0;
    double foot_height_mm = 8.0;
    int segments = 128;  // around the axis
    unsigned seed = 7;   // of the glaze pattern
};

// The bowl standing on Z = 0, its axis the world's Z axis, in mm, with UVs and an atlas.
Mesh make_bowl(const BowlShape& shape = {});

}  // namespace heritage::capture
