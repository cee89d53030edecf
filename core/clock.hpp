#pragma once
// Time and randomness are injected into the core so that every result can be reproduced in a test.
// Nothing under core/ may read the system clock or seed itself from the environment.

#include <chrono>
#include <cstdint>

namespace networkbot::core {

using time_point = std::chrono::sys_seconds;

class clock {
 public:
  virtual ~clock() = default;
  [[nodiscard]] virtual time_point now() const = 0;
};

// A clock that stands still until told to move: the tests' and the benchmarks' clock.
class manual_clock final : public clock {
 public:
  explicit manual_clock(time_point start) : now_(start) {}
  [[nodiscard]] time_point now() const override { return now_; }
  void advance(std::chrono::seconds by) { now_ += by; }
  void set(time_point to) { now_ = to; }

 private:
  time_point now_;
};

// splitmix64: tiny, fast and fully determined by its seed. Good enough for shuffles and tie-breaks;
// nothing in networkbot draws random numbers for security.
class random_source {
 public:
  explicit random_source(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, bound); bound must be positive.
  std::uint64_t below(std::uint64_t bound) { return next() % bound; }

 private:
  std::uint64_t state_;
};

}  // namespace networkbot::core
