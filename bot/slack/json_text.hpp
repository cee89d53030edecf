#pragma once
// JSON as the text that goes to Slack or into the database. Text a person typed may hold invalid UTF-8;
// it is replaced (U+FFFD) rather than allowed to throw on the way out.

#include <nlohmann/json.hpp>
#include <string>

namespace networkbot::slack {

[[nodiscard]] inline std::string json_text(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace networkbot::slack
