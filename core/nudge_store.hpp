#pragma once
// The nudges a person gets: the morning DM when a follow-up falls due (opt-in), and a weekly word when
// their accountability buddy falls behind on their goal (on once they have a buddy; may be turned off).
// The settings and the port that stores them.

#include <vector>

#include "core/people.hpp"

namespace networkbot::core {

struct nudge_settings {
  bool follow_ups = false;
  bool buddy = true;
  friend bool operator==(const nudge_settings&, const nudge_settings&) = default;
};

// Each person's nudge settings. The contract of storage.hpp holds (one caller at a time; a write joins
// the open transaction).
class nudge_store {
 public:
  virtual ~nudge_store() = default;
  // The person's settings; the defaults (nudge_settings{}) until they save their own.
  [[nodiscard]] virtual nudge_settings nudges_of(person_id who) const = 0;
  virtual void save_nudges(person_id who, const nudge_settings& n) = 0;  // replaces what they had
  // Who turned on the morning follow-up DM, by person id.
  [[nodiscard]] virtual std::vector<person_id> follow_up_subscribers() const = 0;
};

}  // namespace networkbot::core
