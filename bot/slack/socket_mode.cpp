#include "bot/slack/socket_mode.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <deque>

#include "bot/slack/tls.hpp"
#include "bot/slack/url.hpp"
#include "bot/slack/web_api.hpp"
#include "bot/slack/write_batcher.hpp"

namespace networkbot::slack {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using steady = std::chrono::steady_clock;

enum class link_state { awaiting_hello, serving, closing, closed };

const char* to_string(link_state s) {
  switch (s) {
    case link_state::awaiting_hello: return "awaiting hello";
    case link_state::serving: return "serving";
    case link_state::closing: return "closing";
    case link_state::closed: return "closed";
  }
  return "?";
}

struct socket_mode::link : std::enable_shared_from_this<socket_mode::link> {
  link(asio::any_io_executor ex, asio::ssl::context& tls, std::uint64_t id_, int slot_)
      : ws(ex, tls), id(id_), slot(slot_), ready(ex), ended(ex), news(ex), writer_wake(ex) {}

  websocket::stream<write_batcher<beast::ssl_stream<beast::tcp_stream>>> ws;
  std::uint64_t id;
  int slot;
  link_state state = link_state::awaiting_hello;
  std::deque<std::pair<std::string, steady::time_point>> outgoing;  // ack frames, in order, and when read
  bool ping_due = false;
  bool close_due = false;
  bool close_sent = false;
  bool we_closed = false;
  std::string disconnect_reason;
  steady::time_point last_heard = steady::now();
  async_event ready;        // hello arrived, or the link ended first
  async_event ended;        // closed
  async_event news;         // for the slot: a disconnect frame, the end, or shutdown
  async_event writer_wake;  // for the writer: something to send

