// Matching through the router: consent is never bypassed (no suggestion, intro or DM involves anyone
// who has not opted in), the alum's three buttons, mentor assignment for staff, and golden views.

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include "bot/slack/block_kit.hpp"
#include "fixture.hpp"
#include "golden.hpp"

using namespace networkbot;
using networkbot::testing::check_golden;
using networkbot::testing::reply_text;

namespace {

struct world : testing::app_fixture {
  world() {
    auto add = [&](const char* id, const char* handle, const char* name, core::role_set roles, bool chats, int capacity) {
      core::person p;
      p.slack_id = id;
      p.handle = handle;
      p.display_name = name;
      p.roles = roles;
      p.company = "Redfin Labs";
      p.title = "Engineer";
      p.background = "teaching";
      p.open_to_chats = {chats, capacity};
      p.available_to_mentor = {roles.has(core::role::mentor), 2};
      people.upsert(p);
    };
    add("U0ANA01", "ana", "Ana Silva", {core::role::alum}, true, 1);
    add("U0BEN01", "ben", "Ben Ortiz", {core::role::alum}, false, 3);  // never opted in
    add("U0LEE01", "lee", "Lee Chen", {core::role::mentor}, false, 0);
    auto maya = *people.find_by_slack_id("U0STU1");
    maya.background = "teaching";
    maya.target_companies = {"Redfin Labs"};
    people.upsert(maya);
  }
  // Every user id any effect of `o` would message.
  static std::string recipients(const app::outcome& o) {
    std::string out;
    for (const auto& e : o.effects)
      if (const auto* p = std::get_if<app::post_message>(&e)) out += p->channel + ";";
    return out;
  }
};

const std::string good_note =
    "Hi Ana, my name is Maya and I'm a Turing student. I'm reaching out because I noticed that you also taught. "
    "Would you be open to a 20-minute call next week?";

}  // namespace

TEST_CASE("consent is never bypassed: not in find, not in match, no intro, no DM", "[matching][consent]") {
  world f;
  for (const char* text : {"match", "find Redfin Labs", "find teaching", "find @ben", "find Ben"}) {
    const auto shown = reply_text(f.command("U0STU1", text));
    CHECK_THAT(shown, !Catch::Contains("Ben Ortiz") && !Catch::Contains("Lee Chen"));
  }
  CHECK_THAT(reply_text(f.command("U0STU1", "match")), Catch::Contains("Ana Silva"));
  // Asking for someone who has not opted in: the same answer as for nobody, and no form.
  for (const char* who : {"intro @ben", "intro @lee", "intro @nobody"}) {
    const auto o = f.command("U0STU1", who);
    CHECK(o.effects.empty());
    CHECK_THAT(reply_text(o), Catch::Contains("only introduce you to people who are open to chats"));
  }
  CHECK(f.click("U0STU1", "intro.start", "U0BEN01").effects.empty());
  // A forged form naming them sends nothing to anyone.
  const auto forged = f.submit("U0STU1", "intro.note", {{"note", good_note}}, "U0BEN01");
  REQUIRE(std::holds_alternative<app::ack_errors>(forged.acknowledgement));
  CHECK(world::recipients(forged).empty());
  // Students and staff are never suggested to students, even if a flag says so.
  auto devon = *f.people.find_by_slack_id("U0STU2");
  devon.open_to_chats = {true, 5};
  f.people.upsert(devon);
  CHECK_THAT(reply_text(f.command("U0STU1", "match")), !Catch::Contains("devon"));
}

TEST_CASE("an intro: the note is checked, the alum answers, and Accept opens a group DM", "[matching][intros]") {
  world f;
  const auto form = f.command("U0STU1", "intro @ana");
  REQUIRE(form.effects.size() == 1);
  CHECK(std::get<app::open_modal>(form.effects[0]).view.private_metadata == "U0ANA01");
  // A note that asks for a job is sent back, not on.
  const auto job = f.submit("U0STU1", "intro.note", {{"note", "Hi Ana, I'm Maya, a Turing student. Are you hiring? Would you be open to a 15-minute call Tuesday?"}}, "U0ANA01");
  REQUIRE(std::holds_alternative<app::ack_errors>(job.acknowledgement));
  CHECK_THAT(std::get<app::ack_errors>(job.acknowledgement).errors.at("note"), Catch::Contains("Asks about a job"));
  CHECK(job.effects.empty());

  const auto sent = f.submit("U0STU1", "intro.note", {{"note", good_note}}, "U0ANA01");
  CHECK(world::recipients(sent) == "U0STU1;U0ANA01;");
  const auto& dm = std::get<app::post_message>(sent.effects[1]).body;
  check_golden("intro_request", slack::render_message(dm));
  const auto& buttons = std::get<app::actions>(dm.blocks[3]).buttons;
  REQUIRE(buttons.size() == 3);

  // Only Ana may answer; Accept opens a group DM with both and puts Ana in Maya's tracker.
  CHECK_THAT(reply_text(f.click("U0STAFF1", "intro.accept", buttons[0].value)), Catch::Contains("not for you"));
  const auto accepted = f.click("U0ANA01", "intro.accept", buttons[0].value);
  CHECK(world::recipients(accepted) == "U0STU1,U0ANA01;");
  check_golden("intro_starter", slack::render_message(std::get<app::post_message>(accepted.effects[0]).body));
  const auto maya = *f.people.find_by_slack_id("U0STU1");
  const auto ana_contact = f.contacts.find_contact_named(maya.id, "Ana Silva", "Redfin Labs");
  REQUIRE(ana_contact);
  CHECK(ana_contact->stage == core::stage::messaged);
  CHECK(ana_contact->warmth == core::warmth::warm);
  // Ana offers one chat a month: she is full now, so she is no longer suggested.
  CHECK_THAT(reply_text(f.command("U0STU2", "match")), !Catch::Contains("Ana Silva"));
}

