// render/gl/renderer.cpp: the frame, in three passes over the view's viewport:
//   1. the backdrop (background.vert/.frag), a full-screen triangle;
//   2. the ground's soft contact shadow (ground.vert/.frag), alpha-blended over it;
//   3. the model (mesh.vert, pbr.frag), depth-tested.
// The studio (environment.h) is built once, at construction, and turns with the camera's yaw,
// so every side of the object is shown under the same light, as on a photographer's turntable.
#include "render/gl/renderer.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <glm/gtc/matrix_inverse.hpp>
#include <glm/gtc/type_ptr.hpp>
#include <limits>
#include <string>
#include <vector>

#include "render/gl/environment.h"
#include "render/gl/gl.h"
#include "render/gl/gl_objects.h"
#include "render/gl/gpu_model.h"
#include "render/gl/shader_program.h"

namespace heritage::render {
namespace {

// Texture units of pbr.frag's samplers.
constexpr int kBaseColorUnit = 0;
constexpr int kMetallicRoughnessUnit = 1;
constexpr int kNormalUnit = 2;
constexpr int kSpecularEnvironmentUnit = 3;

// Meshes whose triangles cover fewer pixels than this on average are lit per vertex: a
// software rasteriser shades whole 4x4 blocks for every triangle, so per-pixel lighting of
// pixel-sized triangles costs many times the pixels it shows, for the same picture.
constexpr float kVertexLightingBelowPixelsPerTriangle = 8.0f;

// The contact shadow's look: opacity under the object's edge and of the wide penumbra.
constexpr float kContactShadowOpacity = 0.38f;
constexpr float kPenumbraOpacity = 0.2f;

struct BackgroundPass {
    gl::Program program;
    int viewport = -1, top_color = -1, bottom_color = -1;
};

struct GroundPass {
    gl::Program program;
    int clip_from_world = -1, centre = -1, radius = -1, footprint = -1, softness = -1,
        strength = -1;
};

struct PbrPass {
    gl::Program program;
    int world_from_model = -1, world_normal_from_model = -1, clip_from_world = -1;
    int base_color_factor = -1, metallic_factor = -1, roughness_factor = -1, double_sided = -1;
    int camera_position = -1, env_from_world = -1, diffuse_sh = -1, specular_max_lod = -1,
        key_direction = -1, key_radiance = -1, exposure = -1;
};

BackgroundPass make_background_pass(const std::filesystem::path& dir) {
    BackgroundPass pass;
    pass.program = load_program(dir / "background.vert", dir / "background.frag");
    pass.viewport = uniform_location(pass.program, "viewport");
    pass.top_color = uniform_location(pass.program, "top_color");
    pass.bottom_color = uniform_location(pass.program, "bottom_color");
    return pass;
}

GroundPass make_ground_pass(const std::filesystem::path& dir) {
    GroundPass pass;
    pass.program = load_program(dir / "ground.vert", dir / "ground.frag");
    pass.clip_from_world = uniform_location(pass.program, "clip_from_world");
    pass.centre = uniform_location(pass.program, "centre");
    pass.radius = uniform_location(pass.program, "radius");
    pass.footprint = uniform_location(pass.program, "footprint");
    pass.softness = uniform_location(pass.program, "softness");
    pass.strength = uniform_location(pass.program, "strength");
    return pass;
}

// pbr.frag's variants: the material features compiled in (see the shader's header).
struct PbrVariant {
    bool base_color_texture = false;
    bool metallic_roughness_texture = false;
    bool normal_texture = false;
    bool unlit = false;
    bool vertex_lighting = false;
};

constexpr int kPbrVariantCount = 32;

// Unlit and per-vertex shading read no textures but the base colour, so the other texture
// bits do not make variants there.
int variant_index(PbrVariant v) {
    if (v.unlit)
        v.vertex_lighting = false;
    if (v.unlit || v.vertex_lighting)
        v.metallic_roughness_texture = v.normal_texture = false;
    return (v.base_color_texture ? 1 : 0) | (v.metallic_roughness_texture ? 2 : 0) |
           (v.normal_texture ? 4 : 0) | (v.unlit ? 8 : 0) | (v.vertex_lighting ? 16 : 0);
}

bool is_variant_used(int index) {
    const PbrVariant v{(index & 1) != 0, (index & 2) != 0, (index & 4) != 0, (index & 8) != 0,
                       (index & 16) != 0};
    return variant_index(v) == index;
}

std::vector<std::string> variant_defines(int index) {
    std::vector<std::string> defines;
    if (index & 1)
        defines.push_back("HAS_BASE_COLOR_TEXTURE");
    if (index & 2)
        defines.push_back("HAS_METALLIC_ROUGHNESS_TEXTURE");
    if (index & 4)
        defines.push_back("HAS_NORMAL_TEXTURE");
    if (index & 8)
        defines.push_back("UNLIT");
    if (index & 16)
        defines.push_back("VERTEX_LIGHTING");
    return defines;
}

PbrPass make_pbr_pass(const std::filesystem::path& dir, int variant) {
    PbrPass pass;
    pass.program = load_program(dir / "mesh.vert", dir / "pbr.frag", variant_defines(variant));
    const gl::Program& p = pass.program;
    pass.world_from_model = uniform_location(p, "world_from_model");
    pass.world_normal_from_model = uniform_location(p, "world_normal_from_model");
    pass.clip_from_world = uniform_location(p, "clip_from_world");
    pass.base_color_factor = uniform_location(p, "base_color_factor");
    pass.metallic_factor = uniform_location(p, "metallic_factor");
    pass.roughness_factor = uniform_location(p, "roughness_factor");
    pass.double_sided = uniform_location(p, "double_sided");
    pass.camera_position = uniform_location(p, "camera_position");
    pass.env_from_world = uniform_location(p, "env_from_world");
    pass.diffuse_sh = uniform_location(p, "diffuse_sh");
    pass.specular_max_lod = uniform_location(p, "specular_max_lod");
    pass.key_direction = uniform_location(p, "key_direction");
    pass.key_radiance = uniform_location(p, "key_radiance");
    pass.exposure = uniform_location(p, "exposure");
    // The samplers' units never change.
    glUseProgram(p.get());
    glUniform1i(uniform_location(p, "base_color_texture"), kBaseColorUnit);
    glUniform1i(uniform_location(p, "metallic_roughness_texture"), kMetallicRoughnessUnit);
    glUniform1i(uniform_location(p, "normal_texture"), kNormalUnit);
    glUniform1i(uniform_location(p, "specular_environment"), kSpecularEnvironmentUnit);
    glUseProgram(0);
    return pass;
}

// The prefiltered specular environment as a cube map, one mip level per roughness step.
gl::Texture upload_specular_environment(const StudioEnvironment& environment) {
    gl::Texture texture = gl::make_texture();
    glBindTexture(GL_TEXTURE_CUBE_MAP, texture.get());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);  // RGB float texels: 12 bytes, always aligned
    const int levels = static_cast<int>(environment.specular.size());
    for (int level = 0; level < levels; ++level) {
        const CubeLevel& cube = environment.specular[static_cast<std::size_t>(level)];
        const std::size_t face_texels = static_cast<std::size_t>(cube.size) * cube.size;
        for (int face = 0; face < 6; ++face)
            glTexImage2D(GL_TEXTURE_CUBE_MAP_POSITIVE_X + face, level, GL_RGB16F, cube.size,
                         cube.size, 0, GL_RGB, GL_FLOAT, cube.texels.data() + face * face_texels);
    }
    glTexParameteri(GL_TEXTURE_CUBE_MAP, GL_TEXTURE_BASE_LEVEL, 0);
    glTexParameteri(GL_TEXTURE_CUBE_MAP, GL_TEXTURE_MAX_LEVEL, levels - 1);
    glTexParameteri(GL_TEXTURE_CUBE_MAP, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
    glTexParameteri(GL_TEXTURE_CUBE_MAP, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_CUBE_MAP, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_CUBE_MAP, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_CUBE_MAP, GL_TEXTURE_WRAP_R, GL_CLAMP_TO_EDGE);
    glBindTexture(GL_TEXTURE_CUBE_MAP, 0);
    return texture;
}

// The studio turned about +Y so that the camera, seen from the object, lies along +Z: the
// rotation that takes world directions into environment space.
glm::mat3 env_from_world_for(const glm::mat4& world_from_camera) {
    glm::vec2 back(world_from_camera[2].x, world_from_camera[2].z);
    if (glm::length(back) < 1e-3f)  // looking straight down: the screen's up is "away"
        back = -glm::vec2(world_from_camera[1].x, world_from_camera[1].z);
    if (glm::length(back) < 1e-6f)
        return glm::mat3(1.0f);
    back = glm::normalize(back);
    // Rotating by -yaw about +Y takes (sin yaw, 0, cos yaw) = (back.x, 0, back.y) to +Z.
    const float c = back.y, s = back.x;
    return glm::mat3(glm::vec3(c, 0.0f, s), glm::vec3(0.0f, 1.0f, 0.0f), glm::vec3(-s, 0.0f, c));
}

// About how many pixels each front-facing triangle of a model covers: the screen area of the
// bounds' sphere over half the triangles. Infinite when the eye is inside the sphere.
float pixels_per_triangle(std::size_t triangles, const Bounds& world_bounds,
                          const SceneView& view) {
    const float radius = world_bounds.radius();
    const float depth = -(view.view * glm::vec4(world_bounds.center(), 1.0f)).z;
    if (triangles == 0 || depth <= radius)
        return std::numeric_limits<float>::infinity();
    // projection[1][1] is cot(fov_y / 2): a length at `depth` to half-heights of the viewport.
    const float radius_px =
        radius / depth * view.projection[1][1] * 0.5f * static_cast<float>(view.viewport.w);
    return 3.14159265f * radius_px * radius_px / (0.5f * static_cast<float>(triangles));
}

void bind_texture(int unit, std::uint32_t texture) {
    glActiveTexture(GL_TEXTURE0 + static_cast<GLenum>(unit));
    glBindTexture(GL_TEXTURE_2D, texture);
}

}  // namespace

// [SECTION] Renderer

struct Renderer::Impl {
    BackgroundPass background;
    GroundPass ground;
    // Indexed by variant_index; the combinations that variant_index never returns stay empty.
    std::array<PbrPass, kPbrVariantCount> pbr;
    gl::VertexArray empty_vertex_array;  // core profile draws need one, even with no attributes
    gl::Texture specular_environment;
    float specular_max_lod = 0.0f;
    std::array<glm::vec3, 9> diffuse_sh{};
    KeyLight key;

