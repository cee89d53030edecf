// Mix It Up in Slack. Staff preview a round's groups (/network admin mixitup preview [cohorts…]),
// reshuffle with a new seed, then post them: a group DM per group with the meeting time, the link and
// the agenda with its timings and topic vote buttons, and a guide DM to each group's leader. After the
// meeting each group is asked whether it met (the check-in), with the topic chosen and each member's
// networking confidence. Students manage themselves with /network mixitup optin|optout|snooze|status.
// Rounds may also be scheduled in config ([mix_it_up] rounds); the scheduler posts those (jobs.cpp).
//
// The groups come from the core's engine (core/mixitup.hpp), a pure function of the participants,
// the recent rounds and a seed: posting rebuilds the previewed groups from the preview's seed. A
// preview is posted once at most: it stores its request with a single-use confirmation
// (core/confirmations.hpp), the Post button, its form and `admin mixitup post --preview N` carry only
// that number, and a second post is told which round was posted, by whom and when.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>

#include "bot/features/jobs.hpp"
#include "bot/features/mixitup.hpp"
#include "bot/features/once.hpp"
#include "bot/features/reflections.hpp"
#include "bot/features/tracker_views.hpp"
#include "config/config.hpp"
#include "core/mixitup.hpp"
#include "core/mixitup_rounds.hpp"
#include "core/text.hpp"

