#include "core/reflections.hpp"

#include "core/text.hpp"

namespace networkbot::core {

std::string_view to_string(week_status s) {
  switch (s) {
    case week_status::done: return "done";
    case week_status::partly: return "partly";
    case week_status::not_started: return "not started";
  }
  return "partly";
}

std::optional<week_status> parse_week_status(std::string_view text) {
  const std::string t = to_lower(trim(text));
  if (t == "done") return week_status::done;
  if (t == "partly") return week_status::partly;
  if (t == "not started" || t == "not_started") return week_status::not_started;
  return std::nullopt;
}

}  // namespace networkbot::core
