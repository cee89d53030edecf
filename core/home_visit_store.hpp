#pragma once
// Visits to the App Home: the first one is welcomed, and only someone who has opened Home has it
// published again after a change. The port that stores them.

#include "core/clock.hpp"
#include "core/people.hpp"

namespace networkbot::core {

// The first and latest visit of each person. The contract of storage.hpp holds (one caller at a time;
// a write joins the open transaction).
class home_visit_store {
 public:
  virtual ~home_visit_store() = default;
  // Records a visit at `at`; true on the person's first visit ever (and only then).
  virtual bool record_home_visit(person_id who, time_point at) = 0;
  [[nodiscard]] virtual bool has_visited_home(person_id who) const = 0;
};

}  // namespace networkbot::core
