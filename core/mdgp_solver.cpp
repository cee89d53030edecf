#include "core/mdgp_solver.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

#include "core/clock.hpp"

namespace networkbot::core::mdgp {

namespace {

using index = std::size_t;

// How often, in neighbours judged, the stop callback is asked: often enough to stop within a few
// milliseconds, rarely enough that a callback reading a clock costs nothing measurable.
constexpr std::uint64_t stop_check_every = 1u << 18;
// Gains closer than this are ties: the distances are sums of reals, and rounding must not decide.
constexpr double epsilon = 1e-9;

// An assignment with its incremental bookkeeping. `gain_[i*m+g]` is D[i][g] = Σ_{j in g} d(i, j);
// `own_[i]` caches D[i][group_of[i]] so the swap scan reads one array in its inner loop.
class state {
 public:
  explicit state(const instance& inst)
      : inst_(&inst),
        n_(static_cast<index>(inst.elements)),
        m_(static_cast<index>(inst.groups())),
        group_of_(n_, -1),
        size_(m_, 0),
        gain_(n_ * m_, 0.0),
        own_(n_, 0.0) {}

  [[nodiscard]] index n() const { return n_; }
  [[nodiscard]] index m() const { return m_; }
  [[nodiscard]] int group(index i) const { return group_of_[i]; }
  [[nodiscard]] int size(index g) const { return size_[g]; }
  [[nodiscard]] double value() const { return value_; }
  [[nodiscard]] double gain(index i, index g) const { return gain_[i * m_ + g]; }
  [[nodiscard]] double own(index i) const { return own_[i]; }
  [[nodiscard]] const std::vector<int>& assignment() const { return group_of_; }
  [[nodiscard]] double d(index i, index j) const { return inst_->distance[i * n_ + j]; }

  // Puts an unplaced element into g.
  void place(index i, index g) {
    value_ += gain(i, g);
    group_of_[i] = static_cast<int>(g);
    ++size_[g];
    const double* row = &inst_->distance[i * n_];
    for (index k = 0; k < n_; ++k) gain_[k * m_ + g] += row[k];
    refresh_own();
  }

  // Moves element i to group h (h differs from its group): O(n).
  void move(index i, index h) {
    const auto g = static_cast<index>(group_of_[i]);
    value_ += gain(i, h) - gain(i, g);
    shift(i, g, h);
    refresh_own();
  }

  // Swaps elements i and j of different groups: O(n).
  void swap(index i, index j) {
    const auto g = static_cast<index>(group_of_[i]), h = static_cast<index>(group_of_[j]);
    value_ += swap_gain(i, j);
    shift(i, g, h);
    shift(j, h, g);
    refresh_own();
  }

  [[nodiscard]] double swap_gain(index i, index j) const {
    const auto g = static_cast<index>(group_of_[i]), h = static_cast<index>(group_of_[j]);
    return gain(i, h) - own_[i] + gain(j, g) - own_[j] - 2 * d(i, j);
  }

  // Replaces the whole assignment (a complete, feasible one) and rebuilds the bookkeeping: O(n²).
  void assign(const std::vector<int>& group_of, double value) {
    group_of_ = group_of;
    std::fill(size_.begin(), size_.end(), 0);
    std::fill(gain_.begin(), gain_.end(), 0.0);
    for (index j = 0; j < n_; ++j) {
      const auto g = static_cast<index>(group_of_[j]);
      ++size_[g];
      const double* row = &inst_->distance[j * n_];
      for (index k = 0; k < n_; ++k) gain_[k * m_ + g] += row[k];
    }
    value_ = value;
    refresh_own();
  }

