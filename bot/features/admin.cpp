// Staff commands: /network admin report [cohort] (each cohort's progress at a glance, and by name who
// needs a hand, a page at a time) and /network admin student @name (one student's progress, tracker
// and reflections, for a coaching conversation).
// Refused politely for everyone else by the router's policy.

#include <algorithm>
#include <map>
#include <set>

#include "bot/features/admin.hpp"
#include "bot/features/mentors.hpp"
#include "bot/features/mixitup.hpp"
#include "bot/features/once.hpp"
#include "bot/features/privacy.hpp"
#include "bot/features/reflections.hpp"
#include "bot/features/roster.hpp"
#include "bot/features/tracker_views.hpp"
#include "core/dates.hpp"
#include "core/digest.hpp"
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
  std::vector<std::string> no_goal;      // no goal, but contacts in the tracker
  std::vector<std::pair<std::string, int>> late;  // follow-ups past their date: who, how many
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
    const auto view = core::progress(p, svc.people, svc.contacts, svc.goals, rules, svc.today());
    ++n.students;
    n.with_goal += view.goal.has_value();
    n.goal_done += view.goal && view.goal->complete();
    n.with_quota += view.quota.has_value();
    n.quota_done += view.quota && view.quota->complete();
    n.contacts += view.contacts;
    n.met += view.met;
    n.overdue += view.followups_due > 0;
    if (!view.goal && view.contacts == 0) n.not_started.push_back(p.display_name);
    else if (!view.goal) n.no_goal.push_back(p.display_name);
    if (view.followups_overdue > 0) n.late.emplace_back(p.display_name, view.followups_overdue);
  }
  return out;
}

// Staff see a student's reflections (README, "Who sees what"): the confidence over the weeks and the
// latest answers, as the student sees them with /network reflections.
void append_student_reflections(app::services& svc, const core::person& who, std::vector<app::block>& blocks) {
  constexpr std::size_t weeks_shown = 6;  // two sections each at most: the view stays inside 50 blocks
  const auto all = svc.reflections.reflections_of(who.id);
  blocks.push_back(app::divider{});
  if (all.empty()) {
    blocks.push_back(app::context{app::rich_text{who.display_name + " has no reflections yet."}});
    return;
  }
  blocks.push_back(app::section{app::rich_text{}.bold("Reflections"), std::nullopt});
  append_reflection_history(all, weeks_shown, blocks);
  if (all.size() > weeks_shown)
    blocks.push_back(app::context{app::rich_text{}.plain(core::count_of(static_cast<long long>(all.size() - weeks_shown),
                                                                        "earlier reflection", "earlier reflections") +
                                                         " in ")
                                      .code("networkbot export reflections")});
}

std::string percent(int part, int whole) { return whole == 0 ? "–" : std::to_string((100 * part + whole / 2) / whole) + "%"; }

app::outcome student(app::router& r, const app::command_call& call) {
  auto& svc = r.svc();
  if (call.args.size() < 2)
    return app::reply_text(app::rich_text{}.plain("Say which student: ").code("/network admin student @name"));
  const auto who = core::find_person(svc.people, call.args[1]);
  if (!who) return app::reply_text(app::rich_text{}.plain("I don't know ").code(call.args[1]).plain(" here."));
  if (!app::may_read_tracker(svc, call.user, *who)) return app::reply_text("That is not yours to see.");
  const auto view = core::progress(*who, svc.people, svc.contacts, svc.goals, svc.goal_rules(), svc.today());
  app::message m;
  m.fallback = "Progress of " + who->display_name;
  m.blocks.push_back(app::header{who->display_name});
  std::string facts = config::program_name(svc.settings, who->program) + (who->module ? " · Mod " + std::to_string(*who->module) : "") +
                      (who->cohort.empty() ? "" : " · cohort " + who->cohort);
  m.blocks.push_back(app::context{app::rich_text{}.mention(who->slack_id).plain(facts.empty() ? "" : " · " + facts)});
  append_progress(m.blocks, view, true);
  m.blocks.push_back(app::actions{{roster_button(*who)}});
  const auto contacts = svc.tracker().contacts(who->id);
  if (!contacts.empty()) {
    m.blocks.push_back(app::divider{});
    const std::size_t shown = std::min<std::size_t>(contacts.size(), 15);
    for (std::size_t i = 0; i < shown; ++i) append_contact(m.blocks, contacts[i], svc.today(), false);
    if (shown < contacts.size())
      m.blocks.push_back(app::context{app::rich_text{}.plain("and " + std::to_string(contacts.size() - shown) +
                                                             " more; the full tracker is in `networkbot export contacts`.")});
  }
  append_student_reflections(svc, *who, m.blocks);
  return {app::reply_after_ack{std::move(m)}, {}};
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
  return {app::reply_after_ack{std::move(m)}, {}};
}

}  // namespace

