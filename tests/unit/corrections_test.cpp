// Every mistake a student makes can be put right, through the same router Slack and the console use:
// a contact edited or deleted (after a confirm), the last logged step undone, a contact's card with its
// history, a buddy link ended or a request withdrawn (or expired), an intro withdrawn, an action step
// edited or deleted, a goal changed or cleared. Each correction is recorded, so the history says what
// happened.

#include <catch2/catch.hpp>

#include "fixture.hpp"

using namespace networkbot;
using testing::reply_text;

namespace {

struct world : testing::app_fixture {
  core::contact_id jamie = 0;
  world() {
    core::contact c;
    c.name = "Jamie Flores";
    c.warmth = core::warmth::warm;
    jamie = std::get<core::contact>(svc.tracker().add(maya().id, c)).id;
    auto ana = testing::student("U0ANA01", "ana");
    ana.roles = {};
    ana.roles.add(core::role::alum);
    ana.open_to_chats = {true, 3};
    people.upsert(ana);
  }
  core::person maya() { return *people.find_by_slack_id("U0STU1"); }
  core::person devon() { return *people.find_by_slack_id("U0STU2"); }
  core::quota_progress quota() {
    return *core::progress(maya(), people, contacts, goals, svc.goal_rules(), svc.today()).quota;
  }
  // (The fixture's port of the same name, which this helper hides.)
  std::vector<core::correction> corrections() { return app_fixture::corrections.corrections_of(maya().id); }
  static const app::button* button(const app::outcome& o, const std::string& action) {
    const auto* r = std::get_if<app::reply_after_ack>(&o.acknowledgement);
    if (r == nullptr) return nullptr;
    for (const auto& b : r->reply.blocks)
      if (const auto* row = std::get_if<app::actions>(&b))
        for (const auto& button : row->buttons)
          if (button.action_id == action) return &button;
    return nullptr;
  }
};

}  // namespace

TEST_CASE("a contact's card shows its history, and opens from its name or its button", "[corrections]") {
  world f;
  f.command("U0STU1", "note Jamie prefers mornings");
  f.command("U0STU1", "log Jamie messaged");
  const auto card = f.command("U0STU1", "contacts Jamie Flores");
  CHECK_THAT(reply_text(card), Catch::Contains("History") && Catch::Contains("Note: prefers mornings") &&
                                   Catch::Contains("Logged messaged"));
  REQUIRE(world::button(card, "tracker.edit") != nullptr);
  REQUIRE(world::button(card, "tracker.undo") != nullptr);
  REQUIRE(world::button(card, "tracker.delete") != nullptr);
  // The list's cards lead there too.
  const auto list = f.command("U0STU1", "contacts");
  const auto* open = world::button(list, "tracker.open");
  REQUIRE(open != nullptr);
  CHECK(reply_text(f.click("U0STU1", "tracker.open", open->value)) == reply_text(card));
  // A filter word still filters.
  CHECK_THAT(reply_text(f.command("U0STU1", "contacts cold")), Catch::Contains("None right now"));
}

TEST_CASE("editing a contact: the form comes filled in, the change is saved, recorded, and counts follow", "[corrections]") {
  world f;
  CHECK(f.quota().warm == 1);
  const auto opened = f.click("U0STU1", "tracker.edit", std::to_string(f.jamie));
  REQUIRE(opened.effects.size() == 1);
  const auto& modal = std::get<app::open_modal>(opened.effects[0]).view;
  CHECK(modal.callback_id == "tracker.edit");
  bool filled = false;
  for (const auto& b : modal.blocks)
    if (const auto* in = std::get_if<app::input>(&b); in && in->id == "name") filled = in->initial == "Jamie Flores";
  CHECK(filled);

  // A bad value keeps the form open and changes nothing.
  const auto bad = f.submit("U0STU1", "tracker.edit", {{"name", "Jamie Flores"}, {"warmth", "lukewarm"}, {"list", "new"}},
                            std::to_string(f.jamie));
  CHECK(std::get<app::ack_errors>(bad.acknowledgement).errors.contains("warmth"));
  CHECK(f.corrections().empty());

  const auto saved = f.submit("U0STU1", "tracker.edit",
                              {{"name", "Jamie Flores-Ortiz"}, {"warmth", "cold"}, {"list", "new"}, {"company", "Redfin Labs"},
                               {"slack_user", "@devon"}},
                              std::to_string(f.jamie));
  CHECK(std::holds_alternative<app::ack_empty>(saved.acknowledgement));
  const auto c = *f.contacts.find_contact(f.jamie);
  CHECK(c.name == "Jamie Flores-Ortiz");
  CHECK(c.company == "Redfin Labs");
  CHECK(c.warmth == core::warmth::cold);
  CHECK(c.slack_user == "U0STU2");
  CHECK(f.quota().warm == 0);
  CHECK(f.quota().cold == 1);
  REQUIRE(f.corrections().size() == 1);
  CHECK(f.corrections()[0].summary == "Edited: name, company, warm or cold, Slack user");
  CHECK_THAT(reply_text(f.command("U0STU1", "contacts Jamie")), Catch::Contains("Edited: name, company"));
  // A name already in the tracker is refused under the name field.
  f.command("U0STU1", "add warm Chris Okafor");
  const auto clash = f.submit("U0STU1", "tracker.edit", {{"name", "Chris Okafor"}, {"warmth", "warm"}, {"list", "new"}},
                              std::to_string(f.jamie));
  CHECK_THAT(std::get<app::ack_errors>(clash.acknowledgement).errors.at("name"), Catch::Contains("already in your tracker"));
  // The command opens the same form.
  const auto by_command = f.command("U0STU1", "edit Jamie");
  REQUIRE(by_command.effects.size() == 1);
  CHECK(std::get<app::open_modal>(by_command.effects[0]).view.callback_id == "tracker.edit");
}

