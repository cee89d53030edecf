#pragma once
// Friday reflections: each week a student answers two questions (what they learned about their
// networking style, and their next steps this module), rates their networking confidence 1-5 and says
// how their week's networking went. One answer per student per week (the week is the date of that
// week's prompt); it may be edited until the next prompt. Seen only by its author and staff.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/people.hpp"

namespace networkbot::core {

enum class week_status : std::uint8_t { done, partly, not_started };
[[nodiscard]] std::string_view to_string(week_status s);  // "done", "partly", "not started"
[[nodiscard]] std::optional<week_status> parse_week_status(std::string_view text);

struct reflection {
  std::int64_t id = 0;
  person_id student = 0;
  std::string week;  // "2026-11-20"
  std::string learned;
  std::string next_steps;
  int confidence = 3;  // 1..5
  week_status status = week_status::partly;
  time_point submitted_at{};
  time_point updated_at{};
  friend bool operator==(const reflection&, const reflection&) = default;
};

class reflection_store {
 public:
  virtual ~reflection_store() = default;
  // Adds, or replaces the student's answer for that week.
  virtual std::int64_t save_reflection(const reflection& r) = 0;
  [[nodiscard]] virtual std::optional<reflection> find_reflection(person_id student, std::string_view week) const = 0;
  [[nodiscard]] virtual std::vector<reflection> reflections_of(person_id student) const = 0;  // newest first
  [[nodiscard]] virtual std::set<person_id> answered(std::string_view week) const = 0;
  // Each student's confidence in their latest answer, for everyone who has answered (one read, however
  // many students: Mix It Up balances groups on it).
  [[nodiscard]] virtual std::map<person_id, int> latest_confidence() const = 0;
  // Retention: removes every answer of a week before `week` ("2026-01-02"); returns how many.
  virtual int forget_reflections_before(std::string_view week) = 0;
};

}  // namespace networkbot::core
