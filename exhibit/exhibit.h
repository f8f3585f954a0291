// exhibit/exhibit.h: the exhibit package, format v1, as plain structs. heritage-capture writes
// it, heritage-viewer reads it. docs/exhibit-format.md describes every field; the JSON key of a
// field is its name here unless the comment says otherwise.
//
// Every struct that maps a JSON object keeps the members this version does not know in
// `unknown`, so that a load-save round trip keeps what a newer version or another museum wrote.
#pragma once
#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace heritage::exhibit {

// The format version this library writes. Packages with a higher version load with a warning.
constexpr int kFormatVersion = 1;

// Object members this version does not know: key -> the member's value as compact JSON text.
struct UnknownFields {
    std::map<std::string, std::string> json_by_key;
    bool operator==(const UnknownFields&) const = default;
};

// Text in several languages, keyed by BCP-47 tag ("vi", "en", "hnj", "ium", "tyz"...).
// Stored as NFC UTF-8. A language is added by adding a key: no code knows the list.
struct LocalizedText {
    std::map<std::string, std::string> by_language;
    bool empty() const { return by_language.empty(); }
    bool operator==(const LocalizedText&) const = default;
};

// Vietnamese school levels of the 2018 general-education programme, plus preschool.
enum class SchoolLevel {
    Preschool,       // "preschool": Mầm non
    Primary,         // "primary": Tiểu học, grades 1-5
    LowerSecondary,  // "lower_secondary": THCS, grades 6-9
    UpperSecondary,  // "upper_secondary": THPT, grades 10-12
};
inline constexpr std::array kSchoolLevels = {SchoolLevel::Preschool, SchoolLevel::Primary,
                                             SchoolLevel::LowerSecondary,
                                             SchoolLevel::UpperSecondary};

// Whether a text may reach visitors: only "approved" content is shown on a kiosk.
enum class ReviewStatus { Draft, Reviewed, Approved };

// Whether the source community has reviewed how a sensitive object is presented.
enum class CommunityReview { NotNeeded, Pending, Done };

// The official lesson-plan templates: Công văn 5512 (THCS/THPT), 2345 (primary), and the
// preschool activity plan.
enum class LessonTemplate { Cv5512, Cv2345, Preschool };

using Vec3 = std::array<double, 3>;

struct Review {
    ReviewStatus status = ReviewStatus::Draft;
    std::string reviewer;  // name or role of who reviewed; may be empty for drafts
    std::string date;      // ISO 8601 date of the last review, "YYYY-MM-DD"
    UnknownFields unknown;
};

// Where a fact comes from. Facts name sources by id ("sources": ["s17"]).
struct Source {
    std::string id;
    std::string title;
    std::string publisher;
    std::string url;          // may be empty for printed sources
    std::string accessed;     // ISO date the page was read
    std::string reliability;  // "official", "academic", "press", "museum", "tourism"
    UnknownFields unknown;
};

struct Sensitivity {
    bool sacred = false;                   // a ritual or sacred object: respectful captions only
    std::optional<SchoolLevel> min_level;  // hidden below this level ("json: min_level")
    CommunityReview community_review = CommunityReview::NotNeeded;
    LocalizedText note;  // guidance for teachers and curators
    UnknownFields unknown;
};

// A place, with the date its administrative names refer to: Lào Cai merged with Yên Bái on
// 1 July 2025 and districts were abolished, so older names are "former districts".
struct Place {
    LocalizedText name;           // as a visitor reads it: "Tả Thàng, Gia Phú, Bảo Thắng"
    std::string commune;          // xã / phường, as named on `as_of`
    std::string former_district;  // huyện before 1 July 2025, if the source names one
    std::string province;
    std::string as_of;  // ISO date the names refer to
    UnknownFields unknown;
};

struct Dimensions {
    std::optional<double> height_mm;
    std::optional<double> width_mm;
    std::optional<double> depth_mm;
    std::optional<double> diameter_mm;
    std::optional<double> weight_g;
    bool approximate = false;  // true when no source gives the size: estimated, to be measured
    LocalizedText note;
    std::vector<std::string> sources;  // source ids
    UnknownFields unknown;
};

struct Period {
    LocalizedText label;            // "Văn hóa Đông Sơn", "cuối thế kỷ XIX"
    std::optional<int> start_year;  // negative for BCE
    std::optional<int> end_year;
    bool approximate = false;
    std::vector<std::string> sources;
    UnknownFields unknown;
};

// A national or international recognition, with its legal decision.
struct Recognition {
    std::string kind;  // "national_treasure", "national_intangible_heritage", "unesco", ...
    LocalizedText title;
    std::string decision;  // "2198/QĐ-TTg"
    std::string date;      // ISO date of the decision
    std::vector<std::string> sources;
    UnknownFields unknown;
};

struct Rights {
    std::string holder;   // who holds the rights to the object's media
    std::string licence;  // SPDX id where one exists: "CC-BY-4.0", "CC-BY-NC-4.0"
    LocalizedText credit;
    UnknownFields unknown;
};

