#pragma once
// Mentor assignment for a cohort, shared by `networkbot mentors assign` and `/network admin mentors`:
// plan (an optimal assignment under each mentor's capacity, keeping existing pairs unless asked), then
// apply (the pairs written in one transaction, and a group DM introducing each new pair).

#include <string>
#include <vector>

#include "bot/app/outcome.hpp"
#include "bot/app/services.hpp"
#include "core/matching.hpp"

namespace networkbot::features {

struct mentor_plan {
  std::string cohort;
  bool reassign = false;
  core::assignment result;
  std::vector<core::person> students;  // the cohort's active students
  std::vector<core::person> mentors;   // everyone available to mentor
  [[nodiscard]] const core::person* person(core::person_id id) const;
};

[[nodiscard]] mentor_plan plan_mentors(app::services& svc, const std::string& cohort, bool reassign);
// A plain-text report: the score, each new pair with its reasons, kept pairs, who is left without.
[[nodiscard]] std::vector<std::string> describe(const mentor_plan& plan);
// Writes the new pairs (all or none) and returns the introductions to post.
[[nodiscard]] std::vector<app::effect> apply(app::services& svc, const mentor_plan& plan);

}  // namespace networkbot::features
