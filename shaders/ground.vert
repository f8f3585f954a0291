#version 330 core
// ground.vert: a square on the ground plane around the model's footprint, made from
// gl_VertexID alone (draw 4 vertices as a triangle strip with an empty vertex array).
// Inputs:   gl_VertexID 0..3.
// Uniforms: clip_from_world  projection * view;
//           centre           world position of the square's centre, on the ground plane;
//           radius           half the square's side, world units.
// Outputs:  v_offset         the position relative to centre along world x and z;
//           gl_Position.

uniform mat4 clip_from_world;
uniform vec3 centre;
uniform float radius;

out vec2 v_offset;

void main() {
    vec2 corner = vec2(gl_VertexID & 1, gl_VertexID >> 1) * 2.0 - 1.0;
    v_offset = corner * radius;
    gl_Position = clip_from_world * vec4(centre + vec3(v_offset.x, 0.0, v_offset.y), 1.0);
}
