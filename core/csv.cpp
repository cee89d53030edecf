#include "core/csv.hpp"

#include <istream>
#include <sstream>

namespace networkbot::core::csv {

namespace {
constexpr int end_of_input = std::char_traits<char>::eof();
}

reader::reader(std::istream& in) : in_(in.rdbuf()) {
  // A UTF-8 byte-order mark is dropped; any other first bytes are kept for the first field.
  constexpr std::string_view bom = "\xEF\xBB\xBF";
  for (char expected : bom) {
    const int c = in_->sgetc();
    if (c == end_of_input || static_cast<char>(c) != expected) return;
    pending_.push_back(static_cast<char>(in_->sbumpc()));
  }
  pending_.clear();
}

int reader::get() {
  int c;
  if (!pending_.empty()) {
    c = static_cast<unsigned char>(pending_.front());
    pending_.erase(0, 1);
  } else {
    c = in_->sbumpc();
  }
  if (c != end_of_input) ++column_;
  return c;
}

int reader::peek() { return pending_.empty() ? in_->sgetc() : static_cast<unsigned char>(pending_.front()); }

bool reader::fail(std::size_t line, std::size_t column, std::string reason) {
  failure_ = error{line, column, std::move(reason)};
  return false;
}

bool reader::next(row& out) {
  if (failure_) return false;
  for (;;) {
    out.fields.clear();
    out.line = line_;
    std::string field;
    bool any = false;  // saw a byte of this record
    for (;;) {
      int c = get();
      if (c == end_of_input) {
        if (!any) return false;
        out.fields.push_back(std::move(field));
        // A last line holding only "" is blank like any other, though no line end follows it.
        return !(out.fields.size() == 1 && out.fields.front().empty());
      }
      any = true;
      if (c == '"') {
        if (!field.empty())
          return fail(line_, column_, "a quote inside an unquoted field; quote the whole field and double the quote (\"\")");
        const std::size_t open_line = line_;
        const std::size_t open_column = column_;
        for (;;) {
          c = get();
          if (c == end_of_input) return fail(open_line, open_column, "unterminated quoted field: a closing quote (\") is missing");
          if (c == '"') {
            if (peek() == '"') {
              get();
              field.push_back('"');
              continue;
            }
            break;
          }
          if (c == '\n') {
            ++line_;
            column_ = 0;
          }
          field.push_back(static_cast<char>(c));
        }
        const int after = peek();
        if (after != end_of_input && after != ',' && after != '\n' && after != '\r')
          return fail(line_, column_ + 1, "text after a closing quote; a quoted field must end at a comma or line end");
        continue;
      }
      if (c == ',') {
        out.fields.push_back(std::move(field));
        field.clear();
        continue;
      }
      if (c == '\r' || c == '\n') {
        if (c == '\r' && peek() == '\n') get();
        ++line_;
        column_ = 0;
        out.fields.push_back(std::move(field));
        break;
      }
      field.push_back(static_cast<char>(c));
    }
    const bool blank = out.fields.size() == 1 && out.fields.front().empty();
    if (!blank) return true;
  }
}

std::variant<std::vector<row>, error> parse(std::string_view text) {
  std::istringstream in{std::string(text)};
  reader r(in);
  std::vector<row> rows;
  row current;
  while (r.next(current)) rows.push_back(std::move(current));
  if (r.failure()) return *r.failure();
  return rows;
}

std::string quote(std::string_view field) {
  const bool needs = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!needs) return std::string(field);
  std::string out;
  out.reserve(field.size() + 2);
  out.push_back('"');
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

void append_record(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += quote(fields[i]);
  }
  out += "\r\n";
}

}  // namespace networkbot::core::csv
