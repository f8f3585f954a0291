// Red Dao women's costume (Trang phục phụ nữ Dao Đỏ) on a T-shaped display stand. No source
// gives the museum tunic's measurements: the research notes ([S54], content-research.md A6) say
// only "long tunic about knee length", so the sizes are illustrative and follow the exhibit's
// geometry spec: the tunic shown flat, hem at 0.05 m, shoulders at 1.05 m, body 0.50 m wide,
// sleeves spread to 1.20 m, 40 mm thick over the stand. The motifs follow [S54]: indigo cotton,
// red dominant in the embroidery with yellow and white, a red collar band down the front
// opening, silver buttons, plaques and chains, red wool pompoms and a dense cross-stitched hem
// band of pine trees, stars and zigzags.
#include <algorithm>
#include <cmath>
#include <glm/gtc/constants.hpp>
#include <glm/gtc/matrix_transform.hpp>
#include <string>

#include "assets/generator/models/models.h"

namespace heritage::sample {
namespace {

// The tunic's outline (metres): a T of body and spread sleeves.
constexpr float kHem = 0.05f;
constexpr float kShoulder = 1.05f;
constexpr float kHalfBody = 0.25f;
constexpr float kHalfSpan = 0.60f;
constexpr float kSleeveBottom = 0.85f;
constexpr float kHalfThickness = 0.02f;  // front at z = +0.02, back at z = -0.02
constexpr float kStep = 0.025f;          // grid of the cloth surface; the outline lies on it
constexpr float kStandZ = -0.045f;       // the stand's post and bar, just behind the tunic

// Texture: the front (or back) view of the whole T, x -0.6..0.6 and y 1.05 (row 0)..0.05.
constexpr int kTextureWidth = 1024;
constexpr float kPxPerM = kTextureWidth / (2 * kHalfSpan);
const int kTextureHeight = int(std::lround((kShoulder - kHem) * kPxPerM));

const Color kIndigo{24, 27, 52, 255};
const Color kIndigoLight{44, 51, 90, 255};
const Color kRed{196, 28, 34, 255};
const Color kDeepRed{140, 18, 28, 255};
const Color kYellow{238, 192, 40, 255};
const Color kWhite{240, 236, 222, 255};
const Color kGreen{40, 120, 70, 255};
const Color kSilver{196, 198, 204, 255};
const Color kSilverDark{120, 122, 130, 255};
const Color kWood{104, 70, 42, 255};
const Color kWoodDark{70, 44, 26, 255};

glm::vec2 to_px(float x, float y) {
    return {(x + kHalfSpan) * kPxPerM, (kShoulder - y) * kPxPerM};
}

glm::vec2 tunic_uv(float x, float y) {
    return {(x + kHalfSpan) / (2 * kHalfSpan), (kShoulder - y) / (kShoulder - kHem)};
}

bool inside_tunic(float x, float y) {
    if (y < kHem || y > kShoulder || std::abs(x) > kHalfSpan)
        return false;
    return std::abs(x) < kHalfBody || y > kSleeveBottom;
}

// Gentle vertical folds in the skirt of the tunic, fading out above the waist (metres, +Z).
float fold(float x, float y) {
    const float skirt = std::clamp((0.62f - y) / 0.45f, 0.0f, 1.0f);
    return skirt * (0.0025f * std::sin(x * 38.0f + 0.7f) + 0.0012f * std::sin(x * 83.0f + 2.1f));
}

// A point of the cloth's front (side +1) or back (side -1) surface, with its normal.
Vertex cloth_vertex(float x, float y, float side) {
    const float e = 0.001f;
    const auto z = [&](float px, float py) { return side * kHalfThickness + fold(px, py); };
    const glm::vec3 dx(2 * e, 0, z(x + e, y) - z(x - e, y));
    const glm::vec3 dy(0, 2 * e, z(x, y + e) - z(x, y - e));
    return {{x, y, z(x, y)}, glm::normalize(glm::cross(dx, dy)) * side, tunic_uv(x, y)};
}

// Stitches a cross-stitch motif: each character of `rows` is one cell sewn as an X of two
// threads; 'R' red, 'D' dark red, 'Y' yellow, 'W' white, 'G' green, '.' the ground colour
// (left bare when the ground is transparent).
void cross_stitch(Image& image, glm::vec2 top_left, float cell,
                  const std::vector<std::string>& rows, Color ground) {
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            Color color = ground;
            switch (rows[r][c]) {
                case 'R':
                    color = kRed;
                    break;
                case 'D':
                    color = kDeepRed;
                    break;
                case 'Y':
                    color = kYellow;
                    break;
                case 'W':
                    color = kWhite;
                    break;
                case 'G':
                    color = kGreen;
                    break;
                default:
                    break;
            }
            if (color.a == 0)
                continue;
            const glm::vec2 p = top_left + glm::vec2(float(c), float(r)) * cell;
            const float in = cell * 0.12f, out = cell * 0.88f;
            draw_line(image, p + glm::vec2(in, in), p + glm::vec2(out, out), cell * 0.42f, color);
            draw_line(image, p + glm::vec2(out, in), p + glm::vec2(in, out), cell * 0.42f, color);
        }
    }
}

