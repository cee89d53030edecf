#pragma once
// Socket Mode frames, parsed: hello, disconnect, and envelopes carrying slash commands, interactions and
// events. An envelope's payload becomes the router's request, an event networkbot reacts to, or a reason
// to ignore it. Nothing here touches a socket, so every real fixture can be fed through it in tests.

#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

#include "bot/app/request.hpp"

namespace networkbot::slack {

struct hello {
  int num_connections = 0;
  std::string app_id;
  long approximate_connection_time = 0;  // seconds Slack expects to keep the socket
  std::string host;
};

struct disconnect {
  std::string reason;  // warning, refresh_requested, link_disabled, too_many_websockets, …
};

struct envelope {
  std::string id;
  std::string type;  // events_api, slash_commands, interactive
  nlohmann::json payload;
  bool accepts_response_payload = false;
  int retry_attempt = 0;
  std::string retry_reason;
};

// A frame with a type networkbot does not know; logged and skipped.
struct unknown_frame {
  std::string type;
};

using frame = std::variant<hello, disconnect, envelope, unknown_frame>;

class bad_frame : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws bad_frame for text that is not a JSON object, or an envelope without an id.
[[nodiscard]] frame parse_frame(std::string_view text);

// Which installation a payload belongs to (PROTOCOL §6.5 order), and for which app.
struct installation {
  std::string team_id;
  std::string enterprise_id;
  std::string app_id;
};
[[nodiscard]] installation installation_of(const nlohmann::json& payload);

// Who the bot is (auth.test, hello), to drop other installations' payloads and the bot's own messages.
struct identity {
  std::string team_id;
  std::string enterprise_id;
  std::string app_id;
  std::string bot_user_id;
  std::string bot_id;
};
// Empty when the payload belongs here; otherwise why it does not (for the warning).
[[nodiscard]] std::string foreign_reason(const installation& from, const identity& self);

// An Events API event networkbot reacts to.
struct event {
  std::string event_id;
  std::string type;  // app_home_opened, message, member_joined_channel, …
  std::string user_id;
  std::string channel_id;
  std::string tab;   // app_home_opened
  std::string text;  // message
};

// Something to ignore, and why (debug log).
struct ignored {
  std::string why;
};

using inbound = std::variant<app::request, event, ignored>;

// The events networkbot subscribes to (the manifest's bot_events); a test keeps the two in step.
[[nodiscard]] std::span<const std::string_view> handled_events();

// Turns an envelope into what the bot acts on. Throws bad_frame when a payload lacks what its type needs.
[[nodiscard]] inbound classify(const envelope& e, const identity& self);

// The dedupe key of an envelope: the event_id of events, empty for everything else.
[[nodiscard]] std::string dedupe_key(const envelope& e);

// The ack frame: {"envelope_id":…} and, when given, the payload.
[[nodiscard]] std::string ack_frame(const std::string& envelope_id, const nlohmann::json* payload = nullptr);

}  // namespace networkbot::slack
