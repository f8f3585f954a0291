// Hà Nhì rammed-earth house (nhà trình tường), as a 1:20 scale model. The real house [S44]:
// walls 40-45 cm thick and 4.5-5 m high, 65-80 m² of floor, a short four-slope thatched roof,
// one central door and small vents. At 1:20: walls 0.24 m high and 0.02 m thick on a
// 0.50 x 0.35 m plan, the roof ridge at 0.40 m.
#include <cmath>

#include "assets/generator/models/models.h"

namespace heritage::sample {
namespace {

constexpr float kBase = 0.005f;  // the model's base board
constexpr float kWallTop = 0.24f;
constexpr float kHalfX = 0.25f, kHalfZ = 0.175f, kWall = 0.02f;
constexpr float kEaveX = 0.29f, kEaveZ = 0.215f, kRidgeY = 0.40f, kRidgeHalf = 0.08f;

const Color kEarth{176, 132, 84, 255};
const Color kEarthDark{140, 100, 62, 255};

// Rammed earth: ochre with the horizontal lifts of the formwork every ~2.5 cm (model scale) and
// fist-sized stones in the mix. The texture spans a wall's height top to bottom.
Image paint_earth_wall() {
    Image image(512, 256, kEarth);
    fill_noise(image, kEarth, kEarthDark, 18.0f, 0.7f, 31);
    const int lifts = 10;
    for (int i = 1; i < lifts; ++i) {
        const float y = 256.0f * float(i) / float(lifts);
        draw_line(image, {0, y}, {512, y + 2}, 2.0f, Color{120, 86, 52, 160});
    }
    for (int i = 0; i < 160; ++i) {  // small stones, placed by a fixed sequence
        const float x = value_noise(float(i) * 1.7f, 0.5f, 5) * 512.0f;
        const float y = value_noise(0.5f, float(i) * 2.3f, 6) * 256.0f;
        fill_circle(image, {x, y}, 1.5f + 2.0f * value_noise(float(i), 9.1f, 7),
                    Color{150, 140, 125, 255});
    }
    return image;
}

// Thatch of cỏ gianh: golden-grey straw strokes running down the slope (v down the roof).
Image paint_thatch() {
    Image image(512, 512, Color{168, 146, 96, 255});
    fill_noise(image, Color{168, 146, 96, 255}, Color{110, 98, 70, 255}, 10.0f, 0.6f, 41);
    for (int i = 0; i < 2400; ++i) {
        const float x = value_noise(float(i) * 0.37f, 1.3f, 8) * 512.0f;
        const float y = value_noise(2.1f, float(i) * 0.53f, 9) * 512.0f;
        const float length = 20.0f + 30.0f * value_noise(float(i), 3.3f, 10);
        const Color straw = mix(Color{205, 182, 120, 255}, Color{120, 104, 70, 255},
                                value_noise(float(i), 7.7f, 11));
        draw_line(image, {x, y}, {x + 2.0f, y + length}, 1.6f, straw);
    }
    for (int row = 1; row < 6; ++row) {  // the overlapping courses of thatch
        const float y = 512.0f * float(row) / 6.0f;
        draw_line(image, {0, y}, {512, y}, 3.0f, Color{96, 84, 58, 200});
    }
    return image;
}

Image paint_wood() {
    Image image(128, 256, Color{92, 62, 38, 255});
    fill_noise(image, Color{92, 62, 38, 255}, Color{60, 40, 24, 255}, 6.0f, 0.7f, 51);
    for (int x = 16; x < 128; x += 32)
        draw_line(image, {float(x), 0}, {float(x), 256}, 2, Color{50, 32, 20, 255});
    return image;
}

}  // namespace

SampleModel make_nha_trinh_tuong_ha_nhi() {
    SampleModel model;
    model.materials.push_back({"rammed earth", paint_earth_wall(), 0.0f, 0.95f});
    model.materials.push_back({"thatch", paint_thatch(), 0.0f, 0.9f});
    model.materials.push_back({"wood", paint_wood(), 0.0f, 0.7f});

    // Walls: four thick slabs of earth, with the door opening in the front wall.
    MeshPart walls{"rammed earth walls", 0, {}, {}};
    const float door_half = 0.025f, door_top = kBase + 0.11f;
    add_box(walls, {-kHalfX, kBase, -kHalfZ}, {kHalfX, kWallTop, -kHalfZ + kWall});  // back
    add_box(walls, {-kHalfX, kBase, -kHalfZ + kWall}, {-kHalfX + kWall, kWallTop, kHalfZ - kWall});
    add_box(walls, {kHalfX - kWall, kBase, -kHalfZ + kWall}, {kHalfX, kWallTop, kHalfZ - kWall});
    add_box(walls, {-kHalfX, kBase, kHalfZ - kWall}, {-door_half, kWallTop, kHalfZ});  // front
    add_box(walls, {door_half, kBase, kHalfZ - kWall}, {kHalfX, kWallTop, kHalfZ});
    add_box(walls, {-door_half, door_top, kHalfZ - kWall}, {door_half, kWallTop, kHalfZ});
    // The small vent high on the +X side wall: a dark recess drawn as a thin inset box.
    model.parts.push_back(walls);

    // Door and vent frame: wood, set slightly into the openings.
    MeshPart wood{"door and vent", 2, {}, {}};
    add_box(wood, {-door_half, kBase, kHalfZ - 0.012f}, {door_half, door_top, kHalfZ - 0.008f});
    add_box(wood, {kHalfX - 0.001f, 0.180f, -0.015f}, {kHalfX + 0.002f, 0.200f, 0.015f});
    // The base board the model stands on.
    add_box(wood, {-kEaveX - 0.01f, 0.0f, -kEaveZ - 0.01f},
            {kEaveX + 0.01f, kBase, kEaveZ + 0.01f});
    model.parts.push_back(wood);

    // The hipped thatched roof: two trapezoids front and back, two triangles at the ends, and
    // the underside of the eaves.
    MeshPart roof{"thatched roof", 1, {}, {}};
    const glm::vec3 eave_front_left{-kEaveX, kWallTop, kEaveZ},
        eave_front_right{kEaveX, kWallTop, kEaveZ};
    const glm::vec3 eave_back_left{-kEaveX, kWallTop, -kEaveZ},
        eave_back_right{kEaveX, kWallTop, -kEaveZ};
    const glm::vec3 ridge_left{-kRidgeHalf, kRidgeY, 0}, ridge_right{kRidgeHalf, kRidgeY, 0};
    add_quad(roof, eave_front_left, eave_front_right, ridge_right, ridge_left);
    add_quad(roof, eave_back_right, eave_back_left, ridge_left, ridge_right);
    add_triangle(roof, eave_front_right, eave_back_right, ridge_right, {0, 0}, {1, 0}, {0.5f, 1});
    add_triangle(roof, eave_back_left, eave_front_left, ridge_left, {0, 0}, {1, 0}, {0.5f, 1});
    // The thick edge of the thatch hanging below the eaves, which gives the "mushroom" look.
    const float skirt = 0.03f;
    const glm::vec3 down{0, -skirt, 0};
    add_quad(roof, eave_front_left + down, eave_front_right + down, eave_front_right,
             eave_front_left);
    add_quad(roof, eave_back_right + down, eave_back_left + down, eave_back_left, eave_back_right);
    add_quad(roof, eave_front_right + down, eave_back_right + down, eave_back_right,
             eave_front_right);
    add_quad(roof, eave_back_left + down, eave_front_left + down, eave_front_left, eave_back_left);
    add_quad(roof, eave_front_left + down, eave_back_left + down, eave_back_right + down,
             eave_front_right + down);  // underside
    model.parts.push_back(roof);
    return model;
}

}  // namespace heritage::sample
