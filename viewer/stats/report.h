// viewer/stats/report.h: the annual visitor report the province asks for before 25/11 each year:
// the figures (compute_annual_report) and the files (write_annual_report: a CSV and a one-page
// PNG with charts).
#pragma once
#include <array>
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace heritage::viewer {

// Months and years are those of the museum's calendar: Vietnam's time, UTC+07:00 all year (no
// daylight saving). A visit, and everything in it, counts in the month and year it began.
constexpr std::chrono::hours kMuseumUtcOffset{7};

// Quiz answers at one school level.
struct QuizTally {
    int answers = 0;
    int correct = 0;
};

// The plan's target for the growth in visits over the previous year, as fractions (0.10 is
// +10 %): +10 % a year up to 2025, +10–15 % a year from 2026 to 2030. Both NaN after 2030,
// where the plan says nothing.
struct GrowthTarget {
    double min;
    double max;
};
GrowthTarget plan_growth_target(int year);

struct AnnualReport {
    int year = 0;
    int visits = 0;                                 // sessions begun in `year`, ended or not
    int previous_year_visits = 0;                   // sessions begun in `year` - 1
    std::array<int, 12> visits_by_month{};          // [0] is January
    std::map<std::string, int> visits_by_language;  // the last language each visitor chose
    std::map<std::string, int> visits_by_level;     // the last level each visitor chose
    std::map<std::string, int> visits_by_mode;      // "kiosk", "tour", "desktop"
    // Artifact id and number of views, most viewed first (ties by id), at most 10.
    std::vector<std::pair<std::string, int>> most_viewed;
    int views = 0;  // artifact views in all
    int quiz_answers = 0;
    int quiz_correct = 0;
    std::map<std::string, QuizTally> quiz_by_level;
    // visits / previous_year_visits - 1; NaN when the previous year had no visit.
    double growth = 0.0;
    double target_growth_min = 0.0;  // plan_growth_target(year)
    double target_growth_max = 0.0;
    // Mean dwell time per view, for every artifact viewed in `year`.
    std::map<std::string, double> average_dwell_s_by_artifact;
    // Mean length of a visit, from its start to its end or, for a session never ended (a power
    // cut), its last event; NaN when there was no visit.
    double average_visit_s = 0.0;
    int tours_run = 0;
};

// The figures for `year` from <state_dir>/visitors.sqlite, which is only read (a kiosk may go
// on recording meanwhile). Throws heritage::Error when there is no database in `state_dir`, the
// file is not a visitor statistics database, or it comes from a newer viewer.
AnnualReport compute_annual_report(const std::filesystem::path& state_dir, int year);

// Writes <out_dir>/report-<year>.csv and <out_dir>/report-<year>.png, each atomically (the old
// file or the new one, never a mix), creating `out_dir` if needed.
// - The CSV is UTF-8 with a byte order mark (so that spreadsheets show Vietnamese right): one
//   section per table, each a title line, a header row, its rows and a blank line.
// - The PNG is one A4 portrait page at 150 dpi (1240 × 1754 px) in Vietnamese: the title "Báo
//   cáo khách tham quan năm <year> – Bảo tàng tỉnh Lào Cai", the key figures, and bar charts of
//   visits by month, language and level, the most viewed artifacts, the quiz success rate and
//   the growth next to the plan's target band.
// `artifact_titles` maps artifact ids to the titles to show (Vietnamese, NFC); an id without a
// title is shown as it is. Throws heritage::Error when a file cannot be written or the fonts
// (Noto Sans, package fonts-noto-core) are missing.
void write_annual_report(const AnnualReport& report,
                         const std::map<std::string, std::string>& artifact_titles,
                         const std::filesystem::path& out_dir);

}  // namespace heritage::viewer
