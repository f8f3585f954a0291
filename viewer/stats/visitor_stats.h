// viewer/stats/visitor_stats.h: records how an installation of the viewer is used (sessions,
// artifacts viewed, quiz answers, tours run) for the annual report. Nothing personal is stored.
#pragma once
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

namespace heritage::viewer {

// Times are injected by the caller (the app's clock), so tests never sleep.
using Clock = std::chrono::system_clock;

namespace stats {
class Database;
class Statement;
}  // namespace stats

// The visitor statistics of one viewer installation, in <state_dir>/visitors.sqlite: SQLite in
// WAL mode with synchronous=FULL and foreign keys on; the schema version is in PRAGMA
// user_version and older files are migrated when opened (schema: viewer/stats/README.md).
//
// Nothing personal is stored: no names, no photos, no free text typed by visitors. The strings
// passed in are ids and tags taken from the package and the app (artifact, question and tour
// ids, language tags, school levels), never what a visitor wrote.
//
// Each call is one short transaction, committed to the disk before it returns, so a hard
// power-off at any moment loses at most the session in progress (its later events) and never
// corrupts the database. A session never ended (power cut, crash) still counts as a visit; the
// report takes its last event as its end.
//
// Every call throws heritage::Error when the database cannot be written (full disk, a file
// removed underneath, another program holding a lock). Passing a session id that
// begin_session did not return is a programmer's mistake: set_* and end_session assert, the
// record_* calls throw the foreign key's Error.
// One object per thread; several objects, in several processes, may share one state folder.
class VisitorStats {
  public:
    // Opens <state_dir>/visitors.sqlite, creating the folder and the database as needed.
    // Throws Error when the folder cannot be created (it is a file, no permission), the file is
    // not a database or holds another program's tables, it was made by a newer viewer
    // (a higher schema version), or it cannot be written (disk full).
    explicit VisitorStats(const std::filesystem::path& state_dir);
    ~VisitorStats();
    VisitorStats(const VisitorStats&) = delete;
    VisitorStats& operator=(const VisitorStats&) = delete;

    // The database file this object writes.
    const std::filesystem::path& database_file() const;

    // Starts a visit and returns its id (> 0). `mode` is "kiosk", "tour" or "desktop";
    // `language` a language tag ("vi"); `level` a school level ("primary") or the app's name
    // for a general visitor. `at` is when the visitor started.
    std::int64_t begin_session(std::string_view mode, std::string_view language,
                               std::string_view level, Clock::time_point at);

    // The visitor switched language or level: the visit is counted under the last one chosen.
    void set_language(std::int64_t session, std::string_view language);
    void set_level(std::int64_t session, std::string_view level);

    // The visitor looked at `artifact_id` for `dwell_seconds` (>= 0) and left it at `at`.
    void record_view(std::int64_t session, std::string_view artifact_id, double dwell_seconds,
                     Clock::time_point at);

    // The visitor answered question `question_id` of `artifact_id`'s quiz at `level`.
    void record_quiz_answer(std::int64_t session, std::string_view artifact_id,
                            std::string_view question_id, std::string_view level, bool correct,
                            Clock::time_point at);

    // A tour `tour_id` was run, and `steps_shown` (>= 0) of its steps were shown, ending at `at`.
    void record_tour(std::int64_t session, std::string_view tour_id, int steps_shown,
                     Clock::time_point at);

    // The visit ended at `at` (the kiosk reset to its attract loop, the viewer closed). Ending a
    // session again moves its end.
    void end_session(std::int64_t session, Clock::time_point at);

  private:
    struct Statements;
    std::unique_ptr<stats::Database> database_;
    std::unique_ptr<Statements> statements_;
};

// Milliseconds since 1970-01-01 00:00 UTC, as the database stores times.
std::int64_t to_unix_ms(Clock::time_point at);

}  // namespace heritage::viewer
