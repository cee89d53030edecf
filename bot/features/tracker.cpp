// The networking tracker in Slack: /network add, contacts, log, note, takeaway and followups, the
// buttons on each contact card, and the modals behind a bare `add`, "Add a note" and the takeaway.
// Every handler acts on the asking student's own contacts; a contact number that belongs to anyone
// else is "not found".

#include <charconv>

#include "bot/features/corrections.hpp"
#include "bot/features/tracker.hpp"
#include "bot/features/tracker_views.hpp"
#include "core/text.hpp"

namespace networkbot::features {

namespace {

constexpr const char* add_callback = "tracker.add";
constexpr const char* note_callback = "tracker.note";
constexpr const char* takeaway_callback = "tracker.takeaway";
constexpr std::size_t page_size = 8;

app::outcome reply(app::message m) { return {app::reply_after_ack{std::move(m)}, {}}; }

app::outcome refuse(const core::refusal& r, const std::string& usage = {}) {
  app::rich_text t;
  t.plain(r.message + ".");
  if (!usage.empty()) t.plain(" Usage: ").code("/network " + usage);
  return app::reply_text(std::move(t));
}

// A contact card with a line of context above it: "Logged: met Alex Kim".
app::outcome confirm(const app::services& svc, const std::string& what, const core::contact& c) {
  app::message m;
  m.fallback = what;
  m.blocks.push_back(app::context{app::rich_text{}.plain(what)});
  append_contact(m.blocks, c, svc.today(), true);
  return reply(std::move(m));
}

// The contact the first words name, and the words after it: the longest run of leading words that
// is a contact's name, else "#12", else a unique start of a name.
core::result<std::pair<core::contact, std::vector<std::string>>> contact_and_rest(const core::tracker& t, core::person_id owner,
                                                                               const std::vector<std::string>& words) {
  if (words.empty()) return core::refusal{"Say which contact"};
  const auto all = t.contacts(owner);
  for (std::size_t n = words.size(); n >= 1; --n) {
    std::string name;
    for (std::size_t i = 0; i < n; ++i) name += (i ? " " : "") + words[i];
    for (const auto& c : all)
      if (core::to_lower(c.name) == core::to_lower(name)) return std::pair{c, std::vector<std::string>(words.begin() + static_cast<long>(n), words.end())};
  }
  auto found = t.find(owner, words.front());
  if (auto* r = std::get_if<core::refusal>(&found)) return *r;
  return std::pair{std::get<core::contact>(found), std::vector<std::string>(words.begin() + 1, words.end())};
}

// `add warm|cold <name> [at <company>] [@slack-user]`
app::outcome quick_add(app::services& svc, const app::command_call& call) {
  const std::string usage = "add warm|cold <name> [at <company>] [@slack-user]";
  auto warmth = core::parse_warmth(call.args.front());
  if (!warmth) {
    app::rich_text t;
    t.plain("Say whether ").code(call.args.front()).plain(" is a warm contact (someone you know) or a cold one (someone new): ")
        .code("/network add warm Jamie Flores").plain(" or ").code("/network add cold Chris Okafor at Summit Outdoors")
        .plain(". Or type ").code("/network add").plain(" for the full form.");
    return app::reply_text(std::move(t));
  }
  std::vector<std::string> words(call.args.begin() + 1, call.args.end());
  core::contact draft;
  draft.warmth = *warmth;
  draft.list = *warmth == core::warmth::warm ? core::contact_list::support_network : core::contact_list::new_contacts;
  // A trailing @mention or <@U…> is the contact's Slack account.
  if (!words.empty() && (words.back().starts_with('@') || words.back().starts_with("<@"))) {
    const auto who = core::find_person(svc.people, words.back());
    if (!who) return app::reply_text(app::rich_text{}.plain("I don't know ").code(words.back()).plain(" in this workspace. Leave it out, or check the name."));
    draft.slack_user = who->slack_id;
    draft.company = who->company;
    words.pop_back();
    if (words.empty()) draft.name = who->display_name;
  }
  std::size_t at = words.size();
  for (std::size_t i = words.size(); i-- > 1;)
    if (core::to_lower(words[i]) == "at") {
      at = i;
      break;
    }
  if (draft.name.empty()) draft.name = core::join_list(std::span(words).first(at), " ");
  if (at < words.size()) draft.company = core::join_list(std::span(words).subspan(at + 1), " ");
  if (draft.name.empty()) return refuse(core::refusal{"Who is it? Give their name"}, usage);
  auto added = svc.tracker().add(call.user.id, draft);
  if (auto* r = std::get_if<core::refusal>(&added)) return refuse(*r, usage);
  return confirm(svc, "Added to your " + std::string(core::to_string(*warmth)) + " list.", std::get<core::contact>(added));
}

}  // namespace

app::modal add_contact_modal() {
  using kind = app::input::kind;
  app::modal v;
  v.callback_id = add_callback;
  v.title = "Add a contact";
  v.submit = "Add";
  v.blocks.push_back(app::input{.id = "name", .label = "Name", .type = kind::single_line, .hint = {}, .placeholder = "Jamie Flores",
                                .initial = {}, .optional = false, .max_length = 120, .options = {}});
  v.blocks.push_back(app::input{.id = "warmth", .label = "Warm or cold", .type = kind::select,
                                .hint = "Warm: someone you know. Cold: someone you have not met.", .placeholder = "Choose",
                                .initial = {}, .optional = false, .max_length = 0,
                                .options = {{"Warm", "warm"}, {"Cold", "cold"}}});
  v.blocks.push_back(app::input{.id = "list", .label = "Which list", .type = kind::select, .hint = {}, .placeholder = "Choose",
                                .initial = "new", .optional = false, .max_length = 0,
                                .options = {{"Support network", "support"}, {"Dormant ties", "dormant"}, {"New contacts", "new"}}});
  v.blocks.push_back(app::input{.id = "company", .label = "Company", .type = kind::single_line, .hint = {}, .placeholder = {},
                                .initial = {}, .optional = true, .max_length = 200, .options = {}});
  v.blocks.push_back(app::input{.id = "role", .label = "Their role", .type = kind::single_line, .hint = {},
                                .placeholder = "Senior engineer", .initial = {}, .optional = true, .max_length = 200, .options = {}});
  v.blocks.push_back(app::input{.id = "why", .label = "How you know them, or why this person", .type = kind::multi_line,
                                .hint = {}, .placeholder = {}, .initial = {}, .optional = true, .max_length = 1000, .options = {}});
  v.blocks.push_back(app::input{.id = "linkedin", .label = "LinkedIn URL", .type = kind::single_line, .hint = {},
                                .placeholder = "https://www.linkedin.com/in/…", .initial = {}, .optional = true,
                                .max_length = 200, .options = {}});
  v.blocks.push_back(app::input{.id = "email", .label = "Email", .type = kind::single_line, .hint = {}, .placeholder = {},
                                .initial = {}, .optional = true, .max_length = 200, .options = {}});
  return v;
}

namespace {

app::outcome save_add(app::services& svc, const app::submission_call& call) {
  auto fields = read_contact_fields(call.request);
  if (!fields.errors.empty()) return {app::ack_errors{std::move(fields.errors)}, {}};
  core::contact draft;
  draft.name = std::move(fields.name);
  draft.company = std::move(fields.company);
  draft.role = std::move(fields.role);
  draft.why = std::move(fields.why);
  draft.warmth = fields.warmth;
  draft.list = fields.list;
  draft.linkedin = call.request.value("linkedin");
  draft.email = call.request.value("email");
  auto added = svc.tracker().add(call.user.id, draft);
  if (auto* r = std::get_if<core::refusal>(&added)) return refused_in_form(*r);
  app::message m;
  m.fallback = "Added " + std::get<core::contact>(added).name;
  m.blocks.push_back(app::context{app::rich_text{}.plain("Added to your tracker.")});
  append_contact(m.blocks, std::get<core::contact>(added), svc.today(), true);
  return {app::ack_empty{}, {app::post_message{call.user.slack_id, std::move(m)}}};
}

// `contacts [warm|cold|due|<stage>]`, a page at a time.
app::outcome list(app::services& svc, const core::person& user, const std::string& filter_word, std::size_t offset) {
  core::contact_filter filter;
  std::string title = "Your contacts";
  if (!filter_word.empty()) {
    if (auto w = core::parse_warmth(filter_word)) {
      filter.warmth = w;
      title = "Your " + filter_word + " contacts";
    } else if (auto s = core::parse_stage(filter_word)) {
      filter.stage = s;
      title = "Contacts at " + filter_word;
    } else if (core::to_lower(filter_word) == "due") {
      filter.due_only = true;
      title = "Contacts with a follow-up due";
    } else {
      std::vector<std::string> words{"warm", "cold", "due", "idea", "messaged", "scheduled", "met", "thanked"};
      app::rich_text t;
      t.plain("I can show ").code("warm").plain(", ").code("cold").plain(", ").code("due")
          .plain(" or a stage (idea, messaged, scheduled, met, thanked), not ").code(filter_word).plain(".");
      if (auto guess = core::closest_match(core::to_lower(filter_word), words)) t.plain(" Did you mean ").code("/network contacts " + *guess).plain("?");
      return app::reply_text(std::move(t));
    }
  }
  const auto contacts = svc.tracker().contacts(user.id, filter);
  app::message m;
  m.fallback = title;
  m.blocks.push_back(app::header{title});
  if (contacts.empty()) {
    app::rich_text t;
    t.plain(filter_word.empty() ? "Your tracker is empty. Start your lists: " : "None right now. ");
    t.code("/network add warm <name>").plain(" for someone you know, or ").code("/network add cold <name> at <company>")
        .plain(" for someone new.");
    m.blocks.push_back(app::section{std::move(t), std::nullopt});
    return reply(std::move(m));
  }
  const std::size_t end = std::min(contacts.size(), offset + page_size);
  m.blocks.push_back(app::context{app::rich_text{}.plain(std::to_string(offset + 1) + "–" + std::to_string(end) + " of " +
                                                         std::to_string(contacts.size()))});
  for (std::size_t i = offset; i < end; ++i) append_contact(m.blocks, contacts[i], svc.today(), true);
  if (end < contacts.size())
    m.blocks.push_back(app::actions{{{"Show " + std::to_string(std::min(page_size, contacts.size() - end)) + " more", more_action,
                                      page_value(filter_word, end), app::button::style::normal}}});
  return reply(std::move(m));
}

app::outcome log_interaction(app::services& svc, const app::command_call& call) {
  const std::string usage = "log <contact> messaged|scheduled|met|thanked [note]";
  // The stage word splits the contact's name from the note.
  std::size_t at = call.args.size();
  for (std::size_t i = 1; i < call.args.size(); ++i)
    if (auto s = core::parse_stage(call.args[i]); s && *s != core::stage::idea) {
      at = i;
      break;
    }
  if (call.args.empty() || at == call.args.size()) {
    app::rich_text t;
    t.plain("Say who, and what happened: ").code("/network log Alex Kim messaged").plain(" or ")
        .code("/network log #3 met coffee at Huckleberry").plain(". The steps are messaged, scheduled, met and thanked.");
    return app::reply_text(std::move(t));
  }
  auto t = svc.tracker();
  auto found = contact_and_rest(t, call.user.id, std::vector<std::string>(call.args.begin(), call.args.begin() + static_cast<long>(at)));
  if (auto* r = std::get_if<core::refusal>(&found)) return refuse(*r, usage);
  const auto& [contact, leftover] = std::get<0>(found);
  if (!leftover.empty()) return refuse(core::refusal{"No contact called '" + core::join_list(std::span(call.args).first(at), " ") + "'"}, usage);
  const auto reached = *core::parse_stage(call.args[at]);
  auto logged = t.log(call.user.id, contact.id, reached, core::join_list(std::span(call.args).subspan(at + 1), " "));
  if (auto* r = std::get_if<core::refusal>(&logged)) return refuse(*r, usage);
  std::string what = "Logged: " + std::string(core::to_string(reached)) + " " + contact.name + ".";
  if (reached == core::stage::met) what += " What is your one takeaway? Record it while it's fresh.";
  return confirm(svc, what, std::get<core::contact>(logged));
}

// `note <contact> <text>` and `takeaway <contact> <text>`.
app::outcome with_text(app::services& svc, const app::command_call& call, bool takeaway) {
  const std::string usage = takeaway ? "takeaway <contact> <the one thing you took away>" : "note <contact> <text>";
  auto t = svc.tracker();
  auto found = contact_and_rest(t, call.user.id, call.args);
  if (auto* r = std::get_if<core::refusal>(&found)) return refuse(*r, usage);
  const auto& [contact, words] = std::get<0>(found);
  const std::string text = core::join_list(words, " ");
  if (text.empty())
    return refuse(core::refusal{takeaway ? "What did you take away from " + contact.name + "? Write it after the name"
                                         : "What should the note say? Write it after the name"},
                  usage);
  auto saved = takeaway ? t.record_takeaway(call.user.id, contact.id, text) : t.note(call.user.id, contact.id, text);
  if (auto* r = std::get_if<core::refusal>(&saved)) return refuse(*r, usage);
  return confirm(svc, takeaway ? "Takeaway saved. The follow-up clock is set." : "Note saved.", std::get<core::contact>(saved));
}

app::outcome followups(app::services& svc, const core::person& user) {
  const auto due = svc.tracker().followups(user.id);
  app::message m;
  m.fallback = "Follow-ups due";
  m.blocks.push_back(app::header{"Follow-ups due"});
  if (due.empty()) {
    m.blocks.push_back(app::section{app::rich_text{}.plain("Nothing is due. Each time you log a conversation, I set the next "
                                                           "follow-up for you."),
                                    std::nullopt});
    return reply(std::move(m));
  }
  const std::size_t shown = std::min(due.size(), page_size * 2);
  for (std::size_t i = 0; i < shown; ++i) append_contact(m.blocks, due[i], svc.today(), true);
  if (shown < due.size())
    m.blocks.push_back(app::context{app::rich_text{}.plain("And " + std::to_string(due.size() - shown) + " more: ")
                                        .code("/network contacts due")});
  return reply(std::move(m));
}

app::modal text_modal(const char* callback, const std::string& title, const std::string& label, const core::contact& c) {
  app::modal v;
  v.callback_id = callback;
  v.title = title;
  v.private_metadata = std::to_string(c.id);
  v.blocks.push_back(app::section{app::rich_text{}.bold(c.name).plain(c.company.empty() ? "" : " · " + c.company), std::nullopt});
  v.blocks.push_back(app::input{.id = "text", .label = label, .type = app::input::kind::multi_line, .hint = {}, .placeholder = {},
                                .initial = std::string(callback) == takeaway_callback ? c.takeaway : std::string{},
                                .optional = false, .max_length = 2000, .options = {}});
  return v;
}

}  // namespace

void register_tracker(app::router& r) {
  r.command({.name = "add",
             .group = "Your tracker",
             .usage = "add warm|cold <name> [at <company>] [@slack-user]",
             .summary = "Add someone to your warm or cold list; bare `add` opens the full form.",
             .examples = {"/network add warm Jamie Flores", "/network add cold Chris Okafor at Summit Outdoors", "/network add"},
             .handler = [&r](const app::command_call& call) -> app::outcome {
               if (call.args.empty()) return {app::ack_empty{}, {app::open_modal{call.request.trigger_id, add_contact_modal()}}};
               return quick_add(r.svc(), call);
             }});
  r.command({.name = "contacts",
             .group = "Your tracker",
             .usage = "contacts [warm|cold|due|<stage>|<name>]",
             .summary = "Your tracker as a list, with buttons to move each contact along; a name opens that contact's card and history.",
             .examples = {"/network contacts", "/network contacts cold", "/network contacts due", "/network contacts Jamie Flores"},
             .handler = [&r](const app::command_call& call) {
               if (call.args.empty()) return list(r.svc(), call.user, std::string{}, 0);
               const std::string word = core::to_lower(call.args.front());
               const bool filter = call.args.size() == 1 && (core::parse_warmth(word) || core::parse_stage(word) || word == "due");
               // Not a filter: a contact's name or number, when it names one; else the list's own advice.
               if (!filter && std::holds_alternative<core::contact>(r.svc().tracker().find(call.user.id, call.rest)))
                 return contact_card(r.svc(), call.user, call.rest);
               return list(r.svc(), call.user, call.args.front(), 0);
             }});
  r.command({.name = "log",
             .group = "Your tracker",
             .usage = "log <contact> messaged|scheduled|met|thanked [note]",
             .summary = "Record what happened; the follow-up clock restarts.",
             .examples = {"/network log Jamie Flores messaged", "/network log #3 met coffee near campus"},
             .handler = [&r](const app::command_call& call) { return log_interaction(r.svc(), call); }});
  r.command({.name = "note",
             .group = "Your tracker",
             .usage = "note <contact> <text>",
             .summary = "Keep a dated note on a contact.",
             .examples = {"/network note Jamie Flores prefers mornings"},
             .handler = [&r](const app::command_call& call) { return with_text(r.svc(), call, false); }});
  r.command({.name = "takeaway",
             .group = "Your tracker",
             .usage = "takeaway <contact> <text>",
             .summary = "The one thing you took away from a conversation; sets a follow-up.",
             .examples = {"/network takeaway Jamie Flores write the README first"},
             .handler = [&r](const app::command_call& call) { return with_text(r.svc(), call, true); }});
  r.command({.name = "followups",
             .group = "Your tracker",
             .usage = "followups",
             .summary = "What is due or overdue, oldest first.",
             .examples = {"/network followups"},
             .handler = [&r](const app::command_call& call) { return followups(r.svc(), call.user); }});

  r.view(add_callback, [&r](const app::submission_call& call) { return save_add(r.svc(), call); });

  r.action(advance_action, [&r](const app::action_call& call) -> app::outcome {
    auto& svc = r.svc();
    const auto id = parse_id(call.request.value);
    auto t = svc.tracker();
    auto found = id ? t.find(call.user.id, "#" + call.request.value) : core::result<core::contact>{core::refusal{"That button is broken"}};
    if (auto* no = std::get_if<core::refusal>(&found)) return refuse(*no);
    const auto next = next_stage(std::get<core::contact>(found).stage);
    if (!next) return app::reply_text("That contact is already thanked: the last step. Keep in touch!");
    auto logged = t.log(call.user.id, *id, *next);
    if (auto* no = std::get_if<core::refusal>(&logged)) return refuse(*no);
    return confirm(svc, "Logged: " + std::string(core::to_string(*next)) + " " + std::get<core::contact>(logged).name + ".",
                   std::get<core::contact>(logged));
  });
  for (const auto* action : {note_action, takeaway_action}) {
    r.action(action, [&r, action](const app::action_call& call) -> app::outcome {
      auto found = r.svc().tracker().find(call.user.id, "#" + call.request.value);
      if (auto* no = std::get_if<core::refusal>(&found)) return refuse(*no);
      const auto& c = std::get<core::contact>(found);
      const bool takeaway = std::string(action) == takeaway_action;
      return {app::ack_empty{},
              {app::open_modal{call.request.trigger_id,
                               takeaway ? text_modal(takeaway_callback, "Your takeaway", "The one thing you took away", c)
                                        : text_modal(note_callback, "Add a note", "Note", c)}}};
    });
  }
  for (const auto* callback : {note_callback, takeaway_callback}) {
    r.view(callback, [&r, callback](const app::submission_call& call) -> app::outcome {
      auto& svc = r.svc();
      const auto id = parse_id(call.request.private_metadata);
      if (!id) return {app::ack_errors{{{"text", "This form is out of date; close it and try again."}}}, {}};
      const bool takeaway = std::string(callback) == takeaway_callback;
      auto t = svc.tracker();
      const std::string text = call.request.value("text");
      auto saved = takeaway ? t.record_takeaway(call.user.id, *id, text) : t.note(call.user.id, *id, text);
      if (auto* no = std::get_if<core::refusal>(&saved)) return {app::ack_errors{{{"text", no->message + "."}}}, {}};
      app::message m;
      m.fallback = takeaway ? "Takeaway saved" : "Note saved";
      m.blocks.push_back(app::context{app::rich_text{}.plain(takeaway ? "Takeaway saved." : "Note saved.")});
      append_contact(m.blocks, std::get<core::contact>(saved), svc.today(), true);
      return app::outcome{app::ack_empty{}, {app::post_message{call.user.slack_id, std::move(m)}}};
    });
  }
  r.action(more_action, [&r](const app::action_call& call) -> app::outcome {
    const auto [filter, offset] = parse_page(call.request.value);
    return list(r.svc(), call.user, filter, offset);
  });
}

}  // namespace networkbot::features
