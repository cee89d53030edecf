#include "bot/features/mentors.hpp"

#include <cstdio>
#include <iterator>
#include <unordered_map>

#include "bot/features/tracker_views.hpp"
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

mentor_pairs new_pairs(const mentor_plan& plan) {
  mentor_pairs out;
  out.cohort = plan.cohort;
  out.reassign = plan.reassign;
  for (const auto& pair : plan.result.pairs) {
    if (pair.kept) continue;
    const auto* student = plan.person(pair.student);
    out.pairs.push_back({pair.student, pair.mentor, student == nullptr ? 0 : student->mentor, pair.why});
  }
  return out;
}

// One line for the cohort ("2108\t1" when reassigning), then one per pair: student, mentor, the mentor
// the student had, the reasons. Tabs and line breaks never occur in the reasons, which are the core's
// words; they are turned into spaces all the same, so a line is always a pair.
std::string encode(const mentor_pairs& pairs) {
  std::string out = pairs.cohort + "\t" + (pairs.reassign ? "1" : "0");
  for (const auto& p : pairs.pairs) {
    std::string why = p.why;
    for (auto& c : why)
      if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    out += "\n" + std::to_string(p.student) + "\t" + std::to_string(p.mentor) + "\t" + std::to_string(p.was) + "\t" + why;
  }
  return out;
}

std::optional<mentor_pairs> decode_pairs(std::string_view payload) {
  const auto number = [](std::string_view text) -> std::optional<core::person_id> {
    if (text == "0") return 0;
    return parse_id(text);
  };
  mentor_pairs out;
  bool first = true;
  while (!payload.empty() || first) {
    const auto end = payload.find('\n');
    const std::string_view line = payload.substr(0, end);
    payload = end == std::string_view::npos ? std::string_view{} : payload.substr(end + 1);
    std::vector<std::string_view> fields;
    for (std::string_view rest = line;;) {
      const auto tab = rest.find('\t');
      fields.push_back(rest.substr(0, tab));
      if (tab == std::string_view::npos) break;
      rest.remove_prefix(tab + 1);
    }
    if (first) {
      if (fields.size() != 2 || fields[0].empty() || (fields[1] != "0" && fields[1] != "1")) return std::nullopt;
      out.cohort = std::string(fields[0]);
      out.reassign = fields[1] == "1";
      first = false;
      continue;
    }
    if (fields.size() != 4) return std::nullopt;
    const auto student = parse_id(fields[0]);
    const auto mentor = parse_id(fields[1]);
    const auto was = number(fields[2]);
    if (!student || !mentor || !was) return std::nullopt;
    out.pairs.push_back({*student, *mentor, *was, std::string(fields[3])});
  }
  return out;
}

namespace {

app::message introduction(const core::person& student, const core::person& mentor, const std::string& why) {
  app::message m;
  m.ephemeral = false;
  m.fallback = "Meet your mentor: " + mentor.display_name;
  m.blocks.push_back(app::section{app::rich_text{}.mention(mentor.slack_id).plain(", meet your new mentee ").mention(student.slack_id)
                                      .plain(" (" + student.program + (student.module ? " · Mod " + std::to_string(*student.module) : "") +
                                             " · cohort " + student.cohort + ")."),
                                  std::nullopt});
  m.blocks.push_back(app::section{app::rich_text{}.bold("Why you two: ").plain(why), std::nullopt});
  app::rich_text next;
  next.plain("A good first step: a 30-minute call this week. ").mention(student.slack_id).plain(", bring questions: ")
      .code("/network questions mentor").plain(". Level I of your networking goal is this conversation.");
  m.blocks.push_back(app::section{std::move(next), std::nullopt});
  return m;
}

}  // namespace

mentors_applied apply(app::services& svc, const mentor_pairs& plan) {
  mentors_applied out;
  const auto name = [&](core::person_id id) {
    const auto p = svc.people.find(id);
    return p ? p->display_name : "#" + std::to_string(id);
  };
  // Each pair that is still what was planned, with the two people as they are now.
  struct candidate {
    const planned_pair* pair;
    core::person student;
    core::person mentor;
  };
  std::vector<candidate> still;
  for (const auto& pair : plan.pairs) {
    auto student = svc.people.find(pair.student);
    const auto mentor = svc.people.find(pair.mentor);
    if (!student || !student->active || !student->is(core::role::student) || student->cohort != plan.cohort) {
      out.skipped.push_back(name(pair.student) + " \xE2\x86\x92 " + name(pair.mentor) + ": " + name(pair.student) +
                            " is no longer an active student of cohort " + plan.cohort);
      continue;
    }
    if (student->mentor != pair.was) {
      out.skipped.push_back(name(pair.student) + " \xE2\x86\x92 " + name(pair.mentor) + ": " +
                            (student->mentor == pair.mentor ? name(pair.student) + " has " + name(pair.mentor) + " as mentor already"
                                                            : name(pair.student) + "'s mentor changed since the preview"));
      continue;
    }
    if (!mentor || !mentor->active || !mentor->available_to_mentor.on) {
      out.skipped.push_back(name(pair.student) + " \xE2\x86\x92 " + name(pair.mentor) + ": " + name(pair.mentor) + " no longer takes mentees");
      continue;
    }
    still.push_back({&pair, std::move(*student), *mentor});
  }
  // Each mentor's mentees once every pair left is applied; while a mentor would have more than their
  // capacity, their last pair is dropped (which may give back a place elsewhere, so until none is over).
  std::unordered_map<core::person_id, int> load;
  for (const auto& p : svc.people.all())
    if (p.is(core::role::student) && p.active && p.mentor != 0) ++load[p.mentor];
  for (const auto& c : still) {
    if (c.pair->was != 0) --load[c.pair->was];
    ++load[c.pair->mentor];
  }
  for (bool dropped = true; dropped;) {
    dropped = false;
    for (auto it = still.rbegin(); it != still.rend(); ++it) {
      if (load[it->pair->mentor] <= it->mentor.available_to_mentor.capacity) continue;
      --load[it->pair->mentor];
      if (it->pair->was != 0) ++load[it->pair->was];
      out.skipped.push_back(it->student.display_name + " \xE2\x86\x92 " + it->mentor.display_name + ": " + it->mentor.display_name +
                            " has no room left (" + core::count_of(it->mentor.available_to_mentor.capacity, "mentee", "mentees") + ")");
      still.erase(std::next(it).base());
      dropped = true;
      break;
    }
  }
  auto tx = svc.tx.begin();
  for (auto& c : still) {
    c.student.mentor = c.mentor.id;
    svc.people.upsert(c.student);
    out.introductions.push_back(
        app::post_message{app::group_dm({c.student.slack_id, c.mentor.slack_id}), introduction(c.student, c.mentor, c.pair->why)});
  }
  tx->commit();
  out.saved = still.size();
  for (const auto& p : svc.people.in_cohort(plan.cohort))
    if (p.is(core::role::student) && p.active && p.mentor == 0) ++out.still_without;
  return out;
}

}  // namespace networkbot::features
