#pragma once
// `networkbot run`: the bot on Slack, until SIGINT/SIGTERM or until Slack makes going on impossible
// (a refused token, Socket Mode switched off).
//
// Threads, and how each reaches the database. There is one backend (bot/app/backend.hpp: the SQLite
// connection, the queues, the stores, the services and the router) inside a serialized<backend>, and
// nothing reaches it but through that value's turn:
//   - the socket thread (`io`): Socket Mode's reads, acks and reconnects; the inbox writer records each
//     batch of envelopes in one turn, and asks router::check for a form's verdict (validation only);
//   - the worker (`nb-worker`): the request runner handles every request, a batch per turn;
//   - the outbox thread (`nb-outbox`, `outbox_io`): the outbox sender's claims and settlements (through
//     the backend's queues only), newcomers' Slack profiles, and the scheduler's jobs, a chunk per turn.
// The workspace identity (auth.test, the configuration, the app id) is resolved once, before the
// sockets start, and never changes after.

#include <iosfwd>

#include "config/config.hpp"
#include "config/content.hpp"
#include "config/environment.hpp"

namespace networkbot::slack {

// Returns the process exit code: 0 after a clean shutdown, 1 when Slack or the database refused.
[[nodiscard]] int run(const config::settings& settings, const config::content& content,
                      const config::environment& env, std::ostream& err);

}  // namespace networkbot::slack
