#pragma once
// Corrections stored in SQLite (the corrections table).

#include "core/correction_store.hpp"
#include "core/store/database.hpp"

namespace networkbot::store {

class sqlite_correction_store final : public core::correction_store {
 public:
  explicit sqlite_correction_store(database& db) : db_(db) {}
  void add_correction(const core::correction& c) override;
  [[nodiscard]] std::vector<core::correction> corrections_of(core::person_id owner) const override;

 private:
  database& db_;
};

}  // namespace networkbot::store
