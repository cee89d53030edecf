// The storage ports, each through its own interface over the SQLite adapter on a real file: what every
// method promises, so a second backend can be held to the same cases.

#include <catch2/catch.hpp>

#include <algorithm>
#include <utility>
#include <vector>

#include "core/home_visit_store.hpp"
#include "core/job_ledger.hpp"
#include "core/nudge_store.hpp"
#include "core/store/sqlite_home_visit_store.hpp"
#include "core/store/sqlite_job_ledger.hpp"
#include "core/store/sqlite_nudge_store.hpp"
#include "store_world.hpp"

using namespace networkbot;
using namespace std::chrono_literals;
using networkbot::testing::store_world;
using networkbot::testing::test_epoch;

namespace {

// store_world's contacts, goals, corrections and buddies, and the ports only the features use. Each
// test reaches its port through a reference to the interface, as a caller would.
struct ports_world : store_world {
  store::sqlite_nudge_store nudges{db};
  store::sqlite_home_visit_store home_visits{db};
  store::sqlite_job_ledger sqlite_ledger{db};
  core::job_ledger& ledger = sqlite_ledger;
  core::person maya, devon;
  ports_world() {
    load_sample_people();
    maya = person("@maya");
    devon = person("@dev");
  }
};

}  // namespace

TEST_CASE("job ledger: an occurrence is claimed once, and forgotten claims may be made again", "[store][ports]") {
  ports_world w;
  CHECK_FALSE(w.ledger.job_ran("reflection.prompt:2026-11-20"));
  CHECK(w.ledger.claim_job("reflection.prompt:2026-11-20", test_epoch));
  CHECK_FALSE(w.ledger.claim_job("reflection.prompt:2026-11-20", test_epoch + 1min));  // exactly once
  CHECK(w.ledger.job_ran("reflection.prompt:2026-11-20"));
  CHECK_FALSE(w.ledger.job_ran("reflection.prompt:2026-11-27"));

  CHECK(w.ledger.claim_job("reflection.prompt:2026-11-27", test_epoch + 7 * 24h));
  CHECK(w.ledger.forget_jobs_before(test_epoch + 1h) == 1);  // only the claim made before then
  CHECK_FALSE(w.ledger.job_ran("reflection.prompt:2026-11-20"));
  CHECK(w.ledger.job_ran("reflection.prompt:2026-11-27"));
  CHECK(w.ledger.forget_jobs_before(test_epoch + 1h) == 0);
}

TEST_CASE("job ledger: a claim is undone with the transaction it was made in", "[store][ports]") {
  ports_world w;
  {
    auto tx = w.db.begin();
    CHECK(w.ledger.claim_job("buddy.check:2026-11-23", test_epoch));
  }  // rolled back: the job's work did not happen, so it may run again
  CHECK_FALSE(w.ledger.job_ran("buddy.check:2026-11-23"));
  auto tx = w.db.begin();
  CHECK(w.ledger.claim_job("buddy.check:2026-11-23", test_epoch));
  tx->commit();
  CHECK(w.ledger.job_ran("buddy.check:2026-11-23"));
}

