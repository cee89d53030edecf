#include "core/store/sqlite_correction_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

#include "core/store/rows.hpp"

namespace networkbot::store {

void sqlite_correction_store::add_correction(const core::correction& c) {
  auto& q = db_.cached("INSERT INTO corrections(owner_id, at, kind, contact_id, summary) VALUES (?,?,?,?,?)");
  q.bind(1, c.owner);
  q.bind(2, seconds_of(c.at));
  q.bind(3, std::string(core::to_string(c.kind)));
  q.bind(4, c.contact);
  q.bind(5, c.summary);
  q.exec();
}

std::vector<core::correction> sqlite_correction_store::corrections_of(core::person_id owner) const {
  auto& q = db_.cached("SELECT id, owner_id, at, kind, contact_id, summary FROM corrections WHERE owner_id = ? ORDER BY at, id");
  q.bind(1, owner);
  std::vector<core::correction> out;
  while (q.executeStep()) {
    core::correction c;
    c.id = q.getColumn(0).getInt64();
    c.owner = q.getColumn(1).getInt64();
    c.at = instant(q.getColumn(2).getInt64());
    c.kind = core::parse_correction_kind(q.getColumn(3).getString()).value_or(core::correction_kind::contact_edited);
    c.contact = q.getColumn(4).getInt64();
    c.summary = q.getColumn(5).getString();
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace networkbot::store
