#include "capture/package_artifact.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include <nlohmann/json.hpp>

#include "exhibit/error.h"
#include "exhibit/files.h"
#include "exhibit/package_json.h"
#include "exhibit/package_read.h"
#include "exhibit/package_write.h"
#include "exhibit/problem.h"

namespace heritage::capture {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kNewSectionId = "moi-so-hoa";
constexpr const char* kUnclassifiedCategory = "chua-phan-loai";

json text(const char* vi, const char* en) {
    return {{"vi", vi}, {"en", en}};
}

// What a new capture's artifact.json holds before a curator writes its story.
json default_metadata(const std::string& id) {
    return {
        {"id", id},
        {"accession_number", "CHUA-CO-SO-" + id},
        {"title", {{"vi", id}, {"en", id}}},
        {"description",
         text("Hiện vật vừa được số hóa; cần bổ sung mô tả.",
              "A newly digitized artifact; its description is still to be written.")},
        {"category", kUnclassifiedCategory},
        {"materials", json::array()},
        {"dimensions", {{"approximate", false}}},
        {"period", {{"label", text("Chưa xác định", "Not yet determined")}, {"approximate", true}}},
        {"origin",
         {{"name", text("Chưa ghi nhận", "Not yet recorded")}, {"as_of", today_iso_date()}}},
        {"provenance", text("Chưa ghi nhận.", "Not yet recorded.")},
        {"rights",
         {{"holder", "Bảo tàng tỉnh Lào Cai"},
          {"licence", "CC-BY-4.0"},
          {"credit", text("Bảo tàng tỉnh Lào Cai", "Lào Cai Provincial Museum")}}},
        {"sources", json::array()},
        {"sensitivity", {{"sacred", false}, {"community_review", "not_needed"}}},
        {"review", {{"status", "draft"}}},
        {"model",
         {{"file", "model.glb"}, {"units", "m"}, {"up_axis", "+Y"}, {"illustrative", false}}},
        {"thumbnail", "thumbnail.png"},
        {"annotations", json::array()},
        {"lesson_plans", json::array()},
    };
}

exhibit::Exhibit new_exhibit(const fs::path& package_folder) {
    std::string id = package_folder.filename().string();
    if (id.empty())
        id = package_folder.parent_path().filename().string();
    const json document = {
        {"format", "heritage3d-exhibit"},
        {"format_version", 1},
        {"id", id},
        {"title", text("Hiện vật số hóa", "Digitized artifacts")},
        {"description", text("Gói hiện vật do heritage-capture tạo.",
                             "A package of artifacts made by heritage-capture.")},
        {"museum", {{"name", text("Bảo tàng tỉnh Lào Cai", "Lào Cai Provincial Museum")}}},
        {"languages", json::array({{{"tag", "vi"}, {"name", "Tiếng Việt"}},
                                   {{"tag", "en"}, {"name", "English"}}})},
        {"fallback_order", json::array({"vi", "en"})},
        {"ethnic_groups", json::array()},
        {"categories", json::array()},
        {"sections", json::array()},
        {"review", {{"status", "draft"}}},
    };
    std::vector<exhibit::Problem> problems;
    std::optional<exhibit::Exhibit> exhibit =
        exhibit::parse_exhibit_json(document.dump(), "exhibit.json", problems);
    assert(exhibit && problems.empty());
    return *exhibit;
}

// The package's exhibit: read from exhibit.json, or a new one. The capture only adds to it.
exhibit::Exhibit load_or_create_exhibit(const fs::path& package_folder) {
    const fs::path file = package_folder / "exhibit.json";
    std::error_code error;
    if (!fs::exists(file, error))
        return new_exhibit(package_folder);
    std::vector<exhibit::Problem> problems;
    const std::string bytes = read_file(file);
    std::optional<exhibit::Exhibit> exhibit =
        exhibit::parse_exhibit_json(bytes, "exhibit.json", problems);
    const bool has_errors =
        std::any_of(problems.begin(), problems.end(), [](const exhibit::Problem& problem) {
            return problem.severity == exhibit::Severity::Error;
        });
    if (!exhibit || has_errors) {
        std::string message = (package_folder / "exhibit.json").string() +
                              ": the package's exhibit.json has problems; fix them (heritage-"
                              "capture validate lists them) or give another --out:";
        for (const exhibit::Problem& problem : problems)
            message += "\n  " + exhibit::format_problem(problem);
        throw Error(message);
    }
    return *exhibit;
}

void add_to_exhibit(exhibit::Exhibit& exhibit, const exhibit::Artifact& artifact) {
    const bool has_category = std::any_of(
        exhibit.categories.begin(), exhibit.categories.end(),
        [&](const exhibit::Category& category) { return category.id == artifact.category; });
    if (!has_category) {
        exhibit::Category category;
        category.id = artifact.category;
        if (artifact.category == kUnclassifiedCategory) {
            category.name.by_language["vi"] = "Chưa phân loại";
            category.name.by_language["en"] = "Unclassified";
        } else {
            category.name.by_language["vi"] = artifact.category;
            category.name.by_language["en"] = artifact.category;
        }
        exhibit.categories.push_back(category);
    }
    for (const exhibit::Section& section : exhibit.sections)
        if (std::find(section.artifacts.begin(), section.artifacts.end(), artifact.id) !=
            section.artifacts.end())
            return;  // already shown somewhere
    auto section = std::find_if(exhibit.sections.begin(), exhibit.sections.end(),
                                [](const exhibit::Section& s) { return s.id == kNewSectionId; });
    if (section == exhibit.sections.end()) {
        exhibit::Section created;
        created.id = kNewSectionId;
        created.title.by_language["vi"] = "Hiện vật mới số hóa";
        created.title.by_language["en"] = "Newly digitized";
        exhibit.sections.push_back(created);
        section = exhibit.sections.end() - 1;
    }
    section->artifacts.push_back(artifact.id);
}

void write_into(const fs::path& folder, const std::string& relative, const std::string& bytes) {
    const fs::path file = folder / relative;
    fs::create_directories(file.parent_path());
    write_file_atomically(file, bytes);
}

}  // namespace

