#pragma once
// What a student may ask of their own data: to have it deleted. Deleting removes everything they wrote
// or that was recorded about their networking: contacts and their history, goal, action steps, buddy
// links and intro requests (from both sides, notes included), nudge settings, reflections, Home visits,
// Mix It Up votes, check-ins and confidence; what they wrote about themselves in their profile
// (pronouns, background, interests, target companies, time zone) and their consents (open to chats,
// available to mentor, with their capacities); the bot's DM channels with them, messages to them that
// are finished with, and the scheduler's record of which reminders and nudges they were sent.
// What the school keeps stays, so the bot still knows who they are: the roster's part of the directory
// record (Slack id, handle, name, email, roles, program, module, cohort, assigned mentor, company, title,
// graduating cohort, active), their Mix It Up groups (others' repeat avoidance needs them) and their
// Mix It Up opt-out or snooze. Staff keep only anonymous counts of what was deleted.

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
