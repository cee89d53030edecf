#include "core/store/database.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>

#include <sqlite3.h>

#include <array>
#include <filesystem>
#include <string_view>
#include <vector>

namespace networkbot::store {

namespace {

// Each entry moves the schema from version i to i + 1, inside one transaction. Append only: a
// released migration is never edited.
constexpr std::array<std::string_view, 15> migrations{
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
    // v3: people get a storage id (a person imported by email has no Slack id yet), the consents,
    // Mix It Up participation and their mentor; the tracker, goals and action steps arrive.
    R"sql(
CREATE TABLE people_v3 (
  id                  INTEGER PRIMARY KEY,
  slack_id            TEXT UNIQUE,
  handle              TEXT,
  email               TEXT NOT NULL DEFAULT '',
  display_name        TEXT NOT NULL,
  pronouns            TEXT NOT NULL DEFAULT '',
  roles               INTEGER NOT NULL,
  program             TEXT NOT NULL DEFAULT '',
  module              INTEGER CHECK (module BETWEEN 0 AND 4),
  cohort              TEXT NOT NULL DEFAULT '',
  target_companies    TEXT NOT NULL DEFAULT '',
  mentor_id           INTEGER REFERENCES people_v3(id) ON DELETE SET NULL,
  company             TEXT NOT NULL DEFAULT '',
  title               TEXT NOT NULL DEFAULT '',
  graduating_cohort   TEXT NOT NULL DEFAULT '',
  open_to_chats       INTEGER NOT NULL DEFAULT 0,
  chats_per_month     INTEGER NOT NULL DEFAULT 0 CHECK (chats_per_month >= 0),
  available_to_mentor INTEGER NOT NULL DEFAULT 0,
  mentee_capacity     INTEGER NOT NULL DEFAULT 0 CHECK (mentee_capacity >= 0),
  background          TEXT NOT NULL DEFAULT '',
  interests           TEXT NOT NULL DEFAULT '',
  time_zone           TEXT NOT NULL DEFAULT '',
  mixitup             TEXT NOT NULL DEFAULT 'in' CHECK (mixitup IN ('in', 'snoozed', 'out')),
  snoozed_until       TEXT,
  active              INTEGER NOT NULL DEFAULT 1
);
INSERT INTO people_v3(slack_id, handle, email, display_name, pronouns, roles, program, module, cohort, company,
                      title, background, interests, time_zone, active)
  SELECT slack_id, handle, coalesce(email, ''), display_name, pronouns, roles, program, module, cohort, company,
         title, background, interests, time_zone, active FROM people;
DROP TABLE people;
ALTER TABLE people_v3 RENAME TO people;
CREATE UNIQUE INDEX people_handle ON people(lower(handle)) WHERE handle IS NOT NULL AND handle <> '';
CREATE UNIQUE INDEX people_email ON people(lower(email)) WHERE email <> '';
CREATE INDEX people_cohort ON people(cohort);

CREATE TABLE contacts (
  id                  INTEGER PRIMARY KEY,
  owner_id            INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  name                TEXT NOT NULL,
  slack_user          TEXT NOT NULL DEFAULT '',
  email               TEXT NOT NULL DEFAULT '',
  linkedin            TEXT NOT NULL DEFAULT '',
  company             TEXT NOT NULL DEFAULT '',
  role                TEXT NOT NULL DEFAULT '',
  warmth              TEXT NOT NULL CHECK (warmth IN ('warm', 'cold')),
  list                TEXT NOT NULL CHECK (list IN ('support', 'dormant', 'new')),
  why                 TEXT NOT NULL DEFAULT '',
  stage               TEXT NOT NULL CHECK (stage IN ('idea', 'messaged', 'scheduled', 'met', 'thanked')),
  takeaway            TEXT NOT NULL DEFAULT '',
  next_action         TEXT NOT NULL DEFAULT '',
  next_due            TEXT,
  created_at          INTEGER NOT NULL,
  last_interaction_at INTEGER
);
CREATE INDEX contacts_key ON contacts(owner_id, lower(name), lower(company));
CREATE INDEX contacts_due ON contacts(next_due) WHERE next_due IS NOT NULL;
CREATE TABLE contact_events (
  id         INTEGER PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  at         INTEGER NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('note', 'messaged', 'scheduled', 'met', 'thanked', 'takeaway')),
  text       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contact_events_contact ON contact_events(contact_id, at);
CREATE TABLE goals (
  owner_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
  level    INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
  due      TEXT,
  set_at   INTEGER NOT NULL
);
CREATE TABLE action_steps (
  id         INTEGER PRIMARY KEY,
  owner_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  module     INTEGER,
  text       TEXT NOT NULL,
  due        TEXT,
  created_at INTEGER NOT NULL,
  done_at    INTEGER
);
CREATE INDEX action_steps_owner ON action_steps(owner_id, id);
)sql",
    // v4: accountability buddies (asked, then accepted or declined by the other student), and when each
    // person first and last opened the App Home (the welcome shows once).
    R"sql(
CREATE TABLE buddies (
  id          INTEGER PRIMARY KEY,
  requester   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  partner     INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  state       TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'declined', 'ended')),
  created_at  INTEGER NOT NULL,
  answered_at INTEGER,
  CHECK (requester <> partner)
);
CREATE INDEX buddies_requester ON buddies(requester, state);
CREATE INDEX buddies_partner ON buddies(partner, state);
CREATE TABLE home_visits (
  person_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
  first_at  INTEGER NOT NULL,
  last_at   INTEGER NOT NULL
);
)sql",
    // v5: introductions with consent on both sides.
    R"sql(
