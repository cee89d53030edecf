#pragma once
// The staff's weekly view of reflections, per cohort: how many answered, the confidence this week and
// last, who has not answered two weeks running, and the words that come up most in the next steps and
// what was learned (counted, so no one's private text is shown).

#include <string>
#include <utility>
#include <vector>

#include "core/people.hpp"
#include "core/reflections.hpp"

namespace networkbot::core {

struct cohort_digest {
  std::string cohort;
  int students = 0;
  int answered = 0;
  double confidence = 0;           // mean this week; 0 when nobody answered
  double previous_confidence = 0;  // mean the week before; 0 when nobody answered
  std::vector<std::string> silent_two_weeks;       // display names
  std::vector<std::pair<std::string, int>> words;  // most common first, at most five
};

// `week` and `previous_week` are prompt dates ("2026-11-20").
[[nodiscard]] std::vector<cohort_digest> weekly_digest(const people_directory& people, const reflection_store& store,
                                                       const std::vector<std::string>& cohorts, const std::string& week,
                                                       const std::string& previous_week);

// The words of a text worth counting: lower case, four letters or more, common words left out.
[[nodiscard]] std::vector<std::string> telling_words(std::string_view text);

}  // namespace networkbot::core
