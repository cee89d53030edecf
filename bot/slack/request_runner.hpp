#pragma once
// The worker thread: takes batches from the spill queue and handles them through the router, each
// batch in one turn on the backend and one transaction, which records the effects in the outbox with
// the inbox rows' "handled" marks. Every request runs here, forms included (their ack came from
// router::check on the socket thread); nothing here delays an ack.

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bot/app/backend.hpp"
#include "bot/app/serialized.hpp"
#include "bot/slack/envelope.hpp"
#include "bot/slack/spill_queue.hpp"

namespace networkbot::slack {

struct runner_counts {
  std::uint64_t handled = 0;
  std::uint64_t outcome_commits = 0;  // transactions that recorded handled requests and their effects
  std::uint64_t unreadable = 0;       // inbox rows read back that no longer parse (marked handled)
};

class request_runner {
 public:
  // `on_queued` runs on the worker after new outbox rows were committed (it wakes the sender);
  // `on_lookup` gets each batch's newcomers to the directory, to be named from Slack, once their rows
  // are committed. `self` is the workspace identity, resolved before the sockets started.
  request_runner(app::serialized<app::backend>& house, spill_queue& queue, identity self, std::function<void()> on_queued,
                 std::function<void(std::vector<std::string>)> on_lookup = {});
  // Stops the queue (after what it holds is done) and joins the worker.
  ~request_runner();
  request_runner(const request_runner&) = delete;
  request_runner& operator=(const request_runner&) = delete;

  // Waits until the queue is empty, then stops the worker. Idempotent.
  void drain_and_stop();

  [[nodiscard]] runner_counts counts() const;

 private:
  void work();
  std::int64_t read_back(const spill_queue::batch::range& range, std::vector<queued_request>& out);
  void handle(const std::vector<queued_request>& requests);

  // The router's newcomers: it runs only on the worker, so only the worker touches this.
  class newcomer_list final : public app::user_lookups {
   public:
    void look_up(const std::string& user_id) override { ids_.push_back(user_id); }
    [[nodiscard]] std::vector<std::string> take() { return std::exchange(ids_, {}); }

   private:
    std::vector<std::string> ids_;
  };

  app::serialized<app::backend>& house_;
  spill_queue& queue_;
  const identity self_;
  std::function<void()> on_queued_;
  std::function<void(std::vector<std::string>)> on_lookup_;
  newcomer_list newcomers_;
  mutable std::mutex counts_mutex_;
  runner_counts counts_;
  std::thread worker_;
};

}  // namespace networkbot::slack
