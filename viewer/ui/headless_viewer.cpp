#include "viewer/ui/headless_viewer.h"

#include <imgui.h>
#include <stb/stb_image_write.h>

#include <cstdio>

#include "exhibit/error.h"
#include "exhibit/files.h"
#include "viewer/ui/imgui_gl.h"

namespace heritage::viewer {

std::string encode_png(const std::vector<std::uint8_t>& rgba, glm::ivec2 size) {
    std::string bytes;
    stbi_write_png_to_func(
        [](void* context, void* data, int length) {
            static_cast<std::string*>(context)->append(static_cast<const char*>(data),
                                                       std::size_t(length));
        },
        &bytes, size.x, size.y, 4, rgba.data(), size.x * 4);
    return bytes;
}

HeadlessViewer::HeadlessViewer(const AppOptions& options, glm::ivec2 size) : size_(size) {
    imgui_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(imgui_);
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(float(size.x), float(size.y));
    io.DeltaTime = 1.0f / 60.0f;
    io.MousePos = ImVec2(-1, -1);
    frame_ = std::make_unique<RenderTarget>(size, 1);
    app_ = create_app(options);
}

HeadlessViewer::~HeadlessViewer() {
    ImGui::SetCurrentContext(imgui_);
    destroy_app(app_);
    frame_.reset();
    ImGui::DestroyContext(imgui_);
}

void HeadlessViewer::frame(float dt_s) {
    ImGui::SetCurrentContext(imgui_);
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(float(size_.x), float(size_.y));
    io.DeltaTime = dt_s;
    imgui_gl_new_frame();
    ImGui::NewFrame();
    build_frame(*app_, dt_s);
    ImGui::Render();
    render_frame(*app_, frame_->framebuffer(), size_);
}

void HeadlessViewer::settle() {
    frame();
    // Wait for the model on screen (the artifact screen, or a tour's step), then let the camera
    // finish framing and any flight, so that the picture is the one a visitor would see.
    // (the artifact screen, a tour's step, or a kiosk's attract loop)
    if (!app_->artifact.artifact_id.empty()) {
        if (const exhibit::Artifact* artifact =
                exhibit::find_artifact(app_->package.package, app_->artifact.artifact_id)) {
            app_->models.wait(app_->package.package.root / "artifacts" / artifact->id /
                              artifact->model.file);
        }
    }
    for (int i = 0; i < 240; ++i) {
        frame();
        const OrbitCamera& camera = app_->artifact.camera;
        const bool moving = camera.flight.active || glm::length(camera.spin_deg_per_s) > 1e-3f;
        if (i >= 3 && !moving)
            break;
    }
    frame();  // the still, full-quality view
}

void HeadlessViewer::click(glm::vec2 at) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(at.x, at.y);
    frame();
    io.MouseDown[0] = true;
    frame();
    io.MouseDown[0] = false;
    frame();
    frame();  // what the click changed is laid out, so the next click can find it
}

void HeadlessViewer::drag(glm::vec2 from, glm::vec2 to, int steps, bool right_button) {
    ImGuiIO& io = ImGui::GetIO();
    const int button = right_button ? 1 : 0;
    io.MousePos = ImVec2(from.x, from.y);
    frame();
    io.MouseDown[button] = true;
    frame();
    for (int i = 1; i <= steps; ++i) {
        const glm::vec2 at = from + (to - from) * (float(i) / float(steps));
        io.MousePos = ImVec2(at.x, at.y);
        frame();
    }
    io.MouseDown[button] = false;
    frame();
}

void HeadlessViewer::type(const std::string& text) {
    ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
    frame();
}

std::vector<std::uint8_t> HeadlessViewer::read_rgba() const {
    return frame_->read_rgba();
}

void HeadlessViewer::save_png(const std::filesystem::path& file) const {
    write_file_atomically(file, encode_png(read_rgba(), size_));
}

int render_thumbnails(const AppOptions& options, int size) {
    OffscreenContext context;
    const exhibit::PackageReadResult package = exhibit::read_package(options.exhibit_dir);
    if (!package.valid()) {
        throw Error(options.exhibit_dir.string() +
                    ": the package is not valid; run heritage-capture validate and fix it first");
    }
    Renderer renderer(options.data_dir / "shaders");
    RenderTarget multisampled({size, size}, 4);
    RenderTarget plain({size, size}, 1);
    ModelCache models;
    OrbitCameraOptions camera_options;
    int written = 0;
    for (const exhibit::Artifact& artifact : package.package.artifacts) {
        const std::filesystem::path folder = package.package.root / "artifacts" / artifact.id;
        const ModelEntry entry = models.wait(folder / artifact.model.file);
        if (entry.status != LoadStatus::Ready) {
            std::printf("%s: skipped: %s\n", artifact.id.c_str(), entry.error.c_str());
            continue;
        }
        const glm::mat4 world_from = world_from_model(artifact.model.units, artifact.model.up_axis);
        const Bounds world = transform_bounds(world_from, entry.model->model.bounds);
        OrbitCamera camera;
        frame_bounds(camera, world, camera_options);
        SceneView view{view_matrix(camera), projection_matrix(camera, 1.0f), {0, 0, size, size}};
        GpuModel gpu(entry.model->model);
        multisampled.bind();
        RenderSettings settings;
        settings.unlit = artifact.capture.has_value() && !artifact.model.illustrative;
        renderer.draw(&gpu, world_from, world, view, settings);
        multisampled.resolve_into(plain.framebuffer(), {0, 0, size, size});
        write_file_atomically(folder / artifact.thumbnail,
                              encode_png(plain.read_rgba(), {size, size}));
        std::printf("%s: %s\n", artifact.id.c_str(), (folder / artifact.thumbnail).c_str());
        ++written;
    }
    return written;
}

}  // namespace heritage::viewer
