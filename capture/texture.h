// capture/texture.h: stage 6: a texture atlas for the mesh: each face takes its best view
// (facing it, close, sharp, not occluded), neighbouring faces share views to keep seams few,
// colours are made consistent across views, and seams are blended.
#pragma once
#include <vector>

#include "capture/camera.h"
#include "capture/mesh.h"

namespace heritage::capture {

struct TextureOptions {
    int max_atlas_side_px = 8192;  // the atlas is at the photos' resolution up to this side
    int padding_px = 4;            // around each chart, against bleeding when mip-mapped
    bool balance_colours = true;   // per-view gains so one colour looks the same in every view
    int seam_blend_px = 8;         // width of the blend across chart borders
    int blend_views = 6;           // each texel the score-weighted mean of its face's best
                                   // views, up to this many (1: the chart's view alone)
};

// Returns `mesh` with uvs and atlas (vertices split where charts meet).
Mesh texture_mesh(const Mesh& mesh, const CameraSet& cameras, const TextureOptions& options = {});

}  // namespace heritage::capture
