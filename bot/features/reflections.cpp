// Friday reflections: the modal (/network reflect, or the Reflect button on a prompt or reminder), a
// student's past answers (/network reflections), and the scheduled jobs that post the prompt to each
// active cohort and remind, once, those who have not answered. Answers come only through the modal.

#include <charconv>
#include <cstdio>
#include <set>

#include "bot/features/reflections.hpp"
#include "config/config.hpp"
#include "core/digest.hpp"
#include "core/schedule.hpp"
#include "core/text.hpp"

namespace networkbot::features {

namespace {

constexpr const char* open_action = "reflect.open";
constexpr const char* submit_callback = "reflection.submit";


// The week a reflection written now belongs to: the latest prompt's date.
std::string current_week(const app::services& svc) {
  return core::latest_occurrence(prompt_time(svc.settings), svc.clock.now(), config::zone_rules_for(svc.settings.workspace.time_zone)).key;
}

std::string friendly_week(const std::string& week) {
  const auto d = core::parse_date(week);
  return d ? "the week of " + core::friendly_date(*d) : week;
}

app::modal reflection_modal(const std::string& week, const std::optional<core::reflection>& now) {
  using kind = app::input::kind;
  app::modal v;
  v.callback_id = submit_callback;
  v.title = "Weekly reflection";
  v.submit = now ? "Update" : "Save";
  v.private_metadata = week;
  v.blocks.push_back(app::context{app::rich_text{"For " + friendly_week(week) + ". Only you and the career-development team see it."}});
  v.blocks.push_back(app::input{.id = "learned", .label = "What did you learn about your networking style this week?",
                                .type = kind::multi_line, .hint = {}, .placeholder = {}, .initial = now ? now->learned : "",
                                .optional = false, .max_length = 2000, .options = {}});
  v.blocks.push_back(app::input{.id = "next_steps", .label = "What steps will you take toward networking for the rest of the module?",
                                .type = kind::multi_line, .hint = {}, .placeholder = {}, .initial = now ? now->next_steps : "",
                                .optional = false, .max_length = 2000, .options = {}});
  std::vector<app::option> levels;
  for (int i = 1; i <= 5; ++i) levels.push_back({std::to_string(i) + (i == 1 ? " (not yet)" : i == 5 ? " (very)" : ""), std::to_string(i)});
  v.blocks.push_back(app::input{.id = "confidence", .label = "How confident do you feel networking?", .type = kind::select,
                                .hint = {}, .placeholder = "1 to 5", .initial = now ? std::to_string(now->confidence) : "",
                                .optional = false, .max_length = 0, .options = levels});
  v.blocks.push_back(app::input{.id = "status", .label = "This week's networking", .type = kind::select, .hint = {},
                                .placeholder = "Choose", .initial = now ? std::string(core::to_string(now->status)) : "",
                                .optional = false, .max_length = 0,
                                .options = {{"Done", "done"}, {"Partly", "partly"}, {"Not started", "not started"}}});
  return v;
}

app::outcome open_for(app::services& svc, const core::person& user, const std::string& trigger) {
  const std::string week = current_week(svc);
  return {app::ack_empty{}, {app::open_modal{trigger, reflection_modal(week, svc.reflections.find_reflection(user.id, week))}}};
}

app::outcome save(app::services& svc, const app::submission_call& call) {
  const auto value = [&](const char* id) { return call.request.value(id); };
  std::map<std::string, std::string> errors;
  const std::string week = call.request.private_metadata;
  if (week != current_week(svc))
    return {app::ack_errors{{{"learned", "This form is for a week that has closed. Open this week's with /network reflect."}}}, {}};
  core::reflection r;
  r.student = call.user.id;
  r.week = week;
  r.learned = value("learned");
  r.next_steps = value("next_steps");
  for (auto [id, text] : {std::pair{"learned", &r.learned}, std::pair{"next_steps", &r.next_steps}}) {
    if (text->empty()) errors[id] = "A sentence or two is plenty.";
    else if (!core::is_valid_utf8(*text) || text->size() > 2000) errors[id] = "Please keep it under 2,000 characters of plain text.";
  }
  const std::string confidence = value("confidence");
  if (confidence.size() != 1 || confidence[0] < '1' || confidence[0] > '5') errors["confidence"] = "Choose from 1 to 5.";
  else r.confidence = confidence[0] - '0';
  if (auto s = core::parse_week_status(value("status"))) r.status = *s;
  else errors["status"] = "Choose done, partly or not started.";
  if (!errors.empty()) return {app::ack_errors{std::move(errors)}, {}};
  const auto before = svc.reflections.find_reflection(call.user.id, week);
  r.submitted_at = before ? before->submitted_at : svc.clock.now();
  r.updated_at = svc.clock.now();
  svc.reflections.save_reflection(r);
  app::message m;
  m.blocks.push_back(app::section{app::rich_text{}.plain(before ? "Updated your reflection for " : "Thank you! Saved your reflection for ")
                                      .plain(friendly_week(week) + ". You can change it until the next prompt: ")
                                      .code("/network reflect"),
                                  std::nullopt});
  return {app::ack_empty{}, {app::post_message{call.user.slack_id, std::move(m)}}};
}

app::message history(app::services& svc, const core::person& user) {
  const auto all = svc.reflections.reflections_of(user.id);
  app::message m;
  m.fallback = "Your reflections";
  m.blocks.push_back(app::header{"Your reflections"});
  if (all.empty()) {
    m.blocks.push_back(app::section{app::rich_text{}.plain("None yet. Every Friday I'll ask two questions; answer any time with ")
                                        .code("/network reflect"),
                                    std::nullopt});
    return m;
  }
  append_reflection_history(all, 8, m.blocks);
  return m;
}

}  // namespace

core::weekly_time prompt_time(const config::settings& s) {
  return {s.reflection.day, s.reflection.time.hour, s.reflection.time.minute};
}
core::weekly_time reminder_time(const config::settings& s) {
  return {s.reflection.reminder_day, s.reflection.reminder_time.hour, s.reflection.reminder_time.minute};
}

app::message prompt_message(const std::string& week) {
  app::message m;
  m.ephemeral = false;
  m.fallback = "Friday reflection: two questions";
  m.blocks.push_back(app::section{app::rich_text{}.bold("Friday reflection. ").plain(
                                      "What did you learn about your networking style this week? What steps will you take toward "
                                      "networking for the rest of the module? Two minutes, private to you and the career team."),
                                  std::nullopt});
  m.blocks.push_back(app::actions{{{"Reflect", open_action, week, app::button::style::primary}}});
  return m;
}

app::message reminder_message(const std::string& week) {
  app::message m;
  m.ephemeral = false;
  m.fallback = "A gentle reminder: your weekly reflection";
  m.blocks.push_back(app::section{app::rich_text{}.plain("A gentle nudge: your reflection for " + friendly_week(week) +
                                                         " is still open. Two questions, two minutes."),
                                  std::nullopt});
  m.blocks.push_back(app::actions{{{"Reflect", open_action, week, app::button::style::primary}}});
  return m;
}

std::vector<std::string> active_cohorts(const config::settings& s) {
  std::vector<std::string> out;
  for (const auto& c : s.cohorts)
    if (c.active) out.push_back(c.id);
  return out;
}

void append_reflection_digest(app::services& svc, const std::string& week, std::vector<app::block>& blocks) {
  append_reflection_digest(svc, week, active_cohorts(svc.settings), true, blocks);
}

void append_reflection_digest(app::services& svc, const std::string& week, const std::vector<std::string>& cohorts,
                              bool name_the_silent, std::vector<app::block>& blocks) {
  const auto day = core::parse_date(week);
  const std::string previous = day ? core::format_date(*day - std::chrono::days{7}) : std::string{};
  if (cohorts.empty()) return;
  blocks.push_back(app::section{app::rich_text{}.bold("Reflections, " + friendly_week(week)), std::nullopt});
  for (const auto& d : core::weekly_digest(svc.people, svc.reflections, cohorts, week, previous)) {
    char confidence[64];
    std::snprintf(confidence, sizeof confidence, "%.1f (the week before: %.1f)", d.confidence, d.previous_confidence);
    app::rich_text t;
    t.bold("Cohort " + d.cohort).plain(": " + std::to_string(d.answered) + " of " + std::to_string(d.students) + " answered");
    if (d.answered > 0) t.plain(" · confidence " + std::string(confidence));
    if (!d.words.empty()) {
      std::string words;
      for (const auto& [w, n] : d.words) words += (words.empty() ? "" : ", ") + w + " (" + std::to_string(n) + ")";
      t.plain("\nMost mentioned: " + words);
    }
    if (!d.silent_two_weeks.empty() && !name_the_silent) {
      t.plain("\nNo answer two weeks running: " + std::to_string(d.silent_two_weeks.size()) + " (named below)");
    } else if (!d.silent_two_weeks.empty()) {
      std::string names;
      for (std::size_t i = 0; i < d.silent_two_weeks.size() && i < 15; ++i) names += (i ? ", " : "") + d.silent_two_weeks[i];
      if (d.silent_two_weeks.size() > 15) names += " and " + std::to_string(d.silent_two_weeks.size() - 15) + " more";
      t.plain("\nNo answer two weeks running: " + names);
    }
    blocks.push_back(app::section{std::move(t), std::nullopt});
    if (blocks.size() >= 45) break;
  }
}

std::string latest_reflection_week(const app::services& svc) { return current_week(svc); }

void append_reflection_history(const std::vector<core::reflection>& all, std::size_t weeks, std::vector<app::block>& blocks) {
  if (all.empty()) return;
  // A line a week, oldest first; a year of lines stays well inside a section's 3,000 characters.
  constexpr std::size_t trend_weeks = 52;
  app::rich_text trend;
  trend.bold("Confidence over the weeks");
  const std::size_t from = all.size() > trend_weeks ? all.size() - trend_weeks : 0;
  for (std::size_t i = all.size(); i-- > from;) {
    const auto& r = all[i];
    std::string dots;
    for (int level = 1; level <= 5; ++level) dots += level <= r.confidence ? "\xE2\x97\x8F" : "\xE2\x97\x8B";  // ● ○
    const auto d = core::parse_date(r.week);
    trend.plain("\n" + (d ? core::friendly_date(*d) : r.week) + "  " + dots + " " + std::to_string(r.confidence));
  }
  if (from > 0) trend.plain("\n(" + core::count_of(static_cast<long long>(from), "earlier week", "earlier weeks") + " not shown)");
  blocks.push_back(app::section{std::move(trend), std::nullopt});
  for (std::size_t i = 0; i < all.size() && i < weeks; ++i) {
    const auto& r = all[i];
    app::rich_text t;
    t.bold(friendly_week(r.week)).plain(" · " + std::string(core::to_string(r.status)));
    t.plain("\n").italic("Learned: ").plain(r.learned);
    // Each answer is at most 2,000 characters: two of them may not fit one section, so the second
    // gets its own rather than being cut.
    app::rich_text next;
    next.italic("Next: ").plain(r.next_steps);
    if (t.plain_string().size() + next.plain_string().size() + 64 < 3000) {
      t.plain("\n").append(std::move(next));
      blocks.push_back(app::section{std::move(t), std::nullopt});
    } else {
      blocks.push_back(app::section{std::move(t), std::nullopt});
      blocks.push_back(app::section{std::move(next), std::nullopt});
    }
  }
}

void register_reflections(app::router& r) {
  r.command({.name = "reflect",
             .group = "Reflect every Friday",
             .usage = "reflect",
             .summary = "This week's two reflection questions and your confidence; you may edit until the next prompt.",
             .examples = {"/network reflect"},
             .handler = [&r](const app::command_call& call) { return open_for(r.svc(), call.user, call.request.trigger_id); }});
  r.command({.name = "reflections",
             .group = "Reflect every Friday",
             .usage = "reflections",
             .summary = "Your past reflections and your confidence over the weeks.",
             .examples = {"/network reflections"},
             .handler = [&r](const app::command_call& call) -> app::outcome { return {app::reply_after_ack{history(r.svc(), call.user)}, {}}; }});
  r.action(open_action, [&r](const app::action_call& call) -> app::outcome {
    if (!call.user.is(core::role::student)) return app::reply_text("Reflections are for students.");
    return open_for(r.svc(), call.user, call.request.trigger_id);
  });
  r.view(submit_callback, [&r](const app::submission_call& call) { return save(r.svc(), call); });
}

}  // namespace networkbot::features
