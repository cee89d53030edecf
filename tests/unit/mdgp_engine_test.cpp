// The grouping engine (core/mdgp_engine.hpp), on MDGPLIB instances and on small made-up problems with
// every kind of constraint: the proven optimum of the small instance and brute-forced optima (with
// unequal bounds, and with classes, pairs kept apart and a balance term), every hard constraint held,
// the same groups for the same seed and work, the work budget and the stop callback honoured, and the
// incremental objective equal to one computed from scratch, in both of the engine's ways of judging
// gains (the dense table and reading the groups' members).

#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <variant>

#include "core/clock.hpp"
#include "core/mdgp.hpp"
#include "core/mdgp_engine.hpp"

using namespace networkbot::core;
using namespace networkbot::core::mdgp;

namespace {

const std::string data_dir = std::string(NETWORKBOT_TEST_DATA) + "/mdgp/";

problem read_problem(const std::string& name) {
  auto r = read_instance_file(data_dir + name);
  if (const auto* e = std::get_if<read_error>(&r)) FAIL(name << ":" << e->line << ": " << e->reason);
  return as_problem(std::get<instance>(r));
}

budget work(std::uint64_t w) { return budget{w, {}}; }

// The best objective over every feasible assignment of a problem of at most nine elements and three
// groups, by enumeration.
double brute_force_optimum(const problem& p) {
  const int n = p.elements, m = p.groups();
  int codes = 1;
  for (int i = 0; i < n; ++i) codes *= m;
  double optimum = -1e18;
  std::vector<int> g(static_cast<std::size_t>(n), 0);
  for (int code = 0; code < codes; ++code) {
    for (int i = 0, c = code; i < n; ++i, c /= m) g[static_cast<std::size_t>(i)] = c % m;
    if (is_feasible(p, g)) optimum = std::max(optimum, objective(p, g));
  }
  return optimum;
}

// Nine people in three groups of three with two attributes, a sparse adjustment, a class that needs
// one member in every group (three of them), a class of two that may not share a group, a pair kept
// apart and a balance term: every feature of the engine at once, small enough to enumerate.
problem constrained_nine(std::uint64_t seed) {
  random_source rng(seed);
  problem p;
  p.elements = 9;
  p.bounds.assign(3, group_bounds{3, 3});
  p.attribute_weight = {1.0, 2.5};
  for (int i = 0; i < 9; ++i) {
    p.attribute_value.push_back(static_cast<int>(rng.below(3)));
    p.attribute_value.push_back(i == 4 ? -1 : static_cast<int>(rng.below(2)));  // one unknown
  }
  p.adjustments.assign(9, {});
  p.adjustments[1] = {{5, -4.0}};
  p.adjustments[5] = {{1, -4.0}};
  p.class_of = {1u, 1u, 1u, 2u, 2u, 0u, 0u, 0u, 0u};
  p.class_bounds = {group_bounds{1, 9}, group_bounds{0, 1}};
  p.apart = {{6, 7}};
  for (int i = 0; i < 9; ++i) p.balance_value.push_back(i == 8 ? 0 : static_cast<int>(1 + rng.below(5)));
  p.balance_weight = 0.7;
  return p;
}

}  // namespace

TEST_CASE("the engine reaches the proven optimum of RanReal_n010_ss_01", "[mdgp][engine]") {
  const auto p = read_problem("RanReal_n010_ss_01.txt");
  const auto s = solve(p, 1, work(2'000'000));
  CHECK(s.feasible);
  CHECK(std::abs(s.objective - 1427.845) < 1e-3);
  CHECK(std::abs(objective(p, s.group_of) - 1427.845) < 1e-3);
}

TEST_CASE("with unequal bounds (moves as well as swaps) the engine finds the brute-force optimum", "[mdgp][engine]") {
  // Nine elements, three groups of 1-2, 2-4 and 3-6, seeded random distances including negative ones.
  random_source rng(7);
  problem p;
  p.elements = 9;
  p.bounds = {{1, 2}, {2, 4}, {3, 6}};
  p.dense.assign(81, 0.0);
  for (std::size_t i = 0; i < 9; ++i)
    for (std::size_t j = i + 1; j < 9; ++j)
      p.dense[i * 9 + j] = p.dense[j * 9 + i] = static_cast<double>(rng.below(2000)) / 10.0 - 50;
  const double optimum = brute_force_optimum(p);
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const auto s = solve(p, seed, work(1'000'000));
    CHECK(s.feasible);
    CHECK(s.objective == Approx(optimum).margin(1e-6));
  }
}

