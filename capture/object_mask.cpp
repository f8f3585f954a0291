// Which pixels show the object. The bare board's expected appearance (or, without a board, the
// colour seen outside the object's region) says what is surely background, the object region's
// projection what may be object; GrabCut settles the edge.
#include "capture/object_mask.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <string>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "capture/board.h"
#include "capture/charuco.h"
#include "exhibit/error.h"

namespace heritage::capture {
namespace {

// A view's pinhole camera at the working size of its mask.
struct ScaledCamera {
    cv::Matx33d k;  // intrinsics scaled to the working image
    cv::Matx33d rotation;
    cv::Vec3d translation_mm;

    bool project(const cv::Vec3d& world_mm, cv::Point2f& pixel) const {
        const cv::Vec3d c = k * (rotation * world_mm + translation_mm);
        if (c[2] <= 1e-9)
            return false;
        pixel = cv::Point2f(float(c[0] / c[2]), float(c[1] / c[2]));
        return true;
    }
};

ScaledCamera scaled_camera(const CameraView& view, double scale) {
    const CameraIntrinsics& in = view.intrinsics;
    // Pixel centres: u_scaled + 0.5 = (u + 0.5) * scale.
    ScaledCamera camera;
    camera.k = cv::Matx33d(in.fx * scale, 0.0, (in.cx + 0.5) * scale - 0.5, 0.0, in.fy * scale,
                           (in.cy + 0.5) * scale - 0.5, 0.0, 0.0, 1.0);
    camera.rotation = view.cam_from_world.rotation;
    camera.translation_mm = view.cam_from_world.translation_mm;
    return camera;
}

// The photo at (about) `max_side_px` along its longer side; JPEG decodes reduced directly.
cv::Mat read_working_image(const CameraView& view, double max_side_px, double& scale) {
    const int width = view.intrinsics.width_px, height = view.intrinsics.height_px;
    const int longer = std::max(width, height);
    int reduction = 1;
    while (reduction < 8 && longer / (reduction * 2) >= max_side_px)
        reduction *= 2;
    const int flag = reduction == 8   ? cv::IMREAD_REDUCED_COLOR_8
                     : reduction == 4 ? cv::IMREAD_REDUCED_COLOR_4
                     : reduction == 2 ? cv::IMREAD_REDUCED_COLOR_2
                                      : cv::IMREAD_COLOR;
    cv::Mat image = cv::imread(view.image_file.string(), flag);
    if (image.empty())
        throw Error("object masks: " + view.image_file.string() +
                    ": cannot be read as an image; check that the file exists and is a photo");
    if (std::abs(image.cols * reduction - width) > reduction ||
        std::abs(image.rows * reduction - height) > reduction)
        throw Error("object masks: " + view.image_file.string() + ": the image is " +
                    std::to_string(image.cols * reduction) + " x " +
                    std::to_string(image.rows * reduction) + " pixels but its camera is " +
                    std::to_string(width) + " x " + std::to_string(height) +
                    "; use the cameras computed for these photos");
    scale = std::min(1.0, max_side_px / longer);
    const cv::Size size(std::max(1, int(std::lround(width * scale))),
                        std::max(1, int(std::lround(height * scale))));
    scale = double(size.width) / width;
    if (image.size() != size)
        cv::resize(image, image, size, 0, 0, cv::INTER_AREA);
    return image;
}

// 255 where the region's box projects, 0 elsewhere.
cv::Mat region_projection(const ScaledCamera& camera, const ObjectRegion& region, cv::Size size) {
    std::vector<cv::Point2f> corners;
    for (int i = 0; i < 8; ++i) {
        const cv::Vec3d corner((i & 1) ? region.max_mm[0] : region.min_mm[0],
                               (i & 2) ? region.max_mm[1] : region.min_mm[1],
                               (i & 4) ? region.max_mm[2] : region.min_mm[2]);
        cv::Point2f pixel;
        if (!camera.project(corner, pixel))
            return cv::Mat(size, CV_8UC1, cv::Scalar(255));  // the camera is inside the box
        corners.push_back(pixel);
    }
    std::vector<cv::Point2f> hull_f;
    cv::convexHull(corners, hull_f);
    std::vector<cv::Point> hull;
    for (const cv::Point2f& p : hull_f)
        hull.emplace_back(int(std::lround(p.x)), int(std::lround(p.y)));
    cv::Mat projection(size, CV_8UC1, cv::Scalar(0));
    cv::fillConvexPoly(projection, hull, cv::Scalar(255));
    return projection;
}

// The median of an 8-bit channel over the mask's pixels; -1 when the mask is empty.
int median_of(const cv::Mat& channel, const cv::Mat& mask) {
    std::array<int, 256> histogram{};
    int count = 0;
    for (int y = 0; y < channel.rows; ++y) {
        const unsigned char* value = channel.ptr<unsigned char>(y);
        const unsigned char* inside = mask.ptr<unsigned char>(y);
        for (int x = 0; x < channel.cols; ++x)
            if (inside[x]) {
                ++histogram[value[x]];
                ++count;
            }
    }
    if (count == 0)
        return -1;
    int seen = 0;
    for (int v = 0; v < 256; ++v) {
        seen += histogram[size_t(v)];
        if (2 * seen >= count)
            return v;
    }
    return 255;
}

// The bare board drawn from above, shared by every view, and the paper it is printed on.
struct BoardTopView {
    cv::Mat image;  // 8-bit grey
    double px_per_mm = 1.0;
    cv::Vec4d page_mm{0.0, 0.0, 0.0, 0.0};  // the paper's extent on Z = 0: x0, y0, x1, y1
};

// What the bare board says about a pixel (beside the labels, which say what is sure).
enum Evidence : unsigned char {
    kRoom = 0,         // neither board nor paper: the room's colours decide
    kPaperMargin,      // on the paper around the board, not paper white: the room's colours decide
    kLikeBoard,        // looks as the board (or the paper) should there: cannot tell
    kUnlikeBoard,      // brighter than the board can be there, or coloured: the object
    kDarkerThanBoard,  // darker grey than the board there: a shadow, or a dark object
};

// The board's plane at Z = 0 in the working image: pixel = homography * (x_mm, y_mm, 1).
cv::Matx33d plane_homography(const ScaledCamera& camera) {
    const cv::Matx33d& r = camera.rotation;
    const cv::Vec3d& t = camera.translation_mm;
    return camera.k *
           cv::Matx33d(r(0, 0), r(0, 1), t[0], r(1, 0), r(1, 1), t[1], r(2, 0), r(2, 1), t[2]);
}

// 255 inside the quadrilateral that a rectangle on Z = 0 projects to; empty when part of it is
// behind the camera.
cv::Mat plane_rectangle(const cv::Matx33d& plane, const cv::Vec4d& rectangle_mm, cv::Size size) {
    cv::Mat inside(size, CV_8UC1, cv::Scalar(0));
    std::vector<cv::Point> corners;
    for (int i = 0; i < 4; ++i) {
        const cv::Vec3d c =
            plane * cv::Vec3d((i == 1 || i == 2) ? rectangle_mm[2] : rectangle_mm[0],
                              i >= 2 ? rectangle_mm[3] : rectangle_mm[1], 1.0);
        if (c[2] <= 1e-9)
            return inside;
        corners.emplace_back(int(std::lround(c[0] / c[2])), int(std::lround(c[1] / c[2])));
    }
    cv::fillConvexPoly(inside, corners, cv::Scalar(255));
    return inside;
}

// GrabCut labels and evidence from the board: where the photo shows the bare board as expected
// it is background, surely so where the board's pattern matches in shape (any shadow on it too);
// where it is brighter than the board can be there (the object's white over a black square or a
// marker) or coloured, it is the object, whatever the colour is elsewhere. The paper around the
// board is kept apart from the room, whose colours alone decide elsewhere.
void label_board(const cv::Mat& photo, const ScaledCamera& camera, const BoardTopView& board,
                 cv::Mat& labels, cv::Mat& evidence) {
    const double w = board.image.cols, h = board.image.rows, ppm = board.px_per_mm;
    // Top view pixel (u, v) -> world (x, y, 0) -> working image.
    const cv::Matx33d top_to_world(1.0 / ppm, 0.0, (0.5 - w / 2.0) / ppm, 0.0, -1.0 / ppm,
                                   (h / 2.0 - 0.5) / ppm, 0.0, 0.0, 1.0);
    const cv::Matx33d plane = plane_homography(camera);
    const cv::Matx33d homography = plane * top_to_world;
    cv::Mat expected, covered;
    cv::warpPerspective(board.image, expected, cv::Mat(homography), photo.size(), cv::INTER_AREA,
                        cv::BORDER_CONSTANT, cv::Scalar(128));
    cv::warpPerspective(cv::Mat(board.image.size(), CV_8UC1, cv::Scalar(255)), covered,
                        cv::Mat(homography), photo.size(), cv::INTER_NEAREST);
    // The board's edge, where the expected board is blurred into what lies beyond: a few pixels
    // either side, judged as the board's shadows are.
    cv::Mat edge;
    cv::morphologyEx(covered, edge, cv::MORPH_GRADIENT, cv::Mat(), cv::Point(-1, -1), 3);
    cv::erode(covered, covered, cv::Mat(), cv::Point(-1, -1), 2);
    if (cv::countNonZero(covered) < 100)
        return;
    // The paper around the board, a little wider than printed (the paper's own edge blurs).
    const double reach_mm = 3.0;
    cv::Mat paper = plane_rectangle(
        plane, board.page_mm + cv::Vec4d(-reach_mm, -reach_mm, reach_mm, reach_mm), photo.size());
    paper.setTo(0, covered);

    // Brightness and contrast per channel: the photo's medians on the black and white squares.
    cv::Mat dark = (expected < 40) & covered, light = (expected > 215) & covered;
    std::vector<cv::Mat> channels;
    cv::split(photo, channels);
    std::array<double, 3> black{}, white{};
    for (int c = 0; c < 3; ++c) {
        black[size_t(c)] = median_of(channels[size_t(c)], dark);
        white[size_t(c)] = median_of(channels[size_t(c)], light);
        if (black[size_t(c)] < 0 || white[size_t(c)] < 0 ||
            white[size_t(c)] - black[size_t(c)] < 10)
            return;  // the board is not seen well enough to say anything
    }
    evidence.setTo(cv::Scalar(kLikeBoard), covered);
    evidence.setTo(cv::Scalar(kPaperMargin), paper);
    edge.setTo(0, covered);

    // Shape: normalised cross-correlation of the grey photo and the expected board in small
    // windows where the board has an edge; brightness: the colour within a tolerance.
    cv::Mat grey, photo_f, expected_f;
    cv::cvtColor(photo, grey, cv::COLOR_BGR2GRAY);
    grey.convertTo(photo_f, CV_32F);
    expected.convertTo(expected_f, CV_32F);
    const int window = std::max(9, (std::max(photo.cols, photo.rows) / 60) | 1);
    const cv::Size box(window, window);
    cv::Mat mean_p, mean_e, mean_pp, mean_ee, mean_pe;
    cv::blur(photo_f, mean_p, box);
    cv::blur(expected_f, mean_e, box);
    cv::blur(photo_f.mul(photo_f), mean_pp, box);
    cv::blur(expected_f.mul(expected_f), mean_ee, box);
    cv::blur(photo_f.mul(expected_f), mean_pe, box);

    cv::Mat expected_low, expected_high, photo_smooth;
    cv::erode(expected, expected_low, cv::Mat());
    cv::dilate(expected, expected_high, cv::Mat());
    cv::blur(photo, photo_smooth, cv::Size(3, 3));

    const double tolerance = 0.12;
    for (int y = 0; y < photo.rows; ++y) {
        unsigned char* label = labels.ptr<unsigned char>(y);
        unsigned char* said = evidence.ptr<unsigned char>(y);
        const unsigned char* on_board = covered.ptr<unsigned char>(y);
        const unsigned char* on_paper = paper.ptr<unsigned char>(y);
        const unsigned char* on_edge = edge.ptr<unsigned char>(y);
        const cv::Vec3b* colour = photo_smooth.ptr<cv::Vec3b>(y);
        const unsigned char* low = expected_low.ptr<unsigned char>(y);
        const unsigned char* high = expected_high.ptr<unsigned char>(y);
        for (int x = 0; x < photo.cols; ++x) {
            if ((!on_board[x] && !on_paper[x]) || label[x] == cv::GC_BGD)
                continue;
            // The board is grey: every channel at the same level between its black and white.
            std::array<double, 3> level{};
            for (int c = 0; c < 3; ++c)
                level[size_t(c)] =
                    (colour[x][c] - black[size_t(c)]) / (white[size_t(c)] - black[size_t(c)]);
            const auto [least, most] = std::minmax_element(level.begin(), level.end());
            const bool grey_level = *most - *least < tolerance;
            if (on_paper[x]) {
                // Paper white is as like the object's white as the board's white squares are.
                if (grey_level && *least >= 1.0 - 2.0 * tolerance) {
                    said[x] = kLikeBoard;
                    label[x] = cv::GC_PR_BGD;
                } else if (on_edge[x] && *most < 0.5) {
                    said[x] = kDarkerThanBoard;
                }
                continue;
            }
            const float var_e =
                mean_ee.at<float>(y, x) - mean_e.at<float>(y, x) * mean_e.at<float>(y, x);
            const float var_p =
                mean_pp.at<float>(y, x) - mean_p.at<float>(y, x) * mean_p.at<float>(y, x);
            const float cov =
                mean_pe.at<float>(y, x) - mean_p.at<float>(y, x) * mean_e.at<float>(y, x);
            if (var_e > 40.0f * 40.0f && var_p > 1e-3f && cov / std::sqrt(var_e * var_p) > 0.9f) {
                label[x] = cv::GC_BGD;
                continue;
            }
            const double mean_level = (level[0] + level[1] + level[2]) / 3.0;
            if (!grey_level || mean_level > high[x] / 255.0 + tolerance) {
                said[x] = kUnlikeBoard;
            } else if (mean_level < low[x] / 255.0 - tolerance) {
                said[x] = kDarkerThanBoard;
            } else if (*least >= low[x] / 255.0 - tolerance &&
                       *most <= high[x] / 255.0 + tolerance) {
                said[x] = kLikeBoard;
                label[x] = cv::GC_PR_BGD;
            } else {
                said[x] = kDarkerThanBoard;
            }
        }
    }
}

// Without a board: the background's colour, learned outside the region, is probably background.
void label_background_colour(const cv::Mat& photo, cv::Mat& labels) {
    const cv::Mat outside = labels == cv::GC_BGD;
    if (cv::countNonZero(outside) < 100)
        return;
    cv::Mat samples;
    photo.reshape(1, int(photo.total())).convertTo(samples, CV_32F);
    cv::Mat chosen;
    for (int i = 0; i < samples.rows; i += 7)
        if (outside.data[i])
            chosen.push_back(samples.row(i));
    if (chosen.rows < 20)
        return;
    cv::Mat covariance, mean;
    cv::calcCovarMatrix(chosen, covariance, mean, cv::COVAR_NORMAL | cv::COVAR_ROWS, CV_64F);
    covariance = covariance / std::max(1, chosen.rows - 1) + cv::Mat::eye(3, 3, CV_64F) * 4.0;
    const cv::Matx33d inverse = cv::Matx33d(covariance).inv();
    const cv::Vec3d centre(mean.at<double>(0), mean.at<double>(1), mean.at<double>(2));
    for (int y = 0; y < photo.rows; ++y) {
        unsigned char* label = labels.ptr<unsigned char>(y);
        const cv::Vec3b* colour = photo.ptr<cv::Vec3b>(y);
        for (int x = 0; x < photo.cols; ++x) {
            if (label[x] == cv::GC_BGD)
                continue;
            const cv::Vec3d d = cv::Vec3d(colour[x][0], colour[x][1], colour[x][2]) - centre;
            if (d.dot(inverse * d) < 9.0 * 3.0)
                label[x] = cv::GC_PR_BGD;
        }
    }
}

// How often the sure background shows each colour (32 levels a channel), neighbouring colours
// counted too (3 x 3 x 3 bins) so that the model covers noise and shading.
class ColourCounts {
  public:
    static constexpr int kLevels = 32, kShift = 3;

