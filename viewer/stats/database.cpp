#include "viewer/stats/database.h"

#include <array>
#include <cassert>
#include <string>

#include "exhibit/error.h"

namespace heritage::viewer::stats {
namespace {

// kMigrations[v] takes the schema from version v to v + 1. Append, never edit: a database in the
// field may be at any earlier version. The schema is described in viewer/stats/README.md.
constexpr std::array<const char*, kSchemaVersion> kMigrations = {
    // 0 -> 1: sessions and the three kinds of event in them.
    R"sql(
CREATE TABLE sessions (
  session_id INTEGER PRIMARY KEY,
  mode TEXT NOT NULL CHECK (mode IN ('kiosk', 'tour', 'desktop')),
  language TEXT NOT NULL,
  level TEXT NOT NULL,
  started_at_ms INTEGER NOT NULL,
  ended_at_ms INTEGER
);
CREATE INDEX sessions_by_start ON sessions (started_at_ms);
CREATE TABLE views (
  view_id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions (session_id),
  artifact_id TEXT NOT NULL,
  dwell_s REAL NOT NULL CHECK (dwell_s >= 0),
  at_ms INTEGER NOT NULL
);
CREATE INDEX views_by_session ON views (session_id);
CREATE TABLE quiz_answers (
  answer_id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions (session_id),
  artifact_id TEXT NOT NULL,
  question_id TEXT NOT NULL,
  level TEXT NOT NULL,
  correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
  at_ms INTEGER NOT NULL
);
CREATE INDEX quiz_answers_by_session ON quiz_answers (session_id);
CREATE TABLE tours (
  tour_run_id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions (session_id),
  tour_id TEXT NOT NULL,
  steps_shown INTEGER NOT NULL CHECK (steps_shown >= 0),
  at_ms INTEGER NOT NULL
);
CREATE INDEX tours_by_session ON tours (session_id);
)sql",
};

// How long a call waits for another connection (the report, a second viewer) to finish.
constexpr int kBusyTimeoutMs = 5000;

}  // namespace

Database::Database(const std::filesystem::path& file, Access access)
    : file_(file), access_(access) {
    const int flags = access == Access::ReadWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                                  : SQLITE_OPEN_READONLY;
    const int opened = sqlite3_open_v2(file.c_str(), &db_, flags, nullptr);
    if (opened != SQLITE_OK) {
        // db_ may hold a handle that only carries the error message; fail() reads it first.
        try {
            fail(opened, "cannot open the database");
        } catch (...) {
            sqlite3_close_v2(db_);
            throw;
        }
    }
    try {
        sqlite3_extended_result_codes(db_, 1);
        sqlite3_busy_timeout(db_, kBusyTimeoutMs);

        // Reading the version is the first read of the file: a file that is not SQLite fails
        // here, before anything is changed in it.
        const int version = read_user_version();
        if (version > kSchemaVersion) {
            throw Error(file_.string() +
                        ": made by a newer version of the viewer (statistics schema version " +
                        std::to_string(version) + ", this viewer knows up to " +
                        std::to_string(kSchemaVersion) + "); " +
                        (access_ == Access::ReadWrite
                             ? "update the viewer, or move the file aside to start a new one"
                             : "make the report with the newer viewer"));
        }
        if (access_ == Access::ReadOnly) {
            if (version == 0) {
                throw Error(file_.string() +
                            ": not a visitor statistics database (it has no statistics tables); "
                            "check that --state names the viewer's state folder");
            }
            if (version < kSchemaVersion) {
                throw Error(file_.string() + ": made by an older viewer (statistics schema " +
                            "version " + std::to_string(version) + ", this viewer reads " +
                            std::to_string(kSchemaVersion) +
                            "); run this viewer once on the folder to update it");
            }
            return;
        }

        // A SQLite file with no version but with tables is another program's: leave it alone.
        // Version and tables are read in one statement: another viewer may be creating the
        // schema at this moment, and then both change together.
        if (version == 0) {
            Statement tables(*this,
                             "SELECT user_version, (SELECT COUNT(*) FROM sqlite_schema) "
                             "FROM pragma_user_version",
                             "not a visitor statistics database");
            tables.step();
            const bool foreign = tables.column_int(0) == 0 && tables.column_int(1) > 0;
            while (tables.step()) {
            }
            if (foreign) {
                throw Error(file_.string() +
                            ": not a visitor statistics database (it holds another program's "
                            "tables); move the file aside and restart the viewer to start a new "
                            "one");
            }
        }

        // WAL + synchronous=FULL: a commit is on the disk when the call returns, and a power cut
        // at any moment leaves the last committed state. Foreign keys keep every event tied to a
        // session.
        Statement journal(*this, "PRAGMA journal_mode = WAL", "cannot turn on write-ahead logging");
        const bool has_row = journal.step();
        const std::string mode = has_row ? journal.column_text(0) : "";
        if (has_row) {
            while (journal.step()) {
            }
        }
        if (mode != "wal") {
            throw Error(file_.string() + ": cannot turn on write-ahead logging (journal mode " +
                        mode + "); put the state folder on a local disk");
        }
        execute("PRAGMA synchronous = FULL", "cannot set the database up");
        execute("PRAGMA foreign_keys = ON", "cannot set the database up");
        migrate();
    } catch (...) {
        sqlite3_close_v2(db_);
        throw;
    }
}

