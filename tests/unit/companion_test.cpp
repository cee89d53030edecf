// The student's companion through the router, on an in-memory database: golden Block Kit for every
// view, each command's bad input answered helpfully with the database unchanged, oversized data that
// still fits Slack's limits, and the role × command matrix of who may run and read what.

#include <catch2/catch.hpp>
#include <functional>

#include "bot/slack/block_kit.hpp"
#include "bot/slack/effects.hpp"
#include "bot/slack/limits.hpp"
#include "fixture.hpp"
#include "golden.hpp"
#include "test_files.hpp"

using namespace networkbot;
using networkbot::testing::app_fixture;
using networkbot::testing::check_golden;
using networkbot::testing::reply_text;

namespace {

struct companion : app_fixture {
  companion() {
    core::person alum;
    alum.slack_id = "U0ALUM1";
    alum.handle = "ana";
    alum.display_name = "Ana Silva";
    alum.roles = {core::role::alum};
    alum.company = "Redfin Labs";
    alum.title = "Software Engineer";
    alum.background = "teaching";
    alum.program = "BE";
    people.upsert(alum);
    core::person mentor;
    mentor.slack_id = "U0MENT1";
    mentor.handle = "lee";
    mentor.display_name = "Lee Chen";
    mentor.roles = {core::role::mentor};
    mentor.company = "Summit Outdoors";
    people.upsert(mentor);
    auto maya = *people.find_by_slack_id("U0STU1");
    maya.background = "teaching";
    maya.mentor = people.find_by_slack_id("U0MENT1")->id;
    maya.time_zone = "America/Denver";
    people.upsert(maya);
  }
  app::outcome home(const std::string& user) { return router.handle(app::home_opened{user, ""}); }
  // Maya's Mod 2 start: two warm, one cold contact, one met with a takeaway.
  void seed_maya() {
    command("U0STU1", "add warm Jamie Flores");
    command("U0STU1", "add warm Ana Silva at Redfin Labs @ana");
    command("U0STU1", "add cold Chris Okafor at Summit Outdoors");
    command("U0STU1", "log Ana Silva messaged");
    command("U0STU1", "log Ana Silva met");
    command("U0STU1", "takeaway Ana Silva ask for code review early");
    command("U0STU1", "goal II by 2026-12-18");
  }
};

const app::message& acked(const app::outcome& o) { return std::get<app::reply_after_ack>(o.acknowledgement).reply; }
template <class E>
const E& effect(const app::outcome& o, std::size_t i = 0) {
  return std::get<E>(o.effects.at(i));
}

}  // namespace

TEST_CASE("golden Block Kit for each companion view", "[companion][golden]") {
  companion f;
  check_golden("contacts_empty", slack::render_message(acked(f.command("U0STU1", "contacts"))));
  check_golden("contact_added", slack::render_message(acked(f.command("U0STU1", "add warm Jamie Flores"))));
  f.seed_maya();
  check_golden("contacts_list", slack::render_message(acked(f.command("U0STU1", "contacts"))));
  check_golden("contact_logged", slack::render_message(acked(f.command("U0STU1", "log Jamie messaged"))));
  check_golden("progress", slack::render_message(acked(f.command("U0STU1", "progress"))));
  check_golden("goal_set", slack::render_message(acked(f.command("U0STU1", "goal III by 2026-12-20"))));
  f.command("U0STU1", "step attend the Denver Ruby meetup by 2026-11-30");
  check_golden("steps", slack::render_message(acked(f.command("U0STU1", "step"))));
  f.clock.advance(std::chrono::days{9});
  check_golden("followups", slack::render_message(acked(f.command("U0STU1", "followups"))));
  check_golden("draft", slack::render_message(acked(f.command("U0STU1", "draft Ana Silva"))));
  check_golden("check_report", slack::render_message(acked(f.command("U0STU1", "check Hi Kim, are you hiring?"))));
  check_golden("check_modal", slack::render_modal(effect<app::open_modal>(f.command("U0STU1", "check")).view));
  check_golden("add_modal", slack::render_modal(effect<app::open_modal>(f.command("U0STU1", "add")).view));
  check_golden("note_modal", slack::render_modal(effect<app::open_modal>(f.click("U0STU1", "tracker.note", "1")).view));
  const auto invite = f.command("U0STU1", "buddy @devon");
  check_golden("buddy_invite", slack::render_message(effect<app::post_message>(invite).body));
  check_golden("admin_report", slack::render_message(acked(f.command("U0STAFF1", "admin report"))));
  {
    core::reflection r;
    r.student = f.people.find_by_slack_id("U0STU1")->id;
    r.week = "2026-11-20";
    r.learned = "Small conversations suit me";
    r.next_steps = "Message two alumni";
    r.confidence = 3;
    r.status = core::week_status::partly;
    f.reflections.save_reflection(r);
  }
  check_golden("admin_student", slack::render_message(acked(f.command("U0STAFF1", "admin student @maya"))));
  check_golden("home_student_first", slack::render_home(effect<app::publish_home>(f.home("U0STU1")).view));
  check_golden("home_staff", slack::render_home(effect<app::publish_home>(f.home("U0STAFF1")).view));
  check_golden("home_alum", slack::render_home(effect<app::publish_home>(f.home("U0ALUM1")).view));
}

