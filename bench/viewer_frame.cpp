// bench/viewer_frame.cpp: the viewer's speed and memory on this machine (Mesa llvmpipe, no GPU),
// as the viewer issue asks: frame time p50/p95 at 1280x720 on the artifact screen with (a) a
// sample artifact and (b) a 200k-triangle textured model; cold start to the first frame; peak
// memory; and (c) the longest frame while a ~100 MB model loads (the UI must not freeze).
//
//   heritage-bench-viewer [--frames N]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "assets/generator/glb_writer.h"
#include "assets/generator/mesh.h"
#include "exhibit/files.h"
#include "viewer/ui/headless_viewer.h"

namespace fs = std::filesystem;
using namespace heritage;
using namespace heritage::viewer;
using Stopwatch = std::chrono::steady_clock;

namespace {

double milliseconds_since(Stopwatch::time_point start) {
    return std::chrono::duration<double, std::milli>(Stopwatch::now() - start).count();
}

double peak_memory_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    const std::size_t index =
        std::min(values.size() - 1, std::size_t(p * double(values.size() - 1) + 0.5));
    return values[index];
}

// A textured sphere-ish model of about `triangles` triangles, as a .glb.
std::string dense_model(int triangles) {
    sample::SampleModel model;
    sample::Image texture(1024, 1024, {180, 140, 90, 255});
    sample::fill_noise(texture, {180, 140, 90, 255}, {90, 70, 50, 255}, 30.0f, 0.8f, 7);
    model.materials.push_back({"surface", texture, 0.2f, 0.6f});
    sample::MeshPart part{"dense", 0, {}, {}};
    const int rings = int(std::sqrt(double(triangles) / 2.0));
    sample::add_ellipsoid(part, {0, 0.25f, 0}, {0.25f, 0.25f, 0.25f}, rings * 2 / 2, rings);
    // Ripples so the surface is not trivially smooth.
    for (sample::Vertex& vertex : part.vertices) {
        const float ripple = 1.0f + 0.03f * std::sin(vertex.position.x * 80.0f) *
                                        std::cos(vertex.position.z * 80.0f);
        vertex.position =
            glm::vec3(0, 0.25f, 0) + (vertex.position - glm::vec3(0, 0.25f, 0)) * ripple;
    }
    model.parts.push_back(part);
    return sample::write_glb(model);
}

// A copy of the minimal fixture package whose "trong-dong" model is `glb`.
fs::path package_with_model(const std::string& name, const std::string& glb) {
    const fs::path root = fs::temp_directory_path() / ("heritage-bench-" + name);
    fs::remove_all(root);
    fs::copy(fs::path(HERITAGE_SOURCE_DIR) / "tests/data/minimal-exhibit", root,
             fs::copy_options::recursive);
    write_file_atomically(root / "artifacts/trong-dong/model.glb", glb);
    return root;
}

struct FrameTimes {
    double p50 = 0, p95 = 0, max = 0;
    double still_first = 0;  // the frame after the camera stops: full model, 4x MSAA
    double still_idle = 0;   // p50 of the frames after that: the view is reused
};

FrameTimes measure(HeadlessViewer& viewer, int frames) {
    std::vector<double> times;
    for (int i = 0; i < frames; ++i) {
        // Keep the camera turning so every frame draws the model anew.
        viewer.app().artifact.camera.yaw_deg += 1.0f;
        const auto start = Stopwatch::now();
        viewer.frame();
        viewer.read_rgba();  // wait for the GPU (llvmpipe) to finish the frame
        times.push_back(milliseconds_since(start));
    }
    FrameTimes result{percentile(times, 0.5), percentile(times, 0.95),
                      *std::max_element(times.begin(), times.end()), 0.0, 0.0};
    // Then the camera stops: one full-quality frame, then the view is reused.
    std::vector<double> still;
    for (int i = 0; i < 20; ++i) {
        const auto start = Stopwatch::now();
        viewer.frame();
        viewer.read_rgba();
        still.push_back(milliseconds_since(start));
    }
    result.still_first = still.front();
    still.erase(still.begin());
    result.still_idle = percentile(still, 0.5);
    return result;
}