  void move_to(link_state next, std::string_view why) {
    spdlog::info("socket #{} (slot {}): {} -> {}{}{}", id, slot, to_string(state), to_string(next),
                 why.empty() ? "" : ": ", why);
    state = next;
  }
};

namespace {

constexpr std::chrono::milliseconds group_commit_window{2};

// A named constant: g++ 12 rejects some literals inside a co_await expression ("array used as initializer").
constexpr std::string_view connections_open = "apps.connections.open";

bool fatal_token_error(const std::string& code) {
  return code == "invalid_auth" || code == "not_authed" || code == "account_inactive" || code == "token_revoked" ||
         code == "team_disabled" || code == "user_removed_from_team" || code == "not_allowed_token_type" ||
         code == "missing_scope" || code == "forbidden_team";
}

}  // namespace

socket_mode::socket_mode(asio::any_io_executor ex, asio::ssl::context& tls, web_api& api, socket_options options,
                         envelope_handler on_envelope, fatal_handler on_fatal)
    : ex_(ex),
      tls_(tls),
      api_(api),
      options_(options),
      on_envelope_(std::move(on_envelope)),
      on_fatal_(std::move(on_fatal)),
      stopping_(ex),
      slots_done_(ex),
      flush_timer_(ex),
      reconnect_wait_(std::chrono::milliseconds(500), std::chrono::seconds(30), backoff_seed()) {}

socket_mode::~socket_mode() = default;

void socket_mode::start(std::string first_url) {
  first_url_ = std::move(first_url);
  spdlog::info("Socket Mode: keeping {} connections open", options_.connections);
  for (int i = 0; i < options_.connections; ++i) {
    ++slots_running_;
    asio::co_spawn(ex_, slot(i), asio::detached);
  }
}

asio::awaitable<void> socket_mode::pause(std::chrono::milliseconds d) {
  (void)co_await stopping_.wait_until(steady::now() + d);
}

asio::awaitable<void> socket_mode::slot(int index) {
  int failures = 0;
  std::shared_ptr<link> current;
  while (!stopping_.is_set() && !fatal_) {
    std::shared_ptr<link> next;
    std::chrono::milliseconds at_least{0};
    try {
      next = co_await open(index);
    } catch (const api_error& e) {
      ++stats_.failed_opens;
      if (e.kind() == failure::slack_error && fatal_token_error(e.code())) {
        if (!fatal_) {
          fatal_ = true;
          on_fatal_("Slack refused the app-level token (" + e.code() +
                    "): check SLACK_APP_TOKEN; it needs the connections:write scope");
        }
        break;
      }
      if (e.kind() == failure::rate_limited) at_least = e.retry_after();
      spdlog::warn("slot {}: could not get a Socket Mode URL: {}", index, e.what());
    } catch (const std::exception& e) {
      ++stats_.failed_opens;
      spdlog::warn("slot {}: connection attempt failed: {}", index, e.what());
    }
    if (!next) {
      const auto wait = std::max(at_least, reconnect_wait_.after(++failures));
      spdlog::info("slot {}: trying again in {} ms", index, wait.count());
      co_await pause(wait);
      continue;
    }
    failures = 0;
    if (current) asio::co_spawn(ex_, close(current, "replaced by a fresh connection"), asio::detached);
    current = next;
    if (stopping_.is_set()) break;  // the stop came while this one was opening

    for (;;) {
      co_await current->news.wait();
      current->news.reset();
      if (stopping_.is_set() || current->state == link_state::closed) break;
      if (!current->disconnect_reason.empty()) break;
    }
    if (stopping_.is_set()) break;
    if (current->state == link_state::closed) {
      current.reset();
      // The other connections serve meanwhile; come back quickly but not in lockstep.
      co_await pause(reconnect_wait_.after(1) / 2);
      continue;
    }
    const std::string reason = std::exchange(current->disconnect_reason, {});
    if (reason == "link_disabled" || reason == "socket_mode_disabled") {
      fatal_ = true;
      on_fatal_("Slack switched Socket Mode off for this app (" + reason +
                "): turn it back on under Settings > Socket Mode on the app's page at api.slack.com, then restart "
                "networkbot");
      break;
    }
    if (reason == "too_many_websockets") {
      spdlog::warn("slot {}: Slack says the app has too many connections open (at most 10 per app); another "
                   "networkbot may be running with the same app token. Backing off.",
                   index);
      co_await close(current, "too many connections");
      current.reset();
      co_await pause(std::chrono::seconds(30) + reconnect_wait_.after(1));
      continue;
    }
    // warning, refresh_requested (and anything new): open the replacement now; the old one keeps
    // reading and acking until the new one has said hello, then it is closed above.
    ++stats_.refreshed;
    spdlog::info("slot {}: Slack will recycle socket #{} ({}); opening its replacement first", index, current->id,
                 reason);
  }
  if (current) co_await close(current, stopping_.is_set() ? "shutting down" : "stopping");
  if (--slots_running_ == 0) slots_done_.set();
}

asio::awaitable<std::shared_ptr<socket_mode::link>> socket_mode::open(int index) {
  auto l = std::make_shared<link>(ex_, tls_, ++next_id_, index);
  spdlog::debug("socket #{} (slot {}): asking Slack for a connection URL", l->id, index);
  std::string address = std::exchange(first_url_, {});
  if (address.empty()) {
    const auto answer = co_await api_.call(connections_open);
    address = answer.value("url", std::string{});
  }
  const auto to = parse_url(address);
  if (!to || to->scheme != "wss")
    throw api_error(failure::bad_response, "apps.connections.open", "the answer holds no wss:// URL");

  auto& tcp = beast::get_lowest_layer(l->ws);
  tcp.expires_after(options_.connect_timeout);
  asio::ip::tcp::resolver resolver(ex_);
  const auto addresses = co_await resolver.async_resolve(to->host, to->port, asio::use_awaitable);
  co_await tcp.async_connect(addresses, asio::use_awaitable);
  tcp.socket().set_option(asio::ip::tcp::no_delay(true));
  prepare_tls(l->ws.next_layer().next_layer().native_handle(), to->host);
  co_await l->ws.next_layer().next_layer().async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
  tcp.expires_never();  // the WebSocket's own timeouts take over from here
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = options_.connect_timeout;
  timeouts.idle_timeout = websocket::stream_base::none();
  timeouts.keep_alive_pings = false;
  l->ws.set_option(timeouts);
  l->ws.set_option(websocket::stream_base::decorator(
      [](websocket::request_type& req) { req.set(beast::http::field::user_agent, "networkbot"); }));
  l->ws.read_message_max(16 * 1024 * 1024);
  co_await l->ws.async_handshake(to->host_header(), to->target, asio::use_awaitable);
  l->ws.text(true);
  std::weak_ptr<link> weak = l;
  l->ws.control_callback([weak](websocket::frame_type, beast::string_view) {
    if (auto s = weak.lock()) s->last_heard = steady::now();
  });
  l->last_heard = steady::now();
  links_.insert(l);
  spdlog::debug("socket #{} (slot {}): connected to {}; waiting for hello", l->id, index, to->host);

  asio::co_spawn(ex_, read_loop(l), asio::detached);
  asio::co_spawn(ex_, write_loop(l), asio::detached);
  asio::co_spawn(ex_, keepalive(l), asio::detached);

  (void)co_await l->ready.wait_until(steady::now() + options_.connect_timeout);
  if (l->state != link_state::serving) {
    const bool was_closed = l->state == link_state::closed;
    end(*l, "no hello from Slack in time");
    throw std::runtime_error(was_closed ? "the connection closed before Slack said hello"
                                        : "Slack did not say hello in time");
  }
  ++stats_.opened;
  co_return l;
}

asio::awaitable<void> socket_mode::read_loop(std::shared_ptr<link> l) {
  beast::flat_buffer buffer;
  for (;;) {
    auto [ec, n] = co_await l->ws.async_read(buffer, asio::as_tuple(asio::use_awaitable));
    (void)n;
    if (ec) {
      if (l->close_sent && (ec == websocket::error::closed || ec == asio::error::operation_aborted))
        end(*l, "close handshake done");
      else if (ec == websocket::error::closed)
        end(*l, "Slack closed the connection");
      else
        end(*l, "read failed: " + ec.message());
      co_return;
    }
    l->last_heard = steady::now();
    if (l->ws.got_text()) {
      const auto data = buffer.cdata();
      on_text(*l, std::string_view(static_cast<const char*>(data.data()), data.size()));
    }
    buffer.consume(buffer.size());
  }
}

void socket_mode::on_text(link& l, std::string_view text) {
  ++stats_.frames;
  frame f;
  try {
    f = parse_frame(text);
  } catch (const bad_frame& e) {
    ++stats_.bad_frames;
    spdlog::warn("socket #{}: skipped a frame: {} ({} bytes)", l.id, e.what(), text.size());
    return;
  }
  if (auto* h = std::get_if<hello>(&f)) {
    if (l.state == link_state::awaiting_hello) {
      l.move_to(link_state::serving, "hello from " + h->host);
      spdlog::info("socket #{}: Slack counts {} connections for this app; it expects to keep this one about {} s",
                   l.id, h->num_connections, h->approximate_connection_time);
      if (h->num_connections > options_.connections + 1)
        spdlog::warn("Slack counts {} connections but networkbot keeps {}: another process may share the app token, "
                     "or Slack still counts connections that died without closing",
                     h->num_connections, options_.connections);
      if (!options_.app_id.empty() && !h->app_id.empty() && h->app_id != options_.app_id) {
        if (!fatal_) {
          fatal_ = true;
          on_fatal_("SLACK_APP_TOKEN belongs to app " + h->app_id + ", but SLACK_BOT_TOKEN to app " + options_.app_id +
                    ": copy both tokens from the same app's page at api.slack.com");
        }
        return;
      }
      l.ready.set();
    }
    return;
  }
  if (auto* d = std::get_if<disconnect>(&f)) {
    spdlog::info("socket #{}: Slack sent disconnect ({})", l.id, d->reason);
    l.disconnect_reason = d->reason.empty() ? "unspecified" : d->reason;
    l.news.set();
    return;
  }
  if (auto* e = std::get_if<envelope>(&f)) {
    // Acked from flush_envelopes(), which runs as soon as the frames already read have been parsed.
    pending_.push_back(std::move(*e));
    pending_from_.push_back(l.weak_from_this());
    pending_since_.push_back(steady::now());
    if (!flush_posted_) {
      flush_posted_ = true;
      // Group commit: right away when the last commit is a while ago; under a burst, at most every
      // couple of milliseconds, so that one transaction records everything that arrived meanwhile.
      const auto due = last_flush_ + group_commit_window;
      if (steady::now() >= due) {
        asio::post(ex_, [this] { flush_envelopes(); });
      } else {
        flush_timer_.expires_at(due);
        flush_timer_.async_wait([this](const boost::system::error_code&) { flush_envelopes(); });
      }
    }
    return;
  }
  spdlog::warn("socket #{}: skipped a frame of unknown type '{}'", l.id, std::get<unknown_frame>(f).type);
}

void socket_mode::flush_envelopes() {
  flush_posted_ = false;
  last_flush_ = steady::now();
  std::vector<envelope> batch = std::exchange(pending_, {});
  std::vector<std::weak_ptr<link>> from = std::exchange(pending_from_, {});
  std::vector<steady::time_point> since = std::exchange(pending_since_, {});
  if (batch.empty()) return;
  std::vector<std::string> acks = on_envelope_(batch);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    auto l = from[i].lock();
    if (!l || l->state == link_state::closed || l->close_sent) {
      spdlog::warn("envelope {} arrived on a connection that closed before its ack could be sent", batch[i].id);
      continue;
    }
    l->outgoing.emplace_back(std::move(acks[i]), since[i]);
    ++stats_.acks;
    l->writer_wake.set();
  }
}

