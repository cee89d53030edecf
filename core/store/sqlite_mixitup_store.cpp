#include "core/store/sqlite_mixitup_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <unordered_map>

#include "core/store/rows.hpp"
#include "core/text.hpp"

namespace networkbot::store {

namespace {

constexpr std::string_view round_columns = "SELECT id, posted_at, meets_at, link, seed, cohorts, posted_by FROM mixitup_rounds ";

core::mixitup_round read_round(SQLite::Statement& q) {
  core::mixitup_round r;
  r.id = q.getColumn(0).getInt64();
  r.posted_at = instant(q.getColumn(1).getInt64());
  if (!q.getColumn(2).isNull()) r.meets_at = instant(q.getColumn(2).getInt64());
  r.link = q.getColumn(3).getString();
  r.seed = static_cast<std::uint64_t>(q.getColumn(4).getInt64());
  r.cohorts = core::split_list(q.getColumn(5).getString(), ';');
  r.posted_by = q.getColumn(6).getInt64();
  return r;
}

}  // namespace

std::int64_t sqlite_mixitup_store::save_round(core::mixitup_round& r) {
  std::string cohorts;
  for (const auto& c : r.cohorts) cohorts += (cohorts.empty() ? "" : ";") + c;
  auto& round = db_.cached("INSERT INTO mixitup_rounds(posted_at, meets_at, link, seed, cohorts, posted_by) VALUES (?,?,?,?,?,?)");
  round.bind(1, seconds_of(r.posted_at));
  if (r.meets_at) round.bind(2, seconds_of(*r.meets_at)); else round.bind(2);
  round.bind(3, r.link);
  round.bind(4, static_cast<std::int64_t>(r.seed));
  round.bind(5, cohorts);
  round.bind(6, r.posted_by);
  round.exec();
  r.id = db_.handle().getLastInsertRowid();
  auto& group = db_.cached("INSERT INTO mixitup_groups(round_id, number, leader_id, topic) VALUES (?,?,?,?)");
  for (auto& g : r.groups) {
    group.bind(1, r.id);
    group.bind(2, g.number);
    if (g.leader) group.bind(3, *g.leader); else group.bind(3);
    group.bind(4, g.topic);
    group.exec();
    group.reset();
    g.id = db_.handle().getLastInsertRowid();
    for (const auto& m : g.members) save_member(g.id, m);
  }
  return r.id;
}

void sqlite_mixitup_store::save_member(std::int64_t group_id, const core::round_member& m) {
  auto& q = db_.cached(
      "INSERT INTO mixitup_members(group_id, person_id, confidence_before, confidence_after, vote, checked_in, left_out) "
      "VALUES (?,?,?,?,?,?,?) ON CONFLICT(group_id, person_id) DO UPDATE SET confidence_after = excluded.confidence_after, "
      "vote = excluded.vote, checked_in = excluded.checked_in, left_out = excluded.left_out");
  q.bind(1, group_id);
  q.bind(2, m.person);
  q.bind(3, m.confidence_before);
  if (m.confidence_after) q.bind(4, *m.confidence_after); else q.bind(4);
  q.bind(5, m.vote);
  q.bind(6, std::string(core::to_string(m.checked_in)));
  q.bind(7, m.left_out ? 1 : 0);
  q.exec();
}

void sqlite_mixitup_store::set_topic(std::int64_t group_id, std::string_view topic) {
  auto& q = db_.cached("UPDATE mixitup_groups SET topic = ? WHERE id = ?");
  q.bind(1, std::string(topic));
  q.bind(2, group_id);
  q.exec();
}

void sqlite_mixitup_store::fill(core::mixitup_round& r) const {
  auto& groups = db_.cached("SELECT id, number, leader_id, topic FROM mixitup_groups WHERE round_id = ? ORDER BY number");
  groups.bind(1, r.id);
  while (groups.executeStep()) {
    core::round_group g;
    g.id = groups.getColumn(0).getInt64();
    g.number = groups.getColumn(1).getInt();
    if (!groups.getColumn(2).isNull()) g.leader = groups.getColumn(2).getInt64();
    g.topic = groups.getColumn(3).getString();
    r.groups.push_back(std::move(g));
  }
  groups.reset();
  auto& members = db_.cached(
      "SELECT m.group_id, m.person_id, m.confidence_before, m.confidence_after, m.vote, m.checked_in, m.left_out "
      "FROM mixitup_members m JOIN mixitup_groups g ON g.id = m.group_id WHERE g.round_id = ? ORDER BY m.group_id, m.rowid");
  members.bind(1, r.id);
  std::unordered_map<std::int64_t, std::size_t> index;
  for (std::size_t i = 0; i < r.groups.size(); ++i) index[r.groups[i].id] = i;
  while (members.executeStep()) {
    const auto found = index.find(members.getColumn(0).getInt64());
    if (found == index.end()) continue;
    core::round_member m;
    m.person = members.getColumn(1).getInt64();
    m.confidence_before = members.getColumn(2).getInt();
    if (!members.getColumn(3).isNull()) m.confidence_after = members.getColumn(3).getInt();
    m.vote = members.getColumn(4).getString();
    m.checked_in = core::parse_attendance(members.getColumn(5).getString());
    m.left_out = members.getColumn(6).getInt() != 0;
    r.groups[found->second].members.push_back(std::move(m));
  }
  members.reset();
}

std::optional<core::mixitup_round> sqlite_mixitup_store::find_round(std::int64_t id) const {
  auto& q = db_.cached(std::string(round_columns) + "WHERE id = ?");
  q.bind(1, id);
  auto r = first_row(q, read_round);
  if (r) fill(*r);
  return r;
}

std::vector<core::mixitup_round> sqlite_mixitup_store::recent_rounds(int count) const {
  std::vector<core::mixitup_round> out;
  {
    auto& q = db_.cached(std::string(round_columns) + "ORDER BY id DESC LIMIT ?");
    q.bind(1, count);
    while (q.executeStep()) out.push_back(read_round(q));
    q.reset();
  }
  for (auto& r : out) fill(r);
  return out;
}

std::optional<core::mixitup_round> sqlite_mixitup_store::round_of_group(std::int64_t group_id) const {
  auto& q = db_.cached("SELECT round_id FROM mixitup_groups WHERE id = ?");
  q.bind(1, group_id);
  const auto round = first_row(q, [](SQLite::Statement& row) { return row.getColumn(0).getInt64(); });
  if (!round) return std::nullopt;
  return find_round(*round);
}

}  // namespace networkbot::store
