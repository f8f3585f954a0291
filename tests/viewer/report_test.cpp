#include "viewer/stats/report.h"

#include <sqlite3.h>
#include <stb/stb_image.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "exhibit/error.h"
#include "tests/support/test_support.h"
#include "viewer/stats/canvas.h"
#include "viewer/stats/report_csv.h"
#include "viewer/stats/report_page.h"
#include "viewer/stats/visitor_stats.h"

using namespace heritage::viewer;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

std::string error_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const heritage::Error& error) {
        return error.what();
    }
    return "(no error)";
}

// [SECTION] A generated museum: sessions over three years with fixed seeds, written through
// VisitorStats, and the figures the report must give, tallied from the generator's own list.

struct PlannedView {
    std::string artifact_id;
    double dwell_s = 0.0;
    Clock::time_point at;
};
struct PlannedAnswer {
    std::string artifact_id;
    std::string question_id;
    std::string level;
    bool correct = false;
    Clock::time_point at;
};
struct PlannedTour {
    std::string tour_id;
    int steps = 0;
    Clock::time_point at;
};
struct PlannedSession {
    int year = 0;   // the museum's calendar (UTC+7)
    int month = 0;  // 1-12
    Clock::time_point start;
    std::string mode;
    std::string first_language, language;  // as begun, and as last chosen
    std::string first_level, level;
    std::vector<PlannedView> views;
    std::vector<PlannedAnswer> answers;
    std::vector<PlannedTour> tours;
    std::optional<Clock::time_point> end;  // none: the power was cut
    Clock::time_point last_event;
};

const std::vector<std::string> kArtifacts = {
    "trong-dong-gia-phu",    "trong-dong-pha-long", "khen-mong",         "dan-tinh-tay",
    "trang-phuc-dao-do",     "vong-co-bac-mong",    "sach-nom-dao",      "tranh-tho-dao-do",
    "qua-con-giay",          "yen-ngua-bac-ha",     "vay-lanh-mong-hoa", "mu-khun-tang-pa-di",
    "nha-trinh-tuong-ha-nhi"};
const std::vector<std::string> kLevels = {"preschool", "primary", "lower_secondary",
                                          "upper_secondary"};

// 00:00 on a day of the museum's calendar, as a UTC time point.
Clock::time_point museum_midnight(int year, int month, int day) {
    using namespace std::chrono;
    const sys_days date = std::chrono::year{year} /
                          std::chrono::month{static_cast<unsigned>(month)} /
                          std::chrono::day{static_cast<unsigned>(day)};
    return Clock::time_point{date.time_since_epoch()} - 7h;
}

int days_in(int year, int month) {
    using namespace std::chrono;
    return static_cast<int>(static_cast<unsigned>(
        (std::chrono::year{year} / std::chrono::month{static_cast<unsigned>(month)} / last).day()));
}

// Picks use `rng() % n` so that the sequence is the same with every standard library.
std::vector<PlannedSession> generate_sessions(std::uint32_t seed,
                                              const std::vector<std::pair<int, int>>& per_year) {
    std::mt19937 rng(seed);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    std::vector<PlannedSession> sessions;
    for (const auto& [year, count] : per_year) {
        for (int i = 0; i < count; ++i) {
            PlannedSession s;
            s.year = year;
            s.month = 1 + pick(12);
            // Most visits in opening hours; a few at 00:05 on the 1st and 23:55 on the last day
            // of a month, where UTC is still in the previous month (or year).
            int day = 1 + pick(days_in(year, s.month));
            int minute = 450 + pick(570);
            const int edge = pick(20);
            if (edge == 0) {
                day = 1;
                minute = 5;
            } else if (edge == 1) {
                day = days_in(year, s.month);
                minute = 23 * 60 + 55;
            }
            s.start = museum_midnight(year, s.month, day) + std::chrono::minutes(minute);

            const int mode = pick(20);
            s.mode = mode < 12 ? "kiosk" : mode < 17 ? "tour" : "desktop";
            const int language = pick(10);
            s.first_language = language < 7 ? "vi" : language < 9 ? "en" : "hnj";
            s.language =
                pick(10) == 0 ? (s.first_language == "vi" ? "en" : "vi") : s.first_language;
            s.first_level = kLevels[static_cast<std::size_t>(pick(4))];
            s.level = pick(10) == 0 ? kLevels[static_cast<std::size_t>(pick(4))] : s.first_level;

            Clock::time_point at = s.start;
            auto later = [&] { return at += std::chrono::seconds(1 + pick(180)); };
            const int views = pick(6);
            for (int v = 0; v < views; ++v) {
                // Skewed: the first artifacts are the favourites.
                const int a = std::min(pick(13), pick(13));
                s.views.push_back(
                    {kArtifacts[static_cast<std::size_t>(a)], pick(1200) / 10.0, later()});
            }
            const int answers = pick(4);
            for (int q = 0; q < answers; ++q) {
                s.answers.push_back({kArtifacts[static_cast<std::size_t>(pick(13))],
                                     "q" + std::to_string(1 + pick(5)), s.level, pick(100) < 70,
                                     later()});
            }
            if (s.mode == "tour" || pick(20) == 0) {
                s.tours.push_back({"thcs-lich-su-6", 1 + pick(8), later()});
            }
            s.last_event = at;
            if (pick(100) < 85) {
                s.end = at + 30s;
            }
            sessions.push_back(std::move(s));
        }
    }
    return sessions;
}