    static int bin(const cv::Vec3b& c) {
        return (c[0] >> kShift) + kLevels * ((c[1] >> kShift) + kLevels * (c[2] >> kShift));
    }

    ColourCounts() : counts_(size_t(kLevels * kLevels * kLevels), 0.0f) {}

    void add(const cv::Vec3b& colour) {
        counts_[size_t(bin(colour))] += 1.0f;
        samples_ += 1.0;
    }

    double samples() const { return samples_; }

    void smooth() {
        for (int axis = 0; axis < 3; ++axis) {
            const int stride = axis == 0 ? 1 : axis == 1 ? kLevels : kLevels * kLevels;
            std::vector<float> summed(counts_.size(), 0.0f);
            for (int i = 0; i < int(counts_.size()); ++i) {
                const int level = (i / stride) % kLevels;
                float sum = counts_[size_t(i)];
                if (level > 0)
                    sum += counts_[size_t(i - stride)];
                if (level + 1 < kLevels)
                    sum += counts_[size_t(i + stride)];
                summed[size_t(i)] = sum;
            }
            counts_.swap(summed);
        }
        common_ = float(std::max(4.0, 2e-4 * samples_));
    }

    bool rare(const cv::Vec3b& colour) const { return counts_[size_t(bin(colour))] < common_; }

