// Staff commands: /network admin report [cohort] (each cohort's progress at a glance) and
// /network admin student @name (one student's progress and tracker, for a coaching conversation).
// Refused politely for everyone else by the router's policy.

#include <algorithm>
#include <map>
#include <set>

#include "bot/features/features.hpp"
#include "bot/features/mentors.hpp"
#include "bot/features/once.hpp"
#include "bot/features/tracker_views.hpp"
#include "core/text.hpp"

namespace networkbot::features {

namespace {

struct cohort_numbers {
  int students = 0;
  int with_goal = 0;
  int goal_done = 0;
  int quota_done = 0;
  int with_quota = 0;
  int contacts = 0;
  int met = 0;
  int overdue = 0;  // students with a follow-up due
  std::vector<std::string> not_started;  // no goal and no contacts
};

std::map<std::string, cohort_numbers> numbers(app::services& svc, const std::string& only) {
  std::set<std::string> wanted;
  if (!only.empty()) wanted.insert(only);
  else
    for (const auto& c : svc.settings.cohorts)
      if (c.active) wanted.insert(c.id);
  std::map<std::string, cohort_numbers> out;
  const auto rules = svc.goal_rules();
  for (const auto& p : svc.people.all()) {
    if (!p.is(core::role::student) || !p.active || p.cohort.empty()) continue;
    if (!wanted.empty() && !wanted.contains(p.cohort)) continue;
    auto& n = out[p.cohort];
    const auto view = core::progress(p, svc.people, svc.tracker_store, rules, svc.today());
    ++n.students;
    n.with_goal += view.goal.has_value();
    n.goal_done += view.goal && view.goal->complete();
    n.with_quota += view.quota.has_value();
    n.quota_done += view.quota && view.quota->complete();
    n.contacts += view.contacts;
    n.met += view.met;
    n.overdue += view.followups_due > 0;
    if (!view.goal && view.contacts == 0) n.not_started.push_back(p.display_name);
  }
  return out;
}

std::string percent(int part, int whole) { return whole == 0 ? "–" : std::to_string((100 * part + whole / 2) / whole) + "%"; }

app::outcome student(app::router& r, const app::command_call& call) {
  auto& svc = r.svc();
  if (call.args.size() < 2)
    return app::reply_text(app::rich_text{}.plain("Say which student: ").code("/network admin student @name"));
  const auto who = core::find_person(svc.people, call.args[1]);
  if (!who) return app::reply_text(app::rich_text{}.plain("I don't know ").code(call.args[1]).plain(" here."));
  if (!app::may_read_tracker(svc, call.user, *who)) return app::reply_text("That is not yours to see.");
  const auto view = core::progress(*who, svc.people, svc.tracker_store, svc.goal_rules(), svc.today());
  app::message m;
  m.fallback = "Progress of " + who->display_name;
  m.blocks.push_back(app::header{who->display_name});
  std::string facts = who->program + (who->module ? " · Mod " + std::to_string(*who->module) : "") +
                      (who->cohort.empty() ? "" : " · cohort " + who->cohort);
  m.blocks.push_back(app::context{app::rich_text{}.mention(who->slack_id).plain(facts.empty() ? "" : " · " + facts)});
  append_progress(m.blocks, view, true);
  const auto contacts = svc.tracker().contacts(who->id);
  if (!contacts.empty()) {
    m.blocks.push_back(app::divider{});
    const std::size_t shown = std::min<std::size_t>(contacts.size(), 15);
    for (std::size_t i = 0; i < shown; ++i) append_contact(m.blocks, contacts[i], svc.today(), false);
    if (shown < contacts.size())
      m.blocks.push_back(app::context{app::rich_text{}.plain("and " + std::to_string(contacts.size() - shown) +
                                                             " more; the full tracker is in `networkbot export contacts`.")});
  }
  return {app::ack_reply{std::move(m)}, {}};
}

}  // namespace

namespace {

constexpr const char* confirm_mentors = "admin.mentors.confirm";
constexpr const char* mentors_kind = "mentors";

app::outcome mentors_preview(app::router& r, const app::command_call& call) {
  if (call.args.size() < 2)
    return app::reply_text(app::rich_text{}.plain("Say which cohort: ").code("/network admin mentors 2108 [reassign]"));
  const std::string cohort = call.args[1];
  const bool reassign = call.args.size() > 2 && core::to_lower(call.args[2]) == "reassign";
  const auto plan = plan_mentors(r.svc(), cohort, reassign);
  if (plan.students.empty()) return app::reply_text("No active students in cohort " + cohort + ".");
  app::message m;
  m.fallback = "Mentor assignment for cohort " + cohort;
  m.blocks.push_back(app::header{"Mentors for cohort " + cohort + (reassign ? " (reassigning everyone)" : "")});
  const auto lines = describe(plan);
  m.blocks.push_back(app::section{app::rich_text{lines.front()}, std::nullopt});
  app::rich_text list;
  std::size_t shown = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (list.plain_string().size() + lines[i].size() > 2800 || shown == 40) break;
    list.plain((list.empty() ? "" : "\n") + lines[i]);
    ++shown;
  }
  if (!list.empty()) m.blocks.push_back(app::section{std::move(list), std::nullopt});
  if (shown + 1 < lines.size())
    m.blocks.push_back(app::context{app::rich_text{}.plain("and " + std::to_string(lines.size() - 1 - shown) + " more lines: ")
                                        .code("networkbot mentors assign --cohort " + cohort + " --dry-run")});
  // The pairs shown are the pairs confirming applies: they are stored with a single-use confirmation,
  // and the button carries only its id.
  const auto pairs = new_pairs(plan);
  if (!pairs.pairs.empty()) {
    const auto id = r.svc().confirmation_desk().offer(mentors_kind, call.user.id, encode(pairs));
    m.blocks.push_back(app::actions{{{"Confirm and introduce each pair", confirm_mentors, std::to_string(id), app::button::style::primary}}});
  }
  m.blocks.push_back(app::context{app::rich_text{"Nothing is saved or posted until you confirm. The button works once, for a day."}});
  return {app::ack_reply{std::move(m)}, {}};
}

}  // namespace

