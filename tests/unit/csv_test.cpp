#include <catch2/catch.hpp>

#include "core/csv.hpp"

using namespace networkbot::core;

namespace {
std::vector<csv::row> rows_of(std::string_view text) {
  auto parsed = csv::parse(text);
  REQUIRE(std::holds_alternative<std::vector<csv::row>>(parsed));
  return std::get<std::vector<csv::row>>(parsed);
}
csv::error error_of(std::string_view text) {
  auto parsed = csv::parse(text);
  REQUIRE(std::holds_alternative<csv::error>(parsed));
  return std::get<csv::error>(parsed);
}
}  // namespace

TEST_CASE("csv reads quoted fields, doubled quotes, embedded commas and newlines", "[csv]") {
  const auto rows = rows_of("name,note\r\n\"Ortiz, Maya\",\"said \"\"hi\"\"\nthen left\"\r\nplain,\r\n");
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].fields == std::vector<std::string>{"Ortiz, Maya", "said \"hi\"\nthen left"});
  CHECK(rows[1].line == 2);
  CHECK(rows[2].fields == std::vector<std::string>{"plain", ""});
  CHECK(rows[2].line == 4);  // the quoted newline moved the line count on
}

TEST_CASE("csv skips a UTF-8 byte-order mark and blank lines, and accepts a last line without newline", "[csv]") {
  const auto rows = rows_of("\xEF\xBB\xBF" "a,b\n\n1,2");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].fields[0] == "a");
  CHECK(rows[1].fields == std::vector<std::string>{"1", "2"});
}

TEST_CASE("csv reports an unterminated quote where it opened", "[csv]") {
  const auto e = error_of("a,b\n1,\"never closed\n2,3\n");
  CHECK(e.line == 2);
  CHECK(e.column == 3);
  CHECK_THAT(e.reason, Catch::Contains("unterminated"));
}

TEST_CASE("csv refuses a stray quote and text after a closing quote", "[csv]") {
  CHECK(error_of("a,b\nab\"c,d\n").line == 2);
  const auto e = error_of("a\n\"x\"y\n");
  CHECK(e.line == 2);
  CHECK(e.column == 4);
}

TEST_CASE("csv quote round-trips through parse", "[csv]") {
  const std::vector<std::string> fields{"plain", "with, comma", "with \"quote\"", "multi\nline", " padded "};
  std::string line;
  for (const auto& f : fields) {
    if (!line.empty()) line += ',';
    line += csv::quote(f);
  }
  const auto rows = rows_of(line + "\r\n");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].fields == fields);
}
