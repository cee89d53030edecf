#include "tests/fake_slack/fake_slack.hpp"

#include "tests/fake_slack/detail.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <nghttp2/nghttp2.h>
#include <openssl/ssl.h>

#include <signal.h>
#include <stdlib.h>
#include <sys/types.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <set>

namespace networkbot::testing {
namespace detail {

// Argument access that never throws, whatever the bot sent.
std::optional<std::string> arg_string(const json& args, const char* key) {
  const auto it = args.find(key);
  if (it == args.end()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number() || it->is_boolean()) return it->dump();
  return std::nullopt;
}

json api_error(const std::string& code) { return json{{"ok", false}, {"error", code}}; }

void report_exception(const std::exception_ptr& e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "fake_slack: internal error: %s\n", ex.what());
  } catch (...) {
    std::fprintf(stderr, "fake_slack: internal error (unknown exception)\n");
  }
}

// An HTTP/2 request as nghttp2 hands it over, header by header and chunk by chunk.
struct h2_request {
  std::string method, path, authorization, content_type, body;
  bool too_big = false;
};

// One HTTP/2 connection's state, shared by its reader, its writer and the coroutines answering its streams.
struct h2_connection {
  h2_connection(tls_stream s, const asio::any_io_executor& ex) : stream(std::move(s)), wake(ex) {}
  ~h2_connection() { nghttp2_session_del(session); }
  h2_connection(const h2_connection&) = delete;
  h2_connection& operator=(const h2_connection&) = delete;

  void kick() {
    want_write = true;
    wake.cancel();
  }

  tls_stream stream;
  nghttp2_session* session = nullptr;
  std::unordered_map<std::int32_t, h2_request> requests;  // streams whose request is still arriving
  struct answer {
    std::string body;
    std::size_t sent = 0;
  };
  std::unordered_map<std::int32_t, answer> answers;  // response bodies being sent
  std::vector<std::int32_t> complete;  // requests whose last frame arrived, to answer
  std::size_t answering = 0;           // requests handed to handle_http and not answered yet
  int taken = 0;                       // requests taken on this connection
  std::int32_t refuse_above = 0;       // after a GOAWAY: the last stream id taken; higher ones are refused
  asio::steady_timer wake;
  bool want_write = false;
  bool dead = false;
  // GOAWAY sent, everything taken answered, nothing below the GOAWAY's stream id still arriving: close.
  [[nodiscard]] bool done() const {
    return refuse_above != 0 && answering == 0 &&
           std::none_of(requests.begin(), requests.end(), [&](const auto& r) { return r.first <= refuse_above; });
  }
};

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

constexpr int response_url_max_uses = 5;

bool has_content(const json& args, const char* key) {
  const auto it = args.find(key);
  if (it == args.end() || it->is_null()) return false;
  if (it->is_string() || it->is_array() || it->is_object()) return !it->empty();
  return true;
}

// An object argument: a JSON object, or (form encoding) a string holding one.
std::optional<json> arg_object(const json& args, const char* key) {
  const auto it = args.find(key);
  if (it == args.end()) return std::nullopt;
  if (it->is_object()) return *it;
  if (it->is_string()) {
    json parsed = json::parse(it->get<std::string>(), nullptr, false);
    if (!parsed.is_discarded() && parsed.is_object()) return parsed;
  }
  return std::nullopt;
}

json invalid_arguments(const std::string& message) {
  return json{{"ok", false},
              {"error", "invalid_arguments"},
              {"response_metadata", {{"messages", json::array({"[ERROR] " + message})}}}};
}

enum class method_kind { json_capable, read, unknown };

method_kind classify(std::string_view method) {
  static const std::set<std::string_view> json_capable = {
      "chat.postMessage", "chat.postEphemeral", "chat.update", "views.open", "views.update", "views.push",
      "views.publish", "conversations.open", "auth.test", "apps.connections.open"};
  static const std::set<std::string_view> read = {"users.info", "users.list", "users.lookupByEmail",
                                                  "conversations.members", "conversations.info", "usergroups.users.list",
                                                  "files.getUploadURLExternal", "files.completeUploadExternal"};
  if (json_capable.count(method) != 0) return method_kind::json_capable;
  if (read.count(method) != 0) return method_kind::read;
  return method_kind::unknown;
}

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

// ---------------------------------------------------------------------------------------------------------
// Lifetime

fake_slack::impl::impl(fake_options options) : opt(std::move(options)) {
  std::string dir = opt.pki_dir;
  if (dir.empty()) {
    std::string pattern = (std::filesystem::temp_directory_path() / "networkbot-fake-slack-XXXXXX").string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (mkdtemp(buffer.data()) == nullptr) throw std::runtime_error("fake_slack: mkdtemp failed");
    dir = buffer.data();
    own_pki_dir = true;
  }
  pki = make_test_pki(dir);

  configure_tls();

  ioc = std::make_unique<asio::io_context>(1);
  acceptor = std::make_unique<tcp::acceptor>(*ioc, tcp::endpoint(asio::ip::make_address_v4("127.0.0.1"), 0));
  port = acceptor->local_endpoint().port();
  origin = "https://127.0.0.1:" + std::to_string(port);
  work.emplace(ioc->get_executor());
  asio::co_spawn(*ioc, accept_loop(), report_exception);

  std::promise<void> done;
  thread_done = done.get_future();
  thread = std::thread([this, d = std::move(done)]() mutable { run_thread(std::move(d)); });
}

void fake_slack::impl::run_thread(std::promise<void> done) {
  for (;;) {
    try {
      ioc->run();
      break;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "fake_slack: internal error: %s\n", e.what());
    }
  }
  done.set_value();
}

fake_slack::impl::~impl() {
  asio::post(*ioc, [this] { begin_shutdown(); });
  work.reset();
  // Everything closes promptly; the stop() is a backstop so a stuck handler cannot hang a test run.
  if (thread_done.wait_for(std::chrono::seconds(20)) != std::future_status::ready) ioc->stop();
  thread.join();
  {
    const std::lock_guard lock(mu);
    for (auto& c : conns) c.session.reset();
  }
  acceptor.reset();
  ioc.reset();  // destroys whatever handlers are left while the state they point to is still alive
  if (own_pki_dir) {
    std::error_code ec;
    std::filesystem::remove_all(pki.dir, ec);
  }
}

