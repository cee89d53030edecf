// networkbot run, end to end: the real binary against the fake Slack over TLS. These tests assert counts
// and what Slack saw; how fast it all went is the benchmark's business (tests/bench).

#include <csignal>
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>

#include "core/store/database.hpp"
#include "config/config.hpp"
#include "core/store/sqlite_people_directory.hpp"
#include "core/store/sqlite_mixitup_store.hpp"
#include "core/store/sqlite_reflection_store.hpp"
#include "tests/e2e/slack_world.hpp"

using namespace networkbot::testing;
using nlohmann::json;

namespace {

std::vector<std::pair<std::string, std::string>> commands(int n, int from = 0) {
  std::vector<std::pair<std::string, std::string>> out;
  for (int i = from; i < from + n; ++i) out.emplace_back(std::string("U").append(std::to_string(100000 + i)), i % 2 == 0 ? "help" : "questions");
  return out;
}

bool acks_reach(fake_slack& fake, std::size_t n) {
  return fake.wait_for([n](const fake_slack& f) { return f.ack_count() >= n; });
}

bool replies_reach(fake_slack& fake, std::size_t n) {
  return fake.wait_for([n](const fake_slack& f) { return f.replied_urls() >= n; });
}

std::size_t duplicates(const fake_slack& fake) {
  std::size_t extra = 0;
  for (const auto& [url, times] : fake.response_url_deliveries()) extra += static_cast<std::size_t>(times - 1);
  return extra;
}

// The bot's summary line at exit.
std::string summary(const slack_world& w) {
  const auto lines = w.log_lines("networkbot stopped:");
  return lines.empty() ? std::string{} : lines.back();
}

}  // namespace

TEST_CASE("1,000 commands through a refresh, an abrupt close, 429s, 500s and GOAWAYs: every reply once", "[e2e][slack]") {
  slack_world w;
  auto& fake = w.fake();
  REQUIRE(w.start());
  fake.set_http_faults({.rate_limit_percent = 10, .retry_after_seconds = 1, .server_error_percent = 5, .seed = 7});
  // Every HTTP/2 connection takes 97 requests, then says GOAWAY: what was in flight above that goes again.
  fake.set_http2_max_requests(97);

  // A quarter on the two first connections.
  (void)fake.send_commands(commands(250, 0));
  REQUIRE(acks_reach(fake, 250));

  // Slack recycles connection 0: the bot opens the replacement before it lets the old one go.
  fake.disconnect(0, "refresh_requested");
  REQUIRE(fake.wait_for([](const fake_slack& f) { return f.connections_opened() >= 3 && f.open_connections() == 2; }));
  (void)fake.send_commands(commands(250, 250));
  REQUIRE(acks_reach(fake, 500));

  // Connection 1 dies without a goodbye; the next quarter goes out at once, while its slot reconnects.
  fake.close_abruptly(1);
  (void)fake.send_commands(commands(250, 500));
  REQUIRE(acks_reach(fake, 750));
  REQUIRE(fake.wait_for([](const fake_slack& f) { return f.open_connections() == 2; }));
  (void)fake.send_commands(commands(250, 750));
  REQUIRE(acks_reach(fake, 1000));

  REQUIRE(replies_reach(fake, 1000));
  CHECK(fake.dropped() == 0);
  CHECK(fake.ack_count() == 1000);
  CHECK(fake.response_url_deliveries().size() == 1000);
  CHECK(duplicates(fake) == 0);
  CHECK(fake.protocol_violations().empty());
  // Some replies met a 429 or a 500 first and were sent again.
  const auto reply_calls = fake.calls_to("response_url");
  const auto failed_first =
      std::count_if(reply_calls.begin(), reply_calls.end(), [](const http_call& c) { return c.status != 200; });
  CHECK(failed_first > 0);
  CHECK(fake.http2_connections() > 10);  // the replies went over HTTP/2, through many GOAWAYs

  CHECK(w.stop(SIGTERM) == 0);
  CHECK(fake.wait_for([](const fake_slack& f) { return f.open_connections() == 0; }));
  const std::string last = summary(w);
  CHECK(last.find("1000 acks") != std::string::npos);
  CHECK(last.find("0 still waiting") != std::string::npos);
  CHECK(last.find(" 0 HTTP/1.1") != std::string::npos);
}

TEST_CASE("kill -9 while 500 replies are going out, then a restart: all 500 delivered", "[e2e][slack]") {
  slack_world w({.concurrency = 4});
  auto& fake = w.fake();
  REQUIRE(w.start());
  // Slack fails every reply while the burst is acked, so that all 500 wait in the outbox.
  fake.set_http_faults({.server_error_percent = 100});
  (void)fake.send_commands(commands(500));
  REQUIRE(acks_reach(fake, 500));
  fake.kill_after("response_url", 150, w.bot().pid(), SIGKILL);
  fake.set_http_faults({});
  CHECK(w.bot().wait() == 128 + SIGKILL);
  const std::size_t before_restart = fake.response_url_deliveries().size();
  CHECK(before_restart >= 150);
  CHECK(before_restart < 500);
  REQUIRE(fake.wait_for([](const fake_slack& f) { return f.open_connections() == 0; }));

  REQUIRE(w.start());
  REQUIRE(replies_reach(fake, 500));
  CHECK(w.stop(SIGTERM) == 0);

  CHECK(fake.response_url_deliveries().size() == 500);
  const auto resent = w.log_lines("in_doubt=");
  REQUIRE(resent.size() >= 1);
  const long in_doubt = number_after(resent.front(), "in_doubt");
  INFO("in doubt " << in_doubt << ", delivered twice " << duplicates(fake));
  CHECK(in_doubt >= 1);  // the one the fake never answered
  CHECK(in_doubt <= w.options().concurrency);
  CHECK(duplicates(fake) <= static_cast<std::size_t>(in_doubt));
  CHECK(fake.protocol_violations().empty());
}

