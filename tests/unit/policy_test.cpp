// Who may do what, checked from the registry itself: every command, button, form and the Home tab the
// features register, run by every kind of person, with the verdict the policy table's audience implies;
// forged button values and forms for every bound surface; and a request that fails after writing
// leaves nothing behind.

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <map>
#include <set>

#include "bot/features/jobs.hpp"
#include "fixture.hpp"

using namespace networkbot;
using testing::all_text;
using testing::reply_text;

namespace {

enum class persona { student, alum, mentor, staff, unknown, deactivated };
constexpr std::array personas{persona::student, persona::alum,    persona::mentor,
                              persona::staff,   persona::unknown, persona::deactivated};

const char* name_of(persona p) {
  switch (p) {
    case persona::student: return "student";
    case persona::alum: return "alum";
    case persona::mentor: return "mentor";
    case persona::staff: return "staff";
    case persona::unknown: return "unknown user";
    case persona::deactivated: return "deactivated user";
  }
  return "?";
}

// The verdicts the README promises, written out by hand: the test does not ask the policy code.
bool admitted(app::audience who, persona p) {
  if (p == persona::deactivated) return false;
  switch (who) {
    case app::audience::everyone: return true;
    case app::audience::students: return p == persona::student || p == persona::staff || p == persona::unknown;
    case app::audience::hosts: return p == persona::alum || p == persona::mentor || p == persona::staff;
    case app::audience::staff: return p == persona::staff;
  }
  return false;
}

// Maya and Devon (students) and Rosa (staff) from the fixture; Sam, a third student; Ana and Ben, alumni
// open to chats; Lee, a mentor; Gil, a student whose profile is switched off; Olu, a student who opted
// out of Mix It Up; and eight more students of cohort 2108 so that a Mix It Up round can be posted.
struct world : testing::app_fixture {
  world() {
    settings.cohorts = {{"2108", "C0COH2108", true}};
    people.upsert(testing::student("U0STU3", "sam"));
    for (const auto& [id, handle] : {std::pair{"U0ANA01", "ana"}, std::pair{"U0BEN01", "ben"}}) {
      auto a = testing::person_with(id, handle, core::role::alum);
      a.open_to_chats = {true, 3};
      people.upsert(a);
    }
    people.upsert(testing::person_with("U0LEE01", "lee", core::role::mentor));
    auto gone = testing::student("U0GONE1", "gil");
    gone.active = false;
    people.upsert(gone);
    auto out = testing::student("U0OUT01", "olu");
    out.mixitup = core::mixitup_status::opted_out;
    people.upsert(out);
    for (int i = 0; i < 8; ++i) {
      auto s = testing::student("U0MIX" + std::to_string(10 + i), "mix" + std::to_string(i));
      s.module = i < 2 ? 4 : 1 + i % 3;
      people.upsert(s);
    }
  }

  static std::string id_of(persona p) {
    switch (p) {
      case persona::student: return "U0STU1";
      case persona::alum: return "U0ANA01";
      case persona::mentor: return "U0LEE01";
      case persona::staff: return "U0STAFF1";
      case persona::unknown: return "U0NEWBIE";
      case persona::deactivated: return "U0GONE1";
    }
    return {};
  }

};

app::request request_for(const app::rule& r, const std::string& user) {
  switch (r.on) {
    case app::surface::command: return testing::command_request(user, std::string(r.id));
    case app::surface::button: return testing::click_request(user, std::string(r.id), "1");
    case app::surface::form: return testing::submit_request(user, std::string(r.id), {}, "1");
    case app::surface::home:
    case app::surface::job: break;  // a job is not a request (job_policy_test.cpp runs them)
  }
  return app::home_opened{user, ""};
}

const std::string internal_error = reply_text(app::internal_error_reply());
const std::string switched_off = "switched off";

// What the router answers someone outside the rule's audience: the refusal, and nothing else.
// (A newcomer's reply also carries the welcome line, which is not the handler's doing.)
bool is_refusal(const app::rule& r, const app::outcome& o, const std::string& user) {
  const std::string refusal = app::refusal_for(r).plain_string() + "\n";
  std::vector<const app::effect*> effects;
  for (const auto& e : o.effects) effects.push_back(&e);
  switch (r.on) {
    case app::surface::command:
    case app::surface::button: return effects.empty() && reply_text(o).starts_with(refusal);
    case app::surface::form:
      return std::holds_alternative<app::ack_empty>(o.acknowledgement) && effects.size() == 1 &&
             std::get<app::post_message>(*effects[0]).channel == user && all_text(o) == refusal;
    case app::surface::home: return effects.empty();
    case app::surface::job: break;
  }
  return false;
}

}  // namespace