TEST_CASE("the Home tab welcomes once and is refreshed after each change", "[companion][home]") {
  companion f;
  const auto first = f.home("U0STU1");
  CHECK_THAT(slack::render_home(effect<app::publish_home>(first).view).dump(), Catch::Contains("Welcome!"));
  CHECK_THAT(slack::render_home(effect<app::publish_home>(f.home("U0STU1")).view).dump(), !Catch::Contains("Welcome!"));
  const auto added = f.command("U0STU1", "add cold Riley Park at Acme");
  REQUIRE(added.effects.size() == 1);
  CHECK(effect<app::publish_home>(added).user_id == "U0STU1");
  // Someone who never opened the tab is not sent one.
  CHECK(f.command("U0STU2", "add cold Riley Park at Acme").effects.empty());
}

TEST_CASE("each command's bad input gets a helpful reply and leaves the database as it was", "[companion][bad-input]") {
  struct bad_case {
    const char* user;
    const char* text;
    const char* says;
  };
  const bad_case cases[] = {
      {"U0STU1", "add lukewarm Jamie", "warm contact (someone you know) or a cold one"},
      {"U0STU1", "add warm", "Who is it?"},
      {"U0STU1", "add warm Jamie @nobody", "I don't know"},
      {"U0STU1", "add cold \x07 bell", "control characters"},
      {"U0STU1", "add warm Jamie Flores", "already in your tracker"},
      {"U0STU1", "add cold <!channel> at Acme", "already in your tracker"},
      {"U0STU1", "contacts frosty", "not frosty"},
      {"U0STU1", "contacts coldd", "Did you mean"},
      {"U0STU1", "log Jamie Flores", "Say who, and what happened"},
      {"U0STU1", "log", "Say who, and what happened"},
      {"U0STU1", "log Nobody met", "No contact called"},
      {"U0STU1", "log #999 met", "no contact #999"},
      {"U0STU1", "log Jamie idea", "Say who, and what happened"},
      {"U0STU1", "note Jamie Flores", "What should the note say?"},
      {"U0STU1", "note", "Say which contact"},
      {"U0STU1", "takeaway Jamie Flores", "What did you take away"},
      {"U0STU1", "takeaway Jamiee great advice", "did you mean Jamie Flores?"},
      {"U0STU1", "goal IV", "Choose a level"},
      {"U0STU1", "goal II by someday", "I can't read the date"},
      {"U0STU1", "goal II by 2020-01-01", "already passed"},
      {"U0STU1", "progress @devon", "your buddy's once they accept"},
      {"U0STU1", "progress @nobody", "your buddy's once they accept"},
      {"U0STU1", "step done 99", "no action step #99"},
      {"U0STU1", "step done x", "Say which step"},
      {"U0STU1", "step done", "no open action step"},
      {"U0STU1", "draft", "Say who the message is for"},
      {"U0STU1", "draft Nobody", "No contact called"},
      {"U0STU1", "draft @nobody", "I don't know @nobody"},
      {"U0STU1", "check \xC3\x28", "characters I can't read"},
      {"U0STU1", "buddy @maya", "can't be your own buddy"},
      {"U0STU1", "buddy @nobody", "I don't know"},
      {"U0STU1", "buddy @ana", "not a student"},
      {"U0STU1", "admin report", "is for career-development staff"},
      {"U0STAFF1", "admin student", "Say which student"},
      {"U0STAFF1", "admin student @nobody", "I don't know"},
      {"U0STAFF1", "admin frobnicate", "Try /network admin report"},
      {"U0ALUM1", "add warm Someone", "alumni and mentors don't need it"},
      {"U0STU1", "netwrk", "I don't know"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.text) {
      companion f;
      f.command("U0STU1", "add warm Jamie Flores");
      f.command("U0STU1", "add cold <!channel> at Acme");
      const std::string before = f.db.logical_dump();
      const auto text = reply_text(f.command(c.user, c.text));
      CHECK_THAT(text, Catch::Contains(c.says));
      CHECK(f.db.logical_dump() == before);
    }
  }
}

