// tests/viewer/renderer_gltest.cpp: the renderer on an EGL surfaceless context (label gl):
// golden images of the sample exhibit's bronze drums (lit and unlit) and of an empty scene,
// rendered at 640x480 into a 4x MSAA target and resolved; the shader folder's error messages;
// the viewport contract. A hidden benchmark ("[.bench]") times 1280x720 frames.
#include <assimp/material.h>
#include <assimp/postprocess.h>
#include <assimp/scene.h>
#include <stb/stb_image.h>

#include <algorithm>
#include <assimp/Importer.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <glm/gtc/matrix_transform.hpp>
#include <string>
#include <vector>

#include "exhibit/error.h"
#include "tests/support/image_compare.h"
#include "tests/support/test_support.h"
#include "viewer/render/offscreen_context.h"
#include "viewer/render/render_target.h"
#include "viewer/render/renderer.h"

namespace heritage::viewer {
namespace {

namespace fs = std::filesystem;
using test::RgbaImage;

const fs::path kShaderDir = HERITAGE_SHADER_DIR;
const fs::path kArtifactsDir = fs::path(HERITAGE_SAMPLE_EXHIBIT_DIR) / "artifacts";

// Golden tolerances: a Mesa update may move edges and rounding by a little, not the picture.
constexpr int kMaxDelta = 12;
constexpr double kMeanDelta = 0.5;

// [SECTION] Models

// Reads a .glb through Assimp into a CpuModel the way the viewer's loader is meant to (uvs in
// glTF's convention, textures decoded, node transforms applied). The tests read the sample
// drums with it until viewer/scene/model_load.cpp exists; then they should call load_model.
CpuModel read_glb(const fs::path& file) {
    Assimp::Importer importer;
    const aiScene* scene =
        importer.ReadFile(file.string(), aiProcess_Triangulate | aiProcess_JoinIdenticalVertices |
                                             aiProcess_GenSmoothNormals | aiProcess_FlipUVs |
                                             aiProcess_PreTransformVertices);
    INFO(file << ": " << importer.GetErrorString());
    REQUIRE(scene != nullptr);

    CpuModel model;
    for (unsigned t = 0; t < scene->mNumTextures; ++t) {
        const aiTexture* texture = scene->mTextures[t];
        REQUIRE(texture->mHeight == 0);  // embedded PNG or JPEG
        CpuTexture image;
        int channels = 0;
        stbi_uc* pixels = stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(texture->pcData),
                                                static_cast<int>(texture->mWidth), &image.width,
                                                &image.height, &channels, 4);
        REQUIRE(pixels != nullptr);
        image.rgba.assign(pixels,
                          pixels + static_cast<std::size_t>(image.width) * image.height * 4);
        stbi_image_free(pixels);
        model.textures.push_back(std::move(image));
    }
    auto texture_index = [&](const aiMaterial* material, aiTextureType type) {
        aiString path;
        if (material->GetTexture(type, 0, &path) != AI_SUCCESS || path.length < 2 ||
            path.data[0] != '*')
            return -1;
        return std::stoi(path.C_Str() + 1);
    };
    for (unsigned m = 0; m < scene->mNumMaterials; ++m) {
        const aiMaterial* source = scene->mMaterials[m];
        CpuMaterial material;
        material.name = source->GetName().C_Str();
        aiColor4D base(1.0f, 1.0f, 1.0f, 1.0f);
        source->Get(AI_MATKEY_BASE_COLOR, base);
        material.base_color_factor = {base.r, base.g, base.b, base.a};
        source->Get(AI_MATKEY_METALLIC_FACTOR, material.metallic_factor);
        source->Get(AI_MATKEY_ROUGHNESS_FACTOR, material.roughness_factor);
        int two_sided = 0;
        source->Get(AI_MATKEY_TWOSIDED, two_sided);
        material.double_sided = two_sided != 0;
        material.base_color_texture = texture_index(source, aiTextureType_BASE_COLOR);
        if (material.base_color_texture < 0)
            material.base_color_texture = texture_index(source, aiTextureType_DIFFUSE);
        material.normal_texture = texture_index(source, aiTextureType_NORMALS);
        model.materials.push_back(material);
    }
    model.bounds.min = glm::vec3(1e30f);
    model.bounds.max = glm::vec3(-1e30f);
    for (unsigned i = 0; i < scene->mNumMeshes; ++i) {
        const aiMesh* source = scene->mMeshes[i];
        CpuMesh mesh;
        mesh.material = static_cast<int>(source->mMaterialIndex);
        for (unsigned v = 0; v < source->mNumVertices; ++v) {
            const glm::vec3 p(source->mVertices[v].x, source->mVertices[v].y,
                              source->mVertices[v].z);
            mesh.positions.push_back(p);
            mesh.normals.push_back(glm::normalize(
                glm::vec3(source->mNormals[v].x, source->mNormals[v].y, source->mNormals[v].z)));
            if (source->HasTextureCoords(0))
                mesh.uvs.emplace_back(source->mTextureCoords[0][v].x,
                                      source->mTextureCoords[0][v].y);
            model.bounds.min = glm::min(model.bounds.min, p);
            model.bounds.max = glm::max(model.bounds.max, p);
        }
        for (unsigned f = 0; f < source->mNumFaces; ++f) {
            if (source->mFaces[f].mNumIndices != 3)
                continue;
            for (unsigned k = 0; k < 3; ++k)
                mesh.indices.push_back(source->mFaces[f].mIndices[k]);
        }
        model.triangle_count += mesh.indices.size() / 3;
        model.meshes.push_back(std::move(mesh));
    }
    return model;
}

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

// Known materials side by side: a rough red dielectric sphere, a polished gold sphere and a
// white matte box (the box's material is double-sided).
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
    model.materials = {red, gold, white};
    add_sphere(model, {-0.25f, 0.2f, 0.0f}, 0.2f, 48, 0);
    add_sphere(model, {0.25f, 0.2f, 0.0f}, 0.2f, 48, 1);
    add_box(model, {-0.1f, 0.0f, 0.25f}, {0.1f, 0.15f, 0.4f}, 2);
    model.bounds = {{-0.45f, 0.0f, -0.2f}, {0.45f, 0.4f, 0.4f}};
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
    const CpuModel model = read_glb(kArtifactsDir / artifact / "model.glb");
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
    const glm::ivec2 size(64, 48);
    RenderTarget target(size, 1);
    target.bind();
    RenderSettings black;
    black.background_top = black.background_bottom = glm::vec3(0.0f);
    SceneView full = three_quarter_view({{-1, 0, -1}, {1, 1, 1}}, size);
    renderer.draw(nullptr, glm::mat4(1.0f), {}, full, black);

