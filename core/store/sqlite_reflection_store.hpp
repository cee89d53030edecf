#pragma once
// Friday reflections stored in SQLite.

#include "core/reflections.hpp"
#include "core/store/database.hpp"

namespace networkbot::store {

class sqlite_reflection_store final : public core::reflection_store {
 public:
  explicit sqlite_reflection_store(database& db) : db_(db) {}
  std::int64_t save_reflection(const core::reflection& r) override;
  [[nodiscard]] std::optional<core::reflection> find_reflection(core::person_id student, std::string_view week) const override;
  [[nodiscard]] std::vector<core::reflection> reflections_of(core::person_id student) const override;
  [[nodiscard]] std::set<core::person_id> answered(std::string_view week) const override;
  [[nodiscard]] std::map<core::person_id, int> latest_confidence() const override;
  int forget_reflections_before(std::string_view week) override;

 private:
  database& db_;
};

}  // namespace networkbot::store
