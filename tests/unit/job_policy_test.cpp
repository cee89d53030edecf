// Scheduled jobs under the policy table: every job that messages people has an entry saying whom it may
// message, and runs past nobody else. Each job is run with each kind of person set up as the one it
// would message: a student who then became an alum, a mentor or staff, or was switched off, between
// being picked and the job running (the roles people move through over a year). Only those the job's
// audience admits, and who are switched on, hear from it; the student always does.

#include <catch2/catch.hpp>

#include <functional>
#include <set>

#include "bot/features/jobs.hpp"
#include "config/config.hpp"
#include "fixture.hpp"
#include "results.hpp"

using namespace networkbot;
using testing::ok;

namespace {

core::time_point utc(const char* iso) { return *core::parse_instant(iso); }

enum class persona { student, alum, mentor, staff, deactivated };
constexpr std::array personas{persona::student, persona::alum, persona::mentor, persona::staff, persona::deactivated};

const char* name_of(persona p) {
  switch (p) {
    case persona::student: return "student";
    case persona::alum: return "alum";
    case persona::mentor: return "mentor";
    case persona::staff: return "staff member";
    case persona::deactivated: return "switched-off student";
  }
  return "?";
}

// Written out by hand, as the README says it: the test does not ask the policy code.
bool admitted(app::audience who, persona p) {
  if (p == persona::deactivated) return false;
  switch (who) {
    case app::audience::everyone: return true;
    case app::audience::students: return p == persona::student || p == persona::staff;
    case app::audience::hosts: return p == persona::alum || p == persona::mentor || p == persona::staff;
    case app::audience::staff: return p == persona::staff;
  }
  return false;
}

// Kim (U0KIM01), a student of cohort 2108 who is the one each job would message; Maya and Devon from
// the fixture; eight more students of 2108 so that a Mix It Up round can be grouped; Ana, an alum open
// to chats.
struct world : testing::app_fixture {
  std::vector<app::effect> sent;

  world() {
    settings.cohorts = {{"2108", "C0COH2108", true}};
    settings.reflection.deliver = config::delivery::dm;
    clock.set(utc("2026-11-18T13:00:00Z"));  // Wednesday 06:00 in Denver
    people.upsert(testing::student("U0KIM01", "kim"));
    for (int i = 0; i < 8; ++i) {
      auto s = testing::student("U0MIX" + std::to_string(10 + i), "mix" + std::to_string(i));
      s.module = i < 2 ? 4 : 1 + i % 3;
      people.upsert(s);
    }
    auto ana = testing::person_with("U0ANA01", "ana", core::role::alum);
    ana.open_to_chats = {true, 3};
    people.upsert(ana);
  }

  core::person kim() { return who("U0KIM01"); }

  void become(persona p) {
    auto k = kim();
    switch (p) {
      case persona::student: return;
      case persona::alum: k.roles = {core::role::alum}; break;
      case persona::mentor: k.roles = {core::role::mentor}; break;
      case persona::staff: k.roles = {core::role::staff}; break;
      case persona::deactivated: k.active = false; break;
    }
    people.upsert(k);
  }

  void run_at(const char* iso) {
    clock.set(utc(iso));
    features::run_due_jobs(router, [this](std::vector<app::effect> e) { sent.insert(sent.end(), e.begin(), e.end()); });
  }

  // Whether any message went to Kim, alone or in a group.
  [[nodiscard]] bool kim_heard() const {
    for (const auto& e : sent)
      if (const auto* p = std::get_if<app::post_message>(&e))
        for (const auto& id : core::split_list(p->channel, ','))
          if (id == "U0KIM01") return true;
    return false;
  }
};

// Each job, with Kim set up as the one it would message, then run when it is due. `between` turns Kim
// into the persona after she was picked (set up) and before the job runs.
using scenario = std::function<void(world&, const std::function<void()>& between)>;

const std::map<std::string, scenario>& scenarios() {
  static const std::map<std::string, scenario> all{
      {"reflection.prompt", [](world& w, const std::function<void()>& between) {
         between();
         w.run_at("2026-11-20T21:05:00Z");  // Friday 14:05 in Denver
       }},
      {"reflection.reminder", [](world& w, const std::function<void()>& between) {
         w.run_at("2026-11-20T21:05:00Z");
         w.sent.clear();
         between();
         w.run_at("2026-11-23T17:05:00Z");  // Monday 10:05
       }},
      {"followups.nudge", [](world& w, const std::function<void()>& between) {
         auto t = w.svc.tracker();
         core::contact c;
         c.name = "Jamie Flores";
         const auto added = ok(t.add(w.kim().id, c));
         (void)ok(t.log(w.kim().id, added.id, core::stage::messaged));
         w.nudges.save_nudges(w.kim().id, {true, true});
         between();
         w.run_at("2026-11-25T16:05:00Z");  // a week later, 09:05
       }},
      {"buddy.nudge", [](world& w, const std::function<void()>& between) {
         auto t = w.svc.tracker();
         const auto link = ok(t.ask_buddy(w.kim().id, w.who("U0STU2").id));
         (void)ok(t.answer_buddy(w.who("U0STU2").id, link.id, true));  // Devon has no goal: behind
         between();
         w.run_at("2026-11-25T19:05:00Z");  // Wednesday 12:05
       }},
      {"buddy.expired", [](world& w, const std::function<void()>& between) {
         (void)ok(w.svc.tracker().ask_buddy(w.kim().id, w.who("U0STU2").id));
         between();
         w.run_at("2026-11-26T13:00:00Z");  // eight days later, unanswered
       }},
      {"intro.expired", [](world& w, const std::function<void()>& between) {
         (void)ok(w.svc.intro_desk().request(w.kim(), w.who("U0ANA01"),
                                             "Hi Ana, I'm Kim, a Turing student. Would you be open to a short call next week?"));
         between();
         w.run_at("2026-12-03T13:00:00Z");  // fifteen days later, unanswered
       }},
      {"mixitup.round", [](world& w, const std::function<void()>& between) {
         w.settings.mix_it_up.rounds = {std::chrono::local_days{std::chrono::year{2026} / 11 / 24} + std::chrono::hours{12}};
         between();
         w.run_at("2026-11-24T10:00:00Z");  // the morning before noon in Denver
       }},
      {"mixitup.checkin", [](world& w, const std::function<void()>& between) {
         w.settings.mix_it_up.rounds = {std::chrono::local_days{std::chrono::year{2026} / 11 / 24} + std::chrono::hours{12}};
         w.run_at("2026-11-24T10:00:00Z");
         REQUIRE(w.kim_heard());  // she is in a group
         w.sent.clear();
         between();
         w.run_at("2026-11-24T21:05:00Z");  // two hours after the meeting
       }},
  };
  return all;
}

}  // namespace

