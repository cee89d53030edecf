#pragma once
// The client side of one HTTP/2 connection (RFC 9113, through nghttp2), without any I/O: requests go in,
// bytes to write come out, bytes read go in, finished streams come out. h2_connection does the reading
// and writing. Many requests share the connection, so the outbox's replies leave in one write and their
// answers arrive in one read, instead of a send and a receive each on a connection of its own.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bot/slack/http_response.hpp"

struct nghttp2_session;

namespace networkbot::slack {

// The connection can no longer be used (the peer broke the protocol, or nghttp2 ran out of memory).
class h2_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class h2_codec {
 public:
  struct request {
    std::string_view authority;  // "host" or "host:port"
    std::string_view path;       // path and query
    std::string_view content_type;
    std::string_view authorization;  // empty: none
    std::string body;
  };

  enum class outcome {
    answered,  // a whole response arrived
    refused,   // the server did not process the request (GOAWAY above it, REFUSED_STREAM, never sent): send it again
    failed,    // reset or cut off after it was sent: the server may have acted on it
  };
  struct finished {
    std::int32_t stream = 0;
    outcome how = outcome::failed;
    http_response response;  // when answered
    std::string why;         // when not
  };

  h2_codec();
  ~h2_codec();
  h2_codec(const h2_codec&) = delete;
  h2_codec& operator=(const h2_codec&) = delete;

  // Queues a request and returns its stream id. Throws h2_error when the connection takes no more.
  std::int32_t submit(request r);
  // Abandons a request (a timeout): the server is told to stop (RST_STREAM CANCEL) and the stream is
  // forgotten at once; it is not reported by take_finished().
  void cancel(std::int32_t stream);
  // Feeds what was read from the server. Throws h2_error when nghttp2 cannot go on at all; a protocol
  // error from the peer instead ends the session (see ended()).
  void receive(std::string_view bytes);
  // Appends to `out` everything there is to write now (frames of several requests together).
  void take_output(std::string& out);
  // Streams that ended since the last call, in the order they ended.
  [[nodiscard]] std::vector<finished> take_finished();
  // The connection ended (EOF, read or write error): every stream still open finishes now, as refused when
  // its request never left, else as failed.
  [[nodiscard]] std::vector<finished> abandon(std::string_view why);

  // No new requests: the server sent GOAWAY, or the session ended.
  [[nodiscard]] bool closing() const;
  // Nothing more to read or write: a GOAWAY both ways with no stream left, or a protocol error (nghttp2
  // answers one with a GOAWAY of its own; once that is written, the session is over and the connection
  // should close, failing whatever is still open).
  [[nodiscard]] bool ended() const;
  [[nodiscard]] std::size_t open_streams() const { return streams_.size(); }

 private:
  struct stream_state {
    std::string body;
    std::size_t sent = 0;
    bool headers_sent = false;
    http_response response;
    bool too_big = false;
  };
  struct callbacks;

  void finish(std::int32_t id, outcome how, std::string why);

  nghttp2_session* session_ = nullptr;
  std::unordered_map<std::int32_t, stream_state> streams_;
  std::vector<finished> finished_;
  bool goaway_ = false;
};

}  // namespace networkbot::slack
