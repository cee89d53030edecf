// Mix It Up in the app, with an injected clock: staff preview and reshuffle, post (group DMs with the
// agenda and votes, leader guides, the round stored), the vote, the check-in, students opting out or
// snoozing, the scheduled round, and attendance in the admin report.

#include <catch2/catch.hpp>

#include <set>

#include "bot/slack/block_kit.hpp"
#include "core/text.hpp"
#include "fixture.hpp"
#include "golden.hpp"

using namespace networkbot;
using networkbot::testing::check_golden;
using networkbot::testing::reply_text;

namespace {

const app::message& acked(const app::outcome& o) { return std::get<app::reply_after_ack>(o.acknowledgement).reply; }

core::time_point utc(const char* iso) { return *core::parse_instant(iso); }

// Twenty students across two cohorts, modules and programs; four in Mod 4 may lead.
struct school : testing::app_fixture {
  std::vector<app::effect> sent;
  school() {
    settings.cohorts = {{"2108", "C0COH2108", true}, {"2110", "C0COH2110", true}};
    clock.set(utc("2026-11-30T17:00:00Z"));  // Monday 10:00 in Denver
    for (int i = 0; i < 18; ++i) {
      auto p = testing::student("U0MIX" + std::to_string(10 + i), "mix" + std::to_string(i));
      p.cohort = i % 2 == 0 ? "2108" : "2110";
      p.program = i % 3 == 0 ? "FE" : "BE";
      p.module = i < 4 ? 4 : 1 + i % 3;
      p.display_name = "Student " + std::to_string(i);
      people.upsert(p);
    }
  }
  app::outcome staff(const std::string& text) { return command("U0STAFF1", text); }
  std::size_t run() {
    const auto before = sent.size();
    features::run_due_jobs(router, [&](std::vector<app::effect> e) { sent.insert(sent.end(), e.begin(), e.end()); });
    return sent.size() - before;
  }
  static std::vector<const app::post_message*> group_dms(const std::vector<app::effect>& effects) {
    std::vector<const app::post_message*> out;
    for (const auto& e : effects)
      if (const auto* p = std::get_if<app::post_message>(&e); p && p->channel.find(',') != std::string::npos) out.push_back(p);
    return out;
  }
  static std::string text_of(const app::message& m) {
    std::string text;
    for (const auto& b : m.blocks) {
      if (const auto* s = std::get_if<app::section>(&b)) text += s->text.plain_string() + "\n";
      if (const auto* h = std::get_if<app::header>(&b)) text += h->text + "\n";
      if (const auto* a = std::get_if<app::actions>(&b))
        for (const auto& button : a->buttons) text += "[" + button.label + "]";
    }
    return text;
  }
  static const app::button& button(const app::message& m, const std::string& action, std::size_t nth = 0) {
    for (const auto& b : m.blocks)
      if (const auto* a = std::get_if<app::actions>(&b))
        for (const auto& x : a->buttons)
          if (x.action_id == action && nth-- == 0) return x;
    throw std::runtime_error("no button " + action);
  }
  // The number of a fresh preview (`args`: --seed and cohorts), as its Post button carries it.
  std::string preview_number(const std::string& args = "") {
    return button(acked(staff("admin mixitup preview " + args)), "mixitup.post").value;
  }
  // A fresh preview (`args`), posted with `post_args` (--at, --link).
  app::outcome post(const std::string& args, const std::string& post_args = "") {
    return staff("admin mixitup post --preview " + preview_number(args) + " " + post_args);
  }
  // Slack ids of a group DM's members.
  static std::vector<std::string> members(const app::post_message& p) { return core::split_list(p.channel, ','); }
};

}  // namespace

TEST_CASE("staff preview a round, reshuffle it, and the same seed gives the same groups", "[mixitup][app]") {
  school f;
  const auto first = f.staff("admin mixitup preview");
  const auto text = reply_text(first);
  CHECK_THAT(text, Catch::Contains("20 people from cohorts 2108, 2110 in 4 groups") && Catch::Contains("Every group has a leader"));
  CHECK_THAT(text, Catch::Contains("Group 1, led by"));
  CHECK(first.effects.empty());  // nothing posted, nothing stored
  CHECK(f.rounds.recent_rounds(5).empty());
  // The same groups again; only the preview's number (its confirmation) is new.
  const auto groups = [](const std::string& shown) { return shown.substr(0, shown.find("Preview ")); };
  CHECK(groups(reply_text(f.staff("admin mixitup preview"))) == groups(text));
  const auto& reshuffle = school::button(acked(first), "mixitup.reshuffle");
  CHECK(reshuffle.value == "2|");
  CHECK(reply_text(f.click("U0STAFF1", "mixitup.reshuffle", reshuffle.value)) != text);
  CHECK_THAT(reply_text(f.staff("admin mixitup preview 2108")), Catch::Contains("11 people from cohort 2108 in 2 groups"));
  CHECK_THAT(reply_text(f.staff("admin mixitup preview 2999")), Catch::Contains("no cohort 2999"));
  CHECK_THAT(reply_text(f.command("U0STU1", "admin mixitup preview")), Catch::Contains("staff"));
  CHECK_THAT(reply_text(f.click("U0STU1", "mixitup.reshuffle", "2|")), Catch::Contains("career-development staff"));
}

