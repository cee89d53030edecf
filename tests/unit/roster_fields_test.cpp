// Roster fields are staff's: once a student's program, module and cohort are set, `profile edit` shows
// them read-only and a forged submission cannot change them; staff change them (and a role) through the
// form behind `admin student`, which only staff may open or submit.

#include <catch2/catch.hpp>

#include "fixture.hpp"

using namespace networkbot;
using networkbot::testing::reply_text;
using networkbot::testing::text_of;

namespace {

const app::input* field(const app::modal& m, const std::string& id) {
  for (const auto& b : m.blocks)
    if (const auto* i = std::get_if<app::input>(&b); i && i->id == id) return i;
  return nullptr;
}

struct world : testing::app_fixture {
  app::modal modal_of(const app::outcome& o) { return std::get<app::open_modal>(o.effects.at(0)).view; }
  std::map<std::string, std::string> errors_of(const app::outcome& o) {
    const auto* e = std::get_if<app::ack_errors>(&o.acknowledgement);
    return e == nullptr ? std::map<std::string, std::string>{} : e->errors;
  }
  // The button on `admin student @handle`, as staff see it.
  app::button roster_button_for(const std::string& handle) {
    const auto o = command("U0STAFF1", "admin student @" + handle);
    for (const auto& b : std::get<app::reply_after_ack>(o.acknowledgement).reply.blocks)
      if (const auto* a = std::get_if<app::actions>(&b))
        for (const auto& button : a->buttons)
          if (button.action_id == "admin.roster_edit") return button;
    FAIL("admin student has no roster button");
    return {};
  }
};

}  // namespace

TEST_CASE("profile edit shows roster fields read-only once set, and reads the program as people say it", "[profile][roster]") {
  world f;  // Maya: BE, Mod 2, cohort 2108 from the roster
  const auto& form = f.modal_of(f.command("U0STU1", "profile edit"));
  const std::string text = text_of(form.blocks);
  CHECK_THAT(text, Catch::Contains("Program: Back-End") && Catch::Contains("Module: Mod 2") && Catch::Contains("Cohort: 2108"));
  CHECK_THAT(text, Catch::Contains("ask career development to change this"));
  CHECK(field(form, "program") == nullptr);
  CHECK(field(form, "module") == nullptr);
  CHECK(field(form, "cohort") == nullptr);
  CHECK(field(form, "pronouns") != nullptr);  // what is hers to say still is

  // The profile and the Home tab say it the same way, never as a code.
  CHECK_THAT(reply_text(f.command("U0STU1", "profile")), Catch::Contains("Program: Back-End") && !Catch::Contains("BE"));
  f.home_visits.record_home_visit(f.who("U0STU1").id, f.clock.now());
  const auto home = f.router.handle(app::home_opened{"U0STU1", ""});
  CHECK_THAT(text_of(std::get<app::publish_home>(home.effects.at(0)).view.blocks), Catch::Contains("Back-End · Mod 2"));
}

TEST_CASE("a forged profile submission cannot change roster fields; the rest is saved", "[profile][roster]") {
  world f;
  const auto saved = f.submit("U0STU1", "profile.edit",
                              {{"program", "FE"}, {"module", "4"}, {"cohort", "2110"}, {"pronouns", "they/them"},
                               {"interests", "react, a11y"}});
  CHECK(std::holds_alternative<app::ack_empty>(saved.acknowledgement));
  const auto maya = f.who("U0STU1");
  CHECK(maya.program == "BE");
  CHECK(maya.module == 2);
  CHECK(maya.cohort == "2108");
  CHECK(maya.pronouns == "they/them");
  CHECK(maya.interests == std::vector<std::string>{"react", "a11y"});
  // Even a bad forged value is not read: nothing to complain about, nothing changed.
  const auto bad = f.submit("U0STU1", "profile.edit", {{"module", "9"}, {"cohort", "x"}, {"pronouns", "she/her"}});
  CHECK(std::holds_alternative<app::ack_empty>(bad.acknowledgement));
  CHECK(f.who("U0STU1").module == 2);
}

