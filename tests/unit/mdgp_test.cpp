// The MDGPLIB reader: every malformed file rejected with its line and a reason; the shipped instances
// read. The engine that solves them is tested in mdgp_engine_test.cpp.

#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>
#include <string>
#include <variant>

#include "core/clock.hpp"
#include "core/mdgp.hpp"

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
