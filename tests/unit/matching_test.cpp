// Matching: the score and its reasons, who may be suggested (consent and capacity), load spreading,
// and the mentor assignment against a brute-force optimum.

#include <catch2/catch.hpp>
#include <functional>
#include <map>

#include "core/clock.hpp"
#include "core/matching.hpp"

using namespace networkbot;
using namespace networkbot::core;

namespace {

const zone_offset offsets = [](std::string_view zone) -> std::optional<int> {
  static const std::map<std::string, int, std::less<>> known{
      {"America/Denver", -420}, {"America/Chicago", -360}, {"America/New_York", -300}, {"Europe/Paris", 60}};
  auto it = known.find(zone);
  return it == known.end() ? std::nullopt : std::optional<int>(it->second);
};

person student() {
  person p;
  p.id = 1;
  p.slack_id = "U0STU1";
  p.display_name = "Maya";
  p.roles = {role::student};
  p.program = "BE";
  p.module = 2;
  p.background = "teaching";
  p.interests = {"ruby", "sql", "react"};
  p.target_companies = {"Redfin Labs"};
  p.time_zone = "America/Denver";
  return p;
}

person alum(person_id id, std::string name, std::string company, int chats = 3) {
  person p;
  p.id = id;
  p.slack_id = "U0ALUM" + std::to_string(id);
  p.handle = name;
  p.display_name = std::move(name);
  p.roles = {role::alum};
  p.company = std::move(company);
  p.open_to_chats = {true, chats};
  return p;
}

candidate_load no_load(const person&) { return {}; }

}  // namespace

TEST_CASE("the score adds each named weight, and the reasons say why in order of weight", "[matching]") {
  auto ana = alum(10, "Ana", "Redfin Labs");
  ana.background = "Teaching";
  ana.interests = {"Ruby", "sql", "go"};
  ana.program = "BE";
  ana.time_zone = "America/Chicago";
  const match_weights w;
  const auto m = score(student(), ana, candidate_load{1, 0}, w, offsets);
  CHECK(m.score == Approx(5 + 3 + 2 * 1 + 1 + 1 + 0.5 * 2));
  CHECK(m.why ==
        "works at Redfin Labs, a company you target \xC2\xB7 also came to tech from Teaching \xC2\xB7 shares ruby, sql \xC2\xB7 "
        "was in BE like you \xC2\xB7 a nearby time zone");
  // Each weight is named and tunable: zero one and its reason's points go.
  match_weights no_company = w;
  no_company.target_company = 0;
  CHECK(score(student(), ana, candidate_load{1, 0}, no_company, offsets).score == Approx(m.score - 5));
  // Far away, nothing shared: still a reason to show.
  auto far = alum(11, "Far", "Elsewhere");
  far.time_zone = "Europe/Paris";
  CHECK(score(student(), far, {}, w, offsets).why == "open to chats with students");
}

TEST_CASE("nobody who has not opted in, is deactivated or is at capacity is ever suggested", "[matching][consent]") {
  std::vector<person> people{alum(10, "Ana", "Redfin Labs"), alum(11, "Ben", "Redfin Labs"), alum(12, "Cy", "Redfin Labs"),
                             alum(13, "Di", "Redfin Labs", 2), alum(14, "Ed", "Redfin Labs")};
  people[1].open_to_chats.on = false;  // never opted in
  people[2].active = false;            // removed from Slack
  people[4].roles = {role::student};   // a student is not suggested to students
  people[4].open_to_chats.on = true;
  auto me = student();
  me.open_to_chats = {true, 5};
  people.push_back(me);  // never oneself
  const auto load = [](const person& p) { return p.id == 13 ? candidate_load{2, 0} : candidate_load{}; };  // Di is full
  const auto got = rank(me, people, {}, load, {}, offsets);
  REQUIRE(got.size() == 1);
  CHECK(got[0].candidate.display_name == "Ana");
  CHECK(rank(me, people, {"@ben"}, load, {}, offsets).empty());
  CHECK(rank(me, people, {"redfin"}, load, {}, offsets).size() == 1);
}

