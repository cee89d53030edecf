#include "bot/slack/h2_codec.hpp"

#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace networkbot::slack {

namespace {

constexpr std::size_t max_body_bytes = 16 * 1024 * 1024;  // as the HTTP/1.1 path allows
// Answers (users.list pages) may be large: a 1 MiB window lets the server send one without waiting for us.
constexpr std::uint32_t receive_window = 1U << 20;

nghttp2_nv header(std::string_view name, std::string_view value, std::uint8_t flags = NGHTTP2_NV_FLAG_NONE) {
  // nghttp2 copies names and values when the request is submitted; it never writes through these.
  auto* n = reinterpret_cast<std::uint8_t*>(const_cast<char*>(name.data()));
  auto* v = reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data()));
  return nghttp2_nv{n, v, name.size(), value.size(), flags};
}

}  // namespace

// nghttp2 calls back into the codec (user_data) while receive() and take_output() run.
struct h2_codec::callbacks {
  static h2_codec& self(void* user_data) { return *static_cast<h2_codec*>(user_data); }

  static int on_header(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name, std::size_t name_len,
                       const std::uint8_t* value, std::size_t value_len, std::uint8_t, void* user_data) {
    if (frame->hd.type != NGHTTP2_HEADERS) return 0;
    auto& codec = self(user_data);
    const auto it = codec.streams_.find(frame->hd.stream_id);
    if (it == codec.streams_.end()) return 0;
    const std::string_view n(reinterpret_cast<const char*>(name), name_len);
    const std::string_view v(reinterpret_cast<const char*>(value), value_len);
    if (n == ":status") {
      unsigned status = 0;
      for (const char c : v) status = status * 10 + static_cast<unsigned>(c - '0');  // nghttp2 checked: 3 digits
      it->second.response.status = status;  // a final status replaces a 1xx one
    } else if (n == "retry-after") {
      it->second.response.retry_after = std::string(v);
    }
    return 0;
  }

  static int on_data(nghttp2_session* session, std::uint8_t, std::int32_t id, const std::uint8_t* data,
                     std::size_t len, void* user_data) {
    auto& codec = self(user_data);
    const auto it = codec.streams_.find(id);
    if (it == codec.streams_.end() || it->second.too_big) return 0;
    auto& body = it->second.response.body;
    if (body.size() + len > max_body_bytes) {
      it->second.too_big = true;
      return nghttp2_submit_rst_stream(session, NGHTTP2_FLAG_NONE, id, NGHTTP2_CANCEL);
    }
    body.append(reinterpret_cast<const char*>(data), len);
    return 0;
  }

  static int on_frame_sent(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
    if (frame->hd.type != NGHTTP2_HEADERS) return 0;
    auto& codec = self(user_data);
    if (const auto it = codec.streams_.find(frame->hd.stream_id); it != codec.streams_.end())
      it->second.headers_sent = true;
    return 0;
  }

  static int on_frame_not_sent(nghttp2_session*, const nghttp2_frame* frame, int error, void* user_data) {
    // A request that could not start (the server said GOAWAY first): it never left, so it is safe to resend.
    if (frame->hd.type == NGHTTP2_HEADERS)
      self(user_data).finish(frame->hd.stream_id, outcome::refused, nghttp2_strerror(error));
    return 0;
  }

  static int on_frame_received(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
    if (frame->hd.type == NGHTTP2_GOAWAY) self(user_data).goaway_ = true;
    return 0;
  }

  static int on_stream_close(nghttp2_session*, std::int32_t id, std::uint32_t error, void* user_data) {
    auto& codec = self(user_data);
    const auto it = codec.streams_.find(id);
    if (it == codec.streams_.end()) return 0;
    const stream_state& s = it->second;
    if (!s.headers_sent || error == NGHTTP2_REFUSED_STREAM) {
      codec.finish(id, outcome::refused, "the server did not take the request");
    } else if (s.too_big) {
      codec.finish(id, outcome::failed, "the answer is larger than 16 MiB");
    } else if (error == NGHTTP2_NO_ERROR && s.response.status >= 200) {
      codec.finish(id, outcome::answered, {});
    } else {
      codec.finish(id, outcome::failed, std::string("the stream was reset: ") + nghttp2_http2_strerror(error));
    }
    return 0;
  }

  static ssize_t read_body(nghttp2_session*, std::int32_t id, std::uint8_t* buf, std::size_t length,
                           std::uint32_t* flags, nghttp2_data_source*, void* user_data) {
    auto& codec = self(user_data);
    const auto it = codec.streams_.find(id);
    if (it == codec.streams_.end()) return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;  // abandoned: reset it
    stream_state& s = it->second;
    const std::size_t n = std::min(length, s.body.size() - s.sent);
    std::memcpy(buf, s.body.data() + s.sent, n);
    s.sent += n;
    if (s.sent == s.body.size()) {
      *flags |= NGHTTP2_DATA_FLAG_EOF;
      std::string().swap(s.body);  // the request has left: its memory is not needed while the answer comes
    }
    return static_cast<ssize_t>(n);
  }
};

