// Matching in Slack. Alumni and mentors manage their own consent (/network available …, /network
// capacity …); students find who is open to chats (/network find, /network match) and ask for an intro
// with a short note (/network intro, or the button on a suggestion). The alum answers Accept, Not now,
// or "Stop suggesting me"; Accept opens a group DM with both of them.

#include <charconv>

#include "bot/features/home.hpp"
#include "bot/features/matching.hpp"
#include "bot/features/tracker_views.hpp"
#include "core/dates.hpp"
#include "core/outreach.hpp"
#include "core/text.hpp"

namespace networkbot::features {

namespace {

constexpr const char* start_action = "intro.start";
constexpr const char* accept_action = "intro.accept";
constexpr const char* decline_action = "intro.decline";
constexpr const char* stop_action = "intro.stop";
constexpr const char* more_matches_action = "match.more";
constexpr const char* note_callback = "intro.note";
constexpr std::size_t handful = 5;

bool offers_help(const core::person& p) { return p.is(core::role::alum) || p.is(core::role::mentor); }

app::rich_text consent_summary(const core::person& p) {
  app::rich_text t;
  t.bold("Chats with students: ").plain(p.open_to_chats.on ? "on, " + std::to_string(p.open_to_chats.capacity) + " a month" : "off");
  t.plain("\n").bold("Mentoring: ").plain(p.available_to_mentor.on ? "on, up to " + std::to_string(p.available_to_mentor.capacity) + " mentees"
                                                                   : "off");
  return t;
}

// `available chats|mentoring on|off`
app::outcome available(app::services& svc, const app::command_call& call) {
  if (!offers_help(call.user))
    return app::reply_text("Availability is for alumni and mentors, who choose whether students may ask them for a chat.");
  auto me = call.user;
  if (call.args.size() != 2 || (core::to_lower(call.args[1]) != "on" && core::to_lower(call.args[1]) != "off")) {
    app::rich_text t = consent_summary(me);
    t.plain("\nChange it with ").code("/network available chats on").plain(" or ").code("/network available mentoring off").plain(".");
    return app::reply_text(std::move(t));
  }
  const bool on = core::to_lower(call.args[1]) == "on";
  const std::string what = core::to_lower(call.args[0]);
  if (what == "chats" || what == "chat") {
    me.open_to_chats.on = on;
    if (on && me.open_to_chats.capacity == 0) me.open_to_chats.capacity = 2;
  } else if (what == "mentoring" || what == "mentor") {
    me.available_to_mentor.on = on;
    if (on && me.available_to_mentor.capacity == 0) me.available_to_mentor.capacity = 1;
  } else {
    return app::reply_text(app::rich_text{}.plain("Say ").code("chats").plain(" or ").code("mentoring").plain(", like ")
                               .code("/network available chats on").plain("."));
  }
  svc.people.upsert(me);
  app::rich_text t;
  t.plain(on ? "Thank you! " : "Done. ").append(consent_summary(me));
  if (on) t.plain("\nChange how many with ").code(what.starts_with("chat") ? "/network capacity chats <n>" : "/network capacity mentees <n>").plain(".");
  return app::reply_text(std::move(t));
}

// `capacity chats|mentees <n>`, or `capacity <n>` when only one consent is on.
app::outcome capacity(app::services& svc, const app::command_call& call) {
  if (!offers_help(call.user)) return app::reply_text("Capacity is for alumni and mentors.");
  auto me = call.user;
  std::string what;
  std::string number;
  if (call.args.size() == 2) {
    what = core::to_lower(call.args[0]);
    number = call.args[1];
  } else if (call.args.size() == 1) {
    number = call.args[0];
    if (me.open_to_chats.on != me.available_to_mentor.on) what = me.open_to_chats.on ? "chats" : "mentees";
  }
  int n = -1;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), n);
  if (what.empty() || ec != std::errc{} || end != number.data() + number.size() || n < 0 || n > 50)
    return app::reply_text(app::rich_text{}.plain("Say which and how many (0 to 50): ").code("/network capacity chats 3")
                               .plain(" (chats a month) or ").code("/network capacity mentees 2").plain("."));
  if (what == "chats" || what == "chat") me.open_to_chats.capacity = n;
  else if (what == "mentees" || what == "mentoring") me.available_to_mentor.capacity = n;
  else return app::reply_text(app::rich_text{}.plain("Say ").code("chats").plain(" or ").code("mentees").plain("."));
  svc.people.upsert(me);
  return app::reply_text(app::rich_text{}.plain("Saved. ").append(consent_summary(me)));
}

