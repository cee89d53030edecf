#pragma once
// Exponential backoff with jitter, for everything that retries against Slack (reconnects, Web API calls,
// outbox rows): the n-th wait is base·2^(n-1), capped, of which half is fixed and half drawn at random,
// so that many clients that failed together do not retry together. The draws come from the core's
// splitmix64 source, seeded by the caller.

#include <algorithm>
#include <chrono>
#include <cstdint>

#include "core/clock.hpp"

namespace networkbot::slack {

class backoff {
 public:
  backoff(std::chrono::milliseconds base, std::chrono::milliseconds cap, std::uint64_t seed)
      : base_(base), cap_(cap), random_(seed) {}

  // The wait before retry number `attempt` (1 for the first retry).
  std::chrono::milliseconds after(int attempt) {
    const auto grown = base_ * (std::int64_t{1} << std::clamp(attempt - 1, 0, 20));
    const auto full = std::min(grown, cap_);
    const auto half = static_cast<std::uint64_t>(full.count() / 2);
    return std::chrono::milliseconds(static_cast<std::int64_t>(half + random_.below(half + 1)));
  }

 private:
  std::chrono::milliseconds base_;
  std::chrono::milliseconds cap_;
  core::random_source random_;
};

// A seed that differs from process to process and from one use to the next.
inline std::uint64_t backoff_seed() {
  static std::uint64_t calls = 0;
  return static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) + ++calls;
}

}  // namespace networkbot::slack