void fake_slack::impl::begin_shutdown() {
  stopping = true;
  boost::system::error_code ec;
  acceptor->close(ec);
  for (beast::tcp_stream* s : http_streams) s->close();
  std::vector<std::shared_ptr<ws_session>> sessions;
  {
    const std::lock_guard lock(mu);
    for (const auto& c : conns) {
      if (c.session) sessions.push_back(c.session);
    }
  }
  for (const auto& s : sessions) {
    s->finished = true;
    s->queue.clear();
    s->grace.cancel();
    beast::get_lowest_layer(s->ws).close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// HTTPS and WSS serving

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

// ---------------------------------------------------------------------------------------------------------
// HTTP/2 (nghttp2's server side): the same requests as over HTTP/1.1, answered by handle_http.

namespace {

h2_connection& h2_of(void* user_data) { return *static_cast<h2_connection*>(user_data); }

int h2_on_begin_headers(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
  if (frame->hd.type == NGHTTP2_HEADERS && frame->headers.cat == NGHTTP2_HCAT_REQUEST)
    h2_of(user_data).requests[frame->hd.stream_id] = {};
  return 0;
}

int h2_on_header(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name, std::size_t name_len,
                 const std::uint8_t* value, std::size_t value_len, std::uint8_t, void* user_data) {
  auto& c = h2_of(user_data);
  const auto it = c.requests.find(frame->hd.stream_id);
  if (it == c.requests.end()) return 0;
  const std::string_view n(reinterpret_cast<const char*>(name), name_len);
  std::string v(reinterpret_cast<const char*>(value), value_len);
  if (n == ":method") it->second.method = std::move(v);
  else if (n == ":path") it->second.path = std::move(v);
  else if (n == "authorization") it->second.authorization = std::move(v);
  else if (n == "content-type") it->second.content_type = std::move(v);
  return 0;
}

int h2_on_data(nghttp2_session*, std::uint8_t, std::int32_t id, const std::uint8_t* data, std::size_t len,
               void* user_data) {
  auto& c = h2_of(user_data);
  const auto it = c.requests.find(id);
  if (it == c.requests.end()) return 0;
  if (it->second.body.size() + len > max_body_bytes) it->second.too_big = true;
  else it->second.body.append(reinterpret_cast<const char*>(data), len);
  return 0;
}

int h2_on_frame(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
  auto& c = h2_of(user_data);
  const bool ends = (frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA) &&
                    (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0;
  if (ends && c.requests.contains(frame->hd.stream_id)) c.complete.push_back(frame->hd.stream_id);
  return 0;
}

int h2_on_close(nghttp2_session*, std::int32_t id, std::uint32_t, void* user_data) {
  auto& c = h2_of(user_data);
  c.requests.erase(id);
  c.answers.erase(id);
  return 0;
}

ssize_t h2_read_answer(nghttp2_session*, std::int32_t id, std::uint8_t* buf, std::size_t length, std::uint32_t* flags,
                       nghttp2_data_source*, void* user_data) {
  auto& c = h2_of(user_data);
  const auto it = c.answers.find(id);
  if (it == c.answers.end()) return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
  auto& [body, sent] = it->second;
  const std::size_t n = std::min(length, body.size() - sent);
  std::memcpy(buf, body.data() + sent, n);
  sent += n;
  if (sent == body.size()) *flags |= NGHTTP2_DATA_FLAG_EOF;
  return static_cast<ssize_t>(n);
}

nghttp2_nv h2_header(std::string_view name, std::string_view value) {
  return nghttp2_nv{reinterpret_cast<std::uint8_t*>(const_cast<char*>(name.data())),
                    reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data())), name.size(), value.size(),
                    NGHTTP2_NV_FLAG_NONE};
}

}  // namespace

asio::awaitable<void> fake_slack::impl::serve_h2(tls_stream stream) {
  auto c = std::make_shared<h2_connection>(std::move(stream), ioc->get_executor());
  stream_registration registration(http_streams, &beast::get_lowest_layer(c->stream));
  h2_connections.insert(c);
  {
    const std::lock_guard lock(mu);
    ++http2_accepted;
  }
  nghttp2_session_callbacks* cbs = nullptr;
  nghttp2_session_callbacks_new(&cbs);
  nghttp2_session_callbacks_set_on_begin_headers_callback(cbs, h2_on_begin_headers);
  nghttp2_session_callbacks_set_on_header_callback(cbs, h2_on_header);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cbs, h2_on_data);
  nghttp2_session_callbacks_set_on_frame_recv_callback(cbs, h2_on_frame);
  nghttp2_session_callbacks_set_on_stream_close_callback(cbs, h2_on_close);
  const int created = nghttp2_session_server_new(&c->session, cbs, c.get());
  nghttp2_session_callbacks_del(cbs);
  if (created != 0) throw std::runtime_error("fake_slack: cannot start an HTTP/2 session");
  const nghttp2_settings_entry settings{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 100};
  nghttp2_submit_settings(c->session, NGHTTP2_FLAG_NONE, &settings, 1);
  asio::co_spawn(*ioc, h2_write_loop(c), report_exception);
  c->kick();

  std::string in(16 * 1024, '\0');
  for (;;) {
    auto [ec, n] = co_await c->stream.async_read_some(asio::buffer(in), use_tuple);
    if (ec || c->dead) break;
    const auto rv = nghttp2_session_mem_recv(c->session, reinterpret_cast<const std::uint8_t*>(in.data()), n);
    if (rv < 0) {
      {
        const std::lock_guard lock(mu);
        violation_locked(std::string("HTTP/2 protocol error from the client: ") + nghttp2_strerror(static_cast<int>(rv)));
      }
      changed();
      break;
    }
    std::vector<std::int32_t> complete;
    complete.swap(c->complete);
    int max_requests = 0;
    {
      const std::lock_guard lock(mu);
      max_requests = h2_max_requests;
    }
    for (const std::int32_t id : complete) {
      auto it = c->requests.find(id);
      if (it == c->requests.end()) continue;
      if (c->refuse_above != 0 && id > c->refuse_above) {
        c->requests.erase(it);  // refused by the GOAWAY: never processed
        continue;
      }
      ++c->answering;
      asio::co_spawn(*ioc, answer_h2(c, id, std::move(it->second)), report_exception);
      c->requests.erase(it);
      if (c->refuse_above == 0 && max_requests > 0 && ++c->taken >= max_requests) {
        c->refuse_above = id;
        nghttp2_submit_goaway(c->session, NGHTTP2_FLAG_NONE, id, NGHTTP2_NO_ERROR, nullptr, 0);
      }
    }
    c->kick();  // settings acks, window updates
  }
  c->dead = true;
  c->kick();
  h2_connections.erase(c);
  beast::get_lowest_layer(c->stream).close();
}

