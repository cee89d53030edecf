#pragma once
// The networking tracker stored in SQLite: contacts, their events, goals and action steps.

#include "core/store/database.hpp"
#include "core/tracker.hpp"

namespace networkbot::store {

class sqlite_tracker_store final : public core::tracker_store {
 public:
  explicit sqlite_tracker_store(database& db) : db_(db) {}

  [[nodiscard]] std::optional<core::contact> find_contact(core::contact_id id) const override;
  [[nodiscard]] std::optional<core::contact> find_contact_named(core::person_id owner, std::string_view name,
                                                                std::string_view company) const override;
  [[nodiscard]] std::vector<core::contact> contacts_of(core::person_id owner) const override;
  core::contact_id save_contact(const core::contact& c) override;
  void add_event(const core::contact_event& e) override;
  [[nodiscard]] std::vector<core::contact_event> events_of(core::contact_id id) const override;
  [[nodiscard]] std::vector<core::contact_event> events_of_owner(core::person_id owner) const override;
  void visit_contacts(
      const std::function<void(const core::contact&, const std::vector<core::contact_event>&)>& visit) const override;

  void delete_contact(core::contact_id id) override;
  void delete_event(std::int64_t event_id) override;

  [[nodiscard]] std::optional<core::goal> goal_of(core::person_id owner) const override;
  void save_goal(const core::goal& g) override;
  void delete_goal(core::person_id owner) override;
  void delete_action_step(std::int64_t id) override;
  void add_correction(const core::correction& c) override;
  [[nodiscard]] std::vector<core::correction> corrections_of(core::person_id owner) const override;

  [[nodiscard]] std::vector<core::action_step> action_steps_of(core::person_id owner) const override;
  std::int64_t save_action_step(const core::action_step& s) override;

  [[nodiscard]] std::vector<core::buddy_link> buddy_links_of(core::person_id who) const override;
  [[nodiscard]] std::optional<core::buddy_link> find_buddy_link(std::int64_t id) const override;
  std::int64_t save_buddy_link(const core::buddy_link& link) override;
  [[nodiscard]] std::vector<core::buddy_link> accepted_buddy_links() const override;
  [[nodiscard]] std::vector<core::buddy_link> pending_buddy_links_asked(core::time_point from, core::time_point to) const override;
  [[nodiscard]] core::nudge_settings nudges_of(core::person_id who) const override;
  void save_nudges(core::person_id who, const core::nudge_settings& n) override;
  [[nodiscard]] std::vector<core::person_id> follow_up_subscribers() const override;
  bool record_home_visit(core::person_id who, core::time_point at) override;
  [[nodiscard]] bool has_visited_home(core::person_id who) const override;

 private:
  database& db_;
};

}  // namespace networkbot::store
