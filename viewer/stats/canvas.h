// viewer/stats/canvas.h: just enough 2D drawing for a printed report: an RGB image, filled
// rectangles, text through FreeType, and PNG encoding. No GL, so reports are made anywhere.
// Internal to heritage_viewer_stats.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

struct FT_LibraryRec_;
struct FT_FaceRec_;

namespace heritage::viewer::stats {

struct Rgb {
    std::uint8_t r = 0;
    std::uint8_t g = 0;
    std::uint8_t b = 0;
};

// An 8-bit sRGB image, top row first. Drawing is clipped to the image.
class Canvas {
  public:
    Canvas(int width_px, int height_px, Rgb background);

    int width() const { return width_; }
    int height() const { return height_; }
    Rgb pixel(int x, int y) const;

    // Paints [x, x + width) × [y, y + height) with `color`, or mixes it in at `opacity` (0..1).
    void fill_rect(int x, int y, int width, int height, Rgb color, float opacity = 1.0f);

    // Mixes `color` into one pixel with coverage 0..255 (a glyph's antialiased edge).
    void blend(int x, int y, Rgb color, std::uint8_t coverage);

    // The image as PNG bytes.
    std::string encode_png() const;

  private:
    int width_;
    int height_;
    std::vector<std::uint8_t> rgb_;
};

enum class Weight { Regular, Bold };

// Noto Sans (or any TrueType pair) through FreeType. Text is UTF-8 in NFC: every Vietnamese
// letter is then one precomposed glyph, so no shaping is needed.
class Typesetter {
  public:
    // Throws heritage::Error naming a font file that is missing or unreadable.
    Typesetter(const std::filesystem::path& regular_font, const std::filesystem::path& bold_font);
    ~Typesetter();
    Typesetter(const Typesetter&) = delete;
    Typesetter& operator=(const Typesetter&) = delete;

    // The advance width of `text` in pixels at a font size of `size_px` (the em).
    int measure(std::string_view text, Weight weight, int size_px);

    // Draws `text` with its left end at `x` and its baseline at `baseline_y`; returns the width.
    int draw(Canvas& canvas, int x, int baseline_y, std::string_view text, Weight weight,
             int size_px, Rgb color);

    // `text`, or as much of it as fits `max_width_px` followed by "…".
    std::string fit(std::string_view text, Weight weight, int size_px, int max_width_px);

  private:
    FT_FaceRec_* face(Weight weight, int size_px);

    FT_LibraryRec_* library_ = nullptr;
    FT_FaceRec_* regular_ = nullptr;
    FT_FaceRec_* bold_ = nullptr;
};

}  // namespace heritage::viewer::stats
