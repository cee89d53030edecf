// The MDGPLIB reader (every malformed file rejected with its line and a reason; the shipped instances
// read) and the MDGP solver: the proven optimum of the small instance, a brute-forced optimum with
// unequal bounds, feasibility, reproducibility, the stop callback, and the incremental objective
// against one computed from scratch.

#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>
#include <string>
#include <variant>

#include "core/clock.hpp"
#include "core/mdgp.hpp"
#include "core/mdgp_solver.hpp"

using namespace networkbot::core;
using namespace networkbot::core::mdgp;

namespace {

const std::string data_dir = std::string(NETWORKBOT_TEST_DATA) + "/mdgp/";

read_result read_text(const std::string& text) {
  std::istringstream in(text);
  return read_instance(in);
}

instance read_ok(const std::string& path) {
  auto r = read_instance_file(path);
  if (const auto* e = std::get_if<read_error>(&r)) FAIL(path << ":" << e->line << ": " << e->reason);
  return std::get<instance>(std::move(r));
}

// A complete small file: three elements in one group of three.
const std::string triangle = "3 1 ss 3 3\n0 1 1.5\n0 2 2\n1 2 -0.5\n";

}  // namespace

TEST_CASE("each malformed MDGPLIB file is rejected with its line and the reason", "[mdgp][reader]") {
  struct bad_file {
    const char* text;
    std::size_t line;
    const char* reason_contains;
  };
  const bad_file cases[] = {
      {"", 1, "empty"},
      {"\n\n", 3, "empty"},
      {"ten 2 ss 5 5 5 5\n", 1, "not a whole number"},
      {"10 2\n", 1, "header"},
      {"10 2 xs 5 5 5 5\n", 1, "ss or ds"},
      {"10 2 ss 5 5 5\n", 1, "it needs 4"},
      {"10 2 ss 5 5 5 5 5\n", 1, "it needs 4"},
      {"10 2 ds 6 5 4 5\n", 1, "above its maximum"},
      {"10 2 ds 1 4 1 4\n", 1, "cannot hold"},
      {"10 2 ds 6 8 6 8\n", 1, "more than the 10"},
      {"4 2 ss 2 2 1 3\n", 1, "differ"},
      {"2 3 ds 1 1 1 1 0 1\n", 1, "cannot all be filled"},
      {"99999999 2 ss 5 5 5 5\n", 1, "more than this reader accepts"},
      {"1e9 2 ss 5 5 5 5\n", 1, "not a whole number"},
      {"3 1 ss 3 3\n0 1 1\n0 3 2\n", 3, "out of range"},
      {"3 1 ss 3 3\n-1 1 1\n", 2, "not a whole number"},
      {"3 1 ss 3 3\n1 0 1\n", 2, "i < j"},
      {"3 1 ss 3 3\n1 1 1\n", 2, "i < j"},
      {"3 1 ss 3 3\n0 1 1\n\n0 1 2\n", 4, "given twice"},
      {"3 1 ss 3 3\n0 1 1\n0 2 1\n", 4, "first missing is 1 2"},
      {"3 1 ss 3 3\n0 1 x\n", 2, "not a number"},
      {"3 1 ss 3 3\n0 1 inf\n", 2, "not a number"},
      {"3 1 ss 3 3\n0 1 1.5.2\n", 2, "not a number"},
      {"3 1 ss 3 3\n0 1 1 extra\n", 2, "unexpected text"},
      {"3 1 ss 3 3\n0 1\n", 2, "i j d"},
      {"3 1 ss 3 3\n0 1 1\n0 2 1\n1 2 1\nmore\n", 5, "after the last"},
  };
  for (const auto& c : cases) {
    INFO("file: " << c.text);
    const auto r = read_text(c.text);
    REQUIRE(std::holds_alternative<read_error>(r));
    const auto& e = std::get<read_error>(r);
    CHECK(e.line == c.line);
    CHECK_THAT(e.reason, Catch::Contains(c.reason_contains));
  }
  const auto missing = read_instance_file(data_dir + "no_such_file.txt");
  REQUIRE(std::holds_alternative<read_error>(missing));
  CHECK(std::get<read_error>(missing).line == 0);
}