// Suggestions for `query` (empty: for the student), a handful from `offset`.
app::outcome suggestions(app::services& svc, const core::person& student, const std::string& query, std::size_t offset) {
  // Stale requests are closed by the scheduler's sweep and whenever one is touched, not on this read.
  const auto desk = svc.intro_desk();
  const auto ranked = core::rank(student, svc.people.open_to_chats(), core::match_query{query},
                                 [&](const core::person& p) { return desk.load_of(p.id); }, svc.match_weights(), svc.zone_offsets(),
                                 offset + handful);
  app::message m;
  m.fallback = query.empty() ? "People to meet" : "Who can help with " + query;
  m.blocks.push_back(app::header{query.empty() ? "People you could meet" : "Open to chats: " + query});
  if (ranked.empty()) {
    app::rich_text t;
    t.plain(query.empty() ? "Nobody is open to chats with room this month just now. " : "Nobody open to chats matches that right now. ");
    t.plain("Try a company, a topic like ").code("/network find react").plain(", or ask your mentor who they know.");
    m.blocks.push_back(app::section{std::move(t), std::nullopt});
    return {app::reply_after_ack{std::move(m)}, {}};
  }
  const std::size_t end = std::min(ranked.size(), offset + handful);
  for (std::size_t i = offset; i < end; ++i) {
    const auto& c = ranked[i].candidate;
    app::rich_text t;
    t.bold(c.display_name);
    const std::string work = c.title.empty() ? c.company : c.company.empty() ? c.title : c.title + " at " + c.company;
    if (!work.empty()) t.plain(" · " + work);
    t.plain("\n").italic(ranked[i].why);
    m.blocks.push_back(app::section{std::move(t), app::button{"Ask for an intro", start_action, c.slack_id, app::button::style::primary}});
  }
  if (end < ranked.size())
    m.blocks.push_back(app::actions{{{"Show more", more_matches_action, page_value(query, end), app::button::style::normal}}});
  m.blocks.push_back(app::context{app::rich_text{}.plain("Only people who chose to be suggested are shown. They see your note and "
                                                         "profile, and answer when they can.")});
  return {app::reply_after_ack{std::move(m)}, {}};
}

app::modal note_modal(const core::person& student, const core::person& alum) {
  app::modal v;
  v.callback_id = note_callback;
  v.title = "Ask for an intro";
  v.submit = "Send";
  v.private_metadata = alum.slack_id;
  v.blocks.push_back(app::section{app::rich_text{}.plain("A short note to ").bold(alum.display_name).plain(
                                      ": who you are, why them, and what you'd like to talk about. They see it with your "
                                      "profile and answer Accept or Not now."),
                                  std::nullopt});
  core::outreach_context to{alum.display_name, alum.company, alum.title, alum.background, alum.program, ""};
  v.blocks.push_back(app::input{.id = "note", .label = "Your note", .type = app::input::kind::multi_line, .hint = {},
                                .placeholder = {}, .initial = core::draft_outreach(student, to), .optional = false,
                                .max_length = 1500, .options = {}});
  return v;
}

app::outcome start_intro(app::services& svc, const core::person& student, const std::string& who, const std::string& trigger) {
  const auto alum = core::find_person(svc.people, who);
  auto desk = svc.intro_desk();
  // The same answer whether the person is unknown or has not opted in: consent is private too.
  if (!alum || !core::open_for_chats(*alum, desk.load_of(alum->id), student.id))
    return app::reply_text(app::rich_text{}.plain("I can only introduce you to people who are open to chats with room this month. See who is: ")
                               .code("/network match"));
  return {app::ack_empty{}, {app::open_modal{trigger, note_modal(student, *alum)}}};
}

