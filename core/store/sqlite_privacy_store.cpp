#include "core/store/sqlite_privacy_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/store/rows.hpp"

namespace networkbot::store {

namespace {

int count(database& db, const char* sql, core::person_id who) {
  auto& q = db.cached(sql);
  q.bind(1, who);
  return first_row(q, [](SQLite::Statement& row) { return row.getColumn(0).getInt(); }).value_or(0);
}

// What a person's erasure touches, in one list: forget() deletes or clears each part, holds_data() asks
// whether any part still holds something of theirs. In `whose`, ?1 is the person.
struct column_reset {
  std::string_view column;
  std::string_view emptied;
};

struct erased_part {
  std::string_view table;
  std::string_view whose;
  std::span<const column_reset> cleared{};  // empty: their rows are deleted; else these columns are reset
  bool their_data = true;                   // false: a cache or a finished message, gone too, never "held"
};

// What they wrote about themselves, and what they consented to. The roster's part of the row stays: Slack
// id, handle, name, email, roles, program, module, cohort, mentor, company, title, graduating cohort,
// active (none of these can be typed by the person: only staff and the roster import set them), and their
// Mix It Up choice (putting back an opt-out would group them against their wish).
constexpr std::array<column_reset, 9> profile_columns{{{"pronouns", "''"},
                                                       {"target_companies", "''"},
                                                       {"background", "''"},
                                                       {"interests", "''"},
                                                       {"time_zone", "''"},
                                                       {"open_to_chats", "0"},
                                                       {"chats_per_month", "0"},
                                                       {"available_to_mentor", "0"},
                                                       {"mentee_capacity", "0"}}};

// Group membership stays (it keeps others' repeat avoidance right); what they said goes.
constexpr std::array<column_reset, 4> mixitup_answer_columns{
    {{"vote", "''"}, {"checked_in", "''"}, {"confidence_before", "0"}, {"confidence_after", "NULL"}}};

// Contact events go with their contacts (ON DELETE CASCADE). Links and requests go from both sides: a buddy
// link or an intro request is as much theirs as the other person's.
constexpr std::array<erased_part, 15> erased_parts{{
    {"contacts", "owner_id = ?1"},
    {"goals", "owner_id = ?1"},
    {"action_steps", "owner_id = ?1"},
    {"buddies", "requester = ?1 OR partner = ?1"},
    {"nudge_settings", "person_id = ?1"},
    {"intro_requests", "student_id = ?1 OR alum_id = ?1"},
    {"reflections", "student_id = ?1"},
    {"home_visits", "person_id = ?1"},
    {"corrections", "owner_id = ?1"},
    {"mixitup_members", "person_id = ?1", mixitup_answer_columns},
    {"people", "id = ?1", profile_columns},
    // The bot's DM channels with them (alone or in a group): a cache, opened again when next needed.
    {"dm_channels", "instr(',' || users || ',', ',' || (SELECT slack_id FROM people WHERE id = ?1) || ',') > 0", {}, false},
    // Messages to them that are finished with: sent (no body left, only who and when) or given up on (which
    // keep their body until pruned). Messages still waiting go out as usual (the reply they are waiting
    // for, their export) and lose their body once sent.
    {"outbox", "state >= 2 AND (SELECT slack_id FROM people WHERE id = ?1) IN (user_id, target)", {}, false},
    {"outbox_body", "NOT EXISTS (SELECT 1 FROM outbox WHERE body_id = outbox_body.id)", {}, false},
    // A finished fan-out's claim for them (`<job>:<id>`, next to `<job>:done`): that they were sent a
    // reminder or a nudge. A fan-out still running keeps its claims, so nobody is sent anything twice.
    {"job_runs", "key LIKE '%:' || ?1 AND substr(key, 1, length(key) - length(?1)) || 'done' IN (SELECT key FROM job_runs)", {},
     false},
}};

std::string erase_statement(const erased_part& part) {
  std::string sql;
  if (part.cleared.empty()) {
    sql.append("DELETE FROM ").append(part.table);
  } else {
    sql.append("UPDATE ").append(part.table).append(" SET ");
    for (const auto& c : part.cleared) {
      if (&c != part.cleared.data()) sql.append(", ");
      sql.append(c.column).append(" = ").append(c.emptied);
    }
  }
  return sql.append(" WHERE ").append(part.whose);
}

// One query: does any part still hold something of theirs? A cleared column holds something while it is
// not its emptied value (`IS NOT` so that NULL compares too).
std::string holds_data_query() {
  std::string sql = "SELECT ";
  bool first = true;
  for (const auto& part : erased_parts) {
    if (!part.their_data) continue;
    if (!first) sql.append(" OR ");
    first = false;
    sql.append("EXISTS (SELECT 1 FROM ").append(part.table).append(" WHERE (").append(part.whose).append(")");
    if (!part.cleared.empty()) {
      sql.append(" AND (");
      for (const auto& c : part.cleared) {
        if (&c != part.cleared.data()) sql.append(" OR ");
        sql.append(c.column).append(" IS NOT ").append(c.emptied);
      }
      sql.append(")");
    }
    sql.append(")");
  }
  return sql;
}

}  // namespace

core::erasure sqlite_privacy_store::forget(core::person_id who, core::time_point at) {
  const database::overwrite_deleted zeroed(db_);  // what they asked to delete is overwritten in the file
  core::erasure e;
  e.contacts = count(db_, "SELECT count(*) FROM contacts WHERE owner_id = ?", who);
  e.reflections = count(db_, "SELECT count(*) FROM reflections WHERE student_id = ?", who);
  e.intro_requests = count(db_, "SELECT count(*) FROM intro_requests WHERE student_id = ? OR alum_id = ?1", who);
  e.mixitup_answers = count(db_, "SELECT count(*) FROM mixitup_members WHERE person_id = ? AND (vote <> '' OR checked_in <> '')", who);
  static const auto statements = [] {
    std::vector<std::string> all;
    for (const auto& part : erased_parts) all.push_back(erase_statement(part));
    return all;
  }();
  for (const auto& sql : statements) {
    auto& q = db_.cached(sql);
    if (q.getBindParameterCount() > 0) q.bind(1, who);
    q.exec();
  }
  auto& record = db_.cached(
      "INSERT INTO erasures(day, cohort, contacts, reflections, intro_requests, mixitup_answers) "
      "SELECT ?, coalesce((SELECT cohort FROM people WHERE id = ?), ''), ?, ?, ?, ?");
  record.bind(1, seconds_of(at) / 86400 * 86400);
  record.bind(2, who);
  record.bind(3, e.contacts);
  record.bind(4, e.reflections);
  record.bind(5, e.intro_requests);
  record.bind(6, e.mixitup_answers);
  record.exec();
  return e;
}

bool sqlite_privacy_store::holds_data(core::person_id who) const {
  static const std::string query = holds_data_query();
  return count(db_, query.c_str(), who) != 0;
}

core::erasure_totals sqlite_privacy_store::forgotten_so_far() const {
  auto& q = db_.cached("SELECT count(*), coalesce(sum(contacts),0), coalesce(sum(reflections),0), coalesce(sum(intro_requests),0), "
                       "coalesce(sum(mixitup_answers),0) FROM erasures");
  return first_row(q, [](SQLite::Statement& row) {
           return core::erasure_totals{row.getColumn(0).getInt(), {row.getColumn(1).getInt(), row.getColumn(2).getInt(),
                                                                   row.getColumn(3).getInt(), row.getColumn(4).getInt()}};
         }).value_or(core::erasure_totals{});
}

}  // namespace networkbot::store
