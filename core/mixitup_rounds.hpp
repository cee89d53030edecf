#pragma once
// Mix It Up rounds as they happened: the groups posted, who led each, the topic each group voted for,
// and each member's check-in afterwards (did the group meet, networking confidence before and after).
// The history of rounds feeds the grouping engine's repeat avoidance (core/mixitup.hpp).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/mixitup.hpp"
#include "core/people.hpp"

namespace networkbot::core {

enum class attendance : std::uint8_t { unknown, met, missed };
[[nodiscard]] std::string_view to_string(attendance a);  // "", "met", "missed"
[[nodiscard]] attendance parse_attendance(std::string_view text);

struct round_member {
  person_id person = 0;
  int confidence_before = 0;                // 1..5 from their latest reflection; 0 unknown
  std::optional<int> confidence_after;      // from their check-in
  std::string vote;                         // the topic they voted for
  attendance checked_in = attendance::unknown;
  bool left_out = false;                    // Slack would not add them to the group DM
  friend bool operator==(const round_member&, const round_member&) = default;
};

struct round_group {
  std::int64_t id = 0;
  int number = 0;  // 1-based, as staff and students see it
  std::optional<person_id> leader;
  std::string topic;  // the topic with the most votes, or the one members said they chose
  std::vector<round_member> members;
  [[nodiscard]] const round_member* member(person_id p) const;
  friend bool operator==(const round_group&, const round_group&) = default;
};

struct mixitup_round {
  std::int64_t id = 0;
  time_point posted_at{};
  std::optional<time_point> meets_at;  // when the groups meet, when staff said
  std::string link;                    // the video link, when staff gave one
  std::uint64_t seed = 0;
  std::vector<std::string> cohorts;    // empty: every active cohort
  person_id posted_by = 0;             // 0: the scheduler
  std::vector<round_group> groups;
  friend bool operator==(const mixitup_round&, const mixitup_round&) = default;
};

class mixitup_store {
 public:
  virtual ~mixitup_store() = default;
  // Stores a new round with its groups and members; fills in the ids.
  virtual std::int64_t save_round(mixitup_round& r) = 0;
  [[nodiscard]] virtual std::optional<mixitup_round> find_round(std::int64_t id) const = 0;
  [[nodiscard]] virtual std::vector<mixitup_round> recent_rounds(int count) const = 0;  // newest first
  // The round a group belongs to (with every group), by the group's id.
  [[nodiscard]] virtual std::optional<mixitup_round> round_of_group(std::int64_t group_id) const = 0;
  virtual void save_member(std::int64_t group_id, const round_member& m) = 0;
  virtual void set_topic(std::int64_t group_id, std::string_view topic) = 0;
};

// The engine's history: each round's groups (members Slack left out excluded), newest first.
[[nodiscard]] std::vector<mixitup::past_round> history_of(const std::vector<mixitup_round>& rounds);
// The topic most members voted for (ties: the earlier in `topics`); empty when nobody voted.
[[nodiscard]] std::string leading_topic(const round_group& g, const std::vector<std::string>& topics);
// Whether the group met: anyone checked in as met.
[[nodiscard]] bool group_met(const round_group& g);

}  // namespace networkbot::core
