#include "bot/slack/send_policy.hpp"

namespace networkbot::slack {

namespace {

using settlement = store::message_queues::settlement;
using how = settlement::how;

std::int64_t seconds_of(store::millis t) { return t.count() / 1000; }

settlement sent(const store::outbox_entry& row, store::millis now) { return {how::sent, row.id, now, {}, {}}; }

settlement given_up(const store::outbox_entry& row, store::millis now, std::string why) {
  return {how::failed, row.id, now, std::move(why), {}};
}

// The row becomes `instead`, due now, or is given up when there is nothing to send instead.
settlement replaced_or_given_up(const store::outbox_entry& row, const std::optional<outbound>& instead, store::millis now,
                                std::string why) {
  if (!instead) return given_up(row, now, std::move(why));
  return {how::replaced, row.id, now, std::move(why), to_row(*instead)};
}

// What a delivery refused for good is sent as instead, if anything.
std::optional<outbound> instead_of(const outbound& o) {
  if (const auto* reply = std::get_if<response_url_reply>(&o.what)) return fallback_for(*reply, o.created_at);
  if (const auto* call = std::get_if<api_call>(&o.what)) return dm_instead(*call, o.created_at);
  return std::nullopt;
}

}  // namespace

bool too_old_to_try(const outbound& o, std::int64_t now) {
  return std::holds_alternative<response_url_reply>(o.what) && now - o.created_at > response_url_lifetime - response_url_margin;
}

settlement settle(const store::outbox_entry& row, const std::optional<outbound>& what, const attempt& result, store::millis now,
                  std::chrono::milliseconds backoff) {
  if (std::holds_alternative<delivered>(result)) return sent(row, now);
  if (const auto* broken = std::get_if<unreadable>(&result)) return given_up(row, now, broken->what);
  if (!what) return given_up(row, now, "a stored message this version cannot read");
  if (std::holds_alternative<not_tried_too_old>(result))
    return replaced_or_given_up(row, instead_of(*what), now, "response_url older than 30 minutes");
  const auto& error = std::get<api_error>(result);
  if (error.transient()) {
    if (seconds_of(now) - what->created_at >= give_up_after) return given_up(row, now, error.what());
    const std::chrono::milliseconds wait = error.kind() == failure::rate_limited ? error.retry_after() : backoff;
    return {how::retry, row.id, now + wait, error.what(), {}};
  }
  return replaced_or_given_up(row, instead_of(*what), now, error.what());
}

}  // namespace networkbot::slack