asio::awaitable<void> socket_mode::write_loop(std::shared_ptr<link> l) {
  // A burst's acks leave together: every frame but the last of a run is kept by the write batcher and
  // goes out with the last, as one TLS record and one send (a record holds 16 KiB, so a run is cut there).
  constexpr std::size_t one_record = 16 * 1024;
  auto& batcher = l->ws.next_layer();
  for (;;) {
    if (l->state == link_state::closed) co_return;
    if (!l->outgoing.empty()) {
      batcher.hold(l->outgoing.size() > 1 && batcher.kept() < one_record);
      auto [frame_text, read_at] = std::move(l->outgoing.front());
      l->outgoing.pop_front();
      auto [ec, n] = co_await l->ws.async_write(asio::buffer(frame_text), asio::as_tuple(asio::use_awaitable));
      (void)n;
      if (ec) {
        end(*l, "write failed: " + ec.message());
        co_return;
      }
      stats_.slowest_ack = std::max(stats_.slowest_ack, std::chrono::duration_cast<std::chrono::microseconds>(
                                                             steady::now() - read_at));
      continue;
    }
    batcher.hold(false);
    if (l->close_due && !l->close_sent) {
      l->close_sent = true;
      auto [ec] = co_await l->ws.async_close(websocket::close_code::normal, asio::as_tuple(asio::use_awaitable));
      if (ec) end(*l, "close failed: " + ec.message());
      co_return;  // the read loop sees the close handshake finish
    }
    if (l->ping_due) {
      l->ping_due = false;
      auto [ec] = co_await l->ws.async_ping({}, asio::as_tuple(asio::use_awaitable));
      if (ec) {
        end(*l, "ping failed: " + ec.message());
        co_return;
      }
      continue;
    }
    l->writer_wake.reset();
    co_await l->writer_wake.wait();
  }
}

