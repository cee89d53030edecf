#include "core/goals.hpp"

#include <algorithm>

namespace networkbot::core {

namespace {

bool directory_says(const people_directory& directory, const contact& c, role r) {
  if (c.slack_user.empty()) return false;
  const auto p = directory.find_by_slack_id(c.slack_user);
  return p && p->is(r);
}

goal_progress evidence_for(const goal& g, const person& student, const people_directory& directory,
                           const std::vector<contact>& contacts, date today) {
  goal_progress out;
  out.level = g.level;
  out.due = g.due;
  if (g.due) out.days_left = static_cast<int>((*g.due - today).count());
  int best = -1;
  for (const auto& c : contacts) {
    if (!counts_toward(g.level, c, student, directory)) continue;
    goal_progress candidate = out;
    candidate.contact = c.name;
    candidate.messaged = c.stage >= stage::messaged;
    candidate.met = c.stage >= stage::met;
    candidate.takeaway = !c.takeaway.empty();
    candidate.thanked = c.stage >= stage::thanked;
    if (candidate.steps_done() > best) {
      best = candidate.steps_done();
      out = candidate;
    }
  }
  return out;
}

}  // namespace

bool counts_toward(networking_level level, const contact& c, const person& student, const people_directory& directory) {
  switch (level) {
    case networking_level::I: {
      if (student.mentor != 0 && !c.slack_user.empty()) {
        const auto mentor = directory.find(student.mentor);
        if (mentor && mentor->slack_id == c.slack_user) return true;
      }
      return directory_says(directory, c, role::mentor);
    }
    case networking_level::II: return c.warmth == warmth::warm || directory_says(directory, c, role::alum);
    case networking_level::III: return c.warmth == warmth::cold;
  }
  return false;
}

std::optional<int> default_quota_module(const goal_rules& rules) {
  if (rules.quotas.contains(2)) return 2;
  if (rules.quotas.empty()) return std::nullopt;
  return rules.quotas.begin()->first;
}

progress_view progress(const person& student, const people_directory& directory, const contact_store& contact_records,
                       const goal_store& goals, const goal_rules& rules, date today) {
  progress_view view;
  const auto contacts = contact_records.contacts_of(student.id);
  view.contacts = static_cast<int>(contacts.size());
  for (const auto& c : contacts) {
    view.messaged += c.stage >= stage::messaged;
    view.met += c.stage >= stage::met;
    view.takeaways += !c.takeaway.empty();
    view.thanked += c.stage >= stage::thanked;
    view.followups_due += c.next_due && *c.next_due <= today;
    view.followups_overdue += c.next_due && *c.next_due < today;
  }

  if (auto g = goals.goal_of(student.id)) view.goal = evidence_for(*g, student, directory, contacts, today);

  // A student the roster does not know yet still sees their lists, against the default module's quota.
  const std::optional<int> module = student.module ? student.module : default_quota_module(rules);
  if (module) {
    if (auto q = rules.quotas.find(*module); q != rules.quotas.end()) {
      quota_progress qp;
      qp.module = *module;
      qp.assumed = !student.module;
      qp.need = q->second;
      for (const auto& c : contacts) (c.warmth == warmth::warm ? qp.warm : qp.cold) += 1;
      for (const auto& s : goals.action_steps_of(student.id)) {
        if (s.module && *s.module != *module) continue;
        ++qp.steps_outlined;
        qp.steps_done += s.done_at.has_value();
      }
      view.quota = qp;
    }
  }

  // What to do next, most useful first: the goal, then the quota, then follow-ups.
  auto& steps = view.next_steps;
  if (!view.goal) {
    steps.push_back({next_step_kind::choose_goal, {}, {}, 0});
  } else if (const auto& g = *view.goal; !g.complete()) {
    if (g.days_left && *g.days_left < 0) steps.push_back({next_step_kind::goal_overdue, {}, {}, -*g.days_left});
    if (g.contact.empty() || !g.messaged)
      steps.push_back({next_step_kind::message_contact, g.contact, {}, 0});
    else if (!g.met)
      steps.push_back({next_step_kind::meet_contact, g.contact, {}, 0});
    else if (!g.takeaway)
      steps.push_back({next_step_kind::record_takeaway, g.contact, {}, 0});
    else
      steps.push_back({next_step_kind::send_thanks, g.contact, {}, 0});
  }
  if (view.quota) {
    const auto& q = *view.quota;
    if (q.warm < q.need.warm) steps.push_back({next_step_kind::add_warm, {}, {}, q.need.warm - q.warm});
    if (q.cold < q.need.cold) steps.push_back({next_step_kind::add_cold, {}, {}, q.need.cold - q.cold});
    if (q.steps_outlined < q.need.action_steps)
      steps.push_back({next_step_kind::outline_action_step, {}, {}, q.need.action_steps - q.steps_outlined});
    else if (q.steps_done < q.need.action_steps)
      for (const auto& s : goals.action_steps_of(student.id))
        if (!s.done_at && (!s.module || *s.module == q.module)) {
          steps.push_back({next_step_kind::finish_action_step, {}, s.text, 0});
          break;
        }
  }
  if (view.followups_due > 0) steps.push_back({next_step_kind::follow_up, {}, {}, view.followups_due});
  return view;
}

std::optional<std::string> behind_on_goal(const progress_view& v, int soon_days) {
  if (!v.goal) return "has not chosen a networking goal yet";
  const auto& g = *v.goal;
  if (g.complete() || !g.days_left) return std::nullopt;
  const std::string level = "Level " + std::string(to_string(g.level));
  const std::string done = std::to_string(g.steps_done()) + " of 4 steps done";
  if (*g.days_left < 0)
    return "is past the due date of their " + level + " goal (" + done + ")";
  if (*g.days_left <= soon_days && g.steps_done() < 2)
    return "has their " + level + " goal due in " + std::to_string(*g.days_left) +
           (*g.days_left == 1 ? " day" : " days") + " with " + done;
  return std::nullopt;
}

}  // namespace networkbot::core