namespace {

// The report's lists of who needs a hand, by name: never cut, a page at a time. A page is at most
// names_per_page names (readable in one reply) in sections of at most section_chars as Slack shows
// them, and fits in Slack's 50 blocks a message (bot/slack/limits.hpp; the renderer would cut what
// does not fit, so the report stops short of it and offers "Show more").
constexpr const char* report_more_action = "admin.report.more";
constexpr std::size_t message_blocks = 50;
constexpr std::size_t section_chars = 2800;  // of 3,000, with room for the list's heading
constexpr std::size_t names_per_page = 50;

enum class hand_list { not_started, no_goal, silent, late };

struct needs_a_hand {
  std::string cohort;
  hand_list list;
  std::string line;  // the name, and how many follow-ups are late when that is the list
};

std::string list_title(hand_list l) {
  switch (l) {
    case hand_list::not_started: return "Not started (no goal, no contacts)";
    case hand_list::no_goal: return "No goal yet (has contacts)";
    case hand_list::silent: return "No reflection two weeks running";
    case hand_list::late: return "Follow-ups overdue";
  }
  return {};
}

// The length of `text` as Slack receives it: the renderer writes &, < and > as entities.
std::size_t shown_size(std::string_view text) {
  std::size_t n = text.size();
  for (const char c : text) n += c == '&' ? 4 : (c == '<' || c == '>') ? 3 : 0;
  return n;
}

// Everyone on a list, cohort by cohort, list by list, names in alphabetical order. Computed afresh for
// each page: a "Show more" pressed later shows the lists as they are then.
std::vector<needs_a_hand> who_needs_a_hand(app::services& svc, const std::string& only) {
  const auto all = numbers(svc, only);
  std::vector<std::string> cohorts;
  for (const auto& [id, n] : all) cohorts.push_back(id);
  const std::string week = latest_reflection_week(svc);
  const auto day = core::parse_date(week);
  const auto digests = core::weekly_digest(svc.people, svc.reflections, cohorts, week,
                                           day ? core::format_date(*day - std::chrono::days{7}) : std::string{});
  const auto by_name = [](std::vector<std::string> names) {
    std::ranges::sort(names, [](const std::string& a, const std::string& b) { return core::to_lower(a) < core::to_lower(b); });
    return names;
  };
  std::vector<needs_a_hand> out;
  for (const auto& [id, n] : all) {
    for (const auto& name : by_name(n.not_started)) out.push_back({id, hand_list::not_started, name});
    for (const auto& name : by_name(n.no_goal)) out.push_back({id, hand_list::no_goal, name});
    for (const auto& d : digests)
      if (d.cohort == id)
        for (const auto& name : by_name(d.silent_two_weeks)) out.push_back({id, hand_list::silent, name});
    auto late = n.late;
    std::ranges::sort(late, [](const auto& a, const auto& b) { return core::to_lower(a.first) < core::to_lower(b.first); });
    for (const auto& [name, count] : late) out.push_back({id, hand_list::late, name + " (" + std::to_string(count) + ")"});
  }
  return out;
}

// Appends the lists from `offset` in at most `room` blocks; returns where the next page starts.
std::size_t append_hand_page(const std::vector<needs_a_hand>& all, std::size_t offset, std::size_t room,
                             std::vector<app::block>& blocks) {
  std::size_t i = offset;
  std::size_t shown = 0;
  const auto same_list = [&](std::size_t a, std::size_t b) { return all[a].cohort == all[b].cohort && all[a].list == all[b].list; };
  while (i < all.size() && room > 0 && shown < names_per_page) {
    std::size_t total = 0;
    for (std::size_t j = 0; j < all.size(); ++j) total += same_list(i, j);
    app::rich_text t;
    t.bold("Cohort " + all[i].cohort + " · " + list_title(all[i].list))
        .plain(" (" + std::to_string(total) + (i > 0 && same_list(i - 1, i) ? ", continued)" : ")"));
    std::size_t size = shown_size(t.plain_string()) + 8;
    std::string names;
    const std::size_t first = i;
    while (i < all.size() && same_list(first, i) && shown < names_per_page) {
      const std::size_t cost = shown_size(all[i].line) + 2;
      if (i > first && size + cost > section_chars) break;
      names += (i > first ? ", " : "") + all[i].line;
      size += cost;
      ++i;
      ++shown;
    }
    t.plain("\n" + names);
    blocks.push_back(app::section{std::move(t), std::nullopt});
    --room;
  }
  return i;
}

// The lists from `offset`, and "Show more" while names remain: at most `message_blocks` in all.
void append_hands(app::services& svc, const std::string& cohort, std::size_t offset, std::vector<app::block>& blocks) {
  const auto all = who_needs_a_hand(svc, cohort);
  if (all.empty()) {
    if (offset == 0)
      blocks.push_back(app::context{app::rich_text{"Everyone has a goal and has started, has reflected in the last two weeks, "
                                                   "and has no follow-up overdue."}});
    return;
  }
  // Two blocks stay free: the button and the line that says how far the list has got.
  const std::size_t room = blocks.size() + 2 < message_blocks ? message_blocks - blocks.size() - 2 : 0;
  const std::size_t next = append_hand_page(all, offset, room, blocks);
  if (next >= all.size()) return;
  const std::string label = next == offset ? "Show who needs a hand" : "Show more";
  blocks.push_back(app::actions{{{label, report_more_action, page_value(cohort, next), app::button::style::normal}}});
  blocks.push_back(app::context{app::rich_text{(next == offset ? std::string("No names shown yet") : "Names " + std::to_string(offset + 1) + "–" + std::to_string(next)) +
                                               " of " + std::to_string(all.size()) + "."}});
}

}  // namespace

