// A fake Slack for end-to-end tests: one TLS listener on 127.0.0.1 serving the Web API (HTTPS: HTTP/2 when
// the client offers it by ALPN, else HTTP/1.1 keep-alive), response_url POSTs and Socket Mode (WSS on the
// same port). It runs on its own thread, records everything
// the bot does, checks it against Slack's rules (protocol_violations) and can script faults.
// Every public member is safe to call from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace networkbot::testing {

struct fake_options {
  std::string pki_dir;                            // where make_test_pki writes; empty: a fresh temporary folder, removed with the fake
  std::string app_token = "xapp-1-A0TEST-fake";   // the only app token apps.connections.open accepts
  std::string bot_token = "xoxb-fake-bot";        // the only bot token every other method accepts
  std::string team_id = "T0TEST", app_id = "A0TEST", bot_user_id = "U0BOT", bot_id = "B0BOT";
  int max_connections = 10;                       // one more gets disconnect reason too_many_websockets and is closed
  std::chrono::milliseconds refresh_grace{10000};  // after a warning/refresh_requested, close the socket ourselves if the bot hasn't
  bool http2 = true;                              // HTTPS connections that offer h2 (ALPN) get HTTP/2; false: HTTP/1.1 only
};

struct http_call {           // every HTTPS request except WebSocket upgrades, in arrival order
  std::string path;          // "/api/chat.postMessage", "/response/17", "/api/apps.connections.open"
  std::string method;        // the Web API method ("chat.postMessage"), "response_url", or "" for any other path
  std::string authorization; // raw header value
  std::string content_type;
  std::string body;          // raw body
  int status = 0;            // what the fake answered (0 if it never answered: kill point)
  std::chrono::steady_clock::time_point answered_at;  // when the answer was decided
};

struct uploaded_file {  // files.getUploadURLExternal, the upload, files.completeUploadExternal
  std::string filename;
  std::string title;
  std::string content;
  std::size_t length = 0;  // announced
  bool uploaded = false;
  std::string channel;     // where completeUploadExternal shared it
};

struct ack_record {
  std::string envelope_id;
  std::string payload;       // JSON text of the ack's "payload", or "" when the ack had none
  int connection = 0;        // the connection the ack arrived on
  std::chrono::steady_clock::time_point sent_at, acked_at;  // envelope written to the socket (queue time if not yet) / ack read
};

class fake_slack {
 public:
  struct http_faults {
    int rate_limit_percent = 0;    // share of calls answered 429 {"ok":false,"error":"ratelimited"} + Retry-After
    int retry_after_seconds = 1;
    int server_error_percent = 0;  // share of calls answered 500 with a short text body
    std::chrono::milliseconds delay{0};  // added before answering every affected call
    std::uint64_t seed = 1;        // the draws are a splitmix64 sequence from this seed
    bool include_connections_open = false;
  };

  explicit fake_slack(fake_options options = {});
  ~fake_slack();  // stops the thread; closes everything
  fake_slack(const fake_slack&) = delete;
  fake_slack& operator=(const fake_slack&) = delete;

  std::string api_url() const;  // "https://127.0.0.1:<port>/api/"
  std::string ca_file() const;  // the CA certificate (PEM) to give the bot as SLACK_CA_FILE
  unsigned short port() const;

  // --- what Slack sends ---
  // A slash command envelope (type slash_commands, accepts_response_payload true); every payload field a
  // string; command "/network"; a fresh trigger_id and response_url "https://127.0.0.1:<port>/response/<n>".
  // Goes to ONE ready connection (round-robin over connections that had hello and are not closed, closing
  // or stalled; one that got warning/refresh_requested still counts until it closes). With no ready
  // connection it is dropped (counted), as Slack does. Returns the envelope_id, or "" when dropped.
  // Never waits for the network: the frame is queued for the fake's thread.
  std::string send_command(const std::string& user_id, const std::string& text, const std::string& channel_id = "C0GENERAL");
  // A burst of commands (user_id, text) in channel C0GENERAL, queued in one go. Returns the envelope ids
  // ("" for each dropped one).
  std::vector<std::string> send_commands(const std::vector<std::pair<std::string, std::string>>& user_and_text);
  // Any envelope: `payload_json` is the JSON text of the payload; type "events_api", "interactive" or
  // "slash_commands". only_connection >= 0 sends it on that connection if it is ready (else dropped).
  // events_api envelopes (and any with retry_attempt != 0) carry retry_attempt and retry_reason.
  std::string send_envelope(const std::string& type, const std::string& payload_json, bool accepts_response_payload,
                            int retry_attempt = 0, int only_connection = -1);
  // An events_api event_callback with this event_id and inner event JSON, delivered as separate envelopes
  // to up to `copies` different ready connections (copy i has retry_attempt i). Returns how many were sent.
  int send_event(const std::string& event_id, const std::string& inner_event_json, int copies = 1);
  // Raw text frame to a connection (malformed JSON, unknown envelope types...). Ignored if it is closed.
  void send_raw(int connection, const std::string& text);
  // A fresh response_url of this fake, for payloads a test builds itself.
  std::string new_response_url();