CREATE TABLE intro_requests (
  id          INTEGER PRIMARY KEY,
  student_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  alum_id     INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  note        TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'declined', 'expired')),
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  answered_at INTEGER
);
CREATE INDEX intro_alum ON intro_requests(alum_id, state, answered_at);
CREATE INDEX intro_student ON intro_requests(student_id, state);
CREATE INDEX intro_expiry ON intro_requests(expires_at) WHERE state = 'pending';
)sql",
    // v6: Friday reflections, and the scheduled jobs that ran (each occurrence exactly once).
    R"sql(
CREATE TABLE reflections (
  id           INTEGER PRIMARY KEY,
  student_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  week         TEXT NOT NULL,
  learned      TEXT NOT NULL DEFAULT '',
  next_steps   TEXT NOT NULL DEFAULT '',
  confidence   INTEGER NOT NULL CHECK (confidence BETWEEN 1 AND 5),
  status       TEXT NOT NULL CHECK (status IN ('done', 'partly', 'not started')),
  submitted_at INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  UNIQUE (student_id, week)
);
CREATE INDEX reflections_week ON reflections(week);
CREATE TABLE job_runs (
  key    TEXT PRIMARY KEY,
  ran_at INTEGER NOT NULL
);
)sql",
    // v7: the bot's DM channel with each person (and group), opened once: conversations.open is itself
    // rate-limited, and a weekly reminder to every student would otherwise open each DM again.
    R"sql(
CREATE TABLE dm_channels (
  users      TEXT PRIMARY KEY,
  channel_id TEXT NOT NULL
);
)sql",
    // v8: who wants which nudges (the morning follow-up DM is opt-in).
    R"sql(
CREATE TABLE nudge_settings (
  person_id  INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
  follow_ups INTEGER NOT NULL DEFAULT 0,
  buddy      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX job_runs_ran_at ON job_runs(ran_at);
)sql",
    // v9: Mix It Up rounds as posted: groups, leaders, votes and check-ins (the history that keeps
    // people who met recently apart).
    R"sql(
