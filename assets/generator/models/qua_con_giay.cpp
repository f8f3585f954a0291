// Giáy còn ball of the Roóng Poọc festival (Tả Van, Sa Pa): content-research.md A13 describes
// a cloth ball with coloured tassels sewn by unmarried girls, "approx. fist-sized" [U]; the
// 90 mm ball, its cord and 170 mm tassels here are illustrative. The ball is sewn from eight
// cloth wedges (red, yellow, green, blue) with stitched seams; a twisted cord rises from its
// top, a bunch of cloth strips in many colours hangs from its bottom. A plain wooden display
// stand (not part of the artifact) holds it up by the cord.
#include <cmath>
#include <glm/gtc/constants.hpp>
#include <glm/gtc/matrix_transform.hpp>
#include <iterator>

#include "assets/generator/models/models.h"

namespace heritage::sample {
namespace {

constexpr float kTau = glm::two_pi<float>();

const glm::vec3 kBallCenter{0.0f, 0.280f, 0.0f};
constexpr float kBallRadius = 0.045f;
constexpr int kWedges = 8;
constexpr float kCordRadius = 0.0022f;
constexpr float kCordTop = 0.450f;  // where the cord's loop hangs from the stand's arm
constexpr float kArmRadius = 0.0045f;
constexpr float kArmY = kCordTop + kArmRadius + kCordRadius;  // the loop sits on the arm
constexpr float kKnotBottom = 0.220f;  // the wrapped collar gathering the tassels
constexpr float kTasselEnd = 0.050f;   // the longest strips reach down to here
constexpr int kTassels = 20;
constexpr float kBaseRadius = 0.080f;
constexpr float kBaseHeight = 0.018f;
constexpr float kPostZ = -0.055f;  // the stand's post, behind the ball

// The cloth colours: the ball's wedges take the first four in turn, the tassels all of them.
const Color kCloth[] = {
    {196, 32, 38, 255},  {234, 188, 36, 255}, {36, 134, 70, 255},  {38, 78, 168, 255},
    {228, 96, 150, 255}, {238, 122, 30, 255}, {112, 52, 140, 255}, {236, 232, 220, 255},
    {40, 160, 176, 255}, {200, 40, 120, 255}, {140, 190, 50, 255}, {130, 22, 30, 255},
    {30, 40, 96, 255},   {214, 160, 40, 255}, {28, 112, 104, 255}, {150, 90, 200, 255}};
constexpr int kColors = int(std::size(kCloth));
const Color kThread{246, 240, 224, 255};
const Color kDarkThread{40, 30, 30, 255};

// A point of the ball: `angle` around Y from +Z towards +X, `polar` from the top (0) to the
// bottom (pi). Each stuffed wedge bulges a little, the seams between them pull in.
glm::vec3 ball_point(float angle, float polar) {
    const float w = angle / kTau * kWedges + 0.5f;  // a wedge's middle faces the front
    const float bulge = std::pow(std::abs(std::sin(glm::pi<float>() * (w - std::floor(w)))), 0.6f);
    const float radius = kBallRadius * (1.0f - 0.055f * (1.0f - bulge) * std::sin(polar));
    const bool pole = polar <= 0.0f || polar >= glm::pi<float>();
    const float ring = pole ? 0.0f : radius * std::sin(polar);
    return kBallCenter +
           glm::vec3(std::sin(angle) * ring, radius * std::cos(polar), std::cos(angle) * ring);
}

// The ball's cloth: u around (one wedge per 128 px), v from the top down. Woven cloth in four
// colours, an embroidered diamond on each wedge, dark seams with white cross-stitches, and
// small darker patches where the wedges meet at the poles.
Image paint_ball() {
    const int width = 1024, height = 512;
    Image image(width, height, kCloth[0]);
    const int wedge_px = width / kWedges;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const Color base = kCloth[(x / wedge_px) % 4];
            const float weave = ((x / 2 + y / 2) % 2 == 0) ? 0.06f : 0.0f;
            const float n = value_noise(float(x) / 9.0f, float(y) / 9.0f, 71);
            image.set(x, y, mix(base, Color{20, 16, 16, 255}, 0.10f * n + weave));
        }
    }
    for (int k = 0; k < kWedges; ++k) {
        const float left = float(k * wedge_px);
        const float middle = left + float(wedge_px) / 2;
        // Embroidered diamond with a cross, in a contrasting thread, at the equator.
        const Color thread = (k % 4 == 1) ? kCloth[0] : kThread;
        for (float size : {34.0f, 20.0f}) {
            draw_polyline(image,
                          {{middle, 256 - size * 1.5f},
                           {middle + size, 256},
                           {middle, 256 + size * 1.5f},
                           {middle - size, 256}},
                          3.0f, thread, true);
        }
        fill_circle(image, {middle, 256}, 5.0f, kDarkThread);
        for (float y : {150.0f, 362.0f}) {  // little stars above and below
            draw_line(image, {middle - 8, y}, {middle + 8, y}, 2.5f, thread);
            draw_line(image, {middle, y - 8}, {middle, y + 8}, 2.5f, thread);
        }
        // The seam: a shadowed line with cross-stitches over it.
        draw_line(image, {left, 0}, {left, float(height)}, 4.0f, kDarkThread);
        for (float y = 30; y < float(height) - 30; y += 14) {
            draw_line(image, {left - 6, y - 4}, {left + 6, y + 4}, 2.0f, kThread);
            draw_line(image, {left - 6, y + 4}, {left + 6, y - 4}, 2.0f, kThread);
        }
    }
    draw_line(image, {float(width), 0}, {float(width), float(height)}, 4.0f, kDarkThread);
    fill_rect(image, {0, 0}, {float(width), 18}, kCloth[11]);  // top and bottom patches
    fill_rect(image, {0, float(height) - 18}, {float(width), float(height)}, kCloth[11]);
    return image;
}