app::message request_message(const config::settings& settings, const core::person& student, const core::intro_request& r) {
  app::message m;
  m.ephemeral = false;
  m.fallback = student.display_name + " would like an intro";
  m.blocks.push_back(app::section{app::rich_text{}.mention(student.slack_id).plain(" would like to meet you. Their note:"), std::nullopt});
  m.blocks.push_back(app::section{app::rich_text{r.note}, std::nullopt});
  std::string facts;
  for (const auto& f : {config::program_name(settings, student.program), student.module ? "Mod " + std::to_string(*student.module) : std::string{},
                        student.cohort.empty() ? std::string{} : "cohort " + student.cohort, student.background})
    if (!f.empty()) facts += (facts.empty() ? "" : " · ") + f;
  if (!facts.empty()) m.blocks.push_back(app::context{app::rich_text{facts}});
  const std::string id = std::to_string(r.id);
  m.blocks.push_back(app::actions{{{"Accept", accept_action, id, app::button::style::primary},
                                   {"Not now", decline_action, id, app::button::style::normal},
                                   {"Stop suggesting me", stop_action, id, app::button::style::danger}}});
  m.blocks.push_back(app::context{app::rich_text{"Accept opens a group DM with you both. Not now just tells them kindly."}});
  return m;
}

app::outcome send_note(app::services& svc, const app::submission_call& call) {
  const auto alum = core::find_person(svc.people, call.request.private_metadata);
  const std::string note = call.request.value("note");
  if (!alum) return {app::ack_errors{{{"note", "This form is out of date; close it and ask again."}}}, {}};
  // The outreach check, on the note: the pitfalls stop it; the rest is advice in the confirmation.
  const auto report = core::check_outreach(note, {alum->display_name, alum->company, alum->title, alum->background, "", ""});
  std::string blocking;
  for (const auto& f : report.findings)
    if (f.code == core::finding_code::asks_for_job || f.code == core::finding_code::asks_for_referral ||
        f.code == core::finding_code::missing_introduction)
      blocking += (blocking.empty() ? "" : " ") + f.title + ": " + f.suggestion;
  if (!blocking.empty()) return {app::ack_errors{{{"note", blocking}}}, {}};
  auto asked = svc.intro_desk().request(call.user, *alum, note);
  if (auto* no = std::get_if<core::refusal>(&asked)) return {app::ack_errors{{{"note", no->message + "."}}}, {}};
  const auto& r = std::get<core::intro_request>(asked);
  app::message confirm;
  confirm.blocks.push_back(app::section{app::rich_text{}.plain("I sent your note to ").bold(alum->display_name).plain(
                                            ". I'll tell you when they answer."),
                                        std::nullopt});
  for (const auto& f : report.findings)
    if (f.code != core::finding_code::too_long_for_linkedin)
      confirm.blocks.push_back(app::context{app::rich_text{}.plain("For next time: ").italic(f.title).plain(". " + f.suggestion)});
  return {app::ack_empty{},
          {app::post_message{call.user.slack_id, std::move(confirm)}, app::post_message{alum->slack_id, request_message(svc.settings, call.user, r)}}};
}

app::message starter(app::services& svc, const core::person& student, const core::person& alum) {
  app::message m;
  m.ephemeral = false;
  m.fallback = "An introduction: " + student.display_name + " and " + alum.display_name;
  m.blocks.push_back(app::section{app::rich_text{}.mention(alum.slack_id).plain(", meet ").mention(student.slack_id).plain(
                                      (student.program.empty() ? std::string(", a Turing student")
                                                               : ", a Turing " + config::program_name(svc.settings, student.program) + " student") +
                                      ". " + alum.display_name + " kindly said yes to a chat. Pick a time that suits you both: 20–30 "
                                      "minutes is plenty."),
                                  std::nullopt});
  if (const auto* bank = svc.content.questions.find("alum")) {
    app::rich_text q;
    q.bold("Questions to start with");
    for (std::size_t i = 0; i < bank->questions.size() && i < 5; ++i) q.plain("\n\xE2\x80\xA2 " + bank->questions[i]);
    q.plain("\n\xE2\x80\xA2 " + svc.content.questions.closing_question());
    m.blocks.push_back(app::section{std::move(q), std::nullopt});
  }
  m.blocks.push_back(app::context{app::rich_text{}.plain("Afterwards, ").mention(student.slack_id).plain(": log it with ")
                                      .code("/network log " + alum.display_name + " met").plain(" and record your one takeaway.")});
  return m;
}