CREATE TABLE mixitup_rounds (
  id        INTEGER PRIMARY KEY,
  posted_at INTEGER NOT NULL,
  meets_at  INTEGER,
  link      TEXT NOT NULL DEFAULT '',
  seed      INTEGER NOT NULL,
  cohorts   TEXT NOT NULL DEFAULT '',
  posted_by INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE mixitup_groups (
  id        INTEGER PRIMARY KEY,
  round_id  INTEGER NOT NULL REFERENCES mixitup_rounds(id) ON DELETE CASCADE,
  number    INTEGER NOT NULL,
  leader_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
  topic     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mixitup_groups_round ON mixitup_groups(round_id);
CREATE TABLE mixitup_members (
  group_id          INTEGER NOT NULL REFERENCES mixitup_groups(id) ON DELETE CASCADE,
  person_id         INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  confidence_before INTEGER NOT NULL DEFAULT 0,
  confidence_after  INTEGER CHECK (confidence_after BETWEEN 1 AND 5),
  vote              TEXT NOT NULL DEFAULT '',
  checked_in        TEXT NOT NULL DEFAULT '' CHECK (checked_in IN ('', 'met', 'missed')),
  left_out          INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (group_id, person_id)
);
CREATE INDEX mixitup_members_person ON mixitup_members(person_id);
)sql",
    // v10: what was deleted at students' request, as anonymous counts (no person: a cohort and a day).
    R"sql(
CREATE TABLE erasures (
  day             INTEGER NOT NULL,
  cohort          TEXT NOT NULL DEFAULT '',
  contacts        INTEGER NOT NULL,
  reflections     INTEGER NOT NULL,
  intro_requests  INTEGER NOT NULL,
  mixitup_answers INTEGER NOT NULL
);
)sql",
    // v11: the outbox's bodies in a table of their own. A queued reply's state changes three times (queued,
    // sending, sent) and its body never; with the body inline each change rewrote a page or two per
    // message, now a page holds the state of dozens. Sent messages lose their body, as before.
    R"sql(
CREATE TABLE outbox_body (
  id   INTEGER PRIMARY KEY,
  body TEXT NOT NULL
);
INSERT INTO outbox_body(id, body) SELECT id, body FROM outbox WHERE state <> 2;
ALTER TABLE outbox DROP COLUMN body;
)sql",
    // v12: a body queued many times at once (the same help page for a room of students, one reminder for a
    // whole cohort) is stored once and shared by its messages, found again by a hash of its text. Bodies
    // already queued keep hash 0: they are not shared, and still sent.
    R"sql(
ALTER TABLE outbox ADD COLUMN body_id INTEGER;
UPDATE outbox SET body_id = id WHERE id IN (SELECT id FROM outbox_body);
ALTER TABLE outbox_body ADD COLUMN hash INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_body_hash ON outbox_body(hash);
CREATE INDEX outbox_by_body ON outbox(body_id) WHERE body_id IS NOT NULL;
)sql",
    // v13: corrections a person made to their own records (an edited or deleted contact, an undone step,
    // a goal changed or cleared, a buddy link ended, an intro withdrawn), kept so the history still says
    // what happened. A deleted contact's line keeps its number only. Intro requests may be withdrawn by
    // the student who made them (SQLite cannot change a CHECK, so the table is rebuilt).
    R"sql(
CREATE TABLE corrections (
  id         INTEGER PRIMARY KEY,
  owner_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  at         INTEGER NOT NULL,
  kind       TEXT NOT NULL,
  contact_id INTEGER NOT NULL DEFAULT 0,
  summary    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX corrections_owner ON corrections(owner_id, at);
CREATE TABLE intro_requests_v13 (
  id          INTEGER PRIMARY KEY,
  student_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  alum_id     INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  note        TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'declined', 'expired', 'withdrawn')),
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  answered_at INTEGER
);
INSERT INTO intro_requests_v13 SELECT id, student_id, alum_id, note, state, created_at, expires_at, answered_at FROM intro_requests;
DROP TABLE intro_requests;
ALTER TABLE intro_requests_v13 RENAME TO intro_requests;
CREATE INDEX intro_alum ON intro_requests(alum_id, state, answered_at);
CREATE INDEX intro_student ON intro_requests(student_id, state);
CREATE INDEX intro_expiry ON intro_requests(expires_at) WHERE state = 'pending';
)sql",
    // v14: single-use confirmations. A staff preview (the mentor pairs for a cohort, a Mix It Up round)
    // stores exactly what it showed; its button carries only the id, and the first click marks it used
    // (by whom, when, and what came of it), so a second click applies nothing twice.
    R"sql(
