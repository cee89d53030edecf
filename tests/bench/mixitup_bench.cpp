// The Mix It Up benchmark, on the core alone. Part one groups generated rosters of 300, 3,000 and
// 30,000 students for several weekly rounds, each round's groups fed back as history, and prints the
// time per round, the objective, diversity as a share of its upper bound next to a random shuffle's,
// the confidence spread next to the shuffle's, leaderless groups and repeated pairs. Part two solves
// the MDGPLIB instances in tests/data/mdgp with the same engine (core/mdgp_engine.hpp) and prints the
// gap to the best-known values. The engine's budget is counted work: S seconds are converted to work
// once per instance by timing the engine in CPU seconds (so a busy machine does not shrink the
// budget), then every seed runs that same work. Deterministic data from fixed seeds; only the
// conversion from seconds to work depends on the machine.
// Usage: networkbot_bench_mixitup [--smoke] [--mdgp-only] [--seconds S] [--work W] [--seeds N]
//                                 [--rounds R] [--data DIR]
//   --smoke: 300 and 3,000 students, two rounds, 0.2 s per instance, one seed (what ctest runs)
//   --work W: every MDGP run gets work W instead of S seconds' worth; --seeds N: seeds 1..N

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <string>
#include <variant>
#include <vector>

#include "core/clock.hpp"
#include "core/mdgp.hpp"
#include "core/mdgp_engine.hpp"
#include "core/mixitup.hpp"

using namespace networkbot::core;
using namespace std::chrono;

