// HTTP/2 serving (nghttp2's server side): the same requests as over HTTP/1.1, answered by handle_http, many
// in flight on one connection. The request cap of set_http2_max_requests is enforced here: a graceful GOAWAY
// names the last stream taken, and the streams above it are refused, never processed.
// Threading: the fake's thread only. nghttp2's callbacks run inside nghttp2_session_mem_recv/mem_send on
// that thread, so an h2_connection needs no lock; the mutex guards only the shared counters and settings.
#include "tests/fake_slack/detail.hpp"

#include <boost/asio/co_spawn.hpp>
#include <nghttp2/nghttp2.h>

#include <sys/types.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>

namespace networkbot::testing {

namespace detail {

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

}  // namespace detail

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

// Public members (any thread).

std::size_t fake_slack::http2_connections() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->http2_accepted;
}

}  // namespace networkbot::testing
