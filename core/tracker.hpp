#pragma once
// The networking tracker: the contacts each student keeps (the spreadsheet tracker's three tabs:
// support network, dormant ties, new contacts), each warm or cold, moving through the stages of an
// outreach, with timestamped notes, the one takeaway after a meeting, and a next action with a due
// date. The follow-up clock restarts at every logged interaction. Also the student's level goal and
// action steps, which progress (goals.hpp) measures.
//
// Contacts are private: only their owner and staff see them (may_see_tracker).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/clock.hpp"
#include "core/dates.hpp"
#include "core/people.hpp"
#include "core/storage.hpp"

namespace networkbot::core {

using contact_id = std::int64_t;

enum class warmth : std::uint8_t { warm, cold };
enum class contact_list : std::uint8_t { support_network, dormant_ties, new_contacts };
enum class stage : std::uint8_t { idea, messaged, scheduled, met, thanked };
enum class event_kind : std::uint8_t { note, messaged, scheduled, met, thanked, takeaway };
enum class networking_level : std::uint8_t { I = 1, II = 2, III = 3 };

[[nodiscard]] std::string_view to_string(warmth w);         // "warm", "cold"
[[nodiscard]] std::string_view to_string(contact_list l);   // "support", "dormant", "new"
[[nodiscard]] std::string_view to_string(stage s);          // "idea" … "thanked"
[[nodiscard]] std::string_view to_string(event_kind k);     // "note", "messaged" … "takeaway"
[[nodiscard]] std::string_view to_string(networking_level l);  // "I", "II", "III"
[[nodiscard]] std::string_view describe(contact_list l);    // "support network", …
[[nodiscard]] std::optional<warmth> parse_warmth(std::string_view text);
[[nodiscard]] std::optional<contact_list> parse_contact_list(std::string_view text);
[[nodiscard]] std::optional<stage> parse_stage(std::string_view text);
[[nodiscard]] std::optional<event_kind> parse_event_kind(std::string_view text);
[[nodiscard]] std::optional<networking_level> parse_level(std::string_view text);  // I/II/III or 1/2/3
[[nodiscard]] event_kind event_for(stage reached);  // messaged → messaged, …; idea has none (note)

struct contact {
  contact_id id = 0;
  person_id owner = 0;
  std::string name;
  std::string slack_user;  // U… when the contact is in the workspace
  std::string email;
  std::string linkedin;    // https://www.linkedin.com/…
  std::string company;
  std::string role;
  core::warmth warmth = warmth::warm;
  contact_list list = contact_list::new_contacts;
  std::string why;  // how the student knows them, or why this person
  core::stage stage = stage::idea;
  std::string takeaway;  // the one takeaway after meeting them
  std::string next_action;
  std::optional<date> next_due;
  time_point created_at{};
  std::optional<time_point> last_interaction;
  friend bool operator==(const contact&, const contact&) = default;
};

struct contact_event {
  std::int64_t id = 0;
  contact_id contact = 0;
  time_point at{};
  event_kind kind = event_kind::note;
  std::string text;
  friend bool operator==(const contact_event&, const contact_event&) = default;
};

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

// An accountability buddy: asked by one student, accepted (or declined) by the other. Accepted
// buddies see each other's goal and progress, nothing more.
enum class buddy_state : std::uint8_t { pending, accepted, declined, ended };
[[nodiscard]] std::string_view to_string(buddy_state s);
[[nodiscard]] std::optional<buddy_state> parse_buddy_state(std::string_view text);

struct buddy_link {
  std::int64_t id = 0;
  person_id requester = 0;
  person_id partner = 0;
  buddy_state state = buddy_state::pending;
  time_point created_at{};
  std::optional<time_point> answered_at;
  [[nodiscard]] person_id other(person_id me) const { return me == requester ? partner : requester; }
  friend bool operator==(const buddy_link&, const buddy_link&) = default;
};

// The nudges a person gets: the morning DM when a follow-up falls due (opt-in), and a weekly word when
// their accountability buddy falls behind on their goal (on once they have a buddy; may be turned off).
struct nudge_settings {
  bool follow_ups = false;
  bool buddy = true;
  friend bool operator==(const nudge_settings&, const nudge_settings&) = default;
};

// A correction a person made to their own records: kept with the history, so it still says what
// happened after a contact was edited, a logged step undone or a goal cleared. A deleted contact's
// correction keeps only its number, never its name.
enum class correction_kind : std::uint8_t {
  contact_edited,
  contact_deleted,
  step_undone,
  goal_changed,
  goal_cleared,
  action_step_edited,
  action_step_deleted,
  buddy_ended,
  buddy_request_cancelled,
  intro_withdrawn,
};
[[nodiscard]] std::string_view to_string(correction_kind k);
[[nodiscard]] std::optional<correction_kind> parse_correction_kind(std::string_view text);

struct correction {
  std::int64_t id = 0;
  person_id owner = 0;
  time_point at{};
  correction_kind kind = correction_kind::contact_edited;
  contact_id contact = 0;  // the contact it concerns, when it concerns one
  std::string summary;     // what changed, in words the person reads ("company, warm or cold")
  friend bool operator==(const correction&, const correction&) = default;
};

// The tracker's storage port.
class tracker_store {
 public:
  virtual ~tracker_store() = default;
  [[nodiscard]] virtual std::optional<contact> find_contact(contact_id id) const = 0;
  // Case-insensitive on name and company: the key an import matches on.
  [[nodiscard]] virtual std::optional<contact> find_contact_named(person_id owner, std::string_view name,
                                                                  std::string_view company) const = 0;
  [[nodiscard]] virtual std::vector<contact> contacts_of(person_id owner) const = 0;  // oldest first
  virtual contact_id save_contact(const contact& c) = 0;  // adds when c.id is 0, else updates
  virtual void add_event(const contact_event& e) = 0;
  [[nodiscard]] virtual std::vector<contact_event> events_of(contact_id id) const = 0;  // oldest first
  [[nodiscard]] virtual std::vector<contact_event> events_of_owner(person_id owner) const = 0;
  // Every contact with its events, by owner then id, one at a time (exports of any size).
  virtual void visit_contacts(const std::function<void(const contact&, const std::vector<contact_event>&)>& visit) const = 0;

