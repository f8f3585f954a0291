// Loading a package: parse (package_json.cpp) -> resolve the files it names -> validate
// (validate.cpp). Each step adds problems and carries on, so one run reports them all.
#include "exhibit/package_read.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <set>
#include <string>

#include "exhibit/error.h"
#include "exhibit/files.h"
#include "exhibit/package_json.h"
#include "exhibit/text.h"
#include "exhibit/validate.h"

namespace heritage::exhibit {
namespace fs = std::filesystem;

namespace {

const char* const kFormatHint = " (see docs/exhibit-format.md)";

std::string size_text(std::uintmax_t bytes) {
    if (bytes < 1024)
        return std::to_string(bytes) + " bytes";
    char text[32];
    if (bytes < (1u << 20)) {
        std::snprintf(text, sizeof text, "%.1f KiB", static_cast<double>(bytes) / 1024);
    } else {
        std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
    }
    return text;
}

std::string lower_extension(const std::string& file) {
    std::string extension = fs::path(file).extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return extension;
}

class Loader {
  public:
    Loader(const fs::path& root, const ReadOptions& options, PackageReadResult& result)
        : root_(root), options_(options), result_(result) {}

    void error(const std::string& file, const std::string& pointer, std::string message) {
        result_.problems.push_back({Severity::Error, file, pointer, std::move(message)});
    }
    void warning(const std::string& file, const std::string& pointer, std::string message) {
        result_.problems.push_back({Severity::Warning, file, pointer, std::move(message)});
    }

    // The checks that apply to every file the package names: inside its folder, present, a
    // regular file, not too large. Returns its size, or nullopt after reporting the problem.
    // `from_file`/`pointer` locate the reference; `name` is as written there, relative to
    // `folder` (package-relative, "" for the top).
    std::optional<std::uintmax_t> check_file(const std::string& from_file,
                                             const std::string& pointer, const std::string& folder,
                                             const std::string& name, std::uintmax_t max_bytes,
                                             const char* what) {
        if (const auto reason = path_escape_reason(root_ / folder, name)) {
            error(from_file, pointer,
                  "\"" + name + "\" is not allowed: " + *reason +
                      "; name a file inside the package folder");
            return std::nullopt;
        }
        // A package JSON file is its own subject: "the file is ...", not its name twice.
        const std::string label =
            from_file == name ? "the file" : std::string(what) + " \"" + name + "\"";
        const fs::path path = root_ / folder / name;
        std::error_code code;
        const fs::file_status status = fs::status(path, code);
        if (!fs::exists(status)) {
            error(from_file, pointer, label + " does not exist; add the file or correct the name");
            return std::nullopt;
        }
        if (!fs::is_regular_file(status)) {
            error(from_file, pointer,
                  label + " is not a regular file; replace it with the file itself");
            return std::nullopt;
        }
        const std::uintmax_t size = fs::file_size(path, code);
        if (code) {
            error(from_file, pointer,
                  label + " cannot be read (" + code.message() + "); check its permissions");
            return std::nullopt;
        }
        if (size > max_bytes) {
            error(from_file, pointer,
                  label + " is " + size_text(size) + ", over the limit of " + size_text(max_bytes) +
                      "; make it smaller (decimate the model, shrink the image, split the text)");
            return std::nullopt;
        }
        return size;
    }

    // The first bytes of a file, or nullopt after reporting that it cannot be read.
    std::optional<std::string> read_head(const std::string& from_file, const std::string& pointer,
                                         const std::string& folder, const std::string& name,
                                         std::size_t count, const char* what) {
        std::ifstream in(root_ / folder / name, std::ios::binary);
        std::string head(count, '\0');
        in.read(head.data(), static_cast<std::streamsize>(count));
        if (in.bad() || (!in && !in.eof())) {
            error(from_file, pointer,
                  std::string(what) + " \"" + name + "\" cannot be read (" + std::strerror(errno) +
                      "); check its permissions");
            return std::nullopt;
        }
        head.resize(static_cast<std::size_t>(in.gcount()));
        return head;
    }

    // A package JSON file's bytes, or nullopt after reporting why not.
    std::optional<std::string> read_json(const std::string& relative) {
        if (!check_file(relative, "", "", relative, options_.max_json_bytes, "file")) {
            return std::nullopt;
        }
        try {
            return read_file(root_ / relative);
        } catch (const Error&) {
            error(relative, "", "cannot read the file; check that it is readable");
            return std::nullopt;
        }
    }

