// The scheduler's other jobs, with an injected clock: the daily morning follow-up DM (opt-in), the
// weekly buddy nudge, retention, and fan-outs written a chunk at a time that survive a crash between
// chunks without sending anyone's message twice.

#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "config/config.hpp"
#include "fixture.hpp"
#include "results.hpp"

using namespace networkbot;
using networkbot::testing::ok;
using networkbot::testing::reply_text;

namespace {

core::time_point utc(const char* iso) { return *core::parse_instant(iso); }

core::zone_rules denver() { return config::zone_rules_for("America/Denver"); }

struct world : testing::app_fixture {
  std::vector<app::effect> sent;
  int lock_steps = 0;
  int clean_ups = 0;  // the front end's retention hook
  world() {
    settings.cohorts = {{"2108", "C0COH2108", true}};
    clock.set(utc("2026-11-18T13:00:00Z"));  // Wednesday 06:00 in Denver: nothing due
  }
  features::job_hooks hooks() {
    return {[this](const features::job_step& step) {
              ++lock_steps;
              step(router.svc());
            },
            [this](std::vector<app::effect> e) { sent.insert(sent.end(), e.begin(), e.end()); },
            [this] { ++clean_ups; }};
  }
  std::size_t run() {
    const auto before = sent.size();
    features::run_due_jobs(hooks());
    return sent.size() - before;
  }
  std::vector<std::string> recipients(std::size_t from = 0) const {
    std::vector<std::string> out;
    for (std::size_t i = from; i < sent.size(); ++i) out.push_back(std::get<app::post_message>(sent[i]).channel);
    return out;
  }
  std::string text_of(std::size_t i) const {
    std::string text;
    for (const auto& b : std::get<app::post_message>(sent.at(i)).body.blocks)
      if (const auto* s = std::get_if<app::section>(&b)) text += s->text.plain_string();
    return text;
  }
  // A contact messaged now, so its follow-up falls due in settings.tracker.follow_up_days.
  void contact_messaged(const std::string& slack_id, const std::string& name) {
    auto t = svc.tracker();
    core::contact c;
    c.name = name;
    c.company = "Acme";
    const auto added = ok(t.add(who(slack_id).id, c));
    (void)ok(t.log(who(slack_id).id, added.id, core::stage::messaged));
  }
};

}  // namespace

TEST_CASE("a daily job is due at its local time, late within the window, and just after midnight", "[schedule]") {
  const auto zone = denver();
  const std::chrono::seconds window = std::chrono::hours{6};
  CHECK_FALSE(core::due_daily_occurrence(9, 0, utc("2026-11-20T15:59:00Z"), zone, {}, window));  // 08:59
  const auto at_nine = core::due_daily_occurrence(9, 0, utc("2026-11-20T16:01:00Z"), zone, {}, window);
  REQUIRE(at_nine);
  CHECK(at_nine->key == "2026-11-20");
  CHECK(at_nine->at == utc("2026-11-20T16:00:00Z"));
  CHECK_FALSE(core::due_daily_occurrence(9, 0, utc("2026-11-20T23:00:00Z"), zone, {}, window));  // 7 h late
  // 23:30 yesterday is due at 00:30 today, and belongs to yesterday.
  const auto late_night = core::due_daily_occurrence(23, 30, utc("2026-11-21T07:30:00Z"), zone, {}, window);
  REQUIRE(late_night);
  CHECK(late_night->key == "2026-11-20");
  CHECK_FALSE(core::due_daily_occurrence(9, 0, utc("2026-11-20T16:01:00Z"), zone, {*core::parse_date("2026-11-20")}, window));
  // Across the spring DST change, 09:00 stays 09:00 local.
  CHECK(core::latest_daily_occurrence(9, 0, utc("2027-03-15T17:00:00Z"), zone).at == utc("2027-03-15T15:00:00Z"));
  CHECK(core::latest_daily_occurrence(9, 0, utc("2027-03-13T17:00:00Z"), zone).at == utc("2027-03-13T16:00:00Z"));
}

TEST_CASE("the morning follow-up DM goes once a day, only to those who turned it on and have one due", "[nudges][schedule]") {
  world f;
  f.contact_messaged("U0STU1", "Jamie Flores");
  f.contact_messaged("U0STU2", "Sam Okafor");
  CHECK_THAT(reply_text(f.command("U0STU1", "nudges")), Catch::Contains("Follow-ups: off"));
  CHECK_THAT(reply_text(f.command("U0STU1", "nudges followups on")), Catch::Contains("Follow-ups: on"));
  CHECK_THAT(reply_text(f.command("U0STU1", "nudges sometimes")), Catch::Contains("/network nudges followups on"));
  CHECK(f.nudges.nudges_of(f.who("U0STU1").id) == core::nudge_settings{true, true});

  f.clock.set(utc("2026-11-19T16:05:00Z"));  // Thursday 09:05: nothing due yet
  CHECK(f.run() == 0);
  f.clock.set(utc("2026-11-25T16:05:00Z"));  // a week after messaging: due
  REQUIRE(f.run() == 1);
  CHECK(f.recipients() == std::vector<std::string>{"U0STU1"});  // devon has one due but did not opt in
  CHECK_THAT(f.text_of(0), Catch::Contains("1 follow-up is due") && Catch::Contains("Jamie Flores (Acme), due today"));
  f.clock.advance(std::chrono::minutes{30});
  CHECK(f.run() == 0);  // once a day
  f.clock.advance(std::chrono::days{1});
  CHECK(f.run() == 1);  // still due (now overdue) the next morning
  CHECK_THAT(f.text_of(1), Catch::Contains("1 day overdue"));
  f.command("U0STU1", "nudges followups off");
  f.clock.advance(std::chrono::days{1});
  CHECK(f.run() == 0);
}

