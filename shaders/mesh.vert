#version 330 core
// mesh.vert: a model's vertices into world and clip space for pbr.frag. Compiled in the same
// variants as pbr.frag (the renderer puts the #defines after the #version line):
//   UNLIT                only the uv is passed on;
//   VERTEX_LIGHTING      the light is computed here, per vertex, for meshes whose triangles
//                        are about a pixel on screen (the fragment shader then only applies
//                        the base colour);
//   HAS_NORMAL_TEXTURE   the tangent is passed on too.
// Inputs:   position (location 0), normal (1), uv (2, glTF convention: (0,0) is the image's
//           top-left corner), tangent (3: xyz, and the bitangent's sign in w), in model
//           coordinates.
// Uniforms: world_from_model         the model's placement;
//           world_normal_from_model  inverse transpose of its upper 3x3;
//           clip_from_world          projection * view;
//           with VERTEX_LIGHTING: metallic_factor, roughness_factor and lighting.glsl's.
// Outputs:  v_uv; with VERTEX_LIGHTING v_light_times_base, v_light_plus (see SurfaceLight);
//           otherwise unless UNLIT: v_world_position, v_normal (world space, not normalised);
//           with HAS_NORMAL_TEXTURE: v_tangent (world space xyz, sign in w); gl_Position.

layout(location = 0) in vec3 position;
layout(location = 1) in vec3 normal;
layout(location = 2) in vec2 uv;
layout(location = 3) in vec4 tangent;

uniform mat4 world_from_model;
uniform mat3 world_normal_from_model;
uniform mat4 clip_from_world;

out vec2 v_uv;

// Outside any #if: the loader's #line bookkeeping must not be skipped.
#include "lighting.glsl"

#if defined(VERTEX_LIGHTING)
uniform float metallic_factor;
uniform float roughness_factor;
out vec3 v_light_times_base;
out vec3 v_light_plus;
#elif !defined(UNLIT)
out vec3 v_world_position;
out vec3 v_normal;
#endif
#ifdef HAS_NORMAL_TEXTURE
out vec4 v_tangent;
#endif

void main() {
    vec4 world = world_from_model * vec4(position, 1.0);
    v_uv = uv;
#if defined(VERTEX_LIGHTING)
    SurfaceLight light =
        shade(normalize(world_normal_from_model * normal), normalize(camera_position - world.xyz),
              clamp(metallic_factor, 0.0, 1.0), clamp(roughness_factor, 0.045, 1.0));
    v_light_times_base = light.times_base;
    v_light_plus = light.plus;
#elif !defined(UNLIT)
    v_world_position = world.xyz;
    v_normal = world_normal_from_model * normal;
#endif
#ifdef HAS_NORMAL_TEXTURE
    v_tangent = vec4(mat3(world_from_model) * tangent.xyz, tangent.w);
#endif
    gl_Position = clip_from_world * world;
}