// Accept or Not now on a request that expired first: nobody is introduced, and the card the button was
// on is replaced by what happened, so its buttons cannot be pressed again. (The card's timestamp is
// not kept, so it cannot be changed at the moment the request expires; the alum's next press does it.)
std::optional<app::outcome> expired_card(app::services& svc, const core::person& alum, std::int64_t id) {
  const auto req = svc.intros.find_intro(id);
  if (!req || req->alum != alum.id || req->state != core::intro_state::expired) return std::nullopt;
  const auto student = svc.people.find(req->student);
  const std::string who = student ? student->display_name : std::string("This student");
  app::message m;
  m.ephemeral = false;
  m.fallback = "This intro request expired";
  m.blocks.push_back(app::section{app::rich_text{}.plain("This request from ").bold(who).plain(
                                      " expired on " + core::friendly_date(core::day_of(req->expires_at)) +
                                      " before it was answered, so nobody was introduced. They hear from me kindly, with "
                                      "others to try. Nothing more to do."),
                                  std::nullopt});
  m.blocks.push_back(app::context{app::rich_text{}.plain("More requests than you can answer? Set how many chats you offer: ")
                                      .code("/network capacity chats <n>")});
  return app::outcome{app::ack_empty{}, {app::respond{std::move(m), true}}};
}

app::outcome answer(app::router& r, const app::action_call& call, int what) {
  auto& svc = r.svc();
  const auto id = parse_id(call.request.value);
  auto desk = svc.intro_desk();
  if (what == 2) {  // stop suggesting me
    auto stopped = desk.stop_suggesting(call.user.id);
    if (auto* no = std::get_if<core::refusal>(&stopped)) return app::reply_text(no->message + ".");
    app::outcome o = app::reply_text(app::rich_text{}.plain("Done: students won't be pointed to you, and the requests waiting "
                                                            "on you were closed kindly. Turn it back on any time with ")
                                         .code("/network available chats on"));
    for (const auto& closed : std::get<std::vector<core::intro_request>>(stopped))
      if (const auto s = svc.people.find(closed.student))
        o.effects.push_back(app::post_message{s->slack_id, app::message{{app::section{app::rich_text{
                                                                          call.user.display_name + " can't take chats right now. That's "
                                                                          "normal; try /network match for others."},
                                                                      std::nullopt}},
                                                                     "",
                                                                     false}});
    return o;
  }
  if (!id) return app::reply_text("That button is broken; ask the student to send the request again.");
  auto answered = what == 0 ? desk.accept(call.user.id, *id) : desk.decline(call.user.id, *id);
  if (auto* no = std::get_if<core::refusal>(&answered)) {
    if (auto expired = expired_card(svc, call.user, *id)) return std::move(*expired);
    return app::reply_text(no->message + ".");
  }
  const auto& req = std::get<core::intro_request>(answered);
  const auto student = svc.people.find(req.student);
  if (!student) return app::reply_text("Thank you. That student is no longer here.");
  if (what == 0) {
    app::outcome o = app::reply_text(app::rich_text{}.plain("Thank you! I opened a group DM with you and ").mention(student->slack_id).plain("."));
    o.effects.push_back(app::post_message{app::group_dm({student->slack_id, call.user.slack_id}), starter(svc, *student, call.user)});
    return with_home(r, *student, std::move(o));
  }
  app::outcome o = app::reply_text("Thank you for answering. I'll let them know kindly; nothing else is shared.");
  o.effects.push_back(app::post_message{
      student->slack_id,
      app::message{{app::section{app::rich_text{}.plain(call.user.display_name + " can't take a chat right now. It happens, and it "
                                                                                 "isn't about you. See who else is open: ")
                                     .code("/network match"),
                                 std::nullopt}},
                   "",
                   false}});
  return o;
}

}  // namespace

