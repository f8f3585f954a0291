#include "viewer/stats/visitor_stats.h"

#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "exhibit/error.h"
#include "tests/support/test_support.h"
#include "viewer/stats/report.h"

using namespace heritage::viewer;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// 2025-03-14 09:30:00 UTC: a fixed, injected clock.
const Clock::time_point kMorning = Clock::time_point{} + 1741944600s;

// A plain SQLite connection, to check the file independently of the code under test.
class Sql {
  public:
    explicit Sql(const fs::path& file) {
        REQUIRE(sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                nullptr) == SQLITE_OK);
    }
    ~Sql() { sqlite3_close(db_); }
    Sql(const Sql&) = delete;
    Sql& operator=(const Sql&) = delete;

    // Every row of `query`, each column as text ("NULL" for NULL).
    std::vector<std::vector<std::string>> rows(const std::string& query) {
        sqlite3_stmt* statement = nullptr;
        REQUIRE(sqlite3_prepare_v2(db_, query.c_str(), -1, &statement, nullptr) == SQLITE_OK);
        std::vector<std::vector<std::string>> result;
        int step = SQLITE_OK;
        while ((step = sqlite3_step(statement)) == SQLITE_ROW) {
            std::vector<std::string> row;
            for (int i = 0; i < sqlite3_column_count(statement); ++i) {
                const auto* text = sqlite3_column_text(statement, i);
                row.emplace_back(text ? reinterpret_cast<const char*>(text) : "NULL");
            }
            result.push_back(row);
        }
        sqlite3_finalize(statement);
        REQUIRE(step == SQLITE_DONE);
        return result;
    }
    std::string text(const std::string& query) {
        const auto result = rows(query);
        REQUIRE(result.size() == 1);
        return result[0][0];
    }
    long long integer(const std::string& query) { return std::stoll(text(query)); }
    void execute(const std::string& sql) {
        REQUIRE(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    }

  private:
    sqlite3* db_ = nullptr;
};

