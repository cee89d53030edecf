#pragma once
// What becomes of a stored message after one attempt to send it: a pure function, so each rule is a
// few lines of test. The outbox sender makes the attempt (or decides not to, for a reply too old to
// try), then records what this says.
//
// - Sent: done.
// - A reply whose response_url is (nearly) 30 minutes old is not tried: Slack would refuse it. It goes
//   as an ephemeral message where it was asked, or a DM (fallback_for).
// - Rate limited (429): again after Slack's Retry-After. Another passing failure (5xx, the network): again
//   after the backoff the caller drew. Either way for a day at most, then given up.
// - Refused for good: a response_url reply takes its fallback; an ephemeral message whose channel the
//   bot is not in becomes a DM; anything else is given up, with Slack's reason.
// - A row this version cannot read, or a failure that is not Slack's answer: given up.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "bot/slack/delivery.hpp"
#include "bot/slack/web_api.hpp"
#include "core/store/message_queues.hpp"

namespace networkbot::slack {

inline constexpr std::int64_t response_url_lifetime = 30 * 60;  // seconds, as Slack documents it
inline constexpr std::int64_t response_url_margin = 60;         // not tried in its last minute
inline constexpr std::int64_t give_up_after = 24 * 60 * 60;     // seconds of passing failures

// What one attempt came to.
struct delivered {};
struct not_tried_too_old {};  // a response_url past its lifetime (less the margin)
struct unreadable {           // a row this version cannot read, or a failure that is not Slack's answer
  std::string what;
};
using attempt = std::variant<delivered, not_tried_too_old, api_error, unreadable>;

// Whether a delivery is a reply too old to try at `now` (Unix seconds).
[[nodiscard]] bool too_old_to_try(const outbound& o, std::int64_t now);

// The settlement of `row` (read as `what`, nothing when unreadable) after `result`, at `now`. `backoff`
// is the wait the caller drew for this row's next try after a passing failure that is not a 429.
[[nodiscard]] store::message_queues::settlement settle(const store::outbox_entry& row, const std::optional<outbound>& what,
                                                       const attempt& result, store::millis now,
                                                       std::chrono::milliseconds backoff);

}  // namespace networkbot::slack
