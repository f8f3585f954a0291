// viewer/stats/database.h: the SQLite file behind the visitor statistics: opening it with the
// settings that let it survive a power cut, its schema and its migrations. Internal to
// heritage_viewer_stats; the schema is documented in viewer/stats/README.md.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace heritage::viewer::stats {

// The schema this code writes and reads, kept in PRAGMA user_version. Raise it by one with each
// migration appended in database.cpp.
constexpr int kSchemaVersion = 1;

// The database's name inside a viewer's state folder.
constexpr std::string_view kDatabaseFileName = "visitors.sqlite";

enum class Access {
    ReadWrite,  // the recorder: creates the file and migrates an older schema
    ReadOnly,   // the report: reads the file as it is, changes nothing
};

// One open connection. Every failure throws heritage::Error naming the file, what failed,
// SQLite's reason and what to do.
class Database {
  public:
    // ReadWrite: creates `file` if needed, turns on WAL, synchronous=FULL and foreign keys, and
    // migrates the schema to kSchemaVersion. ReadOnly: `file` must exist and hold kSchemaVersion.
    // Throws Error when the file is not a SQLite database, holds another program's tables, was
    // made by a newer viewer, or cannot be opened.
    Database(const std::filesystem::path& file, Access access);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    sqlite3* handle() const { return db_; }
    const std::filesystem::path& file() const { return file_; }

    // Runs statements with no result rows. `action` says what was being done, for the message
    // ("cannot save the visit").
    void execute(const char* sql, std::string_view action);

    // Throws the Error for SQLite result `code` met while doing `action`.
    [[noreturn]] void fail(int code, std::string_view action) const;

  private:
    int read_user_version();
    void migrate();

    std::filesystem::path file_;
    Access access_;
    sqlite3* db_ = nullptr;
};

// A prepared statement, reset after each use so it can be kept and run again.
class Statement {
  public:
    // `action` names the operation for error messages ("cannot save the visit").
    Statement(Database& db, const char* sql, std::string_view action);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Binds the 1-based parameter `index`.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text);

    // Steps once: true when a row is ready to read, false when the statement is done (it is then
    // reset, its bindings cleared). Throws Error on failure (after a reset).
    bool step();

    // Steps to the end, for statements that return no rows.
    void run();

    std::int64_t column_int(int index) const;
    double column_double(int index) const;
    bool column_is_null(int index) const;
    std::string column_text(int index) const;

  private:
    void reset();

    Database& db_;
    sqlite3_stmt* statement_ = nullptr;
    std::string action_;
};

}  // namespace heritage::viewer::stats
