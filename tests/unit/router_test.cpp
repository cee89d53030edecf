#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include "bot/features/home.hpp"
#include "fixture.hpp"

using namespace networkbot;
using testing::app_fixture;
using testing::reply_text;

TEST_CASE("help lists every command a student may run, grouped", "[router]") {
  app_fixture f;
  const auto text = reply_text(f.command("U0STU1", "help"));
  CHECK_THAT(text, Catch::Contains("Start here") && Catch::Contains("/network profile") &&
                       Catch::Contains("Prepare for a conversation") && Catch::Contains("/network questions"));
  // An empty /network is the same as help.
  CHECK(reply_text(f.command("U0STU1", "   ")) == text);
}

TEST_CASE("help on one command shows its usage and examples; an unknown topic suggests one", "[router]") {
  app_fixture f;
  CHECK_THAT(reply_text(f.command("U0STU1", "help questions")), Catch::Contains("/network questions mentor"));
  CHECK_THAT(reply_text(f.command("U0STU1", "help qestions")), Catch::Contains("Did you mean `/network help questions`") ||
                                                                   Catch::Contains("Did you mean /network help questions"));
}

TEST_CASE("an unknown subcommand gets a did-you-mean, never a placeholder", "[router]") {
  app_fixture f;
  CHECK_THAT(reply_text(f.command("U0STU1", "profle")), Catch::Contains("Did you mean /network profile?"));
  CHECK_THAT(reply_text(f.command("U0STU1", "xyzzy")), Catch::Contains("I don't know /network xyzzy") &&
                                                           Catch::Contains("/network help"));
}

TEST_CASE("staff-only commands are hidden from students and refused politely", "[router]") {
  app_fixture f;
  CHECK_THAT(reply_text(f.command("U0STU1", "help")), !Catch::Contains("/network admin"));
  CHECK_THAT(reply_text(f.command("U0STU1", "admin report")), Catch::Contains("is for career-development staff"));
  CHECK_THAT(reply_text(f.command("U0STAFF1", "help")), Catch::Contains("/network admin"));
  CHECK_THAT(reply_text(f.command("U0STAFF1", "admin report")), !Catch::Contains("is for career-development staff"));
  // Someone the directory does not know is a student, never staff.
  CHECK_THAT(reply_text(f.command("U0NEWBIE", "admin report")), Catch::Contains("is for career-development staff"));
  // A name registered twice, and a command nobody gave an audience, stop the bot at start-up.
  CHECK_THROWS_AS(f.router.command({.name = "help", .group = "", .usage = "", .summary = "", .examples = {}, .handler = {}}),
                  std::logic_error);
  CHECK_THROWS_WITH(f.router.command({.name = "audit", .group = "", .usage = "", .summary = "", .examples = {}, .handler = {}}),
                    Catch::Contains("no entry in the policy table"));
}

TEST_CASE("the internal-error reply is recognised exactly, and nothing else is taken for it", "[router]") {
  app_fixture f;
  // A handler that throws: the goals table is gone, so setting a goal fails inside the store.
  f.db.handle().exec("DROP TABLE goals");
  CHECK(app::is_internal_error(f.command("U0STU1", "goal II")));
  // Someone new whose first request fails gets the same reply, and it is recognised too.
  CHECK(app::is_internal_error(f.command("U0NEWBIE", "goal II")));
  // A handler's own answers are not, even one that quotes the text or says it with more.
  CHECK_FALSE(app::is_internal_error(f.command("U0STU1", "help")));
  CHECK_FALSE(app::is_internal_error(app::outcome{}));
  auto quoted = app::reply_text(std::string(app::internal_error_text));
  quoted.effects.push_back(app::post_message{"U0STU1", app::message{}});
  CHECK_FALSE(app::is_internal_error(quoted));
  auto longer = app::reply_text(std::string(app::internal_error_text));
  std::get<app::reply_after_ack>(longer.acknowledgement).reply.blocks.push_back(app::divider{});
  CHECK_FALSE(app::is_internal_error(longer));
  CHECK_FALSE(app::is_internal_error(app::reply_text("Sorry, something went wrong on our side")));
}

TEST_CASE("questions: a menu of buttons, each bank, and a suggestion for a typo", "[router][questions]") {
  app_fixture f;
  const auto menu = f.command("U0STU1", "questions");
  const auto& blocks = std::get<app::reply_after_ack>(menu.acknowledgement).reply.blocks;
  const auto* row = std::get_if<app::actions>(&blocks.back());
  REQUIRE(row != nullptr);
  CHECK(row->buttons.size() == 7);

  app::block_action press;
  press.user_id = "U0STU1";
  press.action_id = row->buttons[1].action_id;
  press.value = row->buttons[1].value;
  CHECK_THAT(reply_text(f.router.handle(press)), Catch::Contains("Questions for a Turing alum") &&
                                                      Catch::Contains("introducing us?"));
  CHECK_THAT(reply_text(f.command("U0STU1", "questions mentr")), Catch::Contains("Did you mean /network questions mentor?"));
}

