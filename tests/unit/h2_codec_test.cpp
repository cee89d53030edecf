// The HTTP/2 client codec against a small in-memory server (nghttp2's server side), bytes handed across
// by hand: several requests in one write, answers, a GOAWAY that refuses what the server never took, a
// reset stream, a cut connection and garbage from the peer.

#include <nghttp2/nghttp2.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bot/slack/h2_codec.hpp"

using networkbot::slack::h2_codec;
using networkbot::slack::h2_error;
using outcome = h2_codec::outcome;

namespace {

// Keeps each request's headers and body; answers only when told to.
class test_server {
 public:
  struct request {
    std::map<std::string, std::string> headers;
    std::string body;
    bool complete = false;
  };

  test_server() {
    nghttp2_session_callbacks* cbs = nullptr;
    nghttp2_session_callbacks_new(&cbs);
    nghttp2_session_callbacks_set_on_begin_headers_callback(cbs, [](nghttp2_session*, const nghttp2_frame* f, void* self) {
      static_cast<test_server*>(self)->requests[f->hd.stream_id];
      return 0;
    });
    nghttp2_session_callbacks_set_on_header_callback(
        cbs, [](nghttp2_session*, const nghttp2_frame* f, const std::uint8_t* n, std::size_t nl, const std::uint8_t* v,
                std::size_t vl, std::uint8_t, void* self) {
          static_cast<test_server*>(self)->requests[f->hd.stream_id].headers[std::string(reinterpret_cast<const char*>(n), nl)] =
              std::string(reinterpret_cast<const char*>(v), vl);
          return 0;
        });
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(
        cbs, [](nghttp2_session*, std::uint8_t, std::int32_t id, const std::uint8_t* d, std::size_t len, void* self) {
          static_cast<test_server*>(self)->requests[id].body.append(reinterpret_cast<const char*>(d), len);
          return 0;
        });
    nghttp2_session_callbacks_set_on_frame_recv_callback(cbs, [](nghttp2_session*, const nghttp2_frame* f, void* self) {
      if ((f->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0 && (f->hd.type == NGHTTP2_HEADERS || f->hd.type == NGHTTP2_DATA))
        static_cast<test_server*>(self)->requests[f->hd.stream_id].complete = true;
      return 0;
    });
    nghttp2_session_server_new(&session, cbs, this);
    nghttp2_session_callbacks_del(cbs);
    nghttp2_submit_settings(session, NGHTTP2_FLAG_NONE, nullptr, 0);
  }
  ~test_server() { nghttp2_session_del(session); }
  test_server(const test_server&) = delete;
  test_server& operator=(const test_server&) = delete;

  void receive(const std::string& bytes) {
    REQUIRE(nghttp2_session_mem_recv(session, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()) ==
            static_cast<ssize_t>(bytes.size()));
  }
  std::string output() {
    std::string out;
    for (;;) {
      const std::uint8_t* data = nullptr;
      const auto n = nghttp2_session_mem_send(session, &data);
      REQUIRE(n >= 0);
      if (n == 0) return out;
      out.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(n));
    }
  }
  void answer(std::int32_t id, const std::string& status, std::string body, const std::string& retry_after = {}) {
    bodies[id] = std::move(body);
    std::vector<nghttp2_nv> nv{header(":status", status)};
    if (!retry_after.empty()) nv.push_back(header("retry-after", retry_after));
    nghttp2_data_provider provider{};
    provider.read_callback = [](nghttp2_session*, std::int32_t stream, std::uint8_t* buf, std::size_t length,
                                std::uint32_t* flags, nghttp2_data_source*, void* self) -> ssize_t {
      std::string& b = static_cast<test_server*>(self)->bodies[stream];
      const std::size_t n = std::min(length, b.size());
      std::memcpy(buf, b.data(), n);
      b.erase(0, n);
      if (b.empty()) *flags |= NGHTTP2_DATA_FLAG_EOF;
      return static_cast<ssize_t>(n);
    };
    REQUIRE(nghttp2_submit_response(session, id, nv.data(), nv.size(), &provider) == 0);
  }

  nghttp2_session* session = nullptr;
  std::map<std::int32_t, request> requests;
  std::map<std::int32_t, std::string> bodies;

 private:
  static nghttp2_nv header(std::string_view n, std::string_view v) {
    return {reinterpret_cast<std::uint8_t*>(const_cast<char*>(n.data())),
            reinterpret_cast<std::uint8_t*>(const_cast<char*>(v.data())), n.size(), v.size(), NGHTTP2_NV_FLAG_NONE};
  }
};

h2_codec::request post(std::string body, std::string_view path = "/response/1") {
  return {"hooks.example:8443", path, "application/json; charset=utf-8", "Bearer xoxb-secret", std::move(body)};
}

std::string written(h2_codec& codec) {
  std::string out;
  codec.take_output(out);
  return out;
}

}  // namespace