TEST_CASE("find matches a company, a topic or a person; load spreads suggestions", "[matching]") {
  auto ana = alum(10, "Ana", "Redfin Labs");
  ana.interests = {"graphql"};
  auto bo = alum(11, "Bo", "Summit Outdoors");
  bo.background = "military";
  bo.title = "Data Engineer";
  const std::vector<person> people{ana, bo};
  CHECK(rank(student(), people, {"summit"}, no_load, {}, offsets).front().candidate.display_name == "Bo");
  CHECK(rank(student(), people, {"GraphQL"}, no_load, {}, offsets).front().candidate.display_name == "Ana");
  CHECK(rank(student(), people, {"military"}, no_load, {}, offsets).front().candidate.display_name == "Bo");
  CHECK(rank(student(), people, {"data engineer"}, no_load, {}, offsets).size() == 1);
  CHECK(rank(student(), people, {"@ana"}, no_load, {}, offsets).size() == 1);
  CHECK(rank(student(), people, {"kotlin"}, no_load, {}, offsets).empty());

  // Two equally useful alumni: the one with requests waiting ranks lower.
  auto c1 = alum(20, "Cam", "Acme");
  auto c2 = alum(21, "Dee", "Acme");
  const auto busy = [](const person& p) { return p.id == 20 ? candidate_load{0, 2} : candidate_load{}; };
  const auto ranked = rank(student(), {c1, c2}, {}, busy, {}, offsets);
  CHECK(ranked[0].candidate.display_name == "Dee");
  CHECK(ranked[1].score < ranked[0].score);
}

namespace {

// The best (placed, value) over every assignment, by exhaustion.
std::pair<std::size_t, std::int64_t> brute_force(const std::vector<person>& students, const std::vector<person>& mentors,
                                                 const match_weights& w) {
  std::vector<int> room;
  for (const auto& m : mentors) room.push_back(m.available_to_mentor.on && m.active ? m.available_to_mentor.capacity : 0);
  std::pair<std::size_t, std::int64_t> best{0, 0};
  std::function<void(std::size_t, std::size_t, std::int64_t)> go = [&](std::size_t i, std::size_t placed, std::int64_t value) {
    if (i == students.size()) {
      best = std::max(best, std::pair{placed, value});
      return;
    }
    go(i + 1, placed, value);  // unplaced
    for (std::size_t j = 0; j < mentors.size(); ++j) {
      if (room[j] == 0) continue;
      --room[j];
      go(i + 1, placed + 1, value + std::llround(pair_value(students[i], mentors[j], w, offsets).score * 1000));
      ++room[j];
    }
  };
  go(0, 0, 0);
  return best;
}

}  // namespace

