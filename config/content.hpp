#pragma once
// The curriculum content staff edit without a rebuild: config/content/*.toml. Loaded once at start-up
// and checked like the configuration, every problem reported with its file and line.

#include <string>
#include <variant>
#include <vector>

#include "config/config.hpp"
#include "core/question_bank.hpp"

namespace networkbot::config {

// The Mix It Up agenda (config/content/mixitup.toml): the conversation's parts, the four topics a
// group votes on, and the guide each leader gets.
struct mixitup_agenda {
  struct part {
    std::string title;
    std::string minutes;  // "2-5"
    std::string text;
  };
  struct topic {
    std::string title;
    std::string activity;
  };
  std::vector<part> parts;
  std::vector<topic> topics;
  std::string leader_intro;
  std::vector<std::string> leader_questions;
};

struct content {
  core::question_library questions;
  mixitup_agenda mixitup;
};

[[nodiscard]] std::variant<content, std::vector<problem>> load_content(const std::string& dir);
// The same checks on in-memory text, for tests and `config check`.
[[nodiscard]] std::variant<core::question_library, std::vector<problem>> parse_questions(std::string_view toml_text,
                                                                                       const std::string& file);

[[nodiscard]] std::variant<mixitup_agenda, std::vector<problem>> parse_mixitup_agenda(std::string_view toml_text,
                                                                                   const std::string& file);

}  // namespace networkbot::config