    void check_model_file(const std::string& from_file, const std::string& pointer,
                          const std::string& folder, const std::string& name) {
        const auto size =
            check_file(from_file, pointer, folder, name, options_.max_model_bytes, "model file");
        if (!size)
            return;
        const std::string extension = lower_extension(name);
        const auto head = read_head(from_file, pointer, folder, name, 20, "model file");
        if (!head)
            return;
        std::string problem;
        if (extension == ".glb") {
            problem = glb_header_problem(*head, *size);
        } else if (extension == ".gltf") {
            if (head->find('{') == std::string::npos)
                problem = "it does not start as JSON";
        } else if (extension == ".ply") {
            if (head->rfind("ply", 0) != 0)
                problem = "it does not start with \"ply\"";
        } else if (extension == ".obj") {
            if (*size == 0)
                problem = "it is empty";
        } else {
            error(from_file, pointer,
                  "model file \"" + name + "\" has an unsupported type \"" + extension +
                      "\"; use .glb (preferred), .gltf, .obj or .ply");
            return;
        }
        if (!problem.empty()) {
            error(from_file, pointer,
                  "model file \"" + name + "\" is not a valid " + extension.substr(1) +
                      " file: " + problem + "; export the model again");
        }
    }

    void check_image_file(const std::string& from_file, const std::string& pointer,
                          const std::string& folder, const std::string& name) {
        if (!check_file(from_file, pointer, folder, name, options_.max_image_bytes, "image")) {
            return;
        }
        const auto head = read_head(from_file, pointer, folder, name, 8, "image");
        if (!head)
            return;
        const bool png = head->rfind("\x89PNG\r\n\x1a\n", 0) == 0;
        const bool jpeg = head->rfind("\xFF\xD8\xFF", 0) == 0;
        if (!png && !jpeg) {
            error(
                from_file, pointer,
                "image \"" + name + "\" is neither a PNG nor a JPEG file; save it as PNG or JPEG");
        }
    }

    void load() {
        Package& package = result_.package;
        package.root = root_;
        if (!check_root())
            return;

        // Parse: exhibit.json, every artifacts/<id>/artifact.json, the listed tours.
        bool have_exhibit = false;
        if (const auto bytes = read_json("exhibit.json")) {
            if (auto exhibit = parse_exhibit_json(*bytes, "exhibit.json", result_.problems)) {
                package.exhibit = std::move(*exhibit);
                have_exhibit = true;
            }
        }
        load_artifacts();
        if (have_exhibit)
            load_tours();

        // Resolve: the files the artifacts name.
        for (const Artifact& artifact : package.artifacts)
            check_artifact_files(artifact);

        // Validate: the whole package. Without a readable exhibit.json every cross-file check
        // would fail, burying the one problem that matters under a pile of consequences.
        if (have_exhibit) {
            for (Problem& problem : validate_package(package, unreadable_artifacts_)) {
                if (!follows_from_read_error(problem))
                    result_.problems.push_back(std::move(problem));
            }
        }
        std::stable_sort(result_.problems.begin(), result_.problems.end(),
                         [](const Problem& a, const Problem& b) { return a.file < b.file; });
    }

  private:
    // Whether `problem` is about a value that could not be read: a field with the wrong type
    // is left at its default, and the validator would complain about that default too.
    bool follows_from_read_error(const Problem& problem) const {
        return std::any_of(
            result_.problems.begin(), result_.problems.end(), [&](const Problem& read_error) {
                const std::string& at = read_error.pointer;
                return read_error.severity == Severity::Error && !at.empty() &&
                       read_error.file == problem.file &&
                       problem.pointer.compare(0, at.size(), at) == 0 &&
                       (problem.pointer.size() == at.size() || problem.pointer[at.size()] == '/');
            });
    }

    bool check_root() {
        std::error_code code;
        const std::string where = root_.string();
        if (!fs::exists(root_, code)) {
            error(where, "",
                  "the package folder does not exist; give the path of a folder "
                  "that holds exhibit.json");
            return false;
        }
        if (!fs::is_directory(root_, code)) {
            error(where, "",
                  "this is not a folder; give the path of the package folder that "
                  "holds exhibit.json");
            return false;
        }
        if (fs::is_empty(root_, code)) {
            error(where, "",
                  std::string("the package folder is empty; a package needs "
                              "exhibit.json and an artifacts/ folder") +
                      kFormatHint);
            return false;
        }
        if (!fs::exists(root_ / "exhibit.json", code)) {
            error("exhibit.json", "",
                  std::string("file not found; every package has an exhibit.json at its top") +
                      kFormatHint);
        }
        return true;
    }

    void load_artifacts() {
        std::error_code code;
        const fs::path folder = root_ / "artifacts";
        if (!fs::is_directory(folder, code))
            return;  // validate reports dangling references
        std::vector<fs::path> entries;
        for (const auto& entry : fs::directory_iterator(folder, code))
            entries.push_back(entry);
        std::sort(entries.begin(), entries.end());
        for (const fs::path& entry : entries) {
            const std::string name = entry.filename().string();
            const std::string relative = "artifacts/" + name;
            if (!fs::is_directory(entry, code)) {
                warning(relative, "",
                        "not a folder; artifacts/ holds one folder per artifact, "
                        "so this file is ignored; move or delete it");
                continue;
            }
            if (!is_valid_id(name)) {
                error(relative, "",
                      "folder name \"" + name +
                          "\" is not a valid artifact id; use 1-64 characters a-z, 0-9 and '-'");
                continue;
            }
            if (const auto reason = path_escape_reason(root_, relative)) {
                error(relative, "",
                      "the folder is not allowed: " + *reason +
                          "; copy the artifact into the package");
                continue;
            }
            const std::string file = relative + "/artifact.json";
            if (!fs::exists(root_ / file, code)) {
                error(file, "",
                      std::string("file not found; every artifact folder holds an "
                                  "artifact.json") +
                          kFormatHint);
                continue;
            }
            const auto bytes = read_json(file);
            auto artifact =
                bytes ? parse_artifact_json(*bytes, file, result_.problems) : std::nullopt;
            if (!artifact) {
                unreadable_artifacts_.insert(name);
                continue;
            }
            if (artifact->id != name) {
                error(file, "/id",
                      "id \"" + artifact->id + "\" does not match its folder \"" + name +
                          "\"; rename the folder or correct the id");
                artifact->id = name;
            }
            result_.package.artifacts.push_back(std::move(*artifact));
        }
    }