asio::awaitable<void> fake_slack::impl::h2_write_loop(std::shared_ptr<h2_connection> c) {
  std::string out;
  while (!c->dead) {
    out.clear();
    for (;;) {
      const std::uint8_t* data = nullptr;
      const auto n = nghttp2_session_mem_send(c->session, &data);
      if (n <= 0) break;
      out.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(n));
    }
    if (out.empty()) {
      if (c->done()) break;
      c->want_write = false;
      c->wake.expires_at(clock_type::time_point::max());
      if (!c->want_write) (void)co_await c->wake.async_wait(use_tuple);
      continue;
    }
    auto [ec, n] = co_await asio::async_write(c->stream, asio::buffer(out), use_tuple);
    (void)n;
    if (ec) break;
  }
  if (!c->dead) {
    c->dead = true;
    beast::get_lowest_layer(c->stream).close();
  }
}

asio::awaitable<void> fake_slack::impl::answer_h2(std::shared_ptr<h2_connection> c, std::int32_t stream, h2_request r) {
  http::request<http::string_body> req{http::string_to_verb(r.method), r.path, 11};
  if (!r.authorization.empty()) req.set(http::field::authorization, r.authorization);
  if (!r.content_type.empty()) req.set(http::field::content_type, r.content_type);
  req.body() = std::move(r.body);
  reply out;
  if (r.too_big) {
    out = text_reply(413, "too large");
  } else {
    out = co_await handle_http(req);  // not inside ?: , which g++ 12 miscompiles around co_await (double free)
  }
  --c->answering;
  if (c->dead || out.withhold) {  // a kill point is never answered
    c->kick();
    co_return;
  }
  const std::string status = std::to_string(out.status);
  const std::string retry_after = out.retry_after >= 0 ? std::to_string(out.retry_after) : std::string{};
  std::array<nghttp2_nv, 4> nv{h2_header(":status", status), h2_header("server", "fake-slack"),
                               h2_header("content-type", out.content_type), h2_header("retry-after", retry_after)};
  c->answers[stream] = {std::move(out.body), 0};
  nghttp2_data_provider body{};
  body.read_callback = h2_read_answer;
  nghttp2_submit_response(c->session, stream, nv.data(), retry_after.empty() ? 3 : 4, &body);
  c->kick();
}

void fake_slack::set_http2_max_requests(int n) {
  const std::lock_guard lock(impl_->mu);
  impl_->h2_max_requests = n;
}

std::size_t fake_slack::http2_connections() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->http2_accepted;
}

asio::awaitable<reply> fake_slack::impl::handle_http(const http::request<http::string_body>& req) {
  request_info r;
  const std::string target = to_std(req.target());
  const std::size_t q = target.find('?');
  r.path = target.substr(0, q);
  r.query = q == std::string::npos ? std::string{} : target.substr(q + 1);
  r.is_get = req.method() == http::verb::get;
  r.verb = to_std(req.method_string());
  r.authorization = to_std(req[http::field::authorization]);
  r.content_type = to_std(req[http::field::content_type]);
  r.body = req.body();
  if (r.path.rfind("/api/", 0) == 0) {
    r.method = r.path.substr(5);
  } else if (r.path.rfind("/upload/", 0) == 0) {
    r.method = "file_upload";
  } else if (r.path.rfind("/response/", 0) == 0) {
    r.method = "response_url";
  }

  std::size_t index = 0;
  injected_fault fault;
  {
    const std::lock_guard lock(mu);
    index = calls.size();
    calls.push_back(http_call{r.path, r.method, r.authorization, r.content_type, r.body, 0, {}});
    fault = injected_fault_locked(r.method);
  }
  changed();

  if (fault.delay.count() > 0) {
    asio::steady_timer timer(co_await asio::this_coro::executor, fault.delay);
    co_await timer.async_wait(use_tuple);
  }

  reply out;
  if (fault.status != 0) {
    out = fault_reply(fault);
  } else {
    const std::lock_guard lock(mu);
    out = process_locked(r);
  }
  {
    const std::lock_guard lock(mu);
    calls[index].status = out.withhold ? 0 : static_cast<int>(out.status);
    calls[index].answered_at = std::chrono::steady_clock::now();
    if (calls[index].status == 200) ++ok_by_method[r.method];
  }
  changed();
  send_kill_signal(out);
  co_return out;
}

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

// ---------------------------------------------------------------------------------------------------------
// Routing envelopes (mutex held)

int fake_slack::impl::pick_locked() {
  const std::size_t n = conns.size();
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = (rr + k) % n;
    if (routable(conns[i])) {
      rr = i + 1;
      return static_cast<int>(i);
    }
  }
  return -1;
}

void fake_slack::impl::enqueue_locked(int index, out_item item) {
  connection& c = conns[static_cast<std::size_t>(index)];
  c.outbox.push_back(std::move(item));
  if (!c.io_pending) {
    c.io_pending = true;
    asio::post(*ioc, [this, i = static_cast<std::size_t>(index)] { flush(i); });
  }
}

std::string fake_slack::impl::send_locked(std::string_view type, const std::string& payload, bool accepts,
                                          int retry_attempt, int target) {
  std::string id = uuid_like(ids.next(), ++envelope_counter);
  std::string frame;
  frame.reserve(payload.size() + 200);
  frame += R"({"envelope_id":")";
  frame += id;
  frame += R"(","payload":)";
  frame += payload;
  frame += R"(,"type":)";
  append_json_string(frame, type);
  frame += R"(,"accepts_response_payload":)";
  frame += accepts ? "true" : "false";
  if (type == "events_api" || retry_attempt != 0) {
    frame += R"(,"retry_attempt":)";
    frame += std::to_string(retry_attempt);
    frame += retry_attempt > 0 ? R"(,"retry_reason":"timeout")" : R"(,"retry_reason":"")";
  }
  frame += '}';
  envelopes.push_back(pending_envelope{target, accepts, false, clock_type::now()});
  envelope_index.emplace(id, envelopes.size() - 1);
  enqueue_locked(target, out_item{out_kind::text, std::move(frame), envelopes.size()});
  ++sent;
  return id;
}

