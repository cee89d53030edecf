// The networking tracker's rules, goals and progress, and the cohort lifecycle, on real SQLite files.

#include <catch2/catch.hpp>

#include "core/contacts_csv.hpp"
#include "core/goals.hpp"
#include "core/lifecycle.hpp"
#include "results.hpp"
#include "store_world.hpp"

using namespace networkbot;
using networkbot::testing::ok;
using networkbot::testing::refused;
using namespace std::chrono_literals;
using networkbot::testing::store_world;

namespace {


core::contact draft(std::string name, core::warmth w = core::warmth::warm, std::string company = {}) {
  core::contact c;
  c.name = std::move(name);
  c.warmth = w;
  c.company = std::move(company);
  return c;
}

struct tracker_world : store_world {
  core::tracker tracker_rules_applied{contacts, goals, corrections, buddies, db, clock, core::tracker_rules{7, 10}};
  core::person maya, devon;
  tracker_world() {
    load_sample_people();
    maya = person("@maya");
    devon = person("@dev");
  }
  core::date today() const { return core::day_of(clock.now()); }
};

}  // namespace

TEST_CASE("a contact is checked and tidied when added, and a second one of the same name is refused", "[tracker]") {
  tracker_world w;
  auto& t = w.tracker_rules_applied;
  auto c = draft("  Alex Kim ", core::warmth::cold, "Acme");
  c.linkedin = "linkedin.com/in/alexkim";
  const auto added = ok(t.add(w.maya.id, c));
  CHECK(added.name == "Alex Kim");
  CHECK(added.linkedin == "https://www.linkedin.com/in/alexkim");
  CHECK(added.stage == core::stage::idea);
  CHECK(added.next_action == "Send your outreach message");
  CHECK(added.created_at == testing::test_epoch);
  CHECK_THAT(refused(t.add(w.maya.id, draft("alex kim", core::warmth::warm, "ACME"))), Catch::Contains("already in your tracker"));
  // Another student may keep a contact of the same name.
  CHECK(std::holds_alternative<core::contact>(t.add(w.devon.id, draft("Alex Kim", core::warmth::warm, "Acme"))));

  CHECK_THAT(refused(t.add(w.maya.id, draft("   "))), Catch::Contains("needs a name"));
  CHECK_THAT(refused(t.add(w.maya.id, draft(std::string(121, 'x')))), Catch::Contains("too long"));
  CHECK_THAT(refused(t.add(w.maya.id, draft("Bell\x07"))), Catch::Contains("control characters"));
  auto bad_link = draft("Bo");
  bad_link.linkedin = "https://evil.example/linkedin.com/in/bo";
  CHECK_THAT(refused(t.add(w.maya.id, bad_link)), Catch::Contains("LinkedIn profile URL"));
  auto bad_slack = draft("Bo");
  bad_slack.slack_user = "<!channel>";
  CHECK_THAT(refused(t.add(w.maya.id, bad_slack)), Catch::Contains("not a Slack user id"));
}

TEST_CASE("contacts are private: another student's contact is not found, whatever its number", "[tracker]") {
  tracker_world w;
  auto& t = w.tracker_rules_applied;
  const auto mine = ok(t.add(w.maya.id, draft("Alex")));
  CHECK_THAT(refused(t.log(w.devon.id, mine.id, core::stage::messaged)), Catch::Contains("no contact #"));
  CHECK_THAT(refused(t.note(w.devon.id, mine.id, "peeking")), Catch::Contains("no contact #"));
  CHECK_THAT(refused(t.find(w.devon.id, "#" + std::to_string(mine.id))), Catch::Contains("no contact #"));
  CHECK(t.history(w.devon.id, mine.id).empty());
  CHECK(t.contacts(w.devon.id).empty());
  CHECK(core::may_see_tracker(w.maya.id, w.maya.id, false));
  CHECK_FALSE(core::may_see_tracker(w.devon.id, w.maya.id, false));
  CHECK(core::may_see_tracker(w.person("@rosa").id, w.maya.id, true));
  CHECK_FALSE(core::may_see_tracker(0, 0, false));
}

