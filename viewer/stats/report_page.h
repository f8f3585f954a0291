// viewer/stats/report_page.h: the annual report as one printable page (PNG) in Vietnamese.
// Internal to heritage_viewer_stats; write_annual_report writes it.
#pragma once
#include <map>
#include <string>

#include "viewer/stats/canvas.h"
#include "viewer/stats/report.h"

namespace heritage::viewer::stats {

// The fonts the page is set in (Debian package fonts-noto-core).
inline constexpr const char* kRegularFontFile =
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
inline constexpr const char* kBoldFontFile = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf";

// A4 portrait at 150 dpi.
constexpr int kPageWidthPx = 1240;
constexpr int kPageHeightPx = 1754;

// The page: title, key figures and charts (see write_annual_report). `artifact_titles` maps ids
// to the names shown. Throws heritage::Error when a font is missing.
Canvas render_report_page(const AnnualReport& report,
                          const std::map<std::string, std::string>& artifact_titles);

// Numbers as Vietnamese writes them: "12.345", "12,3", "+12,3 %", "−4 %" (U+2212).
std::string format_count_vi(long long count);
std::string format_decimal_vi(double value, int decimals);
std::string format_percent_vi(double fraction, int decimals, bool with_sign);

}  // namespace heritage::viewer::stats
