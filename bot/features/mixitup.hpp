#pragma once
// Mix It Up in Slack: staff preview and post a round's groups, the scheduler posts configured rounds and
// asks each group whether it met, and students opt in or out (mixitup.cpp).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bot/app/outcome.hpp"
#include "bot/app/router.hpp"
#include "bot/app/services.hpp"
#include "bot/app/view.hpp"
#include "core/clock.hpp"
#include "core/people.hpp"

namespace networkbot::features {

void register_mixitup(app::router& r);
// Builds a round's groups from `seed` (the same seed, the same groups), stores it, and returns the group
// DMs with the agenda and the leaders' guides; `summary` says what was done. `staff` is who posted it,
// or nothing for a scheduled round.
[[nodiscard]] std::vector<app::effect> post_mixitup_round(app::services& svc, const core::person* staff, std::uint64_t seed,
                                                          const std::vector<std::string>& cohorts,
                                                          std::optional<core::time_point> meets_at, const std::string& link,
                                                          std::string& summary);
// The "did your group meet?" check-ins due now, each round's once (`claim` records it).
[[nodiscard]] std::vector<app::effect> mixitup_checkins(app::services& svc, core::time_point now,
                                                        const std::function<bool(const std::string&)>& claim);
// /network admin mixitup preview|post.
[[nodiscard]] app::outcome mixitup_admin(app::router& r, const app::command_call& call);
// Attendance, topics and confidence per recent round, for staff.
void append_mixitup_attendance(app::services& svc, std::vector<app::block>& blocks);
// The same, counting only the members now in `cohort` and the groups they were in (every member when
// `cohort` is empty).
void append_mixitup_attendance(app::services& svc, const std::string& cohort, std::vector<app::block>& blocks);

}  // namespace networkbot::features