TEST_CASE("malformed frames and unknown envelope types are skipped; the session goes on", "[e2e][slack]") {
  slack_world w;
  auto& fake = w.fake();
  REQUIRE(w.start());
  fake.send_raw(0, "{this is not json");
  fake.send_raw(0, R"(["an","array"])");
  fake.send_raw(0, R"({"type":"brand_new_kind"})");
  (void)fake.send_envelope("brand_new_envelope", R"({"x":1})", false, 0, 0);
  (void)fake.send_envelope("slash_commands", R"({"text":"no user"})", true, 0, 0);
  (void)fake.send_command("U1", "help");
  REQUIRE(acks_reach(fake, 3));
  REQUIRE(replies_reach(fake, 1));
  CHECK(fake.open_connections() == 2);
  CHECK(fake.connections_opened() == 2);
  CHECK(w.stop(SIGTERM) == 0);
  CHECK(w.log_lines("skipped a frame").size() == 3);
  CHECK(summary(w).find("1 malformed") != std::string::npos);
}

TEST_CASE("an event delivered twice is handled once: one Home published", "[e2e][slack]") {
  slack_world w;
  auto& fake = w.fake();
  REQUIRE(w.start());
  const std::string opened = R"({"type":"app_home_opened","user":"U1","channel":"D1","tab":"home","event_ts":"1.0"})";
  CHECK(fake.send_event("Ev0001", opened, 2) == 2);
  REQUIRE(acks_reach(fake, 2));
  CHECK(fake.send_event("Ev0002", opened, 1) == 1);
  REQUIRE(acks_reach(fake, 3));
  REQUIRE(fake.wait_for([](const fake_slack& f) { return f.calls_to("views.publish").size() >= 2; }));
  CHECK(w.stop(SIGTERM) == 0);
  const auto publishes = fake.calls_to("views.publish");
  CHECK(publishes.size() == 2);
  const json view = json::parse(publishes.front().body);
  CHECK(view["user_id"] == "U1");
  CHECK(view["view"]["type"] == "home");
  CHECK(summary(w).find("(1 duplicates") != std::string::npos);
}

TEST_CASE("a payload from another workspace is acked and dropped with a warning", "[e2e][slack]") {
  slack_world w;
  auto& fake = w.fake();
  REQUIRE(w.start());
  const json foreign{{"team_id", "T0OTHER"}, {"api_app_id", "A0TEST"}, {"user_id", "U1"}, {"command", "/network"},
                     {"text", "help"}, {"response_url", fake.new_response_url()}, {"trigger_id", "1.2.3"}};
  (void)fake.send_envelope("slash_commands", foreign.dump(), true);
  (void)fake.send_command("U1", "help");
  REQUIRE(acks_reach(fake, 2));
  REQUIRE(replies_reach(fake, 1));
  CHECK(w.stop(SIGTERM) == 0);
  CHECK(fake.response_url_deliveries().size() == 1);
  CHECK(w.log_lines("comes from workspace T0OTHER").size() == 1);
}

TEST_CASE("a dead link (no pongs) is noticed and replaced while the other connection serves", "[e2e][slack]") {
  slack_world w({.ping_interval = 0.1, .dead_after = 1.0});
  auto& fake = w.fake();
  REQUIRE(w.start());
  fake.stall(0);
  (void)fake.send_commands(commands(20));
  REQUIRE(acks_reach(fake, 20));
  REQUIRE(fake.wait_for([](const fake_slack& f) { return f.connections_opened() >= 3 && f.open_connections() == 2; }));
  CHECK(fake.dropped() == 0);
  CHECK(w.stop(SIGTERM) == 0);
  CHECK(w.log_lines("not even a pong").size() == 1);
}

TEST_CASE("too_many_websockets backs off instead of reconnecting in a loop", "[e2e][slack]") {
  slack_world w;
  auto& fake = w.fake();
  REQUIRE(w.start());
  fake.disconnect(0, "too_many_websockets");
  REQUIRE(fake.wait_for([](const fake_slack& f) { return f.open_connections() == 1; }));
  // The other connection serves on; the slot that was told off waits tens of seconds before trying again.
  (void)fake.send_commands(commands(10));
  REQUIRE(replies_reach(fake, 10));
  CHECK(fake.calls_to("apps.connections.open").size() == 2);
  CHECK(w.stop(SIGTERM) == 0);
  CHECK(w.log_lines("too many connections open").size() == 1);
}

TEST_CASE("link_disabled stops the bot and says what to do", "[e2e][slack]") {
  slack_world w;
  auto& fake = w.fake();
  REQUIRE(w.start());
  fake.disconnect(0, "link_disabled");
  CHECK(w.bot().wait() == 1);
  CHECK(w.log().find("Socket Mode") != std::string::npos);
  CHECK(w.log().find("link_disabled") != std::string::npos);
}

