// Pa Dí women's roof-shaped hat (mũ khùn tằng) [S46]: handwoven cloth stiffened with beeswax
// paste and folded into the shape of a roof, on a headband of sine-wave silver beads (maize and
// rice grains), with an engraved rectangular silver plaque at the back. No source gives its
// size: about 25-35 cm tall [U]; this model is 0.30 m tall on a 0.20 x 0.18 m headband.
#include <cmath>
#include <glm/gtc/constants.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include "assets/generator/models/models.h"

namespace heritage::sample {
namespace {

constexpr float kBandTop = 0.04f;
constexpr float kPanelTop = 0.10f;  // the hat rises straight from the band before it slopes
constexpr float kRidgeY = 0.30f;
constexpr float kHalfX = 0.12f;  // the roof's gable ends
constexpr float kHalfZ = 0.09f;

const Color kIndigo{32, 36, 58, 255};
const Color kSilver{205, 205, 210, 255};

// Waxed black-indigo cloth, with the coloured trim along its lower edge (v = 0, the top rows).
Image paint_roof_cloth() {
    Image image(512, 512, kIndigo);
    fill_noise(image, kIndigo, Color{14, 16, 26, 255}, 12.0f, 0.6f, 61);
    for (int y = 0; y < 512; y += 6) {  // the weave, and the sheen of the wax
        draw_line(image, {0, float(y)}, {512, float(y)}, 1.0f, Color{50, 54, 80, 90});
    }
    const Color trim[] = {{200, 40, 50, 255}, {230, 190, 60, 255}, {60, 150, 90, 255}};
    for (int i = 0; i < 3; ++i) {
        const float y = 470.0f + float(i) * 12.0f;
        fill_rect(image, {0, y}, {512, y + 10}, trim[i]);
    }
    for (int x = 0; x < 512; x += 24) {  // small embroidered lozenges on the trim
        fill_polygon(
            image,
            {{float(x) + 12, 466}, {float(x) + 18, 472}, {float(x) + 12, 478}, {float(x) + 6, 472}},
            Color{240, 240, 235, 255});
    }
    return image;
}

// The engraved silver plaque: a tree with birds on its branches inside a border.
Image paint_plaque() {
    Image image(256, 160, kSilver);
    fill_noise(image, kSilver, Color{150, 150, 158, 255}, 8.0f, 0.5f, 62);
    const Color line{90, 90, 100, 255};
    draw_polyline(image, {{8, 8}, {248, 8}, {248, 152}, {8, 152}}, 3.0f, line, true);
    draw_line(image, {128, 140}, {128, 40}, 4.0f, line);  // trunk
    for (int i = 0; i < 3; ++i) {                         // branches
        const float y = 110.0f - float(i) * 28.0f;
        draw_line(image, {128, y}, {128 - 50.0f + float(i) * 10, y - 22}, 3.0f, line);
        draw_line(image, {128, y}, {128 + 50.0f - float(i) * 10, y - 22}, 3.0f, line);
    }
    for (glm::vec2 bird : {glm::vec2(70, 60), glm::vec2(186, 60), glm::vec2(96, 30)}) {
        fill_circle(image, bird, 6.0f, line);
        draw_line(image, bird, bird + glm::vec2(12, -6), 3.0f, line);
    }
    return image;
}

}  // namespace

SampleModel make_mu_khun_tang_pa_di() {
    SampleModel model;
    model.materials.push_back({"waxed cloth", paint_roof_cloth(), 0.0f, 0.55f});
    model.materials.push_back({"silver", Image(8, 8, kSilver), 1.0f, 0.3f});
    model.materials.push_back({"engraved plaque", paint_plaque(), 1.0f, 0.35f});

    // The headband: an elliptical ring of cloth, outside and inside.
    MeshPart band{"headband", 0, {}, {}};
    add_lathe(band, {{0.100f, 0.0f}, {0.100f, kBandTop}}, 64);
    add_lathe(band, {{0.094f, kBandTop}, {0.094f, 0.0f}}, 64);
    transform_part(band, glm::scale(glm::mat4(1.0f), glm::vec3(1.0f, 1.0f, 0.9f)));

    // The roof: straight front and back panels over the band, then two slopes to the ridge
    // along X and two gable triangles; each surface also seen from inside (the hat is hollow).
    const glm::vec3 fl{-kHalfX, kBandTop, kHalfZ}, fr{kHalfX, kBandTop, kHalfZ};
    const glm::vec3 bl{-kHalfX, kBandTop, -kHalfZ}, br{kHalfX, kBandTop, -kHalfZ};
    const glm::vec3 up{0, kPanelTop - kBandTop, 0};
    const glm::vec3 rl{-kHalfX, kRidgeY, 0}, rr{kHalfX, kRidgeY, 0};
    MeshPart roof{"roof-shaped crown", 0, {}, {}};
    auto both_sides = [&](glm::vec3 a, glm::vec3 b, glm::vec3 c, glm::vec3 d) {
        add_quad(roof, a, b, c, d);
        add_quad(roof, b, a, d, c);
    };
    both_sides(fl, fr, fr + up, fl + up);                                 // front panel
    both_sides(br, bl, bl + up, br + up);                                 // back panel
    both_sides(fl + up, fr + up, rr, rl);                                 // front slope
    both_sides(br + up, bl + up, rl, rr);                                 // back slope
    both_sides(fr, br, br + up, fr + up);                                 // right end, lower
    both_sides(bl, fl, fl + up, bl + up);                                 // left end, lower
    add_triangle(roof, fr + up, br + up, rr, {0, 0}, {1, 0}, {0.5f, 1});  // right gable
    add_triangle(roof, br + up, fr + up, rr, {0, 0}, {1, 0}, {0.5f, 1});
    add_triangle(roof, bl + up, fl + up, rl, {0, 0}, {1, 0}, {0.5f, 1});  // left gable
    add_triangle(roof, fl + up, bl + up, rl, {0, 0}, {1, 0}, {0.5f, 1});
    model.parts.push_back(band);
    model.parts.push_back(roof);

    // The sine-wave silver beads around the band: a wavy silver cord with beads along it.
    MeshPart silver{"silver beads", 1, {}, {}};
    std::vector<glm::vec3> wave;
    for (int i = 0; i <= 128; ++i) {
        const float a = glm::two_pi<float>() * float(i) / 128.0f;
        wave.push_back(
            {0.103f * std::sin(a), 0.02f + 0.008f * std::sin(12.0f * a), 0.093f * std::cos(a)});
    }
    add_tube(silver, wave, 0.0018f, 8, false);
    for (int i = 0; i < 128; i += 4) {
        const glm::vec3 p = wave[std::size_t(i)];
        add_ellipsoid(silver, p, glm::vec3(0.0035f), 10, 6);
    }
    model.parts.push_back(silver);

    // The engraved plaque on the back panel, facing -Z.
    MeshPart plaque{"silver plaque", 2, {}, {}};
    const float z = -kHalfZ - 0.004f;
    add_quad(plaque, {0.04f, 0.055f, z}, {-0.04f, 0.055f, z}, {-0.04f, 0.105f, z},
             {0.04f, 0.105f, z});
    add_box(plaque, {-0.041f, 0.054f, z}, {0.041f, 0.106f, -kHalfZ});
    model.parts.push_back(plaque);
    return model;
}

}  // namespace heritage::sample
