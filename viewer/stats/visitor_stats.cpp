#include "viewer/stats/visitor_stats.h"

#include <cassert>
#include <system_error>

#include "exhibit/error.h"
#include "viewer/stats/database.h"

namespace heritage::viewer {
namespace {

namespace fs = std::filesystem;

// What a failed write was doing, for the message.
constexpr std::string_view kSaving = "cannot save the visit";

fs::path prepare_state_dir(const fs::path& state_dir) {
    assert(!state_dir.empty() && "a state folder");
    std::error_code error;
    if (fs::exists(state_dir, error) && !fs::is_directory(state_dir, error)) {
        throw Error(state_dir.string() +
                    ": is a file, not a folder; choose a folder for the visitor statistics "
                    "with --state");
    }
    fs::create_directories(state_dir, error);
    if (error) {
        throw Error(state_dir.string() + ": cannot create the state folder (" + error.message() +
                    "); check that the viewer may write there, or choose another folder with "
                    "--state");
    }
    return state_dir / std::string(stats::kDatabaseFileName);
}

bool is_mode(std::string_view mode) {
    return mode == "kiosk" || mode == "tour" || mode == "desktop";
}

}  // namespace

std::int64_t to_unix_ms(Clock::time_point at) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}

// The statements each call runs, prepared once: a call is then a bind and a step.
struct VisitorStats::Statements {
    explicit Statements(stats::Database& db)
        : begin(db,
                "INSERT INTO sessions (mode, language, level, started_at_ms) "
                "VALUES (?1, ?2, ?3, ?4)",
                kSaving),
          set_language(db, "UPDATE sessions SET language = ?2 WHERE session_id = ?1", kSaving),
          set_level(db, "UPDATE sessions SET level = ?2 WHERE session_id = ?1", kSaving),
          view(db,
               "INSERT INTO views (session_id, artifact_id, dwell_s, at_ms) "
               "VALUES (?1, ?2, ?3, ?4)",
               kSaving),
          quiz_answer(db,
                      "INSERT INTO quiz_answers "
                      "(session_id, artifact_id, question_id, level, correct, at_ms) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                      kSaving),
          tour(db,
               "INSERT INTO tours (session_id, tour_id, steps_shown, at_ms) "
               "VALUES (?1, ?2, ?3, ?4)",
               kSaving),
          end(db, "UPDATE sessions SET ended_at_ms = ?2 WHERE session_id = ?1", kSaving) {}

    stats::Statement begin;
    stats::Statement set_language;
    stats::Statement set_level;
    stats::Statement view;
    stats::Statement quiz_answer;
    stats::Statement tour;
    stats::Statement end;
};

VisitorStats::VisitorStats(const fs::path& state_dir)
    : database_(std::make_unique<stats::Database>(prepare_state_dir(state_dir),
                                                  stats::Access::ReadWrite)),
      statements_(std::make_unique<Statements>(*database_)) {}

// Statements go first: they belong to the connection.
VisitorStats::~VisitorStats() {
    statements_.reset();
    database_.reset();
}

const fs::path& VisitorStats::database_file() const {
    return database_->file();
}

std::int64_t VisitorStats::begin_session(std::string_view mode, std::string_view language,
                                         std::string_view level, Clock::time_point at) {
    assert(is_mode(mode) && "mode is kiosk, tour or desktop");
    assert(!language.empty() && !level.empty());
    statements_->begin.bind(1, mode).bind(2, language).bind(3, level).bind(4, to_unix_ms(at));
    statements_->begin.run();
    return sqlite3_last_insert_rowid(database_->handle());
}

void VisitorStats::set_language(std::int64_t session, std::string_view language) {
    assert(!language.empty());
    statements_->set_language.bind(1, session).bind(2, language).run();
    assert(sqlite3_changes(database_->handle()) == 1 && "a session begin_session returned");
}

void VisitorStats::set_level(std::int64_t session, std::string_view level) {
    assert(!level.empty());
    statements_->set_level.bind(1, session).bind(2, level).run();
    assert(sqlite3_changes(database_->handle()) == 1 && "a session begin_session returned");
}

void VisitorStats::record_view(std::int64_t session, std::string_view artifact_id,
                               double dwell_seconds, Clock::time_point at) {
    assert(!artifact_id.empty());
    assert(dwell_seconds >= 0.0 && "a dwell time, not a negative one");
    statements_->view.bind(1, session).bind(2, artifact_id).bind(3, dwell_seconds);
    statements_->view.bind(4, to_unix_ms(at)).run();
}

void VisitorStats::record_quiz_answer(std::int64_t session, std::string_view artifact_id,
                                      std::string_view question_id, std::string_view level,
                                      bool correct, Clock::time_point at) {
    assert(!artifact_id.empty() && !question_id.empty() && !level.empty());
    stats::Statement& insert = statements_->quiz_answer;
    insert.bind(1, session).bind(2, artifact_id).bind(3, question_id).bind(4, level);
    insert.bind(5, std::int64_t{correct ? 1 : 0}).bind(6, to_unix_ms(at)).run();
}

void VisitorStats::record_tour(std::int64_t session, std::string_view tour_id, int steps_shown,
                               Clock::time_point at) {
    assert(!tour_id.empty());
    assert(steps_shown >= 0);
    statements_->tour.bind(1, session).bind(2, tour_id).bind(3, std::int64_t{steps_shown});
    statements_->tour.bind(4, to_unix_ms(at)).run();
}

void VisitorStats::end_session(std::int64_t session, Clock::time_point at) {
    statements_->end.bind(1, session).bind(2, to_unix_ms(at)).run();
    assert(sqlite3_changes(database_->handle()) == 1 && "a session begin_session returned");
}

}  // namespace heritage::viewer
