#include "core/store/sqlite_contact_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

#include "core/store/rows.hpp"

namespace networkbot::store {

namespace {

constexpr std::string_view contact_columns =
    "SELECT id, owner_id, name, slack_user, email, linkedin, company, role, warmth, list, why, stage, takeaway, "
    "next_action, next_due, created_at, last_interaction_at FROM contacts ";

core::contact read_contact(SQLite::Statement& q) {
  core::contact c;
  int i = 0;
  c.id = q.getColumn(i++).getInt64();
  c.owner = q.getColumn(i++).getInt64();
  c.name = q.getColumn(i++).getString();
  c.slack_user = q.getColumn(i++).getString();
  c.email = q.getColumn(i++).getString();
  c.linkedin = q.getColumn(i++).getString();
  c.company = q.getColumn(i++).getString();
  c.role = q.getColumn(i++).getString();
  c.warmth = core::parse_warmth(q.getColumn(i++).getString()).value_or(core::warmth::warm);
  c.list = core::parse_contact_list(q.getColumn(i++).getString()).value_or(core::contact_list::new_contacts);
  c.why = q.getColumn(i++).getString();
  c.stage = core::parse_stage(q.getColumn(i++).getString()).value_or(core::stage::idea);
  c.takeaway = q.getColumn(i++).getString();
  c.next_action = q.getColumn(i++).getString();
  if (const auto due = q.getColumn(i++); !due.isNull()) c.next_due = core::parse_date(due.getString());
  c.created_at = instant(q.getColumn(i++).getInt64());
  if (const auto last = q.getColumn(i++); !last.isNull()) c.last_interaction = instant(last.getInt64());
  return c;
}

core::contact_event read_event(SQLite::Statement& q) {
  core::contact_event e;
  e.id = q.getColumn(0).getInt64();
  e.contact = q.getColumn(1).getInt64();
  e.at = instant(q.getColumn(2).getInt64());
  e.kind = core::parse_event_kind(q.getColumn(3).getString()).value_or(core::event_kind::note);
  e.text = q.getColumn(4).getString();
  return e;
}

}  // namespace

std::optional<core::contact> sqlite_contact_store::find_contact(core::contact_id id) const {
  auto& q = db_.cached(std::string(contact_columns) + "WHERE id = ?");
  q.bind(1, id);
  return first_row(q, read_contact);
}

std::optional<core::contact> sqlite_contact_store::find_contact_named(core::person_id owner, std::string_view name,
                                                                      std::string_view company) const {
  auto& q = db_.cached(std::string(contact_columns) +
                       "WHERE owner_id = ? AND lower(name) = lower(?) AND lower(company) = lower(?) ORDER BY id LIMIT 1");
  q.bind(1, owner);
  q.bind(2, std::string(name));
  q.bind(3, std::string(company));
  return first_row(q, read_contact);
}

std::vector<core::contact> sqlite_contact_store::contacts_of(core::person_id owner) const {
  SQLite::Statement q(db_.handle(), std::string(contact_columns) + "WHERE owner_id = ? ORDER BY id");
  q.bind(1, owner);
  std::vector<core::contact> out;
  while (q.executeStep()) out.push_back(read_contact(q));
  return out;
}

core::contact_id sqlite_contact_store::save_contact(const core::contact& c) {
  auto& q = db_.cached(
      "INSERT INTO contacts(id, owner_id, name, slack_user, email, linkedin, company, role, warmth, list, why, stage, "
      "takeaway, next_action, next_due, created_at, last_interaction_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
      "ON CONFLICT(id) DO UPDATE SET owner_id=excluded.owner_id, name=excluded.name, slack_user=excluded.slack_user, "
      "email=excluded.email, linkedin=excluded.linkedin, company=excluded.company, role=excluded.role, "
      "warmth=excluded.warmth, list=excluded.list, why=excluded.why, stage=excluded.stage, takeaway=excluded.takeaway, "
      "next_action=excluded.next_action, next_due=excluded.next_due, created_at=excluded.created_at, "
      "last_interaction_at=excluded.last_interaction_at");
  int i = 1;
  if (c.id == 0) q.bind(i++); else q.bind(i++, c.id);
  q.bind(i++, c.owner);
  q.bind(i++, c.name);
  q.bind(i++, c.slack_user);
  q.bind(i++, c.email);
  q.bind(i++, c.linkedin);
  q.bind(i++, c.company);
  q.bind(i++, c.role);
  q.bind(i++, std::string(core::to_string(c.warmth)));
  q.bind(i++, std::string(core::to_string(c.list)));
  q.bind(i++, c.why);
  q.bind(i++, std::string(core::to_string(c.stage)));
  q.bind(i++, c.takeaway);
  q.bind(i++, c.next_action);
  if (c.next_due) q.bind(i++, core::format_date(*c.next_due)); else q.bind(i++);
  q.bind(i++, seconds_of(c.created_at));
  if (c.last_interaction) q.bind(i++, seconds_of(*c.last_interaction)); else q.bind(i++);
  q.exec();
  return c.id != 0 ? c.id : db_.handle().getLastInsertRowid();
}

void sqlite_contact_store::delete_contact(core::contact_id id) {
  auto& q = db_.cached("DELETE FROM contacts WHERE id = ?");  // its events go with it (ON DELETE CASCADE)
  q.bind(1, id);
  q.exec();
}

void sqlite_contact_store::add_event(const core::contact_event& e) {
  auto& q = db_.cached("INSERT INTO contact_events(contact_id, at, kind, text) VALUES (?,?,?,?)");
  q.bind(1, e.contact);
  q.bind(2, seconds_of(e.at));
  q.bind(3, std::string(core::to_string(e.kind)));
  q.bind(4, e.text);
  q.exec();
}

std::vector<core::contact_event> sqlite_contact_store::events_of(core::contact_id id) const {
  auto& q = db_.cached("SELECT id, contact_id, at, kind, text FROM contact_events WHERE contact_id = ? ORDER BY at, id");
  q.bind(1, id);
  std::vector<core::contact_event> out;
  while (q.executeStep()) out.push_back(read_event(q));
  return out;
}

void sqlite_contact_store::delete_event(std::int64_t event_id) {
  auto& q = db_.cached("DELETE FROM contact_events WHERE id = ?");
  q.bind(1, event_id);
  q.exec();
}

void sqlite_contact_store::visit_contacts(
    const std::function<void(const core::contact&, const std::vector<core::contact_event>&)>& visit) const {
  // Two scans in contact id order walked side by side, so memory stays at one contact's history.
  SQLite::Statement contacts(db_.handle(), std::string(contact_columns) + "ORDER BY id");
  SQLite::Statement events(db_.handle(), "SELECT id, contact_id, at, kind, text FROM contact_events ORDER BY contact_id, at, id");
  std::optional<core::contact_event> next;
  auto advance = [&] { next = events.executeStep() ? std::optional{read_event(events)} : std::nullopt; };
  advance();
  std::vector<core::contact_event> history;
  while (contacts.executeStep()) {
    const auto c = read_contact(contacts);
    history.clear();
    while (next && next->contact < c.id) advance();
    while (next && next->contact == c.id) {
      history.push_back(std::move(*next));
      advance();
    }
    visit(c, history);
  }
}

}  // namespace networkbot::store
