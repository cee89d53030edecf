#include "core/store/sqlite_nudge_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

#include "core/store/rows.hpp"

namespace networkbot::store {

core::nudge_settings sqlite_nudge_store::nudges_of(core::person_id who) const {
  auto& q = db_.cached("SELECT follow_ups, buddy FROM nudge_settings WHERE person_id = ?");
  q.bind(1, who);
  return first_row(q, [](SQLite::Statement& row) {
           return core::nudge_settings{row.getColumn(0).getInt() != 0, row.getColumn(1).getInt() != 0};
         }).value_or(core::nudge_settings{});
}

void sqlite_nudge_store::save_nudges(core::person_id who, const core::nudge_settings& n) {
  auto& q = db_.cached(
      "INSERT INTO nudge_settings(person_id, follow_ups, buddy) VALUES (?,?,?) "
      "ON CONFLICT(person_id) DO UPDATE SET follow_ups = excluded.follow_ups, buddy = excluded.buddy");
  q.bind(1, who);
  q.bind(2, n.follow_ups ? 1 : 0);
  q.bind(3, n.buddy ? 1 : 0);
  q.exec();
}

std::vector<core::person_id> sqlite_nudge_store::follow_up_subscribers() const {
  auto& q = db_.cached("SELECT person_id FROM nudge_settings WHERE follow_ups = 1 ORDER BY person_id");
  std::vector<core::person_id> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
  return out;
}

}  // namespace networkbot::store
