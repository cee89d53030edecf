#pragma once
// A student's contacts (the spreadsheet tracker's three tabs: support network, dormant ties, new
// contacts), each warm or cold and moving through the stages of an outreach, and the events of each
// one's history; with the port that stores them. The names of the enums are defined in tracker.cpp.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/dates.hpp"
#include "core/people.hpp"

namespace networkbot::core {

using contact_id = std::int64_t;

enum class warmth : std::uint8_t { warm, cold };
enum class contact_list : std::uint8_t { support_network, dormant_ties, new_contacts };
enum class stage : std::uint8_t { idea, messaged, scheduled, met, thanked };
enum class event_kind : std::uint8_t { note, messaged, scheduled, met, thanked, takeaway };

[[nodiscard]] std::string_view to_string(warmth w);         // "warm", "cold"
[[nodiscard]] std::string_view to_string(contact_list l);   // "support", "dormant", "new"
[[nodiscard]] std::string_view to_string(stage s);          // "idea" … "thanked"
[[nodiscard]] std::string_view to_string(event_kind k);     // "note", "messaged" … "takeaway"
[[nodiscard]] std::string_view describe(contact_list l);    // "support network", …
[[nodiscard]] std::optional<warmth> parse_warmth(std::string_view text);
[[nodiscard]] std::optional<contact_list> parse_contact_list(std::string_view text);
[[nodiscard]] std::optional<stage> parse_stage(std::string_view text);
[[nodiscard]] std::optional<event_kind> parse_event_kind(std::string_view text);
[[nodiscard]] event_kind event_for(stage reached);  // messaged → messaged, …; idea has none (note)

struct contact {
  contact_id id = 0;
  person_id owner = 0;
  std::string name;
  std::string slack_user;  // U… when the contact is in the workspace
  std::string email;
  std::string linkedin;    // https://www.linkedin.com/…
  std::string company;
  std::string role;
  core::warmth warmth = warmth::warm;
  contact_list list = contact_list::new_contacts;
  std::string why;  // how the student knows them, or why this person
  core::stage stage = stage::idea;
  std::string takeaway;  // the one takeaway after meeting them
  std::string next_action;
  std::optional<date> next_due;
  time_point created_at{};
  std::optional<time_point> last_interaction;
  friend bool operator==(const contact&, const contact&) = default;
};

struct contact_event {
  std::int64_t id = 0;
  contact_id contact = 0;
  time_point at{};
  event_kind kind = event_kind::note;
  std::string text;
  friend bool operator==(const contact_event&, const contact_event&) = default;
};

// Contacts and their events. It stores what it is given: the tracker checks ownership and fields.
// The contract of storage.hpp holds (one caller at a time; a write joins the open transaction).
class contact_store {
 public:
  virtual ~contact_store() = default;
  // The contact with this id, whoever owns it.
  [[nodiscard]] virtual std::optional<contact> find_contact(contact_id id) const = 0;
  // The owner's contact of this name and company, case-insensitive (the key an import matches on);
  // the oldest when several match.
  [[nodiscard]] virtual std::optional<contact> find_contact_named(person_id owner, std::string_view name,
                                                                  std::string_view company) const = 0;
  [[nodiscard]] virtual std::vector<contact> contacts_of(person_id owner) const = 0;  // oldest first
  // Adds when c.id is 0 and returns the new id; else replaces every field of contact c.id.
  virtual contact_id save_contact(const contact& c) = 0;
  // Removes the contact and all its events (its corrections keep its number: correction_store).
  virtual void delete_contact(contact_id id) = 0;

  // Adds an event to e.contact's history; e.id is ignored (the store numbers it).
  virtual void add_event(const contact_event& e) = 0;
  // The contact's history, oldest first (by time, then in the order added).
  [[nodiscard]] virtual std::vector<contact_event> events_of(contact_id id) const = 0;
  virtual void delete_event(std::int64_t event_id) = 0;

  // Every contact with its history, by id, one at a time (exports of any size: memory stays at one
  // contact's history). `visit` must not write to the store.
  virtual void visit_contacts(const std::function<void(const contact&, const std::vector<contact_event>&)>& visit) const = 0;
};

}  // namespace networkbot::core
