// A click counts once. Every button and form that sends messages, pressed a second time (a double
// click, the same message clicked again later, another staff member's click, the other button of the
// pair afterwards): the second time sends nothing to anyone but the clicker, changes nothing stored,
// and answers kindly with what the first time did. Mentor assignment applies exactly the pairs its
// preview showed, whatever changed in the directory since; a Mix It Up preview posts one round.

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <functional>

#include "bot/features/mentors.hpp"
#include "core/text.hpp"
#include "fixture.hpp"

using namespace networkbot;
using testing::reply_text;

namespace {

core::time_point utc(const char* iso) { return *core::parse_instant(iso); }

// Maya and Devon (cohort 2108, students) and Rosa (staff) from the fixture; Tomás, a second staff
// member; Lee, a mentor at a company Maya targets; Ana, an alum open to chats; eight students of cohort
// 2110 so that a Mix It Up round has people to group.
struct world : testing::app_fixture {
  world() {
    settings.staff.user_ids = {"U0STAFF1", "U0STAFF2"};
    settings.cohorts = {{"2108", "C0COH2108", true}, {"2110", "C0COH2110", true}};
    clock.set(utc("2026-11-20T21:05:00Z"));  // Friday 14:05 in Denver: this week's reflection is open
    core::person tomas;
    tomas.slack_id = "U0STAFF2";
    tomas.handle = "tomas";
    tomas.display_name = "Tomás";
    people.upsert(tomas);
    add_mentor("U0LEE01", "lee", "Lee Chen", "");
    core::person ana;
    ana.slack_id = "U0ANA01";
    ana.handle = "ana";
    ana.display_name = "Ana Silva";
    ana.roles.add(core::role::alum);
    ana.company = "Redfin Labs";
    ana.open_to_chats = {true, 3};
    people.upsert(ana);
    auto maya = *people.find_by_slack_id("U0STU1");
    maya.background = "teaching";
    maya.target_companies = {"Redfin Labs"};
    people.upsert(maya);
    for (int i = 0; i < 8; ++i) {
      auto s = testing::student("U0MIX" + std::to_string(10 + i), "mix" + std::to_string(i));
      s.cohort = "2110";
      s.module = i < 2 ? 4 : 1 + i % 3;
      people.upsert(s);
    }
  }

  void add_mentor(const char* id, const char* handle, const char* name, const char* program) {
    core::person m;
    m.slack_id = id;
    m.handle = handle;
    m.display_name = name;
    m.roles.add(core::role::mentor);
    m.company = "Redfin Labs";
    m.background = "teaching";
    m.program = program;
    m.available_to_mentor = {true, 2};
    people.upsert(m);
  }

};

// The first button with this action id in a message.
const app::button& button(const app::message& m, const std::string& action) {
  for (const auto& b : m.blocks)
    if (const auto* a = std::get_if<app::actions>(&b))
      for (const auto& x : a->buttons)
        if (x.action_id == action) return x;
  throw std::runtime_error("no button " + action);
}
const app::message& acked(const app::outcome& o) { return std::get<app::reply_after_ack>(o.acknowledgement).reply; }

// The reply and every DM to the clicker, as text.
std::string answer_text(const app::outcome& o) {
  std::string out = reply_text(o);
  for (const auto& e : o.effects)
    if (const auto* p = std::get_if<app::post_message>(&e)) out += reply_text(app::outcome{app::reply_after_ack{p->body}, {}});
  return out;
}

std::size_t group_dms(const app::outcome& o) {
  std::size_t n = 0;
  for (const auto& e : o.effects)
    if (const auto* p = std::get_if<app::post_message>(&e); p && p->channel.find(',') != std::string::npos) ++n;
  return n;
}

// The second time: nothing is sent to anyone but `user` (a form opened for them again is fine), nothing
// stored changes, and the answer is a kind one that says `says`, not the error reply.
void harmless_again(world& f, const std::string& user, const std::function<app::outcome()>& again, const std::string& says) {
  const std::string before = f.snapshot();
  const auto o = again();
  for (const auto& e : o.effects) {
    if (const auto* p = std::get_if<app::post_message>(&e)) CHECK(p->channel == user);
    else CHECK((std::holds_alternative<app::open_modal>(e) || std::holds_alternative<app::publish_home>(e)));
    if (const auto* h = std::get_if<app::publish_home>(&e)) CHECK(h->user_id == user);
  }
  CHECK(f.snapshot() == before);
  CHECK(reply_text(o) != reply_text(app::internal_error_reply()));
  CHECK_THAT(answer_text(o), Catch::Contains(says));
}

}  // namespace

