// /network privacy: what networkbot stores about a person and who sees it; `privacy export` sends them
// all of it as a JSON file in their DM (the console prints it); `privacy delete` removes it after a
// confirmation, leaving staff only anonymous counts (core/privacy.hpp).

#include <nlohmann/json.hpp>

#include "bot/features/privacy.hpp"
#include "bot/features/tracker_views.hpp"
#include "core/dates.hpp"
#include "core/text.hpp"

namespace networkbot::features {

namespace {

using nlohmann::json;

constexpr const char* export_action = "privacy.export";
constexpr const char* delete_action = "privacy.delete";
constexpr const char* confirm_action = "privacy.delete_confirm";

std::string when(core::time_point t) { return core::format_instant(t); }
json optional_date(const std::optional<core::date>& d) { return d ? json(core::format_date(*d)) : json(nullptr); }

json export_of(app::services& svc, const core::person& p) {
  json out;
  out["exported_at"] = when(svc.clock.now());
  out["profile"] = {{"slack_id", p.slack_id},     {"display_name", p.display_name}, {"email", p.email},
                    {"pronouns", p.pronouns},     {"roles", core::to_string(p.roles)}, {"program", p.program},
                    {"module", p.module ? json(*p.module) : json(nullptr)}, {"cohort", p.cohort},
                    {"company", p.company},       {"title", p.title},               {"background", p.background},
                    {"interests", p.interests},   {"target_companies", p.target_companies}, {"time_zone", p.time_zone},
                    {"open_to_chats", p.open_to_chats.on}, {"available_to_mentor", p.available_to_mentor.on},
                    {"mixitup", core::to_string(p.mixitup)}};
  json contacts = json::array();
  for (const auto& c : svc.contacts.contacts_of(p.id)) {
    json history = json::array();
    for (const auto& e : svc.contacts.events_of(c.id))
      history.push_back({{"at", when(e.at)}, {"kind", core::to_string(e.kind)}, {"text", e.text}});
    contacts.push_back({{"name", c.name}, {"company", c.company}, {"role", c.role}, {"email", c.email}, {"linkedin", c.linkedin},
                        {"warmth", core::to_string(c.warmth)}, {"list", core::to_string(c.list)}, {"why", c.why},
                        {"stage", core::to_string(c.stage)}, {"takeaway", c.takeaway}, {"next_action", c.next_action},
                        {"next_due", optional_date(c.next_due)}, {"history", history}});
  }
  out["contacts"] = contacts;
  if (const auto g = svc.goals.goal_of(p.id))
    out["goal"] = {{"level", core::to_string(g->level)}, {"due", optional_date(g->due)}, {"set_at", when(g->set_at)}};
  json steps = json::array();
  for (const auto& s : svc.goals.action_steps_of(p.id))
    steps.push_back({{"text", s.text}, {"due", optional_date(s.due)}, {"done", s.done_at.has_value()}});
  out["action_steps"] = steps;
  json buddies = json::array();
  for (const auto& l : svc.buddies.buddy_links_of(p.id)) {
    const auto other = svc.people.find(l.other(p.id));
    buddies.push_back({{"with", other ? other->display_name : std::string{}}, {"state", core::to_string(l.state)}});
  }
  out["buddies"] = buddies;
  const auto nudges = svc.nudges.nudges_of(p.id);
  out["nudges"] = {{"follow_ups", nudges.follow_ups}, {"buddy", nudges.buddy}};
  json reflections = json::array();
  for (const auto& r : svc.reflections.reflections_of(p.id))
    reflections.push_back({{"week", r.week}, {"learned", r.learned}, {"next_steps", r.next_steps}, {"confidence", r.confidence},
                           {"status", core::to_string(r.status)}});
  out["reflections"] = reflections;
  json intros = json::array();
  for (const auto& i : svc.intros.involving(p.id)) {
    const auto other = svc.people.find(i.student == p.id ? i.alum : i.student);
    intros.push_back({{"role", i.student == p.id ? "asked" : "asked of me"}, {"with", other ? other->display_name : std::string{}},
                      {"note", i.note}, {"state", core::to_string(i.state)}, {"created_at", when(i.created_at)}});
  }
  out["intro_requests"] = intros;
  json rounds = json::array();
  for (const auto& r : svc.rounds.recent_rounds(100))
    for (const auto& g : r.groups)
      if (const auto* m = g.member(p.id))
        rounds.push_back({{"round", r.id}, {"group", g.number}, {"vote", m->vote}, {"checked_in", core::to_string(m->checked_in)},
                          {"confidence_after", m->confidence_after ? json(*m->confidence_after) : json(nullptr)}});
  out["mixitup"] = rounds;
  // What they corrected, and when: the history behind an edit, a deleted contact, an undone step.
  json corrections = json::array();
  for (const auto& c : svc.corrections.corrections_of(p.id))
    corrections.push_back({{"at", when(c.at)}, {"kind", core::to_string(c.kind)}, {"what", c.summary}});
  out["corrections"] = corrections;
  return out;
}

app::message explanation() {
  app::message m;
  m.fallback = "Your data in networkbot";
  m.blocks.push_back(app::header{"Your data in networkbot"});
  m.blocks.push_back(app::section{
      app::rich_text{}
          .bold("What is stored. ")
          .plain("Your profile (from the school's roster and what you add), your tracker (contacts, their history and "
                 "notes, takeaways, follow-ups), your goal and action steps, your buddy, your nudge settings, intro "
                 "requests, your weekly reflections, your Mix It Up groups, votes and check-ins, and the corrections you "
                 "made (what you edited, deleted or undid, and when).\n")
          .bold("Who sees it. ")
          .plain("Your tracker, notes and reflections: you and the career-development staff. An accountability buddy "
                 "sees your goal and progress, never your contacts or notes. Alumni you ask for an intro see your note "
                 "and profile. Nothing private is posted in a channel.\n")
          .bold("How long. ")
          .plain("Reflections are kept for a limited number of weeks (set by staff); the rest until you delete it."),
      std::nullopt});
  m.blocks.push_back(app::actions{{{"Send me my data", export_action, "", app::button::style::primary},
                                   {"Delete my data…", delete_action, "", app::button::style::danger}}});
  return m;
}

app::outcome export_for(app::services& svc, const core::person& user) {
  const std::string content = export_of(svc, user).dump(2);
  app::upload_file file{user.slack_id, "networkbot-my-data.json", "Your networkbot data", content,
                        "Here is everything networkbot stores about you, as JSON."};
  return {app::reply_after_ack{app::message{{app::section{app::rich_text{"I'm sending your data to our DM as a file."}, std::nullopt}}, "", true}},
          {std::move(file)}};
}

app::outcome ask_to_delete(const core::person& user) {
  app::message m;
  m.fallback = "Delete your networkbot data?";
  m.blocks.push_back(app::section{app::rich_text{}
                                      .bold("Delete your data? ")
                                      .plain("This removes, for good, your contacts and their history, goal, action "
                                             "steps, buddy, nudges, intro requests (yours and those sent to you), "
                                             "reflections and Mix It Up answers, and what you wrote in your profile "
                                             "(pronouns, background, interests, target companies, time zone) with your "
                                             "consents to chats and mentoring. What the school's roster says stays: your "
                                             "name, Slack id, email, role, program, module and cohort. Consider ")
                                      .code("/network privacy export")
                                      .plain(" first."),
                                  std::nullopt});
  m.blocks.push_back(app::actions{{{"Yes, delete my data", confirm_action, std::to_string(user.id), app::button::style::danger}}});
  return {app::reply_after_ack{std::move(m)}, {}};
}

}  // namespace

void append_erasure_counts(app::services& svc, std::vector<app::block>& blocks) {
  const auto total = svc.privacy.forgotten_so_far();
  if (total.requests == 0) return;
  const auto& d = total.deleted;
  blocks.push_back(app::context{app::rich_text{core::count_of(total.requests, "person", "people") + " asked for their data to be deleted: " +
                                               std::to_string(d.contacts) + " contacts, " + std::to_string(d.reflections) +
                                               " reflections, " + std::to_string(d.intro_requests) + " intro requests."}});
}

void register_privacy(app::router& r) {
  r.command({.name = "privacy",
             .group = "Start here",
             .usage = "privacy [export|delete]",
             .summary = "What networkbot stores about you and who sees it; your data as a file; or delete it.",
             .examples = {"/network privacy", "/network privacy export"},
             .handler = [&r](const app::command_call& call) -> app::outcome {
               const std::string sub = call.args.empty() ? std::string{} : core::to_lower(call.args[0]);
               if (sub.empty()) return {app::reply_after_ack{explanation()}, {}};
               if (sub == "export") return export_for(r.svc(), call.user);
               if (sub == "delete") return ask_to_delete(call.user);
               return app::reply_text(app::rich_text{}.plain("Try ").code("/network privacy").plain(", ").code("/network privacy export")
                                          .plain(" or ").code("/network privacy delete").plain("."));
             }});
  r.action(export_action, [&r](const app::action_call& call) { return export_for(r.svc(), call.user); });
  r.action(delete_action, [](const app::action_call& call) { return ask_to_delete(call.user); });
  r.action(confirm_action, [&r](const app::action_call& call) -> app::outcome {
    auto& svc = r.svc();
    // Only the person themself: the button carries their id, and a forwarded button does nothing.
    if (call.request.value != std::to_string(call.user.id)) return app::reply_text("That button was for someone else.");
    // A second click (a double click, or the button of an older message) finds nothing left: it is told
    // so, and no second request is counted.
    if (!svc.privacy.holds_data(call.user.id))
      return app::reply_text("There is nothing of yours left to delete: your networking data is gone already. Your name and "
                             "cohort stay in the directory.");
    auto tx = svc.tx.begin();
    const auto gone = svc.privacy.forget(call.user.id, svc.clock.now());
    tx->commit();
    return app::reply_text("Done. Deleted " + core::count_of(gone.contacts, "contact", "contacts") + ", " +
                           core::count_of(gone.reflections, "reflection", "reflections") + ", " +
                           core::count_of(gone.intro_requests, "intro request", "intro requests") +
                           ", your goal, steps, buddy, nudges, Mix It Up answers and what you wrote in your profile. "
                           "Your name, role, program, module and cohort stay in the directory.");
  });
}

}  // namespace networkbot::features
