// lighting.glsl: the studio's light on a glTF 2.0 metallic-roughness surface (glTF
// specification, appendix B), shared by mesh.vert (per-vertex lighting) and pbr.frag
// (per-pixel lighting); the shader loader pastes it where a shader says
// #include "lighting.glsl". Not a shader on its own: no #version.
// Image-based light from the generated studio (diffuse from 9 spherical-harmonics
// coefficients, specular from a cube map prefiltered per roughness with Karis' analytic
// environment BRDF: the "split sum") plus one directional key light (Lambert diffuse;
// Cook-Torrance specular with the GGX distribution, height-correlated Smith visibility and
// Schlick's Fresnel). Linear radiance.
// Uniforms: camera_position (world), env_from_world (the studio turned with the camera),
//           diffuse_sh[9] (E(n)/pi in environment space, basis constants folded in),
//           specular_environment (cube map) with specular_max_lod (the mip of roughness 1),
//           key_direction (world, unit, towards the light), key_radiance (linear).

uniform vec3 camera_position;
uniform mat3 env_from_world;
uniform vec3 diffuse_sh[9];
uniform samplerCube specular_environment;
uniform float specular_max_lod;
uniform vec3 key_direction;
uniform vec3 key_radiance;

const float kPi = 3.14159265;

// The light leaving a surface, split around its base colour so that per-vertex lighting can
// leave the texture to the fragment shader: colour = base_color * times_base + plus.
struct SurfaceLight {
    vec3 times_base;
    vec3 plus;
};

vec3 diffuse_irradiance(vec3 n) {
    return diffuse_sh[0] + diffuse_sh[1] * n.y + diffuse_sh[2] * n.z + diffuse_sh[3] * n.x +
           diffuse_sh[4] * (n.x * n.y) + diffuse_sh[5] * (n.y * n.z) +
           diffuse_sh[6] * (3.0 * n.z * n.z - 1.0) + diffuse_sh[7] * (n.x * n.z) +
           diffuse_sh[8] * (n.x * n.x - n.y * n.y);
}

// Karis 2014, "Physically Based Shading on Mobile": the split sum's second factor, fitted.
vec2 environment_brdf(float roughness, float n_dot_v) {
    const vec4 c0 = vec4(-1.0, -0.0275, -0.572, 0.022);
    const vec4 c1 = vec4(1.0, 0.0425, 1.04, -0.04);
    vec4 r = roughness * c0 + c1;
    float a004 = min(r.x * r.x, exp2(-9.28 * n_dot_v)) * r.x + r.y;
    return vec2(-1.04, 1.04) * a004 + r.zw;
}

// n: unit normal; v: unit direction to the eye; both world space. F0 is
// mix(0.04, base_color, metallic), which is linear in the base colour, so every term splits.
SurfaceLight shade(vec3 n, vec3 v, float metallic, float roughness) {
    float dielectric = 1.0 - metallic;
    // Silhouette normals can face slightly away after interpolation; keep them usable.
    float n_dot_v = clamp(dot(n, v), 1e-4, 1.0);

    // Image-based: diffuse (1 - metallic) * base * E/pi; specular prefiltered * (F0 A + B).
    vec3 prefiltered = textureLod(specular_environment, env_from_world * reflect(-v, n),
                                  roughness * specular_max_lod).rgb;
    vec2 ab = environment_brdf(roughness, n_dot_v);
    vec3 times_base = dielectric * diffuse_irradiance(env_from_world * n) +
                      metallic * ab.x * prefiltered;
    vec3 plus = (0.04 * dielectric * ab.x + ab.y) * prefiltered;

    // The key light. Its diffuse part takes the dielectric Fresnel (exact where it matters:
    // a metal has no diffuse).
    vec3 h = normalize(key_direction + v);
    float n_dot_l = max(dot(n, key_direction), 0.0);
    float n_dot_h = max(dot(n, h), 0.0);
    float x = 1.0 - max(dot(v, h), 0.0);
    float x2 = x * x;
    float fresnel = x2 * x2 * x;  // Schlick: F = F0 + (1 - F0) fresnel
    float a2 = roughness * roughness * roughness * roughness;
    float denominator = n_dot_h * n_dot_h * (a2 - 1.0) + 1.0;
    float distribution = a2 / (kPi * denominator * denominator);
    float visibility = 0.5 / (n_dot_l * sqrt(n_dot_v * n_dot_v * (1.0 - a2) + a2) +
                              n_dot_v * sqrt(n_dot_l * n_dot_l * (1.0 - a2) + a2) + 1e-5);
    vec3 key = key_radiance * n_dot_l;
    float specular = distribution * visibility;
    float diffuse = dielectric * (1.0 - (0.04 + 0.96 * fresnel)) / kPi;
    times_base += key * (diffuse + specular * metallic * (1.0 - fresnel));
    plus += key * (specular * (0.04 * dielectric * (1.0 - fresnel) + fresnel));
    return SurfaceLight(times_base, plus);
}
