// Semantic validation of a package in memory. Each check names the file and JSON pointer of
// what it found and says how to mend it.
#include "exhibit/validate.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "exhibit/fields.h"
#include "exhibit/text.h"

namespace heritage::exhibit {
namespace {

const char* const kExhibitFile = "exhibit.json";

std::string artifact_file(const Artifact& artifact) {
    return "artifacts/" + artifact.id + "/artifact.json";
}
std::string tour_file(const Tour& tour) {
    return "tours/" + tour.id + ".json";
}
std::string at(const std::string& pointer, std::size_t index) {
    return pointer + "/" + std::to_string(index);
}
std::string quote(const std::string& text) {
    return "\"" + text + "\"";
}

// The grades each level covers in the 2018 programme.
std::pair<int, int> grade_range(SchoolLevel level) {
    switch (level) {
        case SchoolLevel::Preschool:
            return {0, 0};
        case SchoolLevel::Primary:
            return {1, 5};
        case SchoolLevel::LowerSecondary:
            return {6, 9};
        case SchoolLevel::UpperSecondary:
            return {10, 12};
    }
    return {0, 0};
}

LessonTemplate template_for(SchoolLevel level) {
    switch (level) {
        case SchoolLevel::Preschool:
            return LessonTemplate::Preschool;
        case SchoolLevel::Primary:
            return LessonTemplate::Cv2345;
        default:
            return LessonTemplate::Cv5512;
    }
}

const char* template_name(LessonTemplate lesson_template) {
    switch (lesson_template) {
        case LessonTemplate::Cv5512:
            return "cv5512";
        case LessonTemplate::Cv2345:
            return "cv2345";
        case LessonTemplate::Preschool:
            return "preschool";
    }
    return "?";
}

std::vector<std::string> phases_of(LessonTemplate lesson_template) {
    switch (lesson_template) {
        case LessonTemplate::Cv5512:
            return {"mo_dau", "hinh_thanh_kien_thuc", "luyen_tap", "van_dung"};
        case LessonTemplate::Cv2345:
            return {"khoi_dong", "kham_pha", "luyen_tap", "van_dung"};
        case LessonTemplate::Preschool:
            return {"on_dinh", "hoat_dong_chinh", "ket_thuc"};
    }
    return {};
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items)
        out += (out.empty() ? "" : ", ") + item;
    return out;
}

// "YYYY", "YYYY-MM" or "YYYY-MM-DD" with plausible month and day.
bool is_iso_date(const std::string& date) {
    auto digits = [&](std::size_t from, std::size_t count) {
        if (from + count > date.size())
            return false;
        return std::all_of(date.begin() + long(from), date.begin() + long(from + count),
                           [](char c) { return c >= '0' && c <= '9'; });
    };
    if (date.size() != 4 && date.size() != 7 && date.size() != 10)
        return false;
    if (!digits(0, 4))
        return false;
    if (date.size() >= 7) {
        if (date[4] != '-' || !digits(5, 2))
            return false;
        const int month = std::stoi(date.substr(5, 2));
        if (month < 1 || month > 12)
            return false;
    }
    if (date.size() == 10) {
        if (date[7] != '-' || !digits(8, 2))
            return false;
        const int day = std::stoi(date.substr(8, 2));
        if (day < 1 || day > 31)
            return false;
    }
    return true;
}

class Validator {
  public:
    Validator(const Package& package, const std::set<std::string>& unreadable_artifacts)
        : package_(package), unreadable_artifacts_(unreadable_artifacts) {}

    std::vector<Problem> run() {
        check_exhibit();
        for (const Artifact& artifact : package_.artifacts)
            check_artifact(artifact);
        for (const Tour& tour : package_.tours)
            check_tour(tour);
        check_texts();
        return std::move(problems_);
    }

  private:
    void error(const std::string& file, const std::string& pointer, std::string message) {
        problems_.push_back({Severity::Error, file, pointer, std::move(message)});
    }
    void warning(const std::string& file, const std::string& pointer, std::string message) {
        problems_.push_back({Severity::Warning, file, pointer, std::move(message)});
    }

