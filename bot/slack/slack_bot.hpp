#pragma once
// `networkbot run`: the bot on Slack. Wires the database, the router, the dispatcher (inbox), the outbox
// sender and Socket Mode onto one I/O thread plus one worker, and runs until SIGINT/SIGTERM or until
// Slack makes going on impossible (a refused token, Socket Mode switched off).

#include <iosfwd>

#include "config/config.hpp"
#include "config/content.hpp"
#include "config/environment.hpp"

namespace networkbot::slack {

// Returns the process exit code: 0 after a clean shutdown, 1 when Slack or the database refused.
[[nodiscard]] int run(const config::settings& settings, const config::content& content,
                      const config::environment& env, std::ostream& err);

// `networkbot config check --online`: with the bot token, asks Slack whether the bot is a member of every
// channel it will post to (the active cohorts' channels when prompts go to channels, and the staff
// channel), and says how to invite it where it is not. Returns 0 when all is well, 1 otherwise.
[[nodiscard]] int check_online(const config::settings& settings, const config::environment& env, std::ostream& out);

}  // namespace networkbot::slack
