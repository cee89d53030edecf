#pragma once
// Mentor assignment for a cohort, shared by `networkbot mentors assign` and `/network admin mentors`:
// plan (an optimal assignment under each mentor's capacity, keeping existing pairs unless asked), then
// apply the new pairs the plan shows (written in one transaction, and a group DM introducing each).
// In Slack the pairs previewed are stored with a single-use confirmation, and confirming applies
// exactly those, once.

#include <optional>
#include <string>
#include <string_view>
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

// The new pairs of a plan, exactly as the preview showed them: what a confirmation stores, and what
// confirming applies (never a fresh plan). `was` is the mentor the student had when it was planned.
struct planned_pair {
  core::person_id student = 0;
  core::person_id mentor = 0;
  core::person_id was = 0;
  std::string why;
  friend bool operator==(const planned_pair&, const planned_pair&) = default;
};
struct mentor_pairs {
  std::string cohort;
  bool reassign = false;
  std::vector<planned_pair> pairs;
  friend bool operator==(const mentor_pairs&, const mentor_pairs&) = default;
};
[[nodiscard]] mentor_pairs new_pairs(const mentor_plan& plan);
// As a confirmation's payload, and back (nothing when the text is not one).
[[nodiscard]] std::string encode(const mentor_pairs& pairs);
[[nodiscard]] std::optional<mentor_pairs> decode_pairs(std::string_view payload);

struct mentors_applied {
  std::vector<app::effect> introductions;  // a group DM per pair saved
  std::size_t saved = 0;
  std::vector<std::string> skipped;  // a pair the directory no longer allows, and why
  std::size_t still_without = 0;     // the cohort's active students with no mentor afterwards
};
// Writes the pairs (all that still apply, in one transaction) and returns their introductions. A pair
// is applied only while it is still what was planned: the student still an active student of the
// cohort with the mentor they had then, the mentor still active and mentoring, with room for every
// pair applied (each mentor's capacity against their mentees afterwards). The rest are skipped and
// said so; a fresh preview plans them again. Nothing is ever paired that the preview did not show.
[[nodiscard]] mentors_applied apply(app::services& svc, const mentor_pairs& pairs);

}  // namespace networkbot::features