TEST_CASE("every scheduled job that messages people has an entry in the policy table, and every job entry a job",
          "[policy][jobs]") {
  std::set<std::string_view> listed(features::scheduled_jobs().begin(), features::scheduled_jobs().end());
  std::set<std::string_view> entries;
  for (const auto& r : app::policy_table())
    if (r.on == app::surface::job) entries.insert(r.id);
  CHECK(listed == entries);
  CHECK(listed.size() == features::scheduled_jobs().size());
  // A job nobody gave an audience cannot be asked about.
  world f;
  CHECK_THROWS_WITH((void)features::may_receive(f.svc, "made.up", f.kim()), Catch::Contains("no entry in the policy table"));
}

TEST_CASE("each scheduled job messages only people its audience admits who are switched on", "[policy][jobs][matrix]") {
  std::size_t cells = 0;
  for (const auto job : features::scheduled_jobs()) {
    const auto it = scenarios().find(std::string(job));
    INFO("job " << job);
    REQUIRE(it != scenarios().end());  // add a scenario for every job
    const app::rule& entry = app::required_rule(app::surface::job, job);
    for (const persona p : personas) {
      INFO("when it runs, Kim is: " << name_of(p));
      world f;
      it->second(f, [&] { f.become(p); });
      ++cells;
      if (p == persona::student) CHECK(f.kim_heard());  // the job does reach the one it is for
      if (!admitted(entry.who, p)) CHECK_FALSE(f.kim_heard());
    }
  }
  CHECK(cells == features::scheduled_jobs().size() * personas.size());
}

TEST_CASE("a buddy request nobody answered tells the student who asked, once, kindly", "[jobs][buddy]") {
  world f;
  (void)ok(f.svc.tracker().ask_buddy(f.kim().id, f.who("U0STU2").id));
  f.run_at("2026-11-24T13:00:00Z");  // six days: still open
  CHECK_FALSE(f.kim_heard());
  f.run_at("2026-11-25T13:00:01Z");  // seven days: closed
  REQUIRE(f.sent.size() == 1);
  const auto& told = std::get<app::post_message>(f.sent[0]);
  CHECK(told.channel == "U0KIM01");
  CHECK_THAT(testing::text_of(told.body.blocks),
             Catch::Contains("Your buddy request to devon Student closed") && Catch::Contains("within 7 days"));
  f.run_at("2026-11-25T14:00:00Z");
  f.run_at("2026-11-28T14:00:00Z");
  CHECK(f.sent.size() == 1);  // once
  // Devon's late Accept is refused, and Kim may ask someone else.
  const auto link = f.buddies.buddy_links_of(f.kim().id).at(0);
  CHECK_THAT(testing::reply_text(f.click("U0STU2", "buddy.accept", std::to_string(link.id))), Catch::Contains("expired"));
  CHECK(std::holds_alternative<core::buddy_link>(f.svc.tracker().ask_buddy(f.kim().id, f.who("U0STU1").id)));
}

TEST_CASE("a buddy request withdrawn or answered in time is not announced as expired", "[jobs][buddy]") {
  world f;
  auto t = f.svc.tracker();
  (void)ok(t.ask_buddy(f.kim().id, f.who("U0STU2").id));
  (void)ok(t.cancel_buddy_request(f.kim().id));
  const auto asked = ok(t.ask_buddy(f.who("U0STU1").id, f.who("U0MIX10").id));
  (void)ok(t.answer_buddy(f.who("U0MIX10").id, asked.id, false));
  f.run_at("2026-11-26T13:00:00Z");
  for (const auto& e : f.sent) CHECK_THAT(testing::text_of(std::get<app::post_message>(e).body.blocks), !Catch::Contains("buddy request"));
}