int run_case(char which, int frames) {
    const auto process_start = Stopwatch::now();
    AppOptions options;
    options.data_dir = HERITAGE_SOURCE_DIR;
    options.exhibit_dir = fs::path(HERITAGE_SOURCE_DIR) / "assets/exhibits/laocai-heritage";
    if (which == 'a') {
        // A sample artifact, from a cold start (this process started just now).
        HeadlessViewer viewer(options, {1280, 720});
        viewer.frame();
        viewer.read_rgba();
        const double first_ui_frame = milliseconds_since(process_start);
        open_artifact(viewer.app(), "trong-dong-gia-phu");
        viewer.settle();
        viewer.read_rgba();
        const double first_model_frame = milliseconds_since(process_start);
        const FrameTimes times = measure(viewer, frames);
        std::printf("cold start to first frame (home):          %7.1f ms (target <= 1000 ms)\n",
                    first_ui_frame);
        std::printf("cold start to first frame with the model:  %7.1f ms\n", first_model_frame);
        std::printf(
            "(a) sample artifact (Gia Phu drum, 6k triangles), camera turning: p50 %6.2f ms"
            "  p95 %6.2f ms\n",
            times.p50, times.p95);
        std::printf(
            "    camera still: first frame %6.2f ms (full quality, 4x MSAA), then p50 %6.2f ms\n",
            times.still_first, times.still_idle);
        std::printf("    peak memory: %.1f MB\n", peak_memory_mb());
    } else if (which == 'b') {
        const fs::path package = package_with_model("200k", dense_model(200000));
        options.exhibit_dir = package;
        HeadlessViewer viewer(options, {1280, 720});
        open_artifact(viewer.app(), "trong-dong");
        viewer.settle();
        const auto entry = viewer.app().models.get(package / "artifacts/trong-dong/model.glb");
        const FrameTimes times = measure(viewer, frames);
        std::printf(
            "(b) %zu-triangle textured model, camera turning: p50 %6.2f ms  p95 %6.2f ms"
            " (target p50 <= 16.7 ms; drawn from its %zu-triangle light version)\n",
            entry.model ? entry.model->model.triangle_count : 0, times.p50, times.p95,
            entry.model && entry.model->light ? entry.model->light->triangle_count : 0);
        std::printf(
            "    camera still: first frame %6.2f ms (full model, 4x MSAA), then p50 %6.2f ms\n",
            times.still_first, times.still_idle);
        std::printf("    peak memory: %.1f MB (target <= 300 MB)\n", peak_memory_mb());
    } else {
        // A ~100 MB model loading on the worker while the UI keeps drawing frames.
        const std::string glb = dense_model(3600000);
        const fs::path package = package_with_model("100mb", glb);
        options.exhibit_dir = package;
        HeadlessViewer viewer(options, {1280, 720});
        open_artifact(viewer.app(), "trong-dong");
        const fs::path model = package / "artifacts/trong-dong/model.glb";
        std::vector<double> times;
        const auto start = Stopwatch::now();
        while (true) {
            const auto frame_start = Stopwatch::now();
            viewer.frame();
            viewer.read_rgba();
            times.push_back(milliseconds_since(frame_start));
            const LoadStatus status = viewer.app().models.get(model).status;
            if (status == LoadStatus::Ready || status == LoadStatus::Failed)
                break;
        }
        const double load_ms = milliseconds_since(start);
        std::printf(
            "(c) %.0f MB model: loaded in %.0f ms while %zu UI frames ran; longest UI frame %.1f "
            "ms\n",
            double(glb.size()) / (1 << 20), load_ms, times.size(),
            *std::max_element(times.begin(), times.end()));
        std::printf("    peak memory: %.1f MB\n", peak_memory_mb());
    }
    return 0;
}

}  // namespace

// Each case runs in its own process, so cold start and peak memory are its own.
int main(int argc, char** argv) {
    int frames = 120;
    char which = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--frames") == 0)
            frames = std::max(10, std::atoi(argv[i + 1]));
        if (std::strcmp(argv[i], "--case") == 0)
            which = argv[i + 1][0];
    }
    if (which)
        return run_case(which, frames);
    std::printf(
        "heritage-viewer benchmark: 1280x720 on this machine's OpenGL, %d frames per case\n",
        frames);
    std::fflush(stdout);
    int status = 0;
    for (const char* name : {"a", "b", "c"}) {
        const std::string command =
            std::string(argv[0]) + " --case " + name + " --frames " + std::to_string(frames);
        status |= std::system(command.c_str());
    }
    return status == 0 ? 0 : 1;
}
