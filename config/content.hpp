#pragma once
// The curriculum content staff edit without a rebuild: config/content/*.toml. Loaded once at start-up
// and checked like the configuration, every problem reported with its file and line.

#include <string>
#include <variant>
#include <vector>

#include "config/config.hpp"
#include "core/question_bank.hpp"

namespace networkbot::config {

struct content {
  core::question_library questions;
};

[[nodiscard]] std::variant<content, std::vector<problem>> load_content(const std::string& dir);
// The same checks on in-memory text, for tests and `config check`.
[[nodiscard]] std::variant<core::question_library, std::vector<problem>> parse_questions(std::string_view toml_text,
                                                                                       const std::string& file);

}  // namespace networkbot::config
