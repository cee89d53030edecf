// The durable inbox and outbox on a real SQLite file: what survives a crash, what is deduplicated, what
// is counted as in doubt.

#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "core/store/database.hpp"
#include "core/store/message_queues.hpp"

using namespace networkbot;
using store::millis;
using how = store::message_queues::settlement::how;

namespace {

struct db_file {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("networkbot-queues-" + std::to_string(::getpid()) + "-" + std::to_string(next()));
  std::string path() const { return (dir / "bot.db").string(); }
  db_file() { std::filesystem::create_directories(dir); }
  ~db_file() { std::filesystem::remove_all(dir); }
  static int next() {
    static int n = 0;
    return n++;
  }
};

// The text each claimed row would send, for rows queued with reply().
std::vector<std::string> texts_of(const std::vector<store::outbox_entry>& rows) {
  std::vector<std::string> out;
  for (const auto& row : rows) {
    const std::string& body = row.message.body;  // {"text":"…"}
    out.push_back(body.size() > 11 ? body.substr(9, body.size() - 11) : body);
  }
  return out;
}

// A database made with today's schema, then turned back into an older one (`undo`) and given the rows
// that version would hold (`rows`): what an upgrade starts from.
void downgrade(const db_file& f, const char* undo, const char* rows) {
  store::database db(f.path());
  db.handle().exec(undo);
  db.handle().exec(rows);
}

store::outbox_message reply(std::string text) {
  return {"response_url", "https://hooks.example/1", R"({"text":")" + text + R"("})", "U1", "C1", 1000, {}};
}

}  // namespace

TEST_CASE("an envelope is received once per dedupe key; keyless ones always", "[store][queues]") {
  db_file f;
  store::database db(f.path());
  store::message_queues q(db);
  CHECK(q.receive("events_api", "Ev1", "{}", 100).has_value());
  CHECK_FALSE(q.receive("events_api", "Ev1", "{}", 101).has_value());
  CHECK(q.receive("slash_commands", "", "{}", 102).has_value());
  CHECK(q.receive("slash_commands", "", "{}", 103).has_value());
  CHECK(q.backlog().count == 3);
}

TEST_CASE("handling a row and queueing its messages happen together, and survive a reopen", "[store][queues]") {
  db_file f;
  {
    store::database db(f.path());
    store::message_queues q(db);
    const auto a = *q.receive("slash_commands", "", R"({"a":1})", 100);
    const auto b = *q.receive("slash_commands", "", R"({"b":2})", 101);
    q.handled_all({{a, {reply("one"), reply("two")}}}, millis{5000});
    (void)b;
  }
  store::database db(f.path());
  store::message_queues q(db);
  const auto left = q.unhandled(0, q.backlog().last, 10);
  REQUIRE(left.size() == 1);
  CHECK(left[0].payload == R"({"b":2})");
  CHECK(q.counts().waiting == 2);
  // What the handled request said is not kept once it is handled.
  CHECK(db.handle().execAndGet("SELECT count(*) FROM inbox WHERE payload LIKE '%\"a\"%'").getInt() == 0);
  CHECK(db.handle().execAndGet("SELECT count(*) FROM inbox WHERE handled = 1").getInt() == 1);
}

TEST_CASE("claimed rows left sending by a crash come back in doubt", "[store][queues]") {
  db_file f;
  {
    store::database db(f.path());
    store::message_queues q(db);
    q.enqueue({reply("1"), reply("2"), reply("3")}, millis{1000});
    const auto claimed = q.claim(2, millis{1000});
    REQUIRE(claimed.size() == 2);
    CHECK(claimed[0].attempts == 1);
    q.settle({{how::sent, claimed[0].id, millis{1100}, {}, {}}});
    // The process dies here with claimed[1] in flight.
  }
  store::database db(f.path());
  store::message_queues q(db);
  CHECK(q.recover_in_doubt() == 1);
  CHECK(q.recover_in_doubt() == 0);
  const auto again = q.claim(10, millis{2000});
  REQUIRE(again.size() == 2);
  CHECK(again[0].in_doubt);
  CHECK_FALSE(again[1].in_doubt);
  CHECK(q.counts().sent == 1);
}

