#pragma once
// The roster fields staff keep (a student's program, module and cohort, a person's role) and the staff's
// form for them (roster.cpp).

#include "bot/app/router.hpp"
#include "bot/app/view.hpp"
#include "core/people.hpp"

namespace networkbot::features {

void register_roster(app::router& r);
// The button on `admin student` that opens the staff's roster form for `p`.
[[nodiscard]] app::button roster_button(const core::person& p);

}  // namespace networkbot::features