TEST_CASE("modal submissions: errors keep the modal open, nothing is half-saved, strangers' ids are refused", "[companion][bad-input]") {
  companion f;
  f.command("U0STU1", "add warm Jamie Flores");
  const std::string before = f.db.logical_dump();
  auto bad_link = f.submit("U0STU1", "tracker.add", {{"name", "Sam"}, {"warmth", "cold"}, {"list", "new"}, {"linkedin", "nope"}});
  REQUIRE(std::holds_alternative<app::ack_errors>(bad_link.acknowledgement));
  CHECK(std::get<app::ack_errors>(bad_link.acknowledgement).errors.contains("linkedin"));
  auto no_warmth = f.submit("U0STU1", "tracker.add", {{"name", "Sam"}, {"warmth", "hot"}, {"list", "new"}});
  CHECK(std::get<app::ack_errors>(no_warmth.acknowledgement).errors.contains("warmth"));
  // Devon submits a note form forged with Maya's contact id.
  auto forged = f.submit("U0STU2", "tracker.note", {{"text", "peeking"}}, "1");
  REQUIRE(std::holds_alternative<app::ack_errors>(forged.acknowledgement));
  CHECK_THAT(std::get<app::ack_errors>(forged.acknowledgement).errors.at("text"), Catch::Contains("no contact #1"));
  auto garbage = f.submit("U0STU1", "tracker.takeaway", {{"text", "x"}}, "'; DROP TABLE contacts; --");
  CHECK(std::holds_alternative<app::ack_errors>(garbage.acknowledgement));
  // A submission for a view the bot never opened is acked and dropped.
  CHECK(std::holds_alternative<app::ack_empty>(f.submit("U0STU1", "evil.view", {{"x", "y"}}).acknowledgement));
  CHECK(f.db.logical_dump() == before);
  auto empty_check = f.submit("U0STU1", "outreach.check", {{"message", "   "}});
  CHECK(std::holds_alternative<app::ack_errors>(empty_check.acknowledgement));
}

TEST_CASE("oversized data still renders inside every Slack limit, and long lists page", "[companion][limits]") {
  companion f;
  const std::string long_name(120, 'N');
  const std::string huge(2000, 'w');
  auto& t = f.svc;
  const auto maya = *f.people.find_by_slack_id("U0STU1");
  auto tracker = t.tracker();
  for (int i = 0; i < 60; ++i) {
    core::contact c;
    c.name = long_name.substr(0, 110) + std::to_string(i);
    c.company = std::string(200, 'C');
    c.role = std::string(200, 'R');
    c.why = huge;
    c.warmth = i % 2 == 0 ? core::warmth::warm : core::warmth::cold;
    auto added = tracker.add(maya.id, c);
    REQUIRE(std::holds_alternative<core::contact>(added));
    const auto id = std::get<core::contact>(added).id;
    tracker.record_takeaway(maya.id, id, huge);
    tracker.set_next_action(maya.id, id, huge, t.today());
  }
  const auto fits = [](const nlohmann::json& j, std::size_t max_blocks) {
    CHECK(j["blocks"].size() <= max_blocks);
    for (const auto& b : j["blocks"]) {
      if (b.contains("text") && b["text"].contains("text")) CHECK(b["text"]["text"].get<std::string>().size() <= slack::limits::section_text);
      if (b.contains("elements"))
        for (const auto& e : b["elements"])
          if (e.contains("value")) CHECK(e["value"].get<std::string>().size() <= slack::limits::button_value);
    }
  };
  const auto list = acked(f.command("U0STU1", "contacts"));
  CHECK(list.blocks.size() <= slack::limits::blocks_per_message);  // the view model itself fits: nothing is cut
  const auto* more = std::get_if<app::actions>(&list.blocks.back());
  REQUIRE(more != nullptr);
  CHECK(more->buttons.front().action_id == "tracker.more");
  fits(slack::render_message(list), slack::limits::blocks_per_message);
  const auto page2 = acked(f.click("U0STU1", "tracker.more", more->buttons.front().value));
  CHECK_THAT(slack::render_message(page2).dump(), Catch::Contains("9–16 of 60"));
  for (const char* text : {"followups", "progress", "contacts warm", "draft #1", "step"})
    fits(slack::render_message(acked(f.command("U0STU1", text))), slack::limits::blocks_per_message);
  fits(slack::render_message(acked(f.command("U0STAFF1", "admin student @maya"))), slack::limits::blocks_per_message);
  fits(slack::render_message(acked(f.command("U0STU1", "check " + std::string(3900, 'z')))), slack::limits::blocks_per_message);
  const auto home = effect<app::publish_home>(f.home("U0STU1")).view;
  CHECK(home.blocks.size() <= slack::limits::blocks_per_view);
  fits(slack::render_home(home), slack::limits::blocks_per_view);
}

