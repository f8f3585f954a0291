#include "viewer/stats/canvas.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <stb/stb_image_write.h>

#include <algorithm>
#include <cassert>

#include "exhibit/error.h"

namespace heritage::viewer::stats {
namespace {

// The next code point of UTF-8 `text` from `at`, advancing `at`; U+FFFD for a broken sequence.
char32_t next_code_point(std::string_view text, std::size_t& at) {
    const auto lead = static_cast<unsigned char>(text[at++]);
    int continuation = 0;
    char32_t code = 0;
    if (lead < 0x80) {
        return lead;
    } else if ((lead >> 5) == 0x6) {
        continuation = 1;
        code = lead & 0x1F;
    } else if ((lead >> 4) == 0xE) {
        continuation = 2;
        code = lead & 0x0F;
    } else if ((lead >> 3) == 0x1E) {
        continuation = 3;
        code = lead & 0x07;
    } else {
        return U'\uFFFD';
    }
    for (int i = 0; i < continuation; ++i) {
        if (at >= text.size() || (static_cast<unsigned char>(text[at]) >> 6) != 0x2) {
            return U'\uFFFD';
        }
        code = (code << 6) | (static_cast<unsigned char>(text[at++]) & 0x3F);
    }
    return code;
}

std::uint8_t mix(std::uint8_t under, std::uint8_t over, unsigned coverage) {
    return static_cast<std::uint8_t>((under * (255 - coverage) + over * coverage + 127) / 255);
}

void append_bytes(void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data),
                                               static_cast<std::size_t>(size));
}

// Light hinting: glyphs snap to the pixel grid vertically only, which keeps Noto's shapes and
// keeps the Vietnamese stacked diacritics (ệ, ổ) apart from the letters.
constexpr FT_Int32 kLoadFlags = FT_LOAD_TARGET_LIGHT;

}  // namespace

Canvas::Canvas(int width_px, int height_px, Rgb background) : width_(width_px), height_(height_px) {
    assert(width_px > 0 && height_px > 0);
    rgb_.resize(static_cast<std::size_t>(width_px) * static_cast<std::size_t>(height_px) * 3);
    for (std::size_t i = 0; i < rgb_.size(); i += 3) {
        rgb_[i] = background.r;
        rgb_[i + 1] = background.g;
        rgb_[i + 2] = background.b;
    }
}

Rgb Canvas::pixel(int x, int y) const {
    assert(x >= 0 && x < width_ && y >= 0 && y < height_);
    const std::size_t at = (static_cast<std::size_t>(y) * width_ + x) * 3;
    return {rgb_[at], rgb_[at + 1], rgb_[at + 2]};
}

void Canvas::fill_rect(int x, int y, int width, int height, Rgb color, float opacity) {
    const auto coverage = static_cast<std::uint8_t>(std::clamp(opacity, 0.0f, 1.0f) * 255 + 0.5f);
    const int x0 = std::max(x, 0);
    const int y0 = std::max(y, 0);
    const int x1 = std::min(x + width, width_);
    const int y1 = std::min(y + height, height_);
    for (int row = y0; row < y1; ++row) {
        for (int column = x0; column < x1; ++column) {
            blend(column, row, color, coverage);
        }
    }
}

void Canvas::blend(int x, int y, Rgb color, std::uint8_t coverage) {
    if (x < 0 || y < 0 || x >= width_ || y >= height_ || coverage == 0) {
        return;
    }
    const std::size_t at = (static_cast<std::size_t>(y) * width_ + x) * 3;
    rgb_[at] = mix(rgb_[at], color.r, coverage);
    rgb_[at + 1] = mix(rgb_[at + 1], color.g, coverage);
    rgb_[at + 2] = mix(rgb_[at + 2], color.b, coverage);
}

std::string Canvas::encode_png() const {
    std::string png;
    const int written =
        stbi_write_png_to_func(append_bytes, &png, width_, height_, 3, rgb_.data(), width_ * 3);
    assert(written != 0 && "stb writes PNGs to memory without failing");
    (void)written;
    return png;
}