TEST_CASE("every entry of the policy table has a handler, and every handler an entry", "[policy]") {
  world f;
  std::size_t commands = 0, buttons = 0, forms = 0, jobs = 0;
  const auto action_ids = f.router.action_ids();
  const auto view_ids = f.router.view_ids();
  for (const auto& r : app::policy_table()) {
    INFO(app::to_string(r.on) << " " << r.id);
    switch (r.on) {
      case app::surface::command: CHECK(f.router.find_command(r.id) != nullptr); ++commands; break;
      case app::surface::button: CHECK(std::ranges::count(action_ids, r.id) == 1); ++buttons; break;
      case app::surface::form: CHECK(std::ranges::count(view_ids, r.id) == 1); ++forms; break;
      case app::surface::home: CHECK(f.router.has_home()); break;
      case app::surface::job: CHECK(std::ranges::count(features::scheduled_jobs(), r.id) == 1); ++jobs; break;
    }
  }
  CHECK(jobs == features::scheduled_jobs().size());
  CHECK(commands == f.router.commands().size());
  CHECK(buttons == action_ids.size());
  CHECK(forms == view_ids.size());
  // A handler nobody gave an audience cannot be registered.
  CHECK_THROWS_WITH(f.router.action("made.up", [](const app::action_call&) { return app::outcome{}; }),
                    Catch::Contains("no entry in the policy table"));
  CHECK_THROWS_WITH(f.router.view("made.up", [](const app::submission_call&) { return app::outcome{}; }),
                    Catch::Contains("no entry in the policy table"));
}

TEST_CASE("every command, button, form and the Home tab, run by every kind of person", "[policy][matrix]") {
  std::size_t cells = 0, refused = 0, requests = 0;
  for (const auto& r : app::policy_table()) {
    if (r.on == app::surface::job) continue;  // job_policy_test.cpp
    ++requests;
    for (const persona p : personas) {
      world f;
      const std::string user = world::id_of(p);
      INFO(app::to_string(r.on) << " '" << r.id << "' (for " << app::to_string(r.who) << ") by a " << name_of(p));
      // A newcomer's directory row is written before any policy is checked; everything else must stay.
      const std::string_view untouched_except = p == persona::unknown ? "people" : "";
      const std::string before = f.snapshot(untouched_except);
      const app::outcome o = f.router.handle(request_for(r, user));
      ++cells;
      CHECK(reply_text(o) != internal_error);
      if (admitted(r.who, p)) {
        CHECK_FALSE(is_refusal(r, o, user));
        CHECK_THAT(reply_text(o), !Catch::Contains(switched_off));
        if (r.on == app::surface::home)
          CHECK(std::ranges::any_of(o.effects, [](const app::effect& e) { return std::holds_alternative<app::publish_home>(e); }));
      } else {
        ++refused;
        if (p == persona::deactivated) {
          CHECK(o.effects.empty());
          if (r.on != app::surface::home) CHECK_THAT(reply_text(o), Catch::Contains(switched_off));
        } else {
          CHECK(is_refusal(r, o, user));
        }
        CHECK(f.snapshot(untouched_except) == before);
      }
    }
  }
  // The table's size and the matrix's, for the record.
  INFO(app::policy_table().size() << " entries, " << cells << " cells, " << refused << " refused");
  CHECK(cells == requests * personas.size());
  CHECK(refused > 0);
}

namespace {

// Records of someone else's to forge with, made the way the features make them.
struct forge_world : world {
  std::string devon_contact, buddy_link, intro_id, group_id;

