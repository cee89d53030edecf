#pragma once
// The people CSV: one person a row, columns named in a header row (any order; unknown columns are an
// error so a typo in a header is not silently ignored). The columns are documented in README.md.

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

// Every problem in the file, each with its line and column, or every person. All or nothing: a file
// with one bad row yields no people.
[[nodiscard]] std::variant<std::vector<person>, std::vector<csv::error>> parse_roster(
    std::string_view text, const roster_rules& rules);

// The header a people CSV uses, in the order export writes it.
[[nodiscard]] const std::vector<std::string>& roster_columns();

}  // namespace networkbot::core
