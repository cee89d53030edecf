// The durable inbox and outbox on a real SQLite file: what survives a crash, what is deduplicated, what
// is counted as in doubt.

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

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

store::outbox_message reply(std::string text) {
  return {"response_url", "https://hooks.example/1", R"({"text":")" + text + R"("})", "U1", "C1", 1000};
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
  store::outbox_message instead{"dm", "U1", R"({"text":"x"})", "U1", "", 1000};
  q.settle({{how::replaced, rows[0].id, millis{9500}, {}, instead}});
  rows = q.claim(5, millis{9500});
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].message.kind == "dm");
  q.settle({{how::failed, rows[0].id, millis{9600}, "user_not_found", {}}});
  CHECK(q.counts().failed == 1);
  CHECK_FALSE(q.next_due().has_value());
  q.prune(10);  // done_at 9.6 s is older than 10 s
  CHECK(q.counts().failed == 0);
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
