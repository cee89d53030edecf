#include "bot/cli/online_check.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include <optional>
#include <ostream>

#include "bot/slack/https_client.hpp"
#include "bot/slack/tls.hpp"
#include "bot/slack/web_api.hpp"

namespace networkbot::cli {

namespace asio = boost::asio;
using nlohmann::json;

namespace {

// Named constants: g++ 12 rejects some literals inside a co_await expression ("array used as initializer").
constexpr std::string_view auth_test = "auth.test";
constexpr std::string_view conversations_info = "conversations.info";

}  // namespace

namespace {

struct channel_to_check {
  std::string id;
  std::string purpose;  // "cohort 2108's prompts"
};

std::vector<channel_to_check> channels_to_check(const config::settings& s) {
  std::vector<channel_to_check> out;
  if (s.reflection.deliver == config::delivery::channel)
    for (const auto& c : s.cohorts)
      if (c.active && !c.channel.empty()) out.push_back({c.channel, "cohort " + c.id + "'s Friday prompt"});
  if (!s.staff.channel.empty()) out.push_back({s.staff.channel, "the staff digest"});
  return out;
}

}  // namespace

int check_online(const config::settings& settings, const config::environment& env, std::ostream& out) {
  if (!env.bot_token.starts_with("xoxb-")) {
    out << "config check --online needs SLACK_BOT_TOKEN (the Bot User OAuth Token, xoxb-…) in the environment.\n";
    return 1;
  }
  std::optional<asio::ssl::context> tls;
  try {
    tls.emplace(slack::make_tls_context(env.ca_file));
  } catch (const std::exception& e) {
    out << "cannot set up TLS: " << e.what() << "\n";
    return 1;
  }
  const auto channels = channels_to_check(settings);
  asio::io_context io(1);
  slack::https_client http(io.get_executor(), *tls);
  slack::web_api api(io.get_executor(), http, env.api_url, env.bot_token, env.app_token);
  int problems = 0;
  std::string bot_name = "networkbot";
  auto check = [&]() -> asio::awaitable<void> {
    try {
      const json who = co_await api.call_retrying(auth_test, json::object(), 3);
      bot_name = who.value("user", bot_name);
      out << "Signed in to " << who.value("team", std::string{}) << " (" << who.value("team_id", std::string{}) << ") as @"
          << who.value("user", std::string{}) << ".\n";
    } catch (const slack::api_error& e) {
      out << "Slack refused SLACK_BOT_TOKEN (" << e.code() << "): copy the Bot User OAuth Token again.\n";
      ++problems;
      co_return;
    }
    if (channels.empty()) out << "No channels to check: no active cohort posts to a channel, and no staff channel is set.\n";
    for (const auto& c : channels) {
      json args{{"channel", c.id}};
      try {
        const json answer = co_await api.call_retrying(conversations_info, std::move(args), 3);
        const json channel = answer.value("channel", json::object());
        const std::string name = "#" + channel.value("name", c.id);
        if (channel.value("is_archived", false)) {
          out << "x " << name << " (" << c.id << ", " << c.purpose << ") is archived: choose another channel in the configuration.\n";
          ++problems;
        } else if (channel.value("is_member", false)) {
          out << "ok " << name << " (" << c.id << ", " << c.purpose << "): the bot is a member.\n";
        } else {
          out << "x " << name << " (" << c.id << ", " << c.purpose << "): the bot is not a member. In Slack, open " << name
              << " and type /invite @" << bot_name << " (or use the channel's Integrations tab: Add apps).\n";
          ++problems;
        }
      } catch (const slack::api_error& e) {
        if (e.code() == "channel_not_found")
          out << "x " << c.id << " (" << c.purpose << "): Slack knows no channel the bot can see by this id. Check the id "
              << "(channel details, at the bottom), and if the channel is private, invite the bot first: /invite @" << bot_name << ".\n";
        else if (e.code() == "missing_scope")
          out << "x " << c.id << " (" << c.purpose << "): the app lacks the channels:read or groups:read scope. Update the "
              << "app from deploy/slack-manifest.json and reinstall it.\n";
        else
          out << "x " << c.id << " (" << c.purpose << "): Slack answered " << e.code() << ".\n";
        ++problems;
      }
    }
  };
  asio::co_spawn(io, check(), [&](std::exception_ptr e) {
    http.close_idle();  // an HTTP/2 connection keeps a read pending: io.run() returns once it is closed
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      out << "the check stopped: " << ex.what() << "\n";
      ++problems;
    }
  });
  io.run();
  out << (problems == 0 ? "All channels are ready.\n" : std::to_string(problems) + (problems == 1 ? " problem" : " problems") + " found.\n");
  return problems == 0 ? 0 : 1;
}

}  // namespace networkbot::cli
