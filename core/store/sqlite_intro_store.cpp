#include "core/store/sqlite_intro_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/store/rows.hpp"

namespace networkbot::store {

namespace {

constexpr std::string_view columns =
    "SELECT id, student_id, alum_id, note, state, created_at, expires_at, answered_at FROM intro_requests ";


core::intro_request read(SQLite::Statement& q) {
  core::intro_request r;
  r.id = q.getColumn(0).getInt64();
  r.student = q.getColumn(1).getInt64();
  r.alum = q.getColumn(2).getInt64();
  r.note = q.getColumn(3).getString();
  r.state = core::parse_intro_state(q.getColumn(4).getString()).value_or(core::intro_state::expired);
  r.created_at = instant(q.getColumn(5).getInt64());
  r.expires_at = instant(q.getColumn(6).getInt64());
  if (const auto a = q.getColumn(7); !a.isNull()) r.answered_at = instant(a.getInt64());
  return r;
}

}  // namespace

std::int64_t sqlite_intro_store::save_intro(const core::intro_request& r) {
  auto& q = db_.cached(
      "INSERT INTO intro_requests(id, student_id, alum_id, note, state, created_at, expires_at, answered_at) "
      "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET state=excluded.state, answered_at=excluded.answered_at");
  if (r.id == 0) q.bind(1); else q.bind(1, r.id);
  q.bind(2, r.student);
  q.bind(3, r.alum);
  q.bind(4, r.note);
  q.bind(5, std::string(core::to_string(r.state)));
  q.bind(6, seconds_of(r.created_at));
  q.bind(7, seconds_of(r.expires_at));
  if (r.answered_at) q.bind(8, seconds_of(*r.answered_at)); else q.bind(8);
  q.exec();
  return r.id != 0 ? r.id : db_.handle().getLastInsertRowid();
}

std::optional<core::intro_request> sqlite_intro_store::find_intro(std::int64_t id) const {
  auto& q = db_.cached(std::string(columns) + "WHERE id = ?");
  q.bind(1, id);
  return first_row(q, read);
}

std::vector<core::intro_request> sqlite_intro_store::many(std::string_view where, std::int64_t value) const {
  auto& q = db_.cached(std::string(columns) + std::string(where));
  q.bind(1, value);
  std::vector<core::intro_request> out;
  while (q.executeStep()) out.push_back(read(q));
  return out;
}

std::vector<core::intro_request> sqlite_intro_store::pending_from(core::person_id student) const {
  return many("WHERE student_id = ? AND state = 'pending' ORDER BY id", student);
}

std::vector<core::intro_request> sqlite_intro_store::involving(core::person_id who) const {
  return many("WHERE student_id = ?1 OR alum_id = ?1 ORDER BY id", who);
}

std::vector<core::intro_request> sqlite_intro_store::pending_for(core::person_id alum) const {
  return many("WHERE alum_id = ? AND state = 'pending' ORDER BY id", alum);
}

int sqlite_intro_store::accepted_since(core::person_id alum, core::time_point since) const {
  auto& q = db_.cached("SELECT count(*) FROM intro_requests WHERE alum_id = ? AND state = 'accepted' AND answered_at >= ?");
  q.bind(1, alum);
  q.bind(2, seconds_of(since));
  q.executeStep();
  const int n = q.getColumn(0).getInt();
  q.reset();
  return n;
}

std::vector<core::intro_request> sqlite_intro_store::pending_expired(core::time_point now) const {
  return many("WHERE state = 'pending' AND expires_at <= ? ORDER BY id", seconds_of(now));
}

std::vector<core::intro_request> sqlite_intro_store::expired_since(core::time_point since) const {
  return many("WHERE state = 'expired' AND expires_at >= ? ORDER BY id", seconds_of(since));
}

}  // namespace networkbot::store
