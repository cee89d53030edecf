#pragma once
// What feature handlers may use: the configuration, the content staff edit, the directory, the clock.
// Everything here is a port or plain data, so the console, the Slack adapter and the tests can each
// provide their own.

#include "config/config.hpp"
#include "config/content.hpp"
#include "core/clock.hpp"
#include "core/people.hpp"

namespace networkbot::app {

struct services {
  const config::settings& settings;
  const config::content& content;
  core::people_directory& people;
  const core::clock& clock;
};

// Staff are people with the staff role or whose Slack id the configuration lists.
[[nodiscard]] bool is_staff(const services& s, const core::person& p);

}  // namespace networkbot::app
