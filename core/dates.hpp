#pragma once
// Calendar dates and instants as the domain writes them: "2026-11-20" for a date (due dates, snoozes)
// and "2026-11-20T15:04:05Z" for an instant (when a note was written). Always UTC for instants; a date
// is a plain calendar day with no zone.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace networkbot::core {

using date = std::chrono::sys_days;

[[nodiscard]] std::optional<date> parse_date(std::string_view text);  // "YYYY-MM-DD", a real calendar day
[[nodiscard]] std::string format_date(date d);
[[nodiscard]] std::optional<time_point> parse_instant(std::string_view text);  // "YYYY-MM-DDTHH:MM:SSZ"
[[nodiscard]] std::string format_instant(time_point t);
// A due date as people type it, relative to `today`: "2026-12-04", "12/4" (the next such day),
// "today", "tomorrow", a weekday ("friday", "fri": the next one, never today), or "in 3 days" /
// "3 days" / "2 weeks".
[[nodiscard]] std::optional<date> parse_due(std::string_view text, date today);
// A wall-clock moment with no zone, as staff write a meeting time: "2026-12-02 12:00" (or with a T).
[[nodiscard]] std::optional<std::chrono::local_seconds> parse_local_time(std::string_view text);
// "Fri, Dec 4".
[[nodiscard]] std::string friendly_date(date d);

// The UTC day an instant falls on.
[[nodiscard]] inline date day_of(time_point t) { return std::chrono::floor<std::chrono::days>(t); }

}  // namespace networkbot::core