// The tassel strips: one colour column per strip (u), v down the strip, with woven bands of
// contrasting thread and a frayed end.
Image paint_tassels() {
    const int width = 512, height = 512;
    Image image(width, height, kCloth[0]);
    const int column = width / kColors;
    for (int k = 0; k < kColors; ++k) {
        const float x0 = float(k * column), x1 = float((k + 1) * column);
        fill_rect(image, {x0, 0}, {x1, float(height)}, kCloth[k]);
        const Color band = (k % 2 == 0) ? kThread : kCloth[(k + 5) % kColors];
        for (float y = 60.0f + float(k % 3) * 30; y < 440; y += 160) {
            fill_rect(image, {x0, y}, {x1, y + 5}, band);
            fill_rect(image, {x0, y + 8}, {x1, y + 10}, mix(kCloth[k], kDarkThread, 0.5f));
        }
        for (float x = x0 + 2; x < x1; x += 4) {  // frayed threads at the end
            draw_line(image, {x, 470}, {x, 512}, 1.5f, mix(kCloth[k], kDarkThread, 0.4f));
        }
    }
    for (int y = 0; y < height; ++y) {  // weave texture
        for (int x = 0; x < width; ++x) {
            if ((x + y) % 3 == 0)
                image.blend(x, y, Color{0, 0, 0, 255}, 0.08f);
        }
    }
    return image;
}

// A twisted cord of red and yellow thread: u around, v along (repeated).
Image paint_cord() {
    const int size = 128;
    Image image(size, size, kCloth[0]);
    for (int y = 0; y < size; ++y) {
        for (int x = 0; x < size; ++x) {
            const float t = float(x) / size * 2 + float(y) / size;
            const float strand = t - std::floor(t);
            const Color strand_color = strand < 0.5f ? kCloth[0] : kCloth[1];
            const float shade = 0.35f * std::abs(std::sin(strand * glm::two_pi<float>()));
            image.set(x, y, mix(strand_color, kDarkThread, 0.35f - shade));
        }
    }
    return image;
}

// Pale wood with darker grain running along v.
Image paint_wood() {
    const int size = 512;
    Image image(size, size, Color{178, 140, 96, 255});
    fill_noise(image, Color{178, 140, 96, 255}, Color{140, 100, 62, 255}, 40.0f, 0.7f, 81);
    for (int x = 0; x < size; x += 7) {
        const float wobble = value_noise(float(x) * 0.3f, 0.0f, 83) * 4.0f;
        const float alpha = 0.15f + 0.2f * value_noise(float(x) * 0.2f, 5.0f, 85);
        for (int y = 0; y < size; ++y) {
            const float dx = wobble * std::sin(float(y) * 0.02f + float(x));
            image.blend(int(float(x) + dx), y, Color{110, 74, 44, 255}, alpha);
        }
    }
    return image;
}

