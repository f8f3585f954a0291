// Flower Hmong (Mông Hoa) pleated hemp skirt: indigo-dyed hemp with a wax-resist batik band
// and an embroidered, appliquéd lower band. The band heights follow the Vietnam Museum of
// Ethnology skirt in [S31] (notes section 2, A5): waistband about 3 cm, upper band 10–15 cm,
// batik band 27–30 cm, embroidery and appliqué 15–20 cm, hem 5–9 cm, 70 cm in all. Drawn as
// it hangs on a display form: waist radius 0.15 m flaring to 0.30 m at the hem.
#include <cmath>
#include <glm/gtc/constants.hpp>

#include "assets/generator/models/models.h"

namespace heritage::sample {
namespace {

constexpr float kHeight = 0.70f;
constexpr float kHemRadius = 0.30f;
constexpr float kFlare = 0.214f;        // radius lost per metre of height
constexpr int kPleats = 120;            // accordion pleats round the skirt
constexpr float kPleatDepth = 0.0035f;  // half the depth of a pleat
constexpr float kWall = 0.003f;         // cloth thickness between outer and inner surfaces
constexpr int kRows = 14;

const Color kIndigo{34, 46, 92, 255};
const Color kIndigoDeep{20, 26, 58, 255};
const Color kWax{196, 208, 226, 255};  // where the wax kept the dye out
const Color kWaist{22, 22, 30, 255};
const Color kRed{196, 32, 44, 255};
const Color kYellow{238, 196, 46, 255};
const Color kGreen{46, 150, 80, 255};
const Color kPink{236, 104, 160, 255};
const Color kWhite{236, 232, 220, 255};

// Texture rows: v = (0.70 - y) / 0.70, so row 0 is the waist and row 512 the hem.
float row_of(float y) {
    return (kHeight - y) / kHeight * 512.0f;
}

// Hemp weave over a base colour: noise and a faint grid of threads.
void weave(Image& image, float top, float bottom, Color base, Color dark, std::uint32_t seed) {
    for (int y = int(top); y < int(bottom) && y < image.height; ++y) {
        for (int x = 0; x < image.width; ++x) {
            const float n = value_noise(float(x) * 0.35f, float(y) * 0.35f, seed) * 0.5f +
                            value_noise(float(x) * 0.04f, float(y) * 0.04f, seed + 1) * 0.5f;
            const float thread = ((x % 3) == 0 || (y % 3) == 0) ? 0.15f : 0.0f;
            image.set(x, y, mix(base, dark, n * 0.55f + thread));
        }
    }
}

// A cross stitch (an X) of half-size h centred at p.
void cross_stitch(Image& image, glm::vec2 p, float h, Color color) {
    draw_line(image, p - glm::vec2(h, h), p + glm::vec2(h, h), 1.2f, color);
    draw_line(image, p + glm::vec2(-h, h), p + glm::vec2(h, -h), 1.2f, color);
}

// A lozenge of cross stitches: the diamond outline on a grid of `step` pixels.
void stitched_diamond(Image& image, glm::vec2 c, int size, float step, Color color) {
    for (int i = -size; i <= size; ++i) {
        const int j = size - std::abs(i);
        cross_stitch(image, c + glm::vec2(float(i), float(j)) * step, step * 0.4f, color);
        if (j != 0)
            cross_stitch(image, c + glm::vec2(float(i), float(-j)) * step, step * 0.4f, color);
    }
}

// A square spiral (the snail-shell motif) winding out from c: legs of 1, 1, 2, 2, 3, 3...
// steps, `size` across.
void square_spiral(Image& image, glm::vec2 c, float size, float width, Color color) {
    const glm::vec2 dirs[] = {{1, 0}, {0, 1}, {-1, 0}, {0, -1}};
    const float step = size / 10.0f;
    std::vector<glm::vec2> points{c};
    for (int k = 0; k < 9; ++k) {
        points.push_back(points.back() + dirs[k % 4] * step * float(k / 2 + 1));
    }
    draw_polyline(image, points, width, color);
}

// The outside of the skirt, band by band from the waist down.
Image paint_skirt() {
    Image image(1024, 512, kIndigo);
    const float waist_bottom = row_of(0.67f);
    const float upper_bottom = row_of(0.55f);
    const float batik_bottom = row_of(0.27f);
    const float embroidery_bottom = row_of(0.08f);

    // Waistband: dark hemp, with its stitching line.
    weave(image, 0, waist_bottom, kWaist, Color{8, 8, 12, 255}, 51);
    draw_line(image, {0, waist_bottom - 3}, {1024, waist_bottom - 3}, 1.0f,
              Color{90, 90, 100, 255});

    // Upper band: plain indigo hemp with small embroidered crosses and dots in rows.
    weave(image, waist_bottom, upper_bottom, kIndigo, kIndigoDeep, 52);
    for (int i = 0; i < 64; ++i) {
        const float x = float(i) * 16.0f + 8.0f;
        const float y = (waist_bottom + upper_bottom) * 0.5f;
        cross_stitch(image, {x, y - 18}, 2.5f, i % 2 == 0 ? kRed : kWhite);
        cross_stitch(image, {x + 8, y + 18}, 2.5f, i % 2 == 0 ? kYellow : kRed);
        if (i % 4 == 0)
            stitched_diamond(image, {x, y}, 2, 4.0f, kPink);
    }
    draw_line(image, {0, upper_bottom - 4}, {1024, upper_bottom - 4}, 2.0f, kWhite);

    // Middle band: indigo batik. The wax lines stay pale: rows of lozenges holding crosses,
    // a row of spirals, and fine ruled lines between them, as drawn with the copper pen.
    weave(image, upper_bottom, batik_bottom, kIndigo, kIndigoDeep, 53);
    const float band = batik_bottom - upper_bottom;  // about 205 px
    for (float f : {0.02f, 0.05f, 0.36f, 0.39f, 0.64f, 0.67f, 0.95f, 0.98f}) {
        const float y = upper_bottom + band * f;
        draw_line(image, {0, y}, {1024, y}, 1.6f, kWax);
    }
    for (float f : {0.035f, 0.375f, 0.655f, 0.965f}) {  // dotted rows between the rulings
        for (int i = 0; i < 128; ++i) {
            fill_circle(image, {float(i) * 8.0f + 4.0f, upper_bottom + band * f}, 1.5f, kWax);
        }
    }
    // Row 1: lozenges with a cross inside, dots between.
    const float row1 = upper_bottom + band * 0.205f;
    for (int i = 0; i < 32; ++i) {
        const glm::vec2 c(float(i) * 32.0f + 16.0f, row1);
        const float h = band * 0.13f;
        draw_polyline(image,
                      {c + glm::vec2(0, -h), c + glm::vec2(14, 0), c + glm::vec2(0, h),
                       c + glm::vec2(-14, 0)},
                      2.2f, kWax, true);
        draw_polyline(image,
                      {c + glm::vec2(0, -h * 0.55f), c + glm::vec2(7.5f, 0),
                       c + glm::vec2(0, h * 0.55f), c + glm::vec2(-7.5f, 0)},
                      1.8f, kWax, true);
        draw_line(image, c - glm::vec2(3, 0), c + glm::vec2(3, 0), 1.4f, kWax);
        draw_line(image, c - glm::vec2(0, 3), c + glm::vec2(0, 3), 1.4f, kWax);
        fill_circle(image, c + glm::vec2(16, -h * 0.7f), 1.6f, kWax);
        fill_circle(image, c + glm::vec2(16, h * 0.7f), 1.6f, kWax);
    }
    // Row 2: square spirals, mirrored in pairs, with crosses between pairs.
    const float row2 = upper_bottom + band * 0.515f;
    for (int i = 0; i < 24; ++i) {
        const float x = float(i) * (1024.0f / 24.0f) + 21.0f;
        square_spiral(image, {x - 9, row2 - 2}, 40.0f, 2.2f, kWax);
        square_spiral(image, {x + 9, row2 + 4}, 40.0f, 2.2f, kWax);
        const glm::vec2 c(x - 21.0f, row2);
        draw_line(image, c - glm::vec2(0, 22), c + glm::vec2(0, 22), 1.5f, kWax);
        draw_line(image, c - glm::vec2(5, 0), c + glm::vec2(5, 0), 1.5f, kWax);
    }
    // Row 3: round spirals (snail shells) alternating with stepped crosses.
    const float row3 = upper_bottom + band * 0.815f;
    for (int i = 0; i < 32; ++i) {
        const glm::vec2 c(float(i) * 32.0f + 16.0f, row3);
        if (i % 2 == 0) {
            std::vector<glm::vec2> spiral;
            for (int k = 0; k <= 40; ++k) {
                const float a = float(k) * 0.45f;
                const float r = 1.0f + float(k) * 0.33f;
                spiral.push_back(c + glm::vec2(std::cos(a), std::sin(a)) * r);
            }
            draw_polyline(image, spiral, 2.2f, kWax);
        } else {
            fill_rect(image, c - glm::vec2(2, 12), c + glm::vec2(2, 12), kWax);
            fill_rect(image, c - glm::vec2(11, 2), c + glm::vec2(11, 2), kWax);
            for (glm::vec2 d :
                 {glm::vec2(-7, -7), glm::vec2(7, -7), glm::vec2(-7, 7), glm::vec2(7, 7)}) {
                fill_rect(image, c + d - glm::vec2(2.5f), c + d + glm::vec2(2.5f), kWax);
            }
        }
    }
    // The indigo takes unevenly over thirty days of dipping: a light mottling over the band.
    for (int y = int(upper_bottom); y < int(batik_bottom); ++y) {
        for (int x = 0; x < 1024; ++x) {
            const float n = value_noise(float(x) * 0.05f, float(y) * 0.05f, 54);
            image.blend(x, y, kIndigo, 0.35f * n);
        }
    }

    // Lower band: red appliqué with strips of yellow, green, white and pink, and cross-stitch
    // lozenges and stars in the bright threads of the Flower Hmong.
    weave(image, batik_bottom, embroidery_bottom, kRed, Color{140, 20, 30, 255}, 55);
    const float top = batik_bottom;
    const float low = embroidery_bottom;
    fill_rect(image, {0, top}, {1024, top + 6}, kYellow);
    fill_rect(image, {0, top + 6}, {1024, top + 10}, kWhite);
    fill_rect(image, {0, top + 10}, {1024, top + 16}, kGreen);
    draw_zigzag(image, 0, 1024, top + 18, top + 30, 16, 3.0f, kYellow);
    fill_rect(image, {0, top + 32}, {1024, top + 36}, kPink);
    const float mid = (top + 36 + low - 36) * 0.5f;
    for (int i = 0; i < 20; ++i) {
        const float x = float(i) * 51.2f + 25.6f;
        stitched_diamond(image, {x, mid}, 4, 4.5f, i % 2 == 0 ? kYellow : kWhite);
        stitched_diamond(image, {x, mid}, 2, 4.5f, i % 2 == 0 ? kGreen : kPink);
        cross_stitch(image, {x, mid}, 2.0f, kWhite);
        // Eight-pointed stars between the lozenges.
        fill_polygon(image, star_points({x + 25.6f, mid}, 9.0f, 3.5f, 8), kPink);
        fill_circle(image, {x + 25.6f, mid}, 2.5f, kYellow);
    }
    fill_rect(image, {0, low - 36}, {1024, low - 32}, kPink);
    draw_zigzag(image, 0, 1024, low - 30, low - 18, 16, 3.0f, kGreen);
    fill_rect(image, {0, low - 16}, {1024, low - 10}, kGreen);
    fill_rect(image, {0, low - 10}, {1024, low - 6}, kWhite);
    fill_rect(image, {0, low - 6}, {1024, low}, kYellow);

    // Hem: dark hemp with a thin red piping line.
    weave(image, embroidery_bottom, 512, kIndigoDeep, Color{10, 12, 24, 255}, 56);
    draw_line(image, {0, embroidery_bottom + 8}, {1024, embroidery_bottom + 8}, 2.0f, kRed);
    return image;
}

// The inside: the back of the indigo cloth, with the batik faintly showing through.
Image paint_lining() {
    Image image(256, 256, kIndigoDeep);
    fill_noise(image, kIndigoDeep, kIndigo, 12.0f, 0.7f, 57);
    return image;
}

float outer_radius(float y) {
    return kHemRadius - kFlare * y;
}

// Point on the pleated wall: column k of 2 * kPleats alternates between a pleat's crest and
// its fold; `offset` moves it in (negative) for the inside surface.
glm::vec3 wall_point(int k, float y, float offset) {
    const float angle = glm::two_pi<float>() * float(k) / float(2 * kPleats);
    const float r = outer_radius(y) + (k % 2 == 0 ? kPleatDepth : -kPleatDepth) + offset;
    return {std::sin(angle) * r, y, std::cos(angle) * r};
}

// The pleated wall, one facet per column so the pleats catch the light. Each vertex's normal
// is halfway between its facet's and the cone's, so the folds read clearly without turning
// the surface's overall facing sideways. Outside facets face out with u around and v from the
// waist down; inside facets face the axis.
void add_pleated_wall(MeshPart& part, float offset, bool outside) {
    for (int k = 0; k < 2 * kPleats; ++k) {
        const glm::vec3 a = wall_point(k, kHeight * 0.5f, offset);
        const glm::vec3 b = wall_point(k + 1, kHeight * 0.5f, offset);
        const glm::vec3 up = wall_point(k, kHeight, offset) - wall_point(k, 0.0f, offset);
        const glm::vec3 facet = glm::normalize(glm::cross(b - a, up));
        const auto first = static_cast<std::uint32_t>(part.vertices.size());
        for (int row = 0; row <= kRows; ++row) {
            const float y = kHeight * float(row) / float(kRows);
            for (int side = 0; side < 2; ++side) {
                const float u = float(k + side) / float(2 * kPleats);
                const float angle = glm::two_pi<float>() * u;
                const glm::vec3 cone =
                    glm::normalize(glm::vec3(std::sin(angle), kFlare, std::cos(angle)));
                const glm::vec3 normal = glm::normalize(facet + cone) * (outside ? 1.0f : -1.0f);
                part.vertices.push_back(
                    {wall_point(k + side, y, offset), normal, {u, (kHeight - y) / kHeight}});
            }
        }
        for (int row = 0; row < kRows; ++row) {
            const std::uint32_t v00 = first + std::uint32_t(row * 2);
            const std::uint32_t v10 = v00 + 1;
            const std::uint32_t v01 = v00 + 2;
            const std::uint32_t v11 = v00 + 3;
            if (outside) {
                part.indices.insert(part.indices.end(), {v00, v10, v11, v00, v11, v01});
            } else {
                part.indices.insert(part.indices.end(), {v00, v11, v10, v00, v01, v11});
            }
        }
    }
}

}  // namespace

SampleModel make_vay_lanh_mong_hoa() {
    SampleModel model;
    model.materials.push_back({"batik hemp", paint_skirt(), 0.0f, 0.9f});
    model.materials.push_back({"hemp lining", paint_lining(), 0.0f, 0.92f});

    // The outside of the pleated skirt, carrying the bands.
    MeshPart outside{"skirt", 0, {}, {}};
    add_pleated_wall(outside, 0.0f, true);
    model.parts.push_back(outside);

    // The inside, so the open skirt is not see-through, and the cut edges at waist and hem
    // joining the two surfaces.
    MeshPart inside{"skirt inside", 1, {}, {}};
    add_pleated_wall(inside, -kWall, false);
    for (int k = 0; k < 2 * kPleats; ++k) {
        const glm::vec3 o0 = wall_point(k, kHeight, 0.0f);
        const glm::vec3 o1 = wall_point(k + 1, kHeight, 0.0f);
        const glm::vec3 i0 = wall_point(k, kHeight, -kWall);
        const glm::vec3 i1 = wall_point(k + 1, kHeight, -kWall);
        add_quad(inside, o0, o1, i1, i0);  // waist edge, facing up
        const glm::vec3 p0 = wall_point(k, 0.0f, 0.0f);
        const glm::vec3 p1 = wall_point(k + 1, 0.0f, 0.0f);
        const glm::vec3 q0 = wall_point(k, 0.0f, -kWall);
        const glm::vec3 q1 = wall_point(k + 1, 0.0f, -kWall);
        add_quad(inside, p1, p0, q0, q1);  // hem edge, facing down
    }
    model.parts.push_back(inside);
    return model;
}

}  // namespace heritage::sample
