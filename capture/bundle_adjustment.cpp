// Bundle adjustment for the sfm stage: one Ceres problem over the observations given, a robust
// loss against stray matches (Huber while the model grows, Cauchy for the last word), the Schur
// complement to eliminate the points, derivatives written out.
#include "capture/bundle_adjustment.h"

#include <ceres/ceres.h>
#include <ceres/rotation.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>

namespace heritage::capture {
namespace {

cv::Vec3d as_vec(const std::array<double, 3>& a) {
    return {a[0], a[1], a[2]};
}

// OpenCV's camera model on a camera-frame point: normalised, distorted, then to pixels.
cv::Point2d pixel_of(const BundleCamera& camera, const cv::Vec3d& in_camera) {
    const double x = in_camera[0] / in_camera[2], y = in_camera[1] / in_camera[2];
    const double r2 = x * x + y * y;
    const double radial = 1.0 + camera.k1() * r2 + camera.k2() * r2 * r2 + camera.k3 * r2 * r2 * r2;
    const double xd = x * radial + 2.0 * camera.p1 * x * y + camera.p2 * (r2 + 2.0 * x * x);
    const double yd = y * radial + camera.p1 * (r2 + 2.0 * y * y) + 2.0 * camera.p2 * x * y;
    return {camera.focal_px() * xd + camera.cx(),
            camera.focal_px() * camera.aspect * yd + camera.cy()};
}

// R(w) for the angle-axis w, and J_r(w), the right Jacobian of SO(3): R(w + d) = R(w) Exp(J_r d)
// to first order, so that d(R(w) X)/dw = -R [X]x J_r.
void rotation_and_jacobian(const double* angle_axis, cv::Matx33d& rotation,
                           cv::Matx33d& right_jacobian) {
    const cv::Vec3d w(angle_axis[0], angle_axis[1], angle_axis[2]);
    const double theta = cv::norm(w);
    const cv::Matx33d w_cross(0.0, -w[2], w[1], w[2], 0.0, -w[0], -w[1], w[0], 0.0);
    if (theta < 1e-8) {
        rotation = cv::Matx33d::eye() + w_cross;
        right_jacobian = cv::Matx33d::eye() - 0.5 * w_cross;
        return;
    }
    const double sine = std::sin(theta), cosine = std::cos(theta);
    const cv::Matx33d w_cross2 = w_cross * w_cross;
    rotation = cv::Matx33d::eye() + (sine / theta) * w_cross +
               ((1.0 - cosine) / (theta * theta)) * w_cross2;
    right_jacobian = cv::Matx33d::eye() - ((1.0 - cosine) / (theta * theta)) * w_cross +
                     ((theta - sine) / (theta * theta * theta)) * w_cross2;
}

// One observation's offset in pixels, with its derivatives written out (three times faster
// than automatic differentiation, and bundle adjustment is most of the stage's time). The
// camera's fixed terms are copied in.
class ReprojectionCost final : public ceres::SizedCostFunction<2, 5, 6, 3> {
  public:
    ReprojectionCost(const BundleCamera& camera, const cv::Point2d& observed_px)
        : camera_(camera), observed_px_(observed_px) {}