TEST_CASE("contact store: contacts are added, found, replaced and removed with their history", "[store][ports]") {
  ports_world w;
  core::contact_store& store = w.contacts;
  core::contact jamie;
  jamie.owner = w.maya.id;
  jamie.name = "Jamie Flores";
  jamie.company = "Acme";
  jamie.warmth = core::warmth::cold;
  jamie.next_due = core::date{std::chrono::year{2026} / 12 / 1};
  jamie.created_at = test_epoch;
  jamie.id = store.save_contact(jamie);
  REQUIRE(jamie.id != 0);
  CHECK(store.find_contact(jamie.id) == jamie);
  CHECK_FALSE(store.find_contact(jamie.id + 100));

  auto ana = jamie;
  ana.id = 0;
  ana.name = "Ana Silva";
  ana.company = "";
  ana.id = store.save_contact(ana);
  auto devons = jamie;
  devons.id = 0;
  devons.owner = w.devon.id;
  devons.id = store.save_contact(devons);
  CHECK(store.contacts_of(w.maya.id) == std::vector{jamie, ana});  // oldest first, the owner's only
  CHECK(store.find_contact_named(w.maya.id, "JAMIE flores", "acme") == jamie);
  CHECK(store.find_contact_named(w.devon.id, "Jamie Flores", "Acme") == devons);
  CHECK_FALSE(store.find_contact_named(w.maya.id, "Jamie Flores", ""));

  jamie.stage = core::stage::met;
  jamie.takeaway = "ask about the data team";
  jamie.next_due.reset();
  jamie.last_interaction = test_epoch + 1h;
  CHECK(store.save_contact(jamie) == jamie.id);  // an update keeps the id
  CHECK(store.find_contact(jamie.id) == jamie);

  store.add_event({999, jamie.id, test_epoch + 2h, core::event_kind::met, "coffee"});
  store.add_event({0, jamie.id, test_epoch + 1h, core::event_kind::messaged, "said hi"});
  store.add_event({0, jamie.id, test_epoch + 2h, core::event_kind::note, "same minute, added later"});
  store.add_event({0, ana.id, test_epoch, core::event_kind::note, "Ana's"});
  auto history = store.events_of(jamie.id);
  REQUIRE(history.size() == 3);
  CHECK(history[0].text == "said hi");  // by time, then in the order added
  CHECK(history[1].text == "coffee");
  CHECK(history[1].id != 999);  // the store numbers events
  CHECK(history[2].text == "same minute, added later");
  store.delete_event(history[0].id);
  CHECK(store.events_of(jamie.id).size() == 2);

  std::vector<std::pair<core::contact_id, std::size_t>> visited;
  store.visit_contacts([&](const core::contact& c, const std::vector<core::contact_event>& events) {
    visited.emplace_back(c.id, events.size());
  });
  CHECK(visited == std::vector<std::pair<core::contact_id, std::size_t>>{{jamie.id, 2}, {ana.id, 1}, {devons.id, 0}});

  store.delete_contact(jamie.id);
  CHECK_FALSE(store.find_contact(jamie.id));
  CHECK(store.events_of(jamie.id).empty());
  CHECK(store.events_of(ana.id).size() == 1);
}

TEST_CASE("goal store: one goal a person, and action steps updated in what may change", "[store][ports]") {
  ports_world w;
  core::goal_store& store = w.goals;
  CHECK_FALSE(store.goal_of(w.maya.id));
  const core::goal first{w.maya.id, core::networking_level::II, core::date{std::chrono::year{2026} / 12 / 18}, test_epoch};
  store.save_goal(first);
  CHECK(store.goal_of(w.maya.id) == first);
  const core::goal second{w.maya.id, core::networking_level::III, std::nullopt, test_epoch + 1h};
  store.save_goal(second);  // replaces the first
  CHECK(store.goal_of(w.maya.id) == second);
  CHECK_FALSE(store.goal_of(w.devon.id));
  store.delete_goal(w.maya.id);
  CHECK_FALSE(store.goal_of(w.maya.id));

  core::action_step meetup{0, w.maya.id, 2, "attend a meetup", std::nullopt, test_epoch, std::nullopt};
  meetup.id = store.save_action_step(meetup);
  core::action_step chat{0, w.maya.id, std::nullopt, "have a chat", core::date{std::chrono::year{2026} / 12 / 1}, test_epoch, std::nullopt};
  chat.id = store.save_action_step(chat);
  REQUIRE(meetup.id != 0);
  CHECK(store.action_steps_of(w.maya.id) == std::vector{meetup, chat});  // oldest first
  CHECK(store.action_steps_of(w.devon.id).empty());

  auto edited = meetup;
  edited.module = 3;
  edited.text = "attend the Boulder JS meetup";
  edited.due = core::date{std::chrono::year{2026} / 12 / 4};
  edited.done_at = test_epoch + 2h;
  auto attempted = edited;
  attempted.owner = w.devon.id;         // not what an update changes
  attempted.created_at = test_epoch + 5h;
  CHECK(store.save_action_step(attempted) == meetup.id);
  CHECK(store.action_steps_of(w.maya.id).at(0) == edited);
  CHECK(store.action_steps_of(w.devon.id).empty());

  store.delete_action_step(meetup.id);
  CHECK(store.action_steps_of(w.maya.id) == std::vector{chat});
}

TEST_CASE("correction store: a person's corrections in order, outliving the contact they name", "[store][ports]") {
  ports_world w;
  core::correction_store& store = w.corrections;
  core::contact gone;
  gone.owner = w.maya.id;
  gone.name = "Sam";
  gone.created_at = test_epoch;
  gone.id = w.contacts.save_contact(gone);
  store.add_correction({999, w.maya.id, test_epoch + 1h, core::correction_kind::contact_deleted, gone.id, "deleted"});
  store.add_correction({0, w.maya.id, test_epoch, core::correction_kind::contact_edited, gone.id, "company"});
  store.add_correction({0, w.maya.id, test_epoch + 1h, core::correction_kind::goal_cleared, 0, "cleared"});
  store.add_correction({0, w.devon.id, test_epoch, core::correction_kind::buddy_ended, 0, "Devon's"});
  w.contacts.delete_contact(gone.id);

  const auto mine = store.corrections_of(w.maya.id);
  REQUIRE(mine.size() == 3);
  CHECK(mine[0].summary == "company");  // by time, then in the order added
  CHECK(mine[1].summary == "deleted");
  CHECK(mine[1].id != 999);  // the store numbers them
  CHECK(mine[1].kind == core::correction_kind::contact_deleted);
  CHECK(mine[1].contact == gone.id);
  CHECK(mine[2].kind == core::correction_kind::goal_cleared);
  CHECK(store.corrections_of(w.devon.id).size() == 1);
}

