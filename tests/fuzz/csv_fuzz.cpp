// The RFC 4180 reader (core/csv.hpp) on any bytes: the whole-document parse and the streaming reader
// must agree, an error must point inside the input, and every document it accepts must come back
// unchanged through the writer (quote/append_record), which is what export→import relies on.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "core/csv.hpp"
#include "tests/fuzz/fuzz_input.hpp"

using namespace networkbot::core;

namespace {

[[noreturn]] void finding(const char* what) {
  std::fprintf(stderr, "csv_fuzz: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 1024 * 1024) return -1;
  const auto text = networkbot::fuzz::as_text(data, size);
  const auto parsed = csv::parse(text);

  // The streaming reader, one record at a time, sees the same records and the same error.
  std::istringstream in{std::string(text)};
  csv::reader r(in);
  std::vector<csv::row> streamed;
  csv::row current;
  while (r.next(current)) streamed.push_back(current);
  if (r.next(current)) finding("the reader gave a record after it had stopped");

  if (const auto* e = std::get_if<csv::error>(&parsed)) {
    if (!r.failure() || r.failure()->line != e->line || r.failure()->column != e->column)
      finding("parse and the streaming reader disagree on the error");
    if (e->line < 1 || e->line > size + 1 || e->reason.empty()) finding("an error outside the input");
    return 0;
  }
  const auto& rows = std::get<std::vector<csv::row>>(parsed);
  if (r.failure() || streamed.size() != rows.size()) finding("parse and the streaming reader disagree");

  // Written back out (after a byte-order mark, which the reader drops, so a field that itself starts
  // with one survives) and read again: the same fields.
  std::string written = "\xEF\xBB\xBF";
  std::size_t last_line = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].fields != streamed[i].fields || rows[i].line != streamed[i].line) finding("the reader's records differ");
    if (rows[i].line <= last_line) finding("record lines do not increase");
    last_line = rows[i].line;
    csv::append_record(written, rows[i].fields);
  }
  const auto again = csv::parse(written);
  const auto* reread = std::get_if<std::vector<csv::row>>(&again);
  if (reread == nullptr) finding("the writer's output does not parse");
  if (reread->size() != rows.size()) finding("the writer's output has a different number of records");
  for (std::size_t i = 0; i < rows.size(); ++i)
    if ((*reread)[i].fields != rows[i].fields) finding("a record changed through the writer");
  return 0;
}
