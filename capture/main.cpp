// heritage-capture: the command line. Thin: parse arguments, call the library, print, and turn
// heritage::Error into a message and an exit code.
//
// Exit codes: 0 success; 1 the input has problems (listed); 2 wrong usage; 3 an output could
// not be written.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "capture/board.h"
#include "capture/cli_run.h"
#include "capture/evaluate.h"
#include "capture/synth.h"
#include "exhibit/error.h"
#include "exhibit/files.h"
#include "exhibit/lido_export.h"
#include "exhibit/package_read.h"
#include "exhibit/validate.h"

namespace {

namespace exhibit = heritage::exhibit;
namespace capture = heritage::capture;

constexpr int kExitProblems = 1;
constexpr int kExitUsage = 2;
constexpr int kExitWriteFailed = 3;

const char* const kUsage =
    "usage:\n"
    "  heritage-capture validate PACKAGE_DIR\n"
    "      check an exhibit package; print a summary, or every problem as\n"
    "      \"file: JSON pointer: message\"\n"
    "  heritage-capture export-lido PACKAGE_DIR --out FILE.xml\n"
    "      write one LIDO 1.1 record per artifact\n"
    "  heritage-capture board --out BOARD.png [--paper A4|A3|A2|A1|A0] [--dpi 300]\n"
    "      write a printable ChArUco calibration board at true scale, and its rig.json\n"
    "  heritage-capture synth --model MODEL.glb --views N --out DIR [--size 2000x1500]\n"
    "                         [--paper auto|A4|A3|A2|A1|A0] [--seed S] [--cross-polarised]\n"
    "      render a synthetic turntable photo set of a model on the board, with its true\n"
    "      cameras, held-out photos and truth.json, to measure the pipeline\n"
    "  heritage-capture evaluate --truth DIR --result ARTIFACT_DIR [--compare-out DIR]\n"
    "      compare a capture's artifact with a synthetic set's truth: pose errors,\n"
    "      F-score of the surface, PSNR of the held-out views\n";

int usage_error(const std::string& message) {
    std::fprintf(stderr, "heritage-capture: %s\n\n%s%s", message.c_str(), kUsage,
                 capture::kRunUsage);
    return kExitUsage;
}

// Prints problems (warnings included) to stderr; returns whether any is an error.
bool print_problems(const exhibit::PackageReadResult& result) {
    for (const exhibit::Problem& problem : result.problems) {
        std::fprintf(stderr, "%s\n", exhibit::format_problem(problem).c_str());
    }
    return !result.valid();
}

int run_validate(const std::vector<std::string_view>& args) {
    if (args.size() != 1)
        return usage_error("validate takes one PACKAGE_DIR");
    const exhibit::PackageReadResult result = exhibit::read_package(std::string(args[0]));
    if (print_problems(result)) {
        std::fprintf(stderr, "%s: not valid: %d errors, %d warnings\n",
                     std::string(args[0]).c_str(),
                     exhibit::count_problems(result.problems, exhibit::Severity::Error),
                     exhibit::count_problems(result.problems, exhibit::Severity::Warning));
        return kExitProblems;
    }
    std::printf("%s\n",
                exhibit::format_summary(exhibit::summarize_package(result.package)).c_str());
    return 0;
}

// The printable board and, beside it, rig.json (the board's true sizes).
int run_board(const std::vector<std::string_view>& args) {
    capture::BoardOptions options;
    std::string out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const bool has_value = i + 1 < args.size();
        if (args[i] == "--out" && has_value) {
            out = args[++i];
        } else if (args[i] == "--paper" && has_value) {
            options.paper = args[++i];
        } else if (args[i] == "--dpi" && has_value) {
            options.dpi = std::atof(std::string(args[++i]).c_str());
        } else {
            return usage_error("unexpected argument \"" + std::string(args[i]) + "\"");
        }
    }
    if (out.empty())
        return usage_error("board needs --out BOARD.png");
    try {
        const capture::PrintableBoard board = capture::make_printable_board(options);
        const std::filesystem::path png(out);
        const std::filesystem::path rig = png.parent_path() / "rig.json";
        if (!png.parent_path().empty())
            std::filesystem::create_directories(png.parent_path());
        heritage::write_file_atomically(png, board.png);
        capture::write_rig(rig, board.rig);
        std::printf(
            "%s: %s board, %d x %d squares of %.0f mm (markers %.1f mm), %d x %d px at %.0f dpi\n",
            png.c_str(), options.paper.c_str(), board.rig.squares_x, board.rig.squares_y,
            board.rig.square_mm, board.rig.marker_mm, board.width_px, board.height_px, options.dpi);
        std::printf("%s: the board's sizes; keep it with the photos\n", rig.c_str());
        std::printf("Print at 100 %% (actual size) and check the 100 mm bar with a ruler.\n");
    } catch (const heritage::Error& error) {
        std::fprintf(stderr, "heritage-capture: %s\n", error.what());
        return kExitWriteFailed;
    }
    return 0;
}