TEST_CASE("a response_url that has expired falls back to an ephemeral message", "[e2e][slack]") {
  slack_world w;
  auto& fake = w.fake();
  REQUIRE(w.start());
  fake.expire_response_urls(true);
  (void)fake.send_command("U1", "help", "C0GENERAL");
  REQUIRE(fake.wait_for([](const fake_slack& f) { return f.calls_to("chat.postEphemeral").size() == 1; }));
  CHECK(w.stop(SIGTERM) == 0);
  const json body = json::parse(fake.calls_to("chat.postEphemeral").front().body);
  CHECK(body["channel"] == "C0GENERAL");
  CHECK(body["user"] == "U1");
  CHECK_FALSE(body["blocks"].empty());
  CHECK(fake.protocol_violations().empty());
}

TEST_CASE("a token Slack refuses stops the bot with a message naming the variable", "[e2e][slack]") {
  slack_world w;
  auto env = w.environment();
  env["SLACK_BOT_TOKEN"] = "xoxb-not-the-right-one";
  const auto r = run_networkbot({"run"}, env);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("SLACK_BOT_TOKEN") && Catch::Contains("invalid_auth"));
  CHECK(r.err.find("xoxb-not") == std::string::npos);
}

TEST_CASE("SIGTERM closes the sockets first, then finishes the replies in hand, and exits 0", "[e2e][slack]") {
  slack_world w;
  auto& fake = w.fake();
  REQUIRE(w.start());
  fake.set_http_faults({.delay = std::chrono::milliseconds(20)});
  (void)fake.send_commands(commands(40));
  REQUIRE(acks_reach(fake, 40));
  CHECK(w.stop(SIGTERM) == 0);
  CHECK(fake.open_connections() == 0);
  // Everything acked before the signal was answered before the exit.
  CHECK(fake.response_url_deliveries().size() == 40);
  const auto closing = w.log_lines("-> closing");
  CHECK(closing.size() == 2);
}

TEST_CASE("the companion over Slack: tracker commands, a button, a modal, the Home tab and a buddy DM", "[e2e][slack][companion]") {
  slack_world w;
  auto& fake = w.fake();
  fake.set_users({R"({"id":"U0MAYA001","name":"maya","deleted":false,"tz":"America/Denver",)"
                  R"("profile":{"display_name":"Maya","real_name":"Maya Ortiz"}})"});
  REQUIRE(w.start());
  std::size_t replies = 0;
  // One command at a time, each answered through its response_url before the next.
  auto run = [&](const std::string& user, const std::string& text) {
    REQUIRE_FALSE(fake.send_command(user, text).empty());
    ++replies;
    REQUIRE(replies_reach(fake, replies));
    return fake.posted_texts("response_url").back();
  };
  CHECK(run("U0MAYA001", "add warm Jamie Flores") == "Added to your warm list.");
  CHECK(run("U0MAYA001", "add cold Chris Okafor at Summit Outdoors") == "Added to your cold list.");
  CHECK(run("U0MAYA001", "log Jamie messaged first note") == "Logged: messaged Jamie Flores.");
  CHECK(run("U0MAYA001", "contacts") == "Your contacts");
  CHECK(run("U0MAYA001", "goal II by 2099-01-01") == "Your progress");
  CHECK(run("U0MAYA001", "check Hi Kim, are you hiring?") == "Outreach check: 5 suggestions");
  CHECK(run("U0MAYA001", "log Nobody met").find("No contact called 'Nobody'") != std::string::npos);
  CHECK(run("U0MAYA001", "note Jamie prefers mornings") == "Note saved.");
  CHECK(run("U0MAYA001", "takeaway Jamie write the README first") == "Takeaway saved. The follow-up clock is set.");
  CHECK(run("U0MAYA001", "followups") == "Follow-ups due");
  CHECK(run("U0MAYA001", "step attend the Denver Ruby meetup by friday").find("Action step") == 0);
  CHECK(run("U0MAYA001", "draft Chris Okafor") == "A draft for Chris Okafor");
  CHECK(run("U0MAYA001", "progress") == "Your progress");
  CHECK(run("U0MAYA001", "admin report").find("is for career-development staff") != std::string::npos);

  // The "Mark scheduled" button on Jamie's card, pressed in Slack.
  const std::string press = json{{"type", "block_actions"},
                                 {"user", {{"id", "U0MAYA001"}}},
                                 {"team", {{"id", fake_options{}.team_id}}},
                                 {"api_app_id", fake_options{}.app_id},
                                 {"trigger_id", "1.2.trigger"},
                                 {"response_url", fake.new_response_url()},
                                 {"channel", {{"id", "C0GENERAL"}}},
                                 {"container", {{"type", "message"}}},
                                 {"actions", {{{"type", "button"}, {"action_id", "tracker.advance"}, {"block_id", "b1"}, {"value", "1"}, {"action_ts", "1.0"}}}}}
                                .dump();
  REQUIRE_FALSE(fake.send_envelope("interactive", press, true).empty());
  ++replies;
  REQUIRE(replies_reach(fake, replies));
  CHECK(fake.posted_texts("response_url").back() == "Logged: thanked Jamie Flores.");

  // A bare `add` opens the full form through views.open.
  REQUIRE_FALSE(fake.send_command("U0MAYA001", "add").empty());
  REQUIRE(fake.wait_for([](const fake_slack& f) { return !f.calls_to("views.open").empty(); }));
  CHECK(json::parse(fake.calls_to("views.open").front().body)["view"]["callback_id"] == "tracker.add");

  // The Home tab: published when opened.
  REQUIRE(fake.send_event("EvHome1", R"({"type":"app_home_opened","user":"U0MAYA001","channel":"D1","tab":"home","event_ts":"1.0"})") == 1);
  REQUIRE(fake.wait_for([](const fake_slack& f) { return !f.calls_to("views.publish").empty(); }));
  CHECK(json::parse(fake.calls_to("views.publish").front().body)["view"]["blocks"].dump().find("Goal: Level II") != std::string::npos);

  // A buddy request reaches the other student as a DM with Accept / Decline.
  run("U0DEVON01", "help");  // Devon is in the directory once he has used the bot
  run("U0MAYA001", "buddy <@U0DEVON01|devon>");
  REQUIRE(fake.wait_for([](const fake_slack& f) { return !f.calls_to("chat.postMessage").empty(); }));
  const auto dm = json::parse(fake.calls_to("chat.postMessage").front().body);
  REQUIRE_FALSE(fake.calls_to("conversations.open").empty());
  CHECK(fake.calls_to("conversations.open").back().body.find("U0DEVON01") != std::string::npos);
  CHECK(dm["blocks"].dump().find("buddy.accept") != std::string::npos);
  // Maya was new: her name and time zone were asked of Slack once, after her first reply.
  REQUIRE(fake.wait_for([](const fake_slack& f) { return f.calls_to("users.info").size() >= 2; }));
  CHECK(w.stop(SIGTERM) == 0);
  CHECK(fake.protocol_violations().empty());
  CHECK(fake.calls_to("users.info").size() == 2);  // Maya and Devon, once each
  networkbot::store::database db(w.database_path());
  networkbot::store::sqlite_people_directory people(db);
  const auto maya = people.find_by_slack_id("U0MAYA001");
  REQUIRE(maya);
  CHECK(maya->display_name == "Maya");
  CHECK(maya->time_zone == "America/Denver");
  CHECK(maya->is(networkbot::core::role::student));
}