    // Each id is valid and unique within `ids`; `what` names them in messages ("annotation").
    void check_ids(const std::string& file, const std::string& pointer,
                   const std::vector<std::string>& ids, const std::string& field,
                   const char* what) {
        std::set<std::string> seen;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            const std::string where = at(pointer, i) + field;
            if (!is_valid_id(ids[i])) {
                error(file, where,
                      std::string(what) + " id " + quote(ids[i]) +
                          " is not valid; use 1-64 characters a-z, 0-9 and '-' (no spaces, "
                          "capitals or diacritics)");
            } else if (!seen.insert(ids[i]).second) {
                error(file, where,
                      "duplicate " + std::string(what) + " id " + quote(ids[i]) + "; give each " +
                          what + " its own id");
            }
        }
    }

    template <class T>
    static std::vector<std::string> ids_of(const std::vector<T>& items) {
        std::vector<std::string> ids;
        for (const T& item : items)
            ids.push_back(item.id);
        return ids;
    }

    void check_date(const std::string& file, const std::string& pointer, const std::string& date) {
        if (!date.empty() && !is_iso_date(date)) {
            error(file, pointer,
                  "date " + quote(date) + " is not an ISO date; write it as YYYY-MM-DD");
        }
    }

    void check_review(const std::string& file, const std::string& pointer, const Review& review) {
        check_date(file, pointer + "/date", review.date);
        if (review.status == ReviewStatus::Approved && review.reviewer.empty()) {
            error(file, pointer + "/reviewer",
                  "approved content must name its reviewer; add \"reviewer\"");
        }
    }

    // [SECTION] exhibit.json

    void check_exhibit() {
        const Exhibit& exhibit = package_.exhibit;
        const std::string file = kExhibitFile;
        if (exhibit.format != "heritage3d-exhibit") {
            error(file, "/format",
                  "format is " + quote(exhibit.format) +
                      ", not \"heritage3d-exhibit\"; this folder is not an exhibit package");
        }
        if (exhibit.format_version < 1) {
            error(file, "/format_version",
                  "format_version " + std::to_string(exhibit.format_version) +
                      " does not exist; the first version is 1");
        } else if (exhibit.format_version > kFormatVersion) {
            warning(file, "/format_version",
                    "the package uses format version " + std::to_string(exhibit.format_version) +
                        ", newer than this program's " + std::to_string(kFormatVersion) +
                        "; fields it does not know are kept but not used: update the program");
        }
        if (!is_valid_id(exhibit.id)) {
            error(file, "/id",
                  "exhibit id " + quote(exhibit.id) +
                      " is not valid; use 1-64 characters a-z, 0-9 and '-'");
        }

        // Languages: the menu, then the fallback order drawn from it.
        std::vector<std::string> tags;
        for (const Language& language : exhibit.languages)
            tags.push_back(language.tag);
        std::set<std::string> seen;
        for (std::size_t i = 0; i < tags.size(); ++i) {
            if (!is_language_tag(tags[i])) {
                error(file, at("/languages", i) + "/tag",
                      quote(tags[i]) +
                          " is not a BCP-47 language tag; use a tag such as "
                          "\"vi\", \"en\" or \"hnj\"");
            } else if (!seen.insert(tags[i]).second) {
                error(file, at("/languages", i) + "/tag",
                      "language " + quote(tags[i]) + " is listed twice; list it once");
            }
        }
        if (exhibit.languages.empty()) {
            error(file, "/languages",
                  "no language is listed; list at least {\"tag\": \"vi\", "
                  "\"name\": \"Tiếng Việt\"}");
        }
        if (exhibit.fallback_order.empty()) {
            error(file, "/fallback_order",
                  "the fallback order is empty; list the languages to fall back on, default "
                  "first, e.g. [\"vi\", \"en\"]");
        }
        std::set<std::string> fallback_seen;
        for (std::size_t i = 0; i < exhibit.fallback_order.size(); ++i) {
            const std::string& tag = exhibit.fallback_order[i];
            if (!seen.contains(tag)) {
                error(file, at("/fallback_order", i),
                      "language " + quote(tag) +
                          " is not in \"languages\"; add it there or remove it here");
            } else if (!fallback_seen.insert(tag).second) {
                error(file, at("/fallback_order", i),
                      "language " + quote(tag) + " appears twice; list it once");
            }
        }

        // Controlled lists.
        check_ids(file, "/ethnic_groups", ids_of(exhibit.ethnic_groups), "/id", "ethnic group");
        for (std::size_t i = 0; i < exhibit.ethnic_groups.size(); ++i) {
            const EthnicGroup& group = exhibit.ethnic_groups[i];
            if (!group.parent.empty() && !find_group(group.parent)) {
                error(file, at("/ethnic_groups", i) + "/parent",
                      "parent group " + quote(group.parent) +
                          " is not in \"ethnic_groups\"; add it or correct the id");
            }
        }
        check_ids(file, "/categories", ids_of(exhibit.categories), "/id", "category");

        // Sections: each names existing artifacts; every artifact should be in one.
        check_ids(file, "/sections", ids_of(exhibit.sections), "/id", "section");
        std::set<std::string> shown;
        for (std::size_t i = 0; i < exhibit.sections.size(); ++i) {
            const Section& section = exhibit.sections[i];
            for (std::size_t j = 0; j < section.artifacts.size(); ++j) {
                const std::string& id = section.artifacts[j];
                shown.insert(id);
                if (!find_artifact(package_, id) && !unreadable_artifacts_.contains(id)) {
                    error(file, at(at("/sections", i) + "/artifacts", j),
                          "artifact " + quote(id) + " does not exist (no artifacts/" + id +
                              "/artifact.json); add the artifact or remove the id");
                }
            }
        }
        for (const Artifact& artifact : package_.artifacts) {
            if (!shown.contains(artifact.id)) {
                warning(artifact_file(artifact), "",
                        "the artifact is in no section, so visitors never see it; add " +
                            quote(artifact.id) + " to a section in exhibit.json");
            }
        }
        check_ids(file, "/tours", exhibit.tours, "", "tour");
        check_review(file, "/review", exhibit.review);
    }