void append_cohort_summary(app::services& svc, const std::string& cohort, std::vector<app::block>& blocks) {
  const auto all = numbers(svc, cohort);
  if (all.empty()) {
    blocks.push_back(app::section{app::rich_text{}.plain(cohort.empty() ? "No students in active cohorts yet."
                                                                        : "No students in cohort " + cohort + "."),
                                  std::nullopt});
    return;
  }
  for (const auto& [id, n] : all) {
    app::rich_text t;
    t.bold("Cohort " + id).plain(" · " + std::to_string(n.students) + (n.students == 1 ? " student" : " students"));
    t.plain("\nGoal set: " + percent(n.with_goal, n.students) + " · goal reached: " + percent(n.goal_done, n.students));
    if (n.with_quota > 0) t.plain(" · module list complete: " + percent(n.quota_done, n.with_quota));
    t.plain("\nContacts: " + std::to_string(n.contacts) + " (" + std::to_string(n.met) + " met) · students with a follow-up due: " +
            std::to_string(n.overdue));
    if (!n.not_started.empty()) {
      t.plain("\nNot started: ");
      for (std::size_t i = 0; i < n.not_started.size() && i < 10; ++i) t.plain((i ? ", " : "") + n.not_started[i]);
      if (n.not_started.size() > 10) t.plain(" and " + std::to_string(n.not_started.size() - 10) + " more");
    }
    blocks.push_back(app::section{std::move(t), std::nullopt});
    if (blocks.size() >= 40) break;
  }
}