    void draw_background(const SceneView& view, const RenderSettings& settings) const;
    void draw_ground(const Bounds& world_bounds, const glm::mat4& clip_from_world) const;
    void draw_model(const GpuModel::Impl& model, const glm::mat4& world_from_model,
                    const glm::mat4& world_from_camera, bool dense, const SceneView& view,
                    const RenderSettings& settings) const;
};

Renderer::Renderer(const std::filesystem::path& shader_dir) : impl_(std::make_unique<Impl>()) {
    // Programs first: a broken shader folder is the likely failure, and it should be reported
    // before any time goes into the environment.
    impl_->background = make_background_pass(shader_dir);
    impl_->ground = make_ground_pass(shader_dir);
    for (int variant = 0; variant < kPbrVariantCount; ++variant) {
        if (is_variant_used(variant))
            impl_->pbr[static_cast<std::size_t>(variant)] = make_pbr_pass(shader_dir, variant);
    }
    impl_->empty_vertex_array = gl::make_vertex_array();

    const StudioEnvironment environment = build_studio_environment();
    impl_->specular_environment = upload_specular_environment(environment);
    impl_->specular_max_lod = static_cast<float>(environment.specular.size() - 1);
    impl_->diffuse_sh = environment.diffuse_sh;
    impl_->key = studio_key_light();
}

Renderer::~Renderer() = default;

void Renderer::draw(const GpuModel* model, const glm::mat4& world_from_model,
                    const Bounds& world_bounds, const SceneView& view,
                    const RenderSettings& settings) {
    assert(view.viewport.z > 0 && view.viewport.w > 0);
    const glm::ivec4& viewport = view.viewport;

    // Only the viewport is touched, clears included: the scissor bounds them.
    glViewport(viewport.x, viewport.y, viewport.z, viewport.w);
    glEnable(GL_SCISSOR_TEST);
    glScissor(viewport.x, viewport.y, viewport.z, viewport.w);
    glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    glDepthMask(GL_TRUE);
    glClearDepth(1.0);
    glClear(GL_DEPTH_BUFFER_BIT);
    glDisable(GL_BLEND);
    glDisable(GL_CULL_FACE);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_STENCIL_TEST);
    glDisable(GL_FRAMEBUFFER_SRGB);  // the shaders encode sRGB themselves
    glEnable(GL_MULTISAMPLE);
    glEnable(GL_TEXTURE_CUBE_MAP_SEAMLESS);  // the small rough mips would show face seams

