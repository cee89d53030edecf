#include "core/store/message_queues.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <bit>
#include <cstring>

#include "core/store/database.hpp"
#include "core/store/rows.hpp"

namespace networkbot::store {

namespace {

enum state : int { waiting = 0, sending = 1, done = 2, gave_up = 3 };

// A body's hash, as stored: it must not change from one build to the next (std::hash may), so it is
// spelled out here. Eight bytes at a time, xor, rotate, multiply. Equal hashes only make a candidate; the
// text is compared as well, so a collision costs a second copy, never a wrong message.
std::int64_t body_hash(std::string_view text) {
  constexpr std::uint64_t odd = 0x9E3779B97F4A7C15ULL;
  std::uint64_t h = text.size() * odd;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + i, 8);
    h = std::rotl(h ^ word, 29) * odd;
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, text.data() + i, text.size() - i);
  h = std::rotl(h ^ tail, 29) * odd;
  return static_cast<std::int64_t>(h ^ (h >> 32));
}

// The id of a stored body with this text, stored now if there is none: a help page asked for by a room of
// students at once, or one reminder to a cohort, is written once and shared by every message that sends it.
std::int64_t store_body(database& db, const std::string& body) {
  const std::int64_t hash = body_hash(body);
  auto& find = db.cached("SELECT id FROM outbox_body WHERE hash = ? AND body = ? LIMIT 1");
  find.bind(1, hash);
  find.bindNoCopy(2, body);
  const bool found = find.executeStep();
  const std::int64_t id = found ? find.getColumn(0).getInt64() : 0;
  find.reset();
  if (found) return id;
  auto& insert = db.cached("INSERT INTO outbox_body(hash, body) VALUES (?, ?)");
  insert.bind(1, hash);
  insert.bindNoCopy(2, body);
  insert.exec();
  return db.handle().getLastInsertRowid();
}

// Deletes the bodies no message waits to send any more (a sent message lets go of its body; one that
// failed keeps it until pruned).
void forget_unused_bodies(database& db, std::vector<std::int64_t>& ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  auto& forget = db.cached("DELETE FROM outbox_body WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM outbox WHERE body_id = ?1)");
  for (const auto id : ids) {
    forget.bind(1, id);
    forget.exec();
    forget.reset();
  }
}

// The body a row sends, or nothing (a sent row's, or one from before bodies were kept apart).
std::optional<std::int64_t> body_of(database& db, std::int64_t row) {
  auto& q = db.cached("SELECT body_id FROM outbox WHERE id = ? AND body_id IS NOT NULL");
  q.bind(1, row);
  return first_row(q, [](SQLite::Statement& r) { return r.getColumn(0).getInt64(); });
}

// Statements come from database::cached(): these run for every envelope, reply and group commit, and
// preparing one costs more than running it.
void insert_messages(database& db, const std::vector<outbox_message>& messages, millis now) {
  if (messages.empty()) return;
  auto& insert = db.cached("INSERT INTO outbox(kind, target, user_id, channel_id, created_at, not_before, body_id, notify) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  for (const auto& m : messages) {
    const std::int64_t body = store_body(db, m.body);
    insert.bind(1, m.kind);
    insert.bind(2, m.target);
    insert.bind(3, m.user_id);
    insert.bind(4, m.channel_id);
    insert.bind(5, m.created_at);
    insert.bind(6, static_cast<std::int64_t>(now.count()));
    insert.bind(7, body);
    insert.bind(8, m.notify);
    insert.exec();
    insert.reset();
  }
}

}  // namespace

std::unique_ptr<core::transaction> message_queues::begin() { return db_.begin(); }

std::optional<std::int64_t> message_queues::receive(const std::string& kind, const std::string& dedupe_key,
                                                    const std::string& payload, std::int64_t received_at) {
  return receive_all({{kind, dedupe_key, payload, received_at}}).front();
}