// Motifs of the hem band, in cells (after [S54]: pine trees and stars).
const std::vector<std::string> kPineTree = {
    ".....Y.....", "....YYY....", "...YYWYY...", ".....Y.....", "...YYYYY...",
    "..YYYWYYY..", ".....Y.....", "..YYYYYYY..", ".YYYYWYYYY.", ".....Y.....",
    "YYYYYYYYYYY", ".....W.....", "....WWW....",
};
const std::vector<std::string> kStar = {
    ".....W.....", ".W...W...W.", "..W.WYW.W..", "...WYYYW...", "..WYYRYYW..",
    "WWYYRRRYYWW", "..WYYRYYW..", "...WYYYW...", "..W.WYW.W..", ".W...W...W.",
    ".....W.....", ".....W.....", ".....W.....",
};

// A band of zigzag triangles across `cells_wide` cells, `height` cells tall.
std::vector<std::string> zigzag_rows(int cells_wide, int height, char up, char down) {
    std::vector<std::string> rows(std::size_t(height), std::string(std::size_t(cells_wide), '.'));
    for (int r = 0; r < height; ++r) {
        for (int c = 0; c < cells_wide; ++c) {
            const int phase = c % (2 * height);
            const int tooth = phase < height ? phase : 2 * height - 1 - phase;
            rows[std::size_t(r)][std::size_t(c)] = r >= height - 1 - tooth ? up : down;
        }
    }
    return rows;
}

// The embroidered hem band, y 0.05-0.20, from x0 to x1 (metres).
void paint_hem_band(Image& image, float x0, float x1) {
    const float cell = 0.15f * kPxPerM / 29.0f;  // 29 rows of cells fill the band
    const glm::vec2 top_left = to_px(x0, 0.20f);
    const int cells = int((x1 - x0) * kPxPerM / cell);
    const Color bare{0, 0, 0, 0};
    float y = top_left.y;
    cross_stitch(image, {top_left.x, y}, cell, {std::string(std::size_t(cells), 'W')}, bare);
    y += cell * 2;
    cross_stitch(image, {top_left.x, y}, cell, zigzag_rows(cells, 4, 'Y', 'R'), bare);
    y += cell * 4;
    cross_stitch(image, {top_left.x, y}, cell, {std::string(std::size_t(cells), 'W')}, bare);
    y += cell * 1;
    // Main row: pine trees and stars alternating on a ground of red stitches.
    std::vector<std::string> main(13, std::string(std::size_t(cells), 'R'));
    for (int c = 1, k = 0; c + 11 <= cells; c += 13, ++k) {
        const auto& motif = k % 2 == 0 ? kPineTree : kStar;
        for (std::size_t r = 0; r < 13; ++r) {
            for (std::size_t i = 0; i < 11; ++i) {
                if (motif[r][i] != '.')
                    main[r][std::size_t(c) + i] = motif[r][i];
            }
        }
    }
    cross_stitch(image, {top_left.x, y + cell}, cell, main, bare);
    y += cell * 15;
    cross_stitch(image, {top_left.x, y}, cell, {std::string(std::size_t(cells), 'W')}, bare);
    y += cell * 1;
    cross_stitch(image, {top_left.x, y}, cell, zigzag_rows(cells, 3, 'R', 'Y'), bare);
    y += cell * 3;
    // The hem itself: a solid red edge with white dots.
    std::string dots(std::size_t(cells), 'R');
    for (int c = 2; c < cells; c += 4)
        dots[std::size_t(c)] = 'W';
    cross_stitch(image, {top_left.x, y}, cell,
                 {std::string(std::size_t(cells), 'D'), dots, std::string(std::size_t(cells), 'D')},
                 bare);
}