TEST_CASE("an intro over Slack: match, the note form, the alum's Accept, and a group DM for both", "[e2e][slack][matching]") {
  slack_world w;
  auto& fake = w.fake();
  {
    // The directory: a student, and an alum who opted in to chats.
    std::ofstream(w.database_path() + ".people.csv")
        << "slack_id,display_name,roles,program,module,cohort,company,background,open_to_chats,chats_per_month\n"
           "U0MAYA001,Maya,student,BE,2,2108,,teaching,no,0\n"
           "U0ANA0001,Ana Silva,alum,BE,,,Redfin Labs,teaching,yes,2\n";
    auto env = w.environment();
    env.erase("SLACK_APP_TOKEN");
    env.erase("SLACK_BOT_TOKEN");
    REQUIRE(run_networkbot({"import", "people", w.database_path() + ".people.csv"}, env).exit_code == 0);
  }
  REQUIRE(w.start());
  REQUIRE_FALSE(fake.send_command("U0MAYA001", "match").empty());
  REQUIRE(replies_reach(fake, 1));
  CHECK(fake.posted_texts("response_url").back() == "People to meet");

  // The note form, submitted.
  const json submit{{"type", "view_submission"},
                    {"team", {{"id", fake_options{}.team_id}}},
                    {"user", {{"id", "U0MAYA001"}}},
                    {"api_app_id", fake_options{}.app_id},
                    {"view",
                     {{"id", "V0NOTE"},
                      {"type", "modal"},
                      {"callback_id", "intro.note"},
                      {"private_metadata", "nb1:U0MAYA001:U0ANA0001"},  // as the bot stamped it when it opened the form
                      {"state",
                       {{"values",
                         {{"note",
                           {{"value",
                             {{"type", "plain_text_input"},
                              {"value", "Hi Ana, I'm Maya, a Turing student. I'm reaching out because you also taught. "
                                        "Would you be open to a 20-minute call next week?"}}}}}}}}}}}};
  REQUIRE_FALSE(fake.send_envelope("interactive", submit.dump(), true).empty());
  // Two DMs: the confirmation to Maya, the request to Ana with Accept / Not now / Stop suggesting me.
  REQUIRE(fake.wait_for([](const fake_slack& f) { return f.calls_to("chat.postMessage").size() >= 2; }));
  std::string accept_value;
  for (const auto& call : fake.calls_to("chat.postMessage")) {
    const auto body = json::parse(call.body);
    for (const auto& block : body["blocks"])
      if (block["type"] == "actions")
        for (const auto& e : block["elements"])
          if (e["action_id"] == "intro.accept") accept_value = e["value"];
  }
  REQUIRE_FALSE(accept_value.empty());

  const json press{{"type", "block_actions"},
                   {"user", {{"id", "U0ANA0001"}}},
                   {"team", {{"id", fake_options{}.team_id}}},
                   {"api_app_id", fake_options{}.app_id},
                   {"trigger_id", "2.3.trigger"},
                   {"response_url", fake.new_response_url()},
                   {"channel", {{"id", "D0ANA"}}},
                   {"container", {{"type", "message"}}},
                   {"actions", {{{"type", "button"}, {"action_id", "intro.accept"}, {"block_id", "b"}, {"value", accept_value}, {"action_ts", "1.0"}}}}};
  REQUIRE_FALSE(fake.send_envelope("interactive", press.dump(), true).empty());
  // The group DM: conversations.open with both, then the starter posted in it.
  REQUIRE(fake.wait_for([](const fake_slack& f) {
    for (const auto& c : f.calls_to("conversations.open"))
      if (c.body.find("U0MAYA001,U0ANA0001") != std::string::npos) return f.calls_to("chat.postMessage").size() >= 3;
    return false;
  }));
  CHECK(w.stop(SIGTERM) == 0);
  CHECK(fake.protocol_violations().empty());
  CHECK(fake.calls_to("chat.postMessage").back().body.find("Questions to start with") != std::string::npos);
}

