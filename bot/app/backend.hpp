#pragma once
// Everything that touches the database, owned together: the connection, the Slack transport's queues,
// the stores over the same connection, the services handlers use, and the router. The Slack bot keeps
// one inside a serialized<backend> (serialized.hpp), so each thread reaches any of it only in its turn;
// the console and the tests, on one thread, may hold one directly.

#include <functional>
#include <string>

#include "bot/app/router.hpp"
#include "bot/app/services.hpp"
#include "core/store/database.hpp"
#include "core/store/message_queues.hpp"
#include "core/store/sqlite_buddy_store.hpp"
#include "core/store/sqlite_confirmation_store.hpp"
#include "core/store/sqlite_contact_store.hpp"
#include "core/store/sqlite_correction_store.hpp"
#include "core/store/sqlite_goal_store.hpp"
#include "core/store/sqlite_home_visit_store.hpp"
#include "core/store/sqlite_intro_store.hpp"
#include "core/store/sqlite_job_ledger.hpp"
#include "core/store/sqlite_mixitup_store.hpp"
#include "core/store/sqlite_nudge_store.hpp"
#include "core/store/sqlite_people_directory.hpp"
#include "core/store/sqlite_privacy_store.hpp"
#include "core/store/sqlite_reflection_store.hpp"

namespace networkbot::app {

struct backend {
  // Opens (and migrates) the database at `path`, then lets `install` register the handlers on the
  // router (features::register_all). Throws what store::database throws, and what `install` throws.
  backend(const config::settings& settings, const config::content& content, const core::clock& clock,
          const std::string& path, const std::function<void(router&)>& install);
  backend(const backend&) = delete;
  backend& operator=(const backend&) = delete;

  store::database db;
  store::message_queues queues;
  store::sqlite_people_directory people;
  store::sqlite_contact_store contacts;
  store::sqlite_goal_store goals;
  store::sqlite_correction_store corrections;
  store::sqlite_buddy_store buddies;
  store::sqlite_nudge_store nudges;
  store::sqlite_home_visit_store home_visits;
  store::sqlite_intro_store intros;
  store::sqlite_reflection_store reflections;
  store::sqlite_job_ledger job_ledger;
  store::sqlite_mixitup_store rounds;
  store::sqlite_privacy_store privacy;
  store::sqlite_confirmation_store confirmations;
  services svc;
  app::router router;
};

}  // namespace networkbot::app