TEST_CASE("rows wait for their time; retry, replace and failure move them", "[store][queues]") {
  db_file f;
  store::database db(f.path());
  store::message_queues q(db);
  q.enqueue({reply("x")}, millis{1000});
  auto rows = q.claim(5, millis{1000});
  REQUIRE(rows.size() == 1);
  q.settle({{how::retry, rows[0].id, millis{9000}, "ratelimited", {}}});
  CHECK(q.claim(5, millis{8999}).empty());
  CHECK(q.next_due() == millis{9000});
  rows = q.claim(5, millis{9000});
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].attempts == 2);
  store::outbox_message instead{"dm", "U1", R"({"text":"x"})", "U1", "", 1000, {}};
  q.settle({{how::replaced, rows[0].id, millis{9500}, {}, instead}});
  rows = q.claim(5, millis{9500});
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].message.kind == "dm");
  CHECK(rows[0].message.body == instead.body);
  q.settle({{how::failed, rows[0].id, millis{9600}, "user_not_found", {}}});
  CHECK(q.counts().failed == 1);
  CHECK_FALSE(q.next_due().has_value());
  q.prune(10);  // done_at 9.6 s is older than 10 s
  CHECK(q.counts().failed == 0);
  CHECK(db.handle().execAndGet("SELECT count(*) FROM outbox_body").getInt() == 0);
}

TEST_CASE("a sent message's body is forgotten; a waiting one's is kept", "[store][queues]") {
  db_file f;
  store::database db(f.path());
  store::message_queues q(db);
  q.enqueue({reply("sent"), reply("waits")}, millis{1000});
  const auto rows = q.claim(1, millis{1000});
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].message.body == R"({"text":"sent"})");
  q.settle({{how::sent, rows[0].id, millis{1100}, {}, {}}});
  CHECK(db.handle().execAndGet("SELECT count(*) FROM outbox_body").getInt() == 1);
  const auto next = q.claim(5, millis{1200});
  REQUIRE(next.size() == 1);
  CHECK(next[0].message.body == R"({"text":"waits"})");
}

TEST_CASE("messages with the same body share one stored copy until the last is sent", "[store][queues]") {
  db_file f;
  store::database db(f.path());
  store::message_queues q(db);
  const auto bodies = [&db] { return db.handle().execAndGet("SELECT count(*) FROM outbox_body").getInt(); };
  q.enqueue({reply("help"), reply("help"), reply("other")}, millis{1000});
  q.enqueue({reply("help")}, millis{1000});  // a later transaction finds the stored copy too
  CHECK(bodies() == 2);
  const auto rows = q.claim(10, millis{1000});
  REQUIRE(rows.size() == 4);
  CHECK(texts_of(rows) == std::vector<std::string>{"help", "help", "other", "help"});
  q.settle({{how::sent, rows[0].id, millis{1100}, {}, {}}, {how::sent, rows[1].id, millis{1100}, {}, {}}});
  CHECK(bodies() == 2);  // the fourth still waits for "help"
  q.settle({{how::sent, rows[3].id, millis{1100}, {}, {}}});
  CHECK(bodies() == 1);
  CHECK(db.handle().execAndGet("SELECT body FROM outbox_body").getString() == R"({"text":"other"})");
  // A replacement with a body already stored shares it; the old body goes when nothing sends it.
  q.enqueue({reply("again")}, millis{1000});
  q.settle({{how::replaced, rows[2].id, millis{1200}, {}, reply("again")}});
  CHECK(bodies() == 1);
  const auto replaced = q.claim(10, millis{1200});
  REQUIRE(replaced.size() == 2);
  for (const auto& row : replaced) CHECK(row.message.body == R"({"text":"again"})");
  q.settle({{how::sent, replaced[0].id, millis{1300}, {}, {}}, {how::sent, replaced[1].id, millis{1300}, {}, {}}});
  CHECK(bodies() == 0);
}

TEST_CASE("bodies with equal hashes are told apart by their text", "[store][queues]") {
  db_file f;
  store::database db(f.path());
  store::message_queues q(db);
  q.enqueue({reply("first"), reply("second")}, millis{1000});
  // Make the stored "first" look like a collision for "second": same hash, other text.
  db.handle().exec(R"(UPDATE outbox_body SET hash = (SELECT hash FROM outbox_body WHERE body = '{"text":"second"}') )"
                   R"(WHERE body = '{"text":"first"}')");
  q.enqueue({reply("second"), reply("first")}, millis{1000});
  const auto rows = q.claim(10, millis{1000});
  REQUIRE(rows.size() == 4);
  CHECK(texts_of(rows) == std::vector<std::string>{"first", "second", "second", "first"});
  CHECK(db.handle().execAndGet("SELECT count(*) FROM outbox_body").getInt() == 3);  // "first" twice
}