asio::awaitable<void> socket_mode::keepalive(std::shared_ptr<link> l) {
  while (l->state != link_state::closed) {
    // (The result goes through a variable: g++ 12 miscompiles co_await inside an if condition.)
    const bool ended = co_await l->ended.wait_until(steady::now() + options_.ping_interval);
    if (ended) co_return;
    const auto silent = steady::now() - l->last_heard;
    if (silent > options_.dead_after) {
      spdlog::warn("socket #{}: nothing from Slack for {} ms, not even a pong; dropping it",
                   l->id, std::chrono::duration_cast<std::chrono::milliseconds>(silent).count());
      end(*l, "dead link");
      co_return;
    }
    l->ping_due = true;
    l->writer_wake.set();
  }
}

asio::awaitable<void> socket_mode::close(std::shared_ptr<link> l, const char* why) {
  if (l->state == link_state::closed) co_return;
  l->move_to(link_state::closing, why);
  l->we_closed = true;
  l->close_due = true;
  l->writer_wake.set();
  const bool closed = co_await l->ended.wait_until(steady::now() + options_.close_timeout);
  if (!closed)
    end(*l, "Slack did not finish the close handshake in time; connection dropped");
}

void socket_mode::end(link& l, const std::string& why) {
  if (l.state == link_state::closed) return;
  if (l.state == link_state::serving && !l.we_closed) ++stats_.lost;
  l.move_to(link_state::closed, why);
  beast::error_code ignored;
  beast::get_lowest_layer(l.ws).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  beast::get_lowest_layer(l.ws).socket().close(ignored);
  l.ready.set();
  l.ended.set();
  l.news.set();
  l.writer_wake.set();
  std::erase_if(links_, [&](const auto& p) { return p.get() == &l; });
}

asio::awaitable<void> socket_mode::stop() {
  stopping_.set();
  const auto all = links_;
  for (const auto& l : all) l->news.set();
  if (slots_running_ > 0) co_await slots_done_.wait();
  // Connections being handed over when the stop came.
  const auto left = links_;
  for (const auto& l : left) co_await close(l, "shutting down");
}

}  // namespace networkbot::slack
