#include "core/mdgp_engine.hpp"

#include <algorithm>
#include <bit>
#include <limits>
#include <numeric>

#include "core/clock.hpp"

namespace networkbot::core::mdgp {

namespace {

using index = std::size_t;
constexpr index none = static_cast<index>(-1);
// Gains closer than this are ties: weights are sums of reals, and rounding must not decide.
constexpr double epsilon = 1e-9;
// How often, in units of work, should_stop is asked: often enough to stop within milliseconds, rarely
// enough that a callback reading a clock costs nothing measurable.
constexpr std::uint64_t stop_check_every = 1u << 14;
// The dense table of D[i][g] = Σ_{j in g} w(i, j) makes judging a neighbour O(1) and applying one O(n).
// It is kept when the weights are dense (reading members would cost O(group size) per judgement) and
// it fits in this many entries (256 MB); otherwise gains are read from the members of the two groups.
constexpr index largest_table = index{1} << 25;
// Groups judged per element per visit when the table is not kept and there are more: enough to find
// an improving change most of the time, few enough that a visit costs the same at 30,000 elements as
// at 300.
constexpr index sampled_groups = 12;

double balance_term(double sum, int known, double mean) {
  return known == 0 ? 0.0 : (sum - known * mean) * (sum - known * mean) / known;
}

bool within(const group_bounds& b, int count) { return count >= b.min && count <= b.max; }

// An assignment with its incremental bookkeeping: members per group, class counts, balance sums,
// and each element's affinity to its own group (own_[i] = Σ_{j in its group} w(i, j)).
class state {
 public:
  explicit state(const problem& p)
      : p_(p),
        n_(static_cast<index>(p.elements)),
        m_(static_cast<index>(p.groups())),
        classes_(p.class_bounds.size()),
        table_(!p.dense.empty() && n_ * m_ <= largest_table),
        group_of_(n_, -1),
        slot_(n_, 0),
        members_(m_),
        counts_(classes_ * m_, 0),
        balance_sum_(m_, 0.0),
        balance_known_(m_, 0),
        own_(n_, 0.0),
        apart_(n_) {
    if (table_) d_.assign(n_ * m_, 0.0);
    for (const auto& [a, b] : p.apart) {
      apart_[static_cast<index>(a)].push_back(b);
      apart_[static_cast<index>(b)].push_back(a);
    }
    double sum = 0;
    int known = 0;
    for (int v : p.balance_value)
      if (v > 0) sum += v, ++known;
    balance_mean_ = known > 0 ? sum / known : 0.0;
  }

  [[nodiscard]] index n() const { return n_; }
  [[nodiscard]] index m() const { return m_; }
  [[nodiscard]] bool table() const { return table_; }
  [[nodiscard]] int group(index i) const { return group_of_[i]; }
  [[nodiscard]] int size(index g) const { return static_cast<int>(members_[g].size()); }
  [[nodiscard]] const std::vector<int>& members(index g) const { return members_[g]; }
  [[nodiscard]] double value() const { return value_; }
  [[nodiscard]] const std::vector<int>& assignment() const { return group_of_; }
  [[nodiscard]] unsigned mask(index i) const { return p_.class_of.empty() ? 0u : p_.class_of[i]; }
  [[nodiscard]] int count(index c, index g) const { return counts_[c * m_ + g]; }
  [[nodiscard]] int balance(index i) const { return p_.balance_value.empty() ? 0 : p_.balance_value[i]; }

  [[nodiscard]] double w(index i, index j) const { return p_.weight(static_cast<int>(i), static_cast<int>(j)); }

  // Σ_{j in g, j ≠ i} w(i, j).
  [[nodiscard]] double affinity(index i, index g) const {
    if (table_) return d_[i * m_ + g];
    double total = 0;
    if (!p_.dense.empty()) {
      const double* row = &p_.dense[i * n_];
      for (int j : members_[g]) total += row[static_cast<index>(j)];
      return total;
    }
    const index attributes = p_.attribute_weight.size();
    const int* x = &p_.attribute_value[i * attributes];
    for (int j : members_[g]) {
      if (static_cast<index>(j) == i) continue;
      const int* y = &p_.attribute_value[static_cast<index>(j) * attributes];
      for (index a = 0; a < attributes; ++a)
        if (x[a] >= 0 && y[a] >= 0 && x[a] != y[a]) total += p_.attribute_weight[a];
    }
    if (!p_.adjustments.empty())
      for (const auto& [j, extra] : p_.adjustments[i])
        if (group_of_[static_cast<index>(j)] == static_cast<int>(g)) total += extra;
    return total;
  }
  [[nodiscard]] double own(index i) const { return own_[i]; }

