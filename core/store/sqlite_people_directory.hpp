#pragma once
// The people directory stored in SQLite.

#include "core/people.hpp"
#include "core/store/database.hpp"

namespace networkbot::store {

class sqlite_people_directory final : public core::people_directory {
 public:
  explicit sqlite_people_directory(database& db) : db_(db) {}

  [[nodiscard]] std::optional<core::person> find(core::person_id id) const override;
  [[nodiscard]] std::optional<core::person> find_by_slack_id(std::string_view slack_id) const override;
  [[nodiscard]] std::optional<core::person> find_by_email(std::string_view email) const override;
  [[nodiscard]] std::optional<core::person> find_by_handle(std::string_view handle) const override;
  [[nodiscard]] std::vector<core::person> all() const override;
  [[nodiscard]] std::vector<core::person> in_cohort(std::string_view cohort) const override;
  [[nodiscard]] std::vector<core::person> open_to_chats() const override;
  [[nodiscard]] std::vector<core::person> available_mentors() const override;
  core::person_id upsert(const core::person& p) override;
  // Upserts every person in one transaction: all of them, or none on failure.
  void upsert_all(const std::vector<core::person>& people);

 private:
  [[nodiscard]] std::optional<core::person> one(std::string_view where, std::string_view value) const;
  database& db_;
};

}  // namespace networkbot::store
