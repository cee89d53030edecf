// The bad-input catalogue, continued: the surfaces that are not typed into Slack (staff CSV files, the
// configuration file, Socket Mode frames, Web API answers), each crossed with the same kinds of bad
// input (bad_text.hpp) as the commands, buttons and forms in bad_input_catalogue_test.cpp. For each
// case: no crash; a refusal says where (line and column, key, or the frame's fault) and leaves the database logically unchanged;
// what is accepted is kept as the very text that was given (a CSV cell trimmed of the spaces around it,
// as spreadsheets pad them), never interpreted.

#include <catch2/catch.hpp>

#include <optional>
#include <sstream>

#include "bot/slack/envelope.hpp"
#include "bot/slack/web_api.hpp"
#include "config/config.hpp"
#include "core/contacts_csv.hpp"
#include "bad_text.hpp"
#include "store_world.hpp"

using namespace networkbot;
using nlohmann::json;

namespace {


// A CSV cell holding `text`, quoted as a spreadsheet would.
std::string cell(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

const std::string people_header =
    "slack_id,handle,email,display_name,pronouns,roles,program,module,cohort\n";
std::string people_row(const std::string& name, const std::string& module = "2") {
  return "U0NEW0001,newbie,new.student@example.org," + cell(name) + ",they/them,student,BE," + cell(module) + ",2108\n";
}

std::string trimmed(std::string text) {
  while (!text.empty() && text.back() == ' ') text.pop_back();
  while (!text.empty() && text.front() == ' ') text.erase(0, 1);
  return text;
}

bool located(const std::vector<core::csv::error>& errors) {
  if (errors.empty()) return false;
  for (const auto& e : errors)
    if (e.line == 0 || e.reason.empty()) return false;
  return true;
}

}  // namespace

TEST_CASE("catalogue: people CSV rows × every kind of bad cell", "[catalogue][import]") {
  std::size_t cases = 0;
  std::vector<std::pair<std::string, std::string>> rows;  // (case, file)
  for (const auto& k : testing::bad_texts()) rows.emplace_back(std::string("display name: ") + k.name, people_header + people_row(k.text));
  for (const auto& k : testing::bad_texts()) rows.emplace_back(std::string("module: ") + k.name, people_header + people_row("Jamie Flores", k.text));
  rows.emplace_back("wrong type: module 'nine'", people_header + people_row("Jamie Flores", "nine"));
  rows.emplace_back("wrong type: cohort as a date", people_header + "U0NEW0001,newbie,n@example.org,Jamie,,student,BE,2,2026-11-01\n");
  rows.emplace_back("wrong shape: more cells than the header", people_header + people_row("Jamie").substr(0, 40) + ",x,y,z,a,b,c,d,e,f,g,h\n");
  rows.emplace_back("unclosed quote", people_header + "U0NEW0001,newbie,n@example.org,\"Jamie,,student,BE,2,2108\n");

  for (const auto& [name, file] : rows) {
    INFO("people CSV, " << name);
    testing::store_world w;
    w.load_sample_people();
    const auto before = w.db.logical_dump();
    std::variant<core::import_summary, std::vector<core::csv::error>> result;
    REQUIRE_NOTHROW(result = core::import_people(file, core::roster_rules{}, w.people, w.db, false));
    if (const auto* errors = std::get_if<std::vector<core::csv::error>>(&result)) {
      CHECK(located(*errors));
      CHECK(w.db.logical_dump() == before);
    }
    ++cases;
  }
  // The kinds that must be refused are refused, and what is kept is kept verbatim.
  for (const auto& k : testing::bad_texts()) {
    INFO("people CSV, display name: " << k.name);
    testing::store_world w;
    auto result = core::import_people(people_header + people_row(k.text), core::roster_rules{}, w.people, w.db, false);
    if (k.refused_in_a_file) CHECK(std::holds_alternative<std::vector<core::csv::error>>(result));
    if (std::holds_alternative<core::import_summary>(result) && !k.text.empty())
      CHECK(w.person("U0NEW0001").display_name == trimmed(k.text));
  }
  CHECK(cases >= 16);
}

TEST_CASE("catalogue: contacts CSV rows × every kind of bad cell", "[catalogue][import]") {
  const std::string header = "owner,name,company,warmth,next_due\n";
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& k : testing::bad_texts()) rows.emplace_back(std::string("name: ") + k.name, header + "U0SAMP0001," + cell(k.text) + ",Acme,warm,\n");
  for (const auto& k : testing::bad_texts()) rows.emplace_back(std::string("company: ") + k.name, header + "U0SAMP0001,Jamie," + cell(k.text) + ",cold,\n");
  for (const auto& k : testing::bad_texts()) rows.emplace_back(std::string("warmth: ") + k.name, header + "U0SAMP0001,Jamie,Acme," + cell(k.text) + ",\n");
  rows.emplace_back("wrong type: next_due 'soon'", header + "U0SAMP0001,Jamie,Acme,warm,soon\n");
  rows.emplace_back("wrong type: next_due 2026-02-30", header + "U0SAMP0001,Jamie,Acme,warm,2026-02-30\n");
  rows.emplace_back("an owner nobody knows", header + "U0NOBODY1,Jamie,Acme,warm,\n");
  rows.emplace_back("an owner who is markup", header + "<!channel>,Jamie,Acme,warm,\n");

