// `networkbot import people` on real SQLite files: upserts by Slack id or email, partial files, dry
// runs, mentors, the export→import round trip, and every way a file can be refused without a single
// row written.

#include <catch2/catch.hpp>

#include "store_world.hpp"

using namespace networkbot;
using networkbot::testing::store_world;

namespace {

core::import_summary imported(store_world& w, std::string_view csv, bool dry_run = false) {
  auto result = core::import_people(csv, core::roster_rules{}, w.people, w.db, dry_run);
  if (auto* errors = std::get_if<std::vector<core::csv::error>>(&result)) {
    for (const auto& e : *errors) UNSCOPED_INFO(e.line << ":" << e.column << ": " << e.reason);
    FAIL("the import was refused");
  }
  return std::get<core::import_summary>(result);
}

std::vector<core::csv::error> refused(store_world& w, std::string_view csv) {
  auto result = core::import_people(csv, core::roster_rules{}, w.people, w.db, false);
  REQUIRE(std::holds_alternative<std::vector<core::csv::error>>(result));
  return std::get<std::vector<core::csv::error>>(result);
}

}  // namespace

TEST_CASE("people import adds, then finds everyone unchanged, and export then import is an identity", "[import][people]") {
  store_world w;
  const auto sample = testing::read_text(std::string(NETWORKBOT_CONFIG_DIR) + "/sample/people.csv");
  const auto first = imported(w, sample);
  CHECK(first.added == 9);
  CHECK(first.changed == 0);
  const auto maya = w.person("U0SAMP0001");
  CHECK(maya.target_companies == std::vector<std::string>{"Redfin Labs", "Summit Outdoors"});
  CHECK(w.people.find(maya.mentor)->slack_id == "U0SAMP0007");
  CHECK(w.person("@marcus").available_to_mentor == core::consent{true, 3});
  CHECK(w.person("@ana").open_to_chats == core::consent{true, 3});
  CHECK_FALSE(w.person("@lee").open_to_chats.on);  // off unless the file turns it on
  CHECK(w.person("@sam").mixitup == core::mixitup_status::snoozed);
  CHECK(core::format_date(*w.person("@sam").snoozed_until) == "2026-12-07");

  const std::string before = w.db.logical_dump();
  const auto again = imported(w, sample);
  CHECK(again.added == 0);
  CHECK(again.changed == 0);
  CHECK(again.unchanged == 9);
  CHECK(w.db.logical_dump() == before);

  const std::string exported = core::export_people_csv(w.people);
  store_world fresh;
  CHECK(imported(fresh, exported).added == 9);
  CHECK(core::export_people_csv(fresh.people) == exported);
  // And the exported file, imported over the data it came from, changes nothing.
  CHECK(imported(w, exported).unchanged == 9);
  CHECK(w.db.logical_dump() == before);
}

TEST_CASE("a person imported by email alone is matched later by email and gets their Slack id", "[import][people]") {
  store_world w;
  imported(w, "email,display_name,roles\nkim@example.org,Kim Ng,mentor\n");
  const auto kim = w.person("kim@example.org");
  CHECK(kim.slack_id.empty());
  const auto second = imported(w, "slack_id,email,company\nU0KIM0001,KIM@example.org,Acme\n");
  CHECK(second.added == 0);
  CHECK(second.changed == 1);
  const auto after = w.person("U0KIM0001");
  CHECK(after.id == kim.id);
  CHECK(after.company == "Acme");
  CHECK(after.display_name == "Kim Ng");  // a column the file leaves out is kept
  CHECK(after.is(core::role::mentor));
}

TEST_CASE("a partial file changes only its columns", "[import][people]") {
  store_world w;
  w.load_sample_people();
  const auto maya = w.person("@maya");
  const auto s = imported(w, "slack_id,module,open_to_chats\nU0SAMP0001,3,\nU0SAMP0002,2,\n");
  CHECK(s.changed == 1);
  CHECK(s.unchanged == 1);
  auto after = w.person("@maya");
  CHECK(after.module == 3);
  after.module = maya.module;
  CHECK(after == maya);
}

TEST_CASE("a dry run reports what the import would do and writes nothing", "[import][people]") {
  store_world w;
  w.load_sample_people();
  const std::string before = w.db.logical_dump();
  const std::string file = "slack_id,display_name,roles\nU0SAMP0001,Maya O.,student\nU0NEW00001,New Staff,staff\n";
  const auto dry = imported(w, file, true);
  CHECK(dry.dry_run);
  CHECK(dry.added == 1);
  CHECK(dry.changed == 1);
  CHECK(dry.added_names == std::vector<std::string>{"New Staff (U0NEW00001)"});
  CHECK(w.db.logical_dump() == before);
  const auto real = imported(w, file);
  CHECK(real.added == dry.added);
  CHECK(real.changed == dry.changed);
  CHECK(w.db.logical_dump() != before);
}