  private:
    std::vector<float> counts_;
    double samples_ = 0.0;
    float common_ = 4.0f;
};

// The undecided pixels that the board's expected appearance contradicts are object, and so are
// those whose colour the background rarely shows: on the board any sure background, elsewhere
// the room's (so that a white object is found against a grey cloth, though the board's squares
// are white). The decision is then smoothed over a small window, and GrabCut settles a thin
// band along the edge; with `keep_decided` (on a board) it may only add to the object: its colour
// models cannot tell a white object from the white squares, and a pixel it wrongly takes away
// dents the visual hull, where one wrongly added is trimmed by the other views.
cv::Mat classify_by_colour(const cv::Mat& photo, const cv::Mat& labels, const cv::Mat& evidence,
                           bool keep_decided, const MaskOptions& options) {
    ColourCounts everywhere, room;
    for (int y = 0; y < photo.rows; ++y) {
        const cv::Vec3b* colour = photo.ptr<cv::Vec3b>(y);
        const unsigned char* label = labels.ptr<unsigned char>(y);
        const unsigned char* said = evidence.ptr<unsigned char>(y);
        for (int x = 0; x < photo.cols; ++x)
            if (label[x] == cv::GC_BGD) {
                everywhere.add(colour[x]);
                if (said[x] == kRoom)
                    room.add(colour[x]);
            }
    }
    everywhere.smooth();
    room.smooth();
    // Too little of the room seen to say what it looks like: all the background speaks for it.
    const ColourCounts& around = room.samples() >= 0.02 * double(photo.total()) ? room : everywhere;
    cv::Mat object(photo.size(), CV_32F, cv::Scalar(0.0f));
    for (int y = 0; y < photo.rows; ++y) {
        const cv::Vec3b* colour = photo.ptr<cv::Vec3b>(y);
        const unsigned char* label = labels.ptr<unsigned char>(y);
        const unsigned char* said = evidence.ptr<unsigned char>(y);
        float* out = object.ptr<float>(y);
        for (int x = 0; x < photo.cols; ++x) {
            if (label[x] == cv::GC_BGD)
                continue;
            bool is_object = label[x] == cv::GC_FGD;
            switch (said[x]) {
                case kUnlikeBoard:
                    is_object = true;
                    break;
                case kLikeBoard:
                case kDarkerThanBoard:
                    is_object = is_object || everywhere.rare(colour[x]);
                    break;
                default:
                    is_object = is_object || around.rare(colour[x]);
                    break;
            }
            if (is_object)
                out[x] = 1.0f;
        }
    }
    const int window = std::max(3, (std::max(photo.cols, photo.rows) / 200) | 1);
    cv::blur(object, object, cv::Size(window, window));
    cv::Mat foreground = object > 0.5f;
    foreground.setTo(0, labels == cv::GC_BGD);
    if (options.grabcut_iterations <= 0 || cv::countNonZero(foreground) < 50)
        return foreground;

    // GrabCut in a band along the edge only: inside and outside it the decision stands.
    const cv::Mat ring =
        cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * window + 1, 2 * window + 1));
    cv::Mat inner, outer;
    cv::erode(foreground, inner, ring);
    cv::dilate(foreground, outer, ring);
    cv::Mat band_labels(photo.size(), CV_8UC1, cv::Scalar(cv::GC_BGD));
    band_labels.setTo(cv::Scalar(cv::GC_PR_BGD), outer);
    band_labels.setTo(cv::Scalar(cv::GC_PR_FGD), foreground);
    band_labels.setTo(cv::Scalar(cv::GC_FGD), inner);
    band_labels.setTo(cv::Scalar(cv::GC_BGD), labels == cv::GC_BGD);
    cv::Rect box = cv::boundingRect(outer);
    box =
        cv::Rect(box.x - window, box.y - window, box.width + 2 * window, box.height + 2 * window) &
        cv::Rect(0, 0, photo.cols, photo.rows);
    cv::Mat box_labels = band_labels(box).clone();
    if (cv::countNonZero(box_labels == cv::GC_BGD) < 50 ||
        cv::countNonZero(box_labels == cv::GC_FGD) < 50)
        return foreground;
    cv::Mat background_model, foreground_model;
    cv::grabCut(photo(box), box_labels, cv::Rect(), background_model, foreground_model,
                options.grabcut_iterations, cv::GC_INIT_WITH_MASK);
    cv::Mat box_foreground = (box_labels == cv::GC_FGD) | (box_labels == cv::GC_PR_FGD);
    if (keep_decided) {
        foreground(box) |= box_foreground;
        return foreground;
    }
    foreground.setTo(0);
    box_foreground.copyTo(foreground(box));
    return foreground;
}

