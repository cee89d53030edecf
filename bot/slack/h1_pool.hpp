#pragma once
// HTTP/1.1 over kept-alive TLS connections: one request at a time on a connection, and a pool of idle
// connections per host and port. A connection goes back to the pool after a response that allows it.
// https_client opens the connections (those the server chose HTTP/1.1 for) and hands each request one,
// from the pool or new. Runs on one I/O thread.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bot/slack/https_connection.hpp"

namespace networkbot::slack {

class h1_pool {
 public:
  explicit h1_pool(std::chrono::milliseconds timeout) : timeout_(timeout) {}
  h1_pool(const h1_pool&) = delete;
  h1_pool& operator=(const h1_pool&) = delete;

  // The connection to `key` that went idle last, or none.
  [[nodiscard]] std::unique_ptr<https_connection> take_idle(const std::string& key);
  // Sends `r` on `c` and reads the response; `c` goes back to the pool when the response allows it.
  // No answer (send it again) when `resend_if_stale` and the connection failed before a response began:
  // a reused connection the server had closed while idle. Throws boost::system::system_error on any
  // other network or TLS failure, the timeout included.
  boost::asio::awaitable<https_attempt> exchange(std::unique_ptr<https_connection> c, const https_request& r,
                                                 bool resend_if_stale);
  // Closes the idle connections now; from now on none goes back to the pool.
  void close_idle();

 private:
  std::chrono::milliseconds timeout_;
  bool closing_ = false;
  std::map<std::string, std::vector<std::unique_ptr<https_connection>>> idle_;
};

// The request as it goes on the wire, head and body in one piece. The header values must be one line
// each (https_client checks them).
[[nodiscard]] std::string h1_request_text(const https_request& r);

}  // namespace networkbot::slack
