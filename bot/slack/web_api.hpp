#pragma once
// The Slack Web API client. Every method the bot calls is listed in methods() with its scope, rate tier
// and body encoding; a test holds the app manifest to that list. Write methods get JSON bodies
// (application/json; charset=utf-8), read methods form bodies; the token travels only in the
// Authorization header. Calls are paced per method (and per channel for chat.postMessage) by Slack's
// tiers (or the configured outbox.per_minute), and an HTTP 429 blocks the narrowest key it can be about
// for its Retry-After: the channel for chat.postMessage (Slack's limit there is per channel), else
// the method.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <map>
#include <vector>
#include <nlohmann/json.hpp>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "bot/slack/backoff.hpp"
#include "bot/slack/rate_limiter.hpp"
#include "bot/slack/url.hpp"
#include "bot/slack/web_api_port.hpp"

namespace networkbot::slack {

class https_client;
struct http_response;

enum class failure {
  slack_error,   // ok:false with an error code that retrying will not fix
  rate_limited,  // HTTP 429 (or ok:false "ratelimited"/"rate_limited"): wait retry_after
  server_error,  // 5xx, or an error code Slack documents as transient
  network,       // no answer: connection, TLS or timeout
  bad_response,  // an answer that is not what the method returns
};

class api_error : public std::runtime_error {
 public:
  api_error(failure kind, std::string method, std::string code, std::chrono::seconds retry_after = {});
  [[nodiscard]] failure kind() const { return kind_; }
  [[nodiscard]] const std::string& method() const { return method_; }
  [[nodiscard]] const std::string& code() const { return code_; }  // Slack's `error`, or a short description
  [[nodiscard]] std::chrono::seconds retry_after() const { return retry_after_; }
  [[nodiscard]] bool transient() const {
    return kind_ == failure::rate_limited || kind_ == failure::server_error || kind_ == failure::network;
  }

 private:
  failure kind_;
  std::string method_;
  std::string code_;
  std::chrono::seconds retry_after_;
};

struct method_info {
  std::string_view name;
  std::string_view scopes;  // the bot scopes it needs, comma-separated; empty: none
  int per_minute;           // the steady rate Slack's tier allows
  bool json;                // true: JSON body; false: form body (read methods)
  bool app_token = false;   // called with the app-level token
};
// Every Web API method networkbot calls.
[[nodiscard]] std::span<const method_info> methods();
[[nodiscard]] const method_info* find_method(std::string_view name);

// Problems with configured rates (outbox.per_minute): a method networkbot never calls. Empty when fine.
[[nodiscard]] std::vector<std::string> check_rate_overrides(const std::map<std::string, double>& per_minute);

// Form encoding (application/x-www-form-urlencoded) of a flat JSON object; objects and arrays inside are
// sent as JSON text, as Slack expects.
[[nodiscard]] std::string form_encode(const nlohmann::json& args);
// What a Web API answer means: the body when ok, else an api_error.
[[nodiscard]] nlohmann::json interpret(std::string_view method, unsigned status, const std::string& body,
                                       const std::string& retry_after);

class web_api final : public web_api_port {
 public:
  web_api(boost::asio::any_io_executor ex, https_client& http, const std::string& base_url, std::string bot_token,
          std::string app_token);

  // Replaces the tiers' calls a minute for these methods (checked with check_rate_overrides).
  void set_per_minute(std::map<std::string, double> per_minute) { per_minute_ = std::move(per_minute); }

  // One attempt, after pacing. Throws api_error. `pace_key` adds to the method's rate key (a channel).
  boost::asio::awaitable<nlohmann::json> call(std::string_view method, nlohmann::json args = nlohmann::json::object(),
                                              std::string pace_key = {}) override;
  // The same with the arguments as JSON text, sent as written to a JSON method (never parsed on the way).
  boost::asio::awaitable<nlohmann::json> call_written(std::string_view method, std::string args, std::string pace_key) override;
  // Retries 429s (after Retry-After) and transient failures (bounded exponential backoff with jitter) up
  // to `attempts` times in all; throws the last api_error.
  boost::asio::awaitable<nlohmann::json> call_retrying(std::string_view method,
                                                       nlohmann::json args = nlohmann::json::object(),
                                                       int attempts = 5);
  // Follows response_metadata.next_cursor until it is empty; returns every item under `items_key`.
  boost::asio::awaitable<nlohmann::json> paginate(std::string_view method, nlohmann::json args,
                                                  std::string_view items_key);
  // The bytes of a file to the upload_url files.getUploadURLExternal gave (no token: the URL is the key).
  boost::asio::awaitable<void> upload(const std::string& upload_url, std::string content) override;
  // A reply through a response_url (JSON body, no token). One attempt; throws api_error (method
  // "response_url"): 404 and its body's code when the address expired or was used up.
  boost::asio::awaitable<void> respond(const std::string& response_url, std::string json_body) override;

 private:
  boost::asio::awaitable<void> pace(const std::string& key, double per_minute);
  // The method's pacing, the POST, and what its answer means (one attempt).
  boost::asio::awaitable<nlohmann::json> send(const method_info& info, std::string_view content_type, std::string body,
                                              std::string pace_key);
  // A POST to an address Slack handed out (a response_url, an upload URL) rather than a method: its
  // answer is only an HTTP status. Network errors, 429 and 5xx throw api_error (method `what`) for the
  // usual retries; any other answer is returned.
  boost::asio::awaitable<http_response> post_to(std::string_view what, const url& to, std::string_view content_type,
                                                std::string body);

  boost::asio::any_io_executor ex_;
  https_client& http_;
  url base_;
  std::string bot_auth_;
  std::string app_auth_;
  rate_limiter limits_;
  std::map<std::string, double> per_minute_;
  backoff retry_wait_;
};

}  // namespace networkbot::slack
