// exhibit/fields.h: the one description of every struct's JSON fields. The JSON reader, the
// writer and the text walkers (NFC, translations) all run over it, so a field added here is
// read, written, normalized and checked everywhere at once.
//
// A visitor `v` is called as v.field("json_key", member, Need::...) for each member, in the
// order they are written. `unknown` is handled by the visitors, not listed here.
#pragma once
#include <concepts>
#include <string_view>
#include <type_traits>

#include "exhibit/exhibit.h"

namespace heritage::exhibit {

enum class Need {
    Required,  // a missing field is an error; always written
    Optional,  // may be absent; not written when empty (string, text, list, nullopt)
};

// Declares describe(v, s) for `Type` and for `const Type`.
#define HERITAGE_DESCRIBE(Type)                         \
    template <class V, class T>                         \
    requires std::same_as<std::remove_const_t<T>, Type> \
    void describe(V& v, T& s)

constexpr Need kRequired = Need::Required;
constexpr Need kOptional = Need::Optional;

HERITAGE_DESCRIBE(Review) {
    v.field("status", s.status, kRequired);
    v.field("reviewer", s.reviewer, kOptional);
    v.field("date", s.date, kOptional);
}

HERITAGE_DESCRIBE(Source) {
    v.field("id", s.id, kRequired);
    v.field("title", s.title, kRequired);
    v.field("publisher", s.publisher, kOptional);
    v.field("url", s.url, kOptional);
    v.field("accessed", s.accessed, kOptional);
    v.field("reliability", s.reliability, kOptional);
}

HERITAGE_DESCRIBE(Sensitivity) {
    v.field("sacred", s.sacred, kRequired);
    v.field("min_level", s.min_level, kOptional);
    v.field("community_review", s.community_review, kRequired);
    v.field("note", s.note, kOptional);
}

HERITAGE_DESCRIBE(Place) {
    v.field("name", s.name, kRequired);
    v.field("commune", s.commune, kOptional);
    v.field("former_district", s.former_district, kOptional);
    v.field("province", s.province, kOptional);
    v.field("as_of", s.as_of, kRequired);
}

HERITAGE_DESCRIBE(Dimensions) {
    v.field("height_mm", s.height_mm, kOptional);
    v.field("width_mm", s.width_mm, kOptional);
    v.field("depth_mm", s.depth_mm, kOptional);
    v.field("diameter_mm", s.diameter_mm, kOptional);
    v.field("weight_g", s.weight_g, kOptional);
    v.field("approximate", s.approximate, kRequired);
    v.field("note", s.note, kOptional);
    v.field("sources", s.sources, kOptional);
}

HERITAGE_DESCRIBE(Period) {
    v.field("label", s.label, kRequired);
    v.field("start_year", s.start_year, kOptional);
    v.field("end_year", s.end_year, kOptional);
    v.field("approximate", s.approximate, kRequired);
    v.field("sources", s.sources, kOptional);
}

HERITAGE_DESCRIBE(Recognition) {
    v.field("kind", s.kind, kRequired);
    v.field("title", s.title, kRequired);
    v.field("decision", s.decision, kOptional);
    v.field("date", s.date, kOptional);
    v.field("sources", s.sources, kOptional);
}

HERITAGE_DESCRIBE(Rights) {
    v.field("holder", s.holder, kRequired);
    v.field("licence", s.licence, kRequired);
    v.field("credit", s.credit, kOptional);
}

HERITAGE_DESCRIBE(ModelDerivative) {
    v.field("file", s.file, kRequired);
    v.field("quality", s.quality, kRequired);
    v.field("face_count", s.face_count, kOptional);
}

HERITAGE_DESCRIBE(Model) {
    v.field("file", s.file, kRequired);
    v.field("units", s.units, kRequired);
    v.field("up_axis", s.up_axis, kRequired);
    v.field("illustrative", s.illustrative, kRequired);
    v.field("note", s.note, kOptional);
    v.field("derivatives", s.derivatives, kOptional);
}

HERITAGE_DESCRIBE(Annotation) {
    v.field("id", s.id, kRequired);
    v.field("position", s.position, kRequired);
    v.field("normal", s.normal, kRequired);
    v.field("title", s.title, kRequired);
    v.field("text", s.text, kRequired);
    v.field("levels", s.levels, kOptional);
    v.field("sensitivity", s.sensitivity, kOptional);
    v.field("sources", s.sources, kOptional);
}

HERITAGE_DESCRIBE(CurriculumLink) {
    v.field("programme", s.programme, kRequired);
    v.field("subject", s.subject, kOptional);
    v.field("grade", s.grade, kOptional);
    v.field("age_band", s.age_band, kOptional);
    v.field("theme", s.theme, kOptional);
    v.field("topic", s.topic, kOptional);
    v.field("local_material_ref", s.local_material_ref, kOptional);
}

HERITAGE_DESCRIBE(Objectives) {
    v.field("knowledge", s.knowledge, kRequired);
    v.field("skills", s.skills, kRequired);
    v.field("attitudes", s.attitudes, kRequired);
}

HERITAGE_DESCRIBE(Organisation) {
    v.field("assign", s.assign, kRequired);
    v.field("perform", s.perform, kRequired);
    v.field("report", s.report, kRequired);
    v.field("conclude", s.conclude, kRequired);
}

HERITAGE_DESCRIBE(Activity) {
    v.field("phase", s.phase, kRequired);
    v.field("title", s.title, kRequired);
    v.field("aim", s.aim, kOptional);
    v.field("content", s.content, kRequired);
    v.field("product", s.product, kOptional);
    v.field("organisation", s.organisation, kOptional);
    v.field("teacher", s.teacher, kOptional);
    v.field("pupils", s.pupils, kOptional);
    v.field("duration_minutes", s.duration_minutes, kOptional);
    v.field("annotations", s.annotations, kOptional);
}

HERITAGE_DESCRIBE(KeyFact) {
    v.field("text", s.text, kRequired);
    v.field("sources", s.sources, kOptional);
    v.field("confidence", s.confidence, kRequired);
}

HERITAGE_DESCRIBE(LessonPlan) {
    v.field("level", s.level, kRequired);
    v.field("template", s.lesson_template, kRequired);
    v.field("title", s.title, kRequired);
    v.field("curriculum", s.curriculum, kRequired);
    v.field("duration_minutes", s.duration_minutes, kRequired);
    v.field("objectives", s.objectives, kRequired);
    v.field("materials", s.materials, kOptional);
    v.field("key_facts", s.key_facts, kRequired);
    v.field("activities", s.activities, kRequired);
    v.field("questions", s.questions, kRequired);
}

HERITAGE_DESCRIBE(QuizQuestion) {
    v.field("id", s.id, kRequired);
    v.field("level", s.level, kRequired);
    v.field("question", s.question, kRequired);
    v.field("options", s.options, kRequired);
    v.field("answer", s.answer, kRequired);
    v.field("explanation", s.explanation, kRequired);
    v.field("sources", s.sources, kOptional);
}

HERITAGE_DESCRIBE(CaptureRecord) {
    v.field("method", s.method, kRequired);
    v.field("tool", s.tool, kRequired);
    v.field("date", s.date, kRequired);
    v.field("photos_used", s.photos_used, kRequired);
    v.field("photos_rejected", s.photos_rejected, kRequired);
    v.field("reprojection_error_px", s.reprojection_error_px, kOptional);
    v.field("report", s.report, kOptional);
}

HERITAGE_DESCRIBE(Artifact) {
    v.field("id", s.id, kRequired);
    v.field("accession_number", s.accession_number, kRequired);
    v.field("title", s.title, kRequired);
    v.field("description", s.description, kRequired);
    v.field("ethnic_groups", s.ethnic_groups, kOptional);
    v.field("culture", s.culture, kOptional);
    v.field("category", s.category, kRequired);
    v.field("materials", s.materials, kRequired);
    v.field("dimensions", s.dimensions, kRequired);
    v.field("period", s.period, kRequired);
    v.field("origin", s.origin, kRequired);
    v.field("provenance", s.provenance, kRequired);
    v.field("recognitions", s.recognitions, kOptional);
    v.field("rights", s.rights, kRequired);
    v.field("sources", s.sources, kRequired);
    v.field("sensitivity", s.sensitivity, kRequired);
    v.field("review", s.review, kRequired);
    v.field("model", s.model, kRequired);
    v.field("thumbnail", s.thumbnail, kRequired);
    v.field("annotations", s.annotations, kRequired);
    v.field("lesson_plans", s.lesson_plans, kRequired);
    v.field("quiz", s.quiz, kOptional);
    v.field("capture", s.capture, kOptional);
}

HERITAGE_DESCRIBE(EthnicGroup) {
    v.field("id", s.id, kRequired);
    v.field("name", s.name, kRequired);
    v.field("autonym", s.autonym, kOptional);
    v.field("parent", s.parent, kOptional);
    v.field("deprecated_names", s.deprecated_names, kOptional);
}

HERITAGE_DESCRIBE(Category) {
    v.field("id", s.id, kRequired);
    v.field("name", s.name, kRequired);
}

HERITAGE_DESCRIBE(Language) {
    v.field("tag", s.tag, kRequired);
    v.field("name", s.name, kRequired);
}

HERITAGE_DESCRIBE(Museum) {
    v.field("name", s.name, kRequired);
    v.field("isil", s.isil, kOptional);
    v.field("url", s.url, kOptional);
}

HERITAGE_DESCRIBE(Section) {
    v.field("id", s.id, kRequired);
    v.field("title", s.title, kRequired);
    v.field("artifacts", s.artifacts, kRequired);
}

HERITAGE_DESCRIBE(Exhibit) {
    v.field("format", s.format, kRequired);
    v.field("format_version", s.format_version, kRequired);
    v.field("id", s.id, kRequired);
    v.field("title", s.title, kRequired);
    v.field("description", s.description, kRequired);
    v.field("museum", s.museum, kRequired);
    v.field("languages", s.languages, kRequired);
    v.field("fallback_order", s.fallback_order, kRequired);
    v.field("ethnic_groups", s.ethnic_groups, kRequired);
    v.field("categories", s.categories, kRequired);
    v.field("sections", s.sections, kRequired);
    v.field("tours", s.tours, kOptional);
    v.field("review", s.review, kRequired);
}

HERITAGE_DESCRIBE(CameraView) {
    v.field("eye", s.eye, kRequired);
    v.field("target", s.target, kRequired);
    v.field("fov_deg", s.fov_deg, kRequired);
}

HERITAGE_DESCRIBE(TourStep) {
    v.field("artifact", s.artifact, kRequired);
    v.field("annotation", s.annotation, kOptional);
    v.field("camera", s.camera, kOptional);
    v.field("narration", s.narration, kRequired);
    v.field("question", s.question, kOptional);
}

HERITAGE_DESCRIBE(Tour) {
    v.field("id", s.id, kRequired);
    v.field("title", s.title, kRequired);
    v.field("description", s.description, kOptional);
    v.field("level", s.level, kRequired);
    v.field("subject", s.subject, kRequired);
    v.field("grade", s.grade, kOptional);
    v.field("duration_minutes", s.duration_minutes, kRequired);
    v.field("before_visit", s.before_visit, kRequired);
    v.field("steps", s.steps, kRequired);
    v.field("after_visit", s.after_visit, kRequired);
    v.field("review", s.review, kRequired);
}

#undef HERITAGE_DESCRIBE

// True for the structs above (the ones that have describe()).
template <class T>
concept Described = requires(T& s) {
    s.unknown;
};

// Calls `on_text(pointer, LocalizedText&)` and `on_string(pointer, std::string&)` for every
// text in `s`, recursively, with the JSON pointer of each. T may be const.
template <class T, class OnText, class OnString>
void walk_texts(T& s, const std::string& pointer, OnText&& on_text, OnString&& on_string);

namespace detail {

template <class OnText, class OnString>
struct TextWalker {
    std::string pointer;
    OnText& on_text;
    OnString& on_string;

