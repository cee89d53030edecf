// Outreach in the curriculum's four parts: /network draft writes a first version for a contact from
// what is known about both people; /network check reads any message and explains what it finds, with
// a suggestion for each, never a score. A bare `check` (or the button on a draft) opens a modal for
// long text.

#include "bot/features/outreach.hpp"
#include "bot/features/tracker_views.hpp"
#include "core/outreach.hpp"
#include "core/text.hpp"

namespace networkbot::features {

namespace {

constexpr const char* check_callback = "outreach.check";
constexpr const char* edit_action = "outreach.edit";

app::message report_message(const core::outreach_report& r) {
  app::message m;
  m.fallback = r.findings.empty() ? "Outreach check: ready to send" : "Outreach check: " + std::to_string(r.findings.size()) + " suggestions";
  m.blocks.push_back(app::header{"Outreach check"});
  const auto part = [](bool present, const char* name) { return std::string(present ? "\xE2\x9C\x85 " : "\xE2\xAC\x9C ") + name; };
  app::rich_text parts;
  parts.plain(part(r.introduction, "Introduction") + "   " + part(r.purpose, "Purpose") + "   " + part(r.specifics, "Specifics") +
              "   " + part(r.call_to_action, "Call to action"));
  parts.plain("\n" + std::to_string(r.characters) + " characters" +
              (r.characters <= core::linkedin_note_limit ? " (fits a LinkedIn connection note)" : ""));
  m.blocks.push_back(app::section{std::move(parts), std::nullopt});
  if (r.findings.empty()) {
    m.blocks.push_back(app::section{app::rich_text{}.bold("Ready to send.").plain(
                                        " It says who you are, why you're writing, what connects you to them, and asks for "
                                        "a specific next step."),
                                    std::nullopt});
    return m;
  }
  for (const auto& f : r.findings)
    m.blocks.push_back(app::section{app::rich_text{}.bold(f.title).plain("\n" + f.why + "\n").italic("Try: ").plain(f.suggestion),
                                    std::nullopt});
  return m;
}

app::modal check_modal(const std::string& initial) {
  app::modal v;
  v.callback_id = check_callback;
  v.title = "Check a message";
  v.submit = "Check";
  v.blocks.push_back(app::context{app::rich_text{}.plain(
      "Paste your outreach message. I look for the four parts (introduction, purpose, specifics, call to action) and the "
      "usual pitfalls.")});
  v.blocks.push_back(app::input{.id = "message", .label = "Your message", .type = app::input::kind::multi_line, .hint = {},
                                .placeholder = {}, .initial = initial, .optional = false, .max_length = 3000, .options = {}});
  return v;
}

// What is known about the person a draft is for: the tracker contact, and their directory record.
struct target {
  core::outreach_context context;
  std::optional<core::contact> contact;
};

core::result<target> resolve(app::services& svc, const core::person& user, const std::vector<std::string>& args) {
  if (args.empty()) return core::refusal{"Say who the message is for: a contact in your tracker or an @person"};
  target t;
  if (args.size() == 1 && (args.front().starts_with('@') || args.front().starts_with("<@"))) {
    const auto p = core::find_person(svc.people, args.front());
    if (!p) return core::refusal{"I don't know " + args.front() + " in this workspace"};
    t.context = {p->display_name, p->company, p->title, p->background, p->program, ""};
    return t;
  }
  std::string name;
  for (const auto& a : args) name += (name.empty() ? "" : " ") + a;
  auto found = svc.tracker().find(user.id, name);
  if (auto* no = std::get_if<core::refusal>(&found)) return *no;
  const auto& c = std::get<core::contact>(found);
  t.contact = c;
  t.context = {c.name, c.company, c.role, "", "", c.why};
  if (!c.slack_user.empty())
    if (const auto p = svc.people.find_by_slack_id(c.slack_user)) {
      t.context.background = p->background;
      t.context.program = p->program;
      if (t.context.company.empty()) t.context.company = p->company;
    }
  return t;
}

app::outcome draft(app::services& svc, const app::command_call& call) {
  auto found = resolve(svc, call.user, call.args);
  if (auto* no = std::get_if<core::refusal>(&found))
    return app::reply_text(app::rich_text{}.plain(no->message + ". For example ").code("/network draft <a name in your tracker>")
                               .plain(", ").code("/network draft #3").plain(" or ").code("/network draft @someone").plain("."));
  const auto& t = std::get<target>(found);
  const std::string text = core::draft_outreach(call.user, t.context);
  app::message m;
  m.fallback = "A draft for " + t.context.contact_name;
  m.blocks.push_back(app::header{"A draft for " + t.context.contact_name});
  m.blocks.push_back(app::section{app::rich_text{text}, std::nullopt});
  m.blocks.push_back(app::context{app::rich_text{}.plain(
      "Introduction, purpose, specifics, call to action. Make it sound like you: add what you know about them and why it "
      "matters to you, then check it again.")});
  app::actions row;
  row.buttons.push_back({"Edit and check", edit_action, t.contact ? std::to_string(t.contact->id) : std::string{},
                         app::button::style::primary});
  if (t.contact && t.contact->stage == core::stage::idea)
    row.buttons.push_back({"I sent it: mark messaged", advance_action, std::to_string(t.contact->id), app::button::style::normal});
  m.blocks.push_back(std::move(row));
  return {app::reply_after_ack{std::move(m)}, {}};
}

}  // namespace

void register_outreach(app::router& r) {
  r.command({.name = "draft",
             .group = "Reaching out",
             .usage = "draft <contact or @person>",
             .summary = "A first outreach message in four parts, written from both your profiles.",
             .examples = {"/network draft Jamie Flores", "/network draft @ana"},
             .handler = [&r](const app::command_call& call) { return draft(r.svc(), call); }});
  r.command({.name = "check",
             .group = "Reaching out",
             .usage = "check [<message>]",
             .summary = "What your outreach message has and lacks, with a suggestion for each; bare `check` opens a form.",
             .examples = {"/network check Hi Ana, I'm Maya, a Turing student…", "/network check"},
             .handler = [](const app::command_call& call) -> app::outcome {
               if (call.rest.empty()) return {app::ack_empty{}, {app::open_modal{call.request.trigger_id, check_modal({})}}};
               if (!core::is_valid_utf8(call.rest)) return app::reply_text("That message has characters I can't read. Please paste it again.");
               return {app::reply_after_ack{report_message(core::check_outreach(call.rest))}, {}};
             }});
  r.view(check_callback, [](const app::submission_call& call) -> app::outcome {
    const std::string text = call.request.value("message");
    if (text.empty()) return {app::ack_errors{{{"message", "Paste the message you want checked."}}}, {}};
    if (!core::is_valid_utf8(text)) return {app::ack_errors{{{"message", "This text has characters I can't read."}}}, {}};
    return {app::ack_empty{}, {app::post_message{call.user.slack_id, report_message(core::check_outreach(text))}}};
  });
  r.action(edit_action, [&r](const app::action_call& call) -> app::outcome {
    auto& svc = r.svc();
    std::string initial;
    if (!call.request.value.empty()) {
      auto found = svc.tracker().find(call.user.id, "#" + call.request.value);
      if (const auto* c = std::get_if<core::contact>(&found)) {
        core::outreach_context context{c->name, c->company, c->role, "", "", c->why};
        initial = core::draft_outreach(call.user, context);
      }
    }
    return {app::ack_empty{}, {app::open_modal{call.request.trigger_id, check_modal(initial)}}};
  });
}

}  // namespace networkbot::features
