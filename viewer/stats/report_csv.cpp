#include "viewer/stats/report_csv.h"

#include <charconv>
#include <cmath>
#include <initializer_list>

namespace heritage::viewer::stats {
namespace {

std::string csv_field(std::string_view field) {
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        return std::string(field);
    }
    std::string out = "\"";
    for (const char c : field) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

// Fixed-point with `decimals` digits and a '.' point (to_chars ignores the locale); NaN is "".
std::string number(double value, int decimals) {
    if (std::isnan(value)) {
        return "";
    }
    char buffer[64];
    const auto result =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
    return std::string(buffer, result.ptr);
}

double rate(int part, int whole) {
    return whole > 0 ? static_cast<double>(part) / whole : std::nan("");
}

void row(std::string& csv, std::initializer_list<std::string> fields) {
    bool first = true;
    for (const std::string& field : fields) {
        csv += first ? "" : ",";
        csv += csv_field(field);
        first = false;
    }
    csv += "\n";
}

void counts_section(std::string& csv, const char* title, const char* key,
                    const std::map<std::string, int>& counts) {
    row(csv, {title});
    row(csv, {key, "visits"});
    for (const auto& [value, visits] : counts) {
        row(csv, {value, std::to_string(visits)});
    }
    csv += "\n";
}

std::string title_of(const std::map<std::string, std::string>& titles, const std::string& id) {
    const auto found = titles.find(id);
    return found != titles.end() ? found->second : id;
}

}  // namespace

std::string format_report_csv(const AnnualReport& report,
                              const std::map<std::string, std::string>& artifact_titles) {
    std::string csv = "\xEF\xBB\xBF";  // the byte order mark: spreadsheets then read UTF-8

    row(csv, {"summary"});
    row(csv, {"figure", "value"});
    row(csv, {"year", std::to_string(report.year)});
    row(csv, {"visits", std::to_string(report.visits)});
    row(csv, {"previous_year_visits", std::to_string(report.previous_year_visits)});
    row(csv, {"growth", number(report.growth, 4)});
    row(csv, {"target_growth_min", number(report.target_growth_min, 4)});
    row(csv, {"target_growth_max", number(report.target_growth_max, 4)});
    row(csv, {"views", std::to_string(report.views)});
    row(csv, {"quiz_answers", std::to_string(report.quiz_answers)});
    row(csv, {"quiz_correct", std::to_string(report.quiz_correct)});
    row(csv, {"quiz_success_rate", number(rate(report.quiz_correct, report.quiz_answers), 4)});
    row(csv, {"tours_run", std::to_string(report.tours_run)});
    row(csv, {"average_visit_s", number(report.average_visit_s, 1)});
    csv += "\n";

    row(csv, {"visits_by_month"});
    row(csv, {"month", "visits"});
    for (std::size_t month = 0; month < report.visits_by_month.size(); ++month) {
        row(csv, {std::to_string(month + 1), std::to_string(report.visits_by_month[month])});
    }
    csv += "\n";

    counts_section(csv, "visits_by_language", "language", report.visits_by_language);
    counts_section(csv, "visits_by_level", "level", report.visits_by_level);
    counts_section(csv, "visits_by_mode", "mode", report.visits_by_mode);

    row(csv, {"most_viewed"});
    row(csv, {"rank", "artifact_id", "title", "views", "average_dwell_s"});
    for (std::size_t rank = 0; rank < report.most_viewed.size(); ++rank) {
        const auto& [id, views] = report.most_viewed[rank];
        const auto dwell = report.average_dwell_s_by_artifact.find(id);
        row(csv,
            {std::to_string(rank + 1), id, title_of(artifact_titles, id), std::to_string(views),
             number(
                 dwell != report.average_dwell_s_by_artifact.end() ? dwell->second : std::nan(""),
                 1)});
    }
    csv += "\n";

    row(csv, {"quiz_by_level"});
    row(csv, {"level", "answers", "correct", "success_rate"});
    for (const auto& [level, tally] : report.quiz_by_level) {
        row(csv, {level, std::to_string(tally.answers), std::to_string(tally.correct),
                  number(rate(tally.correct, tally.answers), 4)});
    }
    csv += "\n";

    row(csv, {"average_dwell_by_artifact"});
    row(csv, {"artifact_id", "title", "average_dwell_s"});
    for (const auto& [id, dwell_s] : report.average_dwell_s_by_artifact) {
        row(csv, {id, title_of(artifact_titles, id), number(dwell_s, 1)});
    }
    csv += "\n";
    return csv;
}

}  // namespace heritage::viewer::stats
