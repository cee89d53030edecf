// The HTTP side of the fake: the TLS listener on 127.0.0.1, ALPN (h2 or http/1.1), and HTTP/1.1 keep-alive
// serving. Each accepted connection is handed to HTTP/2 (http2.cpp), to Socket Mode when it asks for a
// WebSocket upgrade (socket_mode.cpp), or served here; every request is answered by handle_http (web_api.cpp).
// Threading: coroutines on the fake's thread only; the mutex is taken only to record a violation.
#include "tests/fake_slack/detail.hpp"

#include <boost/asio/co_spawn.hpp>
#include <openssl/ssl.h>

#include <cstring>

namespace networkbot::testing {

namespace detail {

http::response<http::string_body> make_response(const reply& r, bool keep_alive) {
  http::response<http::string_body> res;
  res.version(11);
  res.result(r.status);
  res.set(http::field::server, "fake-slack");
  res.set(http::field::content_type, r.content_type);
  if (r.retry_after >= 0) res.set(http::field::retry_after, std::to_string(r.retry_after));
  res.body() = r.body;
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

}  // namespace detail

namespace {

// ALPN: h2 when the client offers it and the fake speaks it, else http/1.1.
int select_protocol(SSL*, const unsigned char** out, unsigned char* out_len, const unsigned char* in, unsigned in_len,
                    void* arg) {
  static constexpr unsigned char both[] = {2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
  static constexpr unsigned char h1[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
  const bool http2 = *static_cast<const bool*>(arg);
  unsigned char* chosen = nullptr;
  const int rv = http2 ? SSL_select_next_proto(&chosen, out_len, both, sizeof both, in, in_len)
                       : SSL_select_next_proto(&chosen, out_len, h1, sizeof h1, in, in_len);
  if (rv != OPENSSL_NPN_NEGOTIATED) return SSL_TLSEXT_ERR_NOACK;
  *out = chosen;
  return SSL_TLSEXT_ERR_OK;
}

}  // namespace

void fake_slack::impl::configure_tls() {
  tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                  ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  tls.use_certificate_chain_file(pki.cert_file);
  tls.use_private_key_file(pki.key_file, ssl::context::pem);
  SSL_CTX_set_alpn_select_cb(tls.native_handle(), select_protocol, &opt.http2);
}

asio::awaitable<void> fake_slack::impl::accept_loop() {
  for (;;) {
    auto [ec, socket] = co_await acceptor->async_accept(use_tuple);
    if (stopping || !acceptor->is_open()) co_return;
    if (ec) continue;
    asio::co_spawn(*ioc, serve(std::move(socket)), report_exception);
  }
}

asio::awaitable<void> fake_slack::impl::serve(tcp::socket socket) {
  if (stopping) co_return;
  // As a real server does: an answer written while the previous one is unacknowledged goes out at once
  // (Nagle's algorithm would hold it for the client's delayed ACK: HTTP/2 answers often come in pairs).
  boost::system::error_code nodelay_ec;
  socket.set_option(tcp::no_delay(true), nodelay_ec);
  tls_stream stream(std::move(socket), tls);
  stream_registration registration(http_streams, &beast::get_lowest_layer(stream));

  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
  auto [hec] = co_await stream.async_handshake(ssl::stream_base::server, use_tuple);
  if (hec) co_return;
  const unsigned char* protocol = nullptr;
  unsigned protocol_len = 0;
  SSL_get0_alpn_selected(stream.native_handle(), &protocol, &protocol_len);
  if (protocol_len == 2 && std::memcmp(protocol, "h2", 2) == 0) {
    registration.release();
    beast::get_lowest_layer(stream).expires_never();
    co_await serve_h2(std::move(stream));
    co_return;
  }

  beast::flat_buffer buffer;
  for (;;) {
    beast::get_lowest_layer(stream).expires_never();
    http::request_parser<http::string_body> parser;
    parser.body_limit(max_body_bytes);
    auto [rec, rn] = co_await http::async_read(stream, buffer, parser, use_tuple);
    if (rec) {
      const bool malformed = rec.category() == http::make_error_code(http::error::bad_target).category() &&
                             rec != http::error::end_of_stream && rec != http::error::partial_message;
      if (!malformed || stopping) co_return;
      {
        const std::lock_guard lock(mu);
        violation_locked("malformed HTTP request: " + rec.message());
      }
      changed();
      auto res = make_response(text_reply(400, "bad request"), false);
      beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
      co_await http::async_write(stream, res, use_tuple);
      co_return;
    }
    http::request<http::string_body> req = parser.release();

    if (websocket::is_upgrade(req)) {
      registration.release();
      co_await serve_websocket(std::move(stream), std::move(req));
      co_return;
    }

    const reply r = co_await handle_http(req);
    if (r.withhold) {
      // Kill point: never answer. Keep reading so the connection ends when the (killed) peer goes away.
      for (;;) {
        auto [dec, dn] = co_await stream.async_read_some(buffer.prepare(4096), use_tuple);
        if (dec) co_return;
      }
    }
    auto res = make_response(r, req.keep_alive());
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
    auto [wec, wn] = co_await http::async_write(stream, res, use_tuple);
    if (wec) co_return;
    if (!res.keep_alive()) break;
  }
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
  co_await stream.async_shutdown(use_tuple);
}

}  // namespace networkbot::testing