Database::~Database() {
    // close_v2 waits for the statements still open (Statement members destroyed later).
    sqlite3_close_v2(db_);
}

void Database::execute(const char* sql, std::string_view action) {
    const int result = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    if (result != SQLITE_OK) {
        fail(result, action);
    }
}

void Database::fail(int code, std::string_view action) const {
    const int primary = code & 0xff;
    const char* reason = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
    std::string advice;
    switch (primary) {
        case SQLITE_FULL:
            advice = "free some space on the disk";
            break;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            advice = "another program is using the database; close it and try again";
            break;
        case SQLITE_NOTADB:
        case SQLITE_CORRUPT:
            advice = access_ == Access::ReadWrite
                         ? "move the file aside and restart the viewer to start a new one"
                         : "check that --state names the viewer's state folder";
            break;
        case SQLITE_READONLY:
        case SQLITE_CANTOPEN:
        case SQLITE_PERM:
        case SQLITE_AUTH:
            advice = access_ == Access::ReadWrite
                         ? "check that the viewer may write to the state folder"
                         : "check that the file exists and may be read";
            break;
        case SQLITE_CONSTRAINT:
            advice = "this is a bug in the viewer; report it with this message";
            break;
        default:
            advice = "check the disk";
            break;
    }
    throw Error(file_.string() + ": " + std::string(action) + " (" + reason + "); " + advice);
}

int Database::read_user_version() {
    Statement statement(*this, "PRAGMA user_version", "not a visitor statistics database");
    const bool has_row = statement.step();
    assert(has_row && "PRAGMA user_version always returns one row");
    const int version = static_cast<int>(statement.column_int(0));
    while (statement.step()) {
    }
    return version;
}

void Database::migrate() {
    if (read_user_version() == kSchemaVersion) {
        return;
    }
    // IMMEDIATE takes the write lock first, so two viewers starting together cannot both
    // migrate; the version is read again under the lock.
    execute("BEGIN IMMEDIATE", "cannot update the database");
    try {
        const int version = read_user_version();
        assert(version <= kSchemaVersion && "checked when opening");
        for (int from = version; from < kSchemaVersion; ++from) {
            execute(kMigrations[static_cast<std::size_t>(from)], "cannot update the database");
        }
        const std::string set_version = "PRAGMA user_version = " + std::to_string(kSchemaVersion);
        execute(set_version.c_str(), "cannot update the database");
        execute("COMMIT", "cannot update the database");
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

Statement::Statement(Database& db, const char* sql, std::string_view action)
    : db_(db), action_(action) {
    const int result =
        sqlite3_prepare_v3(db.handle(), sql, -1, SQLITE_PREPARE_PERSISTENT, &statement_, nullptr);
    if (result != SQLITE_OK) {
        sqlite3_finalize(statement_);
        db_.fail(result, action_);
    }
}

Statement::~Statement() {
    sqlite3_finalize(statement_);
}

Statement& Statement::bind(int index, std::int64_t value) {
    const int result = sqlite3_bind_int64(statement_, index, value);
    assert(result == SQLITE_OK && "parameter index within the statement");
    (void)result;
    return *this;
}

Statement& Statement::bind(int index, double value) {
    const int result = sqlite3_bind_double(statement_, index, value);
    assert(result == SQLITE_OK && "parameter index within the statement");
    (void)result;
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    const int result = sqlite3_bind_text64(statement_, index, text.data(), text.size(),
                                           SQLITE_TRANSIENT, SQLITE_UTF8);
    assert(result == SQLITE_OK && "parameter index within the statement");
    (void)result;
    return *this;
}

bool Statement::step() {
    const int result = sqlite3_step(statement_);
    if (result == SQLITE_ROW) {
        return true;
    }
    if (result == SQLITE_DONE) {
        reset();
        return false;
    }
    // sqlite3_reset returns the same error again; the message is read before it.
    try {
        db_.fail(result, action_);
    } catch (...) {
        reset();
        throw;
    }
}

void Statement::run() {
    while (step()) {
    }
}

std::int64_t Statement::column_int(int index) const {
    return sqlite3_column_int64(statement_, index);
}

double Statement::column_double(int index) const {
    return sqlite3_column_double(statement_, index);
}

bool Statement::column_is_null(int index) const {
    return sqlite3_column_type(statement_, index) == SQLITE_NULL;
}

std::string Statement::column_text(int index) const {
    const unsigned char* text = sqlite3_column_text(statement_, index);
    const int size = sqlite3_column_bytes(statement_, index);
    return text == nullptr
               ? std::string()
               : std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

void Statement::reset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
}

}  // namespace heritage::viewer::stats