    template <class M>
    void field(std::string_view key, M& member, Need) {
        visit(member, pointer + "/" + std::string(key));
    }

    template <class M>
    void visit(M& member, const std::string& at) {
        using Plain = std::remove_const_t<M>;
        if constexpr (std::same_as<Plain, LocalizedText>) {
            on_text(at, member);
        } else if constexpr (std::same_as<Plain, std::string>) {
            on_string(at, member);
        } else if constexpr (Described<Plain>) {
            TextWalker<OnText, OnString> inner{at, on_text, on_string};
            describe(inner, member);
        } else if constexpr (requires {
                                 member.has_value();
                                 *member;
                             }) {
            if (member.has_value())
                visit(*member, at);
        } else if constexpr (requires {
                                 member.begin();
                                 member.size();
                             } &&
                             !std::same_as<Plain, Vec3>) {
            std::size_t index = 0;
            for (auto& element : member)
                visit(element, at + "/" + std::to_string(index++));
        }
    }
};

}  // namespace detail

template <class T, class OnText, class OnString>
void walk_texts(T& s, const std::string& pointer, OnText&& on_text, OnString&& on_string) {
    detail::TextWalker<std::remove_reference_t<OnText>, std::remove_reference_t<OnString>> walker{
        pointer, on_text, on_string};
    walker.visit(s, pointer);
}

}  // namespace heritage::exhibit
