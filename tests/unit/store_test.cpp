#include <SQLiteCpp/SQLiteCpp.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/store/database.hpp"
#include "core/store/sqlite_people_directory.hpp"
#include "core/store/sqlite_privacy_store.hpp"
#include "store_world.hpp"

using namespace networkbot;

using networkbot::testing::temp_dir;

TEST_CASE("a new database is migrated, in WAL mode with foreign keys on", "[store]") {
  temp_dir dir;
  const auto file = (dir.path / "bot.db").string();
  store::database db(file);
  CHECK(db.schema_version() == store::database::latest_schema_version());
  CHECK(db.handle().execAndGet("PRAGMA journal_mode").getString() == "wal");
  CHECK(db.handle().execAndGet("PRAGMA foreign_keys").getInt() == 1);
  CHECK(db.handle().execAndGet("PRAGMA synchronous").getInt() == 1);  // NORMAL
  // Opening again does not migrate twice.
  store::database again(file);
  CHECK(again.handle().execAndGet("SELECT count(*) FROM schema_version").getInt() == store::database::latest_schema_version());
}

TEST_CASE("a database from a newer networkbot is refused with a clear message", "[store]") {
  temp_dir dir;
  const auto file = (dir.path / "bot.db").string();
  {
    store::database db(file);
    db.handle().exec("INSERT INTO schema_version(version) VALUES (999)");
  }
  try {
    store::database newer(file);
    FAIL("a newer schema was accepted");
  } catch (const store::schema_too_new& e) {
    CHECK_THAT(e.what(), Catch::Contains("schema version 999") && Catch::Contains("run a newer networkbot"));
  }
}

TEST_CASE("people round-trip through SQLite, and a failed batch writes nothing", "[store]") {
  temp_dir dir;
  store::database db((dir.path / "bot.db").string());
  store::sqlite_people_directory people(db);
  core::person a;
  a.slack_id = "U0AAAA0001";
  a.handle = "Maya";
  a.display_name = "Maya Ortiz";
  a.roles = {core::role::alum, core::role::mentor};
  a.interests = {"ruby", "sql"};
  a.module = 4;
  people.upsert(a);
  const auto back = people.find_by_handle("@maya");
  REQUIRE(back);
  CHECK(back->roles == a.roles);
  CHECK(back->interests == a.interests);
  CHECK(back->module == 4);

  core::person b = a;
  b.slack_id = "U0AAAA0002";
  b.handle = "other";
  core::person clash = a;
  clash.slack_id = "U0AAAA0003";  // same handle as a: violates the unique index
  CHECK_THROWS(people.upsert_all({b, clash}));
  CHECK(people.all().size() == 1);
}

TEST_CASE("a version 2 database is migrated to the tracker schema with its people kept", "[store]") {
  temp_dir dir;
  const auto file = dir.file("old.db");
  {
    SQLite::Database old(file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    old.exec("CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1), (2);");
    old.exec(R"sql(CREATE TABLE people (slack_id TEXT PRIMARY KEY, handle TEXT, email TEXT, display_name TEXT NOT NULL,
      pronouns TEXT NOT NULL DEFAULT '', roles INTEGER NOT NULL, program TEXT NOT NULL DEFAULT '',
      module INTEGER CHECK (module BETWEEN 0 AND 4), cohort TEXT NOT NULL DEFAULT '', company TEXT NOT NULL DEFAULT '',
      title TEXT NOT NULL DEFAULT '', background TEXT NOT NULL DEFAULT '', interests TEXT NOT NULL DEFAULT '',
      time_zone TEXT NOT NULL DEFAULT '', active INTEGER NOT NULL DEFAULT 1))sql");
    old.exec("INSERT INTO people(slack_id, handle, email, display_name, roles, program, module, cohort, interests) "
             "VALUES ('U0OLD0001', 'maya', NULL, 'Maya', 1, 'BE', 2, '2108', 'ruby;sql')");
    // Version 2's outbox, with a reply still queued.
    old.exec(R"sql(CREATE TABLE outbox (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, target TEXT NOT NULL,
      body TEXT NOT NULL, user_id TEXT NOT NULL DEFAULT '', channel_id TEXT NOT NULL DEFAULT '',
      created_at INTEGER NOT NULL, not_before INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
      state INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 3), in_doubt INTEGER NOT NULL DEFAULT 0,
      last_error TEXT NOT NULL DEFAULT '', done_at INTEGER))sql");
    old.exec("INSERT INTO outbox(kind, target, body, created_at, not_before) "
             "VALUES ('response_url', 'https://hooks.example/1', '{\"text\":\"hi\"}', 1000, 1000)");
  }
  store::database db(file);
  CHECK(db.schema_version() == store::database::latest_schema_version());
  store::sqlite_people_directory people(db);
  const auto maya = people.find_by_slack_id("U0OLD0001");
  REQUIRE(maya);
  CHECK(maya->id != 0);
  CHECK(maya->module == 2);
  CHECK(maya->interests == std::vector<std::string>{"ruby", "sql"});
  CHECK(maya->mixitup == core::mixitup_status::opted_in);
  CHECK_FALSE(maya->open_to_chats.on);
  CHECK(db.handle().execAndGet("SELECT body FROM outbox_body").getString() == R"({"text":"hi"})");
  SQLite::Statement violations(db.handle(), "PRAGMA foreign_key_check");
  CHECK_FALSE(violations.executeStep());
}

