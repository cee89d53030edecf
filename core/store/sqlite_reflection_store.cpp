#include "core/store/sqlite_reflection_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/store/rows.hpp"

namespace networkbot::store {

namespace {

constexpr std::string_view columns =
    "SELECT id, student_id, week, learned, next_steps, confidence, status, submitted_at, updated_at FROM reflections ";


core::reflection read(SQLite::Statement& q) {
  core::reflection r;
  r.id = q.getColumn(0).getInt64();
  r.student = q.getColumn(1).getInt64();
  r.week = q.getColumn(2).getString();
  r.learned = q.getColumn(3).getString();
  r.next_steps = q.getColumn(4).getString();
  r.confidence = q.getColumn(5).getInt();
  r.status = core::parse_week_status(q.getColumn(6).getString()).value_or(core::week_status::partly);
  r.submitted_at = instant(q.getColumn(7).getInt64());
  r.updated_at = instant(q.getColumn(8).getInt64());
  return r;
}

}  // namespace

std::int64_t sqlite_reflection_store::save_reflection(const core::reflection& r) {
  auto& q = db_.cached(
      "INSERT INTO reflections(student_id, week, learned, next_steps, confidence, status, submitted_at, updated_at) "
      "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(student_id, week) DO UPDATE SET learned=excluded.learned, "
      "next_steps=excluded.next_steps, confidence=excluded.confidence, status=excluded.status, updated_at=excluded.updated_at "
      "RETURNING id");
  q.bind(1, r.student);
  q.bind(2, r.week);
  q.bind(3, r.learned);
  q.bind(4, r.next_steps);
  q.bind(5, r.confidence);
  q.bind(6, std::string(core::to_string(r.status)));
  q.bind(7, seconds_of(r.submitted_at));
  q.bind(8, seconds_of(r.updated_at));
  q.executeStep();
  const auto id = q.getColumn(0).getInt64();
  q.reset();
  return id;
}

std::optional<core::reflection> sqlite_reflection_store::find_reflection(core::person_id student, std::string_view week) const {
  auto& q = db_.cached(std::string(columns) + "WHERE student_id = ? AND week = ?");
  q.bind(1, student);
  q.bind(2, std::string(week));
  return first_row(q, read);
}

std::vector<core::reflection> sqlite_reflection_store::reflections_of(core::person_id student) const {
  auto& q = db_.cached(std::string(columns) + "WHERE student_id = ? ORDER BY week DESC");
  q.bind(1, student);
  std::vector<core::reflection> out;
  while (q.executeStep()) out.push_back(read(q));
  return out;
}

std::set<core::person_id> sqlite_reflection_store::answered(std::string_view week) const {
  auto& q = db_.cached("SELECT student_id FROM reflections WHERE week = ?");
  q.bind(1, std::string(week));
  std::set<core::person_id> out;
  while (q.executeStep()) out.insert(q.getColumn(0).getInt64());
  return out;
}

std::map<core::person_id, int> sqlite_reflection_store::latest_confidence() const {
  // SQLite takes the bare column from the row that holds max(week).
  auto& q = db_.cached("SELECT student_id, confidence, max(week) FROM reflections GROUP BY student_id");
  std::map<core::person_id, int> out;
  while (q.executeStep()) out.emplace(q.getColumn(0).getInt64(), q.getColumn(1).getInt());
  return out;
}

int sqlite_reflection_store::forget_reflections_before(std::string_view week) {
  auto& q = db_.cached("DELETE FROM reflections WHERE week < ?");  // ISO dates sort as text
  q.bind(1, std::string(week));
  return q.exec();
}

}  // namespace networkbot::store