std::string percent(double fraction) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f%%", fraction * 100.0);
    return text;
}

// Keeps the large pieces of the object and fills its small holes.
cv::Mat cleaned(const cv::Mat& foreground) {
    cv::Mat components, stats, centroids;
    const int count = cv::connectedComponentsWithStats(foreground, components, stats, centroids, 8);
    int largest = 0;
    for (int i = 1; i < count; ++i)
        largest = std::max(largest, stats.at<int>(i, cv::CC_STAT_AREA));
    std::vector<unsigned char> keep(size_t(count), 0);
    for (int i = 1; i < count; ++i)
        keep[size_t(i)] = stats.at<int>(i, cv::CC_STAT_AREA) >= std::max(20, largest / 10);
    cv::Mat result(foreground.size(), CV_8UC1);
    for (int y = 0; y < result.rows; ++y)
        for (int x = 0; x < result.cols; ++x)
            result.at<unsigned char>(y, x) = keep[size_t(components.at<int>(y, x))] ? 255 : 0;

    // Holes: background pieces that do not touch the border and are small beside the object.
    cv::Mat holes = result == 0;
    const int hole_count = cv::connectedComponentsWithStats(holes, components, stats, centroids, 4);
    const int object_area = cv::countNonZero(result);
    std::vector<unsigned char> fill(size_t(hole_count), 0);
    for (int i = 1; i < hole_count; ++i) {
        const int left = stats.at<int>(i, cv::CC_STAT_LEFT),
                  top = stats.at<int>(i, cv::CC_STAT_TOP);
        const int right = left + stats.at<int>(i, cv::CC_STAT_WIDTH);
        const int bottom = top + stats.at<int>(i, cv::CC_STAT_HEIGHT);
        const bool touches_border =
            left == 0 || top == 0 || right == result.cols || bottom == result.rows;
        fill[size_t(i)] = !touches_border && stats.at<int>(i, cv::CC_STAT_AREA) < object_area / 50;
    }
    for (int y = 0; y < result.rows; ++y)
        for (int x = 0; x < result.cols; ++x)
            if (fill[size_t(components.at<int>(y, x))])
                result.at<unsigned char>(y, x) = 255;
    return result;
}

