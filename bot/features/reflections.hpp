#pragma once
// Friday reflections: the modal, a student's past answers (/network reflections), and the prompt and
// reminder the scheduler posts (reflections.cpp).

#include <cstddef>
#include <string>
#include <vector>

#include "bot/app/router.hpp"
#include "bot/app/services.hpp"
#include "bot/app/view.hpp"
#include "config/config.hpp"
#include "core/reflections.hpp"
#include "core/schedule.hpp"

namespace networkbot::features {

void register_reflections(app::router& r);

// The reflection schedule and its messages, for the scheduler.
[[nodiscard]] core::weekly_time prompt_time(const config::settings& s);
[[nodiscard]] core::weekly_time reminder_time(const config::settings& s);
[[nodiscard]] app::message prompt_message(const std::string& week);
[[nodiscard]] app::message reminder_message(const std::string& week);
[[nodiscard]] std::vector<std::string> active_cohorts(const config::settings& s);
// The reflections of a week (a prompt date), counted per active cohort, for staff.
void append_reflection_digest(app::services& svc, const std::string& week, std::vector<app::block>& blocks);
// The same for these cohorts; `name_the_silent` false says how many have not answered two weeks
// running instead of naming them (the report names them in full, a page at a time).
void append_reflection_digest(app::services& svc, const std::string& week, const std::vector<std::string>& cohorts,
                              bool name_the_silent, std::vector<app::block>& blocks);
// A student's reflections, newest first as the store gives them: their confidence over the weeks (one
// line a week, up to a year), then the latest `weeks` answers with their status. For the student
// (/network reflections) and for staff (/network admin student).
void append_reflection_history(const std::vector<core::reflection>& all, std::size_t weeks, std::vector<app::block>& blocks);
// The week a reflection written now belongs to.
[[nodiscard]] std::string latest_reflection_week(const app::services& svc);

}  // namespace networkbot::features
