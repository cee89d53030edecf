#pragma once
// The embedded SQLite database: opened in WAL mode with foreign keys on, synchronous=NORMAL and a busy
// timeout, and migrated to the schema this binary knows. A database written by a newer networkbot is
// refused (schema_too_new) rather than guessed at.

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/storage.hpp"

namespace SQLite {
class Database;
class Statement;
}

namespace networkbot::store {

class schema_too_new : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class database final : public core::transactions {
 public:
  // path ":memory:" gives a private in-memory database (the console's sample workspace).
  // Throws schema_too_new, or std::runtime_error with a message naming the path on any other failure.
  explicit database(const std::string& path);
  ~database() override;
  database(const database&) = delete;
  database& operator=(const database&) = delete;

  [[nodiscard]] int schema_version() const;
  [[nodiscard]] static int latest_schema_version();
  [[nodiscard]] SQLite::Database& handle() { return *db_; }

  // BEGIN IMMEDIATE when no transaction is open (so a read-then-write never fails half way on a
  // busy database), else a savepoint inside the open one.
  [[nodiscard]] std::unique_ptr<core::transaction> begin() override;

  // A prepared statement for `sql`, reset and with its bindings cleared, kept for the next call.
  // Not re-entrant: finish with one before asking for the same SQL again.
  [[nodiscard]] SQLite::Statement& cached(std::string_view sql);

  // A consistent copy of the whole database into `path` through SQLite's online backup API, while
  // other connections go on reading and writing. Throws std::runtime_error naming the path.
  void backup_to(const std::string& path);

  // The page cache of this connection, in KiB. The bot keeps it small; a bulk import wants room for
  // the indexes it updates, or every insert reads and writes pages through the OS.
  void set_cache_kib(int kib);

  // For its lifetime, every page the connection frees is overwritten with zeros, so that what a person
  // asked to have deleted does not stay in the file's free pages. Outside one, deleted rows are zeroed
  // where they lie but freed pages are left as they are (the cheaper default, see the constructor).
  class overwrite_deleted {
   public:
    explicit overwrite_deleted(database& db);
    ~overwrite_deleted();
    overwrite_deleted(const overwrite_deleted&) = delete;
    overwrite_deleted& operator=(const overwrite_deleted&) = delete;

   private:
    database& db_;
  };

  // Every table's rows in a fixed order, as text: two databases with equal dumps hold the same data.
  [[nodiscard]] std::string logical_dump();

 private:
  void migrate();
  std::unique_ptr<SQLite::Database> db_;
  // Looked up by the SQL text as written at the call, without copying it into a key each time.
  struct text_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
  };
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>, text_hash, std::equal_to<>> statements_;
  int savepoints_ = 0;
};

}  // namespace networkbot::store