    bool Evaluate(double const* const* parameters, double* residuals,
                  double** jacobians) const override {
        const double* intrinsics = parameters[0];
        const double* pose = parameters[1];
        const cv::Vec3d point(parameters[2][0], parameters[2][1], parameters[2][2]);
        cv::Matx33d rotation, right_jacobian;
        rotation_and_jacobian(pose, rotation, right_jacobian);
        const cv::Vec3d in_camera = rotation * point + cv::Vec3d(pose[3], pose[4], pose[5]);
        if (in_camera[2] == 0.0)
            return false;
        const double focal = intrinsics[0], cx = intrinsics[1], cy = intrinsics[2];
        const double k1 = intrinsics[3], k2 = intrinsics[4];
        const double fy = focal * camera_.aspect;
        const double x = in_camera[0] / in_camera[2], y = in_camera[1] / in_camera[2];
        const double r2 = x * x + y * y;
        const double radial = 1.0 + k1 * r2 + k2 * r2 * r2 + camera_.k3 * r2 * r2 * r2;
        const double p1 = camera_.p1, p2 = camera_.p2;
        const double xd = x * radial + 2.0 * p1 * x * y + p2 * (r2 + 2.0 * x * x);
        const double yd = y * radial + p1 * (r2 + 2.0 * y * y) + 2.0 * p2 * x * y;
        residuals[0] = focal * xd + cx - observed_px_.x;
        residuals[1] = fy * yd + cy - observed_px_.y;
        if (!jacobians)
            return true;

        // d pixel / d in_camera = diag(f, fy) * d(xd, yd)/d(x, y) * d(x, y)/d in_camera.
        const double radial_slope = k1 + 2.0 * k2 * r2 + 3.0 * camera_.k3 * r2 * r2;  // / d r2
        const double dxd_dx = radial + 2.0 * radial_slope * x * x + 2.0 * p1 * y + 6.0 * p2 * x;
        const double dxd_dy = 2.0 * radial_slope * x * y + 2.0 * p1 * x + 2.0 * p2 * y;
        const double dyd_dx = dxd_dy;
        const double dyd_dy = radial + 2.0 * radial_slope * y * y + 6.0 * p1 * y + 2.0 * p2 * x;
        const double inverse_z = 1.0 / in_camera[2];
        const cv::Matx23d normalised_from_camera(inverse_z, 0.0, -x * inverse_z, 0.0, inverse_z,
                                                 -y * inverse_z);
        const cv::Matx22d pixel_from_normalised(focal * dxd_dx, focal * dxd_dy, fy * dyd_dx,
                                                fy * dyd_dy);
        const cv::Matx23d pixel_from_camera = pixel_from_normalised * normalised_from_camera;

        if (jacobians[0]) {  // focal, cx, cy, k1, k2
            double* j = jacobians[0];
            j[0] = xd;
            j[1] = 1.0;
            j[2] = 0.0;
            j[3] = focal * x * r2;
            j[4] = focal * x * r2 * r2;
            j[5] = camera_.aspect * yd;
            j[6] = 0.0;
            j[7] = 1.0;
            j[8] = fy * y * r2;
            j[9] = fy * y * r2 * r2;
        }
        if (jacobians[1]) {  // angle-axis, translation
            const cv::Matx33d point_cross(0.0, -point[2], point[1], point[2], 0.0, -point[0],
                                          -point[1], point[0], 0.0);
            const cv::Matx23d by_rotation =
                pixel_from_camera * (-1.0 * (rotation * point_cross * right_jacobian));
            double* j = jacobians[1];
            for (int row = 0; row < 2; ++row) {
                for (int column = 0; column < 3; ++column) {
                    j[row * 6 + column] = by_rotation(row, column);
                    j[row * 6 + 3 + column] = pixel_from_camera(row, column);
                }
            }
        }
        if (jacobians[2]) {  // the point
            const cv::Matx23d by_point = pixel_from_camera * rotation;
            for (int row = 0; row < 2; ++row)
                for (int column = 0; column < 3; ++column)
                    jacobians[2][row * 3 + column] = by_point(row, column);
        }
        return true;
    }