void register_matching(app::router& r) {
  r.command({.name = "match",
             .group = "Meet alumni and mentors",
             .usage = "match",
             .summary = "Alumni and mentors open to a chat, best for you first, with why.",
             .examples = {"/network match"},
             .handler = [&r](const app::command_call& call) { return suggestions(r.svc(), call.user, {}, 0); }});
  r.command({.name = "find",
             .group = "Meet alumni and mentors",
             .usage = "find <company | topic | @person>",
             .summary = "Who is open to a chat at a company, on a topic, or by name.",
             .examples = {"/network find Redfin Labs", "/network find react", "/network find teaching"},
             .handler = [&r](const app::command_call& call) -> app::outcome {
               if (call.rest.empty())
                 return app::reply_text(app::rich_text{}.plain("Find by company, topic or person: ").code("/network find Redfin Labs")
                                            .plain(" or ").code("/network match").plain(" for suggestions."));
               return suggestions(r.svc(), call.user, call.rest, 0);
             }});
  r.command({.name = "intro",
             .group = "Meet alumni and mentors",
             .usage = "intro @person | intro withdraw @person",
             .summary = "Ask someone open to chats for an intro, with a short note.",
             .examples = {"/network intro @ana", "/network intro withdraw @ana"},
             .handler = [&r](const app::command_call& call) -> app::outcome {
               if (call.args.empty()) return app::reply_text(app::rich_text{}.plain("Say who: ").code("/network intro @name"));
               if (core::to_lower(call.args.front()) == "withdraw") {
                 auto& svc = r.svc();
                 const auto alum = call.args.size() > 1 ? core::find_person(svc.people, call.args[1]) : std::nullopt;
                 if (!alum)
                   return app::reply_text(app::rich_text{}.plain("Say whose request to withdraw: ").code("/network intro withdraw @name"));
                 auto withdrawn = svc.intro_desk().withdraw(call.user.id, alum->id);
                 if (auto* no = std::get_if<core::refusal>(&withdrawn)) return app::reply_text(no->message + ".");
                 // The alum is not messaged: their card's buttons now say the request was withdrawn.
                 return app::reply_text("Withdrawn: your intro request to " + alum->display_name +
                                        " is closed, and their buttons no longer act on it.");
               }
               return start_intro(r.svc(), call.user, call.args.front(), call.request.trigger_id);
             }});
  r.command({.name = "available",
             .group = "For alumni and mentors",
             .usage = "available chats|mentoring on|off",
             .summary = "Choose whether students may be pointed to you for chats, or for mentoring.",
             .examples = {"/network available chats on", "/network available mentoring off"},
             .handler = [&r](const app::command_call& call) { return available(r.svc(), call); }});
  r.command({.name = "capacity",
             .group = "For alumni and mentors",
             .usage = "capacity chats|mentees <n>",
             .summary = "How many chats a month, or mentees, you offer.",
             .examples = {"/network capacity chats 3", "/network capacity mentees 2"},
             .handler = [&r](const app::command_call& call) { return capacity(r.svc(), call); }});
  r.action(start_action, [&r](const app::action_call& call) {
    return start_intro(r.svc(), call.user, call.request.value, call.request.trigger_id);
  });
  r.action(more_matches_action, [&r](const app::action_call& call) {
    const auto [query, offset] = parse_page(call.request.value);
    return suggestions(r.svc(), call.user, query, offset);
  });
  r.view(note_callback, [&r](const app::submission_call& call) { return send_note(r.svc(), call); });
  r.action(accept_action, [&r](const app::action_call& call) { return answer(r, call, 0); });
  r.action(decline_action, [&r](const app::action_call& call) { return answer(r, call, 1); });
  r.action(stop_action, [&r](const app::action_call& call) { return answer(r, call, 2); });
}

}  // namespace networkbot::features
