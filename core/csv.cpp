#include "core/csv.hpp"

namespace networkbot::core::csv {

std::variant<std::vector<row>, error> parse(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);

  std::vector<row> rows;
  row current;
  std::string field;
  std::size_t line = 1;
  std::size_t line_start = 0;  // offset of the current line's first byte
  bool in_record = false;
  std::size_t i = 0;
  const std::size_t n = text.size();

  auto column_of = [&](std::size_t offset) { return offset - line_start + 1; };
  auto end_record = [&] {
    current.fields.push_back(std::move(field));
    field.clear();
    const bool blank = current.fields.size() == 1 && current.fields.front().empty();
    if (!blank) rows.push_back(std::move(current));
    current = row{};
    in_record = false;
  };

  while (i < n) {
    if (!in_record) {
      current.line = line;
      in_record = true;
    }
    const char c = text[i];
    if (c == '"') {
      if (!field.empty()) {
        return error{line, column_of(i), "a quote inside an unquoted field; quote the whole field and double the quote (\"\")"};
      }
      const std::size_t open_line = line;
      const std::size_t open_column = column_of(i);
      ++i;
      bool closed = false;
      while (i < n) {
        const char q = text[i];
        if (q == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        if (q == '\n') {
          ++line;
          line_start = i + 1;
        }
        field.push_back(q);
        ++i;
      }
      if (!closed) {
        return error{open_line, open_column, "unterminated quoted field: a closing quote (\") is missing"};
      }
      if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        return error{line, column_of(i), "text after a closing quote; a quoted field must end at a comma or line end"};
      }
      continue;
    }
    if (c == ',') {
      current.fields.push_back(std::move(field));
      field.clear();
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      end_record();
      if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
      ++i;
      ++line;
      line_start = i;
      continue;
    }
    field.push_back(c);
    ++i;
  }
  if (in_record) end_record();
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

}  // namespace networkbot::core::csv