std::string error_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const heritage::Error& error) {
        return error.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("a session and its events are stored as recorded", "[issue-6][stats]") {
    const fs::path dir = heritage::test::make_temp_dir("stats-round-trip") / "state";
    std::int64_t session = 0;
    {
        VisitorStats stats(dir);
        CHECK(stats.database_file() == dir / "visitors.sqlite");
        session = stats.begin_session("kiosk", "vi", "primary", kMorning);
        CHECK(session > 0);
        stats.set_language(session, "en");
        stats.set_level(session, "lower_secondary");
        stats.record_view(session, "trong-dong-gia-phu", 42.5, kMorning + 45s);
        stats.record_quiz_answer(session, "trong-dong-gia-phu", "q1", "lower_secondary", true,
                                 kMorning + 60s);
        stats.record_quiz_answer(session, "trong-dong-gia-phu", "q2", "lower_secondary", false,
                                 kMorning + 75s);
        stats.record_tour(session, "thcs-lich-su-6", 4, kMorning + 300s);
        stats.end_session(session, kMorning + 310s);
    }

    Sql sql(dir / "visitors.sqlite");
    const std::string id = std::to_string(session);
    CHECK(sql.rows("SELECT mode, language, level, started_at_ms, ended_at_ms FROM sessions") ==
          std::vector<std::vector<std::string>>{
              {"kiosk", "en", "lower_secondary", "1741944600000", "1741944910000"}});
    CHECK(
        sql.rows("SELECT session_id, artifact_id, dwell_s, at_ms FROM views") ==
        std::vector<std::vector<std::string>>{{id, "trong-dong-gia-phu", "42.5", "1741944645000"}});
    CHECK(sql.rows("SELECT artifact_id, question_id, level, correct, at_ms FROM quiz_answers "
                   "ORDER BY answer_id") ==
          std::vector<std::vector<std::string>>{
              {"trong-dong-gia-phu", "q1", "lower_secondary", "1", "1741944660000"},
              {"trong-dong-gia-phu", "q2", "lower_secondary", "0", "1741944675000"}});
    CHECK(sql.rows("SELECT session_id, tour_id, steps_shown, at_ms FROM tours") ==
          std::vector<std::vector<std::string>>{{id, "thcs-lich-su-6", "4", "1741944900000"}});
    CHECK(sql.text("PRAGMA journal_mode") == "wal");
    CHECK(sql.integer("PRAGMA user_version") == 1);
}

TEST_CASE("a second viewer on the same folder goes on from the first", "[issue-6][stats]") {
    const fs::path dir = heritage::test::make_temp_dir("stats-reopen");
    VisitorStats first(dir);
    const std::int64_t a = first.begin_session("tour", "vi", "primary", kMorning);
    VisitorStats second(dir);  // a second process or a restart: both may write
    const std::int64_t b = second.begin_session("desktop", "en", "upper_secondary", kMorning + 1s);
    first.end_session(a, kMorning + 2s);
    second.record_view(b, "khen-mong", 3.0, kMorning + 4s);
    CHECK(b == a + 1);
    Sql sql(dir / "visitors.sqlite");
    CHECK(sql.integer("SELECT COUNT(*) FROM sessions") == 2);
    CHECK(sql.integer("SELECT COUNT(*) FROM views WHERE session_id = " + std::to_string(b)) == 1);
}

TEST_CASE("foreign keys are on: an event needs its session", "[issue-6][stats]") {
    const fs::path dir = heritage::test::make_temp_dir("stats-foreign-keys");
    VisitorStats stats(dir);
    CHECK(error_of([&] { stats.record_view(12345, "khen-mong", 1.0, kMorning); }) ==
          (dir / "visitors.sqlite").string() +
              ": cannot save the visit (FOREIGN KEY constraint failed); this is a bug in the "
              "viewer; report it with this message");
    Sql sql(dir / "visitors.sqlite");
    CHECK(sql.integer("SELECT COUNT(*) FROM views") == 0);
}

TEST_CASE("an empty visitors.sqlite is set up as a new database", "[issue-6][stats]") {
    const fs::path dir = heritage::test::make_temp_dir("stats-empty-file");
    heritage::test::write_text(dir / "visitors.sqlite", "");
    VisitorStats stats(dir);
    stats.begin_session("kiosk", "vi", "primary", kMorning);
    Sql sql(dir / "visitors.sqlite");
    CHECK(sql.integer("PRAGMA user_version") == 1);
    CHECK(sql.integer("SELECT COUNT(*) FROM sessions") == 1);
}

TEST_CASE("a state folder that is a file is refused", "[issue-6][stats]") {
    const fs::path file = heritage::test::make_temp_dir("stats-file") / "state";
    heritage::test::write_text(file, "not a folder");
    CHECK(error_of([&] { VisitorStats stats(file); }) ==
          file.string() +
              ": is a file, not a folder; choose a folder for the visitor statistics with --state");
    CHECK(heritage::test::read_text(file) == "not a folder");
}

TEST_CASE("a state folder under a file cannot be created", "[issue-6][stats]") {
    const fs::path file = heritage::test::make_temp_dir("stats-under-file") / "plain";
    heritage::test::write_text(file, "x");
    CHECK(error_of([&] { VisitorStats stats(file / "state"); }) ==
          (file / "state").string() +
              ": cannot create the state folder (Not a directory); check that the viewer may "
              "write there, or choose another folder with --state");
}

TEST_CASE("a garbage database is refused and left as it was", "[issue-6][stats]") {
    const fs::path dir = heritage::test::make_temp_dir("stats-garbage");
    const std::string garbage(4096, 'G');
    heritage::test::write_text(dir / "visitors.sqlite", garbage);
    CHECK(error_of([&] { VisitorStats stats(dir); }) ==
          (dir / "visitors.sqlite").string() +
              ": not a visitor statistics database (file is not a database); move the file "
              "aside and restart the viewer to start a new one");
    CHECK(heritage::test::read_text(dir / "visitors.sqlite") == garbage);
    CHECK(error_of([&] { compute_annual_report(dir, 2025); }) ==
          (dir / "visitors.sqlite").string() +
              ": not a visitor statistics database (file is not a database); check that --state "
              "names the viewer's state folder");
}

TEST_CASE("another program's database is refused and left as it was", "[issue-6][stats]") {
    const fs::path dir = heritage::test::make_temp_dir("stats-foreign");
    {
        Sql sql(dir / "visitors.sqlite");
        sql.execute("CREATE TABLE guestbook (name TEXT); INSERT INTO guestbook VALUES ('An')");
    }
    CHECK(error_of([&] { VisitorStats stats(dir); }) ==
          (dir / "visitors.sqlite").string() +
              ": not a visitor statistics database (it holds another program's tables); move the "
              "file aside and restart the viewer to start a new one");
    Sql sql(dir / "visitors.sqlite");
    CHECK(sql.text("PRAGMA journal_mode") == "delete");
    CHECK(sql.integer("SELECT COUNT(*) FROM guestbook") == 1);
    CHECK(sql.integer("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'sessions'") == 0);
}

TEST_CASE("a database from a newer viewer is refused and left as it was", "[issue-6][stats]") {
    const fs::path dir = heritage::test::make_temp_dir("stats-newer");
    {
        VisitorStats stats(dir);
        stats.begin_session("kiosk", "vi", "primary", kMorning);
    }
    {
        Sql sql(dir / "visitors.sqlite");
        sql.execute("PRAGMA user_version = 2; CREATE TABLE added_later (x)");
    }
    const std::string file = (dir / "visitors.sqlite").string();
    CHECK(error_of([&] { VisitorStats stats(dir); }) ==
          file +
              ": made by a newer version of the viewer (statistics schema version 2, this viewer "
              "knows up to 1); update the viewer, or move the file aside to start a new one");
    CHECK(error_of([&] { compute_annual_report(dir, 2025); }) ==
          file +
              ": made by a newer version of the viewer (statistics schema version 2, this viewer "
              "knows up to 1); make the report with the newer viewer");
    Sql sql(dir / "visitors.sqlite");
    CHECK(sql.integer("PRAGMA user_version") == 2);
    CHECK(sql.integer("SELECT COUNT(*) FROM sessions") == 1);
}

// A hard power-off cannot be simulated in a test; SIGKILL at a random moment of a write is the
// nearest: the process stops between any two instructions, with SQLite's files half written.
TEST_CASE("killing the recording process mid-write loses at most the current session",
          "[issue-6][stats]") {
    const fs::path dir = heritage::test::make_temp_dir("stats-kill");
    const int kill_after_ms[] = {50, 83, 117, 150, 200};
    std::set<std::int64_t> completed;  // sessions the child reported as fully recorded
    long long rounds_with_work = 0;

    for (const int delay_ms : kill_after_ms) {
        int pipe_ends[2];
        REQUIRE(pipe(pipe_ends) == 0);
        const pid_t child = fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            // The child: record sessions as fast as it can, and after each one tell the parent
            // which session is complete (everything before the write is committed).
            close(pipe_ends[0]);
            try {
                VisitorStats stats(dir);
                for (int i = 0;; ++i) {
                    const Clock::time_point at = kMorning + std::chrono::seconds(i * 60);
                    const std::int64_t session = stats.begin_session("kiosk", "vi", "primary", at);
                    stats.set_language(session, "en");
                    stats.record_view(session, "trong-dong-gia-phu", 20.0, at + 20s);
                    stats.record_view(session, "khen-mong", 10.0, at + 30s);
                    stats.record_quiz_answer(session, "khen-mong", "q1", "primary", i % 2 == 0,
                                             at + 35s);
                    stats.record_tour(session, "tieu-hoc-lop-4-5", 3, at + 50s);
                    stats.end_session(session, at + 55s);
                    if (write(pipe_ends[1], &session, sizeof session) != sizeof session) {
                        _exit(2);
                    }
                }
            } catch (...) {
                _exit(3);
            }
        }
        close(pipe_ends[1]);
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        REQUIRE(kill(child, SIGKILL) == 0);
        int status = 0;
        REQUIRE(waitpid(child, &status, 0) == child);
        INFO("the child must still be writing when it is killed, not have stopped on an error");
        CHECK((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));
        std::int64_t session = 0;
        std::size_t before = completed.size();
        while (read(pipe_ends[0], &session, sizeof session) == sizeof session) {
            completed.insert(session);
        }
        close(pipe_ends[0]);
        rounds_with_work += completed.size() > before ? 1 : 0;
    }
    CHECK(rounds_with_work == static_cast<long long>(std::size(kill_after_ms)));

    Sql sql(dir / "visitors.sqlite");
    CHECK(sql.text("PRAGMA integrity_check") == "ok");
    CHECK(sql.rows("PRAGMA foreign_key_check").empty());
    // Every recorded event belongs to a session.
    for (const char* table : {"views", "quiz_answers", "tours"}) {
        INFO(table);
        CHECK(sql.integer(std::string("SELECT COUNT(*) FROM ") + table +
                          " WHERE session_id NOT IN (SELECT session_id FROM sessions)") == 0);
    }
    // Every session reported complete is there in full.
    const auto complete = sql.rows(
        "SELECT s.session_id FROM sessions s WHERE s.ended_at_ms IS NOT NULL AND s.language = 'en'"
        " AND (SELECT COUNT(*) FROM views v WHERE v.session_id = s.session_id) = 2"
        " AND (SELECT COUNT(*) FROM quiz_answers q WHERE q.session_id = s.session_id) = 1"
        " AND (SELECT COUNT(*) FROM tours t WHERE t.session_id = s.session_id) = 1");
    std::set<std::int64_t> complete_in_database;
    for (const auto& row : complete) {
        complete_in_database.insert(std::stoll(row[0]));
    }
    for (const std::int64_t id : completed) {
        INFO("session " << id);
        CHECK(complete_in_database.count(id) == 1);
    }
    // Each kill cut at most one session short (the current one, and the one written between the
    // last end_session and the pipe write).
    const long long sessions = sql.integer("SELECT COUNT(*) FROM sessions");
    CHECK(sessions - static_cast<long long>(complete_in_database.size()) <=
          static_cast<long long>(std::size(kill_after_ms)));
    CHECK(static_cast<long long>(completed.size()) >=
          sessions - 2 * static_cast<long long>(std::size(kill_after_ms)));

    // The database opens again, takes new sessions, and every session counts as a visit.
    VisitorStats stats(dir);
    const std::int64_t next = stats.begin_session("kiosk", "vi", "primary", kMorning);
    CHECK(next > *completed.rbegin());
    const AnnualReport report = compute_annual_report(dir, 2025);
    CHECK(report.visits == sessions + 1);
}
