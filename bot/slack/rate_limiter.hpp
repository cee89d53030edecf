#pragma once
// Paces Web API calls the way Slack's tiers allow: one token bucket per key (a method, or a method and a
// channel for chat.postMessage), refilled at the tier's rate with a short burst, plus a "blocked until"
// that an HTTP 429's Retry-After sets. Pure: the caller passes the time in and waits itself.

#include <algorithm>
#include <chrono>
#include <map>
#include <string>

namespace networkbot::slack {

class rate_limiter {
 public:
  using clock = std::chrono::steady_clock;

  // Reserves the next slot for `key` and returns how long to wait before using it (zero: go now).
  // `per_minute` is the steady rate, `burst` how many calls may go back to back after a quiet spell.
  clock::duration reserve(const std::string& key, clock::time_point now, double per_minute, double burst) {
    auto [it, fresh] = buckets_.try_emplace(key, bucket{burst, now, {}});
    bucket& b = it->second;
    const double per_second = per_minute / 60.0;
    if (!fresh) {
      const double elapsed = std::chrono::duration<double>(now - b.updated).count();
      b.tokens = std::min(burst, b.tokens + std::max(0.0, elapsed) * per_second);
      b.updated = std::max(b.updated, now);
    }
    b.tokens -= 1.0;  // may go negative: later callers queue behind this one
    clock::duration wait{};
    if (b.tokens < 0)
      wait = std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(-b.tokens / per_second));
    if (b.blocked_until > now) wait = std::max(wait, b.blocked_until - now);
    return wait;
  }

  // Slack refused a call paced under `key` (a 429 that another key's block covers): the refused call
  // used none of the allowance, so its slot is given back, but any burst left is dropped, so that what
  // follows goes at the steady rate.
  void refused(const std::string& key) {
    auto it = buckets_.find(key);
    if (it != buckets_.end()) it->second.tokens = std::min(it->second.tokens + 1.0, 0.0);
  }

  // Slack answered 429 for `key`: nothing more goes until `until`.
  void block(const std::string& key, clock::time_point until) {
    auto& b = buckets_[key];
    b.blocked_until = std::max(b.blocked_until, until);
  }

 private:
  struct bucket {
    double tokens = 0;
    clock::time_point updated;
    clock::time_point blocked_until;
  };
  std::map<std::string, bucket> buckets_;
};

}  // namespace networkbot::slack
