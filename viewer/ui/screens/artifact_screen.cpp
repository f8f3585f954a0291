#include "viewer/ui/screens/artifact_screen.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <glm/gtc/matrix_transform.hpp>

#include "viewer/ui/theme.h"
#include "viewer/ui/widgets.h"

namespace heritage::viewer {
namespace {

std::filesystem::path model_path(const App& app, const exhibit::Artifact& artifact) {
    return app.package.package.root / "artifacts" / artifact.id / artifact.model.file;
}

glm::mat4 placement(const exhibit::Artifact& artifact) {
    return world_from_model(artifact.model.units, artifact.model.up_axis);
}

glm::vec3 to_world(const glm::mat4& world_from, const exhibit::Vec3& point) {
    return glm::vec3(world_from * glm::vec4(float(point[0]), float(point[1]), float(point[2]), 1));
}

// Everything the 3D view needs this frame, once the model is ready.
struct ViewGeometry {
    glm::vec2 origin{0.0f};  // top-left of the view, screen pixels
    glm::vec2 size{1.0f};
    glm::mat4 view{1.0f};
    glm::mat4 projection{1.0f};
    glm::mat4 world_from_model{1.0f};
    std::shared_ptr<const LoadedModel> model;

    glm::mat4 clip_from_world() const { return projection * view; }

    // Screen position of a world point, or nothing when it is behind the camera.
    std::optional<glm::vec2> project(glm::vec3 world) const {
        const glm::vec4 clip = clip_from_world() * glm::vec4(world, 1.0f);
        if (clip.w <= 1e-6f)
            return std::nullopt;
        const glm::vec3 ndc = glm::vec3(clip) / clip.w;
        return origin + glm::vec2((ndc.x + 1) * 0.5f * size.x, (1 - ndc.y) * 0.5f * size.y);
    }

    // The surface point under a screen pixel, in world space.
    std::optional<glm::vec3> pick(glm::vec2 screen) const {
        if (!model)
            return std::nullopt;
        const Ray world_ray = ray_through_pixel(clip_from_world(), size, screen - origin);
        const Ray model_ray = transform_ray(glm::inverse(world_from_model), world_ray);
        const std::optional<RayHit> hit = model->bvh.intersect(model_ray);
        if (!hit)
            return std::nullopt;
        return glm::vec3(world_from_model * glm::vec4(hit->position, 1.0f));
    }

