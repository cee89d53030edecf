#include "core/mixitup.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "core/clock.hpp"

namespace networkbot::core::mixitup {

namespace {

using index = std::size_t;
constexpr int attribute_count = 3;  // module, program, cohort
constexpr int unknown = -1;
constexpr double epsilon = 1e-9;
constexpr int longest_window = 52;  // a year of weekly rounds
// Groups judged per person per visit when there are more: enough to find an improving exchange most of
// the time, few enough that a visit costs the same at 30,000 people as at 300.
constexpr index sampled_groups = 12;
constexpr std::uint64_t default_work_per_person = 1000;
constexpr std::uint64_t stop_check_every = 1u << 14;

// A participant compiled for the search: attribute values as small integers, the leader tier.
struct member {
  int value[attribute_count] = {unknown, unknown, unknown};
  int confidence = 0;  // 0 unknown
  int tier = 0;        // 1 Mod 4 leader, 2 Mod 3 leader, 0 neither
};

// The pairs who met within the window: for each person, the partners and what meeting again costs.
using partner_list = std::vector<std::pair<int, double>>;

struct model {
  std::vector<person_id> ids;  // index → id, in input order
  std::vector<member> people;
  std::vector<partner_list> partners;
  double weight[attribute_count] = {1, 1, 1};
  double mean_confidence = 0;  // of the known confidences
  std::vector<std::string> problems;
};

std::uint64_t pair_key(index a, index b) {
  if (a > b) std::swap(a, b);
  return (static_cast<std::uint64_t>(a) << 32) | static_cast<std::uint64_t>(b);
}

// Interns strings as small integers so the search compares ints; empty is unknown.
int intern(std::unordered_map<std::string, int>& table, const std::string& text) {
  if (text.empty()) return unknown;
  return table.try_emplace(text, static_cast<int>(table.size())).first->second;
}

model compile(std::span<const participant> people, std::span<const past_round> history, const settings& s) {
  model m;
  m.weight[0] = s.module_weight;
  m.weight[1] = s.program_weight;
  m.weight[2] = s.cohort_weight;
  std::unordered_map<person_id, int> index_of;
  index_of.reserve(people.size());
  std::unordered_map<std::string, int> programs, cohorts;
  double confidence_sum = 0;
  int confidence_known = 0;
  int duplicates = 0;
  for (const auto& p : people) {
    if (!index_of.try_emplace(p.id, static_cast<int>(m.ids.size())).second) {
      ++duplicates;
      continue;
    }
    member x;
    x.value[0] = p.module >= 0 && p.module <= 4 ? p.module : unknown;
    x.value[1] = intern(programs, p.program);
    x.value[2] = intern(cohorts, p.cohort);
    x.confidence = p.confidence >= 1 && p.confidence <= 5 ? p.confidence : 0;
    x.tier = !p.leader ? 0 : *p.leader == leader_rank::first ? 1 : 2;
    if (x.confidence > 0) confidence_sum += x.confidence, ++confidence_known;
    m.ids.push_back(p.id);
    m.people.push_back(x);
  }
  if (duplicates > 0)
    m.problems.push_back(std::to_string(duplicates) + (duplicates == 1 ? " person was" : " people were") +
                         " listed twice; each is grouped once.");
  m.mean_confidence = confidence_known > 0 ? confidence_sum / confidence_known : 0;

  // The sparse history: only pairs who met, within the window, most recent heaviest.
  std::unordered_map<std::uint64_t, double> met;
  const auto window = static_cast<index>(std::max(0, s.repeat_window));
  std::vector<index> present;
  for (index r = 0; r < std::min(window, history.size()); ++r) {
    const double cost = s.repeat_weight * static_cast<double>(window - r) / static_cast<double>(window);
    for (const auto& g : history[r].groups) {
      present.clear();
      for (person_id id : g)
        if (auto it = index_of.find(id); it != index_of.end()) present.push_back(static_cast<index>(it->second));
      for (index a = 0; a < present.size(); ++a)
        for (index b = a + 1; b < present.size(); ++b)
          if (present[a] != present[b]) met[pair_key(present[a], present[b])] += cost;
    }
  }
  m.partners.assign(m.people.size(), {});
  for (const auto& [key, cost] : met) {
    const auto a = static_cast<int>(key >> 32), b = static_cast<int>(key & 0xffffffffULL);
    m.partners[static_cast<index>(a)].emplace_back(b, cost);
    m.partners[static_cast<index>(b)].emplace_back(a, cost);
  }
  // The map's order is the hash table's; sorting makes every later sum independent of it.
  for (auto& list : m.partners) std::sort(list.begin(), list.end());
  return m;
}

// The leader rule for a number of groups. Mod 4s alone when they suffice, every group then needing
// one; when they do not, no group gets two (each leads a different group) and Mod 3s fill in, one per
// group that still lacks one when there are enough, never two in a group while another has none.
struct leader_rule {
  bool first_at_least = false;  // every group ≥ 1 Mod 4 (else: ≤ 1)
  bool use_either = false;      // Mod 4s are too few: count Mod 4 and Mod 3 together as well
  bool either_at_least = false;  // every group ≥ 1 of either (else: ≤ 1)

