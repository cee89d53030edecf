#pragma once
// Single-use confirmations stored in SQLite (the pending_confirmations table).

#include "core/confirmations.hpp"
#include "core/store/database.hpp"

namespace networkbot::store {

class sqlite_confirmation_store final : public core::confirmation_store {
 public:
  explicit sqlite_confirmation_store(database& db) : db_(db) {}
  std::int64_t add_confirmation(const core::confirmation& c) override;
  [[nodiscard]] std::optional<core::confirmation> find_confirmation(std::int64_t id) const override;
  bool claim_confirmation(std::int64_t id, core::person_id by, core::time_point at) override;
  void set_confirmation_result(std::int64_t id, std::string_view result) override;
  int forget_confirmations_before(core::time_point t) override;

 private:
  database& db_;
};

}  // namespace networkbot::store
