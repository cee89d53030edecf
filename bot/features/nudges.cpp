// /network nudges [followups|buddy] [on|off]: which timed nudges a student gets. The morning DM when
// a follow-up is due is opt-in; the weekly word about a buddy falling behind is on once they have a
// buddy. The scheduler (jobs.cpp) sends them.

#include "bot/features/nudges.hpp"
#include "core/text.hpp"

namespace networkbot::features {

namespace {

std::string on_off(bool on) { return on ? "on" : "off"; }

app::message status(const app::services& svc, const core::nudge_settings& n) {
  const auto& t = svc.settings.nudges;
  char morning[8];
  std::snprintf(morning, sizeof morning, "%02d:%02d", t.follow_up_time.hour, t.follow_up_time.minute);
  app::rich_text text;
  text.bold("Follow-ups: " + on_off(n.follow_ups))
      .plain(". A DM at " + std::string(morning) + " on days when a contact's follow-up is due.\n")
      .bold("Buddy: " + on_off(n.buddy))
      .plain(". Once a week, a word when your accountability buddy is falling behind on their goal.");
  app::rich_text how;
  how.plain("Change with ").code("/network nudges followups on").plain(" or ").code("/network nudges buddy off");
  // Blocks built from named values: g++ 12 at -O3 warns (wrongly) that a temporary section's empty
  // accessory may be used uninitialized.
  app::message m;
  m.fallback = "Your nudges";
  m.blocks.emplace_back(app::section{std::move(text), std::nullopt});
  m.blocks.emplace_back(app::context{std::move(how)});
  return m;
}

app::outcome nudges(app::services& svc, const app::command_call& call) {
  auto current = svc.nudges.nudges_of(call.user.id);
  if (call.args.empty()) return {app::reply_after_ack{status(svc, current)}, {}};
  const std::string which = core::to_lower(call.args[0]);
  const std::string setting = call.args.size() > 1 ? core::to_lower(call.args[1]) : std::string{};
  if ((which != "followups" && which != "follow-ups" && which != "buddy") || call.args.size() != 2 ||
      (setting != "on" && setting != "off"))
    return app::reply_text("Say which nudge and on or off, like `/network nudges followups on` or `/network nudges buddy off`.");
  (which == "buddy" ? current.buddy : current.follow_ups) = setting == "on";
  auto tx = svc.tx.begin();
  svc.nudges.save_nudges(call.user.id, current);
  tx->commit();
  return {app::reply_after_ack{status(svc, current)}, {}};
}

}  // namespace

void register_nudges(app::router& r) {
  r.command({.name = "nudges",
             .group = "Your tracker",
             .usage = "nudges [followups|buddy] [on|off]",
             .summary = "A morning DM when follow-ups are due (off until you turn it on), and a weekly word when your buddy falls behind.",
             .examples = {"/network nudges", "/network nudges followups on"},
             .handler = [&r](const app::command_call& call) { return nudges(r.svc(), call); }});
}

}  // namespace networkbot::features
