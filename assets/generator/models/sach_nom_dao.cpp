// Dao Nôm manuscript (Sách cổ chữ Nôm Dao), an open hand-made book on a low wooden stand. The
// research notes ([S40][S41], content-research.md A9) give only "size approx. 15-25 cm [U]", so
// the sizes follow the exhibit's geometry spec: each page 0.14 x 0.22 m, the open book 0.28 m
// across with its pages at y = 0.035, on a stand 20 mm high. Handmade straw or bamboo paper,
// brush and ink, a hand-sewn binding [S41]; columns of Han-style characters read top to bottom,
// right to left (drawn as plausible brush-stroke clusters, not real characters), and a red
// square stamp like the "Di sản văn hóa" stamps put on the books [S40].
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <glm/gtc/constants.hpp>

#include "assets/generator/models/models.h"

namespace heritage::sample {
namespace {

// The open book (metres): pages x -0.14..0 and 0..0.14, z -0.11 (head) .. 0.11 (tail).
constexpr float kPageWidth = 0.14f;
constexpr float kHalfDepth = 0.11f;
constexpr float kPageTop = 0.035f;       // the page surface
constexpr float kGutterDip = 0.005f;     // how far the pages sink into the spine
constexpr float kGutterWidth = 0.022f;   // where the sinking starts
constexpr float kBlockBottom = 0.0225f;  // the page blocks rest on the covers
constexpr float kCoverBottom = 0.020f;   // covers rest on the stand

// Texture of the spread: x -0.14..0.14 across, z -0.11 (row 0) .. 0.11 down.
constexpr int kTextureWidth = 1024;
constexpr float kPxPerM = kTextureWidth / (2 * kPageWidth);
const int kTextureHeight = int(std::lround(2 * kHalfDepth * kPxPerM));

const Color kPaper{226, 208, 166, 255};
const Color kPaperDark{186, 156, 108, 255};
const Color kInk{30, 24, 20, 255};
const Color kSeal{196, 36, 34, 255};
const Color kThread{128, 52, 40, 255};
const Color kWood{120, 78, 44, 255};
const Color kWoodDark{78, 48, 26, 255};

glm::vec2 to_px(float x, float z) {
    return {(x + kPageWidth) * kPxPerM, (z + kHalfDepth) * kPxPerM};
}

// The page surface's height at x: flat, sinking gently into the spine.
float page_height(float x) {
    const float t = std::max(0.0f, 1.0f - std::abs(x) / kGutterWidth);
    return kPageTop - kGutterDip * t * t;
}

// Deterministic random numbers for the hand-drawn details (xorshift).
struct Random {
    std::uint32_t state;
    float next() {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return float(state & 0xFFFFFFu) / float(0x1000000);
    }
    float range(float lo, float hi) { return lo + (hi - lo) * next(); }
};

// A brush stroke through `points` (pixels): pressed at the start, lifting towards the end
// (`end_width` as a fraction of `width`).
void brush(Image& image, const std::vector<glm::vec2>& points, float width, float end_width,
           Color ink) {
    const int steps = 12;
    for (std::size_t i = 0; i + 1 < points.size(); ++i) {
        for (int s = 0; s < steps; ++s) {
            const float t0 = (float(i) + float(s) / steps) / float(points.size() - 1);
            const glm::vec2 a = glm::mix(points[i], points[i + 1], float(s) / steps);
            const glm::vec2 b = glm::mix(points[i], points[i + 1], float(s + 1) / steps);
            const float press = t0 < 0.12f ? 1.15f : 1.0f;
            draw_line(image, a, b, width * press * glm::mix(1.0f, end_width, t0), ink);
        }
    }
}

// The strokes of one component of a character, inside the box lo..hi (pixels).
void draw_component(Image& image, glm::vec2 lo, glm::vec2 hi, float w, Color ink, Random& rnd) {
    const glm::vec2 size = hi - lo;
    const auto at = [&](float u, float v) { return lo + size * glm::vec2(u, v); };
    const int kind = int(rnd.next() * 6.0f);
    const int bars = 1 + int(rnd.next() * 3.0f);
    if (kind == 0) {
        // A small enclosed box (like 口) with a stroke inside.
        brush(image, {at(0.15f, 0.2f), at(0.2f, 0.85f)}, w, 0.8f, ink);
        brush(image, {at(0.18f, 0.2f), at(0.85f, 0.18f), at(0.8f, 0.85f)}, w, 0.8f, ink);
        brush(image, {at(0.2f, 0.82f), at(0.8f, 0.82f)}, w, 0.9f, ink);
        if (rnd.next() < 0.6f)
            brush(image, {at(0.3f, 0.5f), at(0.7f, 0.48f)}, w * 0.9f, 0.9f, ink);
        return;
    }
    // Stacked horizontals with a vertical through them, and legs or dots.
    for (int i = 0; i < bars; ++i) {
        const float v = 0.15f + 0.55f * (bars == 1 ? 0.4f : float(i) / float(bars - 1));
        const float half = rnd.range(0.28f, 0.45f);
        brush(image, {at(0.5f - half, v + 0.02f), at(0.5f + half, v - 0.02f)}, w, 0.85f, ink);
    }
    if (kind != 5) {
        const float u = rnd.range(0.42f, 0.58f);
        const bool hook = rnd.next() < 0.35f;
        std::vector<glm::vec2> stem = {at(u, 0.05f), at(u, 0.9f)};
        if (hook)
            stem.push_back(at(u - 0.12f, 0.8f));
        brush(image, stem, w, 0.55f, ink);
    }
    if (kind == 2 || kind == 3) {
        // Left- and right-falling legs (like 人, 大).
        brush(image, {at(0.48f, 0.55f), at(0.32f, 0.78f), at(0.1f, 0.95f)}, w, 0.25f, ink);
        brush(image, {at(0.52f, 0.58f), at(0.7f, 0.8f), at(0.95f, 0.93f)}, w * 1.1f, 0.6f, ink);
    }
    if (kind == 4 || kind == 5) {
        // Dots above or beside.
        const int dots = 1 + int(rnd.next() * 3.0f);
        for (int i = 0; i < dots; ++i) {
            const glm::vec2 p = at(0.2f + 0.3f * float(i), 0.02f);
            brush(image, {p, p + size * glm::vec2(0.08f, 0.1f)}, w * 1.2f, 0.5f, ink);
        }
    }
}

// A left-hand radical (like 亻, 氵 or 木) in the box lo..hi.
void draw_radical(Image& image, glm::vec2 lo, glm::vec2 hi, float w, Color ink, Random& rnd) {
    const glm::vec2 size = hi - lo;
    const auto at = [&](float u, float v) { return lo + size * glm::vec2(u, v); };
    switch (int(rnd.next() * 3.0f)) {
        case 0:  // person
            brush(image, {at(0.7f, 0.05f), at(0.4f, 0.35f), at(0.1f, 0.5f)}, w, 0.4f, ink);
            brush(image, {at(0.5f, 0.3f), at(0.5f, 0.95f)}, w, 0.7f, ink);
            break;
        case 1:  // water
            for (float v : {0.12f, 0.38f}) {
                brush(image, {at(0.25f, v), at(0.55f, v + 0.1f)}, w * 1.1f, 0.5f, ink);
            }
            brush(image, {at(0.15f, 0.9f), at(0.35f, 0.8f), at(0.7f, 0.55f)}, w, 0.4f, ink);
            break;
        default:  // tree
            brush(image, {at(0.05f, 0.3f), at(0.9f, 0.28f)}, w, 0.8f, ink);
            brush(image, {at(0.5f, 0.05f), at(0.5f, 0.95f)}, w, 0.7f, ink);
            brush(image, {at(0.45f, 0.4f), at(0.1f, 0.75f)}, w, 0.3f, ink);
            brush(image, {at(0.55f, 0.45f), at(0.85f, 0.6f)}, w * 0.9f, 0.5f, ink);
            break;
    }
}

// One character in a square of `size` pixels centred at `c`.
void draw_character(Image& image, glm::vec2 c, float size, Color ink, Random& rnd) {
    const float w = size * 0.085f;
    const glm::vec2 lo = c - size * 0.5f, hi = c + size * 0.5f;
    const float layout = rnd.next();
    if (layout < 0.3f) {
        draw_component(image, lo, hi, w, ink, rnd);
    } else if (layout < 0.65f) {
        const float split = rnd.range(0.32f, 0.42f);
        draw_radical(image, lo, {lo.x + size * split, hi.y}, w, ink, rnd);
        draw_component(image, {lo.x + size * (split + 0.05f), lo.y}, hi, w, ink, rnd);
    } else if (layout < 0.9f) {
        const float split = rnd.range(0.38f, 0.5f);
        draw_component(image, {lo.x + size * 0.1f, lo.y}, {hi.x - size * 0.1f, lo.y + size * split},
                       w, ink, rnd);
        draw_component(image, {lo.x, lo.y + size * (split + 0.04f)}, hi, w, ink, rnd);
    } else {
        // An enclosing frame (like 門 or 国) round a smaller component.
        brush(image, {c + glm::vec2(-0.42f, -0.45f) * size, c + glm::vec2(-0.42f, 0.48f) * size}, w,
              0.8f, ink);
        brush(image,
              {c + glm::vec2(-0.4f, -0.45f) * size, c + glm::vec2(0.42f, -0.46f) * size,
               c + glm::vec2(0.42f, 0.45f) * size, c + glm::vec2(0.34f, 0.38f) * size},
              w, 0.6f, ink);
        draw_component(image, c - size * 0.28f, c + size * 0.28f, w * 0.85f, ink, rnd);
    }
}

// The columns of one page between x_left and x_right (metres), written from the right.
void write_page(Image& image, float x_left, float x_right, std::uint32_t seed) {
    Random rnd{seed};
    const float head = -kHalfDepth + 0.02f, tail = kHalfDepth - 0.022f;
    const float pitch = 0.0155f;
    const int columns = int((x_right - x_left) / pitch);
    const float used = float(columns) * pitch;
    const float x0 = x_right - ((x_right - x_left) - used) / 2;
    // A ruled frame round the text.
    draw_polyline(image,
                  {to_px(x0 + 0.003f, head - 0.006f), to_px(x0 - used - 0.003f, head - 0.006f),
                   to_px(x0 - used - 0.003f, tail + 0.004f), to_px(x0 + 0.003f, tail + 0.004f)},
                  2.0f, Color{40, 30, 24, 200}, true);
    const float size = pitch * 0.78f * kPxPerM;
    for (int col = 0; col < columns; ++col) {
        const float x = x0 - (float(col) + 0.5f) * pitch;
        const Color ink{kInk.r, kInk.g, kInk.b, std::uint8_t(rnd.range(205.0f, 245.0f))};
        const int chars = rnd.next() < 0.2f ? 4 + int(rnd.next() * 6.0f) : 11;
        for (int k = 0; k < chars; ++k) {
            const float z = head + (float(k) + 0.5f) * pitch * 1.02f;
            if (z > tail)
                break;
            if (rnd.next() < 0.12f && k > 0) {
                // A commentary note: two small characters side by side.
                for (float side : {-0.25f, 0.25f}) {
                    draw_character(image, to_px(x + side * pitch, z), size * 0.45f, ink, rnd);
                }
                continue;
            }
            draw_character(image, to_px(x, z), size, ink, rnd);
            if (rnd.next() < 0.07f) {
                // A red punctuation circle beside the character.
                draw_circle(image, to_px(x + pitch * 0.42f, z + pitch * 0.35f), 3.0f, 1.5f, kSeal);
            }
        }
    }
}

// The red square stamp, 26 mm, printed over the paper and the ink (multiplied, as ink is).
void stamp_seal(Image& image, float x, float z) {
    const float side = 0.026f * kPxPerM;
    const glm::vec2 c = to_px(x, z);
    Image mask(int(side) + 8, int(side) + 8, Color{0, 0, 0, 255});
    const Color on{255, 255, 255, 255};
    const glm::vec2 o(4.0f);
    draw_polyline(mask, {o, o + glm::vec2(side, 0), o + glm::vec2(side), o + glm::vec2(0, side)},
                  side * 0.09f, on, true);
    // Four seal-script characters in a 2 x 2 grid (stylised, square strokes).
    Random rnd{97};
    for (int i = 0; i < 4; ++i) {
        const glm::vec2 cell =
            o + glm::vec2(float(i % 2) + 0.5f, float(i / 2) + 0.5f) * side * 0.5f;
        const float s = side * 0.17f;
        draw_polyline(mask,
                      {cell + glm::vec2(-s, -s), cell + glm::vec2(s, -s), cell + glm::vec2(s, s)},
                      side * 0.05f, on);
        draw_line(mask, cell + glm::vec2(-s, rnd.range(-0.3f, 0.3f) * s),
                  cell + glm::vec2(s * 0.6f, rnd.range(-0.3f, 0.3f) * s), side * 0.05f, on);
        draw_line(mask, cell + glm::vec2(rnd.range(-0.6f, 0.0f) * s, -s),
                  cell + glm::vec2(rnd.range(-0.6f, 0.0f) * s, s), side * 0.05f, on);
    }
    for (int y = 0; y < mask.height; ++y) {
        for (int xx = 0; xx < mask.width; ++xx) {
            const float wear = value_noise(float(xx) * 0.35f, float(y) * 0.35f, 98);
            const float coverage = float(mask.at(xx, y).r) / 255.0f * (wear < 0.22f ? 0.3f : 0.92f);
            if (coverage <= 0)
                continue;
            const int px = int(c.x - side / 2 - 4) + xx, py = int(c.y - side / 2 - 4) + y;
            if (px < 0 || py < 0 || px >= image.width || py >= image.height)
                continue;
            const Color paper = image.at(px, py);
            const Color printed{std::uint8_t(paper.r * kSeal.r / 255),
                                std::uint8_t(paper.g * kSeal.g / 255),
                                std::uint8_t(paper.b * kSeal.b / 255), 255};
            image.set(px, py, mix(paper, printed, coverage));
        }
    }
}

// The open spread: aged handmade paper with fibres, written columns, the stamp.
Image paint_pages() {
    Image image(kTextureWidth, kTextureHeight, kPaper);
    fill_noise(image, kPaper, kPaperDark, 50.0f, 0.45f, 81);
    Random rnd{82};
    // Fibres of the straw or bamboo pulp: short curved threads, lighter and darker.
    for (int i = 0; i < 2600; ++i) {
        const glm::vec2 p(rnd.range(0, float(kTextureWidth)), rnd.range(0, float(kTextureHeight)));
        const float a = rnd.range(0, glm::two_pi<float>());
        const float len = rnd.range(4.0f, 16.0f);
        const glm::vec2 d(std::cos(a), std::sin(a));
        const glm::vec2 bend(-d.y, d.x);
        const Color fibre = rnd.next() < 0.5f ? Color{150, 118, 74, 70} : Color{248, 236, 206, 90};
        draw_polyline(image, {p, p + d * len * 0.5f + bend * rnd.range(-2.0f, 2.0f), p + d * len},
                      rnd.range(0.7f, 1.3f), fibre);
    }
    // Foxing: small brown spots.
    for (int i = 0; i < 60; ++i) {
        const glm::vec2 p(rnd.range(0, float(kTextureWidth)), rnd.range(0, float(kTextureHeight)));
        fill_circle(image, p, rnd.range(1.5f, 6.0f), Color{150, 104, 56, 60});
    }
    write_page(image, 0.014f, kPageWidth - 0.014f, 83);    // right page, read first
    write_page(image, -kPageWidth + 0.014f, -0.014f, 84);  // left page
    stamp_seal(image, -0.07f, 0.06f);
    // Edges browned by handling, and the shadow of the gutter.
    for (int y = 0; y < kTextureHeight; ++y) {
        for (int x = 0; x < kTextureWidth; ++x) {
            const float mx = float(x) / float(kTextureWidth - 1) * 2.0f - 1.0f;  // -1..1 across
            const float my = float(y) / float(kTextureHeight - 1) * 2.0f - 1.0f;
            const float edge = std::max(std::abs(mx), std::abs(my));
            const float browning = std::clamp((edge - 0.86f) / 0.14f, 0.0f, 1.0f);
            const float gutter = std::clamp(1.0f - std::abs(mx) / 0.08f, 0.0f, 1.0f);
            image.blend(x, y, Color{120, 82, 40, 255}, 0.35f * browning * browning);
            image.blend(x, y, Color{70, 50, 30, 255}, 0.35f * gutter * gutter);
        }
    }
    return image;
}

// The fore-edges of the page blocks: many thin leaves.
Image paint_page_edges() {
    Image image(256, 64, kPaper);
    fill_noise(image, kPaper, kPaperDark, 12.0f, 0.5f, 85);
    for (int y = 1; y < 64; y += 2) {
        draw_line(image, {0, float(y)}, {256, float(y)}, 0.8f, Color{140, 112, 72, 110});
    }
    return image;
}

// The covers: coarse paper dyed brown.
Image paint_cover() {
    Image image(128, 128, Color{110, 74, 46, 255});
    fill_noise(image, Color{110, 74, 46, 255}, Color{76, 50, 32, 255}, 10.0f, 0.6f, 86);
    return image;
}

Image paint_wood() {
    Image image(256, 256, kWood);
    fill_noise(image, kWood, kWoodDark, 18.0f, 0.55f, 87);
    for (int y = 5; y < 256; y += 9) {
        draw_line(image, {0, float(y)}, {256, float(y) + 5}, 1.2f, Color{70, 42, 22, 80});
    }
    return image;
}

// One page block (side -1 left, +1 right): the curved written page on top, the leaves' edges
// round the sides, closed underneath.
void add_page_block(MeshPart& pages, MeshPart& edges, float side) {
    const int columns = 32;
    std::vector<float> xs;
    for (int i = 0; i <= columns; ++i) {
        const float t = float(i) / float(columns);
        xs.push_back(side * kPageWidth * t * t);  // finer near the spine, where it curves
    }
    const auto top = [&](float x, float z) {
        const float e = 0.0005f;
        const float slope = (page_height(x + e) - page_height(x - e)) / (2 * e);
        return Vertex{{x, page_height(x), z},
                      glm::normalize(glm::vec3(-slope, 1.0f, 0.0f)),
                      {(x + kPageWidth) / (2 * kPageWidth), (z + kHalfDepth) / (2 * kHalfDepth)}};
    };
    const auto edge = [&](float x, float y, float z, glm::vec3 n, float u) {
        return Vertex{{x, y, z}, n, {u, (y - kBlockBottom) / (kPageTop - kBlockBottom)}};
    };
    for (int i = 0; i < columns; ++i) {
        const float xa = xs[std::size_t(i)], xb = xs[std::size_t(i) + 1];
        add_smooth_quad(pages, top(xa, -kHalfDepth), top(xb, -kHalfDepth), top(xb, kHalfDepth),
                        top(xa, kHalfDepth));
        for (float end : {-1.0f, 1.0f}) {  // head and tail edges of the leaves
            const float z = end * kHalfDepth;
            const glm::vec3 n(0, 0, end);
            const float ua = std::abs(xa) / kPageWidth, ub = std::abs(xb) / kPageWidth;
            add_smooth_quad(edges, edge(xa, kBlockBottom, z, n, ua),
                            edge(xb, kBlockBottom, z, n, ub), edge(xb, page_height(xb), z, n, ub),
                            edge(xa, page_height(xa), z, n, ua));
        }
    }
    // Fore-edge, spine side and underside.
    const float outer = side * kPageWidth;
    const glm::vec3 out(side, 0, 0);
    add_smooth_quad(edges, edge(outer, kBlockBottom, -kHalfDepth, out, 0),
                    edge(outer, kBlockBottom, kHalfDepth, out, 1),
                    edge(outer, kPageTop, kHalfDepth, out, 1),
                    edge(outer, kPageTop, -kHalfDepth, out, 0));
    const float spine_top = page_height(0.0f);
    add_smooth_quad(edges, edge(0, kBlockBottom, -kHalfDepth, -out, 0),
                    edge(0, kBlockBottom, kHalfDepth, -out, 1),
                    edge(0, spine_top, kHalfDepth, -out, 1),
                    edge(0, spine_top, -kHalfDepth, -out, 0));
    const glm::vec3 down(0, -1, 0);
    add_smooth_quad(edges, edge(0, kBlockBottom, -kHalfDepth, down, 0),
                    edge(outer, kBlockBottom, -kHalfDepth, down, 1),
                    edge(outer, kBlockBottom, kHalfDepth, down, 1),
                    edge(0, kBlockBottom, kHalfDepth, down, 0));
}

}  // namespace

SampleModel make_sach_nom_dao() {
    SampleModel model;
    model.materials.push_back({"written pages", paint_pages(), 0.0f, 0.9f});
    model.materials.push_back({"page edges", paint_page_edges(), 0.0f, 0.9f});
    model.materials.push_back({"paper cover", paint_cover(), 0.0f, 0.85f});
    model.materials.push_back({"stand wood", paint_wood(), 0.0f, 0.7f});
    model.materials.push_back({"binding thread", Image(16, 16, kThread), 0.0f, 0.8f});

    // The two page blocks, y 0.0225 up to the pages at 0.035.
    MeshPart pages{"pages", 0, {}, {}};
    MeshPart edges{"page edges", 1, {}, {}};
    add_page_block(pages, edges, -1.0f);
    add_page_block(pages, edges, 1.0f);
    model.parts.push_back(pages);
    model.parts.push_back(edges);

    // The covers, a little larger than the leaves, opened flat under them.
    MeshPart covers{"covers", 2, {}, {}};
    add_box(covers, {-kPageWidth - 0.003f, kCoverBottom, -kHalfDepth - 0.003f},
            {-0.0005f, kBlockBottom, kHalfDepth + 0.003f});
    add_box(covers, {0.0005f, kCoverBottom, -kHalfDepth - 0.003f},
            {kPageWidth + 0.003f, kBlockBottom, kHalfDepth + 0.003f});
    model.parts.push_back(covers);

    // The low stand: a board on two runners, y 0 to 0.02.
    MeshPart stand{"stand", 3, {}, {}};
    add_box(stand, {-0.165f, 0.008f, -0.13f}, {0.165f, kCoverBottom, 0.13f});
    for (float side : {-1.0f, 1.0f}) {
        add_box(stand, {side * 0.125f - 0.0125f, 0.0f, -0.12f},
                {side * 0.125f + 0.0125f, 0.008f, 0.12f});
    }
    model.parts.push_back(stand);

    // The hand-sewn binding along the spine: thread running down the gutter between the
    // sewing holes and wrapping across it at each hole.
    MeshPart thread{"binding thread", 4, {}, {}};
    const float r = 0.0007f;
    const float holes[6] = {-0.095f, -0.055f, -0.018f, 0.018f, 0.055f, 0.095f};
    const float gutter_y = page_height(0.0f) + r;
    for (int i = 0; i < 6; i += 2) {
        add_tube(thread, {{0.0f, gutter_y, holes[i]}, {0.0f, gutter_y, holes[i + 1]}}, r, 8);
    }
    for (float z : holes) {
        std::vector<glm::vec3> wrap;
        for (int k = 0; k <= 8; ++k) {
            const float x = -0.006f + 0.012f * float(k) / 8.0f;
            wrap.push_back({x, page_height(x) + r, z});
        }
        add_tube(thread, wrap, r, 8);
    }
    model.parts.push_back(thread);
    return model;
}

}  // namespace heritage::sample