    const EthnicGroup* find_group(const std::string& id) const {
        return find_ethnic_group(package_.exhibit, id);
    }

    bool has_category(const std::string& id) const {
        return std::any_of(package_.exhibit.categories.begin(), package_.exhibit.categories.end(),
                           [&](const Category& category) { return category.id == id; });
    }

    // [SECTION] artifact.json

    void check_source_refs(const std::string& file, const std::string& pointer,
                           const std::vector<std::string>& refs, const Artifact& artifact) {
        for (std::size_t i = 0; i < refs.size(); ++i) {
            const bool known =
                std::any_of(artifact.sources.begin(), artifact.sources.end(),
                            [&](const Source& source) { return source.id == refs[i]; });
            if (!known) {
                error(file, at(pointer, i),
                      "source " + quote(refs[i]) +
                          " is not in this artifact's \"sources\"; add it there or correct the id");
            }
        }
    }

    void check_artifact(const Artifact& artifact) {
        const std::string file = artifact_file(artifact);
        for (std::size_t i = 0; i < artifact.ethnic_groups.size(); ++i) {
            if (!find_group(artifact.ethnic_groups[i])) {
                error(file, at("/ethnic_groups", i),
                      "ethnic group " + quote(artifact.ethnic_groups[i]) +
                          " is not in exhibit.json \"ethnic_groups\"; add it there or use one of "
                          "its ids");
            }
        }
        if (!has_category(artifact.category)) {
            error(file, "/category",
                  "category " + quote(artifact.category) +
                      " is not in exhibit.json \"categories\"; add it there or use one of its ids");
        }

        // Sources, and every reference to them.
        check_ids(file, "/sources", ids_of(artifact.sources), "/id", "source");
        for (std::size_t i = 0; i < artifact.sources.size(); ++i) {
            check_date(file, at("/sources", i) + "/accessed", artifact.sources[i].accessed);
        }
        check_source_refs(file, "/dimensions/sources", artifact.dimensions.sources, artifact);
        check_source_refs(file, "/period/sources", artifact.period.sources, artifact);
        for (std::size_t i = 0; i < artifact.recognitions.size(); ++i) {
            check_source_refs(file, at("/recognitions", i) + "/sources",
                              artifact.recognitions[i].sources, artifact);
            check_date(file, at("/recognitions", i) + "/date", artifact.recognitions[i].date);
        }
        check_dimensions(file, artifact.dimensions);
        check_date(file, "/origin/as_of", artifact.origin.as_of);
        check_review(file, "/review", artifact.review);
        if (artifact.sensitivity.sacred &&
            artifact.sensitivity.community_review == CommunityReview::NotNeeded) {
            warning(file, "/sensitivity/community_review",
                    "a sacred object should be reviewed by its community; set "
                    "\"community_review\" to \"pending\" or \"done\"");
        }
        check_model(file, artifact.model);
        check_annotations(file, artifact);
        check_lesson_plans(file, artifact);
        check_quiz(file, artifact);
    }