std::string fake_slack::impl::trigger_locked() {
  std::string t = std::to_string(1000000 + ++trigger_counter) + ".4242.";
  append_hex(t, ids.next(), 16);
  return t;
}

std::string fake_slack::impl::command_locked(const std::string& user_id, const std::string& text,
                                             const std::string& channel_id) {
  const int target = pick_locked();
  if (target < 0) {
    ++dropped;
    return {};
  }
  // Keys are written as literals; only values go through escaping (this runs for every command of a burst).
  std::string p;
  p.reserve(text.size() + user_id.size() + 2 * channel_id.size() + 420);
  const auto field = [&p](std::string_view quoted_key, std::string_view value) {
    p += quoted_key;
    append_json_string(p, value);
  };
  field(R"({"token":"fake-verification-token","team_id":)", opt.team_id);
  field(R"(,"team_domain":"turing-fake","channel_id":)", channel_id);
  field(R"(,"channel_name":)", channel_id == "C0GENERAL" ? std::string("general") : lower(channel_id));
  field(R"(,"user_id":)", user_id);
  field(R"(,"user_name":)", lower(user_id));
  field(R"(,"command":"/network","text":)", text);
  field(R"(,"api_app_id":)", opt.app_id);
  field(R"(,"is_enterprise_install":"false","response_url":)", response_url_locked());
  field(R"(,"trigger_id":)", trigger_locked());
  p += '}';
  return send_locked("slash_commands", p, true, 0, target);
}

// ---------------------------------------------------------------------------------------------------------
// HTTP processing (mutex held)

