#include "bot/features/once.hpp"

#include <cstdio>

#include "bot/features/tracker_views.hpp"
#include "config/config.hpp"
#include "core/dates.hpp"

namespace networkbot::features {

std::string local_time_text(const app::services& svc, core::time_point at) {
  const auto local = config::zone_rules_for(svc.settings.workspace.time_zone).to_local(at);
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(local - day).count();
  char time[48];
  std::snprintf(time, sizeof time, "%02lld:%02lld", static_cast<long long>(minutes / 60), static_cast<long long>(minutes % 60));
  return core::friendly_date(core::date{day.time_since_epoch()}) + " at " + time + " (" + svc.settings.workspace.time_zone + ")";
}

std::string already_used_text(const app::services& svc, const core::confirmation& c, std::string_view what) {
  std::string who = "someone";
  if (const auto p = svc.people.find(c.used_by)) who = p->display_name;
  std::string out = "Already " + std::string(what) + " by " + who;
  if (c.used_at) out += " on " + local_time_text(svc, *c.used_at);
  out += c.result.empty() ? std::string(".") : ": " + c.result + ".";
  return out;
}

std::optional<std::int64_t> confirmation_id(std::string_view value) { return parse_id(value); }

}  // namespace networkbot::features
