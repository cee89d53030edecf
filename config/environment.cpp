#include "config/environment.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace networkbot::config {

namespace {

constexpr const char* where_tokens_come_from =
    "Both tokens are on your Slack app's settings page (https://api.slack.com/apps): the app-level "
    "token (xapp-…, scope connections:write) under Basic Information > App-Level Tokens, the bot token "
    "(xoxb-…) under OAuth & Permissions after installing the app. README.md, \"Connecting to Slack\", "
    "walks through it.";

// Names the kind of a token from its prefix without repeating any of it.
const char* kind_of(const std::string& token) {
  if (token.starts_with("xapp-")) return "an app-level token (xapp-)";
  if (token.starts_with("xoxb-")) return "a bot token (xoxb-)";
  if (token.starts_with("xoxp-")) return "a user token (xoxp-)";
  if (token.starts_with("xoxe")) return "a rotating or refresh token (xoxe)";
  return "something that is not a Slack token";
}

// One token variable: missing, or holding a token of the wrong kind (named by prefix, never shown).
void check_token(std::vector<std::string>& problems, const char* variable, const std::string& token,
                 const char* prefix, const char* wanted, const char* other_variable, const char* other_token) {
  if (token.empty())
    problems.push_back(std::string(variable) + " is not set: it needs " + wanted + " (" + prefix + "…). " +
                       where_tokens_come_from);
  else if (!token.starts_with(prefix))
    problems.push_back(std::string(variable) + " holds " + kind_of(token) + "; it needs " + wanted +
                       ", which starts with " + prefix + ". " + other_token + " goes in " + other_variable + ".");
  else if (std::any_of(token.begin(), token.end(), [](unsigned char c) { return c <= ' ' || c == 0x7f; }))
    // A token pasted with a trailing space, or read from a file with Windows line endings: it would go
    // into an HTTP header as it is, and Slack would answer invalid_auth.
    problems.push_back(std::string(variable) + " has a space, tab or line break in it (a copy-and-paste slip, or "
                       "a file saved with Windows line endings); set it to " + wanted + " alone.");
}

}  // namespace

environment read_environment(const env_lookup& getenv) {
  environment env;
  if (auto v = getenv("SLACK_APP_TOKEN")) env.app_token = *v;
  if (auto v = getenv("SLACK_BOT_TOKEN")) env.bot_token = *v;
  if (auto v = getenv("SLACK_API_URL"); v && !v->empty()) {
    env.api_url = *v;
    if (env.api_url.back() != '/') env.api_url += '/';
  }
  if (auto v = getenv("SLACK_CA_FILE")) env.ca_file = *v;
  if (auto v = getenv("NETWORKBOT_CONFIG")) env.config_path = *v;
  if (auto v = getenv("NETWORKBOT_DB")) env.db_path = *v;
  return env;
}

env_lookup process_environment() {
  return [](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

std::vector<std::string> check_for_slack(const environment& env) {
  std::vector<std::string> problems;
  check_token(problems, "SLACK_APP_TOKEN", env.app_token, "xapp-", "the app-level token", "SLACK_BOT_TOKEN",
              "The bot token (xoxb-…)");
  check_token(problems, "SLACK_BOT_TOKEN", env.bot_token, "xoxb-", "the bot token", "SLACK_APP_TOKEN",
              "The app-level token (xapp-…)");
  if (!env.api_url.starts_with("https://"))
    problems.push_back("SLACK_API_URL must start with https://: networkbot talks to Slack only over TLS (a test "
                       "server gets its certificate trusted through SLACK_CA_FILE)");
  if (!env.ca_file.empty() && !std::filesystem::is_regular_file(env.ca_file))
    problems.push_back("SLACK_CA_FILE names '" + env.ca_file + "', which is not a readable file (a PEM CA certificate)");
  return problems;
}

}  // namespace networkbot::config