// The embroidered cuff of a sleeve: vertical stripes of red, white and yellow with small stars
// between x_inner and x_outer (metres).
void paint_cuff(Image& image, float x_inner, float x_outer) {
    const float lo = std::min(x_inner, x_outer), hi = std::max(x_inner, x_outer);
    fill_rect(image, to_px(lo, kShoulder), to_px(hi, kSleeveBottom), kRed);
    for (float x : {lo + 0.006f, hi - 0.006f}) {
        draw_line(image, to_px(x, kShoulder), to_px(x, kSleeveBottom), 3.0f, kWhite);
    }
    for (float x : {lo + 0.014f, hi - 0.014f}) {
        draw_line(image, to_px(x, kShoulder), to_px(x, kSleeveBottom), 2.0f, kYellow);
    }
    const float mid = (lo + hi) / 2;
    for (float y = kSleeveBottom + 0.02f; y < kShoulder - 0.01f; y += 0.035f) {
        const glm::vec2 c = to_px(mid, y);
        fill_polygon(image, star_points(c, 9.0f, 3.5f, 8), kYellow);
        fill_circle(image, c, 2.5f, kWhite);
    }
}

// The tunic cloth, front or back: indigo cotton with its embroidered bands.
Image paint_tunic(bool front) {
    Image image(kTextureWidth, kTextureHeight, kIndigo);
    fill_noise(image, kIndigo, kIndigoLight, 24.0f, 0.55f, front ? 61 : 62);
    // The weave: faint threads every few pixels.
    for (int i = 0; i < kTextureWidth; i += 3) {
        draw_line(image, {float(i), 0}, {float(i), float(kTextureHeight)}, 1.0f,
                  Color{12, 14, 30, 40});
    }
    for (int i = 0; i < kTextureHeight; i += 3) {
        draw_line(image, {0, float(i)}, {float(kTextureWidth), float(i)}, 1.0f,
                  Color{70, 80, 130, 30});
    }
    // Seams where the sleeves join the body.
    for (float side : {-1.0f, 1.0f}) {
        draw_line(image, to_px(side * kHalfBody, kSleeveBottom), to_px(side * kHalfBody, kShoulder),
                  2.0f, Color{14, 16, 34, 200});
        paint_cuff(image, side * 0.48f, side * 0.58f);
    }
    paint_hem_band(image, -kHalfBody, kHalfBody);
    if (front) {
        // The neck opening and the red collar band running down both edges of the front
        // opening to the waist (y 0.55).
        fill_polygon(image, {to_px(-0.045f, kShoulder), to_px(0.045f, kShoulder), to_px(0, 0.93f)},
                     Color{16, 16, 28, 255});
        for (float side : {-1.0f, 1.0f}) {
            const std::vector<glm::vec2> band = {
                to_px(side * 0.085f, kShoulder), to_px(side * 0.040f, 0.93f),
                to_px(side * 0.040f, 0.55f),     to_px(side * 0.002f, 0.55f),
                to_px(side * 0.002f, 0.93f),     to_px(side * 0.045f, kShoulder)};
            fill_polygon(image, band, kRed);
            draw_polyline(image, {band[0], band[1], band[2]}, 2.5f, kYellow);
            draw_polyline(image, {band[5], band[4], band[3]}, 2.0f, kWhite);
            draw_line(image, band[2], band[3], 2.5f, kYellow);
            // Small stitched diamonds down the band.
            for (float y = 0.57f; y < 0.92f; y += 0.022f) {
                const glm::vec2 c = to_px(side * 0.021f, y);
                fill_polygon(image,
                             {c + glm::vec2(0, -6), c + glm::vec2(5, 0), c + glm::vec2(0, 6),
                              c + glm::vec2(-5, 0)},
                             kYellow);
                fill_circle(image, c, 1.8f, kWhite);
            }
            // Stitched borders round the neck.
            for (float t = 0.0f; t <= 1.0f; t += 0.1f) {
                const glm::vec2 c =
                    glm::mix(band[0], band[1], t) * 0.5f + glm::mix(band[5], band[4], t) * 0.5f;
                fill_polygon(image, star_points(c, 6.0f, 2.5f, 4), kWhite);
            }
        }
    } else {
        // The back: a red band round the neck and a square embroidered panel low on the back.
        fill_rect(image, to_px(-0.09f, kShoulder), to_px(0.09f, kShoulder - 0.02f), kRed);
        const glm::vec2 c = to_px(0, 0.34f);
        fill_rect(image, c - glm::vec2(70), c + glm::vec2(70), kRed);
        fill_polygon(image, star_points(c, 62.0f, 24.0f, 8, glm::pi<float>() / 8), kYellow);
        fill_polygon(image, star_points(c, 34.0f, 14.0f, 8), kWhite);
        fill_circle(image, c, 10.0f, kRed);
        draw_zigzag(image, c.x - 70, c.x + 70, c.y - 68, c.y - 60, 12, 2.0f, kWhite);
        draw_zigzag(image, c.x - 70, c.x + 70, c.y + 60, c.y + 68, 12, 2.0f, kWhite);
    }
    return image;
}

