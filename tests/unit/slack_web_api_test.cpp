// The Web API client's pure parts: how answers are read, how form bodies are written, how calls are
// paced. The network half is exercised end to end against the fake Slack.

#include <catch2/catch.hpp>
#include <filesystem>
#include <optional>

#include "bot/slack/backoff.hpp"
#include "bot/slack/rate_limiter.hpp"
#include "bot/slack/url.hpp"
#include "bot/slack/web_api.hpp"
#include "tests/unit/test_files.hpp"

using namespace networkbot;
using nlohmann::json;

namespace {

const auto& fixtures = testing::slack_fixtures;
std::string read(const std::filesystem::path& p) { return testing::read_text(p); }

}  // namespace

TEST_CASE("every documented success answer is ok, every error answer is a typed error", "[slack][fixtures]") {
  int successes = 0;
  int errors = 0;
  for (const auto& entry : std::filesystem::directory_iterator(fixtures / "api/docs_examples")) {
    const std::string name = entry.path().filename().string();
    const std::string method = name.substr(0, name.find(name.find(".success") != std::string::npos ? ".success" : ".error"));
    INFO(name);
    const std::string body = read(entry.path());
    if (name.find(".success") != std::string::npos) {
      CHECK(slack::interpret(method, 200, body, "")["ok"] == true);
      ++successes;
    } else {
      const std::string code = json::parse(body)["error"];
      try {
        (void)slack::interpret(method, 200, body, "");
        FAIL("no error");
      } catch (const slack::api_error& e) {
        CHECK(e.code() == code);
        CHECK(e.method() == method);
      }
      ++errors;
    }
  }
  CHECK(successes == 17);
  CHECK(errors == 15);
}

TEST_CASE("429 waits Retry-After; 5xx and transient codes are retryable; the rest are not", "[slack]") {
  const std::string limited = read(fixtures / "api/errors/ratelimited_429_body.json");
  try {
    (void)slack::interpret("chat.postMessage", 429, limited, "7");
    FAIL("no error");
  } catch (const slack::api_error& e) {
    CHECK(e.kind() == slack::failure::rate_limited);
    CHECK(e.retry_after() == std::chrono::seconds(7));
    CHECK(e.transient());
  }
  // What the call throws; nothing when it does not throw, which compares unequal to every kind, so an
  // answer that is wrongly taken as ok fails the check instead of passing for one of them.
  auto kind_of = [](unsigned status, const std::string& body, const std::string& retry = "") -> std::optional<slack::failure> {
    try {
      (void)slack::interpret("m", status, body, retry);
    } catch (const slack::api_error& e) {
      return e.kind();
    }
    return std::nullopt;
  };
  CHECK(kind_of(503, "oops") == slack::failure::server_error);
  CHECK(kind_of(200, R"({"ok":false,"error":"internal_error"})") == slack::failure::server_error);
  CHECK(kind_of(200, R"({"ok":false,"error":"rate_limited"})") == slack::failure::rate_limited);
  CHECK(kind_of(200, R"({"ok":false,"error":"channel_not_found"})") == slack::failure::slack_error);
  CHECK(kind_of(200, "<html>") == slack::failure::bad_response);
  CHECK(kind_of(200, R"({"no":"ok"})") == slack::failure::bad_response);
  // A 429 without a usable Retry-After waits what Slack's SDKs wait.
  try {
    (void)slack::interpret("m", 429, "", "soon");
    FAIL("no error");
  } catch (const slack::api_error& e) {
    CHECK(e.retry_after() == std::chrono::seconds(30));
  }
}

TEST_CASE("the field-union answer samples are read without surprises", "[slack][fixtures]") {
  for (const auto& entry : std::filesystem::directory_iterator(fixtures / "api/shape_union")) {
    INFO(entry.path().filename().string());
    // These samples say ok:false with an empty error (a union of many answers): a typed error, no crash.
    CHECK_THROWS_AS(slack::interpret("m", 200, read(entry.path()), ""), slack::api_error);
  }
}

