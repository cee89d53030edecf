#include "core/mixitup_rounds.hpp"

#include <algorithm>
#include <map>

namespace networkbot::core {

std::string_view to_string(attendance a) {
  switch (a) {
    case attendance::met: return "met";
    case attendance::missed: return "missed";
    case attendance::unknown: break;
  }
  return "";
}

attendance parse_attendance(std::string_view text) {
  if (text == "met") return attendance::met;
  if (text == "missed") return attendance::missed;
  return attendance::unknown;
}

const round_member* round_group::member(person_id p) const {
  const auto it = std::ranges::find(members, p, &round_member::person);
  return it == members.end() ? nullptr : &*it;
}

std::vector<mixitup::past_round> history_of(const std::vector<mixitup_round>& rounds) {
  std::vector<mixitup::past_round> out;
  out.reserve(rounds.size());
  for (const auto& r : rounds) {
    mixitup::past_round past;
    for (const auto& g : r.groups) {
      std::vector<person_id> ids;
      for (const auto& m : g.members)
        if (!m.left_out) ids.push_back(m.person);
      past.groups.push_back(std::move(ids));
    }
    out.push_back(std::move(past));
  }
  return out;
}

std::string leading_topic(const round_group& g, const std::vector<std::string>& topics) {
  std::map<std::string, int> votes;
  for (const auto& m : g.members)
    if (!m.vote.empty()) ++votes[m.vote];
  std::string best;
  int most = 0;
  for (const auto& t : topics)
    if (const auto it = votes.find(t); it != votes.end() && it->second > most) {
      best = t;
      most = it->second;
    }
  return best;
}

bool group_met(const round_group& g) {
  return std::ranges::any_of(g.members, [](const round_member& m) { return m.checked_in == attendance::met; });
}

}  // namespace networkbot::core
