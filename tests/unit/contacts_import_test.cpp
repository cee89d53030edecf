// `networkbot import contacts` and `export contacts` on real SQLite files: a student's spreadsheet
// tracker comes in, every tracker goes out, and the two are inverse. A bad file writes nothing.

#include <catch2/catch.hpp>
#include <sstream>

#include "core/contacts_csv.hpp"
#include "store_world.hpp"

using namespace networkbot;
using networkbot::testing::store_world;

namespace {

std::variant<core::import_summary, std::vector<core::csv::error>> run_import(store_world& w, const std::string& csv,
                                                                              const std::string& owner = "",
                                                                              bool dry_run = false) {
  std::istringstream in(csv);
  return core::import_contacts(in, core::contacts_import_options{owner, dry_run}, w.people, w.contacts, w.db, w.clock);
}

core::import_summary imported(store_world& w, const std::string& csv, const std::string& owner = "", bool dry_run = false) {
  auto result = run_import(w, csv, owner, dry_run);
  if (auto* errors = std::get_if<std::vector<core::csv::error>>(&result)) {
    for (const auto& e : *errors) UNSCOPED_INFO(e.line << ":" << e.column << ": " << e.reason);
    FAIL("the import was refused");
  }
  return std::get<core::import_summary>(result);
}

std::string exported(const store_world& w) {
  std::ostringstream out;
  core::export_contacts_csv(out, w.people, w.contacts);
  return out.str();
}

const std::string sample_contacts = testing::read_text(std::string(NETWORKBOT_CONFIG_DIR) + "/sample/contacts.csv");

}  // namespace

TEST_CASE("a student's spreadsheet imports under its usual column names, and again changes nothing", "[import][contacts]") {
  store_world w;
  w.load_sample_people();
  const std::string sheet =
      "\xEF\xBB\xBFName,Company,Warm/Cold,How you know them,Notes,Tab\r\n"
      "Alex Kim,Acme,Warm,\"Met at the Denver Ruby meetup, Oct\",\"Likes \"\"Practical OOD\"\"\",dormant ties\r\n"
      "Bo Sun,,cold,Writes the blog I read,,New contacts\r\n";
  const auto first = imported(w, sheet, "maya.ortiz@example.org");
  CHECK(first.added == 2);
  const auto maya = w.person("@maya");
  const auto contacts = w.contacts.contacts_of(maya.id);
  REQUIRE(contacts.size() == 2);
  CHECK(contacts[0].why == "Met at the Denver Ruby meetup, Oct");
  CHECK(contacts[0].list == core::contact_list::dormant_ties);
  CHECK(contacts[1].warmth == core::warmth::cold);
  CHECK(contacts[0].created_at == testing::test_epoch);
  const auto notes = w.contacts.events_of(contacts[0].id);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].text == "Likes \"Practical OOD\"");

  const std::string before = w.db.logical_dump();
  w.clock.advance(std::chrono::hours{24});
  const auto again = imported(w, sheet, "U0SAMP0001");
  CHECK(again.unchanged == 2);
  CHECK(w.db.logical_dump() == before);

  // Upsert on owner, name and company without case: a changed cell updates the same contact.
  const auto third = imported(w, "name,company,warmth,stage\nalex kim,ACME,warm,messaged\n", "U0SAMP0001");
  CHECK(third.changed == 1);
  CHECK(w.contacts.contacts_of(maya.id).size() == 2);
  CHECK(w.contacts.contacts_of(maya.id)[0].stage == core::stage::messaged);
}

TEST_CASE("export then import of every tracker is an identity, history included", "[import][contacts]") {
  store_world w;
  w.load_sample_people();
  imported(w, sample_contacts);
  // A note with a line break, a backslash and a comma survives the history column.
  const auto marcus = w.contacts.find_contact_named(w.person("@maya").id, "Marcus Hale", "Brightline Health");
  REQUIRE(marcus);
  w.contacts.add_event({0, marcus->id, testing::test_epoch, core::event_kind::note, "line one\nC:\\path, and more"});
  const std::string out = exported(w);

  store_world fresh;
  fresh.load_sample_people();
  const auto s = imported(fresh, out);
  CHECK(s.added == 5);
  CHECK(exported(fresh) == out);
  const auto copy = fresh.contacts.find_contact_named(fresh.person("@maya").id, "marcus hale", "brightline health");
  REQUIRE(copy);
  auto without_ids = [](std::vector<core::contact_event> events) {
    for (auto& e : events) e.id = e.contact = 0;
    return events;
  };
  CHECK(without_ids(fresh.contacts.events_of(copy->id)) == without_ids(w.contacts.events_of(marcus->id)));

  // The export imported over its own data changes nothing.
  const std::string before = w.db.logical_dump();
  CHECK(imported(w, out).unchanged == 5);
  CHECK(w.db.logical_dump() == before);
}