TEST_CASE("form bodies encode strings as they are and structures as JSON", "[slack]") {
  CHECK(slack::form_encode(json{{"user", "U1 2&3"}, {"limit", 200}}) == "limit=200&user=U1%202%263");
  CHECK(slack::form_encode(json{{"blocks", json::array({json{{"type", "divider"}}})}}) ==
        "blocks=%5B%7B%22type%22%3A%22divider%22%7D%5D");
  CHECK(slack::form_encode(json{{"cursor", nullptr}}).empty());
}

TEST_CASE("every method networkbot calls is known with its encoding", "[slack]") {
  for (const auto& m : slack::methods()) {
    INFO(std::string(m.name));
    CHECK(m.per_minute > 0);
    CHECK(slack::find_method(m.name) == &m);
  }
  REQUIRE(slack::find_method("apps.connections.open") != nullptr);
  CHECK(slack::find_method("apps.connections.open")->app_token);
  CHECK(slack::find_method("chat.postMessage")->json);
  CHECK(slack::find_method("no.such") == nullptr);
}

TEST_CASE("the rate limiter allows a burst, then paces, and honours a 429", "[slack]") {
  slack::rate_limiter limits;
  const auto t0 = slack::rate_limiter::clock::time_point{} + std::chrono::hours(1);
  // 60 a minute with a burst of 3: three go at once, the fourth waits a second.
  for (int i = 0; i < 3; ++i) CHECK(limits.reserve("chat.postMessage#C1", t0, 60, 3) == std::chrono::seconds(0));
  CHECK(limits.reserve("chat.postMessage#C1", t0, 60, 3) == std::chrono::seconds(1));
  CHECK(limits.reserve("chat.postMessage#C1", t0, 60, 3) == std::chrono::seconds(2));
  // Other keys are not affected.
  CHECK(limits.reserve("chat.postMessage#C2", t0, 60, 3) == std::chrono::seconds(0));
  // Ten seconds later the bucket has refilled to its burst.
  const auto t1 = t0 + std::chrono::seconds(10);
  CHECK(limits.reserve("chat.postMessage#C1", t1, 60, 3) == std::chrono::seconds(0));
  limits.block("views.open", t1 + std::chrono::seconds(20));
  CHECK(limits.reserve("views.open", t1, 100, 11) == std::chrono::seconds(20));
}

TEST_CASE("URLs: https and wss only, with the port and target a connection needs", "[slack]") {
  const auto u = slack::parse_url("wss://wss-primary.slack.com/link/?ticket=abc&app_id=A1");
  REQUIRE(u);
  CHECK(u->host == "wss-primary.slack.com");
  CHECK(u->port == "443");
  CHECK(u->target == "/link/?ticket=abc&app_id=A1");
  CHECK(u->host_header() == "wss-primary.slack.com");
  const auto local = slack::parse_url("https://127.0.0.1:8443/api/");
  REQUIRE(local);
  CHECK(local->port == "8443");
  CHECK(local->host_header() == "127.0.0.1:8443");
  CHECK_FALSE(slack::parse_url("http://slack.com/api/"));
  CHECK_FALSE(slack::parse_url("ws://127.0.0.1/link"));
  CHECK_FALSE(slack::parse_url("not a url"));
}

TEST_CASE("backoff doubles to its cap, half fixed and half random", "[slack]") {
  using std::chrono::milliseconds;
  slack::backoff wait(milliseconds(500), milliseconds(30000), 42);
  for (int attempt = 1; attempt <= 12; ++attempt) {
    const auto full = std::min(milliseconds(500) * (1 << (attempt - 1)), milliseconds(30000));
    const auto w = wait.after(attempt);
    INFO("attempt " << attempt);
    CHECK(w >= full / 2);
    CHECK(w <= full);
  }
  // The same seed gives the same waits: reproducible in tests.
  slack::backoff a(milliseconds(500), milliseconds(30000), 7), b(milliseconds(500), milliseconds(30000), 7);
  for (int attempt = 1; attempt <= 5; ++attempt) CHECK(a.after(attempt) == b.after(attempt));
}
