// The staff's data tools, run as the real binary on a database file: import (with a dry run and a
// refused file), export in both formats, the cohort lifecycle, and a backup.

#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/store/database.hpp"
#include "tests/e2e/process.hpp"

using networkbot::testing::run_networkbot;

namespace {

const std::string sample = std::string(NETWORKBOT_SOURCE_DIR) + "/config/sample";

struct workdir {
  std::filesystem::path path = std::filesystem::temp_directory_path() / ("networkbot-cli-" + std::to_string(::getpid()));
  std::map<std::string, std::string> env;
  workdir() {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
    env = {{"NETWORKBOT_DB", file("networkbot.db")}};
  }
  ~workdir() { std::filesystem::remove_all(path); }
  [[nodiscard]] std::string file(const std::string& name) const { return (path / name).string(); }
  void write(const std::string& name, const std::string& text) const { std::ofstream(file(name), std::ios::binary) << text; }
  [[nodiscard]] std::string read(const std::string& name) const {
    std::ifstream in(file(name), std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  }
};

}  // namespace

TEST_CASE("import people: a dry run, the real import, a refused file and a re-import", "[cli][data]") {
  workdir w;
  const auto dry = run_networkbot({"import", "people", sample + "/people.csv", "--dry-run"}, w.env);
  CHECK(dry.exit_code == 0);
  CHECK_THAT(dry.out, Catch::Contains("would add 9") && Catch::Contains("Nothing was written"));
  const auto real = run_networkbot({"import", "people", sample + "/people.csv"}, w.env);
  CHECK(real.exit_code == 0);
  CHECK_THAT(real.out, Catch::Contains("9 added, 0 changed, 0 unchanged"));

  w.write("bad.csv", "slack_id,roles,program,module,cohort\nU0NEW00001,student,BE,2,2108\nU0NEW00002,student,QA,7,2108\n");
  const auto bad = run_networkbot({"import", "people", w.file("bad.csv")}, w.env);
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("bad.csv:3:3: unknown program 'QA'") && Catch::Contains("bad.csv:3:4: module must be") &&
                          Catch::Contains("Nothing was imported (2 problems)"));
  const auto again = run_networkbot({"import", "people", sample + "/people.csv"}, w.env);
  CHECK_THAT(again.out, Catch::Contains("0 added, 0 changed, 9 unchanged"));
  CHECK(run_networkbot({"import", "people", w.file("missing.csv")}, w.env).exit_code == 2);
}

TEST_CASE("export writes CSV and JSON, to standard output or a file, and contacts round-trip", "[cli][data]") {
  workdir w;
  REQUIRE(run_networkbot({"import", "people", sample + "/people.csv"}, w.env).exit_code == 0);
  const auto contacts = run_networkbot({"import", "contacts", sample + "/contacts.csv"}, w.env);
  REQUIRE(contacts.exit_code == 0);
  CHECK_THAT(contacts.out, Catch::Contains("5 added"));

  const auto csv = run_networkbot({"export", "contacts", "--output", w.file("contacts.csv")}, w.env);
  CHECK(csv.exit_code == 0);
  CHECK_FALSE(std::filesystem::exists(w.file("contacts.csv.partial")));
  CHECK(run_networkbot({"import", "contacts", w.file("contacts.csv")}, w.env).out.find("5 unchanged") != std::string::npos);

  const auto json = run_networkbot({"export", "contacts", "--format", "json"}, w.env);
  CHECK(json.exit_code == 0);
  const auto parsed = nlohmann::json::parse(json.out);
  REQUIRE(parsed.size() == 5);
  CHECK(parsed[0]["owner"] == "U0SAMP0001");
  CHECK(parsed[0]["history"].size() == 2);

  const auto people = run_networkbot({"export", "people", "--format", "json"}, w.env);
  const auto everyone = nlohmann::json::parse(people.out);
  REQUIRE(everyone.size() == 9);
  CHECK(everyone[0].contains("open_to_chats"));
  CHECK(run_networkbot({"export", "people", "--format", "xml"}, w.env).exit_code == 2);

  // One student's spreadsheet, by --owner.
  w.write("sheet.csv", "Name,Company,Warm/Cold\nRiley Park,Acme,cold\n");
  const auto sheet = run_networkbot({"import", "contacts", "--owner", "devon.park@example.org", w.file("sheet.csv")}, w.env);
  CHECK(sheet.exit_code == 0);
  CHECK_THAT(sheet.out, Catch::Contains("Riley Park at Acme (U0SAMP0002)"));
}

