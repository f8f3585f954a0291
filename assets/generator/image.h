// assets/generator/image.h: an RGBA canvas to paint the models' procedural textures on, with
// the few drawing primitives the motifs need. Coordinates are in pixels, (0, 0) top left;
// glTF maps UV (0, 0) to the image's top-left corner too.
#pragma once
#include <cstdint>
#include <glm/glm.hpp>
#include <string>
#include <vector>

namespace heritage::sample {

struct Color {
    std::uint8_t r = 0, g = 0, b = 0, a = 255;
};

// Linear mix of two colours, t in [0, 1].
Color mix(Color a, Color b, float t);

struct Image {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba;  // width * height * 4, row by row from the top

    Image() = default;
    Image(int width, int height, Color fill);

    Color at(int x, int y) const;
    void set(int x, int y, Color color);  // ignores pixels outside
    void blend(int x, int y, Color color, float alpha);
};

// Deterministic value noise in [0, 1] (same output on every machine and run).
float value_noise(float x, float y, std::uint32_t seed);

// Fills every pixel with `base` varied by multi-octave noise of `amount` (0..1): patina, wood
// grain, earth, cloth.
void fill_noise(Image& image, Color base, Color variation, float scale, float amount,
                std::uint32_t seed);

// Anti-aliased primitives; `width` in pixels.
void draw_line(Image& image, glm::vec2 a, glm::vec2 b, float width, Color color);
void draw_polyline(Image& image, const std::vector<glm::vec2>& points, float width, Color color,
                   bool closed = false);
void fill_circle(Image& image, glm::vec2 center, float radius, Color color);
void draw_circle(Image& image, glm::vec2 center, float radius, float width, Color color);
void fill_polygon(Image& image, const std::vector<glm::vec2>& points, Color color);
void fill_rect(Image& image, glm::vec2 min_corner, glm::vec2 max_corner, Color color);

// A star of `rays` points around `center`, points at `outer`, notches at `inner`.
std::vector<glm::vec2> star_points(glm::vec2 center, float outer, float inner, int rays,
                                   float rotation = 0.0f);

// A horizontal zigzag (sawtooth) band from x0 to x1 between y_top and y_bottom.
void draw_zigzag(Image& image, float x0, float x1, float y_top, float y_bottom, float period,
                 float width, Color color);

// PNG file bytes (stb_image_write), for the glb's embedded textures and the thumbnails.
std::string encode_png(const Image& image);

// Downscale by an integer factor (box filter), for thumbnails rendered supersampled.
Image downscale(const Image& image, int factor);

}  // namespace heritage::sample
