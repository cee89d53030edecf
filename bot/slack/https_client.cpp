#include "bot/slack/https_client.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstring>
#include <stdexcept>

#include "bot/slack/async_event.hpp"
#include "bot/slack/h1_pool.hpp"
#include "bot/slack/h2_connection.hpp"
#include "bot/slack/https_connection.hpp"
#include "bot/slack/tls.hpp"

namespace networkbot::slack {

namespace asio = boost::asio;
namespace beast = boost::beast;

namespace {
// Requests the server refused in a row (GOAWAY while they were queued) before the caller hears of it.
constexpr int max_refused = 5;
// ALPN's wire form: each protocol name after its length.
constexpr unsigned char alpn_h2_then_h1[] = {2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1'};

// The URL parts were checked by the URL parser (no spaces or line breaks in them); a header value with a
// line break (an odd token in the environment) is refused rather than sent, over either protocol.
void check_header_values(std::string_view content_type, std::string_view authorization) {
  const auto one_line = [](std::string_view value) { return value.find_first_of("\r\n") == std::string_view::npos; };
  if (!one_line(content_type) || !one_line(authorization))
    throw std::invalid_argument("an HTTP header value has a line break in it");
}
}  // namespace

https_client::https_client(asio::any_io_executor ex, asio::ssl::context& tls, std::chrono::milliseconds timeout)
    : ex_(std::move(ex)), tls_(tls), timeout_(timeout), h1_(std::make_unique<h1_pool>(timeout)) {}

https_client::~https_client() {
  for (auto& [key, link] : h2_) link->close();
}

void https_client::close_idle() {
  closing_ = true;
  h1_->close_idle();
  for (auto it = h2_.begin(); it != h2_.end();) {
    it->second->retire();
    if (it->second->idle()) {
      it->second->close();
      it = h2_.erase(it);
    } else {
      ++it;
    }
  }
}

asio::awaitable<std::unique_ptr<https_connection>> https_client::connect(const url& to) {
  auto c = std::make_unique<https_connection>(ex_, tls_);
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

std::shared_ptr<h2_connection> https_client::usable_h2(const std::string& key) {
  const auto it = h2_.find(key);
  if (it == h2_.end()) return nullptr;
  if (it->second->takes_requests()) return it->second;
  it->second->retire();
  it->second->close_if_done();
  h2_.erase(it);
  return nullptr;
}

void https_client::start_h2(std::unique_ptr<https_connection> c) {
  const std::string key = c->key;
  auto link = h2_connection::start(ex_, std::move(c), timeout_);
  if (closing_) link->retire();
  if (auto old = h2_.find(key); old != h2_.end()) {
    // It no longer takes new requests: it closes when its last one is answered.
    old->second->retire();
    old->second->close_if_done();
  }
  h2_[key] = std::move(link);
}

asio::awaitable<http_response> https_client::post(const url& to, std::string_view content_type, std::string body,
                                                  std::string_view authorization) {
  check_header_values(content_type, authorization);
  const https_request r{to, content_type, body, authorization};
  const std::string key = to.host + ":" + to.port;
  bool stale_resent = false;  // a request is sent again once after an idle connection turned out closed
  int refused = 0;
  for (;;) {
    https_attempt tried;
    if (const auto link = usable_h2(key)) {
      tried = co_await link->exchange(r, !stale_resent);
    } else if (auto c = h1_->take_idle(key)) {
      tried = co_await h1_->exchange(std::move(c), r, !stale_resent);
    } else if (const auto pending = connecting_.find(key); pending != connecting_.end()) {
      const std::shared_ptr<async_event> opened = pending->second;
      (void)co_await opened->wait_until(std::chrono::steady_clock::now() + timeout_);
      continue;
    } else {
      auto fresh = co_await open(to, key);
      if (!fresh) continue;  // it speaks HTTP/2: the next turn finds its connection
      tried = co_await h1_->exchange(std::move(fresh), r, false);
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

asio::awaitable<std::unique_ptr<https_connection>> https_client::open(const url& to, const std::string& key) {
  auto opened = std::make_shared<async_event>(ex_);
  if (!h1_hosts_.contains(key)) connecting_[key] = opened;
  std::exception_ptr failed;
  std::unique_ptr<https_connection> c;
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
  start_h2(std::move(c));
  co_return nullptr;
}

}  // namespace networkbot::slack
