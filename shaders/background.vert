#version 330 core
// background.vert: one triangle that covers the whole viewport, made from gl_VertexID alone
// (draw 3 vertices with an empty vertex array).
// Inputs:  gl_VertexID 0..2.
// Outputs: gl_Position, in clip space; (-1,-1), (3,-1), (-1,3) cover the screen square.

void main() {
    vec2 corner = vec2((gl_VertexID << 1) & 2, gl_VertexID & 2);
    gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
}