// ---- mentor assignment ----

TEST_CASE("confirming a mentor assignment twice introduces each pair once; a colleague's click too", "[once][mentors]") {
  world f;
  const auto preview = f.command("U0STAFF1", "admin mentors 2108");
  const auto& confirm = button(acked(preview), "admin.mentors.confirm");
  const auto done = f.click("U0STAFF1", confirm.action_id, confirm.value);
  CHECK_THAT(reply_text(done), Catch::Contains("Saved 2 new pairs for cohort 2108"));
  CHECK(group_dms(done) == 2);
  const auto lee = f.who("U0LEE01");
  CHECK(f.who("U0STU1").mentor == lee.id);
  CHECK(f.who("U0STU2").mentor == lee.id);

  for (const char* again : {"U0STAFF1", "U0STAFF1", "U0STAFF2"})
    harmless_again(f, again, [&] { return f.click(again, confirm.action_id, confirm.value); },
                   "Already confirmed by Rosa on Fri, Nov 20 at 14:05 (America/Denver): 2 new pairs saved for cohort 2108. "
                   "Nobody was introduced twice.");
}

TEST_CASE("confirming a reassignment twice introduces everyone once", "[once][mentors]") {
  world f;
  const auto first = f.command("U0STAFF1", "admin mentors 2108");
  (void)f.click("U0STAFF1", "admin.mentors.confirm", button(acked(first), "admin.mentors.confirm").value);
  const auto preview = f.command("U0STAFF1", "admin mentors 2108 reassign");
  CHECK_THAT(reply_text(preview), Catch::Contains("reassigning everyone"));
  const auto& confirm = button(acked(preview), "admin.mentors.confirm");
  const auto done = f.click("U0STAFF1", confirm.action_id, confirm.value);
  CHECK(group_dms(done) == 2);
  for (const char* again : {"U0STAFF1", "U0STAFF2"})
    harmless_again(f, again, [&] { return f.click(again, confirm.action_id, confirm.value); }, "Nobody was introduced twice");
}

TEST_CASE("confirming applies the pairs the preview showed, even when a fresh plan would differ", "[once][mentors]") {
  world f;
  const auto preview = f.command("U0STAFF1", "admin mentors 2108");
  CHECK_THAT(reply_text(preview), Catch::Contains("maya Student \xE2\x86\x92 Lee Chen"));
  // Kim arrives after the preview: also at Redfin Labs and from teaching, and in the students' program.
  f.add_mentor("U0KIM01", "kim", "Kim Park", "BE");
  const auto kim = f.who("U0KIM01");
  const auto fresh = features::plan_mentors(f.svc, "2108", false);
  const auto maya = f.who("U0STU1");
  const auto fresh_pair = std::ranges::find(fresh.result.pairs, maya.id, &core::mentor_pair::student);
  REQUIRE(fresh_pair != fresh.result.pairs.end());
  REQUIRE(fresh_pair->mentor == kim.id);  // what confirming must not do

  const auto done = f.click("U0STAFF1", "admin.mentors.confirm", button(acked(preview), "admin.mentors.confirm").value);
  const auto lee = f.who("U0LEE01");
  CHECK(f.who("U0STU1").mentor == lee.id);
  CHECK(f.who("U0STU2").mentor == lee.id);
  std::vector<std::string> channels;
  for (const auto& e : done.effects) channels.push_back(std::get<app::post_message>(e).channel);
  CHECK(channels == std::vector<std::string>{"U0STU2,U0LEE01", "U0STU1,U0LEE01"});  // as previewed, in its order
  CHECK_THAT(reply_text(done), !Catch::Contains("Kim"));
}

