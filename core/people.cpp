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

std::optional<person> memory_people_directory::find_by_slack_id(std::string_view slack_id) const {
  auto it = std::ranges::find(people_, slack_id, &person::slack_id);
  if (it == people_.end()) return std::nullopt;
  return *it;
}

std::optional<person> memory_people_directory::find_by_handle(std::string_view handle) const {
  if (handle.starts_with('@')) handle.remove_prefix(1);
  const std::string wanted = to_lower(handle);
  auto it = std::ranges::find_if(people_, [&](const person& p) { return to_lower(p.handle) == wanted; });
  if (it == people_.end()) return std::nullopt;
  return *it;
}

std::vector<person> memory_people_directory::all() const { return people_; }

void memory_people_directory::upsert(const person& p) {
  auto it = std::ranges::find(people_, p.slack_id, &person::slack_id);
  if (it == people_.end())
    people_.push_back(p);
  else
    *it = p;
}

}  // namespace networkbot::core