  forge_world() {
    auto t = svc.tracker();
    core::contact c;
    c.name = "Jamie Flores";
    c.warmth = core::warmth::warm;
    const auto devons = std::get<core::contact>(t.add(who("U0STU2").id, c)).id;
    REQUIRE(std::holds_alternative<core::contact>(t.log(who("U0STU2").id, devons, core::stage::messaged)));  // something to undo
    devon_contact = std::to_string(devons);
    buddy_link = std::to_string(std::get<core::buddy_link>(t.ask_buddy(who("U0STU2").id, who("U0STU3").id)).id);
    intro_id = std::to_string(std::get<core::intro_request>(svc.intro_desk().request(who("U0STU1"), who("U0ANA01"),
                                                                                     "Hi Ana, I'm Maya, a Turing student. "
                                                                                     "Would you be open to a short call?"))
                                  .id);
    const auto preview = command("U0STAFF1", "admin mixitup preview --seed 1");
    const auto& buttons = std::get<app::actions>(std::get<app::reply_after_ack>(preview.acknowledgement).reply.blocks.at(
                                                     std::get<app::reply_after_ack>(preview.acknowledgement).reply.blocks.size() - 2))
                              .buttons;
    REQUIRE(buttons.at(0).action_id == "mixitup.post");
    REQUIRE_THAT(reply_text(command("U0STAFF1", "admin mixitup post --preview " + buttons[0].value)), Catch::Contains("Posted Mix It Up round 1"));
    group_id = std::to_string(rounds.recent_rounds(1).at(0).groups.at(0).id);
  }
};

// One forgery: someone the surface's audience admits presses a button, or submits a form, naming a record
// that is not theirs to act on. `surface` is the policy entry ("button tracker.advance"); the value or the
// form's metadata is that record's id with `suffix`.
struct forgery {
  std::string_view surface;
  const char* by;
  std::string forge_world::*record;
  std::string_view suffix;
  std::map<std::string, std::string> values;  // a form's fields
  std::string_view says;                      // what the refusal says (a part of it)

  [[nodiscard]] app::request request(const forge_world& w) const {
    const std::string value = w.*record + std::string(suffix);
    const auto space = surface.find(' ');
    const std::string id(surface.substr(space + 1));
    if (surface.starts_with("form ")) return testing::submit_request(by, id, values, value);
    return testing::click_request(by, id, value);
  }
};

// One way (or more) to forge each bound button and form. A new bound surface without a row here fails the test.
const std::vector<forgery>& forgeries() {
  using w = forge_world;
  static const std::vector<forgery> all{
      // Maya, with Devon's contact.
      {"button tracker.advance", "U0STU1", &w::devon_contact, "", {}, "no contact #"},
      {"button tracker.note", "U0STU1", &w::devon_contact, "", {}, "no contact #"},
      {"button tracker.takeaway", "U0STU1", &w::devon_contact, "", {}, "no contact #"},
      {"button tracker.open", "U0STU1", &w::devon_contact, "", {}, "no contact #"},
      {"button tracker.edit", "U0STU1", &w::devon_contact, "", {}, "no contact #"},
      {"button tracker.delete", "U0STU1", &w::devon_contact, "", {}, "no contact #"},
      {"button tracker.delete_confirm", "U0STU1", &w::devon_contact, "", {}, "no contact #"},
      {"button tracker.undo", "U0STU1", &w::devon_contact, "", {}, "no contact #"},
      {"form tracker.edit", "U0STU1", &w::devon_contact, "", {{"name", "Mine Now"}, {"warmth", "cold"}, {"list", "new"}}, "no contact #"},
      {"form tracker.note", "U0STU1", &w::devon_contact, "", {{"text", "mine now"}}, "no contact #"},
      {"form tracker.takeaway", "U0STU1", &w::devon_contact, "", {{"text", "mine now"}}, "no contact #"},
      // Devon asked Sam: neither Maya nor Devon himself may answer for Sam.
      {"button buddy.accept", "U0STU1", &w::buddy_link, "", {}, "not for you"},
      {"button buddy.accept", "U0STU2", &w::buddy_link, "", {}, "not for you"},
      {"button buddy.decline", "U0STU1", &w::buddy_link, "", {}, "not for you"},
      // Maya asked Ana: Ben, another alum, may not answer for her.
      {"button intro.accept", "U0BEN01", &w::intro_id, "", {}, "not for you"},
      {"button intro.decline", "U0BEN01", &w::intro_id, "", {}, "not for you"},
      // Olu opted out and is in no group.
      {"button mixitup.vote", "U0OUT01", &w::group_id, "|0", {}, "for the members of group"},
      {"button mixitup.met", "U0OUT01", &w::group_id, "", {}, "for the members of group"},
      {"button mixitup.missed", "U0OUT01", &w::group_id, "", {}, "for the members of group"},
      {"form mixitup.checkin", "U0OUT01", &w::group_id, "", {{"topic", "x"}, {"confidence", "4"}}, "not for a group you were in"},
  };
  return all;
}

std::string refusal_words(const app::outcome& o) {
  std::string out = all_text(o);
  if (const auto* e = std::get_if<app::ack_errors>(&o.acknowledgement))
    for (const auto& [field, text] : e->errors) out += field + ": " + text + "\n";
  return out;
}

}  // namespace

