#pragma once
// The Slack transport's two durable queues, in the same SQLite database as everything else.
//
// inbox:  every envelope is written here (one short transaction) before it is acked. A row stays
//         "unhandled" until its outcome has been computed and its effects written to the outbox, in one
//         transaction, which also drops its payload; rows still unhandled at start-up (acked, then a crash) are handled then.
//         Events carry a dedupe key (Slack's event_id): a second delivery is recognised and dropped.
// outbox: every message the bot sends after an ack. A sender claims rows (state "sending"), sends them,
//         and marks each sent only after Slack said ok, dropping its body (never read again). Rows found
//         "sending" at start-up were in flight when the process died: Slack may or may not have them, and
//         there is no idempotency key, so they are sent again and counted as in doubt. Messages with the
//         same body share one stored copy of it, kept while any of them waits to be sent.
//
// Bodies are opaque text (JSON written by the Slack adapter); nothing here knows Slack or JSON.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/storage.hpp"

namespace networkbot::store {

class database;

using millis = std::chrono::milliseconds;  // time since the Unix epoch, as stored

struct inbox_entry {
  std::int64_t id = 0;
  std::string kind;
  std::string payload;
  std::int64_t received_at = 0;  // Unix seconds
};

// One stored message, as its columns. What the columns mean for each kind of message is the Slack
// adapter's codec's to say (bot/slack/delivery.hpp); nothing else writes or reads them.
struct outbox_message {
  std::string kind;
  std::string target;
  std::string body;
  std::string user_id;
  std::string channel_id;
  std::int64_t created_at = 0;  // Unix seconds
  std::string notify;           // who to tell when part of it cannot be delivered
  friend bool operator==(const outbox_message&, const outbox_message&) = default;
};

struct outbox_entry {
  std::int64_t id = 0;
  outbox_message message;
  int attempts = 0;
  bool in_doubt = false;
};

struct outbox_counts {
  std::int64_t waiting = 0;
  std::int64_t sending = 0;
  std::int64_t sent = 0;
  std::int64_t failed = 0;
};

class message_queues {
 public:
  explicit message_queues(database& db) : db_(db) {}

  // A transaction on the queues' database (a savepoint inside an open one). A caller whose other writes
  // belong with handled_all() (the router's, for the requests being marked handled) opens one around
  // both, so they are committed together: once per batch rather than once per request.
  [[nodiscard]] std::unique_ptr<core::transaction> begin();

  // Records an envelope. Returns its id, or nothing when `dedupe_key` was already seen (a redelivery).
  [[nodiscard]] std::optional<std::int64_t> receive(const std::string& kind, const std::string& dedupe_key,
                                                    const std::string& payload, std::int64_t received_at);
  struct arrival {
    std::string kind;
    std::string dedupe_key;
    std::string payload;
    std::int64_t received_at = 0;
  };
  // Records envelopes that arrived together in one transaction (a group commit); one result each.
  [[nodiscard]] std::vector<std::optional<std::int64_t>> receive_all(const std::vector<arrival>& arrivals);
  // Marks inbox rows handled and queues what each produced, in one transaction.
  void handled_all(const std::vector<std::pair<std::int64_t, std::vector<outbox_message>>>& rows, millis now);
  // Queues messages with no inbox row behind them (scheduled posts, fallbacks).
  void enqueue(const std::vector<outbox_message>& messages, millis now);
  // How many inbox rows were acked but not handled yet, and the range of their ids.
  struct backlog_span {
    std::int64_t count = 0;
    std::int64_t first = 0;
    std::int64_t last = 0;
  };
  [[nodiscard]] backlog_span backlog() const;
  // Unhandled rows with after < id <= up_to, oldest first, at most `limit`.
  [[nodiscard]] std::vector<inbox_entry> unhandled(std::int64_t after, std::int64_t up_to, std::size_t limit) const;

  // Claims up to `limit` rows due at `now`, oldest first, and marks them sending.
  [[nodiscard]] std::vector<outbox_entry> claim(std::size_t limit, millis now);
  // When the next waiting row is due, if any.
  [[nodiscard]] std::optional<millis> next_due() const;
  // What became of rows a sender finished with, recorded in one transaction.
  struct settlement {
    enum class how { sent, retry, failed, replaced } what = how::sent;
    std::int64_t id = 0;
    millis at{};  // sent/failed: when; retry: not before; replaced: due from
    std::string error;
    outbox_message replacement;
  };
  // A replaced row (a response_url that expired becomes an ephemeral message or a DM) is due at `at`,
  // with its attempts counted afresh.
  void settle(const std::vector<settlement>& results);
  // Rows left "sending" by a previous process: back to waiting, marked in doubt. Returns how many.
  std::int64_t recover_in_doubt();

  // The DM (or group DM) channel opened for these users ("U1" or "U1,U2"), when remembered.
  [[nodiscard]] std::optional<std::string> dm_channel(const std::string& users) const;
  void remember_dm_channel(const std::string& users, const std::string& channel_id);

  [[nodiscard]] outbox_counts counts() const;
  // Deletes handled inbox rows and sent outbox rows older than `before` (Unix seconds).
  void prune(std::int64_t before);

 private:
  database& db_;
};

}  // namespace networkbot::store
