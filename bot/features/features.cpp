#include "bot/features/features.hpp"

#include "bot/features/admin.hpp"
#include "bot/features/corrections.hpp"
#include "bot/features/goals.hpp"
#include "bot/features/help.hpp"
#include "bot/features/home.hpp"
#include "bot/features/matching.hpp"
#include "bot/features/mixitup.hpp"
#include "bot/features/nudges.hpp"
#include "bot/features/outreach.hpp"
#include "bot/features/privacy.hpp"
#include "bot/features/profile.hpp"
#include "bot/features/questions.hpp"
#include "bot/features/reflections.hpp"
#include "bot/features/roster.hpp"
#include "bot/features/tracker.hpp"

namespace networkbot::features {

void register_all(app::router& r) {
  register_help(r);
  register_profile(r);
  register_privacy(r);
  register_tracker(r);
  register_corrections(r);
  register_goals(r);
  register_nudges(r);
  register_outreach(r);
  register_matching(r);
  register_reflections(r);
  register_mixitup(r);
  register_admin(r);
  register_roster(r);
  register_questions(r);
  register_home(r);
  for (const auto job : scheduled_jobs()) (void)app::required_rule(app::surface::job, job);
}

}  // namespace networkbot::features
