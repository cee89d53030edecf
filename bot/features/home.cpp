// The bot's Home tab. For a student: their goal and this module's list, the follow-ups due, and one
// click to what they do most; a short welcome on their first visit. For staff: the cohorts at a
// glance and the staff commands. Published when the person opens the tab and after each change
// they make (once they have opened it at least once).

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "bot/features/admin.hpp"
#include "bot/features/home.hpp"
#include "bot/features/tracker.hpp"
#include "bot/features/tracker_views.hpp"

namespace networkbot::features {

namespace {

app::rich_text profile_line(const config::settings& settings, const core::person& p) {
  app::rich_text t;
  t.bold("Your profile");
  std::string facts;
  auto add = [&](const std::string& fact) {
    if (fact.empty()) return;
    if (!facts.empty()) facts += " · ";
    facts += fact;
  };
  add(config::program_name(settings, p.program));
  if (p.module) add("Mod " + std::to_string(*p.module));
  if (!p.cohort.empty()) add("cohort " + p.cohort);
  add(p.pronouns);
  if (facts.empty())
    t.plain("\nNot filled in yet. Add your program, module and interests so I can suggest the right people.");
  else
    t.plain("\n" + facts);
  if (!p.interests.empty()) {
    std::string list;
    for (const auto& i : p.interests) list += (list.empty() ? "" : ", ") + i;
    t.plain("\nInterests: " + list);
  }
  return t;
}

void question_buttons(app::router& r, std::vector<app::block>& blocks) {
  const auto& library = r.svc().content.questions;
  blocks.push_back(app::section{
      app::rich_text{}.bold("Prepare for a conversation").plain("\nWho are you meeting? I'll suggest questions to ask."),
      std::nullopt});
  app::actions kinds;
  for (const auto& bank : library.banks())
    if (kinds.buttons.size() < 25) kinds.buttons.push_back({bank.kind, "questions.show", bank.kind, app::button::style::normal});
  if (!kinds.buttons.empty()) blocks.push_back(std::move(kinds));
}

void student_home(app::router& r, const core::person& user, bool first_visit, std::vector<app::block>& b) {
  auto& svc = r.svc();
  if (first_visit)
    b.push_back(app::section{app::rich_text{}.bold("Welcome!").plain(
                                 " Networking at Turing grows in three levels: your mentor (I), warm contacts and alumni "
                                 "(II), then people you have not met yet (III). Start by choosing your level with ")
                                 .code("/network goal II")
                                 .plain(" and listing a few people with ")
                                 .code("/network add warm <name>")
                                 .plain("."),
                             std::nullopt});
  const auto view = core::progress(user, svc.people, svc.contacts, svc.goals, svc.goal_rules(), svc.today());
  append_progress(b, view, true);
  b.push_back(app::actions{{{"Add a contact", "home.add", "", app::button::style::primary},
                            {"Check a message", "outreach.edit", "", app::button::style::normal}}});
  b.push_back(app::divider{});
  const auto due = svc.tracker().followups(user.id);
  if (!due.empty()) {
    b.push_back(app::header{"Follow-ups due"});
    for (std::size_t i = 0; i < due.size() && i < 5; ++i) append_contact(b, due[i], svc.today(), true);
    if (due.size() > 5)
      b.push_back(app::context{app::rich_text{}.plain(std::to_string(due.size() - 5) + " more: ").code("/network followups")});
    b.push_back(app::divider{});
  }
  b.push_back(app::section{profile_line(svc.settings, user), app::button{"Edit profile", "profile.edit_button", "", app::button::style::normal}});
  b.push_back(app::divider{});
  question_buttons(r, b);
}

void staff_home(app::router& r, std::vector<app::block>& b) {
  b.push_back(app::section{app::rich_text{}.bold("Career-development view").plain(
                               "\nEach active cohort at a glance. Details: ")
                               .code("/network admin report")
                               .plain("; one student, for coaching: ")
                               .code("/network admin student @name")
                               .plain("."),
                           std::nullopt});
  append_cohort_summary(r.svc(), {}, b);
  b.push_back(app::divider{});
  question_buttons(r, b);
}

}  // namespace

app::home_view home_for(app::router& r, const core::person& user, bool first_visit) {
  app::home_view v;
  const std::string name = user.display_name.empty() ? std::string("there") : user.display_name;
  v.blocks.push_back(app::header{"Hi, " + name});
  if (app::is_staff(r.svc(), user))
    staff_home(r, v.blocks);
  else if (user.is(core::role::student))
    student_home(r, user, first_visit, v.blocks);
  else {
    v.blocks.push_back(app::section{app::rich_text{}.plain(
                                        "Thank you for helping Turing students grow their networks. Keep your profile up to "
                                        "date so students with a shared path can find you."),
                                    std::nullopt});
    v.blocks.push_back(app::section{profile_line(r.svc().settings, user), app::button{"Edit profile", "profile.edit_button", "", app::button::style::normal}});
    v.blocks.push_back(app::divider{});
    question_buttons(r, v.blocks);
  }
  v.blocks.push_back(app::context{app::rich_text{}
                                      .plain("Type ")
                                      .code("/network help")
                                      .plain(" in any channel to see all ")
                                      .plain(std::to_string(r.commands_for(user).size()))
                                      .plain(" commands you can use.")});
  return v;
}

app::outcome with_home(app::router& r, const core::person& user, app::outcome o) {
  auto& svc = r.svc();
  if (user.id != 0 && svc.home_visits.has_visited_home(user.id))
    o.effects.push_back(app::publish_home{user.slack_id, home_for(r, user, false)});
  return o;
}

namespace {

using enum app::surface;

// What the Home tab shows (due follow-ups, the tracker's counts, goal and steps, a buddy) changes when
// one of these answers: the router then refreshes the Home of the person who did it, when they have
// opened it. A change to someone else's Home (an alum accepting a student's intro) is the handler's to
// say, with with_home for that person.
constexpr std::array<std::pair<app::surface, std::string_view>, 15> changes_home{{
    {command, "add"},         {command, "log"},           {command, "note"},          {command, "takeaway"},
    {command, "goal"},        {command, "step"},          {command, "undo"},          {form, "tracker.add"},
    {form, "tracker.note"},   {form, "tracker.takeaway"}, {form, "tracker.edit"},     {button, "tracker.advance"},
    {button, "tracker.undo"}, {button, "buddy.accept"},   {button, "tracker.delete_confirm"},
}};

}  // namespace

std::span<const std::pair<app::surface, std::string_view>> surfaces_that_change_home() { return changes_home; }

void register_home(app::router& r) {
  r.after_each([&r](app::surface on, std::string_view id, const core::person& user, app::outcome& o) {
    if (std::ranges::find(changes_home, std::pair{on, id}) != changes_home.end()) o = with_home(r, user, std::move(o));
  });
  r.home([&r](const app::home_call& call) -> app::outcome {
    const bool first = call.user.id != 0 && r.svc().home_visits.record_home_visit(call.user.id, r.svc().clock.now());
    return {app::ack_empty{}, {app::publish_home{call.user.slack_id, home_for(r, call.user, first)}}};
  });
  r.action("home.add", [](const app::action_call& call) -> app::outcome {
    return {app::ack_empty{}, {app::open_modal{call.request.trigger_id, add_contact_modal()}}};
  });
}

}  // namespace networkbot::features
