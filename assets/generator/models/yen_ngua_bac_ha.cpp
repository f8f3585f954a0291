// A Bắc Hà wooden saddle. The sources describe the Bắc Hà horse race [S49] but not how its
// saddles are built: this is a plausible highland wooden saddle — two arched frames joined by
// side boards, a cushioned seat and a woven pad — to be replaced by a scan of the museum's
// object. About 0.40 x 0.30 x 0.50 m (approximate).
#include <cmath>
#include <glm/gtc/constants.hpp>

#include "assets/generator/models/models.h"

namespace heritage::sample {
namespace {

constexpr float kPadTop = 0.05f;
constexpr float kArchZ = 0.18f;
constexpr float kArchRadius = 0.15f;  // centre line; the tube adds 0.02 outwards
constexpr float kArchCentreY = 0.13f;
constexpr float kTube = 0.02f;

Image paint_wood() {
    Image image(256, 512, Color{120, 78, 44, 255});
    fill_noise(image, Color{120, 78, 44, 255}, Color{80, 50, 28, 255}, 10.0f, 0.7f, 71);
    for (int i = 0; i < 40; ++i) {  // grain along the length (v)
        const float x = 6.0f * float(i) + 3.0f * value_noise(float(i), 0.5f, 72);
        draw_line(image, {x, 0}, {x + 4, 512}, 1.2f, Color{70, 44, 24, 150});
    }
    return image;
}

// The woven saddle pad: indigo with red and white bands and a diamond pattern.
Image paint_pad() {
    Image image(512, 512, Color{34, 44, 92, 255});
    fill_noise(image, Color{34, 44, 92, 255}, Color{20, 26, 60, 255}, 6.0f, 0.5f, 73);
    for (int band = 0; band < 4; ++band) {
        const float y = 60.0f + float(band) * 120.0f;
        fill_rect(image, {0, y}, {512, y + 24}, Color{178, 34, 40, 255});
        for (int x = 0; x < 512; x += 32) {
            fill_polygon(image,
                         {{float(x) + 16, y + 2},
                          {float(x) + 28, y + 12},
                          {float(x) + 16, y + 22},
                          {float(x) + 4, y + 12}},
                         Color{236, 230, 214, 255});
        }
    }
    return image;
}

Image paint_seat() {
    Image image(256, 256, Color{150, 36, 40, 255});
    fill_noise(image, Color{150, 36, 40, 255}, Color{100, 20, 26, 255}, 8.0f, 0.5f, 74);
    for (int i = 0; i < 256; i += 32) {
        draw_line(image, {float(i), 0}, {float(i), 256}, 3.0f, Color{220, 180, 60, 255});
        draw_line(image, {0, float(i)}, {256, float(i)}, 3.0f, Color{220, 180, 60, 255});
    }
    return image;
}

}  // namespace

SampleModel make_yen_ngua_bac_ha() {
    SampleModel model;
    model.materials.push_back({"wood", paint_wood(), 0.0f, 0.6f});
    model.materials.push_back({"woven pad", paint_pad(), 0.0f, 0.95f});
    model.materials.push_back({"seat cushion", paint_seat(), 0.0f, 0.85f});

    // Two arched frames, front and back: legs down to the boards, a half circle over the top.
    MeshPart wood{"frames and boards", 0, {}, {}};
    for (float z : {kArchZ, -kArchZ}) {
        std::vector<glm::vec3> path{{-kArchRadius, kPadTop + 0.01f, z}};
        for (const glm::vec3& p : arc_points({0, kArchCentreY, z}, {-1, 0, 0}, {0, 1, 0},
                                             kArchRadius, 0.0f, glm::pi<float>(), 24)) {
            path.push_back(p);
        }
        path.push_back({kArchRadius, kPadTop + 0.01f, z});
        add_tube(wood, path, kTube, 16);
    }
    // Side boards joining the frames, on either side of the horse's back.
    for (float side : {1.0f, -1.0f}) {
        const float inner = 0.13f * side, outer = 0.15f * side;
        add_box(wood, {std::min(inner, outer), kPadTop, -kArchZ - 0.03f},
                {std::max(inner, outer), 0.15f, kArchZ + 0.03f});
    }
    model.parts.push_back(wood);

    // The pad under the saddle.
    MeshPart pad{"saddle pad", 1, {}, {}};
    add_box(pad, {-0.20f, 0.0f, -0.25f}, {0.20f, kPadTop, 0.25f});
    model.parts.push_back(pad);

    // The seat cushion between the arches, its top at y = 0.26.
    MeshPart seat{"seat", 2, {}, {}};
    add_ellipsoid(seat, {0, 0.235f, 0}, {0.12f, 0.025f, 0.16f}, 48, 16);
    model.parts.push_back(seat);
    // The seat rests on a board spanning the two arches.
    add_box(model.parts[0], {-0.11f, 0.200f, -kArchZ}, {0.11f, 0.212f, kArchZ});
    return model;
}

}  // namespace heritage::sample