  // The change in the balance cost (before its weight) when value `out` leaves g for h and `in` comes
  // back from h.
  [[nodiscard]] double balance_change(index g, index h, int out, int in) const {
    if (out == in || p_.balance_weight == 0) return 0;
    const double delta_sum = static_cast<double>(in - out);
    const int delta_known = (in > 0) - (out > 0);
    const double before = balance_term(balance_sum_[g], balance_known_[g], balance_mean_) +
                          balance_term(balance_sum_[h], balance_known_[h], balance_mean_);
    const double after = balance_term(balance_sum_[g] + delta_sum, balance_known_[g] + delta_known, balance_mean_) +
                         balance_term(balance_sum_[h] - delta_sum, balance_known_[h] - delta_known, balance_mean_);
    return after - before;
  }

  // Gains, unchecked against the constraints. p_in_h is affinity(i, h), worked out once per group.
  [[nodiscard]] double move_gain(index i, index h, double i_in_h) const {
    const auto g = static_cast<index>(group_of_[i]);
    return i_in_h - own_[i] - p_.balance_weight * balance_change(g, h, balance(i), 0);
  }
  [[nodiscard]] double swap_gain(index i, index j, double i_in_h) const {
    const auto g = static_cast<index>(group_of_[i]), h = static_cast<index>(group_of_[j]);
    return i_in_h + affinity(j, g) - 2 * w(i, j) - own_[i] - own_[j] -
           p_.balance_weight * balance_change(g, h, balance(i), balance(j));
  }

  // The hard constraints of a change, given that the assignment holds them (or, for a constraint the
  // start could not meet, that the change does not make a group newly break one).
  [[nodiscard]] bool can_move(index i, index h) const {
    const auto g = static_cast<index>(group_of_[i]);
    if (size(g) <= p_.bounds[g].min || size(h) >= p_.bounds[h].max) return false;
    for (unsigned bits = mask(i); bits != 0; bits &= bits - 1) {
      const auto c = static_cast<index>(std::countr_zero(bits));
      if (!within(p_.class_bounds[c], count(c, g) - 1) || !within(p_.class_bounds[c], count(c, h) + 1)) return false;
    }
    for (int other : apart_[i])
      if (group_of_[static_cast<index>(other)] == static_cast<int>(h)) return false;
    return true;
  }
  [[nodiscard]] bool can_swap(index i, index j) const {
    const auto g = static_cast<index>(group_of_[i]), h = static_cast<index>(group_of_[j]);
    for (unsigned bits = mask(i) ^ mask(j); bits != 0; bits &= bits - 1) {
      const auto c = static_cast<index>(std::countr_zero(bits));
      const int delta = ((mask(j) >> c) & 1u) ? 1 : -1;  // what g gains in class c
      if (!within(p_.class_bounds[c], count(c, g) + delta) || !within(p_.class_bounds[c], count(c, h) - delta)) return false;
    }
    for (int other : apart_[i])
      if (static_cast<index>(other) != j && group_of_[static_cast<index>(other)] == static_cast<int>(h)) return false;
    for (int other : apart_[j])
      if (static_cast<index>(other) != i && group_of_[static_cast<index>(other)] == static_cast<int>(g)) return false;
    return true;
  }

  // Whether i could join g during the start: room, class maximums, nobody to keep apart from.
  [[nodiscard]] bool can_place(index i, index g) const {
    if (size(g) >= p_.bounds[g].max) return false;
    for (unsigned bits = mask(i); bits != 0; bits &= bits - 1) {
      const auto c = static_cast<index>(std::countr_zero(bits));
      if (count(c, g) + 1 > p_.class_bounds[c].max) return false;
    }
    for (int other : apart_[i])
      if (group_of_[static_cast<index>(other)] == static_cast<int>(g)) return false;
    return true;
  }

