// The Socket Mode side: one WebSocket connection from upgrade to close. It checks the ticket, sends hello (or
// too_many_websockets past max_connections), writes queued frames with a single writer per socket, and
// checks every ack the app sends (known envelope, once, on the right connection, payload only if allowed).
// Threading: the coroutines and a connection's ws_session live on the fake's thread; enqueue_locked runs
// on any thread with the mutex held and posts the flush; the public snapshots take the mutex.
#include "tests/fake_slack/detail.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>

namespace networkbot::testing {

asio::awaitable<void> fake_slack::impl::serve_websocket(tls_stream stream, http::request<http::string_body> req) {
  const std::string target = to_std(req.target());
  const std::size_t q = target.find('?');
  const std::string path = target.substr(0, q);
  std::string ticket;
  for (auto& [k, v] : parse_form(q == std::string::npos ? std::string_view{} : std::string_view(target).substr(q + 1))) {
    if (k == "ticket") ticket = v;
  }

  unsigned refuse = 0;
  {
    const std::lock_guard lock(mu);
    if (path != "/link/" && path != "/link") {
      refuse = 404;
      violation_locked("WebSocket upgrade to unknown path " + path);
    } else if (const auto it = tickets.find(ticket); it == tickets.end()) {
      refuse = 401;
      violation_locked("WebSocket upgrade with a ticket apps.connections.open never issued: '" + ticket + "'");
    } else if (it->second) {
      refuse = 401;
      violation_locked("WebSocket URL dialled twice (ticket " + ticket + "): call apps.connections.open for every connection");
    } else {
      it->second = true;
      if (reject_ws) refuse = 503;
    }
    if (refuse != 0) ++refused;
  }
  if (refuse != 0) {
    changed();
    auto res = make_response(text_reply(refuse, refuse == 503 ? "service unavailable" : "invalid ticket"), false);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
    co_await http::async_write(stream, res, use_tuple);
    co_return;  // the socket closes with the stream; no close_notify wait to outlive shutdown
  }

  auto s = std::make_shared<ws_session>(std::move(stream), -1);
  beast::get_lowest_layer(s->ws).expires_never();
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = std::chrono::seconds(10);  // also bounds the close handshake
  timeouts.idle_timeout = websocket::stream_base::none();
  timeouts.keep_alive_pings = false;
  s->ws.set_option(timeouts);
  s->ws.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(http::field::server, "fake-slack"); }));
  s->ws.read_message_max(max_body_bytes);
  auto [aec] = co_await s->ws.async_accept(req, use_tuple);
  if (aec || stopping) co_return;

  {
    const std::lock_guard lock(mu);
    const auto index = static_cast<int>(conns.size());
    s->index = index;
    conns.emplace_back();
    conns.back().session = s;
    const auto live = std::count_if(conns.begin(), conns.end(), [](const connection& c) { return !c.closed && !c.closing; });
    if (live > opt.max_connections) {
      conns.back().closing = true;
      json frame = {{"type", "disconnect"},
                    {"reason", "too_many_websockets"},
                    {"num_connections", live},
                    {"debug_info", {{"host", "fake"}}},
                    {"connection_info", {{"app_id", opt.app_id}}}};
      enqueue_locked(index, out_item{out_kind::text, frame.dump(), 0});
      enqueue_locked(index, out_item{out_kind::close, {}, 0});
    } else {
      json hello = {{"type", "hello"},
                    {"num_connections", live},
                    {"debug_info", {{"host", "fake-applink-" + std::to_string(index)},
                                    {"build_number", 1},
                                    {"approximate_connection_time", 18060}}},
                    {"connection_info", {{"app_id", opt.app_id}}}};
      enqueue_locked(index, out_item{out_kind::text, hello.dump(), 0});
      conns.back().ready = true;
    }
  }
  changed();
  co_await read_loop(s);
}

asio::awaitable<void> fake_slack::impl::read_loop(std::shared_ptr<ws_session> s) {
  beast::flat_buffer buffer;
  for (;;) {
    auto [ec, n] = co_await s->ws.async_read(buffer, use_tuple);
    if (s->stalled) co_return;  // the session stays in its connection record: TCP stays open
    if (ec) {
      on_closed(s);
      co_return;
    }
    const std::string_view data(static_cast<const char*>(buffer.cdata().data()), buffer.size());
    handle_frame(s->index, s->ws.got_text(), data);
    buffer.consume(buffer.size());
  }
}

void fake_slack::impl::kick_writer(const std::shared_ptr<ws_session>& s) {
  if (s->writing) return;
  s->writing = true;
  asio::co_spawn(*ioc, write_loop(s), report_exception);
}

bool fake_slack::impl::refill(ws_session& s) {
  const std::lock_guard lock(mu);
  connection& c = conns[static_cast<std::size_t>(s.index)];
  if (c.outbox.empty() || s.stalled || s.finished) {
    c.io_pending = false;  // from here on, the next enqueue posts a flush
    return false;
  }
  for (auto& item : c.outbox) s.queue.push_back(std::move(item));
  c.outbox.clear();  // keeps its capacity for the next burst
  return true;
}

