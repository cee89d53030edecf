#pragma once
// What the router's outcome becomes on Slack, as typed deliveries (delivery.hpp): the reply after the
// ack (Socket Mode acks slash commands and buttons at once and empty, so the reply goes through the
// request's response_url), then the effects in order, each rendered to the JSON Slack takes.

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "bot/app/outcome.hpp"
#include "bot/app/router.hpp"
#include "bot/app/request.hpp"
#include "bot/slack/delivery.hpp"

namespace networkbot::slack {

// The fields of a users.info `user` object the directory uses.
[[nodiscard]] app::slack_profile slack_profile_of(const nlohmann::json& user);

// What an outcome sends, in order: the reply after the ack, then each effect. `received_at` (Unix
// seconds) starts a response_url's 30 minutes. A form is acked (and closed) after router::check, before
// it is handled: errors its handling found later can no longer go under its fields, so they go to the
// person in a DM (form_not_saved).
[[nodiscard]] std::vector<outbound> plan_effects(const app::request& r, const app::outcome& o, std::int64_t received_at);

// The DM that carries a closed form's errors: nothing was saved, and why.
[[nodiscard]] app::message form_not_saved(const app::ack_errors& errors);

// Effects no request asked for (a scheduled job's, a staff command's run from the shell), as the rows to
// queue: posts and DMs, dated `created_at` (Unix seconds).
[[nodiscard]] std::vector<store::outbox_message> unprompted_rows(std::vector<app::effect> effects, std::int64_t created_at);

// The body of a response_url reply, as JSON text.
[[nodiscard]] std::string reply_body_text(const app::message& m);

}  // namespace networkbot::slack