    impl_->draw_background(view, settings);
    if (model != nullptr) {
        const glm::mat4 clip_from_world = view.projection * view.view;
        const glm::mat4 world_from_camera = glm::inverse(view.view);
        // The ground is seen only from above: from below it would hide the model.
        const bool eye_above_ground = world_from_camera[3].y > world_bounds.min.y;
        if (settings.ground && eye_above_ground)
            impl_->draw_ground(world_bounds, clip_from_world);
        const bool dense = pixels_per_triangle(model->impl().triangle_count, world_bounds, view) <
                           kVertexLightingBelowPixelsPerTriangle;
        impl_->draw_model(model->impl(), world_from_model, world_from_camera, dense, view,
                          settings);
    }

    // Leave the state plain for whoever draws next (Dear ImGui sets what it needs on top).
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glDisable(GL_BLEND);
    glFrontFace(GL_CCW);
    glDepthMask(GL_TRUE);
    for (int unit : {kBaseColorUnit, kMetallicRoughnessUnit, kNormalUnit})
        bind_texture(unit, 0);
    glActiveTexture(GL_TEXTURE0 + kSpecularEnvironmentUnit);
    glBindTexture(GL_TEXTURE_CUBE_MAP, 0);
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(0);
    glUseProgram(0);
}

void Renderer::Impl::draw_background(const SceneView& view, const RenderSettings& settings) const {
    glUseProgram(background.program.get());
    glUniform4f(background.viewport, static_cast<float>(view.viewport.x),
                static_cast<float>(view.viewport.y), static_cast<float>(view.viewport.z),
                static_cast<float>(view.viewport.w));
    glUniform3fv(background.top_color, 1, glm::value_ptr(settings.background_top));
    glUniform3fv(background.bottom_color, 1, glm::value_ptr(settings.background_bottom));
    glBindVertexArray(empty_vertex_array.get());
    glDrawArrays(GL_TRIANGLES, 0, 3);
}

