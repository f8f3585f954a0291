// capture/render_views.h: a model drawn by the shared renderer (render/) as a camera of camera.h
// sees it: for synthetic photo sets, the thumbnail, and the evaluation's held-out views.
// Needs an OpenGL context: creates an offscreen (EGL) one if none is current.
#pragma once
#include <cstddef>
#include <filesystem>
#include <functional>
#include <vector>

#include "capture/camera.h"

namespace heritage::render {
struct CpuModel;
}

namespace heritage::capture {

struct ViewRenderOptions {
    bool lit = true;                       // studio lighting; false: the texture's colour only
    bool lights_turn_with_camera = false;  // false: the studio stays put around the object, so
                                           // its shading is the same in every photo
    cv::Vec3b background{0, 0, 0};         // BGR
    int samples = 4;                       // MSAA
    std::filesystem::path shader_dir;      // the renderer's GLSL files (shaders/)
};

// One BGR image per camera, of the .glb (glTF frame, see glb_export.h) placed in the world.
std::vector<cv::Mat> render_model_views(const std::filesystem::path& glb_file,
                                        const std::vector<CameraView>& views,
                                        const ViewRenderOptions& options = {});

// The same for a model in memory whose coordinates are already the world's in the glTF frame
// (metres, +Y up: the world's (x, y, z) mm is (x, z, -y) / 1000), e.g. an object with the board
// under it (synth.h).
std::vector<cv::Mat> render_model_views(const render::CpuModel& model_in_world,
                                        const std::vector<CameraView>& views,
                                        const ViewRenderOptions& options = {});

// The same, handing each view's image to `use` (with the view's index) as soon as it is drawn,
// so that memory holds one image however many views there are.
void render_model_views(const render::CpuModel& model_in_world,
                        const std::vector<CameraView>& views, const ViewRenderOptions& options,
                        const std::function<void(std::size_t index, cv::Mat image)>& use);

}  // namespace heritage::capture
