#pragma once
// The requests recorded in the inbox and waiting for the request runner, between the socket thread
// (which pushes them) and the worker (which takes batches). Any thread may call it.
//
// Memory stays bounded whatever the burst: at most `max_in_memory` requests wait here; beyond that they
// wait only in the inbox, where they already are, and next() hands the runner the range of inbox ids to
// read back, in order, before anything newer (as it does at start-up for rows a previous process left
// unhandled). Acks come first on the CPU too: while envelopes keep arriving, next() holds back until
// the socket thread has been quiet for `quiet_before_handling` or the oldest request has waited
// `longest_hold`, since the runner's work would otherwise compete with the acks.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

#include "bot/app/request.hpp"

namespace networkbot::slack {

struct queued_request {
  std::int64_t inbox_id = 0;
  app::request request;
  std::int64_t received_at = 0;  // Unix seconds
  std::chrono::steady_clock::time_point queued_at = std::chrono::steady_clock::now();
};

struct spill_limits {
  std::chrono::milliseconds quiet_before_handling{20};
  std::chrono::milliseconds longest_hold{1000};
  std::size_t max_in_memory = 256;
  std::size_t batch_size = 32;
};

class spill_queue {
 public:
  explicit spill_queue(spill_limits limits = {}) : limits_(limits) {}

  // The oldest first: requests waiting in memory, or else inbox rows to read back.
  struct batch {
    std::vector<queued_request> requests;
    struct range {
      std::int64_t after = 0;  // read unhandled rows with after < id <= up_to, at most `limit`
      std::int64_t up_to = 0;
      std::size_t limit = 0;
    };
    std::optional<range> from_inbox;
  };

  // Socket thread: envelopes were just read (next() waits for a quiet moment).
  void arrived();
  // Requests recorded in the inbox, in id order.
  void push(std::vector<queued_request> requests);
  // Rows first..last an earlier process recorded and never handled: read back before anything newer.
  void spilled(std::int64_t first, std::int64_t last);

  // Worker: blocks until there is work and the burst allows it; nullopt once stopped with nothing left.
  [[nodiscard]] std::optional<batch> next();
  // Worker: `b` is finished; when it was read from the inbox, `last_read` is the last id read (the
  // range's end when nothing was left in it).
  void done(const batch& b, std::int64_t last_read);
  // Waits until everything pushed is done, then lets next() return nullopt.
  void drain_and_stop();

  [[nodiscard]] std::size_t in_memory() const;
  [[nodiscard]] bool spilling() const;

 private:
  spill_limits limits_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable empty_;
  std::deque<queued_request> waiting_;
  bool busy_ = false;
  // Requests recorded in the inbox but not held here: ids in (spill_read_, spill_last_].
  bool spilled_ = false;
  std::int64_t spill_read_ = 0;
  std::int64_t spill_last_ = 0;
  std::chrono::steady_clock::time_point spilled_since_{};
  std::chrono::steady_clock::time_point last_arrival_{};
  bool stopping_ = false;
};

}  // namespace networkbot::slack
