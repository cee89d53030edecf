#pragma once
// `networkbot import people FILE.csv`: upserts people by Slack id or email, all or nothing. A file with
// any bad row writes nothing, and each problem comes back with its line, column and reason. A dry run
// does everything but commit, so it reports exactly what the real import would do.

#include <string_view>
#include <variant>
#include <vector>

#include "core/csv.hpp"
#include "core/import_summary.hpp"
#include "core/people.hpp"
#include "core/roster_csv.hpp"
#include "core/storage.hpp"

namespace networkbot::core {

[[nodiscard]] std::variant<import_summary, std::vector<csv::error>> import_people(
    std::string_view text, const roster_rules& rules, people_directory& directory, transactions& tx, bool dry_run);

// The whole directory as a people CSV (every column).
[[nodiscard]] std::string export_people_csv(const people_directory& directory);

// The value the mentor column holds for a person: their Slack id, else their email.
[[nodiscard]] std::string reference_of(const person& p);

}  // namespace networkbot::core
