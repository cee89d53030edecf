#pragma once
// The real clock, for the programs (the core only ever sees core::clock, so tests can use a manual one).

#include <chrono>

#include "core/clock.hpp"

namespace networkbot::app {

class system_clock final : public core::clock {
 public:
  [[nodiscard]] core::time_point now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

}  // namespace networkbot::app