TEST_CASE("Not now tells the student kindly; Stop suggesting me turns consent off", "[matching][intros]") {
  world f;
  auto ana = *f.people.find_by_slack_id("U0ANA01");
  ana.open_to_chats.capacity = 3;
  f.people.upsert(ana);
  f.submit("U0STU1", "intro.note", {{"note", good_note}}, "U0ANA01");
  const auto second = f.submit("U0STU2", "intro.note", {{"note", good_note}}, "U0ANA01");
  const auto id = std::get<app::actions>(std::get<app::post_message>(second.effects[1]).body.blocks[3]).buttons[1].value;
  const auto declined = f.click("U0ANA01", "intro.decline", id);
  CHECK(world::recipients(declined) == "U0STU2;");
  CHECK_THAT(slack::render_message(std::get<app::post_message>(declined.effects[0]).body).dump(), Catch::Contains("can't take a chat right now"));
  const auto maya = *f.people.find_by_slack_id("U0STU2");
  CHECK(f.contacts.contacts_of(maya.id).empty());  // nothing else shared

  const auto stopped = f.click("U0ANA01", "intro.stop", "0");
  CHECK(world::recipients(stopped) == "U0STU1;");  // Maya's request was still waiting: she is told
  CHECK_FALSE(f.people.find_by_slack_id("U0ANA01")->open_to_chats.on);
  CHECK_THAT(reply_text(f.command("U0STU1", "match")), !Catch::Contains("Ana Silva"));
}

TEST_CASE("an intro request that expires: the student is told once, kindly; a late answer introduces nobody and retires the card", "[matching][intros][schedule]") {
  world f;
  auto ana = *f.people.find_by_slack_id("U0ANA01");
  ana.open_to_chats.capacity = 3;
  f.people.upsert(ana);
  std::vector<app::effect> sent;
  const auto run = [&] {
    const auto before = sent.size();
    features::run_due_jobs(f.router, [&](std::vector<app::effect> e) { sent.insert(sent.end(), e.begin(), e.end()); });
    std::vector<app::post_message> notices;
    for (std::size_t i = before; i < sent.size(); ++i) notices.push_back(std::get<app::post_message>(sent[i]));
    return notices;
  };
  const auto request_id = [](const app::outcome& o) {
    return std::get<app::actions>(std::get<app::post_message>(o.effects.at(1)).body.blocks[3]).buttons[0].value;
  };
  const auto maya_asked = request_id(f.submit("U0STU1", "intro.note", {{"note", good_note}}, "U0ANA01"));
  f.clock.advance(std::chrono::days{13});
  CHECK(run().empty());  // still waiting

  f.clock.advance(std::chrono::days{1} + std::chrono::minutes{1});
  const auto told = run();
  REQUIRE(told.size() == 1);
  CHECK(told[0].channel == "U0STU1");
  const auto text = slack::render_message(told[0].body).dump();
  CHECK_THAT(text, Catch::Contains("Your intro request to *Ana Silva* closed: they didn't answer within 14 days") &&
                       Catch::Contains("isn't about you") && Catch::Contains("/network match"));
  // Once: the next ticks, and the next days, tell nobody again.
  CHECK(run().empty());
  f.clock.advance(std::chrono::hours{30});
  CHECK(run().empty());

  // Ana's card, pressed too late: nobody is introduced, nothing is counted, and the card is replaced.
  const auto maya = *f.people.find_by_slack_id("U0STU1");
  for (const char* button : {"intro.accept", "intro.decline"}) {
    INFO(button);
    const auto late = f.click("U0ANA01", button, maya_asked);
    REQUIRE(late.effects.size() == 1);
    const auto* card = std::get_if<app::respond>(&late.effects[0]);
    REQUIRE(card);
    CHECK(card->replace_original);
    CHECK_THAT(slack::render_message(card->reply).dump(), Catch::Contains("expired on") && Catch::Contains("nobody was introduced"));
    CHECK(std::ranges::none_of(card->reply.blocks, [](const app::block& b) { return std::holds_alternative<app::actions>(b); }));
  }
  CHECK_FALSE(f.contacts.find_contact_named(maya.id, "Ana Silva", "Redfin Labs"));
  CHECK(f.intros.accepted_since(ana.id, core::time_point{}) == 0);
  CHECK(f.intros.find_intro(std::stoll(maya_asked))->state == core::intro_state::expired);
  // Someone else pressing it learns nothing about it.
  CHECK_THAT(reply_text(f.click("U0STU2", "intro.accept", maya_asked)), Catch::Contains("is for the alum or mentor who was asked"));

  // Closed by the late press before the scheduler saw it: the student is still told, once.
  const auto devon_asked = request_id(f.submit("U0STU2", "intro.note", {{"note", good_note}}, "U0ANA01"));
  f.clock.advance(std::chrono::days{15});
  CHECK(std::holds_alternative<app::respond>(f.click("U0ANA01", "intro.accept", devon_asked).effects.at(0)));
  const auto devon_told = run();
  REQUIRE(devon_told.size() == 1);
  CHECK(devon_told[0].channel == "U0STU2");
  CHECK(run().empty());
}

