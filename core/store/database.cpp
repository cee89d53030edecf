#include "core/store/database.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <array>
#include <string_view>

namespace networkbot::store {

namespace {

// Each entry moves the schema from version i to i + 1, inside one transaction. Append only: a
// released migration is never edited.
constexpr std::array<std::string_view, 2> migrations{
    R"sql(
CREATE TABLE people (
  slack_id     TEXT PRIMARY KEY,
  handle       TEXT,
  email        TEXT,
  display_name TEXT NOT NULL,
  pronouns     TEXT NOT NULL DEFAULT '',
  roles        INTEGER NOT NULL,
  program      TEXT NOT NULL DEFAULT '',
  module       INTEGER CHECK (module BETWEEN 0 AND 4),
  cohort       TEXT NOT NULL DEFAULT '',
  company      TEXT NOT NULL DEFAULT '',
  title        TEXT NOT NULL DEFAULT '',
  background   TEXT NOT NULL DEFAULT '',
  interests    TEXT NOT NULL DEFAULT '',
  time_zone    TEXT NOT NULL DEFAULT '',
  active       INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX people_handle ON people(lower(handle)) WHERE handle IS NOT NULL AND handle <> '';
)sql",
    // v2: the Slack transport's durable inbox (what was acked) and outbox (what must still be sent).
    R"sql(
CREATE TABLE inbox (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,
  dedupe_key  TEXT UNIQUE,
  payload     TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  handled     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX inbox_unhandled ON inbox(id) WHERE handled = 0;
CREATE TABLE outbox (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,
  target      TEXT NOT NULL,
  body        TEXT NOT NULL,
  user_id     TEXT NOT NULL DEFAULT '',
  channel_id  TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  not_before  INTEGER NOT NULL,
  attempts    INTEGER NOT NULL DEFAULT 0,
  state       INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 3),
  in_doubt    INTEGER NOT NULL DEFAULT 0,
  last_error  TEXT NOT NULL DEFAULT '',
  done_at     INTEGER
);
CREATE INDEX outbox_due ON outbox(not_before, id) WHERE state = 0;
)sql",
};

}  // namespace

database::database(const std::string& path) {
  try {
    db_ = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db_->setBusyTimeout(5000);
    db_->exec("PRAGMA journal_mode=WAL");
    db_->exec("PRAGMA synchronous=NORMAL");
    db_->exec("PRAGMA foreign_keys=ON");
    db_->exec("PRAGMA cache_size=-512");  // KiB: the data is small, and the OS caches the file anyway
    db_->exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  } catch (const SQLite::Exception& e) {
    throw std::runtime_error("cannot open the database '" + path + "': " + e.what());
  }
  migrate();
}

database::~database() = default;

int database::latest_schema_version() { return static_cast<int>(migrations.size()); }

int database::schema_version() const {
  SQLite::Statement query(*db_, "SELECT coalesce(max(version), 0) FROM schema_version");
  query.executeStep();
  return query.getColumn(0).getInt();
}

void database::migrate() {
  const int current = schema_version();
  if (current > latest_schema_version()) {
    throw schema_too_new("the database '" + db_->getFilename() + "' has schema version " +
                         std::to_string(current) + ", but this networkbot knows only up to " +
                         std::to_string(latest_schema_version()) +
                         "; run a newer networkbot, or restore a backup made by this version");
  }
  for (int v = current; v < latest_schema_version(); ++v) {
    SQLite::Transaction tx(*db_);
    db_->exec(std::string(migrations[static_cast<std::size_t>(v)]));
    SQLite::Statement mark(*db_, "INSERT INTO schema_version(version) VALUES (?)");
    mark.bind(1, v + 1);
    mark.exec();
    tx.commit();
  }
}

}  // namespace networkbot::store
