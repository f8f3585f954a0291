// viewer/ui/app.h: the viewer's whole state and its frame: no globals, so tests and the
// screenshot mode drive exactly what the window shows. The platform layer (GLFW, or EGL with
// no window) owns the GL context and ImGui's platform side; App owns everything else.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <glm/glm.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exhibit/package_read.h"
#include "render/gl/render_target.h"
#include "render/gl/renderer.h"
#include "render/scene/model_cache.h"
#include "render/scene/orbit_camera.h"
#include "viewer/stats/visitor_stats.h"
#include "viewer/ui/artifact_filter.h"
#include "viewer/ui/fonts.h"
#include "viewer/ui/kiosk.h"
#include "viewer/ui/ui_text.h"

namespace heritage::viewer {

// The shared scene and renderer (render/), which the capture program uses too.
using namespace heritage::render;

struct AppOptions {
    std::filesystem::path exhibit_dir;  // the package to show
    std::filesystem::path data_dir;     // holds shaders/ and assets/ui/strings.json
    float ui_scale = 1.0f;              // the monitor's content scale (DPI)
    std::optional<KioskConfig> kiosk;   // set: kiosk mode for students alone
    std::filesystem::path state_dir;    // visitor statistics go here; empty: none recorded
};

enum class Screen { Home, Artifact, TourList, Tour, TourEditor, InvalidPackage };

// A tour being written or edited by staff, saved into the package on request.
struct TourEditorState {
    exhibit::Tour tour;
    bool is_new = true;
    int annotation_for_new_step = -1;  // index into the current artifact's annotations
    std::string message;               // after saving: done, or what to fix
    std::vector<std::string> problems;
};

// The kiosk's hidden way out: a PIN pad for staff.
struct AdminPrompt {
    bool open = false;
    std::string pin;      // digits typed so far
    bool wrong = false;   // the last PIN was wrong
    double hold_s = 0.0;  // how long the top-left corner has been held (opens after 3 s)
};

enum class ArtifactTab { Info, Annotations, Lesson, Quiz, Sources };

struct HomeState {
    ArtifactFilter filter;
    std::string search_input;  // the search box's text as typed
};

// A student's run through an artifact's quiz at one school level: one question at a time.
struct QuizState {
    exhibit::SchoolLevel level = exhibit::SchoolLevel::Primary;  // the questions being asked
    int question = 0;  // index among that level's questions
    int chosen = -1;   // the option chosen for the current question, -1 before answering
    int correct = 0;   // right answers so far
    bool finished = false;
};

// A camera view in the artifact's model coordinates (a tour step's).
struct PendingView {
    glm::vec3 eye{0.0f};
    glm::vec3 target{0.0f};
};

struct ArtifactScreenState {
    std::string artifact_id;
    OrbitCamera camera;
    bool camera_framed = false;    // framed once the model is ready
    int selected_annotation = -1;  // index into the artifact's annotations
    ArtifactTab tab = ArtifactTab::Info;
    bool measuring = false;
    std::vector<glm::vec3> measure_points;  // world space, at most two
    QuizState quiz;
    std::optional<PendingView> pending_view;  // flown to once the model is framed
    bool keyboard_orbit = true;               // arrow keys turn the model (not in a tour)
    bool annotation_card = true;              // the selected annotation's text over the view
    bool buttons = true;                      // zoom, reset and measure buttons on the view
};

// A teacher's curriculum tour, step by step. Page 0 is the before-visit tasks, pages 1..N the
// steps, page N + 1 the after-visit tasks.
struct TourState {
    std::string tour_id;
    int page = 0;
};

// Where the last frame put the things a test (or a kiosk's attract loop) wants to click, in
// screen pixels: top-left corner and size.
struct HitRegion {
    glm::vec2 min{0.0f};
    glm::vec2 max{0.0f};
    glm::vec2 center() const { return (min + max) * 0.5f; }
};

struct FrameLayout {
    std::map<std::string, HitRegion> cards;          // artifact id -> its card on the home screen
    std::map<std::string, HitRegion> level_buttons;  // level name -> its button
    std::map<std::string, HitRegion> language_buttons;
    std::map<std::string, HitRegion> tabs;  // "info", "annotations", "lesson", "quiz", "sources"
    std::map<std::string, HitRegion> tour_cards;  // tour id -> its card on the tour list
    std::map<int, HitRegion> quiz_options;        // option index -> its button
    HitRegion quiz_next;                          // "next question" / "try again"
    HitRegion tours_button;                       // the top bar's way to the tours
    HitRegion tour_previous, tour_next, tour_exit;
    std::map<std::string, HitRegion> view_buttons;       // "zoom_in", "turn_left", "reset"...
    std::map<std::string, HitRegion> editor_buttons;     // "add_step", "save", "close", "new"...
    std::map<std::string, HitRegion> tour_edit_buttons;  // tour id -> its "edit" button
    HitRegion still_there_button;                        // kiosk: "I'm still here"
    std::map<std::string, HitRegion> pin_keys;           // kiosk admin: "0".."9", "ok", "cancel"
    std::map<int, HitRegion> markers;                    // annotation index -> its marker
    HitRegion back_button;
    HitRegion scene_view;  // the 3D view on the artifact screen
    HitRegion search_box;
    std::string lesson_title;  // the lesson plan the panel showed, if any
};

struct App {
    AppOptions options;
    exhibit::PackageReadResult package;
    UiText ui_text;
    Fonts fonts;
    OrbitCameraOptions camera_options;

