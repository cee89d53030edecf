#pragma once
// Unwrapping a core::result in a test: the value, or the refusal's message.

#include <catch2/catch.hpp>
#include <string>
#include <variant>

#include "core/tracker.hpp"

namespace networkbot::testing {

// The value; a refusal fails the test with its message.
template <class T>
T ok(core::result<T> r) {
  if (auto* no = std::get_if<core::refusal>(&r)) FAIL(no->message);
  return std::get<T>(std::move(r));
}

// The refusal's message; a value fails the test.
template <class T>
std::string refused(const core::result<T>& r) {
  const auto* no = std::get_if<core::refusal>(&r);
  REQUIRE(no != nullptr);
  return no->message;
}

}  // namespace networkbot::testing
