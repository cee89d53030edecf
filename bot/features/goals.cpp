// Goals and progress: /network goal, /network progress [@buddy], /network step, and /network buddy.
// A student's goal is the networking level they work on; progress shows it with the module's quota
// and what to do next. A buddy, once they accept, sees the student's goal and progress; nothing else.

#include <charconv>

#include "bot/features/goals.hpp"
#include "bot/features/tracker_views.hpp"
#include "core/text.hpp"

namespace networkbot::features {

namespace {

constexpr const char* buddy_accept = "buddy.accept";
constexpr const char* buddy_decline = "buddy.decline";

app::outcome reply(app::message m) { return {app::reply_after_ack{std::move(m)}, {}}; }

app::message progress_message(app::services& svc, const core::person& student, bool own) {
  const auto view = core::progress(student, svc.people, svc.contacts, svc.goals, svc.goal_rules(), svc.today());
  app::message m;
  m.fallback = own ? "Your progress" : "Progress of " + student.display_name;
  m.blocks.push_back(app::header{own ? "Your networking progress" : "Progress: " + student.display_name});
  if (!view.goal && !view.quota && view.contacts == 0 && !own)
    m.blocks.push_back(app::section{app::rich_text{}.plain(student.display_name + " has not started yet."), std::nullopt});
  append_progress(m.blocks, view, own);
  return m;
}

std::string level_meaning(core::networking_level l) {
  switch (l) {
    case core::networking_level::I: return "a conversation with your mentor";
    case core::networking_level::II: return "a conversation with a warm contact or a Turing alum";
    case core::networking_level::III: return "a conversation with someone you have not met (a cold contact)";
  }
  return {};
}

// `goal [I|II|III] [by <date>]`
app::outcome goal(app::services& svc, const app::command_call& call) {
  const std::string usage = "goal I|II|III [by <date>]";
  if (call.args.empty()) return reply(progress_message(svc, call.user, true));
  if (core::to_lower(call.args.front()) == "clear") {
    auto cleared = svc.tracker().clear_goal(call.user.id);
    if (auto* no = std::get_if<core::refusal>(&cleared)) return app::reply_text(no->message + ".");
    auto m = progress_message(svc, call.user, true);
    m.blocks.insert(m.blocks.begin(), app::context{app::rich_text{}.plain(
                                          "Goal cleared (it was Level " + std::string(core::to_string(std::get<core::goal>(cleared).level)) +
                                          "). Choose another whenever you're ready.")});
    return reply(std::move(m));
  }
  const auto level = core::parse_level(call.args.front());
  if (!level) {
    app::rich_text t;
    t.plain("Choose a level: ").bold("I").plain(" (your mentor), ").bold("II").plain(" (a warm contact or an alum) or ")
        .bold("III").plain(" (a cold contact). For example ").code("/network goal II by friday").plain(", or ")
        .code("/network goal clear").plain(" to clear it.");
    return app::reply_text(std::move(t));
  }
  std::optional<core::date> due;
  if (call.args.size() > 1) {
    std::size_t from = 1;
    if (core::to_lower(call.args[1]) == "by") from = 2;
    std::string when;
    for (std::size_t i = from; i < call.args.size(); ++i) when += (when.empty() ? "" : " ") + call.args[i];
    due = core::parse_due(when, svc.today());
    if (!due) {
      app::rich_text t;
      t.plain("I can't read the date ").code(when).plain(". Try ").code("2026-12-18").plain(", ").code("12/18").plain(", ")
          .code("friday").plain(" or ").code("in 2 weeks").plain(". Usage: ").code("/network " + usage);
      return app::reply_text(std::move(t));
    }
  }
  auto set = svc.tracker().set_goal(call.user.id, *level, due);
  if (auto* no = std::get_if<core::refusal>(&set)) return app::reply_text(no->message + ".");
  auto m = progress_message(svc, call.user, true);
  m.blocks.insert(m.blocks.begin(), app::context{app::rich_text{}.plain(
                                        "Goal set: Level " + std::string(core::to_string(*level)) + ", " + level_meaning(*level) +
                                        (due ? ", by " + core::friendly_date(*due) : std::string{}) + ".")});
  return reply(std::move(m));
}

// `progress [@buddy] [share]`. Only the owner may share their progress: a buddy or staff member who may
// read someone's progress still may not post it where others see it.
app::outcome progress(app::services& svc, const app::command_call& call) {
  const auto shown = [&](const core::person& owner) {
    auto m = progress_message(svc, owner, owner.id == call.user.id);
    m.ephemeral = !call.share;
    return reply(std::move(m));
  };
  if (call.args.empty()) return shown(call.user);
  const auto other = core::find_person(svc.people, call.args.front());
  if (!other || !app::may_read_progress(svc, call.user, *other)) {
    // The same answer whether or not the person exists: progress is private.
    app::rich_text t;
    t.plain("You can see your own progress, and your buddy's once they accept: ").code("/network buddy @classmate").plain(".");
    return app::reply_text(std::move(t));
  }
  if (call.share && other->id != call.user.id) {
    app::rich_text t;
    t.plain("Only " + other->display_name + " can share their progress, so I posted nothing. Here it is for you alone; "
            "share your own with ").code("/network progress share").plain(".");
    auto m = progress_message(svc, *other, false);
    m.blocks.insert(m.blocks.begin(), app::context{std::move(t)});
    return reply(std::move(m));
  }
  return shown(*other);
}

// A step's number as typed: `2` or `#2`. Zero when it is not one.
std::int64_t step_number(std::string_view typed) {
  if (typed.starts_with('#')) typed.remove_prefix(1);
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(typed.data(), typed.data() + typed.size(), id);
  return ec == std::errc{} && end == typed.data() + typed.size() && id > 0 ? id : 0;
}

// Takes a trailing "by <date>" off a step's words, when the rest reads as a date: "by friday", "by
// 2026-12-18". A "by" that does not start a date stays part of the text ("talk to someone by the door").
std::optional<core::date> take_due(std::vector<std::string>& words, core::date today) {
  for (std::size_t i = words.size(); i-- > 1;) {
    if (core::to_lower(words[i]) != "by") continue;
    std::vector<std::string> when(words.begin() + static_cast<std::ptrdiff_t>(i) + 1, words.end());
    auto due = core::parse_due(core::join_list(when, " "), today);
    if (due) words.resize(i);
    return due;
  }
  return std::nullopt;
}

// `step [<text> [by <date>]]`, `step done [<n>]`
app::outcome step(app::services& svc, const app::command_call& call) {
  auto t = svc.tracker();
  const auto steps = svc.goals.action_steps_of(call.user.id);
  if (call.args.empty()) {
    app::message m;
    m.fallback = "Your action steps";
    m.blocks.push_back(app::header{"Your action steps"});
    app::rich_text list;
    for (const auto& s : steps) {
      if (!list.empty()) list.plain("\n");
      list.plain(s.done_at ? "\xE2\x9C\x85 " : "\xE2\xAC\x9C ").plain("#" + std::to_string(s.id) + " ").plain(s.text);
      if (s.due && !s.done_at) list.plain(" (" + due_text(*s.due, svc.today()) + ")");
    }
    if (list.empty())
      list.plain("None yet. Outline one: ").code("/network step attend the Denver Ruby meetup by thursday");
    m.blocks.push_back(app::section{std::move(list), std::nullopt});
    return reply(std::move(m));
  }
  const std::string verb = core::to_lower(call.args.front());
  if (verb == "edit" || verb == "delete") {
    const std::string usage = verb == "edit" ? "/network step edit <number> <what you will do> [by <date>]" : "/network step delete <number>";
    const std::int64_t id = call.args.size() > 1 ? step_number(call.args[1]) : 0;
    if (id <= 0) return app::reply_text(app::rich_text{}.plain("Say which step by its number: ").code(usage));
    if (verb == "delete") {
      auto deleted = t.delete_action_step(call.user.id, id);
      if (auto* no = std::get_if<core::refusal>(&deleted)) return app::reply_text(no->message + ".");
      return app::reply_text(app::rich_text{}.plain("Deleted action step #" + std::to_string(id) + ": ")
                                 .italic(std::get<core::action_step>(deleted).text).plain("."));
    }
    std::vector<std::string> words(call.args.begin() + 2, call.args.end());
    const auto due = take_due(words, svc.today());
    if (words.empty()) return app::reply_text(app::rich_text{}.plain("Write the step's new text after its number: ").code(usage));
    auto edited = t.edit_action_step(call.user.id, id, core::join_list(words, " "), due);
    if (auto* no = std::get_if<core::refusal>(&edited)) return app::reply_text(no->message + ".");
    const auto& s = std::get<core::action_step>(edited);
    return app::reply_text(app::rich_text{}.plain("Action step #" + std::to_string(s.id) + " is now: ").italic(s.text)
                               .plain(s.due ? " (" + due_text(*s.due, svc.today()) + ")." : std::string(".")));
  }
  if (verb == "done") {
    std::int64_t id = 0;
    if (call.args.size() > 1) {
      id = step_number(call.args[1]);
      if (id == 0) return app::reply_text(app::rich_text{}.plain("Say which step by its number, like ").code("/network step done 2"));
    } else {
      std::vector<std::int64_t> open;
      for (const auto& s : steps)
        if (!s.done_at) open.push_back(s.id);
      if (open.size() != 1)
        return app::reply_text(app::rich_text{}.plain(open.empty() ? "You have no open action step. Outline one with "
                                                                    : "You have several open steps; say which: ")
                                   .code(open.empty() ? "/network step <what you will do>" : "/network step done <number>"));
      id = open.front();
    }
    auto done = t.complete_action_step(call.user.id, id);
    if (auto* no = std::get_if<core::refusal>(&done)) return app::reply_text(no->message + ".");
    return app::reply_text(app::rich_text{}.plain("Done: ").italic(std::get<core::action_step>(done).text).plain(". Nice work!"));
  }
  // The text, with an optional "by <date>" at the end.
  std::vector<std::string> words = call.args;
  const auto due = take_due(words, svc.today());
  const std::string text = core::join_list(words, " ");
  auto added = t.add_action_step(call.user.id, call.user.module, text, due);
  if (auto* no = std::get_if<core::refusal>(&added)) return app::reply_text(no->message + ".");
  const auto& s = std::get<core::action_step>(added);
  return app::reply_text(app::rich_text{}.plain("Action step #" + std::to_string(s.id) + " outlined: ").italic(s.text)
                             .plain(s.due ? " (" + due_text(*s.due, svc.today()) + ")." : std::string(".")).plain(" Mark it with ")
                             .code("/network step done " + std::to_string(s.id)).plain(" when it's done."));
}

// `buddy @classmate`: a DM to them with Accept / Decline.
app::outcome buddy(app::services& svc, const app::command_call& call) {
  auto t = svc.tracker();
  if (call.args.empty()) {
    if (auto link = t.buddy_of(call.user.id)) {
      const auto other = svc.people.find(link->other(call.user.id));
      return app::reply_text(app::rich_text{}.plain("Your buddy is ").mention(other ? other->slack_id : "")
                                 .plain(". See their progress with ").code("/network progress @" + (other ? other->handle : std::string{}))
                                 .plain("; end it with ").code("/network buddy end").plain("."));
    }
    if (auto waiting = t.pending_buddy_request(call.user.id); waiting && waiting->requester == call.user.id) {
      const auto other = svc.people.find(waiting->partner);
      return app::reply_text(app::rich_text{}.plain("You asked ").mention(other ? other->slack_id : "").plain(
                                 "; they haven't answered yet. Withdraw it with ").code("/network buddy cancel").plain("."));
    }
    return app::reply_text(app::rich_text{}.plain("A buddy keeps you both on track: you see each other's goal and progress, "
                                                  "nothing more. Ask a classmate: ").code("/network buddy @classmate"));
  }
  if (const std::string verb = core::to_lower(call.args.front()); verb == "end" || verb == "cancel") {
    auto done = verb == "end" ? t.end_buddy(call.user.id) : t.cancel_buddy_request(call.user.id);
    if (auto* no = std::get_if<core::refusal>(&done)) return app::reply_text(no->message + ".");
    const auto other = svc.people.find(std::get<core::buddy_link>(done).other(call.user.id));
    app::outcome o = app::reply_text(verb == "end" ? "Done: you are no longer buddies, and neither of you sees the other's progress."
                                                   : "Withdrawn: your buddy request is closed. Ask someone else any time.");
    if (other && verb == "end") {
      app::message note;
      note.ephemeral = false;
      note.blocks.push_back(app::section{app::rich_text{}.mention(call.user.slack_id).plain(
                                             " ended your buddy link. No hard feelings: ask another classmate with ")
                                             .code("/network buddy @classmate"),
                                         std::nullopt});
      o.effects.push_back(app::post_message{other->slack_id, std::move(note)});
    }
    return o;
  }
  const auto other = core::find_person(svc.people, call.args.front());
  if (!other || !other->active) return app::reply_text(app::rich_text{}.plain("I don't know ").code(call.args.front()).plain(" here."));
  if (!other->is(core::role::student)) return app::reply_text(other->display_name + " is not a student; a buddy is a classmate.");
  auto asked = t.ask_buddy(call.user.id, other->id);
  if (auto* no = std::get_if<core::refusal>(&asked)) return app::reply_text(no->message + ".");
  const auto& link = std::get<core::buddy_link>(asked);
  app::message invite;
  invite.ephemeral = false;
  invite.fallback = call.user.display_name + " asks you to be their networking buddy";
  invite.blocks.push_back(app::section{app::rich_text{}.mention(call.user.slack_id).plain(
                                           " asks you to be their networking buddy. Buddies see each other's goal and "
                                           "progress (never contacts or notes) and nudge each other along."),
                                       std::nullopt});
  invite.blocks.push_back(app::actions{{{"Accept", buddy_accept, std::to_string(link.id), app::button::style::primary},
                                        {"Decline", buddy_decline, std::to_string(link.id), app::button::style::normal}}});
  return {app::reply_after_ack{app::message{{app::section{app::rich_text{}.plain("I asked ").mention(other->slack_id)
                                                        .plain(". I'll tell you when they answer."),
                                                    std::nullopt}},
                                      "",
                                      true}},
          {app::post_message{other->slack_id, std::move(invite)}}};
}

app::outcome answer(app::services& svc, const app::action_call& call, bool accept) {
  auto answered = svc.tracker().answer_buddy(call.user.id, parse_id(call.request.value).value_or(0), accept);
  if (auto* no = std::get_if<core::refusal>(&answered)) return app::reply_text(no->message + ".");
  const auto asker = svc.people.find(std::get<core::buddy_link>(answered).requester);
  const std::string asker_id = asker ? asker->slack_id : std::string{};
  app::message to_asker;
  to_asker.ephemeral = false;
  if (accept)
    to_asker.blocks.push_back(app::section{app::rich_text{}.mention(call.user.slack_id).plain(" is your buddy now. See their progress with ")
                                               .code("/network progress @" + call.user.handle).plain("."),
                                           std::nullopt});
  else
    to_asker.blocks.push_back(app::section{app::rich_text{}.mention(call.user.slack_id).plain(
                                               " can't be your buddy right now. No problem: ask another classmate."),
                                           std::nullopt});
  return {app::reply_after_ack{app::message{{app::section{app::rich_text{accept ? "You are buddies now." : "Declined; nothing is shared."},
                                                    std::nullopt}},
                                      "",
                                      true}},
          {app::post_message{asker_id, std::move(to_asker)}}};
}

}  // namespace

void register_goals(app::router& r) {
  r.command({.name = "goal",
             .group = "Goals and progress",
             .usage = "goal [I|II|III [by <date>] | clear]",
             .summary = "Choose the level you are working on: I your mentor, II a warm contact or alum, III a cold contact.",
             .examples = {"/network goal II by friday", "/network goal III by 2026-12-18", "/network goal", "/network goal clear"},
             .handler = [&r](const app::command_call& call) { return goal(r.svc(), call); }});
  r.command({.name = "progress",
             .group = "Goals and progress",
             .usage = "progress [@buddy] [share]",
             .summary = "Your goal, this module's list, and what to do next; `share` posts it in the channel.",
             .examples = {"/network progress", "/network progress @buddy", "/network progress share"},
             .shareable = true,
             .handler = [&r](const app::command_call& call) { return progress(r.svc(), call); }});
  r.command({.name = "step",
             .group = "Goals and progress",
             .usage = "step [<what you will do> [by <date>]] | step done|delete [<n>] | step edit <n> <text> [by <date>]",
             .summary = "Outline this module's networking action step, and mark it done.",
             .examples = {"/network step attend the Denver Ruby meetup by thursday", "/network step done", "/network step",
                          "/network step edit 2 attend the Ruby meetup by friday", "/network step delete 2"},
             .handler = [&r](const app::command_call& call) { return step(r.svc(), call); }});
  r.command({.name = "buddy",
             .group = "Goals and progress",
             .usage = "buddy [@classmate | end | cancel]",
             .summary = "Ask a classmate to be your accountability buddy.",
             .examples = {"/network buddy @devon", "/network buddy end", "/network buddy cancel"},
             .handler = [&r](const app::command_call& call) { return buddy(r.svc(), call); }});
  r.action(buddy_accept, [&r](const app::action_call& call) { return answer(r.svc(), call, true); });
  r.action(buddy_decline, [&r](const app::action_call& call) { return answer(r.svc(), call, false); });
}

}  // namespace networkbot::features
