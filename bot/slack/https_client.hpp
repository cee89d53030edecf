#pragma once
// HTTPS POSTs over kept-alive connections (Boost.Beast), for the Web API and response_url replies.
// One pool of idle connections per host and port; a connection goes back to the pool after a response
// that allows it. A request that fails on a reused connection before any answer arrived (the server
// closed it while idle) is sent once more on a fresh one. Runs on one I/O thread.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bot/slack/url.hpp"

namespace boost::asio::ssl {
class context;
}

namespace networkbot::slack {

struct http_response {
  unsigned status = 0;
  std::string body;
  std::string retry_after;  // the Retry-After header, when present
};

class https_client {
 public:
  https_client(boost::asio::any_io_executor ex, boost::asio::ssl::context& tls,
               std::chrono::milliseconds timeout = std::chrono::seconds(30));
  ~https_client();
  https_client(const https_client&) = delete;
  https_client& operator=(const https_client&) = delete;

  // Throws boost::system::system_error on any network or TLS failure (including a timeout).
  boost::asio::awaitable<http_response> post(const url& to, std::string_view content_type, std::string body,
                                             std::string_view authorization);
  // Closes the idle connections (at shutdown).
  void close_idle();

 private:
  struct connection;
  boost::asio::awaitable<std::unique_ptr<connection>> connect(const url& to);

  boost::asio::any_io_executor ex_;
  boost::asio::ssl::context& tls_;
  std::chrono::milliseconds timeout_;
  std::map<std::string, std::vector<std::unique_ptr<connection>>> idle_;
};

}  // namespace networkbot::slack
