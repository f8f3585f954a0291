// render/scene/orbit_camera.cpp: orbit, pan and zoom act at once on the camera; update_camera
// then advances what goes on by itself: a flight (smoothstep-eased, shortest way round) or the
// spin a drag leaves behind (exponential decay by half-life). A drag's own frame gets no extra
// inertia step, so the object turns exactly with the mouse.
#include "render/scene/orbit_camera.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <glm/gtc/matrix_transform.hpp>

namespace heritage::render {
namespace {

constexpr float kZoomPerStep = 0.85f;  // one wheel notch closer multiplies the distance
constexpr float kFrameMargin = 1.1f;   // 10 % space around the framed bounding sphere
constexpr float kFrameYawDeg = 30.0f;  // the pleasant 3/4 view of frame_bounds
constexpr float kFramePitchDeg = 20.0f;
constexpr float kMinDistanceOfRadius = 0.05f;   // closest zoom, as a share of the model's radius
constexpr float kMaxDistanceOfFraming = 10.0f;  // farthest zoom, in framing distances
constexpr float kSpinStopDegPerS = 0.5f;        // slower inertia than this stops

// `degrees` in (-180, 180].
float wrap_degrees(float degrees) {
    float wrapped = std::fmod(degrees + 180.0f, 360.0f);
    if (wrapped <= 0.0f) {
        wrapped += 360.0f;
    }
    return wrapped - 180.0f;
}

float clamp_distance(const OrbitCamera& camera, float distance) {
    return std::clamp(distance, camera.min_distance,
                      std::max(camera.min_distance, camera.max_distance));
}

// The unit vector from the target towards the eye.
glm::vec3 eye_direction(float yaw_deg, float pitch_deg) {
    const float yaw = glm::radians(yaw_deg);
    const float pitch = glm::radians(pitch_deg);
    return {std::cos(pitch) * std::sin(yaw), std::sin(pitch), std::cos(pitch) * std::cos(yaw)};
}

float smoothstep(float s) {
    s = std::clamp(s, 0.0f, 1.0f);
    return s * s * (3.0f - 2.0f * s);
}

}  // namespace

glm::vec3 eye_position(const OrbitCamera& camera) {
    return camera.target + camera.distance * eye_direction(camera.yaw_deg, camera.pitch_deg);
}

glm::mat4 view_matrix(const OrbitCamera& camera) {
    return glm::lookAt(eye_position(camera), camera.target, glm::vec3(0.0f, 1.0f, 0.0f));
}

glm::mat4 projection_matrix(const OrbitCamera& camera, float aspect) {
    assert(aspect > 0.0f);
    // Near follows the distance (depth precision for small objects close up); far reaches past
    // the whole model even when the target has been panned to its edge.
    const float near = std::max(camera.distance * 0.01f, 0.001f);
    const float far = camera.distance * 10.0f + 2.0f * camera.scene_radius;
    return glm::perspective(glm::radians(camera.fov_y_deg), aspect, near, std::max(far, near * 2));
}

void frame_bounds(OrbitCamera& camera, const Bounds& bounds, const OrbitCameraOptions& options) {
    assert(options.fov_y_deg > 0.0f && options.fov_y_deg < 180.0f && options.aspect > 0.0f);
    const float radius = std::max(bounds.radius(), 1e-4f);  // a point still gets a sane view
    // The bounding sphere fits the narrower of the two fields of view: it touches a view plane
    // at distance r / sin(half angle) from the eye.
    const float half_fov_y = glm::radians(options.fov_y_deg) * 0.5f;
    const float half_fov_x = std::atan(std::tan(half_fov_y) * options.aspect);
    const float half_fov = std::min(half_fov_y, half_fov_x);
    const float distance = kFrameMargin * radius / std::sin(half_fov);

    camera.target = bounds.center();
    camera.distance = distance;
    camera.yaw_deg = kFrameYawDeg;
    camera.pitch_deg = std::clamp(kFramePitchDeg, options.min_pitch_deg, options.max_pitch_deg);
    camera.fov_y_deg = options.fov_y_deg;
    camera.scene_radius = radius;
    camera.min_distance = kMinDistanceOfRadius * radius;
    camera.max_distance = kMaxDistanceOfFraming * distance;
    camera.spin_deg_per_s = glm::vec2(0.0f);
    camera.flight.active = false;
}

void orbit(OrbitCamera& camera, glm::vec2 delta_px, float dt_s, const OrbitCameraOptions& options) {
    // Dragging right turns the object to the right (the eye goes left); dragging down tips its
    // top towards the visitor (the eye goes up).
    const glm::vec2 delta_deg(-delta_px.x * options.orbit_deg_per_px,
                              delta_px.y * options.orbit_deg_per_px);
    camera.flight.active = false;
    camera.yaw_deg = wrap_degrees(camera.yaw_deg + delta_deg.x);
    const float pitch = camera.pitch_deg + delta_deg.y;
    camera.pitch_deg = std::clamp(pitch, options.min_pitch_deg, options.max_pitch_deg);
    // The velocity of this frame's drag carries on after release (a still mouse records 0).
    camera.spin_deg_per_s = dt_s > 0.0f ? delta_deg / dt_s : glm::vec2(0.0f);
    if (camera.pitch_deg != pitch) {
        camera.spin_deg_per_s.y = 0.0f;  // against the pitch limit
    }
    camera.dragged = true;
}

void pan(OrbitCamera& camera, glm::vec2 delta_px, glm::vec2 viewport_size) {
    assert(viewport_size.y > 0.0f);
    camera.flight.active = false;
    camera.spin_deg_per_s = glm::vec2(0.0f);
    // At the target's depth one pixel spans this many metres.
    const float metres_per_px =
        2.0f * camera.distance * std::tan(glm::radians(camera.fov_y_deg) * 0.5f) / viewport_size.y;
    const glm::vec3 forward = -eye_direction(camera.yaw_deg, camera.pitch_deg);
    const glm::vec3 right = glm::normalize(glm::cross(forward, glm::vec3(0.0f, 1.0f, 0.0f)));
    const glm::vec3 up = glm::cross(right, forward);
    // The scene follows the cursor, so the target moves the other way (pixel y points down).
    camera.target += (-delta_px.x * right + delta_px.y * up) * metres_per_px;
}

void zoom(OrbitCamera& camera, float steps, glm::vec3 towards) {
    camera.flight.active = false;
    const float distance = clamp_distance(camera, camera.distance * std::pow(kZoomPerStep, steps));
    // Scaling the whole view about `towards` keeps that point still on the screen: the target
    // moves the same fraction of the way as the distance shrinks.
    const float scale = distance / camera.distance;
    camera.target += (towards - camera.target) * (1.0f - scale);
    camera.distance = distance;
}

void fly_to(OrbitCamera& camera, glm::vec3 target, glm::vec3 from_direction, float distance) {
    const OrbitCameraOptions limits;  // the default pitch limits keep the view off the poles
    OrbitCamera::Flight& flight = camera.flight;
    flight.from_target = camera.target;
    flight.from_distance = camera.distance;
    flight.from_yaw = camera.yaw_deg;
    flight.from_pitch = camera.pitch_deg;

    flight.to_target = target;
    flight.to_distance = clamp_distance(camera, distance);
    const float length = glm::length(from_direction);
    if (length > 0.0f) {
        const glm::vec3 direction = from_direction / length;
        const float yaw = glm::degrees(std::atan2(direction.x, direction.z));
        // The shortest way round: the end yaw is within 180° of the start.
        flight.to_yaw = camera.yaw_deg + wrap_degrees(yaw - camera.yaw_deg);
        flight.to_pitch = std::clamp(glm::degrees(std::asin(std::clamp(direction.y, -1.0f, 1.0f))),
                                     limits.min_pitch_deg, limits.max_pitch_deg);
    } else {
        flight.to_yaw = camera.yaw_deg;  // no direction given: keep the current one
        flight.to_pitch = camera.pitch_deg;
    }
    flight.time_s = 0.0f;
    flight.active = true;
    camera.spin_deg_per_s = glm::vec2(0.0f);
}

void fly_to_view(OrbitCamera& camera, glm::vec3 eye, glm::vec3 target) {
    fly_to(camera, target, eye - target, glm::length(eye - target));
}

bool update_camera(OrbitCamera& camera, float dt_s, const OrbitCameraOptions& options) {
    assert(dt_s >= 0.0f);
    const bool dragged = camera.dragged;
    camera.dragged = false;

    // A flight: eased in and out, ending exactly on its destination.
    if (camera.flight.active) {
        OrbitCamera::Flight& flight = camera.flight;
        flight.time_s += dt_s;
        if (flight.time_s >= options.flight_duration_s) {
            flight.active = false;
            camera.target = flight.to_target;
            camera.distance = flight.to_distance;
            camera.yaw_deg = wrap_degrees(flight.to_yaw);
            camera.pitch_deg = flight.to_pitch;
            return true;  // moved this frame; still next frame
        }
        const float s = smoothstep(flight.time_s / options.flight_duration_s);
        camera.target = glm::mix(flight.from_target, flight.to_target, s);
        camera.distance = glm::mix(flight.from_distance, flight.to_distance, s);
        camera.yaw_deg = glm::mix(flight.from_yaw, flight.to_yaw, s);
        camera.pitch_deg = glm::mix(flight.from_pitch, flight.to_pitch, s);
        return true;
    }

    // Inertia: the drag's spin goes on, halving every half-life. Not in a frame where the drag
    // itself already turned the camera.
    if (camera.spin_deg_per_s == glm::vec2(0.0f)) {
        return false;
    }
    if (!dragged) {
        camera.yaw_deg = wrap_degrees(camera.yaw_deg + camera.spin_deg_per_s.x * dt_s);
        const float pitch = camera.pitch_deg + camera.spin_deg_per_s.y * dt_s;
        camera.pitch_deg = std::clamp(pitch, options.min_pitch_deg, options.max_pitch_deg);
        if (camera.pitch_deg != pitch) {
            camera.spin_deg_per_s.y = 0.0f;
        }
        const float decay = options.inertia_half_life_s > 0.0f
                                ? std::exp2(-dt_s / options.inertia_half_life_s)
                                : 0.0f;
        camera.spin_deg_per_s *= decay;
        if (glm::length(camera.spin_deg_per_s) < kSpinStopDegPerS) {
            camera.spin_deg_per_s = glm::vec2(0.0f);
        }
    }
    return true;
}

}  // namespace heritage::render
