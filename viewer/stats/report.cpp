#include "viewer/stats/report.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <system_error>

#include "exhibit/error.h"
#include "exhibit/files.h"
#include "viewer/stats/database.h"
#include "viewer/stats/report_csv.h"
#include "viewer/stats/report_page.h"

namespace heritage::viewer {
namespace {

namespace fs = std::filesystem;
using stats::Statement;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kMostViewedCount = 10;
constexpr std::string_view kReading = "cannot read the statistics";

// 00:00 museum time on the first day of `month` (1-12, 13 = January of the next year), in the
// database's milliseconds.
std::int64_t month_start_ms(int year, int month) {
    using namespace std::chrono;
    const year_month_day day = std::chrono::year{year + (month - 1) / 12} /
                               std::chrono::month{static_cast<unsigned>((month - 1) % 12 + 1)} / 1;
    const auto utc = sys_days{day} - kMuseumUtcOffset;
    return duration_cast<milliseconds>(utc.time_since_epoch()).count();
}

// The sessions begun in the year (?1 <= start < ?2), for the queries below.
constexpr const char* kYearSessions =
    "WITH year_sessions AS (SELECT session_id FROM sessions "
    "WHERE started_at_ms >= ?1 AND started_at_ms < ?2) ";

// Runs `sql` over the year's sessions and calls `row(statement)` for each result row.
template <typename Row>
void for_each_row(stats::Database& db, const std::string& sql, int year, Row row) {
    Statement statement(db, sql.c_str(), kReading);
    statement.bind(1, month_start_ms(year, 1)).bind(2, month_start_ms(year, 13));
    while (statement.step()) {
        row(statement);
    }
}

int count_visits(stats::Database& db, int year) {
    int visits = 0;
    for_each_row(db,
                 "SELECT COUNT(*) FROM sessions WHERE started_at_ms >= ?1 AND started_at_ms < ?2",
                 year, [&](const Statement& row) { visits = static_cast<int>(row.column_int(0)); });
    return visits;
}

// Counts per value of a sessions column ("language", "level", "mode").
std::map<std::string, int> visits_by(stats::Database& db, int year, const std::string& column) {
    std::map<std::string, int> counts;
    for_each_row(db,
                 "SELECT " + column +
                     ", COUNT(*) FROM sessions "
                     "WHERE started_at_ms >= ?1 AND started_at_ms < ?2 GROUP BY " +
                     column,
                 year, [&](const Statement& row) {
                     counts[row.column_text(0)] = static_cast<int>(row.column_int(1));
                 });
    return counts;
}

std::array<int, 12> visits_by_month(stats::Database& db, int year) {
    std::array<std::int64_t, 13> bounds{};
    for (int month = 1; month <= 13; ++month) {
        bounds[static_cast<std::size_t>(month - 1)] = month_start_ms(year, month);
    }
    std::array<int, 12> counts{};
    for_each_row(db,
                 "SELECT started_at_ms FROM sessions "
                 "WHERE started_at_ms >= ?1 AND started_at_ms < ?2",
                 year, [&](const Statement& row) {
                     // The month whose start is the last one at or before the session's start.
                     const auto next =
                         std::upper_bound(bounds.begin(), bounds.end(), row.column_int(0));
                     counts[static_cast<std::size_t>(next - bounds.begin() - 1)] += 1;
                 });
    return counts;
}

void read_views(stats::Database& db, AnnualReport& report) {
    std::vector<std::pair<std::string, int>> views;
    for_each_row(db,
                 std::string(kYearSessions) +
                     "SELECT artifact_id, COUNT(*), AVG(dwell_s) FROM views "
                     "JOIN year_sessions USING (session_id) GROUP BY artifact_id",
                 report.year, [&](const Statement& row) {
                     const std::string id = row.column_text(0);
                     views.emplace_back(id, static_cast<int>(row.column_int(1)));
                     report.average_dwell_s_by_artifact[id] = row.column_double(2);
                     report.views += static_cast<int>(row.column_int(1));
                 });
    // Most viewed first; equal counts by id so that the order never depends on the database.
    std::sort(views.begin(), views.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    views.resize(std::min(views.size(), kMostViewedCount));
    report.most_viewed = std::move(views);
}

void read_quiz(stats::Database& db, AnnualReport& report) {
    for_each_row(db,
                 std::string(kYearSessions) +
                     "SELECT level, COUNT(*), SUM(correct) FROM quiz_answers "
                     "JOIN year_sessions USING (session_id) GROUP BY level",
                 report.year, [&](const Statement& row) {
                     QuizTally& tally = report.quiz_by_level[row.column_text(0)];
                     tally.answers = static_cast<int>(row.column_int(1));
                     tally.correct = static_cast<int>(row.column_int(2));
                     report.quiz_answers += tally.answers;
                     report.quiz_correct += tally.correct;
                 });
}

void read_tours(stats::Database& db, AnnualReport& report) {
    for_each_row(db,
                 std::string(kYearSessions) +
                     "SELECT COUNT(*) FROM tours JOIN year_sessions USING (session_id)",
                 report.year, [&](const Statement& row) {
                     report.tours_run = static_cast<int>(row.column_int(0));
                 });
}

// A session's end is ended_at_ms or, when it was never ended (a power cut), its last event.
double average_visit_s(stats::Database& db, int year) {
    double average = kNaN;
    for_each_row(
        db,
        "SELECT AVG(COALESCE(s.ended_at_ms, MAX("
        "  COALESCE((SELECT MAX(at_ms) FROM views v WHERE v.session_id = s.session_id), 0),"
        "  COALESCE((SELECT MAX(at_ms) FROM quiz_answers q WHERE q.session_id = s.session_id), 0),"
        "  COALESCE((SELECT MAX(at_ms) FROM tours t WHERE t.session_id = s.session_id), 0),"
        "  s.started_at_ms)) - s.started_at_ms) / 1000.0 "
        "FROM sessions s WHERE s.started_at_ms >= ?1 AND s.started_at_ms < ?2",
        year, [&](const Statement& row) {
            if (!row.column_is_null(0)) {
                average = row.column_double(0);
            }
        });
    return average;
}

}  // namespace

GrowthTarget plan_growth_target(int year) {
    if (year <= 2025) {
        return {0.10, 0.10};
    }
    if (year <= 2030) {
        return {0.10, 0.15};
    }
    return {kNaN, kNaN};
}

AnnualReport compute_annual_report(const fs::path& state_dir, int year) {
    const fs::path file = state_dir / std::string(stats::kDatabaseFileName);
    std::error_code error;
    if (!fs::is_regular_file(file, error)) {
        throw Error(state_dir.string() +
                    ": no visitor statistics (no visitors.sqlite in this folder); pass the "
                    "--state folder of the viewer that recorded the visits");
    }
    stats::Database db(file, stats::Access::ReadOnly);

    // One read transaction: every figure comes from the same moment, even while a kiosk records.
    db.execute("BEGIN", kReading);
    AnnualReport report;
    report.year = year;
    report.visits = count_visits(db, year);
    report.previous_year_visits = count_visits(db, year - 1);
    report.visits_by_month = visits_by_month(db, year);
    report.visits_by_language = visits_by(db, year, "language");
    report.visits_by_level = visits_by(db, year, "level");
    report.visits_by_mode = visits_by(db, year, "mode");
    read_views(db, report);
    read_quiz(db, report);
    read_tours(db, report);
    report.average_visit_s = average_visit_s(db, year);
    db.execute("COMMIT", kReading);

    report.growth = report.previous_year_visits > 0
                        ? static_cast<double>(report.visits) / report.previous_year_visits - 1.0
                        : kNaN;
    const GrowthTarget target = plan_growth_target(year);
    report.target_growth_min = target.min;
    report.target_growth_max = target.max;
    return report;
}

void write_annual_report(const AnnualReport& report,
                         const std::map<std::string, std::string>& artifact_titles,
                         const fs::path& out_dir) {
    std::error_code error;
    if (fs::exists(out_dir, error) && !fs::is_directory(out_dir, error)) {
        throw Error(out_dir.string() +
                    ": is a file, not a folder; choose a folder for the report with --out");
    }
    fs::create_directories(out_dir, error);
    if (error) {
        throw Error(out_dir.string() + ": cannot create the report folder (" + error.message() +
                    "); choose another folder with --out");
    }
    const std::string stem = "report-" + std::to_string(report.year);
    // The page first: it is the one that needs fonts, so a missing font leaves no lone CSV.
    const std::string png = stats::render_report_page(report, artifact_titles).encode_png();
    write_file_atomically(out_dir / (stem + ".csv"),
                          stats::format_report_csv(report, artifact_titles));
    write_file_atomically(out_dir / (stem + ".png"), png);
}

}  // namespace heritage::viewer
