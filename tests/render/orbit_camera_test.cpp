// The artifact view's camera: known eye positions and matrices, framing, zoom limits, pan,
// flights and inertia.
#include "render/scene/orbit_camera.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <glm/gtc/matrix_transform.hpp>

using namespace heritage::render;

namespace {

constexpr float kEps = 1e-5f;

bool near(glm::vec3 a, glm::vec3 b, float eps = kEps) {
    return glm::length(a - b) <= eps;
}

// Where `point` shows in a viewport of `size` pixels (origin top left).
glm::vec2 to_pixel(const OrbitCamera& camera, glm::vec2 size, glm::vec3 point) {
    const glm::vec4 clip =
        projection_matrix(camera, size.x / size.y) * view_matrix(camera) * glm::vec4(point, 1.0f);
    const glm::vec2 ndc = glm::vec2(clip) / clip.w;
    return {(ndc.x + 1.0f) * 0.5f * size.x, (1.0f - ndc.y) * 0.5f * size.y};
}

std::vector<glm::vec3> corners(const Bounds& b) {
    std::vector<glm::vec3> out;
    for (int i = 0; i < 8; ++i) {
        out.push_back(
            {i & 1 ? b.max.x : b.min.x, i & 2 ? b.max.y : b.min.y, i & 4 ? b.max.z : b.min.z});
    }
    return out;
}

// Runs update_camera at 60 Hz for `seconds`.
void run_for(OrbitCamera& camera, float seconds, const OrbitCameraOptions& options) {
    for (float t = 0.0f; t < seconds; t += 1.0f / 60.0f) {
        update_camera(camera, 1.0f / 60.0f, options);
    }
}

}  // namespace

TEST_CASE("the eye sits at distance from the target, by yaw and pitch", "[orbit_camera]") {
    OrbitCamera camera;
    camera.target = {1.0f, 2.0f, 3.0f};
    camera.distance = 2.0f;

    camera.yaw_deg = 0.0f;  // from +Z
    camera.pitch_deg = 0.0f;
    CHECK(near(eye_position(camera), {1.0f, 2.0f, 5.0f}));

    camera.yaw_deg = 90.0f;  // from +X
    CHECK(near(eye_position(camera), {3.0f, 2.0f, 3.0f}));

    camera.yaw_deg = 0.0f;  // from above
    camera.pitch_deg = 30.0f;
    CHECK(near(eye_position(camera), {1.0f, 2.0f + 1.0f, 3.0f + std::sqrt(3.0f)}));

    camera.yaw_deg = -90.0f;  // from -X, below
    camera.pitch_deg = -45.0f;
    CHECK(near(eye_position(camera), {1.0f - std::sqrt(2.0f), 2.0f - std::sqrt(2.0f), 3.0f}));
}

TEST_CASE("the view matrix puts the eye at the origin looking down -Z at the target",
          "[orbit_camera]") {
    OrbitCamera camera;
    camera.target = {0.5f, -1.0f, 2.0f};
    camera.distance = 3.0f;
    camera.yaw_deg = 40.0f;
    camera.pitch_deg = 25.0f;
    const glm::mat4 view = view_matrix(camera);
    CHECK(near(glm::vec3(view * glm::vec4(eye_position(camera), 1.0f)), glm::vec3(0.0f)));
    CHECK(near(glm::vec3(view * glm::vec4(camera.target, 1.0f)), {0.0f, 0.0f, -3.0f}));
    // World up stays up on the screen.
    const glm::vec3 up_in_view = glm::mat3(view) * glm::vec3(0.0f, 1.0f, 0.0f);
    CHECK(up_in_view.x == Approx(0.0f).margin(kEps));
    CHECK(up_in_view.y > 0.0f);
}