std::vector<std::optional<std::int64_t>> message_queues::receive_all(const std::vector<arrival>& arrivals) {
  auto& db = db_.handle();
  auto tx = db_.begin();  // a savepoint when a caller has a transaction open
  auto& insert = db_.cached("INSERT INTO inbox(kind, dedupe_key, payload, received_at) VALUES (?, ?, ?, ?) "
                            "ON CONFLICT(dedupe_key) DO NOTHING");
  std::vector<std::optional<std::int64_t>> ids;
  ids.reserve(arrivals.size());
  for (const auto& a : arrivals) {
    insert.bind(1, a.kind);
    if (a.dedupe_key.empty())
      insert.bind(2);
    else
      insert.bind(2, a.dedupe_key);
    insert.bind(3, a.payload);
    insert.bind(4, a.received_at);
    if (insert.exec() == 0)
      ids.emplace_back(std::nullopt);
    else
      ids.emplace_back(db.getLastInsertRowid());
    insert.reset();
  }
  tx->commit();
  return ids;
}

void message_queues::handled_all(const std::vector<std::pair<std::int64_t, std::vector<outbox_message>>>& rows,
                                 millis now) {
  auto tx = db_.begin();  // a savepoint when a caller has a transaction open
  // A handled request's payload is never read again, and it holds what the student typed: it goes now,
  // not days later with the row (the dedupe key stays, for Slack's redeliveries).
  auto& mark = db_.cached("UPDATE inbox SET handled = 1, payload = '' WHERE id = ?");
  for (const auto& [inbox_id, messages] : rows) {
    insert_messages(db_, messages, now);
    mark.bind(1, inbox_id);
    mark.exec();
    mark.reset();
  }
  tx->commit();
}

void message_queues::enqueue(const std::vector<outbox_message>& messages, millis now) {
  auto tx = db_.begin();  // a savepoint when a caller has a transaction open
  insert_messages(db_, messages, now);
  tx->commit();
}

message_queues::backlog_span message_queues::backlog() const {
  SQLite::Statement q(db_.handle(), "SELECT count(*), coalesce(min(id), 0), coalesce(max(id), 0) FROM inbox WHERE handled = 0");
  q.executeStep();
  return {q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getInt64()};
}

std::vector<inbox_entry> message_queues::unhandled(std::int64_t after, std::int64_t up_to, std::size_t limit) const {
  auto& q = db_.cached("SELECT id, kind, payload, received_at FROM inbox WHERE handled = 0 AND id > ? AND id <= ? "
                       "ORDER BY id LIMIT ?");
  q.bind(1, after);
  q.bind(2, up_to);
  q.bind(3, static_cast<std::int64_t>(limit));
  std::vector<inbox_entry> out;
  while (q.executeStep())
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                   q.getColumn(3).getInt64()});
  q.reset();
  return out;
}

std::vector<outbox_entry> message_queues::claim(std::size_t limit, millis now) {
  auto tx = db_.begin();  // a savepoint when a caller has a transaction open
  auto& q = db_.cached("SELECT o.id, kind, target, coalesce(b.body, ''), user_id, channel_id, created_at, attempts, in_doubt, notify "
                       "FROM outbox AS o LEFT JOIN outbox_body AS b ON b.id = o.body_id "
                       "WHERE state = 0 AND not_before <= ? ORDER BY not_before, o.id LIMIT ?");
  q.bind(1, static_cast<std::int64_t>(now.count()));
  q.bind(2, static_cast<std::int64_t>(limit));
  std::vector<outbox_entry> out;
  while (q.executeStep()) {
    outbox_entry e;
    e.id = q.getColumn(0).getInt64();
    e.message = {q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString(),
                 q.getColumn(4).getString(), q.getColumn(5).getString(), q.getColumn(6).getInt64(), q.getColumn(9).getString()};
    e.attempts = q.getColumn(7).getInt();
    e.in_doubt = q.getColumn(8).getInt() != 0;
    out.push_back(std::move(e));
  }
  q.reset();  // ends the read before the updates below
  auto& mark = db_.cached("UPDATE outbox SET state = 1, attempts = attempts + 1 WHERE id = ?");
  for (auto& e : out) {
    mark.bind(1, e.id);
    mark.exec();
    mark.reset();
    ++e.attempts;
  }
  tx->commit();
  return out;
}

std::optional<millis> message_queues::next_due() const {
  auto& q = db_.cached("SELECT min(not_before) FROM outbox WHERE state = 0");
  q.executeStep();
  std::optional<millis> due;
  if (!q.getColumn(0).isNull()) due = millis{q.getColumn(0).getInt64()};
  q.reset();
  return due;
}

