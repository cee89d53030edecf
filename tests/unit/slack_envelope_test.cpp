// The Socket Mode parser against the real frames and payloads in tests/fixtures/slack (taken from
// Slack's SDKs), and against the malformed frames a session must survive.

#include <catch2/catch.hpp>
#include <filesystem>

#include "bot/slack/envelope.hpp"
#include "tests/unit/test_files.hpp"

using namespace networkbot;
using nlohmann::json;

namespace {

const auto& fixtures = testing::slack_fixtures;
std::string read(const std::filesystem::path& p) { return testing::read_text(p); }

slack::envelope wrap(const std::string& type, json payload) {
  slack::envelope e;
  e.id = "env-1";
  e.type = type;
  e.payload = std::move(payload);
  return e;
}

}  // namespace

TEST_CASE("every real Socket Mode frame parses, and every envelope classifies", "[slack][fixtures]") {
  int frames = 0;
  int envelopes = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(fixtures / "socket_mode")) {
    if (entry.path().extension() != ".json") continue;
    INFO(entry.path().filename().string());
    const auto f = slack::parse_frame(read(entry.path()));
    ++frames;
    if (const auto* e = std::get_if<slack::envelope>(&f)) {
      ++envelopes;
      CHECK_FALSE(e->id.empty());
      CHECK_NOTHROW((void)slack::classify(*e, {}));
      const json ack = json::parse(slack::ack_frame(e->id));
      CHECK(ack == json{{"envelope_id", e->id}});
    }
  }
  CHECK(frames == 12);
  CHECK(envelopes == 9);
}

TEST_CASE("hello and disconnect frames carry what the session logs and acts on", "[slack][fixtures]") {
  const auto h = std::get<slack::hello>(slack::parse_frame(read(fixtures / "socket_mode/hello.json")));
  CHECK(h.num_connections == 2);
  CHECK(h.app_id == "A111");
  CHECK(h.approximate_connection_time == 18060);
  const auto d = std::get<slack::disconnect>(
      slack::parse_frame(read(fixtures / "socket_mode/disconnect_too_many_websockets.json")));
  CHECK(d.reason == "too_many_websockets");
}

TEST_CASE("a slash command envelope becomes the router's slash_command", "[slack][fixtures]") {
  const auto f = slack::parse_frame(read(fixtures / "socket_mode/slash_commands_envelope.json"));
  const auto& e = std::get<slack::envelope>(f);
  CHECK(e.accepts_response_payload);
  CHECK_FALSE(e.payload.contains("token"));  // the deprecated verification token is never kept
  const auto in = slack::classify(e, {});
  const auto& c = std::get<app::slash_command>(std::get<app::request>(in));
  CHECK(c.user_id == "U111");
  CHECK(c.command == "/hello-socket-mode");
  CHECK_FALSE(c.response_url.empty());
  CHECK_FALSE(c.trigger_id.empty());
  CHECK(slack::dedupe_key(e).empty());
}

TEST_CASE("block actions, from a message and from a modal, become block_action", "[slack][fixtures]") {
  for (const char* name : {"interactive_block_actions_in_message_envelope.json",
                           "interactive_block_actions_in_modal_envelope.json"}) {
    INFO(name);
    const auto e = std::get<slack::envelope>(slack::parse_frame(read(fixtures / "socket_mode" / name)));
    const auto in = slack::classify(e, {});
    const auto& a = std::get<app::block_action>(std::get<app::request>(in));
    CHECK_FALSE(a.user_id.empty());
    CHECK_FALSE(a.action_id.empty());
  }
  const auto modal = std::get<slack::envelope>(
      slack::parse_frame(read(fixtures / "socket_mode/interactive_block_actions_in_modal_envelope.json")));
  const auto in_modal = slack::classify(modal, {});
  CHECK_FALSE(std::get<app::block_action>(std::get<app::request>(in_modal)).view_id.empty());
}

TEST_CASE("a view submission's state values are keyed by block id", "[slack][fixtures]") {
  const json payload = json::parse(read(fixtures / "interactive/view_submission_payload.json"));
  const auto in = slack::classify(wrap("interactive", payload), {});
  const auto& v = std::get<app::view_submission>(std::get<app::request>(in));
  CHECK(v.user_id == "U12345678");
  CHECK(v.view_id == "V12345678");
  REQUIRE_FALSE(v.values.empty());
  for (const auto& [block, elements] : payload["view"]["state"]["values"].items()) {
    (void)elements;
    CHECK(v.values.count(block) == 1);
  }
}

