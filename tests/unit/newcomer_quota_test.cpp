// A student the roster does not know yet (no module: added by the router on their first request) is
// measured against the default module's quota, in /network progress and on the Home tab, with a line
// asking them to complete their profile; once the roster says their module, that module counts.

#include <catch2/catch.hpp>

#include "fixture.hpp"

using namespace networkbot;
using networkbot::testing::reply_text;
using networkbot::testing::text_of;

namespace {

using world = testing::app_fixture;

}  // namespace

TEST_CASE("a student the roster does not know sees their lists against the default module's quota", "[goals][newcomer]") {
  world f;
  (void)f.command("U0NEW1", "add warm Jamie Flores");
  (void)f.command("U0NEW1", "add warm Sam Okafor");
  (void)f.command("U0NEW1", "add cold Kim Lee at Redfin Labs");
  const auto progress = reply_text(f.command("U0NEW1", "progress"));
  CHECK_THAT(progress, Catch::Contains("Mod 2 list") && Catch::Contains("2 of 4 warm") && Catch::Contains("1 of 4 cold"));
  CHECK_THAT(progress, Catch::Contains("/network profile edit"));

  f.home_visits.record_home_visit(f.who("U0NEW1").id, f.clock.now());
  const auto home = f.router.handle(app::home_opened{"U0NEW1", ""});
  const auto tab = text_of(std::get<app::publish_home>(home.effects.at(0)).view.blocks);
  CHECK_THAT(tab, Catch::Contains("2 of 4 warm") && Catch::Contains("1 of 4 cold") && Catch::Contains("/network profile edit"));

  // Once the roster says the module, that module's quota counts, and the nudge goes.
  auto known = f.who("U0NEW1");
  known.module = 2;
  known.program = "FE";
  known.cohort = "2110";
  f.people.upsert(known);
  CHECK_THAT(reply_text(f.command("U0NEW1", "progress")), !Catch::Contains("/network profile edit"));
}

TEST_CASE("the default quota module is Mod 2, else the lowest module with a quota", "[goals][newcomer]") {
  core::goal_rules rules;
  CHECK(core::default_quota_module(rules) == 2);
  rules.quotas = {{3, core::module_quota{2, 2, 0}}, {1, core::module_quota{1, 1, 0}}};
  CHECK(core::default_quota_module(rules) == 1);
  rules.quotas.clear();
  CHECK_FALSE(core::default_quota_module(rules));
}
