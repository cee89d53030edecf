#pragma once
// Goals and progress. A student works toward a networking level (I: their mentor; II: a warm contact
// or an alum; III: a cold contact), and each module may set a quota (by default Mod 2: a list of 4
// warm and 4 cold contacts and 1 action step). progress() reads the tracker and says how far each one
// is, and what to do next, as a view model every front end renders in its own way.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/people.hpp"
#include "core/tracker.hpp"

namespace networkbot::core {

struct module_quota {
  int warm = 0;
  int cold = 0;
  int action_steps = 0;
  friend bool operator==(const module_quota&, const module_quota&) = default;
};

struct goal_rules {
  std::map<int, module_quota> quotas{{2, module_quota{4, 4, 1}}};  // by module
};

// The module whose quota a student with no module yet (the roster does not know them) is measured
// against: Mod 2, where the curriculum's networking lists are made, when it has a quota; else the lowest
// module that has one; nothing when no module has a quota.
[[nodiscard]] std::optional<int> default_quota_module(const goal_rules& rules);

// How far the level goal is, on the eligible contact that got furthest: messaged, met, the
// takeaway recorded, thanked. All four complete it.
struct goal_progress {
  networking_level level = networking_level::I;
  std::optional<date> due;
  std::optional<int> days_left;  // negative when overdue
  std::string contact;           // the contact the evidence is from; empty when none is eligible yet
  bool messaged = false;
  bool met = false;
  bool takeaway = false;
  bool thanked = false;
  [[nodiscard]] int steps_done() const { return int(messaged) + int(met) + int(takeaway) + int(thanked); }
  [[nodiscard]] bool complete() const { return steps_done() == 4; }
};

struct quota_progress {
  int module = 0;
  bool assumed = false;  // the student has no module yet: this is default_quota_module's quota
  module_quota need;
  int warm = 0;
  int cold = 0;
  int steps_outlined = 0;
  int steps_done = 0;
  [[nodiscard]] bool complete() const {
    return warm >= need.warm && cold >= need.cold && steps_done >= need.action_steps;
  }
};

enum class next_step_kind {
  choose_goal,          // no level goal yet
  goal_overdue,         // the goal's due date passed before it was complete
  add_warm,             // count: how many more warm contacts the quota needs
  add_cold,             // count: how many more cold contacts
  outline_action_step,  // count: how many more action steps to outline
  finish_action_step,   // text: the step
  message_contact,      // contact: who to message for the goal
  meet_contact,
  record_takeaway,
  send_thanks,
  follow_up,            // count: follow-ups due or overdue
};

struct next_step {
  next_step_kind kind;
  std::string contact;
  std::string text;
  int count = 0;
};

struct progress_view {
  std::optional<goal_progress> goal;
  std::optional<quota_progress> quota;  // when the student's module has one
  int contacts = 0;
  int messaged = 0;  // contacts at each stage or beyond
  int met = 0;
  int takeaways = 0;
  int thanked = 0;
  int followups_due = 0;      // due today or earlier
  int followups_overdue = 0;  // due before today
  std::vector<next_step> next_steps;  // most useful first
};

// Whether a contact can count toward a level: I the student's mentor (or anyone the directory lists
// as a mentor), II a warm contact or an alum, III a cold contact.
[[nodiscard]] bool counts_toward(networking_level level, const contact& c, const person& student,
                                 const people_directory& directory);

[[nodiscard]] progress_view progress(const person& student, const people_directory& directory,
                                     const contact_store& contacts, const goal_store& goals, const goal_rules& rules,
                                     date today);

// Why a student is falling behind on their level goal, in words their buddy may read (only what a
// buddy already sees with /network progress); nothing when they are on track. Behind: no goal chosen,
// the goal overdue, or due within `soon_days` with fewer than half of its four steps done.
[[nodiscard]] std::optional<std::string> behind_on_goal(const progress_view& v, int soon_days = 7);

}  // namespace networkbot::core