void record(const fs::path& dir, const std::vector<PlannedSession>& sessions) {
    VisitorStats stats(dir);
    for (const PlannedSession& s : sessions) {
        const std::int64_t id =
            stats.begin_session(s.mode, s.first_language, s.first_level, s.start);
        if (s.language != s.first_language) {
            stats.set_language(id, s.language);
        }
        if (s.level != s.first_level) {
            stats.set_level(id, s.level);
        }
        for (const PlannedView& v : s.views) {
            stats.record_view(id, v.artifact_id, v.dwell_s, v.at);
        }
        for (const PlannedAnswer& a : s.answers) {
            stats.record_quiz_answer(id, a.artifact_id, a.question_id, a.level, a.correct, a.at);
        }
        for (const PlannedTour& t : s.tours) {
            stats.record_tour(id, t.tour_id, t.steps, t.at);
        }
        if (s.end) {
            stats.end_session(id, *s.end);
        }
    }
}

// The report the generator's list calls for, tallied without the database.
AnnualReport tally(const std::vector<PlannedSession>& sessions, int year) {
    AnnualReport expected;
    expected.year = year;
    std::map<std::string, int> views;
    std::map<std::string, double> dwell_sum;
    double visit_seconds = 0.0;
    for (const PlannedSession& s : sessions) {
        if (s.year == year - 1) {
            ++expected.previous_year_visits;
        }
        if (s.year != year) {
            continue;
        }
        ++expected.visits;
        ++expected.visits_by_month[static_cast<std::size_t>(s.month - 1)];
        ++expected.visits_by_language[s.language];
        ++expected.visits_by_level[s.level];
        ++expected.visits_by_mode[s.mode];
        for (const PlannedView& v : s.views) {
            ++views[v.artifact_id];
            dwell_sum[v.artifact_id] += v.dwell_s;
            ++expected.views;
        }
        for (const PlannedAnswer& a : s.answers) {
            ++expected.quiz_answers;
            ++expected.quiz_by_level[a.level].answers;
            expected.quiz_correct += a.correct ? 1 : 0;
            expected.quiz_by_level[a.level].correct += a.correct ? 1 : 0;
        }
        expected.tours_run += static_cast<int>(s.tours.size());
        visit_seconds +=
            std::chrono::duration<double>(s.end.value_or(s.last_event) - s.start).count();
    }
    for (const auto& [id, count] : views) {
        expected.most_viewed.emplace_back(id, count);
        expected.average_dwell_s_by_artifact[id] = dwell_sum[id] / count;
    }
    std::sort(expected.most_viewed.begin(), expected.most_viewed.end(),
              [](const auto& a, const auto& b) {
                  return a.second != b.second ? a.second > b.second : a.first < b.first;
              });
    if (expected.most_viewed.size() > 10) {
        expected.most_viewed.resize(10);
    }
    expected.average_visit_s = expected.visits > 0 ? visit_seconds / expected.visits : NAN;
    expected.growth = expected.previous_year_visits > 0
                          ? static_cast<double>(expected.visits) / expected.previous_year_visits - 1
                          : NAN;
    return expected;
}

