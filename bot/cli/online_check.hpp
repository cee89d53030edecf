#pragma once
// `networkbot config check --online`: with the bot token, asks Slack whether the bot is a member of every
// channel it will post to (the active cohorts' channels when prompts go to channels, and the staff
// channel), and says how to invite it where it is not.

#include <iosfwd>

#include "config/config.hpp"
#include "config/environment.hpp"

namespace networkbot::cli {

// Returns 0 when all is well, 1 otherwise (each problem said in `out`, with what to do).
[[nodiscard]] int check_online(const config::settings& settings, const config::environment& env, std::ostream& out);

}  // namespace networkbot::cli
