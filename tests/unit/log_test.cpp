#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bot/log/log.hpp"

using namespace networkbot;

namespace {
std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}
// Each test points the logger at a local stream; this puts it back on stderr before the stream goes.
struct restore_logging {
  ~restore_logging() { networkbot::log::setup(networkbot::config::log_level::info, networkbot::config::log_format::human); }
};
}  // namespace

TEST_CASE("log lines never carry a token, a response_url or a ticket", "[log]") {
  std::ostringstream captured;
  restore_logging restore;
  log::setup(config::log_level::debug, config::log_format::human, std::make_shared<spdlog::sinks::ostream_sink_mt>(captured));
  spdlog::info("opening with token {}", "xapp-1-A1-2-SUPERSECRET");
  spdlog::warn("reply to {} failed", "https://hooks.slack.com/commands/T1/2/SUPERSECRET");
  spdlog::debug("dialling wss://example/link/?ticket=SUPERSECRET&app_id=A1");
  spdlog::default_logger()->flush();
  const std::string out = captured.str();
  CHECK(lines(out).size() == 3);
  CHECK(out.find("SUPERSECRET") == std::string::npos);
  CHECK(out.find("xapp-[redacted]") != std::string::npos);
  CHECK(out.find("ticket=[redacted]&app_id=A1") != std::string::npos);
}

TEST_CASE("the JSON format writes one parseable object per line, redacted", "[log]") {
  std::ostringstream captured;
  restore_logging restore;
  log::setup(config::log_level::info, config::log_format::json, std::make_shared<spdlog::sinks::ostream_sink_mt>(captured));
  spdlog::info("line with \"quotes\", a tab\t, a newline\n and xoxb-1-2-SECRET");
  spdlog::debug("below the level: not written");
  spdlog::error("second");
  spdlog::default_logger()->flush();
  const auto got = lines(captured.str());
  REQUIRE(got.size() == 2);
  const auto first = nlohmann::json::parse(got[0]);
  CHECK(first["level"] == "info");
  CHECK(first["logger"] == "networkbot");
  CHECK(first["msg"] == "line with \"quotes\", a tab\t, a newline\n and xoxb-[redacted]");
  CHECK(first["ts"].get<std::string>().ends_with("Z"));
  CHECK(nlohmann::json::parse(got[1])["level"] == "error");
}