// The object's silhouette is seldom concave where the photo cannot tell it from the board: the
// pixels that look as the bare board would there (the object's white over a white square or the
// paper) within the silhouette's convex hull and near its edge are taken in. Background the
// board's pattern or the room's colours confirm stays out, and the hull of the intersection of
// the views trims what is taken in wrongly, while a part missed here would be carved away.
void fill_concavities(cv::Mat& foreground, const cv::Mat& ambiguous, int reach_px) {
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(foreground, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    std::vector<cv::Point> points;
    for (const std::vector<cv::Point>& contour : contours)
        points.insert(points.end(), contour.begin(), contour.end());
    if (points.size() < 3)
        return;
    std::vector<cv::Point> hull;
    cv::convexHull(points, hull);
    cv::Mat inside(foreground.size(), CV_8UC1, cv::Scalar(0));
    cv::fillConvexPoly(inside, hull, cv::Scalar(255));
    cv::Mat near;
    cv::dilate(
        foreground, near,
        cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * reach_px + 1, 2 * reach_px + 1)));
    foreground.setTo(255, inside & near & ambiguous);
}

cv::Mat mask_of_view(const CameraView& view, const ObjectRegion& region, const BoardTopView* board,
                     const MaskOptions& options) {
    double scale = 1.0;
    const cv::Mat photo = read_working_image(view, options.max_side_px, scale);
    const ScaledCamera camera = scaled_camera(view, scale);

    cv::Mat labels(photo.size(), CV_8UC1, cv::Scalar(cv::GC_BGD));
    cv::Mat evidence(photo.size(), CV_8UC1, cv::Scalar(kRoom));
    labels.setTo(cv::Scalar(cv::GC_PR_FGD), region_projection(camera, region, photo.size()));
    // The object stands clear of the photo's edges: a thin band along them shows the backdrop,
    // which teaches GrabCut what the room behind the board looks like.
    const int band = std::max(2, std::max(photo.cols, photo.rows) / 100);
    labels.rowRange(0, band).setTo(cv::Scalar(cv::GC_BGD));
    labels.colRange(0, band).setTo(cv::Scalar(cv::GC_BGD));
    labels.colRange(photo.cols - band, photo.cols).setTo(cv::Scalar(cv::GC_BGD));
    labels.rowRange(photo.rows - band, photo.rows).setTo(cv::Scalar(cv::GC_BGD));
    if (board)
        label_board(photo, camera, *board, labels, evidence);
    else
        label_background_colour(photo, labels);

    cv::Mat foreground =
        cleaned(classify_by_colour(photo, labels, evidence, board != nullptr, options));
    if (board) {
        const cv::Mat ambiguous = (evidence == kLikeBoard) & (labels != cv::GC_BGD);
        fill_concavities(foreground, ambiguous, std::max(3, std::max(photo.cols, photo.rows) / 60));
        foreground = cleaned(foreground);
    }

    cv::Mat mask;
    const cv::Size full(view.intrinsics.width_px, view.intrinsics.height_px);
    if (foreground.size() != full) {
        cv::resize(foreground, mask, full, 0, 0, cv::INTER_LINEAR);
        cv::threshold(mask, mask, 127, 255, cv::THRESH_BINARY);
    } else {
        mask = foreground;
    }
    const double fraction = double(cv::countNonZero(mask)) / double(mask.total());
    if (fraction < options.min_object_fraction)
        throw Error("object masks: " + view.image_file.string() + ": no object found (it covers " +
                    percent(fraction) +
                    " of the photo); stand the object in the middle of the board and keep it "
                    "in every photo");
    return mask;
}

