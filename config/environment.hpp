#pragma once
// What networkbot reads from its environment: the two Slack tokens (secrets live only here, never in a
// file), where the Web API is, an extra CA to trust, and overrides of the config and database paths.

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace networkbot::config {

struct environment {
  std::string app_token;  // SLACK_APP_TOKEN, xapp-…: opens Socket Mode connections
  std::string bot_token;  // SLACK_BOT_TOKEN, xoxb-…: every Web API call
  std::string api_url = "https://slack.com/api/";  // SLACK_API_URL, always ends with '/'
  std::string ca_file;      // SLACK_CA_FILE
  std::string config_path;  // NETWORKBOT_CONFIG
  std::string db_path;      // NETWORKBOT_DB
};

// Reads variables through `getenv` (std::getenv in the program, a map in tests).
using env_lookup = std::function<std::optional<std::string>(const char* name)>;
[[nodiscard]] environment read_environment(const env_lookup& getenv);
[[nodiscard]] env_lookup process_environment();

// What stops `networkbot run` from starting: a missing token, a token of the wrong kind, a bad API URL.
// Each message says which variable is wrong and what belongs there; none ever repeats a token.
[[nodiscard]] std::vector<std::string> check_for_slack(const environment& env);

}  // namespace networkbot::config
