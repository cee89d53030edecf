#pragma once
// What the HTTPS client's two protocols share: an open TLS connection whose protocol the server chose
// (ALPN), a request's parts, and what one try of a request came to. For https_client, h1_pool and
// h2_connection only: it brings in Beast's TLS stream, which the rest of the adapter need not compile.

#include <boost/asio/any_io_executor.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "bot/slack/http_response.hpp"
#include "bot/slack/url.hpp"

namespace networkbot::slack {

struct https_connection {
  https_connection(boost::asio::any_io_executor ex, boost::asio::ssl::context& tls) : stream(std::move(ex), tls) {}
  boost::beast::ssl_stream<boost::beast::tcp_stream> stream;
  boost::beast::flat_buffer buffer;
  std::string key;  // "host:port": connections are pooled, and HTTP/2 ones shared, per key
  bool h2 = false;  // the server chose HTTP/2
};

// A request's parts, as https_client::post was given them.
struct https_request {
  const url& to;
  std::string_view content_type;
  std::string_view body;
  std::string_view authorization;
};

// One try of a request: its answer, or none when sending it again is safe (refused: the server did
// not take it; else an idle connection turned out closed before anything was answered).
struct https_attempt {
  std::optional<http_response> answer;
  bool refused = false;
};

}  // namespace networkbot::slack
