// The Mix It Up grouping engine on seeded generated rosters: everyone placed once in groups within the
// size bounds, a leader in every group when there are enough (Mod 4s before Mod 3s), rosters that
// cannot be grouped as asked explained, reproducibility, no repeated pairs over five rounds, and
// diversity and confidence balance clearly better than a random shuffle.

#include <catch2/catch.hpp>
#include <algorithm>
#include <map>
#include <set>

#include "core/clock.hpp"
#include "core/mixitup.hpp"

using namespace networkbot::core;
using namespace networkbot::core::mixitup;

namespace {

// n students with ids 1..n: modules, programs, cohorts and confidences from the seed; Mod 4s lead
// first, Mod 3s second.
std::vector<participant> roster(std::size_t n, std::uint64_t seed) {
  random_source rng(seed);
  std::vector<participant> out;
  for (std::size_t i = 0; i < n; ++i) {
    const auto module = static_cast<int>(rng.below(5));
    std::string program = rng.below(2) == 0 ? "FE" : "BE";
    std::string cohort = std::to_string(2301 + rng.below(6));
    const auto confidence = static_cast<int>(1 + rng.below(5));
    const auto leader = module == 4 ? std::optional(leader_rank::first)
                        : module == 3 ? std::optional(leader_rank::second) : std::nullopt;
    out.push_back({static_cast<person_id>(i + 1), module, std::move(program), std::move(cohort), confidence, leader});
  }
  return out;
}

// A roster with exactly `mod4` Mod 4 and `mod3` Mod 3 students, the rest in Mods 0-2.
std::vector<participant> with_leaders(std::size_t n, std::size_t mod4, std::size_t mod3, std::uint64_t seed) {
  auto people = roster(n, seed);
  for (std::size_t i = 0; i < n; ++i) {
    auto& p = people[i];
    p.module = i < mod4 ? 4 : i < mod4 + mod3 ? 3 : static_cast<int>(i % 3);
    p.leader = i < mod4 ? std::optional(leader_rank::first) : i < mod4 + mod3 ? std::optional(leader_rank::second) : std::nullopt;
  }
  return people;
}

std::map<person_id, const participant*> by_id(const std::vector<participant>& people) {
  std::map<person_id, const participant*> out;
  for (const auto& p : people) out[p.id] = &p;
  return out;
}

// Everyone exactly once, sizes within the bounds, and each group's leader its best-ranked member.
void check_grouping(const grouping& g, const std::vector<participant>& people, const settings& s) {
  const auto who = by_id(people);
  std::multiset<person_id> placed;
  for (const auto& grp : g.groups) {
    CHECK(static_cast<int>(grp.members.size()) >= s.min_size);
    CHECK(static_cast<int>(grp.members.size()) <= s.max_size);
    int best = 3;
    for (person_id id : grp.members) {
      placed.insert(id);
      const auto& p = *who.at(id);
      if (p.leader) best = std::min(best, static_cast<int>(*p.leader));
    }
    if (best == 3) {
      CHECK_FALSE(grp.leader);
    } else {
      REQUIRE(grp.leader);
      CHECK(std::ranges::find(grp.members, *grp.leader) != grp.members.end());
      CHECK(static_cast<int>(*who.at(*grp.leader)->leader) == best);
    }
  }
  CHECK(placed.size() == people.size());
  for (const auto& p : people) CHECK(placed.count(p.id) == 1);
}

int count_rank(const group& grp, const std::vector<participant>& people, leader_rank rank) {
  const auto who = by_id(people);
  int n = 0;
  for (person_id id : grp.members) n += who.at(id)->leader == rank;
  return n;
}

std::vector<std::vector<person_id>> members_of(const grouping& g) {
  std::vector<std::vector<person_id>> out;
  for (const auto& grp : g.groups) out.push_back(grp.members);
  return out;
}


bool mentions(const std::vector<std::string>& problems, const std::string& text) {
  return std::ranges::any_of(problems, [&](const std::string& p) { return p.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("settings a Slack group DM cannot hold, or that contradict themselves, are refused", "[mixitup]") {
  CHECK(check_settings(settings{}).empty());
  settings too_big;
  too_big.max_size = 9;
  const auto problems = check_settings(too_big);
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0], Catch::Contains("at most 8"));
  settings upside_down;
  upside_down.min_size = 6;
  upside_down.max_size = 4;
  CHECK(mentions(check_settings(upside_down), "above the largest"));
  settings negative;
  negative.cohort_weight = -1;
  negative.repeat_window = -2;
  CHECK(check_settings(negative).size() == 2);
  // make_groups makes no groups with them, and says why.
  const auto g = make_groups(roster(20, 1), {}, too_big, 1);
  CHECK(g.groups.empty());
  CHECK(mentions(g.summary.problems, "No groups were made"));
  CHECK(mentions(g.summary.problems, "Slack group DM"));
}

TEST_CASE("everyone is placed once in groups within the bounds, each with a leader when there are enough", "[mixitup]") {
  const settings s;
  const std::size_t roster_sizes[] = {4, 9, 10, 11, 23, 57, 120, 301};
  const std::uint64_t seeds[] = {1, 2};
  for (std::size_t n : roster_sizes) {
    for (std::uint64_t seed : seeds) {
      INFO("n " << n << " seed " << seed);
      const auto people = with_leaders(n, (n + 5) / 6, 2, seed);
      const auto g = make_groups(people, {}, s, seed);
      check_grouping(g, people, s);
      CHECK(g.summary.groups_without_leader == 0);
      for (const auto& grp : g.groups) CHECK(grp.leader);
    }
  }
  // Nine people in groups of 4 to 6: a four and a five.
  const auto nine = make_groups(with_leaders(9, 2, 0, 3), {}, s, 3);
  REQUIRE(nine.groups.size() == 2);
  std::multiset<std::size_t> sizes{nine.groups[0].members.size(), nine.groups[1].members.size()};
  CHECK(sizes == std::multiset<std::size_t>{4, 5});
  CHECK(nine.summary.problems.empty());
}

TEST_CASE("Mod 4 students lead first; Mod 3 students only where Mod 4s run out", "[mixitup]") {
  const settings s;  // 20 people: four groups of five
  SECTION("enough Mod 4s: every group is led by one, whatever the Mod 3s") {
    const auto people = with_leaders(20, 4, 6, 5);
    const auto g = make_groups(people, {}, s, 5);
    REQUIRE(g.groups.size() == 4);
    check_grouping(g, people, s);
    for (const auto& grp : g.groups) CHECK(count_rank(grp, people, leader_rank::first) == 1);
    CHECK(g.summary.problems.empty());
  }
  SECTION("two Mod 4s for four groups: each leads a different group, Mod 3s lead the other two") {
    const auto people = with_leaders(20, 2, 5, 6);
    const auto g = make_groups(people, {}, s, 6);
    REQUIRE(g.groups.size() == 4);
    check_grouping(g, people, s);
    int led_by_mod4 = 0;
    for (const auto& grp : g.groups) {
      CHECK(count_rank(grp, people, leader_rank::first) <= 1);
      CHECK(grp.leader);
      led_by_mod4 += count_rank(grp, people, leader_rank::first);
    }
    CHECK(led_by_mod4 == 2);
    CHECK(mentions(g.summary.problems, "2 groups are led by a Mod 3 student"));
  }
}

TEST_CASE("rosters that cannot be grouped as asked are grouped as well as possible, and explained", "[mixitup]") {
  const settings s;
  SECTION("nobody can lead") {
    const auto people = with_leaders(30, 0, 0, 1);
    const auto g = make_groups(people, {}, s, 1);
    check_grouping(g, people, s);
    CHECK(g.summary.groups_without_leader == static_cast<int>(g.groups.size()));
    CHECK(mentions(g.summary.problems, "Nobody can lead"));
  }
  SECTION("fewer leaders than groups: fewer, larger groups, leaders spread, the rest named") {
    const auto people = with_leaders(30, 1, 2, 2);  // 30 people need at least 5 groups of at most 6
    const auto g = make_groups(people, {}, s, 2);
    check_grouping(g, people, s);
    CHECK(g.groups.size() == 5);
    for (const auto& grp : g.groups)
      CHECK(count_rank(grp, people, leader_rank::first) + count_rank(grp, people, leader_rank::second) <= 1);
    CHECK(g.summary.groups_without_leader == 2);
    CHECK(mentions(g.summary.problems, "Only 3 students can lead (1 Mod 4, 2 Mod 3) for 5 groups, so 2 groups have no leader"));
  }
  SECTION("fewer people than the smallest group: one group of all") {
    const auto people = with_leaders(3, 1, 0, 3);
    const auto g = make_groups(people, {}, s, 3);
    REQUIRE(g.groups.size() == 1);
    CHECK(g.groups[0].members.size() == 3);
    CHECK(mentions(g.summary.problems, "fewer than the smallest group size (4)"));
  }
  SECTION("no number of groups fits the bounds: never above the largest size") {
    settings five_or_six;
    five_or_six.min_size = 5;
    const auto people = with_leaders(9, 2, 0, 4);
    const auto g = make_groups(people, {}, five_or_six, 4);
    REQUIRE(g.groups.size() == 2);
    for (const auto& grp : g.groups) CHECK(grp.members.size() <= 6);
    CHECK(mentions(g.summary.problems, "9 people cannot be split into groups of 5–6: made 2 groups of 4–5"));
  }
  SECTION("nobody at all: no groups, no problems") {
    const auto g = make_groups({}, {}, s, 1);
    CHECK(g.groups.empty());
    CHECK(g.summary.problems.empty());
  }
  SECTION("someone listed twice is grouped once") {
    auto people = with_leaders(12, 3, 0, 5);
    people.push_back(people[7]);
    const auto g = make_groups(people, {}, s, 5);
    people.pop_back();
    check_grouping(g, people, s);
    CHECK(mentions(g.summary.problems, "1 person was listed twice"));
  }
}

TEST_CASE("the same seed gives the same groups; the report matches an assessment from scratch", "[mixitup]") {
  const auto people = roster(200, 9);
  const settings s;
  const auto a = make_groups(people, {}, s, 77);
  const auto b = make_groups(people, {}, s, 77);
  CHECK(members_of(a) == members_of(b));
  CHECK(a.summary.objective == b.summary.objective);
  const auto again = assess(people, {}, s, members_of(a));
  CHECK(again.summary.objective == Approx(a.summary.objective));
  CHECK(again.summary.diversity == Approx(a.summary.diversity));
  // A stop callback that says stop at once still gives a complete, valid grouping.
  const auto stopped = make_groups(people, {}, s, 77, [] { return true; });
  check_grouping(stopped, people, s);
  CHECK(stopped.summary.groups_without_leader == 0);
}

TEST_CASE("over five rounds nobody meets anyone they met within the repeat window", "[mixitup]") {
  const auto people = roster(120, 12);
  const settings s;  // a window of four rounds
  std::vector<past_round> history;  // most recent first
  for (int round = 0; round < 5; ++round) {
    INFO("round " << round);
    const auto g = make_groups(people, history, s, static_cast<std::uint64_t>(round + 1));
    check_grouping(g, people, s);
    CHECK(g.summary.repeated_pairs == 0);
    // Counted independently: no pair of this round shared a group in the last four.
    std::set<std::pair<person_id, person_id>> met;
    for (std::size_t r = 0; r < history.size() && r < 4; ++r)
      for (const auto& grp : history[r].groups)
        for (person_id x : grp)
          for (person_id y : grp)
            if (x < y) met.emplace(x, y);
    int repeats = 0;
    for (const auto& grp : g.groups)
      for (person_id x : grp.members)
        for (person_id y : grp.members)
          if (x < y && met.contains({x, y})) ++repeats;
    CHECK(repeats == 0);
    if (round > 0) CHECK(assess(people, history, s, random_groups_like(people, g.groups, 3)).summary.repeated_pairs > 0);
    history.insert(history.begin(), past_round{members_of(g)});
  }
}

TEST_CASE("groups are clearly more diverse and more evenly confident than a random shuffle", "[mixitup]") {
  const auto people = roster(300, 21);
  const settings s;
  const auto g = make_groups(people, {}, s, 4);
  const auto random = assess(people, {}, s, random_groups_like(people, g.groups, 8));
  const double ours = g.summary.diversity / g.summary.diversity_bound;
  const double theirs = random.summary.diversity / random.summary.diversity_bound;
  CHECK(ours > theirs + 0.05);
  CHECK(g.summary.confidence_spread < random.summary.confidence_spread / 2);
  // Each group mixes: with five modules, two programs and six cohorts, no group of four or more is
  // all one module or all one program.
  for (const auto& grp : g.groups) {
    CHECK(grp.spread.modules >= 2);
    CHECK(grp.spread.programs == 2);
    CHECK(grp.spread.cohorts >= 2);
    CHECK(grp.spread.mean_confidence > 0);
  }
}
