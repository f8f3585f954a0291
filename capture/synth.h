// capture/synth.h: a synthetic turntable photo set with known truth, to measure the pipeline:
// a model (.glb, metres, +Y up) standing at its true size in the middle of the printed ChArUco
// board, photographed by the shared renderer (studio lighting) from rings of cameras around it,
// with sensor noise and a slight blur. The folder it writes:
//   photos/*.png          the photos the pipeline reads
//   rig.json              the board (rig.h)
//   cameras.json          the true cameras of photos/ (camera.h)
//   heldout/*.png         photos kept from the pipeline, to judge the textured model from
//   heldout/cameras.json  their true cameras
//   truth-model.glb       a copy of the model, and truth.json: where it stands in the world
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "capture/camera.h"
#include "capture/rig.h"

namespace heritage::capture {

struct SynthOptions {
    int views = 36;                     // photos in all, the held-out ones included
    cv::Size size{2000, 1500};          // photo size in pixels
    int rings = 3;                      // camera heights: 2 or 3 rings around the object
    double focal_px_per_width = 1.1;    // fx = fy = this * width (about a 50 mm lens on 35 mm)
    double noise_sigma = 2.0;           // Gaussian sensor noise, grey levels (0..255)
    double blur_sigma_px = 0.6;         // a slight lens blur before the noise; 0: none
    unsigned seed = 1;                  // the noise's seed: the same seed, the same photos
    std::string paper = "auto";         // the board's paper: "A4" ... "A0", or "auto": the
                                        // smallest whose board is 1.3 times the object's width
    double held_out_share = 1.0 / 6.0;  // of the views, kept aside in heldout/ (0: none)
    bool jpeg = false;                  // photos as JPEG (quality 95) rather than PNG
    bool cross_polarised = false;       // the lights and the lens behind crossed polarising
                                        // filters, as museums photograph glossy and metal
                                        // objects: no shine, the diffuse colour alone (every
                                        // material of the model rendered matte, not metal)
    std::filesystem::path shader_dir;   // the renderer's GLSL files; empty: the data folder's
};

// Where the true model stands: world (mm, board frame) = world_mm_from_model * model point.
struct SynthTruth {
    std::filesystem::path model_file;  // absolute once read
    cv::Matx44d world_mm_from_model = cv::Matx44d::eye();
    cv::Vec3d size_mm{0.0, 0.0, 0.0};  // the placed model's extent along X, Y, Z
};

struct SynthResult {
    SynthTruth truth;
    ChArUcoRig rig;
    int photos = 0;    // in photos/
    int held_out = 0;  // in heldout/
    double seconds = 0.0;
};

// Writes the photo set into `out_dir` (created; files of an earlier set there are replaced).
// Throws heritage::Error for a model that cannot be read, options out of range, or a folder
// that cannot be written.
SynthResult synthesize_photo_set(const std::filesystem::path& model_glb,
                                 const std::filesystem::path& out_dir,
                                 const SynthOptions& options = {});

// truth.json: written atomically; read with every problem named (file: field: what to do).
void write_truth(const std::filesystem::path& file, const SynthTruth& truth);
SynthTruth read_truth(const std::filesystem::path& file);

}  // namespace heritage::capture