namespace {

// "friday", "14:05": the local weekday and time in Denver `back` before now.
std::pair<std::string, std::string> denver_ago(std::chrono::minutes back) {
  static const char* const days[] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
  const auto zone = networkbot::config::zone_rules_for("America/Denver");
  const auto local = zone.to_local(std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now())) - back;
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::hh_mm_ss hms{local - day};
  char time[8];
  std::snprintf(time, sizeof time, "%02d:%02d", static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()));
  return {days[std::chrono::weekday{day}.c_encoding()], time};
}

std::string schedule_config(const std::pair<std::string, std::string>& prompt, const std::pair<std::string, std::string>& reminder) {
  return "[workspace]\ntime_zone = \"America/Denver\"\n[[cohorts]]\nid = \"2108\"\nchannel = \"C0COH2108\"\n"
         "[reflection]\nday = \"" + prompt.first + "\"\ntime = \"" + prompt.second + "\"\nreminder_day = \"" + reminder.first +
         "\"\nreminder_time = \"" + reminder.second + "\"\nlate_window_hours = 6\n";
}

}  // namespace

TEST_CASE("reflections over Slack: the prompt's button, the modal, the answer stored, and no reminder for who answered", "[e2e][slack][reflections]") {
  slack_world w;
  auto& fake = w.fake();
  {
    std::ofstream(w.database_path() + ".people.csv") << "slack_id,display_name,roles,program,module,cohort\n"
                                                        "U0STU0001,Maya,student,BE,2,2108\nU0STU0002,Devon,student,FE,2,2108\n";
    auto env = w.environment();
    env.erase("SLACK_APP_TOKEN");
    env.erase("SLACK_BOT_TOKEN");
    REQUIRE(run_networkbot({"import", "people", w.database_path() + ".people.csv"}, env).exit_code == 0);
  }
  // Run 1: the prompt was due two minutes ago; the reminder is days away.
  const auto prompt = denver_ago(std::chrono::minutes{2});
  const auto far = denver_ago(std::chrono::hours{24 * 3});
  w.set_extra_config(schedule_config(prompt, far));
  REQUIRE(w.start());
  REQUIRE(fake.wait_for([](const fake_slack& f) { return !f.calls_to("chat.postMessage").empty(); }));
  const auto posted = json::parse(fake.calls_to("chat.postMessage").front().body);
  CHECK(posted["channel"] == "C0COH2108");
  std::string week;
  for (const auto& b : posted["blocks"])
    if (b["type"] == "actions") week = b["elements"][0]["value"];
  REQUIRE_FALSE(week.empty());

  // Maya presses Reflect: the modal opens; she submits it.
  const json press{{"type", "block_actions"}, {"user", {{"id", "U0STU0001"}}}, {"team", {{"id", fake_options{}.team_id}}},
                   {"api_app_id", fake_options{}.app_id}, {"trigger_id", "3.4.trigger"}, {"channel", {{"id", "C0COH2108"}}},
                   {"container", {{"type", "message"}}}, {"response_url", fake.new_response_url()},
                   {"actions", {{{"type", "button"}, {"action_id", "reflect.open"}, {"block_id", "b"}, {"value", week}, {"action_ts", "1.0"}}}}};
  REQUIRE_FALSE(fake.send_envelope("interactive", press.dump(), true).empty());
  REQUIRE(fake.wait_for([](const fake_slack& f) { return !f.calls_to("views.open").empty(); }));
  const auto modal = json::parse(fake.calls_to("views.open").front().body)["view"];
  CHECK(modal["callback_id"] == "reflection.submit");
  const auto field = [](const char* v) { return json{{"value", {{"type", "plain_text_input"}, {"value", v}}}}; };
  const auto choice = [](const char* v) { return json{{"value", {{"type", "static_select"}, {"selected_option", {{"value", v}}}}}}; };
  const json submit{{"type", "view_submission"}, {"team", {{"id", fake_options{}.team_id}}}, {"user", {{"id", "U0STU0001"}}},
                    {"api_app_id", fake_options{}.app_id},
                    {"view", {{"id", "V0R"}, {"type", "modal"}, {"callback_id", "reflection.submit"},
                              {"private_metadata", modal["private_metadata"]},
                              {"state", {{"values", {{"learned", field("I like small groups")}, {"next_steps", field("Ask two alumni")},
                                                     {"confidence", choice("4")}, {"status", choice("partly")}}}}}}}};
  const auto acks_before = fake.ack_count();
  REQUIRE_FALSE(fake.send_envelope("interactive", submit.dump(), true).empty());
  REQUIRE(acks_reach(fake, acks_before + 1));
  REQUIRE(fake.wait_for([](const fake_slack& f) { return f.calls_to("chat.postMessage").size() >= 2; }));  // "Thank you! Saved…"
  CHECK(w.stop(SIGTERM) == 0);
  {
    networkbot::store::database db(w.database_path());
    networkbot::store::sqlite_people_directory people(db);
    networkbot::store::sqlite_reflection_store reflections(db);
    const auto saved = reflections.find_reflection(people.find_by_slack_id("U0STU0001")->id, week);
    REQUIRE(saved);
    CHECK(saved->confidence == 4);
  }

  // Run 2: the reminder is due now. It goes to Devon only; the prompt is not sent again.
  w.set_extra_config(schedule_config(prompt, denver_ago(std::chrono::minutes{1})));
  const auto opened_before = fake.calls_to("conversations.open").size();
  const auto posts_before = fake.calls_to("chat.postMessage").size();
  REQUIRE(w.start());
  REQUIRE(fake.wait_for([&](const fake_slack& f) { return f.calls_to("chat.postMessage").size() >= posts_before + 1; }));
  CHECK(w.stop(SIGTERM) == 0);
  const auto opened = fake.calls_to("conversations.open");
  REQUIRE(opened.size() == opened_before + 1);
  CHECK(opened.back().body.find("U0STU0002") != std::string::npos);
  CHECK(fake.calls_to("chat.postMessage").size() == posts_before + 1);
  CHECK(fake.protocol_violations().empty());
}

