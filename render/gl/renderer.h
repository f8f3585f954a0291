// render/gl/renderer.h: draws a model the way a museum shows an object: glTF
// metallic-roughness materials lit by a generated studio environment (image-based lighting)
// and a key light, or unlit for photogrammetry scans with baked light; a ground with a soft
// contact shadow; linear lighting, tone mapping and sRGB output. Needs only a current GL 3.3
// core context; it never creates windows.
#pragma once
#include <cstdint>
#include <filesystem>
#include <glm/glm.hpp>
#include <memory>
#include <vector>

#include "render/scene/cpu_model.h"

namespace heritage::render {

// A model's meshes, materials and textures on the GPU.
class GpuModel {
  public:
    explicit GpuModel(const CpuModel& model);  // uploads; needs a current context
    ~GpuModel();
    GpuModel(const GpuModel&) = delete;
    GpuModel& operator=(const GpuModel&) = delete;

    struct Impl;
    const Impl& impl() const { return *impl_; }

  private:
    std::unique_ptr<Impl> impl_;
};

struct RenderSettings {
    bool unlit = false;                    // show base colour only (scans with baked lighting)
    bool ground = true;                    // the ground disc with its contact shadow
    float exposure = 1.0f;                 // multiplies the light before tone mapping
    bool studio_turns_with_camera = true;  // the viewer's studio keeps lighting the front;
                                           // false: the lights stay put in the world
    glm::vec3 background_top{0.93f, 0.92f, 0.90f};  // sRGB, a soft studio gradient
    glm::vec3 background_bottom{0.78f, 0.76f, 0.73f};
};

struct SceneView {
    glm::mat4 view{1.0f};
    glm::mat4 projection{1.0f};
    glm::ivec4 viewport{0, 0, 1, 1};  // x, y, width, height in GL pixels (bottom-left origin)
};

class Renderer {
  public:
    // Compiles the shaders in `shader_dir` (mesh.vert, pbr.frag, ground.vert, ground.frag,
    // background.vert, background.frag) and builds the studio environment. Throws
    // heritage::Error naming the shader file and the driver's log when one fails.
    explicit Renderer(const std::filesystem::path& shader_dir);
    ~Renderer();
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;

    // Draws the background, the ground under `world_bounds` and `model` (placed by
    // world_from_model) into the currently bound framebuffer's `view.viewport`.
    // `model` may be null: background and nothing else (while a model loads).
    void draw(const GpuModel* model, const glm::mat4& world_from_model, const Bounds& world_bounds,
              const SceneView& view, const RenderSettings& settings);

    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

// An RGBA8 image as a GL texture, for the UI (thumbnails); returns the texture name as ImGui's
// ImTextureID expects it. Free with free_ui_texture.
std::uintptr_t upload_ui_texture(const CpuTexture& image);
void free_ui_texture(std::uintptr_t texture);

}  // namespace heritage::render
