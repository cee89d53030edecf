// The text encodings the fake reads and writes, and the ids it makes (see encoding.hpp).
// Pure functions: no state, any thread.
#include "tests/fake_slack/encoding.hpp"

#include <algorithm>
#include <charconv>
#include <system_error>

namespace networkbot::testing::detail {
namespace {

constexpr std::string_view hex_digits = "0123456789abcdef";
constexpr std::string_view base64_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

bool needs_escape(char c) { return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20U; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

void append_hex(std::string& out, std::uint64_t value, int digits) {
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
    out += hex_digits[(value >> static_cast<unsigned>(shift)) & 0xFU];
  }
}

std::string uuid_like(std::uint64_t random, std::uint64_t low) {
  std::string hex;
  hex.reserve(36);
  append_hex(hex, random, 16);
  append_hex(hex, low, 16);
  hex[12] = '4';
  hex[16] = hex_digits[8U + (random & 3U)];
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < hex.size(); ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) out += '-';
    out += hex[i];
  }
  return out;
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (!needs_escape(c)) continue;
    out.append(s.data() + start, i - start);
    start = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        append_hex(out, static_cast<unsigned char>(c), 2);
    }
  }
  out.append(s.data() + start, s.size() - start);
  out += '"';
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

form_args parse_form(std::string_view s) {
  form_args out;
  while (!s.empty()) {
    const std::size_t amp = s.find('&');
    const std::string_view part = s.substr(0, amp);
    s = amp == std::string_view::npos ? std::string_view{} : s.substr(amp + 1);
    if (part.empty()) continue;
    const std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      out.emplace_back(percent_decode(part), std::string{});
    } else {
      out.emplace_back(percent_decode(part.substr(0, eq)), percent_decode(part.substr(eq + 1)));
    }
  }
  return out;
}

std::string base64_encode(std::string_view in) {
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const auto n = (static_cast<unsigned>(static_cast<unsigned char>(in[i])) << 16U) |
                   (static_cast<unsigned>(static_cast<unsigned char>(in[i + 1])) << 8U) |
                   static_cast<unsigned>(static_cast<unsigned char>(in[i + 2]));
    out += base64_alphabet[(n >> 18U) & 63U];
    out += base64_alphabet[(n >> 12U) & 63U];
    out += base64_alphabet[(n >> 6U) & 63U];
    out += base64_alphabet[n & 63U];
  }
  const std::size_t rest = in.size() - i;
  if (rest > 0) {
    auto n = static_cast<unsigned>(static_cast<unsigned char>(in[i])) << 16U;
    if (rest == 2) n |= static_cast<unsigned>(static_cast<unsigned char>(in[i + 1])) << 8U;
    out += base64_alphabet[(n >> 18U) & 63U];
    out += base64_alphabet[(n >> 12U) & 63U];
    out += rest == 2 ? base64_alphabet[(n >> 6U) & 63U] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view in) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : in) {
    if (c == '=') break;
    const std::size_t v = base64_alphabet.find(c);
    if (v == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 6U) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> static_cast<unsigned>(bits)) & 0xFFU);
    }
  }
  return out;
}

std::optional<long long> to_integer(std::string_view s) {
  long long v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace networkbot::testing::detail
