#include "core/store/sqlite_people_directory.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <array>

#include "core/dates.hpp"
#include "core/store/rows.hpp"
#include "core/text.hpp"

namespace networkbot::store {

namespace {

constexpr std::string_view select_columns =
    "SELECT id, slack_id, handle, email, display_name, pronouns, roles, program, module, cohort, target_companies, "
    "coalesce(mentor_id, 0), company, title, graduating_cohort, open_to_chats, chats_per_month, available_to_mentor, "
    "mentee_capacity, background, interests, time_zone, mixitup, snoozed_until, active FROM people ";

constexpr std::array all_roles{core::role::student, core::role::alum, core::role::mentor, core::role::staff};

std::string join_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& t : items) out += (out.empty() ? "" : ";") + t;
  return out;
}

core::person read_person(SQLite::Statement& q) {
  core::person p;
  int c = 0;
  p.id = q.getColumn(c++).getInt64();
  p.slack_id = q.getColumn(c++).getString();
  p.handle = q.getColumn(c++).getString();
  p.email = q.getColumn(c++).getString();
  p.display_name = q.getColumn(c++).getString();
  p.pronouns = q.getColumn(c++).getString();
  const int bits = q.getColumn(c++).getInt();
  for (auto r : all_roles)
    if ((bits & static_cast<int>(r)) != 0) p.roles.add(r);
  p.program = q.getColumn(c++).getString();
  if (const auto m = q.getColumn(c++); !m.isNull()) p.module = m.getInt();
  p.cohort = q.getColumn(c++).getString();
  p.target_companies = core::split_list(q.getColumn(c++).getString(), ';');
  p.mentor = q.getColumn(c++).getInt64();
  p.company = q.getColumn(c++).getString();
  p.title = q.getColumn(c++).getString();
  p.graduating_cohort = q.getColumn(c++).getString();
  p.open_to_chats.on = q.getColumn(c++).getInt() != 0;
  p.open_to_chats.capacity = q.getColumn(c++).getInt();
  p.available_to_mentor.on = q.getColumn(c++).getInt() != 0;
  p.available_to_mentor.capacity = q.getColumn(c++).getInt();
  p.background = q.getColumn(c++).getString();
  p.interests = core::split_list(q.getColumn(c++).getString(), ';');
  p.time_zone = q.getColumn(c++).getString();
  p.mixitup = core::parse_mixitup_status(q.getColumn(c++).getString()).value_or(core::mixitup_status::opted_in);
  if (const auto s = q.getColumn(c++); !s.isNull()) p.snoozed_until = core::parse_date(s.getString());
  p.active = q.getColumn(c++).getInt() != 0;
  return p;
}

int role_bits(const core::person& p) {
  int bits = 0;
  for (auto r : all_roles)
    if (p.is(r)) bits |= static_cast<int>(r);
  return bits;
}

void bind_text_or_null(SQLite::Statement& q, int at, const std::string& text) {
  if (text.empty()) q.bind(at); else q.bind(at, text);
}

}  // namespace

std::optional<core::person> sqlite_people_directory::one(std::string_view where, std::string_view value) const {
  auto& q = db_.cached(std::string(select_columns) + std::string(where));
  q.bind(1, std::string(value));
  return first_row(q, read_person);
}

std::optional<core::person> sqlite_people_directory::find(core::person_id id) const {
  auto& q = db_.cached(std::string(select_columns) + "WHERE id = ?");
  q.bind(1, id);
  return first_row(q, read_person);
}

std::optional<core::person> sqlite_people_directory::find_by_slack_id(std::string_view slack_id) const {
  if (slack_id.empty()) return std::nullopt;
  return one("WHERE slack_id = ?", slack_id);
}

std::optional<core::person> sqlite_people_directory::find_by_email(std::string_view email) const {
  email = core::trim(email);
  if (email.empty()) return std::nullopt;
  return one("WHERE lower(email) = lower(?) AND email <> ''", email);
}

std::optional<core::person> sqlite_people_directory::find_by_handle(std::string_view handle) const {
  if (handle.starts_with('@')) handle.remove_prefix(1);
  if (handle.empty()) return std::nullopt;
  return one("WHERE lower(handle) = lower(?) AND handle IS NOT NULL AND handle <> ''", handle);
}

std::vector<core::person> sqlite_people_directory::all() const {
  SQLite::Statement q(db_.handle(), std::string(select_columns) + "ORDER BY display_name, slack_id, id");
  std::vector<core::person> out;
  while (q.executeStep()) out.push_back(read_person(q));
  return out;
}

