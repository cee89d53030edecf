#pragma once
// Staff commands: /network admin report [cohort] and /network admin student @name (admin.cpp).

#include <string>
#include <vector>

#include "bot/app/router.hpp"
#include "bot/app/services.hpp"
#include "bot/app/view.hpp"

namespace networkbot::features {

void register_admin(app::router& r);
// Active cohorts (or just `cohort`) at a glance, for staff. `name_not_started` lists the first ten who
// have not started (the Home tab); the report names everyone in lists of its own instead.
void append_cohort_summary(app::services& svc, const std::string& cohort, std::vector<app::block>& blocks,
                           bool name_not_started = true);

}  // namespace networkbot::features
