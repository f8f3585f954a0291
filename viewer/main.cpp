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
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "exhibit/error.h"
#include "render/scene/data_dir.h"
#include "viewer/platform_glfw.h"
#include "viewer/stats/report.h"
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
    "       heritage-viewer [--exhibit DIR] --kiosk [--state DIR]\n"
    "       heritage-viewer --set-kiosk-pin [--state DIR]   (reads the PIN from standard input)\n"
    "       heritage-viewer --report YEAR [--state DIR] [--out DIR] [--exhibit DIR]\n"
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
    bool kiosk = false;
    bool set_kiosk_pin = false;
    fs::path state_dir;
    bool state_given = false;   // --state on the command line
    std::optional<int> report;  // --report YEAR
    fs::path report_out = ".";  // --out DIR
};

// Where a kiosk keeps its settings and visitor statistics, outside any package:
// $XDG_STATE_HOME/heritage3d, else ~/.local/state/heritage3d.
fs::path default_state_dir() {
    if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state) {
        return fs::path(state) / "heritage3d";
    }
    const char* home = std::getenv("HOME");
    return fs::path(home ? home : ".") / ".local" / "state" / "heritage3d";
}

std::optional<Arguments> parse(int argc, char** argv) {
    Arguments arguments;
    arguments.app.data_dir = heritage::render::find_data_dir();
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
        } else if (flag == "--kiosk") {
            arguments.kiosk = true;
        } else if (flag == "--set-kiosk-pin") {
            arguments.set_kiosk_pin = true;
        } else if (flag == "--state" && (given = value())) {
            arguments.state_dir = *given;
            arguments.state_given = true;
        } else if (flag == "--report" && (given = value())) {
            int year = 0;
            if (std::sscanf(given->c_str(), "%d", &year) != 1 || year < 2000 || year > 2100) {
                std::fprintf(stderr, "heritage-viewer: --report wants a year, e.g. 2025\n");
                return std::nullopt;
            }
            arguments.report = year;
        } else if (flag == "--out" && (given = value())) {
            arguments.report_out = *given;
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
    if (arguments.state_dir.empty())
        arguments.state_dir = default_state_dir();
    return arguments;
}

// Asks for a PIN on standard input and stores its hash in <state>/kiosk.json, keeping the
// other settings.
int set_kiosk_pin(const Arguments& arguments) {
    const fs::path file = arguments.state_dir / "kiosk.json";
    KioskConfig config;
    if (fs::exists(file)) {
        try {
            config = load_kiosk_config(file);
        } catch (const Error&) {
            // No PIN yet, or a broken file: start from the defaults.
        }
    }
    std::fprintf(stderr, "New kiosk PIN (4-12 digits): ");
    std::string pin;
    std::getline(std::cin, pin);
    config.pin_hash = hash_pin(pin);
    save_kiosk_config(file, config);
    std::printf("%s: PIN set\n", file.c_str());
    return 0;
}

// The annual visitor report: a CSV and a one-page PNG with charts, titles from the exhibit.
int write_report(const Arguments& arguments) {
    const AnnualReport report = compute_annual_report(arguments.state_dir, *arguments.report);
    std::map<std::string, std::string> titles;
    const exhibit::PackageReadResult package = exhibit::read_package(arguments.app.exhibit_dir);
    for (const exhibit::Artifact& artifact : package.package.artifacts) {
        titles[artifact.id] =
            exhibit::resolve_text(artifact.title, "vi", package.package.exhibit.fallback_order);
    }
    write_annual_report(report, titles, arguments.report_out);
    std::printf("%s: %d visits in %d\n", arguments.report_out.c_str(), report.visits, report.year);
    return 0;
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
        if (arguments->report)
            return write_report(*arguments);
        if (arguments->set_kiosk_pin)
            return set_kiosk_pin(*arguments);
        Arguments run = *arguments;
        if (run.kiosk)
            run.app.kiosk = load_kiosk_config(run.state_dir / "kiosk.json");
        if (run.screenshot)
            return take_screenshot(run);
        return run_window(run.app, {run.fullscreen || run.kiosk, 1280, 800});
    } catch (const Error& error) {
        std::fprintf(stderr, "heritage-viewer: %s\n", error.what());
        return 1;
    }
}