  // Puts an unplaced element into g.
  void place(index i, index g) {
    value_ += affinity(i, g) - p_.balance_weight * balance_join(g, balance(i));
    join(i, g);
    refresh(g);
  }

  // Applies a change the caller judged (or is undoing); returns the work it cost.
  std::uint64_t move(index i, index h) {
    const auto g = static_cast<index>(group_of_[i]);
    value_ += move_gain(i, h, affinity(i, h));
    leave(i);
    join(i, h);
    refresh(g);
    refresh(h);
    return cost_of_change(g, h);
  }
  std::uint64_t swap(index i, index j) {
    const auto g = static_cast<index>(group_of_[i]), h = static_cast<index>(group_of_[j]);
    value_ += swap_gain(i, j, affinity(i, h));
    leave(i);
    leave(j);
    join(i, h);
    join(j, g);
    refresh(g);
    refresh(h);
    return cost_of_change(g, h);
  }

  // Replaces the whole assignment by one of this problem with the given value.
  void assign(const std::vector<int>& group_of, double value) {
    for (index i = 0; i < n_; ++i)
      if (group_of_[i] != group_of[i]) {
        leave(i);
        join(i, static_cast<index>(group_of[i]));
      }
    if (table_) refresh(0);  // in table mode one refresh covers every element
    else
      for (index g = 0; g < m_; ++g) refresh(g);
    value_ = value;
  }

 private:
  double balance_join(index g, int v) const {
    if (v == 0 || p_.balance_weight == 0) return 0;
    return balance_term(balance_sum_[g] + v, balance_known_[g] + 1, balance_mean_) -
           balance_term(balance_sum_[g], balance_known_[g], balance_mean_);
  }
  std::uint64_t cost_of_change(index g, index h) const {
    return table_ ? 2 * n_ : static_cast<std::uint64_t>(size(g) + size(h));
  }
  void join(index i, index g) {
    group_of_[i] = static_cast<int>(g);
    slot_[i] = members_[g].size();
    members_[g].push_back(static_cast<int>(i));
    for (unsigned bits = mask(i); bits != 0; bits &= bits - 1) ++counts_[static_cast<index>(std::countr_zero(bits)) * m_ + g];
    if (const int v = balance(i); v > 0) balance_sum_[g] += v, ++balance_known_[g];
    if (table_) {
      const double* row = &p_.dense[i * n_];
      for (index k = 0; k < n_; ++k) d_[k * m_ + g] += row[k];
    }
  }
  void leave(index i) {
    const auto g = static_cast<index>(group_of_[i]);
    auto& list = members_[g];
    const int last = list.back();
    list[slot_[i]] = last;
    slot_[static_cast<index>(last)] = slot_[i];
    list.pop_back();
    group_of_[i] = -1;
    for (unsigned bits = mask(i); bits != 0; bits &= bits - 1) --counts_[static_cast<index>(std::countr_zero(bits)) * m_ + g];
    if (const int v = balance(i); v > 0) balance_sum_[g] -= v, --balance_known_[g];
    if (table_) {
      const double* row = &p_.dense[i * n_];
      for (index k = 0; k < n_; ++k) d_[k * m_ + g] -= row[k];
    }
  }
  // own_ for the members of g (in table mode, every element's own value can have changed).
  void refresh(index g) {
    if (table_) {
      for (index k = 0; k < n_; ++k)
        if (group_of_[k] >= 0) own_[k] = d_[k * m_ + static_cast<index>(group_of_[k])];
      return;
    }
    for (int i : members_[g]) own_[static_cast<index>(i)] = affinity(static_cast<index>(i), g);
  }

  const problem& p_;
  index n_, m_, classes_;
  bool table_;
  std::vector<int> group_of_;
  std::vector<index> slot_;
  std::vector<std::vector<int>> members_;
  std::vector<int> counts_;  // classes × groups
  std::vector<double> balance_sum_;
  std::vector<int> balance_known_;
  std::vector<double> own_;
  std::vector<double> d_;  // n × m, only in table mode
  std::vector<std::vector<int>> apart_;
  double balance_mean_ = 0;
  double value_ = 0;
};

// The search's run: the state, the best assignment, the queue of elements to revisit and the budget.
class search {
 public:
  search(const problem& p, std::uint64_t seed, const budget& b)
      : p_(p), budget_(b), rng_(seed), s_(p), queued_(s_.n(), 0) {}