TEST_CASE("config check --online says which channels the bot is in, and how to invite it elsewhere", "[e2e][slack][config]") {
  networkbot::testing::slack_world w;
  w.fake().set_channel("C0COH2108", "cohort-2108", true);
  w.fake().set_channel("C0COH2110", "cohort-2110", false);
  w.set_extra_config(
      "[staff]\nchannel = \"C0STAFF99\"\n"
      "[[cohorts]]\nid = \"2108\"\nchannel = \"C0COH2108\"\n"
      "[[cohorts]]\nid = \"2110\"\nchannel = \"C0COH2110\"\n"
      "[[cohorts]]\nid = \"2006\"\nchannel = \"C0COH2006\"\nactive = false\n");
  const auto r = run_networkbot({"config", "check", "--online"}, w.environment());
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Contains("ok #cohort-2108 (C0COH2108, cohort 2108's Friday prompt): the bot is a member"));
  CHECK_THAT(r.out, Catch::Contains("x #cohort-2110") && Catch::Contains("/invite @networkbot"));
  CHECK_THAT(r.out, Catch::Contains("x C0STAFF99 (the staff digest): Slack knows no channel"));
  CHECK_THAT(r.out, !Catch::Contains("C0COH2006"));  // a paused cohort gets no posts
  CHECK_THAT(r.out, Catch::Contains("2 problems found"));
  CHECK(w.fake().calls_to("conversations.info").size() == 3);

  w.fake().set_channel("C0COH2110", "cohort-2110", true);
  w.fake().set_channel("C0STAFF99", "career-staff", true);
  const auto fixed = run_networkbot({"config", "check", "--online"}, w.environment());
  CHECK(fixed.exit_code == 0);
  CHECK_THAT(fixed.out, Catch::Contains("All channels are ready"));

  auto no_token = w.environment();
  no_token.erase("SLACK_BOT_TOKEN");
  CHECK(run_networkbot({"config", "check", "--online"}, no_token).exit_code == 1);
}

TEST_CASE("outbox.per_minute names only methods the bot calls", "[e2e][config]") {
  networkbot::testing::slack_world w;
  w.set_extra_config("[outbox.per_minute]\n\"chat.postMessage\" = 600\n\"chat.delete\" = 10\n");
  const auto r = run_networkbot({"config", "check"}, w.environment());
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("outbox.per_minute: networkbot never calls 'chat.delete'"));
}

