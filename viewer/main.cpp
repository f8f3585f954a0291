// heritage-viewer: the command line. Thin: parse arguments, then a window, a screenshot, or
// the thumbnails; turn heritage::Error into a message and an exit code.
//
//   heritage-viewer [--exhibit DIR] [--fullscreen]
//   heritage-viewer [--exhibit DIR] --screenshot OUT.png [--screen home|artifact]
//                   [--artifact ID] [--lang TAG] [--level LEVEL] [--size WxH]
//   heritage-viewer [--exhibit DIR] --thumbnails
//
// Exit codes: 0 done; 1 the package or a file could not be used (message printed); 2 usage.
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "exhibit/error.h"
#include "viewer/platform_glfw.h"
#include "viewer/ui/headless_viewer.h"

namespace {

namespace fs = std::filesystem;
using namespace heritage;
using namespace heritage::viewer;

const char* const kUsage =
    "usage: heritage-viewer [--exhibit DIR] [--fullscreen]\n"
    "       heritage-viewer [--exhibit DIR] --screenshot OUT.png [--screen home|artifact]\n"
    "                       [--artifact ID] [--lang TAG] [--level LEVEL] [--size WxH]\n"
    "       heritage-viewer [--exhibit DIR] --thumbnails\n"
    "LEVEL: preschool, primary, lower_secondary, upper_secondary\n";

struct Arguments {
    AppOptions app;
    std::optional<fs::path> screenshot;
    std::string screen = "home";
    std::string artifact;
    std::string language;
    std::string level;
    glm::ivec2 size{1280, 720};
    bool thumbnails = false;
    bool fullscreen = false;
};

// The folder holding shaders/ and assets/: HERITAGE3D_DATA_DIR, else the installed share
// folder next to the executable, else the source tree this was built from.
fs::path find_data_dir(const char* argv0) {
    if (const char* from_environment = std::getenv("HERITAGE3D_DATA_DIR"))
        return from_environment;
    std::error_code error;
    const fs::path executable = fs::canonical(fs::path("/proc/self/exe"), error);
    if (!error) {
        const fs::path installed = executable.parent_path().parent_path() / "share" / "heritage3d";
        if (fs::exists(installed / "shaders"))
            return installed;
    }
    (void)argv0;
    return HERITAGE_SOURCE_DIR;
}

std::optional<Arguments> parse(int argc, char** argv) {
    Arguments arguments;
    arguments.app.data_dir = find_data_dir(argv[0]);
    arguments.app.exhibit_dir = arguments.app.data_dir / "assets" / "exhibits" / "laocai-heritage";
    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        auto value = [&]() -> std::optional<std::string> {
            if (i + 1 >= argc)
                return std::nullopt;
            return std::string(argv[++i]);
        };
        std::optional<std::string> given;
        if (flag == "--fullscreen") {
            arguments.fullscreen = true;
        } else if (flag == "--thumbnails") {
            arguments.thumbnails = true;
        } else if (flag == "--exhibit" && (given = value())) {
            arguments.app.exhibit_dir = *given;
        } else if (flag == "--screenshot" && (given = value())) {
            arguments.screenshot = *given;
        } else if (flag == "--screen" && (given = value())) {
            arguments.screen = *given;
        } else if (flag == "--artifact" && (given = value())) {
            arguments.artifact = *given;
        } else if (flag == "--lang" && (given = value())) {
            arguments.language = *given;
        } else if (flag == "--level" && (given = value())) {
            arguments.level = *given;
        } else if (flag == "--size" && (given = value())) {
            if (std::sscanf(given->c_str(), "%dx%d", &arguments.size.x, &arguments.size.y) != 2 ||
                arguments.size.x < 320 || arguments.size.y < 240 || arguments.size.x > 8192 ||
                arguments.size.y > 8192) {
                std::fprintf(stderr, "heritage-viewer: --size wants WIDTHxHEIGHT, e.g. 1280x720\n");
                return std::nullopt;
            }
        } else {
            std::fprintf(stderr, "heritage-viewer: unexpected argument \"%s\"\n\n%s", argv[i],
                         kUsage);
            return std::nullopt;
        }
    }
    if (arguments.screen != "home" && arguments.screen != "artifact") {
        std::fprintf(stderr, "heritage-viewer: --screen is home or artifact\n");
        return std::nullopt;
    }
    if (!arguments.level.empty() && !exhibit::parse_school_level(arguments.level)) {
        std::fprintf(stderr, "heritage-viewer: unknown level \"%s\"\n\n%s", arguments.level.c_str(),
                     kUsage);
        return std::nullopt;
    }
    return arguments;
}

int take_screenshot(const Arguments& arguments) {
    HeadlessViewer viewer(arguments.app, arguments.size);
    App& app = viewer.app();
    if (!arguments.language.empty())
        app.language = arguments.language;
    if (!arguments.level.empty())
        app.level = *exhibit::parse_school_level(arguments.level);
    if (arguments.screen == "artifact" && app.screen != Screen::InvalidPackage) {
        std::string id = arguments.artifact;
        const exhibit::Package& package = app.package.package;
        if (id.empty() && !package.exhibit.sections.empty() &&
            !package.exhibit.sections.front().artifacts.empty()) {
            id = package.exhibit.sections.front().artifacts.front();
        }
        if (!exhibit::find_artifact(package, id)) {
            std::fprintf(stderr, "heritage-viewer: no artifact \"%s\" in %s\n", id.c_str(),
                         arguments.app.exhibit_dir.c_str());
            return 1;
        }
        open_artifact(app, id);
    }
    viewer.settle();
    viewer.save_png(*arguments.screenshot);
    std::printf("%s\n", arguments.screenshot->c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::optional<Arguments> arguments = parse(argc, argv);
    if (!arguments)
        return 2;
    try {
        if (arguments->thumbnails) {
            return render_thumbnails(arguments->app, 512) > 0 ? 0 : 1;
        }
        if (arguments->screenshot)
            return take_screenshot(*arguments);
        return run_window(arguments->app, {arguments->fullscreen, 1280, 800});
    } catch (const Error& error) {
        std::fprintf(stderr, "heritage-viewer: %s\n", error.what());
        return 1;
    }
}
