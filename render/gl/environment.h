// render/gl/environment.h: the generated photo studio that lights every model: a neutral
// gradient room (bright above, a darker floor) with three soft boxes, as radiance in linear
// units, and what image-based lighting needs from it, computed once on the CPU: diffuse
// irradiance as 9 spherical-harmonics coefficients and a specular cube map prefiltered for
// several roughness levels (split sum, Karis 2013 "Real Shading in Unreal Engine 4").
//
// Environment space: +Y up, the camera looks from +Z towards the object at the origin (the
// renderer turns the studio with the camera's yaw, like a turntable under fixed lights).
// No GL here.
#pragma once
#include <array>
#include <glm/glm.hpp>
#include <vector>

namespace heritage::render {

// The studio's radiance arriving from `direction` (unit length, environment space).
glm::vec3 studio_radiance(const glm::vec3& direction);

// The key light that goes with the studio: a directional light along the key soft box.
struct KeyLight {
    glm::vec3 direction{0.0f, 1.0f, 0.0f};  // unit, from the object towards the light
    glm::vec3 radiance{0.0f};               // linear, irradiance at normal incidence
};
KeyLight studio_key_light();

// One level of a cube map: 6 faces in GL's order (+X, -X, +Y, -Y, +Z, -Z), each `size` x
// `size` RGB texels, rows in the order GL uploads them (first row first).
struct CubeLevel {
    int size = 0;
    std::vector<glm::vec3> texels;  // face-major: [face][row][column]
};

struct StudioEnvironmentOptions {
    int specular_size = 64;      // face size of the sharpest level (roughness 0), a power of two
    int specular_levels = 5;     // roughness 0, 1/(n-1), ..., 1: one mip level each
    int samples_per_texel = 96;  // GGX importance samples for the rough levels
};

struct StudioEnvironment {
    // Lambertian diffuse radiance for albedo 1, E(n)/pi, as 9 SH coefficients already
    // convolved with the cosine lobe and multiplied by their basis constants: evaluate as
    // c0 + c1 y + c2 z + c3 x + c4 xy + c5 yz + c6 (3z^2 - 1) + c7 xz + c8 (x^2 - y^2).
    std::array<glm::vec3, 9> diffuse_sh{};
    // Mip level k holds the environment prefiltered for roughness k / (levels - 1).
    std::vector<CubeLevel> specular;
};

// The direction through the centre of texel (column, row) of `face` in a cube map of face
// `size` (GL's cube map conventions). Unit length.
glm::vec3 cube_texel_direction(int face, int column, int row, int size);

// Evaluates the 9 coefficients of StudioEnvironment::diffuse_sh in `normal` (unit length).
glm::vec3 evaluate_diffuse_sh(const std::array<glm::vec3, 9>& sh, const glm::vec3& normal);

// Builds the maps from studio_radiance. Deterministic (a fixed sample sequence). About 50 ms
// with the default options on two cores.
StudioEnvironment build_studio_environment(const StudioEnvironmentOptions& options = {});

}  // namespace heritage::render