  std::size_t cases = 0;
  for (const auto& [name, file] : rows) {
    INFO("contacts CSV, " << name);
    testing::store_world w;
    w.load_sample_people();
    const auto before = w.db.logical_dump();
    std::istringstream in(file);
    std::variant<core::import_summary, std::vector<core::csv::error>> result;
    REQUIRE_NOTHROW(result = core::import_contacts(in, core::contacts_import_options{}, w.people, w.contacts, w.db, w.clock));
    if (const auto* errors = std::get_if<std::vector<core::csv::error>>(&result)) {
      CHECK(located(*errors));
      CHECK(w.db.logical_dump() == before);
    } else {
      // Kept: the name and company are stored as given.
      const auto contacts = w.contacts.contacts_of(w.person("U0SAMP0001").id);
      bool verbatim = false;
      for (const auto& c : contacts)
        for (const auto& k : testing::bad_texts())
          verbatim = verbatim || (!trimmed(k.text).empty() && (c.name == trimmed(k.text) || c.company == trimmed(k.text)));
      if (name.starts_with("warmth") || name.starts_with("name: empty") || name.starts_with("company: empty")) verbatim = true;
      CHECK(verbatim);
    }
    ++cases;
  }
  for (const auto& k : testing::bad_texts()) {
    if (!k.refused_in_a_file) continue;
    INFO("contacts CSV, name: " << k.name);
    testing::store_world w;
    w.load_sample_people();
    std::istringstream in(header + "U0SAMP0001," + cell(k.text) + ",Acme,warm,\n");
    CHECK(std::holds_alternative<std::vector<core::csv::error>>(
        core::import_contacts(in, core::contacts_import_options{}, w.people, w.contacts, w.db, w.clock)));
  }
  CHECK(cases >= 20);
}

TEST_CASE("catalogue: configuration values × every kind of bad value", "[catalogue][config]") {
  // Keys of each type: a string that names something, a time, a number, a list.
  const std::vector<std::pair<std::string, std::string>> keys{
      {"workspace", "time_zone"}, {"reflection", "time"}, {"outbox", "concurrency"}, {"staff", "user_ids"}};
  std::size_t cases = 0;
  for (const auto& [table, key] : keys) {
    for (const auto& k : testing::bad_texts()) {
      INFO("[" << table << "] " << key << " = " << k.name);
      // As a TOML basic string (escaped so the file itself is valid TOML where it can be).
      std::string value = "\"";
      for (const char c : k.text) {
        if (c == '"' || c == '\\') value += '\\';
        if (static_cast<unsigned char>(c) < 0x20) {
          char esc[8];
          std::snprintf(esc, sizeof esc, "\\u%04x", static_cast<unsigned>(c));
          value += esc;
        } else {
          value += c;
        }
      }
      value += '"';
      const std::string text = "[" + table + "]\n" + key + " = " + value + "\n";
      std::variant<config::settings, std::vector<config::problem>> parsed;
      REQUIRE_NOTHROW(parsed = config::parse_settings(text, "test.toml"));
      // None of these is a valid value for these keys: each is refused, at its line, naming its key.
      REQUIRE(std::holds_alternative<std::vector<config::problem>>(parsed));
      const auto& problems = std::get<std::vector<config::problem>>(parsed);
      REQUIRE_FALSE(problems.empty());
      for (const auto& p : problems) {
        CHECK_FALSE(config::describe(p).empty());
        if (p.line != 0) CHECK(p.line <= 2);
      }
      ++cases;
    }
    INFO("[" << table << "] " << key << " = a table");
    const auto parsed = config::parse_settings("[" + table + "]\n" + key + " = { a = 1 }\n", "test.toml");
    CHECK(std::holds_alternative<std::vector<config::problem>>(parsed));
    ++cases;
  }
  CHECK(cases >= 28);
}

