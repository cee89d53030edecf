// The Web API client in this process against the fake Slack over TLS: encodings, typed errors, retries
// after a 429, response_url replies, and certificate checks.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/use_future.hpp>
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <vector>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <optional>
#include <unistd.h>

#include "bot/slack/https_client.hpp"
#include "bot/slack/tls.hpp"
#include "bot/slack/web_api.hpp"
#include "tests/fake_slack/fake_slack.hpp"

using namespace networkbot;
using nlohmann::json;
namespace asio = boost::asio;

namespace {

// A client with its own io_context; run() drives one coroutine to its end and returns its result.
struct client {
  asio::io_context io;
  asio::ssl::context tls;
  slack::https_client http;
  slack::web_api api;
  client(const testing::fake_slack& fake, const std::string& ca_file,
         std::chrono::milliseconds timeout = std::chrono::seconds(30))
      : tls(slack::make_tls_context(ca_file)),
        http(io.get_executor(), tls, timeout),
        api(io.get_executor(), http, fake.api_url(), "xoxb-fake-bot", "xapp-1-A0TEST-fake") {}

  // Runs until `work` ends, not until nothing is left: an HTTP/2 connection keeps a read pending.
  template <class T>
  T run(asio::awaitable<T> work) {
    auto result = asio::co_spawn(io, std::move(work), asio::use_future);
    io.restart();
    while (result.wait_for(std::chrono::seconds(0)) != std::future_status::ready) io.run_one();
    return result.get();
  }
  // Runs all of `work` at once (they are in flight together), until every one has ended.
  void run_all(std::vector<asio::awaitable<void>> work) {
    std::vector<std::future<void>> results;
    for (auto& w : work) results.push_back(asio::co_spawn(io, std::move(w), asio::use_future));
    io.restart();
    for (auto& r : results) {
      while (r.wait_for(std::chrono::seconds(0)) != std::future_status::ready) io.run_one();
      r.get();
    }
  }
};

const std::string post_message = "chat.postMessage";
const std::string connections_open = "apps.connections.open";

}  // namespace

TEST_CASE("write methods go as UTF-8 JSON with the bot token; Slack's answer comes back", "[e2e][web_api]") {
  testing::fake_slack fake;
  client c(fake, fake.ca_file());
  const json answer = c.run(c.api.call(post_message, json{{"channel", "C1"}, {"text", "hi"}}, "C1"));
  CHECK(answer["ok"] == true);
  CHECK(answer["channel"] == "C1");
  const auto calls = fake.calls_to("chat.postMessage");
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].content_type == "application/json; charset=utf-8");
  CHECK(calls[0].authorization == "Bearer xoxb-fake-bot");
  // apps.connections.open takes the app-level token instead.
  const json opened = c.run(c.api.call(connections_open));
  CHECK(opened["url"].get<std::string>().starts_with("wss://127.0.0.1:"));
  CHECK(fake.calls_to("apps.connections.open").at(0).authorization == "Bearer xapp-1-A0TEST-fake");
  CHECK(fake.protocol_violations().empty());
}

TEST_CASE("ok:false is a typed error carrying Slack's code, and is not retried", "[e2e][web_api]") {
  testing::fake_slack fake;
  client c(fake, fake.ca_file());
  fake.fail_method("chat.postMessage", "channel_not_found", 1);
  try {
    (void)c.run(c.api.call_retrying(post_message, json{{"channel", "C404"}, {"text", "hi"}}, 5));
    FAIL("no error");
  } catch (const slack::api_error& e) {
    CHECK(e.kind() == slack::failure::slack_error);
    CHECK(e.code() == "channel_not_found");
  }
  CHECK(fake.calls_to("chat.postMessage").size() == 1);
}

