// capture/render_views.h: a model drawn by the shared renderer (render/) as a camera of camera.h
// sees it: for synthetic photo sets, the thumbnail, and the evaluation's held-out views.
// Needs an OpenGL context: creates an offscreen (EGL) one if none is current.
#pragma once
#include <filesystem>
#include <vector>

#include "capture/camera.h"

namespace heritage::capture {

struct ViewRenderOptions {
    bool lit = true;                   // studio lighting; false: the texture's colour only
    cv::Vec3b background{0, 0, 0};     // BGR
    int samples = 4;                   // MSAA
    std::filesystem::path shader_dir;  // the renderer's GLSL files (shaders/)
};

// One BGR image per camera, of the .glb (glTF frame, see glb_export.h) placed in the world.
std::vector<cv::Mat> render_model_views(const std::filesystem::path& glb_file,
                                        const std::vector<CameraView>& views,
                                        const ViewRenderOptions& options = {});

}  // namespace heritage::capture
