// Private to the fake Slack: what its files share (the wire types, the per-connection records and the one
// state object, fake_slack::impl). Nothing outside tests/fake_slack includes it; tests see fake_slack.hpp.
//
// Threading: one I/O thread (the fake's thread) runs every coroutine and every socket; test threads call
// the public members. State marked "shared" is guarded by impl::mu; functions named *_locked run with it
// held, on whichever thread took it. State marked "fake's thread" is touched only there, without a lock.
//
// Which file does what:
//   fake_slack.cpp   lifetime (start, shutdown, the thread), wait_for, protocol_violations
//   http_server.cpp  the TLS listener, ALPN, HTTP/1.1 keep-alive serving, the hand-off to WebSocket or h2
//   http2.cpp        HTTP/2 serving through nghttp2, GOAWAY for a connection's request cap
//   socket_mode.cpp  a WebSocket connection: upgrade and ticket, hello, the single writer, acks checked
//   envelopes.cpp    what Slack sends: envelopes built and routed round-robin to ready connections
//   web_api.cpp      every HTTPS request recorded and checked (arguments, tokens), then dispatched
//   web_methods.cpp  what each Web API method answers, and the directory data the read methods serve
//   faults.cpp       scripted faults: 429s, 500s, delays, method limits, kill points, disconnects, stalls
//   encoding.cpp     text encodings and ids (encoding.hpp)
#pragma once

#include "tests/fake_slack/encoding.hpp"
#include "tests/fake_slack/fake_slack.hpp"
#include "tests/fake_slack/test_ca.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace networkbot::testing {
namespace detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using json = nlohmann::ordered_json;  // keeps Slack's key order ("ok" first) in answers
using tls_stream = beast::ssl_stream<beast::tcp_stream>;
using ws_stream = websocket::stream<tls_stream>;
using clock_type = std::chrono::steady_clock;

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t max_body_bytes = 16U * 1024U * 1024U;  // a request body or WebSocket message, at most

inline std::string to_std(beast::string_view sv) { return std::string(sv.data(), sv.size()); }

// Logs an exception that escaped a coroutine of the fake (a bug in the fake, not in the bot) to stderr.
void report_exception(const std::exception_ptr& e);

// --- Socket Mode -----------------------------------------------------------------------------------------

enum class out_kind : std::uint8_t { text, close };
struct out_item {
  out_kind kind = out_kind::text;
  std::string data;
  std::size_t envelope = 0;  // 1 + index into impl::envelopes, 0 for other frames
};

// The socket side of one WebSocket connection. Touched only on the fake's thread.
struct ws_session {
  ws_session(tls_stream&& stream, int idx) : ws(std::move(stream)), grace(ws.get_executor()), index(idx) {}
  ws_stream ws;
  asio::steady_timer grace;
  std::deque<out_item> queue;
  int index;
  bool writing = false;
  bool stalled = false;
  bool finished = false;
};

// The shared (mutex-guarded) side of one WebSocket connection.
struct connection {
  std::shared_ptr<ws_session> session;  // pointer copied under the mutex, dereferenced only on the fake's thread
  bool ready = false;     // hello queued: envelopes may follow
  bool closing = false;   // the fake decided to close it: no more routing
  bool closed = false;
  bool stalled = false;
  bool io_pending = false;  // a flush is posted or the writer is running: it will take the outbox, no post needed
  std::vector<out_item> outbox;
};

struct pending_envelope {
  int connection = 0;
  bool accepts_payload = false;
  bool acked = false;
  clock_type::time_point sent_at;  // queued; replaced by the time the frame was written, once it is
};

// --- HTTP ------------------------------------------------------------------------------------------------

// One HTTPS request as the Web API side sees it, whichever HTTP version carried it.
struct request_info {
  std::string path, query, method;
  std::string verb;
  bool is_get = false;
  std::string authorization, content_type, body;
};

struct reply {
  unsigned status = 200;
  std::string body;
  std::string content_type = "application/json; charset=utf-8";
  int retry_after = -1;
  bool withhold = false;  // kill point: the call is never answered
  int kill_pid = 0;
  int kill_signal = 0;
};

inline reply json_reply(const json& j) {
  reply r;
  r.body = j.dump();
  return r;
}

inline reply text_reply(unsigned status, std::string body) {
  reply r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = "text/plain; charset=utf-8";
  return r;
}

// An HTTP/1.1 response carrying `r` (Retry-After when it has one).
http::response<http::string_body> make_response(const reply& r, bool keep_alive);

