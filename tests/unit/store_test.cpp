#include <SQLiteCpp/SQLiteCpp.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "core/store/database.hpp"
#include "core/store/sqlite_people_directory.hpp"

using namespace networkbot;

namespace {
struct temp_dir {
  std::filesystem::path path;
  temp_dir() {
    path = std::filesystem::temp_directory_path() /
           ("networkbot-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::create_directories(path);
  }
  ~temp_dir() { std::filesystem::remove_all(path); }
  static int& counter() {
    static int n = 0;
    return n;
  }
};
}  // namespace

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
