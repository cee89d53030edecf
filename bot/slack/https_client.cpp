#include "bot/slack/https_client.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <unordered_map>

#include "bot/slack/async_event.hpp"
#include "bot/slack/h2_codec.hpp"
#include "bot/slack/tls.hpp"

namespace networkbot::slack {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {
// As many as the outbox may have in flight to one host (its concurrency goes up to 32): a pool smaller than
// that closed a connection after every answer and paid a TLS handshake for every new one.
constexpr std::size_t max_idle_per_host = 32;
// Requests the server refused in a row (GOAWAY while they were queued) before the caller hears of it.
constexpr int max_refused = 5;
// ALPN's wire form: each protocol name after its length.
constexpr unsigned char alpn_h2_then_h1[] = {2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
}  // namespace

// A request's parts, as post() was given them.
struct https_client::request_view {
  const url& to;
  std::string_view content_type;
  std::string_view body;
  std::string_view authorization;
};

struct https_client::connection {
  connection(asio::any_io_executor ex, asio::ssl::context& tls) : stream(ex, tls) {}
  beast::ssl_stream<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
  std::string key;
  bool h2 = false;  // the server chose HTTP/2
};

// One request waiting for its stream to finish.
struct https_client::h2_waiter {
  explicit h2_waiter(asio::any_io_executor ex) : done(std::move(ex)) {}
  async_event done;
  std::optional<h2_codec::finished> result;
};

struct https_client::h2_link {
  h2_link(std::string k, std::unique_ptr<connection> c, asio::any_io_executor ex)
      : key(std::move(k)), conn(std::move(c)), want_write(std::move(ex)) {}
  std::string key;
  std::unique_ptr<connection> conn;
  h2_codec codec;
  async_event want_write;
  std::unordered_map<std::int32_t, h2_waiter*> waiters;
  std::uint64_t bytes_read = 0;
  std::uint64_t answered = 0;
  bool dead = false;
  void close() {
    dead = true;
    beast::error_code ignored;
    beast::get_lowest_layer(conn->stream).socket().close(ignored);
    want_write.set();  // the writer sees `dead` and ends
  }
  // Hands the streams that finished to the requests waiting for them.
  void deliver() { hand_over(codec.take_finished()); }
  // The connection is unusable: it closes, and every request still on it finishes now.
  void fail(const std::string& why) {
    if (dead) return;
    close();
    hand_over(codec.abandon(why));
  }