TEST_CASE("a 429 is retried after its Retry-After, a 500 after a backoff", "[e2e][web_api]") {
  testing::fake_slack fake;
  client c(fake, fake.ca_file());
  fake.set_http_faults({.rate_limit_percent = 100, .retry_after_seconds = 1});
  try {
    (void)c.run(c.api.call_retrying(post_message, json{{"channel", "C1"}, {"text", "hi"}}, 2));
    FAIL("no error");
  } catch (const slack::api_error& e) {
    CHECK(e.kind() == slack::failure::rate_limited);
    CHECK(e.retry_after() == std::chrono::seconds(1));
  }
  CHECK(fake.calls_to("chat.postMessage").size() == 2);
  fake.set_http_faults({.server_error_percent = 50, .seed = 3});
  const json answer = c.run(c.api.call_retrying(post_message, json{{"channel", "C2"}, {"text", "hi"}}, 10));
  CHECK(answer["ok"] == true);
}

TEST_CASE("an answer that does not come within the timeout is a network failure; the next call goes through", "[e2e][web_api]") {
  testing::fake_slack fake;
  client c(fake, fake.ca_file(), std::chrono::milliseconds(200));
  CHECK(c.run(c.api.call(post_message, json{{"channel", "C1"}, {"text", "warm"}}, "C1"))["ok"] == true);
  fake.set_http_faults({.delay = std::chrono::milliseconds(1500)});
  try {
    (void)c.run(c.api.call(post_message, json{{"channel", "C1"}, {"text", "late"}}, "C1"));
    FAIL("no timeout");
  } catch (const slack::api_error& e) {
    CHECK(e.kind() == slack::failure::network);
    CHECK(e.transient());
  }
  fake.set_http_faults({});
  CHECK(c.run(c.api.call(post_message, json{{"channel", "C2"}, {"text", "again"}}, "C2"))["ok"] == true);
}

TEST_CASE("response_url replies: delivered, then refused once used up or expired", "[e2e][web_api]") {
  testing::fake_slack fake;
  client c(fake, fake.ca_file());
  const std::string url = fake.new_response_url();
  for (int i = 0; i < 5; ++i) c.run(c.api.respond(url, R"({"text":"hello","response_type":"ephemeral"})"));
  CHECK(fake.response_url_deliveries().begin()->second == 5);
  try {
    c.run(c.api.respond(url, R"({"text":"sixth"})"));
    FAIL("no error");
  } catch (const slack::api_error& e) {
    CHECK(e.kind() == slack::failure::slack_error);
    CHECK(e.code() == "used_url");
  }
  fake.expire_response_urls(true);
  try {
    c.run(c.api.respond(fake.new_response_url(), R"({"text":"late"})"));
    FAIL("no error");
  } catch (const slack::api_error& e) {
    CHECK(e.code() == "expired_url");
  }
}

namespace {

// Sends `n` replies through fresh response_urls, all in flight at once; true when each arrived exactly once.
bool replies_in_flight_arrive_once(client& c, testing::fake_slack& fake, int n) {
  std::vector<std::string> urls;  // respond() keeps a reference: they must outlive the calls
  for (int i = 0; i < n; ++i) urls.push_back(fake.new_response_url());
  std::vector<asio::awaitable<void>> replies;
  for (const auto& url : urls) replies.push_back(c.api.respond(url, R"({"text":"hello"})"));
  c.run_all(std::move(replies));
  const auto deliveries = fake.response_url_deliveries();
  return deliveries.size() == urls.size() &&
         std::all_of(deliveries.begin(), deliveries.end(), [](const auto& d) { return d.second == 1; });
}

}  // namespace

TEST_CASE("replies in flight together share one HTTP/2 connection; a server without HTTP/2 gets HTTP/1.1", "[e2e][web_api]") {
  const bool http2 = GENERATE(true, false);
  CAPTURE(http2);
  testing::fake_options options;
  options.http2 = http2;
  testing::fake_slack fake(options);
  client c(fake, fake.ca_file());
  CHECK(replies_in_flight_arrive_once(c, fake, 20));
  if (http2) {
    CHECK(c.http.stats().connections_h2 == 1);
    CHECK(c.http.stats().connections_h1 == 0);
    CHECK(fake.http2_connections() == 1);
  } else {
    CHECK(c.http.stats().connections_h2 == 0);
    CHECK(c.http.stats().connections_h1 >= 1);  // one per request in flight at once, reused after
    CHECK(fake.http2_connections() == 0);
  }
  // Later calls reuse what is open.
  const auto opened = c.http.stats();
  CHECK(c.run(c.api.call(post_message, json{{"channel", "C1"}, {"text", "hi"}}))["ok"] == true);
  CHECK(c.http.stats().connections_h1 + c.http.stats().connections_h2 == opened.connections_h1 + opened.connections_h2);
  CHECK(fake.protocol_violations().empty());
}