void message_queues::settle(const std::vector<settlement>& results) {
  auto tx = db_.begin();  // a savepoint when a caller has a transaction open
  std::vector<std::int64_t> let_go;  // bodies that may have lost their last message
  for (const auto& r : results) {
    const auto at = static_cast<std::int64_t>(r.at.count());
    switch (r.what) {
      case settlement::how::sent: {
        // The body goes with it: nothing reads a sent message's body again.
        if (const auto body = body_of(db_, r.id)) let_go.push_back(*body);
        auto& sent = db_.cached("UPDATE outbox SET state = 2, done_at = ?, body_id = NULL WHERE id = ?");
        sent.bind(1, at);
        sent.bind(2, r.id);
        sent.exec();
        break;
      }
      case settlement::how::retry: {
        auto& retry = db_.cached("UPDATE outbox SET state = 0, not_before = ?, last_error = ? WHERE id = ?");
        retry.bind(1, at);
        retry.bind(2, r.error);
        retry.bind(3, r.id);
        retry.exec();
        break;
      }
      case settlement::how::failed: {
        auto& failed = db_.cached("UPDATE outbox SET state = 3, last_error = ?, done_at = ? WHERE id = ?");
        failed.bind(1, r.error);
        failed.bind(2, at);
        failed.bind(3, r.id);
        failed.exec();
        break;
      }
      case settlement::how::replaced: {
        if (const auto body = body_of(db_, r.id)) let_go.push_back(*body);
        const std::int64_t body = store_body(db_, r.replacement.body);
        auto& replace = db_.cached(
            "UPDATE outbox SET kind = ?, target = ?, state = 0, not_before = ?, attempts = 0, body_id = ?, notify = ? WHERE id = ?");
        replace.bind(1, r.replacement.kind);
        replace.bind(2, r.replacement.target);
        replace.bind(3, at);
        replace.bind(4, body);
        replace.bind(5, r.replacement.notify);
        replace.bind(6, r.id);
        replace.exec();
        break;
      }
    }
  }
  forget_unused_bodies(db_, let_go);
  tx->commit();
}

std::int64_t message_queues::recover_in_doubt() {
  return db_.handle().exec("UPDATE outbox SET state = 0, in_doubt = 1 WHERE state = 1");
}

outbox_counts message_queues::counts() const {
  SQLite::Statement q(db_.handle(), "SELECT state, count(*) FROM outbox GROUP BY state");
  outbox_counts c;
  while (q.executeStep()) {
    const std::int64_t n = q.getColumn(1).getInt64();
    switch (q.getColumn(0).getInt()) {
      case waiting: c.waiting = n; break;
      case sending: c.sending = n; break;
      case done: c.sent = n; break;
      default: c.failed = n; break;
    }
  }
  return c;
}

void message_queues::prune(std::int64_t before) {
  auto& db = db_.handle();
  auto tx = db_.begin();  // a savepoint when a caller has a transaction open
  SQLite::Statement inbox(db, "DELETE FROM inbox WHERE handled = 1 AND received_at < ?");
  inbox.bind(1, before);
  inbox.exec();
  SQLite::Statement outbox(db, "DELETE FROM outbox WHERE state >= 2 AND done_at < ?");
  outbox.bind(1, before * 1000);
  outbox.exec();
  db.exec("DELETE FROM outbox_body WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE body_id = outbox_body.id)");
  tx->commit();
}

std::optional<std::string> message_queues::dm_channel(const std::string& users) const {
  auto& q = db_.cached("SELECT channel_id FROM dm_channels WHERE users = ?");
  q.bind(1, users);
  return first_row(q, [](SQLite::Statement& row) { return row.getColumn(0).getString(); });
}

void message_queues::remember_dm_channel(const std::string& users, const std::string& channel_id) {
  auto& q = db_.cached("INSERT INTO dm_channels(users, channel_id) VALUES (?, ?) "
                       "ON CONFLICT(users) DO UPDATE SET channel_id = excluded.channel_id");
  q.bind(1, users);
  q.bind(2, channel_id);
  q.exec();
}

}  // namespace networkbot::store