exhibit::Artifact read_artifact_metadata(const fs::path& metadata_file,
                                         const std::string& artifact_id,
                                         const fs::path& package_folder) {
    json document = default_metadata(artifact_id);
    std::error_code exists_error;
    const fs::path current = package_folder / "artifacts" / artifact_id / "artifact.json";
    if (!package_folder.empty() && fs::exists(current, exists_error)) {
        try {
            const json earlier = json::parse(read_file(current));
            if (earlier.is_object())
                for (auto& [key, value] : earlier.items())
                    if (key != "capture")
                        document[key] = value;
        } catch (const json::exception&) {
            // A damaged earlier artifact.json is replaced by the defaults.
        }
    }
    if (!metadata_file.empty()) {
        json given;
        try {
            given = json::parse(read_file(metadata_file));
        } catch (const json::exception& error) {
            throw Error(metadata_file.string() + ": not valid JSON (" + error.what() +
                        "); fix the file, or leave --metadata out and edit artifact.json later");
        }
        if (!given.is_object())
            throw Error(metadata_file.string() +
                        ": not a JSON object; write the artifact's fields as in artifact.json "
                        "(docs/exhibit-format.md)");
        for (auto& [key, value] : given.items())
            if (key != "id" && key != "model" && key != "thumbnail" && key != "capture")
                document[key] = value;  // the capture owns the id, files and record
    }
    std::vector<exhibit::Problem> problems;
    const std::string name = metadata_file.empty() ? "artifact.json" : metadata_file.string();
    std::optional<exhibit::Artifact> artifact =
        exhibit::parse_artifact_json(document.dump(), name, problems);
    const bool has_errors =
        std::any_of(problems.begin(), problems.end(), [](const exhibit::Problem& problem) {
            return problem.severity == exhibit::Severity::Error;
        });
    if (!artifact || has_errors) {
        std::string message = name +
                              ": the metadata has problems; fix them and run again "
                              "(the cached stages are kept):";
        for (const exhibit::Problem& problem : problems)
            message += "\n  " + exhibit::format_problem(problem);
        throw Error(message);
    }
    return *artifact;
}

fs::path write_artifact_to_package(const fs::path& package_folder, exhibit::Artifact artifact,
                                   const ArtifactFiles& files) {
    assert(!files.model_glb.empty() && !files.thumbnail_png.empty());
    exhibit::Exhibit exhibit = load_or_create_exhibit(package_folder);

    artifact.model.file = "model.glb";
    artifact.model.units = "m";
    artifact.model.up_axis = "+Y";
    artifact.model.illustrative = false;
    artifact.model.derivatives = {
        {"model.glb", "full", static_cast<std::int64_t>(files.model_triangles), {}},
        {"model-light.glb", "light", static_cast<std::int64_t>(files.light_triangles), {}}};
    artifact.thumbnail = "thumbnail.png";

    // Assemble aside (inside the package, so the final move is a rename on one disk).
    const fs::path staging_root = package_folder / ".capture-staging";
    const fs::path staging = staging_root / artifact.id;
    const fs::path old_copy = staging_root / (artifact.id + ".old");
    std::error_code error;
    fs::remove_all(staging, error);
    fs::remove_all(old_copy, error);
    fs::create_directories(staging, error);
    if (error)
        throw Error(staging.string() + ": cannot create a folder (" + error.message() +
                    "); check that the package folder is writable");
    write_into(staging, "model.glb", files.model_glb);
    write_into(staging, "model-light.glb", files.light_glb);
    write_into(staging, "thumbnail.png", files.thumbnail_png);
    for (const auto& [relative, bytes] : files.extra_files)
        write_into(staging, relative, bytes);
    write_into(staging, "artifact.json", exhibit::to_json(artifact));

    add_to_exhibit(exhibit, artifact);
    const fs::path target = package_folder / "artifacts" / artifact.id;
    fs::create_directories(target.parent_path(), error);
    if (fs::exists(target, error)) {
        fs::rename(target, old_copy, error);
        if (error)
            throw Error(target.string() + ": cannot replace the earlier capture (" +
                        error.message() + "); close programs using it and run again");
    }
    fs::rename(staging, target, error);
    if (error) {
        std::error_code ignored;
        if (fs::exists(old_copy, ignored))
            fs::rename(old_copy, target, ignored);  // put the earlier capture back
        throw Error(target.string() + ": cannot move the new artifact into place (" +
                    error.message() + "); check the package folder's permissions");
    }
    exhibit::write_exhibit(package_folder, exhibit);
    fs::remove_all(staging_root, error);
    return target;
}

std::string today_iso_date() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm local{};
    localtime_r(&now, &local);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &local);
    return text;
}

}  // namespace heritage::capture
