#pragma once
// What a student may ask of their own data: to have it deleted. Deleting removes everything they wrote
// or that was recorded about their networking (contacts and their history, goals, action steps,
// buddies, nudges, intro requests, reflections, Mix It Up votes and check-ins); the directory record
// the school keeps (name, Slack id, cohort) stays, so the bot still knows who they are. Staff keep
// only anonymous counts of what was deleted.

#include <cstdint>

#include "core/clock.hpp"
#include "core/people.hpp"

namespace networkbot::core {

struct erasure {
  int contacts = 0;
  int reflections = 0;
  int intro_requests = 0;
  int mixitup_answers = 0;
  friend bool operator==(const erasure&, const erasure&) = default;
};

// Every deletion so far: how many people asked, and what went, summed.
struct erasure_totals {
  int requests = 0;
  erasure deleted;
};

class privacy_store {
 public:
  virtual ~privacy_store() = default;
  // Deletes the person's networking data (call inside a transaction) and records the anonymous counts
  // (no person, only the cohort and the day); returns what was deleted.
  virtual erasure forget(person_id who, time_point at) = 0;
  // Whether anything forget() deletes is still there: nothing means it was deleted already (a second
  // click on Delete is told so, and counts no second request).
  [[nodiscard]] virtual bool holds_data(person_id who) const = 0;
  // Every deletion so far, summed: what staff may see.
  [[nodiscard]] virtual erasure_totals forgotten_so_far() const = 0;
};

}  // namespace networkbot::core
