// Putting a mistake right in the tracker: a contact's card with its timeline (`contacts <name>`, the
// "History and edit" button), editing a contact, deleting one (after a confirm), and undoing the last
// logged step. Each correction is recorded by core::tracker, so the timeline still says what happened.
// Every handler acts on the asking student's own contacts only: another's number is "not found".

#include <algorithm>

#include "bot/features/corrections.hpp"
#include "bot/features/tracker.hpp"
#include "bot/features/tracker_views.hpp"
#include "core/text.hpp"

namespace networkbot::features {

namespace {

constexpr const char* edit_callback = "tracker.edit";

app::outcome reply(app::message m) { return {app::reply_after_ack{std::move(m)}, {}}; }

app::outcome refuse(const core::refusal& r, const std::string& usage = {}) {
  app::rich_text t;
  t.plain(r.message + ".");
  if (!usage.empty()) t.plain(" Usage: ").code("/network " + usage);
  return app::reply_text(std::move(t));
}

std::string event_words(const core::contact_event& e) {
  switch (e.kind) {
    case core::event_kind::note: return "Note";
    case core::event_kind::takeaway: return "Takeaway";
    default: return "Logged " + std::string(core::to_string(e.kind));
  }
}

// A contact's card: what it is now, its timeline (events and corrections), and what can be put right.
app::message card(const app::services& svc, const core::contact& c, const std::vector<core::timeline_entry>& timeline,
                  const std::string& context_line = {}) {
  app::message m;
  m.fallback = c.name;
  if (!context_line.empty()) m.blocks.push_back(app::context{app::rich_text{}.plain(context_line)});
  m.blocks.push_back(app::header{c.name});
  append_contact(m.blocks, c, svc.today(), true);
  app::rich_text history;
  history.bold("History");
  if (timeline.empty()) history.plain("\nAdded " + core::friendly_date(core::day_of(c.created_at)) + "; nothing logged yet.");
  // The newest first, at most what a section holds.
  std::size_t shown = 0;
  for (auto it = timeline.rbegin(); it != timeline.rend() && shown < 30; ++it, ++shown) {
    history.plain("\n" + core::friendly_date(core::day_of(it->at)) + " · ");
    if (const auto* e = std::get_if<core::contact_event>(&it->what)) {
      history.plain(event_words(*e));
      if (!e->text.empty()) history.plain(": ").italic(e->text.size() > 200 ? e->text.substr(0, 200) + "…" : e->text);
    } else {
      history.plain(std::get<core::correction>(it->what).summary);
    }
  }
  if (timeline.size() > shown) history.plain("\n… and " + std::to_string(timeline.size() - shown) + " earlier.");
  m.blocks.push_back(app::section{std::move(history), std::nullopt});
  const std::string id = std::to_string(c.id);
  app::actions row;
  row.buttons.push_back({"Edit", contact_edit_action, id, app::button::style::normal});
  const bool logged = std::ranges::any_of(timeline, [](const core::timeline_entry& t) {
    const auto* e = std::get_if<core::contact_event>(&t.what);
    return e != nullptr && e->kind != core::event_kind::note && e->kind != core::event_kind::takeaway;
  });
  if (logged) row.buttons.push_back({"Undo last step", contact_undo_action, id, app::button::style::normal});
  row.buttons.push_back({"Delete", contact_delete_action, id, app::button::style::danger});
  m.blocks.push_back(std::move(row));
  return m;
}

app::outcome show_card(app::services& svc, const core::person& user, core::contact_id id, const std::string& context_line = {}) {
  auto t = svc.tracker();
  auto found = t.find(user.id, "#" + std::to_string(id));
  if (auto* r = std::get_if<core::refusal>(&found)) return refuse(*r);
  auto timeline = t.timeline(user.id, id);
  if (auto* r = std::get_if<core::refusal>(&timeline)) return refuse(*r);
  return reply(card(svc, std::get<core::contact>(found), std::get<std::vector<core::timeline_entry>>(timeline), context_line));
}

app::modal edit_modal(const app::services& svc, const core::contact& c) {
  using kind = app::input::kind;
  app::modal v = add_contact_modal();
  v.callback_id = edit_callback;
  v.title = "Edit contact";
  v.submit = "Save";
  v.private_metadata = std::to_string(c.id);
  // The add form's fields that a correction may change, filled in; LinkedIn and email stay as they are
  // (they come in through an import or the add form), and the contact's Slack user is one more field.
  std::erase_if(v.blocks, [](const app::block& b) {
    const auto* in = std::get_if<app::input>(&b);
    return in != nullptr && (in->id == "linkedin" || in->id == "email");
  });
  for (auto& b : v.blocks) {
    auto* in = std::get_if<app::input>(&b);
    if (in == nullptr) continue;
    if (in->id == "name") in->initial = c.name;
    if (in->id == "warmth") in->initial = std::string(core::to_string(c.warmth));
    if (in->id == "list") in->initial = c.list == core::contact_list::support_network ? "support"
                                        : c.list == core::contact_list::dormant_ties  ? "dormant"
                                                                                      : "new";
    if (in->id == "company") in->initial = c.company;
    if (in->id == "role") in->initial = c.role;
    if (in->id == "why") in->initial = c.why;
  }
  std::string slack_user;
  if (!c.slack_user.empty()) {
    const auto p = svc.people.find_by_slack_id(c.slack_user);
    slack_user = p && !p->handle.empty() ? "@" + p->handle : c.slack_user;
  }
  v.blocks.push_back(app::input{.id = "slack_user", .label = "Their Slack account", .type = kind::single_line,
                                .hint = "@handle, when they are in this workspace; leave empty if not", .placeholder = "@jamie",
                                .initial = slack_user, .optional = true, .max_length = 100, .options = {}});
  return v;
}

app::outcome open_editor(app::services& svc, const core::person& user, const std::string& which, const std::string& trigger_id) {
  auto found = svc.tracker().find(user.id, which);
  if (auto* r = std::get_if<core::refusal>(&found)) return refuse(*r, "edit <contact>");
  return {app::ack_empty{}, {app::open_modal{trigger_id, edit_modal(svc, std::get<core::contact>(found))}}};
}

app::outcome save_edit(app::router& r, const app::submission_call& call) {
  auto& svc = r.svc();
  const auto id = parse_id(call.request.private_metadata);
  if (!id) return {app::ack_errors{{{"name", "This form is out of date; close it and open the contact again."}}}, {}};
  auto fields = read_contact_fields(call.request);
  core::contact_changes changes{.name = std::move(fields.name), .company = std::move(fields.company), .role = std::move(fields.role),
                                .warmth = fields.warmth, .list = fields.list, .why = std::move(fields.why), .slack_user = {}};
  if (const std::string who = call.request.value("slack_user"); !who.empty()) {
    const auto p = core::find_person(svc.people, who);
    if (!p) fields.errors["slack_user"] = "I don't know " + who + " in this workspace. Use their @handle, or leave it empty.";
    else changes.slack_user = p->slack_id;
  }
  if (!fields.errors.empty()) return {app::ack_errors{std::move(fields.errors)}, {}};
  auto edited = svc.tracker().edit(call.user.id, *id, changes);
  if (auto* no = std::get_if<core::refusal>(&edited)) return refused_in_form(*no);
  auto shown = show_card(svc, call.user, *id, "Saved.");
  auto m = std::get<app::reply_after_ack>(shown.acknowledgement).reply;
  return {app::ack_empty{}, {app::post_message{call.user.slack_id, std::move(m)}}};
}

app::outcome ask_to_delete(app::services& svc, const core::person& user, const std::string& which) {
  auto found = svc.tracker().find(user.id, which);
  if (auto* r = std::get_if<core::refusal>(&found)) return refuse(*r, "delete <contact>");
  const auto& c = std::get<core::contact>(found);
  app::message m;
  m.fallback = "Delete " + c.name + "?";
  m.blocks.push_back(app::section{app::rich_text{}.plain("Delete ").bold(c.name).plain(
                                      " and their history (notes, logged steps, takeaway)? Your lists and progress will count "
                                      "without them. This can't be undone."),
                                  std::nullopt});
  m.blocks.push_back(app::actions{{{"Delete " + c.name, contact_delete_confirm_action, std::to_string(c.id), app::button::style::danger},
                                   {"Keep them", contact_open_action, std::to_string(c.id), app::button::style::normal}}});
  return reply(std::move(m));
}

app::outcome delete_now(app::router& r, const core::person& user, const std::string& value) {
  const auto id = parse_id(value);
  if (!id) return app::reply_text("That button is broken; open the contact again with /network contacts.");
  auto removed = r.svc().tracker().remove(user.id, *id);
  if (auto* no = std::get_if<core::refusal>(&removed)) return refuse(*no);
  return app::reply_text(app::rich_text{}.plain("Deleted ").bold(std::get<core::contact>(removed).name)
                             .plain(" and their history. Your lists count without them now."));
}

app::outcome undo(app::router& r, const core::person& user, const std::string& which) {
  auto& svc = r.svc();
  auto t = svc.tracker();
  auto found = t.find(user.id, which);
  if (auto* no = std::get_if<core::refusal>(&found)) return refuse(*no, "undo <contact>");
  const auto before = std::get<core::contact>(found);
  auto undone = t.undo_last_step(user.id, before.id);
  if (auto* no = std::get_if<core::refusal>(&undone)) return refuse(*no);
  const auto& now = std::get<core::contact>(undone);
  return show_card(svc, user, now.id, "Undone. " + now.name + " is at " + std::string(core::to_string(now.stage)) + " again.");
}

}  // namespace

app::outcome contact_card(app::services& svc, const core::person& user, const std::string& which) {
  auto found = svc.tracker().find(user.id, which);
  if (auto* r = std::get_if<core::refusal>(&found)) return refuse(*r, "contacts <name>");
  return show_card(svc, user, std::get<core::contact>(found).id);
}

void register_corrections(app::router& r) {
  r.command({.name = "edit",
             .group = "Your tracker",
             .usage = "edit <contact>",
             .summary = "Correct a contact: name, company, warm or cold, list, how you know them, Slack user.",
             .examples = {"/network edit Jamie Flores", "/network edit #3"},
             .handler = [&r](const app::command_call& call) -> app::outcome {
               if (call.rest.empty()) return refuse(core::refusal{"Say which contact"}, "edit <contact>");
               return open_editor(r.svc(), call.user, call.rest, call.request.trigger_id);
             }});
  r.command({.name = "delete",
             .group = "Your tracker",
             .usage = "delete <contact>",
             .summary = "Remove a contact and their history from your tracker (asks first).",
             .examples = {"/network delete Jamie Flores"},
             .handler = [&r](const app::command_call& call) -> app::outcome {
               if (call.rest.empty()) return refuse(core::refusal{"Say which contact"}, "delete <contact>");
               return ask_to_delete(r.svc(), call.user, call.rest);
             }});
  r.command({.name = "undo",
             .group = "Your tracker",
             .usage = "undo <contact>",
             .summary = "Take back the last step you logged on a contact (messaged, scheduled, met or thanked).",
             .examples = {"/network undo Jamie Flores"},
             .handler = [&r](const app::command_call& call) -> app::outcome {
               if (call.rest.empty()) return refuse(core::refusal{"Say which contact"}, "undo <contact>");
               return undo(r, call.user, call.rest);
             }});
  r.action(contact_open_action, [&r](const app::action_call& call) -> app::outcome {
    const auto id = parse_id(call.request.value);
    if (!id) return app::reply_text("That button is broken; open the contact again with /network contacts.");
    return show_card(r.svc(), call.user, *id);
  });
  r.action(contact_edit_action, [&r](const app::action_call& call) { return open_editor(r.svc(), call.user, "#" + call.request.value, call.request.trigger_id); });
  r.view(edit_callback, [&r](const app::submission_call& call) { return save_edit(r, call); });
  r.action(contact_delete_action, [&r](const app::action_call& call) { return ask_to_delete(r.svc(), call.user, "#" + call.request.value); });
  r.action(contact_delete_confirm_action, [&r](const app::action_call& call) { return delete_now(r, call.user, call.request.value); });
  r.action(contact_undo_action, [&r](const app::action_call& call) { return undo(r, call.user, "#" + call.request.value); });
}

}  // namespace networkbot::features
