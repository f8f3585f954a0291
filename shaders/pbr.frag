#version 330 core
// pbr.frag: a model's surface: glTF 2.0 metallic-roughness materials under the studio's light
// (lighting.glsl), then exposure, an ACES fit and sRGB encoding; or the base colour alone.
//
// Variants, #defined by the renderer after the #version line (a software rasteriser runs both
// sides of every branch, so features a material lacks are compiled out, not branched over):
//   HAS_BASE_COLOR_TEXTURE, HAS_METALLIC_ROUGHNESS_TEXTURE, HAS_NORMAL_TEXTURE: the
//     material's textures;
//   VERTEX_LIGHTING: the light comes from mesh.vert, per vertex (dense meshes, whose
//     triangles are about a pixel: the same picture at a fraction of the cost); the metallic-
//     roughness and normal textures are not used then;
//   UNLIT: base colour only (scans with baked light), no tone mapping.
//
// Inputs:   v_uv; with VERTEX_LIGHTING v_light_times_base, v_light_plus; otherwise unless
//           UNLIT v_world_position, v_normal; with HAS_NORMAL_TEXTURE v_tangent (xyz,
//           bitangent sign in w); all from mesh.vert.
// Uniforms: base_color_factor (linear RGBA), base_color_texture (sRGB, unit 0),
//           metallic_factor, roughness_factor, metallic_roughness_texture (G roughness,
//           B metallic; unit 1), normal_texture (tangent space, unit 2), double_sided (flip
//           the normal on back faces), exposure (multiplies the light before tone mapping),
//           and lighting.glsl's (its cube map on unit 3).
// Outputs:  frag_color, sRGB-encoded, alpha 1.

// Outside any #if: the loader's #line bookkeeping must not be skipped.
#include "lighting.glsl"

in vec2 v_uv;
#if defined(VERTEX_LIGHTING)
in vec3 v_light_times_base;
in vec3 v_light_plus;
#elif !defined(UNLIT)
in vec3 v_world_position;
in vec3 v_normal;
#endif
#ifdef HAS_NORMAL_TEXTURE
in vec4 v_tangent;
#endif

uniform vec4 base_color_factor;
uniform sampler2D base_color_texture;
uniform float metallic_factor;
uniform float roughness_factor;
uniform sampler2D metallic_roughness_texture;
uniform sampler2D normal_texture;
uniform bool double_sided;
uniform float exposure;

out vec4 frag_color;

// sRGB encoding with square roots instead of pow (within 0.25/255 of the exact curve; Ian
// Taylor's fit above the linear segment).
vec3 srgb_encode(vec3 linear) {
    vec3 s1 = sqrt(linear);
    vec3 s2 = sqrt(s1);
    vec3 s3 = sqrt(s2);
    vec3 curve = 0.662002687 * s1 + 0.684122060 * s2 - 0.323583601 * s3 - 0.0225411470 * linear;
    return mix(12.92 * linear, curve, step(vec3(0.0031308), linear));
}

// Narkowicz 2015, "ACES Filmic Tone Mapping Curve".
vec3 tone_map(vec3 x) {
    return clamp((x * (2.51 * x + 0.03)) / (x * (2.43 * x + 0.59) + 0.14), 0.0, 1.0);
}

void main() {
    vec4 base_color = base_color_factor;
#ifdef HAS_BASE_COLOR_TEXTURE
    base_color *= texture(base_color_texture, v_uv);
#endif

#if defined(UNLIT)
    frag_color = vec4(srgb_encode(clamp(base_color.rgb, 0.0, 1.0)), 1.0);
#else
#if defined(VERTEX_LIGHTING)
    vec3 color = base_color.rgb * v_light_times_base + v_light_plus;
#else
    float metallic = metallic_factor;
    float roughness = roughness_factor;
#ifdef HAS_METALLIC_ROUGHNESS_TEXTURE
    vec4 metal_rough = texture(metallic_roughness_texture, v_uv);
    roughness *= metal_rough.g;
    metallic *= metal_rough.b;
#endif
    vec3 n = normalize(v_normal);
#ifdef HAS_NORMAL_TEXTURE
    vec3 t = normalize(v_tangent.xyz - n * dot(n, v_tangent.xyz));
    vec3 b = cross(n, t) * v_tangent.w;
    vec3 m = texture(normal_texture, v_uv).xyz * 2.0 - 1.0;
    n = normalize(t * m.x + b * m.y + n * m.z);
#endif
    if (double_sided && !gl_FrontFacing)
        n = -n;
    // Below 0.045 the GGX highlight becomes a sub-pixel spark that aliases.
    SurfaceLight light = shade(n, normalize(camera_position - v_world_position),
                               clamp(metallic, 0.0, 1.0), clamp(roughness, 0.045, 1.0));
    vec3 color = base_color.rgb * light.times_base + light.plus;
#endif
    frag_color = vec4(srgb_encode(tone_map(color * exposure)), 1.0);
#endif
}
