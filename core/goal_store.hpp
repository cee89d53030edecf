#pragma once
// A student's networking level goal and the action steps they set themselves, which progress
// (goals.hpp) measures; with the port that stores them. Level names are defined in tracker.cpp.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/dates.hpp"
#include "core/people.hpp"

namespace networkbot::core {

enum class networking_level : std::uint8_t { I = 1, II = 2, III = 3 };
[[nodiscard]] std::string_view to_string(networking_level l);  // "I", "II", "III"
[[nodiscard]] std::optional<networking_level> parse_level(std::string_view text);  // I/II/III or 1/2/3

struct goal {
  person_id owner = 0;
  networking_level level = networking_level::I;
  std::optional<date> due;
  time_point set_at{};
  friend bool operator==(const goal&, const goal&) = default;
};

// "Outline 1 action step to take for networking during the mod (attend an event, have a chat …)".
struct action_step {
  std::int64_t id = 0;
  person_id owner = 0;
  std::optional<int> module;  // the module it was set in
  std::string text;
  std::optional<date> due;
  time_point created_at{};
  std::optional<time_point> done_at;
  friend bool operator==(const action_step&, const action_step&) = default;
};

// Goals (one per person at most) and action steps. The contract of storage.hpp holds (one caller at a
// time; a write joins the open transaction).
class goal_store {
 public:
  virtual ~goal_store() = default;
  [[nodiscard]] virtual std::optional<goal> goal_of(person_id owner) const = 0;  // nothing when none is set
  virtual void save_goal(const goal& g) = 0;  // sets g.owner's goal, replacing the one they had
  virtual void delete_goal(person_id owner) = 0;

  [[nodiscard]] virtual std::vector<action_step> action_steps_of(person_id owner) const = 0;  // oldest first
  // Adds when s.id is 0 and returns the new id; else updates step s.id's module, text, due date and
  // done time (its owner and creation time stay as they were).
  virtual std::int64_t save_action_step(const action_step& s) = 0;
  virtual void delete_action_step(std::int64_t id) = 0;
};

}  // namespace networkbot::core
