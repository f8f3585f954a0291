#include "assets/generator/image.h"

#include <stb/stb_image_write.h>

#include <algorithm>
#include <cassert>
#include <cmath>

namespace heritage::sample {
namespace {

std::uint8_t lerp_byte(std::uint8_t a, std::uint8_t b, float t) {
    return static_cast<std::uint8_t>(std::lround(float(a) + (float(b) - float(a)) * t));
}

float distance_to_segment(glm::vec2 p, glm::vec2 a, glm::vec2 b) {
    const glm::vec2 ab = b - a;
    const float length_squared = glm::dot(ab, ab);
    const float t =
        length_squared > 0 ? std::clamp(glm::dot(p - a, ab) / length_squared, 0.f, 1.f) : 0.0f;
    return glm::length(p - (a + ab * t));
}

// Calls paint(x, y, coverage) for pixels near the shape whose signed distance (negative
// inside) `distance` gives; coverage is a one-pixel anti-aliasing ramp.
template <class Distance>
void paint_shape(Image& image, glm::vec2 lo, glm::vec2 hi, Color color, Distance distance) {
    const int x0 = std::max(0, int(std::floor(lo.x)) - 1);
    const int y0 = std::max(0, int(std::floor(lo.y)) - 1);
    const int x1 = std::min(image.width - 1, int(std::ceil(hi.x)) + 1);
    const int y1 = std::min(image.height - 1, int(std::ceil(hi.y)) + 1);
    for (int y = y0; y <= y1; ++y) {
        for (int x = x0; x <= x1; ++x) {
            const float d = distance(glm::vec2(float(x) + 0.5f, float(y) + 0.5f));
            const float coverage = std::clamp(0.5f - d, 0.0f, 1.0f);
            if (coverage > 0)
                image.blend(x, y, color, coverage * float(color.a) / 255.0f);
        }
    }
}

bool inside_polygon(const std::vector<glm::vec2>& points, glm::vec2 p) {
    bool inside = false;
    for (std::size_t i = 0, j = points.size() - 1; i < points.size(); j = i++) {
        const glm::vec2 a = points[i];
        const glm::vec2 b = points[j];
        if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) {
            inside = !inside;
        }
    }
    return inside;
}

std::uint32_t hash(std::int32_t x, std::int32_t y, std::uint32_t seed) {
    std::uint32_t h = seed ^ (std::uint32_t(x) * 0x27d4eb2dU) ^ (std::uint32_t(y) * 0x165667b1U);
    h ^= h >> 15;
    h *= 0x85ebca6bU;
    h ^= h >> 13;
    h *= 0xc2b2ae35U;
    h ^= h >> 16;
    return h;
}

}  // namespace

Color mix(Color a, Color b, float t) {
    t = std::clamp(t, 0.0f, 1.0f);
    return {lerp_byte(a.r, b.r, t), lerp_byte(a.g, b.g, t), lerp_byte(a.b, b.b, t),
            lerp_byte(a.a, b.a, t)};
}

Image::Image(int width_px, int height_px, Color fill)
    : width(width_px), height(height_px), rgba(std::size_t(width_px) * std::size_t(height_px) * 4) {
    for (std::size_t i = 0; i < rgba.size(); i += 4) {
        rgba[i] = fill.r;
        rgba[i + 1] = fill.g;
        rgba[i + 2] = fill.b;
        rgba[i + 3] = fill.a;
    }
}

Color Image::at(int x, int y) const {
    assert(x >= 0 && y >= 0 && x < width && y < height);
    const std::size_t i = (std::size_t(y) * std::size_t(width) + std::size_t(x)) * 4;
    return {rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]};
}

void Image::set(int x, int y, Color color) {
    if (x < 0 || y < 0 || x >= width || y >= height)
        return;
    const std::size_t i = (std::size_t(y) * std::size_t(width) + std::size_t(x)) * 4;
    rgba[i] = color.r;
    rgba[i + 1] = color.g;
    rgba[i + 2] = color.b;
    rgba[i + 3] = color.a;
}

void Image::blend(int x, int y, Color color, float alpha) {
    if (x < 0 || y < 0 || x >= width || y >= height)
        return;
    Color blended = mix(at(x, y), color, alpha);
    blended.a = std::max(at(x, y).a, static_cast<std::uint8_t>(std::lround(alpha * 255.0f)));
    set(x, y, blended);
}

float value_noise(float x, float y, std::uint32_t seed) {
    const float fx = std::floor(x);
    const float fy = std::floor(y);
    const auto corner = [&](float cx, float cy) {
        return float(hash(std::int32_t(cx), std::int32_t(cy), seed) & 0xFFFFu) / 65535.0f;
    };
    const float tx = x - fx;
    const float ty = y - fy;
    const float sx = tx * tx * (3 - 2 * tx);
    const float sy = ty * ty * (3 - 2 * ty);
    const float top = corner(fx, fy) + (corner(fx + 1, fy) - corner(fx, fy)) * sx;
    const float bottom = corner(fx, fy + 1) + (corner(fx + 1, fy + 1) - corner(fx, fy + 1)) * sx;
    return top + (bottom - top) * sy;
}