    // Remembered while the program runs.
    std::string language;
    exhibit::SchoolLevel level = exhibit::SchoolLevel::Primary;

    Screen screen = Screen::Home;
    HomeState home;
    ArtifactScreenState artifact;
    TourState tour;
    TourEditorState editor;
    KioskState kiosk;  // used in kiosk mode only

    // Visitor statistics (when options.state_dir is set): the current visit, the artifact being
    // looked at and since when, and what was last recorded of language and level.
    struct Visit {
        std::unique_ptr<VisitorStats> stats;
        std::int64_t session = 0;  // 0: no visit under way (a kiosk's attract loop)
        std::string artifact;      // being viewed
        Clock::time_point artifact_since{};
        std::string language, level;
        std::string tour;  // running
        int tour_pages = 0;
    } visit;
    std::function<Clock::time_point()> now = [] { return Clock::now(); };  // tests inject a clock
    AdminPrompt admin;                                                     // kiosk mode only
    bool quit_requested = false;  // kiosk: staff entered the PIN to close
    FrameLayout layout;

    ModelCache models;
    std::unique_ptr<Renderer> renderer;
    struct GpuModels {
        std::shared_ptr<GpuModel> full;
        std::shared_ptr<GpuModel> light;  // null when the model is light enough already
    };
    std::map<std::string, GpuModels> gpu_models;       // by model file
    std::map<std::string, std::uintptr_t> thumbnails;  // by artifact id (0: none)

    // The 3D view is drawn only when it changes. While the camera moves: the light model, one
    // sample per pixel, at 70 % resolution into `moving`, scaled into `image`; once it stops:
    // the full model with 4x MSAA at full resolution, resolved into `image`. Every frame then
    // copies `image` into the frame. So a turning scan stays smooth, and a still one is sharp.
    struct SceneCache {
        std::unique_ptr<RenderTarget> multisampled;
        std::unique_ptr<RenderTarget> moving;  // the view at reduced resolution
        std::unique_ptr<RenderTarget> image;
        bool valid = false;
        bool full_quality = false;
        glm::mat4 view{0.0f}, projection{0.0f};
        glm::ivec4 viewport{0};
        const GpuModel* model = nullptr;
        bool unlit = false;
    } scene_cache;

    // Called for every quiz answer (anonymous: artifact, question, level, right or not); the
    // visitor statistics listen here. May be empty.
    std::function<void(const std::string& artifact_id, const std::string& question_id,
                       exhibit::SchoolLevel level, bool correct)>
        on_quiz_answer;

    // What the frame's UI asked the renderer to draw (the artifact's model in the 3D view).
    struct SceneRequest {
        std::shared_ptr<GpuModel> model;
        std::shared_ptr<GpuModel> light_model;  // drawn while moving, when there is one
        bool always_full_quality = false;       // no quick frames, even while moving
        glm::mat4 world_from_model{1.0f};
        Bounds world_bounds;
        SceneView view;
        RenderSettings settings;
    };
    std::optional<SceneRequest> scene;
};

// Reads the package and the UI text; needs the ImGui context to exist (loads fonts) and a
// current GL context (creates the renderer). Never throws for a bad package: it opens on the
// InvalidPackage screen with the validator's messages. Throws heritage::Error when the
// installation itself is broken (no shaders, no fonts).
std::unique_ptr<App> create_app(const AppOptions& options);

// Builds one frame's UI. Call between ImGui::NewFrame() and ImGui::Render(); `dt_s` is the time
// since the last frame.
void build_frame(App& app, float dt_s);

// Draws the frame into framebuffer `frame` (0: the window) of `frame_size` pixels: the 3D view
// (if the UI asked for one), then the UI. Call after ImGui::Render().
void render_frame(App& app, std::uint32_t frame, glm::ivec2 frame_size);

// Frees GL objects; call while the context is still current.
void destroy_app(std::unique_ptr<App>& app);

// Navigation, for the screens and for tests.
void open_artifact(App& app, const std::string& artifact_id);
void go_home(App& app);
void open_tour_list(App& app);
// Kiosk: everything back to how a new visitor finds it (home, default language and level, no
// search, no quiz, no selection).
void reset_for_next_visitor(App& app);
// Visitor statistics: a visit starts and ends (kiosk: a touch after the attract loop, and the
// countdown running out; elsewhere: the program's start and end).
void begin_visit(App& app, const char* mode);
void end_visit(App& app);
void open_tour(App& app, const std::string& tour_id);
// Moves a running tour to `page` (clamped), flying the camera to that step's view.
void show_tour_page(App& app, int page);
// Staff: write a new tour, or edit one (by id).
void open_tour_editor(App& app, const std::string& tour_id);

// The text in the app's language, with the exhibit's fallback order.
const std::string& text_of(const App& app, const exhibit::LocalizedText& text);
const std::string& word(const App& app, const std::string& key);

}  // namespace heritage::viewer
