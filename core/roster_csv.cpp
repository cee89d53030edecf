#include "core/roster_csv.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <set>

#include "core/text.hpp"

namespace networkbot::core {

const std::vector<std::string>& roster_columns() {
  static const std::vector<std::string> columns{
      "slack_id", "handle",  "email", "display_name", "pronouns",   "roles",     "program",
      "module",   "cohort",  "company", "title",      "background", "interests", "time_zone"};
  return columns;
}

namespace {

bool looks_like_slack_user_id(std::string_view id) {
  if (id.size() < 3 || id.size() > 20 || (id.front() != 'U' && id.front() != 'W')) return false;
  return std::ranges::all_of(id, [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

}  // namespace

std::variant<std::vector<person>, std::vector<csv::error>> parse_roster(std::string_view text,
                                                                        const roster_rules& rules) {
  auto parsed = csv::parse(text);
  if (auto* e = std::get_if<csv::error>(&parsed)) return std::vector<csv::error>{*e};
  auto& rows = std::get<std::vector<csv::row>>(parsed);
  std::vector<csv::error> errors;
  if (rows.empty()) return std::vector<csv::error>{{1, 1, "the file is empty; the first row must name the columns"}};

  // Map the header to column positions.
  const auto& header = rows.front();
  std::map<std::string, std::size_t> at;
  for (std::size_t c = 0; c < header.fields.size(); ++c) {
    const std::string name = to_lower(trim(header.fields[c]));
    if (std::ranges::find(roster_columns(), name) == roster_columns().end()) {
      std::string reason = "unknown column '" + header.fields[c] + "'";
      if (auto guess = closest_match(name, roster_columns())) reason += "; did you mean '" + *guess + "'?";
      errors.push_back({header.line, c + 1, reason});
    } else if (!at.emplace(name, c).second) {
      errors.push_back({header.line, c + 1, "column '" + name + "' appears twice"});
    }
  }
  if (!at.contains("slack_id") && !at.contains("email"))
    errors.push_back({header.line, 1, "the header needs a slack_id or an email column to identify people"});
  if (!errors.empty()) return errors;

  std::vector<person> people;
  std::set<std::string> seen_ids, seen_handles;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (row.fields.size() != header.fields.size()) {
      errors.push_back({row.line, 1,
                        "expected " + std::to_string(header.fields.size()) + " fields, found " +
                            std::to_string(row.fields.size())});
      continue;
    }
    auto cell = [&](const char* name) -> std::string {
      auto it = at.find(name);
      return it == at.end() ? std::string{} : std::string(trim(row.fields[it->second]));
    };
    auto col = [&](const char* name) -> std::size_t {
      auto it = at.find(name);
      return it == at.end() ? 1 : it->second + 1;
    };
    auto fail = [&](const char* column, std::string reason) { errors.push_back({row.line, col(column), std::move(reason)}); };

    person p;
    p.slack_id = cell("slack_id");
    p.handle = cell("handle");
    if (p.handle.starts_with('@')) p.handle.erase(0, 1);
    p.email = cell("email");
    p.display_name = cell("display_name");
    p.pronouns = cell("pronouns");
    p.program = cell("program");
    p.cohort = cell("cohort");
    p.company = cell("company");
    p.title = cell("title");
    p.background = cell("background");
    p.interests = split_list(cell("interests"), ';');
    p.time_zone = cell("time_zone");

    for (const auto& [name, position] : at) {
      if (!is_valid_utf8(row.fields[position])) fail(name.c_str(), "not valid UTF-8 text; save the file as UTF-8");
    }
    if (p.slack_id.empty() && p.email.empty()) fail("slack_id", "each person needs a slack_id or an email");
    if (!p.slack_id.empty() && !looks_like_slack_user_id(p.slack_id))
      fail("slack_id", "'" + p.slack_id + "' is not a Slack user id (like U024BE7LH)");
    if (!p.slack_id.empty() && !seen_ids.insert(p.slack_id).second)
      fail("slack_id", "slack_id " + p.slack_id + " appears twice in the file");
    if (!p.handle.empty() && !seen_handles.insert(to_lower(p.handle)).second)
      fail("handle", "handle @" + p.handle + " appears twice in the file");
    if (!p.email.empty() && p.email.find('@') == std::string::npos)
      fail("email", "'" + p.email + "' is not an email address");
    if (p.display_name.empty()) p.display_name = p.handle.empty() ? p.email : p.handle;

    for (const auto& name : split_list(cell("roles"), ';')) {
      if (auto parsed_role = parse_role(name))
        p.roles.add(*parsed_role);
      else
        fail("roles", "unknown role '" + name + "'; use student, alum, mentor or staff, separated by ';'");
    }
    if (p.roles.empty()) p.roles.add(role::student);

    if (const std::string module = cell("module"); !module.empty()) {
      int value = -1;
      auto [end, ec] = std::from_chars(module.data(), module.data() + module.size(), value);
      if (ec != std::errc{} || end != module.data() + module.size() || value < 0 || value > 4)
        fail("module", "module must be a whole number from 0 to 4, not '" + module + "'");
      else
        p.module = value;
    }
    if (!p.program.empty()) {
      auto known = std::ranges::find_if(rules.programs, [&](const std::string& prog) { return to_lower(prog) == to_lower(p.program); });
      if (known == rules.programs.end()) {
        std::string list;
        for (const auto& prog : rules.programs) list += (list.empty() ? "" : ", ") + prog;
        fail("program", "unknown program '" + p.program + "'; expected one of " + list);
      } else {
        p.program = *known;
      }
    }
    if (p.is(role::student) && (cell("program").empty() || cell("module").empty() || p.cohort.empty()))
      fail("roles", "a student needs a program, a module and a cohort");
    people.push_back(std::move(p));
  }
  if (!errors.empty()) return errors;
  return people;
}

}  // namespace networkbot::core
