#pragma once
// What the bot sends after an ack: one typed case per way of sending it, and the one codec between those
// cases and the outbox's stored rows. The effect planner makes deliveries, the outbox stores their rows,
// the sender reads them back and visits the case. A new Slack call is a new case (or a method name in
// api_call) here and its branch in outbox_sender; nothing else reads a row's columns.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/store/message_queues.hpp"

namespace networkbot::slack {

// A reply through the request's response_url (it takes 5 replies within 30 minutes). `body` is the JSON
// text Slack takes there. Who asked, and where (`user_id`, `channel_id`), say where the reply goes
// instead once the address no longer takes it.
struct response_url_reply {
  std::string url;
  std::string body;
  std::string user_id;
  std::string channel_id;
  friend bool operator==(const response_url_reply&, const response_url_reply&) = default;
};

// A Web API method (a write method: JSON arguments), with its arguments as JSON text, sent as written.
// chat.postMessage is paced per channel (`channel_id`); `user_id` is who it is for, when anyone.
struct api_call {
  std::string method;
  std::string body;
  std::string user_id;
  std::string channel_id;
  friend bool operator==(const api_call&, const api_call&) = default;
};

// A message to people: "U1", or "U1,U2,…" for a group DM with the bot. The DM is opened once and
// remembered; `body` is the message as JSON text without its channel, which the sender adds. A group
// that Slack will not add someone to goes ahead without them, and `if_refused_tell` (a user or channel
// id; nobody when empty) is told who was left out.
struct direct_message {
  std::string users;
  std::string body;
  std::string if_refused_tell;
  friend bool operator==(const direct_message&, const direct_message&) = default;
};

// A file in a person's DM with the bot (Slack's external upload), with a comment posted beside it.
struct file_upload {
  std::string user_id;
  std::string filename;
  std::string title;
  std::string content;
  std::string comment;
  friend bool operator==(const file_upload&, const file_upload&) = default;
};

using delivery = std::variant<response_url_reply, api_call, direct_message, file_upload>;

struct outbound {
  delivery what;
  std::int64_t created_at = 0;  // Unix seconds: when the request came in (a response_url lives 30 minutes)
  friend bool operator==(const outbound&, const outbound&) = default;
};

// The codec. to_row(from_row(r)) == r for every row to_row wrote; from_row says nothing for a row whose
// kind this version does not know, or an upload whose body is not what to_row writes.
[[nodiscard]] store::outbox_message to_row(const outbound& o);
[[nodiscard]] std::vector<store::outbox_message> to_rows(const std::vector<outbound>& all);
[[nodiscard]] std::optional<outbound> from_row(store::outbox_message row);  // moves the row's text
// Where a row goes, for the log: a method, user ids, never a response_url (a credential for 30 minutes).
[[nodiscard]] std::string where_to(const store::outbox_message& row);

// `body` (a JSON object's text) with "channel" as its first member.
[[nodiscard]] std::string with_channel(const std::string& body, const std::string& channel);

// A response_url reply that can no longer be delivered, as a message Slack will still take: ephemeral in
// the channel it came from when there is one (not a DM), else a DM. Nothing when nobody is named.
[[nodiscard]] std::optional<outbound> fallback_for(const response_url_reply& r, std::int64_t created_at);
// An ephemeral message Slack refused (the bot is not in that channel): a DM instead. Nothing for any
// other call.
[[nodiscard]] std::optional<outbound> dm_instead(const api_call& c, std::int64_t created_at);

}  // namespace networkbot::slack
