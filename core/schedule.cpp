#include "core/schedule.hpp"

#include <algorithm>

namespace networkbot::core {

namespace {

std::chrono::local_seconds local_at(std::chrono::local_days day, const weekly_time& when) {
  return day + std::chrono::hours{when.hour} + std::chrono::minutes{when.minute};
}

}  // namespace

occurrence latest_occurrence(const weekly_time& when, time_point now, const zone_rules& zone) {
  const auto local_now = zone.to_local(now);
  auto day = std::chrono::floor<std::chrono::days>(local_now);
  while (std::chrono::weekday{day} != when.day) day -= std::chrono::days{1};
  if (local_at(day, when) > local_now) day -= std::chrono::days{7};
  const date d{day.time_since_epoch()};
  return occurrence{d, zone.to_utc(local_at(day, when)), format_date(d)};
}

namespace {

std::optional<occurrence> if_due(occurrence o, time_point now, const std::vector<date>& skip, std::chrono::seconds late_window) {
  if (std::ranges::find(skip, o.local_day) != skip.end()) return std::nullopt;
  if (now < o.at || now - o.at > late_window) return std::nullopt;
  return o;
}

}  // namespace

std::optional<occurrence> due_occurrence(const weekly_time& when, time_point now, const zone_rules& zone,
                                         const std::vector<date>& skip, std::chrono::seconds late_window) {
  return if_due(latest_occurrence(when, now, zone), now, skip, late_window);
}

occurrence latest_daily_occurrence(int hour, int minute, time_point now, const zone_rules& zone) {
  // A day's time is the weekly rule for that weekday: today's, unless it is still ahead, then yesterday's.
  const auto today = std::chrono::floor<std::chrono::days>(zone.to_local(now));
  const weekly_time today_rule{std::chrono::weekday{today}, hour, minute};
  if (local_at(today, today_rule) <= zone.to_local(now)) return latest_occurrence(today_rule, now, zone);
  return latest_occurrence(weekly_time{std::chrono::weekday{today - std::chrono::days{1}}, hour, minute}, now, zone);
}

std::optional<occurrence> due_daily_occurrence(int hour, int minute, time_point now, const zone_rules& zone,
                                               const std::vector<date>& skip, std::chrono::seconds late_window) {
  return if_due(latest_daily_occurrence(hour, minute, now, zone), now, skip, late_window);
}

time_point next_occurrence(const weekly_time& when, time_point now, const zone_rules& zone) {
  const auto latest = latest_occurrence(when, now, zone);
  const std::chrono::local_days next_day{(latest.local_day + std::chrono::days{7}).time_since_epoch()};
  return zone.to_utc(local_at(next_day, when));
}

}  // namespace networkbot::core
