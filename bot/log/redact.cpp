#include "bot/log/redact.hpp"

#include <array>

namespace networkbot::log {

namespace {

constexpr std::string_view mark = "[redacted]";
constexpr std::array<std::string_view, 8> token_prefixes{"xapp-", "xoxb-", "xoxp-", "xoxa-",
                                                         "xoxr-", "xoxs-", "xoxe-", "xoxe."};

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_token_char(char c) { return is_alnum(c) || c == '-' || c == '.' || c == '_'; }
// Where a URL or query value ends in free text, JSON or a form body.
bool ends_value(char c) {
  return c == '&' || c == '"' || c == '\'' || c == '<' || c == '>' || c == ' ' || c == '\t' || c == '\n' ||
         c == '\r' || c == ',' || c == '}' || c == ')';
}

bool starts_with_ci(std::string_view text, std::size_t at, std::string_view prefix) {
  if (text.size() - at < prefix.size()) return false;
  for (std::size_t k = 0; k < prefix.size(); ++k) {
    char c = text[at + k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[k]) return false;
  }
  return true;
}

}  // namespace

std::string redact(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  std::size_t i = 0;
  const std::size_t n = in.size();
  auto skip_value = [&](std::size_t from) {
    std::size_t j = from;
    while (j < n && !ends_value(in[j])) ++j;
    return j;
  };
  while (i < n) {
    const bool boundary = i == 0 || !is_alnum(in[i - 1]);
    if (boundary && in[i] == 'x') {
      bool matched = false;
      for (auto prefix : token_prefixes) {
        if (!in.substr(i).starts_with(prefix)) continue;
        out += prefix;
        out += mark;
        i += prefix.size();
        while (i < n && is_token_char(in[i])) ++i;
        matched = true;
        break;
      }
      if (matched) continue;
    }
    if (starts_with_ci(in, i, "ticket=")) {
      out.append(in.substr(i, 7));
      out += mark;
      i = skip_value(i + 7);
      continue;
    }
    if (starts_with_ci(in, i, "hooks.slack")) {
      // https://hooks.slack.com/commands/T…/…/… : keep the host, hide the path.
      std::size_t j = i;
      while (j < n && in[j] != '/' && !ends_value(in[j])) ++j;
      out.append(in.substr(i, j - i));
      if (j < n && in[j] == '/') {
        out += '/';
        out += mark;
        j = skip_value(j);
      }
      i = j;
      continue;
    }
    if (starts_with_ci(in, i, "response_url")) {
      // response_url=…, "response_url":"…", response_url: … (any address, the test server's too).
      std::size_t j = i + 12;
      out.append(in.substr(i, 12));
      while (j < n && (in[j] == '"' || in[j] == '\\' || in[j] == ':' || in[j] == '=' || in[j] == ' ')) out += in[j++];
      const std::size_t end = skip_value(j);
      if (end > j) out += mark;
      i = end;
      continue;
    }
    out += in[i++];
  }
  return out;
}

}  // namespace networkbot::log
