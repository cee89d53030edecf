// Friday reflections and the scheduler, with an injected clock: the prompt per active cohort exactly
// once (also after a crash in the middle of the send), reminders only to those who have not answered,
// lateness, and the reflection modal.

#include <catch2/catch.hpp>

#include "core/digest.hpp"
#include "fixture.hpp"

using namespace networkbot;
using networkbot::testing::reply_text;

namespace {

core::time_point utc(const char* iso) { return *core::parse_instant(iso); }

struct world : testing::app_fixture {
  std::vector<app::effect> sent;
  world() {
    settings.cohorts = {{"2108", "C0COH2108", true}, {"2110", "C0COH2110", false}};
    clock.set(utc("2026-11-20T21:05:00Z"));  // Friday 14:05 in Denver
  }
  std::size_t run() {
    const auto before = sent.size();
    features::run_due_jobs(router, [&](std::vector<app::effect> e) { sent.insert(sent.end(), e.begin(), e.end()); });
    return sent.size() - before;
  }
  std::string channel(std::size_t i) const { return std::get<app::post_message>(sent.at(i)).channel; }
  app::outcome reflect(const std::string& user, std::map<std::string, std::string> values, const std::string& week = "2026-11-20") {
    return submit(user, "reflection.submit", std::move(values), week);
  }
};

const std::map<std::string, std::string> answer{
    {"learned", "I prefer small conversations"}, {"next_steps", "Message two alumni"}, {"confidence", "3"}, {"status", "partly"}};

}  // namespace

TEST_CASE("the Friday prompt goes to each active cohort once, however often the scheduler runs", "[reflections][schedule]") {
  world f;
  f.clock.set(utc("2026-11-20T20:59:00Z"));
  CHECK(f.run() == 0);  // 13:59 local: not yet
  f.clock.set(utc("2026-11-20T21:05:00Z"));
  CHECK(f.run() == 1);
  CHECK(f.channel(0) == "C0COH2108");  // the paused cohort 2110 gets nothing
  CHECK(f.run() == 0);
  f.clock.advance(std::chrono::hours{1});
  CHECK(f.run() == 0);
  // The next week, again once.
  f.clock.advance(std::chrono::days{7});
  CHECK(f.run() == 1);
}

TEST_CASE("a crash in the middle of sending records nothing, and the next run sends once", "[reflections][schedule]") {
  world f;
  CHECK_THROWS(features::run_due_jobs(f.router, [](std::vector<app::effect>) { throw std::runtime_error("power cut"); }));
  CHECK(f.run() == 1);
  CHECK(f.run() == 0);
}

TEST_CASE("after downtime the prompt runs late within the window, and not after", "[reflections][schedule]") {
  world f;
  f.settings.reflection.late_window_hours = 6;
  f.clock.set(utc("2026-11-21T02:30:00Z"));  // 5.5 h late
  CHECK(f.run() == 1);
  world g;
  g.clock.set(utc("2026-11-21T04:00:00Z"));  // 7 h late
  CHECK(g.run() == 0);
  world h;
  h.settings.reflection.skip = {*core::parse_date("2026-11-20")};
  CHECK(h.run() == 0);
}

TEST_CASE("prompts by DM when configured, to each active student of the cohort", "[reflections][schedule]") {
  world f;
  f.settings.reflection.deliver = config::delivery::dm;
  CHECK(f.run() == 2);
  CHECK(f.channel(0).starts_with("U0STU"));
}

TEST_CASE("the Monday reminder goes once, only to those who have not answered", "[reflections][schedule]") {
  world f;
  f.run();
  REQUIRE(std::holds_alternative<app::ack_empty>(f.reflect("U0STU1", answer).acknowledgement));
  f.clock.set(utc("2026-11-23T17:05:00Z"));  // Monday 10:05 in Denver
  CHECK(f.run() == 1);
  CHECK(f.channel(1) == "U0STU2");
  CHECK(f.run() == 0);
}

TEST_CASE("the reflection modal saves, edits until the next prompt, and validates", "[reflections]") {
  world f;
  const auto opened = f.command("U0STU1", "reflect");
  REQUIRE(opened.effects.size() == 1);
  const auto& modal = std::get<app::open_modal>(opened.effects[0]).view;
  CHECK(modal.private_metadata == "2026-11-20");
  CHECK(modal.submit == "Save");

  auto bad = f.reflect("U0STU1", {{"learned", ""}, {"next_steps", "x"}, {"confidence", "9"}, {"status", "meh"}});
  REQUIRE(std::holds_alternative<app::ack_errors>(bad.acknowledgement));
  const auto& errors = std::get<app::ack_errors>(bad.acknowledgement).errors;
  CHECK(errors.contains("learned"));
  CHECK(errors.contains("confidence"));
  CHECK(errors.contains("status"));

  REQUIRE(std::holds_alternative<app::ack_empty>(f.reflect("U0STU1", answer).acknowledgement));
  auto edited = answer;
  edited["confidence"] = "4";
  f.reflect("U0STU1", edited);
  const auto maya = *f.people.find_by_slack_id("U0STU1");
  const auto saved = f.reflections.find_reflection(maya.id, "2026-11-20");
  REQUIRE(saved);
  CHECK(saved->confidence == 4);
  CHECK(f.reflections.reflections_of(maya.id).size() == 1);
  CHECK(f.reflections.latest_confidence() == std::map<core::person_id, int>{{maya.id, 4}});
  CHECK(std::get<app::open_modal>(f.command("U0STU1", "reflect").effects[0]).view.submit == "Update");

  // Once the next prompt has gone out, last week's form is closed.
  f.clock.advance(std::chrono::days{7});
  CHECK(std::holds_alternative<app::ack_errors>(f.reflect("U0STU1", answer).acknowledgement));
  CHECK_THAT(reply_text(f.command("U0STU1", "reflections")), Catch::Contains("Confidence over the weeks") && Catch::Contains("4"));
  // Private: nobody else's history, and alumni have no reflections command.
  CHECK_THAT(reply_text(f.command("U0STU2", "reflections")), Catch::Contains("None yet"));
}

TEST_CASE("the staff digest goes once to the staff channel, counted, with who has been silent", "[reflections][digest]") {
  world f;
  f.settings.staff.channel = "C0STAFF";
  f.run();
  f.reflect("U0STU1", {{"learned", "Alumni calls calm my nerves"}, {"next_steps", "Message alumni about testing"},
                       {"confidence", "4"}, {"status", "done"}});
  f.clock.set(utc("2026-11-23T17:05:00Z"));  // Monday: reminders and the digest
  CHECK(f.run() == 2);
  const auto& digest = std::get<app::post_message>(f.sent.at(1));
  CHECK(digest.channel == "C0STAFF");
  std::string text;
  for (const auto& b : digest.body.blocks)
    if (const auto* s = std::get_if<app::section>(&b)) text += s->text.plain_string() + "\n";
  CHECK_THAT(text, Catch::Contains("Cohort 2108: 1 of 2 answered") && Catch::Contains("confidence 4.0") &&
                       Catch::Contains("alumni (2)") && Catch::Contains("No answer two weeks running: devon Student"));
  CHECK_THAT(text, !Catch::Contains("calm my nerves"));  // counted words only, never the answer itself
  CHECK(f.run() == 0);
  CHECK_THAT(reply_text(f.command("U0STAFF1", "admin report")), Catch::Contains("1 of 2 answered"));
}

TEST_CASE("telling words leave out the common ones", "[reflections][digest]") {
  CHECK(core::telling_words("I will message TWO alumni about testing, and then more!") ==
        std::vector<std::string>{"message", "alumni", "testing"});
}
