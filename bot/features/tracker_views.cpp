#include "bot/features/tracker_views.hpp"

#include <charconv>

#include "core/text.hpp"

namespace networkbot::features {

std::optional<std::int64_t> parse_id(std::string_view value) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), id);
  if (ec != std::errc{} || end != value.data() + value.size() || id <= 0) return std::nullopt;
  return id;
}

std::string page_value(const std::string& what, std::size_t offset) { return what + "|" + std::to_string(offset); }

std::pair<std::string, std::size_t> parse_page(const std::string& value) {
  const auto bar = value.rfind('|');
  if (bar == std::string::npos) return {std::string{}, 0};
  std::size_t offset = 0;
  std::from_chars(value.data() + bar + 1, value.data() + value.size(), offset);
  return {value.substr(0, bar), offset};
}

contact_fields read_contact_fields(const app::view_submission& form) {
  contact_fields f;
  f.name = form.value("name");
  f.company = form.value("company");
  f.role = form.value("role");
  f.why = form.value("why");
  if (auto w = core::parse_warmth(form.value("warmth"))) f.warmth = *w;
  else f.errors["warmth"] = "Choose warm or cold.";
  if (auto l = core::parse_contact_list(form.value("list"))) f.list = *l;
  else f.errors["list"] = "Choose one of the three lists.";
  return f;
}

app::outcome refused_in_form(const core::refusal& no) {
  return {app::ack_errors{{{no.field.empty() ? "name" : no.field, no.message + "."}}}, {}};
}

std::string due_text(core::date due, core::date today) {
  const auto days = (due - today).count();
  if (days == 0) return "due today";
  if (days == 1) return "due tomorrow";
  if (days < 0) return std::to_string(-days) + (days == -1 ? " day" : " days") + " overdue";
  return "due " + core::friendly_date(due) + ", in " + std::to_string(days) + " days";
}

std::optional<core::stage> next_stage(core::stage s) {
  switch (s) {
    case core::stage::idea: return core::stage::messaged;
    case core::stage::messaged: return core::stage::scheduled;
    case core::stage::scheduled: return core::stage::met;
    case core::stage::met: return core::stage::thanked;
    case core::stage::thanked: return std::nullopt;
  }
  return std::nullopt;
}

std::string stage_verb(core::stage s) { return "Mark " + std::string(core::to_string(s)); }

void append_contact(std::vector<app::block>& blocks, const core::contact& c, core::date today, bool buttons) {
  app::rich_text t;
  t.bold(c.name);
  if (!c.company.empty()) t.plain(" · " + c.company);
  if (!c.role.empty()) t.plain(" · " + c.role);
  t.plain("\n" + std::string(core::to_string(c.warmth)) + " · " + std::string(core::describe(c.list)) + " · ")
      .italic(std::string(core::to_string(c.stage)))
      .plain("  #" + std::to_string(c.id));
  if (!c.next_action.empty()) {
    t.plain("\nNext: " + c.next_action);
    if (c.next_due) t.plain(" (" + due_text(*c.next_due, today) + ")");
  }
  if (!c.takeaway.empty()) t.plain("\nTakeaway: ").italic(c.takeaway);
  blocks.push_back(app::section{std::move(t), std::nullopt});
  if (!buttons) return;
  app::actions row;
  if (auto next = next_stage(c.stage))
    row.buttons.push_back({stage_verb(*next), advance_action, std::to_string(c.id), app::button::style::primary});
  row.buttons.push_back({"Add a note", note_action, std::to_string(c.id), app::button::style::normal});
  row.buttons.push_back({c.takeaway.empty() ? "Record takeaway" : "Change takeaway", takeaway_action, std::to_string(c.id),
                         app::button::style::normal});
  row.buttons.push_back({"History and edit", contact_open_action, std::to_string(c.id), app::button::style::normal});
  blocks.push_back(std::move(row));
}

