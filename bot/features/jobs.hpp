#pragma once
// The scheduler's jobs: what runs when, each occurrence exactly once (jobs.cpp).

#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "bot/app/outcome.hpp"
#include "bot/app/router.hpp"
#include "bot/app/services.hpp"
#include "core/people.hpp"

namespace networkbot::features {

// One step of a scheduled job, with the services, in the backend's turn.
using job_step = std::function<void(app::services&)>;
// How the scheduler reaches the database and the outbox.
struct job_hooks {
  // Runs `step` in the backend's turn (the Slack bot: serialized<backend>::run; the console and tests
  // just call it). Each chunk of a job is one step, so another thread waits for at most one chunk,
  // never for a whole cohort's fan-out.
  std::function<void(const job_step&)> locked;
  // Takes a step's messages; called inside the transaction that records them.
  std::function<void(std::vector<app::effect>)> deliver;
  // The front end's own clean-up, run with the daily retention, in its step and transaction: the Slack
  // bot's handled inbox rows and sent outbox rows past their week.
  std::function<void()> retention;
};
// The scheduled jobs that message people, by their names in the policy table. register_all checks each
// has its entry, so a job nobody gave an audience fails at start-up.
[[nodiscard]] std::span<const std::string_view> scheduled_jobs();
// Whether the scheduled job `job` may message `p` (app::may_receive against its entry).
[[nodiscard]] bool may_receive(const app::services& svc, std::string_view job, const core::person& p);
// Runs every scheduled job due now: the Friday prompt per active cohort, the reminder to those who have
// not answered, the staff digest, the morning follow-up nudge, the weekly buddy nudge, closing stale
// intro requests (telling each student, once), and retention. Each occurrence runs exactly once, and
// each message of a fan-out is recorded with its recipient, a few hundred per short transaction: a
// crash loses nothing, a restart or a second instance sends nothing twice, and the socket thread never
// waits long.
void run_due_jobs(const job_hooks& hooks);
// The same, with no lock to take (the console, tests).
void run_due_jobs(app::router& r, const std::function<void(std::vector<app::effect>)>& deliver);

}  // namespace networkbot::features