// A strip of cloth as a thin closed box along `path`, its broad faces turned to `facing`
// (one direction per path point); u spans [u0, u1] across it, v runs along it.
void add_ribbon(MeshPart& part, const std::vector<glm::vec3>& path,
                const std::vector<glm::vec3>& facing, float width, float thickness, float u0,
                float u1) {
    const std::size_t count = path.size();
    std::vector<glm::vec3> along(count), across(count), normal(count);
    for (std::size_t i = 0; i < count; ++i) {
        along[i] = glm::normalize(path[i + 1 < count ? i + 1 : i] - path[i == 0 ? 0 : i - 1]);
        across[i] = glm::normalize(glm::cross(along[i], facing[i]));
        normal[i] = glm::normalize(glm::cross(across[i], along[i]));
    }
    auto corner = [&](std::size_t i, float side, float face) {
        return path[i] + across[i] * (side * width / 2) + normal[i] * (face * thickness / 2);
    };
    // The two broad faces and the two edges, each a two-column grid down the strip.
    for (int f = 0; f < 4; ++f) {
        std::vector<Vertex> grid;
        for (std::size_t i = 0; i < count; ++i) {
            const float v = float(i) / float(count - 1);
            for (int c = 0; c < 2; ++c) {
                const float s = c == 0 ? -1.0f : 1.0f;
                Vertex vertex;
                if (f < 2) {  // broad face, front (+normal) or back
                    const float face = f == 0 ? 1.0f : -1.0f;
                    vertex = {corner(i, s, face), normal[i] * face, {c == 0 ? u0 : u1, v}};
                } else {  // edge, right (+across) or left
                    const float side = f == 2 ? 1.0f : -1.0f;
                    vertex = {corner(i, side, s), across[i] * side, {(u0 + u1) / 2, v}};
                }
                grid.push_back(vertex);
            }
        }
        add_grid(part, grid, 2);
    }
    // The two cut ends.
    for (std::size_t i : {std::size_t(0), count - 1}) {
        const glm::vec3 out = i == 0 ? -along[i] : along[i];
        const float v = i == 0 ? 0.0f : 1.0f;
        add_grid(part,
                 {{corner(i, -1, -1), out, {u0, v}},
                  {corner(i, 1, -1), out, {u1, v}},
                  {corner(i, -1, 1), out, {u0, v}},
                  {corner(i, 1, 1), out, {u1, v}}},
                 2);
    }
}

}  // namespace

