// Fault injection: what a test scripts to go wrong. HTTP: 429s and 500s drawn from a seeded sequence, delays,
// Slack's per-method rate limits (token buckets), scripted ok:false errors, kill points. Socket Mode:
// disconnect reasons with the refresh grace, abrupt closes, stalls. The simple switches and caps (expired
// response_urls; refused upgrades and max_connections; the HTTP/2 request cap) are read where they bite,
// in web_api.cpp, socket_mode.cpp and http2.cpp.
// Threading: the public members run on any thread and take the mutex; what they do to a socket is posted
// to the fake's thread. The *_locked functions run with the mutex held; start_grace on the fake's thread.
#include "tests/fake_slack/detail.hpp"

#include <boost/asio/post.hpp>

#include <signal.h>
#include <sys/types.h>

#include <algorithm>
#include <cmath>

namespace networkbot::testing {

injected_fault fake_slack::impl::injected_fault_locked(const std::string& method) {
  injected_fault f;
  const bool affected = method == "response_url" ||
                        (!method.empty() && (method != "apps.connections.open" || faults.include_connections_open));
  if (affected) {
    f.delay = faults.delay;
    if (faults.rate_limit_percent > 0 || faults.server_error_percent > 0) {
      const auto draw = static_cast<int>(fault_rng.next() % 100U);
      if (draw < faults.rate_limit_percent) {
        f.status = 429;
        f.retry_after = faults.retry_after_seconds;
      } else if (draw < faults.rate_limit_percent + faults.server_error_percent) {
        f.status = 500;
      }
    }
  }
  if (f.status == 0 && !method.empty()) {
    if (const auto wait = over_limit_locked(method)) {
      f.status = 429;
      f.retry_after = *wait;
      ++over_limit_calls;
    }
  }
  return f;
}

std::optional<int> fake_slack::impl::over_limit_locked(const std::string& method) {
  const auto it = limits.find(method);
  if (it == limits.end()) return std::nullopt;
  auto& l = it->second;
  const auto now = std::chrono::steady_clock::now();
  l.tokens = std::min(l.burst, l.tokens + std::chrono::duration<double>(now - l.updated).count() * l.per_second);
  l.updated = now;
  if (l.tokens >= 1.0) {
    l.tokens -= 1.0;
    return std::nullopt;
  }
  return std::max(1, static_cast<int>(std::ceil((1.0 - l.tokens) / l.per_second)));
}

std::optional<std::string> fake_slack::impl::scripted_error_locked(const std::string& method) {
  const auto f = failing.find(method);
  if (f == failing.end() || f->second.second <= 0) return std::nullopt;
  --f->second.second;
  return f->second.first;
}

reply detail::fault_reply(const injected_fault& f) {
  if (f.status == 429) {
    reply out = json_reply(api_error("ratelimited"));
    out.status = 429;
    out.retry_after = f.retry_after;
    return out;
  }
  return text_reply(500, "fake slack: internal server error");
}

void fake_slack::impl::count_for_kill_locked(const std::string& method, reply& out) {
  for (auto& k : kills) {
    if (k.fired || k.method != method) continue;
    if (++k.seen == k.n) {
      k.fired = true;
      out.withhold = true;
      out.kill_pid = k.pid;
      out.kill_signal = k.signal;
    }
  }
}

void detail::send_kill_signal(const reply& r) {
  if (r.withhold && r.kill_pid > 0) ::kill(static_cast<pid_t>(r.kill_pid), r.kill_signal);
}

void fake_slack::impl::start_grace(int index) {
  std::shared_ptr<ws_session> s;
  {
    const std::lock_guard lock(mu);
    s = conns[static_cast<std::size_t>(index)].session;
  }
  if (!s || s->finished) return;
  s->grace.expires_after(opt.refresh_grace);
  s->grace.async_wait([this, index, s](boost::system::error_code ec) {
    if (ec || s->finished) return;
    {
      const std::lock_guard lock(mu);
      connection& c = conns[static_cast<std::size_t>(index)];
      if (c.closed || c.closing || c.stalled) return;
      c.closing = true;
      enqueue_locked(index, out_item{out_kind::close, {}, 0});
    }
    changed();
  });
}

// Public members (any thread).

void fake_slack::set_http_faults(http_faults f) {
  const std::lock_guard lock(impl_->mu);
  impl_->faults = f;
  impl_->fault_rng = splitmix64{f.seed};
}

void fake_slack::set_method_limit(const std::string& method, double per_minute, double burst) {
  const std::lock_guard lock(impl_->mu);
  impl_->limits[method] = impl::method_limit{per_minute / 60.0, burst, burst, std::chrono::steady_clock::now()};
}

std::size_t fake_slack::over_limit() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->over_limit_calls;
}

