#pragma once
// Deleting a person's networking data on their request, in SQLite.

#include "core/privacy.hpp"
#include "core/store/database.hpp"

namespace networkbot::store {

class sqlite_privacy_store final : public core::privacy_store {
 public:
  explicit sqlite_privacy_store(database& db) : db_(db) {}
  core::erasure forget(core::person_id who, core::time_point at) override;
  [[nodiscard]] bool holds_data(core::person_id who) const override;
  [[nodiscard]] core::erasure_totals forgotten_so_far() const override;

 private:
  database& db_;
};

}  // namespace networkbot::store