    RenderSettings white;
    white.background_top = white.background_bottom = glm::vec3(1.0f);
    SceneView inner = full;
    inner.viewport = {16, 8, 32, 24};  // GL's bottom-left origin
    renderer.draw(nullptr, glm::mat4(1.0f), {}, inner, white);

    const RgbaImage image{size.x, size.y, target.read_rgba()};
    for (int y = 0; y < size.y; ++y) {
        for (int x = 0; x < size.x; ++x) {
            const int gl_y = size.y - 1 - y;
            const bool inside = x >= 16 && x < 48 && gl_y >= 8 && gl_y < 32;
            INFO("pixel " << x << ", " << y << " (from the top)");
            REQUIRE((pixel(image, x, y)[0] > 200) == inside);
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

// [SECTION] Benchmark (hidden: run with "[.bench]")

double median_frame_ms(Renderer& renderer, const CpuModel& model, int frames) {
    const glm::ivec2 size(1280, 720);
    const GpuModel gpu(model);
    RenderTarget multisampled(size, 4);
    RenderTarget resolved(size, 1);
    std::vector<double> times;
    for (int frame = 0; frame < frames; ++frame) {
        const auto start = std::chrono::steady_clock::now();
        multisampled.bind();
        renderer.draw(&gpu, glm::mat4(1.0f), model.bounds, three_quarter_view(model.bounds, size),
                      {});
        multisampled.resolve_into(resolved.framebuffer(), {0, 0, size.x, size.y});
        resolved.read_rgba();  // waits for the frame: llvmpipe renders on its own threads
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
    const CpuModel drum = read_glb(kArtifactsDir / "trong-dong-gia-phu" / "model.glb");
    {
        // What reading the frame back costs on its own (the benchmark includes it, as a
        // screenshot would; a window's frame would not).
        RenderTarget resolved({1280, 720}, 1);
        resolved.read_rgba();
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < 10; ++i)
            resolved.read_rgba();
        const std::chrono::duration<double, std::milli> elapsed =
            std::chrono::steady_clock::now() - start;
        WARN("reading a 1280x720 frame back: " << elapsed.count() / 10 << " ms");
    }
    WARN("Gia Phu drum (" << drum.triangle_count << " triangles): p50 "
                          << median_frame_ms(renderer, drum, 30) << " ms per frame");
    const CpuModel sphere = make_textured_sphere(200000);
    WARN("textured sphere (" << sphere.triangle_count << " triangles): p50 "
                             << median_frame_ms(renderer, sphere, 30) << " ms per frame");
}

}  // namespace
}  // namespace heritage::viewer
