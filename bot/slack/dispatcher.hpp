#pragma once
// Between the sockets and the router. On the I/O thread, accept() turns envelopes into their acks: it
// records them in the durable inbox (one short transaction for all that arrived together) and returns
// the ack frames; each request is then handed to a worker thread, which runs the router and writes the
// effects to the outbox together with the inbox row's "handled" mark. Only a modal's submit runs the router before the
// ack, because Slack wants the verdict (close, or errors under the fields) in the ack itself; view
// handlers only validate and store locally, they never call Slack.
//
// Acks come first on the CPU too: while envelopes keep arriving (a burst), the worker holds back, and
// starts once the socket thread has been quiet for a few milliseconds or the oldest request has waited
// its limit. Its database work, and the replies it releases, would otherwise compete with the acks.
//
// Memory stays bounded whatever the burst: at most a few hundred requests wait in memory; beyond that
// they stay only in the inbox, where they already are, and the worker reads them back in order (as it
// does at start-up for the rows a previous process left unhandled).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "bot/app/router.hpp"
#include "bot/slack/envelope.hpp"
#include "core/store/message_queues.hpp"

namespace networkbot::slack {

struct dispatch_counts {
  std::uint64_t envelopes = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t foreign = 0;
  std::uint64_t ignored = 0;
  std::uint64_t malformed = 0;
  std::uint64_t handled = 0;
  std::uint64_t inbox_commits = 0;   // transactions that recorded envelopes (group commits)
  std::uint64_t outcome_commits = 0;  // transactions that recorded handled requests and their effects
};

class dispatcher {
 public:
  // `db_mutex` guards every use of the database (the I/O thread and the worker share one connection).
  // `on_queued` runs on the worker after new outbox rows were committed (it wakes the sender).
  dispatcher(app::router& router, store::message_queues& queues, std::mutex& db_mutex, const core::clock& clock,
             std::function<void()> on_queued, std::function<void(std::vector<std::string>)> on_lookup = {});
  ~dispatcher();
  dispatcher(const dispatcher&) = delete;
  dispatcher& operator=(const dispatcher&) = delete;

  void set_identity(identity self);

  // I/O thread. Returns one ack frame per envelope, in order: even a payload that is ignored or cannot be
  // parsed is acked, so Slack does not deliver it again. Envelopes that arrived together are recorded in
  // one transaction (a group commit), so a burst costs a handful of commits, not one each.
  [[nodiscard]] std::vector<std::string> accept(const std::vector<envelope>& batch);

  // Hands inbox rows a previous process acked but never handled to the worker. Returns how many.
  std::size_t recover();
  // Waits until the worker has handled everything queued, then stops it.
  void drain_and_stop();

  [[nodiscard]] dispatch_counts counts() const;

 private:
  struct job {
    std::int64_t inbox_id;
    app::request request;
    std::int64_t received_at;
    std::chrono::steady_clock::time_point queued_at = std::chrono::steady_clock::now();
  };
  void work();
  void handle(std::vector<job>& jobs);
  // Reads up to `limit` spilled rows back from the inbox as jobs (rows that no longer parse are marked
  // handled). Worker thread, jobs_mutex_ not held.
  std::vector<job> read_spilled(std::int64_t after, std::int64_t up_to, std::size_t limit, std::int64_t& last);
  // Classifies one envelope: what to record, or the ack to send without recording anything.
  std::optional<std::string> screen(const envelope& e, inbound& what);
  [[nodiscard]] std::int64_t now_seconds() const;

  app::router& router_;
  store::message_queues& queues_;
  std::mutex& db_mutex_;
  const core::clock& clock_;
  std::function<void()> on_queued_;
  std::function<void(std::vector<std::string>)> on_lookup_;  // newcomers to look up in Slack
  // The router's newcomers since the last take(), from whichever thread ran it (the worker, or the
  // socket thread for a form): handed to on_lookup_ once what they did is committed.
  class newcomer_list final : public app::user_lookups {
   public:
    void look_up(const std::string& user_id) override {
      const std::lock_guard lock(mutex_);
      ids_.push_back(user_id);
    }
    [[nodiscard]] std::vector<std::string> take() {
      const std::lock_guard lock(mutex_);
      return std::exchange(ids_, {});
    }

   private:
    std::mutex mutex_;
    std::vector<std::string> ids_;
  };
  newcomer_list newcomers_;
  void hand_over_newcomers();
  identity self_;

  mutable std::mutex jobs_mutex_;
  std::condition_variable jobs_ready_;
  std::condition_variable jobs_empty_;
  std::deque<job> jobs_;
  bool busy_ = false;
  // Requests recorded in the inbox but not queued in memory: ids in (spill_read_, spill_last_].
  bool spilled_ = false;
  std::int64_t spill_read_ = 0;
  std::int64_t spill_last_ = 0;
  std::chrono::steady_clock::time_point spilled_since_{};
  std::chrono::steady_clock::time_point last_accept_{};
  bool stopping_ = false;
  dispatch_counts counts_;
  std::thread worker_;
};

}  // namespace networkbot::slack
