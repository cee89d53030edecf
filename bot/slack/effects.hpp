#pragma once
// What the router's outcome becomes on Slack, as outbox rows: the reply after the ack (Socket Mode acks
// slash commands and buttons at once and empty, so the reply goes through the request's response_url), the
// effects in order, each with the Web API method or address it goes to and its JSON body.

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "bot/app/outcome.hpp"
#include "bot/app/router.hpp"
#include "bot/app/request.hpp"
#include "core/store/message_queues.hpp"

namespace networkbot::slack {

// In a stored group DM's body: who to tell when Slack refuses one of its members (the sender removes it).
inline constexpr std::string_view refused_notice_key = "networkbot_if_refused_tell";

// The fields of a users.info `user` object the directory uses.
[[nodiscard]] app::slack_profile slack_profile_of(const nlohmann::json& user);

// `received_at` (Unix seconds) starts a response_url's 30 minutes.
[[nodiscard]] std::vector<store::outbox_message> plan_effects(const app::request& r, const app::outcome& o,
                                                              std::int64_t received_at);

// The body of a response_url reply, as JSON text.
[[nodiscard]] std::string reply_body_text(const app::message& m);

// A response_url reply that can no longer be delivered, as a message Slack will still take: ephemeral in
// the channel it came from when there is one, else a DM. Nothing when the row names no user.
[[nodiscard]] std::optional<store::outbox_message> fallback_for(const store::outbox_message& m);
// An ephemeral fallback that Slack refused (the bot is not in that channel): the DM instead.
[[nodiscard]] std::optional<store::outbox_message> dm_instead(const store::outbox_message& m);

}  // namespace networkbot::slack