    // Whether the model hides a world point from the eye.
    bool occluded(glm::vec3 eye, glm::vec3 world) const {
        if (!model)
            return false;
        const glm::mat4 model_from_world = glm::inverse(world_from_model);
        const glm::vec3 from = glm::vec3(model_from_world * glm::vec4(eye, 1.0f));
        const glm::vec3 to = glm::vec3(model_from_world * glm::vec4(world, 1.0f));
        const float length = glm::length(to - from);
        if (length < 1e-6f)
            return false;
        const Ray ray{from, (to - from) / length};
        return model->bvh.intersect(ray, length * 0.995f).has_value();
    }
};

std::string millimetres(float metres) {
    char text[32];
    std::snprintf(text, sizeof text, "%.0f", metres * kMillimetresPerWorldUnit);
    return text;
}

// A round, numbered marker; `alpha` fades it when the model hides it.
void draw_marker(ImDrawList* draw, glm::vec2 at, int number, bool selected, float alpha,
                 float scale) {
    const float radius = (selected ? 19.0f : 16.0f) * scale;
    const ImVec2 c(at.x, at.y);
    draw->AddCircleFilled(ImVec2(c.x + 1.5f * scale, c.y + 2.0f * scale), radius,
                          IM_COL32(0, 0, 0, int(70 * alpha)));
    draw->AddCircleFilled(
        c, radius,
        selected ? Palette::kGold : (Palette::kAccent & 0x00FFFFFF) | (ImU32(255 * alpha) << 24));
    draw->AddCircle(c, radius, IM_COL32(255, 255, 255, int(255 * alpha)), 0, 2.5f * scale);
    char label[16];
    std::snprintf(label, sizeof label, "%d", number);
    const ImVec2 size = ImGui::CalcTextSize(label);
    draw->AddText(ImVec2(c.x - size.x * 0.5f, c.y - size.y * 0.5f),
                  IM_COL32(255, 255, 255, int(255 * alpha)), label);
}

void frame_model(App& app, const Bounds& world_bounds) {
    frame_bounds(app.artifact.camera, world_bounds, app.camera_options);
}

}  // namespace

// The 3D view: model, markers, measurement and the on-screen buttons.
void draw_scene_view(App& app, const exhibit::Artifact& artifact, glm::vec2 origin, glm::vec2 size,
                     float dt_s) {
    const float scale = app.options.ui_scale;
    ArtifactScreenState& state = app.artifact;
    ImGui::SetNextWindowPos(ImVec2(origin.x, origin.y));
    ImGui::SetNextWindowSize(ImVec2(size.x, size.y));
    ImGui::Begin("##scene_view", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
    app.layout.scene_view = {origin, origin + size};

    // The whole view is one interactive surface for the camera.
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y));
    ImGui::InvisibleButton("##scene", ImVec2(size.x, size.y),
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    ImGui::SetItemAllowOverlap();  // the buttons drawn over the view take their clicks
    const bool hovered = ImGui::IsItemHovered();
    const bool active = ImGui::IsItemActive();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImGuiIO& io = ImGui::GetIO();

    // The model: ask for it, show progress or the error, upload it when ready.
    const std::filesystem::path path = model_path(app, artifact);
    app.models.request(path);
    const ModelEntry entry = app.models.get(path);
    ViewGeometry geometry;
    geometry.origin = origin;
    geometry.size = size;
    geometry.world_from_model = placement(artifact);

    if (entry.status == LoadStatus::Ready) {
        geometry.model = entry.model;
        App::GpuModels& gpu = app.gpu_models[path.string()];
        if (!gpu.full) {
            gpu.full = std::make_shared<GpuModel>(entry.model->model);
            if (entry.model->light)
                gpu.light = std::make_shared<GpuModel>(*entry.model->light);
        }
        const Bounds world_bounds =
            transform_bounds(geometry.world_from_model, entry.model->model.bounds);
        if (!state.camera_framed) {
            frame_model(app, world_bounds);
            state.camera_framed = true;
        }
        if (state.pending_view) {
            // A tour step's view: fly there from wherever the camera is.
            const glm::vec3 eye =
                glm::vec3(geometry.world_from_model * glm::vec4(state.pending_view->eye, 1.0f));
            const glm::vec3 target =
                glm::vec3(geometry.world_from_model * glm::vec4(state.pending_view->target, 1.0f));
            fly_to_view(state.camera, eye, target);
            state.pending_view.reset();
        }

        // Camera input: drag to orbit, right-drag to pan, wheel to zoom towards the cursor,
        // double-click to centre a point, click a marker or (when measuring) the surface.
        const glm::vec2 mouse(io.MousePos.x, io.MousePos.y);
        const glm::vec2 delta(io.MouseDelta.x, io.MouseDelta.y);
        if (active && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f)) {
            orbit(state.camera, delta, std::max(dt_s, 1e-3f), app.camera_options);
        }
        if (active && ImGui::IsMouseDragging(ImGuiMouseButton_Right, 2.0f)) {
            pan(state.camera, delta, size);
        }
        geometry.view = view_matrix(state.camera);
        geometry.projection = projection_matrix(state.camera, size.x / std::max(size.y, 1.0f));
        if (hovered && io.MouseWheel != 0.0f) {
            const glm::vec3 towards = geometry.pick(mouse).value_or(state.camera.target);
            zoom(state.camera, io.MouseWheel, towards);
        }
        if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
            if (const auto point = geometry.pick(mouse)) {
                fly_to(state.camera, *point, eye_position(state.camera) - state.camera.target,
                       state.camera.distance);
            }
        }
        // Keys, when no text field has the keyboard.
        if (!io.WantTextInput && state.keyboard_orbit) {
            const float step = 120.0f * dt_s / app.camera_options.orbit_deg_per_px;
            if (ImGui::IsKeyDown(ImGui::GetKeyIndex(ImGuiKey_LeftArrow)))
                orbit(state.camera, {-step, 0}, dt_s, app.camera_options);
            if (ImGui::IsKeyDown(ImGui::GetKeyIndex(ImGuiKey_RightArrow)))
                orbit(state.camera, {step, 0}, dt_s, app.camera_options);
            if (ImGui::IsKeyDown(ImGui::GetKeyIndex(ImGuiKey_UpArrow)))
                orbit(state.camera, {0, -step}, dt_s, app.camera_options);
            if (ImGui::IsKeyDown(ImGui::GetKeyIndex(ImGuiKey_DownArrow)))
                orbit(state.camera, {0, step}, dt_s, app.camera_options);
            for (ImWchar c : io.InputQueueCharacters) {
                if (c == '+' || c == '=')
                    zoom(state.camera, 1.0f, state.camera.target);
                if (c == '-')
                    zoom(state.camera, -1.0f, state.camera.target);
                if (c == 'r' || c == 'R')
                    frame_model(app, world_bounds);
            }
        }
        update_camera(state.camera, dt_s, app.camera_options);
        geometry.view = view_matrix(state.camera);
        geometry.projection = projection_matrix(state.camera, size.x / std::max(size.y, 1.0f));

