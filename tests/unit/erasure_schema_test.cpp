// "Delete my data" against the live schema. Every table and column a migrated database has is classified
// here by hand: erased for the person who asks, kept (with why), or not personal. A table or column the
// classification does not name fails the test, so a new one cannot slip past the erasure unexamined.
// Then a person is seeded with every personal column filled, next to others whose data must survive,
// forget runs, and each classification is checked against what is left in the file.

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/store/database.hpp"
#include "core/store/sqlite_privacy_store.hpp"

using namespace networkbot;

namespace {

enum class fate { erased, kept, not_personal };

struct column_rule {
  fate what;
  const char* why;  // for kept and not personal: the reason; for erased: how
};

struct table_rule {
  // The rows that are the person's (`:me` their id, `:slack` their Slack id), or empty when no row is
  // anyone's in particular. A table with an erased column must say. A table with no kept column loses
  // the person's rows; one with a kept column keeps them and clears the erased columns.
  std::string owned;
  std::map<std::string, column_rule> columns;
};

constexpr fate erased = fate::erased;
constexpr fate kept = fate::kept;
constexpr fate none = fate::not_personal;

const std::map<std::string, table_rule>& classification() {
  static const std::map<std::string, table_rule> rules{
      {"schema_version", {"", {{"version", {none, "the schema's version"}}}}},
      {"people",
       {"id = :me",
        {{"id", {none, "the storage key"}},
         {"slack_id", {kept, "roster: who they are in Slack"}},
         {"handle", {kept, "roster: their Slack display name"}},
         {"email", {kept, "roster: only `import people` sets it; nothing a person types does"}},
         {"display_name", {kept, "roster: their name"}},
         {"roles", {kept, "roster: student, alum, mentor, staff"}},
         {"program", {kept, "roster: locked once set; staff change it"}},
         {"module", {kept, "roster: locked once set; staff change it"}},
         {"cohort", {kept, "roster: locked once set; staff change it"}},
         {"mentor_id", {kept, "staff's assignment (mentors assign)"}},
         {"company", {kept, "roster: only the import sets it; the profile form does not offer it"}},
         {"title", {kept, "roster: only the import sets it; the profile form does not offer it"}},
         {"graduating_cohort", {kept, "roster: the school's record of when they graduated"}},
         {"mixitup", {kept, "their opt-out or snooze: clearing it would group them against their wish"}},
         {"snoozed_until", {kept, "goes with mixitup"}},
         {"active", {kept, "staff's: whether they are still in Slack"}},
         {"pronouns", {erased, "cleared"}},
         {"target_companies", {erased, "cleared"}},
         {"background", {erased, "cleared"}},
         {"interests", {erased, "cleared"}},
         {"time_zone", {erased, "cleared (Slack's zone fills it again)"}},
         {"open_to_chats", {erased, "consent withdrawn"}},
         {"chats_per_month", {erased, "consent withdrawn"}},
         {"available_to_mentor", {erased, "consent withdrawn"}},
         {"mentee_capacity", {erased, "consent withdrawn"}}}}},
      {"contacts",
       {"owner_id = :me",
        {{"id", {none, "a row number"}},     {"owner_id", {erased, "row deleted"}},   {"name", {erased, "row deleted"}},
         {"slack_user", {erased, "row deleted"}}, {"email", {erased, "row deleted"}},  {"linkedin", {erased, "row deleted"}},
         {"company", {erased, "row deleted"}}, {"role", {erased, "row deleted"}},     {"warmth", {erased, "row deleted"}},
         {"list", {erased, "row deleted"}},    {"why", {erased, "row deleted"}},      {"stage", {erased, "row deleted"}},
         {"takeaway", {erased, "row deleted"}}, {"next_action", {erased, "row deleted"}}, {"next_due", {erased, "row deleted"}},
         {"created_at", {erased, "row deleted"}}, {"last_interaction_at", {erased, "row deleted"}}}}},
      {"contact_events",
       {"contact_id IN (SELECT id FROM contacts WHERE owner_id = :me)",
        {{"id", {none, "a row number"}},
         {"contact_id", {erased, "with the contact"}},
         {"at", {erased, "with the contact"}},
         {"kind", {erased, "with the contact"}},
         {"text", {erased, "with the contact"}}}}},
      {"goals",
       {"owner_id = :me",
        {{"owner_id", {erased, "row deleted"}}, {"level", {erased, "row deleted"}}, {"due", {erased, "row deleted"}},
         {"set_at", {erased, "row deleted"}}}}},
      {"action_steps",
       {"owner_id = :me",
        {{"id", {none, "a row number"}},      {"owner_id", {erased, "row deleted"}}, {"module", {erased, "row deleted"}},
         {"text", {erased, "row deleted"}},   {"due", {erased, "row deleted"}},      {"created_at", {erased, "row deleted"}},
         {"done_at", {erased, "row deleted"}}}}},
      {"buddies",
       {"requester = :me OR partner = :me",
        {{"id", {none, "a row number"}},
         {"requester", {erased, "both sides"}},
         {"partner", {erased, "both sides"}},
         {"state", {erased, "both sides"}},
         {"created_at", {erased, "both sides"}},
         {"answered_at", {erased, "both sides"}}}}},
      {"pending_confirmations",
       {"",  // a staff preview's record, not the person's: kept, and forgotten 30 days after it was made
        {{"id", {none, "a row number"}},
         {"kind", {none, "which preview"}},
         {"created_by", {kept, "the staff member who previewed; deleted after 30 days"}},
         {"payload", {kept, "the pairs or round staff previewed; deleted after 30 days"}},
         {"created_at", {none, "when"}},
         {"used_at", {none, "when"}},
         {"used_by", {kept, "the staff member who confirmed; deleted after 30 days"}},
         {"result", {kept, "what the confirmation did, for staff; deleted after 30 days"}}}}},
      {"corrections",
       {"owner_id = :me",
        {{"id", {none, "a row number"}},        {"owner_id", {erased, "row deleted"}}, {"at", {erased, "row deleted"}},
         {"kind", {erased, "row deleted"}},     {"contact_id", {erased, "row deleted"}},
         {"summary", {erased, "row deleted"}}}}},
      {"home_visits",
       {"person_id = :me",
        {{"person_id", {erased, "row deleted"}}, {"first_at", {erased, "row deleted"}}, {"last_at", {erased, "row deleted"}}}}},
      {"intro_requests",
       {"student_id = :me OR alum_id = :me",
        {{"id", {none, "a row number"}},       {"student_id", {erased, "both sides"}}, {"alum_id", {erased, "both sides"}},
         {"note", {erased, "both sides"}},     {"state", {erased, "both sides"}},      {"created_at", {erased, "both sides"}},
         {"expires_at", {erased, "both sides"}}, {"answered_at", {erased, "both sides"}}}}},
      {"reflections",
       {"student_id = :me",
        {{"id", {none, "a row number"}},          {"student_id", {erased, "row deleted"}}, {"week", {erased, "row deleted"}},
         {"learned", {erased, "row deleted"}},    {"next_steps", {erased, "row deleted"}}, {"confidence", {erased, "row deleted"}},
         {"status", {erased, "row deleted"}},     {"submitted_at", {erased, "row deleted"}},
         {"updated_at", {erased, "row deleted"}}}}},
      // The seeded claims: a finished fan-out's (it has its `:done`) is theirs; a running one's stays.
      {"job_runs",
       {"key = 'followups:2026-11-20:' || :me",
        {{"key", {erased, "a finished fan-out's claim for them"}}, {"ran_at", {erased, "with the claim"}}}}},
      {"dm_channels",
       {"instr(',' || users || ',', ',' || :slack || ',') > 0",
        {{"users", {erased, "the bot's DMs with them, alone or in a group: a cache"}},
         {"channel_id", {erased, "with the row"}}}}},
      {"nudge_settings",
       {"person_id = :me",
        {{"person_id", {erased, "row deleted"}}, {"follow_ups", {erased, "row deleted"}}, {"buddy", {erased, "row deleted"}}}}},
      {"mixitup_rounds",
       {"",
        {{"id", {none, "a round"}},
         {"posted_at", {none, "the round's record"}},
         {"meets_at", {none, "the round's record"}},
         {"link", {none, "the round's meeting link"}},
         {"seed", {none, "the round's record"}},
         {"cohorts", {none, "the round's record"}},
         {"posted_by", {none, "the staff member who posted it"}}}}},
      {"mixitup_groups",
       {"",
        {{"id", {none, "a group"}},
         {"round_id", {none, "the round"}},
         {"number", {none, "the group's number"}},
         {"leader_id", {kept, "the group's history: who led it"}},
         {"topic", {kept, "the group's choice, not one person's"}}}}},
      {"mixitup_members",
       {"person_id = :me",
        {{"group_id", {kept, "membership stays: it keeps people who met apart next time"}},
         {"person_id", {kept, "membership stays"}},
         {"left_out", {kept, "the group's record: whether Slack refused them in its DM"}},
         {"confidence_before", {erased, "cleared"}},
         {"confidence_after", {erased, "cleared"}},
         {"vote", {erased, "cleared"}},
         {"checked_in", {erased, "cleared"}}}}},
      {"erasures",
       {"",
        {{"day", {none, "anonymous counts"}},
         {"cohort", {none, "anonymous counts"}},
         {"contacts", {none, "anonymous counts"}},
         {"reflections", {none, "anonymous counts"}},
         {"intro_requests", {none, "anonymous counts"}},
         {"mixitup_answers", {none, "anonymous counts"}}}}},
      {"inbox",
       {"",
        {{"id", {none, "a row number"}},
         {"kind", {none, "the envelope's type"}},
         {"dedupe_key", {none, "Slack's event id"}},
         {"received_at", {none, "when"}},
         {"handled", {none, "whether"}},
         {"payload", {kept, "only until handled, which drops it: a request still to answer (this one included)"}}}}},
      // Finished messages to them go (sent: who and when; given up on: the body too); waiting ones are
      // delivered (the reply to the deletion, an export they asked for) and lose their body when sent.
      {"outbox",
       {"state >= 2 AND :slack IN (user_id, target)",
        {{"id", {none, "a row number"}},      {"kind", {erased, "finished messages to them"}},
         {"target", {erased, "finished messages to them"}}, {"user_id", {erased, "finished messages to them"}},
         {"channel_id", {erased, "finished messages to them"}}, {"created_at", {erased, "finished messages to them"}},
         {"not_before", {erased, "finished messages to them"}}, {"attempts", {erased, "finished messages to them"}},
         {"state", {erased, "finished messages to them"}}, {"in_doubt", {erased, "finished messages to them"}},
         {"last_error", {erased, "finished messages to them"}}, {"done_at", {erased, "finished messages to them"}},
         {"body_id", {erased, "finished messages to them"}}, {"notify", {erased, "finished messages to them"}}}}},
      {"outbox_body",
       {"id IN (SELECT body_id FROM outbox WHERE state >= 2 AND :slack IN (user_id, target)) AND "
        "id NOT IN (SELECT body_id FROM outbox WHERE body_id IS NOT NULL AND NOT (state >= 2 AND :slack IN (user_id, target)))",
        {{"id", {none, "a row number"}},
         {"body", {erased, "a body only their finished messages used"}},
         {"hash", {erased, "with the body"}}}}},
  };
  return rules;
}

using row = std::vector<std::string>;  // each column as "type:text", NULL as "NULL", in table_info order
using table_rows = std::map<std::int64_t, row>;  // by rowid

std::string cell(const SQLite::Column& c) {
  return c.isNull() ? std::string("NULL") : std::to_string(c.getType()) + ":" + c.getString();
}

std::vector<std::string> tables(SQLite::Database& db) {
  SQLite::Statement q(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

struct column_info {
  std::string name;
  std::string default_value;  // the default, evaluated, as cell() writes it; empty when there is none
};

std::vector<column_info> columns(SQLite::Database& db, const std::string& table) {
  SQLite::Statement q(db, "SELECT name, dflt_value FROM pragma_table_info(?) ORDER BY cid");
  q.bind(1, table);
  std::vector<column_info> out;
  while (q.executeStep()) {
    column_info c{q.getColumn(0).getString(), {}};
    if (!q.getColumn(1).isNull()) {
      SQLite::Statement d(db, "SELECT " + q.getColumn(1).getString());
      d.executeStep();
      c.default_value = cell(d.getColumn(0));
    }
    out.push_back(std::move(c));
  }
  return out;
}

table_rows rows_of(SQLite::Database& db, const std::string& table) {
  SQLite::Statement q(db, "SELECT rowid, * FROM \"" + table + "\"");
  table_rows out;
  while (q.executeStep()) {
    row r;
    for (int i = 1; i < q.getColumnCount(); ++i) r.push_back(cell(q.getColumn(i)));
    out.emplace(q.getColumn(0).getInt64(), std::move(r));
  }
  return out;
}

void bind_person(SQLite::Statement& q, const std::string& sql, std::int64_t me, const std::string& slack) {
  if (sql.find(":me") != std::string::npos) q.bind(":me", me);
  if (sql.find(":slack") != std::string::npos) q.bind(":slack", slack);
}

std::set<std::int64_t> owned_rows(SQLite::Database& db, const std::string& table, const std::string& owned, std::int64_t me,
                                  const std::string& slack) {
  std::set<std::int64_t> out;
  if (owned.empty()) return out;
  const std::string sql = "SELECT rowid FROM \"" + table + "\" WHERE " + owned;
  SQLite::Statement q(db, sql);
  bind_person(q, sql, me, slack);
  while (q.executeStep()) out.insert(q.getColumn(0).getInt64());
  return out;
}

bool blank(const std::string& v) { return v == "NULL" || v == "3:"; }  // NULL or ''
bool empty_or_default(const std::string& v, const column_info& c) {
  return blank(v) || v == "1:0" || v == c.default_value;
}

void run(SQLite::Database& db, const std::string& sql, std::int64_t me, const std::string& slack, std::int64_t other,
         const std::string& tag) {
  SQLite::Statement q(db, sql);
  bind_person(q, sql, me, slack);
  if (sql.find(":other") != std::string::npos) q.bind(":other", other);
  if (sql.find(":tag") != std::string::npos) q.bind(":tag", tag);
  q.exec();
}

std::int64_t add_person(SQLite::Database& db, const std::string& slack, const std::string& name, int roles, std::int64_t mentor) {
  SQLite::Statement q(db,
                      "INSERT INTO people(slack_id, handle, email, display_name, pronouns, roles, program, module, cohort, "
                      "target_companies, mentor_id, company, title, graduating_cohort, open_to_chats, chats_per_month, "
                      "available_to_mentor, mentee_capacity, background, interests, time_zone, mixitup, snoozed_until, active) "
                      "VALUES (?1, lower(?2), lower(?2) || '@example.org', ?2, 'they/them', ?3, 'BE', 3, '2108', "
                      "'Acme;Globex', ?4, 'Redfin Labs', 'Engineer', '2104', 1, 2, 1, 1, 'teaching', 'react;sql', "
                      "'America/Chicago', 'snoozed', '2026-12-07', 1)");
  q.bind(1, slack);
  q.bind(2, name);
  q.bind(3, roles);
  if (mentor != 0) q.bind(4, mentor); else q.bind(4);
  q.exec();
  return db.getLastInsertRowid();
}

// Everything a student can have in the file, with `other` as the buddy, the alum asked, the group-DM
// partner. `tag` tells one person's text from another's.
void seed(SQLite::Database& db, std::int64_t me, const std::string& slack, std::int64_t other, const std::string& other_slack,
          const std::string& tag) {
  const std::vector<std::string> sql{
      "INSERT INTO contacts(owner_id, name, slack_user, email, linkedin, company, role, warmth, list, why, stage, takeaway, "
      "next_action, next_due, created_at, last_interaction_at) VALUES (:me, 'Jamie ' || :tag, 'U0JAMIE', 'jamie@example.org', "
      "'https://www.linkedin.com/in/jamie', 'Acme', 'Engineer', 'cold', 'dormant', 'Met at a meetup', 'met', 'Ask early', "
      "'Send thanks', '2026-12-01', 1795000000, 1795000100)",
      "INSERT INTO contact_events(contact_id, at, kind, text) SELECT max(id), 1795000100, 'met', 'Coffee with ' || :tag "
      "FROM contacts WHERE owner_id = :me",
      "INSERT INTO goals(owner_id, level, due, set_at) VALUES (:me, 2, '2026-12-18', 1795000000)",
      "INSERT INTO action_steps(owner_id, module, text, due, created_at, done_at) VALUES (:me, 2, 'Write to ' || :tag, "
      "'2026-12-04', 1795000000, 1795000200)",
      "INSERT INTO buddies(requester, partner, state, created_at, answered_at) VALUES (:me, :other, 'accepted', 1795000000, 1795000050)",
      "INSERT INTO home_visits(person_id, first_at, last_at) VALUES (:me, 1795000000, 1795000300)",
      "INSERT INTO corrections(owner_id, at, kind, contact_id, summary) VALUES (:me, 1795000000, 'contact_edited', 7, "
      "'Edited: name, says ' || :tag)",
      "INSERT INTO intro_requests(student_id, alum_id, note, state, created_at, expires_at, answered_at) VALUES (:me, :other, "
      "'Hello from ' || :tag, 'accepted', 1795000000, 1796000000, 1795000400)",
      "INSERT INTO reflections(student_id, week, learned, next_steps, confidence, status, submitted_at, updated_at) VALUES "
      "(:me, '2026-11-20', 'Small groups, says ' || :tag, 'Two alumni', 4, 'partly', 1795000000, 1795000500)",
      "INSERT INTO nudge_settings(person_id, follow_ups, buddy) VALUES (:me, 1, 0)",
      "INSERT INTO job_runs(key, ran_at) VALUES ('followups:2026-11-20:' || :me, 1795176000)",
      "INSERT INTO job_runs(key, ran_at) VALUES ('buddy:2026-11-18:' || :me, 1795176000)",  // still running: no :done
      "INSERT INTO dm_channels(users, channel_id) VALUES (:slack, 'D' || :tag)",
      "INSERT INTO mixitup_members(group_id, person_id, confidence_before, confidence_after, vote, checked_in, left_out) "
      "VALUES (1, :me, 3, 4, 'Career stories', 'met', 0)",
      // Sent (no body), given up on (body kept), still waiting (delivered as usual).
      "INSERT INTO outbox(kind, target, user_id, channel_id, created_at, not_before, attempts, state, in_doubt, last_error, "
      "done_at, body_id, notify) VALUES ('dm', :slack, :slack, 'C0CHAN', 1795000000, 1795000000000, 1, 2, 1, 'in doubt', 1795000001000, "
      "NULL, 'C0STAFF')",
      "INSERT INTO outbox_body(body, hash) VALUES ('{\"text\":\"your follow-ups, ' || :tag || '\"}', 11)",
      "INSERT INTO outbox(kind, target, user_id, channel_id, created_at, not_before, attempts, state, in_doubt, last_error, "
      "done_at, body_id) VALUES ('api', 'chat.postMessage', :slack, 'D' || :tag, 1795000000, 1795000000000, 5, 3, 0, "
      "'channel_not_found', 1795000002000, last_insert_rowid())",
      "INSERT INTO outbox_body(body, hash) VALUES ('{\"text\":\"waiting for ' || :tag || '\"}', 12)",
      "INSERT INTO outbox(kind, target, user_id, channel_id, created_at, not_before, body_id) VALUES ('dm', :slack, :slack, '', "
      "1795000000, 1795000000000, last_insert_rowid())",
      "INSERT INTO inbox(kind, dedupe_key, payload, received_at, handled) VALUES ('slash_commands', NULL, "
      "'{\"user_id\":\"' || :slack || '\"}', 1795000000, 0)",
  };
  for (const auto& s : sql) run(db, s, me, slack, other, tag);
  run(db, "INSERT INTO dm_channels(users, channel_id) VALUES (:slack || ',' || :tag, 'G' || :tag)", me, slack, other,
      other_slack);
}

}  // namespace

TEST_CASE("forget erases every personal column of the live schema, keeps what the school keeps, touches no one else",
          "[privacy][schema]") {
  store::database database{":memory:"};
  auto& db = database.handle();

  // 1. The classification names exactly the live schema.
  const auto& rules = classification();
  for (const auto& table : tables(db)) {
    if (!rules.contains(table))
      FAIL("table " << table << " is not classified: say for each of its columns whether forget erases it, keeps it (and "
                                "why), or it is not personal");
    std::set<std::string> live;
    for (const auto& c : columns(db, table)) {
      live.insert(c.name);
      INFO("column " << table << "." << c.name << " is not classified");
      CHECK(rules.at(table).columns.contains(c.name));
    }
    for (const auto& [name, rule] : rules.at(table).columns) {
      INFO("the classification names " << table << "." << name << ", which the schema does not have");
      CHECK(live.contains(name));
    }
  }
  const auto live_tables = tables(db);
  for (const auto& [table, rule] : rules) {
    INFO("the classification names table " << table << ", which the schema does not have");
    CHECK(std::ranges::find(live_tables, table) != live_tables.end());
  }

  // 2. A person with everything filled, and others whose data must survive: Devon with the same, Cleo
  // (a mentor and alum) the buddy and alum both are linked to; Maya and Devon are linked to each other too.
  const auto cleo = add_person(db, "U0CLEO", "Cleo", 2 | 4, 0);
  const auto maya = add_person(db, "U0MAYA", "Maya", 1, cleo);
  const auto devon = add_person(db, "U0DEVON", "Devon", 1, cleo);
  db.exec("INSERT INTO mixitup_rounds(id, posted_at, meets_at, link, seed, cohorts, posted_by) VALUES "
          "(1, 1795000000, 1795100000, 'https://meet.example.org/x', 7, '2108', " + std::to_string(cleo) + ")");
  db.exec("INSERT INTO mixitup_groups(id, round_id, number, leader_id, topic) VALUES (1, 1, 1, " + std::to_string(maya) +
          ", 'Career stories')");
  db.exec("INSERT INTO job_runs(key, ran_at) VALUES ('followups:2026-11-20:done', 1795176000)");
  seed(db, maya, "U0MAYA", cleo, "U0CLEO", "maya");
  seed(db, devon, "U0DEVON", cleo, "U0CLEO", "devon");
  // Both sides: Devon asked Maya to be buddies, and asked her (as if an alum) for an intro.
  run(db, "INSERT INTO buddies(requester, partner, state, created_at) VALUES (:other, :me, 'pending', 1795000000)", maya,
      "U0MAYA", devon, "");
  run(db, "INSERT INTO intro_requests(student_id, alum_id, note, state, created_at, expires_at) VALUES (:other, :me, "
          "'Devon asks Maya', 'pending', 1795000000, 1796000000)", maya, "U0MAYA", devon, "");
  // Devon's own tracker names Maya: that is Devon's, and stays.
  run(db, "INSERT INTO contacts(owner_id, name, slack_user, warmth, list, stage, created_at) VALUES (:other, 'Maya', :slack, "
          "'warm', 'support', 'idea', 1795000000)", maya, "U0MAYA", devon, "");
  // The group DM with Maya and Cleo, and a job key that merely ends in Maya's id's digits, not hers.
  db.exec("INSERT INTO job_runs(key, ran_at) VALUES ('followups:2026-11-20:1" + std::to_string(maya) + "', 1795176000)");

  std::map<std::string, table_rows> before;
  std::map<std::string, std::set<std::int64_t>> mine;
  for (const auto& table : tables(db)) {
    before[table] = rows_of(db, table);
    mine[table] = owned_rows(db, table, rules.at(table).owned, maya, "U0MAYA");
  }

  // The seed fills every column the classification says is hers, so each check below means something.
  for (const auto& table : tables(db)) {
    const auto& rule = rules.at(table);
    const auto cols = columns(db, table);
    bool any_erased = false, any_kept = false;
    for (const auto& [name, r] : rule.columns) {
      any_erased = any_erased || r.what == erased;
      any_kept = any_kept || r.what == kept;
    }
    if (!any_erased) continue;
    INFO("table " << table);
    REQUIRE_FALSE(rule.owned.empty());  // an erased column needs a way to find the person's rows
    REQUIRE_FALSE(mine[table].empty());
    for (std::size_t c = 0; c < cols.size(); ++c) {
      const auto& r = rule.columns.at(cols[c].name);
      if (r.what == none) continue;
      INFO("column " << cols[c].name << ": the seed leaves it empty for the person");
      bool filled = false;
      for (const auto id : mine[table]) {
        const auto& v = before[table].at(id)[c];
        // Rows that stay must show the erasure: an erased value starts neither empty nor at its default.
        filled = filled || (any_kept && r.what == erased ? !empty_or_default(v, cols[c]) : !blank(v));
      }
      CHECK(filled);
    }
  }

  // 3. Forget, as the bot does it: inside a transaction.
  store::sqlite_privacy_store privacy{database};
  {
    auto tx = database.begin();
    (void)privacy.forget(maya, core::time_point{std::chrono::seconds{1'795'176'000}});
    tx->commit();
  }

  for (const auto& table : tables(db)) {
    const auto& rule = rules.at(table);
    const auto cols = columns(db, table);
    const auto after = rows_of(db, table);
    bool any_kept = false;
    for (const auto& [name, r] : rule.columns) any_kept = any_kept || r.what == kept;
    INFO("table " << table);
    for (const auto& [id, old] : before[table]) {
      INFO("row " << id);
      const auto now = after.find(id);
      if (!mine[table].contains(id)) {  // someone else's, or no one's: exactly as it was
        REQUIRE(now != after.end());
        CHECK(now->second == old);
        continue;
      }
      if (!any_kept) {  // every column of it is hers: the row goes
        CHECK(now == after.end());
        continue;
      }
      REQUIRE(now != after.end());  // the row stays for what is kept; what is hers is cleared
      for (std::size_t c = 0; c < cols.size(); ++c) {
        const auto& r = rule.columns.at(cols[c].name);
        INFO("column " << cols[c].name << " (" << r.why << "): before " << old[c] << ", after " << now->second[c]);
        if (r.what == kept) CHECK(now->second[c] == old[c]);
        if (r.what == erased) CHECK(empty_or_default(now->second[c], cols[c]));
      }
    }
    // Nothing new, but the anonymous counts.
    for (const auto& [id, r] : after) {
      INFO("row " << id << " is new");
      CHECK((before[table].contains(id) || table == "erasures"));
    }
  }
  CHECK(rows_of(db, "erasures").size() == 1);
}