TEST_CASE("posting sends each group its DM with the agenda and votes, each leader a guide, and stores the round", "[mixitup][app]") {
  school f;
  const auto posted = f.post("--seed 3", "--at 2026-12-02 12:00 --link https://meet.example.org/mix");
  CHECK_THAT(reply_text(posted), Catch::Contains("Posted Mix It Up round 1: 4 groups, 20 people, meeting on Wed, Dec 2 at 12:00"));
  const auto dms = school::group_dms(posted.effects);
  REQUIRE(dms.size() == 4);
  std::set<std::string> everyone;
  for (const auto* dm : dms) {
    const auto ids = school::members(*dm);
    CHECK(ids.size() >= 4);
    CHECK(ids.size() <= 6);
    everyone.insert(ids.begin(), ids.end());
    const auto text = school::text_of(dm->body);
    CHECK_THAT(text, Catch::Contains("https://meet.example.org/mix") && Catch::Contains("Introductions (2-5 min)") &&
                         Catch::Contains("Close out (5 min)") && Catch::Contains("[Writing to a contact]"));
    CHECK_THAT(text, !Catch::Contains("confidence 3"));  // a reflection's confidence is private
  }
  CHECK(everyone.size() == 20);
  CHECK(posted.effects.size() == 8);  // a guide to each of the four leaders
  CHECK_THAT(school::text_of(std::get<app::post_message>(posted.effects[1]).body), Catch::Contains("You're leading group 1"));
  check_golden("mixitup_group", slack::render_message(dms.front()->body));

  const auto rounds = f.rounds.recent_rounds(5);
  REQUIRE(rounds.size() == 1);
  CHECK(rounds[0].seed == 3);
  CHECK(rounds[0].groups.size() == 4);
  CHECK(rounds[0].link == "https://meet.example.org/mix");
  for (const auto& g : rounds[0].groups) CHECK(g.leader.has_value());

  CHECK_THAT(reply_text(f.staff("admin mixitup post --at yesterday")), Catch::Contains("--at takes the meeting time"));
  CHECK_THAT(reply_text(f.staff("admin mixitup post --at 2026-11-01 12:00")), Catch::Contains("has passed"));
  CHECK_THAT(reply_text(f.staff("admin mixitup post --link http://insecure")), Catch::Contains("https://"));
  CHECK_THAT(reply_text(f.staff("admin mixitup post --frobnicate")), Catch::Contains("I don't know --frobnicate"));
  CHECK(f.rounds.recent_rounds(5).size() == 1);  // none of those stored anything
}

TEST_CASE("members vote for a topic, and check in after the meeting", "[mixitup][app]") {
  school f;
  const auto posted = f.post("--seed 3", "--at 2026-12-02 12:00");
  const auto* dm = school::group_dms(posted.effects).front();
  const auto ids = school::members(*dm);
  const auto& writing = school::button(dm->body, "mixitup.vote", 1);
  CHECK_THAT(reply_text(f.click(ids[0], "mixitup.vote", writing.value)), Catch::Contains("You voted for Writing to a contact") &&
                                                                            Catch::Contains("Writing to a contact 1"));
  f.click(ids[1], "mixitup.vote", school::button(dm->body, "mixitup.vote", 3).value);
  f.click(ids[2], "mixitup.vote", writing.value);
  CHECK(f.rounds.recent_rounds(1).at(0).groups.at(0).topic == "Writing to a contact");
  // Someone from another group cannot vote here; a forged button is refused.
  const auto* other = school::group_dms(posted.effects)[1];
  CHECK_THAT(reply_text(f.click(school::members(*other)[0], "mixitup.vote", writing.value)), Catch::Contains("for the members of group 1"));
  CHECK_THAT(reply_text(f.click(ids[0], "mixitup.vote", "999|1")), Catch::Contains("gone"));

  // The check-in goes to every group two hours after the meeting, once.
  f.clock.set(utc("2026-12-02T20:30:00Z"));  // 13:30 in Denver: not yet
  CHECK(f.run() == 0);
  f.clock.set(utc("2026-12-02T21:05:00Z"));
  CHECK(f.run() == 4);
  CHECK(f.run() == 0);
  const auto& checkin = std::get<app::post_message>(f.sent.front());
  CHECK(checkin.channel == dm->channel);
  const auto& met = school::button(checkin.body, "mixitup.met");
  const auto opened = f.click(ids[0], "mixitup.met", met.value);
  const auto& modal = std::get<app::open_modal>(opened.effects.at(0)).view;
  CHECK(modal.callback_id == "mixitup.checkin");
  auto bad = f.submit(ids[0], "mixitup.checkin", {{"topic", "Knitting"}, {"confidence", "9"}}, modal.private_metadata);
  CHECK(std::get<app::ack_errors>(bad.acknowledgement).errors.size() == 2);
  f.submit(ids[0], "mixitup.checkin", {{"topic", "What blocks us"}, {"confidence", "4"}}, modal.private_metadata);
  CHECK_THAT(reply_text(f.click(ids[1], "mixitup.missed", met.value)), Catch::Contains("Thanks for telling me"));
  const auto round = f.rounds.recent_rounds(1)[0];
  const auto* me = round.groups[0].member(f.people.find_by_slack_id(ids[0])->id);
  REQUIRE(me);
  CHECK(me->checked_in == core::attendance::met);
  CHECK(me->confidence_after == 4);
  CHECK(round.groups[0].topic == "What blocks us");
  CHECK(round.groups[0].member(f.people.find_by_slack_id(ids[1])->id)->checked_in == core::attendance::missed);
  CHECK_THAT(reply_text(f.staff("admin report")), Catch::Contains("Round 1 (Wed, Dec 2): 1 of 4 groups met · 2 of 20 checked in") &&
                                                     Catch::Contains("top topic: What blocks us"));
}

