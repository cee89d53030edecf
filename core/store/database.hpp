#pragma once
// The embedded SQLite database: opened in WAL mode with foreign keys on, synchronous=NORMAL and a busy
// timeout, and migrated to the schema this binary knows. A database written by a newer networkbot is
// refused (schema_too_new) rather than guessed at.

#include <memory>
#include <stdexcept>
#include <string>

namespace SQLite {
class Database;
}

namespace networkbot::store {

class schema_too_new : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class database {
 public:
  // path ":memory:" gives a private in-memory database (the console's sample workspace).
  // Throws schema_too_new, or std::runtime_error with a message naming the path on any other failure.
  explicit database(const std::string& path);
  ~database();
  database(const database&) = delete;
  database& operator=(const database&) = delete;

  [[nodiscard]] int schema_version() const;
  [[nodiscard]] static int latest_schema_version();
  [[nodiscard]] SQLite::Database& handle() { return *db_; }

 private:
  void migrate();
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace networkbot::store
