#pragma once
// The corrections a person made to their own records: kept with the history, so it still says what
// happened after a contact was edited, a logged step undone, a goal cleared or an intro withdrawn; with
// the port that stores them. Kind names are defined in tracker.cpp.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/contact_store.hpp"
#include "core/people.hpp"

namespace networkbot::core {

enum class correction_kind : std::uint8_t {
  contact_edited,
  contact_deleted,
  step_undone,
  goal_changed,
  goal_cleared,
  action_step_edited,
  action_step_deleted,
  buddy_ended,
  buddy_request_cancelled,
  intro_withdrawn,
};
[[nodiscard]] std::string_view to_string(correction_kind k);
[[nodiscard]] std::optional<correction_kind> parse_correction_kind(std::string_view text);

// A deleted contact's correction keeps only its number, never its name.
struct correction {
  std::int64_t id = 0;
  person_id owner = 0;
  time_point at{};
  correction_kind kind = correction_kind::contact_edited;
  contact_id contact = 0;  // the contact it concerns, when it concerns one
  std::string summary;     // what changed, in words the person reads ("company, warm or cold")
  friend bool operator==(const correction&, const correction&) = default;
};

// An append-only log per person. The contract of storage.hpp holds (one caller at a time; a write
// joins the open transaction, so a correction commits with the change it records).
class correction_store {
 public:
  virtual ~correction_store() = default;
  virtual void add_correction(const correction& c) = 0;  // c.id is ignored (the store numbers it)
  // The owner's corrections, oldest first (by time, then in the order added); they outlive the contact.
  [[nodiscard]] virtual std::vector<correction> corrections_of(person_id owner) const = 0;
};

}  // namespace networkbot::core
