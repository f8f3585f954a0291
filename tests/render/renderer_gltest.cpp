// tests/viewer/renderer_gltest.cpp: the renderer on an EGL surfaceless context (label gl).
// Golden images rendered at 640x480 into a 4x MSAA target, resolved and read back: the sample
// exhibit's bronze drums (lit and unlit), known materials, a dense mesh lit per vertex and an
// empty scene. Then the contracts: the viewport, the shader folder's error messages, UI
// textures; and the studio environment's precomputation (CPU only). A hidden benchmark
// ("[.bench]") times 1280x720 frames.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <glm/gtc/matrix_transform.hpp>
#include <string>
#include <vector>

#include "exhibit/error.h"
#include "render/gl/environment.h"
#include "render/gl/offscreen_context.h"
#include "render/gl/render_target.h"
#include "render/gl/renderer.h"
#include "render/scene/model_load.h"
#include "tests/support/image_compare.h"
#include "tests/support/test_support.h"

namespace heritage::render {
namespace {

namespace fs = std::filesystem;
using test::RgbaImage;

const fs::path kShaderDir = HERITAGE_SHADER_DIR;
const fs::path kArtifactsDir = fs::path(HERITAGE_SAMPLE_EXHIBIT_DIR) / "artifacts";

// Golden tolerances: a Mesa update may move edges and rounding by a little, not the picture.
constexpr int kMaxDelta = 12;
constexpr double kMeanDelta = 0.5;

// [SECTION] Models

// Appends a UV sphere (`rings` x 2 `rings` quads) with `material` to `model`.
void add_sphere(CpuModel& model, glm::vec3 centre, float radius, int rings, int material) {
    const int segments = 2 * rings;
    CpuMesh mesh;
    mesh.material = material;
    for (int r = 0; r <= rings; ++r) {
        const float theta = 3.14159265f * static_cast<float>(r) / static_cast<float>(rings);
        for (int s = 0; s <= segments; ++s) {
            const float phi =
                2.0f * 3.14159265f * static_cast<float>(s) / static_cast<float>(segments);
            const glm::vec3 n(std::sin(theta) * std::cos(phi), std::cos(theta),
                              -std::sin(theta) * std::sin(phi));
            mesh.positions.push_back(centre + n * radius);
            mesh.normals.push_back(n);
            mesh.uvs.emplace_back(static_cast<float>(s) / static_cast<float>(segments),
                                  static_cast<float>(r) / static_cast<float>(rings));
        }
    }
    for (int r = 0; r < rings; ++r) {
        for (int s = 0; s < segments; ++s) {
            const auto a = static_cast<std::uint32_t>(r * (segments + 1) + s);
            const auto b = a + static_cast<std::uint32_t>(segments + 1);
            mesh.indices.insert(mesh.indices.end(), {a, b, a + 1, a + 1, b, b + 1});
        }
    }
    model.triangle_count += mesh.indices.size() / 3;
    model.meshes.push_back(std::move(mesh));
}

// Appends an axis-aligned box with flat faces (counter-clockwise from outside).
void add_box(CpuModel& model, glm::vec3 min, glm::vec3 max, int material) {
    CpuMesh mesh;
    mesh.material = material;
    const glm::vec3 normals[6] = {{1, 0, 0},  {-1, 0, 0}, {0, 1, 0},
                                  {0, -1, 0}, {0, 0, 1},  {0, 0, -1}};
    for (const glm::vec3& n : normals) {
        // Two axes spanning the face with u x v = n, so the corners below run counter-clockwise.
        const glm::vec3 u =
            std::abs(n.y) > 0.5f ? glm::vec3(1, 0, 0) : glm::cross(glm::vec3(0, 1, 0), n);
        const glm::vec3 v = glm::cross(n, u);
        const auto first = static_cast<std::uint32_t>(mesh.positions.size());
        const glm::vec3 centre = (min + max) * 0.5f + n * (max - min) * 0.5f;
        const glm::vec3 half = (max - min) * 0.5f;
        for (const glm::vec2 corner :
             {glm::vec2(-1, -1), glm::vec2(1, -1), glm::vec2(1, 1), glm::vec2(-1, 1)}) {
            mesh.positions.push_back(centre + u * half * corner.x + v * half * corner.y);
            mesh.normals.push_back(n);
            mesh.uvs.emplace_back(corner * 0.5f + 0.5f);
        }
        mesh.indices.insert(mesh.indices.end(),
                            {first, first + 1, first + 2, first, first + 2, first + 3});
    }
    model.triangle_count += mesh.indices.size() / 3;
    model.meshes.push_back(std::move(mesh));
}

// A normal texture of round bumps (domes, "green up" as glTF has it) on a 4x4 grid, and a
// metallic-roughness texture of vertical stripes, metal and dielectric.
void add_bump_textures(CpuModel& model) {
    constexpr int kSize = 256, kCell = 32;
    CpuTexture normals{kSize, kSize, std::vector<std::uint8_t>(kSize * kSize * 4)};
    CpuTexture metal_rough{kSize, kSize, std::vector<std::uint8_t>(kSize * kSize * 4)};
    for (int y = 0; y < kSize; ++y) {
        for (int x = 0; x < kSize; ++x) {
            const float right = ((x % kCell) + 0.5f) / (kCell / 2) - 1.0f;
            const float down = ((y % kCell) + 0.5f) / (kCell / 2) - 1.0f;
            glm::vec3 n(0.0f, 0.0f, 1.0f);
            if (right * right + down * down < 0.64f)
                n = glm::normalize(glm::vec3(right, -down, 0.8f));
            std::uint8_t* texel = &normals.rgba[(static_cast<std::size_t>(y) * kSize + x) * 4];
            for (int c = 0; c < 3; ++c)
                texel[c] = static_cast<std::uint8_t>(std::lround((n[c] * 0.5f + 0.5f) * 255.0f));
            texel[3] = 255;
            std::uint8_t* mr = &metal_rough.rgba[(static_cast<std::size_t>(y) * kSize + x) * 4];
            mr[0] = 0;
            mr[1] = 90;                               // roughness 0.35
            mr[2] = (x / (kSize / 4)) % 2 ? 255 : 0;  // metal, dielectric, ...
            mr[3] = 255;
        }
    }
    model.textures.push_back(std::move(normals));
    model.textures.push_back(std::move(metal_rough));
}

// Known materials side by side: a rough red dielectric sphere, a polished gold sphere, a white
// matte box (its material double-sided) and, behind, a bumped blue-grey sphere with normal and
// metallic-roughness textures (bumps must look raised, lit from the upper left).
CpuModel make_material_spheres() {
    CpuModel model;
    CpuMaterial red;
    red.name = "rough red";
    red.base_color_factor = {0.55f, 0.05f, 0.04f, 1.0f};
    red.roughness_factor = 0.7f;
    CpuMaterial gold;
    gold.name = "polished gold";
    gold.base_color_factor = {1.0f, 0.766f, 0.336f, 1.0f};
    gold.metallic_factor = 1.0f;
    gold.roughness_factor = 0.2f;
    CpuMaterial white;
    white.name = "white matte";
    white.base_color_factor = {0.8f, 0.8f, 0.8f, 1.0f};
    white.roughness_factor = 0.9f;
    white.double_sided = true;
    CpuMaterial bumped;
    bumped.name = "bumped";
    bumped.base_color_factor = {0.35f, 0.42f, 0.55f, 1.0f};
    bumped.metallic_factor = 1.0f;
    bumped.roughness_factor = 1.0f;
    bumped.normal_texture = 0;
    bumped.metallic_roughness_texture = 1;
    add_bump_textures(model);
    model.materials = {red, gold, white, bumped};
    add_sphere(model, {-0.3f, 0.16f, 0.0f}, 0.16f, 48, 0);
    add_sphere(model, {0.3f, 0.16f, 0.0f}, 0.16f, 48, 1);
    add_box(model, {-0.09f, 0.0f, 0.2f}, {0.09f, 0.13f, 0.34f}, 2);
    add_sphere(model, {0.0f, 0.2f, -0.3f}, 0.2f, 48, 3);
    model.bounds = {{-0.46f, 0.0f, -0.5f}, {0.46f, 0.4f, 0.34f}};
    return model;
}

// A textured sphere with about `triangles` triangles (for the benchmark): a 1024x1024 base
// colour texture, a rough dielectric.
CpuModel make_textured_sphere(int triangles) {
    const int rings = static_cast<int>(std::sqrt(triangles / 4.0));
    CpuModel model;
    add_sphere(model, {0.0f, 0.3f, 0.0f}, 0.3f, rings, 0);
    CpuTexture texture{1024, 1024, std::vector<std::uint8_t>(1024 * 1024 * 4)};
    for (int y = 0; y < 1024; ++y) {
        for (int x = 0; x < 1024; ++x) {
            const bool dark = ((x / 64) + (y / 64)) % 2 == 0;
            std::uint8_t* p = &texture.rgba[(static_cast<std::size_t>(y) * 1024 + x) * 4];
            p[0] = dark ? 150 : 210;
            p[1] = dark ? 70 : 180;
            p[2] = dark ? 50 : 140;
            p[3] = 255;
        }
    }
    model.textures.push_back(std::move(texture));
    CpuMaterial material;
    material.base_color_texture = 0;
    material.roughness_factor = 0.6f;
    model.materials.push_back(material);
    model.bounds = {{-0.3f, 0.0f, -0.3f}, {0.3f, 0.6f, 0.3f}};
    return model;
}

// [SECTION] Rendering

// A 3/4 view from the front left and a little above, framing the bounds' sphere.
SceneView three_quarter_view(const Bounds& bounds, glm::ivec2 size) {
    const float fov_y = glm::radians(35.0f);
    const float yaw = glm::radians(35.0f), pitch = glm::radians(24.0f);
    const float distance = bounds.radius() / std::sin(fov_y * 0.5f) * 1.08f;
    const glm::vec3 direction(std::sin(yaw) * std::cos(pitch), std::sin(pitch),
                              std::cos(yaw) * std::cos(pitch));
    const glm::vec3 target = bounds.center();
    SceneView view;
    view.view = glm::lookAt(target + direction * distance, target, glm::vec3(0, 1, 0));
    view.projection = glm::perspective(fov_y, static_cast<float>(size.x) / size.y, distance * 0.05f,
                                       distance * 4.0f);
    view.viewport = {0, 0, size.x, size.y};
    return view;
}

// Draws `model` (null: none) into a 4x MSAA target, resolves it, reads it back.
RgbaImage render(Renderer& renderer, const GpuModel* model, const Bounds& bounds,
                 const RenderSettings& settings, glm::ivec2 size = {640, 480}) {
    RenderTarget multisampled(size, 4);
    RenderTarget resolved(size, 1);
    multisampled.bind();
    renderer.draw(model, glm::mat4(1.0f), bounds, three_quarter_view(bounds, size), settings);
    multisampled.resolve_into(resolved.framebuffer(), {0, 0, size.x, size.y});
    return {size.x, size.y, resolved.read_rgba()};
}

RgbaImage render_artifact(const std::string& artifact, const RenderSettings& settings) {
    OffscreenContext context;
    Renderer renderer(kShaderDir);
    const CpuModel model = load_model(kArtifactsDir / artifact / "model.glb");
    const GpuModel gpu(model);
    return render(renderer, &gpu, model.bounds, settings);
}

const std::uint8_t* pixel(const RgbaImage& image, int x, int y) {
    return &image.rgba[(static_cast<std::size_t>(y) * image.width + x) * 4];
}

// [SECTION] Golden images

TEST_CASE("the Gia Phu drum, PBR-lit from a 3/4 view, matches its golden image", "[renderer]") {
    test::check_golden("renderer_drum_gia_phu", render_artifact("trong-dong-gia-phu", {}),
                       kMaxDelta, kMeanDelta);
}

TEST_CASE("the Pha Long drum, PBR-lit from a 3/4 view, matches its golden image", "[renderer]") {
    test::check_golden("renderer_drum_pha_long", render_artifact("trong-dong-pha-long", {}),
                       kMaxDelta, kMeanDelta);
}

TEST_CASE("the Gia Phu drum, unlit, shows its base colour", "[renderer]") {
    RenderSettings settings;
    settings.unlit = true;
    test::check_golden("renderer_drum_gia_phu_unlit",
                       render_artifact("trong-dong-gia-phu", settings), kMaxDelta, kMeanDelta);
}

TEST_CASE("known materials: rough red, polished gold, double-sided white", "[renderer]") {
    OffscreenContext context;
    Renderer renderer(kShaderDir);
    const CpuModel model = make_material_spheres();
    const GpuModel gpu(model);
    test::check_golden("renderer_materials", render(renderer, &gpu, model.bounds, {}), kMaxDelta,
                       kMeanDelta);
}

TEST_CASE("a dense textured mesh (200k triangles, lit per vertex) matches its golden image",
          "[renderer]") {
    OffscreenContext context;
    Renderer renderer(kShaderDir);
    const CpuModel model = make_textured_sphere(200000);
    const GpuModel gpu(model);
    test::check_golden("renderer_dense_sphere", render(renderer, &gpu, model.bounds, {}), kMaxDelta,
                       kMeanDelta);
}

TEST_CASE("an empty scene is the backdrop's gradient and nothing else", "[renderer]") {
    OffscreenContext context;
    Renderer renderer(kShaderDir);
    const RgbaImage image = render(renderer, nullptr, {{-1, 0, -1}, {1, 1, 1}}, {});
    test::check_golden("renderer_empty", image, kMaxDelta, kMeanDelta);
    // The top is lighter than the bottom, and both are the settings' sRGB colours.
    const RenderSettings defaults;
    CHECK(std::abs(pixel(image, 320, 0)[0] - defaults.background_top.r * 255.0f) <= 2.0f);
    CHECK(std::abs(pixel(image, 320, 479)[0] - defaults.background_bottom.r * 255.0f) <= 2.0f);
}

// [SECTION] Contracts

TEST_CASE("draw touches nothing outside its viewport", "[renderer]") {
    OffscreenContext context;
    Renderer renderer(kShaderDir);
    const CpuModel model = make_material_spheres();
    const GpuModel gpu(model);
    const glm::ivec2 size(64, 48);
    RenderTarget target(size, 1);
    target.bind();
    RenderSettings black;
    black.background_top = black.background_bottom = glm::vec3(0.0f);
    const SceneView full = three_quarter_view(model.bounds, size);
    renderer.draw(nullptr, glm::mat4(1.0f), model.bounds, full, black);

    // Then the model, its ground and a white backdrop into a viewport in the middle.
    RenderSettings white;
    white.background_top = white.background_bottom = glm::vec3(1.0f);
    SceneView inner = three_quarter_view(model.bounds, {32, 24});
    inner.viewport = {16, 8, 32, 24};  // GL's bottom-left origin
    renderer.draw(&gpu, glm::mat4(1.0f), model.bounds, inner, white);

    const RgbaImage image{size.x, size.y, target.read_rgba()};
    for (int y = 0; y < size.y; ++y) {
        for (int x = 0; x < size.x; ++x) {
            const int gl_y = size.y - 1 - y;
            const bool inside = x >= 16 && x < 48 && gl_y >= 8 && gl_y < 32;
            INFO("pixel " << x << ", " << y << " (from the top)");
            if (inside)
                REQUIRE(int(pixel(image, x, y)[0]) + pixel(image, x, y)[1] > 40);
            else
                REQUIRE(int(pixel(image, x, y)[0]) + pixel(image, x, y)[1] == 0);
        }
    }
}

TEST_CASE("a missing shader folder is reported with the file and what to do", "[renderer]") {
    OffscreenContext context;
    const fs::path missing = test::make_temp_dir("renderer-shaders") / "no-such-folder";
    try {
        Renderer renderer(missing);
        FAIL("the renderer was made without shaders");
    } catch (const Error& error) {
        CHECK(std::string(error.what()) ==
              (missing / "background.vert").string() +
                  ": cannot read the shader; reinstall the viewer, or point it at the shaders "
                  "folder that came with it");
    }
}

TEST_CASE("a shader that does not compile is reported with the file and the driver's log",
          "[renderer]") {
    OffscreenContext context;
    const fs::path dir = test::make_temp_dir("renderer-shaders") / "shaders";
    fs::copy(kShaderDir, dir);
    test::replace_in_file(dir / "pbr.frag", "vec3 n = normalize(v_normal);",
                          "vec3 n = normalise(v_normal);");
    try {
        Renderer renderer(dir);
        FAIL("the renderer was made with a broken shader");
    } catch (const Error& error) {
        const std::string message = error.what();
        const std::string prefix = (dir / "pbr.frag").string() + ": the shader does not compile (";
        CHECK(message.substr(0, prefix.size()) == prefix);
        CHECK(message.find("normalise") != std::string::npos);  // the driver's log
        CHECK(message.find("); reinstall the viewer, or point it at the shaders folder that "
                           "came with it") != std::string::npos);
    }
}

TEST_CASE("UI textures are GL texture names that can be freed", "[renderer]") {
    OffscreenContext context;
    const CpuTexture image{2, 2, std::vector<std::uint8_t>(16, 255)};
    const std::uintptr_t texture = upload_ui_texture(image);
    CHECK(texture != 0);
    free_ui_texture(texture);
}

// [SECTION] The studio environment (CPU only)

// Directions on a latitude-longitude grid of `rows` x 2 `rows`, with their solid angles.
template <typename Visit>
void for_each_direction(int rows, const Visit& visit) {
    constexpr double kPi = 3.14159265358979;
    for (int i = 0; i < rows; ++i) {
        for (int j = 0; j < 2 * rows; ++j) {
            const double theta = (i + 0.5) / rows * kPi, phi = (j + 0.5) / rows * kPi;
            const glm::vec3 direction(std::sin(theta) * std::cos(phi), std::cos(theta),
                                      std::sin(theta) * std::sin(phi));
            visit(direction, std::sin(theta) * (kPi / rows) * (kPi / rows));
        }
    }
}

TEST_CASE("the studio's diffuse SH match a brute-force irradiance integral", "[environment]") {
    const StudioEnvironment environment = build_studio_environment();
    for (const glm::vec3 n :
         {glm::vec3(0, 1, 0), glm::vec3(0, -1, 0), glm::vec3(1, 0, 0), glm::vec3(-1, 0, 0),
          glm::vec3(0, 0, 1), glm::vec3(0, 0, -1), glm::normalize(glm::vec3(-1, 1, 1))}) {
        glm::dvec3 irradiance(0.0);
        for_each_direction(256, [&](const glm::vec3& w, double solid_angle) {
            const double cosine = glm::dot(n, w);
            if (cosine > 0.0)
                irradiance += glm::dvec3(studio_radiance(w)) * (cosine * solid_angle);
        });
        const glm::vec3 expected(irradiance / 3.14159265358979);
        const glm::vec3 actual = evaluate_diffuse_sh(environment.diffuse_sh, n);
        INFO("normal " << n.x << ", " << n.y << ", " << n.z << ": SH " << actual.x
                       << ", brute force " << expected.x);
        // Order-2 SH smooth the soft boxes a little: a few hundredths where it is brightest.
        CHECK(glm::all(glm::lessThan(glm::abs(actual - expected), glm::vec3(0.1f))));
    }
}

TEST_CASE("the studio lights every side: no surface turns black", "[environment]") {
    const StudioEnvironment environment = build_studio_environment();
    float darkest = 1e9f, brightest = 0.0f;
    for_each_direction(64, [&](const glm::vec3& n, double) {
        const glm::vec3 irradiance = evaluate_diffuse_sh(environment.diffuse_sh, n);
        darkest = std::min(darkest, std::min(irradiance.r, std::min(irradiance.g, irradiance.b)));
        brightest = std::max(brightest, irradiance.r);
    });
    CHECK(darkest > 0.15f);              // the floor's bounce, facing straight down
    CHECK(brightest / darkest < 12.0f);  // soft studio light, not a spotlight
}

TEST_CASE("cube map texel directions follow GL's face table", "[environment]") {
    // Face centres are the axes, in GL's order +X, -X, +Y, -Y, +Z, -Z.
    const glm::vec3 axes[6] = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
    for (int face = 0; face < 6; ++face)
        CHECK(glm::dot(cube_texel_direction(face, 1, 1, 3), axes[face]) > 0.999f);
    // On +X the first row is the top (+Y) and the first column faces +Z (GL's s = -z, t = -y).
    const glm::vec3 corner = cube_texel_direction(0, 0, 0, 64);
    CHECK(corner.y > 0.5f);
    CHECK(corner.z > 0.5f);
}

TEST_CASE("the specular levels halve in size and grow smoother with roughness", "[environment]") {
    const StudioEnvironment environment = build_studio_environment();
    REQUIRE(environment.specular.size() == 5);
    float previous_range = 1e9f;
    for (std::size_t level = 0; level < environment.specular.size(); ++level) {
        const CubeLevel& cube = environment.specular[level];
        CHECK(cube.size == 64 >> level);
        CHECK(cube.texels.size() == static_cast<std::size_t>(cube.size * cube.size * 6));
        float low = 1e9f, high = 0.0f;
        for (const glm::vec3& texel : cube.texels) {
            low = std::min(low, texel.g);
            high = std::max(high, texel.g);
        }
        INFO("level " << level << ": " << low << " .. " << high);
        CHECK(low > 0.0f);
        CHECK(high - low < previous_range);  // blurrier: the soft boxes spread out
        previous_range = high - low;
    }
}

// [SECTION] Benchmark (hidden: run with "[.bench]")

// The median time of a 1280x720 frame: draw into a target of `samples`, resolve, read back
// (reading waits for llvmpipe's rasteriser threads to finish the frame).
double median_frame_ms(Renderer& renderer, const CpuModel& model, int samples, int frames) {
    const glm::ivec2 size(1280, 720);
    const GpuModel gpu(model);
    RenderTarget target(size, samples);
    RenderTarget resolved(size, 1);
    std::vector<double> times;
    for (int frame = 0; frame < frames; ++frame) {
        const auto start = std::chrono::steady_clock::now();
        target.bind();
        renderer.draw(&gpu, glm::mat4(1.0f), model.bounds, three_quarter_view(model.bounds, size),
                      {});
        if (samples > 1)
            target.resolve_into(resolved.framebuffer(), {0, 0, size.x, size.y});
        (samples > 1 ? resolved : target).read_rgba();
        times.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

TEST_CASE("benchmark: 1280x720 frames of the drum and of a 200k-triangle model", "[.bench]") {
    OffscreenContext context;
    Renderer renderer(kShaderDir);
    {
        // What reading a frame back costs on its own: the frames below include it, as a
        // screenshot would; a window's frame would not.
        RenderTarget resolved({1280, 720}, 1);
        resolved.read_rgba();
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < 10; ++i)
            resolved.read_rgba();
        const std::chrono::duration<double, std::milli> elapsed =
            std::chrono::steady_clock::now() - start;
        WARN("reading a 1280x720 frame back: " << elapsed.count() / 10 << " ms");
    }
    const CpuModel drum = load_model(kArtifactsDir / "trong-dong-gia-phu" / "model.glb");
    const CpuModel dense = make_textured_sphere(200000);
    for (const int samples : {1, 4}) {
        WARN("Gia Phu drum (" << drum.triangle_count << " triangles), " << samples
                              << " sample(s): p50 " << median_frame_ms(renderer, drum, samples, 40)
                              << " ms per frame");
        WARN("textured sphere (" << dense.triangle_count << " triangles), " << samples
                                 << " sample(s): p50 "
                                 << median_frame_ms(renderer, dense, samples, 40)
                                 << " ms per frame");
    }
}

}  // namespace
}  // namespace heritage::render