  private:
    BundleCamera camera_;
    cv::Point2d observed_px_;
};

double rms_px(const BundleScene& scene, const std::vector<BundleObservation>& observations) {
    double sum = 0.0;
    for (const BundleObservation& observation : observations) {
        const BundlePose& pose = scene.poses[size_t(observation.pose)];
        const cv::Point2d offset = project(scene.cameras[size_t(pose.camera)], pose,
                                           scene.points[size_t(observation.point)]) -
                                   observation.observed_px;
        sum += offset.dot(offset);
    }
    return std::sqrt(sum / double(std::max<size_t>(1, observations.size())));
}

// Which of the camera's intrinsics stay fixed.
std::vector<int> fixed_intrinsics(const BundleCamera& camera, const BundleOptions& options) {
    if (!camera.refinable)
        return {0, 1, 2, 3, 4};
    std::vector<int> fixed;
    if (!options.refine_focal)
        fixed.push_back(0);
    if (!options.refine_principal_point || !camera.principal_point_refinable) {
        fixed.push_back(1);
        fixed.push_back(2);
    }
    if (!options.refine_distortion) {
        fixed.push_back(3);
        fixed.push_back(4);
    }
    return fixed;
}

// Dense for a few photos (the reduced camera system is small), sparse for hundreds, iterative
// beyond (as COLMAP does).
void choose_linear_solver(size_t variable_poses, ceres::Solver::Options& solver_options) {
    if (variable_poses <= 50) {
        solver_options.linear_solver_type = ceres::DENSE_SCHUR;
    } else if (variable_poses <= 1000 &&
               ceres::IsSparseLinearAlgebraLibraryTypeAvailable(ceres::SUITE_SPARSE)) {
        solver_options.linear_solver_type = ceres::SPARSE_SCHUR;
    } else {
        solver_options.linear_solver_type = ceres::ITERATIVE_SCHUR;
        solver_options.preconditioner_type = ceres::SCHUR_JACOBI;
    }
}

}  // namespace

cv::Point2d project(const BundleCamera& camera, const BundlePose& pose,
                    const std::array<double, 3>& point, double* depth) {
    const std::array<double, 6>& p = pose.rotation_translation;
    const cv::Vec3d in_camera = rotation_of(pose) * as_vec(point) + cv::Vec3d(p[3], p[4], p[5]);
    if (depth)
        *depth = in_camera[2];
    return pixel_of(camera, in_camera);
}

cv::Point2d undistort_to_normalised(const BundleCamera& camera, const cv::Point2d& pixel) {
    const double focal = camera.focal_px(), k1 = camera.k1(), k2 = camera.k2();
    const double xd = (pixel.x - camera.cx()) / focal;
    const double yd = (pixel.y - camera.cy()) / (focal * camera.aspect);
    // Fixed-point iteration (as OpenCV's undistortPoints), run to convergence.
    double x = xd, y = yd;
    for (int iteration = 0; iteration < 30; ++iteration) {
        const double r2 = x * x + y * y;
        const double radial = 1.0 + k1 * r2 + k2 * r2 * r2 + camera.k3 * r2 * r2 * r2;
        const double dx = 2.0 * camera.p1 * x * y + camera.p2 * (r2 + 2.0 * x * x);
        const double dy = camera.p1 * (r2 + 2.0 * y * y) + 2.0 * camera.p2 * x * y;
        const double next_x = (xd - dx) / radial, next_y = (yd - dy) / radial;
        const double change = std::abs(next_x - x) + std::abs(next_y - y);
        x = next_x;
        y = next_y;
        if (change < 1e-12)
            break;
    }
    return {x, y};
}

BundleCamera bundle_camera_of(const CameraIntrinsics& intrinsics) {
    BundleCamera camera;
    camera.intrinsics = {intrinsics.fx, intrinsics.cx, intrinsics.cy, intrinsics.distortion[0],
                         intrinsics.distortion[1]};
    camera.aspect = intrinsics.fy / intrinsics.fx;
    camera.p1 = intrinsics.distortion[2];
    camera.p2 = intrinsics.distortion[3];
    camera.k3 = intrinsics.distortion[4];
    return camera;
}

cv::Matx33d rotation_of(const BundlePose& pose) {
    double rotation[9];  // column-major
    ceres::AngleAxisToRotationMatrix(pose.rotation_translation.data(), rotation);
    return {rotation[0], rotation[3], rotation[6], rotation[1], rotation[4],
            rotation[7], rotation[2], rotation[5], rotation[8]};
}

cv::Vec3d centre_of(const BundlePose& pose) {
    const cv::Vec3d translation(pose.rotation_translation[3], pose.rotation_translation[4],
                                pose.rotation_translation[5]);
    return -(rotation_of(pose).t() * translation);
}

BundleSummary adjust_bundle(BundleScene& scene, const std::vector<BundleObservation>& observations,
                            const BundleOptions& options) {
    BundleSummary summary;
    if (observations.empty())
        return summary;
    summary.initial_rms_px = rms_px(scene, observations);

    std::map<double, std::unique_ptr<ceres::ScaledLoss>> weighted;  // by weight; outlives the
                                                                    // problem, which uses them
    ceres::Problem::Options problem_options;
    problem_options.loss_function_ownership = ceres::DO_NOT_TAKE_OWNERSHIP;
    ceres::Problem problem(problem_options);
    ceres::HuberLoss huber(options.loss_px);
    ceres::CauchyLoss cauchy(options.loss_px);
    ceres::LossFunction* loss = options.loss == BundleLoss::huber
                                    ? static_cast<ceres::LossFunction*>(&huber)
                                    : static_cast<ceres::LossFunction*>(&cauchy);
    std::set<int> poses, cameras;
    for (const BundleObservation& observation : observations) {
        BundlePose& pose = scene.poses[size_t(observation.pose)];
        BundleCamera& camera = scene.cameras[size_t(pose.camera)];
        auto* cost = new ReprojectionCost(camera, observation.observed_px);
        ceres::LossFunction* its_loss = loss;
        if (observation.weight != 1.0) {
            std::unique_ptr<ceres::ScaledLoss>& scaled = weighted[observation.weight];
            if (!scaled)
                scaled = std::make_unique<ceres::ScaledLoss>(loss, observation.weight,
                                                             ceres::DO_NOT_TAKE_OWNERSHIP);
            its_loss = scaled.get();
        }
        problem.AddResidualBlock(cost, its_loss, camera.intrinsics.data(),
                                 pose.rotation_translation.data(),
                                 scene.points[size_t(observation.point)].data());
        poses.insert(observation.pose);
        cameras.insert(pose.camera);
    }

    for (int index : cameras) {
        BundleCamera& camera = scene.cameras[size_t(index)];
        const std::vector<int> fixed = fixed_intrinsics(camera, options);
        if (fixed.size() == camera.intrinsics.size())
            problem.SetParameterBlockConstant(camera.intrinsics.data());
        else if (!fixed.empty())
            problem.SetManifold(camera.intrinsics.data(),
                                new ceres::SubsetManifold(int(camera.intrinsics.size()), fixed));
    }
    const std::set<int> constant(options.constant_poses.begin(), options.constant_poses.end());
    size_t variable_poses = 0;
    for (int index : poses) {
        double* parameters = scene.poses[size_t(index)].rotation_translation.data();
        if (constant.count(index) || index == options.gauge_pose) {
            problem.SetParameterBlockConstant(parameters);
            continue;
        }
        ++variable_poses;
        if (index == options.scale_pose) {
            int largest = 3;
            for (int axis = 4; axis < 6; ++axis)
                if (std::abs(parameters[axis]) > std::abs(parameters[largest]))
                    largest = axis;
            problem.SetManifold(parameters, new ceres::SubsetManifold(6, {largest}));
        }
    }

    for (int index : options.constant_points)
        if (problem.HasParameterBlock(scene.points[size_t(index)].data()))
            problem.SetParameterBlockConstant(scene.points[size_t(index)].data());

    ceres::Solver::Options solver_options;
    choose_linear_solver(variable_poses, solver_options);
    solver_options.max_num_iterations = options.max_iterations;
    solver_options.num_threads = std::max(1, options.threads);
    solver_options.function_tolerance = options.function_tolerance;
    solver_options.gradient_tolerance = 1e-10;
    solver_options.parameter_tolerance = 1e-8;
    solver_options.logging_type = ceres::SILENT;
    ceres::Solver::Summary solver_summary;
    ceres::Solve(solver_options, &problem, &solver_summary);

    summary.iterations = int(solver_summary.iterations.size());
    summary.final_rms_px = rms_px(scene, observations);
    return summary;
}

}  // namespace heritage::capture
