#pragma once
// Single-use confirmations: a click counts once. A preview (the mentor pairs for a cohort, a Mix It Up
// round) stores exactly what it showed as a confirmation, and its button carries only the
// confirmation's id. Confirming claims it: the first claim marks it used (by whom, when) in the same
// transaction as what it confirms, so that a second click, a double click or another staff member's
// click finds it used, is told by whom and when and what came of it, and changes nothing. A
// confirmation past its lifetime, of another kind, or unknown asks for a fresh preview.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/clock.hpp"
#include "core/people.hpp"

namespace networkbot::core {

struct confirmation {
  std::int64_t id = 0;
  std::string kind;          // what it confirms: "mentors", "mixitup"
  person_id created_by = 0;  // who saw the preview
  std::string payload;       // what the preview showed, as the feature wrote it
  time_point created_at{};
  std::optional<time_point> used_at;
  person_id used_by = 0;
  std::string result;  // what using it did, in a few words ("round 3"), for whoever clicks again
  friend bool operator==(const confirmation&, const confirmation&) = default;
};

class confirmation_store {
 public:
  virtual ~confirmation_store() = default;
  // Stores a new, unused confirmation; returns its id.
  virtual std::int64_t add_confirmation(const confirmation& c) = 0;
  [[nodiscard]] virtual std::optional<confirmation> find_confirmation(std::int64_t id) const = 0;
  // Marks it used by `by` at `at` unless it is used already; true when this call did. One statement, so
  // that two claims can never both succeed.
  virtual bool claim_confirmation(std::int64_t id, person_id by, time_point at) = 0;
  // Records what using it did (after a successful claim, in the same transaction).
  virtual void set_confirmation_result(std::int64_t id, std::string_view result) = 0;
  // Forgets confirmations made before `t` (used or not); returns how many.
  virtual int forget_confirmations_before(time_point t) = 0;
};

// How long a preview may be confirmed: long enough to check it over lunch, short enough that the
// world it was planned in is still the world it is applied to.
inline constexpr std::chrono::hours confirmation_lifetime{24};
// How long a used or expired confirmation is kept, so that a late click is still told what happened.
inline constexpr std::chrono::hours confirmation_kept{24 * 30};

// What a click on a confirmation finds.
struct confirmation_used {
  confirmation c;  // used_at, used_by and result say when, by whom and what came of it
};
struct confirmation_gone {
  bool expired = false;  // false: unknown, or of another kind
};
using confirmation_found = std::variant<confirmation, confirmation_used, confirmation_gone>;

class confirmation_desk {
 public:
  confirmation_desk(confirmation_store& store, const clock& clock) : store_(store), clock_(clock) {}

  // A new confirmation of `kind` for what `by` was shown; returns its id.
  std::int64_t offer(std::string_view kind, person_id by, std::string payload);
  // Looks at confirmation `id` without using it: the confirmation while it may still be used.
  [[nodiscard]] confirmation_found peek(std::int64_t id, std::string_view kind) const;
  // Uses confirmation `id` for `by`, now: the confirmation when this is its first use (call inside the
  // transaction that applies it, and settle() it there), else what the click found instead.
  confirmation_found claim(std::int64_t id, std::string_view kind, person_id by);
  // Records what the claimed confirmation did, for a later click to be told.
  void settle(std::int64_t id, std::string_view result);

 private:
  confirmation_store& store_;
  const clock& clock_;
};

}  // namespace networkbot::core
