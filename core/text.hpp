#pragma once
// Small text helpers the domain shares: trimming, case folding for ASCII, splitting, and the edit
// distance behind every "did you mean …?".

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace networkbot::core {

[[nodiscard]] std::string_view trim(std::string_view s);
[[nodiscard]] std::string to_lower(std::string_view s);  // ASCII letters only; other bytes unchanged
// Splits on `sep`, trimming each piece and dropping empty ones.
[[nodiscard]] std::vector<std::string> split_list(std::string_view s, char sep);
// The inverse of split_list: the pieces with `sep` between them.
[[nodiscard]] std::string join_list(std::span<const std::string> items, std::string_view sep);
// Splits on runs of ASCII whitespace.
[[nodiscard]] std::vector<std::string> split_words(std::string_view s);

// "1 contact", "3 contacts".
[[nodiscard]] std::string count_of(long long n, std::string_view one, std::string_view many);

// Edit distance over bytes, counting a swap of two neighbouring bytes as one edit.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);
// The candidate closest to `word` when it is close enough to be a plausible typo (distance at most
// a third of the word's length, and at least 1 allowed), else nothing.
[[nodiscard]] std::optional<std::string> closest_match(std::string_view word,
                                                       const std::vector<std::string>& candidates);

// True when every byte sequence in `s` is well-formed UTF-8.
[[nodiscard]] bool is_valid_utf8(std::string_view s);

}  // namespace networkbot::core
