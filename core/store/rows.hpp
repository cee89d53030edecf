#pragma once
// What every SQLite adapter in core/store/ needs to read rows: instants stored as Unix seconds, and a
// query that yields at most one row. Private to core/store/.

#include <SQLiteCpp/Statement.h>

#include <chrono>
#include <cstdint>
#include <optional>

#include "core/clock.hpp"

namespace networkbot::store {

inline core::time_point instant(std::int64_t seconds) { return core::time_point{std::chrono::seconds{seconds}}; }
inline std::int64_t seconds_of(core::time_point t) { return t.time_since_epoch().count(); }

// The first row read with `read`, or nothing; the statement is reset for its next use (it is cached).
template <class Read>
auto first_row(SQLite::Statement& q, Read&& read) -> std::optional<decltype(read(q))> {
  if (!q.executeStep()) return std::nullopt;
  auto value = read(q);
  q.reset();
  return value;
}

}  // namespace networkbot::store