namespace {

// What the session does with a frame: "refused: <the bad_frame reason>" (logged and skipped), or what
// it was understood as ("command", "action", "submission", "home", "event", "ignored", "hello",
// "disconnect", "unknown frame"). `kept` is the slash command it became, if it became one.
std::string verdict_of(const std::string& text, std::optional<app::slash_command>& kept, std::string& team) {
  try {
    const auto f = slack::parse_frame(text);
    if (std::holds_alternative<slack::hello>(f)) return "hello";
    if (std::holds_alternative<slack::disconnect>(f)) return "disconnect";
    if (std::holds_alternative<slack::unknown_frame>(f)) return "unknown frame";
    const auto& e = std::get<slack::envelope>(f);
    team = slack::installation_of(e.payload).team_id;
    const auto what = slack::classify(e, {});
    if (std::holds_alternative<slack::ignored>(what)) return "ignored";
    if (std::holds_alternative<slack::event>(what)) return "event";
    const auto& r = std::get<app::request>(what);
    if (const auto* c = std::get_if<app::slash_command>(&r)) {
      kept = *c;
      return "command";
    }
    if (std::holds_alternative<app::block_action>(r)) return "action";
    if (std::holds_alternative<app::view_submission>(r)) return "submission";
    return "home";
  } catch (const slack::bad_frame& bad) {
    return std::string("refused: ") + bad.what();
  }
}

// A text as it arrives inside a well-formed frame: Slack sends JSON, so bytes that are not UTF-8 come
// as U+FFFD.
std::string as_sent(const std::string& text) {
  return json::parse(json(text).dump(-1, ' ', false, json::error_handler_t::replace)).get<std::string>();
}

}  // namespace