    void check_dimensions(const std::string& file, const Dimensions& dimensions) {
        const std::pair<const char*, const std::optional<double>*> sizes[] = {
            {"height_mm", &dimensions.height_mm}, {"width_mm", &dimensions.width_mm},
            {"depth_mm", &dimensions.depth_mm},   {"diameter_mm", &dimensions.diameter_mm},
            {"weight_g", &dimensions.weight_g},
        };
        for (const auto& [name, value] : sizes) {
            if (*value && !(**value > 0)) {
                error(file, std::string("/dimensions/") + name,
                      std::string(name) + " must be greater than 0; leave it out if unknown");
            }
        }
        if (!dimensions.approximate && dimensions.sources.empty() &&
            (dimensions.height_mm || dimensions.width_mm || dimensions.diameter_mm)) {
            warning(file, "/dimensions",
                    "exact dimensions name no source; add \"sources\", or set \"approximate\": "
                    "true if they are estimated");
        }
    }

    void check_model(const std::string& file, const Model& model) {
        if (model.units != "m" && model.units != "cm" && model.units != "mm") {
            error(
                file, "/model/units",
                "units " + quote(model.units) + " are not supported; use \"m\", \"cm\" or \"mm\"");
        }
        if (model.up_axis != "+Y" && model.up_axis != "+Z") {
            error(file, "/model/up_axis",
                  "up axis " + quote(model.up_axis) + " is not supported; use \"+Y\" or \"+Z\"");
        }
        for (std::size_t i = 0; i < model.derivatives.size(); ++i) {
            const ModelDerivative& derivative = model.derivatives[i];
            if (derivative.face_count && *derivative.face_count < 0) {
                error(file, at("/model/derivatives", i) + "/face_count",
                      "face count cannot be negative");
            }
        }
    }

    void check_levels(const std::string& file, const std::string& pointer,
                      const std::vector<SchoolLevel>& levels) {
        std::set<SchoolLevel> seen;
        for (std::size_t i = 0; i < levels.size(); ++i) {
            if (!seen.insert(levels[i]).second) {
                error(file, at(pointer, i),
                      "level " + quote(std::string(to_string(levels[i]))) +
                          " is listed twice; list it once");
            }
        }
    }

    void check_annotations(const std::string& file, const Artifact& artifact) {
        check_ids(file, "/annotations", ids_of(artifact.annotations), "/id", "annotation");
        for (std::size_t i = 0; i < artifact.annotations.size(); ++i) {
            const Annotation& annotation = artifact.annotations[i];
            const std::string pointer = at("/annotations", i);
            const Vec3& n = annotation.normal;
            const double length = std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
            if (std::abs(length - 1.0) > 0.01) {
                error(file, pointer + "/normal",
                      "the normal has length " + std::to_string(length) +
                          "; give a unit vector pointing out of the surface");
            }
            check_levels(file, pointer + "/levels", annotation.levels);
            check_source_refs(file, pointer + "/sources", annotation.sources, artifact);
        }
    }

