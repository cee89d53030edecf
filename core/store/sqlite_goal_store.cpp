#include "core/store/sqlite_goal_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

#include "core/store/rows.hpp"

namespace networkbot::store {

std::optional<core::goal> sqlite_goal_store::goal_of(core::person_id owner) const {
  auto& q = db_.cached("SELECT owner_id, level, due, set_at FROM goals WHERE owner_id = ?");
  q.bind(1, owner);
  return first_row(q, [](SQLite::Statement& r) {
    core::goal g;
    g.owner = r.getColumn(0).getInt64();
    g.level = static_cast<core::networking_level>(r.getColumn(1).getInt());
    if (const auto due = r.getColumn(2); !due.isNull()) g.due = core::parse_date(due.getString());
    g.set_at = instant(r.getColumn(3).getInt64());
    return g;
  });
}

void sqlite_goal_store::save_goal(const core::goal& g) {
  auto& q = db_.cached(
      "INSERT INTO goals(owner_id, level, due, set_at) VALUES (?,?,?,?) "
      "ON CONFLICT(owner_id) DO UPDATE SET level=excluded.level, due=excluded.due, set_at=excluded.set_at");
  q.bind(1, g.owner);
  q.bind(2, static_cast<int>(g.level));
  if (g.due) q.bind(3, core::format_date(*g.due)); else q.bind(3);
  q.bind(4, seconds_of(g.set_at));
  q.exec();
}

void sqlite_goal_store::delete_goal(core::person_id owner) {
  auto& q = db_.cached("DELETE FROM goals WHERE owner_id = ?");
  q.bind(1, owner);
  q.exec();
}

std::vector<core::action_step> sqlite_goal_store::action_steps_of(core::person_id owner) const {
  auto& q = db_.cached(
      "SELECT id, owner_id, module, text, due, created_at, done_at FROM action_steps WHERE owner_id = ? ORDER BY id");
  q.bind(1, owner);
  std::vector<core::action_step> out;
  while (q.executeStep()) {
    core::action_step s;
    s.id = q.getColumn(0).getInt64();
    s.owner = q.getColumn(1).getInt64();
    if (const auto m = q.getColumn(2); !m.isNull()) s.module = m.getInt();
    s.text = q.getColumn(3).getString();
    if (const auto due = q.getColumn(4); !due.isNull()) s.due = core::parse_date(due.getString());
    s.created_at = instant(q.getColumn(5).getInt64());
    if (const auto done = q.getColumn(6); !done.isNull()) s.done_at = instant(done.getInt64());
    out.push_back(std::move(s));
  }
  return out;
}

std::int64_t sqlite_goal_store::save_action_step(const core::action_step& s) {
  auto& q = db_.cached(
      "INSERT INTO action_steps(id, owner_id, module, text, due, created_at, done_at) VALUES (?,?,?,?,?,?,?) "
      "ON CONFLICT(id) DO UPDATE SET module=excluded.module, text=excluded.text, due=excluded.due, "
      "done_at=excluded.done_at");
  if (s.id == 0) q.bind(1); else q.bind(1, s.id);
  q.bind(2, s.owner);
  if (s.module) q.bind(3, *s.module); else q.bind(3);
  q.bind(4, s.text);
  if (s.due) q.bind(5, core::format_date(*s.due)); else q.bind(5);
  q.bind(6, seconds_of(s.created_at));
  if (s.done_at) q.bind(7, seconds_of(*s.done_at)); else q.bind(7);
  q.exec();
  return s.id != 0 ? s.id : db_.handle().getLastInsertRowid();
}

void sqlite_goal_store::delete_action_step(std::int64_t id) {
  auto& q = db_.cached("DELETE FROM action_steps WHERE id = ?");
  q.bind(1, id);
  q.exec();
}

}  // namespace networkbot::store
