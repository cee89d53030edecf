#pragma once
// Question banks: what a student might ask the person they are about to meet. The text is data that
// staff edit (config/content/questions.toml); the rule that every list ends by asking who else the
// person could introduce the student to lives here, so no edit of the data can drop it.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace networkbot::core {

struct question_bank {
  std::string kind;   // "mentor", "alum", ... : what the student types
  std::string title;  // "Questions for your mentor"
  std::string intro;  // one or two sentences of advice before the list
  std::vector<std::string> questions;
};

class question_library {
 public:
  question_library() = default;
  question_library(std::vector<question_bank> banks, std::string closing_question);

  [[nodiscard]] const question_bank* find(std::string_view kind) const;
  [[nodiscard]] std::vector<std::string> kinds() const;
  [[nodiscard]] const std::vector<question_bank>& banks() const { return banks_; }
  // The bank's questions followed by the closing introduction question, which is always last.
  [[nodiscard]] std::vector<std::string> questions_for(const question_bank& bank) const;
  [[nodiscard]] const std::string& closing_question() const { return closing_; }

 private:
  std::vector<question_bank> banks_;
  std::string closing_;
};

}  // namespace networkbot::core
