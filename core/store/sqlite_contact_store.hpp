#pragma once
// Contacts and their events stored in SQLite (the contacts and contact_events tables).

#include "core/contact_store.hpp"
#include "core/store/database.hpp"

namespace networkbot::store {

class sqlite_contact_store final : public core::contact_store {
 public:
  explicit sqlite_contact_store(database& db) : db_(db) {}
  [[nodiscard]] std::optional<core::contact> find_contact(core::contact_id id) const override;
  [[nodiscard]] std::optional<core::contact> find_contact_named(core::person_id owner, std::string_view name,
                                                                std::string_view company) const override;
  [[nodiscard]] std::vector<core::contact> contacts_of(core::person_id owner) const override;
  core::contact_id save_contact(const core::contact& c) override;
  void delete_contact(core::contact_id id) override;
  void add_event(const core::contact_event& e) override;
  [[nodiscard]] std::vector<core::contact_event> events_of(core::contact_id id) const override;
  void delete_event(std::int64_t event_id) override;
  void visit_contacts(
      const std::function<void(const core::contact&, const std::vector<core::contact_event>&)>& visit) const override;

 private:
  database& db_;
};

}  // namespace networkbot::store
