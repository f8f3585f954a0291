#include "viewer/ui/imgui_gl.h"

#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include "render/gl/gl.h"

namespace heritage::viewer {

void imgui_gl_init() {
    ImGui_ImplOpenGL3_Init("#version 330 core");
}
void imgui_gl_shutdown() {
    ImGui_ImplOpenGL3_Shutdown();
}
void imgui_gl_new_frame() {
    ImGui_ImplOpenGL3_NewFrame();
}

void imgui_gl_render(ImDrawData* draw_data, std::uint32_t frame, glm::ivec2 frame_size) {
    glBindFramebuffer(GL_FRAMEBUFFER, frame);
    glViewport(0, 0, frame_size.x, frame_size.y);
    ImGui_ImplOpenGL3_RenderDrawData(draw_data);
}

void clear_frame(std::uint32_t frame, glm::ivec2 frame_size, glm::vec3 color) {
    glBindFramebuffer(GL_FRAMEBUFFER, frame);
    glViewport(0, 0, frame_size.x, frame_size.y);
    glDisable(GL_SCISSOR_TEST);
    glClearColor(color.r, color.g, color.b, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
}

}  // namespace heritage::viewer