 private:
  void shift(index i, index g, index h) {
    group_of_[i] = static_cast<int>(h);
    --size_[g];
    ++size_[h];
    const double* row = &inst_->distance[i * n_];
    for (index k = 0; k < n_; ++k) {
      gain_[k * m_ + g] -= row[k];
      gain_[k * m_ + h] += row[k];
    }
  }
  void refresh_own() {
    for (index k = 0; k < n_; ++k)
      own_[k] = group_of_[k] < 0 ? 0.0 : gain_[k * m_ + static_cast<index>(group_of_[k])];
  }

  const instance* inst_;
  index n_, m_;
  std::vector<int> group_of_;
  std::vector<int> size_;
  std::vector<double> gain_;
  std::vector<double> own_;
  double value_ = 0;
};

// The solver's run: the state, the best assignment, the tabu list and the budget.
class search {
 public:
  search(const instance& inst, std::uint64_t seed, const solver_options& options)
      : inst_(inst), options_(options), rng_(seed), s_(inst), tabu_until_(s_.n() * s_.m(), 0) {}

  solution run() {
    greedy_start();
    best_ = s_.assignment();
    best_value_ = s_.value();
    while (!out_of_budget()) {
      tabu_search();
      ++rounds_;
      if (out_of_budget()) break;
      s_.assign(best_, best_value_);
      perturb();
    }
    return solution{best_, best_value_, work_, rounds_, stopped_};
  }

 private:
  bool out_of_budget() {
    if (stopped_ || work_ >= options_.work_limit) return true;
    if (work_ >= next_stop_check_) {
      next_stop_check_ = work_ + stop_check_every;
      if (options_.should_stop && options_.should_stop()) stopped_ = true;
    }
    return stopped_;
  }

  // Elements in a random order; each first fills the groups still under their minimum, then any
  // group with room, choosing the group it adds the most distance to (ties at random).
  void greedy_start() {
    std::vector<index> order(s_.n());
    std::iota(order.begin(), order.end(), index{0});
    for (index i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng_.below(i)]);
    int short_of_minimum = 0;
    for (const auto& b : inst_.bounds) short_of_minimum += b.min;
    for (index i : order) {
      const bool fill_minimums = short_of_minimum > 0;
      index chosen = s_.m();
      double chosen_gain = -std::numeric_limits<double>::infinity();
      std::uint64_t ties = 0;
      for (index g = 0; g < s_.m(); ++g) {
        const auto& b = inst_.bounds[g];
        if (fill_minimums ? s_.size(g) >= b.min : s_.size(g) >= b.max) continue;
        const double gain = s_.gain(i, g);
        if (gain > chosen_gain + epsilon) {
          chosen = g, chosen_gain = gain, ties = 1;
        } else if (gain > chosen_gain - epsilon && rng_.below(++ties) == 0) {
          chosen = g;
        }
      }
      if (fill_minimums) --short_of_minimum;
      s_.place(i, chosen);
      work_ += s_.m();
    }
  }

  bool tabu(index i, index g) const { return tabu_until_[i * s_.m() + g] > iteration_; }
  void make_tabu(index i, index g) { tabu_until_[i * s_.m() + g] = iteration_ + tenure(); }
  // Random within [n/10, n/5] (at least 5..10): long enough to leave a local optimum's basin, short
  // enough not to forbid most of the neighbourhood of a small instance.
  std::uint64_t tenure() {
    const std::uint64_t base = std::max<std::uint64_t>(5, s_.n() / 10);
    return base + rng_.below(base + 1);
  }

