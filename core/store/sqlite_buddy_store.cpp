#include "core/store/sqlite_buddy_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

#include "core/store/rows.hpp"

namespace networkbot::store {

namespace {

constexpr std::string_view link_columns = "SELECT id, requester, partner, state, created_at, answered_at FROM buddies ";

core::buddy_link read_link(SQLite::Statement& q) {
  core::buddy_link l;
  l.id = q.getColumn(0).getInt64();
  l.requester = q.getColumn(1).getInt64();
  l.partner = q.getColumn(2).getInt64();
  l.state = core::parse_buddy_state(q.getColumn(3).getString()).value_or(core::buddy_state::ended);
  l.created_at = instant(q.getColumn(4).getInt64());
  if (const auto a = q.getColumn(5); !a.isNull()) l.answered_at = instant(a.getInt64());
  return l;
}

}  // namespace

std::vector<core::buddy_link> sqlite_buddy_store::buddy_links_of(core::person_id who) const {
  auto& q = db_.cached(std::string(link_columns) +
                       "WHERE (requester = ? OR partner = ?) AND state IN ('pending', 'accepted') ORDER BY id DESC");
  q.bind(1, who);
  q.bind(2, who);
  std::vector<core::buddy_link> out;
  while (q.executeStep()) out.push_back(read_link(q));
  return out;
}

std::optional<core::buddy_link> sqlite_buddy_store::find_buddy_link(std::int64_t id) const {
  auto& q = db_.cached(std::string(link_columns) + "WHERE id = ?");
  q.bind(1, id);
  return first_row(q, read_link);
}

std::int64_t sqlite_buddy_store::save_buddy_link(const core::buddy_link& l) {
  auto& q = db_.cached(
      "INSERT INTO buddies(id, requester, partner, state, created_at, answered_at) VALUES (?,?,?,?,?,?) "
      "ON CONFLICT(id) DO UPDATE SET state=excluded.state, answered_at=excluded.answered_at");
  if (l.id == 0) q.bind(1); else q.bind(1, l.id);
  q.bind(2, l.requester);
  q.bind(3, l.partner);
  q.bind(4, std::string(core::to_string(l.state)));
  q.bind(5, seconds_of(l.created_at));
  if (l.answered_at) q.bind(6, seconds_of(*l.answered_at)); else q.bind(6);
  q.exec();
  return l.id != 0 ? l.id : db_.handle().getLastInsertRowid();
}

std::vector<core::buddy_link> sqlite_buddy_store::accepted_buddy_links() const {
  auto& q = db_.cached(std::string(link_columns) + "WHERE state = 'accepted' ORDER BY id");
  std::vector<core::buddy_link> out;
  while (q.executeStep()) out.push_back(read_link(q));
  return out;
}

std::vector<core::buddy_link> sqlite_buddy_store::pending_buddy_links_asked(core::time_point from, core::time_point to) const {
  auto& q = db_.cached(std::string(link_columns) + "WHERE state = 'pending' AND created_at >= ? AND created_at < ? ORDER BY id");
  q.bind(1, seconds_of(from));
  q.bind(2, seconds_of(to));
  std::vector<core::buddy_link> out;
  while (q.executeStep()) out.push_back(read_link(q));
  return out;
}

}  // namespace networkbot::store
