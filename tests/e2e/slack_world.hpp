#pragma once
// The real networkbot binary (`networkbot run`) against the fake Slack over TLS on 127.0.0.1: a private
// folder for its database, configuration and log, and helpers to start, stop and read it.

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/e2e/process.hpp"
#include "tests/fake_slack/fake_slack.hpp"

namespace networkbot::testing {

struct world_options {
  int connections = 2;
  int concurrency = 4;
  double ping_interval = 0.2;
  double dead_after = 3.0;
  bool http2 = true;  // false: the fake Slack speaks only HTTP/1.1
};

class slack_world {
 public:
  explicit slack_world(world_options o = {}) : options_(o), fake_(fake_options_for(o)) {
    static int n = 0;
    dir_ = std::filesystem::temp_directory_path() /
           ("networkbot-e2e-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    std::filesystem::create_directories(dir_);
    set_extra_config({});
  }
  // Rewrites the bot's configuration with these extra TOML lines (tables the base does not use); the
  // next start() reads it.
  void set_extra_config(const std::string& toml) {
    std::ofstream config(dir_ / "networkbot.toml");
    config << "[database]\npath = \"" << (dir_ / "bot.db").string() << "\"\n"
           << "[socket_mode]\nconnections = " << options_.connections << "\nping_interval = " << options_.ping_interval
           << "\ndead_after = " << options_.dead_after << "\n"
           << "[outbox]\nconcurrency = " << options_.concurrency << "\n"
           << "[log]\nlevel = \"info\"\nformat = \"json\"\n"
           << toml;
  }
  ~slack_world() {
    bot_.reset();
    // NETWORKBOT_E2E_KEEP=1 keeps the folder (database, configuration, the bot's log) for a post-mortem.
    if (std::getenv("NETWORKBOT_E2E_KEEP") == nullptr) std::filesystem::remove_all(dir_);
  }
  slack_world(const slack_world&) = delete;
  slack_world& operator=(const slack_world&) = delete;

  fake_slack& fake() { return fake_; }
  std::string database_path() const { return (dir_ / "bot.db").string(); }
  const world_options& options() const { return options_; }

  std::map<std::string, std::string> environment() const {
    return {{"SLACK_APP_TOKEN", "xapp-1-A0TEST-fake"},
            {"SLACK_BOT_TOKEN", "xoxb-fake-bot"},
            {"SLACK_API_URL", fake_.api_url()},
            {"SLACK_CA_FILE", fake_.ca_file()},
            {"NETWORKBOT_CONFIG", (dir_ / "networkbot.toml").string()}};
  }

  // Starts `networkbot run` (a previous run's database is kept) and waits for its sockets.
  bool start() {
    bot_ = std::make_unique<child>(NETWORKBOT_BINARY, std::vector<std::string>{"run"}, environment(),
                                   (dir_ / "bot.log").string());
    const std::size_t before = fake_.connections_opened();
    const auto wanted = static_cast<std::size_t>(options_.connections);
    return fake_.wait_for([&](const fake_slack& f) {
      return f.connections_opened() >= before + wanted && f.open_connections() == wanted;
    });
  }
  child& bot() { return *bot_; }
  // Sends `sig` and waits: the exit code.
  int stop(int sig) {
    bot_->signal(sig);
    return bot_->wait();
  }
  std::string log() const { return read_file((dir_ / "bot.log").string()); }
  // The log's JSON lines whose message contains `text`.
  std::vector<std::string> log_lines(const std::string& text) const {
    std::vector<std::string> out;
    std::istringstream in(log());
    for (std::string line; std::getline(in, line);) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object()) continue;
      const std::string msg = j.value("msg", std::string{});
      if (msg.find(text) != std::string::npos) out.push_back(msg);
    }
    return out;
  }
  std::filesystem::path dir() const { return dir_; }

 private:
  world_options options_;
  std::filesystem::path dir_;
  fake_slack fake_;

  static fake_options fake_options_for(const world_options& o) {
    fake_options f;
    f.http2 = o.http2;
    return f;
  }
  std::unique_ptr<child> bot_;
};

// A number that follows `key=` in `text`, or -1.
inline long number_after(const std::string& text, const std::string& key) {
  const auto at = text.find(key + "=");
  if (at == std::string::npos) return -1;
  return std::stol(text.substr(at + key.size() + 1));
}

}  // namespace networkbot::testing
