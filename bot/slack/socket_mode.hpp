#pragma once
// Socket Mode: keeps `connections` WebSocket connections to Slack open (two by default), each in its own
// slot with its own reconnect loop, so losing one never leaves the app without a socket. One connection's
// life: apps.connections.open (a fresh URL every time) -> TLS -> WebSocket handshake -> wait for hello ->
// serving -> (closing) -> closed. Every transition is logged.
//
// While serving, a read is always pending (Beast answers Slack's pings only inside a read), each envelope
// is acked at once through the connection's write queue, our own pings go out every ping_interval, and a
// connection that has been silent for dead_after is dropped and replaced. On `warning` or
// `refresh_requested` the slot opens the replacement first and closes the old connection only once the
// new one has said hello; the old one keeps reading and acking until then. `link_disabled` stops the bot
// loudly; `too_many_websockets` backs off for tens of seconds instead of looping.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <vector>
#include <string>

#include "bot/slack/async_event.hpp"
#include "bot/slack/backoff.hpp"
#include "bot/slack/envelope.hpp"

namespace boost::asio::ssl {
class context;
}

namespace networkbot::slack {

class web_api;

struct socket_options {
  int connections = 2;
  std::chrono::milliseconds ping_interval{10000};
  std::chrono::milliseconds dead_after{30000};
  std::chrono::milliseconds connect_timeout{10000};  // TCP + TLS + WebSocket handshakes, and hello
  std::chrono::milliseconds close_timeout{1000};     // a close handshake Slack does not finish
  // The app both tokens must belong to, from the workspace identity: a hello naming another app (an
  // app-level token of a different app) stops the bot.
  std::string app_id;
};

struct socket_stats {
  std::uint64_t opened = 0;        // connections that reached hello
  std::uint64_t failed_opens = 0;  // attempts that did not
  std::uint64_t lost = 0;          // connections that ended without our asking
  std::uint64_t refreshed = 0;     // warning / refresh_requested handovers
  std::uint64_t frames = 0;
  std::uint64_t bad_frames = 0;
  std::uint64_t acks = 0;
  std::chrono::microseconds slowest_ack{0};  // from reading an envelope to its ack's write completing
};

class socket_mode {
 public:
  // Called on the I/O thread with the envelopes that arrived since the last call (on any connection);
  // returns one ack frame for each, in order. Batching lets the inbox commit a burst at once.
  using envelope_handler = std::function<std::vector<std::string>(const std::vector<envelope>&)>;
  // Called once when Socket Mode cannot go on (link_disabled, a refused app token), with the reason.
  using fatal_handler = std::function<void(const std::string&)>;

  socket_mode(boost::asio::any_io_executor ex, boost::asio::ssl::context& tls, web_api& api, socket_options options,
              envelope_handler on_envelope, fatal_handler on_fatal);
  ~socket_mode();

  // Starts every slot's loop. `first_url`, when set, is a connection URL already asked for (the start-up
  // reads the app id from one): the first slot connects to it instead of asking again.
  void start(std::string first_url = {});
  // Asks every connection to close (so Slack stops routing to them), keeps acking what still arrives, and
  // returns when all are closed (each bounded by close_timeout).
  boost::asio::awaitable<void> stop();

  [[nodiscard]] const socket_stats& stats() const { return stats_; }

  struct link;

 private:
  boost::asio::awaitable<void> slot(int index);
  boost::asio::awaitable<std::shared_ptr<link>> open(int index);
  boost::asio::awaitable<void> read_loop(std::shared_ptr<link> l);
  boost::asio::awaitable<void> write_loop(std::shared_ptr<link> l);
  boost::asio::awaitable<void> keepalive(std::shared_ptr<link> l);
  boost::asio::awaitable<void> close(std::shared_ptr<link> l, const char* why);
  void on_text(link& l, std::string_view text);
  void flush_envelopes();
  void end(link& l, const std::string& why);
  boost::asio::awaitable<void> pause(std::chrono::milliseconds d);

  boost::asio::any_io_executor ex_;
  boost::asio::ssl::context& tls_;
  web_api& api_;
  socket_options options_;
  envelope_handler on_envelope_;
  fatal_handler on_fatal_;
  std::set<std::shared_ptr<link>> links_;
  std::vector<envelope> pending_;                 // arrived, not yet recorded and acked
  std::vector<std::weak_ptr<link>> pending_from_;  // the connection each arrived on
  std::vector<std::chrono::steady_clock::time_point> pending_since_;  // when each was read
  bool flush_posted_ = false;
  std::chrono::steady_clock::time_point last_flush_{};
  async_event stopping_;
  async_event slots_done_;
  boost::asio::steady_timer flush_timer_;
  int slots_running_ = 0;
  bool fatal_ = false;
  std::uint64_t next_id_ = 0;
  backoff reconnect_wait_;  // 0.5 s doubling to 30 s
  std::string first_url_;
  socket_stats stats_;
};

}  // namespace networkbot::slack