h2_codec::h2_codec() {
  nghttp2_session_callbacks* cbs = nullptr;
  if (nghttp2_session_callbacks_new(&cbs) != 0) throw h2_error("out of memory for an HTTP/2 session");
  nghttp2_session_callbacks_set_on_header_callback(cbs, callbacks::on_header);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cbs, callbacks::on_data);
  nghttp2_session_callbacks_set_on_frame_send_callback(cbs, callbacks::on_frame_sent);
  nghttp2_session_callbacks_set_on_frame_not_send_callback(cbs, callbacks::on_frame_not_sent);
  nghttp2_session_callbacks_set_on_frame_recv_callback(cbs, callbacks::on_frame_received);
  nghttp2_session_callbacks_set_on_stream_close_callback(cbs, callbacks::on_stream_close);
  const int rv = nghttp2_session_client_new(&session_, cbs, this);
  nghttp2_session_callbacks_del(cbs);
  if (rv != 0) throw h2_error(std::string("cannot start an HTTP/2 session: ") + nghttp2_strerror(rv));
  const std::array<nghttp2_settings_entry, 2> settings{{
      {NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
      {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, receive_window},
  }};
  if (nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings.data(), settings.size()) != 0 ||
      nghttp2_session_set_local_window_size(session_, NGHTTP2_FLAG_NONE, 0, static_cast<std::int32_t>(receive_window)) != 0) {
    nghttp2_session_del(session_);
    throw h2_error("cannot set up an HTTP/2 session");
  }
}

h2_codec::~h2_codec() { nghttp2_session_del(session_); }

std::int32_t h2_codec::submit(request r) {
  if (closing()) throw h2_error("the HTTP/2 connection is closing");
  const std::string length = std::to_string(r.body.size());
  std::array<nghttp2_nv, 8> nv{};
  std::size_t n = 0;
  nv[n++] = header(":method", "POST");
  nv[n++] = header(":scheme", "https");
  nv[n++] = header(":authority", r.authority);
  nv[n++] = header(":path", r.path);
  nv[n++] = header("user-agent", "networkbot");
  nv[n++] = header("content-type", r.content_type);
  nv[n++] = header("content-length", length);
  // The token stays out of the compression tables (RFC 7541 §7.1.3): it is sent literally each time.
  if (!r.authorization.empty()) nv[n++] = header("authorization", r.authorization, NGHTTP2_NV_FLAG_NO_INDEX);
  nghttp2_data_provider body{};
  body.read_callback = callbacks::read_body;
  const bool has_body = !r.body.empty();
  const std::int32_t id = nghttp2_submit_request(session_, nullptr, nv.data(), n, has_body ? &body : nullptr, nullptr);
  if (id < 0) throw h2_error(std::string("cannot send an HTTP/2 request: ") + nghttp2_strerror(id));
  streams_[id].body = std::move(r.body);
  return id;
}

void h2_codec::cancel(std::int32_t stream) {
  if (!streams_.contains(stream)) return;
  (void)nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, stream, NGHTTP2_CANCEL);  // best effort
  streams_.erase(stream);  // whatever nghttp2 reports about it later finds nothing
}

void h2_codec::receive(std::string_view bytes) {
  const auto rv = nghttp2_session_mem_recv(session_, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  if (rv < 0) throw h2_error(std::string("HTTP/2: ") + nghttp2_strerror(static_cast<int>(rv)));
}

void h2_codec::take_output(std::string& out) {
  for (;;) {
    const std::uint8_t* data = nullptr;
    const auto n = nghttp2_session_mem_send(session_, &data);
    if (n < 0) throw h2_error(std::string("HTTP/2: ") + nghttp2_strerror(static_cast<int>(n)));
    if (n == 0) return;
    out.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(n));
  }
}

std::vector<h2_codec::finished> h2_codec::take_finished() {
  std::vector<finished> out;
  out.swap(finished_);
  return out;
}

std::vector<h2_codec::finished> h2_codec::abandon(std::string_view why) {
  goaway_ = true;
  std::vector<std::int32_t> ids;
  ids.reserve(streams_.size());
  for (const auto& [id, s] : streams_) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  for (const std::int32_t id : ids)
    finish(id, streams_.at(id).headers_sent ? outcome::failed : outcome::refused, std::string(why));
  return take_finished();
}

bool h2_codec::closing() const { return goaway_ || ended(); }

bool h2_codec::ended() const {
  return nghttp2_session_want_read(session_) == 0 && nghttp2_session_want_write(session_) == 0;
}

void h2_codec::finish(std::int32_t id, outcome how, std::string why) {
  const auto it = streams_.find(id);
  if (it == streams_.end()) return;
  finished f{id, how, {}, std::move(why)};
  if (how == outcome::answered) f.response = std::move(it->second.response);
  finished_.push_back(std::move(f));
  streams_.erase(it);
}

}  // namespace networkbot::slack