TEST_CASE("profile: students see only their own; staff may look anyone up", "[router][profile]") {
  app_fixture f;
  CHECK_THAT(reply_text(f.command("U0STU1", "profile")), Catch::Contains("maya Student") && Catch::Contains("Cohort: 2108"));
  CHECK_THAT(reply_text(f.command("U0STU1", "profile @devon")), Catch::Contains("Profiles are private"));
  CHECK_THAT(reply_text(f.command("U0STAFF1", "profile @devon")), Catch::Contains("devon Student"));
  CHECK_THAT(reply_text(f.command("U0STAFF1", "profile <@U0STU1|maya>")), Catch::Contains("maya Student"));
}

TEST_CASE("profile edit opens a modal; a bad submission keeps it open and changes nothing", "[router][profile]") {
  app_fixture f;
  const auto opened = f.command("U0STU1", "profile edit");
  REQUIRE(opened.effects.size() == 1);
  const auto& modal = std::get<app::open_modal>(opened.effects[0]);
  CHECK(modal.trigger_id == "trigger-1");
  CHECK(modal.view.callback_id == "profile.edit");
  CHECK(modal.view.opened_for == "U0STU1");

  app::view_submission bad;
  bad.user_id = "U0STU1";
  bad.opened_for = modal.view.opened_for;
  bad.callback_id = modal.view.callback_id;
  bad.values = {{"program", "XE"}, {"module", "9"}, {"cohort", "21"}, {"time_zone", "Mars/Base"}, {"pronouns", "they/them"}};
  const auto refused = f.router.handle(bad);
  const auto& errors = std::get<app::ack_errors>(refused.acknowledgement).errors;
  // Maya's program, module and cohort are the roster's: not read (roster_fields_test has more).
  CHECK(errors.size() == 1);
  CHECK(errors.contains("time_zone"));
  CHECK(f.people.find_by_slack_id("U0STU1")->pronouns == "she/her");  // unchanged

  app::view_submission good = bad;
  good.values = {{"program", "FE"}, {"module", "3"}, {"cohort", "2110"}, {"time_zone", "America/Chicago"},
                 {"pronouns", "they/them"}, {"interests", "react, a11y"}};
  const auto saved = f.router.handle(good);
  CHECK(std::holds_alternative<app::ack_empty>(saved.acknowledgement));
  const auto p = f.people.find_by_slack_id("U0STU1");
  CHECK(p->pronouns == "they/them");
  CHECK(p->module == 2);
  CHECK(p->time_zone == "America/Chicago");
  CHECK(p->interests == std::vector<std::string>{"react", "a11y"});
}

TEST_CASE("a button or modal the bot does not know is dropped with a kind word", "[router]") {
  app_fixture f;
  app::block_action stale;
  stale.user_id = "U0STU1";
  stale.action_id = "retired.button";
  CHECK_THAT(reply_text(f.router.handle(stale)), Catch::Contains("no longer does anything"));
  app::view_submission unknown;
  unknown.user_id = "U0STU1";
  unknown.callback_id = "never.opened";
  CHECK(std::holds_alternative<app::ack_empty>(f.router.handle(unknown).acknowledgement));
}

TEST_CASE("the router runs its after-steps once per answered request, never after a refusal or a form's errors", "[router][home]") {
  app_fixture f;
  std::vector<std::string> seen;
  f.router.after_each([&](app::surface on, std::string_view id, const core::person& user, app::outcome&) {
    seen.push_back(std::string(app::to_string(on)) + " " + std::string(id) + " by " + user.slack_id);
  });
  (void)f.command("U0STU1", "contacts");
  (void)f.command("U0STU1", "admin report");  // refused at the door: no handler ran
  (void)f.click("U0STU1", "tracker.more", "contacts|0");
  (void)f.submit("U0STU1", "tracker.add", {{"name", "Jamie Flores"}});  // no warm or cold: the form's errors
  (void)f.submit("U0STU1", "tracker.add", {{"name", "Jamie Flores"}, {"warmth", "warm"}, {"list", "new"}});
  CHECK(seen == std::vector<std::string>{"command contacts by U0STU1", "button tracker.more by U0STU1", "form tracker.add by U0STU1"});
}

TEST_CASE("a change refreshes the Home tab of whoever made it, once they have opened it; a read does not", "[router][home]") {
  app_fixture f;
  const auto homes = [](const app::outcome& o) {
    return std::ranges::count_if(o.effects, [](const app::effect& e) { return std::holds_alternative<app::publish_home>(e); });
  };
  CHECK(homes(f.command("U0STU1", "add warm Jamie Flores")) == 0);  // never opened Home: nothing to refresh
  (void)f.router.handle(app::home_opened{"U0STU1", ""});
  CHECK(homes(f.command("U0STU1", "add warm Sam Okafor")) == 1);
  CHECK(homes(f.command("U0STU1", "goal II")) == 1);
  CHECK(homes(f.command("U0STU1", "contacts")) == 0);
  CHECK(homes(f.submit("U0STU1", "tracker.add", {{"name", "Kim Lee"}})) == 0);  // errors: nothing saved
  // Every surface named as changing Home is one the bot serves.
  for (const auto& [on, id] : features::surfaces_that_change_home()) {
    INFO(app::to_string(on) << " " << id);
    CHECK(app::find_rule(on, id) != nullptr);
  }
}
