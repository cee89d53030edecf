#pragma once
// What the router returns for a request: the ack, which the transport sends at once, and the effects,
// which run after it. A handler cannot send a second ack or call Slack before the first: it only
// returns values. Slack's ack carries no message here: Socket Mode acks a slash command or a button at
// once and empty, and a reply_after_ack goes out after it (through the request's response_url); only a
// form's ack says something to Slack (close, or errors under the fields).

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "bot/app/view.hpp"

namespace networkbot::app {

// Acks.
struct ack_empty {};
struct reply_after_ack {  // a slash command or button answered right after its (empty) ack, privately unless shared
  message reply;
};
struct ack_errors {  // a modal stays open with these messages under its fields (block id -> text)
  std::map<std::string, std::string> errors;
};
using ack = std::variant<ack_empty, reply_after_ack, ack_errors>;

// Effects, run in order after the ack.
struct respond {  // a reply through the request's response_url
  message reply;
  // A button's reply only: it takes the place of the message the button was on, buttons and all, so
  // they cannot be pressed again.
  bool replace_original = false;
};
struct open_modal {
  std::string trigger_id;
  modal view;
};
struct post_message {  // to a channel, to a user id (a DM), or to "U1,U2,…" (a group DM with the bot)
  std::string channel;
  message body;
  // A group DM only: when Slack will not add someone to it, the group goes ahead without them and
  // this user or channel is told who was left out.
  std::string if_refused_tell = {};
};
// The channel of a group DM between these people (and the bot); Slack allows eight besides the bot.
[[nodiscard]] inline std::string group_dm(const std::vector<std::string>& user_ids) {
  std::string out;
  for (const auto& id : user_ids) out += (out.empty() ? "" : ",") + id;
  return out;
}
struct publish_home {  // replace the person's Home tab
  std::string user_id;
  home_view view;
};
// A file for one person, in their DM with the bot (Slack's external upload; scope files:write).
struct upload_file {
  std::string user_id;
  std::string filename;
  std::string title;
  std::string content;
  std::string comment;  // posted with the file
};
using effect = std::variant<respond, open_modal, post_message, publish_home, upload_file>;

struct outcome {
  ack acknowledgement = ack_empty{};
  std::vector<effect> effects;
};

}  // namespace networkbot::app