SampleModel make_qua_con_giay() {
    SampleModel model;
    model.materials.push_back({"cloth wedges", paint_ball(), 0.0f, 0.9f});
    model.materials.push_back({"tassel strips", paint_tassels(), 0.0f, 0.9f});
    model.materials.push_back({"twisted cord", paint_cord(), 0.0f, 0.85f});
    model.materials.push_back({"stand wood", paint_wood(), 0.0f, 0.75f});

    // The ball: a sphere of eight stuffed wedges, normals from the surface's slopes.
    MeshPart ball{"ball", 0, {}, {}};
    {
        const int columns = 96, rows = 48;
        std::vector<Vertex> grid;
        for (int row = 0; row <= rows; ++row) {
            const float polar = glm::pi<float>() * float(row) / float(rows);
            for (int column = 0; column <= columns; ++column) {
                const float angle = kTau * float(column) / float(columns);
                const glm::vec3 p = ball_point(angle, polar);
                const float e = 0.002f;
                glm::vec3 normal = glm::normalize(p - kBallCenter);
                if (row > 0 && row < rows) {
                    const glm::vec3 d_angle =
                        ball_point(angle + e, polar) - ball_point(angle - e, polar);
                    const glm::vec3 d_polar =
                        ball_point(angle, polar + e) - ball_point(angle, polar - e);
                    const glm::vec3 n = glm::normalize(glm::cross(d_angle, d_polar));
                    normal = glm::dot(n, normal) < 0 ? -n : n;
                }
                grid.push_back(
                    {p,
                     normal,
                     {float(column) / float(columns) + 0.5f / kWedges, float(row) / float(rows)}});
            }
        }
        add_grid(ball, grid, columns + 1);
    }
    model.parts.push_back(ball);

    // The cord, from the top of the ball up to its loop over the stand's arm; and the wrapped
    // collar under the ball where the tassels are tied on.
    MeshPart cord{"cord and collar", 2, {}, {}};
    {
        const float top_of_ball = kBallCenter.y + kBallRadius - 0.002f;
        add_tube(cord, {{0, top_of_ball, 0}, {0, kCordTop, 0}}, kCordRadius, 12);
        for (std::size_t v = 0; v < cord.vertices.size(); ++v)
            cord.vertices[v].uv.y *= 20.0f;
        const std::size_t loop = cord.vertices.size();
        add_torus(cord, {0, 0, 0}, kArmRadius + kCordRadius, kCordRadius, 24, 10);
        transform_part(cord,
                       glm::translate(glm::mat4(1.0f), {0, kArmY, 0}) *
                           glm::rotate(glm::mat4(1.0f), glm::half_pi<float>(), {1, 0, 0}),
                       loop);
        add_lathe(cord,
                  {{0.0f, kKnotBottom},
                   {0.0055f, kKnotBottom},
                   {0.0062f, kKnotBottom + 0.006f},
                   {0.0070f, kKnotBottom + 0.012f},
                   {0.0100f, kKnotBottom + 0.018f},
                   {0.0f, kKnotBottom + 0.020f}},
                  24, 0.0f, 3.0f);
    }
    model.parts.push_back(cord);

    // The tassels: cloth strips tied under the collar, spreading a little and hanging down,
    // of slightly different lengths, each in its own colour.
    MeshPart tassels{"tassels", 1, {}, {}};
    for (int i = 0; i < kTassels; ++i) {
        const float jitter = value_noise(float(i) * 1.7f, 0.5f, 91);
        const float angle = kTau * (float(i) + 0.4f * jitter) / float(kTassels);
        const float end_y = kTasselEnd + (i % 5 == 0 ? 0.0f : 0.025f * jitter);
        const float spread = 0.018f + 0.016f * value_noise(float(i) * 2.3f, 1.5f, 93);
        std::vector<glm::vec3> path, facing;
        const int points = 12;
        for (int k = 0; k < points; ++k) {
            const float t = float(k) / float(points - 1);
            const float a = angle + 0.12f * std::sin(3.0f * t + float(i));  // a gentle twist
            const glm::vec3 out(std::sin(a), 0.0f, std::cos(a));
            const float radial = 0.005f + spread * std::sin(t * glm::half_pi<float>());
            path.push_back(
                out * radial +
                glm::vec3(0, kKnotBottom + 0.001f - (kKnotBottom + 0.001f - end_y) * t, 0));
            facing.push_back(out);
        }
        const float u0 = float(i % kColors) / float(kColors);
        add_ribbon(tassels, path, facing, 0.008f, 0.0008f, u0 + 0.1f / kColors,
                   u0 + 0.9f / kColors);
    }
    model.parts.push_back(tassels);

    // The display stand: a turned base on y = 0, a post behind the ball, and an arm over it
    // from which the cord hangs.
    MeshPart stand{"display stand", 3, {}, {}};
    add_lathe(stand,
              {{kBaseRadius - 0.004f, 0.0f},
               {kBaseRadius, 0.003f},
               {kBaseRadius, kBaseHeight - 0.006f},
               {kBaseRadius - 0.006f, kBaseHeight}},
              64);
    add_disc(stand, 0.0f, kBaseRadius - 0.004f, false, 64);
    add_disc(stand, kBaseHeight, kBaseRadius - 0.006f, true, 64);
    const std::size_t post = stand.vertices.size();
    add_lathe(stand,
              {{0.0f, kBaseHeight - 0.001f},
               {0.011f, kBaseHeight - 0.001f},
               {0.009f, kBaseHeight + 0.006f},
               {0.0065f, kBaseHeight + 0.014f},
               {0.006f, kArmY - 0.012f},
               {0.0072f, kArmY - 0.006f},
               {0.0072f, kArmY + 0.006f},
               {0.005f, kArmY + 0.013f},
               {0.0f, kArmY + 0.015f}},
              24);
    transform_part(stand, glm::translate(glm::mat4(1.0f), {0, 0, kPostZ}), post);
    add_tube(stand, {{0, kArmY, kPostZ}, {0, kArmY, 0.016f}}, kArmRadius, 16);
    model.parts.push_back(stand);
    return model;
}

}  // namespace heritage::sample