Typesetter::Typesetter(const std::filesystem::path& regular_font,
                       const std::filesystem::path& bold_font) {
    if (FT_Init_FreeType(&library_) != 0) {
        throw Error(
            "FreeType: cannot start the font library; check the installation "
            "(package libfreetype6)");
    }
    const std::pair<const std::filesystem::path*, FT_Face*> fonts[] = {{&regular_font, &regular_},
                                                                       {&bold_font, &bold_}};
    for (const auto& [path, face] : fonts) {
        if (FT_New_Face(library_, path->c_str(), 0, face) != 0) {
            FT_Done_FreeType(library_);
            throw Error(path->string() +
                        ": cannot read the font; install the package fonts-noto-core");
        }
    }
}

Typesetter::~Typesetter() {
    FT_Done_FreeType(library_);  // also closes the faces
}

FT_FaceRec_* Typesetter::face(Weight weight, int size_px) {
    assert(size_px > 0);
    FT_Face chosen = weight == Weight::Bold ? bold_ : regular_;
    FT_Set_Pixel_Sizes(chosen, 0, static_cast<FT_UInt>(size_px));
    return chosen;
}

int Typesetter::measure(std::string_view text, Weight weight, int size_px) {
    FT_Face chosen = face(weight, size_px);
    FT_Pos pen = 0;
    for (std::size_t at = 0; at < text.size();) {
        if (FT_Load_Char(chosen, next_code_point(text, at), kLoadFlags) == 0) {
            pen += chosen->glyph->advance.x;
        }
    }
    return static_cast<int>((pen + 32) >> 6);
}

int Typesetter::draw(Canvas& canvas, int x, int baseline_y, std::string_view text, Weight weight,
                     int size_px, Rgb color) {
    FT_Face chosen = face(weight, size_px);
    FT_Pos pen = 0;  // 26.6 fixed point, so that rounding errors do not add up along a line
    for (std::size_t at = 0; at < text.size();) {
        if (FT_Load_Char(chosen, next_code_point(text, at), kLoadFlags | FT_LOAD_RENDER) != 0) {
            continue;
        }
        const FT_GlyphSlot glyph = chosen->glyph;
        const FT_Bitmap& bitmap = glyph->bitmap;
        const int left = x + static_cast<int>((pen + 32) >> 6) + glyph->bitmap_left;
        const int top = baseline_y - glyph->bitmap_top;
        for (unsigned row = 0; row < bitmap.rows; ++row) {
            const unsigned char* line =
                bitmap.buffer + static_cast<std::ptrdiff_t>(row) * bitmap.pitch;
            for (unsigned column = 0; column < bitmap.width; ++column) {
                canvas.blend(left + static_cast<int>(column), top + static_cast<int>(row), color,
                             line[column]);
            }
        }
        pen += glyph->advance.x;
    }
    return static_cast<int>((pen + 32) >> 6);
}

std::string Typesetter::fit(std::string_view text, Weight weight, int size_px, int max_width_px) {
    if (measure(text, weight, size_px) <= max_width_px) {
        return std::string(text);
    }
    // Cut at code point boundaries, dropping a trailing space or comma before the ellipsis.
    std::vector<std::size_t> ends;
    for (std::size_t at = 0; at < text.size();) {
        next_code_point(text, at);
        ends.push_back(at);
    }
    for (auto end = ends.rbegin(); end != ends.rend(); ++end) {
        std::string shorter(text.substr(0, *end));
        while (!shorter.empty() && (shorter.back() == ' ' || shorter.back() == ',')) {
            shorter.pop_back();
        }
        shorter += "\xE2\x80\xA6";  // …
        if (measure(shorter, weight, size_px) <= max_width_px) {
            return shorter;
        }
    }
    return "\xE2\x80\xA6";
}

}  // namespace heritage::viewer::stats
