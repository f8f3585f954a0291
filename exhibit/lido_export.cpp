// LIDO 1.1 export through libxml2's xmlTextWriter (it escapes text and writes UTF-8).
// Element order follows the sequences of lido-v1.1.xsd; multilingual text is one element per
// language with its own xml:lang, as the LIDO 1.1 example records do.
#include "exhibit/lido_export.h"

#include <libxml/xmlwriter.h>

#include <cassert>
#include <memory>
#include <string>

namespace heritage::exhibit {
namespace {

const char* const kLidoNamespace = "http://www.lido-schema.org";
const char* const kLocalId = "http://terminology.lido-schema.org/lido00100";  // local id
const char* const kInventoryNumber = "http://terminology.lido-schema.org/lido00113";
const char* const kProvided3d = "http://terminology.lido-schema.org/lido00468";  // 3D model
const char* const kThumbnail = "http://terminology.lido-schema.org/lido00451";

const xmlChar* x(const char* text) {
    return reinterpret_cast<const xmlChar*>(text);
}

// A thin RAII wrapper that writes "lido:"-prefixed elements.
class LidoWriter {
  public:
    LidoWriter() : buffer_(xmlBufferCreate()), writer_(xmlNewTextWriterMemory(buffer_, 0)) {
        assert(buffer_ && writer_);
        xmlTextWriterSetIndent(writer_, 1);
        xmlTextWriterSetIndentString(writer_, x("  "));
    }
    ~LidoWriter() {
        if (writer_)
            xmlFreeTextWriter(writer_);
        xmlBufferFree(buffer_);
    }
    LidoWriter(const LidoWriter&) = delete;
    LidoWriter& operator=(const LidoWriter&) = delete;

    void begin_document() { xmlTextWriterStartDocument(writer_, "1.0", "UTF-8", nullptr); }
    std::string finish() {
        xmlTextWriterEndDocument(writer_);
        xmlFreeTextWriter(writer_);  // flushes into the buffer
        writer_ = nullptr;
        return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer_)),
                           static_cast<std::size_t>(xmlBufferLength(buffer_)));
    }

    void open(const char* name) {
        xmlTextWriterStartElementNS(writer_, x("lido"), x(name), nullptr);
    }
    void open_root() {
        xmlTextWriterStartElementNS(writer_, x("lido"), x("lidoWrap"), x(kLidoNamespace));
        xmlTextWriterWriteAttributeNS(writer_, x("xmlns"), x("xsi"), nullptr,
                                      x("http://www.w3.org/2001/XMLSchema-instance"));
        xmlTextWriterWriteAttributeNS(
            writer_, x("xsi"), x("schemaLocation"), nullptr,
            x("http://www.lido-schema.org http://www.lido-schema.org/schema/v1.1/lido-v1.1.xsd"));
    }
    void close() { xmlTextWriterEndElement(writer_); }

    void attribute(const char* name, const std::string& value) {
        xmlTextWriterWriteAttributeNS(writer_, x("lido"), x(name), nullptr, x(value.c_str()));
    }
    void language(const std::string& tag) {
        xmlTextWriterWriteAttributeNS(writer_, x("xml"), x("lang"), nullptr, x(tag.c_str()));
    }
    void text(const std::string& value) { xmlTextWriterWriteString(writer_, x(value.c_str())); }

    // <lido:name>value</lido:name>
    void element(const char* name, const std::string& value) {
        open(name);
        text(value);
        close();
    }
    // <lido:name lido:type="type">value</lido:name>
    void typed_element(const char* name, const char* type, const std::string& value) {
        open(name);
        attribute("type", type);
        text(value);
        close();
    }
    // One <lido:name xml:lang="..."> per language of `value`.
    void localized(const char* name, const LocalizedText& value) {
        for (const auto& [tag, text_in_language] : value.by_language) {
            open(name);
            language(tag);
            text(text_in_language);
            close();
        }
    }

  private:
    xmlBufferPtr buffer_;
    xmlTextWriterPtr writer_;
};

// Concept-type element (objectWorkType, eventType, culture, ...): a term per language.
void concept_element(LidoWriter& out, const char* name, const LocalizedText& terms) {
    out.open(name);
    out.localized("term", terms);
    out.close();
}