void register_admin(app::router& r) {
  r.command({.name = "admin",
             .group = "Staff",
             .usage = "admin report [cohort] | admin student @name | admin mentors <cohort> [reassign] | admin mixitup preview|post",
             .summary = "Each cohort's progress at a glance, one student's for coaching, mentor assignment, or a Mix It Up round.",
             .examples = {"/network admin report", "/network admin report 2108", "/network admin student @maya",
                          "/network admin mentors 2108", "/network admin mixitup preview 2108 2110"},
             .handler = [&r](const app::command_call& call) -> app::outcome {
               const std::string sub = call.args.empty() ? std::string{} : core::to_lower(call.args.front());
               if (sub == "student") return student(r, call);
               if (sub == "mentors") return mentors_preview(r, call);
               if (sub == "mixitup") return mixitup_admin(r, call);
               if (sub == "report") {
                 app::message m;
                 const std::string cohort = call.args.size() > 1 ? call.args[1] : std::string{};
                 m.fallback = "Networking report";
                 m.blocks.push_back(app::header{cohort.empty() ? "Networking report" : "Networking report: cohort " + cohort});
                 append_cohort_summary(r.svc(), cohort, m.blocks);
                 append_reflection_digest(r.svc(), latest_reflection_week(r.svc()), m.blocks);
                 if (cohort.empty()) {
                   append_mixitup_attendance(r.svc(), m.blocks);
                   append_erasure_counts(r.svc(), m.blocks);
                 }
                 return {app::ack_reply{std::move(m)}, {}};
               }
               app::rich_text t;
               t.plain("Try ").code("/network admin report [cohort]").plain(", ").code("/network admin student @name")
                   .plain(" or ").code("/network admin mentors <cohort>").plain(".");
               if (auto guess = core::closest_match(sub, {"report", "student", "mentors", "mixitup"})) t.plain(" Did you mean ").code("/network admin " + *guess).plain("?");
               return app::reply_text(std::move(t));
             }});
  r.action(confirm_mentors, [&r](const app::action_call& call) -> app::outcome {
    auto& svc = r.svc();
    if (!app::is_staff(svc, call.user)) return app::reply_text("Mentor assignment is for career-development staff.");
    auto desk = svc.confirmation_desk();
    const auto id = confirmation_id(call.request.value);
    auto found = id ? desk.claim(*id, mentors_kind, call.user.id) : core::confirmation_found{core::confirmation_gone{}};
    if (const auto* used = std::get_if<core::confirmation_used>(&found))
      return app::reply_text(already_used_text(svc, used->c, "confirmed") + " Nobody was introduced twice.");
    const auto* fresh = std::get_if<core::confirmation>(&found);
    const auto pairs = fresh ? decode_pairs(fresh->payload) : std::nullopt;
    if (!pairs) {
      const bool expired = std::holds_alternative<core::confirmation_gone>(found) && std::get<core::confirmation_gone>(found).expired;
      return app::reply_text(app::rich_text{}
                                 .plain(expired ? "That preview has expired (a preview can be confirmed for a day), so nothing was saved. "
                                                : "I don't know that preview any more, so nothing was saved. ")
                                 .plain("Run ").code("/network admin mentors <cohort>").plain(" again for a fresh one."));
    }
    auto applied = apply(svc, *pairs);
    desk.settle(*id, core::count_of(static_cast<long long>(applied.saved), "new pair", "new pairs") + " saved for cohort " + pairs->cohort);
    app::rich_text t;
    t.plain("Saved " + core::count_of(static_cast<long long>(applied.saved), "new pair", "new pairs") + " for cohort " + pairs->cohort +
            (applied.saved > 0 ? " and introduced each in a group DM. " : ". ") +
            (applied.still_without == 0 ? std::string("Everyone has a mentor.")
                                        : core::count_of(static_cast<long long>(applied.still_without), "student still needs one.",
                                                         "students still need one.")));
    if (!applied.skipped.empty()) {
      t.plain("\n").bold("Skipped, because the directory changed since the preview:");
      for (const auto& line : applied.skipped) t.plain("\n\xE2\x80\xA2 " + line);  // •
      t.plain("\nA fresh preview plans them again: ").code("/network admin mentors " + pairs->cohort);
    }
    app::outcome o = app::reply_text(std::move(t));
    for (auto& e : applied.introductions) o.effects.push_back(std::move(e));
    return o;
  });
}

}  // namespace networkbot::features
