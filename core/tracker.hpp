#pragma once
// The networking tracker's rules: the contacts each student keeps, each moving through the stages of
// an outreach, with timestamped notes, the one takeaway after a meeting, and a next action with a due
// date. The follow-up clock restarts at every logged interaction. Also the student's level goal and
// action steps, which progress (goals.hpp) measures, their accountability buddy, and the corrections
// they make. The records and their storage ports have a header each (contact_store.hpp, …).
//
// Contacts are private: only their owner and staff see them (may_see_tracker).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/buddy_store.hpp"
#include "core/clock.hpp"
#include "core/contact_store.hpp"
#include "core/correction_store.hpp"
#include "core/dates.hpp"
#include "core/goal_store.hpp"
#include "core/people.hpp"
#include "core/storage.hpp"

namespace networkbot::core {

// A request the tracker turns down, with a message a student can act on.
struct refusal {
  refusal(std::string message_in, std::string field_in = {}) : message(std::move(message_in)), field(std::move(field_in)) {}
  std::string message;
  std::string field;  // the contact field at fault, when there is one ("linkedin")
};
template <class T>
using result = std::variant<T, refusal>;

struct tracker_rules {
  int follow_up_days = 7;           // after a logged interaction
  int takeaway_follow_up_days = 7;  // after the takeaway is recorded
  int buddy_request_days = 7;       // a buddy request not answered in this time expires
};

// What a contact's edit form may change; everything else (stage, history, takeaway) is the tracker's.
struct contact_changes {
  std::string name;
  std::string company;
  std::string role;
  core::warmth warmth = warmth::warm;
  contact_list list = contact_list::new_contacts;
  std::string why;
  std::string slack_user;
};

// One line of a contact's timeline: an event it had, or a correction made to it.
struct timeline_entry {
  time_point at{};
  std::variant<contact_event, correction> what;
};

// Which contacts a listing shows.
struct contact_filter {
  std::optional<core::warmth> warmth;
  std::optional<core::stage> stage;
  bool due_only = false;  // next action due on or before today
};

// Whether `viewer` may see the tracker of `owner`: their own, or any when they are staff.
[[nodiscard]] inline bool may_see_tracker(person_id viewer, person_id owner, bool viewer_is_staff) {
  return viewer_is_staff || (viewer != 0 && viewer == owner);
}

// Checks and normalises a contact's fields (trims, LinkedIn URL form); nothing when it is fine.
[[nodiscard]] std::optional<refusal> check_contact(contact& c);

// The tracker's rules over its four ports. Every method acts on the contacts of `owner` only: a
// contact id that belongs to someone else is "not found", never shown.
class tracker {
 public:
  tracker(contact_store& contacts, goal_store& goals, correction_store& corrections, buddy_store& buddies,
          transactions& tx, const clock& clock, tracker_rules rules = {})
      : contacts_(contacts), goals_(goals), corrections_(corrections), buddies_(buddies), tx_(tx), clock_(clock),
        rules_(rules) {}

  result<contact> add(person_id owner, contact draft);
  // Logs an interaction (messaged, scheduled, met or thanked): the stage moves forward (never back),
  // the follow-up clock restarts, and an optional note is kept with it.
  result<contact> log(person_id owner, contact_id id, stage reached, std::string_view note = {});
  result<contact> note(person_id owner, contact_id id, std::string_view text);
  // The one takeaway: replaces an earlier one, marks the contact met if it was not, and sets a follow-up.
  result<contact> record_takeaway(person_id owner, contact_id id, std::string_view text);
  result<contact> set_next_action(person_id owner, contact_id id, std::string_view text, std::optional<date> due);

  [[nodiscard]] std::vector<contact> contacts(person_id owner, const contact_filter& filter = {}) const;
  // Due or overdue next actions, oldest due date first.
  [[nodiscard]] std::vector<contact> followups(person_id owner) const;
  // A contact by "#12", or by name (exact, then unique prefix, case-insensitive).
  [[nodiscard]] result<contact> find(person_id owner, std::string_view name_or_id) const;
  [[nodiscard]] std::vector<contact_event> history(person_id owner, contact_id id) const;
  // The events and the corrections of one contact, oldest first.
  [[nodiscard]] result<std::vector<timeline_entry>> timeline(person_id owner, contact_id id) const;

  // Corrections. Each is recorded (correction_kind), so the history still says what happened.
  // The contact's name, company, role, warm or cold, list, how they know them and Slack user.
  result<contact> edit(person_id owner, contact_id id, const contact_changes& changes);
  // Removes the contact and its history; progress and counts follow.
  result<contact> remove(person_id owner, contact_id id);
  // Takes back the last logged interaction (messaged, scheduled, met or thanked): the stage and the
  // follow-up clock become what the remaining history says. Returns the contact as it is now.
  result<contact> undo_last_step(person_id owner, contact_id id);
  result<goal> clear_goal(person_id owner);
  result<action_step> edit_action_step(person_id owner, std::int64_t id, std::string_view text, std::optional<date> due);
  result<action_step> delete_action_step(person_id owner, std::int64_t id);
  // Ends the accepted link (either buddy may), or withdraws the person's own pending request.
  result<buddy_link> end_buddy(person_id who);
  result<buddy_link> cancel_buddy_request(person_id requester);
  // The person's pending request (asked by them or of them) still open, if any; expired ones are not.
  [[nodiscard]] std::optional<buddy_link> pending_buddy_request(person_id who) const;
  // Pending requests that expired (went unanswered for buddy_request_days) after `since`, up to now.
  [[nodiscard]] std::vector<buddy_link> buddy_requests_expired_since(time_point since) const;

  result<goal> set_goal(person_id owner, networking_level level, std::optional<date> due);
  result<action_step> add_action_step(person_id owner, std::optional<int> module, std::string_view text,
                                      std::optional<date> due);
  result<action_step> complete_action_step(person_id owner, std::int64_t id);

  // Buddies: one at a time. ask() refuses a second pending or accepted link for either student.
  result<buddy_link> ask_buddy(person_id requester, person_id partner);
  result<buddy_link> answer_buddy(person_id partner, std::int64_t link_id, bool accept);
  [[nodiscard]] std::optional<buddy_link> buddy_of(person_id who) const;  // the accepted link, if any

  [[nodiscard]] date today() const { return day_of(clock_.now()); }

 private:
  result<contact> owned(person_id owner, contact_id id) const;
  [[nodiscard]] bool expired(const buddy_link& link) const;
  void record(person_id owner, correction_kind kind, contact_id contact, std::string summary);

  contact_store& contacts_;
  goal_store& goals_;
  correction_store& corrections_;
  buddy_store& buddies_;
  transactions& tx_;
  const clock& clock_;
  tracker_rules rules_;
};

}  // namespace networkbot::core
