#include "viewer/ui/app.h"

#include <imgui.h>
#include <stb/stb_image.h>

#include "exhibit/error.h"
#include "exhibit/files.h"
#include "viewer/render/imgui_gl.h"
#include "viewer/ui/screens/artifact_screen.h"
#include "viewer/ui/screens/home_screen.h"
#include "viewer/ui/screens/invalid_package_screen.h"
#include "viewer/ui/theme.h"

namespace heritage::viewer {
namespace {

// The artifact's thumbnail as a UI texture, or 0 when it cannot be read (the card then shows
// its title on a plain background).
std::uintptr_t load_thumbnail(const std::filesystem::path& file) {
    int width = 0, height = 0, channels = 0;
    stbi_uc* pixels = stbi_load(file.c_str(), &width, &height, &channels, 4);
    if (!pixels)
        return 0;
    CpuTexture image{
        width, height,
        std::vector<std::uint8_t>(pixels, pixels + std::size_t(width) * std::size_t(height) * 4)};
    stbi_image_free(pixels);
    return upload_ui_texture(image);
}

}  // namespace

const std::string& text_of(const App& app, const exhibit::LocalizedText& text) {
    return exhibit::resolve_text(text, app.language, app.package.package.exhibit.fallback_order);
}

const std::string& word(const App& app, const std::string& key) {
    return ui_word(app.ui_text, app.language, app.package.package.exhibit.fallback_order, key);
}

std::unique_ptr<App> create_app(const AppOptions& options) {
    auto app = std::make_unique<App>();
    app->options = options;
    app->ui_text = load_ui_text(options.data_dir / "assets" / "ui" / "strings.json");
    app->package = exhibit::read_package(options.exhibit_dir);
    const std::vector<std::string>& fallback = app->package.package.exhibit.fallback_order;
    app->language = fallback.empty() ? "vi" : fallback.front();
    app->screen = app->package.valid() ? Screen::Home : Screen::InvalidPackage;

    ImGui::GetIO().IniFilename = nullptr;  // nothing of a session is written to disk
    app->fonts = load_fonts(options.ui_scale);
    apply_theme(options.ui_scale);
    imgui_gl_init();
    app->renderer = std::make_unique<Renderer>(options.data_dir / "shaders");
    app->scene_target = std::make_unique<RenderTarget>(glm::ivec2(1, 1), 4);
    if (app->package.valid()) {
        for (const exhibit::Artifact& artifact : app->package.package.artifacts) {
            app->thumbnails[artifact.id] = load_thumbnail(app->package.package.root / "artifacts" /
                                                          artifact.id / artifact.thumbnail);
        }
    }
    return app;
}

void destroy_app(std::unique_ptr<App>& app) {
    if (!app)
        return;
    for (auto& [id, texture] : app->thumbnails) {
        if (texture)
            free_ui_texture(texture);
    }
    app->gpu_models.clear();
    app->scene.reset();
    app->scene_target.reset();
    app->renderer.reset();
    imgui_gl_shutdown();
    app.reset();
}

void open_artifact(App& app, const std::string& artifact_id) {
    app.artifact = ArtifactScreenState{};
    app.artifact.artifact_id = artifact_id;
    app.screen = Screen::Artifact;
}

void go_home(App& app) {
    app.screen = Screen::Home;
    app.artifact = ArtifactScreenState{};
}

void build_frame(App& app, float dt_s) {
    app.scene.reset();
    app.layout = FrameLayout{};
    switch (app.screen) {
        case Screen::Home:
            draw_home_screen(app);
            break;
        case Screen::Artifact:
            draw_artifact_screen(app, dt_s);
            break;
        case Screen::InvalidPackage:
            draw_invalid_package_screen(app);
            break;
    }
}

void render_frame(App& app, std::uint32_t frame, glm::ivec2 frame_size) {
    const ImVec4 background = to_vec4(Palette::kBackground);
    clear_frame(frame, frame_size, {background.x, background.y, background.z});
    if (app.scene) {
        // The 3D view into a multisampled target the size of the frame, drawn in the view's
        // rectangle only, then resolved into the same rectangle of the frame.
        const HitRegion& region = app.layout.scene_view;
        const glm::ivec2 size = glm::max(glm::ivec2(region.max - region.min), glm::ivec2(1));
        const glm::ivec2 at(region.min);
        const glm::ivec4 rect{at.x, frame_size.y - at.y - size.y, size.x, size.y};
        app.scene_target->resize(frame_size);
        app.scene_target->bind();
        app.scene->view.viewport = rect;
        app.renderer->draw(app.scene->model.get(), app.scene->world_from_model,
                           app.scene->world_bounds, app.scene->view, app.scene->settings);
        app.scene_target->resolve_into(frame, rect);
    }
    imgui_gl_render(ImGui::GetDrawData(), frame, frame_size);
}

}  // namespace heritage::viewer
