#include "core/question_bank.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace networkbot::core {

question_library::question_library(std::vector<question_bank> banks, std::string closing_question)
    : banks_(std::move(banks)), closing_(std::move(closing_question)) {}

const question_bank* question_library::find(std::string_view kind) const {
  const std::string wanted = to_lower(trim(kind));
  auto it = std::ranges::find(banks_, wanted, &question_bank::kind);
  return it == banks_.end() ? nullptr : &*it;
}

std::vector<std::string> question_library::kinds() const {
  std::vector<std::string> out;
  for (const auto& bank : banks_) out.push_back(bank.kind);
  return out;
}

std::vector<std::string> question_library::questions_for(const question_bank& bank) const {
  std::vector<std::string> out;
  for (const auto& q : bank.questions)
    if (q != closing_) out.push_back(q);
  if (!closing_.empty()) out.push_back(closing_);
  return out;
}

}  // namespace networkbot::core