TEST_CASE("near and far planes follow the distance", "[orbit_camera]") {
    OrbitCamera camera;
    camera.distance = 2.0f;
    camera.scene_radius = 0.5f;
    camera.fov_y_deg = 35.0f;
    const glm::mat4 projection = projection_matrix(camera, 1.5f);
    const auto depth = [&](float z) {
        const glm::vec4 clip = projection * glm::vec4(0.0f, 0.0f, -z, 1.0f);
        return clip.z / clip.w;
    };
    CHECK(depth(0.02f) == Approx(-1.0f).margin(1e-4));               // near = 1 % of the distance
    CHECK(depth(2.0f * 10.0f + 1.0f) == Approx(1.0f).margin(1e-4));  // far = 10 d + 2 r
    // Vertical field of view: a point at the top edge of the view.
    const float top = 2.0f * std::tan(glm::radians(35.0f) * 0.5f);
    const glm::vec4 clip = projection * glm::vec4(0.0f, top, -2.0f, 1.0f);
    CHECK(clip.y / clip.w == Approx(1.0f).margin(1e-5));

    camera.distance = 0.01f;  // very close: near never below 1 mm
    const glm::mat4 close = projection_matrix(camera, 1.0f);
    const glm::vec4 at_1mm = close * glm::vec4(0.0f, 0.0f, -0.001f, 1.0f);
    CHECK(at_1mm.z / at_1mm.w == Approx(-1.0f).margin(1e-4));
}

TEST_CASE("frame_bounds keeps all 8 corners inside the view, at a 3/4 angle", "[orbit_camera]") {
    const Bounds bounds{{-0.3f, 0.0f, -0.2f}, {0.5f, 1.1f, 0.25f}};
    for (const float aspect : {1.0f, 16.0f / 9.0f, 9.0f / 16.0f, 0.4f}) {
        INFO("aspect " << aspect);
        OrbitCameraOptions options;
        options.aspect = aspect;
        OrbitCamera camera;
        frame_bounds(camera, bounds, options);
        CHECK(near(camera.target, bounds.center()));
        CHECK(camera.yaw_deg == 30.0f);
        CHECK(camera.pitch_deg == 20.0f);
        CHECK(camera.fov_y_deg == options.fov_y_deg);

        const glm::mat4 clip_from_world = projection_matrix(camera, aspect) * view_matrix(camera);
        for (const glm::vec3& corner : corners(bounds)) {
            const glm::vec4 clip = clip_from_world * glm::vec4(corner, 1.0f);
            INFO("corner " << corner.x << ", " << corner.y << ", " << corner.z);
            CHECK(std::abs(clip.x) <= clip.w);
            CHECK(std::abs(clip.y) <= clip.w);
            CHECK(std::abs(clip.z) <= clip.w);
        }

        // The sphere fills the narrower field of view with a 10 % margin.
        const float half_y = glm::radians(options.fov_y_deg) * 0.5f;
        const float half = std::min(half_y, std::atan(std::tan(half_y) * aspect));
        CHECK(camera.distance == Approx(1.1f * bounds.radius() / std::sin(half)));
        CHECK(camera.min_distance == Approx(0.05f * bounds.radius()));
        CHECK(camera.max_distance == Approx(10.0f * camera.distance));
    }
}

TEST_CASE("frame_bounds on a landscape view fits the height, not the width", "[orbit_camera]") {
    const Bounds bounds{{-1.0f, -1.0f, -1.0f}, {1.0f, 1.0f, 1.0f}};
    OrbitCameraOptions square, wide;
    wide.aspect = 2.0f;
    OrbitCamera a, b;
    frame_bounds(a, bounds, square);
    frame_bounds(b, bounds, wide);
    CHECK(a.distance == Approx(b.distance));
}

TEST_CASE("zoom moves by 0.85 per step towards the point, within the limits", "[orbit_camera]") {
    OrbitCamera camera;
    frame_bounds(camera, Bounds{{-0.5f, 0.0f, -0.5f}, {0.5f, 1.0f, 0.5f}}, {});
    const float start = camera.distance;

    SECTION("one step closer towards the target keeps the target") {
        const glm::vec3 target = camera.target;
        zoom(camera, 1.0f, camera.target);
        CHECK(camera.distance == Approx(start * 0.85f));
        CHECK(near(camera.target, target));
    }
    SECTION("towards a point off centre: that point stays still on the screen") {
        const glm::vec2 size(1280.0f, 720.0f);
        const glm::vec3 point{0.4f, 0.9f, 0.3f};
        const glm::vec2 before = to_pixel(camera, size, point);
        const glm::vec3 target = camera.target;
        zoom(camera, 2.0f, point);
        CHECK(camera.distance == Approx(start * 0.85f * 0.85f));
        CHECK(near(camera.target, target + (point - target) * (1.0f - 0.85f * 0.85f)));
        const glm::vec2 after = to_pixel(camera, size, point);
        CHECK(after.x == Approx(before.x).margin(0.01));
        CHECK(after.y == Approx(before.y).margin(0.01));
    }
    SECTION("zooming in stops at min_distance, zooming out at max_distance") {
        zoom(camera, 100.0f, camera.target);
        CHECK(camera.distance == camera.min_distance);
        const glm::vec3 target = camera.target;
        zoom(camera, 1.0f, camera.target + glm::vec3(1.0f, 0.0f, 0.0f));
        CHECK(camera.distance == camera.min_distance);
        CHECK(near(camera.target, target));  // at the limit, nothing moves
        zoom(camera, -200.0f, camera.target);
        CHECK(camera.distance == camera.max_distance);
    }
}

