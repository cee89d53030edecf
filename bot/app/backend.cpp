#include "bot/app/backend.hpp"

namespace networkbot::app {

backend::backend(const config::settings& settings, const config::content& content, const core::clock& clock,
                 const std::string& path, const std::function<void(app::router&)>& install)
    : db(path),
      queues(db),
      people(db),
      contacts(db),
      goals(db),
      corrections(db),
      buddies(db),
      nudges(db),
      home_visits(db),
      intros(db),
      reflections(db),
      job_ledger(db),
      rounds(db),
      privacy(db),
      confirmations(db),
      svc{settings, content, people, clock, contacts, goals, corrections, buddies, nudges, home_visits, db, intros, reflections,
          job_ledger, rounds, privacy, confirmations},
      router(svc) {
  if (install) install(router);
}

}  // namespace networkbot::app
