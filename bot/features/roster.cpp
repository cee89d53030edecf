// The roster fields staff keep: a student's program, module and cohort, and a person's role. The button
// on `admin student @name` opens a form with them; saving it checks each value and shows what is wrong
// under its field. Students cannot change these once set (profile.cpp), so this form is how they change.
// Only staff may open it or submit it: both handlers check, whatever the button or form says.

#include <algorithm>

#include "bot/features/profile.hpp"
#include "bot/features/roster.hpp"
#include "bot/features/tracker_views.hpp"
#include "core/text.hpp"

namespace networkbot::features {

namespace {

constexpr const char* edit_action = "admin.roster_edit";  // the button; its value is the person's id
constexpr const char* form_callback = "admin.roster";      // the form; its metadata is the person's id

// The roles the form offers. Staff is granted in the roster import or `[staff] user_ids`, never here;
// a staff member keeps that role whatever is chosen.
const std::vector<std::pair<std::string, core::role_set>>& role_choices() {
  static const std::vector<std::pair<std::string, core::role_set>> choices{
      {"Student", {core::role::student}},
      {"Alum", {core::role::alum}},
      {"Mentor", {core::role::mentor}},
      {"Alum and mentor", {core::role::alum, core::role::mentor}},
      {"Student and mentor", {core::role::student, core::role::mentor}},
  };
  return choices;
}

core::role_set without_staff(core::role_set roles) {
  core::role_set out;
  for (const auto r : {core::role::student, core::role::alum, core::role::mentor})
    if (roles.has(r)) out.add(r);
  return out;
}

app::modal roster_form(const app::services& svc, const core::person& p) {
  using kind = app::input::kind;
  app::modal v;
  v.callback_id = form_callback;
  v.title = "Roster record";
  v.submit = "Save";
  v.private_metadata = std::to_string(p.id);
  v.blocks.push_back(app::section{app::rich_text{}.bold(p.display_name).plain(
                                      ": what the school's roster says. Students see these and cannot change them."),
                                  std::nullopt});
  std::vector<app::option> roles;
  const auto current = std::string(core::to_string(without_staff(p.roles)));
  for (const auto& [label, set] : role_choices()) roles.push_back({label, std::string(core::to_string(set))});
  if (!current.empty() && std::ranges::none_of(roles, [&](const app::option& o) { return o.value == current; }))
    roles.push_back({current, current});  // a combination the list lacks stays choosable
  // Each field is built, then moved in: GCC 12 at -O2 misreads a temporary input pushed straight into
  // the block list as maybe-uninitialized (a known false positive around std::variant).
  const auto field = [&v](app::input in) { v.blocks.emplace_back(std::move(in)); };
  field({.id = "roles", .label = "Role", .type = kind::select, .hint = {}, .placeholder = "Choose a role", .initial = current,
         .optional = false, .max_length = 0, .options = std::move(roles)});
  std::vector<app::option> programs;
  for (const auto& prog : svc.settings.workspace.programs) programs.push_back({config::program_name(svc.settings, prog), prog});
  field({.id = "program", .label = "Program", .type = kind::select, .hint = "Required for students", .placeholder = "Choose a program",
         .initial = p.program, .optional = true, .max_length = 0, .options = std::move(programs)});
  std::vector<app::option> modules;
  for (int i = 0; i <= 4; ++i) modules.push_back({"Mod " + std::to_string(i), std::to_string(i)});
  field({.id = "module", .label = "Module", .type = kind::select, .hint = "Required for students", .placeholder = "Choose a module",
         .initial = p.module ? std::to_string(*p.module) : std::string{}, .optional = true, .max_length = 0,
         .options = std::move(modules)});
  field({.id = "cohort", .label = "Cohort", .type = kind::single_line, .hint = "Four digits, like 2108; required for students",
         .placeholder = "2108", .initial = p.cohort, .optional = true, .max_length = 4, .options = {}});
  return v;
}

std::optional<core::person> person_named_by(const app::services& svc, const std::string& value) {
  const auto id = parse_id(value);
  return id ? svc.people.find(*id) : std::nullopt;
}

app::outcome open_form(app::services& svc, const app::action_call& call) {
  if (!app::is_staff(svc, call.user)) return app::reply_text("Roster records are kept by career-development staff.");
  const auto who = person_named_by(svc, call.request.value);
  if (!who) return app::reply_text("I can't find that person any more. Look them up again with /network admin student @name.");
  return {app::ack_empty{}, {app::open_modal{call.request.trigger_id, roster_form(svc, *who)}}};
}

app::outcome save_form(app::services& svc, const app::submission_call& call) {
  // Checked again here: a form can be submitted by anyone who has its callback id.
  if (!app::is_staff(svc, call.user))
    return {app::ack_errors{{{"roles", "Only career-development staff can change a roster record."}}}, {}};
  auto who = person_named_by(svc, call.request.private_metadata);
  if (!who) return {app::ack_errors{{{"roles", "This person is no longer in the directory; nothing was saved."}}}, {}};
  const auto value = [&](const char* id) { return std::string(core::trim(call.request.value(id))); };
  std::map<std::string, std::string> errors;
  core::person p = *who;

  const std::string roles = value("roles");
  const auto choice = std::ranges::find_if(role_choices(), [&](const auto& c) { return core::to_string(c.second) == roles; });
  if (choice != role_choices().end() || (!roles.empty() && roles == core::to_string(without_staff(who->roles)))) {
    core::role_set chosen = choice != role_choices().end() ? choice->second : without_staff(who->roles);
    if (who->is(core::role::staff)) chosen.add(core::role::staff);
    p.roles = chosen;
  } else {
    errors["roles"] = "Choose one of the roles in the list.";
  }
  const std::string program = value("program");
  const auto& programs = svc.settings.workspace.programs;
  if (!program.empty() && std::find(programs.begin(), programs.end(), program) == programs.end())
    errors["program"] = "Choose one of the programs in the list.";
  else
    p.program = program;
  const std::string module = value("module");
  if (module.empty())
    p.module.reset();
  else if (const auto m = parse_module(module))
    p.module = *m;
  else
    errors["module"] = "Choose a module from 0 to 4.";
  const std::string cohort = value("cohort");
  if (!cohort.empty() && !is_cohort(cohort))
    errors["cohort"] = "A cohort is four digits, like 2108.";
  else
    p.cohort = cohort;
  // A student needs all three, as the roster import asks.
  if (p.is(core::role::student) && !errors.contains("roles")) {
    if (p.program.empty() && !errors.contains("program")) errors["program"] = "A student needs a program.";
    if (!p.module && !errors.contains("module")) errors["module"] = "A student needs a module.";
    if (p.cohort.empty() && !errors.contains("cohort")) errors["cohort"] = "A student needs a cohort.";
  }
  if (!errors.empty()) return {app::ack_errors{std::move(errors)}, {}};

  svc.people.upsert(p);
  std::string facts = std::string(core::to_string(p.roles));
  if (!p.program.empty()) facts += " · " + config::program_name(svc.settings, p.program);
  if (p.module) facts += " · Mod " + std::to_string(*p.module);
  if (!p.cohort.empty()) facts += " · cohort " + p.cohort;
  app::message done;
  done.fallback = "Saved the roster record of " + p.display_name;
  done.blocks.push_back(app::section{app::rich_text{}.plain("Saved. ").bold(p.display_name).plain(" is now " + facts + "."),
                                     std::nullopt});
  return {app::ack_empty{}, {app::post_message{call.user.slack_id, std::move(done)}}};
}

}  // namespace

app::button roster_button(const core::person& p) {
  return {"Edit roster record…", edit_action, std::to_string(p.id), app::button::style::normal};
}

void register_roster(app::router& r) {
  r.action(edit_action, [&r](const app::action_call& call) { return open_form(r.svc(), call); });
  r.view(form_callback, [&r](const app::submission_call& call) { return save_form(r.svc(), call); });
}

}  // namespace networkbot::features
