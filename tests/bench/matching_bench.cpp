// The matching benchmark, on the core alone: `find` (rank over everyone open to chats, for a query)
// over a directory of 100,000 people, as p50/p99 per query; and the optimal assignment of 1,000
// students to 2,000 mentors with capacities 1-3. Deterministic data from a fixed seed.
// Usage: networkbot_bench_matching [--people N] [--queries Q] [--students S] [--mentors M]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/matching.hpp"

using namespace networkbot::core;
using namespace std::chrono;

namespace {

const std::vector<std::string> companies = [] {
  std::vector<std::string> out;
  for (int i = 0; i < 400; ++i) out.push_back("Company " + std::to_string(i));
  return out;
}();
const std::vector<std::string> backgrounds{"teaching", "military", "nursing", "retail", "music", "law", "science", "finance"};
const std::vector<std::string> tags{"ruby", "rails", "sql", "react", "javascript", "python", "go", "css", "accessibility",
                                    "graphql", "aws", "testing", "typescript", "java", "kotlin", "data"};
const std::vector<std::string> zones{"America/Denver", "America/Chicago", "America/New_York", "America/Los_Angeles"};

person make(random_source& rng, person_id id, bool helper) {
  person p;
  p.id = id;
  p.slack_id = "U" + std::to_string(100000000 + id);
  p.display_name = "Person " + std::to_string(id);
  p.roles = helper ? role_set{role::alum} : role_set{role::student};
  p.program = rng.below(2) == 0 ? "FE" : "BE";
  p.background = backgrounds[rng.below(backgrounds.size())];
  for (int i = 0; i < 3; ++i) p.interests.push_back(tags[rng.below(tags.size())]);
  p.time_zone = zones[rng.below(zones.size())];
  if (helper) {
    p.company = companies[rng.below(companies.size())];
    p.title = "Engineer";
    p.open_to_chats = {rng.below(3) == 0, static_cast<int>(1 + rng.below(4))};
    p.available_to_mentor = {true, static_cast<int>(1 + rng.below(3))};
  } else {
    p.target_companies = {companies[rng.below(companies.size())], companies[rng.below(companies.size())]};
  }
  return p;
}

double ms(steady_clock::duration d) { return duration<double, std::milli>(d).count(); }

}  // namespace

int main(int argc, char** argv) {
  int people = 100'000, queries = 2'000, students = 1'000, mentors = 2'000;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--people") == 0) people = std::stoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--queries") == 0) queries = std::stoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--students") == 0) students = std::stoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--mentors") == 0) mentors = std::stoi(argv[i + 1]);
  }
  random_source rng(42);
  // The directory: a third alumni and mentors (a third of them open to chats), the rest students.
  std::vector<person> directory;
  directory.reserve(static_cast<std::size_t>(people));
  for (int i = 0; i < people; ++i) directory.push_back(make(rng, i + 1, i % 3 == 0));
  std::vector<person> open;  // what the store's open_to_chats() returns: the only people find ranks
  for (const auto& p : directory)
    if (p.open_to_chats.on) open.push_back(p);
  std::map<std::string, int, std::less<>> offsets_table{{"America/Denver", -420}, {"America/Chicago", -360},
                                                        {"America/New_York", -300}, {"America/Los_Angeles", -480}};
  const zone_offset offsets = [&](std::string_view z) -> std::optional<int> {
    auto it = offsets_table.find(z);
    return it == offsets_table.end() ? std::nullopt : std::optional<int>(it->second);
  };
  const auto no_load = [](const person&) { return candidate_load{}; };

  const auto built = steady_clock::now();
  const match_index index(open, offsets);
  const double build_ms = ms(steady_clock::now() - built);
  std::vector<double> times;
  std::size_t shown = 0;
  for (int q = 0; q < queries; ++q) {
    const auto& student = directory[static_cast<std::size_t>(1 + 3 * rng.below(static_cast<std::uint64_t>(people / 3 - 1)))];
    std::string text;
    switch (q % 4) {
      case 0: text = ""; break;  // /network match
      case 1: text = companies[rng.below(companies.size())]; break;
      case 2: text = tags[rng.below(tags.size())]; break;
      case 3: text = backgrounds[rng.below(backgrounds.size())]; break;
    }
    const auto start = steady_clock::now();
    const auto ranked = index.rank(student, match_query{text}, no_load, match_weights{}, 5);
    times.push_back(ms(steady_clock::now() - start));
    shown += std::min<std::size_t>(ranked.size(), 5);
  }
  std::ranges::sort(times);
  const auto pct = [&](double p) { return times[std::min(times.size() - 1, static_cast<std::size_t>(p * static_cast<double>(times.size())))]; };
  std::printf("networkbot matching benchmark\n");
  std::printf("  find: %d people, %zu open to chats, %d queries (match, company, topic, background)\n", people, open.size(), queries);
  std::printf("    %.1f suggestions shown per query on average (a page holds 5)\n", static_cast<double>(shown) / queries);
  std::printf("    index built once in %.1f ms; per query  p50 %.2f ms  p99 %.2f ms  max %.2f ms  (aim: p99 < 5 ms)\n", build_ms,
              pct(0.50), pct(0.99), times.back());

  std::vector<person> pupils, pool;
  for (int i = 0; i < students; ++i) pupils.push_back(make(rng, 1'000'000 + i, false));
  for (int i = 0; i < mentors; ++i) pool.push_back(make(rng, 2'000'000 + i, true));
  int room = 0;
  for (const auto& m : pool) room += m.available_to_mentor.capacity;
  const auto start = steady_clock::now();
  const auto a = assign_mentors(pupils, pool, nullptr, false, match_weights{}, offsets);
  const double took = ms(steady_clock::now() - start);
  std::printf("  assignment: %d students, %d mentors (%d places)\n", students, mentors, room);
  std::printf("    %.0f ms  (aim: < 2000 ms), %zu placed, %zu without, total score %.1f\n", took, a.pairs.size(),
              a.unassigned.size(), a.total_score);
  return a.pairs.size() + a.unassigned.size() == pupils.size() ? 0 : 1;
}