TEST_CASE("a version 14 database's group DMs keep whom to tell, now in a column, and their bodies lose the key", "[store][queues]") {
  db_file f;
  downgrade(f, "ALTER TABLE outbox DROP COLUMN notify; DELETE FROM schema_version WHERE version >= 15",
            "INSERT INTO outbox_body(id, body, hash) VALUES "
            R"sql((1, '{"blocks":[],"networkbot_if_refused_tell":"C0STAFF","text":"your group"}', 5), (2, '{"text":"plain"}', 6); )sql"
            "INSERT INTO outbox(kind, target, user_id, created_at, not_before, state, body_id) VALUES "
            "('dm', 'U1,U2', 'U1,U2', 1000, 1000, 0, 1), ('dm', 'U3', 'U3', 1000, 1000, 0, 2)");
  store::database db(f.path());
  CHECK(db.schema_version() == store::database::latest_schema_version());
  store::message_queues q(db);
  const auto rows = q.claim(5, millis{2000});
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].message.notify == "C0STAFF");
  CHECK(rows[0].message.body == R"({"blocks":[],"text":"your group"})");
  CHECK(rows[1].message.notify.empty());
  CHECK(rows[1].message.body == R"({"text":"plain"})");
}

TEST_CASE("a version 11 database's queued bodies are kept and still sent", "[store][queues]") {
  db_file f;
  // Today's schema turned back into version 11's: one body per message, under the message's id.
  downgrade(f,
            "ALTER TABLE outbox DROP COLUMN notify; DROP INDEX outbox_by_body; ALTER TABLE outbox DROP COLUMN body_id; "
            "DROP INDEX outbox_body_hash; ALTER TABLE outbox_body DROP COLUMN hash; DROP TABLE corrections; DROP TABLE pending_confirmations; "
            "DELETE FROM schema_version WHERE version >= 12",
            "INSERT INTO outbox(id, kind, target, created_at, not_before, state) VALUES "
            "(7, 'response_url', 'https://hooks.example/7', 1000, 1000, 0); "
            R"(INSERT INTO outbox_body(id, body) VALUES (7, '{"text":"queued"}'))");
  store::database db(f.path());
  CHECK(db.schema_version() == store::database::latest_schema_version());
  store::message_queues q(db);
  q.enqueue({reply("queued")}, millis{1000});  // the same text, queued after the upgrade
  const auto rows = q.claim(5, millis{2000});
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].id == 7);
  for (const auto& row : rows) CHECK(row.message.body == R"({"text":"queued"})");
  q.settle({{how::sent, rows[0].id, millis{2100}, {}, {}}, {how::sent, rows[1].id, millis{2100}, {}, {}}});
  CHECK(db.handle().execAndGet("SELECT count(*) FROM outbox_body").getInt() == 0);
}

TEST_CASE("a version 10 database's queued messages keep their bodies through the migration", "[store][queues]") {
  db_file f;
  // Today's schema turned back into version 10's outbox, where the body was a column of its own.
  downgrade(f,
            "ALTER TABLE outbox DROP COLUMN notify; DROP INDEX outbox_by_body; ALTER TABLE outbox DROP COLUMN body_id; DROP TABLE outbox_body; "
            "ALTER TABLE outbox ADD COLUMN body TEXT NOT NULL DEFAULT ''; DROP TABLE corrections; DROP TABLE pending_confirmations; "
            "DELETE FROM schema_version WHERE version >= 11",
            "INSERT INTO outbox(kind, target, body, created_at, not_before, state) VALUES "
            "('response_url', 'https://hooks.example/1', '{\"text\":\"queued\"}', 1000, 1000, 0), "
            "('response_url', 'https://hooks.example/2', '', 1000, 1000, 2)");
  store::database db(f.path());
  CHECK(db.schema_version() == store::database::latest_schema_version());
  store::message_queues q(db);
  const auto rows = q.claim(5, millis{2000});
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].message.target == "https://hooks.example/1");
  CHECK(rows[0].message.body == R"({"text":"queued"})");
  CHECK(q.counts().sent == 1);
}

TEST_CASE("a DM channel opened once is remembered across a restart", "[store][queues]") {
  db_file f;
  {
    store::database db(f.path());
    store::message_queues q(db);
    CHECK_FALSE(q.dm_channel("U1"));
    q.remember_dm_channel("U1", "D0001");
    q.remember_dm_channel("U1,U2", "G0002");
  }
  store::database db(f.path());
  store::message_queues q(db);
  CHECK(q.dm_channel("U1") == "D0001");
  CHECK(q.dm_channel("U1,U2") == "G0002");
  CHECK_FALSE(q.dm_channel("U2"));
}