TEST_CASE("logging moves the stage forward, never back, and restarts the follow-up clock each time", "[tracker]") {
  tracker_world w;
  auto& t = w.tracker_rules_applied;
  const auto c = ok(t.add(w.maya.id, draft("Alex")));
  CHECK_FALSE(c.next_due);

  auto after = ok(t.log(w.maya.id, c.id, core::stage::messaged, "Sent the intro on LinkedIn"));
  CHECK(after.stage == core::stage::messaged);
  CHECK(after.next_due == w.today() + std::chrono::days{7});
  CHECK(after.last_interaction == w.clock.now());

  w.clock.advance(3 * 24h);
  after = ok(t.log(w.maya.id, c.id, core::stage::met));
  CHECK(after.stage == core::stage::met);
  CHECK(after.next_due == w.today() + std::chrono::days{7});  // from the new interaction, not the first
  CHECK(after.next_action == "Send a thank-you and record your one takeaway");

  w.clock.advance(24h);
  after = ok(t.log(w.maya.id, c.id, core::stage::messaged, "a second message"));
  CHECK(after.stage == core::stage::met);  // a later message does not undo the meeting
  CHECK(after.next_due == w.today() + std::chrono::days{7});

  const auto events = t.history(w.maya.id, c.id);
  REQUIRE(events.size() == 3);
  CHECK(events[0].kind == core::event_kind::messaged);
  CHECK(events[0].text == "Sent the intro on LinkedIn");
  CHECK(events[1].kind == core::event_kind::met);
  CHECK(events[2].at == w.clock.now());
  CHECK_THAT(refused(t.log(w.maya.id, c.id, core::stage::idea)), Catch::Contains("messaged, scheduled, met or thanked"));
}

TEST_CASE("notes are kept with their time and do not move the follow-up clock", "[tracker]") {
  tracker_world w;
  auto& t = w.tracker_rules_applied;
  const auto c = ok(t.log(w.maya.id, ok(t.add(w.maya.id, draft("Alex"))).id, core::stage::messaged));
  w.clock.advance(2 * 24h);
  ok(t.note(w.maya.id, c.id, "Prefers mornings"));
  CHECK(t.find(w.maya.id, "alex").index() == 0);
  CHECK(std::get<core::contact>(t.find(w.maya.id, "alex")).next_due == c.next_due);
  const auto events = t.history(w.maya.id, c.id);
  CHECK(events.back().kind == core::event_kind::note);
  CHECK(events.back().at == w.clock.now());
  CHECK_THAT(refused(t.note(w.maya.id, c.id, "  ")), Catch::Contains("empty"));
}

TEST_CASE("the one takeaway replaces an earlier one, marks the contact met and sets a follow-up", "[tracker]") {
  tracker_world w;
  auto& t = w.tracker_rules_applied;
  const auto c = ok(t.add(w.maya.id, draft("Alex")));
  auto after = ok(t.record_takeaway(w.maya.id, c.id, "Ship small pull requests"));
  CHECK(after.stage == core::stage::met);
  CHECK(after.takeaway == "Ship small pull requests");
  CHECK(after.next_due == w.today() + std::chrono::days{10});  // takeaway_follow_up_days
  CHECK(after.next_action == "Send a thank-you that mentions your takeaway");
  after = ok(t.record_takeaway(w.maya.id, c.id, "Ask for code review early"));
  CHECK(after.takeaway == "Ask for code review early");
  const auto events = t.history(w.maya.id, c.id);
  REQUIRE(events.size() == 3);  // met (implied), takeaway, takeaway
  CHECK(events[0].kind == core::event_kind::met);
  ok(t.log(w.maya.id, c.id, core::stage::thanked));
  after = ok(t.record_takeaway(w.maya.id, c.id, "Ask for code review early"));
  CHECK(after.next_action == "Follow up: tell them how you used their advice");
}

