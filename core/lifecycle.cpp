#include "core/lifecycle.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace networkbot::core {

namespace {

std::string cohort_name(std::string_view cohort) { return "cohort " + std::string(cohort); }

}  // namespace

lifecycle_plan plan_advance(const people_directory& directory, std::string_view cohort) {
  lifecycle_plan plan;
  for (const auto& p : directory.in_cohort(cohort)) {
    if (!p.is(role::student)) continue;
    if (!p.active) {
      plan.skipped.emplace_back(p, "deactivated");
    } else if (!p.module) {
      plan.skipped.emplace_back(p, "has no module on record");
    } else if (*p.module >= 4) {
      plan.skipped.emplace_back(p, "is in Mod 4 already; graduate the cohort instead");
    } else {
      person after = p;
      after.module = *p.module + 1;
      plan.changes.push_back({p, std::move(after)});
    }
  }
  return plan;
}

lifecycle_plan plan_graduate(const people_directory& directory, std::string_view cohort) {
  lifecycle_plan plan;
  for (const auto& p : directory.in_cohort(cohort)) {
    if (!p.is(role::student)) continue;
    if (p.module != 4) {
      plan.skipped.emplace_back(p, p.module ? "is in Mod " + std::to_string(*p.module) + ", not Mod 4"
                                            : std::string("has no module on record"));
      continue;
    }
    person after = p;
    role_set roles;
    for (role r : {role::alum, role::mentor, role::staff})
      if (p.is(r) || r == role::alum) roles.add(r);
    after.roles = roles;
    after.module.reset();
    after.graduating_cohort = std::string(cohort);
    plan.changes.push_back({p, std::move(after)});
  }
  return plan;
}

result<lifecycle_plan> plan_repeat(const people_directory& directory, std::string_view who, std::string_view new_cohort) {
  const auto p = find_person(directory, who);
  if (!p) return refusal{"No one in the directory matches '" + std::string(who) + "'"};
  if (!p->is(role::student)) return refusal{p->display_name + " is not a student"};
  const std::string target(trim(new_cohort));
  if (target.empty()) return refusal{"Say which cohort " + p->display_name + " joins to repeat the module"};
  if (target == p->cohort)
    return refusal{p->display_name + " is in " + cohort_name(target) + " already; name the later cohort they join"};
  person after = *p;
  after.cohort = target;
  lifecycle_plan plan;
  plan.changes.push_back({*p, std::move(after)});
  return plan;
}

void apply(const lifecycle_plan& plan, people_directory& directory, transactions& tx) {
  auto t = tx.begin();
  for (const auto& change : plan.changes) directory.upsert(change.after);
  t->commit();
}

}  // namespace networkbot::core
