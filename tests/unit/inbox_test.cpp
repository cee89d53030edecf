// The inbox between the sockets and the router (the inbox writer, the spill queue and the request
// runner), on a real SQLite file: what is acked is recorded, what a crash left unhandled is handled at
// the next start, a redelivered event is dropped, and a form's verdict is in its ack while its work
// is done after it.

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <limits>
#include <mutex>

#include "bot/app/backend.hpp"
#include "bot/app/serialized.hpp"
#include "bot/features/features.hpp"
#include "bot/slack/inbox_writer.hpp"
#include "bot/slack/request_runner.hpp"
#include "bot/slack/spill_queue.hpp"
#include "core/store/database.hpp"
#include "core/store/message_queues.hpp"
#include "tests/unit/fixture.hpp"

using namespace networkbot;
using nlohmann::json;

namespace {

struct db_dir {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("networkbot-dispatch-" + std::to_string(::getpid()) + "-" + std::to_string(next()));
  db_dir() { std::filesystem::create_directories(dir); }
  ~db_dir() { std::filesystem::remove_all(dir); }
  std::string db() const { return (dir / "bot.db").string(); }
  static int next() {
    static int n = 0;
    return n++;
  }
};

slack::envelope command_envelope(const std::string& id, const std::string& text) {
  slack::envelope e;
  e.id = id;
  e.type = "slash_commands";
  e.accepts_response_payload = true;
  e.payload = json{{"user_id", "U0STU1"}, {"team_id", "T1"}, {"channel_id", "C1"}, {"command", "/network"},
                   {"text", text}, {"trigger_id", "1.2.3"}, {"response_url", "https://hooks.example/" + id}};
  return e;
}

// The three parts over a fresh database file, wired as the bot wires them.
struct live_inbox {
  explicit live_inbox(const std::string& path, std::function<void()> on_queued = [] {}) : path_(path) {
    settings.staff.user_ids = {"U0STAFF1"};
    house.emplace(std::in_place, settings, content, clock, path_, features::register_all);
    writer.emplace(*house, queue, slack::identity{});
    runner.emplace(*house, queue, slack::identity{}, std::move(on_queued));
  }
  std::string path_;
  config::settings settings;
  config::content content = testing::bundled_content();
  core::manual_clock clock{core::time_point{std::chrono::seconds{1'795'000'000}}};
  std::optional<app::serialized<app::backend>> house;
  slack::spill_queue queue;
  std::optional<slack::inbox_writer> writer;
  std::optional<slack::request_runner> runner;

  template <class F>
  decltype(auto) db(F&& f) {
    return house->run([&](app::backend& b) -> decltype(auto) { return f(b); });
  }
};

}  // namespace

TEST_CASE("requests acked by a process that died are handled at the next start", "[dispatcher]") {
  db_dir dir;
  {
    // The previous process: it recorded and acked two commands, then died before handling them.
    // The rows are written as accept() writes them, and no worker ever handles them.
    store::database db(dir.db());
    store::message_queues q(db);
    for (const auto& [id, text] : {std::pair{"e1", "help"}, std::pair{"e2", "questions mentor"}}) {
      const auto e = command_envelope(id, text);
      (void)q.receive(e.type, "", json{{"type", e.type}, {"payload", e.payload}}.dump(), 1000);
    }
  }
  int wakes = 0;
  live_inbox live(dir.db(), [&] { ++wakes; });
  CHECK(live.db([](app::backend& b) { return b.queues.backlog().count; }) == 2);
  CHECK(live.writer->recover() == 2);
  live.runner->drain_and_stop();
  CHECK(live.db([](app::backend& b) { return b.queues.backlog().count; }) == 0);
  CHECK(live.db([](app::backend& b) { return b.queues.counts().waiting; }) == 2);  // one reply each, through its response_url
  const auto rows = live.db([](app::backend& b) { return b.queues.claim(10, store::millis{std::numeric_limits<std::int64_t>::max() / 2}); });
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].message.target == "https://hooks.example/e1");
  CHECK(rows[1].message.target == "https://hooks.example/e2");
  CHECK(wakes >= 1);
}

TEST_CASE("accept acks every envelope, records each once, and drops a redelivered event", "[dispatcher]") {
  db_dir dir;
  live_inbox live(dir.db());
  slack::envelope event;
  event.id = "e3";
  event.type = "events_api";
  event.payload = json{{"event_id", "Ev1"}, {"event", {{"type", "app_home_opened"}, {"user", "U0STU1"}, {"tab", "home"}}}};
  auto again = event;
  again.id = "e4";
  again.retry_attempt = 1;
  slack::envelope broken;
  broken.id = "e5";
  broken.type = "slash_commands";
  broken.payload = json::object();
  const auto acks = live.writer->accept({command_envelope("e1", "help"), event, again, broken});
  REQUIRE(acks.size() == 4);
  CHECK(json::parse(acks[0])["envelope_id"] == "e1");
  CHECK(json::parse(acks[3])["envelope_id"] == "e5");
  live.runner->drain_and_stop();
  const auto c = live.writer->counts();
  CHECK(c.envelopes == 4);
  CHECK(c.duplicates == 1);
  CHECK(c.malformed == 1);
  CHECK(live.runner->counts().handled == 2);  // the command and the Home
  CHECK(c.inbox_commits == 1);                // the four arrived together: one transaction
  CHECK(live.db([](app::backend& b) { return b.queues.counts().waiting; }) == 2);  // the command's reply and one views.publish
}

TEST_CASE("a burst larger than the in-memory queue is handled in full, in order, from the inbox", "[dispatcher]") {
  db_dir dir;
  live_inbox live(dir.db());
  std::vector<slack::envelope> burst;
  for (int i = 0; i < 700; ++i) burst.push_back(command_envelope("b" + std::to_string(i), "help"));
  // Three arrivals: most of it cannot wait in memory (256 at most) and waits in the inbox only.
  const auto first = std::vector<slack::envelope>(burst.begin(), burst.begin() + 300);
  const auto second = std::vector<slack::envelope>(burst.begin() + 300, burst.begin() + 600);
  const auto third = std::vector<slack::envelope>(burst.begin() + 600, burst.end());
  CHECK(live.writer->accept(first).size() == 300);
  CHECK(live.writer->accept(second).size() == 300);
  CHECK(live.writer->accept(third).size() == 100);
  live.runner->drain_and_stop();
  CHECK(live.runner->counts().handled == 700);
  CHECK(live.db([](app::backend& b) { return b.queues.backlog().count; }) == 0);
  const auto rows = live.db([](app::backend& b) { return b.queues.claim(1000, store::millis{std::numeric_limits<std::int64_t>::max() / 2}); });
  REQUIRE(rows.size() == 700);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    INFO(i);
    CHECK(rows[i].message.target == "https://hooks.example/b" + std::to_string(i));
  }
}