void check_same_figures(const AnnualReport& actual, const AnnualReport& expected) {
    CHECK(actual.year == expected.year);
    CHECK(actual.visits == expected.visits);
    CHECK(actual.previous_year_visits == expected.previous_year_visits);
    CHECK(actual.visits_by_month == expected.visits_by_month);
    CHECK(actual.visits_by_language == expected.visits_by_language);
    CHECK(actual.visits_by_level == expected.visits_by_level);
    CHECK(actual.visits_by_mode == expected.visits_by_mode);
    CHECK(actual.most_viewed == expected.most_viewed);
    CHECK(actual.views == expected.views);
    CHECK(actual.quiz_answers == expected.quiz_answers);
    CHECK(actual.quiz_correct == expected.quiz_correct);
    REQUIRE(actual.quiz_by_level.size() == expected.quiz_by_level.size());
    for (const auto& [level, tally] : expected.quiz_by_level) {
        INFO(level);
        CHECK(actual.quiz_by_level.at(level).answers == tally.answers);
        CHECK(actual.quiz_by_level.at(level).correct == tally.correct);
    }
    CHECK(actual.tours_run == expected.tours_run);
    REQUIRE(actual.average_dwell_s_by_artifact.size() ==
            expected.average_dwell_s_by_artifact.size());
    for (const auto& [id, dwell] : expected.average_dwell_s_by_artifact) {
        INFO(id);
        CHECK(actual.average_dwell_s_by_artifact.at(id) == Approx(dwell).epsilon(1e-12));
    }
    if (std::isnan(expected.average_visit_s)) {
        CHECK(std::isnan(actual.average_visit_s));
    } else {
        CHECK(actual.average_visit_s == Approx(expected.average_visit_s).epsilon(1e-12));
    }
    if (std::isnan(expected.growth)) {
        CHECK(std::isnan(actual.growth));
    } else {
        CHECK(actual.growth == Approx(expected.growth).epsilon(1e-12));
    }
}

// Three years: a small start, then the plan's kind of growth.
const std::vector<std::pair<int, int>> kSessionsPerYear = {{2023, 40}, {2024, 240}, {2025, 276}};
constexpr std::uint32_t kSeed = 20251125;

std::string sql_text(const fs::path& file, const std::string& query) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, query.c_str(), -1, &statement, nullptr) == SQLITE_OK);
    std::string result;
    while (sqlite3_step(statement) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(statement); ++i) {
            const auto* text = sqlite3_column_text(statement, i);
            result += (i > 0 ? "," : "") +
                      std::string(text ? reinterpret_cast<const char*>(text) : "NULL");
        }
        result += "\n";
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return result;
}

// A realistic year for the look of the page: what a province-sized museum sees.
AnnualReport realistic_report() {
    AnnualReport report;
    report.year = 2025;
    report.visits_by_month = {612, 1480, 905, 820, 1130, 760, 690, 655, 1010, 1245, 1392, 968};
    for (const int visits : report.visits_by_month) {
        report.visits += visits;
    }
    report.previous_year_visits = 10480;
    report.visits_by_language = {{"vi", 9420}, {"en", 2033}, {"hnj", 214}};
    report.visits_by_level = {{"preschool", 812},
                              {"primary", 4315},
                              {"lower_secondary", 3922},
                              {"upper_secondary", 2618}};
    report.visits_by_mode = {{"kiosk", 6904}, {"tour", 3795}, {"desktop", 968}};
    report.most_viewed = {{"trong-dong-gia-phu", 6210}, {"trong-dong-pha-long", 5033},
                          {"khen-mong", 4127},          {"trang-phuc-dao-do", 3856},
                          {"vay-lanh-mong-hoa", 3410},  {"dan-tinh-tay", 2988},
                          {"vong-co-bac-mong", 2604},   {"nha-trinh-tuong-ha-nhi", 2217},
                          {"sach-nom-dao", 1890},       {"yen-ngua-bac-ha", 1422}};
    const double dwell[] = {96, 81, 74, 69, 88, 55, 47, 102, 63, 38};
    for (std::size_t i = 0; i < report.most_viewed.size(); ++i) {
        report.average_dwell_s_by_artifact[report.most_viewed[i].first] = dwell[i];
        report.views += report.most_viewed[i].second;
    }
    report.views += 1740;
    report.quiz_by_level = {{"preschool", {640, 561}},
                            {"primary", {5120, 3891}},
                            {"lower_secondary", {4380, 3110}},
                            {"upper_secondary", {2950, 2301}}};
    for (const auto& [level, tally] : report.quiz_by_level) {
        report.quiz_answers += tally.answers;
        report.quiz_correct += tally.correct;
    }
    report.growth = static_cast<double>(report.visits) / report.previous_year_visits - 1;
    report.target_growth_min = 0.10;
    report.target_growth_max = 0.10;
    report.average_visit_s = 412;
    report.tours_run = 3795;
    return report;
}

