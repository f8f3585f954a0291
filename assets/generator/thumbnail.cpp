#include "assets/generator/thumbnail.h"

#include <algorithm>
#include <cmath>
#include <glm/gtc/matrix_transform.hpp>
#include <limits>

#include "assets/generator/surface.h"

namespace heritage::sample {
namespace {

constexpr int kSupersample = 2;

Color sample_texture(const Image& image, glm::vec2 uv) {
    const float u = uv.x - std::floor(uv.x);
    const float v = uv.y - std::floor(uv.y);
    const int x = std::clamp(int(u * float(image.width)), 0, image.width - 1);
    const int y = std::clamp(int(v * float(image.height)), 0, image.height - 1);
    return image.at(x, y);
}

// sRGB <-> linear, so that lighting is computed on light, not on encoded values.
float to_linear(std::uint8_t value) {
    return std::pow(float(value) / 255.0f, 2.2f);
}
std::uint8_t to_srgb(float value) {
    return std::uint8_t(std::lround(std::pow(std::clamp(value, 0.0f, 1.0f), 1 / 2.2f) * 255.0f));
}

}  // namespace

Image render_thumbnail(const SampleModel& model, int size) {
    const int pixels = size * kSupersample;
    Image image(pixels, pixels, Color{});
    // Background: a vertical studio gradient.
    for (int y = 0; y < pixels; ++y) {
        const Color row =
            mix(Color{238, 235, 228, 255}, Color{196, 190, 180, 255}, float(y) / float(pixels));
        for (int x = 0; x < pixels; ++x)
            image.set(x, y, row);
    }

    // Camera: orbit 30 degrees to the right and 20 above, distance framing the bounding sphere.
    const Bounds bounds = model_bounds(model);
    const glm::vec3 center = (bounds.min + bounds.max) * 0.5f;
    const float radius = glm::length(bounds.max - bounds.min) * 0.5f;
    const float fov = glm::radians(30.0f);
    const float distance = radius / std::sin(fov / 2) * 1.05f;
    const float yaw = glm::radians(30.0f), pitch = glm::radians(20.0f);
    const glm::vec3 eye =
        center + distance * glm::vec3(std::sin(yaw) * std::cos(pitch), std::sin(pitch),
                                      std::cos(yaw) * std::cos(pitch));
    const glm::mat4 view = glm::lookAt(eye, center, glm::vec3(0, 1, 0));
    const glm::mat4 projection = glm::perspective(fov, 1.0f, distance * 0.1f, distance * 4.0f);
    const glm::mat4 clip_from_world = projection * view;
    const glm::vec3 light = glm::normalize(glm::vec3(-0.4f, 0.8f, 0.6f));

    std::vector<float> depth(std::size_t(pixels) * std::size_t(pixels),
                             std::numeric_limits<float>::max());
    for (const MeshPart& part : model.parts) {
        const Material& material = model.materials[std::size_t(part.material_index)];
        // Project every vertex once.
        std::vector<glm::vec3> screen(part.vertices.size());
        for (std::size_t i = 0; i < part.vertices.size(); ++i) {
            const glm::vec4 clip = clip_from_world * glm::vec4(part.vertices[i].position, 1.0f);
            screen[i] = glm::vec3((clip.x / clip.w * 0.5f + 0.5f) * float(pixels),
                                  (0.5f - clip.y / clip.w * 0.5f) * float(pixels), clip.w);
        }
        for (std::size_t t = 0; t + 2 < part.indices.size(); t += 3) {
            const std::uint32_t ia = part.indices[t], ib = part.indices[t + 1],
                                ic = part.indices[t + 2];
            const glm::vec3 a = screen[ia], b = screen[ib], c = screen[ic];
            const float area = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
            if (std::abs(area) < 1e-9f)
                continue;
            const int x0 = std::max(0, int(std::floor(std::min({a.x, b.x, c.x}))));
            const int x1 = std::min(pixels - 1, int(std::ceil(std::max({a.x, b.x, c.x}))));
            const int y0 = std::max(0, int(std::floor(std::min({a.y, b.y, c.y}))));
            const int y1 = std::min(pixels - 1, int(std::ceil(std::max({a.y, b.y, c.y}))));
            for (int y = y0; y <= y1; ++y) {
                for (int x = x0; x <= x1; ++x) {
                    const glm::vec2 p(float(x) + 0.5f, float(y) + 0.5f);
                    float w0 = ((b.x - p.x) * (c.y - p.y) - (b.y - p.y) * (c.x - p.x)) / area;
                    float w1 = ((c.x - p.x) * (a.y - p.y) - (c.y - p.y) * (a.x - p.x)) / area;
                    float w2 = 1 - w0 - w1;
                    if (w0 < 0 || w1 < 0 || w2 < 0)
                        continue;
                    // Perspective-correct weights.
                    const float inv = w0 / a.z + w1 / b.z + w2 / c.z;
                    const float z = 1.0f / inv;
                    const std::size_t index = std::size_t(y) * std::size_t(pixels) + std::size_t(x);
                    if (z >= depth[index])
                        continue;
                    depth[index] = z;
                    w0 = w0 / a.z * z;
                    w1 = w1 / b.z * z;
                    w2 = w2 / c.z * z;
                    const Vertex &va = part.vertices[ia], &vb = part.vertices[ib],
                                 &vc = part.vertices[ic];
                    glm::vec3 normal =
                        glm::normalize(va.normal * w0 + vb.normal * w1 + vc.normal * w2);
                    const glm::vec3 position =
                        va.position * w0 + vb.position * w1 + vc.position * w2;
                    if (glm::dot(normal, eye - position) < 0)
                        normal = -normal;  // back faces
                    const Color albedo =
                        sample_texture(material.base_color, va.uv * w0 + vb.uv * w1 + vc.uv * w2);
                    const float diffuse = std::max(0.0f, glm::dot(normal, light));
                    const glm::vec3 half = glm::normalize(light + glm::normalize(eye - position));
                    const float shininess = 2.0f + (1.0f - material.roughness) * 60.0f;
                    const float specular =
                        (0.04f + 0.5f * material.metallic) *
                        std::pow(std::max(0.0f, glm::dot(normal, half)), shininess);
                    const float lighting = 0.30f + 0.85f * diffuse;
                    image.set(x, y,
                              {to_srgb(to_linear(albedo.r) * lighting + specular),
                               to_srgb(to_linear(albedo.g) * lighting + specular),
                               to_srgb(to_linear(albedo.b) * lighting + specular), 255});
                }
            }
        }
    }
    return downscale(image, kSupersample);
}

}  // namespace heritage::sample
