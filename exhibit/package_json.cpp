// The JSON side of the data model: a reader and a writer that both run over fields.h, so the
// two cannot drift apart. nlohmann-json stays in this file.
#include "exhibit/package_json.h"

#include <array>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "exhibit/fields.h"
#include "exhibit/text.h"

namespace heritage::exhibit {
namespace {

using Json = nlohmann::json;

// [SECTION] Enum names as the JSON writes them.

template <class E>
struct EnumNames;

template <>
struct EnumNames<SchoolLevel> {
    static constexpr std::array<std::pair<SchoolLevel, std::string_view>, 4> kNames = {{
        {SchoolLevel::Preschool, "preschool"},
        {SchoolLevel::Primary, "primary"},
        {SchoolLevel::LowerSecondary, "lower_secondary"},
        {SchoolLevel::UpperSecondary, "upper_secondary"},
    }};
    static constexpr std::string_view kWhat = "school level";
};

template <>
struct EnumNames<ReviewStatus> {
    static constexpr std::array<std::pair<ReviewStatus, std::string_view>, 3> kNames = {{
        {ReviewStatus::Draft, "draft"},
        {ReviewStatus::Reviewed, "reviewed"},
        {ReviewStatus::Approved, "approved"},
    }};
    static constexpr std::string_view kWhat = "review status";
};

template <>
struct EnumNames<CommunityReview> {
    static constexpr std::array<std::pair<CommunityReview, std::string_view>, 3> kNames = {{
        {CommunityReview::NotNeeded, "not_needed"},
        {CommunityReview::Pending, "pending"},
        {CommunityReview::Done, "done"},
    }};
    static constexpr std::string_view kWhat = "community review state";
};

template <>
struct EnumNames<LessonTemplate> {
    static constexpr std::array<std::pair<LessonTemplate, std::string_view>, 3> kNames = {{
        {LessonTemplate::Cv5512, "cv5512"},
        {LessonTemplate::Cv2345, "cv2345"},
        {LessonTemplate::Preschool, "preschool"},
    }};
    static constexpr std::string_view kWhat = "lesson-plan template";
};

template <class E>
concept NamedEnum = requires {
    EnumNames<E>::kNames;
};

template <NamedEnum E>
std::string_view enum_name(E value) {
    for (const auto& [candidate, name] : EnumNames<E>::kNames) {
        if (candidate == value)
            return name;
    }
    return "?";
}

template <NamedEnum E>
std::string enum_choices() {
    std::string out;
    for (const auto& [value, name] : EnumNames<E>::kNames) {
        if (!out.empty())
            out += ", ";
        out += name;
    }
    return out;
}

// [SECTION] Reading

// A JSON object key as a JSON pointer token (RFC 6901: "~" -> "~0", "/" -> "~1").
std::string pointer_token(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
    return out;
}

// Where problems go while one file is read.
struct ReadContext {
    const std::string& file;
    std::vector<Problem>& problems;
    bool reported_non_nfc = false;  // one warning per file is enough

    // `text` as NFC; warns (once per file) when it was not.
    std::string normalized(const std::string& pointer, const std::string& text) {
        std::string nfc = to_nfc(text);
        if (nfc != text && !reported_non_nfc) {
            reported_non_nfc = true;
            warning(pointer,
                    "text is not in Unicode NFC form (decomposed diacritics); it is read "
                    "as NFC, and saving the package stores it so");
        }
        return nfc;
    }

    void error(const std::string& pointer, std::string message) {
        problems.push_back({Severity::Error, file, pointer, std::move(message)});
    }
    void warning(const std::string& pointer, std::string message) {
        problems.push_back({Severity::Warning, file, pointer, std::move(message)});
    }
};

std::string json_type(const Json& value) {
    switch (value.type()) {
        case Json::value_t::null:
            return "null";
        case Json::value_t::boolean:
            return "a boolean";
        case Json::value_t::number_integer:
        case Json::value_t::number_unsigned:
            return "an integer";
        case Json::value_t::number_float:
            return "a number";
        case Json::value_t::string:
            return "a string";
        case Json::value_t::array:
            return "an array";
        case Json::value_t::object:
            return "an object";
        default:
            return "an unsupported value";
    }
}

void wrong_type(ReadContext& context, const std::string& pointer, const char* expected,
                const Json& value) {
    context.error(pointer, std::string("wrong type: expected ") + expected + ", got " +
                               json_type(value) + "; see docs/exhibit-format.md");
}

template <Described T>
void read_value(const Json& value, const std::string& pointer, T& out, ReadContext& context);

void read_value(const Json& value, const std::string& pointer, std::string& out,
                ReadContext& context) {
    if (!value.is_string())
        return wrong_type(context, pointer, "a string", value);
    out = context.normalized(pointer, value.get<std::string>());
}

void read_value(const Json& value, const std::string& pointer, bool& out, ReadContext& context) {
    if (!value.is_boolean())
        return wrong_type(context, pointer, "true or false", value);
    out = value.get<bool>();
}

void read_value(const Json& value, const std::string& pointer, std::int64_t& out,
                ReadContext& context) {
    if (value.is_number_unsigned() &&
        value.get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max())) {
        return context.error(pointer, "the number is too large");
    }
    if (!value.is_number_integer())
        return wrong_type(context, pointer, "an integer", value);
    out = value.get<std::int64_t>();
}

void read_value(const Json& value, const std::string& pointer, int& out, ReadContext& context) {
    std::int64_t wide = 0;
    if (!value.is_number_integer())
        return wrong_type(context, pointer, "an integer", value);
    read_value(value, pointer, wide, context);
    if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max()) {
        return context.error(pointer, "the number " + std::to_string(wide) + " is too large");
    }
    out = static_cast<int>(wide);
}

