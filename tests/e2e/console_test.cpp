#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "tests/e2e/process.hpp"

using networkbot::testing::run_networkbot;

namespace {
std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}
}  // namespace

TEST_CASE("the console answers /network help on the sample workspace", "[console]") {
  const auto r = run_networkbot({"console"}, {}, "/network help\n");
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("networkbot: your networking companion") && Catch::Contains("/network questions") &&
                        Catch::Contains("/network profile"));
  CHECK(r.err.empty());
}

TEST_CASE("a scripted tour: buttons, typos, a form with a mistake, switching user", "[console]") {
  const auto script = read_file(std::string(NETWORKBOT_SOURCE_DIR) + "/tests/e2e/scripts/tour.txt");
  const auto r = run_networkbot({"console", "--as", "@maya"}, {}, script);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  // The question bank menu, then the first button: the mentor bank, ending with the intro question.
  CHECK_THAT(r.out, Catch::Contains("[1] mentor  [2] alum"));
  CHECK_THAT(r.out, Catch::Contains("== Questions for your mentor ==") &&
                        Catch::Contains("Would you be comfortable introducing us?"));
  CHECK_THAT(r.out, Catch::Contains("Did you mean `/network questions`?"));
  // The roster's fields are shown, not asked; the form re-asks only the field that was wrong, then saves.
  CHECK_THAT(r.out, Catch::Contains("Program: Back-End") && Catch::Contains("ask career development to change this"));
  CHECK(count(r.out, "I don't know the time zone 'America/Denvr'") == 1);
  CHECK_THAT(r.out, Catch::Contains("Saved. Here is your profile now.") && Catch::Contains("Pronouns: she/her"));
  // Rosa is staff and sees the change in Maya's profile (the form really saved it).
  CHECK_THAT(r.out, Catch::Contains("You are now Rosa Diaz (staff)"));
  const auto after_switch = r.out.substr(r.out.find("You are now Rosa Diaz"));
  CHECK_THAT(after_switch, Catch::Contains("== Maya Ortiz ==") && Catch::Contains("Interests: ruby, sql"));
  CHECK_THAT(r.out, Catch::Contains("  1  /network help"));
}

TEST_CASE("the console refuses an unknown --as, naming who is there", "[console]") {
  const auto r = run_networkbot({"console", "--as", "@nobody"}, {}, "/network help\n");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.out, Catch::Contains("There is nobody called @nobody") && Catch::Contains("@maya"));
}

TEST_CASE("a form left unfinished at the end of a script saves nothing", "[console]") {
  const auto r = run_networkbot({"console", "--as", "@maya"}, {}, "/network profile edit\npronouns: xe/xem\n");
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Form closed; nothing was saved."));
}

TEST_CASE("console commands are explained and typos suggested", "[console]") {
  const auto r = run_networkbot({"console"}, {}, ":hlep\n:click 3\nhelp\n:help\n");
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Did you mean :help?") && Catch::Contains("no buttons to click") &&
                        Catch::Contains("Commands start with a slash") && Catch::Contains(":click N"));
}

TEST_CASE("a student completes the Mod 2 deliverable in the console, and progress follows each step", "[console][mod2]") {
  const auto script = read_file(std::string(NETWORKBOT_SOURCE_DIR) + "/tests/e2e/scripts/mod2.txt");
  const auto r = run_networkbot({"console", "--as", "@dev"}, {}, script);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  // Each progress report, in order.
  std::vector<std::string> reports;
  for (auto at = r.out.find("== Your networking progress =="); at != std::string::npos;
       at = r.out.find("== Your networking progress ==", at + 1))
    reports.push_back(r.out.substr(at, r.out.find("\n> ", at) - at));
  REQUIRE(reports.size() == 5);  // goal + the four `progress` calls
  // At the start: one warm contact (the mentor), nothing cold, no goal.
  CHECK_THAT(reports[0], Catch::Contains("1 of 4 warm contacts") && Catch::Contains("0 of 4 cold contacts") &&
                             Catch::Contains("Choose the level you are working on"));
  // The lists are full once four warm and four cold are in; the goal is set; Chris is only an idea.
  CHECK_THAT(reports[1], Catch::Contains("Goal: Level III") && Catch::Contains("\xE2\x9C\x85 4 of 4 warm contacts") &&
                             Catch::Contains("\xE2\x9C\x85 4 of 4 cold contacts") && Catch::Contains("Write to Chris Okafor"));
  // The draft passed the check, the message was logged: messaged.
  CHECK_THAT(r.out, Catch::Contains("== A draft for Chris Okafor ==") && Catch::Contains("Ready to send."));
  CHECK_THAT(reports[2], Catch::Contains("Closest: Chris Okafor (1 of 4)") && Catch::Contains("Set up the conversation with Chris Okafor"));
  // Met, the takeaway recorded with its follow-up a week out, the action step done.
  CHECK_THAT(r.out, Catch::Contains("Takeaway saved. The follow-up clock is set.") &&
                        Catch::Contains("Send a thank-you that mentions your takeaway (due ") && Catch::Contains("in 7 days)"));
  CHECK_THAT(reports[3], Catch::Contains("Closest: Chris Okafor (3 of 4)") && Catch::Contains("1 of 1 action step done") &&
                             Catch::Contains("Thank Chris Okafor"));
  // Thanked: the goal is done and the module's list is complete.
  CHECK_THAT(reports[4], Catch::Contains("Done, with Chris Okafor") && Catch::Contains("Mod 2 list: complete"));
}