reply fake_slack::impl::process_locked(const request_info& r) {
  if (r.verb != "GET" && r.verb != "POST") violation_locked("HTTP " + r.verb + " " + r.path + " (Slack takes GET or POST)");
  if (r.method == "response_url") return response_url_post_locked(r);
  if (r.method == "file_upload") {
    const std::string file_id = r.path.substr(8);
    const auto it = uploads.find(file_id);
    if (it == uploads.end()) return text_reply(404, "unknown upload");
    if (!r.authorization.empty()) violation_locked("a token was sent with a file upload (the upload URL needs none)");
    if (r.body.size() != it->second.length)
      violation_locked("file upload of " + std::to_string(r.body.size()) + " bytes, announced as " + std::to_string(it->second.length));
    it->second.content = r.body;
    it->second.uploaded = true;
    return text_reply(200, "OK - " + std::to_string(r.body.size()));
  }
  if (r.method.empty()) {
    violation_locked("request to unknown path " + r.path);
    return text_reply(404, "not found");
  }
  return api_locked(r);
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

reply fake_slack::impl::response_url_post_locked(const request_info& r) {
  const auto n = to_integer(std::string_view(r.path).substr(std::string_view("/response/").size()));
  if (!n || *n < 1 || static_cast<std::uint64_t>(*n) >= next_response_url) {
    violation_locked("POST to a response_url the fake never issued: " + r.path);
    return text_reply(404, "invalid_url");
  }
  if (r.is_get) violation_locked("response_url must be POSTed, got GET " + r.path);
  if (expire_urls) return text_reply(404, "expired_url");
  int& uses = response_uses[r.path];
  if (uses >= response_url_max_uses) return text_reply(404, "used_url");
  const std::string media = lower(trim(std::string_view(r.content_type).substr(0, r.content_type.find(';'))));
  if (media != "application/json") violation_locked("response_url body sent as '" + r.content_type + "', not JSON");
  const json body = json::parse(r.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    violation_locked("response_url body is not a JSON object: " + r.body.substr(0, 200));
    return text_reply(400, "invalid_payload");
  }
  if (++uses == 1) ++distinct_replies;
  delivered.push_back(r.path);
  posted.emplace_back("response_url", arg_string(body, "text").value_or(""));
  reply out = text_reply(200, "ok");
  count_for_kill_locked("response_url", out);
  return out;
}

reply fake_slack::impl::api_locked(const request_info& r) {
  const std::string& m = r.method;
  const method_kind kind = classify(m);
  if (kind == method_kind::unknown) return json_reply(api_error("unknown_method"));

  // Arguments: query string, form body or JSON body.
  json args = json::object();
  const form_args query = parse_form(r.query);
  for (const auto& kv : query) {
    if (kv.first == "token") violation_locked(m + ": token in the query string (use the Authorization header)");
  }
  if (r.is_get && kind == method_kind::json_capable) violation_locked(m + ": write method called with GET");
  if (!r.is_get && r.body.empty() && !query.empty() && kind == method_kind::json_capable) {
    violation_locked(m + ": arguments in the query string of a POST");
  }
  bool body_args = false;
  if (!r.body.empty()) {
    const std::string ct = lower(r.content_type);
    const std::string media = std::string(trim(std::string_view(ct).substr(0, ct.find(';'))));
    if (media == "application/json") {
      if (kind == method_kind::read) {
        violation_locked(m + ": JSON body sent to a read method (Slack ignores it; use a form body or GET query)");
      } else if (ct.find("charset=utf-8") == std::string::npos) {
        violation_locked(m + ": JSON body without '; charset=utf-8' (Content-Type '" + r.content_type + "')");
      }
      json parsed = json::parse(r.body, nullptr, false);
      if (parsed.is_discarded()) {
        violation_locked(m + ": body is not valid JSON");
        return json_reply(api_error("invalid_json"));
      }
      if (!parsed.is_object()) {
        violation_locked(m + ": JSON body is not an object");
        return json_reply(api_error("json_not_object"));
      }
      if (parsed.contains("token")) violation_locked(m + ": token in the JSON body (use the Authorization header)");
      args = std::move(parsed);
    } else if (media == "application/x-www-form-urlencoded") {
      for (auto& [k, v] : parse_form(r.body)) {
        if (k == "token") violation_locked(m + ": token in the form body (use the Authorization header)");
        args[k] = v;
      }
    } else {
      violation_locked(m + ": unsupported Content-Type '" + r.content_type + "'");
    }
    body_args = !args.empty();
  }
  if (!query.empty()) {
    if (body_args) violation_locked(m + ": mixes query-string and body arguments");
    for (const auto& [k, v] : query) {
      if (!args.contains(k)) args[k] = v;
    }
  }

  // Authentication: app token for apps.connections.open, bot token for the rest.
  const std::string& expected = m == "apps.connections.open" ? opt.app_token : opt.bot_token;
  const std::string_view auth = trim(r.authorization);
  if (auth.empty()) return json_reply(api_error("not_authed"));
  if (auth.size() < 7 || lower(auth.substr(0, 7)) != "bearer " || trim(auth.substr(7)) != expected) {
    return json_reply(api_error("invalid_auth"));
  }

  if (const auto error = scripted_error_locked(m)) return json_reply(api_error(*error));

  const json result = dispatch_locked(m, args);
  reply out = json_reply(result);
  if (result.value("ok", false)) count_for_kill_locked(m, out);
  return out;
}

json fake_slack::impl::dispatch_locked(const std::string& m, const json& a) {
  if (m == "auth.test") return auth_test_locked();
  if (m == "apps.connections.open") return connections_open_locked();
  if (m == "chat.postMessage") return post_message_locked(a);
  if (m == "chat.postEphemeral") return post_ephemeral_locked(a);
  if (m == "chat.update") return update_locked(a);
  if (m.rfind("views.", 0) == 0) return views_locked(m, a);
  if (m == "conversations.open") return conversations_open_locked(a);
  if (m == "users.info") return users_info_locked(a);
  if (m == "users.lookupByEmail") return users_lookup_locked(a);
  if (m == "users.list") return users_list_locked(a);
  if (m == "conversations.members") return members_locked(a);
  if (m == "conversations.info") return channel_info_locked(a);
  if (m == "files.getUploadURLExternal") return upload_url_locked(a);
  if (m == "files.completeUploadExternal") return complete_upload_locked(a);
  if (m == "usergroups.users.list") return usergroup_locked(a);
  return api_error("unknown_method");
}

json fake_slack::impl::auth_test_locked() const {
  return json{{"ok", true},
              {"url", "https://turing-fake.slack.com/"},
              {"team", "Turing School (fake)"},
              {"user", "networkbot"},
              {"team_id", opt.team_id},
              {"user_id", opt.bot_user_id},
              {"bot_id", opt.bot_id},
              {"is_enterprise_install", false}};
}

json fake_slack::impl::connections_open_locked() {
  const std::string ticket = uuid_like(ids.next(), ++ticket_counter);
  tickets.emplace(ticket, false);
  return json{{"ok", true},
              {"url", "wss://127.0.0.1:" + std::to_string(port) + "/link/?ticket=" + ticket + "&app_id=" + opt.app_id}};
}

std::string fake_slack::impl::next_ts_locked() {
  // "1700000000.000100", "1700000000.000200", …: strictly increasing, Slack's seconds.micros shape.
  const std::uint64_t micros = 1700000000ULL * 1000000ULL + 100ULL * ++ts_counter;
  std::string frac = std::to_string(micros % 1000000ULL);
  return std::to_string(micros / 1000000ULL) + "." + std::string(6 - frac.size(), '0') + frac;
}

std::string fake_slack::impl::dm_id(std::vector<std::string> user_ids) const {
  std::sort(user_ids.begin(), user_ids.end());
  std::string joined;
  for (const auto& u : user_ids) joined += u + ",";
  std::string id = "D";
  const std::uint64_t h = fnv1a(joined);
  for (int i = 0; i < 10; ++i) id += "0123456789ABCDEFGHIJKLMNOPQRSTUV"[(h >> (5U * static_cast<unsigned>(i))) & 31U];
  return id;
}

json fake_slack::impl::post_message_locked(const json& a) {
  const auto channel = arg_string(a, "channel");
  if (!channel || channel->empty()) return api_error("channel_not_found");
  const std::string text = arg_string(a, "text").value_or("");
  if (text.empty() && !has_content(a, "blocks") && !has_content(a, "attachments")) return api_error("no_text");
  // A user id as channel reaches the app DM; Slack answers with the D… id.
  const std::string ch = (channel->front() == 'U' || channel->front() == 'W') ? dm_id({*channel}) : *channel;
  const std::string ts = next_ts_locked();
  messages[ch + " " + ts] = text;
  posted.emplace_back("chat.postMessage", text);
  json message = {{"type", "message"}, {"text", text}, {"user", opt.bot_user_id}, {"bot_id", opt.bot_id},
                  {"ts", ts},          {"team", opt.team_id}};
  if (const auto parent = arg_string(a, "thread_ts")) message["thread_ts"] = *parent;
  return json{{"ok", true}, {"channel", ch}, {"ts", ts}, {"message", message}};
}

json fake_slack::impl::post_ephemeral_locked(const json& a) {
  const auto channel = arg_string(a, "channel");
  if (!channel || channel->empty()) return api_error("channel_not_found");
  const auto user = arg_string(a, "user");
  if (!user || user->empty()) return invalid_arguments("missing required field: user");
  const std::string text = arg_string(a, "text").value_or("");
  if (text.empty() && !has_content(a, "blocks") && !has_content(a, "attachments")) return api_error("no_text");
  posted.emplace_back("chat.postEphemeral", text);
  return json{{"ok", true}, {"message_ts", next_ts_locked()}};
}

json fake_slack::impl::update_locked(const json& a) {
  const auto channel = arg_string(a, "channel");
  if (!channel || channel->empty() || channel->front() == 'U' || channel->front() == 'W') {
    return api_error("channel_not_found");  // chat.update needs the conversation id, not a user id
  }
  const auto ts = arg_string(a, "ts");
  if (!ts) return api_error("message_not_found");
  const auto it = messages.find(*channel + " " + *ts);
  if (it == messages.end()) return api_error("message_not_found");
  const std::string text = arg_string(a, "text").value_or("");
  if (text.empty() && !has_content(a, "blocks") && !has_content(a, "attachments")) return api_error("no_text");
  it->second = text;
  posted.emplace_back("chat.update", text);
  return json{{"ok", true},
              {"channel", *channel},
              {"ts", *ts},
              {"text", text},
              {"message", {{"text", text}, {"user", opt.bot_user_id}}}};
}

std::string fake_slack::impl::next_view_hash_locked() {
  std::string hash = std::to_string(1700000000ULL + ++view_counter) + ".";
  append_hex(hash, ids.next(), 8);
  return hash;
}

json fake_slack::impl::views_locked(const std::string& m, const json& a) {
  if (m != "views.open" && m != "views.push" && m != "views.update" && m != "views.publish") {
    return api_error("unknown_method");
  }
  std::optional<json> view = arg_object(a, "view");
  if (!view) return invalid_arguments("missing required field: view");

  std::string id;
  if (m == "views.open" || m == "views.push") {
    const auto trigger = arg_string(a, "trigger_id");
    if (!trigger || trigger->empty()) return invalid_arguments("invalid `trigger_id`");
    if (!used_triggers.insert(*trigger).second) return api_error("exchanged_trigger_id");
    id = "V" + std::to_string(1000000000ULL + view_counter + 1);
  } else if (m == "views.update") {
    const auto view_id = arg_string(a, "view_id");
    const auto external = arg_string(a, "external_id");
    if (view_id && !view_id->empty()) {
      if (views.count(*view_id) == 0) return api_error("not_found");
      id = *view_id;
    } else if (external && !external->empty()) {
      const auto it = std::find_if(views.begin(), views.end(),
                                   [&](const auto& v) { return v.second.external_id == *external; });
      if (it == views.end()) return api_error("not_found");
      id = it->first;
    } else {
      return invalid_arguments("missing required field: view_id or external_id");
    }
    const auto hash = arg_string(a, "hash");
    if (hash && !hash->empty() && *hash != views[id].hash) return api_error("hash_conflict");
  } else {  // views.publish
    const auto user = arg_string(a, "user_id");
    if (!user || user->empty()) return invalid_arguments("invalid `user_id`");
    const auto home = home_views.find(*user);
    const auto hash = arg_string(a, "hash");
    if (home != home_views.end()) {
      id = home->second;
      if (hash && !hash->empty() && *hash != views[id].hash) return api_error("hash_conflict");
    } else {
      id = "V" + std::to_string(1000000000ULL + view_counter + 1);
      home_views[*user] = id;
    }
  }

  view_record& rec = views[id];
  rec.hash = next_view_hash_locked();
  if (const auto external = arg_string(*view, "external_id")) rec.external_id = *external;
  json& v = *view;
  v["id"] = id;
  v["team_id"] = opt.team_id;
  v["hash"] = rec.hash;
  v["app_id"] = opt.app_id;
  v["bot_id"] = opt.bot_id;
  v["app_installed_team_id"] = opt.team_id;
  v["root_view_id"] = id;
  v["previous_view_id"] = nullptr;
  v["state"] = {{"values", json::object()}};
  for (const char* key : {"private_metadata", "callback_id", "external_id"}) {
    if (!v.contains(key)) v[key] = "";
  }
  for (const char* key : {"clear_on_close", "notify_on_close"}) {
    if (!v.contains(key)) v[key] = false;
  }
  if (!v.contains("type")) v["type"] = m == "views.publish" ? "home" : "modal";
  return json{{"ok", true}, {"view", std::move(v)}};
}

json fake_slack::impl::conversations_open_locked(const json& a) const {
  std::vector<std::string> ids_list;
  if (const auto it = a.find("users"); it != a.end() && it->is_array()) {
    for (const auto& u : *it) {
      if (u.is_string()) ids_list.push_back(u.get<std::string>());
    }
  } else if (const auto s = arg_string(a, "users")) {
    std::string_view rest = *s;
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      const std::string_view one = trim(rest.substr(0, comma));
      if (!one.empty()) ids_list.emplace_back(one);
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
  } else if (const auto ch = arg_string(a, "channel"); ch && !ch->empty()) {
    return json{{"ok", true}, {"channel", {{"id", *ch}}}};
  }
  if (ids_list.empty()) return api_error("users_list_not_supplied");
  for (const auto& u : ids_list)
    if (const auto it = refused_dm.find(u); it != refused_dm.end()) return api_error(it->second);
  if (ids_list.size() > 8) return api_error("too_many_users");
  json channel = {{"id", dm_id(ids_list)}};
  if (const auto r = arg_string(a, "return_im"); r && (*r == "true" || *r == "1")) {
    channel["is_im"] = ids_list.size() == 1;
    channel["user"] = ids_list.front();
    channel["is_open"] = true;
  }
  return json{{"ok", true}, {"channel", channel}};
}

json fake_slack::impl::users_info_locked(const json& a) const {
  const auto user = arg_string(a, "user");
  if (user) {
    for (const auto& u : users) {
      if (u.is_object() && u.value("id", "") == *user) return json{{"ok", true}, {"user", u}};
    }
  }
  return api_error("user_not_found");
}

json fake_slack::impl::users_lookup_locked(const json& a) const {
  const auto email = arg_string(a, "email");
  if (email) {
    for (const auto& u : users) {
      if (!u.is_object()) continue;
      const auto profile = u.find("profile");
      if (profile != u.end() && profile->is_object() && lower(profile->value("email", "")) == lower(*email)) {
        return json{{"ok", true}, {"user", u}};
      }
    }
  }
  return api_error("users_not_found");
}

namespace {
// One page of `items` for the cursor/limit in `a`; writes the page under `key` and response_metadata.
template <class T>
json paginate(const std::vector<T>& items, const json& a, const char* key, json out) {
  long long limit = 100;
  if (const auto l = arg_string(a, "limit")) {
    if (const auto v = to_integer(*l)) limit = *v;
  }
  if (limit <= 0) limit = 100;
  limit = std::min(limit, 1000LL);
  std::size_t begin = 0;
  if (const auto cursor = arg_string(a, "cursor"); cursor && !cursor->empty()) {
    const auto decoded = base64_decode(*cursor);
    constexpr std::string_view prefix = "offset:";
    if (!decoded || decoded->rfind(prefix, 0) != 0) return api_error("invalid_cursor");
    const auto offset = to_integer(std::string_view(*decoded).substr(prefix.size()));
    if (!offset || *offset < 0 || static_cast<std::size_t>(*offset) > items.size()) return api_error("invalid_cursor");
    begin = static_cast<std::size_t>(*offset);
  }
  const std::size_t end = std::min(items.size(), begin + static_cast<std::size_t>(limit));
  json page = json::array();
  for (std::size_t i = begin; i < end; ++i) page.push_back(items[i]);
  out["ok"] = true;
  out[key] = std::move(page);
  out["response_metadata"] = {{"next_cursor", end < items.size() ? base64_encode("offset:" + std::to_string(end)) : ""}};
  return out;
}
}  // namespace

json fake_slack::impl::users_list_locked(const json& a) const {
  return paginate(users, a, "members", json{{"cache_ts", 1700000000}});
}

json fake_slack::impl::members_locked(const json& a) const {
  const auto channel = arg_string(a, "channel");
  if (!channel) return api_error("channel_not_found");
  const auto it = channel_members.find(*channel);
  if (it == channel_members.end()) return api_error("channel_not_found");
  return paginate(it->second, a, "members", json::object());
}

json fake_slack::impl::channel_info_locked(const json& a) const {
  const auto id = arg_string(a, "channel");
  if (!id) return api_error("channel_not_found");
  const auto it = channels.find(*id);
  if (it == channels.end()) return api_error("channel_not_found");
  return json{{"ok", true},
              {"channel", {{"id", *id}, {"name", it->second.name}, {"is_channel", true}, {"is_member", it->second.member},
                           {"is_archived", it->second.archived}}}};
}

json fake_slack::impl::upload_url_locked(const json& a) {
  const auto name = arg_string(a, "filename");
  const auto length = arg_string(a, "length");
  if (!name || name->empty()) return invalid_arguments("missing required field: filename");
  if (!length || length->empty() || length->find_first_not_of("0123456789") != std::string::npos || length->size() > 9)
    return invalid_arguments("missing required field: length");
  const std::string id = "F0UP" + std::to_string(uploads.size() + 1);
  uploads[id] = uploaded_file{*name, {}, {}, std::stoul(*length), false, {}};
  return json{{"ok", true}, {"upload_url", "https://127.0.0.1:" + std::to_string(port) + "/upload/" + id}, {"file_id", id}};
}

json fake_slack::impl::complete_upload_locked(const json& a) {
  const auto files_text = arg_string(a, "files");
  const json files = files_text ? json::parse(*files_text, nullptr, false) : json();
  if (!files.is_array() || files.empty()) return invalid_arguments("missing required field: files");
  json done = json::array();
  for (const auto& f : files) {
    const std::string id = f.is_object() ? f.value("id", std::string{}) : std::string{};
    const auto it = uploads.find(id);
    if (it == uploads.end() || !it->second.uploaded) return api_error("file_not_found");
    it->second.title = f.value("title", std::string{});
    it->second.channel = arg_string(a, "channel_id").value_or("");
    done.push_back({{"id", id}, {"title", it->second.title}});
  }
  return json{{"ok", true}, {"files", done}};
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

void detail::send_kill_signal(const reply& r) {
  if (r.withhold && r.kill_pid > 0) ::kill(static_cast<pid_t>(r.kill_pid), r.kill_signal);
}

json fake_slack::impl::usergroup_locked(const json& a) const {
  const auto group = arg_string(a, "usergroup");
  if (!group) return api_error("no_such_subteam");
  const auto it = usergroups.find(*group);
  if (it == usergroups.end()) return api_error("no_such_subteam");
  return json{{"ok", true}, {"users", it->second}};
}

// =========================================================================================================
// Public API

fake_slack::fake_slack(fake_options options) : impl_(std::make_unique<impl>(std::move(options))) {}
fake_slack::~fake_slack() = default;

std::string fake_slack::api_url() const { return impl_->origin + "/api/"; }
std::string fake_slack::ca_file() const { return impl_->pki.ca_file; }
unsigned short fake_slack::port() const { return impl_->port; }

std::string fake_slack::send_command(const std::string& user_id, const std::string& text, const std::string& channel_id) {
  std::string id;
  {
    const std::lock_guard lock(impl_->mu);
    id = impl_->command_locked(user_id, text, channel_id);
  }
  impl_->changed();
  return id;
}

std::vector<std::string> fake_slack::send_commands(const std::vector<std::pair<std::string, std::string>>& user_and_text) {
  std::vector<std::string> out;
  out.reserve(user_and_text.size());
  {
    const std::lock_guard lock(impl_->mu);
    for (const auto& [user, text] : user_and_text) out.push_back(impl_->command_locked(user, text, "C0GENERAL"));
  }
  impl_->changed();
  return out;
}

std::string fake_slack::send_envelope(const std::string& type, const std::string& payload_json,
                                      bool accepts_response_payload, int retry_attempt, int only_connection) {
  std::string id;
  {
    const std::lock_guard lock(impl_->mu);
    int target = -1;
    if (only_connection < 0) {
      target = impl_->pick_locked();
    } else if (static_cast<std::size_t>(only_connection) < impl_->conns.size() &&
               impl::routable(impl_->conns[static_cast<std::size_t>(only_connection)])) {
      target = only_connection;
    }
    if (target < 0) {
      ++impl_->dropped;
    } else {
      id = impl_->send_locked(type, payload_json, accepts_response_payload, retry_attempt, target);
    }
  }
  impl_->changed();
  return id;
}

int fake_slack::send_event(const std::string& event_id, const std::string& inner_event_json, int copies) {
  int count = 0;
  {
    const std::lock_guard lock(impl_->mu);
    impl& s = *impl_;
    std::vector<int> targets;
    std::vector<bool> taken(s.conns.size(), false);
    for (int i = 0; i < copies; ++i) {
      const int t = s.pick_locked();
      if (t < 0 || taken[static_cast<std::size_t>(t)]) break;
      taken[static_cast<std::size_t>(t)] = true;
      targets.push_back(t);
    }
    if (targets.empty()) {
      ++s.dropped;
    } else {
      std::string p = "{";
      const auto field = [&p](std::string_view key, std::string_view value) {
        append_json_string(p, key);
        p += ':';
        append_json_string(p, value);
        p += ',';
      };
      field("token", "fake-verification-token");
      field("team_id", s.opt.team_id);
      field("api_app_id", s.opt.app_id);
      p += R"("event":)";
      p += inner_event_json;
      p += ',';
      field("type", "event_callback");
      field("event_id", event_id);
      p += R"("event_time":)" + std::to_string(1700000000ULL + ++s.event_counter) + ",";
      p += R"("authorizations":[{"enterprise_id":null,"team_id":)";
      append_json_string(p, s.opt.team_id);
      p += R"(,"user_id":)";
      append_json_string(p, s.opt.bot_user_id);
      p += R"(,"is_bot":true,"is_enterprise_install":false}],"is_ext_shared_channel":false,"event_context":)";
      append_json_string(p, "4-fake-" + event_id);
      p += '}';
      for (std::size_t i = 0; i < targets.size(); ++i) {
        s.send_locked("events_api", p, false, static_cast<int>(i), targets[i]);
        ++count;
      }
    }
  }
  impl_->changed();
  return count;
}

void fake_slack::send_raw(int connection, const std::string& text) {
  const std::lock_guard lock(impl_->mu);
  if (connection < 0 || static_cast<std::size_t>(connection) >= impl_->conns.size()) return;
  const auto& c = impl_->conns[static_cast<std::size_t>(connection)];
  if (c.closed || c.stalled || !c.session) return;
  impl_->enqueue_locked(connection, out_item{out_kind::text, text, 0});
}

std::string fake_slack::new_response_url() {
  const std::lock_guard lock(impl_->mu);
  return impl_->response_url_locked();
}

void fake_slack::set_users(const std::vector<std::string>& json_user_objects) {
  std::vector<json> parsed;
  for (const auto& text : json_user_objects) {
    json u = json::parse(text, nullptr, false);
    if (u.is_discarded() || !u.is_object()) throw std::invalid_argument("set_users: not a JSON object: " + text);
    parsed.push_back(std::move(u));
  }
  const std::lock_guard lock(impl_->mu);
  impl_->users = std::move(parsed);
}

void fake_slack::set_channel_members(const std::string& channel, const std::vector<std::string>& user_ids) {
  const std::lock_guard lock(impl_->mu);
  impl_->channel_members[channel] = user_ids;
}

void fake_slack::set_usergroup(const std::string& usergroup_id, const std::vector<std::string>& user_ids) {
  const std::lock_guard lock(impl_->mu);
  impl_->usergroups[usergroup_id] = user_ids;
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

void fake_slack::set_channel(const std::string& id, const std::string& name, bool bot_is_member, bool archived) {
  const std::lock_guard lock(impl_->mu);
  impl_->channels[id] = impl::channel_info{name, bot_is_member, archived};
}

std::vector<uploaded_file> fake_slack::shared_files() const {
  const std::lock_guard lock(impl_->mu);
  std::vector<uploaded_file> out;
  for (const auto& [id, f] : impl_->uploads)
    if (!f.channel.empty()) out.push_back(f);
  return out;
}

void fake_slack::refuse_dm(const std::string& user_id, const std::string& error) {
  const std::lock_guard lock(impl_->mu);
  impl_->refused_dm[user_id] = error;
}

void fake_slack::set_method_limit(const std::string& method, double per_minute, double burst) {
  const std::lock_guard lock(impl_->mu);
  impl_->limits[method] = impl::method_limit{per_minute / 60.0, burst, burst, std::chrono::steady_clock::now()};
}

std::size_t fake_slack::answered_ok(const std::string& method) const {
  const std::lock_guard lock(impl_->mu);
  const auto it = impl_->ok_by_method.find(method);
  return it == impl_->ok_by_method.end() ? 0 : it->second;
}

std::size_t fake_slack::over_limit() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->over_limit_calls;
}

void fake_slack::set_http_faults(http_faults f) {
  const std::lock_guard lock(impl_->mu);
  impl_->faults = f;
  impl_->fault_rng = splitmix64{f.seed};
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

std::vector<http_call> fake_slack::calls() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->calls;
}

std::vector<http_call> fake_slack::calls_to(const std::string& method) const {
  const std::lock_guard lock(impl_->mu);
  std::vector<http_call> out;
  for (const auto& c : impl_->calls) {
    if (c.method == method) out.push_back(c);
  }
  return out;
}

std::vector<ack_record> fake_slack::acks() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->acks;
}

std::size_t fake_slack::ack_count() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->acks.size();
}