TEST_CASE("a forged button value or form naming someone else's record is refused and changes nothing", "[policy][forged]") {
  std::set<std::string> bound, forged;
  for (const auto& f : forgeries()) forged.insert(std::string(f.surface));
  for (const auto& r : app::policy_table()) {
    if (r.bound == app::binding::none) continue;
    const std::string key = std::string(app::to_string(r.on)) + " " + std::string(r.id);
    INFO(key << " is bound to its " << (r.bound == app::binding::own_record ? "owner" : r.bound == app::binding::addressee ? "addressee" : "members"));
    CHECK(forged.contains(key));  // add a forgery for every bound surface
    bound.insert(key);
  }
  CHECK(bound == forged);  // and none for a surface that is not bound
  for (const auto& f : forgeries()) {
    INFO(f.surface << " by " << f.by);
    forge_world w;
    const auto request = f.request(w);
    const std::string before = w.snapshot();
    const auto o = w.router.handle(request);
    CHECK_THAT(refusal_words(o), Catch::Contains(std::string(f.says)));
    CHECK(reply_text(o) != internal_error);
    // Nobody else hears of it, and nothing is written.
    for (const auto& e : o.effects)
      if (const auto* p = std::get_if<app::post_message>(&e)) CHECK(p->channel == app::user_of(request));
    CHECK(w.snapshot() == before);
  }
}

TEST_CASE("a form is accepted only from the person it was opened for", "[policy][forged]") {
  for (const auto& r : app::policy_table()) {
    if (r.on != app::surface::form) continue;
    INFO("form " << r.id);
    for (const char* opened_for : {"U0STU2", ""}) {  // someone else's, and unmarked
      world f;
      app::view_submission v;
      v.user_id = "U0STAFF1";  // staff: no audience would refuse them
      v.opened_for = opened_for;
      v.callback_id = std::string(r.id);
      v.private_metadata = "1";
      v.values = {{"text", "hello"}, {"note", "hello"}, {"message", "hello"}};
      const std::string before = f.snapshot();
      const auto o = f.router.handle(v);
      REQUIRE(o.effects.size() == 1);
      CHECK(std::get<app::post_message>(o.effects[0]).channel == "U0STAFF1");
      CHECK_THAT(all_text(o), Catch::Contains("That form was not opened for you") && Catch::Contains("nothing was saved"));
      CHECK(f.snapshot() == before);
    }
  }
  // The mark survives the trip through Slack: what Block Kit writes, the envelope parser reads back.
  CHECK(app::unstamp_metadata(app::stamp_metadata("U0STU1", "12|a:b")) == std::pair<std::string, std::string>{"U0STU1", "12|a:b"});
  CHECK(app::unstamp_metadata("12|a:b") == std::pair<std::string, std::string>{"", "12|a:b"});
}

TEST_CASE("modals are marked with whom they were opened for", "[policy]") {
  world f;
  const auto o = f.command("U0STU1", "add");
  REQUIRE(o.effects.size() == 1);
  CHECK(std::get<app::open_modal>(o.effects[0]).view.opened_for == "U0STU1");
}

