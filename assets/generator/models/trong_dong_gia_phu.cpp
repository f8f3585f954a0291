// Gia Phú bronze drum (Đông Sơn): true size from [S18] — height 380 mm, face 630 mm, foot
// 675 mm — with the tympanum's 12-ray star and its bands of Lạc birds and stylised figures,
// four handles in two pairs, and a green-brown patina.
#include <cmath>
#include <glm/gtc/constants.hpp>

#include "assets/generator/models/models.h"

namespace heritage::sample {
namespace {

constexpr float kHeight = 0.380f;
constexpr float kFaceRadius = 0.315f;
constexpr float kFootRadius = 0.3375f;

const Color kBronze{112, 92, 58, 255};
const Color kPatina{78, 112, 86, 255};
const Color kRelief{150, 128, 82, 255};  // raised lines catch the light

// The tympanum, painted as a square that add_disc maps onto the face.
Image paint_tympanum() {
    const int size = 1024;
    Image image(size, size, kBronze);
    fill_noise(image, kBronze, kPatina, 60.0f, 0.8f, 11);
    const glm::vec2 c(size / 2.0f);
    const float px_per_m = size / (2 * kFaceRadius);
    auto r = [&](float metres) { return metres * px_per_m; };
    // 12-ray star in the centre, with the spaces between rays filled by feather motifs.
    fill_circle(image, c, r(0.022f), kRelief);
    fill_polygon(image, star_points(c, r(0.060f), r(0.022f), 12), kRelief);
    // Concentric bands: circles, rows of dots, a sawtooth band.
    for (float ring : {0.070f, 0.085f, 0.140f, 0.150f, 0.262f, 0.272f, 0.300f, 0.312f}) {
        draw_circle(image, c, r(ring), 3.0f, kRelief);
    }
    for (int i = 0; i < 72; ++i) {  // dots between the inner rings
        const float a = glm::two_pi<float>() * float(i) / 72.0f;
        fill_circle(image, c + glm::vec2(std::sin(a), -std::cos(a)) * r(0.0775f), 3.0f, kRelief);
    }
    for (int i = 0; i < 120; ++i) {  // tangent zigzag ring
        const float a0 = glm::two_pi<float>() * float(i) / 120.0f;
        const float a1 = glm::two_pi<float>() * (float(i) + 0.5f) / 120.0f;
        draw_line(image, c + glm::vec2(std::sin(a0), -std::cos(a0)) * r(0.143f),
                  c + glm::vec2(std::sin(a1), -std::cos(a1)) * r(0.147f), 2.0f, kRelief);
    }
    // Band of stylised figures (0.15-0.20 m) and of Lạc birds (0.20-0.26 m).
    for (int i = 0; i < 16; ++i) {
        const float a = glm::two_pi<float>() * float(i) / 16.0f;
        const glm::vec2 dir(std::sin(a), -std::cos(a));
        const glm::vec2 side(-dir.y, dir.x);
        const glm::vec2 base = c + dir * r(0.160f);
        // A figure with a feathered head-dress: body, head, plume.
        draw_line(image, base, base + dir * r(0.022f), 4.0f, kRelief);
        fill_circle(image, base + dir * r(0.026f), r(0.004f), kRelief);
        draw_line(image, base + dir * r(0.028f), base + dir * r(0.036f) + side * r(0.010f), 3.0f,
                  kRelief);
    }
    for (int i = 0; i < 10; ++i) {
        const float a = glm::two_pi<float>() * (float(i) + 0.3f) / 10.0f;
        const glm::vec2 dir(std::sin(a), -std::cos(a));
        const glm::vec2 along(-dir.y, dir.x);  // flying around the star
        const glm::vec2 body = c + dir * r(0.230f);
        // A long-beaked bird: body, long beak ahead, spread tail behind, a wing.
        fill_polygon(image,
                     {body + along * r(0.018f), body + dir * r(0.006f), body - along * r(0.016f),
                      body - dir * r(0.006f)},
                     kRelief);
        draw_line(image, body + along * r(0.018f), body + along * r(0.042f), 3.0f, kRelief);
        fill_polygon(image,
                     {body - along * r(0.014f), body - along * r(0.030f) + dir * r(0.010f),
                      body - along * r(0.030f) - dir * r(0.010f)},
                     kRelief);
        draw_line(image, body, body + dir * r(0.016f) - along * r(0.006f), 3.0f, kRelief);
    }
    return image;
}

// The body: bands of dots and lines running around the drum (u around, v top to bottom).
Image paint_body() {
    Image image(1024, 512, kBronze);
    fill_noise(image, kBronze, kPatina, 40.0f, 0.85f, 12);
    for (float y : {40.0f, 52.0f, 120.0f, 132.0f, 300.0f, 312.0f}) {
        draw_line(image, {0, y}, {1024, y}, 3.0f, kRelief);
    }
    for (int x = 0; x < 1024; x += 16)
        fill_circle(image, {float(x) + 8, 86}, 3.0f, kRelief);
    draw_zigzag(image, 0, 1024, 200, 226, 24, 2.5f, kRelief);
    return image;
}

}  // namespace

SampleModel make_trong_dong_gia_phu() {
    SampleModel model;
    model.materials.push_back({"tympanum", paint_tympanum(), 0.85f, 0.55f});
    model.materials.push_back({"bronze body", paint_body(), 0.85f, 0.6f});

    MeshPart face{"tympanum", 0, {}, {}};
    add_disc(face, kHeight, kFaceRadius, true, 96);
    model.parts.push_back(face);

    // The profile, top to bottom seen from outside: face rim, bulging shoulder (tang), waist,
    // flaring foot; then up the inside of the hollow foot.
    MeshPart body{"body", 1, {}, {}};
    add_lathe(body,
              {{kFootRadius - 0.006f, 0.020f},
               {kFootRadius, 0.000f},
               {0.318f, 0.060f},
               {0.285f, 0.130f},
               {0.270f, 0.170f},
               {0.290f, 0.230f},
               {0.325f, 0.285f},
               {0.335f, 0.310f},
               {0.330f, 0.345f},
               {kFaceRadius + 0.004f, kHeight},
               {kFaceRadius, kHeight}},
              96);
    // The hollow inside, seen from within (profile going down, so normals face the axis).
    add_lathe(body,
              {{kFaceRadius - 0.010f, kHeight - 0.004f},
               {0.320f, 0.310f},
               {0.258f, 0.170f},
               {kFootRadius - 0.012f, 0.004f}},
              96);
    add_disc(body, kHeight - 0.004f, kFaceRadius - 0.010f, false, 96);
    add_ring(body, 0.000f, kFootRadius - 0.012f, kFootRadius, false, 96);
    model.parts.push_back(body);

    // Four handles on the shoulder, in pairs either side of the +X and -X axes: flat loops
    // from y 0.24 to 0.33 standing out from the body.
    MeshPart handles{"handles", 1, {}, {}};
    for (float side : {1.0f, -1.0f}) {
        for (float offset_deg : {20.0f, -20.0f}) {
            const float a = glm::radians(90.0f * side + offset_deg);
            const glm::vec3 out(std::sin(a), 0, std::cos(a));
            const glm::vec3 top = out * 0.333f + glm::vec3(0, 0.332f, 0);
            const glm::vec3 bottom = out * 0.300f + glm::vec3(0, 0.240f, 0);
            const glm::vec3 mid = (top + bottom) * 0.5f + out * 0.035f;
            add_tube(handles, {top, top + out * 0.02f, mid, bottom + out * 0.02f, bottom}, 0.008f,
                     12);
        }
    }
    model.parts.push_back(handles);
    return model;
}

}  // namespace heritage::sample
