#include "bot/slack/h1_pool.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http.hpp>

namespace networkbot::slack {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {
// As many as the outbox may have in flight to one host (its concurrency goes up to 32), so that at full
// concurrency every connection goes back to the pool and no request waits for a new TLS handshake.
constexpr std::size_t max_idle_per_host = 32;
}  // namespace

// The HTTP/1.1 request as it goes on the wire, head and body in one piece, written with one call. Beast's
// serializer is not used: it builds buffer sequences and then copies them into one buffer before
// encryption, which costs more than the encryption itself.
std::string h1_request_text(const https_request& r) {
  const std::string host = r.to.host_header();
  const std::string length = std::to_string(r.body.size());
  std::string wire;
  wire.reserve(128 + r.to.target.size() + host.size() + r.content_type.size() + r.authorization.size() + r.body.size());
  wire.append("POST ").append(r.to.target).append(" HTTP/1.1\r\nHost: ").append(host);
  wire.append("\r\nUser-Agent: networkbot\r\nContent-Type: ").append(r.content_type);
  if (!r.authorization.empty()) wire.append("\r\nAuthorization: ").append(r.authorization);
  wire.append("\r\nContent-Length: ").append(length).append("\r\n\r\n").append(r.body);
  return wire;
}

std::unique_ptr<https_connection> h1_pool::take_idle(const std::string& key) {
  const auto it = idle_.find(key);
  if (it == idle_.end() || it->second.empty()) return nullptr;
  auto c = std::move(it->second.back());
  it->second.pop_back();
  return c;
}

void h1_pool::close_idle() {
  closing_ = true;
  for (auto& [key, pool] : idle_)
    for (auto& c : pool) {
      beast::error_code ignored;
      beast::get_lowest_layer(c->stream).socket().close(ignored);
    }
  idle_.clear();
}

asio::awaitable<https_attempt> h1_pool::exchange(std::unique_ptr<https_connection> c, const https_request& r,
                                                 bool resend_if_stale) {
  const std::string wire = h1_request_text(r);
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
    if (resend_if_stale && !parser.is_header_done()) co_return https_attempt{};
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
  co_return https_attempt{std::move(out), false};
}

}  // namespace networkbot::slack