TEST_CASE("transactions nest: an inner commit counts only when the outer one commits", "[store]") {
  temp_dir dir;
  store::database db(dir.file("bot.db"));
  store::sqlite_people_directory people(db);
  auto add = [&](const char* id) {
    core::person p;
    p.slack_id = id;
    p.display_name = id;
    p.roles.add(core::role::staff);
    people.upsert(p);
  };
  {
    auto outer = db.begin();
    add("U0TX00001");
    {
      auto inner = db.begin();
      add("U0TX00002");
      inner->commit();
    }
    {
      auto rolled_back = db.begin();
      add("U0TX00003");
    }
  }  // the outer one never commits
  CHECK(people.all().empty());
  {
    auto outer = db.begin();
    add("U0TX00001");
    {
      auto rolled_back = db.begin();
      add("U0TX00003");
    }
    outer->commit();
  }
  CHECK(people.all().size() == 1);
  CHECK(people.find_by_slack_id("U0TX00001"));
}

TEST_CASE("a backup is a consistent copy taken while another connection is writing", "[store]") {
  testing::store_world w;
  w.load_sample_people();
  const std::string committed = w.db.logical_dump();
  // A second connection (the running bot) is half way through a write when the backup is taken.
  store::database bot(w.dir.file("networkbot.db"));
  store::sqlite_people_directory bot_people(bot);
  auto writing = bot.begin();
  auto p = *bot_people.find_by_slack_id("U0SAMP0001");
  p.display_name = "Not committed yet";
  bot_people.upsert(p);

  w.db.backup_to(w.dir.file("backup.db"));
  writing->commit();  // the bot was never blocked: its write goes through after the copy

  store::database copy(w.dir.file("backup.db"));
  CHECK(copy.logical_dump() == committed);
  CHECK(w.db.logical_dump() != committed);
  CHECK_THROWS_WITH(w.db.backup_to(w.dir.file("no-such-folder/backup.db")), Catch::Contains("cannot back up"));
}

TEST_CASE("what a student has deleted is overwritten in the file, not left in freed pages", "[store][privacy]") {
  temp_dir dir;
  const auto file = (dir.path / "bot.db").string();
  // Long enough to spill into an overflow page: the part that a plain delete frees without zeroing.
  std::string why;
  while (why.size() < 6000) why += "KEEPSAKE-7319 ";
  {
    store::database db(file);
    db.handle().exec("INSERT INTO people(id, slack_id, display_name, roles) VALUES (7, 'U0ERASE07', 'Noor', 1)");
    SQLite::Statement add(db.handle(), "INSERT INTO contacts(owner_id, name, warmth, list, stage, why, created_at) "
                                       "VALUES (7, 'Ada', 'warm', 'support', 'idea', ?, 0)");
    add.bind(1, why);
    add.exec();
    db.handle().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    store::sqlite_privacy_store privacy(db);
    const auto tx = db.begin();
    CHECK(privacy.forget(7, core::time_point{}).contacts == 1);
    tx->commit();
    CHECK(db.handle().execAndGet("PRAGMA secure_delete").getInt() == 2);  // FAST again afterwards
    db.handle().exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  std::ifstream in(file, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(bytes.size() > 0);
  CHECK(bytes.find("KEEPSAKE-7319") == std::string::npos);
}
