#pragma once
// An optimiser for the general MDGP (core/mdgp.hpp): a greedy feasible start, then iterated tabu
// search over the move (one element to another group, when both groups' bounds allow) and swap (two
// elements of different groups) neighbourhoods, after Palubeckis et al.'s iterated tabu search and
// the three-phase search of Yang et al. (EJOR 2022): each round runs tabu search until it stalls, then
// perturbs the best assignment found by random swaps of random strength and searches again.
//
// Every gain is incremental: for each element i and group g the solver keeps D[i][g], the sum of d(i, j)
// over the members j of g, so a move or swap is judged in O(1) and applied in O(n).
//
// The budget is a count of neighbours judged (deterministic: the same seed and work limit give the same
// assignment on any machine), and optionally a stop callback, asked every so often, through which a
// caller can impose wall-clock time; the solver itself never reads a clock.

#include <cstdint>
#include <functional>
#include <vector>

#include "core/mdgp.hpp"

namespace networkbot::core::mdgp {

struct solver_options {
  std::uint64_t work_limit = 20'000'000'000ULL;  // neighbours judged, in total
  std::function<bool()> should_stop;              // optional; true ends the search with the best so far
};

struct solution {
  std::vector<int> group_of;  // the group of each element, 0-based
  double objective = 0;       // kept incrementally; equals mdgp::objective(inst, group_of) up to rounding
  std::uint64_t work = 0;     // neighbours judged
  std::uint64_t rounds = 0;   // tabu searches run (one per perturbation, plus the first)
  bool stopped = false;       // should_stop ended the search before the work limit
};

// A feasible assignment of the best objective found. The instance must be one read_instance accepts
// (bounds that can hold every element). Pure: the same inputs give the same solution, unless
// should_stop cuts the search at a different point.
[[nodiscard]] solution solve(const instance& inst, std::uint64_t seed, const solver_options& options = {});

}  // namespace networkbot::core::mdgp