 private:
  void hand_over(std::vector<h2_codec::finished> done) {
    for (auto& f : done) {
      const auto it = waiters.find(f.stream);
      if (it == waiters.end()) continue;  // its caller gave up (timeout)
      if (f.how == h2_codec::outcome::answered) ++answered;
      it->second->result = std::move(f);
      it->second->done.set();
      waiters.erase(it);
    }
  }
};

https_client::https_client(asio::any_io_executor ex, asio::ssl::context& tls, std::chrono::milliseconds timeout)
    : ex_(std::move(ex)), tls_(tls), timeout_(timeout) {}

https_client::~https_client() {
  for (auto& [key, link] : h2_) link->close();
}

void https_client::close_idle() {
  closing_ = true;
  for (auto& [key, pool] : idle_)
    for (auto& c : pool) {
      beast::error_code ignored;
      beast::get_lowest_layer(c->stream).socket().close(ignored);
    }
  idle_.clear();
  for (auto it = h2_.begin(); it != h2_.end();) {
    if (it->second->waiters.empty()) {
      it->second->close();
      it = h2_.erase(it);
    } else {
      ++it;
    }
  }
}

asio::awaitable<std::unique_ptr<https_client::connection>> https_client::connect(const url& to) {
  auto c = std::make_unique<connection>(ex_, tls_);
  c->key = to.host + ":" + to.port;
  asio::ip::tcp::resolver resolver(ex_);
  const auto addresses = co_await resolver.async_resolve(to.host, to.port, asio::use_awaitable);
  auto& tcp = beast::get_lowest_layer(c->stream);
  tcp.expires_after(timeout_);
  co_await tcp.async_connect(addresses, asio::use_awaitable);
  tcp.socket().set_option(asio::ip::tcp::no_delay(true));
  prepare_tls(c->stream.native_handle(), to.host);
  if (SSL_set_alpn_protos(c->stream.native_handle(), alpn_h2_then_h1, sizeof alpn_h2_then_h1) != 0)  // 0 is success
    throw std::runtime_error("cannot offer HTTP protocols to " + to.host);
  co_await c->stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
  const unsigned char* chosen = nullptr;
  unsigned chosen_len = 0;
  SSL_get0_alpn_selected(c->stream.native_handle(), &chosen, &chosen_len);
  c->h2 = chosen_len == 2 && std::memcmp(chosen, "h2", 2) == 0;
  ++(c->h2 ? stats_.connections_h2 : stats_.connections_h1);
  spdlog::debug("HTTPS connection to {}:{} speaks {}", to.host, to.port, c->h2 ? "HTTP/2" : "HTTP/1.1");
  co_return c;
}

std::shared_ptr<https_client::h2_link> https_client::usable_h2(const std::string& key) {
  const auto it = h2_.find(key);
  if (it == h2_.end()) return nullptr;
  if (!it->second->dead && !it->second->codec.closing()) return it->second;
  retire_if_idle(*it->second);
  h2_.erase(it);
  return nullptr;
}

void https_client::start_h2(const std::string& key, std::unique_ptr<connection> c) {
  beast::get_lowest_layer(c->stream).expires_never();  // each request keeps its own deadline
  auto link = std::make_shared<h2_link>(key, std::move(c), ex_);
  if (auto old = h2_.find(key); old != h2_.end()) retire_if_idle(*old->second);
  h2_[key] = link;
  asio::co_spawn(ex_, read_loop(link), asio::detached);
  asio::co_spawn(ex_, write_loop(link), asio::detached);
}

void https_client::retire_if_idle(h2_link& link) {
  // A connection that no longer takes requests closes when its last one is answered.
  const auto current = h2_.find(link.key);
  const bool is_current = current != h2_.end() && current->second.get() == &link;
  if (!link.dead && link.waiters.empty() && (!is_current || closing_ || link.codec.closing())) link.close();
}

asio::awaitable<void> https_client::read_loop(std::shared_ptr<h2_link> link) {
  std::string in(16 * 1024, '\0');
  while (!link->dead) {
    auto [ec, n] = co_await link->conn->stream.async_read_some(asio::buffer(in), asio::as_tuple(asio::use_awaitable));
    if (link->dead) co_return;  // closed here (shutdown, a dead link): nothing to tell anyone
    if (ec) {
      link->fail(ec.message());
      co_return;
    }
    link->bytes_read += n;
    try {
      link->codec.receive(std::string_view(in.data(), n));
    } catch (const h2_error& e) {
      link->fail(e.what());
      co_return;
    }
    link->deliver();
    link->want_write.set();  // settings and ping acks, window updates, a GOAWAY after a protocol error
    retire_if_idle(*link);
  }
}

asio::awaitable<void> https_client::write_loop(std::shared_ptr<h2_link> link) {
  std::string out;
  while (!link->dead) {
    out.clear();
    try {
      link->codec.take_output(out);
    } catch (const h2_error& e) {
      link->fail(e.what());
      co_return;
    }
    link->deliver();  // requests that could not start (GOAWAY) finish here
    if (out.empty()) {
      if (link->codec.ended()) {  // the session is over (a protocol error, answered with our GOAWAY)
        link->fail("the HTTP/2 session ended");
        co_return;
      }
      link->want_write.reset();
      co_await link->want_write.wait();
      continue;
    }
    auto [ec, n] = co_await asio::async_write(link->conn->stream, asio::buffer(out), asio::as_tuple(asio::use_awaitable));
    (void)n;
    if (link->dead) co_return;
    if (ec) {
      link->fail(ec.message());
      co_return;
    }
  }
}

namespace {

// The URL parts were checked by the URL parser (no spaces or line breaks in them); a header value with a
// line break (an odd token in the environment) is refused rather than sent, over either protocol.
void check_header_values(std::string_view content_type, std::string_view authorization) {
  const auto one_line = [](std::string_view value) { return value.find_first_of("\r\n") == std::string_view::npos; };
  if (!one_line(content_type) || !one_line(authorization))
    throw std::invalid_argument("an HTTP header value has a line break in it");
}

// The HTTP/1.1 request as it goes on the wire, head and body in one piece, written with one call: Beast's
// serializer (buffer sequences, then a copy into one buffer before encryption) cost more than the
// encryption did.
std::string request_text(const url& to, std::string_view content_type, std::string_view body,
                         std::string_view authorization) {
  const std::string host = to.host_header();
  const std::string length = std::to_string(body.size());
  std::string wire;
  wire.reserve(128 + to.target.size() + host.size() + content_type.size() + authorization.size() + body.size());
  wire.append("POST ").append(to.target).append(" HTTP/1.1\r\nHost: ").append(host);
  wire.append("\r\nUser-Agent: networkbot\r\nContent-Type: ").append(content_type);
  if (!authorization.empty()) wire.append("\r\nAuthorization: ").append(authorization);
  wire.append("\r\nContent-Length: ").append(length).append("\r\n\r\n").append(body);
  return wire;
}

}  // namespace

asio::awaitable<http_response> https_client::post(const url& to, std::string_view content_type, std::string body,
                                                  std::string_view authorization) {
  check_header_values(content_type, authorization);
  const request_view r{to, content_type, body, authorization};
  const std::string key = to.host + ":" + to.port;
  bool stale_resent = false;  // a request is sent again once after an idle connection turned out closed
  int refused = 0;
  for (;;) {
    try_result tried;
    if (const auto link = usable_h2(key)) {
      tried = co_await exchange_h2(*link, r, !stale_resent);
    } else if (auto c = take_idle(key)) {
      tried = co_await exchange_h1(std::move(c), r, !stale_resent);
    } else if (const auto pending = connecting_.find(key); pending != connecting_.end()) {
      const std::shared_ptr<async_event> opened = pending->second;
      (void)co_await opened->wait_until(std::chrono::steady_clock::now() + timeout_);
      continue;
    } else {
      auto fresh = co_await open(to, key);
      if (!fresh) continue;  // it speaks HTTP/2: the next turn finds its connection
      tried = co_await exchange_h1(std::move(fresh), r, false);
    }
    if (tried.answer) co_return std::move(*tried.answer);
    if (!tried.refused) {
      stale_resent = true;
    } else if (++refused > max_refused) {
      throw boost::system::system_error(asio::error::connection_refused, "the server kept refusing the request");
    } else {
      ++stats_.refused;
    }
  }
}

std::unique_ptr<https_client::connection> https_client::take_idle(const std::string& key) {
  const auto it = idle_.find(key);
  if (it == idle_.end() || it->second.empty()) return nullptr;
  auto c = std::move(it->second.back());
  it->second.pop_back();
  return c;
}

asio::awaitable<std::unique_ptr<https_client::connection>> https_client::open(const url& to, const std::string& key) {
  auto opened = std::make_shared<async_event>(ex_);
  if (!h1_hosts_.contains(key)) connecting_[key] = opened;
  std::exception_ptr failed;
  std::unique_ptr<connection> c;
  try {
    c = co_await connect(to);
  } catch (...) {
    failed = std::current_exception();
  }
  if (const auto mine = connecting_.find(key); mine != connecting_.end() && mine->second == opened) connecting_.erase(mine);
  opened->set();
  if (failed) std::rethrow_exception(failed);
  if (!c->h2) {
    h1_hosts_.insert(key);  // requests to it open their own connections, without waiting for one another
    co_return c;
  }
  h1_hosts_.erase(key);
  start_h2(key, std::move(c));
  co_return nullptr;
}

asio::awaitable<https_client::try_result> https_client::exchange_h2(h2_link& link, const request_view& r,
                                                                   bool resend_if_stale) {
  const std::string authority = r.to.host_header();  // the codec's request only views it
  h2_codec::request request{authority, r.to.target, r.content_type, r.authorization, std::string(r.body)};
  const bool idle_reuse = link.waiters.empty() && link.answered > 0;
  const std::uint64_t read_before = link.bytes_read;
  std::int32_t stream = 0;
  try {
    stream = link.codec.submit(std::move(request));
  } catch (const h2_error&) {
    retire_if_idle(link);
    co_return try_result{{}, true};  // it stopped taking requests just now: another connection
  }
  h2_waiter waiter(ex_);
  link.waiters[stream] = &waiter;
  link.want_write.set();
  if (!co_await waiter.done.wait_until(std::chrono::steady_clock::now() + timeout_)) {
    link.waiters.erase(stream);
    link.codec.cancel(stream);
    link.want_write.set();
    // Nothing at all came back since this request went out: the connection is dead, not just slow.
    if (link.bytes_read == read_before) link.fail("timed out");
    throw boost::system::system_error(asio::error::timed_out);
  }
  h2_codec::finished& f = *waiter.result;
  if (f.how == h2_codec::outcome::answered) co_return try_result{std::move(f.response), false};
  if (f.how == h2_codec::outcome::refused) co_return try_result{{}, true};
  // Cut off on a connection that had been idle, before anything came back: the server closed it.
  if (resend_if_stale && link.dead && idle_reuse && link.bytes_read == read_before) co_return try_result{};
  throw boost::system::system_error(asio::error::connection_aborted, f.why);
}

asio::awaitable<https_client::try_result> https_client::exchange_h1(std::unique_ptr<connection> c,
                                                                   const request_view& r, bool resend_if_stale) {
  const std::string wire = request_text(r.to, r.content_type, r.body, r.authorization);
  auto& tcp = beast::get_lowest_layer(c->stream);
  tcp.expires_after(timeout_);
  http::response_parser<http::string_body> parser;
  parser.body_limit(16 * 1024 * 1024);
  auto [write_ec, written] = co_await asio::async_write(c->stream, asio::buffer(wire), asio::as_tuple(asio::use_awaitable));
  (void)written;
  beast::error_code read_ec = write_ec;
  if (!write_ec) {
    auto [ec, n] = co_await http::async_read(c->stream, c->buffer, parser, asio::as_tuple(asio::use_awaitable));
    (void)n;
    read_ec = ec;
  }
  if (read_ec) {
    // An idle connection the server had closed: nothing was answered, so sending again is safe.
    if (resend_if_stale && !parser.is_header_done()) co_return try_result{};
    throw boost::system::system_error(read_ec);
  }
  auto res = parser.release();
  http_response out;
  out.status = res.result_int();
  out.body = std::move(res.body());
  if (auto it = res.find(http::field::retry_after); it != res.end()) out.retry_after = std::string(it->value());
  if (res.keep_alive() && !closing_) {
    tcp.expires_never();
    auto& pool = idle_[c->key];
    if (pool.size() < max_idle_per_host) pool.push_back(std::move(c));
  }
  co_return try_result{std::move(out), false};
}

}  // namespace networkbot::slack
