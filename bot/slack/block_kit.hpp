#pragma once
// Block Kit rendering: view models in, Slack JSON out. Pure functions; every field is held to Slack's
// limits (limits.hpp) and every piece of text a person typed is escaped for mrkdwn, so it is shown and
// never interpreted ("<!channel>" stays text, a forged "<@U…>" stays text).

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "bot/app/view.hpp"

namespace networkbot::slack {

// `text` and `blocks` for chat.postMessage, chat.postEphemeral or a response_url body.
[[nodiscard]] nlohmann::json render_message(const app::message& m);
// Each *_text function writes what json_text would write for the json version. render_message_text adds
// `extra` fields: each a key that sorts between "blocks" and "text", in order, and its value as JSON text.
struct raw_field {
  std::string_view key;
  std::string_view value;  // JSON text
};
[[nodiscard]] std::string render_message_text(const app::message& m, const std::vector<raw_field>& extra = {});
// A `view` object for views.open / views.update / views.push.
[[nodiscard]] nlohmann::json render_modal(const app::modal& m);
[[nodiscard]] std::string render_modal_text(const app::modal& m);
// A `view` object for views.publish (the Home tab).
[[nodiscard]] nlohmann::json render_home(const app::home_view& v);
[[nodiscard]] std::string render_home_text(const app::home_view& v);
// Rich text as mrkdwn, escaped.
[[nodiscard]] std::string to_mrkdwn(const app::rich_text& t);
// Escapes &, < and > the way Slack's message formatting requires.
[[nodiscard]] std::string escape_mrkdwn(std::string_view text);
// Cuts `text` to at most `max` bytes on a UTF-8 boundary, ending in "…" when anything was cut.
[[nodiscard]] std::string fit(std::string_view text, std::size_t max);

}  // namespace networkbot::slack
