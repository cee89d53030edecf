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

}  // namespace networkbot::slack
