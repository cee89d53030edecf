#pragma once
// Accountability buddies: asked by one student, accepted (or declined) by the other. Accepted buddies
// see each other's goal and progress, nothing more. The links and the port that stores them; state
// names are defined in tracker.cpp.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/people.hpp"

namespace networkbot::core {

enum class buddy_state : std::uint8_t { pending, accepted, declined, ended };
[[nodiscard]] std::string_view to_string(buddy_state s);
[[nodiscard]] std::optional<buddy_state> parse_buddy_state(std::string_view text);

struct buddy_link {
  std::int64_t id = 0;
  person_id requester = 0;
  person_id partner = 0;
  buddy_state state = buddy_state::pending;
  time_point created_at{};
  std::optional<time_point> answered_at;
  [[nodiscard]] person_id other(person_id me) const { return me == requester ? partner : requester; }
  friend bool operator==(const buddy_link&, const buddy_link&) = default;
};

// Buddy links, kept in every state (the history). The tracker decides who may ask whom and when a
// pending request has expired. The contract of storage.hpp holds (one caller at a time; a write joins
// the open transaction).
class buddy_store {
 public:
  virtual ~buddy_store() = default;
  // Pending and accepted links that involve the person (either side), newest first.
  [[nodiscard]] virtual std::vector<buddy_link> buddy_links_of(person_id who) const = 0;
  [[nodiscard]] virtual std::optional<buddy_link> find_buddy_link(std::int64_t id) const = 0;  // any state
  // Adds when link.id is 0 and returns the new id; else updates link.id's state and answered_at (who
  // asked whom, and when, stay as they were).
  virtual std::int64_t save_buddy_link(const buddy_link& link) = 0;
  // Every accepted link, oldest first (the weekly buddy check).
  [[nodiscard]] virtual std::vector<buddy_link> accepted_buddy_links() const = 0;
  // Links still pending that were asked in [from, to), oldest first (closing expired requests).
  [[nodiscard]] virtual std::vector<buddy_link> pending_buddy_links_asked(time_point from, time_point to) const = 0;
};

}  // namespace networkbot::core
