#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "tests/e2e/process.hpp"

using networkbot::testing::run_networkbot;

namespace {
const std::string example_config = std::string(NETWORKBOT_SOURCE_DIR) + "/config/networkbot.example.toml";
const std::string bad_config = std::string(NETWORKBOT_TEST_DATA) + "/bad.toml";
}  // namespace

TEST_CASE("networkbot version and --help", "[cli]") {
  const auto v = run_networkbot({"version"});
  CHECK(v.exit_code == 0);
  CHECK_THAT(v.out, Catch::StartsWith("networkbot "));
  const auto help = run_networkbot({"--help"});
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("console") && Catch::Contains("run") && Catch::Contains("config"));
  const auto console_help = run_networkbot({"console", "--help"});
  CHECK(console_help.exit_code == 0);
  CHECK_THAT(console_help.out, Catch::Contains("--as"));
}

TEST_CASE("bad arguments exit 2 with a message", "[cli]") {
  CHECK(run_networkbot({}).exit_code == 2);
  const auto r = run_networkbot({"frobnicate"});
  CHECK(r.exit_code == 2);
  CHECK_FALSE(r.err.empty());
  CHECK(run_networkbot({"--log-format", "xml", "config", "check"}).exit_code == 2);
}

TEST_CASE("config check passes the example and the defaults, and lists every error of a broken file", "[cli][config]") {
  const auto good = run_networkbot({"config", "check", "--config", example_config});
  CHECK(good.exit_code == 0);
  CHECK_THAT(good.out, Catch::Contains(": OK"));

  const auto defaults = run_networkbot({"config", "check"});
  CHECK(defaults.exit_code == 0);
  CHECK_THAT(defaults.out, Catch::Contains("built-in defaults"));

  const auto bad = run_networkbot({"config", "check", "--config", bad_config});
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("bad.toml:3: workspace.time_zone") && Catch::Contains("bad.toml:27: mix_it_up.max_group_size") &&
                          Catch::Contains("bad.toml:31: log.level") && Catch::Contains("12 problems found."));

  // NETWORKBOT_CONFIG names the file when --config does not.
  CHECK(run_networkbot({"config", "check"}, {{"NETWORKBOT_CONFIG", bad_config}}).exit_code == 2);
  const auto missing = run_networkbot({"config", "check", "--config", "/nonexistent/networkbot.toml"});
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::Contains("cannot read the file"));
}

TEST_CASE("run without tokens says which is missing and where to get it; exits 2", "[cli][run]") {
  const auto r = run_networkbot({"run"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("SLACK_APP_TOKEN is not set") && Catch::Contains("SLACK_BOT_TOKEN is not set") &&
                        Catch::Contains("networkbot console"));
}

TEST_CASE("run refuses swapped tokens without ever printing them", "[cli][run]") {
  const auto r = run_networkbot({"run"}, {{"SLACK_APP_TOKEN", "xoxb-1-2-TOPSECRETBOT"}, {"SLACK_BOT_TOKEN", "xapp-1-A-2-TOPSECRETAPP"}});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("SLACK_APP_TOKEN holds a bot token"));
  CHECK(r.err.find("TOPSECRET") == std::string::npos);
  CHECK(r.out.find("TOPSECRET") == std::string::npos);
}

TEST_CASE("run with good tokens but a broken config reports the config's problems; exits 2", "[cli][run]") {
  const auto r = run_networkbot({"--config", bad_config, "run"},
                            {{"SLACK_APP_TOKEN", "xapp-1-A-2-x"}, {"SLACK_BOT_TOKEN", "xoxb-1-2-x"}});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("12 problems found."));
}
