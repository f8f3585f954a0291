// capture/synth.cpp: the synthetic photo set. The scene is one CpuModel in the glTF world
// (metres, +Y up): the model moved so that its base is centred on the board, the printed page
// (the board drawn by draw_board_top_view on white paper, laid out as board.cpp prints it) a
// quad at Z = 0, and a grey cloth under the page; the renderer's studio lights it from
// directions fixed around the object (as lights around a light tent would), so its shading is
// the same in every photo. Each rendered view is blurred, given noise and written.
#include "capture/synth.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "capture/board.h"
#include "capture/charuco.h"
#include "capture/render_views.h"
#include "exhibit/error.h"
#include "exhibit/files.h"
#include "render/scene/model_load.h"

namespace heritage::capture {
namespace {

namespace fs = std::filesystem;

constexpr double kPagePxPerMm = 6.0;         // the page texture's resolution
constexpr double kPageMarginMm = 15.0;       // board.cpp's default margin above the board
constexpr double kClothHalfSizeMm = 1500.0;  // the cloth under the page reaches this far
constexpr double kPaperLift_mm = 0.0;        // the page lies on the cloth ...
constexpr double kClothDrop_mm = 0.5;        // ... which lies a little below it (no z-fighting)
const cv::Vec3b kBackdrop{196, 200, 204};    // BGR: a light grey studio backdrop

// glTF (metres, +Y up) from the world (mm, +Z up).
glm::vec3 gltf_from_world(const cv::Vec3d& world_mm) {
    return glm::vec3(float(world_mm[0]), float(world_mm[2]), float(-world_mm[1])) / 1000.0f;
}

// A quad on the ground (normal +Z) from (x0, y0) to (x1, y1) mm at height z, textured with
// uv (0, 0) at its (x0, y1) corner (the image's top-left, +Y up the image).
render::CpuMesh ground_quad(double x0, double y0, double x1, double y1, double z, int material) {
    render::CpuMesh mesh;
    mesh.material = material;
    mesh.positions = {gltf_from_world({x0, y0, z}), gltf_from_world({x1, y0, z}),
                      gltf_from_world({x1, y1, z}), gltf_from_world({x0, y1, z})};
    mesh.normals.assign(4, glm::vec3(0.0f, 1.0f, 0.0f));
    mesh.uvs = {{0.0f, 1.0f}, {1.0f, 1.0f}, {1.0f, 0.0f}, {0.0f, 0.0f}};
    mesh.indices = {0, 1, 2, 0, 2, 3};  // counter-clockwise seen from above
    return mesh;
}

struct Page {
    cv::Mat image;           // grey, rows from the top (+Y world up the image)
    double left_mm, top_mm;  // world x of its left edge, y of its top edge
    double width_mm, height_mm;
};

// The printed page: white paper the size of `paper`, the board at the top margin and centred
// across, the board's centre at the world's origin.
Page make_page(const ChArUcoRig& rig, double paper_width_mm, double paper_height_mm) {
    const cv::Mat board = draw_board_top_view(rig, kPagePxPerMm);
    const int page_cols = int(std::lround(paper_width_mm * kPagePxPerMm));
    const int page_rows = int(std::lround(paper_height_mm * kPagePxPerMm));
    const int left = (page_cols - board.cols) / 2;
    const int top = int(std::lround(kPageMarginMm * kPagePxPerMm));
    Page page;
    page.image = cv::Mat(page_rows, page_cols, CV_8UC1, cv::Scalar(255));
    board.copyTo(page.image(cv::Rect(left, top, board.cols, board.rows)));
    // The board image is centred on the origin; the page's edges follow from its pixel offsets.
    page.left_mm = -(board.cols / 2.0 + left) / kPagePxPerMm;
    page.top_mm = (board.rows / 2.0 + top) / kPagePxPerMm;
    page.width_mm = page_cols / kPagePxPerMm;
    page.height_mm = page_rows / kPagePxPerMm;
    return page;
}

render::CpuTexture texture_of(const cv::Mat& grey) {
    // Printer's ink is not quite black, paper not quite white.
    render::CpuTexture texture;
    texture.width = grey.cols;
    texture.height = grey.rows;
    texture.rgba.resize(std::size_t(grey.cols) * grey.rows * 4);
    for (int row = 0; row < grey.rows; ++row) {
        const unsigned char* in = grey.ptr<unsigned char>(row);
        std::uint8_t* out = texture.rgba.data() + std::size_t(row) * grey.cols * 4;
        for (int column = 0; column < grey.cols; ++column) {
            const std::uint8_t value = std::uint8_t(20 + in[column] * (242 - 20) / 255);
            out[4 * column + 0] = value;
            out[4 * column + 1] = value;
            out[4 * column + 2] = std::uint8_t(std::min(255, value + 3));  // a cool white
            out[4 * column + 3] = 255;
        }
    }
    return texture;
}

cv::Matx44d world_mm_from_gltf_model(const render::Bounds& bounds) {
    // world = 1000 * A * p + t, A: glTF's (x, y, z) to the world's (x, -z, y).
    const cv::Vec3d lo(bounds.min.x, -bounds.max.z, bounds.min.y);
    const cv::Vec3d hi(bounds.max.x, -bounds.min.z, bounds.max.y);
    const cv::Vec3d t = -1000.0 * cv::Vec3d((lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, lo[2]);
    return cv::Matx44d(1000, 0, 0, t[0],   //
                       0, 0, -1000, t[1],  //
                       0, 1000, 0, t[2],   //
                       0, 0, 0, 1);
}

void check_options(const SynthOptions& options) {
    if (options.views < 3 || options.views > 1000)
        throw Error("synth: --views must be between 3 and 1000; give the number of photos");
    if (options.size.width < 64 || options.size.height < 64 || options.size.width > 8192 ||
        options.size.height > 8192) {
        throw Error("synth: --size must be between 64x64 and 8192x8192 pixels; use e.g. 2000x1500");
    }
    if (options.rings < 1 || options.rings > 3 || options.rings > options.views)
        throw Error("synth: rings must be 1, 2 or 3 (and no more than the views); use 2 or 3");
    if (!(options.noise_sigma >= 0.0) || !(options.blur_sigma_px >= 0.0) ||
        !(options.focal_px_per_width > 0.1)) {
        throw Error("synth: noise, blur and focal length must be positive; use the defaults");
    }
    if (!(options.held_out_share >= 0.0 && options.held_out_share <= 0.5))
        throw Error("synth: the held-out share must be between 0 and 0.5; use 1/6");
}

std::string view_name(int index, bool jpeg) {
    char name[32];
    std::snprintf(name, sizeof name, "view_%03d.%s", index, jpeg ? "jpg" : "png");
    return name;
}

}  // namespace

namespace {

// The smallest paper whose printed board is 1.3 times the object's footprint across, as staff
// would choose it: the board must show around the object in every photo.
std::string paper_for(const render::Bounds& model_bounds_m) {
    const double footprint_mm = 1000.0 * std::max(model_bounds_m.max.x - model_bounds_m.min.x,
                                                  model_bounds_m.max.z - model_bounds_m.min.z);
    for (const char* paper : {"A4", "A3", "A2", "A1"}) {
        BoardOptions board;
        board.paper = paper;
        board.dpi = 72.0;
        const ChArUcoRig rig = make_printable_board(board).rig;
        if (rig.square_mm * std::min(rig.squares_x, rig.squares_y) >= 1.3 * footprint_mm)
            return paper;
    }
    return "A0";
}

}  // namespace

SynthResult synthesize_photo_set(const fs::path& model_glb, const fs::path& out_dir,
                                 const SynthOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    check_options(options);
    if (!fs::is_regular_file(model_glb)) {
        throw Error("synth: " + model_glb.string() +
                    ": no such model file; give a .glb of the object (metres, +Y up)");
    }
    // The scene: the model placed, then the page and the cloth.
    render::CpuModel scene = render::load_model(model_glb);
    if (options.cross_polarised) {
        for (render::CpuMaterial& material : scene.materials) {
            material.metallic_factor = 0.0f;
            material.roughness_factor = 1.0f;
            material.metallic_roughness_texture = -1;
        }
    }
    BoardOptions board_options;
    board_options.paper = options.paper == "auto" ? paper_for(scene.bounds) : options.paper;
    board_options.dpi = 72.0;  // only the rig and the page size are wanted here
    const PrintableBoard printable = make_printable_board(board_options);
    SynthResult result;
    result.rig = printable.rig;
    result.truth.model_file =
        fs::absolute(out_dir / ("truth-model" + model_glb.extension().string()));
    result.truth.world_mm_from_model = world_mm_from_gltf_model(scene.bounds);
    const glm::vec3 shift(float(result.truth.world_mm_from_model(0, 3) / 1000.0),
                          float(result.truth.world_mm_from_model(2, 3) / 1000.0),
                          float(-result.truth.world_mm_from_model(1, 3) / 1000.0));
    for (render::CpuMesh& mesh : scene.meshes) {
        for (glm::vec3& position : mesh.positions)
            position += shift;
    }
    const glm::vec3 extent = scene.bounds.max - scene.bounds.min;
    result.truth.size_mm = 1000.0 * cv::Vec3d(extent.x, extent.z, extent.y);

    const double page_width_mm = printable.width_px * 25.4 / board_options.dpi;
    const double page_height_mm = printable.height_px * 25.4 / board_options.dpi;
    const Page page = make_page(printable.rig, page_width_mm, page_height_mm);
    const int page_texture = int(scene.textures.size());
    scene.textures.push_back(texture_of(page.image));
    render::CpuMaterial paper;
    paper.name = "paper";
    paper.base_color_texture = page_texture;
    paper.roughness_factor = 0.85f;
    render::CpuMaterial cloth;
    cloth.name = "cloth";
    cloth.base_color_factor = glm::vec4(0.16f, 0.17f, 0.18f, 1.0f);  // linear: a mid grey
    cloth.roughness_factor = 1.0f;
    const int paper_material = int(scene.materials.size());
    scene.materials.push_back(paper);
    scene.materials.push_back(cloth);
    scene.meshes.push_back(ground_quad(page.left_mm, page.top_mm - page.height_mm,
                                       page.left_mm + page.width_mm, page.top_mm, kPaperLift_mm,
                                       paper_material));
    scene.meshes.push_back(ground_quad(-kClothHalfSizeMm, -kClothHalfSizeMm, kClothHalfSizeMm,
                                       kClothHalfSizeMm, -kClothDrop_mm, paper_material + 1));
    scene.triangle_count += 4;
    scene.bounds.min += shift;
    scene.bounds.max += shift;
    const glm::vec3 cloth_min = gltf_from_world({-kClothHalfSizeMm, kClothHalfSizeMm, -1.0});
    const glm::vec3 cloth_max = gltf_from_world({kClothHalfSizeMm, -kClothHalfSizeMm, 0.0});
    scene.bounds.min = glm::min(scene.bounds.min, cloth_min);
    scene.bounds.max = glm::max(scene.bounds.max, cloth_max);

    // The cameras: rings at rising heights, each looking at the object's lower middle from a
    // distance that keeps the page and the object in the frame.
    const cv::Size size = options.size;
    const double focal_px = options.focal_px_per_width * size.width;
    const double half_fov_tan = 0.5 * std::min(size.width, size.height) / focal_px;
    const double page_radius = 0.5 * std::hypot(page.width_mm, page.height_mm);
    const cv::Vec3d object = result.truth.size_mm;
    const double object_radius = 0.5 * std::hypot(std::hypot(object[0], object[1]), object[2]);
    const double scene_radius = std::max(page_radius, object_radius);
    const double distance_mm = scene_radius / (0.92 * half_fov_tan);
    const cv::Vec3d target(0.0, 0.0, 0.3 * object[2]);
    static constexpr double kRingElevationsDeg[3][3] = {{35, 0, 0}, {25, 50, 0}, {20, 38, 58}};
    const double* elevations = kRingElevationsDeg[options.rings - 1];

    CameraSet photos_set, held_out_set;
    photos_set.method = held_out_set.method = "known-cameras";
    std::vector<CameraView> all_views;
    std::vector<bool> is_held_out;
    const int held_out_every = options.held_out_share > 0.0
                                   ? std::max(2, int(std::lround(1.0 / options.held_out_share)))
                                   : 0;
    fs::create_directories(out_dir / "photos");
    fs::create_directories(out_dir / "heldout");
    for (int index = 0; index < options.views; ++index) {
        const int ring = index % options.rings;
        const int in_ring = index / options.rings;
        const int ring_views = (options.views - ring + options.rings - 1) / options.rings;
        const double pi = 3.14159265358979323846;
        const double azimuth = 2.0 * pi * (in_ring + 0.5 * ring / options.rings) / ring_views;
        const double elevation = elevations[ring] * pi / 180.0;
        const cv::Vec3d eye =
            target + distance_mm * cv::Vec3d(std::cos(elevation) * std::cos(azimuth),
                                             std::cos(elevation) * std::sin(azimuth),
                                             std::sin(elevation));
        const bool held_out = held_out_every > 0 && index % held_out_every == held_out_every - 1;
        CameraView view;
        view.photo_file = view.image_file = fs::absolute(
            out_dir / (held_out ? "heldout" : "photos") / view_name(index, options.jpeg));
        view.intrinsics.width_px = size.width;
        view.intrinsics.height_px = size.height;
        view.intrinsics.fx = view.intrinsics.fy = focal_px;
        view.intrinsics.cx = (size.width - 1) / 2.0;
        view.intrinsics.cy = (size.height - 1) / 2.0;
        view.cam_from_world = look_at(eye, target);
        all_views.push_back(view);
        is_held_out.push_back(held_out);
        (held_out ? held_out_set : photos_set).views.push_back(view);
    }

    ViewRenderOptions render_options;
    render_options.lit = true;
    render_options.background = kBackdrop;
    render_options.shader_dir = options.shader_dir;
    // Each view written as soon as it is drawn: memory for one image however many there are.
    render_model_views(scene, all_views, render_options, [&](std::size_t index, cv::Mat image) {
        if (options.blur_sigma_px > 0.0)
            cv::GaussianBlur(image, image, cv::Size(0, 0), options.blur_sigma_px);
        if (options.noise_sigma > 0.0) {
            cv::RNG rng(std::uint64_t(options.seed) * 100003u + index);
            cv::Mat noise(image.size(), CV_32FC3);
            rng.fill(noise, cv::RNG::NORMAL, 0.0, options.noise_sigma);
            cv::Mat noisy;
            image.convertTo(noisy, CV_32FC3);
            noisy += noise;
            noisy.convertTo(image, CV_8UC3);  // rounds and saturates
        }
        std::vector<int> parameters;
        if (options.jpeg)
            parameters = {cv::IMWRITE_JPEG_QUALITY, 95};
        std::vector<unsigned char> bytes;
        cv::imencode(options.jpeg ? ".jpg" : ".png", image, bytes, parameters);
        write_file_atomically(
            all_views[index].image_file,
            std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    });

    write_rig(out_dir / "rig.json", result.rig);
    write_cameras(out_dir / "cameras.json", photos_set);
    if (!held_out_set.views.empty())
        write_cameras(out_dir / "heldout" / "cameras.json", held_out_set);
    fs::copy_file(model_glb, result.truth.model_file, fs::copy_options::overwrite_existing);
    write_truth(out_dir / "truth.json", result.truth);
    result.photos = int(photos_set.views.size());
    result.held_out = int(held_out_set.views.size());
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

void write_truth(const fs::path& file, const SynthTruth& truth) {
    nlohmann::ordered_json json;
    json["type"] = "synthetic-truth";
    const fs::path folder = fs::absolute(file).parent_path();
    json["model"] = fs::absolute(truth.model_file).lexically_relative(folder).generic_string();
    nlohmann::json matrix = nlohmann::json::array();
    for (int r = 0; r < 4; ++r)
        matrix.push_back({truth.world_mm_from_model(r, 0), truth.world_mm_from_model(r, 1),
                          truth.world_mm_from_model(r, 2), truth.world_mm_from_model(r, 3)});
    json["world_mm_from_model"] = matrix;
    json["size_mm"] = {truth.size_mm[0], truth.size_mm[1], truth.size_mm[2]};
    write_file_atomically(file, json.dump(2) + "\n");
}

SynthTruth read_truth(const fs::path& file) {
    SynthTruth truth;
    try {
        const nlohmann::json json = nlohmann::json::parse(read_file(file));
        if (json.value("type", std::string()) != "synthetic-truth") {
            throw Error(file.string() +
                        ": /type: not a synthetic set's truth; use the truth.json that "
                        "heritage-capture synth wrote");
        }
        truth.model_file = fs::absolute(file).parent_path() / json.at("model").get<std::string>();
        const nlohmann::json& matrix = json.at("world_mm_from_model");
        for (int r = 0; r < 4; ++r) {
            for (int c = 0; c < 4; ++c)
                truth.world_mm_from_model(r, c) = matrix.at(r).at(c).get<double>();
        }
        const nlohmann::json& size = json.at("size_mm");
        truth.size_mm = {size.at(0).get<double>(), size.at(1).get<double>(),
                         size.at(2).get<double>()};
    } catch (const nlohmann::json::exception& error) {
        throw Error(file.string() + ": the truth cannot be read (" + error.what() +
                    "); synthesize the set again with heritage-capture synth");
    }
    return truth;
}

}  // namespace heritage::capture
