#pragma once
// JSON as the text that goes to Slack or into the database: compact, keys in nlohmann's (sorted) order,
// non-ASCII kept as UTF-8. Text a person typed may hold invalid UTF-8; each invalid sequence becomes
// U+FFFD rather than an exception on the way out.
//
// The output is byte for byte what nlohmann's dump(-1, ' ', false, error_handler_t::replace) writes. It is
// written here because every reply and every stored envelope goes through it, and nlohmann's serializer
// decodes each byte of each string through its UTF-8 state machine one at a time: an eighth of the
// worker's time under a burst. This one copies runs of plain ASCII whole.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace networkbot::slack {

void append_json_text(std::string& out, const nlohmann::json& j);
// One string as a JSON string literal, quotes included, escaped as above.
void append_json_string(std::string& out, std::string_view s);

[[nodiscard]] inline std::string json_text(const nlohmann::json& j) {
  std::string out;
  append_json_text(out, j);
  return out;
}

}  // namespace networkbot::slack
