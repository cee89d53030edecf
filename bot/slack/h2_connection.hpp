#pragma once
// One HTTP/2 connection to a host and port (h2_codec over TLS). It carries every request to that host at
// once, so requests that are ready together leave in one write and their answers arrive in one read. A
// reader and a writer coroutine own the socket for the connection's life; each request waits for its
// stream to finish, with a deadline of its own. https_client opens the connection (the server chose
// HTTP/2 for it) and keeps, per host, the one that takes new requests. Runs on one I/O thread.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "bot/slack/async_event.hpp"
#include "bot/slack/h2_codec.hpp"
#include "bot/slack/https_connection.hpp"

namespace networkbot::slack {

class h2_connection {
 public:
  // Starts the reader and the writer on `c`, a connection the server chose HTTP/2 for. They keep the
  // connection alive until it closes.
  static std::shared_ptr<h2_connection> start(boost::asio::any_io_executor ex, std::unique_ptr<https_connection> c,
                                              std::chrono::milliseconds timeout);
  h2_connection(const h2_connection&) = delete;
  h2_connection& operator=(const h2_connection&) = delete;

  // Open, and the server has not said GOAWAY.
  [[nodiscard]] bool takes_requests() const { return !dead_ && !codec_.closing(); }
  // Nothing in flight on it.
  [[nodiscard]] bool idle() const { return waiters_.empty(); }

  // Sends `r` on a stream of its own and waits for the stream to finish. Refused (send it again) when the
  // server did not take it: GOAWAY, REFUSED_STREAM, or the connection stopped taking requests just now.
  // No answer (send it again) when `resend_if_stale` and the connection, idle before, was cut off with
  // nothing read since: the server had closed it. Throws boost::system::system_error when the stream
  // failed after the server may have acted on it, or on the timeout (which also closes the connection
  // when nothing at all was read meanwhile: it is dead, not just slow).
  boost::asio::awaitable<https_attempt> exchange(const https_request& r, bool resend_if_stale);

  // From now on it closes as soon as nothing is in flight on it: it is no longer its host's connection
  // for new requests, or the client is shutting down. Takes effect at close_if_done().
  void retire() { retiring_ = true; }
  // Closes it when nothing is in flight and it will take no more: retired, or the server said GOAWAY.
  void close_if_done();
  // Closes the socket now; the reader and the writer end. A request still waiting meets its deadline.
  void close();

 private:
  struct waiter;
  h2_connection(boost::asio::any_io_executor ex, std::unique_ptr<https_connection> c, std::chrono::milliseconds timeout);
  static boost::asio::awaitable<void> read_loop(std::shared_ptr<h2_connection> self);
  static boost::asio::awaitable<void> write_loop(std::shared_ptr<h2_connection> self);
  // Hands the streams that finished to the requests waiting for them.
  void deliver() { hand_over(codec_.take_finished()); }
  // The connection is unusable: it closes, and every request still on it finishes now.
  void fail(const std::string& why);
  void hand_over(std::vector<h2_codec::finished> done);

  boost::asio::any_io_executor ex_;
  std::unique_ptr<https_connection> conn_;
  std::chrono::milliseconds timeout_;
  h2_codec codec_;
  async_event want_write_;
  std::unordered_map<std::int32_t, waiter*> waiters_;
  std::uint64_t bytes_read_ = 0;
  std::uint64_t answered_ = 0;
  bool dead_ = false;
  bool retiring_ = false;
};

}  // namespace networkbot::slack