app::rich_text describe(const core::next_step& step) {
  app::rich_text t;
  using k = core::next_step_kind;
  switch (step.kind) {
    case k::choose_goal:
      t.plain("Choose the level you are working on: ").code("/network goal II by 2026-12-18");
      break;
    case k::goal_overdue:
      t.plain("Your goal's date passed " + core::count_of(step.count, "day", "days") + " ago. Set a new one with ")
          .code("/network goal")
          .plain(" and keep going.");
      break;
    case k::add_warm:
      t.plain("Add " + core::count_of(step.count, "more warm contact", "more warm contacts") + ": ").code("/network add warm <name>");
      break;
    case k::add_cold:
      t.plain("Add " + core::count_of(step.count, "more cold contact", "more cold contacts") + ": ").code("/network add cold <name> at <company>");
      break;
    case k::outline_action_step:
      t.plain("Outline your action step for this module: ").code("/network step attend a meetup by friday");
      break;
    case k::finish_action_step:
      t.plain("Finish your action step: ").italic(step.text).plain(", then ").code("/network step done");
      break;
    case k::message_contact:
      if (step.contact.empty())
        t.plain("Add someone who fits your goal to your tracker, then write to them: ").code("/network draft <name>");
      else
        t.plain("Write to " + step.contact + ": ").code("/network draft " + step.contact);
      break;
    case k::meet_contact:
      t.plain("Set up the conversation with " + step.contact + ", then ").code("/network log " + step.contact + " met");
      break;
    case k::record_takeaway:
      t.plain("Record your one takeaway from " + step.contact + ": ").code("/network takeaway " + step.contact + " <what you learned>");
      break;
    case k::send_thanks:
      t.plain("Thank " + step.contact + ", then ").code("/network log " + step.contact + " thanked");
      break;
    case k::follow_up:
      t.plain(core::count_of(step.count, "follow-up is", "follow-ups are") + " due: ").code("/network followups");
      break;
  }
  return t;
}

void append_progress(std::vector<app::block>& blocks, const core::progress_view& view, bool own) {
  const auto tick = [](bool done) { return done ? "\xE2\x9C\x85 " : "\xE2\xAC\x9C "; };  // ✅ ⬜
  if (view.goal) {
    const auto& g = *view.goal;
    app::rich_text t;
    t.bold("Goal: Level " + std::string(core::to_string(g.level)));
    static const char* const what[] = {"", " (your mentor)", " (a warm contact or an alum)", " (a cold contact)"};
    t.plain(what[static_cast<int>(g.level)]);
    if (g.due) t.plain(", by " + core::friendly_date(*g.due));
    // Someone else's view (a buddy) shows how far, never with whom: contacts stay private.
    const std::string with = own ? g.contact : std::string("a contact");
    if (g.complete())
      t.plain("\nDone, with " + with + ". Well done!");
    else if (g.contact.empty())
      t.plain("\nNo one in the tracker counts toward it yet.");
    else
      t.plain("\nClosest: " + with + " (" + std::to_string(g.steps_done()) + " of 4)");
    t.plain(std::string("\n") + tick(g.messaged) + "messaged   " + tick(g.met) + "met   " + tick(g.takeaway) + "takeaway   " +
            tick(g.thanked) + "thanked");
    blocks.push_back(app::section{std::move(t), std::nullopt});
  }
  if (view.quota) {
    const auto& q = *view.quota;
    app::rich_text t;
    t.bold("Mod " + std::to_string(q.module) + " list");
    if (q.complete()) t.plain(": complete");
    t.plain(std::string("\n") + tick(q.warm >= q.need.warm) + std::to_string(std::min(q.warm, q.need.warm)) + " of " +
            std::to_string(q.need.warm) + " warm contacts");
    t.plain(std::string("\n") + tick(q.cold >= q.need.cold) + std::to_string(std::min(q.cold, q.need.cold)) + " of " +
            std::to_string(q.need.cold) + " cold contacts");
    if (q.need.action_steps > 0)
      t.plain(std::string("\n") + tick(q.steps_done >= q.need.action_steps) + std::to_string(std::min(q.steps_done, q.need.action_steps)) +
              " of " + std::to_string(q.need.action_steps) + (q.need.action_steps == 1 ? " action step" : " action steps") +
              " done (" + std::to_string(q.steps_outlined) + " outlined)");
    blocks.push_back(app::section{std::move(t), std::nullopt});
    if (q.assumed && own)
      blocks.push_back(app::context{app::rich_text{}
                                        .plain("Your module isn't on file yet, so this counts against the Mod " +
                                               std::to_string(q.module) + " list. Complete your profile: ")
                                        .code("/network profile edit")});
  }
  blocks.push_back(app::context{app::rich_text{}.plain(core::count_of(view.contacts, "contact", "contacts") + " · " +
                                                       std::to_string(view.messaged) + " messaged · " + std::to_string(view.met) +
                                                       " met · " + core::count_of(view.takeaways, "takeaway", "takeaways") + " · " +
                                                       std::to_string(view.thanked) + " thanked")});
  if (!own || view.next_steps.empty()) return;
  app::rich_text next;
  next.bold("Next");
  for (std::size_t i = 0; i < view.next_steps.size() && i < 4; ++i) {
    next.plain("\n\xE2\x80\xA2 ");  // •
    next.append(describe(view.next_steps[i]));
  }
  blocks.push_back(app::section{std::move(next), std::nullopt});
}

}  // namespace networkbot::features
