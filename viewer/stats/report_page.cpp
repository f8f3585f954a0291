#include "viewer/stats/report_page.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <string_view>
#include <vector>

namespace heritage::viewer::stats {
namespace {

// [SECTION] Palette and layout: the viewer's warm museum palette (viewer/ui/theme.h) on white
// paper, so that the page prints well.
constexpr Rgb kPaper{255, 255, 255};
constexpr Rgb kInk{38, 30, 24};
constexpr Rgb kMuted{112, 100, 90};
constexpr Rgb kAccent{150, 32, 36};  // lacquer red
constexpr Rgb kAccentSoft{236, 214, 200};
constexpr Rgb kGold{196, 150, 60};
constexpr Rgb kPanel{248, 244, 238};
constexpr Rgb kRule{226, 218, 208};
constexpr Rgb kTrack{243, 238, 231};  // the empty part of a bar
constexpr Rgb kPrevious{201, 190, 176};
constexpr Rgb kGood{46, 125, 50};
constexpr Rgb kBad{176, 40, 30};

constexpr int kMargin = 90;
constexpr int kContentWidth = kPageWidthPx - 2 * kMargin;

struct Rect {
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;
    int right() const { return x + width; }
    int bottom() const { return y + height; }
};

struct Page {
    Canvas canvas{kPageWidthPx, kPageHeightPx, kPaper};
    Typesetter type{kRegularFontFile, kBoldFontFile};
};

// [SECTION] Words: school levels, languages and modes as a Vietnamese reader knows them.
struct Label {
    std::string_view key;
    std::string_view vietnamese;
};
constexpr Label kLevelLabels[] = {
    {"preschool", "Mầm non"},
    {"primary", "Tiểu học"},
    {"lower_secondary", "THCS"},
    {"upper_secondary", "THPT"},
};
constexpr Label kLanguageLabels[] = {
    {"vi", "Tiếng Việt"},  {"en", "Tiếng Anh"},   {"fr", "Tiếng Pháp"},
    {"zh", "Tiếng Trung"}, {"ja", "Tiếng Nhật"},  {"ko", "Tiếng Hàn"},
    {"hnj", "Tiếng Mông"}, {"hmn", "Tiếng Mông"}, {"tyz", "Tiếng Tày"},
};
constexpr Label kModeLabels[] = {
    {"kiosk", "Kiosk tự tham quan"},
    {"tour", "Tour có giáo viên"},
    {"desktop", "Máy tính"},
};

template <std::size_t N>
std::string label_of(const Label (&labels)[N], const std::string& key) {
    for (const Label& label : labels) {
        if (label.key == key) {
            return std::string(label.vietnamese);
        }
    }
    return key;
}

// Where `key` sits in `labels` (unknown keys after the known ones).
template <std::size_t N>
std::size_t order_of(const Label (&labels)[N], const std::string& key) {
    for (std::size_t i = 0; i < N; ++i) {
        if (labels[i].key == key) {
            return i;
        }
    }
    return N;
}

std::string title_of(const std::map<std::string, std::string>& titles, const std::string& id) {
    const auto found = titles.find(id);
    return found != titles.end() && !found->second.empty() ? found->second : id;
}

// A whole, round step at or above `value` for an axis: 1, 2 or 5 times a power of ten.
double nice_step(double value) {
    if (value <= 1.0) {
        return 1.0;
    }
    const double power = std::pow(10.0, std::floor(std::log10(value)));
    for (const double step : {1.0, 2.0, 5.0, 10.0}) {
        if (step * power >= value - 1e-9) {
            return step * power;
        }
    }
    return 10.0 * power;
}

int scaled(double value, double max, int length) {
    return max > 0.0 ? static_cast<int>(std::lround(value / max * length)) : 0;
}

// [SECTION] Text helpers
void text_right(Page& page, int right, int baseline, std::string_view text, Weight weight, int size,
                Rgb color) {
    page.type.draw(page.canvas, right - page.type.measure(text, weight, size), baseline, text,
                   weight, size, color);
}

void text_center(Page& page, int center, int baseline, std::string_view text, Weight weight,
                 int size, Rgb color) {
    page.type.draw(page.canvas, center - page.type.measure(text, weight, size) / 2, baseline, text,
                   weight, size, color);
}

// A section's title with a rule under it; returns the y where its content starts.
int section_heading(Page& page, int x, int y, int width, std::string_view title,
                    std::string_view note = {}) {
    page.type.draw(page.canvas, x, y + 24, title, Weight::Bold, 23, kInk);
    if (!note.empty()) {
        text_right(page, x + width, y + 24, note, Weight::Regular, 16, kMuted);
    }
    page.canvas.fill_rect(x, y + 36, width, 2, kAccentSoft);
    return y + 52;
}

void no_data(Page& page, Rect area, std::string_view text = "Chưa có số liệu") {
    text_center(page, area.x + area.width / 2, area.y + area.height / 2, text, Weight::Regular, 18,
                kMuted);
}

// [SECTION] Blocks of the page
void header(Page& page, const AnnualReport& report) {
    page.canvas.fill_rect(0, 0, kPageWidthPx, 14, kAccent);
    page.canvas.fill_rect(0, 14, kPageWidthPx, 4, kGold);

    const std::string year = std::to_string(report.year);
    page.type.draw(page.canvas, kMargin, 72, "BÁO CÁO THỐNG KÊ HẰNG NĂM", Weight::Bold, 17,
                   kAccent);
    const std::string title = "Báo cáo khách tham quan năm " + year + " – Bảo tàng tỉnh Lào Cai";
    int size = 38;  // as large as fits one line
    while (size > 24 && page.type.measure(title, Weight::Bold, size) > kContentWidth) {
        --size;
    }
    page.type.draw(page.canvas, kMargin, 122, title, Weight::Bold, size, kInk);
    page.type.draw(page.canvas, kMargin, 158,
                   "Kỳ báo cáo: 01/01/" + year + " – 31/12/" + year +
                       " (giờ Việt Nam). Số liệu từ hệ thống trưng bày hiện vật 3D: kiosk, "
                       "tour học tập và máy tính.",
                   Weight::Regular, 17, kMuted);
    page.canvas.fill_rect(kMargin, 180, kContentWidth, 1, kRule);
}

void key_figure(Page& page, Rect card, std::string_view label, std::string_view value,
                Rgb value_color, std::string_view note) {
    page.canvas.fill_rect(card.x, card.y, card.width, card.height, kPanel);
    page.canvas.fill_rect(card.x, card.y, 5, card.height, kAccent);
    const int inner = card.width - 38;
    page.type.draw(page.canvas, card.x + 20, card.y + 32,
                   page.type.fit(label, Weight::Regular, 16, inner), Weight::Regular, 16, kMuted);
    int size = 42;
    while (size > 24 && page.type.measure(value, Weight::Bold, size) > inner) {
        --size;
    }
    page.type.draw(page.canvas, card.x + 20, card.y + 86, value, Weight::Bold, size, value_color);
    page.type.draw(page.canvas, card.x + 20, card.y + 118,
                   page.type.fit(note, Weight::Regular, 15, inner), Weight::Regular, 15, kMuted);
}

// Where the growth stands against the plan: the words and their colour.
struct Verdict {
    std::string text;
    Rgb color;
};
Verdict growth_verdict(const AnnualReport& report) {
    constexpr double kTolerance = 1e-9;  // 110 / 100 - 1 is not exactly 0.10 in doubles
    if (std::isnan(report.growth)) {
        return {"Chưa có số liệu năm " + std::to_string(report.year - 1) + " để so sánh", kMuted};
    }
    if (std::isnan(report.target_growth_min)) {
        return {"Kế hoạch chưa đặt mục tiêu cho năm này", kMuted};
    }
    if (report.growth + kTolerance < report.target_growth_min) {
        return {"Chưa đạt kế hoạch", kBad};
    }
    if (report.growth > report.target_growth_max + kTolerance) {
        return {"Vượt kế hoạch", kGood};
    }
    return {"Đạt kế hoạch", kGood};
}

std::string target_text(const AnnualReport& report) {
    if (std::isnan(report.target_growth_min)) {
        return "không đặt";
    }
    if (report.target_growth_min == report.target_growth_max) {
        return format_percent_vi(report.target_growth_min, 0, true);
    }
    return "+" + format_decimal_vi(report.target_growth_min * 100, 0) + "–" +
           format_decimal_vi(report.target_growth_max * 100, 0) + " %";
}

void key_figures(Page& page, const AnnualReport& report) {
    constexpr int kCards = 5;
    constexpr int kGap = 20;
    constexpr int kTop = 205;
    constexpr int kHeight = 136;
    const int width = (kContentWidth - (kCards - 1) * kGap) / kCards;
    auto card = [&](int index) {
        return Rect{kMargin + index * (width + kGap), kTop, width, kHeight};
    };

    const std::string previous_year = std::to_string(report.year - 1);
    key_figure(page, card(0), "Lượt tham quan", format_count_vi(report.visits), kInk,
               "Năm " + previous_year + ": " + format_count_vi(report.previous_year_visits));

    const Verdict verdict = growth_verdict(report);
    key_figure(page, card(1), "So với năm " + previous_year,
               std::isnan(report.growth) ? "–" : format_percent_vi(report.growth, 1, true),
               std::isnan(report.growth) ? kMuted : verdict.color,
               "Kế hoạch: " + target_text(report));

    key_figure(page, card(2), "Lượt xem hiện vật", format_count_vi(report.views), kInk,
               report.visits > 0
                   ? format_decimal_vi(static_cast<double>(report.views) / report.visits, 1) +
                         " hiện vật mỗi lượt"
                   : "");

    const bool has_quiz = report.quiz_answers > 0;
    key_figure(page, card(3), "Trả lời đúng",
               has_quiz
                   ? format_percent_vi(
                         static_cast<double>(report.quiz_correct) / report.quiz_answers, 0, false)
                   : "–",
               kInk, "trên " + format_count_vi(report.quiz_answers) + " câu trả lời");

    key_figure(page, card(4), "Thời gian mỗi lượt",
               std::isnan(report.average_visit_s)
                   ? "–"
                   : format_decimal_vi(report.average_visit_s / 60.0, 1) + " phút",
               kInk, "trung bình");
}

void month_chart(Page& page, const AnnualReport& report, int top) {
    const int content =
        section_heading(page, kMargin, top, kContentWidth, "Lượt tham quan theo tháng",
                        "Tháng có nhiều khách nhất được tô đậm");
    const Rect plot{kMargin + 56, content + 28, kContentWidth - 56, 172};
    const int peak =
        *std::max_element(report.visits_by_month.begin(), report.visits_by_month.end());
    if (peak == 0) {
        no_data(page, plot);
        return;
    }
    constexpr int kGridlines = 4;
    const double step = nice_step(static_cast<double>(peak) / kGridlines);
    const double axis_max = step * kGridlines;

    // Gridlines with their values, then the bars over them.
    for (int line = 0; line <= kGridlines; ++line) {
        const double value = step * line;
        const int y = plot.bottom() - scaled(value, axis_max, plot.height);
        page.canvas.fill_rect(plot.x, y, plot.width, 1, line == 0 ? kMuted : kRule);
        text_right(page, plot.x - 10, y + 6, format_count_vi(std::lround(value)), Weight::Regular,
                   14, kMuted);
    }
    const int column = plot.width / 12;
    const int bar = column * 62 / 100;
    for (int month = 0; month < 12; ++month) {
        const int visits = report.visits_by_month[static_cast<std::size_t>(month)];
        const int center = plot.x + column * month + column / 2;
        const int height = scaled(visits, axis_max, plot.height);
        page.canvas.fill_rect(center - bar / 2, plot.bottom() - height, bar, height,
                              visits == peak && peak > 0 ? kAccent : Rgb{196, 120, 110});
        text_center(page, center, plot.bottom() - height - 8, format_count_vi(visits), Weight::Bold,
                    15, kInk);
        text_center(page, center, plot.bottom() + 24, "T" + std::to_string(month + 1),
                    Weight::Regular, 16, kMuted);
    }
}

struct BarRow {
    std::string label;
    double value = 0.0;
    std::string value_text;
    bool emphasis = false;
};

// Horizontal bars, one per row: label, bar against `max`, value at the right end.
void bar_list(Page& page, Rect area, const std::vector<BarRow>& rows, double max, Rgb color,
              int label_width, int value_width, int row_height) {
    if (rows.empty()) {
        no_data(page, area);
        return;
    }
    const int bar_x = area.x + label_width;
    const int bar_width = area.width - label_width - value_width;
    const int bar_height = std::min(18, row_height - 14);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const BarRow& row = rows[i];
        const int y = area.y + static_cast<int>(i) * row_height;
        const Weight weight = row.emphasis ? Weight::Bold : Weight::Regular;
        const int baseline = y + row_height / 2 + 6;
        page.type.draw(page.canvas, area.x, baseline,
                       page.type.fit(row.label, weight, 17, label_width - 12), weight, 17, kInk);
        const int bar_top = y + (row_height - bar_height) / 2;
        page.canvas.fill_rect(bar_x, bar_top, bar_width, bar_height, kTrack);
        page.canvas.fill_rect(bar_x, bar_top, scaled(row.value, max, bar_width), bar_height, color);
        text_right(page, area.right(), baseline, row.value_text, Weight::Bold, 16, kInk);
    }
}

std::string count_and_share(int count, int total) {
    return format_count_vi(count) + " · " +
           format_percent_vi(total > 0 ? static_cast<double>(count) / total : 0.0, 0, false);
}

// A row per key of `counts`, named in Vietnamese: most visits first (`by_count`), or in the order
// of `labels` with unknown keys last.
template <std::size_t N>
std::vector<BarRow> visit_rows(const std::map<std::string, int>& counts, const Label (&labels)[N],
                               bool by_count, int total) {
    std::vector<std::pair<std::string, int>> ordered(counts.begin(), counts.end());
    std::stable_sort(ordered.begin(), ordered.end(), [&](const auto& a, const auto& b) {
        return by_count ? a.second > b.second
                        : order_of(labels, a.first) < order_of(labels, b.first);
    });
    std::vector<BarRow> rows;
    for (const auto& [key, visits] : ordered) {
        rows.push_back({label_of(labels, key), static_cast<double>(visits),
                        count_and_share(visits, total), false});
    }
    return rows;
}

// Visits by language, level and mode, side by side.
void breakdowns(Page& page, const AnnualReport& report, int top) {
    constexpr int kGap = 40;
    const int width = (kContentWidth - 2 * kGap) / 3;
    constexpr int kRowHeight = 50;
    constexpr std::size_t kMaxRows = 4;

    struct Column {
        std::string title;
        std::vector<BarRow> rows;
    };
    const std::vector<BarRow> mode_rows =
        visit_rows(report.visits_by_mode, kModeLabels, false, report.visits);
    const Column columns[] = {
        {"Theo ngôn ngữ",
         visit_rows(report.visits_by_language, kLanguageLabels, true, report.visits)},
        {"Theo cấp học", visit_rows(report.visits_by_level, kLevelLabels, false, report.visits)},
        {"Theo hình thức", mode_rows}};
    for (int i = 0; i < 3; ++i) {
        const int x = kMargin + i * (width + kGap);
        const int content = section_heading(page, x, top, width, columns[i].title);
        // The rows stack: label and value, then the bar under them, for narrow columns.
        std::vector<BarRow> rows = columns[i].rows;
        if (rows.empty()) {
            no_data(page, Rect{x, content, width, 120});
            continue;
        }
        if (rows.size() > kMaxRows) {
            // The first rows as they are, the rest together as "others".
            double others = 0.0;
            for (std::size_t r = kMaxRows - 1; r < rows.size(); ++r) {
                others += rows[r].value;
            }
            rows.resize(kMaxRows - 1);
            const int count = static_cast<int>(others);
            rows.push_back({"Khác", others, count_and_share(count, report.visits), false});
        }
        for (std::size_t r = 0; r < rows.size(); ++r) {
            const int y = content + static_cast<int>(r) * kRowHeight;
            page.type.draw(page.canvas, x, y + 18,
                           page.type.fit(rows[r].label, Weight::Regular, 17, width - 120),
                           Weight::Regular, 17, kInk);
            text_right(page, x + width, y + 18, rows[r].value_text, Weight::Bold, 16, kInk);
            page.canvas.fill_rect(x, y + 28, width, 12, kTrack);
            page.canvas.fill_rect(x, y + 28, scaled(rows[r].value, report.visits, width), 12,
                                  i == 0   ? kAccent
                                  : i == 1 ? kGold
                                           : Rgb{120, 98, 80});
        }
    }
    if (report.tours_run > 0) {
        const int x = kMargin + 2 * (width + kGap);
        const int y =
            top + 52 + static_cast<int>(std::min(mode_rows.size(), kMaxRows)) * kRowHeight + 20;
        page.type.draw(page.canvas, x, y,
                       "Tour học tập đã trình chiếu: " + format_count_vi(report.tours_run),
                       Weight::Regular, 16, kMuted);
    }
}

std::string dwell_text(double seconds) {
    return std::isnan(seconds) ? "" : format_decimal_vi(seconds, 0) + " giây";
}

void most_viewed(Page& page, const AnnualReport& report,
                 const std::map<std::string, std::string>& titles, int top) {
    const int content =
        section_heading(page, kMargin, top, kContentWidth, "Hiện vật được xem nhiều nhất",
                        "lượt xem · thời gian xem trung bình");
    std::vector<BarRow> rows;
    double max = 0.0;
    for (std::size_t i = 0; i < report.most_viewed.size(); ++i) {
        const auto& [id, views] = report.most_viewed[i];
        const auto dwell = report.average_dwell_s_by_artifact.find(id);
        rows.push_back(
            {std::to_string(i + 1) + ".  " + title_of(titles, id), static_cast<double>(views),
             format_count_vi(views) + " · " +
                 dwell_text(dwell != report.average_dwell_s_by_artifact.end() ? dwell->second
                                                                              : std::nan("")),
             false});
        max = std::max(max, static_cast<double>(views));
    }
    bar_list(page, Rect{kMargin, content, kContentWidth, 10 * 33}, rows, max, kAccent, 470, 190,
             33);
}

void quiz_chart(Page& page, const AnnualReport& report, Rect area) {
    const int content =
        section_heading(page, area.x, area.y, area.width, "Tỷ lệ trả lời đúng câu hỏi");
    std::vector<std::pair<std::string, QuizTally>> levels(report.quiz_by_level.begin(),
                                                          report.quiz_by_level.end());
    std::stable_sort(levels.begin(), levels.end(), [](const auto& a, const auto& b) {
        return order_of(kLevelLabels, a.first) < order_of(kLevelLabels, b.first);
    });
    std::vector<BarRow> rows;
    auto row_for = [](std::string label, int correct, int answers, bool emphasis) {
        const double rate = answers > 0 ? static_cast<double>(correct) / answers : 0.0;
        return BarRow{std::move(label), rate,
                      format_percent_vi(rate, 0, false) + " · " + format_count_vi(answers) + " câu",
                      emphasis};
    };
    for (const auto& [level, tally] : levels) {
        rows.push_back(row_for(label_of(kLevelLabels, level), tally.correct, tally.answers, false));
    }
    if (!rows.empty()) {
        rows.push_back(row_for("Tất cả", report.quiz_correct, report.quiz_answers, true));
    }
    bar_list(page, Rect{area.x, content + 4, area.width, area.bottom() - content - 4}, rows, 1.0,
             kGold, 110, 150, 36);
}

// A bullet chart: the growth as a bar from 0 on a percent axis, over the plan's target band;
// under it the two years' visits.
void growth_chart(Page& page, const AnnualReport& report, Rect area) {
    const int content =
        section_heading(page, area.x, area.y, area.width, "Tăng trưởng so với kế hoạch");
    const bool has_growth = !std::isnan(report.growth);
    const bool has_target = !std::isnan(report.target_growth_min);

    // The axis: at least 0..20 %, widened in steps of 5 % to hold the growth and the band.
    constexpr double kStep = 0.05;
    double low = 0.0;
    double high = 0.20;
    if (has_growth) {
        low = std::min(low, std::floor((report.growth - 0.02) / kStep) * kStep);
        high = std::max(high, std::ceil((report.growth + 0.03) / kStep) * kStep);
    }
    if (has_target) {
        high = std::max(high, std::ceil((report.target_growth_max + 0.03) / kStep) * kStep);
    }
    double tick = kStep;
    while ((high - low) / tick > 8.0 + 1e-9) {
        tick *= 2.0;
    }
    const Rect axis{area.x + 10, content + 44, area.width - 30, 30};  // the bar's row
    auto x_of = [&](double growth) {
        return axis.x + static_cast<int>(std::lround((growth - low) / (high - low) * axis.width));
    };

    page.canvas.fill_rect(axis.x, axis.y + 4, axis.width, axis.height - 8, kTrack);
    if (has_target) {
        const int left = x_of(report.target_growth_min);
        const int right = std::max(x_of(report.target_growth_max), left + 3);
        page.canvas.fill_rect(left, axis.y - 8, right - left, axis.height + 16, kGood, 0.22f);
        page.canvas.fill_rect(left - 1, axis.y - 8, 3, axis.height + 16, kGood);
        page.canvas.fill_rect(right - 2, axis.y - 8, 3, axis.height + 16, kGood);
        page.type.draw(page.canvas, left, axis.y - 16, "Kế hoạch " + target_text(report),
                       Weight::Bold, 16, kGood);
    }
    const Verdict verdict = growth_verdict(report);
    if (has_growth) {
        const int zero = x_of(0.0);
        const int end = x_of(report.growth);
        page.canvas.fill_rect(std::min(zero, end), axis.y + 8, std::abs(end - zero),
                              axis.height - 16, verdict.color);
    }
    // Ticks under the axis, and the zero line across it.
    for (double value = std::ceil(low / tick - 1e-9) * tick; value <= high + 1e-9; value += tick) {
        const int x = x_of(value);
        page.canvas.fill_rect(x, axis.bottom(), 1, 6, kMuted);
        text_center(page, x, axis.bottom() + 26,
                    format_percent_vi(std::abs(value) < 1e-9 ? 0.0 : value, 0, true),
                    Weight::Regular, 15, kMuted);
    }
    page.canvas.fill_rect(x_of(0.0) - 1, axis.y - 4, 2, axis.height + 8, kInk);

    // The two years' visits, on one scale.
    const int rows_top = axis.bottom() + 48;
    const double max = std::max({1.0, static_cast<double>(report.previous_year_visits),
                                 static_cast<double>(report.visits)});
    bar_list(page, Rect{area.x, rows_top, area.width, 34},
             {{"Năm " + std::to_string(report.year - 1),
               static_cast<double>(report.previous_year_visits),
               format_count_vi(report.previous_year_visits) + " lượt", false}},
             max, kPrevious, 110, 130, 34);
    bar_list(page, Rect{area.x, rows_top + 34, area.width, 34},
             {{"Năm " + std::to_string(report.year), static_cast<double>(report.visits),
               format_count_vi(report.visits) + " lượt", false}},
             max, kAccent, 110, 130, 34);

    const int baseline = area.bottom() - 8;
    if (!has_growth) {
        page.type.draw(page.canvas, area.x, baseline, verdict.text, Weight::Bold, 18,
                       verdict.color);
        return;
    }
    const int used =
        page.type.draw(page.canvas, area.x, baseline,
                       (report.growth >= 0 ? "Tăng " : "Giảm ") +
                           format_percent_vi(std::abs(report.growth), 1, false) + " – ",
                       Weight::Regular, 18, kInk);
    page.type.draw(page.canvas, area.x + used, baseline, verdict.text, Weight::Bold, 18,
                   verdict.color);
}

void footer(Page& page) {
    const int y = kPageHeightPx - 62;
    page.canvas.fill_rect(kMargin, y, kContentWidth, 1, kRule);
    page.type.draw(page.canvas, kMargin, y + 26,
                   "Một lượt tham quan là một phiên sử dụng kiosk, tour hoặc máy tính; phiên bị "
                   "ngắt (mất điện) vẫn được tính.",
                   Weight::Regular, 14, kMuted);
    page.type.draw(page.canvas, kMargin, y + 46,
                   "Hệ thống không lưu thông tin cá nhân của khách: không tên, không ảnh, không "
                   "nội dung khách nhập.",
                   Weight::Regular, 14, kMuted);
    text_right(page, kMargin + kContentWidth, y + 46, "Trang 1/1", Weight::Regular, 14, kMuted);
}

}  // namespace