TEST_CASE("the weekly buddy nudge tells a student when their buddy falls behind, unless turned off", "[nudges][schedule]") {
  world f;
  auto t = f.svc.tracker();
  const auto maya = f.who("U0STU1");
  const auto devon = f.who("U0STU2");
  const auto link = ok(t.ask_buddy(maya.id, devon.id));
  (void)ok(t.answer_buddy(devon.id, link.id, true));
  // Maya has a goal far off; Devon has none.
  (void)ok(t.set_goal(maya.id, core::networking_level::II, core::parse_date("2026-12-31")));

  f.clock.set(utc("2026-11-18T19:05:00Z"));  // Wednesday 12:05 in Denver
  REQUIRE(f.run() == 1);
  CHECK(f.recipients() == std::vector<std::string>{"U0STU1"});
  CHECK_THAT(f.text_of(0), Catch::Contains("devon Student has not chosen a networking goal yet"));
  CHECK(f.run() == 0);

  // A week later Maya's goal is close and barely started: Devon hears about it too; Maya turned hers off.
  f.command("U0STU1", "nudges buddy off");
  (void)ok(t.set_goal(maya.id, core::networking_level::II, core::parse_date("2026-11-27")));
  f.clock.advance(std::chrono::days{7});
  REQUIRE(f.run() == 1);
  CHECK(f.recipients(1) == std::vector<std::string>{"U0STU2"});
  CHECK_THAT(f.text_of(1), Catch::Contains("Level II goal due in 2 days with 0 of 4 steps done"));
}

TEST_CASE("a buddy is behind with no goal, an overdue goal, or a close goal barely started", "[nudges]") {
  core::progress_view v;
  CHECK(core::behind_on_goal(v) == "has not chosen a networking goal yet");
  v.goal = core::goal_progress{};
  v.goal->days_left = 20;
  CHECK_FALSE(core::behind_on_goal(v));
  v.goal->days_left = -1;
  CHECK_THAT(*core::behind_on_goal(v), Catch::Contains("past the due date"));
  v.goal->days_left = 3;
  v.goal->messaged = v.goal->met = true;
  CHECK_FALSE(core::behind_on_goal(v));  // half done: on track
  v.goal->takeaway = v.goal->thanked = true;
  v.goal->days_left = -5;
  CHECK_FALSE(core::behind_on_goal(v));  // complete
}

TEST_CASE("a fan-out is written a chunk at a time; a crash between chunks resends nobody's", "[nudges][schedule]") {
  world f;
  f.settings.reflection.deliver = config::delivery::dm;
  for (int i = 0; i < 600; ++i) {
    auto p = testing::student("U1" + std::to_string(100000 + i), "s" + std::to_string(i));
    f.people.upsert(p);
  }
  f.clock.set(utc("2026-11-20T21:05:00Z"));  // Friday 14:05: the prompt, by DM to 602 students
  int chunks = 0;
  features::job_hooks crashing = f.hooks();
  crashing.deliver = [&](std::vector<app::effect> e) {
    if (++chunks == 2) throw std::runtime_error("power cut");
    f.sent.insert(f.sent.end(), e.begin(), e.end());
  };
  CHECK_THROWS(features::run_due_jobs(crashing));
  CHECK(f.sent.size() == 250);  // the first chunk was committed with its claims; the second rolled back
  f.lock_steps = 0;
  CHECK(f.run() == 352);
  CHECK(f.lock_steps >= 3);  // the lock is taken per chunk, not for the cohort
  const auto all = f.recipients();
  const std::set<std::string> unique(all.begin(), all.end());
  CHECK(unique.size() == 602);
  CHECK(f.run() == 0);
}

TEST_CASE("retention deletes reflections older than keep_weeks, once a day", "[reflections][schedule]") {
  world f;
  f.settings.reflection.keep_weeks = 2;
  const auto maya = f.who("U0STU1");
  for (const char* week : {"2026-10-23", "2026-11-06", "2026-11-13"}) {
    core::reflection r;
    r.student = maya.id;
    r.week = week;
    r.learned = "x";
    r.next_steps = "y";
    f.reflections.save_reflection(r);
  }
  f.run();  // 2026-11-18: keeps from 2026-11-04 on
  const auto left = f.reflections.reflections_of(maya.id);
  REQUIRE(left.size() == 2);
  CHECK(left.back().week == "2026-11-06");
}

TEST_CASE("the front end's clean-up runs with retention, once a day", "[schedule]") {
  world f;
  f.run();
  f.run();
  CHECK(f.clean_ups == 1);
  f.clock.set(utc("2026-11-19T13:00:00Z"));
  f.run();
  CHECK(f.clean_ups == 2);
}