TEST_CASE("follow-ups list what is due or overdue, oldest first; listings filter", "[tracker]") {
  tracker_world w;
  auto& t = w.tracker_rules_applied;
  const auto a = ok(t.add(w.maya.id, draft("Alex")));
  const auto b = ok(t.add(w.maya.id, draft("Bo", core::warmth::cold)));
  const auto c = ok(t.add(w.maya.id, draft("Cy", core::warmth::cold)));
  ok(t.set_next_action(w.maya.id, a.id, "Ask about the meetup", w.today() + std::chrono::days{2}));
  ok(t.set_next_action(w.maya.id, b.id, "Reply", w.today() - std::chrono::days{3}));
  ok(t.set_next_action(w.maya.id, c.id, "Later", w.today() + std::chrono::days{30}));
  auto due = t.followups(w.maya.id);
  REQUIRE(due.size() == 1);
  CHECK(due[0].name == "Bo");
  w.clock.advance(2 * 24h);
  due = t.followups(w.maya.id);
  REQUIRE(due.size() == 2);
  CHECK(due[0].name == "Bo");  // overdue longest comes first
  CHECK(due[1].name == "Alex");

  core::contact_filter cold;
  cold.warmth = core::warmth::cold;
  CHECK(t.contacts(w.maya.id, cold).size() == 2);
  core::contact_filter idea;
  idea.stage = core::stage::idea;
  CHECK(t.contacts(w.maya.id, idea).size() == 3);
}

TEST_CASE("a contact is found by number, by name, or by a unique start of one", "[tracker]") {
  tracker_world w;
  auto& t = w.tracker_rules_applied;
  const auto alex = ok(t.add(w.maya.id, draft("Alex Kim")));
  ok(t.add(w.maya.id, draft("Alexa Ray")));
  ok(t.add(w.maya.id, draft("Bo Sun")));
  CHECK(ok(t.find(w.maya.id, "#" + std::to_string(alex.id))).name == "Alex Kim");
  CHECK(ok(t.find(w.maya.id, "alex kim")).id == alex.id);
  CHECK(ok(t.find(w.maya.id, "bo")).name == "Bo Sun");
  CHECK_THAT(refused(t.find(w.maya.id, "ale")), Catch::Contains("matches several") && Catch::Contains("Alexa Ray"));
  CHECK_THAT(refused(t.find(w.maya.id, "Bo Sum")), Catch::Contains("did you mean Bo Sun?"));
  CHECK_THAT(refused(t.find(w.maya.id, "#12x")), Catch::Contains("not a contact number"));
  CHECK_THAT(refused(t.find(w.maya.id, "")), Catch::Contains("Say which contact"));
}

TEST_CASE("a goal and action steps are kept per student", "[tracker][goals]") {
  tracker_world w;
  auto& t = w.tracker_rules_applied;
  CHECK_THAT(refused(t.set_goal(w.maya.id, core::networking_level::II, w.today() - std::chrono::days{1})),
             Catch::Contains("already passed"));
  ok(t.set_goal(w.maya.id, core::networking_level::II, w.today() + std::chrono::days{14}));
  ok(t.set_goal(w.maya.id, core::networking_level::III, std::nullopt));  // replaces the first
  const auto g = w.goals.goal_of(w.maya.id);
  REQUIRE(g);
  CHECK(g->level == core::networking_level::III);
  CHECK_FALSE(g->due);

  const auto step = ok(t.add_action_step(w.maya.id, 2, "Attend the Denver Ruby meetup", std::nullopt));
  CHECK_THAT(refused(t.complete_action_step(w.devon.id, step.id)), Catch::Contains("no action step"));
  w.clock.advance(24h);
  CHECK(ok(t.complete_action_step(w.maya.id, step.id)).done_at == w.clock.now());
  CHECK(core::parse_level("ii") == core::networking_level::II);
  CHECK(core::parse_level("3") == core::networking_level::III);
  CHECK_FALSE(core::parse_level("IV"));
}