    void load_tours() {
        const std::vector<std::string>& listed = result_.package.exhibit.tours;
        for (std::size_t i = 0; i < listed.size(); ++i) {
            const std::string& id = listed[i];
            if (!is_valid_id(id))
                continue;  // validate reports it
            const std::string file = "tours/" + id + ".json";
            std::error_code code;
            if (!fs::exists(root_ / file, code)) {
                error("exhibit.json", "/tours/" + std::to_string(i),
                      "tour \"" + id + "\" is listed but " + file +
                          " does not exist; add the file or remove the id");
                continue;
            }
            const auto bytes = read_json(file);
            if (!bytes)
                continue;
            auto tour = parse_tour_json(*bytes, file, result_.problems);
            if (!tour)
                continue;
            if (tour->id != id) {
                error(file, "/id",
                      "id \"" + tour->id + "\" does not match the file name \"" + id +
                          ".json\"; rename the file or correct the id");
                tour->id = id;
            }
            result_.package.tours.push_back(std::move(*tour));
        }
        // A tour file nobody lists is never shown: say so.
        std::error_code code;
        if (!fs::is_directory(root_ / "tours", code))
            return;
        for (const auto& entry : fs::directory_iterator(root_ / "tours", code)) {
            const fs::path& path = entry.path();
            if (path.extension() != ".json")
                continue;
            const std::string id = path.stem().string();
            if (std::find(listed.begin(), listed.end(), id) == listed.end()) {
                warning("tours/" + path.filename().string(), "",
                        "the tour is not listed in exhibit.json \"tours\", so no one sees it; "
                        "add \"" +
                            id + "\" there or delete the file");
            }
        }
    }

    void check_artifact_files(const Artifact& artifact) {
        const std::string folder = "artifacts/" + artifact.id;
        const std::string file = folder + "/artifact.json";
        if (!artifact.model.file.empty()) {
            check_model_file(file, "/model/file", folder, artifact.model.file);
        }
        for (std::size_t i = 0; i < artifact.model.derivatives.size(); ++i) {
            const ModelDerivative& derivative = artifact.model.derivatives[i];
            if (derivative.file.empty() || derivative.file == artifact.model.file)
                continue;
            check_model_file(file, "/model/derivatives/" + std::to_string(i) + "/file", folder,
                             derivative.file);
        }
        if (!artifact.thumbnail.empty()) {
            check_image_file(file, "/thumbnail", folder, artifact.thumbnail);
        }
        if (artifact.capture && !artifact.capture->report.empty()) {
            check_file(file, "/capture/report", folder, artifact.capture->report,
                       options_.max_image_bytes, "capture report");
        }
    }

    // Why a .glb's header is wrong, or "" when it is right (glTF 2.0 spec, "Binary glTF").
    static std::string glb_header_problem(const std::string& head, std::uintmax_t size) {
        if (head.size() < 20)
            return "it is too short to hold a glTF header";
        auto word = [&](std::size_t offset) {
            std::uint32_t value = 0;
            std::memcpy(&value, head.data() + offset, 4);
            return value;  // little-endian, as on every machine we run on
        };
        if (head.compare(0, 4, "glTF") != 0)
            return "it does not start with \"glTF\"";
        if (word(4) != 2)
            return "its glTF version is " + std::to_string(word(4)) + ", not 2";
        if (word(8) != size) {
            return "its header says " + std::to_string(word(8)) + " bytes but the file has " +
                   std::to_string(size) + " (truncated?)";
        }
        if (word(16) != 0x4E4F534Au)
            return "its first chunk is not JSON";
        if (std::uintmax_t(word(12)) + 20 > size)
            return "its JSON chunk runs past the file's end";
        return "";
    }

    fs::path root_;
    const ReadOptions& options_;
    PackageReadResult& result_;
    std::set<std::string> unreadable_artifacts_;  // folders whose artifact.json failed to parse
};

}  // namespace

PackageReadResult read_package(const fs::path& root, const ReadOptions& options) {
    PackageReadResult result;
    Loader(root, options, result).load();
    return result;
}

}  // namespace heritage::exhibit