void read_value(const Json& value, const std::string& pointer, double& out, ReadContext& context) {
    if (!value.is_number())
        return wrong_type(context, pointer, "a number", value);
    out = value.get<double>();
}

void read_value(const Json& value, const std::string& pointer, Vec3& out, ReadContext& context) {
    if (!value.is_array() || value.size() != 3) {
        return wrong_type(context, pointer, "an array of 3 numbers [x, y, z]", value);
    }
    for (std::size_t i = 0; i < 3; ++i) {
        if (!value[i].is_number()) {
            return wrong_type(context, pointer + "/" + std::to_string(i), "a number", value[i]);
        }
        out[i] = value[i].get<double>();
    }
}

void read_value(const Json& value, const std::string& pointer, LocalizedText& out,
                ReadContext& context) {
    if (!value.is_object()) {
        return wrong_type(context, pointer,
                          "an object of language tag to text, like {\"vi\": \"…\", \"en\": \"…\"}",
                          value);
    }
    for (const auto& [tag, text] : value.items()) {
        const std::string at = pointer + "/" + pointer_token(tag);
        if (!is_language_tag(tag)) {
            context.error(at, "\"" + tag +
                                  "\" is not a BCP-47 language tag; use a tag such as \"vi\", "
                                  "\"en\" or \"hnj\"");
            continue;
        }
        if (!text.is_string()) {
            wrong_type(context, at, "a string", text);
            continue;
        }
        out.by_language[tag] = context.normalized(at, text.get<std::string>());
    }
}

template <NamedEnum E>
void read_value(const Json& value, const std::string& pointer, E& out, ReadContext& context) {
    if (!value.is_string())
        return wrong_type(context, pointer, "a string", value);
    const std::string name = value.get<std::string>();
    for (const auto& [candidate, candidate_name] : EnumNames<E>::kNames) {
        if (candidate_name == name) {
            out = candidate;
            return;
        }
    }
    context.error(pointer, "unknown " + std::string(EnumNames<E>::kWhat) + " \"" + name +
                               "\"; use one of " + enum_choices<E>());
}

template <class T>
void read_value(const Json& value, const std::string& pointer, std::optional<T>& out,
                ReadContext& context) {
    if (value.is_null()) {
        out.reset();
        return;
    }
    out.emplace();
    read_value(value, pointer, *out, context);
}

template <class T>
void read_value(const Json& value, const std::string& pointer, std::vector<T>& out,
                ReadContext& context) {
    if (!value.is_array())
        return wrong_type(context, pointer, "an array", value);
    out.resize(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
        read_value(value[i], pointer + "/" + std::to_string(i), out[i], context);
    }
}

// Reads the members describe() names and keeps the rest in `unknown`, with a warning so that
// a misspelt key does not go unnoticed.
struct ObjectReader {
    const Json& object;
    const std::string& pointer;
    ReadContext& context;
    std::set<std::string, std::less<>> known;

    template <class M>
    void field(std::string_view key, M& member, Need need) {
        known.emplace(key);
        const auto found = object.find(key);
        if (found == object.end()) {
            if (need == Need::Required) {
                context.error(pointer + "/" + std::string(key),
                              "missing required field \"" + std::string(key) +
                                  "\"; add it (see docs/exhibit-format.md)");
            }
            return;
        }
        read_value(*found, pointer + "/" + std::string(key), member, context);
    }

    UnknownFields leftovers() {
        UnknownFields unknown;
        for (const auto& [key, value] : object.items()) {
            if (known.contains(key))
                continue;
            context.warning(pointer + "/" + pointer_token(key),
                            "unknown field \"" + key +
                                "\" is kept as it is; check its spelling if it should be "
                                "one of this format's fields");
            unknown.json_by_key[key] = value.dump();
        }
        return unknown;
    }
};

template <Described T>
void read_value(const Json& value, const std::string& pointer, T& out, ReadContext& context) {
    if (!value.is_object())
        return wrong_type(context, pointer, "an object", value);
    ObjectReader reader{value, pointer, context, {}};
    describe(reader, out);
    out.unknown = reader.leftovers();
}