TEST_CASE("Mix It Up over Slack: preview, post, group DMs with the agenda, a refused member, a vote and a check-in", "[e2e][slack][mixitup]") {
  slack_world w;
  auto& fake = w.fake();
  {
    std::ofstream csv(w.database_path() + ".people.csv");
    csv << "slack_id,display_name,roles,program,module,cohort\n";
    for (int i = 0; i < 10; ++i)
      csv << "U0MIX0" << i << ",Student " << i << ",student," << (i % 2 ? "FE" : "BE") << "," << (i < 2 ? 4 : 1 + i % 3) << ","
          << (i % 2 ? "2110" : "2108") << "\n";
    csv.close();
    auto env = w.environment();
    env.erase("SLACK_APP_TOKEN");
    env.erase("SLACK_BOT_TOKEN");
    REQUIRE(run_networkbot({"import", "people", w.database_path() + ".people.csv"}, env).exit_code == 0);
  }
  w.set_extra_config("[staff]\nuser_ids = [\"U0STAFF1\"]\n[[cohorts]]\nid = \"2108\"\nchannel = \"C0COH2108\"\n"
                     "[[cohorts]]\nid = \"2110\"\nchannel = \"C0COH2110\"\n[mix_it_up]\nmin_group_size = 4\nmax_group_size = 5\n");
  fake.refuse_dm("U0MIX07");  // deactivated in Slack after the import
  REQUIRE(w.start());

  auto replies = [&] { return fake.posted_texts("response_url"); };
  fake.send_command("U0STAFF1", "admin mixitup preview");
  REQUIRE(fake.wait_for([&](const fake_slack& f) { return f.replied_urls() >= 1; }));
  CHECK_THAT(replies().back(), Catch::Contains("Mix It Up preview"));
  CHECK(fake.calls_to("conversations.open").empty());  // a preview posts nothing
  // The preview's number, as its Post button carries it (and its "or type" line gives it).
  std::string number;
  for (const auto& call : fake.calls_to("response_url"))
    if (const json reply = json::parse(call.body, nullptr, false); reply.is_object() && reply.contains("blocks"))
      for (const auto& b : reply["blocks"])
        if (b["type"] == "actions")
          for (const auto& e : b["elements"])
            if (e["action_id"] == "mixitup.post") number = e["value"].get<std::string>();
  REQUIRE_FALSE(number.empty());

  fake.send_command("U0STAFF1", "admin mixitup post --preview " + number + " --link https://meet.example.org/mix");
  REQUIRE(fake.wait_for([&](const fake_slack& f) { return f.replied_urls() >= 2; }));
  CHECK_THAT(replies().back(), Catch::Contains("Posted Mix It Up round 1: 2 groups, 10 people"));
  // Two group DMs with the agenda, two leader guides, and the notice about the refused member.
  REQUIRE(fake.wait_for([](const fake_slack& f) {
    std::size_t groups = 0, notices = 0;
    for (const auto& t : f.posted_texts("chat.postMessage")) {
      groups += t.find("Your Mix It Up group") != std::string::npos ? 1U : 0U;
      notices += t.find("Slack would not add <@U0MIX07>") != std::string::npos ? 1U : 0U;
    }
    return groups == 2 && notices == 1;
  }));
  json group;
  for (const auto& call : fake.calls_to("chat.postMessage"))
    if (call.status == 200 && call.body.find("Mix It Up, group") != std::string::npos && call.body.find("U0MIX07") == std::string::npos) {
      group = json::parse(call.body);
      break;
    }
  REQUIRE(group.is_object());
  // The group with the refused member was asked for once with them (refused), then opened without them.
  std::size_t with_refused = 0, without = 0;
  for (const auto& call : fake.calls_to("conversations.open"))
    if (call.body.find(',') != std::string::npos) (call.body.find("U0MIX07") != std::string::npos ? with_refused : without)++;
  CHECK(with_refused == 1);
  CHECK(without == 2);

  // A member votes for the second topic.
  std::string vote_value, voter;
  for (const auto& b : group["blocks"])
    if (b["type"] == "actions") vote_value = b["elements"][1]["value"];
  for (const auto& b : group["blocks"])
    if (b["type"] == "section") {
      const std::string text = b["text"]["text"];
      const auto at = text.find("<@U0MIX0");
      if (at != std::string::npos && voter.empty()) voter = text.substr(at + 2, 7);
    }
  REQUIRE_FALSE(vote_value.empty());
  REQUIRE(voter.size() == 7);
  auto press = [&](const std::string& action, const std::string& value) {
    const json p{{"type", "block_actions"}, {"user", {{"id", voter}}}, {"team", {{"id", fake_options{}.team_id}}},
                 {"api_app_id", fake_options{}.app_id}, {"trigger_id", "5.6.trigger"}, {"channel", {{"id", group["channel"]}}},
                 {"container", {{"type", "message"}}}, {"response_url", fake.new_response_url()},
                 {"actions", {{{"type", "button"}, {"action_id", action}, {"block_id", "b"}, {"value", value}, {"action_ts", "1.0"}}}}};
    return fake.send_envelope("interactive", p.dump(), true);
  };
  REQUIRE_FALSE(press("mixitup.vote", vote_value).empty());
  REQUIRE(fake.wait_for([&](const fake_slack& f) { return f.replied_urls() >= 3; }));
  CHECK_THAT(replies().back(), Catch::Contains("You voted for Writing to a contact"));

  // The check-in: "We met" opens the form; the answer is stored.
  const std::string group_id = vote_value.substr(0, vote_value.find('|'));
  REQUIRE_FALSE(press("mixitup.met", group_id).empty());
  REQUIRE(fake.wait_for([](const fake_slack& f) { return !f.calls_to("views.open").empty(); }));
  const auto modal = json::parse(fake.calls_to("views.open").back().body)["view"];
  CHECK(modal["callback_id"] == "mixitup.checkin");
  const auto choice = [](const char* v) { return json{{"value", {{"type", "static_select"}, {"selected_option", {{"value", v}}}}}}; };
  const json submit{{"type", "view_submission"}, {"team", {{"id", fake_options{}.team_id}}}, {"user", {{"id", voter}}},
                    {"api_app_id", fake_options{}.app_id},
                    {"view", {{"id", "V0M"}, {"type", "modal"}, {"callback_id", "mixitup.checkin"},
                              {"private_metadata", modal["private_metadata"]},
                              {"state", {{"values", {{"topic", choice("Writing to a contact")}, {"confidence", choice("4")}}}}}}}};
  const auto acks_before = fake.ack_count();
  REQUIRE_FALSE(fake.send_envelope("interactive", submit.dump(), true).empty());
  REQUIRE(acks_reach(fake, acks_before + 1));
  REQUIRE(fake.wait_for([](const fake_slack& f) {
    for (const auto& t : f.posted_texts("chat.postMessage"))
      if (t.find("Glad your group met") != std::string::npos) return true;
    return false;
  }));
  CHECK(w.stop(SIGTERM) == 0);
  networkbot::store::database db(w.database_path());
  networkbot::store::sqlite_people_directory people(db);
  networkbot::store::sqlite_mixitup_store rounds(db);
  const auto round = rounds.recent_rounds(1);
  REQUIRE(round.size() == 1);
  CHECK(round[0].link == "https://meet.example.org/mix");
  const auto me = people.find_by_slack_id(voter)->id;
  bool found = false;
  for (const auto& g : round[0].groups)
    if (const auto* m = g.member(me)) {
      found = true;
      CHECK(m->checked_in == networkbot::core::attendance::met);
      CHECK(m->confidence_after == 4);
      CHECK(m->vote == "Writing to a contact");
      CHECK(g.topic == "Writing to a contact");
    }
  CHECK(found);
  CHECK(fake.protocol_violations().empty());
}

