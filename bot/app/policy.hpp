#pragma once
// Who may do what, in one place. Every command, button, form and the Home tab the router serves, and
// every scheduled job that messages people, has one entry in the policy table (policy.cpp): its audience,
// and what a button's value or a form names. The router refuses a request outside its entry's audience
// before any handler runs, and refuses to register a handler that has no entry; a job sends nothing to
// anyone outside its audience or switched off, and the features check at start-up that every job has its
// entry: a new surface cannot reach production unchecked. Reads of someone
// else's data go through the may_* functions: students see their own tracker and progress; an accepted
// buddy sees a student's goal and progress, nothing more; staff see everyone's; alumni and mentors see
// what an intro shared with them.

#include <cstdint>
#include <span>
#include <string_view>

#include "bot/app/services.hpp"
#include "bot/app/view.hpp"

namespace networkbot::app {

// What a person meets the bot through: a command, a button, a form, the Home tab, or a scheduled job's
// message (the Friday prompt, a nudge), whose audience is who may be sent it.
enum class surface : std::uint8_t { command, button, form, home, job };

enum class audience : std::uint8_t {
  everyone,  // anyone in the workspace whose profile is switched on
  students,  // people with the student role (staff too, to try things out)
  hosts,     // alumni and mentors, who answer intro requests (staff too)
  staff,     // career-development staff
};

// What a button's value or a form's metadata names, and so who else must be checked besides the
// audience. The router checks `opener` itself for every form; the other bindings are checked where the
// record is read, against the person who clicked (the stores look the record up by its owner, its
// addressee or its members, so someone else's id is simply not found), and a test forges a value for
// every bound button.
enum class binding : std::uint8_t {
  none,        // nothing of anyone's: a page number, a question bank, the clicker themselves
  own_record,  // a record the clicker owns (their contact)
  addressee,   // a request addressed to the clicker (a buddy or intro request)
  member,      // a Mix It Up group the clicker is in
};

struct rule {
  surface on;
  std::string_view id;  // the command's name, the button's action_id, the form's callback_id; "" for Home
  audience who;
  binding bound = binding::none;
};

// The whole table, in the order of `/network help`'s groups.
[[nodiscard]] std::span<const rule> policy_table();
// The entry for one surface and id, or nullptr when there is none.
[[nodiscard]] const rule* find_rule(surface on, std::string_view id);
// The same, throwing std::logic_error (at start-up, when a handler or a job is registered) when there is none.
[[nodiscard]] const rule& required_rule(surface on, std::string_view id);

[[nodiscard]] bool may_run(const services& s, const core::person& p, audience who);
// Whether a scheduled job may message `p`: they are switched on, reachable in Slack, and in its audience.
[[nodiscard]] bool may_receive(const services& s, const rule& job, const core::person& p);
// The polite refusal for someone outside the audience of `r` (a command's name is shown as typed).
[[nodiscard]] rich_text refusal_for(const rule& r);

// Whether `viewer` may read `owner`'s contacts (their own, or staff).
[[nodiscard]] bool may_read_tracker(const services& s, const core::person& viewer, const core::person& owner);
// Whether `viewer` may read `owner`'s goal and progress (their own, staff, or an accepted buddy).
[[nodiscard]] bool may_read_progress(const services& s, const core::person& viewer, const core::person& owner);

[[nodiscard]] std::string_view to_string(surface s);
[[nodiscard]] std::string_view to_string(audience a);

}  // namespace networkbot::app
