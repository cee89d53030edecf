// The scheduler's jobs: what runs when, each occurrence exactly once. The reflection prompt and its
// reminder, the staff digest, the morning follow-up nudge, the weekly buddy nudge, closing stale intro
// requests (and telling their students) and retention. Times come from config, in the workspace zone (the tz database's DST).
//
// Exactly once, two ways. A job with one message (a channel post, the digest) claims its occurrence
// key and writes its message in one transaction. A fan-out (a DM to each student) claims a key per
// recipient, a few hundred recipients per transaction, then marks the occurrence done: a crash in the
// middle commits the chunks before it and the next tick sends the rest, never anyone's twice; and
// the lock the Slack bot's socket thread also needs is held for one chunk at a time, not a cohort.

#include <algorithm>
#include <array>
#include <optional>

#include "bot/features/jobs.hpp"
#include "bot/features/mixitup.hpp"
#include "bot/features/reflections.hpp"
#include "bot/features/tracker_views.hpp"
#include "config/config.hpp"
#include "core/goals.hpp"
#include "core/schedule.hpp"
#include "core/text.hpp"

namespace networkbot::features {

namespace {

constexpr std::size_t fan_out_chunk = 250;
// The jobs that message people, each with its entry in the policy table: who it may message.
constexpr std::array<std::string_view, 8> jobs{"reflection.prompt", "reflection.reminder", "followups.nudge", "buddy.nudge",
                                               "buddy.expired",     "intro.expired",       "mixitup.round",   "mixitup.checkin"};

// Runs older than this cannot be due again (late windows are hours), so their records may go.
constexpr auto keep_job_runs = std::chrono::days{60};
// An expired intro request is told to its student if its deadline passed within this window (the
// tick normally tells them within a minute; a week covers downtime). Well inside keep_job_runs, so a
// notice's record outlives the window and nobody is told twice. The same for an expired buddy request.
constexpr auto intro_notice_window = std::chrono::days{7};
static_assert(intro_notice_window < keep_job_runs);

core::weekly_time buddy_time(const config::settings& s) {
  return {s.nudges.buddy_day, s.nudges.buddy_time.hour, s.nudges.buddy_time.minute};
}

// One message, claimed under `key`, in one transaction.
void run_once(const job_hooks& hooks, const std::string& key,
              const std::function<std::vector<app::effect>(app::services&)>& build) {
  hooks.locked([&](app::services& svc) {
    auto tx = svc.tx.begin();
    if (svc.job_ledger.claim_job(key, svc.clock.now())) {
      auto out = build(svc);
      if (!out.empty()) hooks.deliver(std::move(out));
    }
    tx->commit();
  });
}

// A DM to each of `recipients` whose `message_for` says something and whom `job` may message, each
// claimed as `key:<person id>`.
// `recipients` is read under the lock when the occurrence is not done yet; each message is built inside
// its chunk's transaction, so it reflects the moment it is written (a student who answered while an
// earlier chunk was being written gets no reminder).
void fan_out(const job_hooks& hooks, std::string_view job, const std::string& key, core::time_point now,
             const std::function<std::vector<core::person>(app::services&)>& recipients,
             const std::function<std::optional<app::message>(app::services&, const core::person&)>& message_for) {
  const app::rule& allowed = app::required_rule(app::surface::job, job);
  const std::string done_key = key + ":done";
  std::vector<core::person> people;
  bool done = false;
  hooks.locked([&](app::services& svc) {
    done = svc.job_ledger.job_ran(done_key);
    if (!done) people = recipients(svc);
  });
  if (done) return;
  for (std::size_t start = 0; start < people.size(); start += fan_out_chunk) {
    hooks.locked([&](app::services& svc) {
      auto tx = svc.tx.begin();
      std::vector<app::effect> out;
      for (std::size_t i = start; i < std::min(people.size(), start + fan_out_chunk); ++i) {
        const auto& p = people[i];
        if (!app::may_receive(svc, allowed, p)) continue;
        auto m = message_for(svc, p);
        if (!m || !svc.job_ledger.claim_job(key + ":" + std::to_string(p.id), now)) continue;
        out.push_back(app::post_message{p.slack_id, std::move(*m)});
      }
      if (!out.empty()) hooks.deliver(std::move(out));
      tx->commit();
    });
  }
  hooks.locked([&](app::services& svc) {
    auto tx = svc.tx.begin();
    (void)svc.job_ledger.claim_job(done_key, now);
    tx->commit();
  });
}

std::vector<core::person> students_of(app::services& svc, const std::string& cohort) {
  auto all = svc.people.in_cohort(cohort);
  std::erase_if(all, [](const core::person& p) { return !p.is(core::role::student) || !p.active; });
  return all;
}

std::optional<app::message> follow_up_nudge(app::services& svc, const core::person& p) {
  const auto due = svc.tracker().followups(p.id);
  if (due.empty()) return std::nullopt;
  const auto today = svc.today();
  app::message m;
  m.ephemeral = false;
  m.fallback = core::count_of(static_cast<long long>(due.size()), "follow-up", "follow-ups") + " due today";
  app::rich_text t;
  t.bold("Good morning! ").plain(core::count_of(static_cast<long long>(due.size()), "follow-up", "follow-ups") + (due.size() == 1 ? " is" : " are") + " due:");
  for (std::size_t i = 0; i < due.size() && i < 10; ++i) {
    const auto& c = due[i];
    t.plain("\n• " + c.name + (c.company.empty() ? "" : " (" + c.company + ")") + ", " + due_text(*c.next_due, today));
    if (!c.next_action.empty()) t.plain(": " + c.next_action);
  }
  if (due.size() > 10) t.plain("\n…and " + std::to_string(due.size() - 10) + " more.");
  m.blocks.push_back(app::section{std::move(t), std::nullopt});
  m.blocks.push_back(app::context{app::rich_text{}.code("/network followups").plain(" shows them with buttons. ")
                                      .code("/network nudges followups off").plain(" stops these messages.")});
  return m;
}

// The student's word that a request of theirs closed unanswered (`what`: "intro request", "buddy
// request"): to whom, that `nobody_answered` within how long, that it is not about them, and what to
// try next.
app::message closed_unanswered(const std::string& what, const std::string& to, const std::string& nobody_answered, long long days,
                               const std::string& comfort, app::rich_text next) {
  app::message m;
  m.ephemeral = false;
  m.fallback = "Your " + what + " to " + to + " closed";
  m.blocks.push_back(app::section{app::rich_text{}.plain("Your " + what + " to ").bold(to).plain(
                                      " closed: " + nobody_answered + " within " + core::count_of(days, "day", "days") + ". " + comfort),
                                  std::nullopt});
  m.blocks.push_back(app::context{std::move(next)});
  return m;
}

app::message intro_expired_message(const std::optional<core::person>& alum, const core::intro_request& r) {
  return closed_unanswered("intro request", alum ? alum->display_name : std::string("the person you asked"), "they didn't answer",
                           std::chrono::duration_cast<std::chrono::days>(r.expires_at - r.created_at).count(),
                           "That happens when people are busy, and it isn't about you.",
                           app::rich_text{}.plain("See who else is open to a chat: ").code("/network match")
                               .plain(", or ask your mentor who they know."));
}

app::message buddy_expired_message(const std::optional<core::person>& partner, int days) {
  return closed_unanswered("buddy request", partner ? partner->display_name : std::string("your classmate"), "it wasn't answered", days,
                           "Weeks get busy; it's fine to ask them in person, or another classmate.",
                           app::rich_text{}.plain("Ask again with ").code("/network buddy @classmate").plain("."));
}

// Tells each asker whose request closed unanswered, once (claimed as `<key>:<id>`), as the job `job`
// allows, in one transaction.
template <class Request>
void tell_closed(app::services& svc, const job_hooks& hooks, std::string_view job, const std::string& key,
                 const std::vector<Request>& closed, const std::function<core::person_id(const Request&)>& asker_of,
                 const std::function<app::message(const Request&)>& message_for) {
  const auto now = svc.clock.now();
  auto tx = svc.tx.begin();
  std::vector<app::effect> out;
  for (const auto& request : closed) {
    const auto asker = svc.people.find(asker_of(request));
    if (!asker || !may_receive(svc, job, *asker)) continue;
    if (!svc.job_ledger.claim_job(key + ":" + std::to_string(request.id), now)) continue;
    out.push_back(app::post_message{asker->slack_id, message_for(request)});
  }
  if (!out.empty()) hooks.deliver(std::move(out));
  tx->commit();
}

std::optional<app::message> buddy_nudge(const core::person& buddy, const std::string& why) {
  app::message m;
  m.ephemeral = false;
  m.fallback = "Your accountability buddy could use a hand";
  m.blocks.push_back(app::section{app::rich_text{}.plain("Your accountability buddy ").bold(buddy.display_name).plain(" " + why + ". ")
                                      .plain("A short message from you could help them get going this week."),
                                  std::nullopt});
  m.blocks.push_back(app::context{app::rich_text{}.code("/network progress @" + (buddy.handle.empty() ? buddy.display_name : buddy.handle))
                                      .plain(" shows where they are. ")
                                      .code("/network nudges buddy off").plain(" stops these messages.")});
  return m;
}

}  // namespace

std::span<const std::string_view> scheduled_jobs() { return jobs; }

bool may_receive(const app::services& svc, std::string_view job, const core::person& p) {
  return app::may_receive(svc, app::required_rule(app::surface::job, job), p);
}

void run_due_jobs(const job_hooks& hooks) {
  // The settings and the clock are no part of the database: read once, they serve every step.
  const config::settings* settings = nullptr;
  const core::clock* clock = nullptr;
  hooks.locked([&](app::services& svc) {
    settings = &svc.settings;
    clock = &svc.clock;
  });
  const auto& s = *settings;
  const auto zone = config::zone_rules_for(s.workspace.time_zone);
  const auto now = clock->now();
  const auto today = core::day_of(now);
  const std::chrono::seconds window = std::chrono::hours{s.reflection.late_window_hours};

  // Closing intro requests nobody answered, then telling each student, once, whichever way theirs
  // closed (here, when the student asked again, or when the alum pressed a button too late). Buddy
  // requests nobody answered in time: the student who asked hears, once; the request itself needs no
  // change (an expired request is closed wherever it is read; the Accept button says so).
  hooks.locked([&](app::services& svc) {
    (void)svc.intro_desk().expire_due();
    tell_closed<core::intro_request>(
        svc, hooks, "intro.expired", "intro-expired", svc.intros.expired_since(now - intro_notice_window),
        [](const core::intro_request& asked) { return asked.student; },
        [&](const core::intro_request& asked) { return intro_expired_message(svc.people.find(asked.alum), asked); });
    tell_closed<core::buddy_link>(
        svc, hooks, "buddy.expired", "buddy-expired", svc.tracker().buddy_requests_expired_since(now - intro_notice_window),
        [](const core::buddy_link& l) { return l.requester; },
        [&](const core::buddy_link& l) { return buddy_expired_message(svc.people.find(l.partner), s.tracker.buddy_request_days); });
  });

  // Retention, once a day: reflections past keep_weeks, records of job runs too old to matter, and
  // previews' confirmations past their month.
  run_once(hooks, "retention:" + core::format_date(today), [&](app::services& svc) {
    if (s.reflection.keep_weeks > 0)
      (void)svc.reflections.forget_reflections_before(core::format_date(today - std::chrono::days{7 * s.reflection.keep_weeks}));
    (void)svc.job_ledger.forget_jobs_before(now - keep_job_runs);
    (void)svc.confirmations.forget_confirmations_before(now - core::confirmation_kept);
    if (hooks.retention) hooks.retention();
    return std::vector<app::effect>{};
  });

  const auto prompt = core::due_occurrence(prompt_time(s), now, zone, s.reflection.skip, window);
  const auto reminder = core::due_occurrence(reminder_time(s), now, zone, s.reflection.skip, window);
  // The week a reminder is about: the prompt before it.
  const std::string reminded_week = reminder ? core::latest_occurrence(prompt_time(s), reminder->at, zone).key : std::string{};

  // The staff digest, with the reminder: last week's answers, counted.
  if (reminder && !s.staff.channel.empty()) {
    run_once(hooks, "digest:" + reminded_week, [&](app::services& svc) {
      app::message m;
      m.ephemeral = false;
      m.fallback = "Weekly networking digest";
      m.blocks.push_back(app::header{"Weekly networking digest"});
      append_reflection_digest(svc, reminded_week, m.blocks);
      m.blocks.push_back(app::context{app::rich_text{}.plain("Details per student: ").code("/network admin student @name")});
      return std::vector<app::effect>{app::post_message{s.staff.channel, std::move(m)}};
    });
  }

  for (const auto& cohort : s.cohorts) {
    if (!cohort.active) continue;
    if (prompt) {
      const std::string key = "prompt:" + cohort.id + ":" + prompt->key;
      if (s.reflection.deliver == config::delivery::channel && !cohort.channel.empty()) {
        run_once(hooks, key, [&](app::services&) {
          return std::vector<app::effect>{app::post_message{cohort.channel, prompt_message(prompt->key)}};
        });
      } else {
        fan_out(hooks, "reflection.prompt", key, now, [&](app::services& svc) { return students_of(svc, cohort.id); },
                [&](app::services&, const core::person&) { return std::optional{prompt_message(prompt->key)}; });
      }
    }
    if (reminder) {
      fan_out(hooks, "reflection.reminder", "reminder:" + cohort.id + ":" + reminded_week, now,
              [&](app::services& svc) { return students_of(svc, cohort.id); },
              [&](app::services& svc, const core::person& p) -> std::optional<app::message> {
                if (svc.reflections.find_reflection(p.id, reminded_week)) return std::nullopt;
                return reminder_message(reminded_week);
              });
    }
  }

  // The morning follow-up DM, for those who turned it on.
  if (const auto morning = core::due_daily_occurrence(s.nudges.follow_up_time.hour, s.nudges.follow_up_time.minute, now,
                                                        zone, s.reflection.skip, window)) {
    fan_out(hooks, "followups.nudge", "followups:" + morning->key, now,
            [&](app::services& svc) {
              std::vector<core::person> out;
              for (const auto id : svc.nudges.follow_up_subscribers())
                if (auto p = svc.people.find(id)) out.push_back(std::move(*p));
              return out;
            },
            [&](app::services& svc, const core::person& p) { return follow_up_nudge(svc, p); });
  }

  // Mix It Up rounds scheduled in config: posted post_hours_before the meeting, once.
  for (const auto& local : s.mix_it_up.rounds) {
    const auto meets = zone.to_utc(local);
    if (now < meets - std::chrono::hours{s.mix_it_up.post_hours_before} || now >= meets) continue;
    const std::string key = "mixitup-round:" + std::to_string(meets.time_since_epoch().count());
    run_once(hooks, key, [&](app::services& svc) {
      std::string summary;
      // The seed is the meeting time: a rerun of this occurrence would build the same groups.
      auto out = post_mixitup_round(svc, nullptr, static_cast<std::uint64_t>(meets.time_since_epoch().count()), {}, meets,
                                    s.mix_it_up.link, summary);
      if (!s.staff.channel.empty()) {
        app::message note;
        note.ephemeral = false;
        note.fallback = summary;
        note.blocks.push_back(app::section{app::rich_text{summary}, std::nullopt});
        out.push_back(app::post_message{s.staff.channel, std::move(note)});
      }
      return out;
    });
  }
  // The "did your group meet?" check-in after each round.
  hooks.locked([&](app::services& svc) {
    auto tx = svc.tx.begin();
    auto out = mixitup_checkins(svc, now, [&](const std::string& key) { return svc.job_ledger.claim_job(key, now); });
    if (!out.empty()) hooks.deliver(std::move(out));
    tx->commit();
  });

  // The weekly buddy check: each student whose accepted buddy is behind on their goal hears about it.
  if (const auto check = core::due_occurrence(buddy_time(s), now, zone, s.reflection.skip, window)) {
    fan_out(hooks, "buddy.nudge", "buddy:" + check->key, now,
            [&](app::services& svc) {
              std::vector<core::person> out;
              for (const auto& link : svc.buddies.accepted_buddy_links())
                for (const auto id : {link.requester, link.partner})
                  if (auto p = svc.people.find(id); p && p->is(core::role::student)) out.push_back(std::move(*p));
              return out;
            },
            [&](app::services& svc, const core::person& p) -> std::optional<app::message> {
              if (!svc.nudges.nudges_of(p.id).buddy) return std::nullopt;
              const auto link = svc.tracker().buddy_of(p.id);
              if (!link) return std::nullopt;
              const auto buddy = svc.people.find(link->other(p.id));
              if (!buddy || !buddy->active) return std::nullopt;
              const auto why = core::behind_on_goal(core::progress(*buddy, svc.people, svc.contacts, svc.goals, svc.goal_rules(), svc.today()));
              if (!why) return std::nullopt;
              return buddy_nudge(*buddy, *why);
            });
  }
}

void run_due_jobs(app::router& r, const std::function<void(std::vector<app::effect>)>& deliver) {
  run_due_jobs(job_hooks{[&r](const job_step& step) { step(r.svc()); }, deliver, {}});
}

}  // namespace networkbot::features
