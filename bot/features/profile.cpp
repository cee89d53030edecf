// /network profile [@someone] and /network profile edit: a person's directory record, and a modal to
// keep one's own up to date. Students see only their own profile; staff may look anyone up. Program,
// module and cohort are the roster's: a student fills them in once, while the roster has none, and from
// then on only staff change them (admin student, roster.cpp); the form shows them read-only and a
// submission that names them anyway changes nothing of them.

#include <algorithm>
#include <charconv>

#include "bot/features/profile.hpp"
#include "core/text.hpp"

namespace networkbot::features {

roster_locks locks_of(const core::person& p) { return {!p.program.empty(), p.module.has_value(), !p.cohort.empty()}; }

std::optional<int> parse_module(const std::string& text) {
  int m = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), m);
  if (ec != std::errc{} || end != text.data() + text.size() || m < 0 || m > 4) return std::nullopt;
  return m;
}

bool is_cohort(const std::string& text) {
  return text.size() == 4 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

namespace {

constexpr const char* edit_callback = "profile.edit";
constexpr const char* edit_action = "profile.edit_button";

app::message profile_message(const config::settings& settings, const core::person& p, bool own) {
  app::message m;
  m.fallback = "Profile of " + p.display_name;
  m.blocks.push_back(app::header{p.display_name});
  app::rich_text t;
  auto line = [&](const char* label, const std::string& value) {
    if (value.empty()) return;
    if (!t.empty()) t.plain("\n");
    t.bold(label).plain(" " + value);
  };
  line("Pronouns:", p.pronouns);
  line("Role:", core::to_string(p.roles));
  if (p.is(core::role::student)) {
    line("Program:", config::program_name(settings, p.program));
    line("Module:", p.module ? std::to_string(*p.module) : std::string{});
    line("Cohort:", p.cohort);
  }
  line("Company:", p.company);
  line("Title:", p.title);
  line("Background:", p.background);
  std::string interests;
  for (const auto& i : p.interests) interests += (interests.empty() ? "" : ", ") + i;
  line("Interests:", interests);
  std::string targets;
  for (const auto& c : p.target_companies) targets += (targets.empty() ? "" : ", ") + c;
  if (own) line("Target companies:", targets);
  line("Time zone:", p.time_zone);
  if (t.empty()) t.plain("Nothing here yet.");
  m.blocks.push_back(app::section{std::move(t), std::nullopt});
  if (own) {
    const bool incomplete = p.pronouns.empty() || p.background.empty() || p.interests.empty() ||
                            (p.is(core::role::student) && (p.program.empty() || !p.module || p.cohort.empty()));
    if (incomplete)
      m.blocks.push_back(app::context{"Your profile is missing a few things. A full profile lets me suggest better "
                                      "questions, drafts and people to meet."});
    m.blocks.push_back(app::actions{{{"Edit profile", edit_action, "", app::button::style::primary}}});
  }
  return m;
}

app::modal edit_modal(const app::services& svc, const core::person& p) {
  app::modal v;
  v.callback_id = edit_callback;
  v.title = "Your profile";
  v.submit = "Save";
  using kind = app::input::kind;
  v.blocks.push_back(app::input{.id = "pronouns", .label = "Pronouns", .type = kind::single_line, .hint = {},
                                .placeholder = "she/her, he/him, they/them…", .initial = p.pronouns, .optional = true,
                                .max_length = 40, .options = {}});
  if (p.is(core::role::student)) {
    // What the roster already says is shown, not offered: staff change it.
    const roster_locks locked = locks_of(p);
    std::string fixed;
    auto add = [&](const std::string& fact) { fixed += (fixed.empty() ? "" : " · ") + fact; };
    if (locked.program) add("Program: " + config::program_name(svc.settings, p.program));
    if (locked.module) add("Module: Mod " + std::to_string(*p.module));
    if (locked.cohort) add("Cohort: " + p.cohort);
    if (!fixed.empty()) {
      v.blocks.push_back(app::section{app::rich_text{fixed}, std::nullopt});
      v.blocks.push_back(app::context{app::rich_text{"ask career development to change this"}});
    }
    if (!locked.program) {
      std::vector<app::option> programs;
      for (const auto& prog : svc.settings.workspace.programs) programs.push_back({config::program_name(svc.settings, prog), prog});
      v.blocks.push_back(app::input{.id = "program", .label = "Program", .type = kind::select, .hint = {},
                                    .placeholder = "Choose your program", .initial = p.program, .optional = false,
                                    .max_length = 0, .options = programs});
    }
    if (!locked.module) {
      std::vector<app::option> modules;
      for (int i = 0; i <= 4; ++i) modules.push_back({"Mod " + std::to_string(i), std::to_string(i)});
      v.blocks.push_back(app::input{.id = "module", .label = "Module", .type = kind::select, .hint = {},
                                    .placeholder = "Choose your module", .initial = {}, .optional = false,
                                    .max_length = 0, .options = modules});
    }
    if (!locked.cohort)
      v.blocks.push_back(app::input{.id = "cohort", .label = "Cohort", .type = kind::single_line,
                                    .hint = "Four digits, like 2108", .placeholder = "2108", .initial = {},
                                    .optional = false, .max_length = 4, .options = {}});
  }
  v.blocks.push_back(app::input{.id = "background", .label = "Background before Turing", .type = kind::single_line,
                                .hint = "Teaching, military, environmental science… it helps find people with a shared path.",
                                .placeholder = {}, .initial = p.background, .optional = true, .max_length = 120,
                                .options = {}});
  std::string interests;
  for (const auto& i : p.interests) interests += (interests.empty() ? "" : ", ") + i;
  v.blocks.push_back(app::input{.id = "interests", .label = "Interests and stack", .type = kind::single_line,
                                .hint = "Separate with commas", .placeholder = "react, accessibility, sql",
                                .initial = interests, .optional = true, .max_length = 300, .options = {}});
  if (p.is(core::role::student)) {
    std::string targets;
    for (const auto& c : p.target_companies) targets += (targets.empty() ? "" : ", ") + c;
    v.blocks.push_back(app::input{.id = "target_companies", .label = "Companies you'd love to work at",
                                  .type = kind::single_line, .hint = "Separate with commas; I use them to suggest people",
                                  .placeholder = "Redfin Labs, Summit Outdoors", .initial = targets, .optional = true,
                                  .max_length = 300, .options = {}});
  }
  v.blocks.push_back(app::input{.id = "time_zone", .label = "Time zone", .type = kind::single_line,
                                .hint = "An IANA name, like America/Denver", .placeholder = "America/Denver",
                                .initial = p.time_zone, .optional = true, .max_length = 64, .options = {}});
  return v;
}

app::outcome open_editor(const app::services& svc, const core::person& user, const std::string& trigger_id) {
  return {app::ack_empty{}, {app::open_modal{trigger_id, edit_modal(svc, user)}}};
}

app::outcome save(app::services& svc, const app::submission_call& call) {
  core::person p = call.user;
  std::map<std::string, std::string> errors;
  const auto value = [&](const char* id) { return call.request.value(id); };
  // Slack sends every field of the form, empty ones too; a submission without them is not this form's
  // (a stale or forged one), and saving it would clear what the person wrote.
  if (!call.request.values.contains("pronouns"))
    return {app::ack_errors{{{"pronouns", "This form is out of date. Close it and open it again with /network profile edit."}}}, {}};
  for (const auto& [id, text] : call.request.values)
    if (!core::is_valid_utf8(text)) errors[id] = "This text has characters I can't read. Please type it again.";

  p.pronouns = value("pronouns");
  p.background = value("background");
  p.interests = core::split_list(value("interests"), ',');
  if (p.is(core::role::student)) p.target_companies = core::split_list(value("target_companies"), ',');
  p.time_zone = value("time_zone");
  if (!p.time_zone.empty() && !config::is_time_zone(p.time_zone))
    errors["time_zone"] = "I don't know the time zone '" + p.time_zone + "'. Use a name like America/Denver.";
  if (p.is(core::role::student)) {
    // Only what the roster does not say yet is read; a value for a locked field (a forged form) is
    // ignored, and the stored one kept.
    const roster_locks locked = locks_of(call.user);
    if (!locked.program) {
      const std::string program = value("program");
      const auto& programs = svc.settings.workspace.programs;
      if (std::find(programs.begin(), programs.end(), program) == programs.end())
        errors["program"] = "Choose one of the programs in the list.";
      else
        p.program = program;
    }
    if (!locked.module) {
      if (const auto m = parse_module(value("module")))
        p.module = *m;
      else
        errors["module"] = "Choose a module from 0 to 4.";
    }
    if (!locked.cohort) {
      const std::string cohort = value("cohort");
      if (!is_cohort(cohort))
        errors["cohort"] = "A cohort is four digits, like 2108.";
      else
        p.cohort = cohort;
    }
  }
  if (!errors.empty()) return {app::ack_errors{std::move(errors)}, {}};
  svc.people.upsert(p);
  app::message done = profile_message(svc.settings, p, true);
  done.blocks.insert(done.blocks.begin(), app::context{"Saved. Here is your profile now."});
  return {app::ack_empty{}, {app::post_message{p.slack_id, std::move(done)}}};
}

}  // namespace

void register_profile(app::router& r) {
  r.command({.name = "profile",
             .group = "Start here",
             .usage = "profile [edit]",
             .summary = "See your profile, or edit it so suggestions fit you.",
             .examples = {"/network profile", "/network profile edit"},
             .handler = [&r](const app::command_call& call) -> app::outcome {
               auto& svc = r.svc();
               if (call.args.empty()) return {app::reply_after_ack{profile_message(svc.settings, call.user, true)}, {}};
               const std::string first = core::to_lower(call.args.front());
               if (first == "edit") return open_editor(svc, call.user, call.request.trigger_id);
               if (first.starts_with('@') || first.starts_with("<@")) {
                 if (!app::is_staff(svc, call.user))
                   return app::reply_text(app::rich_text{}.plain("Profiles are private: you can see your own with ")
                                              .code("/network profile").plain("."));
                 std::string handle = call.args.front();
                 std::optional<core::person> other;
                 if (handle.starts_with("<@")) {  // a Slack mention: <@U123|name>
                   const auto end = handle.find_first_of("|>");
                   other = svc.people.find_by_slack_id(handle.substr(2, end - 2));
                 } else {
                   other = svc.people.find_by_handle(handle);
                 }
                 if (!other) return app::reply_text(app::rich_text{}.plain("I don't know ").code(handle).plain(" yet."));
                 return {app::reply_after_ack{profile_message(svc.settings, *other, false)}, {}};
               }
               return app::reply_text(app::rich_text{}.plain("Try ").code("/network profile").plain(" or ")
                                          .code("/network profile edit").plain("."));
             }});
  r.action(edit_action, [&r](const app::action_call& call) {
    return open_editor(r.svc(), call.user, call.request.trigger_id);
  });
  r.view(edit_callback, [&r](const app::submission_call& call) { return save(r.svc(), call); });
}

}  // namespace networkbot::features
