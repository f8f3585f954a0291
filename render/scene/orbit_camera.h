// render/scene/orbit_camera.h: the artifact view's camera: orbit around a target, zoom towards
// the cursor, pan, with inertia and smooth flights to a view. Plain math, no GL, unit-tested.
#pragma once
#include <glm/glm.hpp>

#include "render/scene/cpu_model.h"

namespace heritage::render {

struct OrbitCameraOptions {
    float fov_y_deg = 35.0f;        // vertical field of view
    float orbit_deg_per_px = 0.3f;  // mouse drag to rotation
    float min_pitch_deg = -85.0f;   // never quite straight down or up
    float max_pitch_deg = 85.0f;
    float inertia_half_life_s = 0.12f;  // spin keeps going after release, halving this often
    float flight_duration_s = 0.8f;     // length of a smooth move to a view
    float aspect = 1.0f;  // viewport width / height that frame_bounds fits; 1 fits any landscape
};

// World space is metres, +Y up. yaw 0 looks at the target from +Z; positive pitch from above.
struct OrbitCamera {
    glm::vec3 target{0.0f};
    float distance = 1.0f;  // from the eye to the target, metres
    float yaw_deg = 0.0f;
    float pitch_deg = 15.0f;
    float fov_y_deg = 35.0f;
    glm::vec2 spin_deg_per_s{0.0f};  // inertia: yaw and pitch velocity after a drag
    float min_distance = 0.01f;      // set by frame_bounds from the model's size
    float max_distance = 100.0f;
    float scene_radius = 1.0f;  // set by frame_bounds: the model's bounding radius (far plane)
    bool dragged = false;       // orbit() moved it since the last update_camera (no inertia then)

    // An ongoing flight to another view (eye and target), if `flight_time_s` < duration.
    struct Flight {
        bool active = false;
        float time_s = 0.0f;
        glm::vec3 from_target{0.0f}, to_target{0.0f};
        float from_distance = 1.0f, to_distance = 1.0f;
        float from_yaw = 0.0f, to_yaw = 0.0f, from_pitch = 0.0f, to_pitch = 0.0f;
    } flight;
};

glm::vec3 eye_position(const OrbitCamera& camera);
glm::mat4 view_matrix(const OrbitCamera& camera);
// Near and far planes follow the distance, so small and large objects both look right.
glm::mat4 projection_matrix(const OrbitCamera& camera, float aspect);

// Frames `bounds` (world space) so the whole model fills the view, from a pleasant 3/4 angle;
// sets the zoom limits from its size.
void frame_bounds(OrbitCamera& camera, const Bounds& bounds, const OrbitCameraOptions& options);

// A drag of `delta_px` pixels; records the velocity for inertia (`dt_s` the frame time). Call it
// every frame while the button is down, with a zero delta when the mouse rests, so that letting
// go after a pause does not spin.
void orbit(OrbitCamera& camera, glm::vec2 delta_px, float dt_s, const OrbitCameraOptions& options);

// Moves the target within the view plane so the point under the cursor follows it.
void pan(OrbitCamera& camera, glm::vec2 delta_px, glm::vec2 viewport_size);

// Zooms by `steps` wheel notches (positive: closer) towards `towards` (a world point under the
// cursor, or the target), staying within the zoom limits.
void zoom(OrbitCamera& camera, float steps, glm::vec3 towards);

// Starts a smooth flight to look at `target` from direction `from_direction` at `distance`.
void fly_to(OrbitCamera& camera, glm::vec3 target, glm::vec3 from_direction, float distance);

// Starts a smooth flight to a given eye and target (a tour step's camera).
void fly_to_view(OrbitCamera& camera, glm::vec3 eye, glm::vec3 target);

// Advances inertia and flights by `dt_s`. Returns true while the camera is still moving, and
// for the frame in which a flight lands (redraw then).
bool update_camera(OrbitCamera& camera, float dt_s, const OrbitCameraOptions& options);

}  // namespace heritage::render
