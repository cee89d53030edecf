#pragma once
// Who may do what, in one place. Commands declare their audience; reads of someone else's data go
// through the may_* functions. Students see their own tracker and progress; an accepted buddy sees a
// student's goal and progress, nothing more; staff see everyone's; alumni and mentors see what an
// intro shared with them.

#include <optional>

#include "bot/app/services.hpp"
#include "bot/app/view.hpp"

namespace networkbot::app {

enum class audience {
  everyone,  // anyone in the workspace
  students,  // people with the student role (staff too, to try things out)
  staff,     // career-development staff
};

[[nodiscard]] bool may_run(const services& s, const core::person& p, audience who);
// The polite refusal for someone outside the audience.
[[nodiscard]] rich_text refusal_for(audience who, std::string_view command);

// Whether `viewer` may read `owner`'s contacts (their own, or staff).
[[nodiscard]] bool may_read_tracker(const services& s, const core::person& viewer, const core::person& owner);
// Whether `viewer` may read `owner`'s goal and progress (their own, staff, or an accepted buddy).
[[nodiscard]] bool may_read_progress(const services& s, const core::person& viewer, const core::person& owner);

}  // namespace networkbot::app