TEST_CASE("alumni and mentors manage their own consent and capacity", "[matching][consent]") {
  world f;
  CHECK_THAT(reply_text(f.command("U0BEN01", "available")), Catch::Contains("Chats with students: off"));
  CHECK_THAT(reply_text(f.command("U0BEN01", "available chats on")), Catch::Contains("on, 3 a month"));
  CHECK_THAT(reply_text(f.command("U0STU1", "find Ben")), Catch::Contains("Ben Ortiz"));
  CHECK_THAT(reply_text(f.command("U0BEN01", "capacity chats 0")), Catch::Contains("on, 0 a month"));
  CHECK_THAT(reply_text(f.command("U0STU1", "find Ben")), !Catch::Contains("Ben Ortiz"));  // no room: not shown
  CHECK_THAT(reply_text(f.command("U0BEN01", "capacity chats 99")), Catch::Contains("0 to 50"));
  CHECK_THAT(reply_text(f.command("U0LEE01", "available mentoring on")), Catch::Contains("Mentoring: on"));
  CHECK_THAT(reply_text(f.command("U0LEE01", "capacity 3")), Catch::Contains("up to 3 mentees"));
  CHECK_THAT(reply_text(f.command("U0STU1", "available chats on")), Catch::Contains("for alumni and mentors"));
  CHECK_FALSE(f.people.find_by_slack_id("U0STU1")->open_to_chats.on);
}

TEST_CASE("staff preview a mentor assignment, and confirming saves it and introduces each pair", "[matching][assignment]") {
  world f;
  f.command("U0LEE01", "available mentoring on");
  const std::string before = f.snapshot("pending_confirmations");
  const auto preview = f.command("U0STAFF1", "admin mentors 2108");
  check_golden("admin_mentors_preview", slack::render_message(std::get<app::reply_after_ack>(preview.acknowledgement).reply));
  CHECK(f.snapshot("pending_confirmations") == before);  // a preview saves nothing but what it showed
  const auto& confirm = std::get<app::actions>(std::get<app::reply_after_ack>(preview.acknowledgement).reply.blocks.at(3)).buttons.front();
  const std::string stored = f.db.logical_dump();
  CHECK_THAT(reply_text(f.click("U0STU1", confirm.action_id, confirm.value)), Catch::Contains("for career-development staff"));
  CHECK(f.db.logical_dump() == stored);
  const auto done = f.click("U0STAFF1", confirm.action_id, confirm.value);
  CHECK_THAT(reply_text(done), Catch::Contains("Saved 2 new pairs"));  // Lee takes 2; Ana mentors too
  const auto lee = *f.people.find_by_slack_id("U0LEE01");
  int with_lee = 0;
  for (const auto& p : f.people.all()) with_lee += p.mentor == lee.id;
  CHECK(with_lee <= 2);
  for (const auto& e : done.effects) CHECK(std::get<app::post_message>(e).channel.find(',') != std::string::npos);
  CHECK_THAT(reply_text(f.command("U0STU1", "admin mentors 2108")), Catch::Contains("is for career-development staff"));
  CHECK_THAT(reply_text(f.command("U0STAFF1", "admin mentors 1999")), Catch::Contains("No active students"));
}

TEST_CASE("golden views of matching", "[matching][golden]") {
  world f;
  check_golden("match_list", slack::render_message(std::get<app::reply_after_ack>(f.command("U0STU1", "match").acknowledgement).reply));
  check_golden("intro_modal", slack::render_modal(std::get<app::open_modal>(f.command("U0STU1", "intro @ana").effects.at(0)).view));
}