TEST_CASE("h2 codec: requests queued together leave in one write and each answer comes back", "[slack][h2]") {
  h2_codec codec;
  test_server server;
  const auto a = codec.submit(post(R"({"text":"one"})", "/response/1"));
  const auto b = codec.submit(post(std::string(40000, 'x'), "/api/chat.postMessage"));  // more than one DATA frame
  const auto c = codec.submit(post(R"({"text":"three"})", "/response/3"));
  CHECK(codec.open_streams() == 3);
  server.receive(written(codec));  // the connection preface, settings and all three requests

  REQUIRE(server.requests.size() == 3);
  const auto& first = server.requests.at(a);
  CHECK(first.complete);
  CHECK(first.headers.at(":method") == "POST");
  CHECK(first.headers.at(":scheme") == "https");
  CHECK(first.headers.at(":authority") == "hooks.example:8443");
  CHECK(first.headers.at(":path") == "/response/1");
  CHECK(first.headers.at("content-type") == "application/json; charset=utf-8");
  CHECK(first.headers.at("authorization") == "Bearer xoxb-secret");
  CHECK(first.headers.at("content-length") == "14");
  CHECK(first.body == R"({"text":"one"})");
  CHECK(server.requests.at(b).body.size() == 40000);
  CHECK(server.requests.at(b).complete);

  server.answer(c, "429", R"({"ok":false,"error":"ratelimited"})", "7");
  server.answer(a, "200", "ok");
  server.answer(b, "200", R"({"ok":true})");
  codec.receive(server.output());
  const auto done = codec.take_finished();
  REQUIRE(done.size() == 3);
  std::map<std::int32_t, h2_codec::finished> by_stream;
  for (const auto& f : done) by_stream[f.stream] = f;
  CHECK(by_stream.at(a).how == outcome::answered);
  CHECK(by_stream.at(a).response.status == 200);
  CHECK(by_stream.at(a).response.body == "ok");
  CHECK(by_stream.at(b).response.body == R"({"ok":true})");
  CHECK(by_stream.at(c).response.status == 429);
  CHECK(by_stream.at(c).response.retry_after == "7");
  CHECK(codec.open_streams() == 0);
  CHECK_FALSE(codec.closing());
}

TEST_CASE("h2 codec: after GOAWAY the requests the server never took are refused, to be sent again", "[slack][h2]") {
  h2_codec codec;
  test_server server;
  const auto taken = codec.submit(post("{}"));
  server.receive(written(codec));
  const auto late1 = codec.submit(post("{}"));
  const auto late2 = codec.submit(post("{}"));
  const std::string late_bytes = written(codec);  // in flight when the server says goodbye

  REQUIRE(nghttp2_submit_goaway(server.session, NGHTTP2_FLAG_NONE, taken, NGHTTP2_NO_ERROR, nullptr, 0) == 0);
  server.answer(taken, "200", "ok");
  codec.receive(server.output());
  server.receive(late_bytes);  // arrives after the GOAWAY: the server ignores it
  CHECK(server.requests.size() == 1);

  const auto done = codec.take_finished();
  REQUIRE(done.size() == 3);
  std::map<std::int32_t, outcome> how;
  for (const auto& f : done) how[f.stream] = f.how;
  CHECK(how.at(taken) == outcome::answered);
  CHECK(how.at(late1) == outcome::refused);
  CHECK(how.at(late2) == outcome::refused);
  CHECK(codec.closing());
  CHECK_THROWS_AS(codec.submit(post("{}")), h2_error);
}

TEST_CASE("h2 codec: a reset stream or a cut connection after the request left is a failure, not a refusal", "[slack][h2]") {
  h2_codec codec;
  test_server server;
  const auto reset = codec.submit(post("{}"));
  const auto cut = codec.submit(post("{}"));
  server.receive(written(codec));
  REQUIRE(nghttp2_submit_rst_stream(server.session, NGHTTP2_FLAG_NONE, reset, NGHTTP2_INTERNAL_ERROR) == 0);
  codec.receive(server.output());
  auto done = codec.take_finished();
  REQUIRE(done.size() == 1);
  CHECK(done[0].stream == reset);
  CHECK(done[0].how == outcome::failed);
  CHECK_THAT(done[0].why, Catch::Contains("INTERNAL_ERROR"));

  const auto never_sent = codec.submit(post("{}"));  // queued, not yet written when the connection drops
  done = codec.abandon("end of stream");
  REQUIRE(done.size() == 2);
  CHECK(done[0].stream == cut);
  CHECK(done[0].how == outcome::failed);
  CHECK(done[1].stream == never_sent);
  CHECK(done[1].how == outcome::refused);
  CHECK(codec.closing());
}

TEST_CASE("h2 codec: a cancelled request is reset and forgotten; garbage from the peer ends the session", "[slack][h2]") {
  h2_codec codec;
  test_server server;
  const auto gone = codec.submit(post("{}"));
  server.receive(written(codec));
  codec.cancel(gone);
  CHECK(codec.open_streams() == 0);
  server.receive(written(codec));  // the RST_STREAM
  codec.receive(server.output());
  CHECK(codec.take_finished().empty());

  // An HTTP/1.1 answer where frames belong: nghttp2 answers with a GOAWAY, and once that is written the
  // session is over; the request still open fails (it had left).
  const auto open = codec.submit(post("{}"));
  server.receive(written(codec));
  codec.receive("HTTP/1.1 200 OK\r\n\r\n");
  CHECK_FALSE(written(codec).empty());
  CHECK(codec.ended());
  CHECK(codec.closing());
  const auto done = codec.abandon("the HTTP/2 session ended");
  REQUIRE(done.size() == 1);
  CHECK(done[0].stream == open);
  CHECK(done[0].how == outcome::failed);
}
