// From the router's outcome to typed deliveries: which method or address each effect goes to, what a
// response_url reply falls back to when it can no longer be used, and the codec to and from the
// outbox's rows.

#include <catch2/catch.hpp>

#include <set>

#include "bot/slack/effects.hpp"

using namespace networkbot;
using nlohmann::json;

namespace {

app::message text_message(const std::string& text, bool ephemeral = true) {
  app::message m;
  m.blocks.push_back(app::section{app::rich_text(text), std::nullopt});
  m.ephemeral = ephemeral;
  return m;
}

app::slash_command command() {
  app::slash_command c;
  c.user_id = "U1";
  c.channel_id = "C1";
  c.response_url = "https://hooks.example/commands/1";
  c.trigger_id = "t1";
  return c;
}

template <class T>
const T& as(const slack::outbound& o) {
  REQUIRE(std::holds_alternative<T>(o.what));
  return std::get<T>(o.what);
}

}  // namespace

TEST_CASE("a command's reply goes through its response_url, after the ack", "[slack][effects]") {
  app::outcome o{app::reply_after_ack{text_message("hello")}, {}};
  const auto rows = slack::plan_effects(command(), o, 1000);
  REQUIRE(rows.size() == 1);
  const auto& reply = as<slack::response_url_reply>(rows[0]);
  CHECK(reply.url == "https://hooks.example/commands/1");
  CHECK(reply.user_id == "U1");
  CHECK(reply.channel_id == "C1");
  CHECK(rows[0].created_at == 1000);
  const json body = json::parse(reply.body);
  CHECK(body["response_type"] == "ephemeral");
  CHECK(body["text"] == "hello");
}

TEST_CASE("effects keep their order: modal, channel post, DM", "[slack][effects]") {
  app::modal modal;
  modal.callback_id = "profile.edit";
  modal.title = "Profile";
  app::outcome o{app::ack_empty{},
                 {app::open_modal{"t1", modal}, app::post_message{"C9", text_message("to channel", false)},
                  app::post_message{"U7", text_message("to a person")}}};
  const auto rows = slack::plan_effects(command(), o, 1000);
  REQUIRE(rows.size() == 3);
  CHECK(as<slack::api_call>(rows[0]).method == "views.open");
  CHECK(json::parse(as<slack::api_call>(rows[0]).body)["trigger_id"] == "t1");
  CHECK(as<slack::api_call>(rows[1]).method == "chat.postMessage");
  CHECK(as<slack::api_call>(rows[1]).channel_id == "C9");
  CHECK(json::parse(as<slack::api_call>(rows[1]).body)["channel"] == "C9");
  CHECK(as<slack::direct_message>(rows[2]).users == "U7");
  CHECK_FALSE(json::parse(as<slack::direct_message>(rows[2]).body).contains("channel"));  // the sender adds the DM's
}

TEST_CASE("a button's reply may take the place of the message the button was on", "[slack][effects]") {
  app::block_action a;
  a.user_id = "U1";
  a.channel_id = "D1";
  a.action_id = "intro.accept";
  a.response_url = "https://hooks.example/actions/1";
  app::outcome o{app::ack_empty{}, {app::respond{text_message("expired", false), true}, app::respond{text_message("new")}}};
  const auto rows = slack::plan_effects(a, o, 1000);
  REQUIRE(rows.size() == 2);
  const auto& first = as<slack::response_url_reply>(rows[0]);
  CHECK(first.url == "https://hooks.example/actions/1");
  const json replaced = json::parse(first.body);
  CHECK(replaced["replace_original"] == true);
  CHECK_FALSE(replaced.contains("response_type"));
  CHECK(replaced["text"] == "expired");
  CHECK(json::parse(as<slack::response_url_reply>(rows[1]).body)["replace_original"] == false);
  // Its fallback, once the response_url is used up, is a new message with the same text (a DM: the
  // button was in one).
  const auto fallback = slack::fallback_for(first, 1000);
  REQUIRE(fallback);
  CHECK_FALSE(json::parse(as<slack::direct_message>(*fallback).body).contains("replace_original"));
}

