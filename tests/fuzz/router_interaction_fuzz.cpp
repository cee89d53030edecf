// Button presses (block_actions) and modal submissions (view_submission) from any user through the
// router, with action ids, callback ids, values, input block ids and private_metadata chosen from the
// input; the outcome is rendered and planned as the Slack adapter would.
//
// Input: byte 0 picks the user, byte 1 the kind (even: a button, odd: a submission). Then for a button:
// the action id (a registered one by the next byte, or free text), the value; for a submission: the
// callback id (likewise), the private_metadata, and input values, each under a known block id.

#include <cstddef>
#include <cstdint>
#include <iterator>

#include "bot/slack/effects.hpp"
#include "tests/fuzz/fuzz_world.hpp"

using namespace networkbot;

namespace {

// The ids bot/features registers (r.action / r.view), and the input block ids its handlers read.
constexpr const char* action_ids[] = {
    "home.add",         "admin.mentors.confirm", "buddy.accept",   "buddy.decline",    "intro.start",
    "intro.accept",     "intro.decline",         "intro.stop",     "match.more",       "outreach.edit",
    "profile.edit_button", "questions.show",     "reflect.open",   "tracker.advance",  "tracker.note",
    "tracker.takeaway", "tracker.more",          "admin.roster_edit"};
constexpr const char* callback_ids[] = {"intro.note",    "outreach.check", "profile.edit",   "reflection.submit",
                                        "tracker.add",   "tracker.note",   "tracker.takeaway", "admin.roster"};
constexpr const char* block_ids[] = {
    "company", "email", "linkedin", "list", "message", "name", "note", "role", "text", "warmth", "why",
    "pronouns", "background", "interests", "target_companies", "time_zone", "program", "module", "cohort",
    "learned", "next_steps", "confidence", "status", "display_name", "takeaway", "title", "stage", "roles"};

std::string choose(fuzz::input& in, const char* const* ids, std::size_t count) {
  const std::uint8_t b = in.byte();
  if (b < 0xE0) return ids[b % count];
  return in.line();  // anything at all
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::app_world world;
  if (size > 8192) return -1;
  fuzz::input in(data, size);
  const std::string& user = fuzz::app_world::user(in.byte());
  const bool submission = (in.byte() & 1) != 0;
  app::request r;
  if (!submission) {
    app::block_action a;
    a.user_id = user;
    a.team_id = "T0SAMPLE";
    a.channel_id = (in.byte() & 1) != 0 ? "C0SAMP2108" : "";
    a.action_id = choose(in, action_ids, std::size(action_ids));
    a.value = in.line();
    a.trigger_id = "trigger-2";
    a.response_url = "https://hooks.slack.com/actions/T0SAMPLE/1/abc";
    a.view_id = (in.byte() & 1) != 0 ? "V0VIEW" : "";
    r = std::move(a);
  } else {
    app::view_submission v;
    v.user_id = user;
    v.team_id = "T0SAMPLE";
    v.view_id = "V0VIEW";
    v.callback_id = choose(in, callback_ids, std::size(callback_ids));
    v.private_metadata = in.line();
    v.opened_for = user;  // Slack lets only the opener submit; forged openers are the policy test's
    while (!in.empty()) {
      const std::string id = choose(in, block_ids, std::size(block_ids));
      v.values[id] = in.line();
    }
    r = std::move(v);
  }

  const auto tx = world.db.begin();  // never committed: the next input starts from the same data
  const app::outcome o = world.router.handle(r);
  // A handler that threw: the router hid it behind its internal-error reply, but it is a finding.
  if (app::is_internal_error(o)) fuzz::found("the router answered with its internal-error reply");
  (void)slack::plan_effects(r, o, 1'795'176'000);
  return 0;
}
