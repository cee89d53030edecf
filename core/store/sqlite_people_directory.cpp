#include "core/store/sqlite_people_directory.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/text.hpp"

namespace networkbot::store {

namespace {

constexpr const char* select_columns =
    "SELECT slack_id, handle, email, display_name, pronouns, roles, program, module, cohort, company, "
    "title, background, interests, time_zone, active FROM people ";

std::string join_interests(const std::vector<std::string>& tags) {
  std::string out;
  for (const auto& t : tags) out += (out.empty() ? "" : ";") + t;
  return out;
}

core::person read_person(SQLite::Statement& q) {
  core::person p;
  p.slack_id = q.getColumn(0).getString();
  p.handle = q.getColumn(1).getString();
  p.email = q.getColumn(2).getString();
  p.display_name = q.getColumn(3).getString();
  p.pronouns = q.getColumn(4).getString();
  const int bits = q.getColumn(5).getInt();
  for (auto r : {core::role::student, core::role::alum, core::role::mentor, core::role::staff})
    if ((bits & static_cast<int>(r)) != 0) p.roles.add(r);
  p.program = q.getColumn(6).getString();
  if (!q.getColumn(7).isNull()) p.module = q.getColumn(7).getInt();
  p.cohort = q.getColumn(8).getString();
  p.company = q.getColumn(9).getString();
  p.title = q.getColumn(10).getString();
  p.background = q.getColumn(11).getString();
  p.interests = core::split_list(q.getColumn(12).getString(), ';');
  p.time_zone = q.getColumn(13).getString();
  p.active = q.getColumn(14).getInt() != 0;
  return p;
}

int role_bits(const core::person& p) {
  int bits = 0;
  for (auto r : {core::role::student, core::role::alum, core::role::mentor, core::role::staff})
    if (p.is(r)) bits |= static_cast<int>(r);
  return bits;
}

void write_person(SQLite::Database& db, const core::person& p) {
  SQLite::Statement q(db,
                      "INSERT INTO people(slack_id, handle, email, display_name, pronouns, roles, program, module, "
                      "cohort, company, title, background, interests, time_zone, active) "
                      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                      "ON CONFLICT(slack_id) DO UPDATE SET handle=excluded.handle, email=excluded.email, "
                      "display_name=excluded.display_name, pronouns=excluded.pronouns, roles=excluded.roles, "
                      "program=excluded.program, module=excluded.module, cohort=excluded.cohort, "
                      "company=excluded.company, title=excluded.title, background=excluded.background, "
                      "interests=excluded.interests, time_zone=excluded.time_zone, active=excluded.active");
  q.bind(1, p.slack_id);
  if (p.handle.empty()) q.bind(2); else q.bind(2, p.handle);
  q.bind(3, p.email);
  q.bind(4, p.display_name);
  q.bind(5, p.pronouns);
  q.bind(6, role_bits(p));
  q.bind(7, p.program);
  if (p.module) q.bind(8, *p.module); else q.bind(8);
  q.bind(9, p.cohort);
  q.bind(10, p.company);
  q.bind(11, p.title);
  q.bind(12, p.background);
  q.bind(13, join_interests(p.interests));
  q.bind(14, p.time_zone);
  q.bind(15, p.active ? 1 : 0);
  q.exec();
}

}  // namespace

std::optional<core::person> sqlite_people_directory::find_by_slack_id(std::string_view slack_id) const {
  SQLite::Statement q(db_.handle(), std::string(select_columns) + "WHERE slack_id = ?");
  q.bind(1, std::string(slack_id));
  if (!q.executeStep()) return std::nullopt;
  return read_person(q);
}

std::optional<core::person> sqlite_people_directory::find_by_handle(std::string_view handle) const {
  if (handle.starts_with('@')) handle.remove_prefix(1);
  SQLite::Statement q(db_.handle(), std::string(select_columns) + "WHERE lower(handle) = lower(?)");
  q.bind(1, std::string(handle));
  if (!q.executeStep()) return std::nullopt;
  return read_person(q);
}

std::vector<core::person> sqlite_people_directory::all() const {
  SQLite::Statement q(db_.handle(), std::string(select_columns) + "ORDER BY display_name, slack_id");
  std::vector<core::person> out;
  while (q.executeStep()) out.push_back(read_person(q));
  return out;
}

void sqlite_people_directory::upsert(const core::person& p) { write_person(db_.handle(), p); }

void sqlite_people_directory::upsert_all(const std::vector<core::person>& people) {
  SQLite::Transaction tx(db_.handle());
  for (const auto& p : people) write_person(db_.handle(), p);
  tx.commit();
}

}  // namespace networkbot::store