// Writes queued frames one at a time (Beast allows one outstanding write). While it runs it takes new
// frames straight from the connection's outbox, so a burst of envelopes costs one wake-up of this thread.
asio::awaitable<void> fake_slack::impl::write_loop(std::shared_ptr<ws_session> s) {
  while (!s->stalled && !s->finished && (!s->queue.empty() || refill(*s))) {
    out_item item = std::move(s->queue.front());
    s->queue.pop_front();
    if (item.kind == out_kind::text) {
      s->ws.text(true);
      auto [ec, n] = co_await s->ws.async_write(asio::buffer(item.data), use_tuple);
      if (ec) break;
      if (item.envelope != 0) {
        // sent_at is when the envelope left the fake, so ack latency excludes the fake's own backlog.
        const auto written = clock_type::now();
        const std::lock_guard lock(mu);
        envelopes[item.envelope - 1].sent_at = written;
      }
    } else {
      s->finished = true;
      co_await s->ws.async_close(websocket::close_code::normal, use_tuple);
      break;
    }
  }
  s->writing = false;
  // Whatever ended the loop, the next enqueue must post a flush again (an extra flush is harmless).
  const std::lock_guard lock(mu);
  conns[static_cast<std::size_t>(s->index)].io_pending = false;
}

void fake_slack::impl::flush(std::size_t index) {
  std::shared_ptr<ws_session> s;
  {
    const std::lock_guard lock(mu);
    connection& c = conns[index];
    s = c.session;
    if (!s || s->stalled || s->finished) {
      c.io_pending = false;
      c.outbox.clear();
      return;
    }
  }
  kick_writer(s);  // the writer takes the outbox (or is already running and will)
}

void fake_slack::impl::enqueue_locked(int index, out_item item) {
  connection& c = conns[static_cast<std::size_t>(index)];
  c.outbox.push_back(std::move(item));
  if (!c.io_pending) {
    c.io_pending = true;
    asio::post(*ioc, [this, i = static_cast<std::size_t>(index)] { flush(i); });
  }
}

void fake_slack::impl::on_closed(const std::shared_ptr<ws_session>& s) {
  s->finished = true;
  s->queue.clear();
  s->grace.cancel();
  beast::get_lowest_layer(s->ws).close();
  {
    const std::lock_guard lock(mu);
    connection& c = conns[static_cast<std::size_t>(s->index)];
    c.closed = true;
    c.ready = false;
    c.outbox.clear();
    c.session.reset();
  }
  changed();
}

void fake_slack::impl::handle_frame(int index, bool is_text, std::string_view data) {
  const auto now = clock_type::now();
  const std::string where = "connection " + std::to_string(index) + ": ";
  {
    const std::lock_guard lock(mu);
    if (!is_text) {
      violation_locked(where + "binary frame from the app (Socket Mode frames are JSON text)");
    } else if (json j = json::parse(data, nullptr, false); j.is_discarded() || !j.is_object()) {
      violation_locked(where + "frame is not a JSON object: " + std::string(data.substr(0, 200)));
    } else if (const auto id = j.find("envelope_id"); id == j.end() || !id->is_string()) {
      violation_locked(where + "frame without a string envelope_id: " + std::string(data.substr(0, 200)));
    } else {
      const std::string envelope_id = id->get<std::string>();
      const auto found = envelope_index.find(envelope_id);
      pending_envelope* p = found == envelope_index.end() ? nullptr : &envelopes[found->second];
      if (p == nullptr) {
        violation_locked(where + "ack for unknown envelope_id " + envelope_id);
      } else if (p->acked) {
        violation_locked(where + "second ack for envelope_id " + envelope_id);
      } else {
        p->acked = true;
        ack_record rec{envelope_id, "", index, p->sent_at, now};
        if (const auto payload = j.find("payload"); payload != j.end()) {
          rec.payload = payload->dump();
          if (!p->accepts_payload) {
            violation_locked(where + "ack with a payload for envelope " + envelope_id +
                             " whose accepts_response_payload is false");
          }
          if (!payload->is_object()) violation_locked(where + "ack payload is not an object: " + rec.payload);
        }
        if (p->connection != index) {
          violation_locked(where + "ack for envelope " + envelope_id + " sent on connection " +
                           std::to_string(p->connection));
        }
        acks.push_back(std::move(rec));
      }
    }
  }
  changed();
}

// Public members (any thread).

std::vector<ack_record> fake_slack::acks() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->acks;
}

std::size_t fake_slack::ack_count() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->acks.size();
}

std::size_t fake_slack::open_connections() const {
  const std::lock_guard lock(impl_->mu);
  return static_cast<std::size_t>(std::count_if(impl_->conns.begin(), impl_->conns.end(), [](const connection& c) {
    return c.ready && !c.closed && !c.closing && !c.stalled;
  }));
}

std::size_t fake_slack::connections_opened() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->conns.size();
}

std::size_t fake_slack::refused_upgrades() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->refused;
}

}  // namespace networkbot::testing