void legal_body(LidoWriter& out, const char* name, const LocalizedText& body_name,
                const std::string& weblink) {
    out.open(name);
    out.open("legalBodyName");
    out.localized("appellationValue", body_name);
    out.close();
    if (!weblink.empty())
        out.element("legalBodyWeblink", weblink);
    out.close();
}

LocalizedText single(const std::string& text) {
    LocalizedText out;
    out.by_language["en"] = text;
    return out;
}

LocalizedText both(const char* vi, const char* en) {
    LocalizedText out;
    out.by_language["vi"] = vi;
    out.by_language["en"] = en;
    return out;
}

std::string number_text(double value) {
    std::string text = std::to_string(value);
    text.erase(text.find_last_not_of('0') + 1);  // 630.000000 -> 630.
    if (text.back() == '.')
        text.pop_back();
    return text;
}

void measurements(LidoWriter& out, const Dimensions& dimensions) {
    const std::pair<const char*, const std::optional<double>*> sizes[] = {
        {"height", &dimensions.height_mm}, {"width", &dimensions.width_mm},
        {"depth", &dimensions.depth_mm},   {"diameter", &dimensions.diameter_mm},
        {"weight", &dimensions.weight_g},
    };
    bool any = false;
    for (const auto& size : sizes)
        any = any || size.second->has_value();
    if (!any)
        return;
    out.open("objectMeasurementsWrap");
    out.open("objectMeasurementsSet");
    out.open("objectMeasurements");
    for (const auto& [type, value] : sizes) {
        if (!*value)
            continue;
        out.open("measurementsSet");
        out.element("measurementType", type);
        out.element("measurementUnit", std::string(type) == "weight" ? "g" : "mm");
        out.element("measurementValue", number_text(**value));
        out.close();
    }
    if (dimensions.approximate) {
        out.element("qualifierMeasurements", "approximate");
    }
    out.close();
    out.close();
    out.close();
}

void production_event(LidoWriter& out, const Package& package, const Artifact& artifact) {
    out.open("eventWrap");
    out.open("eventSet");
    out.open("event");
    concept_element(out, "eventType", both("Sản xuất", "Production"));
    // Culture: the ethnic groups by their official names, or the archaeological culture.
    for (const std::string& group_id : artifact.ethnic_groups) {
        for (const EthnicGroup& group : package.exhibit.ethnic_groups) {
            if (group.id == group_id)
                concept_element(out, "culture", group.name);
        }
    }
    if (!artifact.culture.empty())
        concept_element(out, "culture", artifact.culture);
    out.open("eventDate");
    out.localized("displayDate", artifact.period.label);
    if (artifact.period.start_year || artifact.period.end_year) {
        out.open("date");
        if (artifact.period.start_year) {
            out.element("earliestDate", std::to_string(*artifact.period.start_year));
        }
        if (artifact.period.end_year) {
            out.element("latestDate", std::to_string(*artifact.period.end_year));
        }
        out.close();
    }
    out.close();
    out.open("eventPlace");
    out.localized("displayPlace", artifact.origin.name);
    out.close();
    if (!artifact.materials.empty()) {
        out.open("eventMaterialsTech");
        LocalizedText joined;
        for (const LocalizedText& material : artifact.materials) {
            for (const auto& [tag, text] : material.by_language) {
                std::string& line = joined.by_language[tag];
                line += (line.empty() ? "" : ", ") + text;
            }
        }
        out.localized("displayMaterialsTech", joined);
        out.close();
    }
    out.close();
    out.close();
    out.close();
}

void rights(LidoWriter& out, const char* name, const Rights& rights_of) {
    out.open(name);
    out.open("rightsType");
    out.element("term", rights_of.licence);
    out.close();
    out.open("rightsHolder");
    out.open("legalBodyName");
    out.element("appellationValue", rights_of.holder);
    out.close();
    out.close();
    out.localized("creditLine", rights_of.credit);
    out.close();
}

