// viewer/ui/headless_viewer.h: the viewer with no window and no X server (EGL surfaceless):
// drives frames with a fixed clock, injects mouse input through ImGui, and reads the frame back.
// Screenshots, thumbnails, UI-flow tests and the benchmark all use it.
#pragma once
#include <filesystem>
#include <glm/glm.hpp>
#include <memory>
#include <string>
#include <vector>

#include "render/gl/offscreen_context.h"
#include "render/gl/render_target.h"
#include "viewer/ui/app.h"

struct ImGuiContext;

namespace heritage::viewer {

// The shared scene and renderer (render/), which the capture program uses too.
using namespace heritage::render;

class HeadlessViewer {
  public:
    // Throws heritage::Error when no GL context can be made or the installation is broken.
    HeadlessViewer(const AppOptions& options, glm::ivec2 size);
    ~HeadlessViewer();
    HeadlessViewer(const HeadlessViewer&) = delete;
    HeadlessViewer& operator=(const HeadlessViewer&) = delete;

    App& app() { return *app_; }
    glm::ivec2 size() const { return size_; }

    // One frame of `dt_s` seconds: UI, 3D view, draw.
    void frame(float dt_s = 1.0f / 60.0f);

    // Frames until the current artifact's model has loaded (or failed) and the view settled.
    void settle();

    // A click at `at` (screen pixels): mouse down for one frame, up the next.
    void click(glm::vec2 at);
    // A drag from `from` to `to` over `steps` frames with the left (or right) button.
    void drag(glm::vec2 from, glm::vec2 to, int steps, bool right_button = false);
    // Types UTF-8 text into the focused field.
    void type(const std::string& text);

    // The last frame's pixels, RGBA8, rows from the top.
    std::vector<std::uint8_t> read_rgba() const;

    // Writes the last frame as a PNG, atomically. Throws heritage::Error on failure.
    void save_png(const std::filesystem::path& file) const;

  private:
    OffscreenContext context_;
    ImGuiContext* imgui_ = nullptr;
    glm::ivec2 size_;
    std::unique_ptr<RenderTarget> frame_;
    std::unique_ptr<App> app_;
};

// PNG bytes of an RGBA8 image (rows from the top).
std::string encode_png(const std::vector<std::uint8_t>& rgba, glm::ivec2 size);

// Renders every artifact's model alone (no UI) into its thumbnail file, `size` pixels square,
// atomically. Returns the number written; prints a line per artifact to stdout.
int render_thumbnails(const AppOptions& options, int size);

}  // namespace heritage::viewer
