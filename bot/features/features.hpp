#pragma once
// Each feature registers its commands, buttons and modals on the router; one file per feature.

#include <functional>
#include <optional>
#include <span>
#include <utility>
#include <string_view>
#include <vector>

#include "bot/app/router.hpp"
#include "core/schedule.hpp"

namespace networkbot::features {

void register_help(app::router& r);
void register_profile(app::router& r);
void register_questions(app::router& r);
void register_home(app::router& r);
void register_tracker(app::router& r);
void register_corrections(app::router& r);
void register_goals(app::router& r);
void register_outreach(app::router& r);

void register_admin(app::router& r);
void register_matching(app::router& r);
void register_reflections(app::router& r);

void register_nudges(app::router& r);
void register_mixitup(app::router& r);
void register_privacy(app::router& r);
void register_roster(app::router& r);
// How many people asked for deletion and what went, as counts only (privacy.cpp), for staff.
void append_erasure_counts(app::services& svc, std::vector<app::block>& blocks);

// Mix It Up (mixitup.cpp). Builds a round's groups from `seed` (the same seed, the same groups), stores
// it, and returns the group DMs with the agenda and the leaders' guides; `summary` says what was done.
// `staff` is who posted it, or nothing for a scheduled round.
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

// How the scheduler reaches the database and the outbox. `locked` runs one step while holding whatever
// keeps the bot's other threads off the database (the Slack bot's mutex; nothing in the console or a
// test); `deliver` takes a step's messages and is called inside the transaction that records them.
// One step of a scheduled job, with the services, in the backend's turn.
using job_step = std::function<void(app::services&)>;
struct job_hooks {
  // Runs `step` in the backend's turn (the Slack bot: serialized<backend>::run). Each chunk of a job is
  // one step, so another thread waits for at most one chunk, never for a whole cohort's fan-out.
  std::function<void(const job_step&)> locked;
  std::function<void(std::vector<app::effect>)> deliver;
  // The front end's own clean-up, run with the daily retention, in its step and transaction: the Slack
  // bot's handled inbox rows and sent outbox rows past their week.
  std::function<void()> retention;
};
// The scheduled jobs that message people, by their names in the policy table (jobs.cpp). register_all
// checks each has its entry, so a job nobody gave an audience fails at start-up.
[[nodiscard]] std::span<const std::string_view> scheduled_jobs();
// Whether the scheduled job `job` may message `p` (app::may_receive against its entry).
[[nodiscard]] bool may_receive(const app::services& svc, std::string_view job, const core::person& p);
// Runs every scheduled job due now (jobs.cpp): the Friday prompt per active cohort, the reminder to
// those who have not answered, the staff digest, the morning follow-up nudge, the weekly buddy nudge,
// closing stale intro requests (telling each student, once), and retention. Each occurrence runs
// exactly once, and each message of a fan-out is recorded with its recipient, a few hundred per short
// transaction: a crash loses nothing, a restart or a second instance sends nothing twice, and the
// socket thread never waits long.
void run_due_jobs(const job_hooks& hooks);
// The same, with no lock to take (the console, tests).
void run_due_jobs(app::router& r, const std::function<void(std::vector<app::effect>)>& deliver);

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

// Shared between features.
// The roster's fields of a student (profile.cpp): once one is set, by an import, by staff or by the
// student's own first profile, only staff change it.
struct roster_locks {
  bool program = false;
  bool module = false;
  bool cohort = false;
};
[[nodiscard]] roster_locks locks_of(const core::person& p);
[[nodiscard]] std::optional<int> parse_module(const std::string& text);  // "0" to "4"
[[nodiscard]] bool is_cohort(const std::string& text);                   // four digits, like 2108
// The button on `admin student` that opens the staff's roster form for `p` (roster.cpp).
[[nodiscard]] app::button roster_button(const core::person& p);
[[nodiscard]] app::modal add_contact_modal();
// One contact's card with its history and the buttons that correct it (corrections.cpp).
[[nodiscard]] app::outcome contact_card(app::services& svc, const core::person& user, const std::string& which);
// The person's Home tab; `first_visit` adds the welcome.
[[nodiscard]] app::home_view home_for(app::router& r, const core::person& user, bool first_visit);
// Every command, button and form after which the router refreshes the Home tab of the person who used it.
[[nodiscard]] std::span<const std::pair<app::surface, std::string_view>> surfaces_that_change_home();
// `o` plus a refresh of the person's Home tab, when they have opened it before.
[[nodiscard]] app::outcome with_home(app::router& r, const core::person& user, app::outcome o);
// Active cohorts (or just `cohort`) at a glance, for staff. `name_not_started` lists the first ten who
// have not started (the Home tab); the report names everyone in lists of its own instead.
void append_cohort_summary(app::services& svc, const std::string& cohort, std::vector<app::block>& blocks,
                           bool name_not_started = true);

// Every feature, in the order `/network help` lists them.
inline void register_all(app::router& r) {
  register_help(r);
  register_profile(r);
  register_privacy(r);
  register_tracker(r);
  register_corrections(r);
  register_goals(r);
  register_nudges(r);
  register_outreach(r);
  register_matching(r);
  register_reflections(r);
  register_mixitup(r);
  register_admin(r);
  register_roster(r);
  register_questions(r);
  register_home(r);
  for (const auto job : scheduled_jobs()) (void)app::required_rule(app::surface::job, job);
}

}  // namespace networkbot::features