void Renderer::Impl::draw_ground(const Bounds& world_bounds,
                                 const glm::mat4& clip_from_world) const {
    // The footprint: the ellipse inscribed in the bounds' x/z rectangle.
    const glm::vec2 footprint(0.5f * (world_bounds.max.x - world_bounds.min.x),
                              0.5f * (world_bounds.max.z - world_bounds.min.z));
    const float widest = std::max(footprint.x, footprint.y);
    if (widest <= 0.0f)
        return;
    const glm::vec2 safe_footprint = glm::max(footprint, glm::vec2(0.02f * widest));
    // Taller objects cast a wider penumbra, as under a large overhead soft box.
    const float height = world_bounds.max.y - world_bounds.min.y;
    const float softness = 0.16f * widest + 0.1f * height;
    const float radius = widest + 3.5f * softness;
    const glm::vec3 centre(0.5f * (world_bounds.min.x + world_bounds.max.x), world_bounds.min.y,
                           0.5f * (world_bounds.min.z + world_bounds.max.z));

    glUseProgram(ground.program.get());
    glUniformMatrix4fv(ground.clip_from_world, 1, GL_FALSE, glm::value_ptr(clip_from_world));
    glUniform3fv(ground.centre, 1, glm::value_ptr(centre));
    glUniform1f(ground.radius, radius);
    glUniform2fv(ground.footprint, 1, glm::value_ptr(safe_footprint));
    glUniform1f(ground.softness, softness);
    glUniform2f(ground.strength, kContactShadowOpacity, kPenumbraOpacity);
    // Before the model, with no depth test or write: the model then covers the shadow where
    // it stands in front of it, and the (invisible) disc never hides any of the model.
    glDisable(GL_DEPTH_TEST);
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ZERO, GL_ONE);
    glBindVertexArray(empty_vertex_array.get());
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    glDisable(GL_BLEND);
}

