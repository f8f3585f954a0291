// tests/capture/synthetic_scene.h: photos of analytic objects (a sphere, a bowl) standing on a
// ChArUco board, ray-cast with a random colour texture, so that masks and volumes can be checked
// against the true silhouettes and surfaces. Test-only.
#pragma once
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>

#include "capture/camera.h"
#include "capture/charuco.h"
#include "capture/rig.h"

namespace heritage::test {

enum class Shape {
    none,    // the bare board
    sphere,  // radius outer_radius_mm, resting on the board at the origin
    bowl,    // a hemispherical shell open at the top: outer and inner radius, rim at z = outer
};

enum class Floor {
    board,  // the rig's ChArUco board on a grey table, a beige wall behind
    dark,   // everything but the object near black (Middlebury's turntable)
};

struct Scene {
    Shape shape = Shape::sphere;
    Floor floor = Floor::board;
    double outer_radius_mm = 50.0;
    double inner_radius_mm = 42.0;
    capture::ChArUcoRig rig{"DICT_5X5_250", 10, 8, 30.0, 22.0, "A3"};
    bool white_object = false;     // a white glaze, faintly mottled, as white as the paper but
                                   // a little bluer; not the random colours
    double paper_margin_mm = 0.0;  // white paper around the board, as printed
};

struct Hit {
    double t = -1.0;  // along the ray; < 0 for none
    cv::Vec3d normal;
};

inline void closer(Hit& best, double t, const cv::Vec3d& normal) {
    if (t > 1e-6 && (best.t < 0.0 || t < best.t))
        best = Hit{t, normal};
}

// The object's first surface along origin + t * direction (direction of unit length).
inline Hit hit_object(const Scene& scene, const cv::Vec3d& origin, const cv::Vec3d& direction) {
    Hit best;
    const double outer = scene.outer_radius_mm;
    const cv::Vec3d centre(0.0, 0.0, outer);
    auto sphere_hits = [&](double radius, bool lower_half_only, double normal_sign) {
        const cv::Vec3d o = origin - centre;
        const double b = o.dot(direction), c = o.dot(o) - radius * radius;
        const double discriminant = b * b - c;
        if (discriminant < 0.0)
            return;
        for (double t : {-b - std::sqrt(discriminant), -b + std::sqrt(discriminant)}) {
            const cv::Vec3d p = origin + t * direction;
            if (lower_half_only && p[2] > centre[2])
                continue;
            closer(best, t, normal_sign * (p - centre) / radius);
        }
    };
    if (scene.shape == Shape::sphere) {
        sphere_hits(outer, false, 1.0);
    } else if (scene.shape == Shape::bowl) {
        sphere_hits(outer, true, 1.0);
        sphere_hits(scene.inner_radius_mm, true, -1.0);
        if (std::abs(direction[2]) > 1e-12) {
            const double t = (centre[2] - origin[2]) / direction[2];
            const cv::Vec3d p = origin + t * direction;
            const double rho = std::hypot(p[0], p[1]);
            if (rho >= scene.inner_radius_mm && rho <= outer)
                closer(best, t, cv::Vec3d(0.0, 0.0, direction[2] < 0.0 ? 1.0 : -1.0));
        }
    }
    return best;
}

// A smooth random colour field: value noise on a 7 mm lattice.
inline cv::Vec3d texture_at(const cv::Vec3d& p) {
    const double cell_mm = 7.0;
    const cv::Vec3d q = p / cell_mm + cv::Vec3d(100.0, 100.0, 100.0);
    const int ix = int(std::floor(q[0])), iy = int(std::floor(q[1])), iz = int(std::floor(q[2]));
    const double fx = q[0] - ix, fy = q[1] - iy, fz = q[2] - iz;
    cv::Vec3d sum(0.0, 0.0, 0.0);
    for (int corner = 0; corner < 8; ++corner) {
        const int dx = corner & 1, dy = (corner >> 1) & 1, dz = (corner >> 2) & 1;
        std::uint32_t h = std::uint32_t(ix + dx) * 73856093u ^ std::uint32_t(iy + dy) * 19349663u ^
                          std::uint32_t(iz + dz) * 83492791u;
        h ^= h >> 13;
        h *= 0x5bd1e995u;
        h ^= h >> 15;
        const cv::Vec3d colour(40.0 + (h & 0xff) * 0.75, 40.0 + ((h >> 8) & 0xff) * 0.75,
                               40.0 + ((h >> 16) & 0xff) * 0.75);
        const double weight = (dx ? fx : 1.0 - fx) * (dy ? fy : 1.0 - fy) * (dz ? fz : 1.0 - fz);
        sum += weight * colour;
    }
    return sum;
}

// `per_ring` cameras on each ring (at the elevations in degrees, the rings turned half a step
// against each other), `distance_mm` from a target above the origin.
inline capture::CameraSet ring_cameras(int per_ring, const std::vector<double>& elevations_deg,
                                       double distance_mm, double target_height_mm, int width,
                                       int height, double focal_px) {
    capture::CameraSet cameras;
    cameras.method = "synthetic";
    const cv::Vec3d target(0.0, 0.0, target_height_mm);
    for (std::size_t ring = 0; ring < elevations_deg.size(); ++ring) {
        const double elevation = elevations_deg[ring] * CV_PI / 180.0;
        for (int i = 0; i < per_ring; ++i) {
            const double azimuth = (i + 0.5 * double(ring % 2)) * 2.0 * CV_PI / per_ring;
            const cv::Vec3d centre =
                target + distance_mm * cv::Vec3d(std::cos(elevation) * std::cos(azimuth),
                                                 std::cos(elevation) * std::sin(azimuth),
                                                 std::sin(elevation));
            const cv::Vec3d forward = cv::normalize(target - centre);
            const cv::Vec3d right = cv::normalize(forward.cross(cv::Vec3d(0.0, 0.0, 1.0)));
            const cv::Vec3d down = forward.cross(right);
            capture::CameraView view;
            view.intrinsics = {
                width, height, focal_px, focal_px, (width - 1) / 2.0, (height - 1) / 2.0, {}};
            view.cam_from_world.rotation =
                cv::Matx33d(right[0], right[1], right[2], down[0], down[1], down[2], forward[0],
                            forward[1], forward[2]);
            view.cam_from_world.translation_mm = -(view.cam_from_world.rotation * centre);
            cameras.views.push_back(view);
        }
    }
    return cameras;
}

struct RenderedView {
    cv::Mat photo;       // BGR
    cv::Mat silhouette;  // 255 where the object is seen
};

inline RenderedView render_view(const Scene& scene, const capture::CameraView& view,
                                const cv::Mat& board_top, double board_px_per_mm) {
    const capture::CameraIntrinsics& k = view.intrinsics;
    const cv::Matx33d world_from_cam = view.cam_from_world.rotation.t();
    const cv::Vec3d origin = -(world_from_cam * view.cam_from_world.translation_mm);
    const cv::Vec3d light = cv::normalize(cv::Vec3d(0.3, 0.2, 1.0));
    const double board_w = scene.rig.squares_x * scene.rig.square_mm;
    const double board_h = scene.rig.squares_y * scene.rig.square_mm;
    RenderedView out{cv::Mat(k.height_px, k.width_px, CV_8UC3),
                     cv::Mat(k.height_px, k.width_px, CV_8UC1, cv::Scalar(0))};
    cv::parallel_for_(cv::Range(0, k.height_px), [&](const cv::Range& rows) {
        for (int y = rows.start; y < rows.end; ++y)
            for (int x = 0; x < k.width_px; ++x) {
                const cv::Vec3d direction = cv::normalize(
                    world_from_cam * cv::Vec3d((x - k.cx) / k.fx, (y - k.cy) / k.fy, 1.0));
                const Hit object = hit_object(scene, origin, direction);
                const double t_floor = direction[2] < -1e-9 ? -origin[2] / direction[2] : -1.0;
                cv::Vec3d colour;
                if (object.t > 0.0 && (t_floor < 0.0 || object.t < t_floor)) {
                    const cv::Vec3d p = origin + object.t * direction;
                    const double shade = 0.6 + 0.4 * std::max(0.0, object.normal.dot(light));
                    colour = shade * (scene.white_object
                                          ? cv::Vec3d(236.0, 234.0, 232.0) +
                                                0.1 * (texture_at(p) - cv::Vec3d::all(135.0))
                                          : texture_at(p));
                    out.silhouette.at<unsigned char>(y, x) = 255;
                } else if (scene.floor == Floor::dark) {
                    colour = cv::Vec3d(12.0, 10.0, 14.0);
                } else if (t_floor > 0.0) {
                    const cv::Vec3d p = origin + t_floor * direction;
                    const double margin = scene.paper_margin_mm;
                    if (std::abs(p[0]) < board_w / 2 + margin &&
                        std::abs(p[1]) < board_h / 2 + margin) {
                        double grey = 25.0 + 0.8 * 255.0;  // the paper's white
                        if (std::abs(p[0]) < board_w / 2 && std::abs(p[1]) < board_h / 2) {
                            const int u = std::clamp(int((p[0] + board_w / 2) * board_px_per_mm), 0,
                                                     board_top.cols - 1);
                            const int v = std::clamp(int((board_h / 2 - p[1]) * board_px_per_mm), 0,
                                                     board_top.rows - 1);
                            grey = 25.0 + 0.8 * board_top.at<unsigned char>(v, u);
                        }
                        colour = cv::Vec3d(grey, grey * 1.02, grey * 1.05);
                    } else {
                        colour = cv::Vec3d(95.0, 110.0, 120.0);  // the table
                    }
                } else {
                    colour = cv::Vec3d(170.0, 190.0, 205.0) * (0.8 + 0.2 * direction[2]);
                }
                out.photo.at<cv::Vec3b>(y, x) =
                    cv::Vec3b(cv::saturate_cast<unsigned char>(colour[0]),
                              cv::saturate_cast<unsigned char>(colour[1]),
                              cv::saturate_cast<unsigned char>(colour[2]));
            }
    });
    return out;
}

// Renders every view into `folder` (view_NN.png, set as each view's image) and returns the
// true silhouettes.
inline std::vector<cv::Mat> render_photo_set(const Scene& scene, capture::CameraSet& cameras,
                                             const std::filesystem::path& folder) {
    const double px_per_mm = 4.0;
    const cv::Mat board_top = capture::draw_board_top_view(scene.rig, px_per_mm);
    std::vector<cv::Mat> silhouettes;
    for (std::size_t i = 0; i < cameras.views.size(); ++i) {
        const RenderedView rendered = render_view(scene, cameras.views[i], board_top, px_per_mm);
        const std::filesystem::path file =
            folder / ("view_" + std::to_string(100 + i).substr(1) + ".png");
        cv::imwrite(file.string(), rendered.photo);
        cameras.views[i].image_file = file;
        cameras.views[i].photo_file = file;
        silhouettes.push_back(rendered.silhouette);
    }
    return silhouettes;
}

inline double intersection_over_union(const cv::Mat& a, const cv::Mat& b) {
    const double both = cv::countNonZero(a & b), either = cv::countNonZero(a | b);
    return either > 0.0 ? both / either : 1.0;
}

}  // namespace heritage::test
