#include "bot/features/mentors.hpp"

#include <cstdio>
#include <unordered_map>

#include "core/text.hpp"

namespace networkbot::features {

const core::person* mentor_plan::person(core::person_id id) const {
  for (const auto& s : students)
    if (s.id == id) return &s;
  for (const auto& m : mentors)
    if (m.id == id) return &m;
  return nullptr;
}

mentor_plan plan_mentors(app::services& svc, const std::string& cohort, bool reassign) {
  mentor_plan plan;
  plan.cohort = cohort;
  plan.reassign = reassign;
  for (const auto& p : svc.people.in_cohort(cohort))
    if (p.is(core::role::student) && p.active) plan.students.push_back(p);
  plan.mentors = svc.people.available_mentors();
  // Mentees each mentor already has, across all cohorts.
  std::unordered_map<core::person_id, int> mentees;
  for (const auto& p : svc.people.all())
    if (p.is(core::role::student) && p.active && p.mentor != 0) ++mentees[p.mentor];
  plan.result = core::assign_mentors(plan.students, plan.mentors, [&](const core::person& m) { return mentees[m.id]; }, reassign,
                                     svc.match_weights(), svc.zone_offsets());
  return plan;
}

std::vector<std::string> describe(const mentor_plan& plan) {
  std::vector<std::string> lines;
  std::size_t fresh = 0, kept = 0;
  for (const auto& pair : plan.result.pairs) (pair.kept ? kept : fresh) += 1;
  char total[32];
  std::snprintf(total, sizeof total, "%.1f", plan.result.total_score);
  lines.push_back("Cohort " + plan.cohort + ": " + core::count_of(static_cast<long long>(plan.students.size()), "student", "students") + ", " +
                  core::count_of(static_cast<long long>(plan.mentors.size()), "mentor", "mentors") + " available. " + core::count_of(static_cast<long long>(fresh), "new pair", "new pairs") +
                  " (total score " + total + "), " + std::to_string(kept) + " kept, " +
                  std::to_string(plan.result.unassigned.size()) + " without a mentor.");
  const auto name = [&](core::person_id id) {
    const auto* p = plan.person(id);
    return p == nullptr ? std::string("#") + std::to_string(id) : p->display_name;
  };
  for (const auto& pair : plan.result.pairs) {
    if (pair.kept) continue;
    char score[32];
    std::snprintf(score, sizeof score, "%.1f", pair.score);
    lines.push_back(name(pair.student) + " \xE2\x86\x92 " + name(pair.mentor) + " (" + score + "): " + pair.why);  // →
  }
  for (const auto& pair : plan.result.pairs)
    if (pair.kept) lines.push_back(name(pair.student) + " keeps " + name(pair.mentor));
  if (!plan.result.unassigned.empty()) {
    std::string left = "Without a mentor (capacity ran out):";
    for (const auto id : plan.result.unassigned) left += " " + name(id) + ",";
    left.pop_back();
    lines.push_back(left + ". Ask more mentors to say /network available mentoring on, or raise a capacity.");
  }
  return lines;
}

std::vector<app::effect> apply(app::services& svc, const mentor_plan& plan) {
  std::vector<app::effect> out;
  auto tx = svc.tx.begin();
  for (const auto& pair : plan.result.pairs) {
    if (pair.kept) continue;
    auto student = svc.people.find(pair.student);
    const auto mentor = svc.people.find(pair.mentor);
    if (!student || !mentor) continue;
    student->mentor = mentor->id;
    svc.people.upsert(*student);
    app::message m;
    m.ephemeral = false;
    m.fallback = "Meet your mentor: " + mentor->display_name;
    m.blocks.push_back(app::section{app::rich_text{}.mention(mentor->slack_id).plain(", meet your new mentee ").mention(student->slack_id)
                                        .plain(" (" + student->program + (student->module ? " · Mod " + std::to_string(*student->module) : "") +
                                               " · cohort " + student->cohort + ")."),
                                    std::nullopt});
    m.blocks.push_back(app::section{app::rich_text{}.bold("Why you two: ").plain(pair.why), std::nullopt});
    app::rich_text next;
    next.plain("A good first step: a 30-minute call this week. ").mention(student->slack_id).plain(", bring questions: ")
        .code("/network questions mentor").plain(". Level I of your networking goal is this conversation.");
    m.blocks.push_back(app::section{std::move(next), std::nullopt});
    out.push_back(app::post_message{app::group_dm({student->slack_id, mentor->slack_id}), std::move(m)});
  }
  tx->commit();
  return out;
}

}  // namespace networkbot::features
