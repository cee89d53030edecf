#pragma once
// Weekly jobs at a local day and time (the Friday prompt at 14:00 in America/Denver, the Monday
// reminder), computed the same way everywhere: the occurrence that is due now, if any. An occurrence
// is skipped on a configured date, and runs late after downtime only within a window, never days late.
// The zone's rules come from outside (the app uses the tz database), so DST is the tz database's.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/dates.hpp"

namespace networkbot::core {

struct weekly_time {
  std::chrono::weekday day = std::chrono::Friday;
  int hour = 14;
  int minute = 0;
};

// A zone's conversions. to_utc resolves a local time that does not exist (a spring-forward gap) to
// the instant just after the gap, and an ambiguous one (fall back) to the earlier instant.
struct zone_rules {
  std::function<std::chrono::local_seconds(time_point)> to_local;
  std::function<time_point(std::chrono::local_seconds)> to_utc;
};

struct occurrence {
  date local_day;     // the local calendar day it belongs to
  time_point at;      // when it was meant to run
  std::string key;    // "2026-11-20": with the job's name, the exactly-once key
};

// The latest occurrence at or before `now` (ignoring skips and lateness): the one a week belongs to.
[[nodiscard]] occurrence latest_occurrence(const weekly_time& when, time_point now, const zone_rules& zone);

// The occurrence due now: the latest one, unless it falls on a skipped day or is more than `late_window`
// past its time.
[[nodiscard]] std::optional<occurrence> due_occurrence(const weekly_time& when, time_point now, const zone_rules& zone,
                                                       const std::vector<date>& skip, std::chrono::seconds late_window);

// Daily jobs (the morning follow-up nudge): the same, every day at a local time.
[[nodiscard]] occurrence latest_daily_occurrence(int hour, int minute, time_point now, const zone_rules& zone);
[[nodiscard]] std::optional<occurrence> due_daily_occurrence(int hour, int minute, time_point now, const zone_rules& zone,
                                                             const std::vector<date>& skip, std::chrono::seconds late_window);

// The next occurrence strictly after `now` (to sleep until it).
[[nodiscard]] time_point next_occurrence(const weekly_time& when, time_point now, const zone_rules& zone);

}  // namespace networkbot::core