// Keeps an HTTP connection's socket in the set the shutdown closes, for as long as the coroutine owns it.
// Fake's thread only.
class stream_registration {
 public:
  stream_registration(std::unordered_set<beast::tcp_stream*>& set, beast::tcp_stream* s) : set_(set), s_(s) {
    set_.insert(s_);
  }
  ~stream_registration() { release(); }
  stream_registration(const stream_registration&) = delete;
  stream_registration& operator=(const stream_registration&) = delete;
  void release() {
    if (s_ != nullptr) set_.erase(s_);
    s_ = nullptr;
  }

 private:
  std::unordered_set<beast::tcp_stream*>& set_;
  beast::tcp_stream* s_;
};

struct h2_request;     // http2.cpp
struct h2_connection;  // http2.cpp

// --- Web API ---------------------------------------------------------------------------------------------

json api_error(const std::string& code);  // {"ok":false,"error":code}
// A string argument (numbers and booleans as their JSON text); nullopt when absent or of another type.
// Never throws, whatever the bot sent.
std::optional<std::string> arg_string(const json& args, const char* key);

struct view_record {
  std::string hash;
  std::string external_id;
};

// --- Faults ----------------------------------------------------------------------------------------------

struct kill_rule {
  std::string method;
  int n = 0;
  int pid = 0;
  int signal = 0;
  int seen = 0;
  bool fired = false;
};

// What the scripted HTTP faults make of one call: status 429 or 500 (0: none), and the wait before answering.
struct injected_fault {
  unsigned status = 0;
  int retry_after = 0;
  std::chrono::milliseconds delay{0};
};

reply fault_reply(const injected_fault& f);  // the answer for an injected 429 or 500
// Sends the signal a withheld reply carries (kill_after), if any. Any thread, no lock needed.
void send_kill_signal(const reply& r);

}  // namespace detail

// The fake's files name these unqualified; this header is theirs alone.
using namespace detail;

// =========================================================================================================

struct fake_slack::impl {
  explicit impl(fake_options options);
  ~impl();
  impl(const impl&) = delete;
  impl& operator=(const impl&) = delete;

  // Set up by the constructor, then only read (ioc is posted to from any thread; acceptor is the fake thread's).
  fake_options opt;
  bool own_pki_dir = false;
  test_pki pki;
  ssl::context tls{ssl::context::tls_server};
  std::unique_ptr<asio::io_context> ioc;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::unique_ptr<tcp::acceptor> acceptor;
  unsigned short port = 0;
  std::string origin;  // "https://127.0.0.1:<port>"
  std::thread thread;
  std::future<void> thread_done;

  // Fake's thread only.
  std::unordered_set<beast::tcp_stream*> http_streams;
  std::unordered_set<std::shared_ptr<h2_connection>> h2_connections;
  bool stopping = false;

  // Shared state, guarded by mu.
  mutable std::mutex mu;
  std::vector<std::string> violations;
  splitmix64 ids{0x6E6574776F726BULL};  // envelope ids, tickets, trigger ids, view hashes
  //   Socket Mode
  std::vector<ack_record> acks;
  std::vector<pending_envelope> envelopes;                     // in sending order
  std::unordered_map<std::string, std::size_t> envelope_index;  // envelope_id -> index in envelopes
  std::deque<connection> conns;
  std::size_t rr = 0;
  std::size_t sent = 0, dropped = 0, refused = 0;
  std::uint64_t envelope_counter = 0, ticket_counter = 0, trigger_counter = 0, event_counter = 0;
  std::unordered_map<std::string, bool> tickets;  // ticket -> used
  //   HTTP and the Web API
  std::size_t http2_accepted = 0;
  std::vector<http_call> calls;
  std::map<std::string, std::size_t> ok_by_method;
  std::uint64_t next_response_url = 1;
  std::map<std::string, int> response_uses;
  std::vector<std::string> delivered;
  std::size_t distinct_replies = 0;  // response_urls accepted at least once
  std::vector<std::pair<std::string, std::string>> posted;  // (method, text)
  std::uint64_t ts_counter = 0, view_counter = 0;
  std::unordered_map<std::string, std::string> messages;    // channel + ' ' + ts -> text
  std::unordered_map<std::string, view_record> views;
  std::unordered_map<std::string, std::string> home_views;  // user -> view id
  std::unordered_set<std::string> used_triggers;
  std::vector<json> users;
  std::map<std::string, std::vector<std::string>> channel_members;
  std::map<std::string, std::vector<std::string>> usergroups;
  struct channel_info {
    std::string name;
    bool member = false;
    bool archived = false;
  };
  std::map<std::string, channel_info> channels;
  std::map<std::string, std::string> refused_dm;  // user -> conversations.open error
  std::map<std::string, uploaded_file> uploads;   // file id -> the file
  //   Faults
  struct method_limit {
    double per_second = 0;
    double burst = 0;
    double tokens = 0;
    std::chrono::steady_clock::time_point updated;
  };
  std::map<std::string, method_limit> limits;
  std::size_t over_limit_calls = 0;
  http_faults faults;
  splitmix64 fault_rng{1};
  std::map<std::string, std::pair<std::string, int>> failing;  // method -> (error, times left)
  bool expire_urls = false;
  bool reject_ws = false;
  int h2_max_requests = 0;
  std::vector<kill_rule> kills;

