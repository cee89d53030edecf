#include "core/store/sqlite_tracker_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

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

std::optional<core::contact> sqlite_tracker_store::find_contact(core::contact_id id) const {
  auto& q = db_.cached(std::string(contact_columns) + "WHERE id = ?");
  q.bind(1, id);
  return first_row(q, read_contact);
}

std::optional<core::contact> sqlite_tracker_store::find_contact_named(core::person_id owner, std::string_view name,
                                                                      std::string_view company) const {
  auto& q = db_.cached(std::string(contact_columns) +
                       "WHERE owner_id = ? AND lower(name) = lower(?) AND lower(company) = lower(?) ORDER BY id LIMIT 1");
  q.bind(1, owner);
  q.bind(2, std::string(name));
  q.bind(3, std::string(company));
  return first_row(q, read_contact);
}

std::vector<core::contact> sqlite_tracker_store::contacts_of(core::person_id owner) const {
  SQLite::Statement q(db_.handle(), std::string(contact_columns) + "WHERE owner_id = ? ORDER BY id");
  q.bind(1, owner);
  std::vector<core::contact> out;
  while (q.executeStep()) out.push_back(read_contact(q));
  return out;
}

core::contact_id sqlite_tracker_store::save_contact(const core::contact& c) {
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

void sqlite_tracker_store::add_event(const core::contact_event& e) {
  auto& q = db_.cached("INSERT INTO contact_events(contact_id, at, kind, text) VALUES (?,?,?,?)");
  q.bind(1, e.contact);
  q.bind(2, seconds_of(e.at));
  q.bind(3, std::string(core::to_string(e.kind)));
  q.bind(4, e.text);
  q.exec();
}

std::vector<core::contact_event> sqlite_tracker_store::events_of(core::contact_id id) const {
  auto& q = db_.cached("SELECT id, contact_id, at, kind, text FROM contact_events WHERE contact_id = ? ORDER BY at, id");
  q.bind(1, id);
  std::vector<core::contact_event> out;
  while (q.executeStep()) out.push_back(read_event(q));
  return out;
}

std::vector<core::contact_event> sqlite_tracker_store::events_of_owner(core::person_id owner) const {
  SQLite::Statement q(db_.handle(),
                      "SELECT e.id, e.contact_id, e.at, e.kind, e.text FROM contact_events e "
                      "JOIN contacts c ON c.id = e.contact_id WHERE c.owner_id = ? ORDER BY e.at, e.id");
  q.bind(1, owner);
  std::vector<core::contact_event> out;
  while (q.executeStep()) out.push_back(read_event(q));
  return out;
}

void sqlite_tracker_store::visit_contacts(
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

std::optional<core::goal> sqlite_tracker_store::goal_of(core::person_id owner) const {
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

void sqlite_tracker_store::save_goal(const core::goal& g) {
  auto& q = db_.cached(
      "INSERT INTO goals(owner_id, level, due, set_at) VALUES (?,?,?,?) "
      "ON CONFLICT(owner_id) DO UPDATE SET level=excluded.level, due=excluded.due, set_at=excluded.set_at");
  q.bind(1, g.owner);
  q.bind(2, static_cast<int>(g.level));
  if (g.due) q.bind(3, core::format_date(*g.due)); else q.bind(3);
  q.bind(4, seconds_of(g.set_at));
  q.exec();
}

std::vector<core::action_step> sqlite_tracker_store::action_steps_of(core::person_id owner) const {
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

std::int64_t sqlite_tracker_store::save_action_step(const core::action_step& s) {
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

namespace {

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

constexpr std::string_view link_columns = "SELECT id, requester, partner, state, created_at, answered_at FROM buddies ";

}  // namespace

std::vector<core::buddy_link> sqlite_tracker_store::buddy_links_of(core::person_id who) const {
  auto& q = db_.cached(std::string(link_columns) +
                       "WHERE (requester = ? OR partner = ?) AND state IN ('pending', 'accepted') ORDER BY id DESC");
  q.bind(1, who);
  q.bind(2, who);
  std::vector<core::buddy_link> out;
  while (q.executeStep()) out.push_back(read_link(q));
  return out;
}

std::optional<core::buddy_link> sqlite_tracker_store::find_buddy_link(std::int64_t id) const {
  auto& q = db_.cached(std::string(link_columns) + "WHERE id = ?");
  q.bind(1, id);
  return first_row(q, read_link);
}

std::int64_t sqlite_tracker_store::save_buddy_link(const core::buddy_link& l) {
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

std::vector<core::buddy_link> sqlite_tracker_store::accepted_buddy_links() const {
  auto& q = db_.cached(std::string(link_columns) + "WHERE state = 'accepted' ORDER BY id");
  std::vector<core::buddy_link> out;
  while (q.executeStep()) out.push_back(read_link(q));
  return out;
}

std::vector<core::buddy_link> sqlite_tracker_store::pending_buddy_links_asked(core::time_point from, core::time_point to) const {
  auto& q = db_.cached(std::string(link_columns) + "WHERE state = 'pending' AND created_at >= ? AND created_at < ? ORDER BY id");
  q.bind(1, seconds_of(from));
  q.bind(2, seconds_of(to));
  std::vector<core::buddy_link> out;
  while (q.executeStep()) out.push_back(read_link(q));
  return out;
}

core::nudge_settings sqlite_tracker_store::nudges_of(core::person_id who) const {
  auto& q = db_.cached("SELECT follow_ups, buddy FROM nudge_settings WHERE person_id = ?");
  q.bind(1, who);
  return first_row(q, [](SQLite::Statement& row) {
           return core::nudge_settings{row.getColumn(0).getInt() != 0, row.getColumn(1).getInt() != 0};
         }).value_or(core::nudge_settings{});
}

void sqlite_tracker_store::save_nudges(core::person_id who, const core::nudge_settings& n) {
  auto& q = db_.cached(
      "INSERT INTO nudge_settings(person_id, follow_ups, buddy) VALUES (?,?,?) "
      "ON CONFLICT(person_id) DO UPDATE SET follow_ups = excluded.follow_ups, buddy = excluded.buddy");
  q.bind(1, who);
  q.bind(2, n.follow_ups ? 1 : 0);
  q.bind(3, n.buddy ? 1 : 0);
  q.exec();
}

std::vector<core::person_id> sqlite_tracker_store::follow_up_subscribers() const {
  auto& q = db_.cached("SELECT person_id FROM nudge_settings WHERE follow_ups = 1 ORDER BY person_id");
  std::vector<core::person_id> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
  return out;
}

bool sqlite_tracker_store::record_home_visit(core::person_id who, core::time_point at) {
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

bool sqlite_tracker_store::has_visited_home(core::person_id who) const {
  auto& q = db_.cached("SELECT 1 FROM home_visits WHERE person_id = ?");
  q.bind(1, who);
  const bool seen = q.executeStep();
  q.reset();
  return seen;
}

void sqlite_tracker_store::delete_contact(core::contact_id id) {
  auto& q = db_.cached("DELETE FROM contacts WHERE id = ?");  // its events go with it (ON DELETE CASCADE)
  q.bind(1, id);
  q.exec();
}

void sqlite_tracker_store::delete_event(std::int64_t event_id) {
  auto& q = db_.cached("DELETE FROM contact_events WHERE id = ?");
  q.bind(1, event_id);
  q.exec();
}

void sqlite_tracker_store::delete_goal(core::person_id owner) {
  auto& q = db_.cached("DELETE FROM goals WHERE owner_id = ?");
  q.bind(1, owner);
  q.exec();
}

void sqlite_tracker_store::delete_action_step(std::int64_t id) {
  auto& q = db_.cached("DELETE FROM action_steps WHERE id = ?");
  q.bind(1, id);
  q.exec();
}

void sqlite_tracker_store::add_correction(const core::correction& c) {
  auto& q = db_.cached("INSERT INTO corrections(owner_id, at, kind, contact_id, summary) VALUES (?,?,?,?,?)");
  q.bind(1, c.owner);
  q.bind(2, seconds_of(c.at));
  q.bind(3, std::string(core::to_string(c.kind)));
  q.bind(4, c.contact);
  q.bind(5, c.summary);
  q.exec();
}

std::vector<core::correction> sqlite_tracker_store::corrections_of(core::person_id owner) const {
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
