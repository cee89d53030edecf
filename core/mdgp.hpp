#pragma once
// The maximally diverse grouping problem (MDGP) as the public MDGPLIB benchmark states it: n elements,
// m groups, group g holding between a_g and b_g elements, and a distance d(i, j) for every pair; the
// objective, to maximise, is the sum of d over pairs placed in the same group. Mix It Up's engine
// (core/mixitup.hpp) solves the people-shaped special case; this general form exists so the optimiser
// can be measured against the literature's best-known values.
//
// The file format: a header line `n m ss|ds a_0 b_0 … a_{m-1} b_{m-1}` (`ss`: every group the same
// size), then one line `i j d` per unordered pair, 0-based, i < j, each pair exactly once.

#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace networkbot::core::mdgp {

// The largest instance read. The dense matrix of 5,000 elements is 200 MB; a fuzzed header asking for
// more is refused before anything is allocated. MDGPLIB's largest instances have 960 elements.
inline constexpr int max_elements = 5000;

struct group_bounds {
  int min = 0;
  int max = 0;
  friend bool operator==(const group_bounds&, const group_bounds&) = default;
};

struct instance {
  int elements = 0;                  // n
  bool same_size = false;            // the header said `ss`
  std::vector<group_bounds> bounds;  // one per group: m entries
  std::vector<double> distance;      // n × n, symmetric, zero diagonal, row-major

  [[nodiscard]] int groups() const { return static_cast<int>(bounds.size()); }
  [[nodiscard]] double d(int i, int j) const {
    return distance[static_cast<std::size_t>(i) * static_cast<std::size_t>(elements) + static_cast<std::size_t>(j)];
  }
};

// Where the file is wrong: the 1-based line (0 when the file itself cannot be opened) and why, in words
// a person fixing the file understands.
struct read_error {
  std::size_t line = 0;
  std::string reason;
};

using read_result = std::variant<instance, read_error>;

// Reads a whole instance. Blank lines are skipped; anything else that is not part of the format is an
// error: the first one found is returned.
[[nodiscard]] read_result read_instance(std::istream& in);
// The same from a file; a file that cannot be opened is an error on line 0.
[[nodiscard]] read_result read_instance_file(const std::filesystem::path& path);

// The objective of an assignment (group_of[i] = the group of element i), computed from scratch.
[[nodiscard]] double objective(const instance& inst, std::span<const int> group_of);
// Whether every element has a group in range and every group's size is within its bounds.
[[nodiscard]] bool is_feasible(const instance& inst, std::span<const int> group_of);

}  // namespace networkbot::core::mdgp
