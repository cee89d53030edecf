#pragma once
// The grouping engine: one optimiser for a constrained, weighted maximally diverse grouping problem.
// Mix It Up (core/mixitup.hpp) builds a `problem` from people and calls solve(); `mixitup solve-mdgp`
// and the benchmark build one from an MDGPLIB file (core/mdgp.hpp) and call the same solve(), so what
// is measured against the literature is what forms students' groups.
//
// The objective, to maximise: Σ over pairs in the same group of w(i, j), minus balance_weight ×
// Σ_groups k_g (mean_g − mean)², the between-group sum of squares of the elements' balance values
// (k_g known values in group g, mean_g their mean, mean that of all known values). The pair weight
// w(i, j) is either read from a dense n × n matrix (MDGPLIB) or computed from categorical attributes
// (each attribute both elements know and on which they differ adds its weight) plus a sparse list of
// adjustments (a pair that met recently costs something).
//
// Hard constraints: every group's size within its bounds; per class (a set of elements, such as those
// who may lead) every group's count within the class's bounds; pairs kept apart never share a group.
// A constraint the start cannot meet (too few leaders, say) is kept as well as it can be: the search
// never makes it worse, and solution::feasible says whether all of them hold.
//
// The search: a greedy start, then iterated local search (Lai & Hao's iterated maxima search shape):
// a descent over the move and swap neighbourhoods, element by element from a queue; a weak
// perturbation of a few random changes followed by descent, kept when it is no worse and undone
// otherwise; after a stall, a strong perturbation of the best assignment found. The budget is counted
// work (neighbours judged, plus changes applied in the same unit), so the same seed and work give the
// same assignment on any machine; the engine never reads a clock. A caller may still pass should_stop
// (asked every few thousand units) to cap wall-clock time, at the cost of reproducibility.

#include <cstdint>
#include <functional>
#include <span>
#include <utility>
#include <vector>

#include "core/mdgp.hpp"

namespace networkbot::core::mdgp {

struct problem {
  int elements = 0;                  // n
  std::vector<group_bounds> bounds;  // one per group

  // Pair weights, dense: n × n, symmetric, zero diagonal. When empty, the attribute form is used.
  std::vector<double> dense;
  // Pair weights, attribute form: attribute_value holds n rows of attribute_weight.size() values,
  // -1 unknown; adjustments[i] lists (j, extra weight) for the pairs whose weight differs from the
  // attributes' (both directions present, sorted by j).
  std::vector<double> attribute_weight;
  std::vector<int> attribute_value;
  std::vector<std::vector<std::pair<int, double>>> adjustments;

  // Classes: class_of[i] is a bit mask of the classes element i is in (empty: no classes); every
  // group must hold between class_bounds[c].min and class_bounds[c].max members of class c.
  std::vector<unsigned> class_of;
  std::vector<group_bounds> class_bounds;

  // Pairs that must never share a group.
  std::vector<std::pair<int, int>> apart;

  // Balance: balance_value[i] > 0 is element i's value, 0 unknown (empty: no balance term).
  std::vector<int> balance_value;
  double balance_weight = 0;

  [[nodiscard]] int groups() const { return static_cast<int>(bounds.size()); }
  // w(i, j) from whichever form is given: O(1) dense, O(attributes + adjustments of i) otherwise.
  [[nodiscard]] double weight(int i, int j) const;
};

// The plain MDGP of an MDGPLIB instance: its bounds and dense distances, no classes or balance.
[[nodiscard]] problem as_problem(const instance& inst);

struct budget {
  std::uint64_t work = 0;            // units of work (neighbours judged); 0 solves nothing beyond the start
  std::function<bool()> should_stop;  // optional; true ends the search with the best so far
};

struct solution {
  std::vector<int> group_of;  // the group of each element, 0-based
  double objective = 0;       // kept incrementally; equals objective(p, group_of) up to rounding
  std::uint64_t work = 0;     // units spent
  std::uint64_t rounds = 0;   // perturbations tried
  bool stopped = false;       // should_stop ended the search before the work ran out
  bool feasible = false;      // every hard constraint holds
};

// The best assignment found. The problem must have sizes that can hold every element (sum of minimums
// ≤ n ≤ sum of maximums) and consistent vectors; pure for a given seed and work unless should_stop
// cuts the search.
[[nodiscard]] solution solve(const problem& p, std::uint64_t seed, const budget& b);

// The objective of an assignment, from scratch (every pair, every group): how tests check solve().
[[nodiscard]] double objective(const problem& p, std::span<const int> group_of);
// Whether every element has a group in range and every hard constraint holds.
[[nodiscard]] bool is_feasible(const problem& p, std::span<const int> group_of);

}  // namespace networkbot::core::mdgp