// Silver: polished with a little tarnish.
Image paint_silver() {
    Image image(256, 256, kSilver);
    fill_noise(image, kSilver, kSilverDark, 30.0f, 0.5f, 63);
    return image;
}

// An engraved silver plaque: a border and an eight-petal flower, seen face on.
Image paint_plaque() {
    Image image = paint_silver();
    const glm::vec2 c(128);
    draw_polyline(image, {{20, 20}, {236, 20}, {236, 236}, {20, 236}}, 8.0f, kSilverDark, true);
    for (int i = 0; i < 8; ++i) {
        const float a = glm::two_pi<float>() * float(i) / 8.0f;
        const glm::vec2 dir(std::sin(a), std::cos(a));
        draw_line(image, c + dir * 20.0f, c + dir * 80.0f, 12.0f, kSilverDark);
    }
    draw_circle(image, c, 22.0f, 6.0f, kSilverDark);
    return image;
}

// Red wool: a soft, fluffy surface.
Image paint_wool() {
    Image image(256, 128, kRed);
    fill_noise(image, kRed, kDeepRed, 6.0f, 0.8f, 64);
    return image;
}

Image paint_wood() {
    Image image(256, 256, kWood);
    fill_noise(image, kWood, kWoodDark, 20.0f, 0.6f, 65);
    for (int y = 4; y < 256; y += 11) {
        draw_line(image, {0, float(y)}, {256, float(y) + 3}, 1.5f, Color{60, 38, 22, 90});
    }
    return image;
}

// A flat round boss facing +Z, domed on its front: a silver button or a coin, at `center` (the
// middle of its back) with `radius` and `height`.
void add_boss(MeshPart& part, glm::vec3 center, float radius, float height) {
    const std::size_t first = part.vertices.size();
    add_lathe(part,
              {{0.0f, 0.0f},
               {radius, 0.0f},
               {radius, height * 0.4f},
               {radius * 0.7f, height * 0.9f},
               {0.0f, height}},
              24);
    const glm::mat4 place = glm::rotate(glm::translate(glm::mat4(1.0f), center),
                                        glm::half_pi<float>(), glm::vec3(1, 0, 0));
    transform_part(part, place, first);
}

}  // namespace

