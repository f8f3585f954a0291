// viewer/ui/imgui_gl.h: Dear ImGui's OpenGL 3 backend behind our own names, so that
// nothing outside render/gl/ touches GL, and the frame's clear.
#pragma once
#include <cstdint>
#include <glm/glm.hpp>

struct ImDrawData;

namespace heritage::viewer {

void imgui_gl_init();  // needs a current 3.3 core context and an ImGui context
void imgui_gl_shutdown();
void imgui_gl_new_frame();
// Draws ImGui's draw data into framebuffer `frame` of `frame_size` pixels.
void imgui_gl_render(ImDrawData* draw_data, std::uint32_t frame, glm::ivec2 frame_size);

// Clears all of framebuffer `frame` to an sRGB colour.
void clear_frame(std::uint32_t frame, glm::ivec2 frame_size, glm::vec3 color);

}  // namespace heritage::viewer