CREATE TABLE pending_confirmations (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL,
  created_by INTEGER NOT NULL DEFAULT 0,
  payload    TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  used_at    INTEGER,
  used_by    INTEGER NOT NULL DEFAULT 0,
  result     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX pending_confirmations_created ON pending_confirmations(created_at);
)sql",
    // v15: who to tell when Slack will not add someone to a group DM gets a column of its own; it was
    // carried inside the message body under a private key, which the sender had to parse out before
    // sending. Messages still waiting move theirs over (their bodies lose the key; such a body is no
    // longer found again by its hash, so it is not shared: it is still sent).
    R"sql(
ALTER TABLE outbox ADD COLUMN notify TEXT NOT NULL DEFAULT '';
UPDATE outbox SET notify = coalesce((SELECT json_extract(b.body, '$.networkbot_if_refused_tell') FROM outbox_body AS b
                                     WHERE b.id = outbox.body_id AND json_valid(b.body)), '')
 WHERE kind = 'dm' AND body_id IS NOT NULL;
UPDATE outbox_body SET body = json_remove(body, '$.networkbot_if_refused_tell')
 WHERE json_valid(body) AND json_type(body, '$.networkbot_if_refused_tell') IS NOT NULL;
)sql",
};

constexpr std::string_view freed_pages_kept = "PRAGMA secure_delete=FAST";
constexpr std::string_view freed_pages_zeroed = "PRAGMA secure_delete=ON";

// SQLite keeps a running total of the memory it has allocated, behind a process-wide mutex taken on every
// allocation and free, which the bot's threads would contend for, for a figure nothing reads. It is
// turned off once, before the first connection (sqlite3_config is refused after that, which is harmless).
void configure_sqlite_once() {
  static const bool configured = [] {
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
}

}  // namespace

database::database(const std::string& path) {
  configure_sqlite_once();
  try {
    db_ = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db_->setBusyTimeout(5000);
    db_->exec("PRAGMA journal_mode=WAL");
    db_->exec("PRAGMA synchronous=NORMAL");
    db_->exec("PRAGMA foreign_keys=ON");
    db_->exec("PRAGMA cache_size=-512");  // KiB: the data is small, and the OS caches the file anyway
    // Deleted rows are zeroed where they lie, but a freed overflow page is not rewritten with zeros, as
    // Debian's SQLite does by default (secure_delete=ON): that rewrite would be paid again for every sent
    // reply's body the outbox forgets. A student's own erasure still overwrites everything
    // (overwrite_deleted).
    db_->exec(std::string(freed_pages_kept));
    db_->exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  } catch (const SQLite::Exception& e) {
    throw std::runtime_error("cannot open the database '" + path + "': " + e.what());
  }
  migrate();
}

database::~database() {
  statements_.clear();  // before the connection they were prepared on
}