// The paper the board is printed on, laid out as make_printable_board prints it (a margin above,
// the caption below); for a board of another layout, half a square around it.
cv::Vec4d page_of(const ChArUcoRig& rig) {
    const double half_width_mm = 0.5 * rig.squares_x * rig.square_mm;
    const double half_depth_mm = 0.5 * rig.squares_y * rig.square_mm;
    const double around_mm = 0.5 * rig.square_mm;
    cv::Vec4d page(-half_width_mm - around_mm, -half_depth_mm - around_mm,
                   half_width_mm + around_mm, half_depth_mm + around_mm);
    try {
        BoardOptions options;
        options.paper = rig.paper;
        options.dpi = 72.0;
        options.square_mm = rig.square_mm;
        const PrintableBoard printed = make_printable_board(options);
        if (printed.rig.squares_x != rig.squares_x || printed.rig.squares_y != rig.squares_y)
            return page;
        const double width_mm = printed.width_px * 25.4 / options.dpi;
        const double height_mm = printed.height_px * 25.4 / options.dpi;
        const double side_mm = 0.5 * width_mm - half_width_mm;
        const double below_mm = height_mm - options.margin_mm - 2.0 * half_depth_mm;
        if (side_mm < 0.0 || below_mm < 0.0)
            return page;
        page = cv::Vec4d(-half_width_mm - side_mm, -half_depth_mm - below_mm,
                         half_width_mm + side_mm, half_depth_mm + options.margin_mm);
    } catch (const Error&) {
        // Not one of our papers: the board alone.
    }
    return page;
}

}  // namespace

