// Weekly jobs in the workspace's zone, with the real tz database: DST, skipped dates, lateness.

#include <catch2/catch.hpp>

#include "config/config.hpp"
#include "core/schedule.hpp"

using namespace networkbot;
using namespace std::chrono;

namespace {

core::time_point utc(const char* iso) { return *core::parse_instant(iso); }

const core::zone_rules denver = config::zone_rules_for("America/Denver");
const core::weekly_time friday_2pm{Friday, 14, 0};

}  // namespace

TEST_CASE("the prompt fires at 14:00 local on each side of a DST change", "[schedule]") {
  // Mountain Daylight Time until 2026-11-01, then Mountain Standard Time.
  auto before = core::latest_occurrence(friday_2pm, utc("2026-10-31T12:00:00Z"), denver);
  CHECK(before.key == "2026-10-30");
  CHECK(before.at == utc("2026-10-30T20:00:00Z"));  // 14:00 MDT
  auto after = core::latest_occurrence(friday_2pm, utc("2026-11-07T12:00:00Z"), denver);
  CHECK(after.key == "2026-11-06");
  CHECK(after.at == utc("2026-11-06T21:00:00Z"));  // 14:00 MST
  CHECK(core::next_occurrence(friday_2pm, utc("2026-10-31T12:00:00Z"), denver) == utc("2026-11-06T21:00:00Z"));
  // Just before 14:00 local the week's prompt is still last week's.
  CHECK(core::latest_occurrence(friday_2pm, utc("2026-11-06T20:59:59Z"), denver).key == "2026-10-30");
  // A time that does not exist (02:30 as clocks jump to 03:00) runs just after the gap.
  const core::weekly_time sunday_0230{Sunday, 2, 30};
  CHECK(core::latest_occurrence(sunday_0230, utc("2026-03-08T12:00:00Z"), denver).at == utc("2026-03-08T09:00:00Z"));
}

TEST_CASE("an occurrence is due on time or a little late, never on a skipped day or days late", "[schedule]") {
  const auto window = hours{6};
  CHECK_FALSE(core::due_occurrence(friday_2pm, utc("2026-11-20T20:59:00Z"), denver, {}, window));
  auto due = core::due_occurrence(friday_2pm, utc("2026-11-20T21:00:00Z"), denver, {}, window);
  REQUIRE(due);
  CHECK(due->key == "2026-11-20");
  CHECK(core::due_occurrence(friday_2pm, utc("2026-11-21T02:59:00Z"), denver, {}, window));  // 6 h late: still runs
  CHECK_FALSE(core::due_occurrence(friday_2pm, utc("2026-11-21T03:01:00Z"), denver, {}, window));  // past the window
  CHECK_FALSE(core::due_occurrence(friday_2pm, utc("2026-11-23T21:00:00Z"), denver, {}, window));  // days late: never
  const std::vector<core::date> skip{*core::parse_date("2026-11-27")};
  CHECK_FALSE(core::due_occurrence(friday_2pm, utc("2026-11-27T21:00:00Z"), denver, skip, window));
  CHECK(core::due_occurrence(friday_2pm, utc("2026-12-04T21:00:00Z"), denver, skip, window));
}
