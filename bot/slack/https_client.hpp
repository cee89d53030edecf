#pragma once
// HTTPS POSTs over kept-alive connections (Boost.Beast), for the Web API and response_url replies.
// The front that chooses the protocol: each new connection offers HTTP/2 and HTTP/1.1 (ALPN), and the
// server picks.
// - HTTP/2 (h2_connection): one connection per host and port carries every request at once. A request
//   the server did not take (GOAWAY, REFUSED_STREAM) is sent again on a fresh connection; it cannot have
//   been acted on.
// - HTTP/1.1 (h1_pool): a pool of idle connections per host and port, one request at a time on each.
// Either way, a request that fails on a reused, idle connection before anything was answered (the server
// closed it while idle) is sent once more on a fresh one. Runs on one I/O thread.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "bot/slack/http_response.hpp"
#include "bot/slack/url.hpp"

namespace boost::asio::ssl {
class context;
}

namespace networkbot::slack {

class async_event;
class h1_pool;
class h2_connection;
struct https_connection;

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
  // At shutdown: closes the idle connections now, and from now on each connection as soon as nothing is
  // in flight on it (an HTTP/2 connection would otherwise keep its reader, and the I/O loop, alive).
  void close_idle();

  struct counters {
    std::uint64_t connections_h1 = 0;  // connections opened that speak HTTP/1.1
    std::uint64_t connections_h2 = 0;  // and HTTP/2
    std::uint64_t refused = 0;         // HTTP/2 requests the server did not take, sent again
  };
  [[nodiscard]] const counters& stats() const { return stats_; }

 private:
  // A new TLS connection to `to`, the protocol chosen.
  boost::asio::awaitable<std::unique_ptr<https_connection>> connect(const url& to);
  // A new connection to `to`, registered in connecting_ while it opens. HTTP/2: it becomes the host's
  // connection and nothing is returned; HTTP/1.1: the connection, for the caller's request.
  boost::asio::awaitable<std::unique_ptr<https_connection>> open(const url& to, const std::string& key);
  // The HTTP/2 connection to `key` that takes new requests, if there is one.
  std::shared_ptr<h2_connection> usable_h2(const std::string& key);
  void start_h2(std::unique_ptr<https_connection> c);

  boost::asio::any_io_executor ex_;
  boost::asio::ssl::context& tls_;
  std::chrono::milliseconds timeout_;
  bool closing_ = false;  // close_idle() was called
  std::unique_ptr<h1_pool> h1_;
  std::map<std::string, std::shared_ptr<h2_connection>> h2_;
  // Hosts a connection is being opened to: other requests wait for it rather than open their own, so a
  // burst to an HTTP/2 host makes one connection, not one per request.
  std::map<std::string, std::shared_ptr<async_event>> connecting_;
  std::set<std::string> h1_hosts_;  // hosts whose last new connection chose HTTP/1.1: not in connecting_
  counters stats_;
};

}  // namespace networkbot::slack
