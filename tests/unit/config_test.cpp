#include <catch2/catch.hpp>

#include "config/config.hpp"

using namespace networkbot::config;

namespace {
settings ok(std::string_view text) {
  auto parsed = parse_settings(text, "test.toml");
  if (auto* problems = std::get_if<std::vector<problem>>(&parsed)) {
    for (const auto& p : *problems) UNSCOPED_INFO(describe(p));
    FAIL("expected the configuration to load");
  }
  return std::get<settings>(parsed);
}
std::vector<problem> bad(std::string_view text) {
  auto parsed = parse_settings(text, "test.toml");
  REQUIRE(std::holds_alternative<std::vector<problem>>(parsed));
  return std::get<std::vector<problem>>(parsed);
}
bool mentions(const std::vector<problem>& problems, const std::string& key, std::size_t line, const std::string& words) {
  for (const auto& p : problems)
    if (p.key == key && p.line == line && p.message.find(words) != std::string::npos) return true;
  return false;
}
}  // namespace

TEST_CASE("an empty file gives the documented defaults", "[config]") {
  const settings s = ok("");
  CHECK(s.workspace.time_zone == "America/Denver");
  CHECK(s.database.path == "networkbot.db");
  CHECK(s.reflection.day == std::chrono::Friday);
  CHECK(s.reflection.time == time_of_day{14, 0});
  CHECK(s.mix_it_up.min_group_size == 4);
  CHECK(s.mix_it_up.max_group_size == 6);
  CHECK(s.socket_mode.connections == 2);
  CHECK(s.log.level == log_level::info);
  CHECK(s.log.format == log_format::human);
}

TEST_CASE("the example configuration loads and matches the defaults it documents", "[config]") {
  auto parsed = load_settings_file(std::string(NETWORKBOT_CONFIG_DIR) + "/networkbot.example.toml");
  REQUIRE(std::holds_alternative<settings>(parsed));
  const auto& s = std::get<settings>(parsed);
  const settings defaults;
  CHECK(s.workspace.time_zone == defaults.workspace.time_zone);
  CHECK(s.workspace.programs == defaults.workspace.programs);
  CHECK(s.workspace.program_names == defaults.workspace.program_names);
  CHECK(s.reflection.reminder_day == defaults.reflection.reminder_day);
  CHECK(s.mix_it_up.seconds == defaults.mix_it_up.seconds);
  CHECK(s.log.level == defaults.log.level);
  CHECK(s.tracker.follow_up_days == defaults.tracker.follow_up_days);
  CHECK(s.goals.quotas == defaults.goals.quotas);
  CHECK(s.reflection.keep_weeks == defaults.reflection.keep_weeks);
  CHECK(s.nudges.follow_up_time == defaults.nudges.follow_up_time);
  CHECK(s.nudges.buddy_day == defaults.nudges.buddy_day);
  CHECK(s.nudges.buddy_time == defaults.nudges.buddy_time);
  CHECK(s.outbox.per_minute.empty());
}

TEST_CASE("nudge times, reflection retention and Web API rates are read", "[config]") {
  auto parsed = parse_settings("[reflection]\nkeep_weeks = 0\n[nudges]\nfollow_up_time = \"08:30\"\nbuddy_day = \"tuesday\"\n"
                               "[outbox.per_minute]\n\"chat.postMessage\" = 600\n",
                               "t.toml");
  REQUIRE(std::holds_alternative<settings>(parsed));
  const auto& s = std::get<settings>(parsed);
  CHECK(s.reflection.keep_weeks == 0);
  CHECK(s.nudges.follow_up_time == time_of_day{8, 30});
  CHECK(s.nudges.buddy_day == std::chrono::Tuesday);
  CHECK(s.outbox.per_minute.at("chat.postMessage") == 600);
}

