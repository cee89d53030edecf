// Introductions with consent, on real SQLite files: who may be asked, what Accept and Not now do,
// capacity under simultaneous answers, "stop suggesting me", and expiry.

#include <catch2/catch.hpp>
#include <thread>

#include "core/intros.hpp"
#include "core/store/sqlite_intro_store.hpp"
#include "results.hpp"
#include "store_world.hpp"

using namespace networkbot;
using networkbot::testing::ok;
using networkbot::testing::refused;
using namespace std::chrono_literals;

namespace {

struct intro_world : testing::store_world {
  store::sqlite_intro_store intros{db};
  core::intro_desk desk{intros, people, contacts, corrections, db, clock};
  core::person maya, devon, ana, marcus, lee;
  intro_world() {
    load_sample_people();
    maya = person("@maya");
    devon = person("@dev");
    ana = person("@ana");        // open to chats, 3 a month
    marcus = person("@marcus");  // open to chats, 2 a month
    lee = person("@lee");        // a mentor who has not opted in to chats
  }
};


}  // namespace

TEST_CASE("only someone open to chats, with room this month, can be asked", "[intros][consent]") {
  intro_world w;
  CHECK_THAT(refused(w.desk.request(w.maya, w.lee, "Hi Lee")), Catch::Contains("isn't taking new chats"));
  auto gone = w.ana;
  gone.active = false;
  CHECK_THAT(refused(w.desk.request(w.maya, gone, "Hi")), Catch::Contains("isn't taking new chats"));
  CHECK_THAT(refused(w.desk.request(w.maya, w.maya, "Hi me")), Catch::Contains("isn't taking new chats"));
  CHECK_THAT(refused(w.desk.request(w.maya, w.ana, "   ")), Catch::Contains("short note"));
  const auto r = ok(w.desk.request(w.maya, w.ana, "Hi Ana, I'm Maya."));
  CHECK(r.state == core::intro_state::pending);
  CHECK(r.expires_at == w.clock.now() + std::chrono::hours{24 * 14});
  CHECK_THAT(refused(w.desk.request(w.maya, w.ana, "again")), Catch::Contains("already asked"));
  CHECK(w.desk.load_of(w.ana.id).pending == 1);
}

TEST_CASE("Accept counts against the month and puts the alum in the student's tracker; Not now shares nothing", "[intros]") {
  intro_world w;
  const auto r = ok(w.desk.request(w.maya, w.marcus, "Hi Marcus"));
  const auto d = ok(w.desk.request(w.devon, w.marcus, "Hi Marcus, Devon here"));
  CHECK_THAT(refused(w.desk.accept(w.ana.id, r.id)), Catch::Contains("not for you"));
  ok(w.desk.accept(w.marcus.id, r.id));
  CHECK(w.desk.load_of(w.marcus.id).accepted_this_month == 1);
  auto contact = w.contacts.find_contact_named(w.maya.id, "Marcus Hale", "Brightline Health");
  // Maya's sample tracker already had Marcus: the same contact moves on, no duplicate.
  REQUIRE(contact);
  CHECK(contact->stage >= core::stage::messaged);
  CHECK(w.contacts.contacts_of(w.maya.id).size() == 1);

  const std::string before = w.db.logical_dump();
  ok(w.desk.decline(w.marcus.id, d.id));
  CHECK(w.contacts.contacts_of(w.devon.id).empty());
  CHECK_THAT(refused(w.desk.accept(w.marcus.id, d.id)), Catch::Contains("already answered"));
  CHECK(w.db.logical_dump() != before);  // the request is closed, and only that
}

TEST_CASE("capacity is never exceeded, even when two accepts arrive at the same moment", "[intros][capacity]") {
  intro_world w;
  auto small = w.marcus;
  small.open_to_chats.capacity = 1;
  w.people.upsert(small);
  const auto a = ok(w.desk.request(w.maya, small, "Hi from Maya"));
  const auto b = ok(w.desk.request(w.devon, small, "Hi from Devon"));

  // Two connections to the same file, as two processes (or two bots) would have; both accept at once.
  store::database db1(w.dir.file("networkbot.db")), db2(w.dir.file("networkbot.db"));
  store::sqlite_people_directory p1(db1), p2(db2);
  store::sqlite_contact_store c1(db1), c2(db2);
  store::sqlite_correction_store k1(db1), k2(db2);
  store::sqlite_intro_store i1(db1), i2(db2);
  core::intro_desk desk1(i1, p1, c1, k1, db1, w.clock), desk2(i2, p2, c2, k2, db2, w.clock);
  std::atomic<int> accepted{0}, full{0};
  auto answer = [&](core::intro_desk& desk, std::int64_t id) {
    auto r = desk.accept(small.id, id);
    if (std::holds_alternative<core::intro_request>(r)) ++accepted;
    else if (std::get<core::refusal>(r).message.find("chats you offer this month") != std::string::npos) ++full;
  };
  std::thread one([&] { answer(desk1, a.id); });
  std::thread two([&] { answer(desk2, b.id); });
  one.join();
  two.join();
  CHECK(accepted == 1);
  CHECK(full == 1);
  CHECK(w.intros.accepted_since(small.id, core::month_start(w.clock.now())) == 1);
  // Full this month: no longer suggested, and a new ask is refused; next month there is room again.
  CHECK_FALSE(core::open_for_chats(small, w.desk.load_of(small.id), w.maya.id));
  CHECK_THAT(refused(w.desk.request(w.person("@priya"), small, "Hi")), Catch::Contains("isn't taking new chats"));
  w.clock.set(core::time_point{core::date{std::chrono::year{2026} / 12 / 1}});
  CHECK(core::open_for_chats(small, w.desk.load_of(small.id), w.maya.id));
}

TEST_CASE("stop suggesting me: consent off, waiting requests closed", "[intros][consent]") {
  intro_world w;
  ok(w.desk.request(w.maya, w.ana, "Hi Ana"));
  ok(w.desk.request(w.devon, w.ana, "Hi Ana, Devon"));
  const auto closed = ok(w.desk.stop_suggesting(w.ana.id));
  CHECK(closed.size() == 2);
  const auto ana = w.person("@ana");
  CHECK_FALSE(ana.open_to_chats.on);
  CHECK(w.desk.load_of(ana.id).pending == 0);
  CHECK(core::rank(w.maya, w.people.all(), {}, [&](const core::person& p) { return w.desk.load_of(p.id); }, {}, nullptr)
            .size() == 1);  // only Marcus is left
}

TEST_CASE("a request not answered in time expires, and is closed when touched", "[intros]") {
  intro_world w;
  const auto r = ok(w.desk.request(w.maya, w.ana, "Hi Ana"));
  w.clock.advance(24h * 15);
  CHECK_THAT(refused(w.desk.accept(w.ana.id, r.id)), Catch::Contains("expired"));
  CHECK(w.intros.find_intro(r.id)->state == core::intro_state::expired);
  ok(w.desk.request(w.maya, w.marcus, "Hi Marcus"));
  w.clock.advance(24h * 15);
  CHECK(w.desk.expire_due().size() == 1);
  CHECK(w.intros.pending_from(w.maya.id).empty());
}
