#include "bot/slack/url.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace networkbot::slack {

std::string url::host_header() const {
  const std::string name = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return port == "443" ? name : name + ":" + port;
}

std::optional<url> parse_url(std::string_view text) {
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed) return std::nullopt;
  const boost::urls::url_view& v = *parsed;
  url out;
  out.scheme = std::string(v.scheme());
  if (out.scheme != "https" && out.scheme != "wss") return std::nullopt;
  if (!v.has_authority() || v.encoded_host().empty()) return std::nullopt;
  out.host = std::string(v.encoded_host_address());
  out.port = v.has_port() && !v.port().empty() ? std::string(v.port()) : "443";
  out.target = std::string(v.encoded_target());
  if (out.target.empty() || out.target.front() != '/') out.target.insert(out.target.begin(), '/');
  return out;
}

std::string query_value(std::string_view text, std::string_view key) {
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed) return {};
  for (const auto& param : parsed->params())
    if (param.key == key && param.has_value) return std::string(param.value);
  return {};
}

}  // namespace networkbot::slack