std::vector<core::person> sqlite_people_directory::in_cohort(std::string_view cohort) const {
  SQLite::Statement q(db_.handle(), std::string(select_columns) + "WHERE cohort = ? ORDER BY display_name, id");
  q.bind(1, std::string(cohort));
  std::vector<core::person> out;
  while (q.executeStep()) out.push_back(read_person(q));
  return out;
}

std::vector<core::person> sqlite_people_directory::open_to_chats() const {
  SQLite::Statement q(db_.handle(), std::string(select_columns) + "WHERE open_to_chats = 1 AND active = 1 ORDER BY id");
  std::vector<core::person> out;
  while (q.executeStep()) out.push_back(read_person(q));
  return out;
}

std::vector<core::person> sqlite_people_directory::available_mentors() const {
  SQLite::Statement q(db_.handle(), std::string(select_columns) +
                                        "WHERE available_to_mentor = 1 AND mentee_capacity > 0 AND active = 1 ORDER BY id");
  std::vector<core::person> out;
  while (q.executeStep()) out.push_back(read_person(q));
  return out;
}

core::person_id sqlite_people_directory::upsert(const core::person& p) {
  core::person_id id = p.id;
  if (id == 0) {
    if (auto existing = find_by_slack_id(p.slack_id)) id = existing->id;
    else if (auto by_email = find_by_email(p.email)) id = by_email->id;
  }
  auto& q = db_.cached(
      "INSERT INTO people(id, slack_id, handle, email, display_name, pronouns, roles, program, module, cohort, "
      "target_companies, mentor_id, company, title, graduating_cohort, open_to_chats, chats_per_month, "
      "available_to_mentor, mentee_capacity, background, interests, time_zone, mixitup, snoozed_until, active) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
      "ON CONFLICT(id) DO UPDATE SET slack_id=excluded.slack_id, handle=excluded.handle, email=excluded.email, "
      "display_name=excluded.display_name, pronouns=excluded.pronouns, roles=excluded.roles, program=excluded.program, "
      "module=excluded.module, cohort=excluded.cohort, target_companies=excluded.target_companies, "
      "mentor_id=excluded.mentor_id, company=excluded.company, title=excluded.title, "
      "graduating_cohort=excluded.graduating_cohort, open_to_chats=excluded.open_to_chats, "
      "chats_per_month=excluded.chats_per_month, available_to_mentor=excluded.available_to_mentor, "
      "mentee_capacity=excluded.mentee_capacity, background=excluded.background, interests=excluded.interests, "
      "time_zone=excluded.time_zone, mixitup=excluded.mixitup, snoozed_until=excluded.snoozed_until, "
      "active=excluded.active");
  int c = 1;
  if (id == 0) q.bind(c++); else q.bind(c++, id);
  bind_text_or_null(q, c++, p.slack_id);
  bind_text_or_null(q, c++, p.handle);
  q.bind(c++, p.email);
  q.bind(c++, p.display_name);
  q.bind(c++, p.pronouns);
  q.bind(c++, role_bits(p));
  q.bind(c++, p.program);
  if (p.module) q.bind(c++, *p.module); else q.bind(c++);
  q.bind(c++, p.cohort);
  q.bind(c++, join_list(p.target_companies));
  if (p.mentor != 0) q.bind(c++, p.mentor); else q.bind(c++);
  q.bind(c++, p.company);
  q.bind(c++, p.title);
  q.bind(c++, p.graduating_cohort);
  q.bind(c++, p.open_to_chats.on ? 1 : 0);
  q.bind(c++, p.open_to_chats.capacity);
  q.bind(c++, p.available_to_mentor.on ? 1 : 0);
  q.bind(c++, p.available_to_mentor.capacity);
  q.bind(c++, p.background);
  q.bind(c++, join_list(p.interests));
  q.bind(c++, p.time_zone);
  q.bind(c++, std::string(core::to_string(p.mixitup)));
  if (p.snoozed_until) q.bind(c++, core::format_date(*p.snoozed_until)); else q.bind(c++);
  q.bind(c++, p.active ? 1 : 0);
  q.exec();
  return id != 0 ? id : db_.handle().getLastInsertRowid();
}

void sqlite_people_directory::upsert_all(const std::vector<core::person>& people) {
  auto tx = db_.begin();
  for (const auto& p : people) upsert(p);
  tx->commit();
}

}  // namespace networkbot::store