    void check_lesson_plans(const std::string& file, const Artifact& artifact) {
        std::set<SchoolLevel> seen;
        for (std::size_t i = 0; i < artifact.lesson_plans.size(); ++i) {
            const LessonPlan& plan = artifact.lesson_plans[i];
            const std::string pointer = at("/lesson_plans", i);
            const std::string level(to_string(plan.level));
            if (!seen.insert(plan.level).second) {
                error(
                    file, pointer + "/level",
                    "a second lesson plan for level " + quote(level) + "; keep one plan per level");
            }
            if (artifact.sensitivity.min_level && plan.level < *artifact.sensitivity.min_level) {
                error(file, pointer + "/level",
                      "the artifact is restricted to level " +
                          quote(std::string(to_string(*artifact.sensitivity.min_level))) +
                          " and above, but this plan is for " + quote(level) +
                          "; remove the plan or change the restriction");
            }
            const LessonTemplate expected = template_for(plan.level);
            if (plan.lesson_template != expected) {
                error(file, pointer + "/template",
                      "level " + quote(level) + " uses the " + quote(template_name(expected)) +
                          " template, not " + quote(template_name(plan.lesson_template)));
            }
            check_curriculum(file, pointer + "/curriculum", plan);
            if (plan.duration_minutes <= 0) {
                error(file, pointer + "/duration_minutes",
                      "duration must be a positive number of minutes");
            }
            if (plan.objectives.knowledge.empty()) {
                error(file, pointer + "/objectives/knowledge",
                      "no knowledge objective; write at least one (kiến thức)");
            }
            for (std::size_t j = 0; j < plan.key_facts.size(); ++j) {
                const KeyFact& fact = plan.key_facts[j];
                const std::string fact_pointer = at(pointer + "/key_facts", j);
                check_source_refs(file, fact_pointer + "/sources", fact.sources, artifact);
                static const std::set<std::string> kConfidences = {"sourced", "weak", "knowledge",
                                                                   "uncertain"};
                if (!kConfidences.contains(fact.confidence)) {
                    error(file, fact_pointer + "/confidence",
                          "unknown confidence " + quote(fact.confidence) +
                              "; use one of sourced, weak, knowledge, uncertain");
                }
                if (fact.confidence == "sourced" && fact.sources.empty()) {
                    error(file, fact_pointer + "/sources",
                          "a sourced fact names no source; add its source id, or mark its "
                          "confidence \"knowledge\" or \"uncertain\"");
                }
            }
            check_activities(file, pointer, plan, artifact);
        }
    }

    void check_curriculum(const std::string& file, const std::string& pointer,
                          const LessonPlan& plan) {
        const CurriculumLink& link = plan.curriculum;
        if (plan.level == SchoolLevel::Preschool) {
            if (link.programme != "GDMN") {
                error(file, pointer + "/programme",
                      "preschool plans follow the preschool programme; set \"programme\": "
                      "\"GDMN\"");
            }
            if (link.theme.empty()) {
                error(file, pointer + "/theme",
                      "a preschool plan names its theme (chủ đề); add \"theme\"");
            }
            return;
        }
        if (link.programme != "GDPT2018") {
            error(file, pointer + "/programme",
                  "school plans follow the 2018 general-education programme; set "
                  "\"programme\": \"GDPT2018\"");
        }
        if (link.subject.empty()) {
            error(file, pointer + "/subject",
                  "no subject; name the subject or activity, e.g. {\"vi\": \"Lịch sử và Địa "
                  "lí\"}");
        }
        const auto [low, high] = grade_range(plan.level);
        if (!link.grade) {
            error(file, pointer + "/grade",
                  "no grade; give the grade (" + std::to_string(low) + "-" + std::to_string(high) +
                      ")");
        } else if (*link.grade < low || *link.grade > high) {
            error(file, pointer + "/grade",
                  "grade " + std::to_string(*link.grade) + " is not in level " +
                      quote(std::string(to_string(plan.level))) + " (grades " +
                      std::to_string(low) + "-" + std::to_string(high) + ")");
        }
    }

    void check_activities(const std::string& file, const std::string& pointer,
                          const LessonPlan& plan, const Artifact& artifact) {
        const std::vector<std::string> phases = phases_of(plan.lesson_template);
        std::set<std::string> present;
        for (std::size_t j = 0; j < plan.activities.size(); ++j) {
            const Activity& activity = plan.activities[j];
            const std::string activity_pointer = at(pointer + "/activities", j);
            if (std::find(phases.begin(), phases.end(), activity.phase) == phases.end()) {
                error(file, activity_pointer + "/phase",
                      "phase " + quote(activity.phase) + " is not part of the " +
                          quote(template_name(plan.lesson_template)) + " template; use one of " +
                          join(phases));
                continue;
            }
            present.insert(activity.phase);
            if (plan.lesson_template == LessonTemplate::Cv5512) {
                if (activity.aim.empty() || activity.product.empty() || !activity.organisation) {
                    error(file, activity_pointer,
                          "a Công văn 5512 activity has an aim, content, product and "
                          "organisation; add the missing \"aim\", \"product\" or "
                          "\"organisation\"");
                }
            }
            for (std::size_t k = 0; k < activity.annotations.size(); ++k) {
                if (!find_annotation(artifact, activity.annotations[k])) {
                    error(file, at(activity_pointer + "/annotations", k),
                          "annotation " + quote(activity.annotations[k]) +
                              " does not exist in this artifact; add it or correct the id");
                }
            }
        }
        std::vector<std::string> missing;
        for (const std::string& phase : phases) {
            if (!present.contains(phase))
                missing.push_back(phase);
        }
        if (!missing.empty()) {
            error(file, pointer + "/activities",
                  "the " + quote(template_name(plan.lesson_template)) +
                      " template has the phases " + join(phases) + "; add an activity for " +
                      join(missing));
        }
    }

