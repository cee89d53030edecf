#include "bot/slack/https_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <stdexcept>

#include "bot/slack/tls.hpp"

namespace networkbot::slack {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {
// As many as the outbox may have in flight to one host (its concurrency goes up to 32): a pool smaller than
// that closed a connection after every answer and paid a TLS handshake for every new one.
constexpr std::size_t max_idle_per_host = 32;
}  // namespace

struct https_client::connection {
  connection(asio::any_io_executor ex, asio::ssl::context& tls) : stream(ex, tls) {}
  beast::ssl_stream<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
  std::string key;
};

https_client::https_client(asio::any_io_executor ex, asio::ssl::context& tls, std::chrono::milliseconds timeout)
    : ex_(std::move(ex)), tls_(tls), timeout_(timeout) {}

https_client::~https_client() = default;

void https_client::close_idle() {
  for (auto& [key, pool] : idle_)
    for (auto& c : pool) {
      beast::error_code ignored;
      beast::get_lowest_layer(c->stream).socket().close(ignored);
    }
  idle_.clear();
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
  co_await c->stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
  co_return c;
}

namespace {

// The request as it goes on the wire, head and body in one piece, written with one call: Beast's
// serializer (buffer sequences, then a copy into one buffer before encryption) cost more than the
// encryption did. The URL parts were checked by the URL parser (no spaces or line breaks in them); a
// header value with a line break (an odd token in the environment) is refused rather than sent.
std::string request_text(const url& to, std::string_view content_type, std::string_view body,
                         std::string_view authorization) {
  const auto one_line = [](std::string_view value) { return value.find_first_of("\r\n") == std::string_view::npos; };
  if (!one_line(content_type) || !one_line(authorization))
    throw std::invalid_argument("an HTTP header value has a line break in it");
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
  const std::string wire = request_text(to, content_type, body, authorization);
  const std::string key = to.host + ":" + to.port;
  for (int attempt = 0;; ++attempt) {
    std::unique_ptr<connection> c;
    bool reused = false;
    if (auto it = idle_.find(key); it != idle_.end() && !it->second.empty()) {
      c = std::move(it->second.back());
      it->second.pop_back();
      reused = true;
    } else {
      c = co_await connect(to);
    }
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
      const bool stale = reused && attempt == 0 && !parser.is_header_done();
      if (stale) continue;
      throw boost::system::system_error(read_ec);
    }
    auto res = parser.release();
    http_response out;
    out.status = res.result_int();
    out.body = std::move(res.body());
    if (auto it = res.find(http::field::retry_after); it != res.end()) out.retry_after = std::string(it->value());
    if (res.keep_alive()) {
      tcp.expires_never();
      auto& pool = idle_[key];
      if (pool.size() < max_idle_per_host) pool.push_back(std::move(c));
    }
    co_return out;
  }
}

}  // namespace networkbot::slack
