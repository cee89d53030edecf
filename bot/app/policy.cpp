#include "bot/app/policy.hpp"

#include <algorithm>

namespace networkbot::app {

bool is_staff(const services& s, const core::person& p) {
  if (p.is(core::role::staff)) return true;
  const auto& ids = s.settings.staff.user_ids;
  return !p.slack_id.empty() && std::find(ids.begin(), ids.end(), p.slack_id) != ids.end();
}

bool may_run(const services& s, const core::person& p, audience who) {
  switch (who) {
    case audience::everyone: return true;
    case audience::students: return p.is(core::role::student) || is_staff(s, p);
    case audience::staff: return is_staff(s, p);
  }
  return false;
}

rich_text refusal_for(audience who, std::string_view command) {
  rich_text t;
  t.code("/network " + std::string(command));
  if (who == audience::staff)
    t.plain(" is for career-development staff. ");
  else
    t.plain(" is part of the student networking tracker; alumni and mentors don't need it. ");
  t.plain("Type ").code("/network help").plain(" to see what you can do.");
  return t;
}

bool may_read_tracker(const services& s, const core::person& viewer, const core::person& owner) {
  return core::may_see_tracker(viewer.id, owner.id, is_staff(s, viewer));
}

bool may_read_progress(const services& s, const core::person& viewer, const core::person& owner) {
  if (may_read_tracker(s, viewer, owner)) return true;
  const auto link = s.tracker().buddy_of(viewer.id);
  return link && link->other(viewer.id) == owner.id;
}

}  // namespace networkbot::app