  [[nodiscard]] bool allows(int first, int either) const {
    if (first_at_least ? first < 1 : first > 1) return false;
    if (use_either && (either_at_least ? either < 1 : either > 1)) return false;
    return true;
  }
};

double confidence_term(double sum, int known, double mean) {
  return known == 0 ? 0.0 : (sum - known * mean) * (sum - known * mean) / known;
}

// An assignment with its incremental bookkeeping. Members are kept in fixed slots of largest_group
// per group; the objective's three parts are kept up to date by every move and swap.
class state {
 public:
  state(const model& m, const settings& s, index groups, int low, int high, leader_rule rule)
      : m_(m),
        s_(s),
        k_(groups),
        low_(low),
        high_(high),
        rule_(rule),
        group_of_(m.people.size(), -1),
        slot_(m.people.size(), 0),
        slots_(groups * largest_group, -1),
        size_(groups, 0),
        first_(groups, 0),
        either_(groups, 0),
        confidence_sum_(groups, 0.0),
        confidence_known_(groups, 0),
        own_diversity_(m.people.size(), 0.0),
        own_repeat_(m.people.size(), 0.0) {}

  [[nodiscard]] index groups() const { return k_; }
  [[nodiscard]] int group(index p) const { return group_of_[p]; }
  [[nodiscard]] int size(index g) const { return size_[g]; }
  [[nodiscard]] int member_at(index g, int slot) const { return slots_[g * largest_group + static_cast<index>(slot)]; }
  [[nodiscard]] double objective() const {
    return diversity_ - repeat_ - s_.confidence_weight * confidence_;
  }
  [[nodiscard]] const std::vector<int>& assignment() const { return group_of_; }

  // Puts an unplaced person into g, outside the search (the start): bookkeeping only.
  void place(index p, index g) {
    add(p, g);
    refresh_own(g);
  }
  // Rebuilds the objective's parts from the groups, after the start.
  void total() {
    diversity_ = repeat_ = confidence_ = 0;
    for (index p = 0; p < group_of_.size(); ++p) {
      diversity_ += own_diversity_[p] / 2;  // each pair is seen from both ends
      repeat_ += own_repeat_[p] / 2;
    }
    for (index g = 0; g < k_; ++g) confidence_ += confidence_term(confidence_sum_[g], confidence_known_[g], m_.mean_confidence);
  }

  // The change in objective if p moved to h; nullopt when sizes or leaders forbid it.
  [[nodiscard]] std::optional<double> move_gain(index p, index h) const {
    const auto g = static_cast<index>(group_of_[p]);
    if (size_[g] <= low_ || size_[h] >= high_) return std::nullopt;
    const member& x = m_.people[p];
    const int d1 = x.tier == 1, d2 = x.tier != 0;
    if ((d1 || d2) && (!rule_.allows(first_[g] - d1, either_[g] - d2) || !rule_.allows(first_[h] + d1, either_[h] + d2)))
      return std::nullopt;
    const double diversity = diversity_with(p, h, -1) - own_diversity_[p];
    const double repeat = repeat_with(p, h, -1) - own_repeat_[p];
    const double confidence = confidence_change(g, h, x.confidence, 0);
    return diversity - repeat - s_.confidence_weight * confidence;
  }

  // What p would add to group h as it stands: the part of a swap's gain that does not depend on whom
  // p swaps with, worked out once per group rather than once per member.
  struct joining {
    double diversity = 0, repeat = 0;
  };
  [[nodiscard]] joining join(index p, index h) const { return {diversity_with(p, h, -1), repeat_with(p, h, -1)}; }

