// Single-use confirmations over SQLite: offered, looked at, claimed once (a second claim finds it used,
// by whom and when, with what it did), refused when of another kind, unknown or past its day, and
// forgotten by the daily retention after a month.

#include <catch2/catch.hpp>

#include "core/confirmations.hpp"
#include "fixture.hpp"

using namespace networkbot;

TEST_CASE("a confirmation is claimed once; a second claim finds who used it, when, and what it did", "[confirmations]") {
  testing::app_fixture f;
  auto desk = f.svc.confirmation_desk();
  const auto id = desk.offer("mentors", 3, "2108\t0");
  const auto offered_at = f.clock.now();

  const auto seen = desk.peek(id, "mentors");
  REQUIRE(std::holds_alternative<core::confirmation>(seen));
  CHECK(std::get<core::confirmation>(seen).payload == "2108\t0");
  CHECK(std::get<core::confirmation>(seen).created_by == 3);
  CHECK_FALSE(std::get<core::confirmation>(seen).used_at);
  CHECK(std::holds_alternative<core::confirmation>(desk.peek(id, "mentors")));  // looking uses nothing

  f.clock.advance(std::chrono::minutes{5});
  const auto first = desk.claim(id, "mentors", 7);
  REQUIRE(std::holds_alternative<core::confirmation>(first));
  CHECK(std::get<core::confirmation>(first).used_by == 7);
  desk.settle(id, "2 new pairs saved");

  f.clock.advance(std::chrono::minutes{1});
  for (const core::person_id who : {core::person_id{7}, core::person_id{9}}) {  // the same person again, and someone else
    const auto again = desk.claim(id, "mentors", who);
    REQUIRE(std::holds_alternative<core::confirmation_used>(again));
    const auto& used = std::get<core::confirmation_used>(again).c;
    CHECK(used.used_by == 7);
    CHECK(used.used_at == offered_at + std::chrono::minutes{5});
    CHECK(used.result == "2 new pairs saved");
  }
  // Used, it says so for as long as it is kept, past its day too.
  f.clock.advance(std::chrono::hours{48});
  CHECK(std::holds_alternative<core::confirmation_used>(desk.peek(id, "mentors")));
}

TEST_CASE("a confirmation of another kind, an unknown one and one past its day are refused and stay unused", "[confirmations]") {
  testing::app_fixture f;
  auto desk = f.svc.confirmation_desk();
  const auto id = desk.offer("mixitup", 3, "1|");
  for (const auto& found : {desk.claim(id, "mentors", 3), desk.claim(id + 100, "mixitup", 3)}) {
    REQUIRE(std::holds_alternative<core::confirmation_gone>(found));
    CHECK_FALSE(std::get<core::confirmation_gone>(found).expired);
  }
  f.clock.advance(core::confirmation_lifetime - std::chrono::seconds{1});
  CHECK(std::holds_alternative<core::confirmation>(desk.peek(id, "mixitup")));
  f.clock.advance(std::chrono::seconds{1});
  const auto late = desk.claim(id, "mixitup", 3);
  REQUIRE(std::holds_alternative<core::confirmation_gone>(late));
  CHECK(std::get<core::confirmation_gone>(late).expired);
  CHECK_FALSE(f.confirmations.find_confirmation(id)->used_at);  // an expired claim marks nothing
}

TEST_CASE("the daily retention forgets confirmations after a month", "[confirmations][schedule]") {
  testing::app_fixture f;
  const auto old_one = f.svc.confirmation_desk().offer("mentors", 3, "2108\t0");
  f.clock.advance(core::confirmation_kept - std::chrono::hours{1});
  const auto recent = f.svc.confirmation_desk().offer("mentors", 3, "2108\t0");
  f.clock.advance(std::chrono::hours{2});
  features::run_due_jobs(f.router, [](std::vector<app::effect>) {});
  CHECK_FALSE(f.confirmations.find_confirmation(old_one));
  CHECK(f.confirmations.find_confirmation(recent));
}