std::size_t fake_slack::envelopes_sent() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->sent;
}

std::size_t fake_slack::dropped() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->dropped;
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

std::vector<std::string> fake_slack::delivered_response_urls() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->delivered;
}

std::size_t fake_slack::replied_urls() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->distinct_replies;
}

std::map<std::string, int> fake_slack::response_url_deliveries() const {
  const std::lock_guard lock(impl_->mu);
  std::map<std::string, int> out;
  for (const auto& [path, uses] : impl_->response_uses) {
    if (uses > 0) out[path] = uses;
  }
  return out;
}

std::vector<std::string> fake_slack::protocol_violations() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->violations;
}

std::vector<std::string> fake_slack::posted_texts(const std::string& method) const {
  const std::lock_guard lock(impl_->mu);
  std::vector<std::string> out;
  for (const auto& [m, text] : impl_->posted) {
    if (m == method) out.push_back(text);
  }
  return out;
}

bool fake_slack::wait_for(const std::function<bool(const fake_slack&)>& pred, std::chrono::milliseconds limit) const {
  const auto deadline = clock_type::now() + limit;
  for (;;) {
    std::uint64_t seen = 0;
    {
      const std::lock_guard lock(impl_->wait_mu);
      seen = impl_->generation;
    }
    if (pred(*this)) return true;
    std::unique_lock lock(impl_->wait_mu);
    if (!impl_->wait_cv.wait_until(lock, deadline, [&] { return impl_->generation != seen; })) {
      lock.unlock();
      return pred(*this);
    }
  }
}

}  // namespace networkbot::testing