  solution run() {
    start();
    const index n = s_.n();
    if (s_.m() >= 2 && n >= 2) {
      for (index i : shuffled()) enqueue(i);
      descend();
      // Rounds without a new best before the strong perturbation: enough weak rounds to search the
      // neighbourhood of a local optimum, few enough to leave it while the budget lasts.
      const std::uint64_t stall_limit = std::max<std::uint64_t>(200, 2 * n);
      std::uint64_t stall = 0;
      best_value_ = s_.value();
      while (!out_of_budget()) {
        ++rounds_;
        const double before = s_.value();
        log_.clear();
        logging_ = true;
        perturb(1 + static_cast<index>(rng_.below(3)));
        descend();
        logging_ = false;
        if (s_.value() < before - epsilon) {
          undo();
        } else if (s_.value() > best_value_ + epsilon) {
          best_value_ = s_.value();
          best_.clear();  // the current assignment is the best; copied only when about to leave it
          stall = 0;
        }
        if (++stall < stall_limit || out_of_budget()) continue;
        stall = 0;
        if (best_.empty() || s_.value() > best_value_ - epsilon) {
          best_ = s_.assignment();
          best_value_ = s_.value();
        } else {
          s_.assign(best_, best_value_);
          work_ += n;
        }
        const index lo = std::max<index>(2, n / 20), hi = std::max<index>(lo + 1, (3 * n) / 20);
        perturb(lo + static_cast<index>(rng_.below(hi - lo + 1)));
        descend();
      }
      if (!best_.empty() && best_value_ > s_.value() + epsilon) s_.assign(best_, best_value_);
    }
    solution out;
    out.group_of = s_.assignment();
    out.objective = s_.value();
    out.work = work_;
    out.rounds = rounds_;
    out.stopped = stopped_;
    out.feasible = is_feasible(p_, out.group_of);
    return out;
  }

 private:
  std::vector<index> shuffled() {
    std::vector<index> order(s_.n());
    std::iota(order.begin(), order.end(), index{0});
    for (index i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng_.below(i)]);
    return order;
  }

  bool out_of_budget() {
    if (stopped_ || work_ >= budget_.work) return true;
    if (work_ >= next_stop_check_) {
      next_stop_check_ = work_ + stop_check_every;
      if (budget_.should_stop && budget_.should_stop()) stopped_ = true;
    }
    return stopped_;
  }

  // The greedy start. Elements in a random order, those in more classes first (leaders before the
  // rest); each joins, among the groups it may join, first those short of a class it belongs to, then
  // those short of their minimum size, then any; among those the one it adds the most to (ties at
  // random). With many groups and no table, a random window of a few qualifying groups is judged.
  void start() {
    const index n = s_.n(), m = s_.m();
    auto order = shuffled();
    std::stable_sort(order.begin(), order.end(),
                     [&](index a, index b) { return std::popcount(s_.mask(a)) > std::popcount(s_.mask(b)); });
    int short_of_minimum = 0;
    for (const auto& b : p_.bounds) short_of_minimum += b.min;
    const index window = s_.table() || m <= 2 * sampled_groups ? m : sampled_groups;
    std::vector<index> candidates;
    for (index i : order) {
      const unsigned mask = s_.mask(i);
      const auto lacks_class = [&](index g) {
        for (unsigned bits = mask; bits != 0; bits &= bits - 1) {
          const auto c = static_cast<index>(std::countr_zero(bits));
          if (s_.count(c, g) < p_.class_bounds[c].min) return true;
        }
        return false;
      };
      const auto collect = [&](auto&& wanted) {
        candidates.clear();
        const auto offset = static_cast<index>(rng_.below(m));
        for (index k = 0; k < m && candidates.size() < window; ++k) {
          const index g = (offset + k) % m;
          if (wanted(g)) candidates.push_back(g);
        }
        work_ += m;
        return !candidates.empty();
      };
      const bool found =
          (mask != 0 && collect([&](index g) { return s_.can_place(i, g) && lacks_class(g); })) ||
          (short_of_minimum > 0 && collect([&](index g) { return s_.can_place(i, g) && s_.size(g) < p_.bounds[g].min; })) ||
          (short_of_minimum <= 0 && collect([&](index g) { return s_.can_place(i, g); })) ||
          // Nothing qualifies (pairs kept apart or a class leave no room): size alone decides.
          collect([&](index g) {
            return s_.size(g) < (short_of_minimum > 0 ? p_.bounds[g].min : p_.bounds[g].max);
          });
      (void)found;  // the last rule always finds a group: the bounds can hold every element
      index chosen = candidates.front();
      double chosen_gain = -std::numeric_limits<double>::infinity();
      std::uint64_t ties = 0;
      for (index g : candidates) {
        const double gain = s_.affinity(i, g);
        if (gain > chosen_gain + epsilon) {
          chosen = g, chosen_gain = gain, ties = 1;
        } else if (gain > chosen_gain - epsilon && rng_.below(++ties) == 0) {
          chosen = g;
        }
      }
      work_ += candidates.size();
      if (s_.size(chosen) < p_.bounds[chosen].min) --short_of_minimum;
      s_.place(i, chosen);
    }
    (void)n;
  }

