#include "core/store/sqlite_confirmation_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/store/rows.hpp"

namespace networkbot::store {

std::int64_t sqlite_confirmation_store::add_confirmation(const core::confirmation& c) {
  auto& q = db_.cached("INSERT INTO pending_confirmations(kind, created_by, payload, created_at) VALUES (?,?,?,?)");
  q.bind(1, c.kind);
  q.bind(2, c.created_by);
  q.bind(3, c.payload);
  q.bind(4, seconds_of(c.created_at));
  q.exec();
  return db_.handle().getLastInsertRowid();
}

std::optional<core::confirmation> sqlite_confirmation_store::find_confirmation(std::int64_t id) const {
  auto& q = db_.cached("SELECT id, kind, created_by, payload, created_at, used_at, used_by, result FROM pending_confirmations WHERE id = ?");
  q.bind(1, id);
  return first_row(q, [](SQLite::Statement& row) {
    core::confirmation c;
    c.id = row.getColumn(0).getInt64();
    c.kind = row.getColumn(1).getString();
    c.created_by = row.getColumn(2).getInt64();
    c.payload = row.getColumn(3).getString();
    c.created_at = instant(row.getColumn(4).getInt64());
    if (const auto used = row.getColumn(5); !used.isNull()) c.used_at = instant(used.getInt64());
    c.used_by = row.getColumn(6).getInt64();
    c.result = row.getColumn(7).getString();
    return c;
  });
}

bool sqlite_confirmation_store::claim_confirmation(std::int64_t id, core::person_id by, core::time_point at) {
  auto& q = db_.cached("UPDATE pending_confirmations SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL");
  q.bind(1, seconds_of(at));
  q.bind(2, by);
  q.bind(3, id);
  return q.exec() == 1;
}

void sqlite_confirmation_store::set_confirmation_result(std::int64_t id, std::string_view result) {
  auto& q = db_.cached("UPDATE pending_confirmations SET result = ? WHERE id = ?");
  q.bind(1, std::string(result));
  q.bind(2, id);
  q.exec();
}

int sqlite_confirmation_store::forget_confirmations_before(core::time_point t) {
  auto& q = db_.cached("DELETE FROM pending_confirmations WHERE created_at < ?");
  q.bind(1, seconds_of(t));
  return q.exec();
}

}  // namespace networkbot::store