namespace {

// A school's mix: a tenth in each of Mods 0, 3 and 4 and the rest in Mods 1-2 (a fifth can lead, half of
// them Mod 4s), FE and BE evenly, eight cohorts, confidence 1-5 (a few unknown).
std::vector<mixitup::participant> roster(std::size_t n, std::uint64_t seed) {
  random_source rng(seed);
  std::vector<mixitup::participant> out;
  for (std::size_t i = 0; i < n; ++i) {
    const auto roll = rng.below(100);
    const int module = roll < 10 ? 0 : roll < 45 ? 1 : roll < 80 ? 2 : roll < 90 ? 3 : 4;
    std::string program = rng.below(2) == 0 ? "FE" : "BE";
    std::string cohort = std::to_string(2301 + rng.below(8));
    const int confidence = rng.below(20) == 0 ? 0 : static_cast<int>(1 + rng.below(5));
    const auto leader = module == 4 ? std::optional(leader_rank::first)
                        : module == 3 ? std::optional(leader_rank::second) : std::nullopt;
    out.push_back({static_cast<person_id>(i + 1), module, std::move(program), std::move(cohort), confidence, leader});
  }
  return out;
}

double percent(double part, double whole) { return whole > 0 ? 100.0 * part / whole : 0.0; }

void bench_groups(std::size_t n, int rounds) {
  const auto people = roster(n, 42 + n);
  const mixitup::settings s;
  std::vector<mixitup::past_round> history;
  for (int round = 1; round <= rounds; ++round) {
    const auto start = steady_clock::now();
    const auto result = mixitup::make_groups(people, history, s, static_cast<std::uint64_t>(round));
    const double ms = duration<double, std::milli>(steady_clock::now() - start).count();
    const auto random = mixitup::assess(people, history, s, mixitup::random_groups_like(people, result.groups, 7 + static_cast<std::uint64_t>(round)));
    const auto& r = result.summary;
    std::printf("%6zu people  round %d  %5zu groups  %8.1f ms  objective %10.1f  diversity %5.1f %% of bound "
                "(random %5.1f %%)  confidence spread %.3f (random %.3f)  leaderless %d  repeated pairs %d "
                "(random %d)\n",
                n, round, result.groups.size(), ms, r.objective, percent(r.diversity, r.diversity_bound),
                percent(random.summary.diversity, random.summary.diversity_bound), r.confidence_spread,
                random.summary.confidence_spread, r.groups_without_leader, r.repeated_pairs,
                random.summary.repeated_pairs);
    for (const auto& problem : r.problems) std::printf("        %s\n", problem.c_str());
    mixitup::past_round past;
    for (const auto& g : result.groups) past.groups.push_back(g.members);
    history.insert(history.begin(), std::move(past));
  }
}

struct known_instance {
  const char* name;
  double best_known;
};

// CPU time of this process: the budget "10 s on one core" is counted in CPU seconds, so a machine
// busy with other work does not shrink it.
double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

// Work per CPU second for this instance on this machine: the engine's budget is counted work, so a
// budget in seconds is converted by timing the engine itself, doubling the work until the run is
// long enough to time.
double work_per_second(const mdgp::problem& p, double at_least_seconds) {
  std::uint64_t work = 1'000'000;
  for (;;) {
    const double start = cpu_seconds();
    (void)mdgp::solve(p, 1, mdgp::budget{work, {}});
    const double spent = cpu_seconds() - start;
    if (spent >= at_least_seconds || work >= (1ULL << 40)) return static_cast<double>(work) / std::max(spent, 1e-6);
    work *= 2;
  }
}

struct mdgp_run {
  double seconds = 10;         // per seed, converted to work
  std::uint64_t work = 0;      // when not 0: this work instead of seconds
  int seeds = 1;               // seeds 1..seeds
};

void bench_mdgp(const std::string& dir, const mdgp_run& run) {
  const known_instance instances[] = {
      {"RanReal_n010_ss_01", 1427.845}, {"RanReal_n120_ss_02", 47243.161}, {"Geo_n120_ss_02", 54829.458}};
  double gap_sum = 0;
  int measured = 0;
  for (const auto& known : instances) {
    const auto path = dir + "/" + known.name + ".txt";
    const auto read = mdgp::read_instance_file(path);
    if (const auto* e = std::get_if<mdgp::read_error>(&read)) {
      std::printf("%s:%zu: %s\n", path.c_str(), e->line, e->reason.c_str());
      continue;
    }
    const auto& inst = std::get<mdgp::instance>(read);
    const auto problem = mdgp::as_problem(inst);
    std::uint64_t work = run.work;
    if (work == 0) {
      const double rate = work_per_second(problem, std::min(1.0, run.seconds / 4));
      work = static_cast<std::uint64_t>(rate * run.seconds);
      std::printf("%-20s n %4d  m %3d  %.3g work per CPU second: %.1f s is work %llu\n", known.name, inst.elements,
                  inst.groups(), rate, run.seconds, static_cast<unsigned long long>(work));
    }
    double instance_gap = 0;
    for (int seed = 1; seed <= run.seeds; ++seed) {
      const double start = cpu_seconds();
      const auto found = mdgp::solve(problem, static_cast<std::uint64_t>(seed), mdgp::budget{work, {}});
      const double spent = cpu_seconds() - start;
      const double gap = percent(known.best_known - found.objective, known.best_known);
      instance_gap += gap;
      std::printf("%-20s seed %2d  objective %12.3f  best known %12.3f  gap %+.3f %%  (%llu rounds, %.1f s CPU%s)\n",
                  known.name, seed, found.objective, known.best_known, gap, static_cast<unsigned long long>(found.rounds),
                  spent, found.feasible ? "" : ", INFEASIBLE");
    }
    std::printf("%-20s mean gap %+.3f %% over %d seeds\n", known.name, instance_gap / run.seeds, run.seeds);
    gap_sum += instance_gap / run.seeds;
    ++measured;
  }
  if (measured > 0) std::printf("mean gap %+.3f %% over %d instances\n", gap_sum / measured, measured);
}

}  // namespace

int main(int argc, char** argv) {
  bool smoke = false, mdgp_only = false;
  mdgp_run run;
  int rounds = 5;
  std::string data = NETWORKBOT_MDGP_DATA;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--smoke") == 0) smoke = true;
    else if (std::strcmp(argv[i], "--mdgp-only") == 0) mdgp_only = true;
    else if (i + 1 < argc && std::strcmp(argv[i], "--seconds") == 0) run.seconds = std::stod(argv[++i]);
    else if (i + 1 < argc && std::strcmp(argv[i], "--work") == 0) run.work = std::stoull(argv[++i]);
    else if (i + 1 < argc && std::strcmp(argv[i], "--seeds") == 0) run.seeds = std::max(1, std::stoi(argv[++i]));
    else if (i + 1 < argc && std::strcmp(argv[i], "--rounds") == 0) rounds = std::stoi(argv[++i]);
    else if (i + 1 < argc && std::strcmp(argv[i], "--data") == 0) data = argv[++i];
  }
  if (smoke) run.seconds = 0.2, run.seeds = 1, rounds = 2;
  const std::vector<std::size_t> sizes = smoke ? std::vector<std::size_t>{300, 3'000} : std::vector<std::size_t>{300, 3'000, 30'000};
  if (!mdgp_only)
    for (std::size_t n : sizes) bench_groups(n, rounds);
  bench_mdgp(data, run);
  return 0;
}