  // Removes the contact and its events.
  virtual void delete_contact(contact_id id) = 0;
  virtual void delete_event(std::int64_t event_id) = 0;

  [[nodiscard]] virtual std::optional<goal> goal_of(person_id owner) const = 0;
  virtual void save_goal(const goal& g) = 0;
  virtual void delete_goal(person_id owner) = 0;

  [[nodiscard]] virtual std::vector<action_step> action_steps_of(person_id owner) const = 0;  // oldest first
  virtual std::int64_t save_action_step(const action_step& s) = 0;  // adds when s.id is 0, else updates
  virtual void delete_action_step(std::int64_t id) = 0;

  virtual void add_correction(const correction& c) = 0;
  [[nodiscard]] virtual std::vector<correction> corrections_of(person_id owner) const = 0;  // oldest first

  // Pending and accepted links that involve the person, newest first.
  [[nodiscard]] virtual std::vector<buddy_link> buddy_links_of(person_id who) const = 0;
  [[nodiscard]] virtual std::optional<buddy_link> find_buddy_link(std::int64_t id) const = 0;
  virtual std::int64_t save_buddy_link(const buddy_link& link) = 0;  // adds when id is 0, else updates

  // Every accepted link, oldest first (the weekly buddy check).
  [[nodiscard]] virtual std::vector<buddy_link> accepted_buddy_links() const = 0;
  // Links still pending that were asked in [from, to), oldest first (closing expired requests).
  [[nodiscard]] virtual std::vector<buddy_link> pending_buddy_links_asked(time_point from, time_point to) const = 0;

  [[nodiscard]] virtual nudge_settings nudges_of(person_id who) const = 0;
  virtual void save_nudges(person_id who, const nudge_settings& n) = 0;
  // Who turned on the morning follow-up DM.
  [[nodiscard]] virtual std::vector<person_id> follow_up_subscribers() const = 0;

  // Records a visit to the App Home; true on the person's first visit ever.
  virtual bool record_home_visit(person_id who, time_point at) = 0;
  [[nodiscard]] virtual bool has_visited_home(person_id who) const = 0;
};

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

// The tracker's rules over its store. Every method acts on the contacts of `owner` only: a contact id
// that belongs to someone else is "not found", never shown.
class tracker {
 public:
  tracker(tracker_store& store, transactions& tx, const clock& clock, tracker_rules rules = {})
      : store_(store), tx_(tx), clock_(clock), rules_(rules) {}

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

  tracker_store& store_;
  transactions& tx_;
  const clock& clock_;
  tracker_rules rules_;
};

}  // namespace networkbot::core