TEST_CASE("a pair the directory no longer allows is skipped and said so; the rest are applied", "[once][mentors]") {
  world f;
  const auto preview = f.command("U0STAFF1", "admin mentors 2108");
  const auto value = button(acked(preview), "admin.mentors.confirm").value;
  // Lee now takes one mentee; Devon (the first pair) is still paired, Maya has no room left.
  auto lee = f.who("U0LEE01");
  lee.available_to_mentor.capacity = 1;
  f.people.upsert(lee);
  const auto done = f.click("U0STAFF1", "admin.mentors.confirm", value);
  CHECK(group_dms(done) == 1);
  CHECK_THAT(reply_text(done), Catch::Contains("Saved 1 new pair for cohort 2108") && Catch::Contains("1 student still needs one") &&
                                   Catch::Contains("Skipped, because the directory changed since the preview") &&
                                   Catch::Contains("maya Student \xE2\x86\x92 Lee Chen: Lee Chen has no room left (1 mentee)"));
  CHECK(f.who("U0STU2").mentor == lee.id);
  CHECK(f.who("U0STU1").mentor == 0);

  // A student deactivated since the preview, and a mentor who stopped mentoring.
  world g;
  const auto second = g.command("U0STAFF1", "admin mentors 2108");
  auto devon = g.who("U0STU2");
  devon.active = false;
  g.people.upsert(devon);
  auto stopped = g.who("U0LEE01");
  stopped.available_to_mentor.on = false;
  g.people.upsert(stopped);
  const auto none = g.click("U0STAFF1", "admin.mentors.confirm", button(acked(second), "admin.mentors.confirm").value);
  CHECK(none.effects.empty());
  CHECK_THAT(reply_text(none), Catch::Contains("Saved 0 new pairs") &&
                                   Catch::Contains("devon Student is no longer an active student of cohort 2108") &&
                                   Catch::Contains("maya Student \xE2\x86\x92 Lee Chen: Lee Chen no longer takes mentees"));
  CHECK(g.who("U0STU1").mentor == 0);
}

TEST_CASE("an expired or unknown mentor preview asks for a fresh one and saves nothing", "[once][mentors]") {
  world f;
  const auto preview = f.command("U0STAFF1", "admin mentors 2108");
  const auto value = button(acked(preview), "admin.mentors.confirm").value;
  f.clock.advance(std::chrono::hours{25});
  const std::string before = f.snapshot();
  for (const auto& [v, says] : {std::pair{value, "That preview has expired"}, std::pair{std::string("999"), "I don't know that preview"},
                                std::pair{std::string("2108"), "I don't know that preview"}}) {
    const auto o = f.click("U0STAFF1", "admin.mentors.confirm", v);
    CHECK(o.effects.empty());
    CHECK_THAT(reply_text(o), Catch::Contains(says) && Catch::Contains("/network admin mentors <cohort>"));
  }
  CHECK(f.snapshot() == before);
}

// ---- Mix It Up ----

TEST_CASE("a Mix It Up preview posted through its form posts one round, however often it is submitted", "[once][mixitup]") {
  world f;
  const auto preview = f.command("U0STAFF1", "admin mixitup preview");
  const auto& post = button(acked(preview), "mixitup.post");
  const auto opened = f.click("U0STAFF1", "mixitup.post", post.value);
  const auto& form = std::get<app::open_modal>(opened.effects.at(0)).view;
  CHECK(form.private_metadata == post.value);
  const auto posted = f.submit("U0STAFF1", "mixitup.post_form", {{"at", ""}, {"link", ""}}, form.private_metadata);
  CHECK(group_dms(posted) == 2);
  CHECK_THAT(answer_text(posted), Catch::Contains("Posted Mix It Up round 1"));
  REQUIRE(f.rounds.recent_rounds(5).size() == 1);

  const std::string told = "Already posted by Rosa on Fri, Nov 20 at 14:05 (America/Denver): round 1 was posted. Nothing was posted twice.";
  harmless_again(f, "U0STAFF1", [&] { return f.submit("U0STAFF1", "mixitup.post_form", {{"at", ""}, {"link", ""}}, form.private_metadata); }, told);
  harmless_again(f, "U0STAFF2", [&] { return f.submit("U0STAFF2", "mixitup.post_form", {{"at", ""}, {"link", ""}}, form.private_metadata); }, told);
  harmless_again(f, "U0STAFF1", [&] { return f.click("U0STAFF1", "mixitup.post", post.value); }, told);
  harmless_again(f, "U0STAFF1", [&] { return f.command("U0STAFF1", "admin mixitup post --preview " + post.value); }, told);
  CHECK(f.rounds.recent_rounds(5).size() == 1);
}

