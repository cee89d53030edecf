// Socket Mode frames as they come off the WebSocket: parse_frame, then for an envelope everything the
// bot does with it before the router (installation and foreign-payload check, classify into a request or
// an event, the dedupe key, the ack frame) and the response_url it would reply to. The same bytes are
// also tried as a bare payload inside each envelope type, so payload fixtures reach classify directly.

#include <cstddef>
#include <cstdint>
#include <variant>

#include "bot/slack/envelope.hpp"
#include "bot/slack/url.hpp"
#include "tests/fuzz/fuzz_input.hpp"

using namespace networkbot;

namespace {

const slack::identity self{"T9TK3CUKW", "", "A0KRD7HC3", "U0BOT", "B0BOT"};
const slack::identity enterprise_self{"T9TK3CUKW", "E0ENTERPRISE", "A0KRD7HC3", "U0BOT", "B0BOT"};

void use_url(const std::string& text) {
  if (auto u = slack::parse_url(text)) (void)u->host_header();
}

void after_classify(const slack::inbound& in) {
  if (const auto* r = std::get_if<app::request>(&in)) {
    (void)app::user_of(*r);
    if (const auto* c = std::get_if<app::slash_command>(r)) use_url(c->response_url);
    if (const auto* a = std::get_if<app::block_action>(r)) use_url(a->response_url);
  }
}

void handle(const slack::envelope& e) {
  const auto from = slack::installation_of(e.payload);
  (void)slack::foreign_reason(from, self);
  (void)slack::foreign_reason(from, enterprise_self);
  (void)slack::dedupe_key(e);
  (void)slack::ack_frame(e.id);
  (void)slack::ack_frame(e.id, &e.payload);
  try {
    after_classify(slack::classify(e, self));
  } catch (const slack::bad_frame&) {
    // a payload without what its type needs: logged and acked by the bot
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::silence_logging();
  if (size > 256 * 1024) return -1;  // well above Slack's largest payloads
  const auto text = fuzz::as_text(data, size);
  try {
    const slack::frame f = slack::parse_frame(text);
    if (const auto* e = std::get_if<slack::envelope>(&f)) handle(*e);
  } catch (const slack::bad_frame&) {
    // not a frame: the bot logs it and goes on
  }

  nlohmann::json payload = nlohmann::json::parse(text, nullptr, false);
  if (payload.is_object()) {
    for (const char* type : {"slash_commands", "interactive", "events_api"}) {
      slack::envelope e;
      e.id = "fuzz-envelope";
      e.type = type;
      e.payload = payload;
      handle(e);
    }
  }
  return 0;
}
