#pragma once
// Nudge settings stored in SQLite (the nudge_settings table).

#include "core/nudge_store.hpp"
#include "core/store/database.hpp"

namespace networkbot::store {

class sqlite_nudge_store final : public core::nudge_store {
 public:
  explicit sqlite_nudge_store(database& db) : db_(db) {}
  [[nodiscard]] core::nudge_settings nudges_of(core::person_id who) const override;
  void save_nudges(core::person_id who, const core::nudge_settings& n) override;
  [[nodiscard]] std::vector<core::person_id> follow_up_subscribers() const override;

 private:
  database& db_;
};

}  // namespace networkbot::store