TEST_CASE("module quotas replace the defaults, and a bad quota key is named", "[config]") {
  const settings s = ok("[goals.mod1]\nwarm = 2\n[goals.mod3]\ncold = 5\naction_steps = 2\n[tracker]\nfollow_up_days = 3\n");
  CHECK(s.goals.quotas.size() == 2);
  CHECK(s.goals.quotas.at(1) == networkbot::core::module_quota{2, 0, 0});
  CHECK(s.goals.quotas.at(3) == networkbot::core::module_quota{0, 5, 2});
  CHECK_FALSE(s.goals.quotas.contains(2));
  CHECK(s.tracker.follow_up_days == 3);

  auto bad = parse_settings("[goals.mod7]\nwarm = 1\n[goals.mod2]\nwarn = 4\n", "x.toml");
  REQUIRE(std::holds_alternative<std::vector<problem>>(bad));
  std::string all;
  for (const auto& p : std::get<std::vector<problem>>(bad)) all += describe(p) + "\n";
  CHECK_THAT(all, Catch::Contains("goals.mod7") && Catch::Contains("goals.mod2.warn") && Catch::Contains("warm"));
}

TEST_CASE("a full file is read into the typed settings", "[config]") {
  const settings s = ok(R"(
[workspace]
time_zone = "America/New_York"
team_id = "T0123ABCD"
programs = ["FE", "BE", "Launch"]
[workspace.program_names]
Launch = "Launch, for career changers"
[staff]
user_ids = ["U0STAFF01"]
user_group = "S0CAREERS"
channel = "C0STAFF01"
[[cohorts]]
id = "2108"
channel = "C0COH2108"
[[cohorts]]
id = "2110"
channel = "G0COH2110"
active = false
[reflection]
day = "thu"
time = "09:30"
deliver = "dm"
[mix_it_up]
min_group_size = 3
max_group_size = 8
seconds = 5
weight_cohort = 2.5
[log]
level = "debug"
format = "json"
)");
  CHECK(s.workspace.programs.size() == 3);
  CHECK(program_name(s, "Launch") == "Launch, for career changers");
  CHECK(program_name(s, "FE") == "Front-End");  // the defaults stay
  CHECK(program_name(s, "DS") == "DS");          // unnamed: its code
  CHECK(s.staff.user_group == "S0CAREERS");
  REQUIRE(s.cohorts.size() == 2);
  CHECK_FALSE(s.cohorts[1].active);
  CHECK(s.reflection.day == std::chrono::Thursday);
  CHECK(s.reflection.time == time_of_day{9, 30});
  CHECK(s.reflection.deliver == delivery::dm);
  CHECK(s.mix_it_up.max_group_size == 8);
  CHECK(s.mix_it_up.seconds == 5.0);
  CHECK(s.mix_it_up.weight_cohort == 2.5);
  CHECK(s.log.format == log_format::json);
}

TEST_CASE("a bad file reports every problem at once, each with its key and line", "[config]") {
  auto parsed = load_settings_file(std::string(NETWORKBOT_TEST_DATA) + "/bad.toml");
  REQUIRE(std::holds_alternative<std::vector<problem>>(parsed));
  const auto& problems = std::get<std::vector<problem>>(parsed);
  for (const auto& p : problems) UNSCOPED_INFO(describe(p));
  CHECK(problems.size() == 12);
  CHECK(mentions(problems, "workspace.time_zone", 3, "not a time zone"));
  CHECK(mentions(problems, "workspace.programs", 4, "list of texts"));
  CHECK(mentions(problems, "databse", 6, "did you mean 'database'"));
  CHECK(mentions(problems, "staff.user_ids", 10, "not a Slack user id"));
  CHECK(mentions(problems, "cohorts[0].channel", 14, "not a Slack channel id"));
  CHECK(mentions(problems, "cohorts[1].id", 17, "listed twice"));
  CHECK(mentions(problems, "reflection.day", 21, "not a day of the week"));
  CHECK(mentions(problems, "reflection.time", 22, "24-hour time"));
  CHECK(mentions(problems, "reflection.deliver", 23, "\"channel\" or \"dm\""));
  CHECK(mentions(problems, "mix_it_up.max_group_size", 27, "at most 8"));
  CHECK(mentions(problems, "mix_it_up.seconds", 28, "must be a number"));
  CHECK(mentions(problems, "log.level", 31, "not a log level"));
  CHECK(describe(problems.front()).starts_with(std::string(NETWORKBOT_TEST_DATA) + "/bad.toml:"));
}

