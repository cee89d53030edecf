#pragma once
// A Web API that records every call and answers from a script, for the outbox sender's unit tests. Each
// call completes at once (no socket, no pacing). Unscripted calls succeed with what Slack would answer:
// conversations.open a DM channel named after its users, files.getUploadURLExternal an address.

#include <deque>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "bot/slack/web_api.hpp"
#include "bot/slack/web_api_port.hpp"

namespace networkbot::testing {

class recording_web_api final : public slack::web_api_port {
 public:
  struct call_record {
    std::string what;  // the method, or "response_url" / "upload" with the address
    std::string args;  // as sent: JSON text, or the uploaded bytes
    std::string pace_key;
  };
  std::vector<call_record> calls;

  // The next answer for `what` (a method name, "response_url" or "upload"): an answer or an error.
  void answer(const std::string& what, nlohmann::json answer) { script_[what].emplace_back(std::move(answer)); }
  void fail(const std::string& what, slack::api_error error) { script_[what].emplace_back(std::move(error)); }

  boost::asio::awaitable<nlohmann::json> call(std::string_view method, nlohmann::json args, std::string pace_key) override {
    co_return next(std::string(method), args.dump(), std::move(pace_key), default_answer(method, args));
  }
  boost::asio::awaitable<nlohmann::json> call_written(std::string_view method, std::string args, std::string pace_key) override {
    co_return next(std::string(method), std::move(args), std::move(pace_key), {{"ok", true}});
  }
  boost::asio::awaitable<void> respond(const std::string& response_url, std::string json_body) override {
    (void)next("response_url " + response_url, std::move(json_body), {}, {});
    co_return;
  }
  boost::asio::awaitable<void> upload(const std::string& upload_url, std::string content) override {
    (void)next("upload " + upload_url, std::move(content), {}, {});
    co_return;
  }

  // The calls made to `what`, in order.
  [[nodiscard]] std::vector<call_record> to(const std::string& what) const {
    std::vector<call_record> out;
    for (const auto& c : calls)
      if (c.what == what) out.push_back(c);
    return out;
  }

 private:
  static nlohmann::json default_answer(std::string_view method, const nlohmann::json& args) {
    if (method == "conversations.open") return {{"ok", true}, {"channel", {{"id", "D-" + args.value("users", std::string{})}}}};
    if (method == "files.getUploadURLExternal") return {{"ok", true}, {"upload_url", "https://files.example/up/1"}, {"file_id", "F1"}};
    return {{"ok", true}};
  }

  nlohmann::json next(std::string what, std::string args, std::string pace_key, nlohmann::json fallback) {
    calls.push_back({what, std::move(args), std::move(pace_key)});
    // A scripted answer for the exact call ("response_url https://…") or for its kind ("response_url").
    for (const auto& key : {what, what.substr(0, what.find(' '))}) {
      auto it = script_.find(key);
      if (it == script_.end() || it->second.empty()) continue;
      auto given = std::move(it->second.front());
      it->second.pop_front();
      if (auto* e = std::get_if<slack::api_error>(&given)) throw *e;
      return std::get<nlohmann::json>(std::move(given));
    }
    return fallback;
  }

  std::map<std::string, std::deque<std::variant<nlohmann::json, slack::api_error>>> script_;
};

}  // namespace networkbot::testing
