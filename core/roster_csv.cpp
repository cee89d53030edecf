#include "core/roster_csv.hpp"

#include <algorithm>
#include <charconv>
#include <functional>
#include <optional>
#include <set>

#include "core/dates.hpp"
#include "core/text.hpp"

namespace networkbot::core {

namespace {

using reason = std::optional<std::string>;

bool looks_like_slack_user_id(std::string_view id) {
  if (id.size() < 3 || id.size() > 20 || (id.front() != 'U' && id.front() != 'W')) return false;
  return std::ranges::all_of(id, [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

std::optional<bool> parse_yes_no(std::string_view cell) {
  const std::string t = to_lower(cell);
  if (t.empty() || t == "no" || t == "n" || t == "false" || t == "0" || t == "off") return false;
  if (t == "yes" || t == "y" || t == "true" || t == "1" || t == "on") return true;
  return std::nullopt;
}

std::string yes_no(bool b) { return b ? "yes" : "no"; }

reason read_count(std::string_view cell, int& out, std::string_view what) {
  if (cell.empty()) {
    out = 0;
    return std::nullopt;
  }
  int value = -1;
  auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
  if (ec != std::errc{} || end != cell.data() + cell.size() || value < 0 || value > 1000)
    return std::string(what) + " must be a whole number from 0 to 1000, not '" + std::string(cell) + "'";
  out = value;
  return std::nullopt;
}

// One column of the people CSV: how a cell is read into a person, written from one, and copied
// between two.
struct column_spec {
  std::string_view name;
  reason (*read)(std::string_view cell, person& p, const roster_rules& rules);
  std::string (*write)(const person& p);
  void (*copy)(const person& from, person& to);
};

#define NB_TEXT_COLUMN(column, member)                                                      \
  column_spec {                                                                             \
    column, [](std::string_view cell, person& p, const roster_rules&) -> reason {           \
      p.member = std::string(cell);                                                         \
      return std::nullopt;                                                                  \
    },                                                                                      \
        [](const person& p) { return p.member; }, [](const person& f, person& t) { t.member = f.member; } \
  }

#define NB_LIST_COLUMN(column, member)                                                      \
  column_spec {                                                                             \
    column, [](std::string_view cell, person& p, const roster_rules&) -> reason {           \
      p.member = split_list(cell, ';');                                                     \
      return std::nullopt;                                                                  \
    },                                                                                      \
        [](const person& p) { return join_list(p.member, ";"); }, [](const person& f, person& t) { t.member = f.member; } \
  }

const std::vector<column_spec>& specs() {
  static const std::vector<column_spec> table{
      {"slack_id",
       [](std::string_view cell, person& p, const roster_rules&) -> reason {
         p.slack_id = std::string(cell);
         if (!cell.empty() && !looks_like_slack_user_id(cell))
           return "'" + std::string(cell) + "' is not a Slack user id (like U024BE7LH)";
         return std::nullopt;
       },
       [](const person& p) { return p.slack_id; }, [](const person& f, person& t) { t.slack_id = f.slack_id; }},
      {"handle",
       [](std::string_view cell, person& p, const roster_rules&) -> reason {
         if (cell.starts_with('@')) cell.remove_prefix(1);
         p.handle = std::string(cell);
         return std::nullopt;
       },
       [](const person& p) { return p.handle; }, [](const person& f, person& t) { t.handle = f.handle; }},
      {"email",
       [](std::string_view cell, person& p, const roster_rules&) -> reason {
         p.email = std::string(cell);
         if (!cell.empty() && (cell.find('@') == std::string_view::npos || cell.find(' ') != std::string_view::npos))
           return "'" + std::string(cell) + "' is not an email address";
         return std::nullopt;
       },
       [](const person& p) { return p.email; }, [](const person& f, person& t) { t.email = f.email; }},
      NB_TEXT_COLUMN("display_name", display_name),
      NB_TEXT_COLUMN("pronouns", pronouns),
      {"roles",
       [](std::string_view cell, person& p, const roster_rules&) -> reason {
         p.roles = {};
         for (const auto& name : split_list(cell, ';')) {
           if (auto r = parse_role(name))
             p.roles.add(*r);
           else
             return "unknown role '" + name + "'; use student, alum, mentor or staff, separated by ';'";
         }
         if (p.roles.empty()) p.roles.add(role::student);
         return std::nullopt;
       },
       [](const person& p) { return to_string(p.roles); }, [](const person& f, person& t) { t.roles = f.roles; }},
      {"program",
       [](std::string_view cell, person& p, const roster_rules& rules) -> reason {
         p.program.clear();
         if (cell.empty()) return std::nullopt;
         auto known = std::ranges::find_if(rules.programs, [&](const std::string& prog) { return to_lower(prog) == to_lower(cell); });
         if (known == rules.programs.end()) {
           std::string list;
           for (const auto& prog : rules.programs) list += (list.empty() ? "" : ", ") + prog;
           return "unknown program '" + std::string(cell) + "'; expected one of " + list;
         }
         p.program = *known;
         return std::nullopt;
       },
       [](const person& p) { return p.program; }, [](const person& f, person& t) { t.program = f.program; }},
      {"module",
       [](std::string_view cell, person& p, const roster_rules&) -> reason {
         p.module.reset();
         if (cell.empty()) return std::nullopt;
         int value = -1;
         auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
         if (ec != std::errc{} || end != cell.data() + cell.size() || value < 0 || value > 4)
           return "module must be a whole number from 0 to 4, not '" + std::string(cell) + "'";
         p.module = value;
         return std::nullopt;
       },
       [](const person& p) { return p.module ? std::to_string(*p.module) : std::string{}; },
       [](const person& f, person& t) { t.module = f.module; }},
      NB_TEXT_COLUMN("cohort", cohort),
      NB_LIST_COLUMN("target_companies", target_companies),
      {"mentor", [](std::string_view, person&, const roster_rules&) -> reason { return std::nullopt; },
       [](const person&) { return std::string{}; }, [](const person& f, person& t) { t.mentor = f.mentor; }},
      NB_TEXT_COLUMN("company", company),
      NB_TEXT_COLUMN("title", title),
      NB_TEXT_COLUMN("graduating_cohort", graduating_cohort),
      {"open_to_chats",
       [](std::string_view cell, person& p, const roster_rules&) -> reason {
         auto b = parse_yes_no(cell);
         if (!b) return "open_to_chats must be yes or no, not '" + std::string(cell) + "'";
         p.open_to_chats.on = *b;
         return std::nullopt;
       },
       [](const person& p) { return yes_no(p.open_to_chats.on); },
       [](const person& f, person& t) { t.open_to_chats.on = f.open_to_chats.on; }},
      {"chats_per_month",
       [](std::string_view cell, person& p, const roster_rules&) { return read_count(cell, p.open_to_chats.capacity, "chats_per_month"); },
       [](const person& p) { return std::to_string(p.open_to_chats.capacity); },
       [](const person& f, person& t) { t.open_to_chats.capacity = f.open_to_chats.capacity; }},
      {"available_to_mentor",
       [](std::string_view cell, person& p, const roster_rules&) -> reason {
         auto b = parse_yes_no(cell);
         if (!b) return "available_to_mentor must be yes or no, not '" + std::string(cell) + "'";
         p.available_to_mentor.on = *b;
         return std::nullopt;
       },
       [](const person& p) { return yes_no(p.available_to_mentor.on); },
       [](const person& f, person& t) { t.available_to_mentor.on = f.available_to_mentor.on; }},
      {"mentee_capacity",
       [](std::string_view cell, person& p, const roster_rules&) { return read_count(cell, p.available_to_mentor.capacity, "mentee_capacity"); },
       [](const person& p) { return std::to_string(p.available_to_mentor.capacity); },
       [](const person& f, person& t) { t.available_to_mentor.capacity = f.available_to_mentor.capacity; }},
      NB_TEXT_COLUMN("background", background),
      NB_LIST_COLUMN("interests", interests),
      NB_TEXT_COLUMN("time_zone", time_zone),
      {"mixitup",
       [](std::string_view cell, person& p, const roster_rules&) -> reason {
         if (cell.empty()) {
           p.mixitup = mixitup_status::opted_in;
           return std::nullopt;
         }
         auto s = parse_mixitup_status(cell);
         if (!s) return "mixitup must be in, snoozed or out, not '" + std::string(cell) + "'";
         p.mixitup = *s;
         return std::nullopt;
       },
       [](const person& p) { return std::string(to_string(p.mixitup)); },
       [](const person& f, person& t) { t.mixitup = f.mixitup; }},
      {"snoozed_until",
       [](std::string_view cell, person& p, const roster_rules&) -> reason {
         p.snoozed_until.reset();
         if (cell.empty()) return std::nullopt;
         p.snoozed_until = parse_date(cell);
         if (!p.snoozed_until) return "snoozed_until must be a date like 2026-12-01, not '" + std::string(cell) + "'";
         return std::nullopt;
       },
       [](const person& p) { return p.snoozed_until ? format_date(*p.snoozed_until) : std::string{}; },
       [](const person& f, person& t) { t.snoozed_until = f.snoozed_until; }},
      {"active",
       [](std::string_view cell, person& p, const roster_rules&) -> reason {
         if (cell.empty()) {
           p.active = true;
           return std::nullopt;
         }
         auto b = parse_yes_no(cell);
         if (!b) return "active must be yes or no, not '" + std::string(cell) + "'";
         p.active = *b;
         return std::nullopt;
       },
       [](const person& p) { return yes_no(p.active); }, [](const person& f, person& t) { t.active = f.active; }},
  };
  return table;
}

#undef NB_TEXT_COLUMN
#undef NB_LIST_COLUMN

const column_spec* spec_of(std::string_view name) {
  for (const auto& s : specs())
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace

const std::vector<std::string>& roster_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> out;
    for (const auto& s : specs()) out.emplace_back(s.name);
    return out;
  }();
  return columns;
}

void copy_columns(const roster& file, const person& from, person& to) {
  for (const auto& [name, position] : file.columns)
    if (name != "mentor") spec_of(name)->copy(from, to);
}

std::optional<std::pair<std::string, std::string>> check_person(const person& p) {
  if (p.slack_id.empty() && p.email.empty()) return std::pair{std::string("slack_id"), std::string("each person needs a slack_id or an email")};
  if (p.is(role::student) && (p.program.empty() || !p.module || p.cohort.empty()))
    return std::pair{std::string("roles"), std::string("a student needs a program, a module and a cohort")};
  if (p.mixitup == mixitup_status::snoozed && !p.snoozed_until)
    return std::pair{std::string("mixitup"), std::string("a snoozed person needs a snoozed_until date (like 2026-12-01)")};
  return std::nullopt;
}

std::variant<roster, std::vector<csv::error>> parse_roster(std::string_view text, const roster_rules& rules) {
  auto parsed = csv::parse(text);
  if (auto* e = std::get_if<csv::error>(&parsed)) return std::vector<csv::error>{*e};
  auto& rows = std::get<std::vector<csv::row>>(parsed);
  std::vector<csv::error> errors;
  if (rows.empty()) return std::vector<csv::error>{{1, 1, "the file is empty; the first row must name the columns"}};

  roster out;
  const auto& header = rows.front();
  std::vector<const column_spec*> by_position(header.fields.size(), nullptr);
  for (std::size_t c = 0; c < header.fields.size(); ++c) {
    const std::string name = to_lower(trim(header.fields[c]));
    const column_spec* spec = spec_of(name);
    if (spec == nullptr) {
      std::string why = "unknown column '" + header.fields[c] + "'";
      if (auto guess = closest_match(name, roster_columns())) why += "; did you mean '" + *guess + "'?";
      errors.push_back({header.line, c + 1, why});
    } else if (!out.columns.emplace(name, c + 1).second) {
      errors.push_back({header.line, c + 1, "column '" + name + "' appears twice"});
    } else {
      by_position[c] = spec;
    }
  }
  if (!out.has("slack_id") && !out.has("email"))
    errors.push_back({header.line, 1, "the header needs a slack_id or an email column to identify people"});
  if (!errors.empty()) return errors;

  std::set<std::string> seen_ids, seen_handles, seen_emails;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (row.fields.size() != header.fields.size()) {
      errors.push_back({row.line, 1,
                        "expected " + std::to_string(header.fields.size()) + " fields, found " +
                            std::to_string(row.fields.size())});
      continue;
    }
    roster_row entry;
    entry.line = row.line;
    person& p = entry.person;
    if (!out.has("roles")) p.roles.add(role::student);
    for (std::size_t c = 0; c < row.fields.size(); ++c) {
      const auto cell = trim(row.fields[c]);
      if (!is_valid_utf8(cell)) {
        errors.push_back({row.line, c + 1, "not valid UTF-8 text; save the file as UTF-8"});
        continue;
      }
      if (std::ranges::any_of(cell, [](char ch) { return static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f; })) {
        errors.push_back({row.line, c + 1, "control characters (a line break or tab inside a cell) are not allowed here"});
        continue;
      }
      if (by_position[c]->name == "mentor") entry.mentor = std::string(cell);
      if (auto why = by_position[c]->read(cell, p, rules)) errors.push_back({row.line, c + 1, *why});
    }
    if (p.slack_id.empty() && p.email.empty())
      errors.push_back({row.line, out.column_of("slack_id"), "each person needs a slack_id or an email"});
    if (!p.slack_id.empty() && !seen_ids.insert(p.slack_id).second)
      errors.push_back({row.line, out.column_of("slack_id"), "slack_id " + p.slack_id + " appears twice in the file"});
    if (!p.email.empty() && !seen_emails.insert(to_lower(p.email)).second)
      errors.push_back({row.line, out.column_of("email"), "email " + p.email + " appears twice in the file"});
    if (!p.handle.empty() && !seen_handles.insert(to_lower(p.handle)).second)
      errors.push_back({row.line, out.column_of("handle"), "handle @" + p.handle + " appears twice in the file"});
    out.rows.push_back(std::move(entry));
  }
  if (!errors.empty()) {
    std::ranges::stable_sort(errors, [](const csv::error& a, const csv::error& b) {
      return std::pair{a.line, a.column} < std::pair{b.line, b.column};
    });
    return errors;
  }
  return out;
}

std::string write_roster(const std::vector<person>& people, const std::function<std::string(person_id)>& mentor_ref) {
  std::string out;
  csv::append_record(out, roster_columns());
  std::vector<std::string> fields;
  for (const auto& p : people) {
    fields.clear();
    for (const auto& s : specs())
      fields.push_back(s.name == "mentor" ? (p.mentor != 0 ? mentor_ref(p.mentor) : std::string{}) : s.write(p));
    csv::append_record(out, fields);
  }
  return out;
}

}  // namespace networkbot::core
