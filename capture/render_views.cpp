// capture/render_views.cpp: the shared renderer (render/) driven by a pinhole camera of camera.h.
// The view matrix takes the glTF world (metres, +Y up) to GL's camera (+Y up, looking down -Z):
// first to the board's world in millimetres, then OpenCV's camera (cam_from_world), then the
// half turn about x between OpenCV's and GL's camera axes. The projection puts the pixel centre
// (u, v) of OpenCV's image (origin at the centre of the top-left pixel, v down) at GL's window
// point (u + 0.5, height - v - 0.5); reading the target back top row first then gives the
// image in OpenCV's row order.
#include "capture/render_views.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <memory>
#include <opencv2/imgproc.hpp>
#include <optional>

#include "exhibit/error.h"
#include "render/gl/offscreen_context.h"
#include "render/gl/render_target.h"
#include "render/gl/renderer.h"
#include "render/scene/data_dir.h"
#include "render/scene/model_load.h"

namespace heritage::capture {
namespace {

// OpenCV's camera from the glTF world, in metres: x_cam = R * A * g + t / 1000, where A takes
// glTF's (x, y, z) to the world's axes (x, -z, y).
cv::Matx44d cv_camera_from_gltf_world_m(const CameraPose& pose) {
    const cv::Matx33d world_from_gltf(1, 0, 0, 0, 0, -1, 0, 1, 0);
    const cv::Matx33d rotation = pose.rotation * world_from_gltf;
    cv::Matx44d result = cv::Matx44d::eye();
    for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < 3; ++c)
            result(r, c) = rotation(r, c);
        result(r, 3) = pose.translation_mm[r] / 1000.0;
    }
    return result;
}

glm::mat4 gl_view(const CameraPose& pose) {
    const cv::Matx44d cv_view = cv_camera_from_gltf_world_m(pose);
    glm::mat4 view(1.0f);
    for (int r = 0; r < 4; ++r) {
        // GL's camera: OpenCV's with y and z negated.
        const double sign = (r == 1 || r == 2) ? -1.0 : 1.0;
        for (int c = 0; c < 4; ++c)
            view[c][r] = float(sign * cv_view(r, c));  // glm is column-major: [column][row]
    }
    return view;
}

// The pinhole K as a GL projection; depth between `near_m` and `far_m`.
glm::mat4 gl_projection(const CameraIntrinsics& k, double near_m, double far_m) {
    const double w = k.width_px, h = k.height_px;
    glm::mat4 p(0.0f);
    p[0][0] = float(2.0 * k.fx / w);
    p[2][0] = float(1.0 - 2.0 * (k.cx + 0.5) / w);
    p[1][1] = float(2.0 * k.fy / h);
    p[2][1] = float(2.0 * (k.cy + 0.5) / h - 1.0);
    p[2][2] = float(-(far_m + near_m) / (far_m - near_m));
    p[3][2] = float(-2.0 * far_m * near_m / (far_m - near_m));
    p[2][3] = -1.0f;
    return p;
}

// Depth planes around the model's bounds as this camera sees them (metres).
std::pair<double, double> depth_range(const render::Bounds& bounds, const CameraPose& pose) {
    const cv::Matx44d view = cv_camera_from_gltf_world_m(pose);
    double nearest = std::numeric_limits<double>::infinity(), farthest = 0.0;
    for (int corner = 0; corner < 8; ++corner) {
        const cv::Vec4d point((corner & 1) ? bounds.max.x : bounds.min.x,
                              (corner & 2) ? bounds.max.y : bounds.min.y,
                              (corner & 4) ? bounds.max.z : bounds.min.z, 1.0);
        const double depth = (view * point)[2];
        nearest = std::min(nearest, depth);
        farthest = std::max(farthest, depth);
    }
    const double far_m = std::max(farthest * 1.05, 1e-3);
    const double near_m = std::max(nearest * 0.9, far_m / 2000.0);
    return {near_m, far_m};
}

glm::vec3 srgb_of(const cv::Vec3b& bgr) {
    return glm::vec3(bgr[2], bgr[1], bgr[0]) / 255.0f;
}

}  // namespace

void render_model_views(const render::CpuModel& model_in_world,
                        const std::vector<CameraView>& views, const ViewRenderOptions& options,
                        const std::function<void(std::size_t index, cv::Mat image)>& use) {
    assert(options.samples == 1 || options.samples == 4);
    std::optional<render::OffscreenContext> context;
    if (!render::is_egl_context_current())
        context.emplace();
    const std::filesystem::path shader_dir =
        options.shader_dir.empty() ? render::find_data_dir() / "shaders" : options.shader_dir;
    render::Renderer renderer(shader_dir);
    const render::GpuModel gpu_model(model_in_world);
    render::RenderSettings settings;
    settings.unlit = !options.lit;
    settings.studio_turns_with_camera = options.lights_turn_with_camera;
    settings.ground = false;  // the model stands on what it stands on, not a studio shadow
    settings.background_top = settings.background_bottom = srgb_of(options.background);

    std::unique_ptr<render::RenderTarget> multisampled, plain;
    for (std::size_t index = 0; index < views.size(); ++index) {
        const CameraView& camera = views[index];
        const CameraIntrinsics& k = camera.intrinsics;
        assert(k.width_px > 0 && k.height_px > 0 && k.fx > 0.0 && k.fy > 0.0);
        const glm::ivec2 size(k.width_px, k.height_px);
        if (!plain) {
            plain = std::make_unique<render::RenderTarget>(size, 1);
            if (options.samples > 1)
                multisampled = std::make_unique<render::RenderTarget>(size, options.samples);
        }
        plain->resize(size);
        if (multisampled)
            multisampled->resize(size);
        const auto [near_m, far_m] = depth_range(model_in_world.bounds, camera.cam_from_world);
        const render::SceneView view{gl_view(camera.cam_from_world),
                                     gl_projection(k, near_m, far_m),
                                     {0, 0, size.x, size.y}};
        (multisampled ? *multisampled : *plain).bind();
        renderer.draw(&gpu_model, glm::mat4(1.0f), model_in_world.bounds, view, settings);
        if (multisampled)
            multisampled->resolve_into(plain->framebuffer(), {0, 0, size.x, size.y});
        std::vector<std::uint8_t> rgba = plain->read_rgba();
        const cv::Mat rgba_image(size.y, size.x, CV_8UC4, rgba.data());
        cv::Mat bgr;
        cv::cvtColor(rgba_image, bgr, cv::COLOR_RGBA2BGR);
        use(index, bgr);
    }
}

std::vector<cv::Mat> render_model_views(const render::CpuModel& model_in_world,
                                        const std::vector<CameraView>& views,
                                        const ViewRenderOptions& options) {
    std::vector<cv::Mat> images(views.size());
    render_model_views(model_in_world, views, options,
                       [&](std::size_t index, cv::Mat image) { images[index] = image; });
    return images;
}

std::vector<cv::Mat> render_model_views(const std::filesystem::path& glb_file,
                                        const std::vector<CameraView>& views,
                                        const ViewRenderOptions& options) {
    const render::CpuModel model = render::load_model(glb_file);
    return render_model_views(model, views, options);
}

}  // namespace heritage::capture