namespace networkbot::features {

namespace {

constexpr const char* reshuffle_action = "mixitup.reshuffle";
constexpr const char* post_action = "mixitup.post";
constexpr const char* post_callback = "mixitup.post_form";
constexpr const char* vote_action = "mixitup.vote";
constexpr const char* met_action = "mixitup.met";
constexpr const char* missed_action = "mixitup.missed";
constexpr const char* checkin_callback = "mixitup.checkin";
// A preview's confirmation (core/confirmations.hpp): its payload is the round's request, encoded.
constexpr const char* round_kind = "mixitup";

// A round's request as buttons carry it: "seed|cohort,cohort".
struct round_request {
  std::uint64_t seed = 1;
  std::vector<std::string> cohorts;  // empty: every active cohort
};

std::string encode(const round_request& r) {
  return std::to_string(r.seed) + "|" + core::join_list(r.cohorts, ",");
}

std::optional<round_request> decode(const std::string& value) {
  const auto bar = value.find('|');
  if (bar == std::string::npos) return std::nullopt;
  const auto seed = parse_id(value.substr(0, bar));
  if (!seed) return std::nullopt;
  round_request r;
  r.seed = static_cast<std::uint64_t>(*seed);
  r.cohorts = core::split_list(std::string_view(value).substr(bar + 1), ',');
  return r;
}

// Who joins: active students who take part today, with a Slack id, in the chosen (or active) cohorts.
struct planned_round {
  round_request request;
  std::vector<std::string> cohorts;  // as resolved
  std::map<core::person_id, core::person> people;
  std::map<core::person_id, int> confidence;  // from the latest reflection; 0 unknown
  core::mixitup::grouping grouping;
};

planned_round plan_round(app::services& svc, const round_request& request) {
  planned_round plan;
  plan.request = request;
  plan.cohorts = request.cohorts.empty() ? active_cohorts(svc.settings) : request.cohorts;
  const std::set<std::string> wanted(plan.cohorts.begin(), plan.cohorts.end());
  const auto today = svc.today();
  const auto confidences = svc.reflections.latest_confidence();
  std::vector<core::mixitup::participant> participants;
  for (auto& p : svc.people.all()) {
    if (!core::joins_mixitup(p, today) || !may_receive(svc, "mixitup.round", p)) continue;
    if (!wanted.empty() && !wanted.contains(p.cohort)) continue;
    const auto known = confidences.find(p.id);
    const int confidence = known == confidences.end() ? 0 : known->second;
    participants.push_back({p.id, p.module.value_or(-1), p.program, p.cohort, confidence, core::mixitup_leader_rank(p)});
    plan.confidence[p.id] = confidence;
    plan.people.emplace(p.id, std::move(p));
  }
  const auto& m = svc.settings.mix_it_up;
  core::mixitup::settings s;
  s.min_size = m.min_group_size;
  s.max_size = m.max_group_size;
  s.module_weight = m.weight_module;
  s.program_weight = m.weight_program;
  s.cohort_weight = m.weight_cohort;
  s.repeat_window = std::max(1, m.history_rounds);
  const auto history = core::history_of(svc.rounds.recent_rounds(m.history_rounds));
  // The engine stops on its work limit, so a seed gives the same groups; the clock is only a safety
  // cap for rosters far beyond a school's (mix_it_up.seconds).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(m.seconds * 5);
  plan.grouping = core::mixitup::make_groups(participants, history, s, request.seed,
                                             [deadline] { return std::chrono::steady_clock::now() > deadline; });
  return plan;
}

std::string describe_person(const core::person& p) {
  std::string out = p.display_name;
  std::vector<std::string> parts;
  if (!p.program.empty()) parts.push_back(p.program);
  if (p.module) parts.push_back("Mod " + std::to_string(*p.module));
  if (!p.cohort.empty()) parts.push_back(p.cohort);
  if (!parts.empty()) out += " (" + core::join_list(parts, ", ") + ")";
  return out;
}

void append_report(std::vector<app::block>& blocks, const planned_round& plan) {
  const auto& r = plan.grouping.summary;
  app::rich_text t;
  const std::size_t groups = plan.grouping.groups.size();
  t.plain(std::to_string(plan.people.size()) + " people from " +
          (plan.cohorts.empty() ? std::string("every cohort") : "cohort" + std::string(plan.cohorts.size() == 1 ? " " : "s ") + core::join_list(plan.cohorts, ", ")) +
          " in " + core::count_of(static_cast<long long>(groups), "group", "groups") + ".");
  if (groups > 0) {
    const int led = static_cast<int>(groups) - r.groups_without_leader;
    t.plain("\n" + std::string(r.groups_without_leader == 0 ? "Every group has a leader." : std::to_string(led) + " of " + std::to_string(groups) + " groups have a leader."));
    char mixing[160];
    std::snprintf(mixing, sizeof mixing, "\nMixing across module, program and cohort: %.0f %% of the most possible. Confidence spread between groups: %.2f.",
                  r.diversity_bound > 0 ? 100.0 * r.diversity / r.diversity_bound : 100.0, r.confidence_spread);
    t.plain(mixing);
    t.plain("\nPairs together again from the last rounds: " + std::to_string(r.repeated_pairs) + ".");
  }
  blocks.push_back(app::section{std::move(t), std::nullopt});
  if (!r.problems.empty()) {
    app::rich_text p;
    p.bold("Worth knowing");
    for (const auto& problem : r.problems) p.plain("\n• " + problem);
    blocks.push_back(app::section{std::move(p), std::nullopt});
  }
}

void append_groups(std::vector<app::block>& blocks, const planned_round& plan, std::size_t max_blocks) {
  app::rich_text t;
  std::size_t shown = 0;
  for (const auto& g : plan.grouping.groups) {
    std::string line = "Group " + std::to_string(shown + 1);
    if (g.leader) line += ", led by " + plan.people.at(*g.leader).display_name;
    std::string members;
    for (const auto id : g.members) members += (members.empty() ? "" : " · ") + describe_person(plan.people.at(id));
    if (t.plain_string().size() + line.size() + members.size() > 2700) {
      blocks.push_back(app::section{std::move(t), std::nullopt});
      t = app::rich_text{};
      if (blocks.size() >= max_blocks) break;
    }
    if (!t.empty()) t.plain("\n");
    t.bold(line).plain(": " + members);
    ++shown;
  }
  if (!t.empty()) blocks.push_back(app::section{std::move(t), std::nullopt});
  if (shown < plan.grouping.groups.size())
    blocks.push_back(app::context{app::rich_text{"…and " + std::to_string(plan.grouping.groups.size() - shown) + " more groups."}});
}

app::outcome preview(app::services& svc, const core::person& staff, const round_request& request) {
  const auto plan = plan_round(svc, request);
  app::message m;
  m.fallback = "Mix It Up preview";
  m.blocks.push_back(app::header{"Mix It Up preview"});
  append_report(m.blocks, plan);
  if (plan.grouping.groups.empty()) {
    m.blocks.push_back(app::context{app::rich_text{"Nobody to group yet: students take part unless they opted out or snoozed."}});
    return {app::reply_after_ack{std::move(m)}, {}};
  }
  append_groups(m.blocks, plan, 44);
  round_request next = request;
  next.seed = request.seed + 1;
  // Posting this preview is single-use: the button and the command carry the confirmation's number.
  const auto id = std::to_string(svc.confirmation_desk().offer(round_kind, staff.id, encode(request)));
  m.blocks.push_back(app::actions{{{"Post these groups…", post_action, id, app::button::style::primary},
                                   {"Reshuffle", reshuffle_action, encode(next), app::button::style::normal}}});
  m.blocks.push_back(app::context{app::rich_text{}.plain("Preview " + id + ", seed " + std::to_string(request.seed) + ". Or type ")
                                      .code("/network admin mixitup post --preview " + id + " --at 2026-12-02 12:00 --link https://…")
                                      .plain(". Nothing is posted until you do, and this preview is posted once at most.")});
  return {app::reply_after_ack{std::move(m)}, {}};
}

std::string meeting_text(const app::services& svc, const std::optional<core::time_point>& at) {
  if (!at) return "when your group agrees on a time";
  const auto local = config::zone_rules_for(svc.settings.workspace.time_zone).to_local(*at);
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(local - day).count();
  char time[48];
  std::snprintf(time, sizeof time, "%02lld:%02lld", static_cast<long long>(minutes / 60), static_cast<long long>(minutes % 60));
  return "on " + core::friendly_date(core::date{day.time_since_epoch()}) + " at " + time + " (" + svc.settings.workspace.time_zone + ")";
}

app::message group_message(const app::services& svc, const core::mixitup_round& round, const core::round_group& g,
                           const planned_round& plan) {
  const auto& agenda = svc.content.mixitup;
  app::message m;
  m.ephemeral = false;
  m.fallback = "Your Mix It Up group " + std::to_string(g.number);
  m.blocks.push_back(app::header{"Mix It Up, group " + std::to_string(g.number)});
  app::rich_text hello;
  hello.plain("Hello! This is your Mix It Up group: 30 minutes together " + meeting_text(svc, round.meets_at) + ".");
  if (!round.link.empty()) hello.plain("\nJoin here: ").link(round.link, round.link);
  if (g.leader) hello.plain("\nYour leader is ").mention(plan.people.at(*g.leader).slack_id).plain(".");
  hello.plain("\n");
  for (const auto& member : g.members) {
    const auto& p = plan.people.at(member.person);
    hello.plain("\n• ").mention(p.slack_id);
    std::vector<std::string> about;
    if (!p.pronouns.empty()) about.push_back(p.pronouns);
    if (!p.program.empty()) about.push_back(config::program_name(svc.settings, p.program));
    if (!p.cohort.empty()) about.push_back("cohort " + p.cohort);
    if (!about.empty()) hello.plain(" · " + core::join_list(about, " · "));
  }
  m.blocks.push_back(app::section{std::move(hello), std::nullopt});
  app::rich_text parts;
  parts.bold("The agenda");
  for (std::size_t i = 0; i < agenda.parts.size(); ++i)
    parts.plain("\n" + std::to_string(i + 1) + ". ").bold(agenda.parts[i].title + " (" + agenda.parts[i].minutes + " min)").plain(": " + agenda.parts[i].text);
  m.blocks.push_back(app::section{std::move(parts), std::nullopt});
  m.blocks.push_back(app::section{app::rich_text{}.bold("Vote for today's topic"), std::nullopt});
  std::vector<app::button> votes;
  for (std::size_t i = 0; i < agenda.topics.size(); ++i)
    votes.push_back({agenda.topics[i].title, vote_action, std::to_string(g.id) + "|" + std::to_string(i), app::button::style::normal});
  m.blocks.push_back(app::actions{std::move(votes)});
  m.blocks.push_back(app::context{app::rich_text{"After the meeting I'll ask how it went."}});
  return m;
}

app::message leader_message(const app::services& svc, const core::mixitup_round& round, const core::round_group& g) {
  const auto& agenda = svc.content.mixitup;
  app::message m;
  m.ephemeral = false;
  m.fallback = "Your guide for leading Mix It Up group " + std::to_string(g.number);
  m.blocks.push_back(app::header{"You're leading group " + std::to_string(g.number)});
  m.blocks.push_back(app::section{app::rich_text{agenda.leader_intro + " You meet " + meeting_text(svc, round.meets_at) + "."}, std::nullopt});
  app::rich_text share;
  share.bold("Share your experience: pick one or two");
  for (const auto& q : agenda.leader_questions) share.plain("\n• " + q);
  m.blocks.push_back(app::section{std::move(share), std::nullopt});
  app::rich_text topics;
  topics.bold("The topics and their activities");
  for (const auto& t : agenda.topics) topics.plain("\n• ").bold(t.title).plain(": " + t.activity);
  m.blocks.push_back(app::section{std::move(topics), std::nullopt});
  return m;
}

std::vector<std::string> topic_titles(const app::services& svc) {
  std::vector<std::string> out;
  for (const auto& t : svc.content.mixitup.topics) out.push_back(t.title);
  return out;
}

// When the check-in is due: checkin_hours_after the meeting, or a day after posting without a time.
core::time_point checkin_time(const app::services& svc, const core::mixitup_round& r) {
  const auto after = std::chrono::hours{svc.settings.mix_it_up.checkin_hours_after};
  return r.meets_at ? *r.meets_at + after : r.posted_at + std::chrono::hours{24} + after;
}

app::message checkin_message(const core::round_group& g) {
  app::message m;
  m.ephemeral = false;
  m.fallback = "Did your Mix It Up group meet?";
  m.blocks.push_back(app::section{app::rich_text{}.bold("Did your group meet? ").plain("Tell me each for yourself: it takes a few seconds, and it helps the career team plan the next round."),
                                  std::nullopt});
  m.blocks.push_back(app::actions{{{"We met", met_action, std::to_string(g.id), app::button::style::primary},
                                   {"We couldn't meet", missed_action, std::to_string(g.id), app::button::style::normal}}});
  return m;
}

// The group `value` names and this person's place in it, or a refusal.
struct membership {
  core::mixitup_round round;
  std::size_t group = 0;
  const core::round_group& g() const { return round.groups[group]; }
};

std::variant<membership, app::outcome> find_membership(app::services& svc, const core::person& user, const std::string& value) {
  const auto id = parse_id(value.substr(0, value.find('|')));
  auto round = id ? svc.rounds.round_of_group(*id) : std::nullopt;
  if (!round) return app::reply_text("That Mix It Up group is gone.");
  for (std::size_t i = 0; i < round->groups.size(); ++i)
    if (round->groups[i].id == *id) {
      if (!round->groups[i].member(user.id)) return app::reply_text("This is for the members of group " + std::to_string(round->groups[i].number) + ".");
      return membership{std::move(*round), i};
    }
  return app::reply_text("That Mix It Up group is gone.");
}

app::outcome vote(app::services& svc, const app::action_call& call) {
  auto found = find_membership(svc, call.user, call.request.value);
  if (auto* refused = std::get_if<app::outcome>(&found)) return std::move(*refused);
  auto& ms = std::get<membership>(found);
  const auto topics = topic_titles(svc);
  const std::string index = call.request.value.substr(std::min(call.request.value.size(), call.request.value.find('|') + 1));
  std::size_t chosen = topics.size();
  if (index.size() == 1 && index[0] >= '0' && index[0] <= '9') chosen = static_cast<std::size_t>(index[0] - '0');
  if (chosen >= topics.size()) return app::reply_text("That vote button is broken.");
  const std::string& topic = topics[chosen];
  auto& group = ms.round.groups[ms.group];
  auto member = *group.member(call.user.id);
  member.vote = topic;
  for (auto& m : group.members)
    if (m.person == call.user.id) m.vote = topic;
  const std::string leading = core::leading_topic(group, topics);
  {
    auto tx = svc.tx.begin();
    svc.rounds.save_member(group.id, member);
    svc.rounds.set_topic(group.id, leading);
    tx->commit();
  }
  std::map<std::string, int> tally;
  for (const auto& m : group.members)
    if (!m.vote.empty()) ++tally[m.vote];
  std::string counts;
  for (const auto& t : topics)
    if (tally.contains(t)) counts += (counts.empty() ? "" : " · ") + t + " " + std::to_string(tally[t]);
  return app::reply_text(app::rich_text{}.plain("You voted for ").bold(topic).plain(". Votes so far: " + counts + "."));
}

app::modal checkin_modal(const app::services& svc, const core::round_group& g, const core::round_member& me) {
  using kind = app::input::kind;
  app::modal v;
  v.callback_id = checkin_callback;
  v.title = "How did it go?";
  v.submit = "Send";
  v.private_metadata = std::to_string(g.id);
  std::vector<app::option> topics;
  for (const auto& t : svc.content.mixitup.topics) topics.push_back({t.title, t.title});
  v.blocks.push_back(app::input{.id = "topic", .label = "Which topic did your group choose?", .type = kind::select, .hint = {},
                                .placeholder = "Choose", .initial = !me.vote.empty() ? me.vote : g.topic, .optional = false,
                                .max_length = 0, .options = topics});
  std::vector<app::option> levels;
  for (int i = 1; i <= 5; ++i) levels.push_back({std::to_string(i), std::to_string(i)});
  v.blocks.push_back(app::input{.id = "confidence", .label = "How confident do you feel about networking now?", .type = kind::select,
                                .hint = "1: not yet, 5: very", .placeholder = "1 to 5",
                                .initial = me.confidence_after ? std::to_string(*me.confidence_after) : "", .optional = false,
                                .max_length = 0, .options = levels});
  return v;
}

app::outcome save_checkin(app::services& svc, const app::submission_call& call) {
  auto found = find_membership(svc, call.user, call.request.private_metadata);
  if (std::holds_alternative<app::outcome>(found))
    return {app::ack_errors{{{"topic", "This check-in is not for a group you were in."}}}, {}};
  auto& ms = std::get<membership>(found);
  auto& group = ms.round.groups[ms.group];
  const auto topics = topic_titles(svc);
  const std::string topic = call.request.value("topic");
  const std::string confidence = call.request.value("confidence");
  std::map<std::string, std::string> errors;
  if (std::ranges::find(topics, topic) == topics.end()) errors["topic"] = "Choose one of the topics.";
  if (confidence.size() != 1 || confidence[0] < '1' || confidence[0] > '5') errors["confidence"] = "Choose from 1 to 5.";
  if (!errors.empty()) return {app::ack_errors{std::move(errors)}, {}};
  auto member = *group.member(call.user.id);
  member.checked_in = core::attendance::met;
  member.confidence_after = confidence[0] - '0';
  if (member.vote.empty()) member.vote = topic;
  auto tx = svc.tx.begin();
  svc.rounds.save_member(group.id, member);
  svc.rounds.set_topic(group.id, topic);  // what the group says it chose wins over the votes
  tx->commit();
  app::message thanks;
  thanks.blocks.push_back(app::section{app::rich_text{"Thank you! Glad your group met. Keep the conversation going: a note to someone from "
                                                      "your group this week is a fine first step."},
                                       std::nullopt});
  return {app::ack_empty{}, {app::post_message{call.user.slack_id, std::move(thanks)}}};
}

// "--seed 7 --at 2026-12-02 12:00 --link https://… 2108 2110"
struct post_arguments {
  round_request request;
  std::string preview;      // --preview: the confirmation a preview made
  bool chose_round = false;  // --seed or cohorts were given
  std::optional<core::time_point> meets_at;
  std::string link;
  std::string error;
};

std::optional<core::time_point> parse_meeting(const app::services& svc, const std::string& text) {
  const auto local = core::parse_local_time(text);
  if (!local) return std::nullopt;
  return config::zone_rules_for(svc.settings.workspace.time_zone).to_utc(*local);
}

post_arguments parse_post(const app::services& svc, const std::vector<std::string>& args, std::size_t from) {
  post_arguments out;
  out.request.seed = 1;
  const auto fail = [](std::string message) {
    post_arguments refused;
    refused.error = std::move(message);
    return refused;
  };
  for (std::size_t i = from; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool has_value = i + 1 < args.size();
    if (a == "--seed") {
      const auto seed = has_value ? parse_id(args[i + 1]) : std::nullopt;
      if (!seed) return fail("--seed takes a positive number, like --seed 7.");
      out.request.seed = static_cast<std::uint64_t>(*seed);
      out.chose_round = true;
      ++i;
    } else if (a == "--preview") {
      if (!has_value || !confirmation_id(args[i + 1])) return fail("--preview takes the preview's number, like --preview 12.");
      out.preview = args[++i];
    } else if (a == "--at") {
      std::string when = has_value ? args[i + 1] : std::string{};
      if (i + 2 < args.size() && when.size() == 10 && args[i + 2].size() == 5 && args[i + 2][2] == ':') {
        when += " " + args[i + 2];
        ++i;
      }
      out.meets_at = parse_meeting(svc, when);
      if (!out.meets_at) return fail("--at takes the meeting time like --at 2026-12-02 12:00 (" + svc.settings.workspace.time_zone + ").");
      if (*out.meets_at < svc.clock.now()) return fail("That meeting time has passed. Give a time still ahead.");
      ++i;
    } else if (a == "--link") {
      if (!has_value || !args[i + 1].starts_with("https://") || args[i + 1].size() > 500)
        return fail("--link takes the video call's https:// address.");
      out.link = args[++i];
    } else if (a.starts_with("--")) {
      return fail("I don't know " + a + ". Use --seed and cohorts to preview; --preview, --at and --link to post.");
    } else {
      out.request.cohorts.push_back(a);
      out.chose_round = true;
    }
  }
  return out;
}

std::string unknown_cohort(const app::services& svc, const std::vector<std::string>& cohorts) {
  for (const auto& c : cohorts)
    if (std::ranges::none_of(svc.settings.cohorts, [&](const config::cohort& k) { return k.id == c; })) return c;
  return {};
}

}  // namespace

namespace {

// What post_mixitup_round does, and the round's id (0: nothing was posted).
std::vector<app::effect> post_round(app::services& svc, const core::person* staff, std::uint64_t seed,
                                    const std::vector<std::string>& cohorts, std::optional<core::time_point> meets_at,
                                    const std::string& link, std::string& summary, std::int64_t& round_id) {
  round_id = 0;
  const auto plan = plan_round(svc, round_request{seed, cohorts});
  if (plan.grouping.groups.empty()) {
    summary = "No Mix It Up round posted: nobody to group.";
    return {};
  }
  core::mixitup_round round;
  round.posted_at = svc.clock.now();
  round.meets_at = meets_at;
  round.link = link;
  round.seed = seed;
  round.cohorts = cohorts;
  round.posted_by = staff != nullptr ? staff->id : 0;
  int number = 0;
  for (const auto& g : plan.grouping.groups) {
    core::round_group rg;
    rg.number = ++number;
    rg.leader = g.leader;
    for (const auto id : g.members) rg.members.push_back({id, plan.confidence.at(id), std::nullopt, {}, core::attendance::unknown, false});
    round.groups.push_back(std::move(rg));
  }
  std::vector<app::effect> out;
  auto tx = svc.tx.begin();
  svc.rounds.save_round(round);
  for (const auto& g : round.groups) {
    std::vector<std::string> ids;
    for (const auto& m : g.members) ids.push_back(plan.people.at(m.person).slack_id);
    // Whoever posted the round hears if Slack leaves someone out; for a scheduled round, the staff channel.
    out.push_back(app::post_message{app::group_dm(ids), group_message(svc, round, g, plan),
                                    staff != nullptr ? staff->slack_id : svc.settings.staff.channel});
    if (g.leader) out.push_back(app::post_message{plan.people.at(*g.leader).slack_id, leader_message(svc, round, g)});
  }
  tx->commit();
  summary = "Posted Mix It Up round " + std::to_string(round.id) + ": " + core::count_of(static_cast<long long>(round.groups.size()), "group", "groups") +
            ", " + std::to_string(plan.people.size()) + " people, meeting " + meeting_text(svc, meets_at) + ".";
  if (plan.grouping.summary.groups_without_leader > 0)
    summary += " " + std::to_string(plan.grouping.summary.groups_without_leader) + " groups have no leader.";
  round_id = round.id;
  return out;
}

// The request a preview stored with confirmation `value`, claimed for `by` when `claim`; or what to
// tell them instead: by whom and when that preview was posted, or that it is gone.
std::variant<round_request, std::string> previewed(app::services& svc, std::string_view value, const core::person& by, bool claim) {
  auto desk = svc.confirmation_desk();
  const auto id = confirmation_id(value);
  const auto found = !id   ? core::confirmation_found{core::confirmation_gone{}}
                     : claim ? desk.claim(*id, round_kind, by.id)
                             : desk.peek(*id, round_kind);
  if (const auto* used = std::get_if<core::confirmation_used>(&found))
    return already_used_text(svc, used->c, "posted") + " Nothing was posted twice.";
  const auto* fresh = std::get_if<core::confirmation>(&found);
  const auto request = fresh ? decode(fresh->payload) : std::nullopt;
  if (!request) {
    const auto* gone = std::get_if<core::confirmation_gone>(&found);
    return std::string(gone != nullptr && gone->expired ? "That preview has expired (a preview can be posted for a day), so nothing was posted."
                                                        : "I don't know that preview, so nothing was posted.") +
           " Run /network admin mixitup preview for a fresh one.";
  }
  return *request;
}

// Posts the round of the preview `value` names, once: the confirmation is claimed in the same
// transaction as the round, and keeps the round's number for whoever tries again.
std::vector<app::effect> post_previewed(app::services& svc, const core::person& staff, std::string_view value,
                                        std::optional<core::time_point> meets_at, const std::string& link, std::string& summary) {
  auto request = previewed(svc, value, staff, true);
  if (auto* refused = std::get_if<std::string>(&request)) {
    summary = std::move(*refused);
    return {};
  }
  const auto& r = std::get<round_request>(request);
  std::int64_t round_id = 0;
  auto out = post_round(svc, &staff, r.seed, r.cohorts, meets_at, link, summary, round_id);
  svc.confirmation_desk().settle(*confirmation_id(value), round_id != 0 ? "round " + std::to_string(round_id) + " was posted"
                                                                        : "nobody was left to group, so no round was posted");
  return out;
}

}  // namespace

std::vector<app::effect> post_mixitup_round(app::services& svc, const core::person* staff, std::uint64_t seed,
                                            const std::vector<std::string>& cohorts, std::optional<core::time_point> meets_at,
                                            const std::string& link, std::string& summary) {
  std::int64_t round_id = 0;
  return post_round(svc, staff, seed, cohorts, meets_at, link, summary, round_id);
}

std::vector<app::effect> mixitup_checkins(app::services& svc, core::time_point now, const std::function<bool(const std::string&)>& claim) {
  std::vector<app::effect> out;
  for (const auto& round : svc.rounds.recent_rounds(4)) {
    const auto due = checkin_time(svc, round);
    if (now < due || now - due > std::chrono::hours{72}) continue;
    if (!claim("mixitup-checkin:" + std::to_string(round.id))) continue;
    for (const auto& g : round.groups) {
      std::vector<std::string> ids;
      for (const auto& m : g.members)
        if (auto p = svc.people.find(m.person); p && !m.left_out && may_receive(svc, "mixitup.checkin", *p)) ids.push_back(p->slack_id);
      if (!ids.empty()) out.push_back(app::post_message{app::group_dm(ids), checkin_message(g)});
    }
  }
  return out;
}

void append_mixitup_attendance(app::services& svc, std::vector<app::block>& blocks) { append_mixitup_attendance(svc, {}, blocks); }

void append_mixitup_attendance(app::services& svc, const std::string& cohort, std::vector<app::block>& blocks) {
  const auto rounds = svc.rounds.recent_rounds(5);
  if (rounds.empty()) return;
  // Members are counted by the cohort they are in now (a round does not record it).
  std::map<core::person_id, bool> in_cohort;
  const auto counted = [&](const core::round_member& m) {
    if (cohort.empty()) return true;
    auto [it, added] = in_cohort.try_emplace(m.person, false);
    if (added) {
      const auto p = svc.people.find(m.person);
      it->second = p && p->cohort == cohort;
    }
    return it->second;
  };
  app::rich_text t;
  t.bold(cohort.empty() ? std::string("Mix It Up") : "Mix It Up, cohort " + cohort);
  bool any = false;
  for (const auto& r : rounds) {
    int met = 0, checked = 0, pairs = 0, before = 0, after = 0, people = 0, groups = 0;
    std::map<std::string, int> topics;
    for (const auto& g : r.groups) {
      if (!cohort.empty() && std::ranges::none_of(g.members, counted)) continue;
      ++groups;
      met += core::group_met(g) ? 1 : 0;
      if (!g.topic.empty()) ++topics[g.topic];
      for (const auto& m : g.members) {
        if (!counted(m)) continue;
        ++people;
        if (m.checked_in != core::attendance::unknown) ++checked;
        if (m.confidence_after && m.confidence_before > 0) {
          before += m.confidence_before;
          after += *m.confidence_after;
          ++pairs;
        }
      }
    }
    if (groups == 0 && !cohort.empty()) continue;
    any = true;
    t.plain("\nRound " + std::to_string(r.id) + " (" + (r.meets_at ? core::friendly_date(core::day_of(*r.meets_at)) : core::friendly_date(core::day_of(r.posted_at))) +
            "): " + std::to_string(met) + " of " + std::to_string(groups) + " groups met · " + std::to_string(checked) + " of " +
            std::to_string(people) + " checked in");
    if (!topics.empty()) {
      const auto top = std::ranges::max_element(topics, {}, [](const auto& kv) { return kv.second; });
      t.plain(" · top topic: " + top->first);
    }
    if (pairs > 0) {
      char trend[64];
      std::snprintf(trend, sizeof trend, " · confidence %.1f → %.1f", static_cast<double>(before) / pairs, static_cast<double>(after) / pairs);
      t.plain(trend);
    }
  }
  if (!any && !cohort.empty()) t.plain("\nNobody from this cohort was in the last " + core::count_of(static_cast<long long>(rounds.size()), "round", "rounds") + ".");
  blocks.push_back(app::section{std::move(t), std::nullopt});
}

app::outcome mixitup_admin(app::router& r, const app::command_call& call) {
  auto& svc = r.svc();
  const std::string sub = call.args.size() > 1 ? core::to_lower(call.args[1]) : std::string{};
  if (sub == "preview" || sub == "post") {
    auto parsed = parse_post(svc, call.args, 2);
    if (!parsed.error.empty()) return app::reply_text(parsed.error);
    if (const auto bad = unknown_cohort(svc, parsed.request.cohorts); !bad.empty())
      return app::reply_text("There is no cohort " + bad + " in the configuration.");
    if (sub == "preview") {
      if (!parsed.preview.empty()) return app::reply_text("--preview is for posting a preview: /network admin mixitup post --preview N.");
      return preview(svc, call.user, parsed.request);
    }
    // A post is of a preview, once: what it shows is what is posted, and typing it twice posts nothing twice.
    if (parsed.preview.empty())
      return app::reply_text(app::rich_text{}.plain("Preview the groups first: ").code("/network admin mixitup preview [cohorts…]")
                                 .plain(" gives them a number; then ").code("/network admin mixitup post --preview N [--at …] [--link …]").plain("."));
    if (parsed.chose_round)
      return app::reply_text("The preview already chose the seed and cohorts; post it with --preview N and, if you like, --at and --link.");
    std::string summary;
    auto effects = post_previewed(svc, call.user, parsed.preview, parsed.meets_at, parsed.link, summary);
    app::outcome o = app::reply_text(summary);
    o.effects = std::move(effects);
    return o;
  }
  return app::reply_text(app::rich_text{}.plain("Try ").code("/network admin mixitup preview [cohorts…]").plain(", then ")
                             .code("/network admin mixitup post --preview N --at 2026-12-02 12:00 --link https://…"));
}

void register_mixitup(app::router& r) {
  r.command({.name = "mixitup",
             .group = "Mix It Up",
             .usage = "mixitup [optin|optout|snooze <date>|status]",
             .summary = "Mix It Up groups: 30-minute talks across modules and programs. You're in unless you opt out or snooze.",
             .examples = {"/network mixitup status", "/network mixitup snooze 2026-12-15", "/network mixitup optout"},
             .handler = [&r](const app::command_call& call) -> app::outcome {
               auto& svc = r.svc();
               const std::string sub = call.args.empty() ? std::string("status") : core::to_lower(call.args[0]);
               auto me = call.user;
               if (sub == "optin" || sub == "optout" || sub == "snooze") {
                 if (sub == "snooze") {
                   const auto until = call.args.size() > 1 ? core::parse_due(call.rest.substr(call.rest.find_first_of(" \t") + 1), svc.today())
                                                           : std::nullopt;
                   if (!until || *until <= svc.today())
                     return app::reply_text("Say until when, like `/network mixitup snooze 2026-12-15` or `/network mixitup snooze 3 weeks`.");
                   me.mixitup = core::mixitup_status::snoozed;
                   me.snoozed_until = until;
                 } else {
                   me.mixitup = sub == "optin" ? core::mixitup_status::opted_in : core::mixitup_status::opted_out;
                   me.snoozed_until.reset();
                 }
                 auto tx = svc.tx.begin();
                 svc.people.upsert(me);
                 tx->commit();
               } else if (sub != "status") {
                 return app::reply_text("Try `/network mixitup status`, `optin`, `optout` or `snooze <date>`.");
               }
               app::rich_text t;
               if (core::joins_mixitup(me, svc.today()))
                 t.bold("You're in. ").plain("You'll be placed in the next Mix It Up round.");
               else if (me.mixitup == core::mixitup_status::snoozed && me.snoozed_until)
                 t.bold("Snoozed ").plain("until " + core::friendly_date(*me.snoozed_until) + ". You're back in after that.");
               else
                 t.bold("You're out. ").plain("Come back any time: ").code("/network mixitup optin");
               for (const auto& round : svc.rounds.recent_rounds(3))
                 for (const auto& g : round.groups)
                   if (g.member(me.id)) {
                     std::string names;
                     for (const auto& m : g.members)
                       if (m.person != me.id)
                         if (auto p = svc.people.find(m.person)) names += (names.empty() ? "" : ", ") + p->display_name;
                     t.plain("\nYour latest group: group " + std::to_string(g.number) + " of round " + std::to_string(round.id) +
                             (names.empty() ? "" : ", with " + names) + ".");
                     return app::reply_text(std::move(t));
                   }
               return app::reply_text(std::move(t));
             }});
  r.action(reshuffle_action, [&r](const app::action_call& call) -> app::outcome {
    if (!app::is_staff(r.svc(), call.user)) return app::reply_text("Mix It Up rounds are run by career-development staff.");
    const auto request = decode(call.request.value);
    if (!request) return app::reply_text("That button is broken; run /network admin mixitup preview again.");
    return preview(r.svc(), call.user, *request);
  });
  r.action(post_action, [&r](const app::action_call& call) -> app::outcome {
    if (!app::is_staff(r.svc(), call.user)) return app::reply_text("Mix It Up rounds are run by career-development staff.");
    // The form opens only while the preview may still be posted; posting it is the form's to do.
    const auto request = previewed(r.svc(), call.request.value, call.user, false);
    if (const auto* refused = std::get_if<std::string>(&request)) return app::reply_text(*refused);
    using kind = app::input::kind;
    app::modal v;
    v.callback_id = post_callback;
    v.title = "Post Mix It Up groups";
    v.submit = "Post";
    v.private_metadata = call.request.value;
    v.blocks.push_back(app::input{.id = "at", .label = "When do the groups meet?", .type = kind::single_line,
                                  .hint = "Like 2026-12-02 12:00, in " + r.svc().settings.workspace.time_zone + ". Leave empty to let groups pick.",
                                  .placeholder = "2026-12-02 12:00", .initial = {}, .optional = true, .max_length = 16, .options = {}});
    v.blocks.push_back(app::input{.id = "link", .label = "Video call link", .type = kind::single_line, .hint = {},
                                  .placeholder = "https://…", .initial = r.svc().settings.mix_it_up.link, .optional = true,
                                  .max_length = 500, .options = {}});
    return {app::ack_empty{}, {app::open_modal{call.request.trigger_id, std::move(v)}}};
  });
  r.view(post_callback, [&r](const app::submission_call& call) -> app::outcome {
    auto& svc = r.svc();
    if (!app::is_staff(svc, call.user)) return {app::ack_errors{{{"at", "Mix It Up rounds are run by career-development staff."}}}, {}};
    // A second submit of the form (or a submit after the button's preview was posted another way) is
    // told what was posted, privately, and posts nothing.
    const auto tell = [&](std::string text) -> app::outcome {
      app::message m;
      m.blocks.push_back(app::section{app::rich_text{std::move(text)}, std::nullopt});
      return {app::ack_empty{}, {app::post_message{call.user.slack_id, std::move(m)}}};
    };
    if (auto request = previewed(svc, call.request.private_metadata, call.user, false); auto* refused = std::get_if<std::string>(&request))
      return tell(std::move(*refused));
    std::map<std::string, std::string> errors;
    std::optional<core::time_point> at;
    if (const auto text = call.request.value("at"); !text.empty()) {
      at = parse_meeting(svc, text);
      if (!at) errors["at"] = "Write it like 2026-12-02 12:00.";
      else if (*at < svc.clock.now()) errors["at"] = "That time has passed.";
    }
    const std::string link = call.request.value("link");
    if (!link.empty() && !link.starts_with("https://")) errors["link"] = "The link starts with https://";
    if (!errors.empty()) return {app::ack_errors{std::move(errors)}, {}};
    // Forming the groups is the long part: the ack only needs the fields to be right.
    if (call.checking) return {};
    std::string summary;
    auto effects = post_previewed(svc, call.user, call.request.private_metadata, at, link, summary);
    app::message done;
    done.blocks.push_back(app::section{app::rich_text{summary}, std::nullopt});
    effects.push_back(app::post_message{call.user.slack_id, std::move(done)});
    return {app::ack_empty{}, std::move(effects)};
  });
  r.action(vote_action, [&r](const app::action_call& call) { return vote(r.svc(), call); });
  r.action(met_action, [&r](const app::action_call& call) -> app::outcome {
    auto& svc = r.svc();
    auto found = find_membership(svc, call.user, call.request.value);
    if (auto* refused = std::get_if<app::outcome>(&found)) return std::move(*refused);
    const auto& ms = std::get<membership>(found);
    return {app::ack_empty{}, {app::open_modal{call.request.trigger_id, checkin_modal(svc, ms.g(), *ms.g().member(call.user.id))}}};
  });
  r.action(missed_action, [&r](const app::action_call& call) -> app::outcome {
    auto& svc = r.svc();
    auto found = find_membership(svc, call.user, call.request.value);
    if (auto* refused = std::get_if<app::outcome>(&found)) return std::move(*refused);
    const auto& ms = std::get<membership>(found);
    auto member = *ms.g().member(call.user.id);
    member.checked_in = core::attendance::missed;
    auto tx = svc.tx.begin();
    svc.rounds.save_member(ms.g().id, member);
    tx->commit();
    return app::reply_text("Thanks for telling me. It happens! You'll be in a new group next round.");
  });
  r.view(checkin_callback, [&r](const app::submission_call& call) { return save_checkin(r.svc(), call); });
}

}  // namespace networkbot::features