  void enqueue(index i) {
    if (queued_[i]) return;
    queued_[i] = 1;
    queue_.push_back(i);
  }
  void enqueue_group(index g) {
    for (int i : s_.members(g)) enqueue(static_cast<index>(i));
  }

  // Visits queued elements until none is left: each takes its best improving move or swap, and the
  // members of both groups are queued again (the elements whose gains changed most).
  void descend() {
    while (head_ < queue_.size() && !out_of_budget()) {
      const index i = queue_[head_++];
      queued_[i] = 0;
      visit(i);
      if (head_ > 4096 && head_ * 2 > queue_.size()) {  // drop the visited front now and then
        queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(head_));
        head_ = 0;
      }
    }
    if (head_ == queue_.size()) queue_.clear(), head_ = 0;
  }

  void visit(index i) {
    const index m = s_.m();
    const auto g = static_cast<index>(s_.group(i));
    double best = epsilon;
    index best_j = none, best_h = none;
    const auto judge_group = [&](index h) {
      if (h == g) return;
      const double i_in_h = s_.affinity(i, h);
      if (const double gain = s_.move_gain(i, h, i_in_h); gain > best && s_.can_move(i, h))
        best = gain, best_j = none, best_h = h;
      for (int j : s_.members(h)) {
        if (const double gain = s_.swap_gain(i, static_cast<index>(j), i_in_h); gain > best && s_.can_swap(i, static_cast<index>(j)))
          best = gain, best_j = static_cast<index>(j), best_h = h;
      }
      work_ += 1 + static_cast<std::uint64_t>(s_.size(h));
    };
    if (s_.table() || m - 1 <= sampled_groups) {
      for (index h = 0; h < m; ++h) judge_group(h);
    } else {
      for (index k = 0; k < sampled_groups; ++k) judge_group(static_cast<index>(rng_.below(m)));
    }
    if (best_h != none) apply(i, best_j, best_h);
  }

  struct step {
    index i, j, from;  // a swap of i and j, or (j == none) a move of i from `from`
  };

  void apply(index i, index j, index h) {
    const auto g = static_cast<index>(s_.group(i));
    if (j == none) {
      work_ += s_.move(i, h);
      if (logging_) log_.push_back({i, none, g});
    } else {
      work_ += s_.swap(i, j);
      if (logging_) log_.push_back({i, j, none});
    }
    enqueue_group(g);
    enqueue_group(h);
  }

  // `strength` random changes that keep the constraints, whatever they cost.
  void perturb(index strength) {
    const index n = s_.n(), m = s_.m();
    for (index k = 0; k < strength; ++k) {
      const auto i = static_cast<index>(rng_.below(n));
      const auto h = static_cast<index>(rng_.below(m));
      ++work_;
      if (static_cast<int>(h) == s_.group(i)) continue;
      if (s_.size(h) > 0) {
        const auto j = static_cast<index>(s_.members(h)[rng_.below(static_cast<std::uint64_t>(s_.size(h)))]);
        if (s_.can_swap(i, j)) {
          apply(i, j, h);
          continue;
        }
      }
      if (s_.can_move(i, h)) apply(i, none, h);
    }
  }