        // Ask render_frame for the model.
        App::SceneRequest request;
        request.model = gpu.full;
        request.light_model = gpu.light;
        request.world_from_model = geometry.world_from_model;
        request.world_bounds = world_bounds;
        request.view.view = geometry.view;
        request.view.projection = geometry.projection;
        request.settings.unlit = artifact.capture.has_value() && !artifact.model.illustrative;
        request.always_full_quality =
            !state.buttons;  // the attract loop turns slowly: keep it sharp
        app.scene = request;

        // Markers, numbered in the order of the artifact's annotations that show at this level.
        app.layout.markers.clear();
        const glm::vec3 eye = eye_position(state.camera);
        int number = 0;
        for (std::size_t i = 0; i < artifact.annotations.size(); ++i) {
            const exhibit::Annotation& annotation = artifact.annotations[i];
            if (!annotation_visible(app, annotation))
                continue;
            ++number;
            const glm::vec3 anchor = to_world(geometry.world_from_model, annotation.position);
            const auto at = geometry.project(anchor);
            if (!at)
                continue;
            const bool hidden = geometry.occluded(eye, anchor);
            const bool selected = int(i) == state.selected_annotation;
            if (!state.buttons)
                continue;  // the attract loop shows the object alone
            draw_marker(draw, *at, number, selected, hidden ? 0.35f : 1.0f, scale);
            const float radius = 22.0f * scale;  // touch-sized hit area
            app.layout.markers[int(i)] = {*at - radius, *at + radius};
        }

        // A click (no drag): a marker selects its annotation; when measuring, the surface
        // gives a point. Markers are where this frame drew them.
        if (hovered && ImGui::IsMouseReleased(ImGuiMouseButton_Left) &&
            glm::length(glm::vec2(io.MouseDragMaxDistanceAbs[0].x,
                                  io.MouseDragMaxDistanceAbs[0].y)) < 4.0f * scale) {
            bool on_marker = false;
            for (const auto& [index, region] : app.layout.markers) {
                if (glm::length(mouse - region.center()) <= (region.max.x - region.min.x) * 0.5f) {
                    select_annotation(app, artifact,
                                      index == state.selected_annotation ? -1 : index);
                    on_marker = true;
                    break;
                }
            }
            if (!on_marker && state.measuring) {
                if (const auto point = geometry.pick(mouse)) {
                    if (state.measure_points.size() >= 2)
                        state.measure_points.clear();
                    state.measure_points.push_back(*point);
                }
            }
        }