TEST_CASE("progress shows the level goal's evidence, the module quota and what to do next", "[goals]") {
  tracker_world w;
  std::istringstream sample(testing::read_text(std::string(NETWORKBOT_CONFIG_DIR) + "/sample/contacts.csv"));
  REQUIRE(std::holds_alternative<core::import_summary>(
      core::import_contacts(sample, {}, w.people, w.contacts, w.db, w.clock)));
  auto& t = w.tracker_rules_applied;
  const core::goal_rules rules;  // Mod 2: 4 warm, 4 cold, 1 action step

  auto view = core::progress(w.maya, w.people, w.contacts, w.goals, rules, w.today());
  CHECK_FALSE(view.goal);
  REQUIRE_FALSE(view.next_steps.empty());
  CHECK(view.next_steps.front().kind == core::next_step_kind::choose_goal);
  REQUIRE(view.quota);
  CHECK(view.quota->warm == 3);
  CHECK(view.quota->cold == 1);
  CHECK_FALSE(view.quota->complete());
  CHECK(view.contacts == 4);
  CHECK(view.messaged == 2);
  CHECK(view.met == 1);

  // Level I: Maya's mentor is Marcus, whom she has met; the takeaway is what is missing.
  ok(t.set_goal(w.maya.id, core::networking_level::I, w.today() + std::chrono::days{5}));
  view = core::progress(w.maya, w.people, w.contacts, w.goals, rules, w.today());
  REQUIRE(view.goal);
  CHECK(view.goal->contact == "Marcus Hale");
  CHECK(view.goal->messaged);
  CHECK(view.goal->met);
  CHECK_FALSE(view.goal->takeaway);
  CHECK(view.goal->steps_done() == 2);
  CHECK(view.goal->days_left == 5);
  CHECK(view.next_steps.front().kind == core::next_step_kind::record_takeaway);
  CHECK(view.next_steps.front().contact == "Marcus Hale");
  auto kinds = [&] {
    std::vector<core::next_step_kind> out;
    for (const auto& s : view.next_steps) out.push_back(s.kind);
    return out;
  };
  CHECK(kinds() == std::vector{core::next_step_kind::record_takeaway, core::next_step_kind::add_warm,
                               core::next_step_kind::add_cold, core::next_step_kind::outline_action_step});

  // Level III: only cold contacts count; Chris is still an idea.
  ok(t.set_goal(w.maya.id, core::networking_level::III, std::nullopt));
  view = core::progress(w.maya, w.people, w.contacts, w.goals, rules, w.today());
  CHECK(view.goal->contact == "Chris Okafor");
  CHECK(view.goal->steps_done() == 0);
  CHECK(view.next_steps.front().kind == core::next_step_kind::message_contact);

  // Level II done in full on Marcus (warm): met, takeaway, thanked.
  const auto marcus = ok(t.find(w.maya.id, "Marcus"));
  ok(t.record_takeaway(w.maya.id, marcus.id, "Review your own diff before asking for review"));
  ok(t.log(w.maya.id, marcus.id, core::stage::thanked));
  ok(t.set_goal(w.maya.id, core::networking_level::II, std::nullopt));
  ok(t.add_action_step(w.maya.id, 2, "Go to the Denver Ruby meetup", std::nullopt));
  view = core::progress(w.maya, w.people, w.contacts, w.goals, rules, w.today());
  CHECK(view.goal->complete());
  CHECK(view.quota->steps_outlined == 1);
  CHECK(view.next_steps.front().kind == core::next_step_kind::add_warm);
  CHECK(std::ranges::any_of(view.next_steps, [](const core::next_step& s) {
    return s.kind == core::next_step_kind::finish_action_step && s.text == "Go to the Denver Ruby meetup";
  }));

  // An overdue goal says so first; a module without a quota has none.
  ok(t.set_goal(w.maya.id, core::networking_level::III, w.today() + std::chrono::days{1}));
  w.clock.advance(3 * 24h);
  view = core::progress(w.maya, w.people, w.contacts, w.goals, rules, w.today());
  CHECK(view.goal->days_left == -2);
  CHECK(view.next_steps.front().kind == core::next_step_kind::goal_overdue);
  CHECK(view.next_steps.front().count == 2);
  CHECK_FALSE(core::progress(w.person("@jordan"), w.people, w.contacts, w.goals, rules, w.today()).quota);
}

