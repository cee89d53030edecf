#pragma once
// An RFC 4180 reader: quoted fields, doubled quotes, commas and newlines inside quotes, CRLF or LF
// line ends, a leading UTF-8 byte-order mark. Errors carry the line and column where they start, so
// an import can tell staff exactly which cell to fix.

#include <cstddef>
#include <iosfwd>
#include <optional>
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

// Reads one record at a time, so a file of a million rows never has to sit in memory as rows.
class reader {
 public:
  explicit reader(std::istream& in);
  // The next non-blank record, or nothing at the end of the input or at the first malformed record
  // (then failure() says where and why, and every later call returns nothing).
  [[nodiscard]] bool next(row& out);
  [[nodiscard]] const std::optional<error>& failure() const { return failure_; }

 private:
  int get();
  int peek();
  bool fail(std::size_t line, std::size_t column, std::string reason);

  std::streambuf* in_;
  std::string pending_;  // bytes read ahead while looking for the byte-order mark
  std::size_t line_ = 1;
  std::size_t column_ = 0;  // of the last byte read
  std::optional<error> failure_;
};

// Parses a whole document. Blank lines are skipped. On failure returns the first error; nothing of a
// partly read document is returned, so a caller cannot act on half a file.
[[nodiscard]] std::variant<std::vector<row>, error> parse(std::string_view text);

// Quotes a field when it holds a comma, a quote, CR or LF (or leading/trailing space).
[[nodiscard]] std::string quote(std::string_view field);
// Appends the fields as one CRLF-terminated record.
void append_record(std::string& out, const std::vector<std::string>& fields);

}  // namespace networkbot::core::csv
