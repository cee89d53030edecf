#pragma once
// Goals and action steps stored in SQLite (the goals and action_steps tables).

#include "core/goal_store.hpp"
#include "core/store/database.hpp"

namespace networkbot::store {

class sqlite_goal_store final : public core::goal_store {
 public:
  explicit sqlite_goal_store(database& db) : db_(db) {}
  [[nodiscard]] std::optional<core::goal> goal_of(core::person_id owner) const override;
  void save_goal(const core::goal& g) override;
  void delete_goal(core::person_id owner) override;
  [[nodiscard]] std::vector<core::action_step> action_steps_of(core::person_id owner) const override;
  std::int64_t save_action_step(const core::action_step& s) override;
  void delete_action_step(std::int64_t id) override;

 private:
  database& db_;
};

}  // namespace networkbot::store
