// render/gl/environment.cpp: the studio as an analytic radiance function, and its
// image-based-lighting precomputation:
// - diffuse: projection on spherical harmonics of order 2 and cosine-lobe convolution
//   (Ramamoorthi & Hanrahan 2001, "An Efficient Representation for Irradiance Environment
//   Maps");
// - specular: GGX importance sampling with N = V = R (Karis 2013, "Real Shading in Unreal
//   Engine 4", the split sum's first factor), one cube map mip level per roughness.
// The radiance is evaluated analytically at every sample, so no source map is ever aliased.
#include "render/gl/environment.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <thread>

namespace heritage::render {
namespace {

constexpr float kPi = 3.14159265358979f;

// A rectangular diffuser facing the object, with soft edges and a brighter centre.
struct SoftBox {
    glm::vec3 direction;  // from the object to the box centre (normalised on use)
    glm::vec2 half_size;  // half width and height as tangents of the half angles
    float edge_softness;  // fraction of the half size over which the edge fades
    glm::vec3 radiance;   // linear, at the centre
};

// Three boxes, in environment space (camera at +Z): a large key above left in front, a dimmer
// fill at the right, and a strip above and behind that draws the top edges (rim).
constexpr SoftBox kSoftBoxes[] = {
    {{-0.55f, 0.62f, 0.55f}, {0.55f, 0.42f}, 0.45f, {6.4f, 6.3f, 6.1f}},
    {{0.95f, 0.22f, 0.25f}, {0.30f, 0.55f}, 0.50f, {1.9f, 1.95f, 2.0f}},
    {{0.10f, 0.75f, -0.65f}, {0.80f, 0.16f}, 0.50f, {3.4f, 3.4f, 3.4f}},
};

// The room: a warm-neutral gradient, brightest overhead; below the horizon a lit floor that
// darkens towards the nadir.
constexpr glm::vec3 kZenith{0.52f, 0.51f, 0.50f};
constexpr glm::vec3 kHorizon{0.34f, 0.33f, 0.32f};
constexpr glm::vec3 kFloorNear{0.36f, 0.35f, 0.33f};  // just below the horizon
constexpr glm::vec3 kFloorNadir{0.26f, 0.25f, 0.24f};

float smoothstep(float edge0, float edge1, float x) {
    const float t = std::clamp((x - edge0) / (edge1 - edge0), 0.0f, 1.0f);
    return t * t * (3.0f - 2.0f * t);
}

glm::vec3 soft_box_radiance(const SoftBox& box, const glm::vec3& direction) {
    const glm::vec3 centre = glm::normalize(box.direction);
    const float facing = glm::dot(direction, centre);
    if (facing <= 0.05f)
        return glm::vec3(0.0f);
    const glm::vec3 up = std::abs(centre.y) > 0.99f ? glm::vec3(0, 0, 1) : glm::vec3(0, 1, 0);
    const glm::vec3 right = glm::normalize(glm::cross(up, centre));
    const glm::vec3 box_up = glm::cross(centre, right);
    // Where the direction pierces the box's plane, in units of the half size.
    const glm::vec3 on_plane = direction / facing - centre;
    const float x = std::abs(glm::dot(on_plane, right)) / box.half_size.x;
    const float y = std::abs(glm::dot(on_plane, box_up)) / box.half_size.y;
    const float soft = box.edge_softness;
    const float mask = (1.0f - smoothstep(1.0f - soft, 1.0f + soft, x)) *
                       (1.0f - smoothstep(1.0f - soft, 1.0f + soft, y));
    const float hot_spot = 1.0f - 0.3f * std::min(1.0f, (x * x + y * y) * 0.5f);
    return box.radiance * (mask * hot_spot);
}

// Van der Corput radical inverse in base 2, for the Hammersley point set.
float radical_inverse(std::uint32_t bits) {
    bits = (bits << 16u) | (bits >> 16u);
    bits = ((bits & 0x55555555u) << 1u) | ((bits & 0xAAAAAAAAu) >> 1u);
    bits = ((bits & 0x33333333u) << 2u) | ((bits & 0xCCCCCCCCu) >> 2u);
    bits = ((bits & 0x0F0F0F0Fu) << 4u) | ((bits & 0xF0F0F0F0u) >> 4u);
    bits = ((bits & 0x00FF00FFu) << 8u) | ((bits & 0xFF00FF00u) >> 8u);
    return static_cast<float>(bits) * 2.3283064365386963e-10f;
}

// The specular environment for `roughness` seen along `reflected` (N = V = R).
glm::vec3 prefilter(const glm::vec3& reflected, float roughness, int samples) {
    const float alpha = roughness * roughness;
    const glm::vec3 n = reflected;
    const glm::vec3 up = std::abs(n.y) < 0.999f ? glm::vec3(0, 1, 0) : glm::vec3(1, 0, 0);
    const glm::vec3 tangent = glm::normalize(glm::cross(up, n));
    const glm::vec3 bitangent = glm::cross(n, tangent);
    glm::vec3 sum(0.0f);
    float weight = 0.0f;
    for (int i = 0; i < samples; ++i) {
        // GGX-distributed half vector around n, then the light direction it reflects.
        const float u = (static_cast<float>(i) + 0.5f) / static_cast<float>(samples);
        const float v = radical_inverse(static_cast<std::uint32_t>(i));
        const float phi = 2.0f * kPi * v;
        const float cos_theta = std::sqrt((1.0f - u) / (1.0f + (alpha * alpha - 1.0f) * u));
        const float sin_theta = std::sqrt(std::max(0.0f, 1.0f - cos_theta * cos_theta));
        const glm::vec3 h = tangent * (sin_theta * std::cos(phi)) +
                            bitangent * (sin_theta * std::sin(phi)) + n * cos_theta;
        const glm::vec3 l = 2.0f * glm::dot(n, h) * h - n;
        const float n_dot_l = glm::dot(n, l);
        if (n_dot_l > 0.0f) {
            sum += studio_radiance(glm::normalize(l)) * n_dot_l;
            weight += n_dot_l;
        }
    }
    return weight > 0.0f ? sum / weight : studio_radiance(n);
}

// The solid angle of texel (column, row) in a cube face of `size`.
float texel_solid_angle(int column, int row, int size) {
    const float s = 2.0f * (static_cast<float>(column) + 0.5f) / static_cast<float>(size) - 1.0f;
    const float t = 2.0f * (static_cast<float>(row) + 0.5f) / static_cast<float>(size) - 1.0f;
    const float texel = 2.0f / static_cast<float>(size);
    return texel * texel / std::pow(1.0f + s * s + t * t, 1.5f);
}

// The 9 real SH basis functions in `d`, in the order of StudioEnvironment::diffuse_sh.
std::array<float, 9> sh_basis(const glm::vec3& d) {
    return {0.282095f,
            0.488603f * d.y,
            0.488603f * d.z,
            0.488603f * d.x,
            1.092548f * d.x * d.y,
            1.092548f * d.y * d.z,
            0.315392f * (3.0f * d.z * d.z - 1.0f),
            1.092548f * d.x * d.z,
            0.546274f * (d.x * d.x - d.y * d.y)};
}

// Diffuse SH from a radiance cube level: project, convolve with the clamped cosine, divide by
// pi, and fold in the basis constants so the shader evaluates bare polynomials.
std::array<glm::vec3, 9> diffuse_sh_from(const CubeLevel& level) {
    std::array<glm::vec3, 9> projected{};
    for (int face = 0; face < 6; ++face) {
        for (int row = 0; row < level.size; ++row) {
            for (int column = 0; column < level.size; ++column) {
                const glm::vec3 d = cube_texel_direction(face, column, row, level.size);
                const float solid_angle = texel_solid_angle(column, row, level.size);
                const glm::vec3 radiance =
                    level.texels[(static_cast<std::size_t>(face) * level.size + row) * level.size +
                                 column];
                const std::array<float, 9> basis = sh_basis(d);
                for (int i = 0; i < 9; ++i)
                    projected[i] += radiance * (basis[i] * solid_angle);
            }
        }
    }
    // Cosine-lobe factors per band (pi, 2pi/3, pi/4), then / pi for Lambert.
    constexpr float kBand[9] = {1.0f,  2.0f / 3.0f, 2.0f / 3.0f, 2.0f / 3.0f, 0.25f,
                                0.25f, 0.25f,       0.25f,       0.25f};
    constexpr float kBasisConstant[9] = {0.282095f, 0.488603f, 0.488603f, 0.488603f, 1.092548f,
                                         1.092548f, 0.315392f, 1.092548f, 0.546274f};
    std::array<glm::vec3, 9> sh{};
    for (int i = 0; i < 9; ++i)
        sh[i] = projected[i] * (kBand[i] * kBasisConstant[i]);
    return sh;
}

// Fills `level` by calling `texel(direction)` for every texel; the faces split over threads.
template <typename TexelFunction>
void fill_level(CubeLevel& level, const TexelFunction& texel) {
    const std::size_t face_texels = static_cast<std::size_t>(level.size) * level.size;
    level.texels.assign(face_texels * 6, glm::vec3(0.0f));
    auto fill_faces = [&](int first_face, int end_face) {
        for (int face = first_face; face < end_face; ++face)
            for (int row = 0; row < level.size; ++row)
                for (int column = 0; column < level.size; ++column)
                    level.texels[face * face_texels + static_cast<std::size_t>(row) * level.size +
                                 column] =
                        texel(cube_texel_direction(face, column, row, level.size));
    };
    // Two halves: the machines we target have two cores; deterministic either way.
    std::thread half([&] { fill_faces(0, 3); });
    fill_faces(3, 6);
    half.join();
}

}  // namespace

glm::vec3 studio_radiance(const glm::vec3& direction) {
    // The room: sky-to-horizon above, floor below, blended over a narrow band so that polished
    // metal shows a soft horizon rather than a hard line.
    const float y = direction.y;
    const glm::vec3 above = glm::mix(kHorizon, kZenith, std::sqrt(std::max(y, 0.0f)));
    const glm::vec3 below = glm::mix(kFloorNear, kFloorNadir, std::sqrt(std::max(-y, 0.0f)));
    glm::vec3 radiance = glm::mix(below, above, smoothstep(-0.08f, 0.08f, y));
    for (const SoftBox& box : kSoftBoxes)
        radiance += soft_box_radiance(box, direction);
    return radiance;
}

KeyLight studio_key_light() {
    // Along the key soft box, a little steeper, so its highlight sits inside the box's.
    return {glm::normalize(glm::vec3(-0.5f, 0.75f, 0.5f)), glm::vec3(1.6f, 1.55f, 1.45f)};
}

glm::vec3 cube_texel_direction(int face, int column, int row, int size) {
    assert(face >= 0 && face < 6 && size > 0);
    const float s = 2.0f * (static_cast<float>(column) + 0.5f) / static_cast<float>(size) - 1.0f;
    const float t = 2.0f * (static_cast<float>(row) + 0.5f) / static_cast<float>(size) - 1.0f;
    // The OpenGL specification's cube map face table (section 8.13), solved for the direction.
    glm::vec3 d;
    switch (face) {
        case 0:
            d = {1.0f, -t, -s};
            break;
        case 1:
            d = {-1.0f, -t, s};
            break;
        case 2:
            d = {s, 1.0f, t};
            break;
        case 3:
            d = {s, -1.0f, -t};
            break;
        case 4:
            d = {s, -t, 1.0f};
            break;
        default:
            d = {-s, -t, -1.0f};
            break;
    }
    return glm::normalize(d);
}

glm::vec3 evaluate_diffuse_sh(const std::array<glm::vec3, 9>& sh, const glm::vec3& n) {
    return sh[0] + sh[1] * n.y + sh[2] * n.z + sh[3] * n.x + sh[4] * (n.x * n.y) +
           sh[5] * (n.y * n.z) + sh[6] * (3.0f * n.z * n.z - 1.0f) + sh[7] * (n.x * n.z) +
           sh[8] * (n.x * n.x - n.y * n.y);
}

StudioEnvironment build_studio_environment(const StudioEnvironmentOptions& options) {
    assert(options.specular_size >= 4 &&
           (options.specular_size & (options.specular_size - 1)) == 0);
    assert(options.specular_levels >= 2 &&
           (options.specular_size >> (options.specular_levels - 1)) >= 1);
    assert(options.samples_per_texel > 0);
    StudioEnvironment environment;
    environment.specular.resize(static_cast<std::size_t>(options.specular_levels));

    // Level 0 is the radiance itself (a mirror reflects it unfiltered).
    CubeLevel& sharp = environment.specular[0];
    sharp.size = options.specular_size;
    fill_level(sharp, [](const glm::vec3& d) { return studio_radiance(d); });

    // The diffuse SH come from level 0: 6 x 64 x 64 solid-angle-weighted samples.
    environment.diffuse_sh = diffuse_sh_from(sharp);

    // The rougher levels: half the size each, prefiltered with GGX.
    for (int k = 1; k < options.specular_levels; ++k) {
        CubeLevel& level = environment.specular[static_cast<std::size_t>(k)];
        level.size = options.specular_size >> k;
        const float roughness =
            static_cast<float>(k) / static_cast<float>(options.specular_levels - 1);
        fill_level(level, [&](const glm::vec3& d) {
            return prefilter(d, roughness, options.samples_per_texel);
        });
    }
    return environment;
}

}  // namespace heritage::render