TEST_CASE("privacy export over Slack: the file goes up through the external upload and is shared in the DM", "[e2e][slack][privacy]") {
  slack_world w;
  auto& fake = w.fake();
  REQUIRE(w.start());
  fake.send_command("U0PRIV001", "profile");  // a newcomer, so the directory knows them
  REQUIRE(fake.wait_for([](const fake_slack& f) { return f.replied_urls() >= 1; }));
  fake.send_command("U0PRIV001", "privacy export");
  REQUIRE(fake.wait_for([](const fake_slack& f) { return !f.shared_files().empty(); }));
  const auto files = fake.shared_files();
  REQUIRE(files.size() == 1);
  CHECK(files[0].filename == "networkbot-my-data.json");
  CHECK(files[0].channel.front() == 'D');  // the person's DM with the bot
  const auto data = json::parse(files[0].content);
  CHECK(data["profile"]["slack_id"] == "U0PRIV001");
  CHECK(w.stop(SIGTERM) == 0);
  CHECK(fake.protocol_violations().empty());
}

TEST_CASE("kill -9 during a reminder fan-out, at fixed points: every student reminded, resends only the in-doubt ones", "[e2e][slack][crash]") {
  slack_world w;
  auto& fake = w.fake();
  constexpr int students = 120;
  {
    std::ofstream csv(w.database_path() + ".people.csv");
    csv << "slack_id,display_name,roles,program,module,cohort\n";
    for (int i = 0; i < students; ++i) csv << "U0KIL" << 1000 + i << ",Student " << i << ",student,BE,2,2108\n";
    csv.close();
    auto env = w.environment();
    env.erase("SLACK_APP_TOKEN");
    env.erase("SLACK_BOT_TOKEN");
    REQUIRE(run_networkbot({"import", "people", w.database_path() + ".people.csv"}, env).exit_code == 0);
  }
  // The reminder was due a minute ago; the prompt a day earlier is too old to run.
  w.set_extra_config(schedule_config(denver_ago(std::chrono::hours{24}), denver_ago(std::chrono::minutes{1})));
  auto reminded = [&](const fake_slack& f) {
    std::set<std::string> who;
    for (const auto& c : f.calls_to("conversations.open"))
      if (c.status == 200) who.insert(json::parse(c.body).value("users", std::string{}));
    std::size_t posts = 0;
    for (const auto& c : f.calls_to("chat.postMessage")) posts += c.status == 200 ? 1U : 0U;
    return std::pair{who.size(), posts};
  };
  // Three kill points: the 10th, the 50th and the 90th accepted reminder (counted over all runs).
  long in_doubt_total = 0;
  for (const int kill_at : {10, 50 - 10, 90 - 50}) {
    REQUIRE(w.start());
    fake.kill_after("chat.postMessage", kill_at, w.bot().pid(), SIGKILL);
    CHECK(w.bot().wait() != 0);  // killed
  }
  REQUIRE(w.start());
  REQUIRE(fake.wait_for([&](const fake_slack& f) { return reminded(f).second >= static_cast<std::size_t>(students); },
                        std::chrono::seconds(120)));
  CHECK(w.stop(SIGTERM) == 0);
  for (const auto& line : w.log_lines("in_doubt=")) in_doubt_total += number_after(line, "in_doubt");
  // Every student got the reminder; the only second copies are messages in flight at a kill, which the
  // outbox counted and resent.
  std::map<std::string, int> per_channel;
  for (const auto& c : fake.calls_to("chat.postMessage"))
    if (c.status == 200) ++per_channel[json::parse(c.body).value("channel", std::string{})];
  CHECK(per_channel.size() == static_cast<std::size_t>(students));
  std::size_t twice = 0;
  for (const auto& [channel, n] : per_channel) twice += static_cast<std::size_t>(n - 1);
  INFO("in doubt " << in_doubt_total << ", delivered twice " << twice);
  CHECK(in_doubt_total >= 3);  // each kill left the call the fake never answered
  CHECK(in_doubt_total <= 3 * w.options().concurrency);
  CHECK(twice <= static_cast<std::size_t>(in_doubt_total));
  CHECK(fake.protocol_violations().empty());
}
