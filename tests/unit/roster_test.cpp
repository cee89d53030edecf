#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "core/roster_csv.hpp"

using namespace networkbot::core;

namespace {
const roster_rules rules{{"FE", "BE"}};
std::vector<csv::error> errors_of(std::string_view text) {
  auto parsed = parse_roster(text, rules);
  REQUIRE(std::holds_alternative<std::vector<csv::error>>(parsed));
  return std::get<std::vector<csv::error>>(parsed);
}
}  // namespace

TEST_CASE("the bundled sample roster parses and has every role", "[roster]") {
  std::ifstream in(std::string(NETWORKBOT_CONFIG_DIR) + "/sample/people.csv");
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = parse_roster(text.str(), rules);
  REQUIRE(std::holds_alternative<roster>(parsed));
  std::vector<person> people;
  for (const auto& row : std::get<roster>(parsed).rows) people.push_back(row.person);
  CHECK(people.size() == 9);
  for (auto r : {role::student, role::alum, role::mentor, role::staff})
    CHECK(std::any_of(people.begin(), people.end(), [&](const person& p) { return p.is(r); }));
  const auto marcus = std::find_if(people.begin(), people.end(), [](const person& p) { return p.handle == "marcus"; });
  REQUIRE(marcus != people.end());
  CHECK(marcus->is(role::alum));
  CHECK(marcus->is(role::mentor));
  CHECK(marcus->interests == std::vector<std::string>{"react", "typescript"});
}

TEST_CASE("a roster row with problems is reported with line, column and reason, and nothing is returned", "[roster]") {
  const auto errors = errors_of(
      "slack_id,handle,roles,program,module,cohort\n"
      "U0AAAA0001,ok,student,BE,2,2108\n"
      "U0AAAA0002,bad,student,XE,7,2108\n"
      "U0AAAA0001,dup,student,FE,1,2108\n");
  REQUIRE(errors.size() == 3);  // in line and column order
  CHECK(errors[0].line == 3);
  CHECK(errors[0].column == 4);  // program
  CHECK_THAT(errors[0].reason, Catch::Contains("unknown program 'XE'"));
  CHECK(errors[1].column == 5);  // module
  CHECK_THAT(errors[1].reason, Catch::Contains("0 to 4"));
  CHECK(errors[2].line == 4);
  CHECK_THAT(errors[2].reason, Catch::Contains("appears twice"));
}

TEST_CASE("a roster header with an unknown column suggests the right one", "[roster]") {
  const auto errors = errors_of("slack_id,emial\nU0AAAA0001,a@b.c\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].column == 2);
  CHECK_THAT(errors[0].reason, Catch::Contains("did you mean 'email'"));
}

TEST_CASE("a roster row needs a slack id or an email, and valid UTF-8", "[roster]") {
  const auto errors = errors_of("slack_id,email,display_name,roles\n,,Nobody,staff\nU0AAAA0003,x@y.z,\xC3\x28,staff\n");
  REQUIRE(errors.size() == 2);
  CHECK_THAT(errors[0].reason, Catch::Contains("slack_id or an email"));
  CHECK(errors[1].line == 3);
  CHECK_THAT(errors[1].reason, Catch::Contains("UTF-8"));
}
