#pragma once
// The people directory stored in SQLite.

#include "core/people.hpp"
#include "core/store/database.hpp"

namespace networkbot::store {

class sqlite_people_directory final : public core::people_directory {
 public:
  explicit sqlite_people_directory(database& db) : db_(db) {}

  [[nodiscard]] std::optional<core::person> find_by_slack_id(std::string_view slack_id) const override;
  [[nodiscard]] std::optional<core::person> find_by_handle(std::string_view handle) const override;
  [[nodiscard]] std::vector<core::person> all() const override;
  void upsert(const core::person& p) override;
  // Inserts or replaces every person in one transaction: all of them, or none on failure.
  void upsert_all(const std::vector<core::person>& people);

 private:
  database& db_;
};

}  // namespace networkbot::store
