// From the router's outcome to outbox rows: which method or address each effect goes to, and what a
// response_url reply falls back to when it can no longer be used.

#include <catch2/catch.hpp>

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

}  // namespace

TEST_CASE("a command's reply goes through its response_url, after the ack", "[slack][effects]") {
  app::outcome o{app::reply_after_ack{text_message("hello")}, {}};
  const auto rows = slack::plan_effects(command(), o, 1000);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].kind == "response_url");
  CHECK(rows[0].target == "https://hooks.example/commands/1");
  CHECK(rows[0].user_id == "U1");
  CHECK(rows[0].channel_id == "C1");
  CHECK(rows[0].created_at == 1000);
  const json body = json::parse(rows[0].body);
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
  CHECK(rows[0].target == "views.open");
  CHECK(json::parse(rows[0].body)["trigger_id"] == "t1");
  CHECK(rows[1].target == "chat.postMessage");
  CHECK(json::parse(rows[1].body)["channel"] == "C9");
  CHECK(rows[2].kind == "dm");
  CHECK(rows[2].target == "U7");
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
  CHECK(rows[0].kind == "response_url");
  CHECK(rows[0].target == "https://hooks.example/actions/1");
  const json replaced = json::parse(rows[0].body);
  CHECK(replaced["replace_original"] == true);
  CHECK_FALSE(replaced.contains("response_type"));
  CHECK(replaced["text"] == "expired");
  CHECK(json::parse(rows[1].body)["replace_original"] == false);
  // Its fallback, once the response_url is used up, is a new message with the same text.
  const auto fallback = slack::fallback_for(rows[0]);
  REQUIRE(fallback);
  CHECK_FALSE(json::parse(fallback->body).contains("replace_original"));
}

TEST_CASE("a modal submit's ack is not sent again as a message", "[slack][effects]") {
  app::view_submission v;
  v.user_id = "U1";
  app::outcome o{app::reply_after_ack{text_message("saved")}, {}};
  CHECK(slack::plan_effects(v, o, 1000).empty());
}

TEST_CASE("an expired response_url falls back to an ephemeral message, then to a DM", "[slack][effects]") {
  app::outcome o{app::reply_after_ack{text_message("hello")}, {}};
  const auto row = slack::plan_effects(command(), o, 1000).front();
  const auto ephemeral = slack::fallback_for(row);
  REQUIRE(ephemeral);
  CHECK(ephemeral->target == "chat.postEphemeral");
  const json body = json::parse(ephemeral->body);
  CHECK(body["channel"] == "C1");
  CHECK(body["user"] == "U1");
  CHECK_FALSE(body.contains("response_type"));
  const auto dm = slack::dm_instead(*ephemeral);
  REQUIRE(dm);
  CHECK(dm->kind == "dm");
  CHECK(dm->target == "U1");
  CHECK_FALSE(json::parse(dm->body).contains("channel"));
  // Typed in a DM with the bot: straight to the DM.
  auto in_dm = row;
  in_dm.channel_id = "D1";
  CHECK(slack::fallback_for(in_dm)->kind == "dm");
}
