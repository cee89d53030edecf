// /network <text> from any user through the router with every feature registered, over the sample
// workspace; the outcome is then rendered and planned as the Slack adapter would (Block Kit, limits,
// escaping). The router promises never to throw, so any exception escaping it is a finding; so is its
// internal-error reply, which means a handler threw and the router caught it.
//
// Input: byte 0 picks the user; byte 1 below 0xC0 picks a registered command whose name starts the
// text (so most inputs reach a command's own argument parsing), 0xC0 and above sends the rest as is.

#include <cstddef>
#include <cstdint>

#include "bot/slack/effects.hpp"
#include "tests/fuzz/fuzz_world.hpp"

using namespace networkbot;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::app_world world;
  if (size > 4096) return -1;  // Slack caps a slash command's text far below this
  fuzz::input in(data, size);
  app::slash_command c;
  c.user_id = fuzz::app_world::user(in.byte());
  c.team_id = "T0SAMPLE";
  c.channel_id = "C0SAMP2108";
  c.trigger_id = "trigger-1";
  c.response_url = "https://hooks.slack.com/commands/T0SAMPLE/1/abc";
  const std::uint8_t mode = in.byte();
  const auto& commands = world.router.commands();
  if (mode < 0xC0 && !commands.empty()) c.text = commands[mode % commands.size()].name + " ";
  c.text += in.rest();

  const auto tx = world.db.begin();  // never committed: the next input starts from the same data
  const app::request r{c};
  const app::outcome o = world.router.handle(r);
  // A handler that threw: the router hid it behind its internal-error reply, but it is a finding.
  if (app::is_internal_error(o)) fuzz::found("the router answered with its internal-error reply");
  (void)slack::plan_effects(r, o, 1'795'176'000);
  return 0;
}
