// A form's ack before its work: router::check gives the verdict that goes in the ack and changes
// nothing; the work is done when the submission is handled, and errors found only then reach the person.

#include <catch2/catch.hpp>

#include "bot/slack/effects.hpp"
#include "bot/slack/url.hpp"
#include "tests/unit/fixture.hpp"

using namespace networkbot;

namespace {

const std::map<std::string, std::string> good_contact{{"name", "Sam Ortiz"}, {"warmth", "cold"}, {"list", "new"}};

}  // namespace

TEST_CASE("checking a form gives its errors for the ack and writes nothing", "[router][forms]") {
  testing::app_fixture f;
  const std::string before = f.snapshot();
  const auto bad = f.router.check(testing::submit_request("U0STU1", "tracker.add", {{"name", "Sam"}, {"warmth", "hot"}, {"list", "new"}}));
  const auto* errors = std::get_if<app::ack_errors>(&bad);
  REQUIRE(errors != nullptr);
  CHECK(errors->errors.count("warmth") == 1);
  CHECK(f.snapshot() == before);
}

TEST_CASE("checking a valid form closes it, and only handling it saves", "[router][forms]") {
  testing::app_fixture f;
  const std::string before = f.snapshot();
  const auto verdict = f.router.check(testing::submit_request("U0STU1", "tracker.add", good_contact));
  CHECK(std::holds_alternative<app::ack_empty>(verdict));
  CHECK(f.snapshot() == before);  // the handler ran, in a transaction that was rolled back
  (void)f.submit("U0STU1", "tracker.add", good_contact);
  CHECK(f.contacts.contacts_of(f.who("U0STU1").id).size() == 1);
}

TEST_CASE("a form someone else submits, or nobody known, just closes at the check", "[router][forms]") {
  testing::app_fixture f;
  auto forged = testing::submit_request("U0STU2", "tracker.add", {{"name", "Sam"}, {"warmth", "hot"}});
  forged.opened_for = "U0STU1";
  CHECK(std::holds_alternative<app::ack_empty>(f.router.check(forged)));
  CHECK(std::holds_alternative<app::ack_empty>(f.router.check(testing::submit_request("U0NOBODY", "tracker.add", good_contact))));
  CHECK(std::holds_alternative<app::ack_empty>(f.router.check(testing::submit_request("U0STU1", "no.such.form", good_contact))));
  CHECK(f.people.find_by_slack_id("U0NOBODY") == std::nullopt);  // the check adds nobody to the directory
}

TEST_CASE("errors found only when a closed form is handled go to the person in a DM", "[slack][forms]") {
  const auto form = testing::submit_request("U0STU1", "tracker.add", good_contact);
  const app::outcome late{app::ack_errors{{{"name", "You already track Sam Ortiz."}}}, {}};
  const auto out = slack::plan_effects(form, late, 1000);
  REQUIRE(out.size() == 1);
  const auto* dm = std::get_if<slack::direct_message>(&out[0].what);
  REQUIRE(dm != nullptr);
  CHECK(dm->users == "U0STU1");
  CHECK_THAT(dm->body, Catch::Contains("nothing was saved") && Catch::Contains("You already track Sam Ortiz."));
  // A form that closed with its work done sends nothing of the kind.
  CHECK(slack::plan_effects(form, app::outcome{}, 1000).empty());
}

TEST_CASE("the app id is read from a Socket Mode connection URL", "[slack][url]") {
  CHECK(slack::query_value("wss://wss.slack.example/link/?ticket=1234-abcd&app_id=A0TEST", "app_id") == "A0TEST");
  CHECK(slack::query_value("wss://wss.slack.example/link/?ticket=1234", "app_id").empty());
  CHECK(slack::query_value("not a url", "app_id").empty());
}
