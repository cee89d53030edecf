#pragma once
// Each feature registers its commands, buttons and modals on the router; one file per feature.

#include "bot/app/router.hpp"

namespace networkbot::features {

void register_help(app::router& r);
void register_profile(app::router& r);
void register_questions(app::router& r);
void register_home(app::router& r);
void register_tracker(app::router& r);
void register_goals(app::router& r);
void register_outreach(app::router& r);

// Every feature, in the order `/network help` lists them.
inline void register_all(app::router& r) {
  register_help(r);
  register_profile(r);
  register_tracker(r);
  register_goals(r);
  register_outreach(r);
  register_questions(r);
  register_home(r);
}

}  // namespace networkbot::features