std::string format_count_vi(long long count) {
    const std::string digits = std::to_string(count < 0 ? -count : count);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += '.';
        }
        out += digits[i];
    }
    return count < 0 ? "\xE2\x88\x92" + out : out;
}

std::string format_decimal_vi(double value, int decimals) {
    assert(decimals >= 0 && !std::isnan(value));
    const double rounded = std::round(std::abs(value) * std::pow(10.0, decimals));
    const auto whole = static_cast<long long>(rounded / std::pow(10.0, decimals));
    std::string out = format_count_vi(whole);
    if (decimals > 0) {
        const auto fraction = static_cast<long long>(
            std::llround(rounded - static_cast<double>(whole) * std::pow(10.0, decimals)));
        std::string digits = std::to_string(fraction);
        digits.insert(0, static_cast<std::size_t>(decimals) - digits.size(), '0');
        out += "," + digits;
    }
    return value < 0 && rounded > 0 ? "\xE2\x88\x92" + out : out;
}

std::string format_percent_vi(double fraction, int decimals, bool with_sign) {
    const std::string number = format_decimal_vi(fraction * 100.0, decimals);
    const bool positive = number.rfind("\xE2\x88\x92", 0) != 0 && number != "0" &&
                          number.find_first_not_of("0,") != std::string::npos;
    return (with_sign && positive ? "+" : "") + number + " %";
}

Canvas render_report_page(const AnnualReport& report,
                          const std::map<std::string, std::string>& artifact_titles) {
    Page page;
    header(page, report);
    key_figures(page, report);
    month_chart(page, report, 372);
    breakdowns(page, report, 680);
    most_viewed(page, report, artifact_titles, 962);
    constexpr int kBottomTop = 1374;
    constexpr int kGap = 50;
    const int half = (kContentWidth - kGap) / 2;
    quiz_chart(page, report, Rect{kMargin, kBottomTop, half, 290});
    growth_chart(page, report, Rect{kMargin + half + kGap, kBottomTop, half, 290});
    footer(page);
    return std::move(page.canvas);
}

}  // namespace heritage::viewer::stats