  mutable std::mutex wait_mu;
  mutable std::condition_variable wait_cv;
  std::uint64_t generation = 0;

  // --- common ---
  // Wakes every wait_for. Call it after releasing mu, once per change a test might wait on.
  void changed() {
    {
      const std::lock_guard lock(wait_mu);
      ++generation;
    }
    wait_cv.notify_all();
  }
  void violation_locked(std::string what) { violations.push_back(std::move(what)); }

  // --- lifetime (fake_slack.cpp) ---
  void run_thread(std::promise<void> done);
  void begin_shutdown();  // fake's thread

  // --- HTTP serving (http_server.cpp, http2.cpp; fake's thread) ---
  void configure_tls();  // constructor only, before the thread starts
  asio::awaitable<void> accept_loop();
  asio::awaitable<void> serve(tcp::socket socket);
  asio::awaitable<void> serve_h2(tls_stream stream);
  asio::awaitable<void> h2_write_loop(std::shared_ptr<h2_connection> c);
  asio::awaitable<void> answer_h2(std::shared_ptr<h2_connection> c, std::int32_t stream, h2_request r);

  // --- Socket Mode connections (socket_mode.cpp; fake's thread unless *_locked) ---
  asio::awaitable<void> serve_websocket(tls_stream stream, http::request<http::string_body> req);
  asio::awaitable<void> read_loop(std::shared_ptr<ws_session> s);
  asio::awaitable<void> write_loop(std::shared_ptr<ws_session> s);
  void kick_writer(const std::shared_ptr<ws_session>& s);
  bool refill(ws_session& s);
  void flush(std::size_t index);
  void on_closed(const std::shared_ptr<ws_session>& s);
  void handle_frame(int index, bool is_text, std::string_view data);
  // Queues a frame on connection `index` and, unless a flush is already due, posts one to the fake's thread.
  void enqueue_locked(int index, out_item item);

  // --- routing envelopes (envelopes.cpp; mutex held) ---
  static bool routable(const connection& c) { return c.ready && !c.closing && !c.closed && !c.stalled; }
  int pick_locked();
  std::string send_locked(std::string_view type, const std::string& payload, bool accepts, int retry_attempt,
                          int target);
  std::string command_locked(const std::string& user_id, const std::string& text, const std::string& channel_id);
  std::string response_url_locked() { return origin + "/response/" + std::to_string(next_response_url++); }
  std::string trigger_locked();

  // --- the Web API's front door (web_api.cpp) ---
  // Records the call, applies the scripted faults, answers it. Fake's thread; takes mu itself.
  asio::awaitable<reply> handle_http(const http::request<http::string_body>& req);
  reply process_locked(const request_info& r);
  reply api_locked(const request_info& r);
  reply response_url_post_locked(const request_info& r);
  json dispatch_locked(const std::string& method, const json& a);

  // --- what each method answers (web_methods.cpp; mutex held) ---
  json auth_test_locked() const;
  json connections_open_locked();
  json post_message_locked(const json& a);
  json post_ephemeral_locked(const json& a);
  json update_locked(const json& a);
  json views_locked(const std::string& method, const json& a);
  json conversations_open_locked(const json& a) const;
  json users_info_locked(const json& a) const;
  json users_lookup_locked(const json& a) const;
  json users_list_locked(const json& a) const;
  json members_locked(const json& a) const;
  json channel_info_locked(const json& a) const;
  json upload_url_locked(const json& a);
  json complete_upload_locked(const json& a);
  json usergroup_locked(const json& a) const;
  std::string next_ts_locked();
  std::string dm_id(std::vector<std::string> user_ids) const;
  std::string next_view_hash_locked();

  // --- faults (faults.cpp) ---
  // The scripted HTTP faults for one call of `method` ("" for a path that is no method): draws from
  // fault_rng and takes a token from the method's limit, so call it exactly once per call. Mutex held.
  injected_fault injected_fault_locked(const std::string& method);
  // Takes a token from `method`'s limit; nothing when it has room, else the seconds to wait.
  std::optional<int> over_limit_locked(const std::string& method);
  // The error fail_method scripted for this call of `method`, if any (uses up one). Mutex held.
  std::optional<std::string> scripted_error_locked(const std::string& method);
  // Counts an accepted call of `method` toward kill_after; the one that trips a rule is withheld.
  void count_for_kill_locked(const std::string& method, reply& out);
  void start_grace(int index);  // fake's thread: close connection `index` if it is still open after refresh_grace
};

}  // namespace networkbot::testing
