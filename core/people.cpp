#include "core/people.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "core/text.hpp"

namespace networkbot::core {

namespace {
constexpr std::array<std::pair<role, std::string_view>, 4> role_names{{
    {role::student, "student"},
    {role::alum, "alum"},
    {role::mentor, "mentor"},
    {role::staff, "staff"},
}};
}  // namespace

std::string_view to_string(role r) {
  for (const auto& [value, name] : role_names)
    if (value == r) return name;
  return "unknown";
}

std::optional<role> parse_role(std::string_view text) {
  const std::string lowered = to_lower(trim(text));
  for (const auto& [value, name] : role_names)
    if (lowered == name) return value;
  if (lowered == "alumni" || lowered == "alumnus" || lowered == "alumna") return role::alum;
  return std::nullopt;
}

std::string to_string(role_set roles) {
  std::string out;
  for (const auto& [value, name] : role_names) {
    if (!roles.has(value)) continue;
    if (!out.empty()) out += ';';
    out += name;
  }
  return out;
}

std::string_view to_string(mixitup_status s) {
  switch (s) {
    case mixitup_status::opted_in: return "in";
    case mixitup_status::snoozed: return "snoozed";
    case mixitup_status::opted_out: return "out";
  }
  return "in";
}

std::optional<mixitup_status> parse_mixitup_status(std::string_view text) {
  const std::string lowered = to_lower(trim(text));
  if (lowered == "in" || lowered == "yes" || lowered == "opted in") return mixitup_status::opted_in;
  if (lowered == "snoozed" || lowered == "snooze") return mixitup_status::snoozed;
  if (lowered == "out" || lowered == "no" || lowered == "opted out") return mixitup_status::opted_out;
  return std::nullopt;
}

std::optional<leader_rank> mixitup_leader_rank(const person& p) {
  if (!p.active || !p.is(role::student) || !p.module) return std::nullopt;
  if (*p.module == 4) return leader_rank::first;
  if (*p.module == 3) return leader_rank::second;
  return std::nullopt;
}

bool joins_mixitup(const person& p, std::chrono::sys_days today) {
  if (!p.active || !p.is(role::student)) return false;
  switch (p.mixitup) {
    case mixitup_status::opted_in: return true;
    case mixitup_status::opted_out: return false;
    case mixitup_status::snoozed: return p.snoozed_until && *p.snoozed_until <= today;
  }
  return false;
}

std::optional<person> find_person(const people_directory& directory, std::string_view who) {
  who = trim(who);
  if (who.starts_with("<@") && who.ends_with('>')) {  // a Slack mention: <@U123|name>
    who = who.substr(2, who.size() - 3);
    who = who.substr(0, who.find('|'));
  }
  if (who.empty()) return std::nullopt;
  if (who.find('@', 1) != std::string_view::npos) return directory.find_by_email(who);
  if (who.starts_with('@')) return directory.find_by_handle(who.substr(1));
  if (auto p = directory.find_by_slack_id(who)) return p;
  return directory.find_by_handle(who);
}

}  // namespace networkbot::core
