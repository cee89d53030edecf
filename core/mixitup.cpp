#include "core/mixitup.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "core/clock.hpp"
#include "core/mdgp_engine.hpp"

namespace networkbot::core::mixitup {

namespace {

using index = std::size_t;
constexpr int attribute_count = 3;  // module, program, cohort
constexpr int unknown = -1;
constexpr double epsilon = 1e-9;
constexpr int longest_window = 52;  // a year of weekly rounds
constexpr std::uint64_t default_work_per_person = 1000;

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

// The leader rule as the engine's classes. Class 0 is the Mod 4s, class 1 everyone who may lead.
// Mod 4s alone when they suffice, every group then needing one; when they do not, no group gets two
// (each leads a different group) and Mod 3s fill in, one per group that still lacks a leader when
// there are enough, never two leaders in a group while another has none.
constexpr unsigned mod4_class = 1u << 0, leader_class = 1u << 1;

// The Mix It Up objective as a constrained, weighted MDGP: a pair in a group scores the weights of the
// attributes on which its members differ, minus what meeting again costs; sizes within [low, high];
// the leader rule as class bounds; confidence as the balanced value.
mdgp::problem as_problem(const model& m, const settings& s, index groups, int low, int high, index first, index leaders) {
  mdgp::problem p;
  const index n = m.people.size();
  p.elements = static_cast<int>(n);
  p.bounds.assign(groups, mdgp::group_bounds{low, high});
  p.attribute_weight.assign(std::begin(m.weight), std::end(m.weight));
  p.attribute_value.reserve(n * attribute_count);
  p.class_of.reserve(n);
  p.balance_value.reserve(n);
  for (const auto& x : m.people) {
    p.attribute_value.insert(p.attribute_value.end(), std::begin(x.value), std::end(x.value));
    p.class_of.push_back(x.tier == 1 ? mod4_class | leader_class : x.tier == 2 ? leader_class : 0u);
    p.balance_value.push_back(x.confidence);
  }
  p.adjustments.resize(n);
  for (index i = 0; i < n; ++i)
    for (const auto& [other, cost] : m.partners[i]) p.adjustments[i].emplace_back(other, -cost);
  const int anyone = static_cast<int>(n);
  const mdgp::group_bounds at_least_one{1, anyone}, at_most_one{0, 1}, any{0, anyone};
  p.class_bounds = {first >= groups ? at_least_one : at_most_one,
                    first >= groups ? any : leaders >= groups ? at_least_one : at_most_one};
  p.balance_weight = s.confidence_weight;
  return p;
}

double confidence_term(double sum, int known, double mean) {
  return known == 0 ? 0.0 : (sum - known * mean) * (sum - known * mean) / known;
}


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

  // Sizes within the settings' range, widened to the even split when no split fits it.
  const index base = n / k, extra = n % k;
  const int low = std::min(s.min_size, static_cast<int>(base));
  const int high = std::max(s.max_size, static_cast<int>(base + (extra > 0 ? 1 : 0)));

  const mdgp::problem problem = as_problem(m, s, k, low, high, first, first + second);
  mdgp::budget budget;
  budget.work = s.work_limit > 0 ? s.work_limit : default_work_per_person * n;
  budget.should_stop = std::move(should_stop);
  const mdgp::solution found = mdgp::solve(problem, seed, budget);

  std::vector<std::vector<index>> groups(k);
  for (index p = 0; p < n; ++p) groups[static_cast<index>(found.group_of[p])].push_back(p);
  grouping out = summarize(m, s, groups);
  out.summary.work = found.work;

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
