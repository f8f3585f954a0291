// viewer/stats/report_csv.h: the annual report as CSV, for a spreadsheet or the province's
// systems. Internal to heritage_viewer_stats; write_annual_report writes it.
#pragma once
#include <map>
#include <string>

#include "viewer/stats/report.h"

namespace heritage::viewer::stats {

// UTF-8 with a byte order mark, '\n' line ends, fields quoted when they hold a comma, a quote or
// a line break; numbers with a '.' decimal point whatever the locale; NaN as an empty field.
// Sections, each a title line, a header row, its rows and a blank line: summary, visits_by_month,
// visits_by_language, visits_by_level, visits_by_mode, most_viewed, quiz_by_level,
// average_dwell_by_artifact.
std::string format_report_csv(const AnnualReport& report,
                              const std::map<std::string, std::string>& artifact_titles);

}  // namespace heritage::viewer::stats