TEST_CASE("a Mix It Up preview posted by command posts one round, however often it is typed", "[once][mixitup]") {
  world f;
  const auto preview = f.command("U0STAFF1", "admin mixitup preview --seed 3");
  const auto number = button(acked(preview), "mixitup.post").value;
  CHECK_THAT(reply_text(preview), Catch::Contains("/network admin mixitup post --preview " + number));
  const auto posted = f.command("U0STAFF1", "admin mixitup post --preview " + number + " --link https://meet.example.org/mix");
  CHECK(group_dms(posted) == 2);
  CHECK_THAT(reply_text(posted), Catch::Contains("Posted Mix It Up round 1"));
  REQUIRE(f.rounds.recent_rounds(5).size() == 1);
  CHECK(f.rounds.recent_rounds(1).at(0).seed == 3);  // the preview's seed
  for (const char* again : {"U0STAFF1", "U0STAFF2"})
    harmless_again(f, again, [&] { return f.command(again, "admin mixitup post --preview " + number + " --link https://meet.example.org/mix"); },
                   "Already posted by Rosa on Fri, Nov 20 at 14:05 (America/Denver): round 1 was posted.");
  // The form of the same preview afterwards.
  harmless_again(f, "U0STAFF1", [&] { return f.submit("U0STAFF1", "mixitup.post_form", {{"at", ""}, {"link", ""}}, number); }, "round 1 was posted");
  CHECK(f.rounds.recent_rounds(5).size() == 1);
}

TEST_CASE("a Mix It Up post needs a preview that is still fresh; the preview's choices are not re-chosen", "[once][mixitup]") {
  world f;
  const std::string before = f.snapshot();
  CHECK_THAT(reply_text(f.command("U0STAFF1", "admin mixitup post --seed 3")), Catch::Contains("Preview the groups first"));
  CHECK_THAT(reply_text(f.command("U0STAFF1", "admin mixitup post --preview 42")), Catch::Contains("I don't know that preview"));
  CHECK_THAT(reply_text(f.command("U0STAFF1", "admin mixitup post --preview")), Catch::Contains("--preview takes the preview's number"));
  CHECK(f.snapshot() == before);
  const auto number = button(acked(f.command("U0STAFF1", "admin mixitup preview")), "mixitup.post").value;
  CHECK_THAT(reply_text(f.command("U0STAFF1", "admin mixitup post --preview " + number + " --seed 9")), Catch::Contains("already chose the seed"));
  CHECK_THAT(reply_text(f.command("U0STAFF1", "admin mixitup post --preview " + number + " 2110")), Catch::Contains("already chose the seed"));
  f.clock.advance(std::chrono::hours{25});
  const auto late = f.command("U0STAFF1", "admin mixitup post --preview " + number);
  CHECK_THAT(reply_text(late), Catch::Contains("That preview has expired"));
  CHECK(late.effects.empty());
  CHECK_THAT(reply_text(f.click("U0STAFF1", "mixitup.post", number)), Catch::Contains("That preview has expired"));
  CHECK(f.rounds.recent_rounds(5).empty());
}

// ---- every other button and form that sends messages ----

TEST_CASE("an intro's Accept clicked twice opens one group DM; Not now afterwards shares nothing", "[once][intros]") {
  world f;
  const std::string note = "Hi Ana, my name is Maya and I'm a Turing student. I'm reaching out because you work at Redfin Labs. "
                           "Would you be open to a 20-minute call next week?";
  const auto sent = f.submit("U0STU1", "intro.note", {{"note", note}}, "U0ANA01");
  const auto& request = std::get<app::post_message>(sent.effects.at(1)).body;
  const auto accept = button(request, "intro.accept").value;
  const auto accepted = f.click("U0ANA01", "intro.accept", accept);
  CHECK(group_dms(accepted) == 1);
  harmless_again(f, "U0ANA01", [&] { return f.click("U0ANA01", "intro.accept", accept); },
                 "already answered: you accepted it, and your group DM with the student is open");
  harmless_again(f, "U0ANA01", [&] { return f.click("U0ANA01", "intro.decline", accept); }, "you accepted it");

  // Not now, twice: the student hears once.
  const auto second = f.submit("U0STU2", "intro.note", {{"note", note}}, "U0ANA01");
  const auto decline = button(std::get<app::post_message>(second.effects.at(1)).body, "intro.decline").value;
  const auto declined = f.click("U0ANA01", "intro.decline", decline);
  CHECK(std::get<app::post_message>(declined.effects.at(0)).channel == "U0STU2");
  harmless_again(f, "U0ANA01", [&] { return f.click("U0ANA01", "intro.decline", decline); },
                 "already answered: you said not now, and nothing more was shared");
  harmless_again(f, "U0ANA01", [&] { return f.click("U0ANA01", "intro.accept", decline); }, "you said not now");
}