void fake_slack::fail_method(const std::string& method, const std::string& error, int times) {
  const std::lock_guard lock(impl_->mu);
  impl_->failing[method] = {error, times};
}

void fake_slack::expire_response_urls(bool on) {
  const std::lock_guard lock(impl_->mu);
  impl_->expire_urls = on;
}

void fake_slack::kill_after(const std::string& method, int n, int pid, int signal) {
  const std::lock_guard lock(impl_->mu);
  impl_->kills.push_back(kill_rule{method, n, pid, signal, 0, false});
}

void fake_slack::reject_connections(bool on) {
  const std::lock_guard lock(impl_->mu);
  impl_->reject_ws = on;
}

void fake_slack::set_http2_max_requests(int n) {
  const std::lock_guard lock(impl_->mu);
  impl_->h2_max_requests = n;
}

void fake_slack::disconnect(int connection, const std::string& reason) {
  bool grace = false;
  {
    const std::lock_guard lock(impl_->mu);
    if (connection < 0 || static_cast<std::size_t>(connection) >= impl_->conns.size()) return;
    auto& c = impl_->conns[static_cast<std::size_t>(connection)];
    if (c.closed || c.closing || c.stalled || !c.session) return;
    const json frame = {{"type", "disconnect"}, {"reason", reason}, {"debug_info", {{"host", "fake"}}}};
    impl_->enqueue_locked(connection, out_item{out_kind::text, frame.dump(), 0});
    if (reason == "warning" || reason == "refresh_requested") {
      grace = true;  // still routed to (as on Slack) until it closes or the grace ends
    } else {
      c.closing = true;
      impl_->enqueue_locked(connection, out_item{out_kind::close, {}, 0});
    }
  }
  if (grace) asio::post(*impl_->ioc, [s = impl_.get(), connection] { s->start_grace(connection); });
  impl_->changed();
}

void fake_slack::close_abruptly(int connection) {
  std::shared_ptr<ws_session> session;
  {
    const std::lock_guard lock(impl_->mu);
    if (connection < 0 || static_cast<std::size_t>(connection) >= impl_->conns.size()) return;
    auto& c = impl_->conns[static_cast<std::size_t>(connection)];
    if (c.closed || !c.session) return;
    c.closing = true;
    session = c.session;
  }
  asio::post(*impl_->ioc, [s = impl_.get(), session] {
    // Lowest-layer close: no close frame, no TLS close_notify. The reader sees the error and records the close.
    session->finished = true;
    session->queue.clear();
    boost::system::error_code ec;
    beast::get_lowest_layer(session->ws).socket().close(ec);
    if (session->stalled) s->on_closed(session);
  });
  impl_->changed();
}

void fake_slack::stall(int connection) {
  std::shared_ptr<ws_session> session;
  {
    const std::lock_guard lock(impl_->mu);
    if (connection < 0 || static_cast<std::size_t>(connection) >= impl_->conns.size()) return;
    auto& c = impl_->conns[static_cast<std::size_t>(connection)];
    if (c.closed || c.stalled || !c.session) return;
    c.stalled = true;
    c.outbox.clear();
    session = c.session;
  }
  asio::post(*impl_->ioc, [session] {
    // Cancel the pending read (and any write): nothing reads from this socket again, so pings go unanswered.
    session->stalled = true;
    session->queue.clear();
    session->grace.cancel();
    boost::system::error_code ec;
    beast::get_lowest_layer(session->ws).socket().cancel(ec);
  });
  impl_->changed();
}

}  // namespace networkbot::testing
