// Tày then lute (đàn tính): a dried-gourd body with a thin soundboard, a long light-wood neck
// ending in a head curved like a sickle, two pegs and two strings. Sizes: the neck's 75–90 cm
// and the 3 mm bamboo-sheath or wood soundboard come from [S43] (notes section 2, A10); the
// gourd of 20 cm and the overall 1.10 m follow the exhibit's geometry spec.
#include <algorithm>
#include <cmath>
#include <glm/gtc/constants.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include "assets/generator/models/models.h"

namespace heritage::sample {
namespace {

constexpr float kGourdRadius = 0.10f;
constexpr float kGourdCentreY = 0.10f;
constexpr float kBoardZ = 0.085f;       // where the gourd is cut flat for the soundboard
constexpr float kBoardRadius = 0.053f;  // just over the cut circle, sqrt(0.1^2 - 0.085^2)
constexpr float kBoardThickness = 0.0015f;
constexpr float kNeckRadius = 0.015f;
constexpr float kNeckTop = 1.0f;

const Color kGourd{196, 150, 72, 255};
const Color kGourdDark{112, 70, 30, 255};
const Color kBoard{226, 206, 160, 255};
const Color kBoardGrain{190, 162, 110, 255};
const Color kNeckWood{150, 96, 52, 255};
const Color kNeckGrain{112, 68, 34, 255};
const Color kPegWood{70, 40, 22, 255};
const Color kString{236, 228, 204, 255};

// Geometry built along +Y (lathes, discs) turned to face +Z and placed at the gourd's centre.
glm::mat4 gourd_frame() {
    return glm::rotate(glm::translate(glm::mat4(1.0f), glm::vec3(0, kGourdCentreY, 0)),
                       glm::half_pi<float>(), glm::vec3(1, 0, 0));
}

// Gourd skin: yellow-brown with darker mottling and faint ribs running from the back pole to
// the cut (u around, v from back to front).
Image paint_gourd() {
    Image image(1024, 512, kGourd);
    for (int y = 0; y < image.height; ++y) {
        for (int x = 0; x < image.width; ++x) {
            const float coarse = value_noise(float(x) / 70.0f, float(y) / 50.0f, 61);
            const float fine = value_noise(float(x) / 12.0f, float(y) / 9.0f, 62);
            const float blotch = std::clamp((coarse - 0.55f) * 3.0f, 0.0f, 1.0f);
            const float rib =
                0.5f + 0.5f * std::sin(float(x) / 1024.0f * glm::two_pi<float>() * 14);
            image.set(x, y, mix(kGourd, kGourdDark, 0.55f * blotch + 0.25f * fine + 0.08f * rib));
        }
    }
    // Speckles of darker skin.
    for (int i = 0; i < 260; ++i) {
        const float x = value_noise(float(i) * 3.1f, 0.5f, 63) * 1024.0f;
        const float y = value_noise(0.5f, float(i) * 2.7f, 64) * 512.0f;
        fill_circle(image, {x, y}, 1.5f + 3.0f * value_noise(float(i), 7.0f, 65),
                    mix(kGourdDark, kGourd, 0.3f));
    }
    return image;
}

// Soundboard of bamboo sheath: pale, fibres running up and down (v is -y on the board), with a
// rosette of small sound holes above the bridge.
Image paint_soundboard() {
    Image image(512, 512, kBoard);
    fill_noise(image, kBoard, kBoardGrain, 20.0f, 0.45f, 66);
    for (int i = 0; i < 70; ++i) {
        const float x = float(i) * 512.0f / 70.0f + 3.0f * value_noise(float(i), 1.0f, 67);
        draw_line(image, {x, 0}, {x + 4.0f, 512}, 1.0f, kBoardGrain);
    }
    draw_circle(image, {256, 256}, 250, 6.0f, kBoardGrain);  // the edge where it is glued
    const glm::vec2 rosette(256, 150);
    const Color hole{40, 26, 14, 255};
    fill_circle(image, rosette, 7.0f, hole);
    for (int k = 0; k < 6; ++k) {
        const float a = glm::two_pi<float>() * float(k) / 6.0f;
        fill_circle(image, rosette + glm::vec2(std::sin(a), std::cos(a)) * 22.0f, 5.0f, hole);
    }
    return image;
}

// Light wood of the neck and head: grain along their length (v).
Image paint_neck() {
    Image image(256, 1024, kNeckWood);
    fill_noise(image, kNeckWood, kNeckGrain, 20.0f, 0.4f, 68);
    for (int i = 0; i < 24; ++i) {
        std::vector<glm::vec2> grain;
        for (int k = 0; k <= 16; ++k) {
            grain.push_back({float(i) * 256.0f / 24.0f + 4.0f * value_noise(float(i), float(k), 69),
                             float(k) * 64.0f});
        }
        draw_polyline(image, grain, 1.2f, kNeckGrain);
    }
    return image;
}

// A smooth path through `points` (Catmull-Rom), `steps` samples per span.
std::vector<glm::vec3> smooth_path(const std::vector<glm::vec3>& points, int steps) {
    std::vector<glm::vec3> path;
    for (std::size_t i = 0; i + 1 < points.size(); ++i) {
        const glm::vec3 p0 = points[i == 0 ? 0 : i - 1];
        const glm::vec3 p1 = points[i];
        const glm::vec3 p2 = points[i + 1];
        const glm::vec3 p3 = points[std::min(points.size() - 1, i + 2)];
        for (int s = 0; s < steps; ++s) {
            const float t = float(s) / float(steps);
            path.push_back(0.5f * (2.0f * p1 + (p2 - p0) * t +
                                   (2.0f * p0 - 5.0f * p1 + 4.0f * p2 - p3) * t * t +
                                   (3.0f * p1 - p0 - 3.0f * p2 + p3) * t * t * t));
        }
    }
    path.push_back(points.back());
    return path;
}

// A tube whose radius runs linearly from `r0` to `r1` along the path: add_tube's rings moved
// in or out along their normals. Left open: both ends are covered by other parts.
void add_tapered_tube(MeshPart& part, const std::vector<glm::vec3>& path, float r0, float r1,
                      int segments) {
    const std::size_t first = part.vertices.size();
    add_tube(part, path, r0, segments, false);
    for (std::size_t i = 0; i < path.size(); ++i) {
        const float r = r0 + (r1 - r0) * float(i) / float(path.size() - 1);
        for (int s = 0; s <= segments; ++s) {
            Vertex& vertex = part.vertices[first + i * std::size_t(segments + 1) + std::size_t(s)];
            vertex.position = path[i] + vertex.normal * r;
        }
    }
}

}  // namespace

SampleModel make_dan_tinh_tay() {
    SampleModel model;
    model.materials.push_back({"gourd", paint_gourd(), 0.0f, 0.55f});
    model.materials.push_back({"soundboard", paint_soundboard(), 0.0f, 0.75f});
    model.materials.push_back({"neck wood", paint_neck(), 0.0f, 0.65f});
    model.materials.push_back({"peg wood", Image(16, 16, kPegWood), 0.0f, 0.6f});
    model.materials.push_back({"strings", Image(16, 16, kString), 0.0f, 0.5f});

    // The gourd: a sphere of radius 0.10 m resting on y = 0, cut flat at the front (z 0.085);
    // built about the Z axis from the back pole to the cut, then turned to face +Z.
    MeshPart gourd{"gourd", 0, {}, {}};
    std::vector<ProfilePoint> profile;
    const float cut = std::asin(kBoardZ / kGourdRadius);
    for (int k = 0; k <= 36; ++k) {
        const float a = -glm::half_pi<float>() + (cut + glm::half_pi<float>()) * float(k) / 36.0f;
        profile.push_back({kGourdRadius * std::cos(a), kGourdRadius * std::sin(a)});
    }
    add_lathe(gourd, profile, 64);
    transform_part(gourd, gourd_frame());
    // A collar of gourd skin where the neck enters at the top.
    add_lathe(gourd, {{0.019f, 0.186f}, {0.021f, 0.191f}, {0.021f, 0.204f}, {0.0148f, 0.211f}}, 32,
              0.4f, 0.5f);
    model.parts.push_back(gourd);

    // The soundboard: a thin disc over the cut, its edge standing just proud of the gourd.
    MeshPart board{"soundboard", 1, {}, {}};
    const float board_front = kBoardZ + kBoardThickness;
    add_disc(board, board_front, kBoardRadius, true, 64);
    add_lathe(board, {{kBoardRadius, kBoardZ - 0.002f}, {kBoardRadius, board_front}}, 64, 0.98f,
              1.0f);
    transform_part(board, gourd_frame());
    model.parts.push_back(board);

    // The neck, from inside the gourd up to y = 1.0, and the head curving back like a sickle
    // (rising a little forward, then hooking over and back), tapering to a rounded tip.
    MeshPart neck{"neck and head", 2, {}, {}};
    add_lathe(neck,
              {{0.0f, 0.11f},
               {kNeckRadius, 0.11f},
               {kNeckRadius, 0.11f},
               {kNeckRadius, kNeckTop},
               {kNeckRadius, kNeckTop},
               {0.0f, kNeckTop}},
              32);
    const std::vector<glm::vec3> head = smooth_path({{0, 0.990f, 0.000f},
                                                     {0, 1.020f, 0.004f},
                                                     {0, 1.050f, 0.011f},
                                                     {0, 1.074f, 0.012f},
                                                     {0, 1.087f, 0.003f},
                                                     {0, 1.090f, -0.012f},
                                                     {0, 1.083f, -0.030f},
                                                     {0, 1.067f, -0.046f},
                                                     {0, 1.050f, -0.056f},
                                                     {0, 1.036f, -0.060f}},
                                                    6);
    add_tapered_tube(neck, head, 0.0148f, 0.0045f, 24);
    add_ellipsoid(neck, head.back(), glm::vec3(0.0045f), 12, 6);
    model.parts.push_back(neck);

    // Two tuning pegs through the head's base, one out to each side, with flat grips.
    MeshPart pegs{"pegs", 3, {}, {}};
    for (float side : {1.0f, -1.0f}) {
        const float y = side > 0 ? 1.020f : 1.036f;
        add_tube(pegs, {{-side * 0.018f, y, 0.0f}, {side * 0.030f, y, 0.0f}}, 0.004f, 12);
        add_ellipsoid(pegs, {side * 0.038f, y, 0.0f}, {0.012f, 0.0085f, 0.0045f}, 16, 8);
        add_ellipsoid(pegs, {-side * 0.019f, y, 0.0f}, glm::vec3(0.005f), 12, 6);
    }
    model.parts.push_back(pegs);

    // Small bamboo fittings on the soundboard: the tailpiece the strings are tied to, the
    // bridge, and the saddle at the board's upper edge; the nut at the top of the neck.
    MeshPart fittings{"bridge and nut", 1, {}, {}};
    add_box(fittings, {-0.012f, 0.050f, board_front - 0.001f},
            {0.012f, 0.060f, board_front + 0.003f});
    add_box(fittings, {-0.013f, 0.082f, board_front - 0.001f}, {0.013f, 0.086f, 0.0935f});
    add_box(fittings, {-0.012f, 0.146f, board_front - 0.002f}, {0.012f, 0.153f, 0.0905f});
    add_box(fittings, {-0.009f, 0.981f, kNeckRadius - 0.0015f}, {0.009f, 0.989f, 0.0205f});
    model.parts.push_back(fittings);

    // Two strings from the tailpiece over the bridge and the saddle, drawn down to the neck by
    // a cord loop, then up the front of the neck over the nut to the pegs.
    MeshPart strings{"strings", 4, {}, {}};
    const float r = 0.0008f;
    for (float side : {1.0f, -1.0f}) {
        const float peg_y = side > 0 ? 1.020f : 1.036f;
        add_tube(strings,
                 {{side * 0.006f, 0.056f, board_front + 0.003f + r},
                  {side * 0.006f, 0.084f, 0.0935f + r},
                  {side * 0.005f, 0.1525f, 0.0905f + r},
                  {side * 0.004f, 0.270f, kNeckRadius + 0.0045f},
                  {side * 0.004f, 0.985f, 0.0205f + r},
                  {side * 0.004f, peg_y, 0.010f}},
                 r, 6);
    }
    add_torus(strings, {0, 0.270f, 0.0025f}, 0.0166f, 0.0018f, 24, 6);  // the cord loop
    model.parts.push_back(strings);
    return model;
}

}  // namespace heritage::sample
