// What staff need to act: /network admin report names everyone who needs a hand (no goal, not started,
// no reflection two weeks running, follow-ups overdue), never cut, a page at a time with "Show more";
// `admin report COHORT` keeps every part to that cohort; and /network admin student shows the
// student's reflections and confidence over the weeks.

#include <catch2/catch.hpp>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "bot/features/reflections.hpp"
#include "bot/slack/block_kit.hpp"
#include "bot/slack/limits.hpp"
#include "fixture.hpp"

using namespace networkbot;
using networkbot::testing::reply_text;

namespace {

struct school : testing::app_fixture {
  school() { settings.cohorts = {{"2108", "C0COH2108", true}, {"2110", "C0COH2110", true}}; }

  core::person add_student(const std::string& slack_id, const std::string& name, const std::string& cohort) {
    auto p = testing::student(slack_id, slack_id);
    p.display_name = name;
    p.cohort = cohort;
    p.id = people.upsert(p);
    return p;
  }
  void reflect(const core::person& p, const std::string& week, int confidence, core::week_status status, const std::string& learned) {
    core::reflection r;
    r.student = p.id;
    r.week = week;
    r.learned = learned;
    r.next_steps = "Next for " + p.display_name;
    r.confidence = confidence;
    r.status = status;
    r.submitted_at = clock.now();
    r.updated_at = clock.now();
    reflections.save_reflection(r);
  }
  // A contact in `p`'s tracker, with a follow-up `days` from today (negative: overdue).
  void contact_with_followup(const core::person& p, int days) {
    core::contact c;
    c.name = "Jamie Flores";
    c.warmth = core::warmth::warm;
    auto t = svc.tracker();
    const auto added = t.add(p.id, c);
    REQUIRE(std::holds_alternative<core::contact>(added));
    t.set_next_action(p.id, std::get<core::contact>(added).id, "Follow up", svc.today() + std::chrono::days{days});
  }
};

const app::message& acked(const app::outcome& o) { return std::get<app::reply_after_ack>(o.acknowledgement).reply; }

// The "Show more" button of a page, if it has one.
std::optional<app::button> more_button(const app::message& m) {
  for (const auto& b : m.blocks)
    if (const auto* row = std::get_if<app::actions>(&b))
      for (const auto& button : row->buttons)
        if (button.action_id == "admin.report.more") return button;
  return std::nullopt;
}

// Every page of the report, following "Show more" as staff would.
std::vector<nlohmann::json> every_page(school& f, const std::string& command) {
  std::vector<nlohmann::json> pages;
  auto o = f.command("U0STAFF1", command);
  for (int guard = 0; guard < 50; ++guard) {
    REQUIRE_FALSE(app::is_internal_error(o));
    const auto& m = acked(o);
    pages.push_back(slack::render_message(m));
    const auto more = more_button(m);
    if (!more) break;
    o = f.click("U0STAFF1", more->action_id, more->value);
  }
  return pages;
}

// The lists as the pages show them: "<cohort> · <list>" -> every line listed under it, in order.
std::map<std::string, std::vector<std::string>> lists_of(const std::vector<nlohmann::json>& pages) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& page : pages)
    for (const auto& b : page["blocks"]) {
      if (b["type"] != "section") continue;
      const std::string text = b["text"]["text"];
      if (!text.starts_with("*Cohort ") || text.find('\n') == std::string::npos) continue;
      const std::string heading = text.substr(1, text.find('*', 1) - 1);
      if (heading.find(" · ") == std::string::npos) continue;  // a cohort's numbers, not a list
      std::string names = text.substr(text.find('\n') + 1);
      for (std::size_t start = 0;;) {
        const auto comma = names.find(", ", start);
        out[heading].push_back(names.substr(start, comma - start));
        if (comma == std::string::npos) break;
        start = comma + 2;
      }
    }
  return out;
}

std::string escaped(std::string text) {
  for (std::size_t i = 0; (i = text.find('&', i)) != std::string::npos; i += 5) text.replace(i, 1, "&amp;");
  return text;
}

}  // namespace

