// One undistorted PNG of every photo, same size and same K, so that later stages see pinholes.
#include "capture/undistort.h"

#include <map>
#include <mutex>
#include <opencv2/calib3d.hpp>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "exhibit/error.h"
#include "exhibit/files.h"

namespace heritage::capture {
namespace {

bool has_distortion(const CameraIntrinsics& intrinsics) {
    for (double term : intrinsics.distortion)
        if (term != 0.0)
            return true;
    return false;
}

}  // namespace

void undistort_views(CameraSet& cameras, const std::filesystem::path& folder) {
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error) {
        throw Error("undistort: cannot create " + folder.string() + " (" + error.message() +
                    "); check the output folder's permissions and free space");
    }
    // Two photos with one stem ("a.jpg", "a.png") would overwrite each other's copy.
    std::map<std::string, std::filesystem::path> stems;
    for (const CameraView& view : cameras.views) {
        const auto [at, added] = stems.emplace(view.photo_file.stem().string(), view.photo_file);
        if (!added) {
            throw Error("undistort: " + at->second.filename().string() + " and " +
                        view.photo_file.filename().string() +
                        " have the same name but for the extension; rename one of them");
        }
    }
    // Each view writes its own file; the first failure is reported after all have finished.
    std::mutex failure_mutex;
    std::string failure;
    std::vector<std::filesystem::path> outputs(cameras.views.size());
    cv::parallel_for_(cv::Range(0, int(cameras.views.size())), [&](const cv::Range& range) {
        // The maps are the same for views that share intrinsics: computed once per stripe.
        cv::Mat map_x, map_y;
        const CameraIntrinsics* mapped = nullptr;
        for (int i = range.start; i < range.end; ++i) {
            const CameraView& view = cameras.views[size_t(i)];
            const std::filesystem::path output =
                folder / (view.photo_file.stem().string() + ".png");
            try {
                const cv::Mat photo = cv::imread(view.image_file.string(), cv::IMREAD_COLOR);
                if (photo.empty()) {
                    throw Error("undistort: " + view.image_file.string() +
                                ": the photo cannot be read; check that it is still there and "
                                "is a JPEG or PNG");
                }
                const CameraIntrinsics& k = view.intrinsics;
                if (photo.cols != k.width_px || photo.rows != k.height_px) {
                    throw Error("undistort: " + view.image_file.string() + ": the photo is " +
                                std::to_string(photo.cols) + " x " + std::to_string(photo.rows) +
                                " pixels but its camera " + std::to_string(k.width_px) + " x " +
                                std::to_string(k.height_px) +
                                "; run the capture again from the photos");
                }
                cv::Mat out = photo;
                if (has_distortion(k)) {
                    if (!mapped || mapped->matrix() != k.matrix() ||
                        mapped->distortion != k.distortion || map_x.size() != photo.size()) {
                        cv::initUndistortRectifyMap(
                            k.matrix(),
                            cv::Mat(1, 5, CV_64F, const_cast<double*>(k.distortion.data())),
                            cv::noArray(), k.matrix(), photo.size(), CV_16SC2, map_x, map_y);
                        mapped = &k;
                    }
                    cv::remap(photo, out, map_x, map_y, cv::INTER_LINEAR, cv::BORDER_CONSTANT,
                              cv::Scalar(0, 0, 0));
                }
                std::vector<unsigned char> png;
                cv::imencode(".png", out, png, {cv::IMWRITE_PNG_COMPRESSION, 1});
                write_file_atomically(
                    output,
                    std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
                outputs[size_t(i)] = output;
            } catch (const Error& failed) {
                const std::lock_guard<std::mutex> lock(failure_mutex);
                if (failure.empty())
                    failure = failed.what();
            }
        }
    });
    if (!failure.empty())
        throw Error(failure);
    for (size_t i = 0; i < cameras.views.size(); ++i) {
        cameras.views[i].image_file = outputs[i];
        cameras.views[i].intrinsics.distortion = {};
    }
}

}  // namespace heritage::capture