TEST_CASE("a mentor may be named before the row that adds them, by Slack id or email", "[import][people]") {
  store_world w;
  imported(w,
           "slack_id,display_name,roles,program,module,cohort,mentor\n"
           "U0STU00001,Stu,student,BE,1,2110,U0MEN00001\n"
           "U0MEN00001,Men,mentor,,,,\n");
  CHECK(w.people.find(w.person("U0STU00001").mentor)->slack_id == "U0MEN00001");
  CHECK_FALSE(refused(w, "slack_id,mentor\nU0STU00001,nobody@example.org\n").empty());
  imported(w, "email,display_name,roles\nother.mentor@example.org,Other,mentor\n");
  imported(w, "slack_id,mentor\nU0STU00001,other.mentor@example.org\n");
  CHECK(w.people.find(w.person("U0STU00001").mentor)->email == "other.mentor@example.org");
  imported(w, "slack_id,mentor\nU0STU00001,\n");  // an empty cell clears the mentor
  CHECK(w.person("U0STU00001").mentor == 0);
}

TEST_CASE("every bad people file is refused with line, column and reason, and the database is unchanged", "[import][people]") {
  struct bad_case {
    const char* what;
    const char* csv;
    std::size_t line, column;
    const char* reason;
  };
  const bad_case cases[] = {
      {"unknown program", "slack_id,roles,program,module,cohort\nU0AAAA0001,student,XE,2,2108\n", 2, 3, "unknown program 'XE'"},
      {"module 7", "slack_id,roles,program,module,cohort\nU0AAAA0001,student,BE,7,2108\n", 2, 4, "0 to 4"},
      {"missing email and id", "slack_id,email,display_name,roles\n,,Nobody,staff\n", 2, 1, "slack_id or an email"},
      {"duplicate id in the file", "slack_id,roles\nU0AAAA0001,staff\nU0AAAA0001,staff\n", 3, 1, "appears twice"},
      {"duplicate email in the file", "email,roles\na@x.org,staff\nA@x.org,staff\n", 3, 1, "appears twice"},
      {"unterminated quote", "slack_id,display_name,roles\nU0AAAA0001,\"Maya,staff\n", 2, 12, "unterminated"},
      {"unknown column", "slack_id,emial\nU0AAAA0001,a@b.c\n", 1, 2, "did you mean 'email'"},
      {"no id column", "display_name\nMaya\n", 1, 1, "slack_id or an email column"},
      {"wrong number of fields", "slack_id,roles\nU0AAAA0001,staff,extra\n", 2, 1, "expected 2 fields"},
      {"invalid UTF-8", "slack_id,display_name,roles\nU0AAAA0001,\xC3\x28,staff\n", 2, 2, "UTF-8"},
      {"a line break inside a cell", "slack_id,display_name,roles\nU0AAAA0001,\"Ma\nya\",staff\n", 2, 2, "control characters"},
      {"a student without a cohort", "slack_id,roles,program,module\nU0AAAA0001,student,BE,2\n", 2, 2, "a program, a module and a cohort"},
      {"not a Slack id", "slack_id,roles\nmaya,staff\n", 2, 1, "not a Slack user id"},
      {"not an email", "email,roles\nmaya.example.org,staff\n", 2, 1, "not an email address"},
      {"unknown role", "slack_id,roles\nU0AAAA0001,teacher\n", 2, 2, "unknown role 'teacher'"},
      {"bad yes/no", "slack_id,roles,open_to_chats\nU0AAAA0001,alum,sure\n", 2, 3, "yes or no"},
      {"bad capacity", "slack_id,roles,chats_per_month\nU0AAAA0001,alum,-2\n", 2, 3, "0 to 1000"},
      {"snoozed without a date", "slack_id,roles,mixitup\nU0AAAA0001,staff,snoozed\n", 2, 3, "snoozed_until"},
      {"a date that is not one", "slack_id,roles,mixitup,snoozed_until\nU0AAAA0001,staff,snoozed,2026-02-30\n", 2, 4, "a date like"},
      {"an email that belongs to someone else", "slack_id,email\nU0SAMP0001,devon.park@example.org\n", 2, 2, "belongs to Devon Park"},
      {"a handle someone else has", "slack_id,handle,roles\nU0AAAA0001,maya,staff\n", 2, 2, "already belongs to Maya Ortiz"},
      {"an unknown mentor", "slack_id,mentor\nU0SAMP0001,U0NOBODY1\n", 2, 2, "no one with Slack id or email"},
      {"their own mentor", "slack_id,mentor\nU0SAMP0001,U0SAMP0001\n", 2, 2, "their own mentor"},
      {"an empty file", "", 1, 1, "the file is empty"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.what) {
      store_world w;
      w.load_sample_people();
      const std::string before = w.db.logical_dump();
      const auto errors = refused(w, c.csv);
      REQUIRE_FALSE(errors.empty());
      CHECK(errors.front().line == c.line);
      CHECK(errors.front().column == c.column);
      CHECK_THAT(errors.front().reason, Catch::Contains(c.reason));
      CHECK(w.db.logical_dump() == before);
    }
  }
}

TEST_CASE("a bad row after good ones writes nothing at all", "[import][people]") {
  store_world w;
  w.load_sample_people();
  const std::string before = w.db.logical_dump();
  const auto errors = refused(w,
                              "slack_id,display_name,roles,program,module,cohort\n"
                              "U0AAAA0001,One,staff,,,\n"
                              "U0SAMP0001,Maya Renamed,student,BE,2,2108\n"
                              "U0AAAA0003,Three,student,BE,9,2108\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].line == 4);
  CHECK(w.db.logical_dump() == before);
  CHECK_FALSE(w.people.find_by_slack_id("U0AAAA0001"));
}
