#pragma once
// Buddy links stored in SQLite (the buddies table).

#include "core/buddy_store.hpp"
#include "core/store/database.hpp"

namespace networkbot::store {

class sqlite_buddy_store final : public core::buddy_store {
 public:
  explicit sqlite_buddy_store(database& db) : db_(db) {}
  [[nodiscard]] std::vector<core::buddy_link> buddy_links_of(core::person_id who) const override;
  [[nodiscard]] std::optional<core::buddy_link> find_buddy_link(std::int64_t id) const override;
  std::int64_t save_buddy_link(const core::buddy_link& link) override;
  [[nodiscard]] std::vector<core::buddy_link> accepted_buddy_links() const override;
  [[nodiscard]] std::vector<core::buddy_link> pending_buddy_links_asked(core::time_point from, core::time_point to) const override;

 private:
  database& db_;
};

}  // namespace networkbot::store