    void check_quiz(const std::string& file, const Artifact& artifact) {
        check_ids(file, "/quiz", ids_of(artifact.quiz), "/id", "quiz question");
        for (std::size_t i = 0; i < artifact.quiz.size(); ++i) {
            const QuizQuestion& question = artifact.quiz[i];
            const std::string pointer = at("/quiz", i);
            check_source_refs(file, pointer + "/sources", question.sources, artifact);
            if (question.options.size() < 2) {
                error(file, pointer + "/options", "a question needs at least 2 options");
            }
            if (question.answer < 0 ||
                question.answer >= static_cast<int>(question.options.size())) {
                error(file, pointer + "/answer",
                      "answer " + std::to_string(question.answer) +
                          " is not an option's index; options are numbered from 0 to " +
                          std::to_string(static_cast<int>(question.options.size()) - 1));
            }
            if (artifact.sensitivity.min_level &&
                question.level < *artifact.sensitivity.min_level) {
                error(file, pointer + "/level",
                      "the artifact is restricted to level " +
                          quote(std::string(to_string(*artifact.sensitivity.min_level))) +
                          " and above; remove this question or raise its level");
            }
        }
    }

    // [SECTION] tours/<id>.json

    void check_tour(const Tour& tour) {
        const std::string file = tour_file(tour);
        if (tour.level != SchoolLevel::Preschool && tour.grade) {
            const auto [low, high] = grade_range(tour.level);
            if (*tour.grade < low || *tour.grade > high) {
                error(file, "/grade",
                      "grade " + std::to_string(*tour.grade) + " is not in level " +
                          quote(std::string(to_string(tour.level))) + " (grades " +
                          std::to_string(low) + "-" + std::to_string(high) + ")");
            }
        }
        if (tour.duration_minutes <= 0) {
            error(file, "/duration_minutes", "duration must be a positive number of minutes");
        }
        if (tour.steps.empty()) {
            error(file, "/steps", "the tour has no steps; add at least one");
        }
        for (std::size_t i = 0; i < tour.steps.size(); ++i) {
            const TourStep& step = tour.steps[i];
            const std::string pointer = at("/steps", i);
            const Artifact* artifact = find_artifact(package_, step.artifact);
            if (!artifact && unreadable_artifacts_.contains(step.artifact))
                continue;
            if (!artifact) {
                error(file, pointer + "/artifact",
                      "artifact " + quote(step.artifact) +
                          " does not exist; use the id of an artifact in artifacts/");
                continue;
            }
            if (!step.annotation.empty() && !find_annotation(*artifact, step.annotation)) {
                error(file, pointer + "/annotation",
                      "annotation " + quote(step.annotation) + " does not exist in artifact " +
                          quote(step.artifact) + "; use one of its annotation ids");
            }
            if (artifact->sensitivity.min_level && tour.level < *artifact->sensitivity.min_level) {
                error(file, pointer + "/artifact",
                      "artifact " + quote(step.artifact) + " is restricted to level " +
                          quote(std::string(to_string(*artifact->sensitivity.min_level))) +
                          " and above; this tour is for " +
                          quote(std::string(to_string(tour.level))));
            }
            if (step.camera) {
                const CameraView& camera = *step.camera;
                if (!(camera.fov_deg > 1.0 && camera.fov_deg < 179.0)) {
                    error(file, pointer + "/camera/fov_deg",
                          "field of view must be between 1 and 179 degrees");
                }
                if (camera.eye == camera.target) {
                    error(file, pointer + "/camera",
                          "the camera's eye and target are the same point; move the eye back");
                }
            }
        }
        check_review(file, "/review", tour.review);
    }

    // [SECTION] Texts: languages used, empty texts, deprecated names