// One level of detail of the model, as Smithsonian Voyager's documents list them.
struct ModelDerivative {
    std::string file;     // relative to the artifact's folder
    std::string quality;  // "full", "light", "thumb"
    std::optional<std::int64_t> face_count;
    UnknownFields unknown;
};

struct Model {
    std::string file;            // relative to the artifact's folder: "model.glb"
    std::string units = "m";     // "m", "cm" or "mm": one model unit in the real world
    std::string up_axis = "+Y";  // "+Y" (glTF) or "+Z"
    bool illustrative = false;   // true: made by code to show the shape, not a scan
    LocalizedText note;          // "illustrative model, not a scan of the object"
    std::vector<ModelDerivative> derivatives;
    UnknownFields unknown;
};

// A hotspot on the model's surface.
struct Annotation {
    std::string id;
    Vec3 position{};  // anchor point, model coordinates and units
    Vec3 normal{};    // outward surface normal at the anchor, unit length
    LocalizedText title;
    LocalizedText text;
    std::vector<SchoolLevel> levels;  // empty: shown at every level
    std::optional<Sensitivity> sensitivity;
    std::vector<std::string> sources;
    UnknownFields unknown;
};

// Where a lesson sits in the national programme.
struct CurriculumLink {
    std::string programme;  // "GDPT2018" (grades 1-12) or "GDMN" (preschool)
    LocalizedText subject;  // "Lịch sử và Địa lí", "Âm nhạc", "Hoạt động trải nghiệm"...
    std::optional<int> grade;  // 1-12 for GDPT2018
    std::string age_band;      // GDMN: "3-4", "4-5", "5-6"
    LocalizedText theme;       // GDMN chủ đề: "Quê hương – Đất nước – Bác Hồ"
    LocalizedText topic;       // the programme's topic or lesson name
    std::string local_material_ref;  // the province's local-education book, entered by the museum
    UnknownFields unknown;
};

// Mục tiêu. Công văn 5512/2345 phrase them as kiến thức, năng lực, phẩm chất; the preschool
// plan as kiến thức, kỹ năng, thái độ. Both map onto these three lists.
struct Objectives {
    std::vector<LocalizedText> knowledge;
    std::vector<LocalizedText> skills;
    std::vector<LocalizedText> attitudes;
    UnknownFields unknown;
};

// Tổ chức thực hiện, in Công văn 5512's four steps.
struct Organisation {
    LocalizedText assign;    // chuyển giao nhiệm vụ
    LocalizedText perform;   // thực hiện nhiệm vụ
    LocalizedText report;    // báo cáo, thảo luận
    LocalizedText conclude;  // kết luận, nhận định
    UnknownFields unknown;
};

// One activity of a lesson plan. Which phases exist depends on the template:
//   cv5512:    mo_dau, hinh_thanh_kien_thuc, luyen_tap, van_dung
//   cv2345:    khoi_dong, kham_pha, luyen_tap, van_dung
//   preschool: on_dinh, hoat_dong_chinh, ket_thuc
struct Activity {
    std::string phase;
    LocalizedText title;
    LocalizedText aim;                         // mục tiêu
    LocalizedText content;                     // nội dung
    LocalizedText product;                     // sản phẩm
    std::optional<Organisation> organisation;  // required by cv5512
    LocalizedText teacher;                     // cv2345: hoạt động của giáo viên
    LocalizedText pupils;                      // cv2345: hoạt động của học sinh
    std::optional<int> duration_minutes;
    std::vector<std::string> annotations;  // annotation ids this activity looks at
    UnknownFields unknown;
};

struct KeyFact {
    LocalizedText text;
    std::vector<std::string> sources;
    std::string confidence = "sourced";  // "sourced", "weak", "knowledge", "uncertain"
    UnknownFields unknown;
};

struct LessonPlan {
    SchoolLevel level = SchoolLevel::Primary;
    LessonTemplate lesson_template = LessonTemplate::Cv2345;  // json: "template"
    LocalizedText title;
    CurriculumLink curriculum;
    int duration_minutes = 0;
    Objectives objectives;
    std::vector<LocalizedText> materials;  // thiết bị dạy học và học liệu / chuẩn bị
    std::vector<KeyFact> key_facts;
    std::vector<Activity> activities;
    std::vector<LocalizedText> questions;  // discussion questions
    UnknownFields unknown;
};

struct QuizQuestion {
    std::string id;
    SchoolLevel level = SchoolLevel::Primary;
    LocalizedText question;
    std::vector<LocalizedText> options;
    int answer = 0;  // 0-based index into options
    LocalizedText explanation;
    std::vector<std::string> sources;  // where the answer is stated
    UnknownFields unknown;
};

// How heritage-capture made the model. Absent for models made otherwise.
struct CaptureRecord {
    std::string method;  // "turntable-charuco", "handheld-sfm", "known-cameras"
    std::string tool;    // "heritage-capture 0.1.0"
    std::string date;    // ISO date of the run
    int photos_used = 0;
    int photos_rejected = 0;
    std::optional<double> reprojection_error_px;  // RMS, after bundle adjustment
    std::string report;                           // report file, relative to the artifact's folder
    UnknownFields unknown;
};