namespace {

// Each request the router handles runs in a savepoint inside the dispatcher's batch transaction, so the
// statements that open and close one are prepared once and reused (database::cached) rather than parsed
// for every request.
class sqlite_transaction final : public core::transaction {
 public:
  sqlite_transaction(database& db, SQLite::Database& handle, int& savepoints)
      : db_(db), handle_(handle), savepoints_(savepoints) {
    if (sqlite3_get_autocommit(handle_.getHandle()) != 0) {
      db_.cached("BEGIN IMMEDIATE").exec();
    } else {
      depth_ = ++savepoints_;
      db_.cached(statement("SAVEPOINT", depth_)).exec();
    }
  }
  ~sqlite_transaction() override {
    if (done_) return;
    try {
      if (depth_ == 0) {
        handle_.exec("ROLLBACK");
      } else {
        --savepoints_;
        handle_.exec(statement("ROLLBACK TO", depth_));
        handle_.exec(statement("RELEASE", depth_));
      }
    } catch (const SQLite::Exception&) {  // nothing left to undo: SQLite rolled back already
    }
  }
  sqlite_transaction(const sqlite_transaction&) = delete;
  sqlite_transaction& operator=(const sqlite_transaction&) = delete;

  void commit() override {
    if (depth_ == 0) {
      db_.cached("COMMIT").exec();
    } else {
      db_.cached(statement("RELEASE", depth_)).exec();
      --savepoints_;
    }
    done_ = true;
  }

 private:
  static std::string statement(std::string_view verb, int depth) {
    std::string sql(verb);
    sql.append(" nb_").append(std::to_string(depth));
    return sql;
  }

  database& db_;
  SQLite::Database& handle_;
  int& savepoints_;
  int depth_ = 0;  // 0: the outermost transaction
  bool done_ = false;
};

}  // namespace

std::unique_ptr<core::transaction> database::begin() { return std::make_unique<sqlite_transaction>(*this, *db_, savepoints_); }

SQLite::Statement& database::cached(std::string_view sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    it = statements_.emplace(std::string(sql), std::make_unique<SQLite::Statement>(*db_, std::string(sql))).first;
  } else {
    it->second->reset();
    it->second->clearBindings();
  }
  return *it->second;
}

void database::backup_to(const std::string& path) {
  try {
    std::filesystem::remove(path + ".partial");
    {
      SQLite::Database copy(path + ".partial", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      SQLite::Backup backup(copy, *db_);
      // All pages in one step, inside one read transaction: a consistent snapshot. In WAL mode a
      // reader never blocks the bot's writers, and copying in one step means their writes cannot
      // restart the copy over and over.
      backup.executeStep(-1);
    }
    std::filesystem::rename(path + ".partial", path);
  } catch (const std::exception& e) {
    std::error_code ignored;
    std::filesystem::remove(path + ".partial", ignored);
    throw std::runtime_error("cannot back up to '" + path + "': " + e.what());
  }
}

database::overwrite_deleted::overwrite_deleted(database& db) : db_(db) { db_.db_->exec(std::string(freed_pages_zeroed)); }

database::overwrite_deleted::~overwrite_deleted() {
  try {
    db_.db_->exec(std::string(freed_pages_kept));
  } catch (...) {  // a setting left stricter than needed costs time, never data
  }
}

void database::set_cache_kib(int kib) { db_->exec("PRAGMA cache_size=-" + std::to_string(kib)); }

std::string database::logical_dump() {
  std::string out;
  SQLite::Statement tables(*db_, "SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'index') "
                                 "AND name NOT LIKE 'sqlite_%' ORDER BY type DESC, name");
  std::vector<std::string> names;
  while (tables.executeStep()) {
    out += tables.getColumn(1).getString() + ";\n";
    const std::string kind_sql = tables.getColumn(1).getString();
    if (kind_sql.starts_with("CREATE TABLE")) names.push_back(tables.getColumn(0).getString());
  }
  for (const auto& name : names) {
    SQLite::Statement rows(*db_, "SELECT * FROM \"" + name + "\" ORDER BY rowid");
    while (rows.executeStep()) {
      out += name + ":";
      for (int c = 0; c < rows.getColumnCount(); ++c) {
        const auto column = rows.getColumn(c);
        out += column.isNull() ? std::string("|NULL") : "|" + std::to_string(column.getType()) + ":" + column.getString();
      }
      out += "\n";
    }
  }
  return out;
}

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