// A synthetic photo set with its truth (see capture/synth.h).
int run_synth(const std::vector<std::string_view>& args) {
    capture::SynthOptions options;
    std::string model, out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const bool has_value = i + 1 < args.size();
        if (args[i] == "--model" && has_value) {
            model = args[++i];
        } else if (args[i] == "--out" && has_value) {
            out = args[++i];
        } else if (args[i] == "--views" && has_value) {
            options.views = std::atoi(std::string(args[++i]).c_str());
        } else if (args[i] == "--size" && has_value) {
            const std::string size(args[++i]);
            if (std::sscanf(size.c_str(), "%dx%d", &options.size.width, &options.size.height) !=
                2) {
                return usage_error("--size takes WIDTHxHEIGHT, e.g. 2000x1500");
            }
        } else if (args[i] == "--paper" && has_value) {
            options.paper = args[++i];
        } else if (args[i] == "--seed" && has_value) {
            options.seed = unsigned(std::strtoul(std::string(args[++i]).c_str(), nullptr, 10));
        } else if (args[i] == "--cross-polarised") {
            options.cross_polarised = true;
        } else {
            return usage_error("unexpected argument \"" + std::string(args[i]) + "\"");
        }
    }
    if (model.empty() || out.empty())
        return usage_error("synth needs --model MODEL.glb and --out DIR");
    try {
        const capture::SynthResult result = capture::synthesize_photo_set(model, out, options);
        std::printf(
            "%s: %d photos and %d held out, %dx%d, of %s (%.0f x %.0f x %.0f mm) on an %s "
            "board, in %.1f s\n",
            out.c_str(), result.photos, result.held_out, options.size.width, options.size.height,
            model.c_str(), result.truth.size_mm[0], result.truth.size_mm[1],
            result.truth.size_mm[2], result.rig.paper.c_str(), result.seconds);
    } catch (const heritage::Error& error) {
        std::fprintf(stderr, "heritage-capture: %s\n", error.what());
        return kExitProblems;
    }
    return 0;
}

// A capture's result against a synthetic set's truth (see capture/evaluate.h).
int run_evaluate(const std::vector<std::string_view>& args) {
    std::string truth, result;
    capture::EvaluateOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const bool has_value = i + 1 < args.size();
        if (args[i] == "--truth" && has_value) {
            truth = args[++i];
        } else if (args[i] == "--result" && has_value) {
            result = args[++i];
        } else if (args[i] == "--compare-out" && has_value) {
            options.comparison_dir = std::string(args[++i]);
        } else {
            return usage_error("unexpected argument \"" + std::string(args[i]) + "\"");
        }
    }
    if (truth.empty() || result.empty())
        return usage_error("evaluate needs --truth DIR and --result ARTIFACT_DIR");
    try {
        const capture::Evaluation evaluation =
            capture::evaluate_reconstruction(truth, result, options);
        for (const std::string& line : capture::format_evaluation(evaluation))
            std::printf("%s\n", line.c_str());
    } catch (const heritage::Error& error) {
        std::fprintf(stderr, "heritage-capture: %s\n", error.what());
        return kExitProblems;
    }
    return 0;
}

int run_export_lido(const std::vector<std::string_view>& args) {
    std::string package_dir;
    std::string out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--out" && i + 1 < args.size()) {
            out = args[++i];
        } else if (package_dir.empty() && !args[i].starts_with("--")) {
            package_dir = args[i];
        } else {
            return usage_error("unexpected argument \"" + std::string(args[i]) + "\"");
        }
    }
    if (package_dir.empty() || out.empty()) {
        return usage_error("export-lido needs PACKAGE_DIR and --out FILE.xml");
    }
    const exhibit::PackageReadResult result = exhibit::read_package(package_dir);
    if (print_problems(result)) {
        std::fprintf(stderr, "%s: not valid, nothing exported; fix the errors above first\n",
                     package_dir.c_str());
        return kExitProblems;
    }
    if (result.package.artifacts.empty()) {
        std::fprintf(stderr, "%s: the package has no artifacts, so there is nothing to export\n",
                     package_dir.c_str());
        return kExitProblems;
    }
    try {
        heritage::write_file_atomically(out, exhibit::export_lido(result.package));
    } catch (const heritage::Error& error) {
        std::fprintf(stderr, "heritage-capture: %s\n", error.what());
        return kExitWriteFailed;
    }
    std::printf("%s: %zu LIDO records\n", out.c_str(), result.package.artifacts.size());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        std::fputs(kUsage, args.empty() ? stderr : stdout);
        std::fputs(capture::kRunUsage, args.empty() ? stderr : stdout);
        return args.empty() ? kExitUsage : 0;
    }
    const std::string_view command = args[0];
    args.erase(args.begin());
    if (command == "validate")
        return run_validate(args);
    if (command == "export-lido")
        return run_export_lido(args);
    if (command == "board")
        return run_board(args);
    if (command == "synth")
        return run_synth(args);
    if (command == "evaluate")
        return run_evaluate(args);
    if (command == "run")
        return capture::run_command(args);
    return usage_error("unknown command \"" + std::string(command) + "\"");
}
