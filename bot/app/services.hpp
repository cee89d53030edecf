#pragma once
// What feature handlers may use: the configuration, the content staff edit, the directory, the clock.
// Everything here is a port or plain data, so the console, the Slack adapter and the tests can each
// provide their own.

#include "config/config.hpp"
#include "config/content.hpp"
#include "core/clock.hpp"
#include "core/confirmations.hpp"
#include "core/goals.hpp"
#include "core/home_visit_store.hpp"
#include "core/intros.hpp"
#include "core/job_ledger.hpp"
#include "core/matching.hpp"
#include "core/mixitup_rounds.hpp"
#include "core/nudge_store.hpp"
#include "core/reflections.hpp"
#include "core/people.hpp"
#include "core/privacy.hpp"
#include "core/storage.hpp"
#include "core/tracker.hpp"

namespace networkbot::app {

struct services {
  const config::settings& settings;
  const config::content& content;
  core::people_directory& people;
  const core::clock& clock;
  // The tracker's storage, a port per concept (contacts with their events, goals with action steps, …).
  core::contact_store& contacts;
  core::goal_store& goals;
  core::correction_store& corrections;
  core::buddy_store& buddies;
  core::nudge_store& nudges;
  core::home_visit_store& home_visits;
  core::transactions& tx;
  core::intro_store& intros;
  core::reflection_store& reflections;
  core::job_ledger& job_ledger;  // which scheduled occurrences have run
  core::mixitup_store& rounds;
  core::privacy_store& privacy;
  core::confirmation_store& confirmations;

  // The tracker's rules over its ports, with the configured follow-up intervals.
  [[nodiscard]] core::tracker tracker() const {
    return core::tracker(contacts, goals, corrections, buddies, tx, clock,
                         core::tracker_rules{settings.tracker.follow_up_days, settings.tracker.takeaway_follow_up_days,
                                            settings.tracker.buddy_request_days});
  }
  [[nodiscard]] core::goal_rules goal_rules() const { return core::goal_rules{settings.goals.quotas}; }
  [[nodiscard]] core::date today() const { return core::day_of(clock.now()); }
  [[nodiscard]] core::match_weights match_weights() const { return settings.matching.weights; }
  // UTC offsets from the tz database, now.
  [[nodiscard]] core::zone_offset zone_offsets() const {
    const auto at = clock.now();
    return [at](std::string_view zone) { return config::utc_offset_minutes(zone, at); };
  }
  [[nodiscard]] core::confirmation_desk confirmation_desk() const { return core::confirmation_desk(confirmations, clock); }
  [[nodiscard]] core::intro_desk intro_desk() const {
    return core::intro_desk(intros, people, contacts, corrections, tx, clock,
                            core::intro_rules{std::chrono::hours{24 * settings.matching.intro_expire_days},
                                              settings.matching.intros_waiting_per_student});
  }
};

// Staff are people with the staff role or whose Slack id the configuration lists.
[[nodiscard]] bool is_staff(const services& s, const core::person& p);

}  // namespace networkbot::app