TEST_CASE("deleting a contact asks first, then removes it and its history; counts follow", "[corrections]") {
  world f;
  f.command("U0STU1", "log Jamie met");
  const auto asked = f.command("U0STU1", "delete Jamie");
  CHECK_THAT(reply_text(asked), Catch::Contains("Delete Jamie Flores and their history"));
  CHECK(f.contacts.find_contact(f.jamie).has_value());  // nothing happens until the confirm
  const auto* confirm = world::button(asked, "tracker.delete_confirm");
  REQUIRE(confirm != nullptr);
  CHECK_THAT(reply_text(f.click("U0STU1", "tracker.delete_confirm", confirm->value)), Catch::Contains("Deleted Jamie Flores"));
  CHECK_FALSE(f.contacts.find_contact(f.jamie).has_value());
  CHECK(f.contacts.events_of(f.jamie).empty());
  CHECK(f.quota().warm == 0);
  // Recorded by number only: the name went with the contact.
  REQUIRE(f.corrections().size() == 1);
  CHECK(f.corrections()[0].kind == core::correction_kind::contact_deleted);
  CHECK(f.corrections()[0].summary.find("Jamie") == std::string::npos);
  // A second click deletes nothing more.
  CHECK_THAT(reply_text(f.click("U0STU1", "tracker.delete_confirm", confirm->value)), Catch::Contains("no contact #"));
  CHECK(f.corrections().size() == 1);
}

TEST_CASE("undo takes back the last logged step, and the stage and follow-up follow the history", "[corrections]") {
  world f;
  f.command("U0STU1", "log Jamie messaged");
  f.clock.advance(std::chrono::hours{48});
  f.command("U0STU1", "log Jamie met");
  CHECK(f.contacts.find_contact(f.jamie)->stage == core::stage::met);
  const auto undone = f.click("U0STU1", "tracker.undo", std::to_string(f.jamie));
  CHECK_THAT(reply_text(undone), Catch::Contains("Undone. Jamie Flores is at messaged again") && Catch::Contains("Undid \"met\""));
  auto c = *f.contacts.find_contact(f.jamie);
  CHECK(c.stage == core::stage::messaged);
  REQUIRE(c.next_due.has_value());
  CHECK(*c.next_due == core::day_of(*c.last_interaction) + std::chrono::days{f.settings.tracker.follow_up_days});
  CHECK(f.contacts.events_of(f.jamie).size() == 1);
  CHECK_THAT(reply_text(f.command("U0STU1", "undo Jamie")), Catch::Contains("is at idea again"));
  c = *f.contacts.find_contact(f.jamie);
  CHECK(c.stage == core::stage::idea);
  CHECK_FALSE(c.next_due.has_value());
  CHECK_THAT(reply_text(f.command("U0STU1", "undo Jamie")), Catch::Contains("nothing to undo"));
  CHECK(f.corrections().size() == 2);
}