// The field-union samples hold every field ever seen, with placeholder values ("" for ids): each is
// either understood or refused as a bad frame, and never trips anything else.
TEST_CASE("every field-union sample is understood or refused cleanly", "[slack][fixtures]") {
  auto outcome_of = [](const std::string& type, const std::filesystem::path& file) -> std::string {
    try {
      const auto in = slack::classify(wrap(type, json::parse(read(file))), {});
      return std::holds_alternative<slack::ignored>(in) ? "ignored" : "understood";
    } catch (const slack::bad_frame&) {
      return "refused";
    }
  };
  // Their user ids are empty, and a request without a user cannot be served.
  CHECK(outcome_of("interactive", fixtures / "interactive/shape_union/BlockActionPayload.json") == "refused");
  CHECK(outcome_of("interactive", fixtures / "interactive/shape_union/ViewSubmissionPayload.json") == "refused");
  CHECK(outcome_of("slash_commands", fixtures / "interactive/shape_union/SlashCommandPayload.json") == "refused");
  CHECK(outcome_of("interactive", fixtures / "interactive/shape_union/ViewClosedPayload.json") == "ignored");
  CHECK(outcome_of("interactive", fixtures / "interactive/shape_union/MessageShortcutPayload.json") == "ignored");
  for (const auto& entry : std::filesystem::directory_iterator(fixtures / "events/shape_union")) {
    INFO(entry.path().filename().string());
    CHECK(outcome_of("events_api", entry.path()) != "");
  }
}

TEST_CASE("events are deduplicated by event_id; the bot's own messages are ignored", "[slack]") {
  const auto e = std::get<slack::envelope>(
      slack::parse_frame(read(fixtures / "socket_mode/events_api_message_retry_envelope.json")));
  CHECK(slack::dedupe_key(e) == "Ev111");
  slack::identity self;
  self.bot_user_id = "U111";
  CHECK(std::holds_alternative<slack::ignored>(slack::classify(e, self)));
  slack::identity other;
  other.bot_user_id = "U999";
  CHECK(std::holds_alternative<slack::event>(slack::classify(e, other)));
  auto from_bot = wrap("events_api", json{{"event_id", "Ev2"}, {"event", {{"type", "message"}, {"bot_id", "B1"}, {"text", "hi"}}}});
  CHECK(std::holds_alternative<slack::ignored>(slack::classify(from_bot, other)));
}

TEST_CASE("payloads from another installation are recognised", "[slack][fixtures]") {
  const auto e = std::get<slack::envelope>(
      slack::parse_frame(read(fixtures / "socket_mode/events_api_app_mention_envelope.json")));
  const auto from = slack::installation_of(e.payload);
  CHECK(from.team_id == "T111");
  CHECK(from.app_id == "A111");
  slack::identity here{"T111", "", "A111", "U0BOT", "B0BOT"};
  CHECK(slack::foreign_reason(from, here).empty());
  slack::identity other_team{"T222", "", "A111", "U0BOT", "B0BOT"};
  CHECK_THAT(slack::foreign_reason(from, other_team), Catch::Contains("T111"));
  slack::identity other_app{"T111", "", "A999", "U0BOT", "B0BOT"};
  CHECK_THAT(slack::foreign_reason(from, other_app), Catch::Contains("A111"));
  // The view's installed team comes first (PROTOCOL 6.5).
  json p{{"team", {{"id", "T1"}}}, {"view", {{"app_installed_team_id", "T9"}}}};
  CHECK(slack::installation_of(p).team_id == "T9");
}

TEST_CASE("malformed frames are reported, unknown types are kept apart", "[slack]") {
  CHECK_THROWS_AS(slack::parse_frame("{not json"), slack::bad_frame);
  CHECK_THROWS_AS(slack::parse_frame("[1,2]"), slack::bad_frame);
  CHECK_THROWS_AS(slack::parse_frame(R"({"type":"slash_commands","payload":{}})"), slack::bad_frame);
  CHECK_THROWS_AS(slack::parse_frame(R"({"type":"interactive","envelope_id":"e","payload":"x"})"), slack::bad_frame);
  CHECK(std::holds_alternative<slack::unknown_frame>(slack::parse_frame(R"({"type":"brand_new"})")));
  // An unknown type with an envelope id is still an envelope, so it gets acked, and then ignored.
  const auto f = slack::parse_frame(R"({"type":"brand_new","envelope_id":"e9"})");
  const auto& e = std::get<slack::envelope>(f);
  CHECK(std::holds_alternative<slack::ignored>(slack::classify(e, {})));
  CHECK_THROWS_AS(slack::classify(wrap("slash_commands", json::object()), {}), slack::bad_frame);
  CHECK_THROWS_AS(slack::classify(wrap("interactive", json{{"type", "block_actions"}}), {}), slack::bad_frame);
}

TEST_CASE("an ack carries the payload only when given", "[slack]") {
  const json errors{{"response_action", "errors"}, {"errors", {{"name", "Too long"}}}};
  const json ack = json::parse(slack::ack_frame("e1", &errors));
  CHECK(ack["envelope_id"] == "e1");
  CHECK(ack["payload"] == errors);
}
