// Red Dao ritual painting (Tranh thờ người Dao Đỏ), a hanging scroll. The research notes
// ([S37][S38], content-research.md A8) give no measurement of the museum's scroll, only "typical
// sheet approx. 60-100 x 30-60 cm [U]", so the sizes follow the exhibit's geometry spec: a
// 0.44 x 0.80 m painted sheet between two wooden rods 0.52 m long, standing on two small feet.
// The painting is a respectful, simplified rendering of the genre, not a copy of a real set:
// a seated deity with a halo at the centre (the pantheon is headed by the Three Pure Ones,
// [S-tq2]), attendants in rows below and a border of clouds and dragon scrolls, in the plant
// colours [S37]: yellow first, then red, blue (indigo), purple and green.
#include <algorithm>
#include <cmath>
#include <glm/gtc/constants.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include "assets/generator/models/models.h"

namespace heritage::sample {
namespace {

// The painted sheet (metres): x -0.22..0.22, y 0.05..0.85, its face at z = 0.005.
constexpr float kHalfWidth = 0.22f;
constexpr float kBottom = 0.05f;
constexpr float kTop = 0.85f;
constexpr float kFront = 0.005f;
constexpr float kBack = 0.001f;
constexpr float kBorder = 0.022f;  // the painted border band
constexpr float kRodRadius = 0.015f;
constexpr float kRodHalfLength = 0.26f;

// Texture: the sheet seen from the front, x -0.22..0.22 and y 0.85 (row 0)..0.05.
constexpr float kPxPerM = 1280.0f;
const int kTextureWidth = int(std::lround(2 * kHalfWidth * kPxPerM));
const int kTextureHeight = int(std::lround((kTop - kBottom) * kPxPerM));

// Plant colours [S37]: turmeric yellow, thu mộc red, indigo blue, cơm nếp purple, leaf green.
const Color kPaper{236, 222, 186, 255};
const Color kPaperDark{204, 182, 140, 255};
const Color kYellow{232, 182, 38, 255};
const Color kRed{184, 38, 34, 255};
const Color kDarkRed{128, 26, 30, 255};
const Color kBlue{44, 74, 140, 255};
const Color kLightBlue{128, 164, 200, 255};
const Color kPurple{112, 58, 120, 255};
const Color kGreen{52, 118, 72, 255};
const Color kLightGreen{150, 188, 120, 255};
const Color kSkin{238, 204, 164, 255};
const Color kInk{34, 24, 22, 255};
const Color kWhite{246, 240, 226, 255};
const Color kWood{96, 58, 32, 255};
const Color kWoodDark{58, 34, 20, 255};

glm::vec2 to_px(float x, float y) {
    return {(x + kHalfWidth) * kPxPerM, (kTop - y) * kPxPerM};
}
float px(float metres) {
    return metres * kPxPerM;
}

std::vector<glm::vec2> ellipse_points(glm::vec2 center, float rx, float ry, int count = 48) {
    std::vector<glm::vec2> points;
    for (int i = 0; i < count; ++i) {
        const float a = glm::two_pi<float>() * float(i) / float(count);
        points.push_back(center + glm::vec2(std::cos(a) * rx, std::sin(a) * ry));
    }
    return points;
}

// A shape in metres, filled and outlined in ink as the painters do.
void paint_shape(Image& image, const std::vector<glm::vec2>& metres, Color fill,
                 float outline = 2.0f) {
    std::vector<glm::vec2> points;
    for (glm::vec2 p : metres)
        points.push_back(to_px(p.x, p.y));
    fill_polygon(image, points, fill);
    if (outline > 0)
        draw_polyline(image, points, outline, kInk, true);
}

void paint_ellipse(Image& image, glm::vec2 center, float rx, float ry, Color fill,
                   float outline = 2.0f) {
    std::vector<glm::vec2> metres;
    for (glm::vec2 p : ellipse_points(center, rx, ry))
        metres.push_back(p);
    paint_shape(image, metres, fill, outline);
}

// A spiral curl (pixels): `turns` turns from radius `r` inwards, clockwise or not.
std::vector<glm::vec2> spiral(glm::vec2 center, float r, float turns, float start, bool clockwise) {
    std::vector<glm::vec2> points;
    const int count = int(turns * 24);
    for (int i = 0; i <= count; ++i) {
        const float t = float(i) / float(count);
        const float a = start + (clockwise ? 1.0f : -1.0f) * t * turns * glm::two_pi<float>();
        points.push_back(center + glm::vec2(std::cos(a), std::sin(a)) * r * (1.0f - 0.8f * t));
    }
    return points;
}

// A ruyi cloud: three lobes with curled ends, centred at `c` (metres), `size` across.
void paint_cloud(Image& image, glm::vec2 c, float size, Color fill) {
    const glm::vec2 lobes[3] = {{-0.3f, 0.0f}, {0.0f, 0.18f}, {0.3f, 0.0f}};
    for (glm::vec2 l : lobes) {
        fill_circle(image, to_px(c.x + l.x * size, c.y + l.y * size), px(size * 0.28f), fill);
    }
    fill_polygon(
        image,
        {to_px(c.x - 0.45f * size, c.y - 0.1f * size), to_px(c.x + 0.45f * size, c.y - 0.1f * size),
         to_px(c.x + 0.3f * size, c.y + 0.1f * size), to_px(c.x - 0.3f * size, c.y + 0.1f * size)},
        fill);
    for (glm::vec2 l : lobes) {
        draw_polyline(image,
                      spiral(to_px(c.x + l.x * size, c.y + l.y * size), px(size * 0.22f), 1.3f,
                             glm::half_pi<float>(), l.x >= 0),
                      1.8f, kInk);
    }
    // A trailing wisp.
    draw_polyline(
        image,
        {to_px(c.x - 0.45f * size, c.y - 0.1f * size), to_px(c.x - 0.7f * size, c.y - 0.2f * size),
         to_px(c.x - 0.9f * size, c.y - 0.15f * size)},
        2.0f, kInk);
}

// The border band: red with yellow dragon scrolls (paired curls) and blue corners.
void paint_border(Image& image) {
    const float w = px(kBorder);
    const float W = float(kTextureWidth), H = float(kTextureHeight);
    fill_rect(image, {0, 0}, {W, w}, kRed);
    fill_rect(image, {0, H - w}, {W, H}, kRed);
    fill_rect(image, {0, 0}, {w, H}, kRed);
    fill_rect(image, {W - w, 0}, {W, H}, kRed);
    draw_polyline(image, {{3, 3}, {W - 3, 3}, {W - 3, H - 3}, {3, H - 3}}, 3.0f, kYellow, true);
    draw_polyline(image, {{w, w}, {W - w, w}, {W - w, H - w}, {w, H - w}}, 4.0f, kYellow, true);
    draw_polyline(image,
                  {{w + 4, w + 4}, {W - w - 4, w + 4}, {W - w - 4, H - w - 4}, {w + 4, H - w - 4}},
                  2.0f, kInk, true);
    // Scrolls along each side: a wave line with curls alternating up and down.
    const auto scrolls = [&](glm::vec2 from, glm::vec2 to) {
        const glm::vec2 along = glm::normalize(to - from);
        const glm::vec2 across(-along.y, along.x);
        const float length = glm::length(to - from);
        const float period = w * 1.6f;
        std::vector<glm::vec2> wave;
        for (float s = 0; s <= length; s += 2.0f) {
            wave.push_back(from + along * s +
                           across * (std::sin(s / period * glm::two_pi<float>()) * w * 0.18f));
        }
        draw_polyline(image, wave, 2.0f, kYellow);
        for (float s = period * 0.25f; s < length; s += period * 0.5f) {
            const bool up = int(s / (period * 0.5f)) % 2 == 0;
            const glm::vec2 c = from + along * s + across * (up ? 1.0f : -1.0f) * w * 0.2f;
            draw_polyline(image, spiral(c, w * 0.2f, 1.2f, 0.0f, up), 2.0f, kYellow);
        }
    };
    const float m = w / 2;
    scrolls({w, m}, {W - w, m});
    scrolls({w, H - m}, {W - w, H - m});
    scrolls({m, w}, {m, H - w});
    scrolls({W - m, w}, {W - m, H - w});
    for (glm::vec2 corner :
         {glm::vec2(m, m), glm::vec2(W - m, m), glm::vec2(m, H - m), glm::vec2(W - m, H - m)}) {
        fill_rect(image, corner - w * 0.38f, corner + w * 0.38f, kBlue);
        fill_polygon(image, star_points(corner, w * 0.32f, w * 0.12f, 4), kYellow);
    }
}

// An attendant standing in one of the rows: halo, head with a cap, a long robe with the hands
// joined over a tablet. `base` is the hem's centre (metres), `h` the figure's height.
void paint_attendant(Image& image, glm::vec2 base, float h, Color robe, Color cap) {
    const float x = base.x, y = base.y;
    const glm::vec2 head(x, y + h * 0.86f);
    fill_circle(image, to_px(head.x, head.y + h * 0.02f), px(h * 0.17f), kYellow);
    draw_circle(image, to_px(head.x, head.y + h * 0.02f), px(h * 0.17f), 1.5f, kRed);
    // Robe, wide sleeves and a yellow sash.
    paint_shape(image,
                {{x - h * 0.13f, y + h * 0.76f},
                 {x + h * 0.13f, y + h * 0.76f},
                 {x + h * 0.22f, y},
                 {x - h * 0.22f, y}},
                robe);
    for (float side : {-1.0f, 1.0f}) {
        paint_shape(image,
                    {{x + side * h * 0.12f, y + h * 0.74f},
                     {x + side * h * 0.24f, y + h * 0.45f},
                     {x + side * h * 0.2f, y + h * 0.3f},
                     {x + side * h * 0.02f, y + h * 0.42f}},
                    mix(robe, kInk, 0.25f));
    }
    paint_shape(
        image, {{x - h * 0.03f, y + h * 0.76f}, {x + h * 0.03f, y + h * 0.76f}, {x, y + h * 0.62f}},
        kYellow, 1.0f);
    fill_rect(image, to_px(x - h * 0.18f, y + h * 0.33f), to_px(x + h * 0.18f, y + h * 0.29f),
              kYellow);
    // Hands and the tablet (hốt) held upright.
    paint_shape(image,
                {{x - h * 0.02f, y + h * 0.42f},
                 {x + h * 0.02f, y + h * 0.42f},
                 {x + h * 0.02f, y + h * 0.58f},
                 {x - h * 0.02f, y + h * 0.58f}},
                kWhite, 1.0f);
    paint_ellipse(image, {x, y + h * 0.44f}, h * 0.05f, h * 0.035f, kSkin, 1.0f);
    // Head: face, cap, eyes.
    paint_ellipse(image, head, h * 0.085f, h * 0.1f, kSkin, 1.5f);
    paint_shape(image,
                {{x - h * 0.09f, head.y + h * 0.04f},
                 {x + h * 0.09f, head.y + h * 0.04f},
                 {x + h * 0.07f, head.y + h * 0.14f},
                 {x - h * 0.07f, head.y + h * 0.14f}},
                cap, 1.0f);
    for (float side : {-1.0f, 1.0f}) {
        draw_line(image, to_px(x + side * h * 0.05f, head.y + h * 0.01f),
                  to_px(x + side * h * 0.02f, head.y + h * 0.01f), 1.5f, kInk);
    }
    draw_line(image, to_px(x - h * 0.015f, head.y - h * 0.05f),
              to_px(x + h * 0.015f, head.y - h * 0.05f), 1.5f, kRed);
}

// The central deity, seated on a lotus throne, face at (0, 0.70), body centred on y 0.55.
void paint_deity(Image& image) {
    // Mandorla behind the body and the halo behind the head, both yellow-rimmed.
    paint_ellipse(image, {0.0f, 0.57f}, 0.118f, 0.16f, kBlue, 3.0f);
    draw_polyline(
        image,
        [&] {
            std::vector<glm::vec2> p;
            for (glm::vec2 m : ellipse_points({0.0f, 0.57f}, 0.108f, 0.15f))
                p.push_back(to_px(m.x, m.y));
            return p;
        }(),
        5.0f, kYellow, true);
    for (int i = 0; i < 9; ++i) {  // a few light clouds drifting inside the mandorla
        const float a = glm::pi<float>() * (0.1f + 0.8f * float(i) / 8.0f);
        const glm::vec2 p(std::cos(a) * 0.085f, 0.57f - std::sin(a) * 0.12f);
        if (std::abs(p.x) > 0.06f)
            paint_cloud(image, p, 0.022f, kLightBlue);
    }
    fill_polygon(image, star_points(to_px(0.0f, 0.705f), px(0.068f), px(0.054f), 28), kRed);
    paint_ellipse(image, {0.0f, 0.705f}, 0.055f, 0.055f, kYellow, 2.5f);
    draw_circle(image, to_px(0.0f, 0.705f), px(0.046f), 2.0f, kRed);

    // Lotus throne: a row of petals on a green base.
    paint_shape(image, {{-0.12f, 0.385f}, {0.12f, 0.385f}, {0.105f, 0.405f}, {-0.105f, 0.405f}},
                kGreen);
    for (int i = 0; i < 7; ++i) {
        const float x = -0.096f + float(i) * 0.032f;
        paint_shape(image,
                    {{x - 0.017f, 0.405f},
                     {x - 0.014f, 0.425f},
                     {x, 0.445f},
                     {x + 0.014f, 0.425f},
                     {x + 0.017f, 0.405f}},
                    i % 2 == 0 ? kRed : kPurple);
        draw_line(image, to_px(x, 0.41f), to_px(x, 0.435f), 1.5f, kYellow);
    }
    // Crossed legs under the robe: a broad rounded lap with a yellow hem and folds.
    paint_ellipse(image, {0.0f, 0.466f}, 0.122f, 0.04f, kRed, 2.0f);
    draw_polyline(
        image,
        [&] {
            std::vector<glm::vec2> hem;
            for (int i = 0; i <= 24; ++i) {
                const float a = glm::pi<float>() * (1.1f + 0.8f * float(i) / 24.0f);
                hem.push_back(to_px(std::cos(a) * 0.115f, 0.466f + std::sin(a) * 0.033f));
            }
            return hem;
        }(),
        5.0f, kYellow);
    for (float x : {-0.08f, -0.04f, 0.04f, 0.08f}) {  // folds
        draw_line(image, to_px(x * 0.9f, 0.485f), to_px(x * 1.15f, 0.44f), 1.5f, kInk);
    }
    // Body: a red outer robe over a blue inner robe, with yellow collar bands and belt.
    paint_shape(image,
                {{-0.05f, 0.668f},
                 {0.05f, 0.668f},
                 {0.08f, 0.645f},
                 {0.09f, 0.58f},
                 {0.095f, 0.49f},
                 {-0.095f, 0.49f},
                 {-0.09f, 0.58f},
                 {-0.08f, 0.645f}},
                kRed);
    paint_shape(image, {{-0.028f, 0.668f}, {0.028f, 0.668f}, {0.0f, 0.6f}}, kBlue, 1.5f);
    for (float side : {-1.0f, 1.0f}) {
        draw_line(image, to_px(side * 0.03f, 0.668f), to_px(0.0f, 0.598f), 6.0f, kYellow);
    }
    fill_rect(image, to_px(-0.085f, 0.545f), to_px(0.085f, 0.532f), kYellow);
    draw_line(image, to_px(-0.085f, 0.545f), to_px(0.085f, 0.545f), 1.5f, kInk);
    draw_line(image, to_px(-0.085f, 0.532f), to_px(0.085f, 0.532f), 1.5f, kInk);
    // Wide sleeves falling from the shoulders to the joined hands.
    for (float side : {-1.0f, 1.0f}) {
        paint_shape(image,
                    {{side * 0.05f, 0.665f},
                     {side * 0.085f, 0.645f},
                     {side * 0.11f, 0.56f},
                     {side * 0.105f, 0.5f},
                     {side * 0.06f, 0.505f},
                     {side * 0.018f, 0.575f}},
                    kPurple);
        fill_rect(image, to_px(side * 0.108f - 0.004f, 0.515f), to_px(side * 0.062f, 0.503f),
                  kYellow);
    }
    // Hands joined before the chest, holding a flaming pearl.
    fill_polygon(image, star_points(to_px(0.0f, 0.607f), px(0.017f), px(0.011f), 10), kRed);
    paint_ellipse(image, {0.0f, 0.607f}, 0.012f, 0.012f, kYellow, 1.5f);
    fill_circle(image, to_px(-0.003f, 0.61f), px(0.003f), kWhite);
    paint_ellipse(image, {0.0f, 0.586f}, 0.022f, 0.012f, kSkin, 1.5f);
    draw_line(image, to_px(0.0f, 0.596f), to_px(0.0f, 0.578f), 1.2f, kInk);
    // Head: neck, long ears, calm face, a crown of three peaks with a red jewel.
    fill_rect(image, to_px(-0.01f, 0.68f), to_px(0.01f, 0.662f), kSkin);
    for (float side : {-1.0f, 1.0f}) {
        paint_ellipse(image, {side * 0.022f, 0.698f}, 0.005f, 0.011f, kSkin, 1.5f);
    }
    paint_ellipse(image, {0.0f, 0.702f}, 0.021f, 0.027f, kSkin, 2.0f);
    paint_shape(image,
                {{-0.022f, 0.708f},
                 {-0.018f, 0.722f},
                 {0.0f, 0.728f},
                 {0.018f, 0.722f},
                 {0.022f, 0.708f},
                 {0.012f, 0.716f},
                 {-0.012f, 0.716f}},
                kInk, 0.0f);
    paint_shape(image,
                {{-0.024f, 0.72f},
                 {0.024f, 0.72f},
                 {0.02f, 0.745f},
                 {0.01f, 0.735f},
                 {0.0f, 0.755f},
                 {-0.01f, 0.735f},
                 {-0.02f, 0.745f}},
                kYellow, 2.0f);
    fill_circle(image, to_px(0.0f, 0.732f), px(0.004f), kRed);
    for (float side : {-1.0f, 1.0f}) {
        // Eyebrow, almond eye with its pupil (the eyes a painter "opens" last), cheek line.
        draw_polyline(image,
                      {to_px(side * 0.004f, 0.71f), to_px(side * 0.009f, 0.7125f),
                       to_px(side * 0.015f, 0.7105f)},
                      1.5f, kInk);
        draw_polyline(image,
                      {to_px(side * 0.0035f, 0.7035f), to_px(side * 0.0085f, 0.706f),
                       to_px(side * 0.0135f, 0.7035f), to_px(side * 0.0085f, 0.7015f),
                       to_px(side * 0.0035f, 0.7035f)},
                      1.3f, kInk);
        fill_circle(image, to_px(side * 0.0085f, 0.7037f), 1.8f, kInk);
    }
    draw_polyline(image, {to_px(0.0f, 0.701f), to_px(-0.002f, 0.693f), to_px(0.002f, 0.692f)}, 1.2f,
                  kInk);
    draw_polyline(image, {to_px(-0.005f, 0.6855f), to_px(0.0f, 0.6845f), to_px(0.005f, 0.6855f)},
                  1.8f, kRed);
    // A short moustache and beard, as the elder deities wear.
    for (float side : {-1.0f, 1.0f}) {
        draw_polyline(image,
                      {to_px(side * 0.002f, 0.6885f), to_px(side * 0.008f, 0.6865f),
                       to_px(side * 0.011f, 0.682f)},
                      1.2f, kInk);
    }
    for (float x : {-0.003f, 0.0f, 0.003f}) {
        draw_line(image, to_px(x, 0.679f), to_px(x * 1.5f, 0.664f), 1.2f, kInk);
    }
}

// The whole painted sheet.
Image paint_painting() {
    Image image(kTextureWidth, kTextureHeight, kPaper);
    fill_noise(image, kPaper, kPaperDark, 40.0f, 0.55f, 71);
    // Canopy across the top: a red valance with yellow scallops and hanging tassels.
    const float inner = kHalfWidth - kBorder;
    paint_shape(image, {{-inner, 0.828f}, {inner, 0.828f}, {inner, 0.805f}, {-inner, 0.805f}}, kRed,
                0.0f);
    for (float x = -inner + 0.012f; x < inner; x += 0.024f) {
        fill_circle(image, to_px(x, 0.805f), px(0.012f), kYellow);
        draw_circle(image, to_px(x, 0.805f), px(0.012f), 1.5f, kInk);
        draw_line(image, to_px(x, 0.793f), to_px(x, 0.78f), 2.0f, kRed);
    }
    fill_rect(image, to_px(-inner, 0.828f), to_px(inner, 0.81f), kRed);
    draw_line(image, to_px(-inner, 0.81f), to_px(inner, 0.81f), 2.0f, kInk);
    for (float x = -inner + 0.02f; x < inner; x += 0.04f) {
        fill_polygon(image, star_points(to_px(x, 0.819f), 6.0f, 2.5f, 4), kYellow);
    }
    // Clouds at the sides of the deity: the heavens.
    paint_cloud(image, {-0.16f, 0.74f}, 0.05f, kLightGreen);
    paint_cloud(image, {0.16f, 0.74f}, 0.05f, kLightGreen);
    paint_cloud(image, {-0.165f, 0.62f}, 0.045f, kLightBlue);
    paint_cloud(image, {0.165f, 0.62f}, 0.045f, kLightBlue);
    paint_cloud(image, {-0.16f, 0.49f}, 0.05f, kWhite);
    paint_cloud(image, {0.16f, 0.49f}, 0.05f, kWhite);
    paint_deity(image);
    // Tier dividers, and two rows of attendants below the throne.
    for (float y : {0.372f, 0.232f}) {
        fill_rect(image, to_px(-inner, y + 0.005f), to_px(inner, y - 0.005f), kRed);
        draw_line(image, to_px(-inner, y), to_px(inner, y), 2.0f, kYellow);
    }
    const Color robes[5] = {kBlue, kGreen, kPurple, kRed, kBlue};
    const Color caps[2] = {kInk, kYellow};
    for (int i = 0; i < 4; ++i) {
        paint_attendant(image, {-0.135f + float(i) * 0.09f, 0.245f}, 0.112f, robes[(i + 1) % 5],
                        caps[i % 2]);
    }
    for (int i = 0; i < 5; ++i) {
        paint_attendant(image, {-0.152f + float(i) * 0.076f, 0.082f}, 0.125f, robes[i],
                        caps[(i + 1) % 2]);
    }
    for (float x : {-0.18f, 0.18f})
        paint_cloud(image, {x, 0.35f}, 0.028f, kLightGreen);
    paint_border(image);
    // Age: smoke from years of rituals darkens the sheet unevenly.
    Image age(kTextureWidth, kTextureHeight, kPaper);
    fill_noise(age, Color{0, 0, 0, 255}, Color{255, 255, 255, 255}, 90.0f, 1.0f, 72);
    for (int y = 0; y < kTextureHeight; ++y) {
        for (int x = 0; x < kTextureWidth; ++x) {
            image.blend(x, y, Color{92, 64, 36, 255}, 0.16f * float(age.at(x, y).r) / 255.0f);
        }
    }
    return image;
}

// The back of the scroll: plain laminated paper.
Image paint_backing() {
    Image image(256, 256, kPaper);
    fill_noise(image, Color{214, 196, 158, 255}, Color{180, 158, 118, 255}, 30.0f, 0.6f, 73);
    return image;
}

Image paint_wood() {
    Image image(256, 256, kWood);
    fill_noise(image, kWood, kWoodDark, 16.0f, 0.6f, 74);
    for (int x = 6; x < 256; x += 13) {
        draw_line(image, {float(x), 0}, {float(x) + 4, 256}, 1.5f, Color{50, 30, 16, 90});
    }
    return image;
}

// A flat rectangle x0..x1, y0..y1 in the plane z, facing +Z (front) or -Z, with UVs of the
// sheet's texture (u along +X, v down from the top).
void add_sheet_face(MeshPart& part, float z, bool front) {
    const glm::vec3 a(-kHalfWidth, kBottom, z), b(kHalfWidth, kBottom, z), c(kHalfWidth, kTop, z),
        d(-kHalfWidth, kTop, z);
    const glm::vec2 ua(0, 1), ub(1, 1), uc(1, 0), ud(0, 0);
    if (front) {
        add_triangle(part, a, b, c, ua, ub, uc);
        add_triangle(part, a, c, d, ua, uc, ud);
    } else {
        add_triangle(part, a, c, b, ua, uc, ub);
        add_triangle(part, a, d, c, ua, ud, uc);
    }
}

}  // namespace

SampleModel make_tranh_tho_dao_do() {
    SampleModel model;
    model.materials.push_back({"painting", paint_painting(), 0.0f, 0.85f});
    model.materials.push_back({"paper backing", paint_backing(), 0.0f, 0.9f});
    model.materials.push_back({"wooden rods", paint_wood(), 0.0f, 0.65f});
    model.materials.push_back({"red cord", Image(16, 16, Color{150, 30, 30, 255}), 0.0f, 0.9f});
    model.materials.push_back(
        {"lacquered knobs", Image(16, 16, Color{96, 24, 22, 255}), 0.0f, 0.5f});

    // The sheet: painted face, paper back and narrow edges.
    MeshPart face{"painting", 0, {}, {}};
    add_sheet_face(face, kFront, true);
    model.parts.push_back(face);
    MeshPart backing{"paper backing", 1, {}, {}};
    add_sheet_face(backing, kBack, false);
    for (float side : {-1.0f, 1.0f}) {
        const float x = side * kHalfWidth;
        const glm::vec3 lo(x, kBottom, kBack), hi(x, kTop, kFront);
        if (side > 0) {
            add_quad(backing, {x, kBottom, kFront}, lo, {x, kTop, kBack}, hi);
        } else {
            add_quad(backing, lo, {x, kBottom, kFront}, hi, {x, kTop, kBack});
        }
    }
    model.parts.push_back(backing);

    // Wooden rods along the top (y 0.85-0.88) and bottom (y 0.02-0.05) edges, with turned
    // end knobs, and two small feet under the bottom rod so that the scroll stands on y = 0.
    MeshPart rods{"rods and feet", 2, {}, {}};
    MeshPart knobs{"rod end knobs", 4, {}, {}};
    for (float y : {kTop + kRodRadius, kBottom - kRodRadius}) {
        add_tube(rods, {{-kRodHalfLength + 0.02f, y, 0.0f}, {kRodHalfLength - 0.02f, y, 0.0f}},
                 kRodRadius, 32);
        for (float side : {-1.0f, 1.0f}) {
            add_tube(knobs,
                     {{side * (kRodHalfLength - 0.021f), y, 0.0f},
                      {side * (kRodHalfLength - 0.004f), y, 0.0f},
                      {side * kRodHalfLength, y, 0.0f}},
                     kRodRadius + 0.001f, 32);
        }
    }
    for (float side : {-1.0f, 1.0f}) {
        add_box(rods, {side * 0.19f - 0.02f, 0.0f, -0.05f}, {side * 0.19f + 0.02f, 0.024f, 0.05f});
    }
    model.parts.push_back(rods);
    model.parts.push_back(knobs);

    // The hanging cord, tied to the top rod near its ends.
    MeshPart cord{"hanging cord", 3, {}, {}};
    const float rod_top = kTop + 2 * kRodRadius;
    add_tube(cord,
             {{-0.2f, rod_top - 0.004f, 0.0f},
              {-0.1f, rod_top + 0.04f, 0.0f},
              {0.0f, rod_top + 0.08f, 0.0f},
              {0.1f, rod_top + 0.04f, 0.0f},
              {0.2f, rod_top - 0.004f, 0.0f}},
             0.0025f, 10);
    for (float side : {-1.0f, 1.0f}) {
        // Its wraps round the rod: a torus turned to circle the X axis.
        const std::size_t first = cord.vertices.size();
        add_torus(cord, {0.0f, 0.0f, 0.0f}, kRodRadius + 0.0015f, 0.0025f, 32, 8);
        const glm::mat4 wrap =
            glm::rotate(glm::translate(glm::mat4(1.0f), {side * 0.2f, kTop + kRodRadius, 0.0f}),
                        glm::half_pi<float>(), glm::vec3(0, 0, 1));
        transform_part(cord, wrap, first);
    }
    model.parts.push_back(cord);
    return model;
}

}  // namespace heritage::sample
