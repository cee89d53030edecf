// /network privacy: the explanation, the export of everything stored about the person (and nothing
// about anyone else), and deletion after a confirmation, leaving staff anonymous counts only.

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "fixture.hpp"
#include "results.hpp"

using namespace networkbot;
using networkbot::testing::ok;
using networkbot::testing::reply_text;

namespace {

struct world : testing::app_fixture {
  void seed(const std::string& slack_id, const std::string& contact) {
    auto t = svc.tracker();
    core::contact c;
    c.name = contact;
    c.company = "Acme";
    const auto added = ok(t.add(who(slack_id).id, c));
    (void)ok(t.note(who(slack_id).id, added.id, "Met at the Ruby meetup"));
    (void)ok(t.set_goal(who(slack_id).id, core::networking_level::II, std::nullopt));
    core::reflection r;
    r.student = who(slack_id).id;
    r.week = "2026-11-20";
    r.learned = "Small groups suit me";
    r.next_steps = "Write to two alumni";
    reflections.save_reflection(r);
  }
  const app::upload_file& upload(const app::outcome& o) { return std::get<app::upload_file>(o.effects.at(0)); }
};

}  // namespace

TEST_CASE("privacy explains what is stored and who sees it", "[privacy]") {
  world f;
  const auto text = reply_text(f.command("U0STU1", "privacy"));
  CHECK_THAT(text, Catch::Contains("What is stored") && Catch::Contains("Who sees it") && Catch::Contains("career-development staff"));
  CHECK_THAT(reply_text(f.command("U0STU1", "privacy please")), Catch::Contains("/network privacy export"));
}

TEST_CASE("privacy export sends the person's own data as a JSON file, and nobody else's", "[privacy]") {
  world f;
  f.seed("U0STU1", "Jamie Flores");
  f.seed("U0STU2", "Sam Okafor");
  // A correction of each: Maya's is hers to see, Devon's is not.
  const auto jamie = f.contacts.contacts_of(f.who("U0STU1").id).at(0);
  const auto saved = f.submit("U0STU1", "tracker.edit", {{"name", "Jamie Flores"}, {"warmth", "warm"}, {"list", "new"}, {"company", "Redfin Labs"}},
                              std::to_string(jamie.id));
  REQUIRE(std::holds_alternative<app::ack_empty>(saved.acknowledgement));
  CHECK_THAT(reply_text(f.command("U0STU2", "delete Sam")), Catch::Contains("Delete"));
  REQUIRE_THAT(reply_text(f.click("U0STU2", "tracker.delete_confirm", std::to_string(f.contacts.contacts_of(f.who("U0STU2").id).at(0).id))),
               Catch::Contains("Deleted"));
  const auto o = f.command("U0STU1", "privacy export");
  const auto& file = f.upload(o);
  CHECK(file.user_id == "U0STU1");
  CHECK(file.filename == "networkbot-my-data.json");
  const auto data = nlohmann::json::parse(file.content);
  CHECK(data["profile"]["slack_id"] == "U0STU1");
  REQUIRE(data["contacts"].size() == 1);
  CHECK(data["contacts"][0]["name"] == "Jamie Flores");
  CHECK(data["contacts"][0]["history"].size() == 1);
  CHECK(data["reflections"][0]["learned"] == "Small groups suit me");
  CHECK(data["goal"]["level"] == "II");
  REQUIRE(data["corrections"].size() == 1);
  CHECK(data["corrections"][0]["kind"] == "contact_edited");
  CHECK_THAT(data["corrections"][0]["what"].get<std::string>(), Catch::Contains("company"));
  CHECK(file.content.find("Sam Okafor") == std::string::npos);
  // The Export button does the same.
  CHECK(std::holds_alternative<app::upload_file>(f.click("U0STU1", "privacy.export", "").effects.at(0)));
}

TEST_CASE("privacy delete asks first, deletes only for the person themself, and staff see counts only", "[privacy]") {
  world f;
  f.seed("U0STU1", "Jamie Flores");
  f.seed("U0STU2", "Sam Okafor");
  auto profile = f.who("U0STU1");
  profile.interests = {"react", "sql"};
  f.people.upsert(profile);
  const auto before = f.db.logical_dump();
  const auto asked = f.command("U0STU1", "privacy delete");
  CHECK_THAT(reply_text(asked), Catch::Contains("Delete your data?"));
  CHECK(f.db.logical_dump() == before);  // nothing yet
  const std::string maya = std::to_string(f.who("U0STU1").id);
  // Devon pressing Maya's button does nothing.
  CHECK_THAT(reply_text(f.click("U0STU2", "privacy.delete_confirm", maya)), Catch::Contains("someone else"));
  CHECK(f.db.logical_dump() == before);
  CHECK_THAT(reply_text(f.click("U0STU1", "privacy.delete_confirm", maya)), Catch::Contains("Deleted 1 contact, 1 reflection") && Catch::Contains("what you wrote in your profile"));
  CHECK(f.contacts.contacts_of(f.who("U0STU1").id).empty());
  CHECK(f.reflections.reflections_of(f.who("U0STU1").id).empty());
  CHECK_FALSE(f.goals.goal_of(f.who("U0STU1").id));
  CHECK(f.contacts.contacts_of(f.who("U0STU2").id).size() == 1);  // Devon's untouched
  // What she wrote about herself goes; what the roster says stays.
  const auto maya_now = f.who("U0STU1");
  CHECK(maya_now.pronouns.empty());
  CHECK(maya_now.interests.empty());
  CHECK(maya_now.program == "BE");
  CHECK(maya_now.module == 2);
  CHECK(maya_now.cohort == "2108");
  CHECK(maya_now.display_name == "maya Student");
  CHECK(f.who("U0STU2").pronouns == "she/her");  // Devon's untouched
  const auto report = reply_text(f.command("U0STAFF1", "admin report"));
  CHECK_THAT(report, Catch::Contains("1 person asked for their data to be deleted: 1 contacts, 1 reflections"));
  CHECK_THAT(report, !Catch::Contains("Jamie Flores"));
}
