// tests/capture/render_views_gltest.cpp: the renderer seen through camera.h's pinhole cameras
// (label gl): a box of known size and a sample exhibit's model, drawn from cameras around them,
// show their silhouettes exactly where CameraView::project puts their vertices.
#include "capture/render_views.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <opencv2/imgproc.hpp>

#include "capture/synth.h"
#include "exhibit/error.h"
#include "render/scene/cpu_model.h"
#include "render/scene/model_load.h"

namespace heritage::capture {
namespace {

namespace fs = std::filesystem;
const fs::path kShaderDir = HERITAGE_SHADER_DIR;
const fs::path kArtifactsDir = fs::path(HERITAGE_SAMPLE_EXHIBIT_DIR) / "artifacts";

glm::vec3 gltf_from_world(const cv::Vec3d& world_mm) {
    return glm::vec3(float(world_mm[0]), float(world_mm[2]), float(-world_mm[1])) / 1000.0f;
}
cv::Vec3d world_from_gltf(const glm::vec3& gltf_m) {
    return 1000.0 * cv::Vec3d(gltf_m.x, -gltf_m.z, gltf_m.y);
}

// An axis-aligned box in the world (mm), white and unlit, as the renderer's glTF-frame model.
render::CpuModel make_box(const cv::Vec3d& lo, const cv::Vec3d& hi) {
    render::CpuModel model;
    model.materials.resize(1);
    model.materials[0].double_sided = true;
    render::CpuMesh mesh;
    for (int corner = 0; corner < 8; ++corner) {
        mesh.positions.push_back(
            gltf_from_world({(corner & 1) ? hi[0] : lo[0], (corner & 2) ? hi[1] : lo[1],
                             (corner & 4) ? hi[2] : lo[2]}));
        mesh.normals.push_back(glm::normalize(mesh.positions.back()));
    }
    // The six faces, two triangles each (double-sided, so the winding does not matter).
    const std::uint32_t faces[6][4] = {{0, 1, 3, 2}, {4, 5, 7, 6}, {0, 1, 5, 4},
                                       {2, 3, 7, 6}, {0, 2, 6, 4}, {1, 3, 7, 5}};
    for (const auto& face : faces)
        mesh.indices.insert(mesh.indices.end(),
                            {face[0], face[1], face[2], face[0], face[2], face[3]});
    model.meshes.push_back(mesh);
    model.bounds.min = glm::min(gltf_from_world(lo), gltf_from_world(hi));
    model.bounds.max = glm::max(gltf_from_world(lo), gltf_from_world(hi));
    model.triangle_count = 12;
    return model;
}

CameraView make_camera(int width, int height, double fx, double fy, double cx, double cy,
                       const cv::Vec3d& eye, const cv::Vec3d& target) {
    CameraView view;
    view.intrinsics.width_px = width;
    view.intrinsics.height_px = height;
    view.intrinsics.fx = fx;
    view.intrinsics.fy = fy;
    view.intrinsics.cx = cx;
    view.intrinsics.cy = cy;
    view.cam_from_world = look_at(eye, target);
    return view;
}

// The bounding box of the pixels brighter than the black background, in pixel-centre
// coordinates (OpenCV's: the top-left pixel's centre is (0, 0)).
cv::Rect2d silhouette_bounds(const cv::Mat& bgr) {
    cv::Mat grey, mask;
    cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
    cv::threshold(grey, mask, 2, 255, cv::THRESH_BINARY);  // above the backdrop's dither
    const cv::Rect box = cv::boundingRect(mask);
    return {double(box.x), double(box.y), double(box.width - 1), double(box.height - 1)};
}

// The bounding box of the points' projections. A pixel is covered when its centre is (half its
// samples, after the MSAA resolve), so the silhouette's extreme pixels lie within half a pixel
// of the projected extremes.
cv::Rect2d projected_bounds(const CameraView& view, const std::vector<cv::Vec3d>& points) {
    double x0 = std::numeric_limits<double>::infinity(), y0 = x0, x1 = -x0, y1 = -x0;
    for (const cv::Vec3d& point : points) {
        double z = 0.0;
        const cv::Vec2d pixel = view.project(point, &z);
        REQUIRE(z > 0.0);
        x0 = std::min(x0, pixel[0]);
        y0 = std::min(y0, pixel[1]);
        x1 = std::max(x1, pixel[0]);
        y1 = std::max(y1, pixel[1]);
    }
    return {x0, y0, x1 - x0, y1 - y0};
}

void check_bounds_match(const cv::Rect2d& seen, const cv::Rect2d& projected, double tolerance) {
    INFO("seen " << seen << ", projected " << projected);
    CHECK(std::abs(seen.x - projected.x) <= tolerance);
    CHECK(std::abs(seen.y - projected.y) <= tolerance);
    CHECK(std::abs(seen.br().x - projected.br().x) <= tolerance);
    CHECK(std::abs(seen.br().y - projected.br().y) <= tolerance);
}

}  // namespace

TEST_CASE("A box is drawn where the pinhole cameras project its corners", "[render_views]") {
    // Off the board's centre and not a cube, so that a mirrored or flipped image cannot pass.
    const cv::Vec3d lo(-20.0, 10.0, 0.0), hi(60.0, 50.0, 120.0);
    const render::CpuModel box = make_box(lo, hi);
    std::vector<cv::Vec3d> corners;
    for (int corner = 0; corner < 8; ++corner)
        corners.push_back({(corner & 1) ? hi[0] : lo[0], (corner & 2) ? hi[1] : lo[1],
                           (corner & 4) ? hi[2] : lo[2]});
    const std::vector<CameraView> views = {
        // From the side, from above at an angle, and a camera with an off-centre principal
        // point and unequal focal lengths, landscape and portrait.
        make_camera(640, 480, 700.0, 700.0, 319.5, 239.5, {600, -200, 150}, {0, 0, 50}),
        make_camera(640, 480, 650.0, 660.0, 300.0, 260.0, {-300, -400, 500}, {10, 20, 40}),
        make_camera(400, 600, 900.0, 880.0, 210.0, 280.0, {100, 700, 300}, {20, 30, 60}),
    };
    ViewRenderOptions options;
    options.lit = false;
    options.shader_dir = kShaderDir;
    const std::vector<cv::Mat> images = render_model_views(box, views, options);
    REQUIRE(images.size() == views.size());
    for (std::size_t i = 0; i < views.size(); ++i) {
        INFO("view " << i);
        REQUIRE(images[i].type() == CV_8UC3);
        REQUIRE(images[i].cols == views[i].intrinsics.width_px);
        REQUIRE(images[i].rows == views[i].intrinsics.height_px);
        check_bounds_match(silhouette_bounds(images[i]), projected_bounds(views[i], corners), 1.0);
        // Unlit white on the black background.
        const cv::Vec2d centre = views[i].project((lo + hi) / 2.0);
        CHECK(images[i].at<cv::Vec3b>(int(std::lround(centre[1])), int(std::lround(centre[0]))) ==
              cv::Vec3b(255, 255, 255));
    }
}

TEST_CASE("A box's edges fall within a pixel's eighth of where the camera projects them",
          "[render_views]") {
    // Straight down onto the box's top: its edges are the image's rows and columns, and the
    // coverage of the pixels they cross (after the MSAA resolve) says where they lie.
    const cv::Vec3d lo(-20.0, 10.0, 0.0), hi(60.0, 50.0, 120.0);
    const CameraView view =
        make_camera(320, 240, 400.0, 400.0, 150.3, 110.7, {10.0, 20.0, 500.0}, {10.0, 20.0, 0.0});
    ViewRenderOptions options;
    options.lit = false;
    options.shader_dir = kShaderDir;
    const cv::Mat image = render_model_views(make_box(lo, hi), {view}, options).front();
    const cv::Vec2d top_left = view.project({lo[0], hi[1], hi[2]});
    const cv::Vec2d bottom_right = view.project({hi[0], lo[1], hi[2]});
    // Pixel (c, r) covers [c - 0.5, c + 0.5] x [r - 0.5, r + 0.5]: the covered share of a row
    // through the middle, summed, is its covered length, and the first partly covered pixel
    // gives the left edge.
    const int row = int(std::lround((top_left[1] + bottom_right[1]) / 2));
    const int column = int(std::lround((top_left[0] + bottom_right[0]) / 2));
    double row_cover = 0.0, column_cover = 0.0;
    int first_column = -1, first_row = -1;
    for (int c = 0; c < image.cols; ++c) {
        const double cover = image.at<cv::Vec3b>(row, c)[1] / 255.0;
        if (cover > 0.004 && first_column < 0)
            first_column = c;
        row_cover += cover;
    }
    for (int r = 0; r < image.rows; ++r) {
        const double cover = image.at<cv::Vec3b>(r, column)[1] / 255.0;
        if (cover > 0.004 && first_row < 0)
            first_row = r;
        column_cover += cover;
    }
    // 4x MSAA counts coverage in quarters: each edge to within an eighth of a pixel.
    CHECK(row_cover == Approx(bottom_right[0] - top_left[0]).margin(0.26));
    CHECK(column_cover == Approx(bottom_right[1] - top_left[1]).margin(0.26));
    const double left_edge = first_column + 0.5 - image.at<cv::Vec3b>(row, first_column)[1] / 255.0;
    const double top_edge = first_row + 0.5 - image.at<cv::Vec3b>(first_row, column)[1] / 255.0;
    CHECK(left_edge == Approx(top_left[0]).margin(0.15));
    CHECK(top_edge == Approx(top_left[1]).margin(0.15));
}

TEST_CASE("A sample exhibit's model is drawn where its vertices project", "[render_views]") {
    const fs::path glb = kArtifactsDir / "mu-khun-tang-pa-di" / "model.glb";
    const render::CpuModel model = render::load_model(glb);
    std::vector<cv::Vec3d> vertices;
    for (const render::CpuMesh& mesh : model.meshes) {
        for (const glm::vec3& position : mesh.positions)
            vertices.push_back(world_from_gltf(position));
    }
    const cv::Vec3d centre = world_from_gltf(model.bounds.center());
    const double radius_mm = 1000.0 * model.bounds.radius();
    const std::vector<CameraView> views = {
        make_camera(480, 360, 500.0, 500.0, 239.5, 179.5,
                    centre + 3.0 * radius_mm * cv::Vec3d(0.8, -0.5, 0.4), centre),
        make_camera(480, 360, 520.0, 510.0, 250.0, 170.0,
                    centre + 3.0 * radius_mm * cv::Vec3d(-0.3, 0.7, 0.6), centre),
    };
    ViewRenderOptions options;
    options.shader_dir = kShaderDir;
    options.lit = true;
    const std::vector<cv::Mat> lit = render_model_views(glb, views, options);
    options.lit = false;
    options.background = {255, 255, 255};
    const std::vector<cv::Mat> unlit_on_white = render_model_views(glb, views, options);
    for (std::size_t i = 0; i < views.size(); ++i) {
        INFO("view " << i);
        // Lit, on black: everything the model covers is lit to above black.
        check_bounds_match(silhouette_bounds(lit[i]), projected_bounds(views[i], vertices), 1.5);
        cv::Mat inverted;
        cv::bitwise_not(unlit_on_white[i], inverted);
        check_bounds_match(silhouette_bounds(inverted), projected_bounds(views[i], vertices), 1.5);
    }
}

TEST_CASE("A missing model file is named", "[render_views]") {
    ViewRenderOptions options;
    options.shader_dir = kShaderDir;
    CHECK_THROWS_AS(render_model_views(fs::path("/nonexistent/model.glb"), {}, options), Error);
}

}  // namespace heritage::capture
