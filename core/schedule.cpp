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

std::optional<occurrence> due_occurrence(const weekly_time& when, time_point now, const zone_rules& zone,
                                         const std::vector<date>& skip, std::chrono::seconds late_window) {
  auto o = latest_occurrence(when, now, zone);
  if (std::ranges::find(skip, o.local_day) != skip.end()) return std::nullopt;
  if (now < o.at || now - o.at > late_window) return std::nullopt;
  return o;
}

time_point next_occurrence(const weekly_time& when, time_point now, const zone_rules& zone) {
  const auto latest = latest_occurrence(when, now, zone);
  const std::chrono::local_days next_day{(latest.local_day + std::chrono::days{7}).time_since_epoch()};
  return zone.to_utc(local_at(next_day, when));
}

}  // namespace networkbot::core