void fill_noise(Image& image, Color base, Color variation, float scale, float amount,
                std::uint32_t seed) {
    for (int y = 0; y < image.height; ++y) {
        for (int x = 0; x < image.width; ++x) {
            float n = 0.0f;
            float weight = 0.5f;
            float frequency = 1.0f / scale;
            for (int octave = 0; octave < 4; ++octave) {
                n += weight * value_noise(float(x) * frequency, float(y) * frequency,
                                          seed + std::uint32_t(octave));
                weight *= 0.5f;
                frequency *= 2.0f;
            }
            image.set(x, y, mix(base, variation, n * amount / 0.9375f));
        }
    }
}

void draw_line(Image& image, glm::vec2 a, glm::vec2 b, float width, Color color) {
    const float half = width / 2;
    paint_shape(image, glm::min(a, b) - half, glm::max(a, b) + half, color,
                [&](glm::vec2 p) { return distance_to_segment(p, a, b) - half; });
}

void draw_polyline(Image& image, const std::vector<glm::vec2>& points, float width, Color color,
                   bool closed) {
    for (std::size_t i = 0; i + 1 < points.size(); ++i) {
        draw_line(image, points[i], points[i + 1], width, color);
    }
    if (closed && points.size() > 2)
        draw_line(image, points.back(), points.front(), width, color);
}

void fill_circle(Image& image, glm::vec2 center, float radius, Color color) {
    paint_shape(image, center - radius, center + radius, color,
                [&](glm::vec2 p) { return glm::length(p - center) - radius; });
}

void draw_circle(Image& image, glm::vec2 center, float radius, float width, Color color) {
    const float outer = radius + width / 2;
    paint_shape(image, center - outer, center + outer, color, [&](glm::vec2 p) {
        return std::abs(glm::length(p - center) - radius) - width / 2;
    });
}

void fill_polygon(Image& image, const std::vector<glm::vec2>& points, Color color) {
    assert(points.size() >= 3);
    glm::vec2 lo = points[0];
    glm::vec2 hi = points[0];
    for (glm::vec2 p : points) {
        lo = glm::min(lo, p);
        hi = glm::max(hi, p);
    }
    paint_shape(image, lo, hi, color, [&](glm::vec2 p) {
        float d = 1e9f;
        for (std::size_t i = 0, j = points.size() - 1; i < points.size(); j = i++) {
            d = std::min(d, distance_to_segment(p, points[i], points[j]));
        }
        return inside_polygon(points, p) ? -d : d;
    });
}

void fill_rect(Image& image, glm::vec2 lo, glm::vec2 hi, Color color) {
    fill_polygon(image, {lo, {hi.x, lo.y}, hi, {lo.x, hi.y}}, color);
}

std::vector<glm::vec2> star_points(glm::vec2 center, float outer, float inner, int rays,
                                   float rotation) {
    std::vector<glm::vec2> points;
    for (int i = 0; i < rays * 2; ++i) {
        const float angle = rotation + float(i) * 3.14159265f / float(rays);
        const float radius = i % 2 == 0 ? outer : inner;
        points.push_back(center + glm::vec2(std::sin(angle), -std::cos(angle)) * radius);
    }
    return points;
}

void draw_zigzag(Image& image, float x0, float x1, float y_top, float y_bottom, float period,
                 float width, Color color) {
    std::vector<glm::vec2> points;
    bool up = false;
    for (float x = x0; x <= x1 + 0.01f; x += period / 2) {
        points.push_back({x, up ? y_top : y_bottom});
        up = !up;
    }
    draw_polyline(image, points, width, color);
}

std::string encode_png(const Image& image) {
    std::string bytes;
    stbi_write_png_to_func(
        [](void* context, void* data, int size) {
            static_cast<std::string*>(context)->append(static_cast<const char*>(data),
                                                       std::size_t(size));
        },
        &bytes, image.width, image.height, 4, image.rgba.data(), image.width * 4);
    return bytes;
}

Image downscale(const Image& image, int factor) {
    assert(factor >= 1 && image.width % factor == 0 && image.height % factor == 0);
    Image out(image.width / factor, image.height / factor, Color{});
    for (int y = 0; y < out.height; ++y) {
        for (int x = 0; x < out.width; ++x) {
            int sum[4] = {0, 0, 0, 0};
            for (int dy = 0; dy < factor; ++dy) {
                for (int dx = 0; dx < factor; ++dx) {
                    const Color c = image.at(x * factor + dx, y * factor + dy);
                    sum[0] += c.r;
                    sum[1] += c.g;
                    sum[2] += c.b;
                    sum[3] += c.a;
                }
            }
            const int n = factor * factor;
            out.set(x, y,
                    {std::uint8_t(sum[0] / n), std::uint8_t(sum[1] / n), std::uint8_t(sum[2] / n),
                     std::uint8_t(sum[3] / n)});
        }
    }
    return out;
}

}  // namespace heritage::sample