void Renderer::Impl::draw_model(const GpuModel::Impl& model, const glm::mat4& world_from_model,
                                const glm::mat4& world_from_camera, bool dense,
                                const SceneView& view, const RenderSettings& settings) const {
    const glm::mat4 clip_from_world = view.projection * view.view;
    const glm::mat3 env_from_world =
        settings.studio_turns_with_camera ? env_from_world_for(world_from_camera) : glm::mat3(1.0f);
    // Directions go back to world space with the transpose (a rotation's inverse).
    const glm::vec3 key_direction = glm::transpose(env_from_world) * key.direction;
    const glm::mat3 world_normal_from_model = glm::inverseTranspose(glm::mat3(world_from_model));
    const glm::vec3 camera_position(world_from_camera[3]);

    glActiveTexture(GL_TEXTURE0 + kSpecularEnvironmentUnit);
    glBindTexture(GL_TEXTURE_CUBE_MAP, specular_environment.get());
    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LESS);
    glDepthMask(GL_TRUE);
    // A mirroring placement turns the triangles' winding around.
    glFrontFace(glm::determinant(glm::mat3(world_from_model)) < 0.0f ? GL_CW : GL_CCW);
    glCullFace(GL_BACK);

    const PbrPass* current = nullptr;
    for (const GpuMesh& mesh : model.meshes) {
        const GpuMaterial& material = model.materials[static_cast<std::size_t>(mesh.material)];
        PbrVariant variant;
        variant.base_color_texture = material.base_color_texture != 0;
        variant.metallic_roughness_texture = material.metallic_roughness_texture != 0;
        variant.normal_texture = material.normal_texture != 0 && mesh.has_tangents;
        variant.unlit = settings.unlit || material.unlit;
        // Per-vertex light knows no facing and no per-pixel data: plain materials only.
        variant.vertex_lighting = dense && !material.double_sided &&
                                  material.metallic_roughness_texture == 0 &&
                                  material.normal_texture == 0;
        const PbrPass& pass = pbr[static_cast<std::size_t>(variant_index(variant))];
        assert(pass.program);
        if (&pass != current) {
            // A program switch: its per-frame uniforms.
            current = &pass;
            glUseProgram(pass.program.get());
            glUniformMatrix4fv(pass.world_from_model, 1, GL_FALSE,
                               glm::value_ptr(world_from_model));
            glUniformMatrix3fv(pass.world_normal_from_model, 1, GL_FALSE,
                               glm::value_ptr(world_normal_from_model));
            glUniformMatrix4fv(pass.clip_from_world, 1, GL_FALSE, glm::value_ptr(clip_from_world));
            glUniform3fv(pass.camera_position, 1, glm::value_ptr(camera_position));
            glUniformMatrix3fv(pass.env_from_world, 1, GL_FALSE, glm::value_ptr(env_from_world));
            glUniform3fv(pass.diffuse_sh, 9, glm::value_ptr(diffuse_sh[0]));
            glUniform1f(pass.specular_max_lod, specular_max_lod);
            glUniform3fv(pass.key_direction, 1, glm::value_ptr(key_direction));
            glUniform3fv(pass.key_radiance, 1, glm::value_ptr(key.radiance));
            glUniform1f(pass.exposure, settings.exposure);
        }
        glUniform4fv(pass.base_color_factor, 1, glm::value_ptr(material.base_color_factor));
        glUniform1f(pass.metallic_factor, material.metallic_factor);
        glUniform1f(pass.roughness_factor, material.roughness_factor);
        glUniform1i(pass.double_sided, material.double_sided);
        bind_texture(kBaseColorUnit, material.base_color_texture);
        bind_texture(kMetallicRoughnessUnit, material.metallic_roughness_texture);
        bind_texture(kNormalUnit, material.normal_texture);
        // glTF: single-sided materials hide their back faces; double-sided ones light both.
        if (material.double_sided)
            glDisable(GL_CULL_FACE);
        else
            glEnable(GL_CULL_FACE);
        glBindVertexArray(mesh.vertex_array.get());
        glDrawElements(GL_TRIANGLES, mesh.index_count, GL_UNSIGNED_INT, nullptr);
    }
}

// [SECTION] UI textures

std::uintptr_t upload_ui_texture(const CpuTexture& image) {
    assert(image.width > 0 && image.height > 0);
    assert(image.rgba.size() == static_cast<std::size_t>(image.width) * image.height * 4);
    GLuint texture = 0;
    glGenTextures(1, &texture);
    glBindTexture(GL_TEXTURE_2D, texture);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);  // RGBA8 rows are always 4-byte aligned
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, image.width, image.height, 0, GL_RGBA,
                 GL_UNSIGNED_BYTE, image.rgba.data());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glBindTexture(GL_TEXTURE_2D, 0);
    return static_cast<std::uintptr_t>(texture);
}

void free_ui_texture(std::uintptr_t texture) {
    const GLuint name = static_cast<GLuint>(texture);
    glDeleteTextures(1, &name);
}

}  // namespace heritage::render