        // Measurement: the two points, the line between, the distance in mm.
        if (state.measuring) {
            std::vector<glm::vec2> points;
            for (const glm::vec3& p : state.measure_points) {
                if (const auto at = geometry.project(p))
                    points.push_back(*at);
            }
            for (const glm::vec2& p : points) {
                draw->AddCircleFilled(ImVec2(p.x, p.y), 7.0f * scale, Palette::kGold);
                draw->AddCircle(ImVec2(p.x, p.y), 7.0f * scale, IM_COL32_WHITE, 0, 2.0f);
            }
            if (points.size() == 2) {
                draw->AddLine(ImVec2(points[0].x, points[0].y), ImVec2(points[1].x, points[1].y),
                              Palette::kGold, 3.0f * scale);
                const float metres = glm::length(state.measure_points[1] - state.measure_points[0]);
                const std::string label =
                    fill(word(app, "view.distance"), {{"mm", millimetres(metres)}});
                const glm::vec2 mid = (points[0] + points[1]) * 0.5f;
                const ImVec2 text = ImGui::CalcTextSize(label.c_str());
                draw->AddRectFilled(ImVec2(mid.x - text.x * 0.5f - 10, mid.y - text.y - 18),
                                    ImVec2(mid.x + text.x * 0.5f + 10, mid.y - 8),
                                    IM_COL32(40, 30, 24, 220), 8.0f);
                draw->AddText(ImVec2(mid.x - text.x * 0.5f, mid.y - text.y - 13), IM_COL32_WHITE,
                              label.c_str());
            }
        }
    } else if (entry.status == LoadStatus::Failed) {
        // The error, where the model would be; the rest of the screen keeps working. Paths
        // inside the package are shown relative to it.
        std::string message = entry.error;
        const std::string root = app.package.package.root.string() + "/";
        for (std::size_t at = message.find(root); at != std::string::npos;
             at = message.find(root)) {
            message.erase(at, root.size());
        }
        const float width = std::min(size.x * 0.8f, 640.0f * scale);
        const ImGuiStyle& style = ImGui::GetStyle();
        const float text_width = width - 2 * style.WindowPadding.x;
        const float height = app.fonts.heading->FontSize + style.ItemSpacing.y +
                             ImGui::CalcTextSize(message.c_str(), nullptr, false, text_width).y +
                             2 * style.WindowPadding.y;
        ImGui::SetCursorScreenPos(
            ImVec2(origin.x + (size.x - width) * 0.5f, origin.y + (size.y - height) * 0.45f));
        ImGui::PushStyleColor(ImGuiCol_ChildBg, to_vec4(Palette::kPanel));
        ImGui::BeginChild("##model_error", ImVec2(width, height), true,
                          ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NoScrollbar);
        ImGui::PushFont(app.fonts.heading);
        ImGui::PushStyleColor(ImGuiCol_Text, Palette::kError);
        ImGui::TextUnformatted(word(app, "model.failed").c_str());
        ImGui::PopStyleColor();
        ImGui::PopFont();
        paragraph(message);
        ImGui::EndChild();
        ImGui::PopStyleColor();
    } else {
        // Loading: a progress bar in the middle of the view; the UI stays responsive.
        const float width = std::min(size.x * 0.6f, 420.0f * scale);
        ImGui::SetCursorScreenPos(
            ImVec2(origin.x + (size.x - width) * 0.5f, origin.y + size.y * 0.45f));
        ImGui::BeginGroup();
        paragraph(word(app, "model.loading"));
        ImGui::ProgressBar(entry.progress, ImVec2(width, 14.0f * scale), "");
        ImGui::EndGroup();
    }

    const float button = 56.0f * scale;
    const float margin = 16.0f * scale;
    if (state.buttons) {
        // On-screen buttons down the right edge: zoom in, zoom out, reset, measure.
        float y = origin.y + margin;
        auto side_button = [&](const char* id, const std::string& label, bool on) {
            // Square for a symbol, wider for a word; always at least a touch target.
            const float width = std::max(button, ImGui::CalcTextSize(label.c_str()).x +
                                                     2 * ImGui::GetStyle().FramePadding.x);
            ImGui::SetCursorScreenPos(ImVec2(origin.x + size.x - width - margin, y));
            if (on)
                ImGui::PushStyleColor(ImGuiCol_Button, to_vec4(Palette::kAccentSoft));
            ImGui::PushID(id);
            const bool pressed = ImGui::Button(label.c_str(), ImVec2(width, button));
            app.layout.view_buttons[id] = last_item_region();
            ImGui::PopID();
            if (on)
                ImGui::PopStyleColor();
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s", word(app, std::string("view.") + id).c_str());
            y += button + 10.0f * scale;
            return pressed;
        };
        ImGui::PushFont(app.fonts.heading);
        if (side_button("zoom_in", "+", false))
            zoom(state.camera, 1.0f, state.camera.target);
        if (side_button("zoom_out", "–", false))
            zoom(state.camera, -1.0f, state.camera.target);
        // Turn the object a twelfth of a turn either way: touch screens have no drag gestures
        // that every visitor knows.
        auto turn = [&](float degrees) {
            const float yaw = glm::radians(state.camera.yaw_deg + degrees);
            const float pitch = glm::radians(state.camera.pitch_deg);
            const glm::vec3 from(std::sin(yaw) * std::cos(pitch), std::sin(pitch),
                                 std::cos(yaw) * std::cos(pitch));
            fly_to(state.camera, state.camera.target, from, state.camera.distance);
        };
        ImGui::PopFont();
        if (side_button("turn_left", word(app, "view.turn_left"), false))
            turn(-30.0f);
        if (side_button("turn_right", word(app, "view.turn_right"), false))
            turn(30.0f);
        if (side_button("reset", word(app, "view.reset"), false) &&
            entry.status == LoadStatus::Ready) {
            frame_model(app,
                        transform_bounds(geometry.world_from_model, entry.model->model.bounds));
        }
        if (side_button("measure", word(app, "view.measure"), state.measuring)) {
            state.measuring = !state.measuring;
            state.measure_points.clear();
        }
    }

    // The selected annotation's text, in a card at the bottom of the view.
    const float bottom_margin = 46.0f * scale;
    if (state.annotation_card && state.selected_annotation >= 0 &&
        state.selected_annotation < int(artifact.annotations.size())) {
        const exhibit::Annotation& annotation =
            artifact.annotations[std::size_t(state.selected_annotation)];
        const float width = std::min(size.x - 2 * margin - button - margin, 620.0f * scale);
        ImGui::SetNextWindowPos(ImVec2(origin.x + margin, origin.y + size.y - bottom_margin),
                                ImGuiCond_Always, ImVec2(0.0f, 1.0f));
        ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(width, size.y * 0.5f));
        ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(1.0f, 0.99f, 0.97f, 0.96f));
        ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 12.0f * scale);
        ImGui::Begin("##annotation_card", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize);
        heading(app, text_of(app, annotation.title));
        paragraph(text_of(app, annotation.text));
        ImGui::End();
        ImGui::PopStyleVar();
        ImGui::PopStyleColor();
    } else if (state.measuring && state.measure_points.size() < 2) {
        ImGui::SetCursorScreenPos(
            ImVec2(origin.x + margin, origin.y + size.y - bottom_margin - 40 * scale));
        ImGui::PushStyleColor(ImGuiCol_Text, Palette::kAccent);
        ImGui::TextUnformatted(word(app, "view.measure_hint").c_str());
        ImGui::PopStyleColor();
    }

    // The honest label, and how to use the view.
    ImGui::SetCursorScreenPos(ImVec2(origin.x + margin, origin.y + size.y - 34.0f * scale));
    ImGui::PushStyleColor(ImGuiCol_Text, Palette::kMuted);
    if (artifact.model.illustrative) {
        const std::string& note = artifact.model.note.empty() ? word(app, "model.illustrative")
                                                              : text_of(app, artifact.model.note);
        ImGui::TextUnformatted(note.c_str());
    } else {
        ImGui::TextUnformatted(word(app, "view.help").c_str());
    }
    ImGui::PopStyleColor();
    ImGui::End();
}

