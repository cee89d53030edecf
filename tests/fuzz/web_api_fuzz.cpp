// Web API answers as they come back from Slack (or from anything pretending to be Slack): interpret()
// for every method the bot calls and any HTTP status and Retry-After; then what the bot reads out of an
// ok answer: the users.info profile (slack_profile_of) written into the directory (fill_from_slack, on a
// newcomer whose placeholders it may replace), the conversations.open channel, paginated items.
//
// Input: byte 0 picks the method, byte 1 the status, then the Retry-After header up to a newline, then
// the body.

#include <cstddef>
#include <cstdint>
#include <iterator>

#include "bot/slack/effects.hpp"
#include "bot/slack/web_api.hpp"
#include "tests/fuzz/fuzz_world.hpp"

using namespace networkbot;
using nlohmann::json;

namespace {

unsigned status_of(std::uint8_t b, fuzz::input& in) {
  static constexpr unsigned common[] = {200, 200, 200, 200, 429, 500, 502, 503, 404, 400, 401, 302, 0, 199, 299, 999};
  if (b < 0xF0) return common[b % std::size(common)];
  const unsigned high = in.byte();
  const unsigned low = in.byte();
  return high << 8 | low;
}

void read_answer(std::string_view method, const json& answer) {
  // users.info, users.lookupByEmail: the profile, as outbox_sender::run_lookups hands it on.
  if (auto user = answer.find("user"); user != answer.end()) {
    const app::slack_profile profile = slack::slack_profile_of(*user);
    static fuzz::store_world world(false);
    const auto tx = world.db.begin();  // rolled back
    core::person newcomer;
    newcomer.slack_id = "U0NEWCOMER";
    newcomer.display_name = newcomer.slack_id;
    newcomer.roles.add(core::role::student);
    world.people.upsert(newcomer);
    app::fill_from_slack(world.people, newcomer.slack_id, profile);
    app::fill_from_slack(world.people, "U0SAMP0001", profile);
  }
  // conversations.open: the DM channel's id (outbox_sender.cpp's dm_channel_of reads it the same way).
  if (auto channel = answer.find("channel"); channel != answer.end() && channel->is_object()) {
    if (auto id = channel->find("id"); id != channel->end() && id->is_string()) (void)id->get<std::string>();
  }
  // Paginated methods: the cursor and the items (web_api::paginate).
  if (auto meta = answer.find("response_metadata"); meta != answer.end() && meta->is_object())
    if (auto next = meta->find("next_cursor"); next != meta->end() && next->is_string()) (void)next->get<std::string>();
  // An answer sent back out as form arguments (the paginate loop resends its args with the cursor).
  if (method.starts_with("users.") || method.starts_with("conversations.")) (void)slack::form_encode(answer);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::silence_logging();
  if (size > 256 * 1024) return -1;
  fuzz::input in(data, size);
  const auto methods = slack::methods();
  const std::string_view method = methods[in.pick(methods.size())].name;
  const unsigned status = status_of(in.byte(), in);
  const std::string retry_after = in.line();
  const std::string body = in.rest();
  try {
    const json answer = slack::interpret(method, status, body, retry_after);
    read_answer(method, answer);
  } catch (const slack::api_error& e) {
    (void)e.kind();
    (void)e.code();
    (void)e.retry_after();
    (void)e.transient();
  }
  return 0;
}