TEST_CASE("a buddy request's Accept or Decline clicked twice tells the asker once", "[once][buddies]") {
  world f;
  const auto invite = std::get<app::post_message>(f.command("U0STU1", "buddy @devon").effects.at(0)).body;
  const auto id = button(invite, "buddy.accept").value;
  const auto accepted = f.click("U0STU2", "buddy.accept", id);
  CHECK(std::get<app::post_message>(accepted.effects.at(0)).channel == "U0STU1");
  harmless_again(f, "U0STU2", [&] { return f.click("U0STU2", "buddy.accept", id); }, "already answered: you accepted it, so you are buddies");
  harmless_again(f, "U0STU2", [&] { return f.click("U0STU2", "buddy.decline", id); }, "you are buddies");

  world g;
  const auto asked = std::get<app::post_message>(g.command("U0STU1", "buddy @devon").effects.at(0)).body;
  const auto declined_id = button(asked, "buddy.decline").value;
  CHECK(std::get<app::post_message>(g.click("U0STU2", "buddy.decline", declined_id).effects.at(0)).channel == "U0STU1");
  harmless_again(g, "U0STU2", [&] { return g.click("U0STU2", "buddy.decline", declined_id); }, "already answered: you declined it");
  harmless_again(g, "U0STU2", [&] { return g.click("U0STU2", "buddy.accept", declined_id); }, "you declined it");
}

TEST_CASE("Delete my data clicked twice deletes once and counts one request", "[once][privacy]") {
  world f;
  auto t = f.svc.tracker();
  core::contact c;
  c.name = "Jamie Flores";
  c.warmth = core::warmth::warm;
  REQUIRE(std::holds_alternative<core::contact>(t.add(f.who("U0STU1").id, c)));
  const auto id = std::to_string(f.who("U0STU1").id);
  CHECK_THAT(reply_text(f.click("U0STU1", "privacy.delete_confirm", id)), Catch::Contains("Done. Deleted 1 contact"));
  harmless_again(f, "U0STU1", [&] { return f.click("U0STU1", "privacy.delete_confirm", id); },
                 "There is nothing of yours left to delete: your networking data is gone already.");
  CHECK(f.privacy.forgotten_so_far().requests == 1);
}

TEST_CASE("Mix It Up votes, check-ins and We couldn't meet, twice, change nothing the second time", "[once][mixitup]") {
  world f;
  const auto number = button(acked(f.command("U0STAFF1", "admin mixitup preview")), "mixitup.post").value;
  const auto posted = f.command("U0STAFF1", "admin mixitup post --preview " + number);
  const app::post_message* dm = nullptr;
  for (const auto& e : posted.effects)
    if (const auto* p = std::get_if<app::post_message>(&e); p && p->channel.find(',') != std::string::npos) {
      dm = p;
      break;
    }
  REQUIRE(dm);
  const auto ids = core::split_list(dm->channel, ',');
  const auto vote = button(dm->body, "mixitup.vote").value;
  CHECK_THAT(reply_text(f.click(ids[0], "mixitup.vote", vote)), Catch::Contains("You voted for"));
  harmless_again(f, ids[0], [&] { return f.click(ids[0], "mixitup.vote", vote); }, "You voted for");

  const std::string group = vote.substr(0, vote.find('|'));
  CHECK_THAT(reply_text(f.click(ids[1], "mixitup.missed", group)), Catch::Contains("Thanks for telling me"));
  harmless_again(f, ids[1], [&] { return f.click(ids[1], "mixitup.missed", group); }, "Thanks for telling me");

  harmless_again(f, ids[2], [&] { return f.click(ids[2], "mixitup.met", group); }, "");  // opens the check-in form, nothing else
  const std::map<std::string, std::string> checkin{{"topic", "What blocks us"}, {"confidence", "4"}};
  CHECK_THAT(answer_text(f.submit(ids[2], "mixitup.checkin", checkin, group)), Catch::Contains("Glad your group met"));
  harmless_again(f, ids[2], [&] { return f.submit(ids[2], "mixitup.checkin", checkin, group); }, "Glad your group met");
}

TEST_CASE("a reflection submitted twice is saved once and only its writer hears", "[once][reflections]") {
  world f;
  const std::map<std::string, std::string> answer{
      {"learned", "I prefer small conversations"}, {"next_steps", "Message two alumni"}, {"confidence", "3"}, {"status", "partly"}};
  CHECK_THAT(answer_text(f.submit("U0STU1", "reflection.submit", answer, "2026-11-20")), Catch::Contains("Saved your reflection"));
  harmless_again(f, "U0STU1", [&] { return f.submit("U0STU1", "reflection.submit", answer, "2026-11-20"); }, "Updated your reflection");
  CHECK(f.reflections.reflections_of(f.who("U0STU1").id).size() == 1);
}
