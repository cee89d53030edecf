#pragma once
// A checked walk over a parsed TOML table: each accessor reads one key into a typed field and, when the
// value is of the wrong type or out of range, records a problem with the key's dotted path and line
// instead of stopping. Private to config/.

#include <toml++/toml.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace networkbot::config {

// Parses a document, or records why it cannot be read (not UTF-8, or the one syntax error the TOML
// parser stops at) and returns nothing.
[[nodiscard]] std::optional<toml::table> parse_toml(std::string_view text, const std::string& file,
                                                   std::vector<problem>& problems);

class toml_reader {
 public:
  toml_reader(std::string file, std::vector<problem>& problems) : file_(std::move(file)), problems_(problems) {}

  // Records every key of `table` that is not in `known`, with a guess at the intended one.
  void only_known_keys(const toml::table& table, std::string_view path, const std::vector<std::string>& known);

  // Each returns false (after recording the problem) when the key is present but unusable; an absent
  // key leaves `out` at its default and returns true.
  const toml::table* table(const toml::table& parent, std::string_view path, std::string_view key);
  bool string(const toml::table& t, std::string_view path, std::string_view key, std::string& out);
  bool integer(const toml::table& t, std::string_view path, std::string_view key, int& out, int min, int max);
  bool number(const toml::table& t, std::string_view path, std::string_view key, double& out, double min, double max);
  bool boolean(const toml::table& t, std::string_view path, std::string_view key, bool& out);
  bool string_list(const toml::table& t, std::string_view path, std::string_view key, std::vector<std::string>& out);

  void fail(const toml::node& at, std::string_view path, std::string message);
  void fail(std::string_view path, std::string message);  // no single line to point at

  [[nodiscard]] static std::string join(std::string_view path, std::string_view key);

 private:
  std::string file_;
  std::vector<problem>& problems_;
};

}  // namespace networkbot::config