  // The change in objective if p and q (of different groups) swapped, given join(p, group of q);
  // nullopt when leaders forbid it.
  [[nodiscard]] std::optional<double> swap_gain(index p, index q, const joining& p_in_h) const {
    const auto g = static_cast<index>(group_of_[p]), h = static_cast<index>(group_of_[q]);
    const member &x = m_.people[p], &y = m_.people[q];
    if (x.tier != y.tier) {
      const int d1 = (y.tier == 1) - (x.tier == 1), d2 = (y.tier != 0) - (x.tier != 0);
      if (!rule_.allows(first_[g] + d1, either_[g] + d2) || !rule_.allows(first_[h] - d1, either_[h] - d2))
        return std::nullopt;
    }
    const double pair_cost = cost_between(p, q);
    const double diversity = p_in_h.diversity - pair_diversity(x, y) - own_diversity_[p] +
                             diversity_with(q, g, static_cast<int>(p)) - own_diversity_[q];
    const double repeat = p_in_h.repeat - pair_cost - own_repeat_[p] +
                          repeat_with(q, g, static_cast<int>(p)) - own_repeat_[q];
    const double confidence = x.confidence == y.confidence ? 0.0 : confidence_change(g, h, x.confidence, y.confidence);
    return diversity - repeat - s_.confidence_weight * confidence;
  }
  [[nodiscard]] std::optional<double> swap_gain(index p, index q) const {
    return swap_gain(p, q, join(p, static_cast<index>(group_of_[q])));
  }

  // Moves p to h, or swaps p and q, unchecked: the search judged them feasible (or is undoing one).
  void move(index p, index h) {
    apply_parts(p, h, [&] {
      remove(p);
      add(p, h);
    });
  }
  void swap(index p, index q) {
    const auto g = static_cast<index>(group_of_[p]), h = static_cast<index>(group_of_[q]);
    apply_parts(p, h, [&] {
      remove(p);
      remove(q);
      add(p, h);
      add(q, g);
    });
  }

 private:
  // Σ over attributes of weight × (members of g, other than p and `skip`, whose value p differs from,
  // both known): what p adds to diversity in g. Reads at most eight members.
  [[nodiscard]] double diversity_with(index p, index g, int skip) const {
    const member& x = m_.people[p];
    double total = 0;
    for (int slot = 0; slot < size_[g]; ++slot) {
      const int other = member_at(g, slot);
      if (other == skip || static_cast<index>(other) == p) continue;
      const member& y = m_.people[static_cast<index>(other)];
      for (int a = 0; a < attribute_count; ++a)
        if (x.value[a] != unknown && y.value[a] != unknown && x.value[a] != y.value[a]) total += m_.weight[a];
    }
    return total;
  }
  [[nodiscard]] double pair_diversity(const member& x, const member& y) const {
    double total = 0;
    for (int a = 0; a < attribute_count; ++a)
      if (x.value[a] != unknown && y.value[a] != unknown && x.value[a] != y.value[a]) total += m_.weight[a];
    return total;
  }
  [[nodiscard]] double cost_between(index p, index q) const {
    for (const auto& [other, cost] : m_.partners[p])
      if (static_cast<index>(other) == q) return cost;
    return 0;
  }
  // What meeting again costs p among the members of g other than `skip`: p's recent partners in g.
  [[nodiscard]] double repeat_with(index p, index g, int skip) const {
    double total = 0;
    for (const auto& [other, cost] : m_.partners[p])
      if (other != skip && group_of_[static_cast<index>(other)] == static_cast<int>(g)) total += cost;
    return total;
  }
  // The change in the confidence cost when confidence `out` leaves g for h and `in` comes back.
  [[nodiscard]] double confidence_change(index g, index h, int out, int in) const {
    const double mean = m_.mean_confidence;
    const auto delta_sum = static_cast<double>(in - out);
    const int delta_known = (in > 0) - (out > 0);
    const double before = confidence_term(confidence_sum_[g], confidence_known_[g], mean) +
                          confidence_term(confidence_sum_[h], confidence_known_[h], mean);
    const double after = confidence_term(confidence_sum_[g] + delta_sum, confidence_known_[g] + delta_known, mean) +
                         confidence_term(confidence_sum_[h] - delta_sum, confidence_known_[h] - delta_known, mean);
    return after - before;
  }

