#include "core/dates.hpp"

#include <array>
#include <charconv>
#include <cstdio>

namespace networkbot::core {

namespace {

// Reads exactly `width` digits at `at`.
std::optional<int> digits(std::string_view text, std::size_t at, std::size_t width) {
  if (at + width > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = at; i < at + width; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

std::optional<date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto y = digits(text, 0, 4);
  const auto m = digits(text, 5, 2);
  const auto d = digits(text, 8, 2);
  if (!y || !m || !d) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*m)},
                                        std::chrono::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return date{ymd};
}

std::optional<std::chrono::local_seconds> parse_local_time(std::string_view text) {
  if (text.size() != 16 || (text[10] != ' ' && text[10] != 'T') || text[13] != ':') return std::nullopt;
  const auto day = parse_date(text.substr(0, 10));
  const auto h = digits(text, 11, 2);
  const auto m = digits(text, 14, 2);
  if (!day || !h || !m || *h > 23 || *m > 59) return std::nullopt;
  return std::chrono::local_seconds{day->time_since_epoch()} + std::chrono::hours{*h} + std::chrono::minutes{*m};
}

std::string format_date(date d) {
  const std::chrono::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

std::optional<time_point> parse_instant(std::string_view text) {
  if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z')
    return std::nullopt;
  const auto day = parse_date(text.substr(0, 10));
  const auto h = digits(text, 11, 2);
  const auto m = digits(text, 14, 2);
  const auto s = digits(text, 17, 2);
  if (!day || !h || !m || !s || *h > 23 || *m > 59 || *s > 59) return std::nullopt;
  return time_point{*day} + std::chrono::hours{*h} + std::chrono::minutes{*m} + std::chrono::seconds{*s};
}

std::string format_instant(time_point t) {
  const date d = day_of(t);
  const std::chrono::hh_mm_ss hms{t - time_point{d}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02dZ", static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return format_date(d) + buf;
}

std::optional<date> parse_due(std::string_view raw, date today) {
  std::string text;
  for (char c : raw) text.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  while (!text.empty() && text.back() == ' ') text.pop_back();
  while (!text.empty() && text.front() == ' ') text.erase(0, 1);
  if (auto d = parse_date(text)) return d;
  if (text == "today") return today;
  if (text == "tomorrow") return today + std::chrono::days{1};
  static constexpr std::array<std::string_view, 7> days{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
  for (unsigned i = 0; i < days.size(); ++i) {
    if (text == days[i] || (text.size() >= 3 && days[i].starts_with(text))) {
      const std::chrono::weekday target{i};
      auto d = today + std::chrono::days{1};
      while (std::chrono::weekday{d} != target) d += std::chrono::days{1};
      return d;
    }
  }
  // "12/4": month/day, the next such day from today on.
  if (const auto slash = text.find('/'); slash != std::string::npos && text.find('/', slash + 1) == std::string::npos) {
    int m = 0, d = 0;
    const auto [e1, ec1] = std::from_chars(text.data(), text.data() + slash, m);
    const auto [e2, ec2] = std::from_chars(text.data() + slash + 1, text.data() + text.size(), d);
    if (ec1 == std::errc{} && ec2 == std::errc{} && e1 == text.data() + slash && e2 == text.data() + text.size()) {
      const std::chrono::year_month_day now{today};
      for (int add = 0; add <= 1; ++add) {
        const std::chrono::year_month_day ymd{now.year() + std::chrono::years{add}, std::chrono::month{static_cast<unsigned>(m)},
                                              std::chrono::day{static_cast<unsigned>(d)}};
        if (!ymd.ok()) return std::nullopt;
        if (date{ymd} >= today) return date{ymd};
      }
    }
    return std::nullopt;
  }
  // "in 3 days", "3 days", "2 weeks".
  std::string_view rest = text;
  if (rest.starts_with("in ")) rest.remove_prefix(3);
  int n = 0;
  const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), n);
  if (ec == std::errc{} && n > 0 && n <= 366) {
    std::string_view unit(end, static_cast<std::size_t>(rest.data() + rest.size() - end));
    while (unit.starts_with(' ')) unit.remove_prefix(1);
    if (unit == "day" || unit == "days" || unit == "d") return today + std::chrono::days{n};
    if (unit == "week" || unit == "weeks" || unit == "w") return today + std::chrono::days{7 * n};
  }
  return std::nullopt;
}

std::string friendly_date(date d) {
  static constexpr std::array<std::string_view, 7> days{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<std::string_view, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::chrono::year_month_day ymd{d};
  return std::string(days[std::chrono::weekday{d}.c_encoding()]) + ", " +
         std::string(months[static_cast<unsigned>(ymd.month()) - 1]) + " " + std::to_string(static_cast<unsigned>(ymd.day()));
}

}  // namespace networkbot::core