TEST_CASE("advancing a cohort moves its students up a module; Mod 4 and deactivated people stay", "[lifecycle]") {
  tracker_world w;
  auto priya = w.person("@priya");
  priya.cohort = "2108";  // a Mod 4 student in the cohort
  w.people.upsert(priya);
  auto devon = w.devon;
  devon.active = false;
  w.people.upsert(devon);

  const std::string before = w.db.logical_dump();
  const auto plan = core::plan_advance(w.people, "2108");
  REQUIRE(plan.changes.size() == 1);
  CHECK(plan.changes[0].after.module == 3);
  REQUIRE(plan.skipped.size() == 2);
  CHECK(w.db.logical_dump() == before);  // planning (the dry run) writes nothing

  core::apply(plan, w.people, w.db);
  CHECK(w.person("@maya").module == 3);
  CHECK(w.person("@priya").module == 4);
  CHECK(w.person("@dev").module == 2);
  CHECK(core::plan_advance(w.people, "1999").changes.empty());
}

TEST_CASE("a student repeating a module joins a later cohort and is left out of their old cohort's advance", "[lifecycle]") {
  tracker_world w;
  auto planned = core::plan_repeat(w.people, "@maya", "2110");
  core::apply(std::get<core::lifecycle_plan>(planned), w.people, w.db);
  CHECK(w.person("@maya").cohort == "2110");
  CHECK(w.person("@maya").module == 2);
  const auto plan = core::plan_advance(w.people, "2108");
  REQUIRE(plan.changes.size() == 1);
  CHECK(plan.changes[0].before.handle == "dev");

  CHECK_THAT(refused(core::plan_repeat(w.people, "@maya", "2110")), Catch::Contains("already"));
  CHECK_THAT(refused(core::plan_repeat(w.people, "@rosa", "2110")), Catch::Contains("not a student"));
  CHECK_THAT(refused(core::plan_repeat(w.people, "@nobody", "2110")), Catch::Contains("No one"));
  CHECK_THAT(refused(core::plan_repeat(w.people, "@dev", " ")), Catch::Contains("Say which cohort"));
}

TEST_CASE("graduating a cohort makes its Mod 4 students alumni and keeps their tracker", "[lifecycle]") {
  tracker_world w;
  auto& t = w.tracker_rules_applied;
  const auto priya = w.person("@priya");
  ok(t.log(priya.id, ok(t.add(priya.id, draft("A recruiter", core::warmth::cold))).id, core::stage::messaged));
  const auto contacts_before = w.contacts.contacts_of(priya.id);

  const auto plan = core::plan_graduate(w.people, "2105");
  REQUIRE(plan.changes.size() == 1);
  core::apply(plan, w.people, w.db);
  const auto after = w.person("@priya");
  CHECK(after.is(core::role::alum));
  CHECK_FALSE(after.is(core::role::student));
  CHECK_FALSE(after.module);
  CHECK(after.graduating_cohort == "2105");
  CHECK_FALSE(core::mixitup_leader_rank(after));
  CHECK(w.contacts.contacts_of(priya.id) == contacts_before);
  CHECK(w.contacts.events_of(contacts_before[0].id).size() == 1);

  // Students of the cohort who are not in Mod 4 are named and left alone.
  const auto early = core::plan_graduate(w.people, "2108");
  CHECK(early.changes.empty());
  CHECK(early.skipped.size() == 2);
  CHECK_THAT(early.skipped[0].second, Catch::Contains("Mod 2, not Mod 4"));
}

TEST_CASE("leaders and Mix It Up participation are derived from the record", "[people]") {
  tracker_world w;
  CHECK(core::mixitup_leader_rank(w.person("@priya")) == core::leader_rank::first);
  CHECK(core::mixitup_leader_rank(w.person("@sam")) == core::leader_rank::second);
  CHECK_FALSE(core::mixitup_leader_rank(w.maya));
  CHECK_FALSE(core::mixitup_leader_rank(w.person("@marcus")));
  const auto sam = w.person("@sam");  // snoozed until 2026-12-07
  CHECK_FALSE(core::joins_mixitup(sam, *core::parse_date("2026-12-06")));
  CHECK(core::joins_mixitup(sam, *core::parse_date("2026-12-07")));
  CHECK(core::joins_mixitup(w.maya, w.today()));
  auto gone = w.maya;
  gone.active = false;
  CHECK_FALSE(core::joins_mixitup(gone, w.today()));
  CHECK_FALSE(core::mixitup_leader_rank([&] { auto p = w.person("@priya"); p.active = false; return p; }()));
  CHECK_FALSE(core::joins_mixitup(w.person("@rosa"), w.today()));
}