const std::map<std::string, std::string> kTitles = {
    {"dan-tinh-tay", "Đàn tính của người Tày"},
    {"khen-mong", "Khèn Mông"},
    {"mu-khun-tang-pa-di", "Mũ khùn tằng của phụ nữ Pa Dí"},
    {"nha-trinh-tuong-ha-nhi", "Mô hình nhà trình tường người Hà Nhì"},
    {"qua-con-giay", "Quả còn lễ hội Roóng Poọc của người Giáy"},
    {"sach-nom-dao", "Sách cổ chữ Nôm Dao"},
    {"trang-phuc-dao-do", "Trang phục phụ nữ Dao Đỏ và trang sức bạc"},
    {"tranh-tho-dao-do", "Tranh thờ người Dao Đỏ"},
    {"trong-dong-gia-phu", "Trống đồng Gia Phú"},
    {"trong-dong-pha-long", "Mặt trống đồng Pha Long"},
    {"vay-lanh-mong-hoa", "Váy lanh vẽ sáp ong, nhuộm chàm của phụ nữ Mông Hoa"},
    {"vong-co-bac-mong", "Vòng cổ bạc của người Mông"},
    {"yen-ngua-bac-ha", "Yên ngựa Bắc Hà"},
};

struct Image {
    int width = 0;
    int height = 0;
    std::vector<unsigned char> rgb;
};
Image decode_png(const std::string& png) {
    Image image;
    int channels = 0;
    unsigned char* pixels = stbi_load_from_memory(
        reinterpret_cast<const unsigned char*>(png.data()), static_cast<int>(png.size()),
        &image.width, &image.height, &channels, 3);
    REQUIRE(pixels != nullptr);
    image.rgb.assign(pixels, pixels + static_cast<std::size_t>(image.width) * image.height * 3);
    stbi_image_free(pixels);
    return image;
}

// How many pixels of a band of rows are dark (text).
int dark_pixels(const Image& image, int top, int bottom) {
    int count = 0;
    for (int y = top; y < bottom; ++y) {
        for (int x = 0; x < image.width; ++x) {
            const std::size_t at = (static_cast<std::size_t>(y) * image.width + x) * 3;
            count += image.rgb[at] + image.rgb[at + 1] + image.rgb[at + 2] < 200 ? 1 : 0;
        }
    }
    return count;
}

}  // namespace

TEST_CASE("the report's figures equal the counts of a generated database", "[issue-6][report]") {
    const fs::path dir = heritage::test::make_temp_dir("report-generated");
    const std::vector<PlannedSession> sessions = generate_sessions(kSeed, kSessionsPerYear);
    record(dir, sessions);

    for (const int year : {2023, 2024, 2025, 2026}) {
        INFO("year " << year);
        const AnnualReport report = compute_annual_report(dir, year);
        check_same_figures(report, tally(sessions, year));
    }
    // The generator exercised what it should: edges of months, cut sessions, switches.
    const AnnualReport report = compute_annual_report(dir, 2025);
    CHECK(report.visits == 276);
    CHECK(report.previous_year_visits == 240);
    CHECK(report.most_viewed.size() == 10);
    CHECK(std::count_if(sessions.begin(), sessions.end(), [](const auto& s) { return !s.end; }) >
          20);
    CHECK(std::count_if(sessions.begin(), sessions.end(),
                        [](const auto& s) { return s.language != s.first_language; }) > 10);
}