  // Best-improvement tabu search from the current assignment until `stall` iterations pass without a
  // new best of this round. A tabu neighbour is taken only when it beats the round's best (aspiration).
  void tabu_search() {
    const index n = s_.n(), m = s_.m();
    const std::uint64_t stall = std::max<std::uint64_t>(1000, 10 * n);
    double round_best = s_.value();
    std::uint64_t since_best = 0;
    while (since_best < stall && !out_of_budget()) {
      ++iteration_;
      ++since_best;
      // The chosen neighbour: a move of i to h (j == n), or a swap of i and j.
      index bi = n, bj = n, bh = m;
      double bdelta = -std::numeric_limits<double>::infinity();
      std::uint64_t ties = 0;
      const auto consider = [&](double delta, bool is_tabu, index i, index j, index h) {
        if (is_tabu && s_.value() + delta <= round_best + epsilon) return;
        if (delta > bdelta + epsilon) {
          bdelta = delta, bi = i, bj = j, bh = h, ties = 1;
        } else if (delta > bdelta - epsilon && rng_.below(++ties) == 0) {
          bi = i, bj = j, bh = h;
        }
      };
      std::uint64_t judged = 0;
      for (index i = 0; i < n; ++i) {
        const auto g = static_cast<index>(s_.group(i));
        if (s_.size(g) > inst_.bounds[g].min) {
          for (index h = 0; h < m; ++h) {
            if (h == g || s_.size(h) >= inst_.bounds[h].max) continue;
            consider(s_.gain(i, h) - s_.own(i), tabu(i, h), i, n, h);
            ++judged;
          }
        }
        for (index j = i + 1; j < n; ++j) {
          const auto h = static_cast<index>(s_.group(j));
          if (h == g) continue;
          const double delta = s_.swap_gain(i, j);
          ++judged;
          // Cheap rejection first: most swaps are worse than the best seen and need no tabu test.
          if (delta < bdelta - epsilon) continue;
          consider(delta, tabu(i, h) || tabu(j, g), i, j, h);
        }
      }
      work_ += judged;
      if (bi == n) break;  // everything tabu and nothing aspirates: start a new round
      const auto g = static_cast<index>(s_.group(bi));
      if (bj == n) {
        s_.move(bi, bh);
        make_tabu(bi, g);
      } else {
        s_.swap(bi, bj);
        make_tabu(bi, g);
        make_tabu(bj, bh);
      }
      work_ += 2 * n;
      if (s_.value() > round_best + epsilon) {
        round_best = s_.value();
        since_best = 0;
        if (round_best > best_value_ + epsilon) {
          best_value_ = round_best;
          best_ = s_.assignment();
        }
      }
    }
  }

  // Random swaps (and, where bounds leave room, random moves) of strength 5–15 % of n: enough to leave
  // the basin of the best assignment, little enough to keep most of its structure.
  void perturb() {
    const index n = s_.n(), m = s_.m();
    const index lo = std::max<index>(2, n / 20), hi = std::max<index>(lo + 1, (3 * n) / 20);
    const index strength = lo + static_cast<index>(rng_.below(hi - lo + 1));
    for (index step = 0; step < strength; ++step) {
      const auto i = static_cast<index>(rng_.below(n));
      const auto g = static_cast<index>(s_.group(i));
      if (rng_.below(4) == 0 && s_.size(g) > inst_.bounds[g].min) {
        const auto h = static_cast<index>(rng_.below(m));
        if (h != g && s_.size(h) < inst_.bounds[h].max) {
          s_.move(i, h);
          make_tabu(i, g);
          continue;
        }
      }
      const auto j = static_cast<index>(rng_.below(n));
      const auto h = static_cast<index>(s_.group(j));
      if (h == g) continue;
      s_.swap(i, j);
      make_tabu(i, g);
      make_tabu(j, h);
    }
    work_ += strength * 2 * n;
  }

  const instance& inst_;
  const solver_options& options_;
  random_source rng_;
  state s_;
  std::vector<std::uint64_t> tabu_until_;
  std::uint64_t iteration_ = 0;
  std::vector<int> best_;
  double best_value_ = 0;
  std::uint64_t work_ = 0;
  std::uint64_t rounds_ = 0;
  std::uint64_t next_stop_check_ = stop_check_every;
  bool stopped_ = false;
};

}  // namespace

solution solve(const instance& inst, std::uint64_t seed, const solver_options& options) {
  search s(inst, seed, options);
  return s.run();
}

}  // namespace networkbot::core::mdgp