TEST_CASE("role × command: who may run what, and nobody reads what is not theirs", "[companion][policy]") {
  companion f;
  f.seed_maya();
  const auto maya_contact = std::to_string(f.contacts.contacts_of(f.people.find_by_slack_id("U0STU1")->id).front().id);
  const std::vector<std::string> users{"U0STU1", "U0STU2", "U0ALUM1", "U0MENT1", "U0STAFF1", "U0NEWBIE"};
  struct row {
    std::string command;
    std::vector<bool> allowed;  // in the order of `users`
  };
  const std::vector<row> matrix{
      {"help", {true, true, true, true, true, true}},
      {"profile", {true, true, true, true, true, true}},
      {"questions mentor", {true, true, true, true, true, true}},
      {"draft @ana", {true, true, true, true, true, true}},
      {"check Hi", {true, true, true, true, true, true}},
      {"contacts", {true, true, false, false, true, true}},
      {"followups", {true, true, false, false, true, true}},
      {"progress", {true, true, false, false, true, true}},
      {"goal", {true, true, false, false, true, true}},
      {"step", {true, true, false, false, true, true}},
      {"buddy", {true, true, false, false, true, true}},
      {"add warm Jamie", {true, true, false, false, true, true}},
      {"log Jamie met", {true, true, false, false, true, true}},
      {"note Jamie hi", {true, true, false, false, true, true}},
      {"takeaway Jamie x", {true, true, false, false, true, true}},
      {"edit Jamie", {true, true, false, false, true, true}},
      {"undo Jamie", {true, true, false, false, true, true}},
      {"delete Jamie", {true, true, false, false, true, true}},
      {"match", {true, true, false, false, true, true}},
      {"find ruby", {true, true, false, false, true, true}},
      {"intro @ana", {true, true, false, false, true, true}},
      {"available chats on", {true, true, true, true, true, true}},
      {"capacity chats 2", {true, true, true, true, true, true}},
      {"reflect", {true, true, false, false, true, true}},
      {"reflections", {true, true, false, false, true, true}},
      {"nudges", {true, true, false, false, true, true}},
      {"mixitup status", {true, true, false, false, true, true}},
      {"privacy", {true, true, true, true, true, true}},
      {"admin report", {false, false, false, false, true, false}},
      {"admin student @maya", {false, false, false, false, true, false}},
      {"admin mentors 2108", {false, false, false, false, true, false}},
      {"admin mixitup preview", {false, false, false, false, true, false}},
  };
  // Every command the router knows is in the matrix: a new feature must say who may run it.
  for (const auto& spec : f.router.commands()) {
    INFO("/network " << spec.name << " is missing from the role × command matrix");
    CHECK(std::ranges::any_of(matrix, [&](const row& r) { return r.command == spec.name || r.command.starts_with(spec.name + " "); }));
  }
  for (const auto& r : matrix) {
    for (std::size_t u = 0; u < users.size(); ++u) {
      INFO(users[u] << " runs /network " << r.command);
      const auto text = reply_text(f.command(users[u], r.command));
      const bool refused = text.find("is for career-development staff") != std::string::npos ||
                           text.find("alumni and mentors don't need it") != std::string::npos;
      CHECK(refused == !r.allowed[u]);
    }
  }
  // Reading what is not theirs: Maya's contacts, progress and profile, through every door.
  for (const std::string other : {"U0STU2", "U0ALUM1", "U0MENT1", "U0NEWBIE"}) {
    INFO(other);
    for (const char* action : {"tracker.advance", "tracker.note", "tracker.takeaway"}) {
      const auto o = f.click(other, action, maya_contact);
      CHECK(o.effects.empty());
      // Students are told there is no such contact of theirs; alumni and mentors are refused the button.
      CHECK_THAT(reply_text(o), Catch::Contains("no contact #") || Catch::Contains("That button is part of the student networking tracker"));
    }
    CHECK_THAT(reply_text(f.command(other, "progress @maya")), !Catch::Contains("Ana Silva"));
    CHECK_THAT(reply_text(f.command(other, "profile @maya")), !Catch::Contains("teaching"));
    CHECK_THAT(reply_text(f.command(other, "draft #" + maya_contact)), !Catch::Contains("Jamie"));
    CHECK_THAT(reply_text(f.command(other, "admin student @maya")), !Catch::Contains("Jamie"));
  }
  // Staff read everything; an accepted buddy reads progress, never contacts.
  CHECK_THAT(reply_text(f.command("U0STAFF1", "admin student @maya")), Catch::Contains("Jamie Flores"));
  const auto invite = f.command("U0STU1", "buddy @devon");
  const auto& accept = std::get<app::actions>(effect<app::post_message>(invite).body.blocks.back()).buttons.front();
  f.click("U0STU2", accept.action_id, accept.value);
  const auto buddy_view = reply_text(f.command("U0STU2", "progress @maya"));
  CHECK_THAT(buddy_view, Catch::Contains("Progress: maya") && Catch::Contains("Goal: Level II"));
  CHECK_THAT(buddy_view, !Catch::Contains("Jamie") && !Catch::Contains("Ana Silva") && !Catch::Contains("Next"));
  CHECK_THAT(reply_text(f.click("U0STU2", "tracker.note", maya_contact)), Catch::Contains("no contact #"));
}