void resources(LidoWriter& out, const Artifact& artifact) {
    const std::string folder = "artifacts/" + artifact.id + "/";
    out.open("resourceWrap");

    // The model, each level of detail a representation of the same resource.
    out.open("resourceSet");
    out.attribute("sortorder", "1");
    out.typed_element("resourceID", kLocalId, artifact.id + "/model");
    std::vector<ModelDerivative> levels = artifact.model.derivatives;
    if (levels.empty())
        levels.push_back({artifact.model.file, "full", std::nullopt, {}});
    for (const ModelDerivative& level : levels) {
        out.open("resourceRepresentation");
        out.attribute("type", level.quality == "full" ? kProvided3d : level.quality);
        out.open("linkResource");
        const bool binary = level.file.ends_with(".glb");
        out.attribute("formatResource", binary ? "model/gltf-binary" : "model/gltf+json");
        out.text(folder + level.file);
        out.close();
        if (level.face_count) {
            out.open("resourceMeasurementsSet");
            out.element("measurementType", "face count");
            out.element("measurementUnit", "faces");
            out.element("measurementValue", std::to_string(*level.face_count));
            out.close();
        }
        out.close();
    }
    concept_element(out, "resourceType", both("mô hình 3D", "3D model"));
    if (artifact.model.illustrative) {
        out.localized("resourceDescription",
                      artifact.model.note.empty()
                          ? both("Mô hình minh họa, không phải bản quét hiện vật.",
                                 "Illustrative model, not a scan of the object.")
                          : artifact.model.note);
    }
    rights(out, "rightsResource", artifact.rights);
    out.close();

    // The thumbnail.
    out.open("resourceSet");
    out.attribute("sortorder", "2");
    out.typed_element("resourceID", kLocalId, artifact.id + "/thumbnail");
    out.open("resourceRepresentation");
    out.attribute("type", kThumbnail);
    out.open("linkResource");
    out.attribute("formatResource",
                  artifact.thumbnail.ends_with(".png") ? "image/png" : "image/jpeg");
    out.text(folder + artifact.thumbnail);
    out.close();
    out.close();
    concept_element(out, "resourceType", both("ảnh", "digital image"));
    rights(out, "rightsResource", artifact.rights);
    out.close();

    out.close();
}

void record(LidoWriter& out, const Package& package, const Artifact& artifact) {
    const Exhibit& exhibit = package.exhibit;
    const std::string language = exhibit.fallback_order.empty() ? "vi" : exhibit.fallback_order[0];
    out.open("lido");
    out.typed_element("lidoRecID", kLocalId, exhibit.id + "/" + artifact.id);

    out.open("descriptiveMetadata");
    out.language(language);
    out.open("objectClassificationWrap");
    out.open("objectWorkTypeWrap");
    const Category* category = nullptr;
    for (const Category& candidate : exhibit.categories) {
        if (candidate.id == artifact.category)
            category = &candidate;
    }
    concept_element(out, "objectWorkType", category ? category->name : single(artifact.category));
    out.close();
    out.close();

    out.open("objectIdentificationWrap");
    out.open("titleWrap");
    out.open("titleSet");
    out.localized("appellationValue", artifact.title);
    out.close();
    out.close();
    out.open("repositoryWrap");
    out.open("repositorySet");
    legal_body(out, "repositoryName", exhibit.museum.name, exhibit.museum.url);
    out.typed_element("workID", kInventoryNumber, artifact.accession_number);
    out.close();
    out.close();
    out.open("objectDescriptionWrap");
    out.open("objectDescriptionSet");
    out.localized("descriptiveNoteValue", artifact.description);
    out.close();
    out.close();
    measurements(out, artifact.dimensions);
    out.close();  // objectIdentificationWrap

    production_event(out, package, artifact);
    out.close();  // descriptiveMetadata

    out.open("administrativeMetadata");
    out.language(language);
    out.open("rightsWorkWrap");
    rights(out, "rightsWorkSet", artifact.rights);
    out.close();
    out.open("recordWrap");
    out.typed_element("recordID", kLocalId, artifact.id);
    concept_element(out, "recordType", both("Hồ sơ hiện vật", "Item-level record"));
    legal_body(out, "recordSource", exhibit.museum.name, exhibit.museum.url);
    out.close();
    resources(out, artifact);
    out.close();  // administrativeMetadata

    out.close();  // lido
}

}  // namespace

std::string export_lido(const Package& package) {
    LidoWriter out;
    out.begin_document();
    out.open_root();
    for (const Artifact& artifact : package.artifacts)
        record(out, package, artifact);
    out.close();
    return out.finish();
}

}  // namespace heritage::exhibit
