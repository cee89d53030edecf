#include "bot/slack/spill_queue.hpp"

#include <algorithm>

namespace networkbot::slack {

void spill_queue::arrived() {
  const std::lock_guard lock(mutex_);
  last_arrival_ = std::chrono::steady_clock::now();
}

void spill_queue::push(std::vector<queued_request> requests) {
  if (requests.empty()) return;
  {
    const std::lock_guard lock(mutex_);
    for (auto& r : requests) {
      if (!spilled_ && waiting_.size() < limits_.max_in_memory) {
        waiting_.push_back(std::move(r));
        continue;
      }
      // Once anything waits in the inbox only, everything newer does too, until it is caught up: the
      // order of handling stays the order of arrival.
      if (!spilled_) {
        spilled_since_ = r.queued_at;
        spill_read_ = std::max(spill_read_, r.inbox_id - 1);
      }
      spilled_ = true;
      spill_last_ = std::max(spill_last_, r.inbox_id);
    }
  }
  ready_.notify_one();
}

void spill_queue::spilled(std::int64_t first, std::int64_t last) {
  {
    const std::lock_guard lock(mutex_);
    spilled_ = true;
    spilled_since_ = std::chrono::steady_clock::now();
    spill_read_ = first - 1;
    spill_last_ = std::max(spill_last_, last);
  }
  ready_.notify_one();
}

std::optional<spill_queue::batch> spill_queue::next() {
  std::unique_lock lock(mutex_);
  for (;;) {
    ready_.wait(lock, [&] { return stopping_ || !waiting_.empty() || spilled_; });
    if (waiting_.empty() && !spilled_) return std::nullopt;  // stopping, and nothing left
    const auto now = std::chrono::steady_clock::now();
    const auto oldest = waiting_.empty() ? spilled_since_ : waiting_.front().queued_at;
    const auto quiet_at = last_arrival_ + limits_.quiet_before_handling;
    if (!stopping_ && now < quiet_at && now - oldest < limits_.longest_hold) {
      ready_.wait_until(lock, std::min(quiet_at, oldest + limits_.longest_hold));
      continue;
    }
    batch b;
    while (!waiting_.empty() && b.requests.size() < limits_.batch_size) {
      b.requests.push_back(std::move(waiting_.front()));
      waiting_.pop_front();
    }
    if (b.requests.empty()) b.from_inbox = batch::range{spill_read_, spill_last_, limits_.batch_size};
    busy_ = true;
    return b;
  }
}

void spill_queue::done(const batch& b, std::int64_t last_read) {
  {
    const std::lock_guard lock(mutex_);
    busy_ = false;
    if (b.from_inbox) {
      spill_read_ = std::max(spill_read_, last_read);
      if (spill_read_ >= spill_last_) spilled_ = false;  // caught up: new requests wait in memory again
    }
    if (waiting_.empty() && !spilled_) empty_.notify_all();
  }
  ready_.notify_one();
}

void spill_queue::drain_and_stop() {
  {
    std::unique_lock lock(mutex_);
    empty_.wait(lock, [&] { return waiting_.empty() && !spilled_ && !busy_; });
    stopping_ = true;
  }
  ready_.notify_all();
}

std::size_t spill_queue::in_memory() const {
  const std::lock_guard lock(mutex_);
  return waiting_.size();
}

bool spill_queue::spilling() const {
  const std::lock_guard lock(mutex_);
  return spilled_;
}

}  // namespace networkbot::slack
