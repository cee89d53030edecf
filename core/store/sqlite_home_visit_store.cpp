#include "core/store/sqlite_home_visit_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

#include "core/store/rows.hpp"

namespace networkbot::store {

bool sqlite_home_visit_store::record_home_visit(core::person_id who, core::time_point at) {
  auto& insert = db_.cached("INSERT INTO home_visits(person_id, first_at, last_at) VALUES (?,?,?) ON CONFLICT DO NOTHING");
  insert.bind(1, who);
  insert.bind(2, seconds_of(at));
  insert.bind(3, seconds_of(at));
  if (insert.exec() == 1) return true;
  auto& update = db_.cached("UPDATE home_visits SET last_at = ? WHERE person_id = ?");
  update.bind(1, seconds_of(at));
  update.bind(2, who);
  update.exec();
  return false;
}

bool sqlite_home_visit_store::has_visited_home(core::person_id who) const {
  auto& q = db_.cached("SELECT 1 FROM home_visits WHERE person_id = ?");
  q.bind(1, who);
  const bool seen = q.executeStep();
  q.reset();
  return seen;
}

}  // namespace networkbot::store
