#pragma once
// The people directory: who is in the workspace and in which role. Students, alumni, mentors and
// staff are one record each; a person may hold several roles (an alum who mentors).

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

struct person {
  std::string slack_id;      // e.g. U024BE7LH; unique
  std::string handle;        // Slack display name without '@', unique when set
  std::string email;
  std::string display_name;
  std::string pronouns;
  role_set roles;
  // Students.
  std::string program;       // "FE", "BE" or a configured other
  std::optional<int> module; // 0..4
  std::string cohort;        // e.g. "2108"
  // Alumni and mentors.
  std::string company;
  std::string title;
  // Everyone.
  std::string background;
  std::vector<std::string> interests;
  std::string time_zone;     // IANA name; empty means the workspace zone
  bool active = true;

  [[nodiscard]] bool is(role r) const { return roles.has(r); }
};

// The directory port. The console's sample workspace uses the in-memory twin below; the bot's
// database adapter lives in core/store/.
class people_directory {
 public:
  virtual ~people_directory() = default;
  [[nodiscard]] virtual std::optional<person> find_by_slack_id(std::string_view slack_id) const = 0;
  [[nodiscard]] virtual std::optional<person> find_by_handle(std::string_view handle) const = 0;
  [[nodiscard]] virtual std::vector<person> all() const = 0;
  // Inserts or replaces by slack_id.
  virtual void upsert(const person& p) = 0;
};

class memory_people_directory final : public people_directory {
 public:
  [[nodiscard]] std::optional<person> find_by_slack_id(std::string_view slack_id) const override;
  [[nodiscard]] std::optional<person> find_by_handle(std::string_view handle) const override;
  [[nodiscard]] std::vector<person> all() const override;
  void upsert(const person& p) override;

 private:
  std::vector<person> people_;  // small directories only: lookups are linear
};

}  // namespace networkbot::core