TEST_CASE("a modal submit's ack is not sent again as a message", "[slack][effects]") {
  app::view_submission v;
  v.user_id = "U1";
  app::outcome o{app::reply_after_ack{text_message("saved")}, {}};
  CHECK(slack::plan_effects(v, o, 1000).empty());
}

TEST_CASE("an expired response_url falls back to an ephemeral message, then to a DM", "[slack][effects]") {
  app::outcome o{app::reply_after_ack{text_message("hello")}, {}};
  const auto planned = slack::plan_effects(command(), o, 1000);
  const auto& row = as<slack::response_url_reply>(planned.front());
  const auto ephemeral = slack::fallback_for(row, 1000);
  REQUIRE(ephemeral);
  const auto& call = as<slack::api_call>(*ephemeral);
  CHECK(call.method == "chat.postEphemeral");
  const json body = json::parse(call.body);
  CHECK(body["channel"] == "C1");
  CHECK(body["user"] == "U1");
  CHECK_FALSE(body.contains("response_type"));
  const auto dm = slack::dm_instead(call, 1000);
  REQUIRE(dm);
  CHECK(as<slack::direct_message>(*dm).users == "U1");
  CHECK_FALSE(json::parse(as<slack::direct_message>(*dm).body).contains("channel"));
  // Only an ephemeral message turns into a DM.
  CHECK_FALSE(slack::dm_instead(slack::api_call{"chat.postMessage", "{}", "U1", "C1"}, 1000));
  // Typed in a DM with the bot: straight to the DM. Nobody to tell: nothing.
  auto in_dm = row;
  in_dm.channel_id = "D1";
  CHECK(std::holds_alternative<slack::direct_message>(slack::fallback_for(in_dm, 1000)->what));
  auto nobody = row;
  nobody.user_id.clear();
  CHECK_FALSE(slack::fallback_for(nobody, 1000));
}

TEST_CASE("every delivery survives the trip to an outbox row and back", "[slack][effects][codec]") {
  const std::vector<slack::outbound> all{
      {slack::response_url_reply{"https://hooks.example/1", R"({"text":"hi"})", "U1", "C1"}, 1000},
      {slack::api_call{"chat.postMessage", R"({"channel":"C9","text":"hi"})", "U1", "C9"}, 1001},
      {slack::direct_message{"U1,U2", R"({"text":"your group"})", "C0STAFF"}, 1002},
      {slack::file_upload{"U1", "networkbot-my-data.json", "Your data", "{\"a\": \"é\"}\n", "Here it is."}, 1003},
  };
  std::set<std::string> kinds;
  for (const auto& o : all) {
    const auto row = slack::to_row(o);
    kinds.insert(row.kind);
    const auto back = slack::from_row(row);
    REQUIRE(back);
    CHECK(*back == o);
    CHECK(slack::to_row(*back) == row);
  }
  CHECK(kinds.size() == all.size());  // one kind per case
  // Whom to tell travels in its own column, not inside the message.
  const auto group = slack::to_row(all[2]);
  CHECK(group.notify == "C0STAFF");
  CHECK(group.body.find("C0STAFF") == std::string::npos);
  // A row no version wrote is not guessed at.
  CHECK_FALSE(slack::from_row(store::outbox_message{"fax", "x", "{}", "", "", 0, {}}));
  CHECK_FALSE(slack::from_row(store::outbox_message{"upload", "U1", "not json", "U1", "", 0, {}}));
}

TEST_CASE("the DM's channel goes first in a stored message's body", "[slack][effects]") {
  CHECK(slack::with_channel(R"({"text":"hi"})", "D1") == R"({"channel":"D1","text":"hi"})");
  CHECK(slack::with_channel("{}", "D1") == R"({"channel":"D1"})");
  CHECK(json::parse(slack::with_channel(R"({"blocks":[{"type":"divider"}]})", "D\"1"))["channel"] == "D\"1");
}
