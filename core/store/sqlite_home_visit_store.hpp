#pragma once
// App Home visits stored in SQLite (the home_visits table).

#include "core/home_visit_store.hpp"
#include "core/store/database.hpp"

namespace networkbot::store {

class sqlite_home_visit_store final : public core::home_visit_store {
 public:
  explicit sqlite_home_visit_store(database& db) : db_(db) {}
  bool record_home_visit(core::person_id who, core::time_point at) override;
  [[nodiscard]] bool has_visited_home(core::person_id who) const override;

 private:
  database& db_;
};

}  // namespace networkbot::store
