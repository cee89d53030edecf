#pragma once
// The people CSV: one person a row, columns named in a header row (any order, any subset; unknown
// columns are an error so a typo in a header is not silently ignored). A column left out of a file
// leaves that field of an existing person as it is. The columns are documented in README.md.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/csv.hpp"
#include "core/people.hpp"

namespace networkbot::core {

struct roster_rules {
  std::vector<std::string> programs{"FE", "BE"};  // accepted values of the program column
};

struct roster_row {
  std::size_t line = 0;
  core::person person;  // the cells of this row; fields of absent columns keep their defaults
  std::string mentor;  // the mentor column: a Slack id or an email, resolved against the directory
};

struct roster {
  std::map<std::string, std::size_t> columns;  // present column → 1-based position
  std::vector<roster_row> rows;
  [[nodiscard]] bool has(const std::string& column) const { return columns.contains(column); }
  [[nodiscard]] std::size_t column_of(const std::string& column) const {
    auto it = columns.find(column);
    return it == columns.end() ? 1 : it->second;
  }
};

// Every problem in the file (ordered by line and column), or every row. All or nothing: a file with
// one bad row yields no rows.
[[nodiscard]] std::variant<roster, std::vector<csv::error>> parse_roster(std::string_view text, const roster_rules& rules);

// The header a people CSV uses, in the order export writes it.
[[nodiscard]] const std::vector<std::string>& roster_columns();

// Copies the fields the named columns hold from `from` to `to` (the mentor column excepted).
void copy_columns(const roster& file, const person& from, person& to);

// What is wrong with a person as a whole (a student without a cohort, …), as column and reason.
[[nodiscard]] std::optional<std::pair<std::string, std::string>> check_person(const person& p);

// The people as a CSV document with every column, CRLF line ends. `mentor_ref` gives the mentor
// column's value for a person (their mentor's Slack id or email).
[[nodiscard]] std::string write_roster(const std::vector<person>& people,
                                       const std::function<std::string(person_id)>& mentor_ref);

}  // namespace networkbot::core
