// EXIF tags after the CIPA DC-008 standard (Exif 2.3), read with libexif from the raw entries
// (never its formatted text, which depends on the locale).
#include "capture/exif.h"

#include <libexif/exif-data.h>
#include <libexif/exif-loader.h>

#include <algorithm>
#include <memory>

namespace heritage::capture {

namespace {

struct ExifDataDeleter {
    void operator()(ExifData* data) const { exif_data_unref(data); }
};
struct ExifLoaderDeleter {
    void operator()(ExifLoader* loader) const { exif_loader_unref(loader); }
};

// Raw entries only: the specification option would add the "mandatory" tags with made-up
// defaults (a FocalPlaneResolutionUnit of inches, for instance) where the camera wrote none.
std::unique_ptr<ExifData, ExifDataDeleter> load_exif(const std::filesystem::path& photo) {
    std::unique_ptr<ExifLoader, ExifLoaderDeleter> loader(exif_loader_new());
    if (!loader)
        return nullptr;
    exif_loader_write_file(loader.get(), photo.c_str());
    const unsigned char* bytes = nullptr;
    unsigned int size = 0;
    exif_loader_get_buf(loader.get(), &bytes, &size);
    if (bytes == nullptr || size == 0)
        return nullptr;
    std::unique_ptr<ExifData, ExifDataDeleter> data(exif_data_new());
    if (!data)
        return nullptr;
    exif_data_unset_option(data.get(), EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
    exif_data_load_data(data.get(), bytes, size);
    return data;
}

ExifEntry* find_entry(ExifData* data, ExifTag tag) {
    for (ExifContent* content : data->ifd) {
        if (content == nullptr)
            continue;
        if (ExifEntry* entry = exif_content_get_entry(content, tag))
            return entry;
    }
    return nullptr;
}

std::string text_of(ExifData* data, ExifTag tag) {
    const ExifEntry* entry = find_entry(data, tag);
    if (entry == nullptr || entry->format != EXIF_FORMAT_ASCII || entry->data == nullptr)
        return "";
    std::string text(reinterpret_cast<const char*>(entry->data), entry->size);
    text = text.substr(0, text.find('\0'));
    const auto last = text.find_last_not_of(" \t\r\n");
    return last == std::string::npos ? "" : text.substr(0, last + 1);
}

// The first value of a numeric entry; 0 when absent, of another kind, or undefined (x/0).
double number_of(ExifData* data, ExifTag tag) {
    const ExifEntry* entry = find_entry(data, tag);
    if (entry == nullptr || entry->data == nullptr || entry->components < 1)
        return 0.0;
    const ExifByteOrder order = exif_data_get_byte_order(data);
    const unsigned size = exif_format_get_size(entry->format);
    if (size == 0 || entry->size < size)
        return 0.0;
    switch (entry->format) {
        case EXIF_FORMAT_SHORT:
            return exif_get_short(entry->data, order);
        case EXIF_FORMAT_LONG:
            return exif_get_long(entry->data, order);
        case EXIF_FORMAT_RATIONAL: {
            const ExifRational value = exif_get_rational(entry->data, order);
            return value.denominator == 0 ? 0.0 : double(value.numerator) / value.denominator;
        }
        case EXIF_FORMAT_SRATIONAL: {
            const ExifSRational value = exif_get_srational(entry->data, order);
            return value.denominator == 0 ? 0.0 : double(value.numerator) / value.denominator;
        }
        default:
            return 0.0;
    }
}

// Millimetres per FocalPlaneResolutionUnit: 2 inch, 3 cm, 4 mm, 5 um; 0 when unknown.
double millimetres_per_unit(int unit) {
    switch (unit) {
        case 2:
            return 25.4;
        case 3:
            return 10.0;
        case 4:
            return 1.0;
        case 5:
            return 0.001;
        default:
            return 0.0;
    }
}

}  // namespace

std::optional<ExifCamera> read_exif_camera(const std::filesystem::path& photo) {
    const auto data = load_exif(photo);
    if (!data)
        return std::nullopt;
    ExifCamera camera;
    camera.make = text_of(data.get(), EXIF_TAG_MAKE);
    camera.model = text_of(data.get(), EXIF_TAG_MODEL);
    camera.focal_mm = std::max(0.0, number_of(data.get(), EXIF_TAG_FOCAL_LENGTH));
    camera.focal_35mm = std::max(0.0, number_of(data.get(), EXIF_TAG_FOCAL_LENGTH_IN_35MM_FILM));
    const double per_unit = number_of(data.get(), EXIF_TAG_FOCAL_PLANE_X_RESOLUTION);
    const double unit_mm =
        millimetres_per_unit(int(number_of(data.get(), EXIF_TAG_FOCAL_PLANE_RESOLUTION_UNIT)));
    if (per_unit > 0.0 && unit_mm > 0.0)
        camera.focal_plane_px_per_mm = per_unit / unit_mm;
    camera.exif_width_px = std::max(0, int(number_of(data.get(), EXIF_TAG_PIXEL_X_DIMENSION)));
    camera.exif_height_px = std::max(0, int(number_of(data.get(), EXIF_TAG_PIXEL_Y_DIMENSION)));
    const bool says_nothing = camera.make.empty() && camera.model.empty() &&
                              camera.focal_mm == 0.0 && camera.focal_35mm == 0.0 &&
                              camera.exif_width_px == 0;
    if (says_nothing)
        return std::nullopt;
    return camera;
}

double focal_px_from_exif(const ExifCamera& camera, int width_px, int height_px) {
    const double long_side = std::max(width_px, height_px);
    if (!(long_side > 0.0))
        return 0.0;
    // 36 mm is the long side of a 35 mm film frame.
    if (camera.focal_35mm > 0.0)
        return camera.focal_35mm / 36.0 * long_side;
    if (camera.focal_mm > 0.0 && camera.focal_plane_px_per_mm > 0.0) {
        // The density is that of the image the camera wrote; this one may be resized.
        const double exif_long_side = std::max(camera.exif_width_px, camera.exif_height_px);
        const double resized = exif_long_side > 0.0 ? long_side / exif_long_side : 1.0;
        return camera.focal_mm * camera.focal_plane_px_per_mm * resized;
    }
    return 0.0;
}

}  // namespace heritage::capture
