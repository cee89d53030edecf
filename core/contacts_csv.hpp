#pragma once
// The contacts CSV: a student's spreadsheet tracker coming in (`networkbot import contacts --owner …`),
// and every tracker going out (`networkbot export contacts`). Read one row at a time, so a file of a
// million contacts imports in one pass without holding its rows in memory. Contacts are upserted by
// owner, name and company (case-insensitive). All or nothing: the first bad row stops the writing, up
// to fifty problems are reported with line, column and reason, and the transaction is rolled back.

#include <iosfwd>
#include <string>
#include <variant>
#include <vector>

#include "core/clock.hpp"
#include "core/contact_store.hpp"
#include "core/csv.hpp"
#include "core/import_summary.hpp"
#include "core/people.hpp"
#include "core/storage.hpp"

namespace networkbot::core {

// The header export writes, in order. Import also accepts the common spreadsheet names for them
// ("Warm/Cold", "How you know them", "Notes", …) and any subset that includes name and warmth.
[[nodiscard]] const std::vector<std::string>& contact_columns();

struct contacts_import_options {
  std::string owner;  // Slack id or email of the student whose tracker this is; empty: the owner column says
  bool dry_run = false;
};

[[nodiscard]] std::variant<import_summary, std::vector<csv::error>> import_contacts(
    std::istream& in, const contacts_import_options& options, const people_directory& directory,
    contact_store& store, transactions& tx, const clock& clock);

// Every contact of every student, with its history, as CSV (CRLF line ends).
void export_contacts_csv(std::ostream& out, const people_directory& directory, const contact_store& store);

// The history column: one event a line, "2026-11-20T15:04:05Z met: text", with backslash and newline
// in the text written as \\ and \n.
[[nodiscard]] std::string write_history(const std::vector<contact_event>& events);
[[nodiscard]] std::variant<std::vector<contact_event>, std::string> read_history(std::string_view cell);

}  // namespace networkbot::core
