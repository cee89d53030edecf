#include "bot/slack/h2_connection.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <optional>

namespace networkbot::slack {

namespace asio = boost::asio;
namespace beast = boost::beast;

// One request waiting for its stream to finish.
struct h2_connection::waiter {
  explicit waiter(asio::any_io_executor ex) : done(std::move(ex)) {}
  async_event done;
  std::optional<h2_codec::finished> result;
};

h2_connection::h2_connection(asio::any_io_executor ex, std::unique_ptr<https_connection> c,
                             std::chrono::milliseconds timeout)
    : ex_(std::move(ex)), conn_(std::move(c)), timeout_(timeout), want_write_(ex_) {}

std::shared_ptr<h2_connection> h2_connection::start(asio::any_io_executor ex, std::unique_ptr<https_connection> c,
                                                    std::chrono::milliseconds timeout) {
  beast::get_lowest_layer(c->stream).expires_never();  // each request keeps its own deadline
  std::shared_ptr<h2_connection> self(new h2_connection(ex, std::move(c), timeout));
  asio::co_spawn(ex, read_loop(self), asio::detached);
  asio::co_spawn(ex, write_loop(self), asio::detached);
  return self;
}

void h2_connection::close() {
  dead_ = true;
  beast::error_code ignored;
  beast::get_lowest_layer(conn_->stream).socket().close(ignored);
  want_write_.set();  // the writer sees `dead_` and ends
}

void h2_connection::close_if_done() {
  if (!dead_ && waiters_.empty() && (retiring_ || codec_.closing())) close();
}

void h2_connection::fail(const std::string& why) {
  if (dead_) return;
  close();
  hand_over(codec_.abandon(why));
}

void h2_connection::hand_over(std::vector<h2_codec::finished> done) {
  for (auto& f : done) {
    const auto it = waiters_.find(f.stream);
    if (it == waiters_.end()) continue;  // its caller gave up (timeout)
    if (f.how == h2_codec::outcome::answered) ++answered_;
    it->second->result = std::move(f);
    it->second->done.set();
    waiters_.erase(it);
  }
}

asio::awaitable<void> h2_connection::read_loop(std::shared_ptr<h2_connection> self) {
  std::string in(16 * 1024, '\0');
  while (!self->dead_) {
    auto [ec, n] = co_await self->conn_->stream.async_read_some(asio::buffer(in), asio::as_tuple(asio::use_awaitable));
    if (self->dead_) co_return;  // closed here (shutdown, a dead connection): nothing to tell anyone
    if (ec) {
      self->fail(ec.message());
      co_return;
    }
    self->bytes_read_ += n;
    try {
      self->codec_.receive(std::string_view(in.data(), n));
    } catch (const h2_error& e) {
      self->fail(e.what());
      co_return;
    }
    self->deliver();
    self->want_write_.set();  // settings and ping acks, window updates, a GOAWAY after a protocol error
    self->close_if_done();
  }
}

asio::awaitable<void> h2_connection::write_loop(std::shared_ptr<h2_connection> self) {
  std::string out;
  while (!self->dead_) {
    out.clear();
    try {
      self->codec_.take_output(out);
    } catch (const h2_error& e) {
      self->fail(e.what());
      co_return;
    }
    self->deliver();  // requests that could not start (GOAWAY) finish here
    if (out.empty()) {
      if (self->codec_.ended()) {  // the session is over (a protocol error, answered with our GOAWAY)
        self->fail("the HTTP/2 session ended");
        co_return;
      }
      self->want_write_.reset();
      co_await self->want_write_.wait();
      continue;
    }
    auto [ec, n] = co_await asio::async_write(self->conn_->stream, asio::buffer(out), asio::as_tuple(asio::use_awaitable));
    (void)n;
    if (self->dead_) co_return;
    if (ec) {
      self->fail(ec.message());
      co_return;
    }
  }
}

asio::awaitable<https_attempt> h2_connection::exchange(const https_request& r, bool resend_if_stale) {
  const std::string authority = r.to.host_header();  // the codec's request only views it
  h2_codec::request request{authority, r.to.target, r.content_type, r.authorization, std::string(r.body)};
  const bool idle_reuse = waiters_.empty() && answered_ > 0;
  const std::uint64_t read_before = bytes_read_;
  std::int32_t stream = 0;
  try {
    stream = codec_.submit(std::move(request));
  } catch (const h2_error&) {
    close_if_done();
    co_return https_attempt{{}, true};  // it stopped taking requests just now: another connection
  }
  waiter w(ex_);
  waiters_[stream] = &w;
  want_write_.set();
  if (!co_await w.done.wait_until(std::chrono::steady_clock::now() + timeout_)) {
    waiters_.erase(stream);
    codec_.cancel(stream);
    want_write_.set();
    // Nothing at all came back since this request went out: the connection is dead, not just slow.
    if (bytes_read_ == read_before) fail("timed out");
    throw boost::system::system_error(asio::error::timed_out);
  }
  h2_codec::finished& f = *w.result;
  if (f.how == h2_codec::outcome::answered) co_return https_attempt{std::move(f.response), false};
  if (f.how == h2_codec::outcome::refused) co_return https_attempt{{}, true};
  // Cut off on a connection that had been idle, before anything came back: the server closed it.
  if (resend_if_stale && dead_ && idle_reuse && bytes_read_ == read_before) co_return https_attempt{};
  throw boost::system::system_error(asio::error::connection_aborted, f.why);
}

}  // namespace networkbot::slack