  // Applies a change through `change`, keeping the objective's parts exact: the two groups' parts are
  // recomputed before and after rather than accumulated from judged gains, so no rounding drift builds
  // up over millions of steps.
  template <class F>
  void apply_parts(index p, index h, F change) {
    const auto g = static_cast<index>(group_of_[p]);
    const auto [d0, r0, c0] = parts_of(g, h);
    change();
    refresh_own(g);
    refresh_own(h);
    const auto [d1, r1, c1] = parts_of(g, h);
    diversity_ += d1 - d0;
    repeat_ += r1 - r0;
    confidence_ += c1 - c0;
  }
  struct parts {
    double diversity, repeat, confidence;
  };
  [[nodiscard]] parts parts_of(index g, index h) const {
    parts out{0, 0, 0};
    for (index grp : {g, h}) {
      for (int slot = 0; slot < size_[grp]; ++slot) {
        const auto p = static_cast<index>(member_at(grp, slot));
        out.diversity += own_diversity_[p] / 2;
        out.repeat += own_repeat_[p] / 2;
      }
      out.confidence += confidence_term(confidence_sum_[grp], confidence_known_[grp], m_.mean_confidence);
    }
    return out;
  }

  void add(index p, index g) {
    const member& x = m_.people[p];
    group_of_[p] = static_cast<int>(g);
    slot_[p] = size_[g];
    slots_[g * largest_group + static_cast<index>(size_[g])] = static_cast<int>(p);
    ++size_[g];
    first_[g] += x.tier == 1;
    either_[g] += x.tier != 0;
    if (x.confidence > 0) confidence_sum_[g] += x.confidence, ++confidence_known_[g];
  }
  void remove(index p) {
    const auto g = static_cast<index>(group_of_[p]);
    const member& x = m_.people[p];
    const int last = member_at(g, size_[g] - 1);
    slots_[g * largest_group + static_cast<index>(slot_[p])] = last;
    slot_[static_cast<index>(last)] = slot_[p];
    slots_[g * largest_group + static_cast<index>(size_[g] - 1)] = -1;
    --size_[g];
    first_[g] -= x.tier == 1;
    either_[g] -= x.tier != 0;
    if (x.confidence > 0) confidence_sum_[g] -= x.confidence, --confidence_known_[g];
  }
  void refresh_own(index g) {
    for (int slot = 0; slot < size_[g]; ++slot) {
      const auto p = static_cast<index>(member_at(g, slot));
      own_diversity_[p] = diversity_with(p, g, -1);
      own_repeat_[p] = repeat_with(p, g, -1);
    }
  }