TEST_CASE("classes, pairs kept apart and balance are honoured, and the optimum found", "[mdgp][engine]") {
  for (std::uint64_t instance_seed : {1u, 2u, 3u, 4u}) {
    INFO("instance " << instance_seed);
    const auto p = constrained_nine(instance_seed);
    const double optimum = brute_force_optimum(p);
    const auto s = solve(p, 5, work(200'000));
    REQUIRE(s.feasible);
    CHECK(is_feasible(p, s.group_of));
    CHECK(s.group_of[6] != s.group_of[7]);
    CHECK(s.group_of[3] != s.group_of[4]);
    CHECK(s.objective == Approx(objective(p, s.group_of)).margin(1e-9));
    CHECK(s.objective == Approx(optimum).margin(1e-6));
  }
}

TEST_CASE("a start that cannot meet a class is never made worse", "[mdgp][engine]") {
  // Two groups must each hold one of class 0, but only one element is in it: the engine keeps the one
  // group that has it and moves nobody into breaking the bound elsewhere.
  problem p;
  p.elements = 6;
  p.bounds.assign(2, group_bounds{3, 3});
  p.attribute_weight = {1.0};
  p.attribute_value = {0, 1, 2, 0, 1, 2};
  p.class_of = {1u, 0u, 0u, 0u, 0u, 0u};
  p.class_bounds = {group_bounds{1, 6}};
  const auto s = solve(p, 3, work(10'000));
  CHECK_FALSE(s.feasible);
  CHECK(s.group_of.size() == 6);
  CHECK(s.objective == Approx(objective(p, s.group_of)));
}

TEST_CASE("on every instance the result is feasible, reproducible for a seed and work, and exact", "[mdgp][engine]") {
  for (const char* name : {"RanReal_n010_ss_01.txt", "RanReal_n120_ss_02.txt", "Geo_n120_ss_02.txt"}) {
    INFO(name);
    const auto p = read_problem(name);
    const auto a = solve(p, 11, work(3'000'000));
    const auto b = solve(p, 11, work(3'000'000));
    const auto other = solve(p, 12, work(3'000'000));
    CHECK(a.feasible);
    CHECK(a.group_of == b.group_of);
    CHECK(a.objective == b.objective);
    CHECK(a.work >= 3'000'000);
    CHECK(a.work < 3'000'000 + 100'000);  // stops within one step of the budget
    CHECK_FALSE(a.stopped);
    CHECK(other.feasible);
    // The incremental objective, kept over thousands of changes, against a sum from scratch.
    CHECK(a.objective == Approx(objective(p, a.group_of)).epsilon(1e-9));
  }
}

TEST_CASE("more work never gives a worse result for the same seed on a stored instance", "[mdgp][engine]") {
  const auto p = read_problem("RanReal_n120_ss_02.txt");
  const auto little = solve(p, 4, work(200'000));
  const auto more = solve(p, 4, work(5'000'000));
  CHECK(more.objective >= little.objective - 1e-9);
}

TEST_CASE("judging gains from the members and from the dense table agree", "[mdgp][engine]") {
  // The same instance in the attribute form (which reads members) and as a dense matrix (the table).
  random_source rng(21);
  problem by_members;
  by_members.elements = 60;
  by_members.bounds.assign(12, group_bounds{4, 6});
  by_members.attribute_weight = {1.0, 1.0, 2.0};
  for (int i = 0; i < 60 * 3; ++i) by_members.attribute_value.push_back(static_cast<int>(rng.below(4)) - (rng.below(10) == 0));
  by_members.adjustments.assign(60, {});
  for (int i = 0; i + 1 < 60; i += 7) {
    by_members.adjustments[static_cast<std::size_t>(i)].push_back({i + 1, -10.0});
    by_members.adjustments[static_cast<std::size_t>(i + 1)].push_back({i, -10.0});
  }
  problem by_table;
  by_table.elements = 60;
  by_table.bounds = by_members.bounds;
  by_table.dense.assign(3600, 0.0);
  for (int i = 0; i < 60; ++i)
    for (int j = 0; j < 60; ++j) by_table.dense[static_cast<std::size_t>(i * 60 + j)] = by_members.weight(i, j);
  const auto a = solve(by_members, 8, work(2'000'000));
  const auto b = solve(by_table, 8, work(2'000'000));
  CHECK(a.feasible);
  CHECK(b.feasible);
  CHECK(a.objective == Approx(objective(by_members, a.group_of)).epsilon(1e-9));
  CHECK(b.objective == Approx(objective(by_table, b.group_of)).epsilon(1e-9));
  // Both ways are the same search up to the order of sums, so they reach results of like quality.
  CHECK(objective(by_table, a.group_of) == Approx(objective(by_members, a.group_of)));
  CHECK(std::abs(a.objective - b.objective) < 0.02 * std::abs(b.objective));
}

TEST_CASE("the stop callback ends the search with a feasible best so far", "[mdgp][engine]") {
  const auto p = read_problem("RanReal_n120_ss_02.txt");
  int asked = 0;
  budget b{1'000'000'000'000ULL, [&] { return ++asked >= 2; }};
  const auto s = solve(p, 1, b);
  CHECK(s.stopped);
  CHECK(asked == 2);
  CHECK(s.feasible);
  CHECK(s.objective == Approx(objective(p, s.group_of)).epsilon(1e-9));
  CHECK(s.work < b.work);
}
