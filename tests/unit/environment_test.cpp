#include <catch2/catch.hpp>
#include <map>

#include "config/environment.hpp"

using namespace networkbot::config;

namespace {
environment from(std::map<std::string, std::string> vars) {
  return read_environment([vars](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  });
}
std::string all(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + "\n";
  return out;
}
}  // namespace

TEST_CASE("the environment supplies tokens, the API URL and path overrides", "[env]") {
  const auto env = from({{"SLACK_APP_TOKEN", "xapp-1-A-1-abc"}, {"SLACK_BOT_TOKEN", "xoxb-1-2-abc"},
                         {"SLACK_API_URL", "https://127.0.0.1:8443/api"}, {"NETWORKBOT_DB", "/tmp/x.db"},
                         {"NETWORKBOT_CONFIG", "/etc/networkbot.toml"}});
  CHECK(env.api_url == "https://127.0.0.1:8443/api/");
  CHECK(env.db_path == "/tmp/x.db");
  CHECK(env.config_path == "/etc/networkbot.toml");
  CHECK(check_for_slack(env).empty());
  CHECK(from({}).api_url == "https://slack.com/api/");
}

TEST_CASE("missing tokens are named, with where to get them", "[env]") {
  const auto problems = check_for_slack(from({}));
  REQUIRE(problems.size() == 2);
  CHECK_THAT(problems[0], Catch::StartsWith("SLACK_APP_TOKEN is not set") && Catch::Contains("xapp-") &&
                              Catch::Contains("App-Level Tokens"));
  CHECK_THAT(problems[1], Catch::StartsWith("SLACK_BOT_TOKEN is not set") && Catch::Contains("OAuth & Permissions"));
}

TEST_CASE("swapped tokens are refused with which goes where, and never echoed", "[env]") {
  const std::string bot = "xoxb-111-222-SECRETBOTVALUE";
  const std::string app = "xapp-1-A111-222-SECRETAPPVALUE";
  const auto problems = check_for_slack(from({{"SLACK_APP_TOKEN", bot}, {"SLACK_BOT_TOKEN", app}}));
  REQUIRE(problems.size() == 2);
  CHECK_THAT(problems[0], Catch::Contains("SLACK_APP_TOKEN holds a bot token") && Catch::Contains("goes in SLACK_BOT_TOKEN"));
  CHECK_THAT(problems[1], Catch::Contains("SLACK_BOT_TOKEN holds an app-level token"));
  CHECK(all(problems).find("SECRET") == std::string::npos);
  const auto user = check_for_slack(from({{"SLACK_APP_TOKEN", app}, {"SLACK_BOT_TOKEN", "xoxp-1-SECRET"}}));
  REQUIRE(user.size() == 1);
  CHECK_THAT(user[0], Catch::Contains("a user token (xoxp-)"));
}

TEST_CASE("a token with a space or line break in it is refused, and never echoed", "[env]") {
  const std::string app = "xapp-1-A111-222-SECRETAPPVALUE";
  const auto problems = check_for_slack(from({{"SLACK_APP_TOKEN", app}, {"SLACK_BOT_TOKEN", "xoxb-1-2-SECRET\r"}}));
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0], Catch::StartsWith("SLACK_BOT_TOKEN has a space, tab or line break in it"));
  CHECK(all(problems).find("SECRET") == std::string::npos);
  CHECK(check_for_slack(from({{"SLACK_APP_TOKEN", app + " "}, {"SLACK_BOT_TOKEN", "xoxb-1-2-abc"}})).size() == 1);
}

TEST_CASE("the API URL must be https, even on loopback", "[env]") {
  auto with_url = [](std::string url) {
    return check_for_slack(from({{"SLACK_APP_TOKEN", "xapp-1"}, {"SLACK_BOT_TOKEN", "xoxb-1"}, {"SLACK_API_URL", url}}));
  };
  CHECK(with_url("https://127.0.0.1:9000/api/").empty());
  CHECK(with_url("https://slack-gov.com/api/").empty());
  CHECK(with_url("http://127.0.0.1:9000/api/").size() == 1);
  CHECK(with_url("http://localhost:9000/api/").size() == 1);
  CHECK(with_url("http://slack.example.org/api/").size() == 1);
}