SampleModel make_trang_phuc_dao_do() {
    SampleModel model;
    model.materials.push_back({"tunic front", paint_tunic(true), 0.0f, 0.9f});
    model.materials.push_back({"tunic back", paint_tunic(false), 0.0f, 0.9f});
    model.materials.push_back({"silver", paint_silver(), 0.9f, 0.3f});
    model.materials.push_back({"silver plaque", paint_plaque(), 0.9f, 0.35f});
    model.materials.push_back({"red wool", paint_wool(), 0.0f, 0.95f});
    model.materials.push_back({"stand wood", paint_wood(), 0.0f, 0.7f});

    // The tunic: a 40 mm thick T of cloth on a 25 mm grid, front and back following the same
    // folds, closed round its outline by narrow walls.
    MeshPart front{"tunic front", 0, {}, {}};
    MeshPart back{"tunic back", 1, {}, {}};
    const int columns = int(std::lround(2 * kHalfSpan / kStep));
    const int rows = int(std::lround((kShoulder - kHem) / kStep));
    const auto inside_cell = [&](int i, int j) {
        if (i < 0 || j < 0 || i >= columns || j >= rows)
            return false;
        return inside_tunic(-kHalfSpan + (float(i) + 0.5f) * kStep,
                            kHem + (float(j) + 0.5f) * kStep);
    };
    for (int j = 0; j < rows; ++j) {
        for (int i = 0; i < columns; ++i) {
            if (!inside_cell(i, j))
                continue;
            const float x0 = -kHalfSpan + float(i) * kStep, x1 = x0 + kStep;
            const float y0 = kHem + float(j) * kStep, y1 = y0 + kStep;
            add_smooth_quad(front, cloth_vertex(x0, y0, 1), cloth_vertex(x1, y0, 1),
                            cloth_vertex(x1, y1, 1), cloth_vertex(x0, y1, 1));
            add_smooth_quad(back, cloth_vertex(x0, y0, -1), cloth_vertex(x1, y0, -1),
                            cloth_vertex(x1, y1, -1), cloth_vertex(x0, y1, -1));
            // Walls on the sides with no cloth beyond: (dx, dy) the outward direction.
            const int sides[4][2] = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};
            for (const auto& s : sides) {
                if (inside_cell(i + s[0], j + s[1]))
                    continue;
                const float ax = s[0] > 0 ? x1 : x0, ay = s[1] > 0 ? y1 : y0;
                const float bx = s[0] < 0 ? x0 : x1, by = s[1] < 0 ? y0 : y1;
                const glm::vec3 n{float(s[0]), float(s[1]), 0.0f};
                const auto wall = [&](float x, float y, float side) {
                    Vertex v = cloth_vertex(x, y, side);
                    v.normal = n;
                    return v;
                };
                add_smooth_quad(front, wall(ax, ay, -1), wall(bx, by, -1), wall(bx, by, 1),
                                wall(ax, ay, 1));
            }
        }
    }
    model.parts.push_back(front);
    model.parts.push_back(back);

    // Silver on both sides of the front opening (x = +-0.06): an engraved square plaque at the
    // top, then domed buttons down to y 0.75, and two chains slung between the sides.
    MeshPart silver{"silver buttons and chains", 2, {}, {}};
    MeshPart plaques{"silver plaques", 3, {}, {}};
    for (float side : {-1.0f, 1.0f}) {
        add_box(plaques, {side * 0.06f - 0.013f, 0.937f, 0.017f},
                {side * 0.06f + 0.013f, 0.963f, 0.0235f});
        for (float y : {0.90f, 0.85f, 0.80f, 0.75f}) {
            add_boss(silver, {side * 0.06f, y, 0.018f}, 0.009f, 0.0055f);
        }
    }
    for (const float sag : {0.035f, 0.075f}) {
        // Beads on a sagging curve from one plaque to the other, with coins on the lower chain.
        const int beads = sag < 0.05f ? 22 : 30;
        for (int k = 0; k <= beads; ++k) {
            const float t = float(k) / float(beads) * 2.0f - 1.0f;
            const glm::vec3 p(t * 0.06f, 0.945f - sag * (1.0f - t * t), 0.026f);
            add_ellipsoid(silver, p, glm::vec3(0.0032f), 8, 6);
        }
    }
    for (float t : {-0.5f, 0.0f, 0.5f}) {
        const float y = 0.945f - 0.075f * (1.0f - t * t);
        add_boss(silver, {t * 0.06f, y - 0.013f, 0.024f}, 0.008f, 0.002f);
    }
    model.parts.push_back(silver);
    model.parts.push_back(plaques);

    // Red wool pompoms on the chest, with a smaller one above each.
    MeshPart wool{"red wool pompoms", 4, {}, {}};
    for (float side : {-1.0f, 1.0f}) {
        add_ellipsoid(wool, {side * 0.12f, 0.80f, 0.03f}, glm::vec3(0.026f), 24, 16);
        add_ellipsoid(wool, {side * 0.12f, 0.852f, 0.028f}, glm::vec3(0.014f), 20, 12);
    }
    model.parts.push_back(wool);

    // The T-stand: a round base on the floor, a post behind the tunic and a cross-bar along
    // the shoulders, with turned knobs at its ends.
    MeshPart stand{"stand", 5, {}, {}};
    std::size_t first = stand.vertices.size();
    add_lathe(stand,
              {{0.16f, 0.0f}, {0.16f, 0.016f}, {0.15f, 0.025f}, {0.03f, 0.028f}, {0.0f, 0.028f}},
              64);
    add_disc(stand, 0.0f, 0.16f, false, 64);
    add_lathe(stand, {{0.011f, 0.027f}, {0.011f, 1.025f}, {0.0f, 1.03f}}, 24);
    transform_part(stand, glm::translate(glm::mat4(1.0f), {0.0f, 0.0f, kStandZ}), first);
    add_tube(stand, {{-0.565f, 1.032f, kStandZ}, {0.565f, 1.032f, kStandZ}}, 0.011f, 24);
    for (float side : {-1.0f, 1.0f}) {
        add_ellipsoid(stand, {side * 0.575f, 1.032f, kStandZ}, {0.012f, 0.016f, 0.016f}, 20, 12);
    }
    model.parts.push_back(stand);
    return model;
}

}  // namespace heritage::sample
