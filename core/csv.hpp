#pragma once
// An RFC 4180 reader: quoted fields, doubled quotes, commas and newlines inside quotes, CRLF or LF
// line ends, a leading UTF-8 byte-order mark. Errors carry the line and column where they start, so
// an import can tell staff exactly which cell to fix.

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace networkbot::core::csv {

struct row {
  std::size_t line = 0;  // 1-based line on which the record starts
  std::vector<std::string> fields;
};

struct error {
  std::size_t line = 0;
  std::size_t column = 0;  // 1-based, in bytes
  std::string reason;
};

// Parses a whole document. Blank lines are skipped. On failure returns the first error; nothing of a
// partly read document is returned, so a caller cannot act on half a file.
[[nodiscard]] std::variant<std::vector<row>, error> parse(std::string_view text);

// Quotes a field when it holds a comma, a quote, CR or LF (or leading/trailing space).
[[nodiscard]] std::string quote(std::string_view field);

}  // namespace networkbot::core::csv