TEST_CASE("a well-formed file reads into a symmetric matrix, blank lines and CRLF allowed", "[mdgp][reader]") {
  for (const std::string& text :
       std::vector<std::string>{triangle, "\n3 1 ss 3 3 \r\n\r\n0 1 1.5\r\n0 2 2\r\n1 2 -0.5\r\n\n"}) {
    const auto r = read_text(text);
    REQUIRE(std::holds_alternative<instance>(r));
    const auto& inst = std::get<instance>(r);
    CHECK(inst.elements == 3);
    CHECK(inst.same_size);
    REQUIRE(inst.groups() == 1);
    CHECK(inst.bounds[0] == group_bounds{3, 3});
    CHECK(inst.d(0, 1) == 1.5);
    CHECK(inst.d(1, 0) == 1.5);
    CHECK(inst.d(2, 1) == -0.5);
    CHECK(inst.d(1, 1) == 0);
  }
}

TEST_CASE("the three shipped MDGPLIB instances read", "[mdgp][reader]") {
  const auto small = read_ok(data_dir + "RanReal_n010_ss_01.txt");
  CHECK(small.elements == 10);
  CHECK(small.groups() == 2);
  CHECK(small.d(0, 1) == Approx(80.829));
  for (const char* name : {"RanReal_n120_ss_02.txt", "Geo_n120_ss_02.txt"}) {
    const auto inst = read_ok(data_dir + name);
    CHECK(inst.elements == 120);
    CHECK(inst.groups() == 10);
    CHECK(inst.bounds.front() == group_bounds{12, 12});
  }
}

TEST_CASE("the solver reaches the proven optimum of RanReal_n010_ss_01", "[mdgp][solver]") {
  const auto inst = read_ok(data_dir + "RanReal_n010_ss_01.txt");
  solver_options options;
  options.work_limit = 2'000'000;
  const auto s = solve(inst, 1, options);
  CHECK(is_feasible(inst, s.group_of));
  CHECK(std::abs(s.objective - 1427.845) < 1e-3);
  CHECK(std::abs(objective(inst, s.group_of) - 1427.845) < 1e-3);
}

TEST_CASE("with unequal bounds (moves as well as swaps) the solver finds the brute-force optimum", "[mdgp][solver]") {
  // Nine elements, three groups of 1-2, 2-4 and 3-6, seeded random distances including negative ones.
  random_source rng(7);
  std::ostringstream text;
  text << "9 3 ds 1 2 2 4 3 6\n";
  for (int i = 0; i < 9; ++i)
    for (int j = i + 1; j < 9; ++j) text << i << " " << j << " " << static_cast<double>(rng.below(2000)) / 10.0 - 50 << "\n";
  const auto r = read_text(text.str());
  REQUIRE(std::holds_alternative<instance>(r));
  const auto& inst = std::get<instance>(r);
  double optimum = -1e18;
  std::vector<int> g(9, 0);
  for (int code = 0; code < 19683; ++code) {  // 3^9 assignments
    for (int i = 0, c = code; i < 9; ++i, c /= 3) g[static_cast<std::size_t>(i)] = c % 3;
    if (is_feasible(inst, g)) optimum = std::max(optimum, objective(inst, g));
  }
  solver_options options;
  options.work_limit = 1'000'000;
  const auto s = solve(inst, 3, options);
  CHECK(is_feasible(inst, s.group_of));
  CHECK(s.objective == Approx(optimum).margin(1e-6));
}

TEST_CASE("on every instance the solution is feasible, reproducible, and its objective is exact", "[mdgp][solver]") {
  for (const char* name : {"RanReal_n010_ss_01.txt", "RanReal_n120_ss_02.txt", "Geo_n120_ss_02.txt"}) {
    INFO(name);
    const auto inst = read_ok(data_dir + name);
    solver_options options;
    options.work_limit = 3'000'000;
    const auto a = solve(inst, 11, options);
    const auto b = solve(inst, 11, options);
    CHECK(is_feasible(inst, a.group_of));
    CHECK(a.group_of == b.group_of);
    CHECK(a.objective == b.objective);
    CHECK(a.work >= options.work_limit);
    CHECK_FALSE(a.stopped);
    // The incremental objective, kept over thousands of moves, against a sum from scratch.
    CHECK(a.objective == Approx(objective(inst, a.group_of)).epsilon(1e-9));
  }
}

TEST_CASE("the stop callback ends the search with a feasible best so far", "[mdgp][solver]") {
  const auto inst = read_ok(data_dir + "RanReal_n120_ss_02.txt");
  int asked = 0;
  solver_options options;
  options.should_stop = [&] { return ++asked >= 2; };
  const auto s = solve(inst, 1, options);
  CHECK(s.stopped);
  CHECK(asked == 2);
  CHECK(is_feasible(inst, s.group_of));
  CHECK(s.objective == Approx(objective(inst, s.group_of)).epsilon(1e-9));
  CHECK(s.work < options.work_limit);
}
