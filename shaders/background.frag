#version 330 core
// background.frag: the studio backdrop, a soft vertical gradient.
// Inputs:   gl_FragCoord (window pixels).
// Uniforms: viewport      x, y, width, height of the view in window pixels (bottom-left origin);
//           top_color     sRGB colour at the top edge;
//           bottom_color  sRGB colour at the bottom edge.
// Outputs:  frag_color, sRGB-encoded (the colours are given in sRGB and used as they are).

uniform vec4 viewport;
uniform vec3 top_color;
uniform vec3 bottom_color;

out vec4 frag_color;

void main() {
    float height = (gl_FragCoord.y - viewport.y) / viewport.w;
    vec3 color = mix(bottom_color, top_color, smoothstep(0.0, 1.0, height));
    // Half a step of 8-bit noise (interleaved gradient noise, Jimenez 2014) so that the long,
    // shallow gradient shows no bands.
    float noise = fract(52.9829189 * fract(dot(gl_FragCoord.xy, vec2(0.06711056, 0.00583715))));
    frag_color = vec4(color + (noise - 0.5) / 255.0, 1.0);
}