TEST_CASE("buddy store: links by state, either side, and the windows the scheduler reads", "[store][ports]") {
  ports_world w;
  core::buddy_store& store = w.buddies;
  const auto lee = w.person("@lee");
  core::buddy_link asked{0, w.maya.id, w.devon.id, core::buddy_state::pending, test_epoch, std::nullopt};
  asked.id = store.save_buddy_link(asked);
  REQUIRE(asked.id != 0);
  CHECK(store.find_buddy_link(asked.id) == asked);
  CHECK_FALSE(store.find_buddy_link(asked.id + 100));
  core::buddy_link declined{0, lee.id, w.maya.id, core::buddy_state::declined, test_epoch + 1h, test_epoch + 2h};
  declined.id = store.save_buddy_link(declined);
  core::buddy_link later{0, lee.id, w.devon.id, core::buddy_state::pending, test_epoch + 3h, std::nullopt};
  later.id = store.save_buddy_link(later);

  CHECK(store.buddy_links_of(w.maya.id) == std::vector{asked});  // declined ones are history only
  CHECK(store.buddy_links_of(w.devon.id) == std::vector{later, asked});  // either side, newest first
  CHECK(store.find_buddy_link(declined.id) == declined);
  CHECK(store.pending_buddy_links_asked(test_epoch, test_epoch + 3h) == std::vector{asked});  // [from, to)
  CHECK(store.pending_buddy_links_asked(test_epoch + 1s, test_epoch + 4h) == std::vector{later});
  CHECK(store.accepted_buddy_links().empty());

  auto answered = asked;
  answered.state = core::buddy_state::accepted;
  answered.answered_at = test_epoch + 4h;
  auto attempted = answered;
  attempted.requester = lee.id;  // not what an update changes
  attempted.created_at = test_epoch + 9h;
  CHECK(store.save_buddy_link(attempted) == asked.id);
  CHECK(store.find_buddy_link(asked.id) == answered);
  auto accepted_later = later;
  accepted_later.state = core::buddy_state::accepted;
  store.save_buddy_link(accepted_later);
  CHECK(store.accepted_buddy_links() == std::vector{answered, accepted_later});  // oldest first
  CHECK(store.pending_buddy_links_asked(test_epoch, test_epoch + 4h).empty());
}

TEST_CASE("nudge store: defaults until saved, and who gets the morning follow-up DM", "[store][ports]") {
  ports_world w;
  core::nudge_store& store = w.nudges;
  const auto lee = w.person("@lee");
  CHECK(store.nudges_of(w.maya.id) == core::nudge_settings{});
  CHECK(store.follow_up_subscribers().empty());
  store.save_nudges(lee.id, {true, false});
  store.save_nudges(w.maya.id, {true, true});
  store.save_nudges(w.devon.id, {false, false});
  CHECK(store.nudges_of(lee.id) == core::nudge_settings{true, false});
  CHECK(store.nudges_of(w.devon.id) == core::nudge_settings{false, false});
  auto subscribers = std::vector{w.maya.id, lee.id};
  std::ranges::sort(subscribers);
  CHECK(store.follow_up_subscribers() == subscribers);  // by person id
  store.save_nudges(lee.id, {false, true});  // replaces what Lee had
  CHECK(store.nudges_of(lee.id) == core::nudge_settings{false, true});
  CHECK(store.follow_up_subscribers() == std::vector{w.maya.id});
}

TEST_CASE("home visit store: the first visit is told apart from the later ones", "[store][ports]") {
  ports_world w;
  core::home_visit_store& store = w.home_visits;
  CHECK_FALSE(store.has_visited_home(w.maya.id));
  CHECK(store.record_home_visit(w.maya.id, test_epoch));
  CHECK(store.has_visited_home(w.maya.id));
  CHECK_FALSE(store.record_home_visit(w.maya.id, test_epoch + 1h));
  CHECK_FALSE(store.record_home_visit(w.maya.id, test_epoch + 2h));
  CHECK_FALSE(store.has_visited_home(w.devon.id));
  CHECK(store.record_home_visit(w.devon.id, test_epoch + 2h));
}
