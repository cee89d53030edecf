#include "core/people_import.hpp"

#include <algorithm>
#include <unordered_map>

#include "core/text.hpp"

namespace networkbot::core {

namespace {

std::string name_for_report(const person& p) {
  std::string out = p.display_name.empty() ? (p.slack_id.empty() ? p.email : p.slack_id) : p.display_name;
  if (!p.slack_id.empty()) out += " (" + p.slack_id + ")";
  else if (!p.email.empty()) out += " <" + p.email + ">";
  return out;
}

}  // namespace

std::string reference_of(const person& p) { return p.slack_id.empty() ? p.email : p.slack_id; }

std::variant<import_summary, std::vector<csv::error>> import_people(std::string_view text, const roster_rules& rules,
                                                                    people_directory& directory, transactions& tx,
                                                                    bool dry_run) {
  auto parsed = parse_roster(text, rules);
  if (auto* errors = std::get_if<std::vector<csv::error>>(&parsed)) return std::move(*errors);
  const auto& file = std::get<roster>(parsed);

  std::vector<csv::error> errors;
  auto fail = [&](const roster_row& row, const std::string& column, std::string reason) {
    errors.push_back({row.line, file.column_of(column), std::move(reason)});
  };

  auto t = tx.begin();
  // Pass 1: every person but their mentor, so that a mentor listed later in the file is known in pass 2.
  std::vector<std::optional<person>> before(file.rows.size());
  std::vector<person_id> ids(file.rows.size(), 0);
  for (std::size_t i = 0; i < file.rows.size(); ++i) {
    const auto& row = file.rows[i];
    const person& incoming = row.person;
    std::optional<person> by_id = incoming.slack_id.empty() ? std::nullopt : directory.find_by_slack_id(incoming.slack_id);
    std::optional<person> by_email = incoming.email.empty() ? std::nullopt : directory.find_by_email(incoming.email);
    if (by_id && by_email && by_id->id != by_email->id) {
      fail(row, "email", "email " + incoming.email + " belongs to " + name_for_report(*by_email) + ", not to " + incoming.slack_id);
      continue;
    }
    if (!by_id && by_email && !incoming.slack_id.empty() && !by_email->slack_id.empty()) {
      fail(row, "email", "email " + incoming.email + " belongs to " + name_for_report(*by_email) + ", not to " + incoming.slack_id);
      continue;
    }
    std::optional<person> existing = by_id ? by_id : by_email;
    person merged = existing ? *existing : person{};
    copy_columns(file, incoming, merged);
    if (existing && incoming.slack_id.empty()) merged.slack_id = existing->slack_id;  // matched by email alone
    if (existing && incoming.email.empty()) merged.email = existing->email;
    if (merged.display_name.empty()) merged.display_name = merged.handle.empty() ? reference_of(merged) : merged.handle;
    if (auto problem = check_person(merged)) {
      fail(row, problem->first, problem->second);
      continue;
    }
    if (!merged.handle.empty()) {
      if (auto holder = directory.find_by_handle(merged.handle); holder && holder->id != merged.id) {
        fail(row, "handle", "handle @" + merged.handle + " already belongs to " + name_for_report(*holder));
        continue;
      }
    }
    before[i] = existing;
    if (!errors.empty()) continue;  // checking only: nothing more is written once a row failed
    ids[i] = (existing && merged == *existing) ? existing->id : directory.upsert(merged);
  }

  // Pass 2: mentors, now that everyone in the file is in the directory.
  if (file.has("mentor")) {
    for (std::size_t i = 0; i < file.rows.size() && errors.empty(); ++i) {
      const auto& row = file.rows[i];
      person_id mentor = 0;
      if (!row.mentor.empty()) {
        auto m = find_person(directory, row.mentor);
        if (!m) {
          fail(row, "mentor", "no one with Slack id or email '" + row.mentor + "' is in the directory or the file");
          continue;
        }
        if (m->id == ids[i]) {
          fail(row, "mentor", "a person cannot be their own mentor");
          continue;
        }
        mentor = m->id;
      }
      auto current = directory.find(ids[i]);
      if (current && current->mentor != mentor) {
        current->mentor = mentor;
        directory.upsert(*current);
      }
    }
  }
  if (!errors.empty()) {
    std::ranges::stable_sort(errors, [](const csv::error& a, const csv::error& b) {
      return std::pair{a.line, a.column} < std::pair{b.line, b.column};
    });
    return errors;  // the transaction rolls back
  }

  import_summary summary;
  summary.dry_run = dry_run;
  for (std::size_t i = 0; i < file.rows.size(); ++i) {
    const auto after = directory.find(ids[i]);
    if (!before[i])
      summary.note_added(name_for_report(*after));
    else if (*after != *before[i])
      summary.note_changed(name_for_report(*after));
    else
      ++summary.unchanged;
  }
  if (!dry_run) t->commit();
  return summary;
}

std::string export_people_csv(const people_directory& directory) {
  const auto people = directory.all();
  std::unordered_map<person_id, std::string> refs;
  for (const auto& p : people) refs.emplace(p.id, reference_of(p));
  return write_roster(people, [&](person_id id) {
    auto it = refs.find(id);
    return it == refs.end() ? std::string{} : it->second;
  });
}

}  // namespace networkbot::core
