#pragma once
// What a front end (the Slack bot, the console, the tests) needs of the features: register them all on
// its router, and run the scheduled jobs (jobs.hpp). A feature's own commands and helpers are declared in
// the header named for it, beside its .cpp.

#include "bot/app/router.hpp"
#include "bot/features/jobs.hpp"

namespace networkbot::features {

// Every feature, in the order `/network help` lists them. Throws std::logic_error when a scheduled job
// has no entry in the policy table.
void register_all(app::router& r);

}  // namespace networkbot::features