TEST_CASE("a buddy link can be ended, a request withdrawn, and an unanswered one expires", "[corrections][buddy]") {
  world f;
  const auto ask = f.command("U0STU1", "buddy @devon");
  const auto& invite = std::get<app::post_message>(ask.effects.at(0)).body;
  const auto& accept = std::get<app::actions>(invite.blocks.at(1)).buttons.at(0);
  // Maya withdraws before Devon answers; his Accept then says so.
  CHECK_THAT(reply_text(f.command("U0STU1", "buddy")), Catch::Contains("buddy cancel"));
  CHECK_THAT(reply_text(f.command("U0STU1", "buddy cancel")), Catch::Contains("Withdrawn"));
  CHECK_THAT(reply_text(f.click("U0STU2", accept.action_id, accept.value)), Catch::Contains("withdrawn"));
  CHECK_FALSE(f.svc.tracker().buddy_of(f.maya().id));

  // Asked again and accepted; then Devon ends it, and Maya is told.
  const auto again = f.command("U0STU1", "buddy @devon");
  const auto& accept2 = std::get<app::actions>(std::get<app::post_message>(again.effects.at(0)).body.blocks.at(1)).buttons.at(0);
  f.click("U0STU2", accept2.action_id, accept2.value);
  REQUIRE(f.svc.tracker().buddy_of(f.maya().id));
  const auto ended = f.command("U0STU2", "buddy end");
  CHECK_THAT(reply_text(ended), Catch::Contains("no longer buddies"));
  REQUIRE(ended.effects.size() == 1);
  CHECK(std::get<app::post_message>(ended.effects[0]).channel == "U0STU1");
  CHECK_FALSE(f.svc.tracker().buddy_of(f.maya().id));
  CHECK_THAT(reply_text(f.command("U0STU2", "progress @maya")), Catch::Contains("You can see your own progress"));

  // A request nobody answers expires after [tracker] buddy_request_days: the asker may ask someone else.
  f.people.upsert(testing::student("U0STU3", "sam"));
  const auto third = f.command("U0STU1", "buddy @sam");
  const auto& accept3 = std::get<app::actions>(std::get<app::post_message>(third.effects.at(0)).body.blocks.at(1)).buttons.at(0);
  CHECK_THAT(reply_text(f.command("U0STU1", "buddy @devon")), Catch::Contains("already asked someone"));
  f.clock.advance(std::chrono::days{f.settings.tracker.buddy_request_days});
  CHECK_THAT(reply_text(f.click("U0STU3", accept3.action_id, accept3.value)), Catch::Contains("expired"));
  CHECK_THAT(reply_text(f.command("U0STU1", "buddy @devon")), Catch::Contains("I asked"));
}

TEST_CASE("an intro request can be withdrawn; the alum's buttons then say so", "[corrections][intros]") {
  world f;
  auto asked = f.svc.intro_desk().request(f.maya(), *f.people.find_by_slack_id("U0ANA01"),
                                          "Hi Ana, I'm Maya, a Turing student. Would you be open to a short call?");
  REQUIRE(std::holds_alternative<core::intro_request>(asked));
  const auto id = std::to_string(std::get<core::intro_request>(asked).id);
  CHECK_THAT(reply_text(f.command("U0STU1", "intro withdraw @ana")), Catch::Contains("Withdrawn"));
  const auto late = f.click("U0ANA01", "intro.accept", id);
  CHECK_THAT(reply_text(late), Catch::Contains("withdrew that request"));
  CHECK(late.effects.empty());
  CHECK_THAT(reply_text(f.command("U0STU1", "intro withdraw @ana")), Catch::Contains("no intro request waiting"));
  REQUIRE(f.corrections().size() == 1);
  CHECK(f.corrections()[0].kind == core::correction_kind::intro_withdrawn);
}

TEST_CASE("an action step can be edited or deleted, and a goal changed or cleared", "[corrections][goals]") {
  world f;
  f.command("U0STU1", "step attend the Denver Ruby meetup");
  const auto id = f.goals.action_steps_of(f.maya().id).at(0).id;
  const std::string n = std::to_string(id);
  CHECK_THAT(reply_text(f.command("U0STU1", "step edit " + n + " attend the Boulder JS meetup by friday")),
             Catch::Contains("is now: attend the Boulder JS meetup"));
  CHECK(f.goals.action_steps_of(f.maya().id).at(0).text == "attend the Boulder JS meetup");
  CHECK(f.goals.action_steps_of(f.maya().id).at(0).due.has_value());
  CHECK_THAT(reply_text(f.command("U0STU1", "step edit 999 anything")), Catch::Contains("no action step #999"));
  CHECK_THAT(reply_text(f.command("U0STU2", "step delete " + n)), Catch::Contains("no action step"));  // not Devon's
  CHECK_THAT(reply_text(f.command("U0STU1", "step delete " + n)), Catch::Contains("Deleted action step"));
  CHECK(f.goals.action_steps_of(f.maya().id).empty());

  f.command("U0STU1", "goal II");
  f.command("U0STU1", "goal III");
  CHECK(f.goals.goal_of(f.maya().id)->level == core::networking_level::III);
  CHECK_THAT(reply_text(f.command("U0STU1", "goal clear")), Catch::Contains("Goal cleared"));
  CHECK_FALSE(f.goals.goal_of(f.maya().id));
  CHECK_THAT(reply_text(f.command("U0STU1", "goal clear")), Catch::Contains("no goal to clear"));
  std::vector<core::correction_kind> kinds;
  for (const auto& c : f.corrections()) kinds.push_back(c.kind);
  CHECK(kinds == std::vector<core::correction_kind>{core::correction_kind::action_step_edited, core::correction_kind::action_step_deleted,
                                                    core::correction_kind::goal_changed, core::correction_kind::goal_cleared});
}

TEST_CASE("deleting my data removes the corrections too", "[corrections][privacy]") {
  world f;
  f.command("U0STU1", "delete Jamie");
  f.click("U0STU1", "tracker.delete_confirm", std::to_string(f.jamie));
  REQUIRE_FALSE(f.corrections().empty());
  auto tx = f.db.begin();
  f.privacy.forget(f.maya().id, f.clock.now());
  tx->commit();
  CHECK(f.corrections().empty());
}
