#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bot/slack/block_kit.hpp"
#include "bot/slack/effects.hpp"
#include "bot/slack/json_text.hpp"
#include "bot/slack/limits.hpp"
#include "fixture.hpp"
#include "golden.hpp"

using namespace networkbot;
using nlohmann::json;
using networkbot::testing::check_golden;

namespace {

const app::message& ack_message(const app::outcome& o) { return std::get<app::reply_after_ack>(o.acknowledgement).reply; }

}  // namespace

TEST_CASE("golden Block Kit for each view", "[block_kit][golden]") {
  testing::app_fixture f;
  check_golden("help", slack::render_message(ack_message(f.command("U0STU1", "help"))));
  check_golden("help_topic", slack::render_message(ack_message(f.command("U0STU1", "help profile"))));
  check_golden("questions_menu", slack::render_message(ack_message(f.command("U0STU1", "questions"))));
  check_golden("questions_mentor", slack::render_message(ack_message(f.command("U0STU1", "questions mentor"))));
  check_golden("profile", slack::render_message(ack_message(f.command("U0STU1", "profile"))));
  const auto edit = f.command("U0STU1", "profile edit");
  check_golden("profile_edit_modal", slack::render_modal(std::get<app::open_modal>(edit.effects.at(0)).view));
  check_golden("unknown_command", slack::render_message(ack_message(f.command("U0STU1", "profle"))));
}

TEST_CASE("messages and views are compact JSON with sorted keys, as json_text writes the same object", "[block_kit]") {
  testing::app_fixture f;
  std::vector<app::message> messages;
  for (const char* command : {"help", "help profile", "questions", "questions mentor", "profile", "profle", "contacts",
                              "add warm Jamie Flores", "contacts", "progress", "draft Ana Silva", "check Hi Kim, hiring?"})
    messages.push_back(ack_message(f.command("U0STU1", command)));
  app::message every_block;  // each kind of block, a select with its initial option, text that needs escaping
  every_block.blocks = {app::header{"H \"q\" \x01"}, app::section{app::rich_text{}.plain("<&>"), app::button{"b", "a.b", "v", app::button::style::danger}},
                        app::context{app::rich_text{}.code("c")}, app::divider{},
                        app::actions{{{"one", "x.one", "", app::button::style::primary}, {"two", "x.two", "2", app::button::style::normal}}},
                        app::input{"pick", "Pick", app::input::kind::select, "hint", "choose", "b", true, 0, {{"A", "a"}, {"B", "b"}}},
                        app::input{"note", "Note", app::input::kind::multi_line, "", "", "start", false, 300, {}}};
  every_block.fallback = "fallback \xFF";
  messages.push_back(every_block);
  for (const auto& m : messages) {
    const std::string text = slack::render_message_text(m);
    CHECK(slack::json_text(json::parse(text)) == text);
    const std::string reply = slack::reply_body_text(m);
    const json parsed = json::parse(reply);
    CHECK(slack::json_text(parsed) == reply);
    CHECK(parsed["response_type"] == (m.ephemeral ? "ephemeral" : "in_channel"));
    CHECK(parsed["replace_original"] == false);
  }
  const auto edit = f.command("U0STU1", "profile edit");
  const std::string modal = slack::render_modal_text(std::get<app::open_modal>(edit.effects.at(0)).view);
  CHECK(slack::json_text(json::parse(modal)) == modal);
  const std::string home = slack::render_home_text(app::home_view{every_block.blocks});
  CHECK(slack::json_text(json::parse(home)) == home);
}

TEST_CASE("text a person typed is escaped: no channel pings, no forged mentions or links", "[block_kit]") {
  app::rich_text t;
  t.plain("<!channel> hi <@U0FORGED> & <https://evil.example|click>").bold("*<!here>*");
  CHECK(slack::to_mrkdwn(t) ==
        "&lt;!channel&gt; hi &lt;@U0FORGED&gt; &amp; &lt;https://evil.example|click&gt;**&lt;!here&gt;**");
  app::rich_text m;
  m.mention("U0REAL1").plain(" ").mention("U0X><!channel").plain(" ").link("a|b", "javascript:alert(1)");
  CHECK(slack::to_mrkdwn(m) == "<@U0REAL1> @U0X&gt;&lt;!channel a/b");
  app::rich_text code;
  code.code("`rm` <b>");
  CHECK(slack::to_mrkdwn(code) == "`'rm' &lt;b&gt;`");
}

TEST_CASE("no rendered view exceeds a Slack limit, whatever the data", "[block_kit][limits]") {
  const std::string huge(10'000, 'x');
  const std::string accents = [] {
    std::string s;
    for (int i = 0; i < 3000; ++i) s += "\xC3\xA9";  // é, two bytes
    return s;
  }();
  app::message m;
  m.fallback = huge + huge + huge + huge + huge;
  for (int i = 0; i < 80; ++i) m.blocks.push_back(app::section{accents, app::button{huge, huge, huge, app::button::style::primary}});
  m.blocks.push_back(app::header{huge});
  app::actions row;
  for (int i = 0; i < 40; ++i) row.buttons.push_back({"b", "a" + std::to_string(i), "", app::button::style::normal});
  m.blocks.insert(m.blocks.begin(), row);
  m.blocks.insert(m.blocks.begin(), app::header{huge});
  const json j = slack::render_message(m);
  CHECK(j["blocks"].size() == slack::limits::blocks_per_message);
  CHECK(j["text"].get<std::string>().size() <= slack::limits::message_text);
  CHECK(j["blocks"][0]["text"]["text"].get<std::string>().size() <= slack::limits::header_text);
  CHECK(j["blocks"][1]["elements"].size() == slack::limits::buttons_per_actions);
  const auto& section = j["blocks"][2];
  const auto text = section["text"]["text"].get<std::string>();
  CHECK(text.size() <= slack::limits::section_text);
  CHECK(text.ends_with("\xE2\x80\xA6"));
  CHECK(section["accessory"]["text"]["text"].get<std::string>().size() <= slack::limits::button_text);
  CHECK(section["accessory"]["value"].get<std::string>().size() <= slack::limits::button_value);
  CHECK(section["accessory"]["action_id"].get<std::string>().size() <= slack::limits::action_id);
  // Cutting never splits a UTF-8 sequence: the result still parses as JSON text round-trip.
  CHECK_NOTHROW(json::parse(j.dump()));

  app::modal v;
  v.title = huge;
  v.submit = huge;
  v.private_metadata = huge;
  for (int i = 0; i < 150; ++i) {
    app::input in;
    in.id = "f" + std::to_string(i);
    in.label = huge;
    in.type = app::input::kind::select;
    for (int k = 0; k < 120; ++k) in.options.push_back({huge, huge});
    v.blocks.push_back(in);
  }
  const json mj = slack::render_modal(v);
  CHECK(mj["title"]["text"].get<std::string>().size() <= slack::limits::modal_title);
  CHECK(mj["submit"]["text"].get<std::string>().size() <= slack::limits::modal_button);
  CHECK(mj["private_metadata"].get<std::string>().size() <= slack::limits::private_metadata);
  CHECK(mj["blocks"].size() == slack::limits::blocks_per_view);
  CHECK(mj["blocks"][0]["element"]["options"].size() == slack::limits::options_per_select);
  CHECK(mj["blocks"][0]["element"]["options"][0]["value"].get<std::string>().size() <= slack::limits::option_value);
}
