#pragma once
// /network profile [@someone] and /network profile edit: a person's directory record and the form to keep
// one's own up to date (profile.cpp).

#include <optional>
#include <string>

#include "bot/app/router.hpp"
#include "core/people.hpp"

namespace networkbot::features {

void register_profile(app::router& r);

// The roster's fields of a student: once one is set, by an import, by staff or by the student's own
// first profile, only staff change it (roster.hpp).
struct roster_locks {
  bool program = false;
  bool module = false;
  bool cohort = false;
};
[[nodiscard]] roster_locks locks_of(const core::person& p);
[[nodiscard]] std::optional<int> parse_module(const std::string& text);  // "0" to "4"
[[nodiscard]] bool is_cohort(const std::string& text);                   // four digits, like 2108

}  // namespace networkbot::features