TEST_CASE("pan moves the scene with the cursor", "[orbit_camera]") {
    OrbitCamera camera;
    frame_bounds(camera, Bounds{{-0.5f, 0.0f, -0.5f}, {0.5f, 1.0f, 0.5f}}, {});
    const glm::vec2 size(1000.0f, 800.0f);
    const glm::vec3 point = camera.target;  // a point at the target's depth
    const glm::vec2 before = to_pixel(camera, size, point);
    const float distance = camera.distance;
    pan(camera, {40.0f, -25.0f}, size);
    const glm::vec2 after = to_pixel(camera, size, point);
    CHECK(after.x == Approx(before.x + 40.0f).margin(0.01));
    CHECK(after.y == Approx(before.y - 25.0f).margin(0.01));
    CHECK(camera.distance == distance);
}

TEST_CASE("orbit turns by degrees per pixel and clamps the pitch", "[orbit_camera]") {
    OrbitCameraOptions options;
    OrbitCamera camera;
    camera.yaw_deg = 10.0f;
    camera.pitch_deg = 15.0f;
    orbit(camera, {10.0f, 20.0f}, 1.0f / 60.0f, options);
    CHECK(camera.yaw_deg == Approx(10.0f - 3.0f));    // dragging right: the eye goes left
    CHECK(camera.pitch_deg == Approx(15.0f + 6.0f));  // dragging down: the eye goes up
    orbit(camera, {0.0f, 10000.0f}, 1.0f / 60.0f, options);
    CHECK(camera.pitch_deg == options.max_pitch_deg);
    orbit(camera, {0.0f, -10000.0f}, 1.0f / 60.0f, options);
    CHECK(camera.pitch_deg == options.min_pitch_deg);
    orbit(camera, {-700.0f, 0.0f}, 1.0f / 60.0f, options);  // yaw stays in (-180, 180]
    CHECK(camera.yaw_deg == Approx(7.0f + 210.0f - 360.0f));
}

TEST_CASE("inertia keeps spinning after release and halves every half-life", "[orbit_camera]") {
    OrbitCameraOptions options;
    OrbitCamera camera;
    camera.yaw_deg = 0.0f;
    orbit(camera, {-10.0f, 0.0f}, 1.0f / 60.0f, options);  // 3° in one frame: 180°/s
    CHECK(camera.spin_deg_per_s.x == Approx(180.0f));
    CHECK(camera.yaw_deg == Approx(3.0f));

    // The frame of the drag itself adds nothing more.
    CHECK(update_camera(camera, 1.0f / 60.0f, options));
    CHECK(camera.yaw_deg == Approx(3.0f));

    // After release: one half-life later the spin is half, and the camera turned with it.
    CHECK(update_camera(camera, options.inertia_half_life_s, options));
    CHECK(camera.spin_deg_per_s.x == Approx(90.0f));
    CHECK(camera.yaw_deg == Approx(3.0f + 180.0f * options.inertia_half_life_s));
    CHECK(update_camera(camera, options.inertia_half_life_s, options));
    CHECK(camera.spin_deg_per_s.x == Approx(45.0f));

    // It comes to rest, and then update reports no motion.
    run_for(camera, 5.0f, options);
    CHECK(camera.spin_deg_per_s == glm::vec2(0.0f));
    const float yaw = camera.yaw_deg;
    CHECK_FALSE(update_camera(camera, 1.0f / 60.0f, options));
    CHECK(camera.yaw_deg == yaw);
}