    void check_texts() {
        std::set<std::string> offered;
        for (const Language& language : package_.exhibit.languages)
            offered.insert(language.tag);
        std::set<std::string> reported_tags;
        auto check = [&](const std::string& file) {
            return [&, file](const std::string& pointer, const LocalizedText& text) {
                for (const auto& [tag, value] : text.by_language) {
                    if (!offered.empty() && !offered.contains(tag) &&
                        reported_tags.insert(file + tag).second) {
                        warning(file, pointer + "/" + tag,
                                "language " + quote(tag) +
                                    " is not in exhibit.json \"languages\", so no visitor can "
                                    "choose it; add it there");
                    }
                    check_deprecated_names(file, pointer + "/" + tag, value);
                }
            };
        };
        auto ignore = [](const std::string&, const std::string&) {};
        walk_texts(package_.exhibit, "", check(kExhibitFile), ignore);
        for (const Artifact& artifact : package_.artifacts) {
            walk_texts(artifact, "", check(artifact_file(artifact)), ignore);
        }
        for (const Tour& tour : package_.tours)
            walk_texts(tour, "", check(tour_file(tour)), ignore);
    }

    // Pejorative exonyms ("Mèo", "Mán") must not appear in visitor text; the comparison is
    // exact and case-sensitive, because "mèo" in lower case is simply "cat".
    void check_deprecated_names(const std::string& file, const std::string& pointer,
                                const std::string& text) {
        for (const EthnicGroup& group : package_.exhibit.ethnic_groups) {
            for (const std::string& name : group.deprecated_names) {
                if (name.empty())
                    continue;
                for (std::size_t found = text.find(name); found != std::string::npos;
                     found = text.find(name, found + 1)) {
                    const bool starts_word =
                        found == 0 || (static_cast<unsigned char>(text[found - 1]) < 0x80 &&
                                       !std::isalnum(static_cast<unsigned char>(text[found - 1])));
                    const std::size_t end = found + name.size();
                    const bool ends_word = end == text.size() ||
                                           (static_cast<unsigned char>(text[end]) < 0x80 &&
                                            !std::isalnum(static_cast<unsigned char>(text[end])));
                    if (starts_word && ends_word) {
                        warning(file, pointer,
                                "the text uses " + quote(name) +
                                    ", an old name the community finds offensive; write " +
                                    quote(resolve_text(group.name, "vi", {})) +
                                    " instead (or quote it explicitly as a historical label)");
                        break;
                    }
                }
            }
        }
    }

    const Package& package_;
    const std::set<std::string>& unreadable_artifacts_;
    std::vector<Problem> problems_;
};

}  // namespace

std::vector<Problem> validate_package(const Package& package,
                                      const std::set<std::string>& unreadable_artifacts) {
    return Validator(package, unreadable_artifacts).run();
}

PackageSummary summarize_package(const Package& package) {
    PackageSummary summary;
    summary.id = package.exhibit.id;
    summary.artifacts = static_cast<int>(package.artifacts.size());
    summary.tours = static_cast<int>(package.tours.size());
    summary.sections = static_cast<int>(package.exhibit.sections.size());
    for (const Language& language : package.exhibit.languages) {
        summary.languages.push_back(language.tag);
    }
    // A text is missing a translation when it has some language but not this one.
    auto count = [&](const std::string&, const LocalizedText& text) {
        if (text.empty())
            return;
        for (const std::string& tag : summary.languages) {
            if (!text.by_language.contains(tag))
                ++summary.missing_by_language[tag];
        }
    };
    auto ignore = [](const std::string&, const std::string&) {};
    walk_texts(package.exhibit, "", count, ignore);
    for (const Artifact& artifact : package.artifacts) {
        walk_texts(artifact, "", count, ignore);
        if (artifact.review.status != ReviewStatus::Approved)
            ++summary.not_approved;
    }
    for (const Tour& tour : package.tours) {
        walk_texts(tour, "", count, ignore);
        if (tour.review.status != ReviewStatus::Approved)
            ++summary.not_approved;
    }
    return summary;
}

std::string format_summary(const PackageSummary& summary) {
    std::string missing;
    for (const auto& [tag, count] : summary.missing_by_language) {
        missing += (missing.empty() ? "" : ", ") + tag + " " + std::to_string(count);
    }
    auto count = [](int n, const char* noun) {
        return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
    };
    return summary.id + ": " + count(summary.artifacts, "artifact") + ", " +
           count(summary.tours, "tour") + ", " + count(summary.sections, "section") +
           "; languages: " + join(summary.languages) +
           "; missing translations: " + (missing.empty() ? "none" : missing) +
           "; not approved: " + std::to_string(summary.not_approved);
}

}  // namespace heritage::exhibit