  // Reverses the logged steps, newest first: a swap undoes itself, a move goes back where it came from.
  void undo() {
    for (auto it = log_.rbegin(); it != log_.rend(); ++it)
      work_ += it->j == none ? s_.move(it->i, it->from) : s_.swap(it->i, it->j);
    log_.clear();
    for (index k = head_; k < queue_.size(); ++k) queued_[queue_[k]] = 0;
    queue_.clear();
    head_ = 0;
  }

  const problem& p_;
  const budget& budget_;
  random_source rng_;
  state s_;
  std::vector<char> queued_;
  std::vector<index> queue_;
  index head_ = 0;
  std::vector<step> log_;
  bool logging_ = false;
  std::vector<int> best_;
  double best_value_ = 0;
  std::uint64_t work_ = 0;
  std::uint64_t rounds_ = 0;
  std::uint64_t next_stop_check_ = stop_check_every;
  bool stopped_ = false;
};

}  // namespace

double problem::weight(int i, int j) const {
  if (i == j) return 0;
  const auto a = static_cast<index>(i), b = static_cast<index>(j);
  if (!dense.empty()) return dense[a * static_cast<index>(elements) + b];
  double total = 0;
  const index attributes = attribute_weight.size();
  for (index k = 0; k < attributes; ++k) {
    const int x = attribute_value[a * attributes + k], y = attribute_value[b * attributes + k];
    if (x >= 0 && y >= 0 && x != y) total += attribute_weight[k];
  }
  if (!adjustments.empty()) {
    const auto& list = adjustments[a];
    const auto it = std::lower_bound(list.begin(), list.end(), std::pair<int, double>{j, -std::numeric_limits<double>::infinity()});
    if (it != list.end() && it->first == j) total += it->second;
  }
  return total;
}

problem as_problem(const instance& inst) {
  problem p;
  p.elements = inst.elements;
  p.bounds = inst.bounds;
  p.dense = inst.distance;
  return p;
}

solution solve(const problem& p, std::uint64_t seed, const budget& b) {
  search s(p, seed, b);
  return s.run();
}

double objective(const problem& p, std::span<const int> group_of) {
  std::vector<std::vector<int>> members(p.bounds.size());
  for (index i = 0; i < group_of.size(); ++i) members[static_cast<index>(group_of[i])].push_back(static_cast<int>(i));
  double total = 0, known_sum = 0;
  int known = 0;
  for (int v : p.balance_value)
    if (v > 0) known_sum += v, ++known;
  const double mean = known > 0 ? known_sum / known : 0.0;
  double balance = 0;
  for (const auto& list : members) {
    double sum = 0;
    int count = 0;
    for (index a = 0; a < list.size(); ++a) {
      for (index b = a + 1; b < list.size(); ++b) total += p.weight(list[a], list[b]);
      if (!p.balance_value.empty() && p.balance_value[static_cast<index>(list[a])] > 0)
        sum += p.balance_value[static_cast<index>(list[a])], ++count;
    }
    balance += balance_term(sum, count, mean);
  }
  return total - p.balance_weight * balance;
}

bool is_feasible(const problem& p, std::span<const int> group_of) {
  const auto n = static_cast<index>(p.elements), m = p.bounds.size(), classes = p.class_bounds.size();
  if (group_of.size() != n) return false;
  std::vector<int> size(m, 0), counts(classes * m, 0);
  for (index i = 0; i < n; ++i) {
    const int g = group_of[i];
    if (g < 0 || static_cast<index>(g) >= m) return false;
    ++size[static_cast<index>(g)];
    if (!p.class_of.empty())
      for (unsigned bits = p.class_of[i]; bits != 0; bits &= bits - 1)
        ++counts[static_cast<index>(std::countr_zero(bits)) * m + static_cast<index>(g)];
  }
  for (index g = 0; g < m; ++g) {
    if (!within(p.bounds[g], size[g])) return false;
    for (index c = 0; c < classes; ++c)
      if (!within(p.class_bounds[c], counts[c * m + g])) return false;
  }
  for (const auto& [a, b] : p.apart)
    if (group_of[static_cast<index>(a)] == group_of[static_cast<index>(b)]) return false;
  return true;
}

}  // namespace networkbot::core::mdgp
