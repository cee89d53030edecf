#include "core/mdgp.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <istream>
#include <limits>
#include <optional>
#include <string_view>

namespace networkbot::core::mdgp {

namespace {

// Whitespace-separated tokens of one line.
std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

// A whole token as a non-negative integer that fits an int; nothing on anything else (a sign, a
// fraction, an overflow, trailing characters).
std::optional<int> to_count(std::string_view token) {
  int value = 0;
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec != std::errc{} || end != token.data() + token.size() || value < 0) return std::nullopt;
  return value;
}

// A whole token as a finite real number ("inf" and "nan" are not distances).
std::optional<double> to_real(std::string_view token) {
  double value = 0;
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec != std::errc{} || end != token.data() + token.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::string quoted(std::string_view token) {
  constexpr std::size_t shown = 24;  // a binary blob in a token must not flood the message
  return "'" + std::string(token.substr(0, shown)) + (token.size() > shown ? "…'" : "'");
}

read_error fail(std::size_t line, std::string reason) { return read_error{line, std::move(reason)}; }

// The header line, or why it is wrong.
std::variant<instance, read_error> read_header(std::size_t line, const std::vector<std::string_view>& t) {
  if (t.size() < 3) return fail(line, "the header must start with `n m ss|ds`, then a minimum and a maximum per group");
  const auto n = to_count(t[0]);
  if (!n) return fail(line, "the number of elements " + quoted(t[0]) + " is not a whole number");
  if (*n < 1) return fail(line, "the instance has no elements");
  if (*n > max_elements)
    return fail(line, std::to_string(*n) + " elements is more than this reader accepts (" + std::to_string(max_elements) + ")");
  const auto m = to_count(t[1]);
  if (!m) return fail(line, "the number of groups " + quoted(t[1]) + " is not a whole number");
  if (*m < 1) return fail(line, "the instance has no groups");
  if (*m > *n) return fail(line, std::to_string(*m) + " groups cannot all be filled by " + std::to_string(*n) + " elements");
  if (t[2] != "ss" && t[2] != "ds") return fail(line, "the third field must be ss or ds, not " + quoted(t[2]));
  const std::size_t wanted = 3 + 2 * static_cast<std::size_t>(*m);
  if (t.size() != wanted)
    return fail(line, "the header has " + std::to_string(t.size() - 3) + " bounds for " + std::to_string(*m) +
                          " groups; it needs " + std::to_string(wanted - 3) + " (a minimum and a maximum each)");
  instance inst;
  inst.elements = *n;
  inst.same_size = t[2] == "ss";
  long long sum_min = 0, sum_max = 0;
  for (int g = 0; g < *m; ++g) {
    const auto token_a = t[3 + 2 * static_cast<std::size_t>(g)], token_b = t[4 + 2 * static_cast<std::size_t>(g)];
    const auto a = to_count(token_a), b = to_count(token_b);
    if (!a) return fail(line, "group " + std::to_string(g) + "'s minimum " + quoted(token_a) + " is not a whole number");
    if (!b) return fail(line, "group " + std::to_string(g) + "'s maximum " + quoted(token_b) + " is not a whole number");
    if (*a > *b)
      return fail(line, "group " + std::to_string(g) + "'s minimum " + std::to_string(*a) + " is above its maximum " +
                            std::to_string(*b));
    if (*b < 1) return fail(line, "group " + std::to_string(g) + "'s maximum is 0: it could hold nobody");
    if (inst.same_size && g > 0 && group_bounds{*a, *b} != inst.bounds.front())
      return fail(line, "the header says ss (every group the same size) but group " + std::to_string(g) + "'s bounds differ");
    inst.bounds.push_back({*a, *b});
    sum_min += *a;
    sum_max += *b;
  }
  if (sum_min > *n)
    return fail(line, "the groups' minimums add up to " + std::to_string(sum_min) + ", more than the " + std::to_string(*n) +
                          " elements");
  if (sum_max < *n)
    return fail(line, "the groups' maximums add up to " + std::to_string(sum_max) + ": they cannot hold the " +
                          std::to_string(*n) + " elements");
  return inst;
}

}  // namespace

read_result read_instance(std::istream& in) {
  std::string text;
  std::size_t line = 0;
  std::optional<instance> inst;
  std::size_t n = 0, expected = 0, seen = 0;
  // A NaN marks a pair not yet read: the file's own distances are finite, so a NaN is never data.
  const double unread = std::numeric_limits<double>::quiet_NaN();
  while (std::getline(in, text)) {
    ++line;
    const auto t = split(text);
    if (t.empty()) continue;
    if (!inst) {
      auto header = read_header(line, t);
      if (auto* e = std::get_if<read_error>(&header)) return *e;
      inst = std::move(std::get<instance>(header));
      n = static_cast<std::size_t>(inst->elements);
      expected = n * (n - 1) / 2;
      inst->distance.assign(n * n, unread);
      for (std::size_t i = 0; i < n; ++i) inst->distance[i * n + i] = 0;
      continue;
    }
    if (seen == expected)
      return fail(line, "unexpected text after the last of the " + std::to_string(expected) + " pairs");
    if (t.size() < 3) return fail(line, "a pair line needs `i j d`");
    if (t.size() > 3) return fail(line, "unexpected text after `i j d`: " + quoted(t[3]));
    const auto i = to_count(t[0]), j = to_count(t[1]);
    if (!i) return fail(line, "the element " + quoted(t[0]) + " is not a whole number from 0");
    if (!j) return fail(line, "the element " + quoted(t[1]) + " is not a whole number from 0");
    const auto d = to_real(t[2]);
    if (!d) return fail(line, "the distance " + quoted(t[2]) + " is not a number");
    const auto range = "; elements are numbered 0 to " + std::to_string(n - 1);
    if (static_cast<std::size_t>(*i) >= n) return fail(line, "element " + std::to_string(*i) + " is out of range" + range);
    if (static_cast<std::size_t>(*j) >= n) return fail(line, "element " + std::to_string(*j) + " is out of range" + range);
    if (*i >= *j)
      return fail(line, "a pair is written with the smaller element first (i < j), not " + std::to_string(*i) + " " +
                            std::to_string(*j));
    const std::size_t a = static_cast<std::size_t>(*i), b = static_cast<std::size_t>(*j);
    if (!std::isnan(inst->distance[a * n + b]))
      return fail(line, "the pair " + std::to_string(a) + " " + std::to_string(b) + " is given twice");
    inst->distance[a * n + b] = *d;
    inst->distance[b * n + a] = *d;
    ++seen;
  }
  if (in.bad()) return fail(line, "the file could not be read to its end");
  if (!inst) return fail(line + 1, "the file is empty: no header line");
  if (seen < expected) {
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = a + 1; b < n; ++b)
        if (std::isnan(inst->distance[a * n + b]))
          return fail(line + 1, "the file ends after " + std::to_string(seen) + " of " + std::to_string(expected) +
                                    " pairs; the first missing is " + std::to_string(a) + " " + std::to_string(b));
  }
  return std::move(*inst);
}

read_result read_instance_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return read_error{0, "cannot open the file"};
  return read_instance(in);
}

double objective(const instance& inst, std::span<const int> group_of) {
  double total = 0;
  const int n = inst.elements;
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j)
      if (group_of[static_cast<std::size_t>(i)] == group_of[static_cast<std::size_t>(j)]) total += inst.d(i, j);
  return total;
}

bool is_feasible(const instance& inst, std::span<const int> group_of) {
  if (group_of.size() != static_cast<std::size_t>(inst.elements)) return false;
  std::vector<int> size(inst.bounds.size(), 0);
  for (int g : group_of) {
    if (g < 0 || g >= inst.groups()) return false;
    ++size[static_cast<std::size_t>(g)];
  }
  for (std::size_t g = 0; g < size.size(); ++g)
    if (size[g] < inst.bounds[g].min || size[g] > inst.bounds[g].max) return false;
  return true;
}

}  // namespace networkbot::core::mdgp
