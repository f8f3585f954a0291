// Hmong silver neck ring set (Sa Pa silver work): content-research.md A7 gives the material and
// the engraving craft [S53] and a neck-ring diameter of approx. 15-25 cm [U]; the sizes here
// (four graduated rings of 210-180 mm, 14 mm thick wire) are illustrative. The rings lie
// stacked, open at the front, their ends joined on each side by a bar and closed by a hook;
// engraved spirals and dotted lines, shiny silver.
#include <cmath>
#include <glm/gtc/constants.hpp>
#include <glm/gtc/matrix_transform.hpp>
#include <string>

#include "assets/generator/models/models.h"

namespace heritage::sample {
namespace {

constexpr int kRings = 4;
constexpr float kRingY[kRings] = {0.008f, 0.022f, 0.036f, 0.050f};       // centres, bottom up
constexpr float kRingRadius[kRings] = {0.105f, 0.100f, 0.095f, 0.090f};  // graduated
constexpr float kTube = 0.007f;                                          // the wire's radius
constexpr float kEndX = 0.012f;  // the ring ends stop this far either side of x = 0
constexpr float kBarRadius = 0.0035f;
constexpr float kHookRadius = 0.0025f;
constexpr float kHookY = 0.030f;  // the clasp, around [0, 0.03, 0.11]
constexpr int kTiles = 8;         // the engraving repeats this many times around a ring

const Color kSilver{208, 209, 214, 255};
const Color kSilverShade{168, 170, 178, 255};
const Color kEngraved{88, 88, 98, 255};  // darkened cut lines

// Where ring `i` ends (its right end; the left end mirrors it at -x).
glm::vec3 ring_end(int i) {
    return {kEndX, kRingY[i], std::sqrt(kRingRadius[i] * kRingRadius[i] - kEndX * kEndX)};
}

// An Archimedean spiral of `turns` around `center`, outer radius `radius`; `sense` +1 or -1.
std::vector<glm::vec2> spiral(glm::vec2 center, float radius, float turns, float sense,
                              float phase) {
    std::vector<glm::vec2> points;
    const int count = 80;
    for (int k = 0; k <= count; ++k) {
        const float t = float(k) / float(count);
        const float angle = phase + sense * t * turns * glm::two_pi<float>();
        points.push_back(center + glm::vec2(std::cos(angle), std::sin(angle)) * (radius * t));
    }
    return points;
}

// One tile of engraving: x runs around the wire (the pattern centred on x = 128, the wire's
// upper outer side, which faces a visitor), y along the ring; the tile repeats along y.
// `scrolls` picks the design: linked spirals, or a zigzag with rosettes.
Image paint_engraving(bool scrolls, std::uint32_t seed) {
    const int width = 256, height = 512;
    Image image(width, height, kSilver);
    fill_noise(image, kSilver, kSilverShade, 24.0f, 0.45f, seed);
    for (int x = 0; x < width; x += 3) {  // fine polishing marks along the wire
        const float alpha = 0.10f * value_noise(float(x) * 0.7f, 0.0f, seed + 5);
        for (int y = 0; y < height; ++y)
            image.blend(x, y, kSilverShade, alpha);
    }
    const float c = 128.0f;
    // Each motif is drawn three times, one tile up and down too, so the tile wraps cleanly.
    for (float shift : {-float(height), 0.0f, float(height)}) {
        // Borders: a cut line and a dotted line either side.
        for (float side : {-1.0f, 1.0f}) {
            draw_line(image, {c + side * 66, shift}, {c + side * 66, shift + float(height)}, 2.5f,
                      kEngraved);
            for (int y = 0; y < height; y += 14) {
                fill_circle(image, {c + side * 56, shift + float(y) + 7}, 2.6f, kEngraved);
            }
            for (int y = 0; y < height; y += 16) {  // a band of short slanted cuts outside
                draw_line(image, {c + side * 74, shift + float(y)},
                          {c + side * 86, shift + float(y) + 8}, 2.0f, kEngraved);
            }
        }
        if (scrolls) {
            // Two spirals per tile, turning opposite ways, linked by S-curves.
            const glm::vec2 a(c - 8, shift + 128), b(c + 8, shift + 384);
            draw_polyline(image, spiral(a, 36, 2.2f, 1.0f, 0.0f), 3.5f, kEngraved);
            draw_polyline(image, spiral(b, 36, 2.2f, -1.0f, glm::pi<float>()), 3.5f, kEngraved);
            const glm::vec2 a_end = spiral(a, 36, 2.2f, 1.0f, 0.0f).back();
            const glm::vec2 b_end = spiral(b, 36, 2.2f, -1.0f, glm::pi<float>()).back();
            auto link = [&](glm::vec2 from, glm::vec2 to) {  // a gentle S between tails
                std::vector<glm::vec2> points;
                for (int k = 0; k <= 20; ++k) {
                    const float t = float(k) / 20.0f;
                    points.push_back(glm::mix(from, to, t) +
                                     glm::vec2(20.0f * std::sin(t * glm::two_pi<float>()), 0));
                }
                draw_polyline(image, points, 3.5f, kEngraved);
            };
            link(a_end, b_end);
            link(b_end, a_end + glm::vec2(0, float(height)));  // on to the next tile
        } else {
            // A zigzag along the wire, with small four-petal rosettes in its bays.
            std::vector<glm::vec2> zigzag;
            for (int k = 0; k <= 8; ++k) {
                zigzag.push_back({c + (k % 2 == 0 ? -40.0f : 40.0f), shift + 64.0f * float(k)});
            }
            draw_polyline(image, zigzag, 3.5f, kEngraved);
            for (int k = 0; k < 8; ++k) {
                const glm::vec2 bay(c + (k % 2 == 0 ? 22.0f : -22.0f),
                                    shift + 64.0f * float(k) + 32);
                for (int petal = 0; petal < 4; ++petal) {
                    const float angle = glm::half_pi<float>() * float(petal) + 0.785f;
                    draw_line(image, bay, bay + glm::vec2(std::cos(angle), std::sin(angle)) * 9.0f,
                              3.5f, kEngraved);
                }
                fill_circle(image, bay, 2.5f, kSilver);
            }
        }
    }
    return image;
}

// Plain polished silver for the bars, knobs and hook.
Image paint_plain_silver() {
    Image image(256, 256, kSilver);
    fill_noise(image, kSilver, kSilverShade, 20.0f, 0.5f, 61);
    return image;
}

// A round knob on a ring's end, turned as a lathe so its poles close exactly.
void add_knob(MeshPart& part, glm::vec3 center, float radius) {
    const std::size_t first = part.vertices.size();
    std::vector<ProfilePoint> profile;
    for (int k = 0; k <= 10; ++k) {
        const float angle = glm::pi<float>() * float(k) / 10.0f;  // from the bottom pole up
        profile.push_back(
            {k == 0 || k == 10 ? 0.0f : radius * std::sin(angle), -radius * std::cos(angle)});
    }
    add_lathe(part, profile, 16);
    transform_part(part, glm::translate(glm::mat4(1.0f), center), first);
}

}  // namespace

SampleModel make_vong_co_bac_mong() {
    SampleModel model;
    model.materials.push_back({"engraved silver, scrolls", paint_engraving(true, 51), 1.0f, 0.3f});
    model.materials.push_back({"engraved silver, zigzag", paint_engraving(false, 53), 1.0f, 0.3f});
    model.materials.push_back({"polished silver", paint_plain_silver(), 1.0f, 0.25f});

    // The four rings, each an open circle of round wire from its right end round the back to
    // its left end, leaving a gap at the front (+Z).
    for (int i = 0; i < kRings; ++i) {
        MeshPart ring{"ring " + std::to_string(i + 1), i % 2, {}, {}};
        const float end_angle = std::asin(kEndX / kRingRadius[i]);
        const std::vector<glm::vec3> path =
            arc_points({0, kRingY[i], 0}, {0, 0, 1}, {1, 0, 0}, kRingRadius[i], end_angle,
                       glm::two_pi<float>() - end_angle, 129);
        const int sides = 16;
        add_tube(ring, path, kTube, sides);
        // add_tube's u starts on the wire's outer side and turns downwards: shift it so the
        // engraving's centre (x = 128) lies on the upper outer side, and repeat it along.
        const std::size_t body = path.size() * std::size_t(sides + 1);
        for (std::size_t v = 0; v < ring.vertices.size(); ++v) {
            glm::vec2& uv = ring.vertices[v].uv;
            uv = v < body ? glm::vec2(uv.x - 0.375f, uv.y * kTiles) : glm::vec2(0.02f, 0.02f);
        }
        model.parts.push_back(ring);
    }

    // The clasp: on each side a bar through the four ring ends (standing on y = 0), a round
    // knob on every end, an eye round each bar and a hook curving forward between the eyes.
    MeshPart clasp{"clasp", 2, {}, {}};
    for (float side : {1.0f, -1.0f}) {
        const glm::vec3 mirror(side, 1, 1);
        std::vector<glm::vec3> bar{ring_end(0) * mirror * glm::vec3(1, 0, 1)};
        for (int i = 0; i < kRings; ++i) {
            bar.push_back(ring_end(i) * mirror);
            add_knob(clasp, ring_end(i) * mirror, kTube + 0.0008f);
        }
        bar.push_back(ring_end(kRings - 1) * mirror + glm::vec3(0, kTube, 0));
        add_tube(clasp, bar, kBarRadius, 12);
    }
    // The bars' z where the hook meets them, between rings 2 and 3.
    const float t = (kHookY - kRingY[1]) / (kRingY[2] - kRingY[1]);
    const float bar_z = ring_end(1).z + (ring_end(2).z - ring_end(1).z) * t;
    const float eye_radius = kBarRadius + kHookRadius + 0.0006f;
    for (float side : {1.0f, -1.0f}) {
        add_torus(clasp, {side * kEndX, kHookY, bar_z}, eye_radius, kHookRadius, 16, 8);
    }
    const float reach = 2 * std::asin(eye_radius / (2 * kEndX));  // where the arc meets the eyes
    const std::vector<glm::vec3> hook = arc_points({0, kHookY, bar_z}, {1, 0, 0}, {0, 0, 1}, kEndX,
                                                   glm::pi<float>() - reach, reach, 24);
    add_tube(clasp, hook, kHookRadius, 10);
    model.parts.push_back(clasp);
    return model;
}

}  // namespace heritage::sample
