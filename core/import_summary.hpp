#pragma once
// What an import did, or would do on a dry run.

#include <cstddef>
#include <string>
#include <vector>

namespace networkbot::core {

struct import_summary {
  bool dry_run = false;
  std::size_t added = 0;
  std::size_t changed = 0;
  std::size_t unchanged = 0;
  // Who was added or changed, in file order; at most `examples_kept` of each for large files.
  std::vector<std::string> added_names;
  std::vector<std::string> changed_names;
  static constexpr std::size_t examples_kept = 200;

  void note_added(std::string name) {
    ++added;
    if (added_names.size() < examples_kept) added_names.push_back(std::move(name));
  }
  void note_changed(std::string name) {
    ++changed;
    if (changed_names.size() < examples_kept) changed_names.push_back(std::move(name));
  }
};

}  // namespace networkbot::core
