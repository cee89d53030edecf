#include "config/toml_reader.hpp"

#include <cmath>
#include <limits>

#include "core/text.hpp"

namespace networkbot::config {

namespace {
std::string_view type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "a list";
    case toml::node_type::string: return "text";
    case toml::node_type::integer: return "a whole number";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "true/false";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date and time";
    default: return "nothing";
  }
}
}  // namespace

std::optional<toml::table> parse_toml(std::string_view text, const std::string& file, std::vector<problem>& problems) {
  if (!core::is_valid_utf8(text)) {
    problems.push_back({file, 0, "", "the file is not valid UTF-8 text"});
    return std::nullopt;
  }
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    problems.push_back({file, static_cast<std::size_t>(e.source().begin.line), "",
                        "TOML syntax error: " + std::string(e.description())});
    return std::nullopt;
  }
}

std::string toml_reader::join(std::string_view path, std::string_view key) {
  if (path.empty()) return std::string(key);
  return std::string(path) + "." + std::string(key);
}

void toml_reader::fail(const toml::node& at, std::string_view path, std::string message) {
  problems_.push_back({file_, static_cast<std::size_t>(at.source().begin.line), std::string(path), std::move(message)});
}

void toml_reader::fail(std::string_view path, std::string message) {
  problems_.push_back({file_, 0, std::string(path), std::move(message)});
}

void toml_reader::only_known_keys(const toml::table& table, std::string_view path,
                                  const std::vector<std::string>& known) {
  for (const auto& [key, node] : table) {
    const std::string_view name = key.str();
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string message = "unknown key";
    if (auto guess = core::closest_match(name, known)) message += "; did you mean '" + *guess + "'?";
    else {
      message += "; known keys here:";
      for (const auto& k : known) message += " " + k;
    }
    problems_.push_back({file_, static_cast<std::size_t>(key.source().begin.line), join(path, name), message});
  }
}

const toml::table* toml_reader::table(const toml::table& parent, std::string_view path, std::string_view key) {
  const toml::node* node = parent.get(key);
  if (node == nullptr) return nullptr;
  if (const auto* t = node->as_table()) return t;
  fail(*node, join(path, key), "must be a table ([" + join(path, key) + "]), not " + std::string(type_name(*node)));
  return nullptr;
}

bool toml_reader::string(const toml::table& t, std::string_view path, std::string_view key, std::string& out) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return true;
  if (const auto* s = node->as_string()) {
    out = s->get();
    return true;
  }
  fail(*node, join(path, key), "must be text in quotes, not " + std::string(type_name(*node)));
  return false;
}

bool toml_reader::integer(const toml::table& t, std::string_view path, std::string_view key, int& out, int min,
                          int max) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return true;
  const auto* i = node->as_integer();
  if (i == nullptr) {
    fail(*node, join(path, key), "must be a whole number, not " + std::string(type_name(*node)));
    return false;
  }
  const std::int64_t v = i->get();
  if (v < min || v > max) {
    fail(*node, join(path, key),
         "must be from " + std::to_string(min) + " to " + std::to_string(max) + ", not " + std::to_string(v));
    return false;
  }
  out = static_cast<int>(v);
  return true;
}

bool toml_reader::number(const toml::table& t, std::string_view path, std::string_view key, double& out,
                         double min, double max) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return true;
  double v = 0;
  if (const auto* f = node->as_floating_point())
    v = f->get();
  else if (const auto* i = node->as_integer())
    v = static_cast<double>(i->get());
  else {
    fail(*node, join(path, key), "must be a number, not " + std::string(type_name(*node)));
    return false;
  }
  if (!std::isfinite(v) || v < min || v > max) {
    auto show = [](double d) {
      std::string s = std::to_string(d);
      while (s.size() > 1 && s.back() == '0') s.pop_back();
      if (s.back() == '.') s.pop_back();
      return s;
    };
    fail(*node, join(path, key), "must be from " + show(min) + " to " + show(max) + ", not " + show(v));
    return false;
  }
  out = v;
  return true;
}

bool toml_reader::boolean(const toml::table& t, std::string_view path, std::string_view key, bool& out) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return true;
  if (const auto* b = node->as_boolean()) {
    out = b->get();
    return true;
  }
  fail(*node, join(path, key), "must be true or false (no quotes), not " + std::string(type_name(*node)));
  return false;
}

bool toml_reader::string_list(const toml::table& t, std::string_view path, std::string_view key,
                              std::vector<std::string>& out) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return true;
  const auto* array = node->as_array();
  if (array == nullptr) {
    fail(*node, join(path, key), "must be a list of texts like [\"a\", \"b\"], not " + std::string(type_name(*node)));
    return false;
  }
  std::vector<std::string> values;
  bool ok = true;
  for (const auto& item : *array) {
    if (const auto* s = item.as_string())
      values.push_back(s->get());
    else {
      fail(item, join(path, key), "every item must be text in quotes, not " + std::string(type_name(item)));
      ok = false;
    }
  }
  if (ok) out = std::move(values);
  return ok;
}

}  // namespace networkbot::config