  // --- data the read methods serve ---
  // users.list / users.info / users.lookupByEmail serve these (each a JSON user object; std::invalid_argument if not).
  void set_users(const std::vector<std::string>& json_user_objects);
  void set_channel_members(const std::string& channel, const std::vector<std::string>& user_ids);  // conversations.members
  void set_usergroup(const std::string& usergroup_id, const std::vector<std::string>& user_ids);     // usergroups.users.list
  // conversations.info: a channel the bot can see (any other id answers channel_not_found).
  void set_channel(const std::string& id, const std::string& name, bool bot_is_member, bool archived = false);
  // conversations.open with this user among `users` answers ok:false `error` (a deactivated account).
  void refuse_dm(const std::string& user_id, const std::string& error = "user_disabled");
  // Files shared with completeUploadExternal, in file id order.
  std::vector<uploaded_file> shared_files() const;

  // --- faults ---
  // Sends {"type":"disconnect","reason":…,"debug_info":{"host":"fake"}}. warning/refresh_requested: keep
  // routing to it until it closes or refresh_grace ends, then close it. Any other reason: close after sending.
  void disconnect(int connection, const std::string& reason);
  void close_abruptly(int connection);  // drop TCP without a WebSocket close
  // Dead link: stop reading (pings go unanswered) and writing, keep TCP open, stop routing to it. A stalled
  // connection is a ghost: it no longer counts in open_connections() but, as on Slack, still counts
  // toward num_connections and max_connections.
  void stall(int connection);
  // Applies to Web API calls and response_url POSTs (apps.connections.open only if asked). Resets the draws.
  void set_http_faults(http_faults f);
  // Slack's own rate limit for `method`: a token bucket of `burst` calls refilled at `per_minute`. A call
  // that finds it empty is answered 429 with the Retry-After (whole seconds, at least 1) until the next
  // token. Only calls that are answered count; injected faults (set_http_faults) come first and take none.
  void set_method_limit(const std::string& method, double per_minute, double burst);
  std::size_t over_limit() const;  // calls answered 429 because they exceeded a method limit
  std::size_t answered_ok(const std::string& method) const;  // calls of `method` answered HTTP 200 (cheap: for wait_for)
  void fail_method(const std::string& method, const std::string& error, int times = 1);  // next `times` calls: 200 {"ok":false,"error":error}
  void expire_response_urls(bool on);  // response_url POSTs answer 404 "expired_url" (still recorded) while on
  // When the n-th accepted call of `method` ("response_url", "chat.postMessage", …) has been received and
  // recorded as delivered, send `signal` to pid and leave that call unanswered (status 0).
  void kill_after(const std::string& method, int n, int pid, int signal = 9);
  void reject_connections(bool on);  // WebSocket upgrades fail with HTTP 503 while on
  // Each HTTP/2 connection takes at most `n` requests (0: no limit), as web servers cap a connection's
  // requests: then a graceful GOAWAY names the last one taken, the requests above it are refused (never
  // processed or recorded) and the connection closes once the rest are answered.
  void set_http2_max_requests(int n);

  // --- what was seen (snapshots) ---
  std::vector<http_call> calls() const;
  std::vector<http_call> calls_to(const std::string& method) const;
  std::vector<ack_record> acks() const;
  std::size_t ack_count() const;
  std::size_t envelopes_sent() const;        // envelopes queued to a connection
  std::size_t dropped() const;               // envelopes dropped for lack of a connection
  std::size_t open_connections() const;      // ready (hello sent), not closed, not stalled
  std::size_t connections_opened() const;    // WebSocket connections accepted ever (= next connection index)
  std::size_t refused_upgrades() const;      // WebSocket upgrades answered with an HTTP error
  std::size_t http2_connections() const;     // HTTPS connections that chose HTTP/2, ever
  std::vector<std::string> delivered_response_urls() const;   // path of every response_url POST accepted, duplicates included
  std::map<std::string, int> response_url_deliveries() const; // path -> times accepted
  std::size_t replied_urls() const;          // response_urls accepted at least once (cheap: for wait_for predicates)
  std::vector<std::string> protocol_violations() const;       // tests assert it stays empty
  std::vector<std::string> posted_texts(const std::string& method) const;  // "text" of each accepted chat.* / response_url body, in order
  // Waits until pred(*this) holds or `limit` passes; returns whether it held. Wakes on every state change.
  bool wait_for(const std::function<bool(const fake_slack&)>& pred,
                std::chrono::milliseconds limit = std::chrono::seconds(60)) const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace networkbot::testing