TEST_CASE("requests an HTTP/2 server refused with GOAWAY go again on a new connection, each delivered once", "[e2e][web_api]") {
  testing::fake_slack fake;
  fake.set_http2_max_requests(5);  // 20 in flight: 5 taken, 15 refused, and so on
  client c(fake, fake.ca_file());
  CHECK(replies_in_flight_arrive_once(c, fake, 20));
  CHECK(fake.calls().size() == 20);  // a refused request never reached the server's handler
  CHECK(c.http.stats().refused >= 15);
  CHECK(c.http.stats().connections_h2 >= 4);
  CHECK(fake.protocol_violations().empty());
}

TEST_CASE("a server whose certificate the bot does not trust is refused", "[e2e][web_api]") {
  testing::fake_slack fake;
  client c(fake, "");  // the system store only: the fake's test CA is not in it
  try {
    (void)c.run(c.api.call(post_message, json{{"channel", "C1"}, {"text", "hi"}}));
    FAIL("no error");
  } catch (const slack::api_error& e) {
    CHECK(e.kind() == slack::failure::network);
  }
  CHECK(fake.calls().empty());
}

namespace {

// Sets or clears an environment variable for one scope, and puts the old value back.
class scoped_env {
 public:
  scoped_env(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value != nullptr)
      ::setenv(name, value, 1);
    else
      ::unsetenv(name);
  }
  ~scoped_env() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }
  scoped_env(const scoped_env&) = delete;
  scoped_env& operator=(const scoped_env&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// OpenSSL's name for a certificate in a hashed directory: the subject's hash, then ".0".
std::string hashed_name(const std::string& pem_file) {
  std::FILE* f = std::fopen(pem_file.c_str(), "r");
  REQUIRE(f != nullptr);
  X509* cert = PEM_read_X509(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  REQUIRE(cert != nullptr);
  char name[32];
  std::snprintf(name, sizeof name, "%08lx.0", X509_subject_name_hash(cert));
  X509_free(cert);
  return name;
}

}  // namespace

TEST_CASE("the system store may be a hashed directory, read as a handshake needs it", "[e2e][web_api]") {
  testing::fake_slack fake;
  const auto dir = std::filesystem::temp_directory_path() / ("networkbot-certs-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const scoped_env no_file("SSL_CERT_FILE", nullptr);
  const scoped_env certs_dir("SSL_CERT_DIR", dir.c_str());

  SECTION("the fake's authority under its hashed name is trusted without SLACK_CA_FILE") {
    std::filesystem::copy_file(fake.ca_file(), dir / hashed_name(fake.ca_file()));
    client c(fake, "");
    // Nothing parsed up front (OpenSSL's defaults would have loaded the whole system bundle here).
    CHECK(sk_X509_OBJECT_num(X509_STORE_get0_objects(SSL_CTX_get_cert_store(c.tls.native_handle()))) == 0);
    CHECK(c.run(c.api.call(post_message, json{{"channel", "C1"}, {"text", "hi"}}))["ok"] == true);
  }
  SECTION("under another name it is not: the directory is only ever looked up by hash") {
    std::filesystem::copy_file(fake.ca_file(), dir / "fake-ca.pem");
    client c(fake, "");
    CHECK_THROWS_AS(c.run(c.api.call(post_message, json{{"channel", "C1"}, {"text", "hi"}})), slack::api_error);
    CHECK(fake.calls().empty());
  }
  std::filesystem::remove_all(dir);
}
