#pragma once
// The parts of an https:// or wss:// address that a connection needs.

#include <optional>
#include <string>
#include <string_view>

namespace networkbot::slack {

struct url {
  std::string scheme;  // "https" or "wss"
  std::string host;    // a name or an address literal (no brackets)
  std::string port;    // always set: 443 when the address names none
  std::string target;  // path and query, at least "/"
  // "host" or "host:port" as an HTTP Host header carries it.
  [[nodiscard]] std::string host_header() const;
};

// Parses an absolute https:// or wss:// URL; nothing for anything else.
[[nodiscard]] std::optional<url> parse_url(std::string_view text);

// The decoded value of `key` in the query of the absolute URL `text`; empty when it has none.
[[nodiscard]] std::string query_value(std::string_view text, std::string_view key);

}  // namespace networkbot::slack
