#pragma once
// Introductions with consent on both sides. A student asks for an intro to an alum or mentor who is
// open to chats; the alum sees the student's note and profile and answers Accept or Not now. Accept
// counts against the chats they offer this month (never beyond it, however many answers arrive at
// once), and puts the alum in the student's tracker (warm, messaged). Not now tells the student kindly
// and shares nothing more. A request not answered in time expires.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/matching.hpp"
#include "core/people.hpp"
#include "core/storage.hpp"
#include "core/tracker.hpp"

namespace networkbot::core {

enum class intro_state : std::uint8_t { pending, accepted, declined, expired, withdrawn };
[[nodiscard]] std::string_view to_string(intro_state s);
[[nodiscard]] std::optional<intro_state> parse_intro_state(std::string_view text);

struct intro_request {
  std::int64_t id = 0;
  person_id student = 0;
  person_id alum = 0;
  std::string note;
  intro_state state = intro_state::pending;
  time_point created_at{};
  time_point expires_at{};
  std::optional<time_point> answered_at;
  friend bool operator==(const intro_request&, const intro_request&) = default;
};

class intro_store {
 public:
  virtual ~intro_store() = default;
  virtual std::int64_t save_intro(const intro_request& r) = 0;  // adds when id is 0, else updates
  [[nodiscard]] virtual std::optional<intro_request> find_intro(std::int64_t id) const = 0;
  // Pending requests a student has made, or an alum has waiting.
  [[nodiscard]] virtual std::vector<intro_request> pending_from(person_id student) const = 0;
  [[nodiscard]] virtual std::vector<intro_request> pending_for(person_id alum) const = 0;
  [[nodiscard]] virtual int accepted_since(person_id alum, time_point since) const = 0;
  [[nodiscard]] virtual std::vector<intro_request> pending_expired(time_point now) const = 0;
  // Requests that have expired, whose deadline was at or after `since`, oldest first (to tell their
  // students, each once).
  [[nodiscard]] virtual std::vector<intro_request> expired_since(time_point since) const = 0;
  // Every request the person made or received, oldest first (their data export).
  [[nodiscard]] virtual std::vector<intro_request> involving(person_id who) const = 0;
};

struct intro_rules {
  std::chrono::hours expire_after{24 * 14};
  int pending_per_student = 3;  // asks waiting at once
};

// The first instant of the (UTC) month `t` falls in: capacity is counted from there.
[[nodiscard]] time_point month_start(time_point t);

class intro_desk {
 public:
  intro_desk(intro_store& intros, people_directory& people, contact_store& contacts, correction_store& corrections,
             transactions& tx, const clock& clock, intro_rules rules = {})
      : intros_(intros), people_(people), contacts_(contacts), corrections_(corrections), tx_(tx), clock_(clock),
        rules_(rules) {}

  // What an alum has used and has waiting this month.
  [[nodiscard]] candidate_load load_of(person_id alum) const;

  // A student asks; refused unless the alum is open for chats with room this month.
  result<intro_request> request(const person& student, const person& alum, std::string_view note);
  // The alum answers. Accept is refused (and changes nothing) when their month is already full.
  result<intro_request> accept(person_id alum, std::int64_t id);
  result<intro_request> decline(person_id alum, std::int64_t id);
  // "Stop suggesting me": chats consent off, and the requests waiting on them declined.
  result<std::vector<intro_request>> stop_suggesting(person_id alum);
  // The student takes back their pending request to `alum` (recorded as a correction); the alum's
  // buttons then answer that it was withdrawn.
  result<intro_request> withdraw(person_id student, person_id alum);
  // Expires what waited too long, now; returns the expired requests (to tell their students).
  std::vector<intro_request> expire_due();

 private:
  result<intro_request> pending_for_alum(person_id alum, std::int64_t id);

  intro_store& intros_;
  people_directory& people_;
  contact_store& contacts_;  // an accepted intro puts the alum in the student's tracker
  correction_store& corrections_;
  transactions& tx_;
  const clock& clock_;
  intro_rules rules_;
};

}  // namespace networkbot::core
