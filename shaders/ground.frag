#version 330 core
// ground.frag: the soft contact shadow under the model, like the shadow of a studio photo:
// dark where the object meets the ground, then a wide, faint penumbra. The model's footprint
// is approximated by the ellipse inscribed in its bounds; nothing is drawn but the shadow, so
// the ground blends into the backdrop.
// Inputs:   v_offset    position relative to the footprint's centre (world x, z).
// Uniforms: footprint   the ellipse's half extents along x and z, world units (> 0);
//           softness    the penumbra's width (a Gaussian's sigma), world units;
//           radius      the disc's radius, where the shadow has faded to nothing;
//           strength    opacity of the contact shadow (0..1) and of the penumbra (0..1).
// Outputs:  frag_color  black with the shadow's opacity, to be alpha-blended (src alpha,
//                       one minus src alpha) over the backdrop.

in vec2 v_offset;

uniform vec2 footprint;
uniform float softness;
uniform float radius;
uniform vec2 strength;

out vec4 frag_color;

void main() {
    // Signed distance to the ellipse, approximated along the ray from its centre: negative
    // inside the footprint.
    float along = length(v_offset);
    float scaled = max(length(v_offset / footprint), 1e-4);
    float outside = along * (1.0 - 1.0 / scaled);

    float size = min(footprint.x, footprint.y);
    float contact = 1.0 - smoothstep(-0.3 * size, 0.15 * softness, outside);
    float penumbra = exp(-0.5 * pow(max(outside, 0.0) / softness, 2.0));
    float shadow = 1.0 - (1.0 - strength.x * contact) * (1.0 - strength.y * penumbra);

    // Fade out before the disc's edge, so the disc itself never shows.
    shadow *= 1.0 - smoothstep(0.8 * radius, radius, along);
    frag_color = vec4(0.0, 0.0, 0.0, shadow);
}