void append_cohort_summary(app::services& svc, const std::string& cohort, std::vector<app::block>& blocks, bool name_not_started) {
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
    if (!n.not_started.empty() && !name_not_started) {
      t.plain("\nNot started: " + std::to_string(n.not_started.size()) + " (named below)");
    } else if (!n.not_started.empty()) {
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
                 auto& svc = r.svc();
                 app::message m;
                 const std::string cohort = call.args.size() > 1 ? call.args[1] : std::string{};
                 m.fallback = "Networking report";
                 m.blocks.push_back(app::header{cohort.empty() ? "Networking report" : "Networking report: cohort " + cohort});
                 append_cohort_summary(svc, cohort, m.blocks, false);
                 // Every part is about the same cohorts: the one asked for, else every active one.
                 append_reflection_digest(svc, latest_reflection_week(svc), cohort.empty() ? active_cohorts(svc.settings)
                                                                                          : std::vector<std::string>{cohort},
                                          false, m.blocks);
                 append_mixitup_attendance(svc, cohort, m.blocks);
                 const std::size_t before_erasures = m.blocks.size();
                 append_erasure_counts(svc, m.blocks);
                 // Erasures are recorded as anonymous counts, with no cohort: saying whose would undo that.
                 if (!cohort.empty() && m.blocks.size() > before_erasures)
                   m.blocks.push_back(app::context{app::rich_text{"Deletions are counted for all cohorts together, never per cohort, "
                                                                  "so that nobody can be told apart."}});
                 m.blocks.push_back(app::header{"Who needs a hand"});
                 append_hands(svc, cohort, 0, m.blocks);
                 return {app::reply_after_ack{std::move(m)}, {}};
               }
               app::rich_text t;
               t.plain("Try ").code("/network admin report [cohort]").plain(", ").code("/network admin student @name")
                   .plain(" or ").code("/network admin mentors <cohort>").plain(".");
               if (auto guess = core::closest_match(sub, {"report", "student", "mentors", "mixitup"})) t.plain(" Did you mean ").code("/network admin " + *guess).plain("?");
               return app::reply_text(std::move(t));
             }});
  // The report's next page of names. Staff only, checked here: the button may be forwarded.
  r.action(report_more_action, [&r](const app::action_call& call) -> app::outcome {
    auto& svc = r.svc();
    if (!app::is_staff(svc, call.user)) return app::reply_text("The networking report is for career-development staff.");
    const auto [cohort, offset] = parse_page(call.request.value);
    if (offset >= who_needs_a_hand(svc, cohort).size())
      return app::reply_text(app::rich_text{}.plain("Nobody more to list. For a fresh report: ")
                                 .code(cohort.empty() ? "/network admin report" : "/network admin report " + cohort));
    app::message m;
    m.fallback = "Who needs a hand";
    m.blocks.push_back(app::header{cohort.empty() ? "Who needs a hand, continued" : "Who needs a hand: cohort " + cohort + ", continued"});
    append_hands(svc, cohort, offset, m.blocks);
    return {app::reply_after_ack{std::move(m)}, {}};
  });
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