TEST_CASE("only the owner may share their progress; anyone else's share posts nothing", "[policy][share]") {
  world f;
  auto t = f.svc.tracker();
  const auto asked = t.ask_buddy(f.who("U0STU1").id, f.who("U0STU2").id);
  REQUIRE(std::holds_alternative<core::buddy_link>(asked));
  REQUIRE(std::holds_alternative<core::buddy_link>(t.answer_buddy(f.who("U0STU2").id, std::get<core::buddy_link>(asked).id, true)));

  const auto own = f.command("U0STU1", "progress share");
  CHECK_FALSE(std::get<app::reply_after_ack>(own.acknowledgement).reply.ephemeral);
  // The buddy and staff may read Maya's progress, but not post it.
  for (const char* reader : {"U0STU2", "U0STAFF1"}) {
    INFO(reader);
    const auto shared = f.command(reader, "progress @maya share");
    const auto& reply = std::get<app::reply_after_ack>(shared.acknowledgement).reply;
    CHECK(reply.ephemeral);
    CHECK(shared.effects.empty());
    CHECK_THAT(reply_text(shared), Catch::Contains("Only maya Person can share their progress") ||
                                       Catch::Contains("Only maya Student can share their progress"));
    // Reading it privately still works.
    CHECK(std::get<app::reply_after_ack>(f.command(reader, "progress @maya").acknowledgement).reply.ephemeral);
  }
  // The question banks are nobody's: shareable by anyone; a typo is answered privately.
  CHECK_FALSE(std::get<app::reply_after_ack>(f.command("U0STU2", "questions alum share").acknowledgement).reply.ephemeral);
  CHECK(std::get<app::reply_after_ack>(f.command("U0STU2", "questions alm share").acknowledgement).reply.ephemeral);
  CHECK(std::get<app::reply_after_ack>(f.command("U0STU2", "questions alum").acknowledgement).reply.ephemeral);
}

namespace {

// Transactions that fail right after a handler's own inner transaction commits: the handler has
// written, and then it throws. Only the router's savepoint around the request can undo it.
class failing_after_write final : public core::transactions {
 public:
  explicit failing_after_write(core::transactions& real) : real_(real) {}
  bool armed = false;
  int failures = 0;

  std::unique_ptr<core::transaction> begin() override {
    return std::make_unique<tx>(*this, real_.begin(), depth_++);
  }

 private:
  class tx final : public core::transaction {
   public:
    tx(failing_after_write& owner, std::unique_ptr<core::transaction> real, int depth)
        : owner_(owner), real_(std::move(real)), depth_(depth) {}
    ~tx() override { --owner_.depth_; }
    tx(const tx&) = delete;
    tx& operator=(const tx&) = delete;
    void commit() override {
      real_->commit();
      // Depth 0 is the router's own transaction; anything deeper is a handler's write.
      if (owner_.armed && depth_ > 0) {
        ++owner_.failures;
        throw std::runtime_error("injected failure after a write");
      }
    }

   private:
    failing_after_write& owner_;
    std::unique_ptr<core::transaction> real_;
    int depth_;
  };

  core::transactions& real_;
  int depth_ = 0;
};

struct failing_world : world {
  failing_after_write failing{db};
  app::services failing_svc{settings, content, people, clock, contacts, goals, corrections, buddies, nudges, home_visits, failing, intros, reflections, job_ledger, rounds, privacy, confirmations};
  app::router failing_router{failing_svc};
  failing_world() { features::register_all(failing_router); }
};

}  // namespace

TEST_CASE("a request that fails after writing leaves no write behind: a command, a button and a form", "[policy][savepoint]") {
  failing_world f;
  auto t = f.svc.tracker();
  core::contact c;
  c.name = "Jamie Flores";
  c.warmth = core::warmth::warm;
  const auto id = std::get<core::contact>(t.add(f.who("U0STU1").id, c)).id;
  const std::string before = f.snapshot();
  f.failing.armed = true;

  const std::vector<app::request> requests{
      testing::command_request("U0STU1", "log Jamie met"),
      testing::click_request("U0STU1", "tracker.advance", std::to_string(id)),
      testing::submit_request("U0STU1", "tracker.takeaway", {{"text", "write the README first"}}, std::to_string(id))};
  for (const app::request& r : requests) {
    const int failures = f.failing.failures;
    const auto o = f.failing_router.handle(r);
    CHECK(f.failing.failures == failures + 1);  // the handler did write, and then failed
    CHECK(reply_text(o) == internal_error);
    CHECK(o.effects.empty());
    CHECK(f.snapshot() == before);
  }
}
