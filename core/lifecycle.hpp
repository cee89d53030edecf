#pragma once
// A cohort's life: everyone moves up a module together, a single student may repeat a module (they
// join a later cohort at the module they are in), and at the end the cohort graduates: its students
// become alumni, keeping their tracker and history. Each command is planned first (so a dry run can
// print it) and then applied in one transaction.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/people.hpp"
#include "core/storage.hpp"
#include "core/tracker.hpp"

namespace networkbot::core {

struct lifecycle_change {
  person before;
  person after;
};

struct lifecycle_plan {
  std::vector<lifecycle_change> changes;
  std::vector<std::pair<person, std::string>> skipped;  // who is left alone, and why
};

// Active students of the cohort move from Mod N to Mod N+1. Mod 4 students are skipped (graduate the
// cohort instead), as are deactivated people.
[[nodiscard]] lifecycle_plan plan_advance(const people_directory& directory, std::string_view cohort);
// The cohort's Mod 4 students become alumni of it: the student role gives way to alum, the module is
// cleared, the graduating cohort is recorded. Students of the cohort in another module are skipped.
[[nodiscard]] lifecycle_plan plan_graduate(const people_directory& directory, std::string_view cohort);
// One student repeats their module by joining `new_cohort`, which must differ from their own.
[[nodiscard]] result<lifecycle_plan> plan_repeat(const people_directory& directory, std::string_view who,
                                                 std::string_view new_cohort);

// Writes every change of the plan, all or none.
void apply(const lifecycle_plan& plan, people_directory& directory, transactions& tx);

}  // namespace networkbot::core