TEST_CASE("visits by month follow the museum's calendar, as plain SQL counts them",
          "[issue-6][report]") {
    const fs::path dir = heritage::test::make_temp_dir("report-months");
    record(dir, generate_sessions(kSeed + 1, kSessionsPerYear));
    for (const int year : {2024, 2025}) {
        INFO("year " << year);
        const AnnualReport report = compute_annual_report(dir, year);
        std::string expected;
        for (std::size_t month = 0; month < 12; ++month) {
            if (report.visits_by_month[month] > 0) {
                expected += std::to_string(month + 1) + "," +
                            std::to_string(report.visits_by_month[month]) + "\n";
            }
        }
        // SQLite's own calendar: UTC milliseconds shifted by the museum's seven hours.
        const std::string y = std::to_string(year);
        CHECK(sql_text(dir / "visitors.sqlite",
                       "SELECT CAST(strftime('%m', started_at_ms / 1000, 'unixepoch', "
                       "'+7 hours') AS INTEGER) AS m, COUNT(*) FROM sessions "
                       "WHERE strftime('%Y', started_at_ms / 1000, 'unixepoch', '+7 hours') = '" +
                           y + "' GROUP BY m ORDER BY m") == expected);
        CHECK(sql_text(dir / "visitors.sqlite",
                       "SELECT COUNT(*), SUM(correct) FROM quiz_answers JOIN sessions USING "
                       "(session_id) WHERE strftime('%Y', started_at_ms / 1000, 'unixepoch', "
                       "'+7 hours') = '" +
                           y + "'") == std::to_string(report.quiz_answers) + "," +
                                           std::to_string(report.quiz_correct) + "\n");
    }
}

