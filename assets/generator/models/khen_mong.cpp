// Hmong khèn (qeej): six bamboo pipes pushed through a hollowed wooden wind chest bound with
// rattan, copper reeds inside the pipes where they cross the chest. Sizes from [S27] (notes
// section 2, A4): pipes 48–97 cm for a high khèn; the exhibit's spec places the pipe tops at
// 0.55–0.90 m and draws the chest with its blowing tube 0.49 m long, shorter than the 74 cm of
// [S27] (the artifact's note says so). It rests on a small display stand so its lowest point is
// on y = 0.
#include <algorithm>
#include <cmath>
#include <glm/gtc/constants.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include "assets/generator/models/models.h"

namespace heritage::sample {
namespace {

constexpr float kChestY = 0.25f;          // the chest's axis, along X
constexpr float kChestRadius = 0.045f;    // thickest, around x = 0
constexpr float kTubeRadius = 0.012f;     // the blowing tube
constexpr float kMouthX = -0.37f;         // the mouthpiece end
constexpr float kChestEndX = 0.12f;       // the closed far end
constexpr float kChestTaper = 0.30f;      // from x = 0 to the blowing tube
constexpr float kBambooVPerMetre = 1.0f;  // bamboo texture rows: v = t + 0.2 along a pipe

const Color kBamboo{198, 162, 92, 255};
const Color kBambooStreak{168, 128, 66, 255};
const Color kBambooNode{128, 92, 46, 255};
const Color kBambooCut{222, 198, 146, 255};
const Color kBambooInside{58, 42, 24, 255};
const Color kWood{92, 54, 32, 255};
const Color kWoodGrain{56, 31, 17, 255};
const Color kRattan{196, 156, 92, 255};
const Color kRattanDark{128, 92, 48, 255};

// Texture rows (as v) of the bamboo texture's special strips, below the pipe body (v < 0.9).
constexpr float kVCut = 0.915f;
constexpr float kVInside = 0.945f;
constexpr float kVNode = 0.98f;

// Radius of the wind chest at x: a spindle, thickest at x = 0, tapering smoothly into the
// blowing tube towards the mouthpiece and rounding off at the far end.
float chest_radius(float x) {
    if (x >= 0.0f) {
        const float t = std::min(1.0f, x / kChestEndX);
        return kChestRadius * std::pow(std::max(0.0f, 1.0f - t * t), 0.45f);
    }
    const float t = std::min(1.0f, -x / kChestTaper);
    return kTubeRadius + (kChestRadius - kTubeRadius) * std::pow(1.0f - t * t, 1.5f);
}

// Places geometry built along +Y (a lathe) onto the chest's axis along +X, centred at y 0.25.
glm::mat4 chest_frame() {
    return glm::rotate(glm::translate(glm::mat4(1.0f), glm::vec3(0, kChestY, 0)),
                       -glm::half_pi<float>(), glm::vec3(0, 0, 1));
}

// Bamboo: long fibres along the pipe (v), with the strips for cut ends, the inside and nodes.
Image paint_bamboo() {
    Image image(256, 1024, kBamboo);
    fill_noise(image, kBamboo, kBambooStreak, 24.0f, 0.5f, 41);
    for (int i = 0; i < 40; ++i) {  // fibres
        const float x = float((i * 53) % 256) + 0.5f * float(i % 3);
        const float shade = value_noise(float(i) * 1.7f, 3.0f, 42);
        draw_line(image, {x, 0}, {x + 2.0f, 921}, 1.0f + shade,
                  mix(kBambooStreak, kBamboo, shade * 0.6f));
    }
    // Finger holes just above the chest (t = 0.075), facing the player (+Z, u = 0).
    const float hole_row = (0.075f + 0.2f) * 1024.0f * kBambooVPerMetre;
    for (float x : {0.0f, 256.0f}) {
        std::vector<glm::vec2> hole;
        for (int k = 0; k < 20; ++k) {
            const float a = glm::two_pi<float>() * float(k) / 20.0f;
            hole.push_back({x + 15.0f * std::cos(a), hole_row + 3.5f * std::sin(a)});
        }
        fill_polygon(image, hole, kBambooInside);
    }
    fill_rect(image, {0, 921}, {256, kVInside * 1024 - 15}, kBambooCut);
    fill_rect(image, {0, kVInside * 1024 - 15}, {256, kVNode * 1024 - 20}, kBambooInside);
    fill_rect(image, {0, kVNode * 1024 - 20}, {256, 1024}, kBambooNode);
    return image;
}

// Dark wood of the chest: grain running along its axis (v), around is u.
Image paint_chest_wood() {
    Image image(1024, 512, kWood);
    fill_noise(image, kWood, kWoodGrain, 30.0f, 0.55f, 43);
    for (int i = 0; i < 90; ++i) {
        const float x0 = float(i) * 1024.0f / 90.0f;
        std::vector<glm::vec2> grain;
        for (int k = 0; k <= 16; ++k) {
            const float y = float(k) * 32.0f;
            grain.push_back({x0 + 6.0f * (value_noise(float(i), float(k) * 0.4f, 44) - 0.5f), y});
        }
        draw_polyline(image, grain, 1.5f, mix(kWoodGrain, kWood, 0.3f));
    }
    return image;
}

// Rattan binding: split-rattan strips wound round the chest, drawn as slanted strands.
Image paint_rattan() {
    Image image(512, 64, kRattan);
    fill_noise(image, kRattan, kRattanDark, 10.0f, 0.35f, 45);
    for (int i = -8; i < 64; ++i) {
        const float x = float(i) * 9.0f;
        draw_line(image, {x, 0}, {x + 16.0f, 64}, 1.6f, kRattanDark);
    }
    for (float y : {3.0f, 61.0f})
        draw_line(image, {0, y}, {512, y}, 2.0f, kRattanDark);
    return image;
}

// Stained wood of the display stand.
Image paint_stand() {
    Image image(256, 256, Color{48, 34, 26, 255});
    fill_noise(image, Color{48, 34, 26, 255}, Color{30, 20, 14, 255}, 20.0f, 0.5f, 46);
    return image;
}

struct Pipe {
    float x, z;      // where its axis crosses the chest's axis height
    float bottom_y;  // lower end
    float top_y;     // upper end
    float radius;    // outer radius
};

// One bamboo pipe: built as a hollow lathe along +Y with its origin where it crosses the chest
// axis, then tilted (the pipes fan out slightly) and placed.
void add_pipe(MeshPart& part, const Pipe& pipe, int index) {
    const glm::vec3 axis = glm::normalize(glm::vec3(pipe.x * 0.3f, 1.0f, pipe.z * 0.3f));
    const float t0 = (pipe.bottom_y - kChestY) / axis.y;
    const float t1 = (pipe.top_y - kChestY) / axis.y;
    const float ro = pipe.radius;
    const float ri = pipe.radius - 0.0016f;
    const auto v_of = [](float t) { return (t + 0.2f) * kBambooVPerMetre; };
    const std::size_t first = part.vertices.size();
    // Outside, with v in metres along the pipe so the finger hole lands above the chest.
    add_lathe(part, {{ro, t0}, {ro, t1}}, 24, v_of(t0), v_of(t1));
    // Open ends: the cut rims and the dark bore.
    add_lathe(part, {{ro, t1}, {ri, t1}}, 24, kVCut, kVCut);
    add_lathe(part, {{ri, t1}, {ri, t0}}, 24, kVInside, kVInside);
    add_lathe(part, {{ri, t0}, {ro, t0}}, 24, kVCut, kVCut);
    // Nodes: low ridges every 23 cm or so, staggered from pipe to pipe, none inside the chest.
    for (float t = 0.15f + 0.035f * float(index % 3); t < t1 - 0.05f; t += 0.23f) {
        add_lathe(part,
                  {{ro, t - 0.005f},
                   {ro + 0.0013f, t - 0.002f},
                   {ro + 0.0013f, t + 0.002f},
                   {ro, t + 0.005f}},
                  24, kVNode, kVNode);
    }
    if (t0 < -0.12f) {  // one node below the chest on the longer lower ends
        add_lathe(part,
                  {{ro, -0.105f}, {ro + 0.0013f, -0.102f}, {ro + 0.0013f, -0.098f}, {ro, -0.095f}},
                  24, kVNode, kVNode);
    }
    const float angle = std::acos(std::clamp(axis.y, -1.0f, 1.0f));
    glm::mat4 place = glm::translate(glm::mat4(1.0f), glm::vec3(pipe.x, kChestY, pipe.z));
    if (angle > 1e-6f) {
        place = glm::rotate(place, angle, glm::normalize(glm::cross(glm::vec3(0, 1, 0), axis)));
    }
    transform_part(part, place, first);
}

// A binding ring of rattan round the chest, centred at x, 14 mm wide, standing 2.5 mm proud.
void add_binding(MeshPart& part, float x) {
    const std::size_t first = part.vertices.size();
    const float x0 = x - 0.007f;
    const float x1 = x + 0.007f;
    std::vector<ProfilePoint> profile{{chest_radius(x0) - 0.001f, x0},
                                      {chest_radius(x0) + 0.0025f, x0}};
    for (int k = 0; k <= 6; ++k) {
        const float xk = x0 + (x1 - x0) * float(k) / 6.0f;
        profile.push_back({chest_radius(xk) + 0.0025f, xk});
    }
    profile.push_back({chest_radius(x1) + 0.0025f, x1});
    profile.push_back({chest_radius(x1) - 0.001f, x1});
    add_lathe(part, profile, 64);
    transform_part(part, chest_frame(), first);
}

}  // namespace

SampleModel make_khen_mong() {
    SampleModel model;
    model.materials.push_back({"bamboo", paint_bamboo(), 0.0f, 0.6f});
    model.materials.push_back({"chest wood", paint_chest_wood(), 0.0f, 0.7f});
    model.materials.push_back({"rattan", paint_rattan(), 0.0f, 0.8f});
    model.materials.push_back(
        {"copper reed", Image(16, 16, Color{190, 112, 60, 255}), 0.9f, 0.35f});
    model.materials.push_back({"stand", paint_stand(), 0.0f, 0.75f});

    // The wind chest and blowing tube, one lathe along the X axis from the mouthpiece (with its
    // shallow blowing hole) to the closed far end. Duplicated points keep the rim edges sharp.
    MeshPart chest{"wind chest", 1, {}, {}};
    std::vector<ProfilePoint> profile{{0.0f, kMouthX + 0.004f},   {0.006f, kMouthX + 0.004f},
                                      {0.006f, kMouthX + 0.004f}, {0.006f, kMouthX},
                                      {0.006f, kMouthX},          {kTubeRadius, kMouthX},
                                      {kTubeRadius, kMouthX}};
    for (int k = 1; k <= 44; ++k) {  // blowing tube and the tapering half of the chest
        const float x = kMouthX + (0.0f - kMouthX) * float(k) / 44.0f;
        profile.push_back({chest_radius(x), x});
    }
    for (int k = 1; k <= 24; ++k) {  // the rounded far half, evenly in angle
        const float a = glm::half_pi<float>() * float(k) / 24.0f;
        const float x = kChestEndX * std::sin(a);
        profile.push_back({k == 24 ? 0.0f : chest_radius(x), x});
    }
    add_lathe(chest, profile, 48);
    transform_part(chest, chest_frame());
    model.parts.push_back(chest);

    // Rattan bindings round the chest, either side of the pipes.
    MeshPart bindings{"rattan bindings", 2, {}, {}};
    add_binding(bindings, -0.02f);
    add_binding(bindings, 0.06f);
    model.parts.push_back(bindings);

    // Six pipes in two rows of three along the chest; the biggest (two reeds) at the back right.
    MeshPart pipes{"bamboo pipes", 0, {}, {}};
    const Pipe pipe_list[] = {
        {-0.04f, -0.013f, 0.12f, 0.62f, 0.0085f}, {0.0f, -0.013f, 0.10f, 0.74f, 0.0085f},
        {0.04f, -0.013f, 0.08f, 0.90f, 0.0105f},  {-0.04f, 0.013f, 0.15f, 0.55f, 0.0085f},
        {0.0f, 0.013f, 0.13f, 0.68f, 0.0085f},    {0.04f, 0.013f, 0.11f, 0.80f, 0.0085f},
    };
    int index = 0;
    for (const Pipe& pipe : pipe_list)
        add_pipe(pipes, pipe, index++);
    model.parts.push_back(pipes);

    // Copper reed windows on the top of the chest, between the pipes: the reeds themselves sit
    // inside the pipes where they cross the chest.
    MeshPart reeds{"copper reeds", 3, {}, {}};
    for (float x : {-0.04f, -0.02f, 0.0f, 0.02f, 0.04f}) {
        const float top = kChestY + chest_radius(x);
        const float half_x = (x == -0.02f || x == 0.02f) ? 0.0045f : 0.0035f;
        const float half_z = (x == -0.02f || x == 0.02f) ? 0.006f : (x == 0.0f ? 0.003f : 0.0018f);
        add_box(reeds, {x - half_x, top - 0.002f, -half_z}, {x + half_x, top + 0.0008f, half_z});
    }
    model.parts.push_back(reeds);

    // Display stand: a base board and two posts with cradles under the blowing tube and the
    // far end of the chest, clear of the pipes' lower ends.
    MeshPart stand{"stand", 4, {}, {}};
    add_box(stand, {-0.29f, 0.0f, -0.06f}, {0.12f, 0.018f, 0.06f});
    for (float x : {-0.24f, 0.085f}) {
        const float bottom = kChestY - chest_radius(x);
        add_box(stand, {x - 0.008f, 0.018f, -0.008f}, {x + 0.008f, bottom - 0.011f, 0.008f});
        add_box(stand, {x - 0.011f, bottom - 0.012f, -0.022f},
                {x + 0.011f, bottom + 0.004f, 0.022f});
    }
    model.parts.push_back(stand);
    return model;
}

}  // namespace heritage::sample
