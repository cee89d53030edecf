#include "bot/slack/json_text.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <string_view>

namespace networkbot::slack {

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

// Bytes that can be copied as they are: printable ASCII except the quote and the backslash.
constexpr std::array<bool, 256> plain_bytes = [] {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x80; ++c) t[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
  return t;
}();

void append_escaped_control(std::string& out, unsigned char c) {
  switch (c) {
    case '\b': out += "\\b"; return;
    case '\f': out += "\\f"; return;
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    default: {
      constexpr std::string_view hex = "0123456789abcdef";
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
  }
}

// The length of the UTF-8 sequence that starts with `lead`, and the range its second byte must be in
// (which rules out overlong forms, surrogates and code points past U+10FFFF); 0 when `lead` cannot
// start a sequence.
struct sequence_rule {
  int length;
  unsigned char low;
  unsigned char high;
};
constexpr sequence_rule rule_for(unsigned char lead) {
  if (lead >= 0xC2 && lead <= 0xDF) return {2, 0x80, 0xBF};
  if (lead == 0xE0) return {3, 0xA0, 0xBF};
  if (lead == 0xED) return {3, 0x80, 0x9F};
  if (lead >= 0xE1 && lead <= 0xEF) return {3, 0x80, 0xBF};
  if (lead == 0xF0) return {4, 0x90, 0xBF};
  if (lead >= 0xF1 && lead <= 0xF3) return {4, 0x80, 0xBF};
  if (lead == 0xF4) return {4, 0x80, 0x8F};
  return {0, 0, 0};
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    std::size_t run = i;
    while (run < n && plain_bytes[p[run]]) ++run;
    if (run > i) {
      out.append(s.data() + i, run - i);
      i = run;
      if (i == n) break;
    }
    const unsigned char c = p[i];
    if (c < 0x80) {  // a quote, a backslash or a control character
      if (c == '"')
        out += "\\\"";
      else if (c == '\\')
        out += "\\\\";
      else
        append_escaped_control(out, c);
      ++i;
      continue;
    }
    // A multi-byte sequence: copied when whole and valid. Otherwise one U+FFFD stands for the bytes read
    // so far, and the byte that broke the sequence is read again as the start of the next.
    const sequence_rule rule = rule_for(c);
    if (rule.length == 0) {
      out += replacement;
      ++i;
      continue;
    }
    const auto length = static_cast<std::size_t>(rule.length);
    std::size_t k = 1;
    for (; k < length && i + k < n; ++k) {
      const unsigned char next = p[i + k];
      const bool ok = k == 1 ? next >= rule.low && next <= rule.high : next >= 0x80 && next <= 0xBF;
      if (!ok) break;
    }
    if (k == length) {
      out.append(s.data() + i, length);
      i += length;
    } else {
      out += replacement;
      i += k;  // at the breaking byte, or at the end of a string that stopped mid-sequence
    }
  }
  out += '"';
}

namespace {

template <class Integer>
void append_integer(std::string& out, Integer v) {
  std::array<char, 24> buffer{};
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), v);
  (void)ec;  // 24 characters hold every 64-bit integer
  out.append(buffer.data(), end);
}

}  // namespace

void append_json_text(std::string& out, const nlohmann::json& j) {
  using value_t = nlohmann::json::value_t;
  switch (j.type()) {
    case value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, value] : j.items()) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, key);
        out += ':';
        append_json_text(out, value);
      }
      out += '}';
      return;
    }
    case value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& value : j) {
        if (!first) out += ',';
        first = false;
        append_json_text(out, value);
      }
      out += ']';
      return;
    }
    case value_t::string: append_json_string(out, j.get_ref<const std::string&>()); return;
    case value_t::boolean: out += j.get<bool>() ? "true" : "false"; return;
    case value_t::null: out += "null"; return;
    case value_t::number_integer: append_integer(out, j.get<std::int64_t>()); return;
    case value_t::number_unsigned: append_integer(out, j.get<std::uint64_t>()); return;
    default:
      // Floating-point numbers (nlohmann's shortest round-trip form), binary values, discarded values.
      out += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      return;
  }
}

}  // namespace networkbot::slack