// Checks the bytes are UTF-8 JSON holding an object, and returns it.
std::optional<Json> parse_object(std::string_view bytes, ReadContext& context) {
    if (const auto bad = find_invalid_utf8(bytes)) {
        const TextPosition at = text_position(bytes, *bad);
        context.error("", "invalid UTF-8 at line " + std::to_string(at.line) + ", column " +
                              std::to_string(at.column) + " (byte " + std::to_string(*bad) +
                              "); save the file with UTF-8 encoding");
        return std::nullopt;
    }
    Json document;
    try {
        document = Json::parse(bytes.begin(), bytes.end());
    } catch (const Json::parse_error& error) {
        // nlohmann's `byte` is 1-based and points just past the offending character.
        const std::size_t offset = error.byte > 0 ? error.byte - 1 : 0;
        const TextPosition at = text_position(bytes, offset);
        std::string reason = error.what();
        const std::size_t colon = reason.find(": ", reason.find("column"));
        reason = colon == std::string::npos ? reason : reason.substr(colon + 2);
        context.error("", "malformed JSON at line " + std::to_string(at.line) + ", column " +
                              std::to_string(at.column) + ": " + reason +
                              "; fix the syntax (often a missing comma, quote or bracket)");
        return std::nullopt;
    }
    if (!document.is_object()) {
        wrong_type(context, "", "an object at the top level", document);
        return std::nullopt;
    }
    return document;
}

template <Described T>
std::optional<T> parse_file(std::string_view bytes, const std::string& file,
                            std::vector<Problem>& problems) {
    ReadContext context{file, problems, false};
    const std::optional<Json> document = parse_object(bytes, context);
    if (!document)
        return std::nullopt;
    T result;
    read_value(*document, "", result, context);
    return result;
}

// [SECTION] Writing

template <Described T>
Json write_value(const T& value);

Json write_value(const std::string& value) {
    return to_nfc(value);
}
Json write_value(bool value) {
    return value;
}
Json write_value(int value) {
    return value;
}
Json write_value(std::int64_t value) {
    return value;
}
Json write_value(double value) {
    // Whole numbers go out without ".0" (380, not 380.0): what a person would have written.
    if (std::isfinite(value) && value == std::floor(value) && std::abs(value) < 1e15) {
        return static_cast<std::int64_t>(value);
    }
    return value;
}

Json write_value(const Vec3& value) {
    return Json::array({write_value(value[0]), write_value(value[1]), write_value(value[2])});
}

Json write_value(const LocalizedText& value) {
    Json out = Json::object();
    for (const auto& [tag, text] : value.by_language)
        out[tag] = to_nfc(text);
    return out;
}

template <NamedEnum E>
Json write_value(E value) {
    return std::string(enum_name(value));
}

template <class T>
Json write_value(const std::optional<T>& value) {
    return value ? write_value(*value) : Json(nullptr);
}

template <class T>
Json write_value(const std::vector<T>& values) {
    Json out = Json::array();
    for (const T& value : values)
        out.push_back(write_value(value));
    return out;
}

template <class M>
bool is_empty(const M& member) {
    if constexpr (requires { member.has_value(); }) {
        return !member.has_value();
    } else if constexpr (requires { member.empty(); } && !std::same_as<M, Vec3>) {
        return member.empty();
    } else {
        return false;
    }
}

struct ObjectWriter {
    Json& object;

    template <class M>
    void field(std::string_view key, const M& member, Need need) {
        if (need == Need::Optional && is_empty(member))
            return;
        object[std::string(key)] = write_value(member);
    }
};

template <Described T>
Json write_value(const T& value) {
    Json out = Json::object();
    ObjectWriter writer{out};
    describe(writer, value);
    for (const auto& [key, text] : value.unknown.json_by_key) {
        if (!out.contains(key))
            out[key] = Json::parse(text);
    }
    return out;
}

template <Described T>
std::string write_file(const T& value) {
    // nlohmann's object keeps keys sorted, which makes the output deterministic.
    return write_value(value).dump(2, ' ', false, Json::error_handler_t::strict) + "\n";
}

}  // namespace

std::optional<Exhibit> parse_exhibit_json(std::string_view bytes, const std::string& file,
                                          std::vector<Problem>& problems) {
    return parse_file<Exhibit>(bytes, file, problems);
}

std::optional<Artifact> parse_artifact_json(std::string_view bytes, const std::string& file,
                                            std::vector<Problem>& problems) {
    return parse_file<Artifact>(bytes, file, problems);
}

std::optional<Tour> parse_tour_json(std::string_view bytes, const std::string& file,
                                    std::vector<Problem>& problems) {
    return parse_file<Tour>(bytes, file, problems);
}

std::string to_json(const Exhibit& exhibit) {
    return write_file(exhibit);
}
std::string to_json(const Artifact& artifact) {
    return write_file(artifact);
}
std::string to_json(const Tour& tour) {
    return write_file(tour);
}

}  // namespace heritage::exhibit