TEST_CASE("a student the roster does not know fills in program, module and cohort once, then they are locked", "[profile][roster]") {
  world f;
  (void)f.command("U0NEW1", "help");  // the router adds them as a student with nothing set
  const auto& form = f.modal_of(f.command("U0NEW1", "profile edit"));
  REQUIRE(field(form, "program") != nullptr);
  CHECK_THAT(text_of(form.blocks), Catch::Contains("Front-End Back-End") && !Catch::Contains("change this"));
  REQUIRE(field(form, "module") != nullptr);
  REQUIRE(field(form, "cohort") != nullptr);

  const auto refused = f.submit("U0NEW1", "profile.edit", {{"pronouns", ""}, {"program", "XE"}, {"module", "9"}, {"cohort", "21"}});
  const auto errors = f.errors_of(refused);
  CHECK(errors.size() == 3);
  CHECK(errors.contains("program"));
  CHECK(errors.contains("module"));
  CHECK(errors.contains("cohort"));
  CHECK(f.who("U0NEW1").cohort.empty());  // nothing stored

  CHECK(std::holds_alternative<app::ack_empty>(
      f.submit("U0NEW1", "profile.edit", {{"pronouns", ""}, {"program", "FE"}, {"module", "1"}, {"cohort", "2110"}}).acknowledgement));
  CHECK(f.who("U0NEW1").cohort == "2110");
  CHECK(field(f.modal_of(f.command("U0NEW1", "profile edit")), "cohort") == nullptr);
  (void)f.submit("U0NEW1", "profile.edit", {{"pronouns", ""}, {"program", "BE"}, {"module", "3"}, {"cohort", "2108"}});
  CHECK(f.who("U0NEW1").program == "FE");
  CHECK(f.who("U0NEW1").module == 1);
  CHECK(f.who("U0NEW1").cohort == "2110");
}

TEST_CASE("staff change roster fields through the form behind admin student; bad values show under their fields",
          "[admin][roster]") {
  world f;
  const auto button = f.roster_button_for("maya");
  const auto& form = f.modal_of(f.click("U0STAFF1", button.action_id, button.value));
  CHECK(form.callback_id == "admin.roster");
  REQUIRE(field(form, "cohort") != nullptr);
  CHECK(field(form, "cohort")->initial == "2108");
  CHECK(field(form, "program")->initial == "BE");
  CHECK(field(form, "module")->initial == "2");
  CHECK(field(form, "roles")->initial == "student");

  const auto refused = f.submit("U0STAFF1", form.callback_id,
                                {{"roles", "wizard"}, {"program", "XE"}, {"module", "7"}, {"cohort", "21a"}},
                                form.private_metadata);
  const auto errors = f.errors_of(refused);
  CHECK(errors.size() == 4);
  CHECK_THAT(errors.at("cohort"), Catch::Contains("four digits"));
  CHECK_THAT(errors.at("module"), Catch::Contains("0 to 4"));
  CHECK(f.who("U0STU1").cohort == "2108");  // nothing stored
  // A student needs all three.
  CHECK(f.errors_of(f.submit("U0STAFF1", form.callback_id, {{"roles", "student"}, {"program", "FE"}, {"module", "3"}},
                             form.private_metadata))
            .contains("cohort"));

  const auto saved = f.submit("U0STAFF1", form.callback_id, {{"roles", "student"}, {"program", "FE"}, {"module", "3"}, {"cohort", "2110"}},
                              form.private_metadata);
  CHECK(std::holds_alternative<app::ack_empty>(saved.acknowledgement));
  const auto& told = std::get<app::post_message>(saved.effects.at(0));
  CHECK(told.channel == "U0STAFF1");
  CHECK_THAT(text_of(told.body.blocks), Catch::Contains("Front-End · Mod 3 · cohort 2110"));
  const auto maya = f.who("U0STU1");
  CHECK(maya.program == "FE");
  CHECK(maya.module == 3);
  CHECK(maya.cohort == "2110");
  CHECK(maya.pronouns == "she/her");  // the rest of her record untouched
  // Maya's own form now shows the new values, read-only.
  CHECK_THAT(text_of(f.modal_of(f.command("U0STU1", "profile edit")).blocks), Catch::Contains("Program: Front-End"));
}

TEST_CASE("only staff may open or submit the roster form, whatever the button or form says", "[admin][roster]") {
  world f;
  const auto button = f.roster_button_for("maya");
  const auto opened = f.click("U0STU1", button.action_id, button.value);  // Maya, with a forwarded button
  CHECK(opened.effects.empty());
  CHECK_THAT(reply_text(opened), Catch::Contains("career-development staff"));
  const auto forged = f.submit("U0STU1", "admin.roster", {{"roles", "student"}, {"program", "FE"}, {"module", "4"}, {"cohort", "2110"}},
                               std::to_string(f.who("U0STU1").id));
  // The policy table refuses it before the form's own staff check: nothing saved, and she is told why.
  CHECK(std::holds_alternative<app::ack_empty>(forged.acknowledgement));
  REQUIRE(forged.effects.size() == 1);
  CHECK_THAT(reply_text(app::outcome{app::reply_after_ack{std::get<app::post_message>(forged.effects[0]).body}, {}}),
             Catch::Contains("That form is for career-development staff"));
  CHECK(f.who("U0STU1").module == 2);
  CHECK(f.who("U0STU1").cohort == "2108");
}
