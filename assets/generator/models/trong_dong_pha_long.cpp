// Pha Long bronze drum tympanum (Đông Sơn, found 1956 in Mường Khương): face diameter 740 mm
// from [S17] (content-research.md A1); only the face and part of the upper mantle (tang)
// survive. The 200 mm of mantle kept here and the 4-5 mm plate and wall are approx. The face
// carries, from the centre out, [S17]'s bands: a 16-ray star, rice grains, 19 long-beaked Lạc
// birds flying counter-clockwise, then sawtooth and raised dots at the rim; the mantle has dots,
// sawtooth, tangent circles and fragments of boat scenes. Grey-green patina on bronze.
#include <algorithm>
#include <cmath>
#include <glm/gtc/constants.hpp>
#include <iterator>

#include "assets/generator/models/models.h"

namespace heritage::sample {
namespace {

constexpr float kFaceY = 0.200f;       // the tympanum's top face
constexpr float kFaceRadius = 0.370f;  // 740 mm across [S17]
constexpr float kPlate = 0.004f;       // thickness of the face plate (approx.)
constexpr float kWall = 0.005f;        // thickness of the mantle wall (approx.)
constexpr int kSegments = 180;         // 2 degrees each: the broken back falls on columns
constexpr int kMantleRows = 20;
constexpr int kMantleRepeats = 4;  // the mantle's texture covers a quarter turn

const Color kBronze{104, 88, 60, 255};
const Color kPatina{112, 132, 114, 255};  // grey-green
const Color kRelief{166, 160, 128, 255};  // worn raised lines catch the light
const Color kCorrosion{138, 170, 148, 255};
const Color kDark{58, 56, 44, 255};

// The outer profile of the surviving mantle, top (under the face's rim) to bottom: the face
// overhangs very slightly, then the upper mantle bulges gently as on Heger I drums.
const ProfilePoint kMantle[] = {{0.370f, 0.200f}, {0.366f, 0.195f}, {0.364f, 0.180f},
                                {0.366f, 0.140f}, {0.368f, 0.090f}, {0.3675f, 0.040f},
                                {0.365f, 0.000f}};

float mantle_radius(float y) {
    const int count = int(std::size(kMantle));
    for (int i = 1; i < count; ++i) {
        if (y >= kMantle[i].y) {
            const float t = (y - kMantle[i].y) / (kMantle[i - 1].y - kMantle[i].y);
            return kMantle[i].radius + (kMantle[i - 1].radius - kMantle[i].radius) * t;
        }
    }
    return kMantle[count - 1].radius;
}

// Outward normal of the mantle at height y, from the profile's slope.
glm::vec3 mantle_normal(float angle, float y, bool outside) {
    const float dr_dy =
        (mantle_radius(std::min(y + 0.004f, kFaceY)) - mantle_radius(std::max(y - 0.004f, 0.0f))) /
        (std::min(y + 0.004f, kFaceY) - std::max(y - 0.004f, 0.0f));
    const glm::vec3 around(std::sin(angle), 0.0f, std::cos(angle));
    const glm::vec3 normal = glm::normalize(around - glm::vec3(0, dr_dy, 0));
    return outside ? normal : -normal;
}

// Height of the mantle's broken lower edge at `angle` (radians from +Z towards +X). The front
// survives down to y = 0; the back 120 degrees (around -Z) are broken off just under the face,
// with ragged edges between.
float break_height(float angle) {
    const float degrees = glm::degrees(angle);
    const float from_back = std::abs(degrees - 180.0f);       // 0 at the back, 180 at the front
    const float ramp_end = degrees < 180.0f ? 88.0f : 82.0f;  // not quite symmetric
    const float t = std::clamp((from_back - 60.0f) / (ramp_end - 60.0f), 0.0f, 1.0f);
    const float smooth = t * t * (3 - 2 * t);  // 0 broken off, 1 intact
    const float stub =
        0.168f + 0.007f * std::sin(angle * 23.0f) + 0.004f * std::sin(angle * 41.0f + 1.3f);
    const float jag = 0.08f * smooth * (1 - smooth) * std::sin(angle * 37.0f + 0.4f);
    return std::max(0.0f, stub * (1 - smooth) + jag);
}

// Light-green corrosion crusts and dark pits over a painted surface, from noise.
void corrode(Image& image, float scale, float amount, std::uint32_t seed) {
    for (int y = 0; y < image.height; ++y) {
        for (int x = 0; x < image.width; ++x) {
            const float n =
                0.65f * value_noise(float(x) / scale, float(y) / scale, seed) +
                0.35f * value_noise(float(x) / (scale / 3), float(y) / (scale / 3), seed + 7);
            if (n > 0.68f)
                image.blend(x, y, kCorrosion, std::min(1.0f, (n - 0.68f) * 4 * amount));
            if (n < 0.18f)
                image.blend(x, y, kDark, (0.18f - n) * 3 * amount);
        }
    }
}

// The tympanum, painted as a square that add_disc maps onto the face: image x along +X, image
// rows along +Z, so the picture is the face seen from above with the front (+Z) at the bottom.
Image paint_tympanum() {
    const int size = 1024;
    Image image(size, size, kBronze);
    fill_noise(image, kBronze, kPatina, 70.0f, 0.95f, 21);
    const glm::vec2 c(size / 2.0f);
    const float px_per_m = size / (2 * kFaceRadius);
    auto r = [&](float metres) { return metres * px_per_m; };
    auto at = [&](float angle, float radius) {  // angle clockwise from the back, as drawn
        return c + glm::vec2(std::sin(angle), -std::cos(angle)) * r(radius);
    };
    constexpr float kTau = glm::two_pi<float>();

    // Centre: a 16-ray star (the sun), 0-0.07 m, with chevrons between its rays.
    fill_circle(image, c, r(0.020f), kRelief);
    fill_polygon(image, star_points(c, r(0.068f), r(0.021f), 16), kRelief);
    for (int i = 0; i < 16; ++i) {
        const float a = kTau * (float(i) + 0.5f) / 16.0f;
        for (float step : {0.034f, 0.046f}) {
            draw_line(image, at(a, step), at(a - 0.07f, step + 0.012f), 2.0f, kRelief);
            draw_line(image, at(a, step), at(a + 0.07f, step + 0.012f), 2.0f, kRelief);
        }
    }
    // Rice-grain band, 0.07-0.14 m: three staggered rows of grains between double circles.
    for (float ring : {0.071f, 0.076f, 0.134f, 0.139f})
        draw_circle(image, c, r(ring), 2.5f, kRelief);
    for (int row = 0; row < 3; ++row) {
        const float radius = 0.088f + 0.016f * float(row);
        const int count = int(kTau * radius / 0.010f);
        for (int i = 0; i < count; ++i) {
            const float a = kTau * (float(i) + 0.5f * float(row % 2)) / float(count);
            const glm::vec2 p = at(a, radius);
            const float tilt = row % 2 == 0 ? 0.6f : -0.6f;  // grains lean, row by row
            const glm::vec2 along(std::cos(a + tilt), std::sin(a + tilt));
            std::vector<glm::vec2> grain;
            for (int k = 0; k < 10; ++k) {
                const float t = kTau * float(k) / 10.0f;
                grain.push_back(p + along * (std::cos(t) * r(0.0048f)) +
                                glm::vec2(-along.y, along.x) * (std::sin(t) * r(0.0022f)));
            }
            fill_polygon(image, grain, kRelief);
        }
    }
    // 0.14-0.20 m: a band of circles with a centre dot, linked by tangent lines.
    for (float ring : {0.144f, 0.149f, 0.191f, 0.196f})
        draw_circle(image, c, r(ring), 2.5f, kRelief);
    {
        const int count = 44;
        for (int i = 0; i < count; ++i) {
            const float a = kTau * float(i) / float(count);
            draw_circle(image, at(a, 0.170f), r(0.0095f), 2.5f, kRelief);
            fill_circle(image, at(a, 0.170f), r(0.003f), kRelief);
            const float next = kTau * (float(i) + 1) / float(count);
            draw_line(image, at(a + 0.012f, 0.1795f), at(next - 0.012f, 0.1605f), 2.0f, kRelief);
        }
    }
    // 0.20-0.27 m: 19 long-beaked Lạc birds flying counter-clockwise seen from above. In the
    // picture (the face from above) that is against the clock, so "ahead" is -d/d(angle).
    for (float ring : {0.201f, 0.270f})
        draw_circle(image, c, r(ring), 2.5f, kRelief);
    for (int i = 0; i < 19; ++i) {
        const float a = kTau * (float(i) + 0.25f) / 19.0f;
        const glm::vec2 out(std::sin(a), -std::cos(a));  // away from the centre
        const glm::vec2 ahead(out.y, -out.x);            // counter-clockwise
        const glm::vec2 body = c + out * r(0.236f);
        auto p = [&](float forward, float outward) {
            return body + ahead * r(forward) + out * r(outward);
        };
        std::vector<glm::vec2> outline;  // the body, an elongated oval
        for (int k = 0; k < 16; ++k) {
            const float t = kTau * float(k) / 16.0f;
            outline.push_back(p(0.013f * std::cos(t), 0.0055f * std::sin(t)));
        }
        fill_polygon(image, outline, kRelief);
        fill_circle(image, p(0.016f, 0.001f), r(0.0045f), kRelief);  // head
        fill_circle(image, p(0.017f, 0.002f), r(0.0012f), kBronze);  // eye
        fill_polygon(
            image,
            {p(0.019f, 0.0028f), p(0.046f, -0.0022f), p(0.0445f, -0.0038f), p(0.019f, -0.0022f)},
            kRelief);  // the long beak, ahead and slightly down
        draw_line(image, p(0.014f, 0.005f), p(0.000f, 0.014f), 2.5f, kRelief);  // crest
        draw_line(image, p(0.012f, 0.004f), p(-0.004f, 0.010f), 2.0f, kRelief);
        fill_polygon(
            image, {p(0.005f, 0.004f), p(-0.006f, 0.020f), p(-0.013f, 0.021f), p(-0.008f, 0.004f)},
            kRelief);  // wing, swept back
        fill_polygon(image,
                     {p(-0.011f, 0.002f), p(-0.027f, 0.009f), p(-0.024f, 0.001f),
                      p(-0.028f, -0.007f), p(-0.011f, -0.003f)},
                     kRelief);                                                     // forked tail
        draw_line(image, p(0.002f, -0.005f), p(-0.007f, -0.012f), 2.0f, kRelief);  // legs
        draw_line(image, p(-0.003f, -0.005f), p(-0.011f, -0.011f), 2.0f, kRelief);
    }
    // 0.27-0.30 m: a row of small dots between lines.
    for (float ring : {0.276f, 0.296f})
        draw_circle(image, c, r(ring), 2.5f, kRelief);
    for (int i = 0; i < 150; ++i)
        fill_circle(image, at(kTau * float(i) / 150, 0.286f), 2.6f, kRelief);
    // 0.30-0.37 m: a sawtooth band, then a row of raised dots, then the plain rim.
    for (float ring : {0.302f, 0.326f, 0.331f, 0.356f, 0.361f}) {
        draw_circle(image, c, r(ring), 2.5f, kRelief);
    }
    {
        const int teeth = 150;
        for (int i = 0; i < teeth; ++i) {
            const float a0 = kTau * float(i) / float(teeth);
            const float a1 = kTau * (float(i) + 1) / float(teeth);
            fill_polygon(image, {at(a0, 0.303f), at(a1, 0.303f), at((a0 + a1) / 2, 0.325f)},
                         kRelief);
        }
        const int dots = 110;
        for (int i = 0; i < dots; ++i) {
            fill_circle(image, at(kTau * float(i) / float(dots), 0.3435f), r(0.0042f), kRelief);
        }
    }
    corrode(image, 55.0f, 0.8f, 23);
    return image;
}

// The mantle's outside, a quarter turn wide (repeated four times): u around, v from the face
// (row 0) down to y = 0. Bands of lines, dots, tangent circles and sawtooth, then a boat scene
// with plumed rowers, worn into fragments.
Image paint_mantle() {
    const int width = 1024, height = 384;
    Image image(width, height, kBronze);
    fill_noise(image, kBronze, kPatina, 45.0f, 0.95f, 31);
    auto row = [&](float y) { return (kFaceY - y) / kFaceY * float(height); };
    const float px_per_m_u = float(width) / (glm::two_pi<float>() * 0.367f / kMantleRepeats);
    auto line = [&](float y) {
        draw_line(image, {0, row(y)}, {float(width), row(y)}, 2.5f, kRelief);
    };
    for (float y : {0.191f, 0.187f, 0.173f, 0.147f, 0.143f, 0.125f, 0.121f, 0.028f, 0.024f}) {
        line(y);
    }
    for (int x = 0; x < width; x += 16)
        fill_circle(image, {float(x) + 8, row(0.180f)}, 3.5f, kRelief);
    // Tangent circles with centre dots, 0.148-0.172 m.
    const float circle_px = 0.0095f * px_per_m_u;
    const int circles = 22;
    for (int i = 0; i <= circles; ++i) {
        const float x = (float(i) + 0.5f) * float(width) / float(circles);
        draw_circle(image, {x, row(0.160f)}, circle_px, 2.5f, kRelief);
        fill_circle(image, {x, row(0.160f)}, 3.5f, kRelief);
        const float next = x + float(width) / float(circles);
        draw_line(image, {x + 4, row(0.160f) - circle_px}, {next - 4, row(0.160f) + circle_px},
                  2.0f, kRelief);
    }
    draw_zigzag(image, 0, float(width), row(0.140f), row(0.128f), 32, 2.5f, kRelief);
    // A boat scene, 0.03-0.12 m: a crescent hull with a bird-head prow, plumed rowers.
    const float hull_y = row(0.050f);
    std::vector<glm::vec2> hull;
    for (int k = 0; k <= 24; ++k) {  // keel, from stern to prow
        const float t = float(k) / 24.0f;
        hull.push_back({130 + 760 * t, hull_y + 26 * std::sin(t * glm::pi<float>())});
    }
    hull.push_back({905, row(0.105f)});  // raised prow
    hull.push_back({880, hull_y - 4});
    for (int k = 24; k >= 0; --k) {  // deck line back to the stern
        const float t = float(k) / 24.0f;
        hull.push_back({150 + 720 * t, hull_y - 4 + 10 * std::sin(t * glm::pi<float>())});
    }
    hull.push_back({110, row(0.100f)});  // raised stern
    fill_polygon(image, hull, kRelief);
    fill_circle(image, {907, row(0.108f)}, 9, kRelief);                       // bird-head prow
    draw_line(image, {912, row(0.108f)}, {950, row(0.100f)}, 3.0f, kRelief);  // its beak
    for (int i = 0; i < 7; ++i) {  // rowers with feathered head-dresses
        const float x = 230 + 95 * float(i);
        const float base = hull_y - 2;
        draw_line(image, {x, base}, {x, base - 46}, 5.0f, kRelief);  // body
        fill_circle(image, {x, base - 52}, 7, kRelief);              // head
        draw_polyline(image, {{x, base - 56}, {x - 14, base - 80}, {x - 38, base - 88}}, 3.0f,
                      kRelief);  // plumes streaming back
        draw_polyline(image, {{x + 2, base - 58}, {x - 4, base - 90}, {x - 22, base - 104}}, 3.0f,
                      kRelief);
        draw_line(image, {x, base - 30}, {x + 16, base - 22}, 3.0f, kRelief);  // arms, oar
        draw_line(image, {x + 16, base - 22}, {x + 34, base + 34}, 3.0f, kRelief);
    }
    for (int x = 0; x < width; x += 16)
        fill_circle(image, {float(x) + 8, row(0.012f)}, 3.5f, kRelief);
    corrode(image, 40.0f, 1.0f, 33);
    return image;
}

// The inside of the plate and mantle and the broken edges: darker, rougher, undecorated.
Image paint_inside() {
    Image image(512, 512, kBronze);
    fill_noise(image, mix(kBronze, kDark, 0.3f), kPatina, 40.0f, 0.9f, 41);
    corrode(image, 30.0f, 0.7f, 43);
    return image;
}

// One surface of the mantle (outside or inside) from `top` down to the broken edge.
void add_mantle_surface(MeshPart& part, float top, bool outside) {
    std::vector<Vertex> grid;
    for (int row = 0; row <= kMantleRows; ++row) {
        for (int s = 0; s <= kSegments; ++s) {
            const float angle = glm::two_pi<float>() * float(s) / float(kSegments);
            const float bottom = break_height(angle);
            const float y = top - (top - bottom) * float(row) / float(kMantleRows);
            const float radius = mantle_radius(y) - (outside ? 0.0f : kWall);
            const glm::vec3 around(std::sin(angle), 0.0f, std::cos(angle));
            const glm::vec2 uv =
                outside ? glm::vec2(float(kMantleRepeats * s) / kSegments, (kFaceY - y) / kFaceY)
                        : glm::vec2(float(2 * s) / kSegments, y * 4);
            grid.push_back(
                {around * radius + glm::vec3(0, y, 0), mantle_normal(angle, y, outside), uv});
        }
    }
    add_grid(part, grid, kSegments + 1);
}

}  // namespace

SampleModel make_trong_dong_pha_long() {
    SampleModel model;
    model.materials.push_back({"tympanum", paint_tympanum(), 0.85f, 0.6f});
    model.materials.push_back({"bronze mantle", paint_mantle(), 0.85f, 0.65f});
    model.materials.push_back({"bronze inside", paint_inside(), 0.8f, 0.75f});

    // The decorated face, complete.
    MeshPart face{"tympanum", 0, {}, {}};
    add_disc(face, kFaceY, kFaceRadius, true, kSegments);
    model.parts.push_back(face);

    // The surviving outer mantle under the face, broken away over the back.
    MeshPart mantle{"mantle", 1, {}, {}};
    add_mantle_surface(mantle, kFaceY, true);
    model.parts.push_back(mantle);

    // Inside: the underside of the face plate, the inner wall, and the broken edge between the
    // outer and inner wall, so the fragment is a closed shell.
    MeshPart inside{"inside and broken edge", 2, {}, {}};
    add_disc(inside, kFaceY - kPlate, mantle_radius(kFaceY - kPlate) - kWall, false, kSegments);
    add_mantle_surface(inside, kFaceY - kPlate, false);
    std::vector<Vertex> edge;
    for (int side = 0; side < 2; ++side) {
        for (int s = 0; s <= kSegments; ++s) {
            const float angle = glm::two_pi<float>() * float(s) / float(kSegments);
            const float y = break_height(angle);
            const glm::vec3 around(std::sin(angle), 0.0f, std::cos(angle));
            const float radius = mantle_radius(y) - (side == 0 ? 0.0f : kWall);
            // The edge faces away from the metal: down, within the wall, across the break line.
            const float step = 0.002f;
            const glm::vec3 ahead(std::sin(angle + step), 0.0f, std::cos(angle + step));
            const glm::vec3 behind(std::sin(angle - step), 0.0f, std::cos(angle - step));
            const glm::vec3 tangent =
                glm::normalize(ahead * radius + glm::vec3(0, break_height(angle + step), 0) -
                               behind * radius - glm::vec3(0, break_height(angle - step), 0));
            const glm::vec3 normal = glm::normalize(glm::vec3(0, -1, 0) + tangent * tangent.y);
            edge.push_back({around * radius + glm::vec3(0, y, 0),
                            normal,
                            {float(2 * s) / kSegments, 0.5f + 0.02f * float(side)}});
        }
    }
    add_grid(inside, edge, kSegments + 1);
    model.parts.push_back(inside);
    return model;
}

}  // namespace heritage::sample
