// Private to the fake Slack (tests/fake_slack/*.cpp): the text encodings it reads and writes (JSON string
// literals, form bodies, base64 cursors) and the ids it makes (envelope ids, tickets, DM channel ids).
// Pure functions of their arguments, safe on any thread; splitmix64 is a plain value, guarded by whoever
// owns it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace networkbot::testing::detail {

// splitmix64: a tiny, well-mixed, seedable generator; every "random" choice of the fake comes from one.
struct splitmix64 {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
  }
};

// Appends the low `digits` hex digits of `value`, most significant first, in lower case.
void append_hex(std::string& out, std::uint64_t value, int digits);

// 8-4-4-4-12 hex, version nibble 4. `low` appears whole in the last 15 digits, so distinct counters give
// distinct ids.
std::string uuid_like(std::uint64_t random, std::uint64_t low);

// Appends `s` as a JSON string literal. Runs of plain characters are copied in one append (this is on the
// path of every envelope, and the test builds are unoptimised).
void append_json_string(std::string& out, std::string_view s);

std::string lower(std::string_view s);       // ASCII letters only
std::string_view trim(std::string_view s);   // spaces and tabs at both ends

// application/x-www-form-urlencoded (also a query string): pairs in order, '+' and %XX decoded; a part
// without '=' has an empty value; a malformed %XX stays as it is.
using form_args = std::vector<std::pair<std::string, std::string>>;
std::string percent_decode(std::string_view s);
form_args parse_form(std::string_view s);

std::string base64_encode(std::string_view in);
std::optional<std::string> base64_decode(std::string_view in);  // nullopt on a character outside the alphabet

std::optional<long long> to_integer(std::string_view s);  // the whole of `s` in decimal, else nullopt

// 64-bit FNV-1a: stable ids derived from text (DM channel ids).
std::uint64_t fnv1a(std::string_view s);

}  // namespace networkbot::testing::detail