std::vector<cv::Mat> compute_object_masks(const CameraSet& cameras, const ObjectRegion& region,
                                          const std::optional<ChArUcoRig>& rig,
                                          const MaskOptions& options) {
    assert(options.max_side_px > 0.0);
    std::optional<BoardTopView> board;
    if (rig) {
        // Fine enough for the closest view of the board, at most 4000 pixels across.
        double px_per_mm = 0.5;
        for (const CameraView& view : cameras.views) {
            const double depth_mm = cv::norm(view.cam_from_world.translation_mm);
            const double scale =
                std::min(1.0, options.max_side_px /
                                  std::max(view.intrinsics.width_px, view.intrinsics.height_px));
            if (depth_mm > 0.0)
                px_per_mm = std::max(px_per_mm, 1.5 * view.intrinsics.fx * scale / depth_mm);
        }
        const double longer_mm = std::max(rig->squares_x, rig->squares_y) * rig->square_mm;
        px_per_mm = std::min(px_per_mm, 4000.0 / longer_mm);
        board = BoardTopView{draw_board_top_view(*rig, px_per_mm), px_per_mm, page_of(*rig)};
        cv::GaussianBlur(board->image, board->image, cv::Size(0, 0), 0.5);
    }

    std::vector<cv::Mat> masks(cameras.views.size());
    std::vector<std::string> errors(cameras.views.size());  // the first one is reported
    cv::parallel_for_(cv::Range(0, int(cameras.views.size())), [&](const cv::Range& range) {
        for (int i = range.start; i < range.end; ++i) {
            try {
                masks[size_t(i)] = mask_of_view(cameras.views[size_t(i)], region,
                                                board ? &*board : nullptr, options);
            } catch (const Error& error) {
                errors[size_t(i)] = error.what();
            }
        }
    });
    for (const std::string& error : errors)
        if (!error.empty())
            throw Error(error);
    return masks;
}

}  // namespace heritage::capture