TEST_CASE("a visit at 00:05 on New Year's Day in Lào Cai counts in the new year",
          "[issue-6][report]") {
    const fs::path dir = heritage::test::make_temp_dir("report-new-year");
    {
        VisitorStats stats(dir);
        stats.begin_session("kiosk", "vi", "primary", museum_midnight(2025, 1, 1) + 5min);
        stats.begin_session("kiosk", "vi", "primary", museum_midnight(2024, 12, 31) + 23h + 55min);
        stats.begin_session("kiosk", "vi", "primary", museum_midnight(2025, 3, 1) + 1min);
    }
    const AnnualReport report = compute_annual_report(dir, 2025);
    CHECK(report.visits == 2);
    CHECK(report.previous_year_visits == 1);
    CHECK(report.visits_by_month == std::array<int, 12>{1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
}

TEST_CASE("growth is measured against the previous year and the plan's band", "[issue-6][report]") {
    CHECK(plan_growth_target(2021).min == 0.10);
    CHECK(plan_growth_target(2025).min == 0.10);
    CHECK(plan_growth_target(2025).max == 0.10);
    CHECK(plan_growth_target(2026).min == 0.10);
    CHECK(plan_growth_target(2026).max == 0.15);
    CHECK(plan_growth_target(2030).max == 0.15);
    CHECK(std::isnan(plan_growth_target(2031).min));
    CHECK(std::isnan(plan_growth_target(2031).max));

    const fs::path dir = heritage::test::make_temp_dir("report-growth");
    record(dir, generate_sessions(kSeed, {{2025, 20}, {2026, 23}, {2027, 25}}));
    const AnnualReport first = compute_annual_report(dir, 2025);
    CHECK(std::isnan(first.growth));  // nothing to compare with
    CHECK(first.target_growth_min == 0.10);
    CHECK(first.target_growth_max == 0.10);
    const AnnualReport second = compute_annual_report(dir, 2026);
    CHECK(second.growth == Approx(0.15));
    CHECK(second.target_growth_min == 0.10);
    CHECK(second.target_growth_max == 0.15);
    const AnnualReport third = compute_annual_report(dir, 2027);
    CHECK(third.growth == Approx(25.0 / 23.0 - 1.0));
    const AnnualReport after = compute_annual_report(dir, 2028);
    CHECK(after.visits == 0);
    CHECK(after.growth == Approx(-1.0));
    CHECK(std::isnan(after.average_visit_s));
}

TEST_CASE("most viewed: by views, equal counts by id, at most ten", "[issue-6][report]") {
    const fs::path dir = heritage::test::make_temp_dir("report-most-viewed");
    {
        VisitorStats stats(dir);
        const Clock::time_point at = museum_midnight(2025, 5, 5) + 10h;
        const std::int64_t session = stats.begin_session("kiosk", "vi", "primary", at);
        // views: k 9, then a..l with 1..8 views: j and b tie, c and e tie.
        const std::vector<std::pair<std::string, int>> plan = {
            {"a", 1}, {"b", 5}, {"c", 3}, {"d", 2}, {"e", 3}, {"f", 1},
            {"g", 1}, {"h", 4}, {"i", 2}, {"j", 5}, {"k", 9}, {"l", 1}};
        for (const auto& [id, count] : plan) {
            for (int i = 0; i < count; ++i) {
                stats.record_view(session, id, 10.0 * (i + 1), at + 1min);
            }
        }
    }
    const AnnualReport report = compute_annual_report(dir, 2025);
    CHECK(report.most_viewed == std::vector<std::pair<std::string, int>>{{"k", 9},
                                                                         {"b", 5},
                                                                         {"j", 5},
                                                                         {"h", 4},
                                                                         {"c", 3},
                                                                         {"e", 3},
                                                                         {"d", 2},
                                                                         {"i", 2},
                                                                         {"a", 1},
                                                                         {"f", 1}});
    CHECK(report.views == 37);
    CHECK(report.average_dwell_s_by_artifact.size() == 12);  // every artifact, not only the top
    CHECK(report.average_dwell_s_by_artifact.at("k") == Approx(50.0));
    CHECK(report.average_dwell_s_by_artifact.at("l") == Approx(10.0));
}

TEST_CASE("the quiz success rate counts right answers over all answers", "[issue-6][report]") {
    const fs::path dir = heritage::test::make_temp_dir("report-quiz");
    VisitorStats stats(dir);  // still open while the report reads: a kiosk keeps recording
    const Clock::time_point at = museum_midnight(2025, 9, 9) + 9h;
    const std::int64_t a = stats.begin_session("kiosk", "vi", "primary", at);
    const std::int64_t b = stats.begin_session("kiosk", "en", "upper_secondary", at + 1h);
    for (int i = 0; i < 4; ++i) {
        stats.record_quiz_answer(a, "khen-mong", "q" + std::to_string(i), "primary", i != 3,
                                 at + std::chrono::minutes(i));
    }
    stats.record_quiz_answer(b, "khen-mong", "q1", "upper_secondary", false, at + 61min);
    const AnnualReport report = compute_annual_report(dir, 2025);
    CHECK(report.quiz_answers == 5);
    CHECK(report.quiz_correct == 3);
    CHECK(report.quiz_by_level.at("primary").answers == 4);
    CHECK(report.quiz_by_level.at("primary").correct == 3);
    CHECK(report.quiz_by_level.at("upper_secondary").correct == 0);
}

TEST_CASE("a session cut by a power failure counts and ends at its last event",
          "[issue-6][report]") {
    const fs::path dir = heritage::test::make_temp_dir("report-cut");
    {
        VisitorStats stats(dir);
        const Clock::time_point at = museum_midnight(2025, 6, 2) + 14h;
        const std::int64_t cut = stats.begin_session("kiosk", "vi", "primary", at);
        stats.record_view(cut, "khen-mong", 25.0, at + 30s);
        stats.record_tour(cut, "tieu-hoc-lop-4-5", 2, at + 90s);
        const std::int64_t ended = stats.begin_session("tour", "vi", "primary", at + 1h);
        stats.end_session(ended, at + 1h + 210s);
        stats.begin_session("kiosk", "vi", "primary", at + 2h);  // touched, then the power went
    }
    const AnnualReport report = compute_annual_report(dir, 2025);
    CHECK(report.visits == 3);
    CHECK(report.average_visit_s == Approx((90.0 + 210.0 + 0.0) / 3));
    CHECK(report.tours_run == 1);
}

TEST_CASE("the report needs a database", "[issue-6][report]") {
    const fs::path dir = heritage::test::make_temp_dir("report-none");
    CHECK(error_of([&] { compute_annual_report(dir, 2025); }) ==
          dir.string() +
              ": no visitor statistics (no visitors.sqlite in this folder); pass the --state "
              "folder of the viewer that recorded the visits");
    CHECK(error_of([&] { compute_annual_report(dir / "missing", 2025); }) ==
          (dir / "missing").string() +
              ": no visitor statistics (no visitors.sqlite in this folder); pass the --state "
              "folder of the viewer that recorded the visits");
    CHECK_FALSE(fs::exists(dir / "visitors.sqlite"));  // the report never creates one

    heritage::test::write_text(dir / "visitors.sqlite", "");
    CHECK(error_of([&] { compute_annual_report(dir, 2025); }) ==
          (dir / "visitors.sqlite").string() +
              ": not a visitor statistics database (it has no statistics tables); check that "
              "--state names the viewer's state folder");
}

TEST_CASE("the CSV has one section per table", "[issue-6][report]") {
    AnnualReport report;
    report.year = 2026;
    report.visits = 12;
    report.previous_year_visits = 10;
    report.visits_by_month[0] = 5;
    report.visits_by_month[11] = 7;
    report.visits_by_language = {{"en", 2}, {"vi", 10}};
    report.visits_by_level = {{"primary", 12}};
    report.visits_by_mode = {{"kiosk", 9}, {"tour", 3}};
    report.most_viewed = {{"vay-lanh-mong-hoa", 4}, {"x-unknown", 1}};
    report.views = 5;
    report.quiz_answers = 8;
    report.quiz_correct = 6;
    report.quiz_by_level = {{"primary", {8, 6}}};
    report.growth = 0.2;
    report.target_growth_min = 0.10;
    report.target_growth_max = 0.15;
    report.average_dwell_s_by_artifact = {{"vay-lanh-mong-hoa", 31.25}, {"x-unknown", 4.0}};
    report.average_visit_s = 245.5;
    report.tours_run = 3;
    CHECK(heritage::viewer::stats::format_report_csv(report, kTitles) ==
          "\xEF\xBB\xBF"
          "summary\n"
          "figure,value\n"
          "year,2026\n"
          "visits,12\n"
          "previous_year_visits,10\n"
          "growth,0.2000\n"
          "target_growth_min,0.1000\n"
          "target_growth_max,0.1500\n"
          "views,5\n"
          "quiz_answers,8\n"
          "quiz_correct,6\n"
          "quiz_success_rate,0.7500\n"
          "tours_run,3\n"
          "average_visit_s,245.5\n"
          "\n"
          "visits_by_month\n"
          "month,visits\n"
          "1,5\n2,0\n3,0\n4,0\n5,0\n6,0\n7,0\n8,0\n9,0\n10,0\n11,0\n12,7\n"
          "\n"
          "visits_by_language\n"
          "language,visits\n"
          "en,2\n"
          "vi,10\n"
          "\n"
          "visits_by_level\n"
          "level,visits\n"
          "primary,12\n"
          "\n"
          "visits_by_mode\n"
          "mode,visits\n"
          "kiosk,9\n"
          "tour,3\n"
          "\n"
          "most_viewed\n"
          "rank,artifact_id,title,views,average_dwell_s\n"
          "1,vay-lanh-mong-hoa,\"Váy lanh vẽ sáp ong, nhuộm chàm của phụ nữ Mông Hoa\",4,31.2\n"
          "2,x-unknown,x-unknown,1,4.0\n"
          "\n"
          "quiz_by_level\n"
          "level,answers,correct,success_rate\n"
          "primary,8,6,0.7500\n"
          "\n"
          "average_dwell_by_artifact\n"
          "artifact_id,title,average_dwell_s\n"
          "vay-lanh-mong-hoa,\"Váy lanh vẽ sáp ong, nhuộm chàm của phụ nữ Mông Hoa\",31.2\n"
          "x-unknown,x-unknown,4.0\n"
          "\n");

    report.growth = NAN;  // no previous year: an empty field, not "nan"
    CHECK(heritage::viewer::stats::format_report_csv(report, kTitles).find("\ngrowth,\n") !=
          std::string::npos);
}

TEST_CASE("numbers are written the Vietnamese way on the page", "[issue-6][report]") {
    using namespace heritage::viewer::stats;
    CHECK(format_count_vi(0) == "0");
    CHECK(format_count_vi(999) == "999");
    CHECK(format_count_vi(12345) == "12.345");
    CHECK(format_count_vi(1234567) == "1.234.567");
    CHECK(format_decimal_vi(6.87, 1) == "6,9");
    CHECK(format_decimal_vi(1234.5, 1) == "1.234,5");
    CHECK(format_decimal_vi(3.04, 1) == "3,0");
    CHECK(format_percent_vi(0.123, 1, true) == "+12,3 %");
    CHECK(format_percent_vi(-0.042, 1, true) ==
          "\xE2\x88\x92"
          "4,2 %");
    CHECK(format_percent_vi(0.0, 1, true) == "0,0 %");
    CHECK(format_percent_vi(0.78, 0, false) == "78 %");
}

TEST_CASE("the report is written as a CSV and a one-page PNG", "[issue-6][report]") {
    const fs::path dir = heritage::test::make_temp_dir("report-files");
    record(dir / "state", generate_sessions(kSeed, kSessionsPerYear));
    const AnnualReport report = compute_annual_report(dir / "state", 2025);
    write_annual_report(report, kTitles, dir / "out");

    const std::string csv = heritage::test::read_text(dir / "out" / "report-2025.csv");
    CHECK(csv == heritage::viewer::stats::format_report_csv(report, kTitles));
    CHECK(csv.find("\nvisits," + std::to_string(report.visits) + "\n") != std::string::npos);

    const Image page = decode_png(heritage::test::read_text(dir / "out" / "report-2025.png"));
    CHECK(page.width == 1240);
    CHECK(page.height == 1754);
    CHECK(dark_pixels(page, 85, 135) > 3000);  // the title line is set
    // Nothing else is left in the folder: no temporary files from the atomic writes.
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir / "out")) {
        names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"report-2025.csv", "report-2025.png"});
}

