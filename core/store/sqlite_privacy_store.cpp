#include "core/store/sqlite_privacy_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <array>

#include "core/store/rows.hpp"

namespace networkbot::store {

namespace {

int count(database& db, const char* sql, core::person_id who) {
  auto& q = db.cached(sql);
  q.bind(1, who);
  return first_row(q, [](SQLite::Statement& row) { return row.getColumn(0).getInt(); }).value_or(0);
}

}  // namespace

core::erasure sqlite_privacy_store::forget(core::person_id who, core::time_point at) {
  const database::overwrite_deleted zeroed(db_);  // what they asked to delete is overwritten in the file
  core::erasure e;
  e.contacts = count(db_, "SELECT count(*) FROM contacts WHERE owner_id = ?", who);
  e.reflections = count(db_, "SELECT count(*) FROM reflections WHERE student_id = ?", who);
  e.intro_requests = count(db_, "SELECT count(*) FROM intro_requests WHERE student_id = ? OR alum_id = ?1", who);
  e.mixitup_answers = count(db_, "SELECT count(*) FROM mixitup_members WHERE person_id = ? AND (vote <> '' OR checked_in <> '')", who);
  // Contact events go with their contacts (ON DELETE CASCADE). Links and requests go from both sides: a
  // buddy link or an intro request is as much theirs as the other person's.
  static constexpr std::array<const char*, 15> deletes{
      "DELETE FROM contacts WHERE owner_id = ?",
      "DELETE FROM goals WHERE owner_id = ?",
      "DELETE FROM action_steps WHERE owner_id = ?",
      "DELETE FROM buddies WHERE requester = ?1 OR partner = ?1",
      "DELETE FROM nudge_settings WHERE person_id = ?",
      "DELETE FROM intro_requests WHERE student_id = ?1 OR alum_id = ?1",
      "DELETE FROM reflections WHERE student_id = ?",
      "DELETE FROM home_visits WHERE person_id = ?",
      "DELETE FROM corrections WHERE owner_id = ?",
      // Group membership stays (it keeps others' repeat avoidance right); what they said goes.
      "UPDATE mixitup_members SET vote = '', checked_in = '', confidence_before = 0, confidence_after = NULL WHERE person_id = ?",
      // What they wrote about themselves, and what they consented to. The roster's part of the row stays:
      // Slack id, handle, name, email, roles, program, module, cohort, mentor, company, title, graduating
      // cohort, active (none of these can be typed by the person: only staff and the roster import set
      // them), and their Mix It Up choice (putting back an opt-out would group them against their wish).
      "UPDATE people SET pronouns = '', target_companies = '', background = '', interests = '', time_zone = '', "
      "open_to_chats = 0, chats_per_month = 0, available_to_mentor = 0, mentee_capacity = 0 WHERE id = ?",
      // The bot's DM channels with them (alone or in a group): a cache, opened again when next needed.
      "DELETE FROM dm_channels WHERE instr(',' || users || ',', ',' || (SELECT slack_id FROM people WHERE id = ?) || ',') > 0",
      // Messages to them that are finished with: sent (no body left, only who and when) or given up on
      // (which keep their body until pruned). Messages still waiting go out as usual (the reply they are
      // waiting for, their export) and lose their body once sent.
      "DELETE FROM outbox WHERE state >= 2 AND (SELECT slack_id FROM people WHERE id = ?1) IN (user_id, target)",
      "DELETE FROM outbox_body WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE body_id = outbox_body.id)",
      // A finished fan-out's claim for them (`<job>:<id>`, next to `<job>:done`): that they were sent a
      // reminder or a nudge. A fan-out still running keeps its claims, so nobody is sent anything twice.
      "DELETE FROM job_runs WHERE key LIKE '%:' || ?1 AND "
      "substr(key, 1, length(key) - length(?1)) || 'done' IN (SELECT key FROM job_runs)",
  };
  for (const char* sql : deletes) {
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
  // What forget() deletes or clears, table by table.
  return count(db_,
               "SELECT EXISTS (SELECT 1 FROM contacts WHERE owner_id = ?1) OR EXISTS (SELECT 1 FROM goals WHERE owner_id = ?1) "
               "OR EXISTS (SELECT 1 FROM action_steps WHERE owner_id = ?1) "
               "OR EXISTS (SELECT 1 FROM buddies WHERE requester = ?1 OR partner = ?1) "
               "OR EXISTS (SELECT 1 FROM nudge_settings WHERE person_id = ?1) "
               "OR EXISTS (SELECT 1 FROM intro_requests WHERE student_id = ?1 OR alum_id = ?1) "
               "OR EXISTS (SELECT 1 FROM reflections WHERE student_id = ?1) OR EXISTS (SELECT 1 FROM home_visits WHERE person_id = ?1) "
               "OR EXISTS (SELECT 1 FROM mixitup_members WHERE person_id = ?1 AND (vote <> '' OR checked_in <> '' OR "
               "confidence_before <> 0 OR confidence_after IS NOT NULL)) "
               "OR EXISTS (SELECT 1 FROM corrections WHERE owner_id = ?1) "
               // What they wrote in their profile, and their consents.
               "OR EXISTS (SELECT 1 FROM people WHERE id = ?1 AND (pronouns <> '' OR target_companies <> '' OR background <> '' "
               "OR interests <> '' OR time_zone <> '' OR open_to_chats <> 0 OR chats_per_month <> 0 OR available_to_mentor <> 0 "
               "OR mentee_capacity <> 0))",
               who) != 0;
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
