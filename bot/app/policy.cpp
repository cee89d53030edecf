#include "bot/app/policy.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

namespace networkbot::app {

namespace {

using enum surface;
using enum audience;
using enum binding;

// The policy table. One line per command, button and form the features register, and one for the Home
// tab; the router will not register a handler without its line here, and tests/unit/policy_test.cpp
// runs every line against every kind of person.
constexpr std::array table{
    // Start here.
    rule{command, "help", everyone},
    rule{command, "profile", everyone},
    rule{button, "profile.edit_button", everyone},
    rule{form, "profile.edit", everyone},
    rule{command, "privacy", everyone},
    rule{button, "privacy.export", everyone},
    rule{button, "privacy.delete", everyone},
    rule{button, "privacy.delete_confirm", everyone},
    rule{home, "", everyone},
    // Your tracker.
    rule{command, "add", students},
    rule{command, "contacts", students},
    rule{command, "log", students},
    rule{command, "note", students},
    rule{command, "takeaway", students},
    rule{command, "followups", students},
    rule{form, "tracker.add", students},
    rule{form, "tracker.note", students, own_record},
    rule{form, "tracker.takeaway", students, own_record},
    rule{button, "tracker.advance", students, own_record},
    rule{button, "tracker.note", students, own_record},
    rule{button, "tracker.takeaway", students, own_record},
    rule{button, "tracker.more", students},
    rule{command, "edit", students},
    rule{command, "delete", students},
    rule{command, "undo", students},
    rule{button, "tracker.open", students, own_record},
    rule{button, "tracker.edit", students, own_record},
    rule{form, "tracker.edit", students, own_record},
    rule{button, "tracker.delete", students, own_record},
    rule{button, "tracker.delete_confirm", students, own_record},
    rule{button, "tracker.undo", students, own_record},
    rule{button, "home.add", students},
    // Goals and progress.
    rule{command, "goal", students},
    rule{command, "progress", students},
    rule{command, "step", students},
    rule{command, "buddy", students},
    rule{button, "buddy.accept", students, addressee},
    rule{button, "buddy.decline", students, addressee},
    rule{command, "nudges", students},
    // Reaching out and preparing.
    rule{command, "draft", everyone},
    rule{command, "check", everyone},
    rule{form, "outreach.check", everyone},
    rule{button, "outreach.edit", everyone},
    rule{command, "questions", everyone},
    rule{button, "questions.show", everyone},
    // Alumni and mentors.
    rule{command, "match", students},
    rule{command, "find", students},
    rule{command, "intro", students},
    rule{button, "intro.start", students},
    rule{button, "match.more", students},
    rule{form, "intro.note", students},
    rule{button, "intro.accept", hosts, addressee},
    rule{button, "intro.decline", hosts, addressee},
    rule{button, "intro.stop", hosts},
    rule{command, "available", everyone},
    rule{command, "capacity", everyone},
    // Reflections.
    rule{command, "reflect", students},
    rule{command, "reflections", students},
    rule{button, "reflect.open", students},
    rule{form, "reflection.submit", students},
    // Mix It Up.
    rule{command, "mixitup", students},
    rule{button, "mixitup.vote", students, member},
    rule{button, "mixitup.met", students, member},
    rule{button, "mixitup.missed", students, member},
    rule{form, "mixitup.checkin", students, member},
    // Staff.
    rule{command, "admin", staff},
    rule{button, "admin.mentors.confirm", staff},
    rule{button, "admin.roster_edit", staff},
    rule{button, "admin.report.more", staff},
    rule{form, "admin.roster", staff},
    rule{button, "mixitup.reshuffle", staff},
    rule{button, "mixitup.post", staff},
    rule{form, "mixitup.post_form", staff},
    // Scheduled jobs: who each may message (bot/features/jobs.cpp).
    rule{job, "reflection.prompt", students},
    rule{job, "reflection.reminder", students},
    rule{job, "followups.nudge", students},
    rule{job, "buddy.nudge", students},
    rule{job, "buddy.expired", students},
    rule{job, "intro.expired", students},
    rule{job, "mixitup.round", students},
    rule{job, "mixitup.checkin", students},
};

}  // namespace

std::span<const rule> policy_table() { return table; }

const rule* find_rule(surface on, std::string_view id) {
  const auto it = std::ranges::find_if(table, [&](const rule& r) { return r.on == on && r.id == id; });
  return it == table.end() ? nullptr : &*it;
}

const rule& required_rule(surface on, std::string_view id) {
  const rule* r = find_rule(on, id);
  if (r == nullptr)
    throw std::logic_error("the " + std::string(to_string(on)) + " '" + std::string(id) +
                           "' has no entry in the policy table (bot/app/policy.cpp): say who may use it there");
  return *r;
}

bool is_staff(const services& s, const core::person& p) {
  if (p.is(core::role::staff)) return true;
  const auto& ids = s.settings.staff.user_ids;
  return !p.slack_id.empty() && std::find(ids.begin(), ids.end(), p.slack_id) != ids.end();
}

bool may_run(const services& s, const core::person& p, audience who) {
  switch (who) {
    case audience::everyone: return true;
    case audience::students: return p.is(core::role::student) || is_staff(s, p);
    case audience::hosts: return p.is(core::role::alum) || p.is(core::role::mentor) || is_staff(s, p);
    case audience::staff: return is_staff(s, p);
  }
  return false;
}

bool may_receive(const services& s, const rule& job, const core::person& p) {
  return job.on == surface::job && p.active && !p.slack_id.empty() && may_run(s, p, job.who);
}

rich_text refusal_for(const rule& r) {
  rich_text t;
  if (r.on == surface::command) {
    t.code("/network " + std::string(r.id));
    switch (r.who) {
      case audience::staff: t.plain(" is for career-development staff. "); break;
      case audience::hosts: t.plain(" is for alumni and mentors. "); break;
      default: t.plain(" is part of the student networking tracker; alumni and mentors don't need it. "); break;
    }
    t.plain("Type ").code("/network help").plain(" to see what you can do.");
    return t;
  }
  const std::string_view what = r.on == surface::form ? "That form" : "That button";
  switch (r.who) {
    case audience::staff: t.plain(std::string(what) + " is for career-development staff"); break;
    case audience::hosts: t.plain(std::string(what) + " is for the alum or mentor who was asked"); break;
    default: t.plain(std::string(what) + " is part of the student networking tracker"); break;
  }
  t.plain(", so nothing was changed. Type ").code("/network help").plain(" to see what you can do.");
  return t;
}

bool may_read_tracker(const services& s, const core::person& viewer, const core::person& owner) {
  return core::may_see_tracker(viewer.id, owner.id, is_staff(s, viewer));
}

bool may_read_progress(const services& s, const core::person& viewer, const core::person& owner) {
  if (may_read_tracker(s, viewer, owner)) return true;
  const auto link = s.tracker().buddy_of(viewer.id);
  return link && link->other(viewer.id) == owner.id;
}

std::string_view to_string(surface s) {
  switch (s) {
    case surface::command: return "command";
    case surface::button: return "button";
    case surface::form: return "form";
    case surface::home: return "home";
    case surface::job: return "job";
  }
  return "?";
}

std::string_view to_string(audience a) {
  switch (a) {
    case audience::everyone: return "everyone";
    case audience::students: return "students";
    case audience::hosts: return "hosts";
    case audience::staff: return "staff";
  }
  return "?";
}

}  // namespace networkbot::app