TEST_CASE("people advance, repeat and graduate, each with a dry run", "[cli][data]") {
  workdir w;
  REQUIRE(run_networkbot({"import", "people", sample + "/people.csv"}, w.env).exit_code == 0);
  const auto dry = run_networkbot({"people", "advance", "--cohort", "2108", "--dry-run"}, w.env);
  CHECK(dry.exit_code == 0);
  CHECK_THAT(dry.out, Catch::Contains("Maya Ortiz (U0SAMP0001): Mod 2 → Mod 3") && Catch::Contains("Nothing was written"));
  const auto repeat = run_networkbot({"people", "repeat", "@maya", "--cohort", "2110"}, w.env);
  CHECK(repeat.exit_code == 0);
  const auto advance = run_networkbot({"people", "advance", "--cohort", "2108"}, w.env);
  CHECK_THAT(advance.out, Catch::Contains("1 person changed") && Catch::Contains("Devon Park"));
  const auto graduate = run_networkbot({"people", "graduate", "--cohort", "2105"}, w.env);
  CHECK_THAT(graduate.out, Catch::Contains("Priya Raman (U0SAMP0003): student → alum"));
  const auto nobody = run_networkbot({"people", "advance", "--cohort", "2999"}, w.env);
  CHECK(nobody.exit_code == 2);
  CHECK_THAT(nobody.err, Catch::Contains("No one is in cohort 2999") && Catch::Contains("2108"));

  const auto out = run_networkbot({"export", "people"}, w.env).out;
  CHECK_THAT(out, Catch::Contains("U0SAMP0001,maya,maya.ortiz@example.org,Maya Ortiz,she/her,student,BE,2,2110,"));
  CHECK_THAT(out, Catch::Contains("U0SAMP0002,dev,devon.park@example.org,Devon Park,he/him,student,FE,3,2108,"));
  CHECK_THAT(out, Catch::Contains("U0SAMP0003,priya,priya.raman@example.org,Priya Raman,she/her,alum,BE,,2105,"));
}

TEST_CASE("backup writes a copy that opens, and never overwrites a file", "[cli][data]") {
  workdir w;
  REQUIRE(run_networkbot({"import", "people", sample + "/people.csv"}, w.env).exit_code == 0);
  const auto b = run_networkbot({"backup", w.file("copy.db")}, w.env);
  CHECK(b.exit_code == 0);
  CHECK_THAT(b.out, Catch::Contains("9 people"));
  // The copy serves as the database: restoring is pointing NETWORKBOT_DB at it.
  const auto from_copy = run_networkbot({"export", "people"}, {{"NETWORKBOT_DB", w.file("copy.db")}});
  CHECK(from_copy.out == run_networkbot({"export", "people"}, w.env).out);
  const auto again = run_networkbot({"backup", w.file("copy.db")}, w.env);
  CHECK(again.exit_code == 2);
  CHECK_THAT(again.err, Catch::Contains("already exists"));
}

TEST_CASE("mentors assign: a dry run, the real assignment, and introductions queued for the bot", "[cli][data][matching]") {
  workdir w;
  REQUIRE(run_networkbot({"import", "people", sample + "/people.csv"}, w.env).exit_code == 0);
  const auto dry = run_networkbot({"mentors", "assign", "--cohort", "2108", "--reassign", "--dry-run"}, w.env);
  CHECK(dry.exit_code == 0);
  CHECK_THAT(dry.out, Catch::Contains("2 new pairs") && Catch::Contains("Devon Park \xE2\x86\x92 ") &&
                          Catch::Contains("Dry run: nothing was saved or posted."));
  // Without --reassign the sample's existing pairs are kept.
  CHECK_THAT(run_networkbot({"mentors", "assign", "--cohort", "2108", "--dry-run"}, w.env).out, Catch::Contains("2 kept"));
  const auto real = run_networkbot({"mentors", "assign", "--cohort", "2110"}, w.env);
  CHECK(real.exit_code == 0);
  CHECK_THAT(real.out, Catch::Contains("Jordan Wells \xE2\x86\x92") && Catch::Contains("Saved 1 new pairs"));
  CHECK_THAT(run_networkbot({"export", "people"}, w.env).out, Catch::Contains("U0SAMP0005,jordan") );
  networkbot::store::database db(w.file("networkbot.db"));
  SQLite::Statement q(db.handle(), "SELECT kind, target FROM outbox");
  REQUIRE(q.executeStep());
  CHECK(q.getColumn(0).getString() == "dm");
  CHECK(q.getColumn(1).getString().find(',') != std::string::npos);  // a group DM: student and mentor
  CHECK(run_networkbot({"mentors", "assign", "--cohort", "1999"}, w.env).exit_code == 2);
}
