#include "bot/slack/web_api.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <algorithm>
#include <array>

#include "bot/slack/https_client.hpp"
#include "bot/slack/json_text.hpp"

namespace networkbot::slack {

namespace asio = boost::asio;
using nlohmann::json;

namespace {

// Rates from Slack's tiers: 2 = 20/min, 3 = 50/min, 4 = 100/min; chat.postMessage is special (about one a
// second per channel, several hundred a minute in all); auth.test allows hundreds a minute.
constexpr std::array<method_info, 11> known{{
    {"apps.connections.open", "", 50, false, true},
    {"auth.test", "", 600, true},
    {"chat.postEphemeral", "chat:write", 100, true},
    {"chat.postMessage", "chat:write", 300, true},
    {"conversations.info", "channels:read,groups:read", 50, false},
    {"conversations.open", "im:write,mpim:write", 50, true},
    {"files.completeUploadExternal", "files:write", 20, false},
    {"files.getUploadURLExternal", "files:write", 20, false},
    {"users.info", "users:read", 100, false},
    {"views.open", "", 100, true},
    {"views.publish", "", 100, true},
}};

constexpr double per_channel_posts_per_minute = 60;
constexpr std::string_view json_content_type = "application/json; charset=utf-8";
constexpr std::string_view form_content_type = "application/x-www-form-urlencoded";

// Error codes Slack documents as "try again later" rather than "this call is wrong".
bool transient_code(std::string_view code) {
  return code == "internal_error" || code == "fatal_error" || code == "service_unavailable" ||
         code == "request_timeout" || code == "ratelimited" || code == "rate_limited";
}

std::chrono::seconds parse_retry_after(const std::string& header) {
  long seconds = 30;  // what Slack's SDKs assume when a 429 carries no Retry-After
  if (!header.empty() && header.find_first_not_of("0123456789") == std::string::npos && header.size() < 7)
    seconds = std::stol(header);
  return std::chrono::seconds(std::clamp(seconds, 0L, 900L));
}

void append_encoded(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
}

}  // namespace

api_error::api_error(failure kind, std::string method, std::string code, std::chrono::seconds retry_after)
    : std::runtime_error(method + ": " + code),
      kind_(kind),
      method_(std::move(method)),
      code_(std::move(code)),
      retry_after_(retry_after) {}

std::span<const method_info> methods() { return known; }

std::vector<std::string> check_rate_overrides(const std::map<std::string, double>& per_minute) {
  std::vector<std::string> problems;
  for (const auto& [method, rate] : per_minute)
    if (find_method(method) == nullptr) {
      std::string names;
      for (const auto& m : known) names += (names.empty() ? "" : ", ") + std::string(m.name);
      problems.push_back("networkbot never calls '" + method + "'; it calls " + names);
    }
  return problems;
}

const method_info* find_method(std::string_view name) {
  auto it = std::ranges::find(known, name, &method_info::name);
  return it == known.end() ? nullptr : &*it;
}

std::string form_encode(const json& args) {
  std::string out;
  for (const auto& [key, value] : args.items()) {
    if (value.is_null()) continue;
    if (!out.empty()) out += '&';
    append_encoded(out, key);
    out += '=';
    append_encoded(out, value.is_string() ? value.get_ref<const std::string&>() : value.dump());
  }
  return out;
}

json interpret(std::string_view method, unsigned status, const std::string& body, const std::string& retry_after) {
  const std::string name(method);
  if (status == 429) throw api_error(failure::rate_limited, name, "ratelimited", parse_retry_after(retry_after));
  if (status >= 500) throw api_error(failure::server_error, name, "HTTP " + std::to_string(status));
  if (status != 200) throw api_error(failure::bad_response, name, "HTTP " + std::to_string(status));
  json answer = json::parse(body, nullptr, false);
  if (answer.is_discarded() || !answer.is_object() || !answer.contains("ok") || !answer["ok"].is_boolean())
    throw api_error(failure::bad_response, name, "the answer is not a Slack API response");
  if (answer["ok"].get<bool>()) return answer;
  // `error` is read only when it is a string: json::value would throw type_error for any other type.
  const auto error = answer.find("error");
  const std::string code = error != answer.end() && error->is_string() ? error->get<std::string>() : "unknown_error";
  if (code == "ratelimited" || code == "rate_limited")
    throw api_error(failure::rate_limited, name, code, parse_retry_after(retry_after));
  throw api_error(transient_code(code) ? failure::server_error : failure::slack_error, name, code);
}

web_api::web_api(asio::any_io_executor ex, https_client& http, const std::string& base_url, std::string bot_token,
                 std::string app_token)
    : ex_(std::move(ex)),
      http_(http),
      bot_auth_("Bearer " + std::move(bot_token)),
      app_auth_("Bearer " + std::move(app_token)),
      retry_wait_(std::chrono::milliseconds(500), std::chrono::seconds(30), backoff_seed()) {
  auto parsed = parse_url(base_url);
  if (!parsed || parsed->scheme != "https")
    throw std::invalid_argument("SLACK_API_URL must be an https:// address, like https://slack.com/api/");
  base_ = std::move(*parsed);
  if (base_.target.back() != '/') base_.target += '/';
}

asio::awaitable<void> web_api::pace(const std::string& key, double per_minute) {
  const auto wait = limits_.reserve(key, rate_limiter::clock::now(), per_minute, per_minute / 10 + 1);
  if (wait <= rate_limiter::clock::duration::zero()) co_return;
  asio::steady_timer timer(ex_, wait);
  co_await timer.async_wait(asio::use_awaitable);
}

asio::awaitable<json> web_api::call(std::string_view method, json args, std::string pace_key) {
  const method_info* info = find_method(method);
  if (info == nullptr)
    throw std::logic_error("networkbot calls " + std::string(method) + ", which is missing from slack::methods()");
  if (info->json) co_return co_await send(*info, json_content_type, json_text(args), std::move(pace_key));
  co_return co_await send(*info, form_content_type, form_encode(args), std::move(pace_key));
}

asio::awaitable<json> web_api::call_written(std::string_view method, std::string args, std::string pace_key) {
  const method_info* info = find_method(method);
  if (info == nullptr)
    throw std::logic_error("networkbot calls " + std::string(method) + ", which is missing from slack::methods()");
  if (info->json) co_return co_await send(*info, json_content_type, std::move(args), std::move(pace_key));
  // A read method takes a form: the text is read once to encode it.
  const json parsed = json::parse(args, nullptr, false);
  if (!parsed.is_object()) throw api_error(failure::bad_response, std::string(method), "arguments are not a JSON object");
  co_return co_await send(*info, form_content_type, form_encode(parsed), std::move(pace_key));
}

asio::awaitable<json> web_api::send(const method_info& info, std::string_view content_type, std::string body, std::string pace_key) {
  const std::string name(info.name);
  const auto configured = per_minute_.find(name);
  co_await pace(name, configured != per_minute_.end() ? configured->second : info.per_minute);
  const std::string narrow_key = pace_key.empty() ? std::string{} : name + "#" + pace_key;
  if (!narrow_key.empty()) co_await pace(narrow_key, per_channel_posts_per_minute);

  url to = base_;
  to.target += name;
  http_response res;
  try {
    res = co_await http_.post(to, content_type, std::move(body), info.app_token ? app_auth_ : bot_auth_);
  } catch (const boost::system::system_error& e) {
    throw api_error(failure::network, name, e.code().message());
  }
  try {
    co_return interpret(name, res.status, res.body, res.retry_after);
  } catch (const api_error& e) {
    if (e.kind() == failure::rate_limited) {
      if (narrow_key.empty()) {
        limits_.block(name, rate_limiter::clock::now() + e.retry_after());
      } else {
        limits_.block(narrow_key, rate_limiter::clock::now() + e.retry_after());
        limits_.refused(name);
      }
    }
    throw;
  }
}

asio::awaitable<json> web_api::call_retrying(std::string_view method, json args, int attempts) {
  for (int attempt = 1;; ++attempt) {
    std::chrono::milliseconds wait{};
    try {
      co_return co_await call(method, args);
    } catch (const api_error& e) {
      if (!e.transient() || attempt >= attempts) throw;
      if (e.kind() == failure::rate_limited) {
        wait = e.retry_after();
      } else {
        wait = retry_wait_.after(attempt);  // 0.5 s doubling to 30 s
      }
    }
    asio::steady_timer timer(ex_, wait);
    co_await timer.async_wait(asio::use_awaitable);
  }
}

asio::awaitable<json> web_api::paginate(std::string_view method, json args, std::string_view items_key) {
  json items = json::array();
  if (!args.contains("limit")) args["limit"] = 200;
  for (;;) {
    json page = co_await call_retrying(method, args);
    if (auto it = page.find(items_key); it != page.end() && it->is_array())
      for (auto& item : *it) items.push_back(std::move(item));
    std::string cursor;
    if (auto meta = page.find("response_metadata"); meta != page.end() && meta->is_object())
      if (auto next = meta->find("next_cursor"); next != meta->end() && next->is_string()) cursor = next->get<std::string>();
    if (cursor.empty()) co_return items;
    args["cursor"] = cursor;
  }
}

asio::awaitable<http_response> web_api::post_to(std::string_view what, const url& to, std::string_view content_type,
                                                std::string body) {
  http_response res;
  try {
    res = co_await http_.post(to, content_type, std::move(body), {});
  } catch (const boost::system::system_error& e) {
    throw api_error(failure::network, std::string(what), e.code().message());
  }
  if (res.status == 429)
    throw api_error(failure::rate_limited, std::string(what), "ratelimited", parse_retry_after(res.retry_after));
  if (res.status >= 500) throw api_error(failure::server_error, std::string(what), "HTTP " + std::to_string(res.status));
  co_return res;
}

asio::awaitable<void> web_api::upload(const std::string& upload_url, std::string content) {
  const std::string what = "file upload";
  const std::string_view content_type = "application/octet-stream";  // named: g++ 12 rejects literals in co_await
  auto to = parse_url(upload_url);
  if (!to || to->scheme != "https") throw api_error(failure::bad_response, what, "not an https address");
  const http_response res = co_await post_to(what, *to, content_type, std::move(content));
  if (res.status != 200) throw api_error(failure::slack_error, what, "HTTP " + std::to_string(res.status));
}

asio::awaitable<void> web_api::respond(const std::string& response_url, std::string json_body) {
  const std::string what = "response_url";
  auto to = parse_url(response_url);
  if (!to || to->scheme != "https") throw api_error(failure::slack_error, what, "not an https address");
  const http_response res = co_await post_to(what, *to, json_content_type, std::move(json_body));
  if (res.status == 200) co_return;
  // 404 with "expired_url" or "used_url", and any other refusal: this address will not take it.
  std::string code = res.body.substr(0, 64);
  if (code.empty()) code = "HTTP " + std::to_string(res.status);
  throw api_error(failure::slack_error, "response_url", code);
}

}  // namespace networkbot::slack