TEST_CASE("a still mouse during a drag leaves no spin", "[orbit_camera]") {
    OrbitCameraOptions options;
    OrbitCamera camera;
    orbit(camera, {30.0f, 0.0f}, 1.0f / 60.0f, options);
    update_camera(camera, 1.0f / 60.0f, options);
    orbit(camera, {0.0f, 0.0f}, 1.0f / 60.0f, options);
    update_camera(camera, 1.0f / 60.0f, options);
    CHECK(camera.spin_deg_per_s == glm::vec2(0.0f));
}

TEST_CASE("a flight eases to its destination and ends exactly there", "[orbit_camera]") {
    OrbitCameraOptions options;
    OrbitCamera camera;
    frame_bounds(camera, Bounds{{-0.5f, 0.0f, -0.5f}, {0.5f, 1.0f, 0.5f}}, options);
    const glm::vec3 start_target = camera.target;
    const glm::vec3 eye{0.2f, 1.4f, -1.5f};
    const glm::vec3 target{0.1f, 0.6f, 0.0f};
    fly_to_view(camera, eye, target);
    REQUIRE(camera.flight.active);

    // Half way in time is half way in space (smoothstep(0.5) = 0.5); eased at the start.
    CHECK(update_camera(camera, options.flight_duration_s * 0.1f, options));
    const float early =
        glm::length(camera.target - start_target) / glm::length(target - start_target);
    CHECK(early == Approx(0.028f).margin(1e-3));  // smoothstep(0.1) = 0.028
    CHECK(update_camera(camera, options.flight_duration_s * 0.4f, options));
    CHECK(near(camera.target, glm::mix(start_target, target, 0.5f)));

    run_for(camera, options.flight_duration_s, options);
    CHECK_FALSE(camera.flight.active);
    CHECK(camera.target == target);
    CHECK(near(eye_position(camera), eye));
    CHECK_FALSE(update_camera(camera, 1.0f / 60.0f, options));
}

TEST_CASE("fly_to looks from a direction at a distance", "[orbit_camera]") {
    OrbitCameraOptions options;
    OrbitCamera camera;
    camera.max_distance = 10.0f;
    fly_to(camera, {1.0f, 0.0f, 0.0f}, {0.0f, 0.0f, -2.0f}, 3.0f);  // from behind
    run_for(camera, options.flight_duration_s + 0.1f, options);
    CHECK(near(eye_position(camera), {1.0f, 0.0f, -3.0f}));
    CHECK(camera.distance == 3.0f);
}

TEST_CASE("a flight turns the shortest way round", "[orbit_camera]") {
    OrbitCameraOptions options;
    OrbitCamera camera;
    camera.yaw_deg = 170.0f;
    camera.pitch_deg = 0.0f;
    const float to_yaw = glm::radians(-170.0f);
    fly_to(camera, camera.target, {std::sin(to_yaw), 0.0f, std::cos(to_yaw)}, camera.distance);
    update_camera(camera, options.flight_duration_s * 0.5f, options);
    // Through 180°, not through 0°.
    CHECK(std::abs(camera.yaw_deg) == Approx(180.0f).margin(1e-3));
    run_for(camera, options.flight_duration_s, options);
    CHECK(camera.yaw_deg == Approx(-170.0f).margin(1e-3));
}

TEST_CASE("the visitor's orbit, pan or zoom cancels a flight", "[orbit_camera]") {
    OrbitCameraOptions options;
    OrbitCamera camera;
    camera.max_distance = 10.0f;
    const auto start_flight = [&] {
        fly_to(camera, {1.0f, 1.0f, 1.0f}, {0.0f, 0.0f, 1.0f}, 2.0f);
        update_camera(camera, 0.1f, options);
    };
    start_flight();
    orbit(camera, {5.0f, 0.0f}, 1.0f / 60.0f, options);
    CHECK_FALSE(camera.flight.active);
    start_flight();
    pan(camera, {5.0f, 0.0f}, {800.0f, 600.0f});
    CHECK_FALSE(camera.flight.active);
    start_flight();
    zoom(camera, 1.0f, camera.target);
    CHECK_FALSE(camera.flight.active);
    const glm::vec3 target = camera.target;
    update_camera(camera, 1.0f, options);
    CHECK(camera.target == target);  // the cancelled flight does not resume
}
