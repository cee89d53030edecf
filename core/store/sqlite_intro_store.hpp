#pragma once
// Introduction requests stored in SQLite.

#include "core/intros.hpp"
#include "core/store/database.hpp"

namespace networkbot::store {

class sqlite_intro_store final : public core::intro_store {
 public:
  explicit sqlite_intro_store(database& db) : db_(db) {}
  std::int64_t save_intro(const core::intro_request& r) override;
  [[nodiscard]] std::optional<core::intro_request> find_intro(std::int64_t id) const override;
  [[nodiscard]] std::vector<core::intro_request> pending_from(core::person_id student) const override;
  [[nodiscard]] std::vector<core::intro_request> pending_for(core::person_id alum) const override;
  [[nodiscard]] int accepted_since(core::person_id alum, core::time_point since) const override;
  [[nodiscard]] std::vector<core::intro_request> pending_expired(core::time_point now) const override;
  [[nodiscard]] std::vector<core::intro_request> expired_since(core::time_point since) const override;
  [[nodiscard]] std::vector<core::intro_request> involving(core::person_id who) const override;

 private:
  [[nodiscard]] std::vector<core::intro_request> many(std::string_view where, std::int64_t value) const;
  database& db_;
};

}  // namespace networkbot::store
