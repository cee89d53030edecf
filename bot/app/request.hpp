#pragma once
// An inbound request, parsed: what a Slack envelope or a console line becomes before the router sees
// it. No JSON and no sockets here; the Slack adapter and the console each build these.

#include <map>
#include <string>
#include <variant>

#include "core/text.hpp"

namespace networkbot::app {

// `/network <text>`.
struct slash_command {
  std::string user_id;
  std::string team_id;
  std::string channel_id;
  std::string command = "/network";
  std::string text;
  std::string trigger_id;    // lets the effects open a modal (valid 3 s)
  std::string response_url;  // where delayed replies go (30 min, 5 uses)
};

// A button press (Block Kit `block_actions`).
struct block_action {
  std::string user_id;
  std::string team_id;
  std::string channel_id;
  std::string action_id;
  std::string value;
  std::string trigger_id;
  std::string response_url;
  std::string view_id;  // set when the button sits in a modal or on App Home
};

// A modal's submit (`view_submission`): each input's value by the input's block id.
struct view_submission {
  std::string user_id;
  std::string team_id;
  std::string callback_id;
  std::string view_id;
  std::string private_metadata;
  // Whom the form was opened for, as the router stamped it (empty when unstamped: an old or forged form).
  std::string opened_for;
  std::map<std::string, std::string> values;
  // One input's value, trimmed; empty when the form has no such input.
  [[nodiscard]] std::string value(const std::string& id) const {
    auto it = values.find(id);
    return it == values.end() ? std::string{} : std::string(core::trim(it->second));
  }
};

// The person opened the bot's Home tab (the `app_home_opened` event): time to publish their Home.
struct home_opened {
  std::string user_id;
  std::string team_id;
};

using request = std::variant<slash_command, block_action, view_submission, home_opened>;

[[nodiscard]] inline const std::string& user_of(const request& r) {
  return std::visit([](const auto& v) -> const std::string& { return v.user_id; }, r);
}

}  // namespace networkbot::app
