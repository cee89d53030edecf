#pragma once
// Mix It Up grouping: students in small group conversations, each led by a Mod 4 student (a Mod 3
// when Mod 4s are too few), as mixed as possible across modules, programs and cohorts, with people who
// met recently kept apart and networking confidence balanced across groups.
//
// make_groups() is a pure function of its inputs and a seed. It states the grouping as a constrained,
// weighted maximally diverse grouping problem and hands it to the grouping engine
// (core/mdgp_engine.hpp), the same engine `mixitup solve-mdgp` measures on MDGPLIB: a pair's weight
// comes from the attributes on which they differ less what meeting again costs (no n × n matrix, so
// 30,000 participants stay within seconds), the leader rule becomes class bounds per group, and
// confidence the balanced value.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/people.hpp"

namespace networkbot::core::mixitup {

// A Slack group DM holds at most eight people besides the bot.
inline constexpr int largest_group = 8;

struct participant {
  person_id id = 0;
  int module = -1;                    // 0..4; -1 unknown
  std::string program;                // "FE", "BE", …; empty unknown
  std::string cohort;                 // "2108", …; empty unknown
  int confidence = 0;                 // networking confidence 1..5; 0 unknown
  std::optional<leader_rank> leader;  // who may lead: mixitup_leader_rank()
};

// The groups of one past round. Rounds are given most recent first.
struct past_round {
  std::vector<std::vector<person_id>> groups;
};

struct settings {
  int min_size = 4;
  int max_size = 6;  // at most largest_group
  // Diversity: each pair in a group that differs in an attribute scores that attribute's weight
  // (a pair where either value is unknown scores nothing for it).
  double module_weight = 1.0;
  double program_weight = 1.0;
  double cohort_weight = 1.0;
  // A pair that shared a group in round r of the last `repeat_window` rounds (r = 0 the most recent)
  // costs repeat_weight × (repeat_window − r) / repeat_window, summed over the rounds they met. With
  // the defaults a pair adds at most 3 to diversity, so meeting again within three rounds (10, 7.5, 5)
  // always costs more than it can gain; four rounds ago it costs 2.5.
  int repeat_window = 4;
  double repeat_weight = 10.0;
  // Confidence balance: costs confidence_weight × Σ_groups k_g (mean_g − mean)², the between-group
  // sum of squares of the known confidences (k_g of them in group g, mean_g their mean).
  double confidence_weight = 1.0;
  // The search's budget in judged moves and swaps; 0 gives each participant 1,000 (about 2 s for
  // 30,000 people on one core; quality levels off from about 500).
  std::uint64_t work_limit = 0;
};

// How mixed a group is.
struct group_spread {
  int modules = 0;   // distinct known modules
  int programs = 0;  // distinct known programs
  int cohorts = 0;   // distinct known cohorts
  double mean_confidence = 0;  // of the known confidences; 0 when none is known
};

struct group {
  std::vector<person_id> members;
  std::optional<person_id> leader;  // the best-ranked leader among the members (the first in input order)
  group_spread spread;
};

struct report {
  double objective = 0;  // what the search maximised: diversity − repeat_cost − confidence_weight × confidence_cost
  double diversity = 0;           // weighted pairs that differ, summed over groups and attributes
  double diversity_bound = 0;     // the same if every pair differed in every attribute both know
  double repeat_cost = 0;
  double confidence_cost = 0;
  double confidence_spread = 0;   // standard deviation of the groups' mean confidence
  int groups_without_leader = 0;
  int repeated_pairs = 0;         // pairs grouped again that met within the repeat window
  // What could not be done as asked, which and why, in plain words for staff. Empty when all is well.
  std::vector<std::string> problems;
  std::uint64_t work = 0;         // moves and swaps judged
};

struct grouping {
  std::vector<group> groups;
  report summary;
};

// What is wrong with the settings, one sentence each (sizes out of 2..8 or min above max, negative or
// non-finite weights, a negative window or one over 52 rounds). Empty when they are usable.
[[nodiscard]] std::vector<std::string> check_settings(const settings& s);

// Everyone placed exactly once (a participant listed twice counts once, reported). The number of
// groups is the one whose sizes fit [min_size, max_size] with sizes closest to the middle of that
// range, made fewer (larger groups) when that lets every group have a leader; when no number fits, the
// closest one that never exceeds max_size, reported; fewer people than min_size form one group,
// reported. Hard constraints: every group has a leader when there are enough leaders (Mod 4s first,
// Mod 3s only when Mod 4s are too few, and then no group gets two Mod 4s); otherwise no group has two
// while another has none. Within them the engine maximises the objective above (a greedy start and an
// iterated local search over moves and swaps), within the work limit or until should_stop (asked every
// few thousand judgements) says to stop. With settings check_settings refuses: no groups, and the
// reasons as problems. Pure and deterministic for a given seed and work limit.
[[nodiscard]] grouping make_groups(std::span<const participant> people, std::span<const past_round> history,
                                   const settings& s, std::uint64_t seed, std::function<bool()> should_stop = {});

// The report (and spreads and leaders) of any grouping of these people under these settings: how the
// tests and the benchmark compare make_groups against a random shuffle. No problems are filled in;
// people in `groups` who are not participants are ignored.
[[nodiscard]] grouping assess(std::span<const participant> people, std::span<const past_round> history,
                              const settings& s, const std::vector<std::vector<person_id>>& groups);

// A seeded random grouping with the same group sizes as `like`: the baseline a grouping is measured
// against (what a shuffle in a spreadsheet would give).
[[nodiscard]] std::vector<std::vector<person_id>> random_groups_like(std::span<const participant> people,
                                                                     const std::vector<group>& like, std::uint64_t seed);

}  // namespace networkbot::core::mixitup