TEST_CASE("the page of a realistic year, and of an empty one, renders", "[issue-6][report]") {
    const fs::path dir = heritage::test::make_temp_dir("report-sample");
    write_annual_report(realistic_report(), kTitles, dir);
    const Image page = decode_png(heritage::test::read_text(dir / "report-2025.png"));
    CHECK(page.width == 1240);
    CHECK(page.height == 1754);

    AnnualReport empty;
    empty.year = 2031;
    empty.growth = NAN;
    empty.average_visit_s = NAN;
    empty.target_growth_min = plan_growth_target(2031).min;
    empty.target_growth_max = plan_growth_target(2031).max;
    write_annual_report(empty, {}, dir);
    CHECK(fs::exists(dir / "report-2031.png"));
}

TEST_CASE("the page of a year under the 2026-2030 band, with many languages, renders",
          "[issue-6][report]") {
    AnnualReport report = realistic_report();
    report.year = 2026;
    report.previous_year_visits = report.visits;
    report.visits_by_month = {700, 1600, 980, 880, 1210, 820, 750, 705, 1090, 1340, 1500, 1025};
    report.visits = 0;
    for (const int visits : report.visits_by_month) {
        report.visits += visits;
    }
    report.visits_by_language = {{"vi", 9600}, {"en", 2100}, {"fr", 400},
                                 {"zh", 300},  {"ko", 120},  {"hnj", 60}};
    report.growth = static_cast<double>(report.visits) / report.previous_year_visits - 1;
    report.target_growth_min = plan_growth_target(2026).min;
    report.target_growth_max = plan_growth_target(2026).max;
    const fs::path dir = heritage::test::make_temp_dir("report-sample-2026");
    write_annual_report(report, kTitles, dir);
    const Image page = decode_png(heritage::test::read_text(dir / "report-2026.png"));
    CHECK(page.width == 1240);
    CHECK(dark_pixels(page, 85, 135) > 3000);
}

TEST_CASE("report folders and fonts that cannot be used say so", "[issue-6][report]") {
    const fs::path dir = heritage::test::make_temp_dir("report-bad-out");
    heritage::test::write_text(dir / "out", "a file");
    CHECK(error_of([&] { write_annual_report(realistic_report(), kTitles, dir / "out"); }) ==
          (dir / "out").string() +
              ": is a file, not a folder; choose a folder for the report with --out");
    CHECK(error_of([&] {
              heritage::viewer::stats::Typesetter type(dir / "NoSuchFont.ttf",
                                                       heritage::viewer::stats::kBoldFontFile);
          }) == (dir / "NoSuchFont.ttf").string() +
                    ": cannot read the font; install the package fonts-noto-core");
}