TEST_CASE("catalogue: Socket Mode frames × every kind of bad field", "[catalogue][slack]") {
  // A slash command envelope whose fields are replaced, one at a time, by each kind of bad value.
  const auto command = [](const json& text, const json& user, const json& payload_override) {
    json payload{{"command", "/network"}, {"text", text}, {"user_id", user}, {"team_id", "T0TEAM"},
                 {"channel_id", "C1"}, {"response_url", "https://hooks.slack.com/commands/T0TEAM/1/x"},
                 {"trigger_id", "1.2.3"}, {"api_app_id", "A0TEST"}};
    if (!payload_override.is_null()) payload = payload_override;
    return json{{"type", "slash_commands"}, {"envelope_id", "e1"}, {"payload", payload}, {"accepts_response_payload", true}};
  };
  const auto dumped = [](const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); };
  const std::string not_an_object = "refused: a frame that is not a JSON object";
  const std::string no_user = "refused: a slash command without user_id";
  struct frame_case {
    std::string name;
    std::string text;
    std::string verdict;                     // what the session must make of it
    std::optional<std::string> kept_text;    // an accepted command: the text the router gets
    std::optional<std::string> kept_user;    // and the user id
  };
  std::vector<frame_case> frames;
  for (const auto& k : testing::bad_texts()) {
    // The text is the router's to judge (it refuses what no command takes): the frame is accepted, verbatim.
    frames.push_back({std::string("command text: ") + k.name, dumped(command(k.text, "U0STU1", nullptr)), "command",
                      as_sent(k.text), "U0STU1"});
    // A user id is kept as it came, for the router to look up; only a missing one is refused.
    if (k.text.empty())
      frames.push_back({std::string("user id: ") + k.name, dumped(command("help", k.text, nullptr)), no_user, {}, {}});
    else
      frames.push_back({std::string("user id: ") + k.name, dumped(command("help", k.text, nullptr)), "command", "help",
                        as_sent(k.text)});
    // The raw frame itself: the bad text as the whole frame, never JSON.
    frames.push_back({std::string("whole frame: ") + k.name, k.text, not_an_object, {}, {}});
  }
  frames.push_back({"wrong type: text is a number", command(42, "U0STU1", nullptr).dump(), "command", "", "U0STU1"});
  frames.push_back({"wrong type: user is an object", command("help", json{{"id", "U1"}}, nullptr).dump(), no_user, {}, {}});
  frames.push_back({"wrong type: payload is an array", command("help", "U0STU1", json::array({1, 2})).dump(),
                    "refused: a slash_commands envelope whose payload is not an object", {}, {}});
  frames.push_back({"raw invalid UTF-8 inside a string",
                    std::string(R"({"type":"slash_commands","envelope_id":"e1","payload":{"text":"a)") + "\xff" + R"(","user_id":"U1"}})",
                    not_an_object, {}, {}});
  frames.push_back({"nested a thousand deep", std::string(1000, '[') + std::string(1000, ']'), not_an_object, {}, {}});
  frames.push_back({"no envelope id", R"({"type":"slash_commands","payload":{"text":"help","user_id":"U1"}})",
                    "refused: a slash_commands envelope without envelope_id", {}, {}});
  frames.push_back({"an unknown type without an envelope id", R"({"type":"brand_new"})", "unknown frame", {}, {}});
  frames.push_back({"an unknown type with an envelope id", R"({"type":"brand_new","envelope_id":"e2"})", "ignored", {}, {}});
  frames.push_back({"block_actions without actions",
                    R"({"type":"interactive","envelope_id":"e3","payload":{"type":"block_actions","user":{"id":"U1"}}})",
                    "refused: block_actions without actions", {}, {}});
  frames.push_back({"another team",
                    command("help", "U0STU1", json{{"command", "/network"}, {"text", "help"}, {"user_id", "U1"}, {"team_id", "T0OTHER"}}).dump(),
                    "command", "help", "U1"});

  std::size_t cases = 0;
  for (const auto& c : frames) {
    INFO("frame, " << c.name);
    std::optional<app::slash_command> kept;
    std::string team;
    std::string verdict;
    REQUIRE_NOTHROW(verdict = verdict_of(c.text, kept, team));
    CHECK(verdict == c.verdict);
    if (c.kept_text) {
      REQUIRE(kept);
      CHECK(kept->text == *c.kept_text);
      CHECK(kept->user_id == *c.kept_user);
    }
    // A payload from another team is recognised as such before anything reads it.
    if (c.name == "another team") CHECK(team == "T0OTHER");
    ++cases;
  }
  CHECK(cases >= 24);
}

TEST_CASE("catalogue: Web API answers × every kind of bad body", "[catalogue][slack]") {
  std::vector<std::pair<std::string, std::string>> bodies;
  for (const auto& k : testing::bad_texts()) {
    bodies.emplace_back(std::string("whole body: ") + k.name, k.text);
    bodies.emplace_back(std::string("error code: ") + k.name,
                        json{{"ok", false}, {"error", k.text}}.dump(-1, ' ', false, json::error_handler_t::replace));
    bodies.emplace_back(std::string("channel id: ") + k.name,
                        json{{"ok", true}, {"channel", {{"id", k.text}}}}.dump(-1, ' ', false, json::error_handler_t::replace));
  }
  bodies.emplace_back("wrong type: ok is a string", R"({"ok":"yes"})");
  bodies.emplace_back("wrong type: error is a number", R"({"ok":false,"error":7})");
  bodies.emplace_back("wrong type: an array", "[true]");
  bodies.emplace_back("an HTML error page", "<html><body>502 Bad Gateway</body></html>");
  bodies.emplace_back("truncated", R"({"ok":true,"channel":{"id":"D1)");

  std::size_t cases = 0;
  for (const auto& [name, body] : bodies) {
    for (const unsigned status : {200u, 429u, 500u}) {
      INFO("Web API answer (HTTP " << status << "), " << name);
      // Either the answer is ok (and then an object with "ok": true), or a typed error: never a crash,
      // never an exception of another kind.
      try {
        const json answer = slack::interpret("conversations.open", status, body, status == 429 ? "1" : "");
        CHECK(status == 200);
        CHECK(answer.is_object());
        CHECK(answer.value("ok", false) == true);
      } catch (const slack::api_error& e) {
        CHECK(std::string(e.what()).size() > 0);
      }
      ++cases;
    }
  }
  CHECK(cases >= 69);
}
