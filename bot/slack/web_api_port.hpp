#pragma once
// The Web API as the outbox sender sees it: call a method, reply through a response_url, upload a file's
// bytes. web_api is the real one (HTTPS, pacing, 429s); tests use a recording fake that answers from a
// script, so each sending rule is tested without a socket. Every function makes one attempt and throws
// api_error (web_api.hpp) when it fails; retrying is the caller's to decide.

#include <boost/asio/awaitable.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace networkbot::slack {

class web_api_port {
 public:
  virtual ~web_api_port() = default;
  // A method with its arguments as a JSON object; `pace_key` narrows its pacing (a channel). The answer
  // when Slack said ok.
  virtual boost::asio::awaitable<nlohmann::json> call(std::string_view method, nlohmann::json args, std::string pace_key) = 0;
  // The same, with the arguments already written as JSON text (a stored message): sent as written.
  virtual boost::asio::awaitable<nlohmann::json> call_written(std::string_view method, std::string args, std::string pace_key) = 0;
  // A reply through a response_url (a JSON body, no token).
  virtual boost::asio::awaitable<void> respond(const std::string& response_url, std::string json_body) = 0;
  // A file's bytes to the upload_url files.getUploadURLExternal gave (no token: the address is the key).
  virtual boost::asio::awaitable<void> upload(const std::string& upload_url, std::string content) = 0;
};

}  // namespace networkbot::slack