TEST_CASE("someone new starts as a student, is invited to complete their profile, and is filled in from Slack", "[companion][newcomer]") {
  companion f;
  const auto o = f.command("W012A3CDE", "help");
  CHECK_THAT(reply_text(o), Catch::Contains("Welcome to networkbot!") && Catch::Contains("/network profile edit"));
  CHECK(o.effects.empty());
  CHECK(f.lookups.asked == std::vector<std::string>{"W012A3CDE"});  // their name and time zone, from Slack
  auto p = f.people.find_by_slack_id("W012A3CDE");
  REQUIRE(p);
  CHECK(p->is(core::role::student));
  CHECK_FALSE(app::is_staff(f.svc, *p));

  // users.info's answer, as Slack's documentation shows it.
  const auto answer = nlohmann::json::parse(testing::read_text(testing::slack_fixtures / "api/docs_examples/users.info.success.json"));
  app::fill_from_slack(f.people, "W012A3CDE", slack::slack_profile_of(answer["user"]));
  p = f.people.find_by_slack_id("W012A3CDE");
  CHECK(p->display_name == "spengler");
  CHECK(p->time_zone == "America/Los_Angeles");
  // Once known, no more lookups, and no more welcome.
  const auto again = f.command("W012A3CDE", "help");
  CHECK(again.effects.empty());
  CHECK(f.lookups.asked.size() == 1);
  CHECK_THAT(reply_text(again), !Catch::Contains("Welcome to networkbot!"));

  // What the person wrote themselves is never overwritten; a deleted account is deactivated.
  auto edited = *p;
  edited.display_name = "Egon";
  f.people.upsert(edited);
  app::fill_from_slack(f.people, "W012A3CDE", app::slack_profile{"Someone Else", "Europe/Paris", true});
  p = f.people.find_by_slack_id("W012A3CDE");
  CHECK(p->display_name == "Egon");
  CHECK(p->time_zone == "America/Los_Angeles");
  CHECK_FALSE(p->active);
  CHECK_THAT(reply_text(f.command("W012A3CDE", "help")), Catch::Contains("switched off"));
  // Junk from Slack is ignored.
  f.command("U0JUNK1", "help");
  app::fill_from_slack(f.people, "U0JUNK1", slack::slack_profile_of(nlohmann::json::parse(R"({"tz":"Mars/Olympus","profile":{"display_name":7}})")));
  CHECK(f.people.find_by_slack_id("U0JUNK1")->time_zone.empty());
  CHECK(f.people.find_by_slack_id("U0JUNK1")->display_name == "U0JUNK1");
}

TEST_CASE("replies are private unless the student chooses to share", "[companion][share]") {
  companion f;
  f.seed_maya();
  CHECK(acked(f.command("U0STU1", "progress")).ephemeral);
  const auto shared = f.command("U0STU1", "progress share");
  CHECK_FALSE(acked(shared).ephemeral);
  CHECK(slack::plan_effects(app::slash_command{"U0STU1", "T1", "C1", "/network", "progress share", "t", "https://hooks.example/r"}, shared, 0)
            .front() == slack::outbound{slack::response_url_reply{"https://hooks.example/r", slack::reply_body_text(acked(shared)), "U0STU1", "C1"}, 0});
  CHECK(slack::reply_body_text(acked(shared)).find("\"response_type\":\"in_channel\"") != std::string::npos);
  CHECK_FALSE(acked(f.command("U0STU1", "questions mentor share")).ephemeral);
  // Only where sharing makes sense: "share" means nothing to `contacts`.
  CHECK_THAT(reply_text(f.command("U0STU1", "contacts share")), Catch::Contains("not share"));
}