TEST_CASE("students opt out, snooze and come back; the next round leaves them out meanwhile", "[mixitup][app]") {
  school f;
  CHECK_THAT(reply_text(f.command("U0STU1", "mixitup")), Catch::Contains("You're in"));
  CHECK_THAT(reply_text(f.command("U0STU1", "mixitup snooze 2026-12-20")), Catch::Contains("Snoozed until Sun, Dec 20"));
  CHECK_THAT(reply_text(f.command("U0STU2", "mixitup optout")), Catch::Contains("You're out"));
  CHECK_THAT(reply_text(f.command("U0STU2", "mixitup snooze yesterday")), Catch::Contains("until when"));
  CHECK_THAT(reply_text(f.command("U0STU2", "mixitup maybe")), Catch::Contains("optin"));
  CHECK_THAT(reply_text(f.staff("admin mixitup preview")), Catch::Contains("18 people"));
  CHECK_THAT(reply_text(f.command("U0STU2", "mixitup optin")), Catch::Contains("You're in"));
  f.clock.set(utc("2026-12-21T17:00:00Z"));  // the snooze is over
  CHECK_THAT(reply_text(f.staff("admin mixitup preview")), Catch::Contains("20 people"));
  // After a round, status shows the student's group.
  f.post("--seed 5");
  CHECK_THAT(reply_text(f.command("U0STU1", "mixitup status")), Catch::Contains("Your latest group: group"));
}

TEST_CASE("a round scheduled in config is posted once, a day ahead, and staff hear about it", "[mixitup][app][schedule]") {
  school f;
  f.settings.staff.channel = "C0STAFF";
  f.settings.mix_it_up.rounds = {*core::parse_local_time("2026-12-02 12:00")};
  f.settings.mix_it_up.link = "https://meet.example.org/weekly";
  f.clock.set(utc("2026-11-30T12:00:00Z"));  // two days ahead: not yet
  CHECK(f.run() == 0);
  f.clock.set(utc("2026-12-01T19:30:00Z"));  // 22.5 hours ahead
  const auto n = f.run();
  CHECK(n == 9);  // 4 group DMs, 4 leader guides, the staff note
  CHECK(std::get<app::post_message>(f.sent.back()).channel == "C0STAFF");
  CHECK(f.run() == 0);
  REQUIRE(f.rounds.recent_rounds(5).size() == 1);
  CHECK(f.rounds.recent_rounds(1).at(0).link == "https://meet.example.org/weekly");
}

TEST_CASE("repeat avoidance holds across rounds posted in the app", "[mixitup][app]") {
  school f;
  f.settings.mix_it_up.history_rounds = 2;
  std::vector<std::set<std::pair<core::person_id, core::person_id>>> pairs;
  for (std::size_t round = 0; round < 2; ++round) {
    f.post("--seed " + std::to_string(round + 1));
    std::set<std::pair<core::person_id, core::person_id>> these;
    const auto latest = f.rounds.recent_rounds(1);
    for (const auto& g : latest.at(0).groups)
      for (const auto& a : g.members)
        for (const auto& b : g.members)
          if (a.person < b.person) these.insert({a.person, b.person});
    pairs.push_back(std::move(these));
  }
  std::size_t again = 0;
  for (const auto& p : pairs[1]) again += pairs[0].contains(p) ? 1U : 0U;
  // 20 people in groups of 5: each round has 40 pairs of 190; the second round avoids most of the first's.
  CHECK(again <= 8);
}
