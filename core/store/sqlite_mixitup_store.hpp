#pragma once
// Mix It Up rounds, their groups and members, stored in SQLite.

#include "core/mixitup_rounds.hpp"
#include "core/store/database.hpp"

namespace networkbot::store {

class sqlite_mixitup_store final : public core::mixitup_store {
 public:
  explicit sqlite_mixitup_store(database& db) : db_(db) {}
  std::int64_t save_round(core::mixitup_round& r) override;
  [[nodiscard]] std::optional<core::mixitup_round> find_round(std::int64_t id) const override;
  [[nodiscard]] std::vector<core::mixitup_round> recent_rounds(int count) const override;
  [[nodiscard]] std::optional<core::mixitup_round> round_of_group(std::int64_t group_id) const override;
  void save_member(std::int64_t group_id, const core::round_member& m) override;
  void set_topic(std::int64_t group_id, std::string_view topic) override;

 private:
  // The round's groups and members, read into r.
  void fill(core::mixitup_round& r) const;
  database& db_;
};

}  // namespace networkbot::store