bool annotation_visible(const App& app, const exhibit::Annotation& annotation) {
    if (!annotation.levels.empty() && std::find(annotation.levels.begin(), annotation.levels.end(),
                                                app.level) == annotation.levels.end()) {
        return false;
    }
    if (annotation.sensitivity && annotation.sensitivity->min_level &&
        app.level < *annotation.sensitivity->min_level) {
        return false;
    }
    return true;
}

void select_annotation(App& app, const exhibit::Artifact& artifact, int index) {
    ArtifactScreenState& state = app.artifact;
    state.selected_annotation = index;
    if (index < 0 || index >= int(artifact.annotations.size()))
        return;
    // Turn to face the anchor along its normal, a little from above, closer than the framing.
    const exhibit::Annotation& annotation = artifact.annotations[std::size_t(index)];
    const glm::mat4 world_from = placement(artifact);
    const glm::vec3 anchor = to_world(world_from, annotation.position);
    glm::vec3 normal = glm::mat3(world_from) *
                       glm::vec3(annotation.normal[0], annotation.normal[1], annotation.normal[2]);
    normal = glm::normalize(normal + glm::vec3(0.0f, 0.35f, 0.0f));
    const float distance = std::max(state.camera.min_distance * 4.0f, state.camera.distance * 0.7f);
    fly_to(state.camera, anchor, normal, distance);
}

void draw_artifact_screen(App& app, float dt_s) {
    const exhibit::Artifact* artifact =
        exhibit::find_artifact(app.package.package, app.artifact.artifact_id);
    if (!artifact) {
        go_home(app);
        return;
    }
    if (draw_top_bar(app, text_of(app, artifact->title), true)) {
        go_home(app);
        return;
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)) && !ImGui::GetIO().WantTextInput) {
        go_home(app);
        return;
    }
    const SplitLayout layout = split_layout(app, 0.36f, 380.0f, 580.0f);
    begin_side_panel(layout, "##panel");
    draw_artifact_panel(app, *artifact);
    end_side_panel();

    draw_scene_view(app, *artifact, layout.view_origin, layout.view_size, dt_s);
}

}  // namespace heritage::viewer