struct Artifact {
    std::string id;  // equals the artifact's folder name: artifacts/<id>/
    std::string accession_number;
    LocalizedText title;
    LocalizedText description;
    std::vector<std::string> ethnic_groups;  // ids from Exhibit::ethnic_groups; may be empty
    LocalizedText culture;                   // for finds older than today's groups: "Đông Sơn"
    std::string category;                    // id from Exhibit::categories
    std::vector<LocalizedText> materials;
    Dimensions dimensions;
    Period period;
    Place origin;
    LocalizedText provenance;
    std::vector<Recognition> recognitions;
    Rights rights;
    std::vector<Source> sources;
    Sensitivity sensitivity;
    Review review;
    Model model;
    std::string thumbnail;  // relative to the artifact's folder: "thumbnail.png"
    std::vector<Annotation> annotations;
    std::vector<LessonPlan> lesson_plans;
    std::vector<QuizQuestion> quiz;
    std::optional<CaptureRecord> capture;
    UnknownFields unknown;
};

struct EthnicGroup {
    std::string id;                             // "mong", "dao", "pa-di"
    LocalizedText name;                         // official name: {"vi": "Mông", "en": "Hmong"}
    std::string autonym;                        // what the group calls itself: "Hmông"
    std::string parent;                         // for a local group, its official group's id
    std::vector<std::string> deprecated_names;  // pejorative exonyms visitor text must not use
    UnknownFields unknown;
};

struct Category {
    std::string id;  // "instrument", "costume", "ritual"...
    LocalizedText name;
    UnknownFields unknown;
};

struct Language {
    std::string tag;   // BCP-47: "vi", "en", "hnj"
    std::string name;  // the language's name in itself: "Tiếng Việt", "English"
    UnknownFields unknown;
};

struct Museum {
    LocalizedText name;  // the legal body named in LIDO records
    std::string isil;    // ISIL code, if the museum has one
    std::string url;
    UnknownFields unknown;
};

struct Section {
    std::string id;
    LocalizedText title;
    std::vector<std::string> artifacts;  // artifact ids, in display order
    UnknownFields unknown;
};

struct Exhibit {
    std::string format = "heritage3d-exhibit";
    int format_version = kFormatVersion;
    std::string id;
    LocalizedText title;
    LocalizedText description;
    Museum museum;
    std::vector<Language> languages;          // offered in the UI, in menu order
    std::vector<std::string> fallback_order;  // resolution order for missing text; first = default
    std::vector<EthnicGroup> ethnic_groups;   // the controlled list artifacts refer to
    std::vector<Category> categories;
    std::vector<Section> sections;
    std::vector<std::string> tours;  // tour ids: tours/<id>.json
    Review review;
    UnknownFields unknown;
};

// A camera view in the artifact's model coordinates.
struct CameraView {
    Vec3 eye{};
    Vec3 target{};
    double fov_deg = 40.0;  // vertical field of view
    UnknownFields unknown;
};

struct TourStep {
    std::string artifact;              // artifact id
    std::string annotation;            // annotation id of that artifact to highlight; may be empty
    std::optional<CameraView> camera;  // absent: frame the whole model
    LocalizedText narration;
    LocalizedText question;
    UnknownFields unknown;
};

struct Tour {
    std::string id;  // equals the file name: tours/<id>.json
    LocalizedText title;
    LocalizedText description;
    SchoolLevel level = SchoolLevel::Primary;
    LocalizedText subject;
    std::optional<int> grade;
    int duration_minutes = 0;
    std::vector<LocalizedText> before_visit;  // tasks the teacher gives before the visit
    std::vector<TourStep> steps;
    std::vector<LocalizedText> after_visit;  // tasks after the visit
    Review review;
    UnknownFields unknown;
};

// A whole package in memory. `root` is where it was read from; file names inside the structs
// are relative to their own folder.
struct Package {
    std::filesystem::path root;
    Exhibit exhibit;
    std::vector<Artifact> artifacts;  // sorted by id
    std::vector<Tour> tours;          // in the order of Exhibit::tours
};

// "preschool", "primary", "lower_secondary", "upper_secondary".
std::string_view to_string(SchoolLevel level);
std::optional<SchoolLevel> parse_school_level(std::string_view name);

// The artifact with this id, or nullptr.
const Artifact* find_artifact(const Package& package, std::string_view id);
// The ethnic group with this id in the exhibit's controlled list, or nullptr.
const EthnicGroup* find_ethnic_group(const Exhibit& exhibit, std::string_view id);
const Annotation* find_annotation(const Artifact& artifact, std::string_view id);

// The text in `language`, else in the first language of `fallback_order` that has it, else
// in any language it has, else "". Never fails: a visitor always sees something.
const std::string& resolve_text(const LocalizedText& text, std::string_view language,
                                const std::vector<std::string>& fallback_order);

}  // namespace heritage::exhibit