TEST_CASE("a TOML syntax error is reported with its line", "[config]") {
  auto parsed = load_settings_file(std::string(NETWORKBOT_TEST_DATA) + "/syntax_error.toml");
  REQUIRE(std::holds_alternative<std::vector<problem>>(parsed));
  const auto& problems = std::get<std::vector<problem>>(parsed);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].line == 3);
  CHECK_THAT(problems[0].message, Catch::StartsWith("TOML syntax error"));
}

TEST_CASE("wrong types, ranges and shapes are each refused with a reason", "[config]") {
  CHECK(mentions(bad("[mix_it_up]\nmin_group_size = 7\nmax_group_size = 5\n"), "mix_it_up.min_group_size", 1, "larger than"));
  CHECK(mentions(bad("[socket_mode]\nconnections = 10\n"), "socket_mode.connections", 2, "from 1 to 9"));
  CHECK(mentions(bad("workspace = 3\n"), "workspace", 1, "must be a table"));
  CHECK(mentions(bad("[[cohorts]]\nchannel = \"C0AAAA\"\n"), "cohorts[0].id", 1, "needs an id"));
  CHECK(mentions(bad("cohorts = [\"2108\"]\n"), "cohorts", 1, "[[cohorts]]"));
  CHECK(mentions(bad("[log]\nformat = \"xml\"\n"), "log.format", 2, "\"human\" or \"json\""));
  CHECK(mentions(bad("[cohort]\n"), "cohort", 1, "did you mean 'cohorts'"));
  CHECK(bad("[workspace]\ntime_zone = \"\xff\"\n").front().message == "the file is not valid UTF-8 text");
  CHECK(bad("[content]\ndir = \"/nonexistent-networkbot-content\"\n").front().key == "content.dir");
  CHECK(mentions(bad("[nudges]\nbuddy_day = \"someday\"\n"), "nudges.buddy_day", 2, "not a day of the week"));
  CHECK(mentions(bad("[nudges]\nfollow_up_time = \"9am\"\n"), "nudges.follow_up_time", 2, "24-hour time"));
  CHECK(mentions(bad("[reflection]\nkeep_weeks = -1\n"), "reflection.keep_weeks", 2, "from 0 to 520"));
  CHECK(mentions(bad("[outbox.per_minute]\n\"chat.postMessage\" = \"fast\"\n"), "outbox.per_minute.chat.postMessage", 2, "number"));
  CHECK(mentions(bad("[nudges]\nweekly = true\n"), "nudges.weekly", 2, ""));
}

TEST_CASE("relative paths in a file are taken from the file's folder", "[config]") {
  auto parsed = parse_settings("[database]\npath = \"data/bot.db\"\n", "x.toml", "/srv/networkbot");
  REQUIRE(std::holds_alternative<settings>(parsed));
  CHECK(std::get<settings>(parsed).database.path == "/srv/networkbot/data/bot.db");
  auto memory = parse_settings("[database]\npath = \":memory:\"\n", "x.toml", "/srv/networkbot");
  CHECK(std::get<settings>(memory).database.path == ":memory:");
}

TEST_CASE("a program name must name a configured program, in a few words", "[config]") {
  const auto problems = bad(R"([workspace]
programs = ["FE", "BE"]
[workspace.program_names]
DS = "Data Science"
BE = ""
)");
  for (const auto& p : problems) UNSCOPED_INFO(describe(p));
  CHECK(problems.size() == 2);
  CHECK(mentions(problems, "workspace.program_names.DS", 4, "not one of workspace.programs"));
  CHECK(mentions(problems, "workspace.program_names.BE", 5, "1 to 40 characters"));
}