TEST_CASE("a contacts dry run reports the counts and writes nothing", "[import][contacts]") {
  store_world w;
  w.load_sample_people();
  const std::string before = w.db.logical_dump();
  const auto dry = imported(w, sample_contacts, "", true);
  CHECK(dry.dry_run);
  CHECK(dry.added == 5);
  CHECK(w.db.logical_dump() == before);
}

TEST_CASE("every bad contacts file is refused with line, column and reason, and the database is unchanged", "[import][contacts]") {
  struct bad_case {
    const char* what;
    const char* csv;
    const char* owner;
    std::size_t line, column;
    const char* reason;
  };
  const bad_case cases[] = {
      {"an owner nobody is", "name,warmth\nAlex,warm\n", "nobody@example.org", 0, 0, "import people first"},
      {"no owner at all", "name,warmth\nAlex,warm\n", "", 1, 1, "--owner"},
      {"an unknown owner in the column", "owner,name,warmth\nU0NOBODY1,Alex,warm\n", "", 2, 1, "no one with Slack id"},
      {"a row for another owner", "owner,name,warmth\nU0SAMP0002,Alex,warm\n", "U0SAMP0001", 2, 1, "not to U0SAMP0001"},
      {"no name column", "company,warmth\nAcme,warm\n", "U0SAMP0001", 1, 1, "needs a name column"},
      {"no warmth column", "name\nAlex\n", "U0SAMP0001", 1, 1, "needs a warmth column"},
      {"an unknown column", "name,warmth,compnay\nAlex,warm,Acme\n", "U0SAMP0001", 1, 3, "did you mean 'company'"},
      {"lukewarm", "name,warmth\nAlex,lukewarm\n", "U0SAMP0001", 2, 2, "warm or cold"},
      {"an unknown stage", "name,warmth,stage\nAlex,warm,emailed\n", "U0SAMP0001", 2, 3, "idea, messaged"},
      {"an unknown list", "name,warmth,list\nAlex,warm,friends\n", "U0SAMP0001", 2, 3, "support, dormant or new"},
      {"a bad due date", "name,warmth,next_due\nAlex,warm,next week\n", "U0SAMP0001", 2, 3, "a date like"},
      {"a bad creation time", "name,warmth,created_at\nAlex,warm,yesterday\n", "U0SAMP0001", 2, 3, "a time like"},
      {"not a LinkedIn URL", "name,warmth,linkedin\nAlex,warm,https://example.org/alex\n", "U0SAMP0001", 2, 3, "LinkedIn"},
      {"an empty name", "name,warmth\n,warm\n", "U0SAMP0001", 2, 1, "needs a name"},
      {"a bad history line", "name,warmth,history\nAlex,warm,met yesterday\n", "U0SAMP0001", 2, 3, "must start with a time"},
      {"the same contact twice", "name,company,warmth\nAlex,Acme,warm\nALEX,acme,cold\n", "U0SAMP0001", 3, 1, "appears twice"},
      {"an unterminated quote after good rows", "name,warmth\nAlex,warm\nBo,warm\n\"Cy,cold\n", "U0SAMP0001", 4, 1, "unterminated"},
      {"a row with too many fields", "name,warmth\nAlex,warm,extra\n", "U0SAMP0001", 2, 1, "expected 2 fields"},
      {"invalid UTF-8", "name,warmth\n\xFF\xFE,warm\n", "U0SAMP0001", 2, 1, "UTF-8"},
      {"an empty file", "", "U0SAMP0001", 1, 1, "the file is empty"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.what) {
      store_world w;
      w.load_sample_people();
      imported(w, sample_contacts);
      const std::string before = w.db.logical_dump();
      auto result = run_import(w, c.csv, c.owner);
      REQUIRE(std::holds_alternative<std::vector<core::csv::error>>(result));
      const auto& errors = std::get<std::vector<core::csv::error>>(result);
      REQUIRE_FALSE(errors.empty());
      CHECK(errors.front().line == c.line);
      CHECK(errors.front().column == c.column);
      CHECK_THAT(errors.front().reason, Catch::Contains(c.reason));
      CHECK(w.db.logical_dump() == before);
    }
  }
}

TEST_CASE("history cells are written and read back exactly", "[contacts]") {
  const std::vector<core::contact_event> events{
      {0, 0, testing::test_epoch, core::event_kind::messaged, ""},
      {0, 0, testing::test_epoch + std::chrono::hours{30}, core::event_kind::note, "two\nlines \\ and: colons"},
  };
  const auto text = core::write_history(events);
  CHECK(text == "2026-11-20T12:00:00Z messaged\n2026-11-21T18:00:00Z note: two\\nlines \\\\ and: colons");
  const auto back = core::read_history(text);
  REQUIRE(std::holds_alternative<std::vector<core::contact_event>>(back));
  CHECK(std::get<std::vector<core::contact_event>>(back) == events);
}
