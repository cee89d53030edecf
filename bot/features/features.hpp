#pragma once
// Each feature registers its commands, buttons and modals on the router; one file per feature.

#include <functional>
#include <vector>

#include "bot/app/router.hpp"

namespace networkbot::features {

void register_help(app::router& r);
void register_profile(app::router& r);
void register_questions(app::router& r);
void register_home(app::router& r);
void register_tracker(app::router& r);
void register_goals(app::router& r);
void register_outreach(app::router& r);

void register_admin(app::router& r);
void register_matching(app::router& r);
void register_reflections(app::router& r);

// Runs every scheduled job due now (the Friday prompt per active cohort, the reminder to those who
// have not answered, closing stale intro requests), each occurrence exactly once: `deliver` gets a
// job's messages inside the transaction that records the run, so a crash loses nothing and a restart
// or a second instance sends nothing twice.
void run_due_jobs(app::router& r, const std::function<void(std::vector<app::effect>)>& deliver);
// The reflections of a week (a prompt date), counted per active cohort, for staff.
void append_reflection_digest(app::services& svc, const std::string& week, std::vector<app::block>& blocks);
// The week a reflection written now belongs to.
[[nodiscard]] std::string latest_reflection_week(const app::services& svc);

// Shared between features.
[[nodiscard]] app::modal add_contact_modal();
// The person's Home tab; `first_visit` adds the welcome.
[[nodiscard]] app::home_view home_for(app::router& r, const core::person& user, bool first_visit);
// `o` plus a refresh of the person's Home tab, when they have opened it before.
[[nodiscard]] app::outcome with_home(app::router& r, const core::person& user, app::outcome o);
// Active cohorts (or just `cohort`) at a glance, for staff.
void append_cohort_summary(app::services& svc, const std::string& cohort, std::vector<app::block>& blocks);

// Every feature, in the order `/network help` lists them.
inline void register_all(app::router& r) {
  register_help(r);
  register_profile(r);
  register_tracker(r);
  register_goals(r);
  register_outreach(r);
  register_matching(r);
  register_reflections(r);
  register_admin(r);
  register_questions(r);
  register_home(r);
}

}  // namespace networkbot::features
