// The bad-input catalogue: every surface a person can reach (each /network command, each button, each
// form) crossed with each kind of bad input (empty, enormous, not UTF-8, control characters, Slack
// markup injection, SQL-looking text, a forged id). Each case gets an answer of its own, never a crash
// and never the router's internal-error reply (a handler that threw); what is
// refused leaves the database logically unchanged (the same SQL dump); and whatever is shown renders
// markup a person typed as text, never as a mention or a broadcast.

#include <catch2/catch.hpp>

#include <map>
#include <nlohmann/json.hpp>

#include "bot/slack/block_kit.hpp"
#include "bad_text.hpp"
#include "fixture.hpp"

using namespace networkbot;

namespace {

// What Slack would read as mrkdwn in everything an outcome shows (the notification text, and each
// mrkdwn text object); plain_text objects and button values are never parsed for mentions.
void collect_mrkdwn(const nlohmann::json& j, std::string& out) {
  if (j.is_object()) {
    if (j.value("type", std::string{}) == "mrkdwn" && j.contains("text") && j["text"].is_string()) out += j["text"].get<std::string>();
    for (const auto& [key, value] : j.items()) collect_mrkdwn(value, out);
  } else if (j.is_array()) {
    for (const auto& value : j) collect_mrkdwn(value, out);
  }
}

std::string rendered(const app::outcome& o) {
  std::string out;
  auto add = [&](const nlohmann::json& j) {
    if (j.contains("text") && j["text"].is_string()) out += j["text"].get<std::string>();
    collect_mrkdwn(j, out);
  };
  if (const auto* r = std::get_if<app::reply_after_ack>(&o.acknowledgement)) add(slack::render_message(r->reply));
  for (const auto& e : o.effects) {
    if (const auto* p = std::get_if<app::post_message>(&e)) add(slack::render_message(p->body));
    if (const auto* m = std::get_if<app::open_modal>(&e)) collect_mrkdwn(slack::render_modal(m->view), out);
  }
  return out;
}

// Answered by the feature itself: something shown or done. The router's internal-error reply is not an
// answer: it means a handler threw, a bug whatever the input was.
bool answered(const app::outcome& o) {
  return (!std::holds_alternative<app::ack_empty>(o.acknowledgement) || !o.effects.empty()) && !app::is_internal_error(o);
}

}  // namespace

TEST_CASE("catalogue: every command × every kind of bad input", "[catalogue]") {
  testing::app_fixture f;
  std::size_t cases = 0;
  for (const auto& spec : f.router.commands()) {
    for (const auto& c : testing::bad_texts()) {
      for (const char* user : {"U0STU1", "U0STAFF1"}) {
        INFO("/network " << spec.name << " with " << c.name << " input, as " << user);
        const auto before = f.db.logical_dump();
        app::outcome o;
        REQUIRE_NOTHROW(o = f.command(user, spec.name + " " + c.text));
        CHECK(answered(o));
        if (c.refused_as_command) CHECK(f.db.logical_dump() == before);
        const auto json = rendered(o);
        CHECK(json.find("<!channel>") == std::string::npos);
        CHECK(json.find("<@U0STAFF1>") == std::string::npos);
        ++cases;
      }
    }
  }
  CHECK(cases >= 100);
}

TEST_CASE("catalogue: every button × forged and broken values", "[catalogue]") {
  testing::app_fixture f;
  const std::vector<std::pair<const char*, std::string>> values{
      {"empty", ""},
      {"enormous", std::string(3000, '9')},
      {"invalid UTF-8", "\xc3\x28"},
      {"forged id", "999999"},
      {"someone else's id", "1"},
      {"SQL-looking", "1; DELETE FROM people"},
      {"markup", "<!channel>|2"},
  };
  std::size_t cases = 0;
  for (const auto& action : f.router.action_ids()) {
    for (const auto& [name, value] : values) {
      INFO("button " << action << " with a " << name << " value");
      const auto before = f.db.logical_dump();
      app::outcome o;
      REQUIRE_NOTHROW(o = f.click("U0STU2", action, value));
      CHECK_FALSE(app::is_internal_error(o));
      CHECK(f.db.logical_dump() == before);
      CHECK(rendered(o).find("<!channel>") == std::string::npos);
      // Staff reach further into the staff buttons' handlers: they get an answer too.
      app::outcome as_staff;
      REQUIRE_NOTHROW(as_staff = f.click("U0STAFF1", action, value));
      CHECK_FALSE(app::is_internal_error(as_staff));
      CHECK(rendered(as_staff).find("<!channel>") == std::string::npos);
      ++cases;
    }
  }
  CHECK(cases >= 100);
}

TEST_CASE("catalogue: every form × empty, enormous and forged submissions", "[catalogue]") {
  testing::app_fixture f;
  std::size_t cases = 0;
  const std::string huge(4000, 'y');
  for (const auto& callback : f.router.view_ids()) {
    const std::vector<std::pair<const char*, std::pair<std::map<std::string, std::string>, std::string>>> submissions{
        {"no values, no metadata", {{}, ""}},
        {"enormous values", {{{"name", huge}, {"text", huge}, {"learned", huge}, {"at", huge}, {"note", huge}}, "1"}},
        {"forged metadata", {{{"name", "Jamie"}}, "999999"}},
        {"not UTF-8", {{{"name", "\xff"}, {"text", "\xff"}, {"learned", "\xff"}}, "\xff"}},
        {"wrong types", {{{"confidence", "high"}, {"status", "maybe"}, {"topic", "knitting"}, {"level", "IV"}, {"at", "soon"}}, "abc"}},
    };
    for (const auto& [name, submission] : submissions) {
      INFO("form " << callback << ": " << name);
      const auto before = f.db.logical_dump();
      app::outcome o;
      REQUIRE_NOTHROW(o = f.submit("U0STU2", callback, submission.first, submission.second));
      CHECK_FALSE(app::is_internal_error(o));
      // Refused: the form stays open with a message, or a reply says why; nothing is stored.
      CHECK(f.db.logical_dump() == before);
      app::outcome as_staff;
      REQUIRE_NOTHROW(as_staff = f.submit("U0STAFF1", callback, submission.first, submission.second));
      CHECK_FALSE(app::is_internal_error(as_staff));
      ++cases;
    }
  }
  CHECK(cases >= 40);
}
