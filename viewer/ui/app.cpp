#include "viewer/ui/app.h"

#include <imgui.h>

#include <stb/stb_image.h>
#include <algorithm>

#include "exhibit/error.h"
#include "exhibit/files.h"
#include "viewer/ui/imgui_gl.h"
#include "viewer/ui/screens/artifact_screen.h"
#include "viewer/ui/screens/home_screen.h"
#include "viewer/ui/screens/invalid_package_screen.h"
#include "viewer/ui/screens/kiosk_screen.h"
#include "viewer/ui/screens/tour_editor_screen.h"
#include "viewer/ui/screens/tour_screen.h"
#include "viewer/ui/theme.h"
#include "viewer/ui/tour_editing.h"

namespace heritage::viewer {
namespace {

constexpr float kMovingScale = 0.7f;  // resolution of the 3D view while the camera moves

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

// Whether the exhibit can be shown despite its problems: when every error is about one
// artifact's model or thumbnail file, the rest of the exhibit works and that artifact's screen
// says what is wrong with its model (the validator's message is in the model loader's words).
bool showable(const exhibit::PackageReadResult& result) {
    for (const exhibit::Problem& problem : result.problems) {
        if (problem.severity != exhibit::Severity::Error)
            continue;
        const bool artifact_file = problem.file.rfind("artifacts/", 0) == 0;
        const bool model_or_thumbnail = problem.pointer == "/model/file" ||
                                        problem.pointer == "/thumbnail" ||
                                        problem.pointer.rfind("/model/derivatives/", 0) == 0;
        if (!artifact_file || !model_or_thumbnail)
            return false;
    }
    return true;
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
    app->screen = showable(app->package) ? Screen::Home : Screen::InvalidPackage;
    if (options.kiosk && app->screen == Screen::Home)
        reset_for_next_visitor(*app);
    // Visitor statistics: quiz answers as they come; a desktop visit from start to end (a
    // kiosk's visits start with a touch, in kiosk_frame).
    if (!options.state_dir.empty()) {
        app->visit.stats = std::make_unique<VisitorStats>(options.state_dir);
        App* self = app.get();
        app->on_quiz_answer = [self](const std::string& artifact, const std::string& question,
                                     exhibit::SchoolLevel level, bool correct) {
            if (!self->visit.stats || self->visit.session == 0)
                return;
            self->visit.stats->record_quiz_answer(self->visit.session, artifact, question,
                                                  exhibit::to_string(level), correct, self->now());
        };
        if (!options.kiosk)
            begin_visit(*app, "desktop");
    }

    ImGui::GetIO().IniFilename = nullptr;  // nothing of a session is written to disk
    app->fonts = load_fonts(options.ui_scale);
    apply_theme(options.ui_scale);
    imgui_gl_init();
    app->renderer = std::make_unique<Renderer>(options.data_dir / "shaders");
    app->scene_cache.multisampled = std::make_unique<RenderTarget>(glm::ivec2(1, 1), 4);
    app->scene_cache.moving = std::make_unique<RenderTarget>(glm::ivec2(1, 1), 1);
    app->scene_cache.image = std::make_unique<RenderTarget>(glm::ivec2(1, 1), 1);
    if (app->screen == Screen::Home) {
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
    end_visit(*app);
    for (auto& [id, texture] : app->thumbnails) {
        if (texture)
            free_ui_texture(texture);
    }
    app->gpu_models.clear();
    app->scene.reset();
    app->scene_cache = App::SceneCache{};
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
    app.tour = TourState{};
}

void open_tour_list(App& app) {
    app.screen = Screen::TourList;
    app.artifact = ArtifactScreenState{};
    app.tour = TourState{};
}

void open_tour(App& app, const std::string& tour_id) {
    app.screen = Screen::Tour;
    app.tour = TourState{tour_id, 0};
    app.artifact = ArtifactScreenState{};
}

void open_tour_editor(App& app, const std::string& tour_id) {
    app.screen = Screen::TourEditor;
    app.artifact = ArtifactScreenState{};
    app.editor = TourEditorState{};
    for (const exhibit::Tour& tour : app.package.package.tours) {
        if (tour.id == tour_id) {
            app.editor.tour = tour;
            app.editor.is_new = false;
        }
    }
    if (app.editor.is_new)
        app.editor.tour = new_tour(app.package.package, app.level);
    if (!app.editor.tour.steps.empty())
        app.artifact.artifact_id = app.editor.tour.steps.front().artifact;
}

void show_tour_page(App& app, int page) {
    const exhibit::Tour* tour = nullptr;
    for (const exhibit::Tour& candidate : app.package.package.tours) {
        if (candidate.id == app.tour.tour_id)
            tour = &candidate;
    }
    if (!tour)
        return;
    const int last_page = int(tour->steps.size()) + 1;
    app.tour.page = std::clamp(page, 0, last_page);
    if (app.tour.page == 0 || app.tour.page == last_page)
        return;
    const exhibit::TourStep& step = tour->steps[std::size_t(app.tour.page - 1)];
    const exhibit::Artifact* artifact = exhibit::find_artifact(app.package.package, step.artifact);
    if (!artifact)
        return;
    // Another artifact: a fresh view of it. The same one: the camera flies on from where it is.
    ArtifactScreenState& view = app.artifact;
    if (view.artifact_id != step.artifact) {
        view = ArtifactScreenState{};
        view.artifact_id = step.artifact;
    }
    view.keyboard_orbit = false;   // the arrow keys turn the tour's pages
    view.annotation_card = false;  // the narration says it, in large type
    view.selected_annotation = -1;
    for (std::size_t i = 0; i < artifact->annotations.size(); ++i) {
        if (artifact->annotations[i].id == step.annotation)
            view.selected_annotation = int(i);
    }
    if (step.camera) {
        const exhibit::CameraView& camera = *step.camera;
        view.pending_view =
            PendingView{glm::vec3(camera.eye[0], camera.eye[1], camera.eye[2]),
                        glm::vec3(camera.target[0], camera.target[1], camera.target[2])};
    } else {
        view.camera_framed = false;  // frame the whole model
    }
}

namespace {

// The artifact on screen changed (or the visit ends): record how long the last one was viewed.
void note_artifact(App& app, const std::string& artifact_id) {
    App::Visit& visit = app.visit;
    if (!visit.stats || visit.session == 0)
        return;
    const Clock::time_point now = app.now();
    if (!visit.artifact.empty() && visit.artifact != artifact_id) {
        const double dwell = std::chrono::duration<double>(now - visit.artifact_since).count();
        visit.stats->record_view(visit.session, visit.artifact, dwell, now);
    }
    if (visit.artifact != artifact_id) {
        visit.artifact = artifact_id;
        visit.artifact_since = now;
    }
}

void note_tour(App& app, const std::string& tour_id, int page) {
    App::Visit& visit = app.visit;
    if (!visit.stats || visit.session == 0)
        return;
    if (!visit.tour.empty() && visit.tour != tour_id) {
        visit.stats->record_tour(visit.session, visit.tour, visit.tour_pages, app.now());
        visit.tour_pages = 0;
    }
    visit.tour = tour_id;
    visit.tour_pages = std::max(visit.tour_pages, page);
}

// Records what changed since the last frame: the language, the level, the artifact on screen.
void note_frame(App& app) {
    App::Visit& visit = app.visit;
    if (!visit.stats || visit.session == 0)
        return;
    const std::string level(exhibit::to_string(app.level));
    if (visit.language != app.language) {
        visit.stats->set_language(visit.session, app.language);
        visit.language = app.language;
    }
    if (visit.level != level) {
        visit.stats->set_level(visit.session, level);
        visit.level = level;
    }
    const bool viewing =
        app.screen == Screen::Artifact || (app.screen == Screen::Tour && app.tour.page > 0);
    note_artifact(app, viewing ? app.artifact.artifact_id : std::string());
    note_tour(app, app.screen == Screen::Tour ? app.tour.tour_id : std::string(), app.tour.page);
}

}  // namespace

void begin_visit(App& app, const char* mode) {
    App::Visit& visit = app.visit;
    if (!visit.stats || visit.session != 0)
        return;
    visit.language = app.language;
    visit.level = std::string(exhibit::to_string(app.level));
    visit.session = visit.stats->begin_session(mode, visit.language, visit.level, app.now());
}

void end_visit(App& app) {
    App::Visit& visit = app.visit;
    if (!visit.stats || visit.session == 0)
        return;
    note_artifact(app, "");
    note_tour(app, "", 0);
    visit.stats->end_session(visit.session, app.now());
    visit.session = 0;
}

void reset_for_next_visitor(App& app) {
    go_home(app);
    app.home = HomeState{};
    if (app.options.kiosk) {
        const KioskConfig& kiosk = *app.options.kiosk;
        app.home.filter.approved_only = !kiosk.show_unapproved;
        const std::vector<std::string>& fallback = app.package.package.exhibit.fallback_order;
        app.language = !kiosk.default_language.empty() ? kiosk.default_language
                       : fallback.empty()              ? "vi"
                                                       : fallback.front();
        app.level = kiosk.default_level;
    }
}

void build_frame(App& app, float dt_s) {
    app.scene.reset();
    app.layout = FrameLayout{};
    if (kiosk_frame(app, dt_s))
        return;  // the attract loop fills the screen
    note_frame(app);
    switch (app.screen) {
        case Screen::Home:
            draw_home_screen(app);
            break;
        case Screen::Artifact:
            draw_artifact_screen(app, dt_s);
            break;
        case Screen::TourList:
            draw_tour_list_screen(app);
            break;
        case Screen::Tour:
            draw_tour_screen(app, dt_s);
            break;
        case Screen::TourEditor:
            draw_tour_editor_screen(app, dt_s);
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
        const HitRegion& region = app.layout.scene_view;
        const glm::ivec2 size = glm::max(glm::ivec2(region.max - region.min), glm::ivec2(1));
        const glm::ivec2 at(region.min);
        const glm::ivec4 rect{at.x, frame_size.y - at.y - size.y, size.x, size.y};
        App::SceneRequest& request = *app.scene;
        request.view.viewport = rect;
        App::SceneCache& cache = app.scene_cache;
        const bool changed = !cache.valid || cache.view != request.view.view ||
                             cache.projection != request.view.projection ||
                             cache.viewport != rect || cache.model != request.model.get() ||
                             cache.unlit != request.settings.unlit ||
                             cache.image->size() != frame_size;
        if (changed && !request.always_full_quality) {
            // Moving: quick. The light model, one sample, 70 % resolution, scaled up.
            const glm::ivec2 reduced =
                glm::max(glm::ivec2(glm::vec2(size) * kMovingScale), glm::ivec2(1));
            cache.moving->resize(reduced);
            cache.moving->bind();
            SceneView view = request.view;
            view.viewport = {0, 0, reduced.x, reduced.y};
            const GpuModel* quick =
                request.light_model ? request.light_model.get() : request.model.get();
            app.renderer->draw(quick, request.world_from_model, request.world_bounds, view,
                               request.settings);
            cache.image->resize(frame_size);
            cache.moving->scale_into(cache.image->framebuffer(), {0, 0, reduced.x, reduced.y},
                                     rect);
            cache.full_quality = false;
        } else if (changed || !cache.full_quality) {
            // Still since the last frame (or always sharp): the full model, 4x MSAA.
            cache.image->resize(frame_size);
            cache.multisampled->resize(frame_size);
            cache.multisampled->bind();
            app.renderer->draw(request.model.get(), request.world_from_model, request.world_bounds,
                               request.view, request.settings);
            cache.multisampled->resolve_into(cache.image->framebuffer(), rect);
            cache.full_quality = true;
        }
        cache.valid = true;
        cache.view = request.view.view;
        cache.projection = request.view.projection;
        cache.viewport = rect;
        cache.model = request.model.get();
        cache.unlit = request.settings.unlit;
        cache.image->resolve_into(frame, rect);
    } else {
        app.scene_cache.valid = false;
    }
    imgui_gl_render(ImGui::GetDrawData(), frame, frame_size);
}

}  // namespace heritage::viewer