TEST_CASE("the report names everyone who needs a hand, never cut: a cohort of 60 is listed in full, a page at a time", "[admin][report]") {
  school f;
  const std::string week = features::latest_reflection_week(f.svc);
  std::map<std::string, std::vector<std::string>> want;
  for (int i = 0; i < 60; ++i) {
    // Long names with characters Slack receives as entities: pages must make room for them, not cut them.
    const std::string number = (i < 10 ? "0" : "") + std::to_string(i);
    const std::string name = "Student " + number + " & " + std::string(100, 'n');
    const auto p = f.add_student("U0C" + number, name, "2108");
    if (i < 20) {
      want["Cohort 2108 · Not started (no goal, no contacts)"].push_back(escaped(name));
    } else if (i < 40) {
      f.contact_with_followup(p, 3);
      want["Cohort 2108 · No goal yet (has contacts)"].push_back(escaped(name));
    } else {
      f.command(p.slack_id, "goal II");
      f.contact_with_followup(p, -2);
      want["Cohort 2108 · Follow-ups overdue"].push_back(escaped(name) + " (1)");
    }
    if (i % 2 == 0) f.reflect(p, week, 3, core::week_status::partly, "Something");
    else want["Cohort 2108 · No reflection two weeks running"].push_back(escaped(name));
  }
  // Maya and Devon (the fixture's, cohort 2108) have not started or reflected either.
  for (const char* list : {"Cohort 2108 · Not started (no goal, no contacts)", "Cohort 2108 · No reflection two weeks running"}) {
    want[list].push_back("devon Student");
    want[list].push_back("maya Student");
    std::ranges::sort(want[list], [](const std::string& a, const std::string& b) { return core::to_lower(a) < core::to_lower(b); });
  }
  f.add_student("U0OTHER1", "Quinn Other", "2110");

  const auto pages = every_page(f, "admin report 2108");
  CHECK(pages.size() >= 2);  // 94 names: "Show more" was needed, and worked
  for (const auto& page : pages) {
    CHECK(page["blocks"].size() <= slack::limits::blocks_per_message);
    for (const auto& b : page["blocks"])
      if (b["type"] == "section") {
        const std::string text = b["text"]["text"];
        CHECK(text.size() <= slack::limits::section_text);
        CHECK(text.find("\xE2\x80\xA6") == std::string::npos);  // nothing was cut to fit
      }
    CHECK(page.dump().find("Quinn Other") == std::string::npos);  // another cohort
  }
  // Everyone, once, in the right list, in order: nobody lost or repeated between pages.
  CHECK(lists_of(pages) == want);

  // The whole school: the other cohort's student too.
  const auto everyone = lists_of(every_page(f, "admin report"));
  REQUIRE(everyone.contains("Cohort 2110 · Not started (no goal, no contacts)"));
  CHECK(everyone.at("Cohort 2110 · Not started (no goal, no contacts)") == std::vector<std::string>{"Quinn Other"});
  CHECK(everyone.at("Cohort 2108 · Follow-ups overdue") == want.at("Cohort 2108 · Follow-ups overdue"));
}

TEST_CASE("the report's Show more is for staff only, and says when there is nobody more", "[admin][report]") {
  school f;
  for (int i = 0; i < 60; ++i) f.add_student("U0C" + std::to_string(i), "Student " + std::to_string(i), "2108");
  const auto first = f.command("U0STAFF1", "admin report 2108");
  const auto more = more_button(acked(first));
  REQUIRE(more);
  // A student who got hold of the button (a forwarded message) is refused and sees no names.
  const auto refused = f.click("U0STU1", more->action_id, more->value);
  CHECK_THAT(reply_text(refused), Catch::Contains("for career-development staff") && !Catch::Contains("Student 1"));
  CHECK_THAT(reply_text(f.click("U0STAFF1", more->action_id, "2108|100000")), Catch::Contains("Nobody more to list"));
  CHECK_THAT(reply_text(f.click("U0STAFF1", more->action_id, more->value)), Catch::Contains("Who needs a hand: cohort 2108, continued"));
}

TEST_CASE("admin report COHORT keeps every part to that cohort, and says deletions are counted for all", "[admin][report]") {
  school f;
  const std::string week = features::latest_reflection_week(f.svc);
  const auto maya = *f.people.find_by_slack_id("U0STU1");
  const auto quinn = f.add_student("U0OTHER1", "Quinn Other", "2110");
  const auto rory = f.add_student("U0OTHER2", "Rory Other", "2110");
  f.reflect(maya, week, 4, core::week_status::done, "Something");
  f.reflect(quinn, week, 2, core::week_status::partly, "Something");
  // One round: Maya and Quinn met in group 1; Rory's group 2 did not check in.
  core::mixitup_round round;
  round.posted_at = f.clock.now();
  core::round_group g1;
  g1.number = 1;
  g1.members = {{maya.id, 4, 5, "", core::attendance::met, false}, {quinn.id, 2, std::nullopt, "", core::attendance::unknown, false}};
  core::round_group g2;
  g2.number = 2;
  g2.members = {{rory.id, 3, std::nullopt, "", core::attendance::unknown, false}};
  round.groups = {g1, g2};
  f.rounds.save_round(round);
  // Devon asks for their data to be deleted.
  const auto devon = *f.people.find_by_slack_id("U0STU2");
  f.click("U0STU2", "privacy.delete_confirm", std::to_string(devon.id));

  const auto all = reply_text(f.command("U0STAFF1", "admin report"));
  CHECK_THAT(all, Catch::Contains("Cohort 2108: 1 of 2 answered") && Catch::Contains("Cohort 2110: 1 of 2 answered"));
  CHECK_THAT(all, Catch::Contains("1 of 2 groups met · 1 of 3 checked in"));
  CHECK_THAT(all, Catch::Contains("1 person asked for their data to be deleted") && !Catch::Contains("all cohorts together"));

  const auto one = reply_text(f.command("U0STAFF1", "admin report 2108"));
  CHECK_THAT(one, Catch::Contains("Cohort 2108: 1 of 2 answered") && !Catch::Contains("Cohort 2110"));
  CHECK_THAT(one, Catch::Contains("Mix It Up, cohort 2108") && Catch::Contains("1 of 1 groups met · 1 of 1 checked in") &&
                      Catch::Contains("confidence 4.0 → 5.0"));
  CHECK_THAT(one, Catch::Contains("1 person asked for their data to be deleted") &&
                      Catch::Contains("Deletions are counted for all cohorts together"));
  CHECK_THAT(one, !Catch::Contains("Quinn") && !Catch::Contains("Rory"));

  const auto other = reply_text(f.command("U0STAFF1", "admin report 2110"));
  CHECK_THAT(other, Catch::Contains("1 of 2 groups met · 0 of 2 checked in") && Catch::Contains("Rory Other") &&
                        !Catch::Contains("maya Student"));
}

