#include "bot/app/backend.hpp"

namespace networkbot::app {

backend::backend(const config::settings& settings, const config::content& content, const core::clock& clock,
                 const std::string& path, const std::function<void(app::router&)>& install)
    : db(path),
      queues(db),
      people(db),
      tracker(db),
      intros(db),
      reflections(db),
      rounds(db),
      privacy(db),
      confirmations(db),
      svc{settings, content, people, clock, tracker, db, intros, reflections, rounds, privacy, confirmations},
      router(svc) {
  if (install) install(router);
}

}  // namespace networkbot::app
