#include "core/digest.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

#include "core/text.hpp"

namespace networkbot::core {

namespace {

constexpr std::array<std::string_view, 40> common{
    "that", "this", "with", "have", "will", "what", "about", "more", "from", "they", "them", "their", "there", "would",
    "when", "then", "than", "into", "some", "just", "like", "also", "been", "were", "your", "next", "week", "want",
    "really", "very", "much", "make", "need", "able", "feel", "felt", "things", "thing", "going", "still"};

}  // namespace

std::vector<std::string> telling_words(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  const auto flush = [&] {
    if (word.size() >= 4 && std::ranges::find(common, word) == common.end()) out.push_back(word);
    word.clear();
  };
  for (char c : text) {
    if (std::isalpha(static_cast<unsigned char>(c)) != 0) word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    else flush();
  }
  flush();
  return out;
}

std::vector<cohort_digest> weekly_digest(const people_directory& people, const reflection_store& store,
                                         const std::vector<std::string>& cohorts, const std::string& week,
                                         const std::string& previous_week) {
  std::vector<cohort_digest> out;
  for (const auto& cohort : cohorts) {
    cohort_digest d;
    d.cohort = cohort;
    std::map<std::string, int> counts;
    int sum = 0, previous_sum = 0, previous_n = 0;
    for (const auto& p : people.in_cohort(cohort)) {
      if (!p.is(role::student) || !p.active) continue;
      ++d.students;
      const auto now = store.find_reflection(p.id, week);
      const auto before = store.find_reflection(p.id, previous_week);
      if (now) {
        ++d.answered;
        sum += now->confidence;
        for (const auto& w : telling_words(now->next_steps + " " + now->learned)) ++counts[w];
      }
      if (before) {
        ++previous_n;
        previous_sum += before->confidence;
      }
      if (!now && !before) d.silent_two_weeks.push_back(p.display_name);
    }
    if (d.answered > 0) d.confidence = static_cast<double>(sum) / d.answered;
    if (previous_n > 0) d.previous_confidence = static_cast<double>(previous_sum) / previous_n;
    std::vector<std::pair<std::string, int>> ranked(counts.begin(), counts.end());
    std::ranges::stable_sort(ranked, [](const auto& a, const auto& b) { return a.second > b.second; });
    for (std::size_t i = 0; i < ranked.size() && i < 5; ++i) d.words.push_back(ranked[i]);
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace networkbot::core