TEST_CASE("admin student shows the student's reflections and their confidence over the weeks", "[admin][reflections]") {
  school f;
  const auto maya = *f.people.find_by_slack_id("U0STU1");
  const auto devon = *f.people.find_by_slack_id("U0STU2");
  CHECK_THAT(reply_text(f.command("U0STAFF1", "admin student @maya")), Catch::Contains("maya Student has no reflections yet"));
  f.reflect(maya, "2026-10-30", 2, core::week_status::not_started, "Cold messages scare me");
  f.reflect(maya, "2026-11-06", 3, core::week_status::partly, "Alumni answer kindly");
  f.reflect(maya, "2026-11-13", 5, core::week_status::done, "I like small meetups");
  f.reflect(devon, "2026-11-13", 1, core::week_status::done, "Devon's own words");
  const auto shown = reply_text(f.command("U0STAFF1", "admin student @maya"));
  // Oldest first, one line a week, as the student sees it in /network reflections.
  CHECK_THAT(shown, Catch::Contains("Confidence over the weeks\nFri, Oct 30  \xE2\x97\x8F\xE2\x97\x8F\xE2\x97\x8B\xE2\x97\x8B\xE2\x97\x8B 2\n"
                                    "Fri, Nov 6  \xE2\x97\x8F\xE2\x97\x8F\xE2\x97\x8F\xE2\x97\x8B\xE2\x97\x8B 3\n"
                                    "Fri, Nov 13  \xE2\x97\x8F\xE2\x97\x8F\xE2\x97\x8F\xE2\x97\x8F\xE2\x97\x8F 5"));
  CHECK_THAT(shown, Catch::Contains("the week of Fri, Nov 13 · done\nLearned: I like small meetups\nNext: Next for maya Student"));
  CHECK_THAT(shown, Catch::Contains("Alumni answer kindly") && Catch::Contains("not started"));
  CHECK_THAT(shown, !Catch::Contains("Devon's own words"));
  // The student's own view is the same history.
  CHECK_THAT(reply_text(f.command("U0STU1", "reflections")), Catch::Contains("Fri, Nov 6  \xE2\x97\x8F\xE2\x97\x8F\xE2\x97\x8F\xE2\x97\x8B\xE2\x97\x8B 3"));
}

TEST_CASE("admin student with a year of long reflections stays inside Slack's limits", "[admin][reflections][limits]") {
  school f;
  const auto maya = *f.people.find_by_slack_id("U0STU1");
  auto day = *core::parse_date("2026-11-13");
  for (int i = 0; i < 60; ++i, day -= std::chrono::days{7}) {
    core::reflection r;
    r.student = maya.id;
    r.week = core::format_date(day);
    r.learned = std::string(2000, 'l');
    r.next_steps = std::string(2000, 'x');
    r.confidence = 1 + i % 5;
    f.reflections.save_reflection(r);
  }
  const auto page = slack::render_message(acked(f.command("U0STAFF1", "admin student @maya")));
  CHECK(page["blocks"].size() <= slack::limits::blocks_per_message);
  std::size_t whole_answers = 0;
  for (const auto& b : page["blocks"])
    if (b["type"] == "section") {
      const std::string text = b["text"]["text"];
      CHECK(text.find("\xE2\x80\xA6") == std::string::npos);  // nothing cut
      whole_answers += text.find(std::string(2000, 'x')) != std::string::npos;
    }
  CHECK(whole_answers == 6);
  CHECK_THAT(page.dump(), Catch::Contains("54 earlier reflections") && Catch::Contains("8 earlier weeks not shown"));
}