  const model& m_;
  const settings& s_;
  index k_;
  int low_, high_;
  leader_rule rule_;
  std::vector<int> group_of_, slot_, slots_, size_, first_, either_;
  std::vector<double> confidence_sum_;
  std::vector<int> confidence_known_;
  std::vector<double> own_diversity_, own_repeat_;  // what each person adds in their own group
  double diversity_ = 0, repeat_ = 0, confidence_ = 0;
};

std::string plural(long long n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Up to ten 1-based group numbers, then how many more.
std::string list_groups(const std::vector<index>& groups) {
  std::string out;
  for (index i = 0; i < groups.size() && i < 10; ++i) out += (i ? ", " : "") + std::to_string(groups[i] + 1);
  if (groups.size() > 10) out += " and " + std::to_string(groups.size() - 10) + " more";
  return out;
}

// How many groups, and the problems with the choice. `leaders` counts Mod 4s and Mod 3s.
index choose_group_count(index n, const settings& s, index leaders, std::vector<std::string>& problems) {
  if (n == 0) return 0;
  const auto lo_size = static_cast<index>(s.min_size), hi_size = static_cast<index>(s.max_size);
  if (n < lo_size) {
    problems.push_back("Only " + plural(static_cast<long long>(n), "person is", "people are") +
                       " taking part, fewer than the smallest group size (" + std::to_string(s.min_size) +
                       "): they form one group.");
    return 1;
  }
  const index fewest = (n + hi_size - 1) / hi_size, most = n / lo_size;
  if (fewest > most) {
    problems.push_back(std::to_string(n) + " people cannot be split into groups of " + std::to_string(s.min_size) + "–" +
                       std::to_string(s.max_size) + ": made " + std::to_string(fewest) + " groups of " +
                       std::to_string(n / fewest) + "–" + std::to_string((n + fewest - 1) / fewest) +
                       " instead, the closest split that keeps every group within " + std::to_string(s.max_size) + ".");
    return fewest;
  }
  // Sizes closest to the middle of the range; ties to fewer, larger groups.
  const double middle = (s.min_size + s.max_size) / 2.0;
  index best = fewest;
  for (index k = fewest; k <= most; ++k)
    if (std::abs(static_cast<double>(n) / static_cast<double>(k) - middle) <
        std::abs(static_cast<double>(n) / static_cast<double>(best) - middle) - epsilon)
      best = k;
  // Fewer, larger groups when that gives every group (or as many as possible) a leader.
  if (leaders > 0 && leaders < best) best = std::max(fewest, leaders);
  return best;
}

// The greedy start: Mod 4 leaders one per group, Mod 3s to the groups still without one, then everyone
// else sorted by module, program, cohort and confidence and dealt round the groups like cards, so
// neighbours in that order (alike people) land in different groups.
void greedy_start(state& st, const model& m, const std::vector<int>& capacity, const leader_rule& rule,
                  random_source& rng) {
  const index n = m.people.size(), k = st.groups();
  std::vector<index> order(n);
  std::iota(order.begin(), order.end(), index{0});
  for (index i = n; i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
  std::vector<index> first, second, rest;
  for (index p : order) (m.people[p].tier == 1 ? first : m.people[p].tier == 2 ? second : rest).push_back(p);
  index next = 0;  // the next group to receive a leader
  for (index p : first) {
    if (next < k) st.place(p, next++);
    else rest.push_back(p);  // every group has one: the others are ordinary members
  }
  for (index p : second) {
    if (rule.use_either && next < k) st.place(p, next++);
    else rest.push_back(p);
  }
  std::stable_sort(rest.begin(), rest.end(), [&](index a, index b) {
    const member &x = m.people[a], &y = m.people[b];
    for (int i = 0; i < attribute_count; ++i)
      if (x.value[i] != y.value[i]) return x.value[i] < y.value[i];
    return x.confidence < y.confidence;
  });
  std::vector<index> open;
  for (index g = 0; g < k; ++g)
    if (st.size(g) < capacity[g]) open.push_back(g);
  index at = 0;
  while (at < rest.size()) {
    std::vector<index> still_open;
    for (index g : open) {
      if (at == rest.size()) break;
      st.place(rest[at++], g);
      if (st.size(g) < capacity[g]) still_open.push_back(g);
    }
    if (at < rest.size()) open.swap(still_open);
  }
  st.total();
}

// Iterated local search with a queue of people to revisit: a person is visited, the best move or swap
// among a sample of other groups is applied when it improves, and the members of both groups are
// queued again (they are the only people whose gains changed). When the queue empties, a random swap
// perturbs the assignment and the search runs again near it; the result is kept when it is no worse,
// undone otherwise.
class local_search {
 public:
  local_search(state& st, const model& m, random_source& rng, std::uint64_t work_limit,
               const std::function<bool()>& should_stop)
      : st_(st), m_(m), rng_(rng), limit_(work_limit), should_stop_(should_stop), queued_(m.people.size(), 0) {}

  std::uint64_t run() {
    const index n = m_.people.size();
    if (st_.groups() < 2) return 0;
    std::vector<index> order(n);
    std::iota(order.begin(), order.end(), index{0});
    for (index i = n; i > 1; --i) std::swap(order[i - 1], order[rng_.below(i)]);
    for (index p : order) enqueue(p);
    descend();
    while (!out_of_budget()) {
      const double before = st_.objective();
      log_.clear();
      logging_ = true;
      perturb();
      descend();
      logging_ = false;
      if (st_.objective() < before - epsilon) undo();
    }
    return work_;
  }

 private:
  struct step {
    index p, q, h;  // a swap of p and q, or (q == none) a move of p from h
  };
  static constexpr index none = static_cast<index>(-1);

  bool out_of_budget() {
    if (stopped_ || work_ >= limit_) return true;
    if (work_ >= next_check_) {
      next_check_ = work_ + stop_check_every;
      if (should_stop_ && should_stop_()) stopped_ = true;
    }
    return stopped_;
  }
  void enqueue(index p) {
    if (queued_[p]) return;
    queued_[p] = 1;
    queue_.push_back(p);
  }
  void enqueue_group(index g) {
    for (int slot = 0; slot < st_.size(g); ++slot) enqueue(static_cast<index>(st_.member_at(g, slot)));
  }

  void descend() {
    while (head_ < queue_.size() && !out_of_budget()) {
      const index p = queue_[head_++];
      queued_[p] = 0;
      visit(p);
      if (head_ > 4096 && head_ * 2 > queue_.size()) {  // drop the visited front now and then
        queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(head_));
        head_ = 0;
      }
    }
  }

  void visit(index p) {
    const index k = st_.groups();
    const auto g = static_cast<index>(st_.group(p));
    double best = epsilon;
    index best_q = none, best_h = none;
    const auto judge_group = [&](index h) {
      if (h == g) return;
      if (const auto gain = st_.move_gain(p, h); gain && *gain > best) best = *gain, best_q = none, best_h = h;
      const auto p_in_h = st_.join(p, h);
      for (int slot = 0; slot < st_.size(h); ++slot) {
        const auto q = static_cast<index>(st_.member_at(h, slot));
        if (const auto gain = st_.swap_gain(p, q, p_in_h); gain && *gain > best) best = *gain, best_q = q, best_h = h;
      }
      work_ += 1 + static_cast<std::uint64_t>(st_.size(h));
    };
    if (k - 1 <= sampled_groups) {
      for (index h = 0; h < k; ++h) judge_group(h);
    } else {
      for (index i = 0; i < sampled_groups; ++i) judge_group(static_cast<index>(rng_.below(k)));
    }
    if (best_h == none) return;
    apply(p, best_q, best_h);
  }

  void apply(index p, index q, index h) {
    const auto g = static_cast<index>(st_.group(p));
    if (q == none) {
      st_.move(p, h);
      if (logging_) log_.push_back({p, none, g});
    } else {
      st_.swap(p, q);
      if (logging_) log_.push_back({p, q, none});
    }
    enqueue_group(g);
    enqueue_group(h);
  }

  // One to three random feasible swaps (or moves) between random groups, whatever they cost.
  void perturb() {
    const index n = m_.people.size(), k = st_.groups();
    const auto steps = 1 + rng_.below(3);
    for (std::uint64_t i = 0; i < steps; ++i) {
      const auto p = static_cast<index>(rng_.below(n));
      const auto h = static_cast<index>(rng_.below(k));
      if (static_cast<int>(h) == st_.group(p) || st_.size(h) == 0) continue;
      const auto q = static_cast<index>(st_.member_at(h, static_cast<int>(rng_.below(static_cast<std::uint64_t>(st_.size(h))))));
      ++work_;
      if (st_.swap_gain(p, q)) apply(p, q, h);
      else if (st_.move_gain(p, h)) apply(p, none, h);
    }
  }

  // Reverses the logged steps, newest first: a swap undoes itself, a move goes back where it came from.
  void undo() {
    for (auto it = log_.rbegin(); it != log_.rend(); ++it) {
      if (it->q == none) st_.move(it->p, it->h);
      else st_.swap(it->p, it->q);
    }
    log_.clear();
    for (index i = head_; i < queue_.size(); ++i) queued_[queue_[i]] = 0;
    queue_.clear();
    head_ = 0;
  }

  state& st_;
  const model& m_;
  random_source& rng_;
  std::uint64_t limit_;
  const std::function<bool()>& should_stop_;
  std::vector<char> queued_;
  std::vector<index> queue_;
  index head_ = 0;
  std::vector<step> log_;
  bool logging_ = false;
  std::uint64_t work_ = 0;
  std::uint64_t next_check_ = stop_check_every;
  bool stopped_ = false;
};

// The report for groups of model indices: spreads, leaders, the objective's parts from scratch.
grouping summarize(const model& m, const settings& s, const std::vector<std::vector<index>>& groups) {
  grouping out;
  report& r = out.summary;
  std::vector<int> group_of(m.people.size(), -1);
  for (index g = 0; g < groups.size(); ++g)
    for (index p : groups[g]) group_of[p] = static_cast<int>(g);
  std::vector<double> means;
  for (index g = 0; g < groups.size(); ++g) {
    const auto& members = groups[g];
    group out_group;
    std::unordered_set<int> distinct[attribute_count];
    double confidence_sum = 0;
    int confidence_known = 0, best_tier = 3;
    for (index i = 0; i < members.size(); ++i) {
      const index p = members[i];
      const member& x = m.people[p];
      out_group.members.push_back(m.ids[p]);
      for (int a = 0; a < attribute_count; ++a) {
        if (x.value[a] != unknown) distinct[a].insert(x.value[a]);
        for (index j = i + 1; j < members.size(); ++j) {
          const member& y = m.people[members[j]];
          if (x.value[a] == unknown || y.value[a] == unknown) continue;
          r.diversity_bound += m.weight[a];
          if (x.value[a] != y.value[a]) r.diversity += m.weight[a];
        }
      }
      for (const auto& [other, cost] : m.partners[p])
        if (static_cast<index>(other) > p && group_of[static_cast<index>(other)] == static_cast<int>(g)) {
          r.repeat_cost += cost;
          ++r.repeated_pairs;
        }
      if (x.confidence > 0) confidence_sum += x.confidence, ++confidence_known;
      if (x.tier != 0 && x.tier < best_tier) best_tier = x.tier, out_group.leader = m.ids[p];
    }
    out_group.spread = {static_cast<int>(distinct[0].size()), static_cast<int>(distinct[1].size()),
                        static_cast<int>(distinct[2].size()),
                        confidence_known > 0 ? confidence_sum / confidence_known : 0.0};
    if (confidence_known > 0) means.push_back(out_group.spread.mean_confidence);
    r.confidence_cost += confidence_term(confidence_sum, confidence_known, m.mean_confidence);
    if (!out_group.leader) ++r.groups_without_leader;
    out.groups.push_back(std::move(out_group));
  }
  if (!means.empty()) {
    const double mean = std::accumulate(means.begin(), means.end(), 0.0) / static_cast<double>(means.size());
    double squares = 0;
    for (double x : means) squares += (x - mean) * (x - mean);
    r.confidence_spread = std::sqrt(squares / static_cast<double>(means.size()));
  }
  r.objective = r.diversity - r.repeat_cost - s.confidence_weight * r.confidence_cost;
  return out;
}

}  // namespace

std::vector<std::string> check_settings(const settings& s) {
  std::vector<std::string> problems;
  if (s.min_size < 2) problems.push_back("The smallest group size must be at least 2, not " + std::to_string(s.min_size) + ".");
  if (s.max_size > largest_group)
    problems.push_back("The largest group size is " + std::to_string(s.max_size) + ", but a Slack group DM holds at most " +
                       std::to_string(largest_group) + " people besides the bot.");
  if (s.min_size > s.max_size)
    problems.push_back("The smallest group size (" + std::to_string(s.min_size) + ") is above the largest (" +
                       std::to_string(s.max_size) + ").");
  const std::pair<const char*, double> weights[] = {{"module", s.module_weight}, {"program", s.program_weight},
                                                    {"cohort", s.cohort_weight}, {"repeat", s.repeat_weight},
                                                    {"confidence", s.confidence_weight}};
  for (const auto& [name, w] : weights)
    if (!std::isfinite(w) || w < 0) problems.push_back(std::string("The ") + name + " weight must be a number of 0 or more.");
  if (s.repeat_window < 0 || s.repeat_window > longest_window)
    problems.push_back("The repeat window must be 0 to " + std::to_string(longest_window) + " rounds, not " +
                       std::to_string(s.repeat_window) + ".");
  return problems;
}

grouping make_groups(std::span<const participant> people, std::span<const past_round> history, const settings& s,
                     std::uint64_t seed, std::function<bool()> should_stop) {
  if (auto refused = check_settings(s); !refused.empty()) {
    grouping out;
    out.summary.problems.push_back("No groups were made: the settings need fixing first.");
    for (auto& p : refused) out.summary.problems.push_back(std::move(p));
    return out;
  }
  model m = compile(people, history, s);
  const index n = m.people.size();
  index first = 0, second = 0;
  for (const auto& x : m.people) first += x.tier == 1, second += x.tier == 2;
  std::vector<std::string> problems = std::move(m.problems);
  const index k = choose_group_count(n, s, first + second, problems);
  if (k == 0) {
    grouping out;
    out.summary.problems = std::move(problems);
    return out;
  }

  // Sizes as even as possible; the search may make them uneven within the bounds.
  const index base = n / k, extra = n % k;
  std::vector<int> capacity(k);
  for (index g = 0; g < k; ++g) capacity[g] = static_cast<int>(base + (g < extra ? 1 : 0));
  const int low = std::min(s.min_size, static_cast<int>(base));
  const int high = std::max(s.max_size, static_cast<int>(base + (extra > 0 ? 1 : 0)));

  leader_rule rule;
  rule.first_at_least = first >= k;
  rule.use_either = first < k;
  rule.either_at_least = first + second >= k;

  random_source rng(seed);
  state st(m, s, k, low, high, rule);
  greedy_start(st, m, capacity, rule, rng);
  const std::uint64_t limit = s.work_limit > 0 ? s.work_limit : default_work_per_person * n;
  local_search search(st, m, rng, limit, should_stop);
  const std::uint64_t work = search.run();

  std::vector<std::vector<index>> groups(k);
  for (index p = 0; p < n; ++p) groups[static_cast<index>(st.group(p))].push_back(p);
  grouping out = summarize(m, s, groups);
  out.summary.work = work;

  std::vector<index> leaderless;
  for (index g = 0; g < k; ++g)
    if (!out.groups[g].leader) leaderless.push_back(g);
  if (first + second == 0) {
    problems.push_back("Nobody can lead: no Mod 4 or Mod 3 student is taking part, so " +
                       (k == 1 ? std::string("the group has") : "all " + std::to_string(k) + " groups have") +
                       " no leader.");
  } else if (!leaderless.empty()) {
    problems.push_back("Only " + plural(static_cast<long long>(first + second), "student", "students") + " can lead (" +
                       std::to_string(first) + " Mod 4, " + std::to_string(second) + " Mod 3) for " +
                       std::to_string(k) + " groups, so " + plural(static_cast<long long>(leaderless.size()), "group has", "groups have") +
                       " no leader: " + (leaderless.size() == 1 ? "group " : "groups ") + list_groups(leaderless) +
                       ". Ask more Mod 3 or Mod 4 students to join, or allow larger groups.");
  } else if (first < k) {
    problems.push_back("Only " + plural(static_cast<long long>(first), "Mod 4 student", "Mod 4 students") + " for " +
                       std::to_string(k) + " groups: " + plural(static_cast<long long>(k - first), "group is", "groups are") +
                       " led by a Mod 3 student.");
  }
  if (out.summary.repeated_pairs > 0)
    problems.push_back(plural(out.summary.repeated_pairs, "pair meets", "pairs meet") + " again within " +
                       plural(s.repeat_window, "round", "rounds") + ": the search found no way around them that keeps every group led and within its size (a heuristic, within its budget).");
  out.summary.problems = std::move(problems);
  return out;
}

grouping assess(std::span<const participant> people, std::span<const past_round> history, const settings& s,
                const std::vector<std::vector<person_id>>& groups) {
  model m = compile(people, history, s);
  std::unordered_map<person_id, index> index_of;
  for (index p = 0; p < m.ids.size(); ++p) index_of.emplace(m.ids[p], p);
  std::vector<std::vector<index>> compiled;
  for (const auto& g : groups) {
    auto& out = compiled.emplace_back();
    for (person_id id : g)
      if (auto it = index_of.find(id); it != index_of.end()) out.push_back(it->second);
  }
  return summarize(m, s, compiled);
}

std::vector<std::vector<person_id>> random_groups_like(std::span<const participant> people, const std::vector<group>& like,
                                                      std::uint64_t seed) {
  random_source rng(seed);
  std::vector<person_id> ids;
  ids.reserve(people.size());
  for (const auto& p : people) ids.push_back(p.id);
  for (std::size_t i = ids.size(); i > 1; --i) std::swap(ids[i - 1], ids[rng.below(i)]);
  std::vector<std::vector<person_id>> out;
  std::size_t at = 0;
  for (const auto& g : like) {
    const std::size_t end = std::min(ids.size(), at + g.members.size());
    out.emplace_back(ids.begin() + static_cast<std::ptrdiff_t>(at), ids.begin() + static_cast<std::ptrdiff_t>(end));
    at = end;
  }
  return out;
}

}  // namespace networkbot::core::mixitup
