#pragma once
// The people directory: who is in the workspace and in which role. Students, alumni, mentors and
// staff are one record each; a person may hold several roles (an alum who mentors).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace networkbot::core {

enum class role : std::uint8_t { student = 1, alum = 2, mentor = 4, staff = 8 };

class role_set {
 public:
  constexpr role_set() = default;
  constexpr role_set(std::initializer_list<role> roles) {
    for (role r : roles) add(r);
  }
  constexpr void add(role r) { bits_ = static_cast<std::uint8_t>(bits_ | static_cast<std::uint8_t>(r)); }
  [[nodiscard]] constexpr bool has(role r) const { return (bits_ & static_cast<std::uint8_t>(r)) != 0; }
  [[nodiscard]] constexpr bool empty() const { return bits_ == 0; }
  friend constexpr bool operator==(role_set, role_set) = default;

 private:
  std::uint8_t bits_ = 0;
};

[[nodiscard]] std::string_view to_string(role r);
[[nodiscard]] std::optional<role> parse_role(std::string_view text);
// "student;mentor" style, in a fixed order.
[[nodiscard]] std::string to_string(role_set roles);

using person_id = std::int64_t;  // the storage key; 0 until the person is stored

// Mix It Up participation: in by default; a snooze ends by itself on its date.
enum class mixitup_status : std::uint8_t { opted_in, snoozed, opted_out };
[[nodiscard]] std::string_view to_string(mixitup_status s);  // "in", "snoozed", "out"
[[nodiscard]] std::optional<mixitup_status> parse_mixitup_status(std::string_view text);

// A consent someone gives, off until they (or staff on their behalf) turn it on, with how much of
// it they offer: chats a month, or mentees.
struct consent {
  bool on = false;
  int capacity = 0;
  friend bool operator==(const consent&, const consent&) = default;
};

struct person {
  person_id id = 0;
  std::string slack_id;      // e.g. U024BE7LH; unique when set (empty until known for an email-only import)
  std::string handle;        // Slack display name without '@', unique when set
  std::string email;         // unique when set, compared without case
  std::string display_name;
  std::string pronouns;
  role_set roles;
  // Students.
  std::string program;       // "FE", "BE" or a configured other
  std::optional<int> module; // 0..4
  std::string cohort;        // e.g. "2108"
  std::vector<std::string> target_companies;
  person_id mentor = 0;      // the assigned mentor; 0 when none
  // Alumni and mentors.
  std::string company;
  std::string title;
  std::string graduating_cohort;  // alumni
  consent open_to_chats;          // may be suggested to students; capacity = chats a month
  consent available_to_mentor;    // capacity = mentees
  // Everyone.
  std::string background;
  std::vector<std::string> interests;
  std::string time_zone;     // IANA name; empty means the workspace zone
  mixitup_status mixitup = mixitup_status::opted_in;
  std::optional<std::chrono::sys_days> snoozed_until;  // with mixitup_status::snoozed
  bool active = true;        // false: removed from Slack; history kept, never matched, prompted or grouped

  [[nodiscard]] bool is(role r) const { return roles.has(r); }
  friend bool operator==(const person&, const person&) = default;
};

// Who may lead a Mix It Up group, best first: Mod 4 students, then Mod 3. Nothing for anyone else.
enum class leader_rank : std::uint8_t { first = 1, second = 2 };
[[nodiscard]] std::optional<leader_rank> mixitup_leader_rank(const person& p);
// Whether the person takes part in Mix It Up on `today` (active, a student, opted in or snooze over).
[[nodiscard]] bool joins_mixitup(const person& p, std::chrono::sys_days today);

// The directory port. The SQLite adapter lives in core/store/.
class people_directory {
 public:
  virtual ~people_directory() = default;
  [[nodiscard]] virtual std::optional<person> find(person_id id) const = 0;
  [[nodiscard]] virtual std::optional<person> find_by_slack_id(std::string_view slack_id) const = 0;
  [[nodiscard]] virtual std::optional<person> find_by_email(std::string_view email) const = 0;
  [[nodiscard]] virtual std::optional<person> find_by_handle(std::string_view handle) const = 0;
  // Everyone, ordered by display name.
  [[nodiscard]] virtual std::vector<person> all() const = 0;
  [[nodiscard]] virtual std::vector<person> in_cohort(std::string_view cohort) const = 0;
  // Active alumni and mentors who opted in to chats, or to mentoring: the only people matching may show.
  [[nodiscard]] virtual std::vector<person> open_to_chats() const = 0;
  [[nodiscard]] virtual std::vector<person> available_mentors() const = 0;
  // Stores p: by p.id when set, else matched by Slack id, then by email, else added. Returns the id.
  virtual person_id upsert(const person& p) = 0;
};

// A Slack id (U…/W…), an email, or an @handle, whichever `who` looks like.
[[nodiscard]] std::optional<person> find_person(const people_directory& directory, std::string_view who);

}  // namespace networkbot::core