TEST_CASE("the mentor assignment equals the brute-force optimum on small cases", "[matching][assignment]") {
  random_source rng(2026);
  const std::vector<std::string> backgrounds{"teaching", "military", "nursing", "retail"};
  const std::vector<std::string> tags{"ruby", "sql", "react", "go", "css"};
  const std::vector<std::string> zones{"America/Denver", "America/New_York", "Europe/Paris"};
  const match_weights w;
  for (int round = 0; round < 300; ++round) {
    std::vector<person> students, mentors;
    const auto n = 1 + rng.below(6);
    const auto m = 1 + rng.below(3);
    for (std::size_t i = 0; i < n; ++i) {
      person s;
      s.id = static_cast<person_id>(i + 1);
      s.roles = {role::student};
      s.program = rng.below(2) == 0 ? "FE" : "BE";
      s.background = backgrounds[rng.below(backgrounds.size())];
      s.interests = {tags[rng.below(tags.size())], tags[rng.below(tags.size())]};
      s.time_zone = zones[rng.below(zones.size())];
      if (rng.below(3) == 0) s.target_companies = {"Acme"};
      students.push_back(s);
    }
    for (std::size_t j = 0; j < m; ++j) {
      person p;
      p.id = static_cast<person_id>(100 + j);
      p.roles = {role::mentor};
      p.available_to_mentor = {rng.below(5) != 0, static_cast<int>(rng.below(3))};
      p.company = rng.below(2) == 0 ? "Acme" : "Other";
      p.program = rng.below(2) == 0 ? "FE" : "BE";
      p.background = backgrounds[rng.below(backgrounds.size())];
      p.interests = {tags[rng.below(tags.size())]};
      p.time_zone = zones[rng.below(zones.size())];
      mentors.push_back(p);
    }
    const auto got = assign_mentors(students, mentors, nullptr, false, w, offsets);
    std::int64_t value = 0;
    std::map<person_id, int> load;
    for (const auto& pair : got.pairs) {
      value += std::llround(pair.score * 1000);
      ++load[pair.mentor];
    }
    for (const auto& mentor : mentors) CHECK(load[mentor.id] <= (mentor.available_to_mentor.on ? mentor.available_to_mentor.capacity : 0));
    CHECK(got.pairs.size() + got.unassigned.size() == students.size());
    const auto best = brute_force(students, mentors, w);
    INFO("round " << round);
    CHECK(got.pairs.size() == best.first);
    CHECK(value == best.second);
  }
}

TEST_CASE("existing pairs are kept unless reassigning, and their places count against capacity", "[matching][assignment]") {
  auto kim = student();
  kim.id = 1;
  kim.mentor = 100;
  auto lou = student();
  lou.id = 2;
  person lee;
  lee.id = 100;
  lee.roles = {role::mentor};
  lee.available_to_mentor = {true, 1};
  lee.program = "BE";
  const auto current = [](const person& m) { return m.id == 100 ? 1 : 0; };
  const auto kept = assign_mentors({kim, lou}, {lee}, current, false, {}, offsets);
  REQUIRE(kept.pairs.size() == 1);
  CHECK(kept.pairs[0].kept);
  CHECK(kept.unassigned == std::vector<person_id>{2});  // Lee is full with Kim
  const auto again = assign_mentors({kim, lou}, {lee}, current, true, {}, offsets);
  REQUIRE(again.pairs.size() == 1);
  CHECK_FALSE(again.pairs[0].kept);
  CHECK(again.unassigned.size() == 1);
}

TEST_CASE("the prepared index ranks with exactly the score and reasons of score()", "[matching]") {
  random_source rng(7);
  const std::vector<std::string> backgrounds{"teaching", "Military", "nursing"};
  const std::vector<std::string> tags{"Ruby", "sql", "react", "go"};
  std::vector<person> people;
  for (int i = 0; i < 40; ++i) {
    auto p = alum(100 + i, "P" + std::to_string(i), i % 3 == 0 ? "Redfin Labs" : "Acme");
    p.background = backgrounds[rng.below(backgrounds.size())];
    p.interests = {tags[rng.below(tags.size())], tags[rng.below(tags.size())]};
    p.program = i % 2 == 0 ? "BE" : "FE";
    p.time_zone = i % 4 == 0 ? "Europe/Paris" : "America/Chicago";
    people.push_back(p);
  }
  const auto load = [](const person& p) { return candidate_load{static_cast<int>(p.id % 2), static_cast<int>(p.id % 3)}; };
  const match_index index(people, offsets);
  const auto ranked = index.rank(student(), {}, load, {}, 10);
  REQUIRE(ranked.size() > 10);
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    const auto full = score(student(), ranked[i].candidate, load(ranked[i].candidate), {}, offsets);
    CHECK(ranked[i].score == Approx(full.score));
    if (i < 10) CHECK(ranked[i].why == full.why);
    else CHECK(ranked[i].why.empty());  // reasons only for what is shown
    if (i > 0) CHECK(ranked[i - 1].score >= ranked[i].score);
  }
}
