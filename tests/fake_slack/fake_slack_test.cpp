// Proves the fake Slack behaves like Slack where the end-to-end tests rely on it. The client here is a
// small Beast TLS client that trusts only the fake's test CA and checks the host name 127.0.0.1.
#include "tests/fake_slack/fake_slack.hpp"
#include "tests/fake_slack/test_ca.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <vector>

namespace {

using namespace networkbot::testing;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using json = nlohmann::json;
using tls_stream = beast::ssl_stream<beast::tcp_stream>;
using ws_stream = websocket::stream<tls_stream>;

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr auto safety_limit = std::chrono::seconds(30);  // never reached when things work
const std::string json_type = "application/json; charset=utf-8";
const std::string form_type = "application/x-www-form-urlencoded";

std::string bot_auth() { return "Bearer " + fake_options{}.bot_token; }
std::string app_auth() { return "Bearer " + fake_options{}.app_token; }

// Runs one client coroutine on `io` until it finishes; fails the test if it has not after the safety limit.
template <class T>
T run(asio::io_context& io, asio::awaitable<T> task) {
  auto result = asio::co_spawn(io, std::move(task), asio::use_future);
  io.restart();
  io.run_for(safety_limit);
  REQUIRE(result.wait_for(std::chrono::seconds(0)) == std::future_status::ready);
  return result.get();
}

struct http_result {
  unsigned status = 0;
  std::string body;
  std::string retry_after;
  json parsed() const { return json::parse(body, nullptr, false); }
};

asio::awaitable<void> connect_tls(tls_stream& s, unsigned short port) {
  co_await beast::get_lowest_layer(s).async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                                                    asio::use_awaitable);
  co_await s.async_handshake(ssl::stream_base::client, asio::use_awaitable);
}

asio::awaitable<void> write_request(tls_stream& s, http::verb verb, std::string target, std::string authorization,
                                    std::string content_type, std::string body) {
  http::request<http::string_body> req{verb, target, 11};
  req.set(http::field::host, "127.0.0.1");
  if (!authorization.empty()) req.set(http::field::authorization, authorization);
  if (!content_type.empty()) req.set(http::field::content_type, content_type);
  req.body() = std::move(body);
  req.keep_alive(true);
  req.prepare_payload();
  co_await http::async_write(s, req, asio::use_awaitable);
}

asio::awaitable<http_result> exchange(tls_stream& s, http::verb verb, std::string target, std::string authorization,
                                      std::string content_type, std::string body) {
  co_await write_request(s, verb, std::move(target), std::move(authorization), std::move(content_type), std::move(body));
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  co_await http::async_read(s, buffer, res, asio::use_awaitable);
  http_result out;
  out.status = res.result_int();
  out.body = res.body();
  const auto retry = res[http::field::retry_after];
  out.retry_after.assign(retry.data(), retry.size());
  co_return out;
}

// Writes raw bytes on a TLS connection and reads one HTTP answer.
asio::awaitable<http_result> raw_exchange(tls_stream& s, std::string bytes) {
  co_await asio::async_write(s, asio::buffer(bytes), asio::use_awaitable);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  co_await http::async_read(s, buffer, res, asio::use_awaitable);
  co_return http_result{res.result_int(), res.body(), ""};
}

// Plain TCP to the TLS port: writes `bytes`, then reads until the fake hangs up.
asio::awaitable<void> plaintext_probe(unsigned short port, std::string bytes) {
  tcp::socket socket(co_await asio::this_coro::executor);
  co_await socket.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), asio::use_awaitable);
  co_await asio::async_write(socket, asio::buffer(bytes), asio::use_awaitable);
  std::array<char, 512> sink{};
  for (;;) {
    auto [ec, n] = co_await socket.async_read_some(asio::buffer(sink), use_tuple);
    if (ec) co_return;
  }
}

// A client of the fake: one keep-alive HTTPS connection for every request, plus WebSocket helpers.
class test_client {
 public:
  explicit test_client(const fake_slack& fake, bool trust_ca = true, const std::string& host = "127.0.0.1")
      : port_(fake.port()) {
    if (trust_ca) ctx_.load_verify_file(fake.ca_file());
    ctx_.set_verify_mode(ssl::verify_peer);
    ctx_.set_verify_callback(ssl::host_name_verification(host));
  }

  asio::io_context& io() { return io_; }
  // Raw bytes on a connection of their own (the fake closes a connection after a malformed request).
  http_result raw(const std::string& bytes) {
    tls_stream s(io_, ctx_);
    run(io_, connect_tls(s, port_));
    return run(io_, raw_exchange(s, bytes));
  }
  ssl::context& ctx() { return ctx_; }
  unsigned short port() const { return port_; }

  void handshake() {
    http_ = std::make_unique<tls_stream>(io_, ctx_);
    run(io_, connect_tls(*http_, port_));
  }

  http_result request(http::verb verb, const std::string& target, const std::string& authorization,
                      const std::string& content_type, const std::string& body) {
    if (!http_) handshake();
    return run(io_, exchange(*http_, verb, target, authorization, content_type, body));
  }
  http_result api(const std::string& method, const std::string& body = "", const std::string& content_type = json_type,
                  const std::string& authorization = bot_auth()) {
    return request(http::verb::post, "/api/" + method, authorization, content_type, body);
  }
  // Sends a request and does not wait for an answer (for kill points).
  void send_only(const std::string& method, const std::string& body) {
    if (!http_) handshake();
    run(io_, write_request(*http_, http::verb::post, "/api/" + method, bot_auth(), json_type, body));
  }

  // apps.connections.open, returning the request target of the wss URL ("/link/?ticket=…").
  std::string open_socket_target() {
    const http_result r = api("apps.connections.open", "", form_type, app_auth());
    REQUIRE(r.status == 200);
    const json j = r.parsed();
    REQUIRE(j.value("ok", false));
    const std::string url = j.value("url", "");
    const std::string prefix = "wss://127.0.0.1:" + std::to_string(port_) + "/link/?ticket=";
    REQUIRE(url.rfind(prefix, 0) == 0);
    return url.substr(url.find('/', std::string("wss://").size()));
  }

 private:
  asio::io_context io_;
  ssl::context ctx_{ssl::context::tls_client};
  unsigned short port_;
  std::unique_ptr<tls_stream> http_;
};

// One WebSocket connection of a test client.
class socket_client {
 public:
  socket_client(test_client& c, const std::string& target) : client_(c), ws_(c.io(), c.ctx()) {
    run(client_.io(), connect(target));
  }
  json read() { return json::parse(run(client_.io(), read_text())); }
  // Reads until the connection ends; returns the error that ended it.
  boost::system::error_code read_until_closed() { return run(client_.io(), read_error()); }
  void write(const std::string& text) { run(client_.io(), write_text(text)); }
  void close() { run(client_.io(), close_normally()); }
  // Pings and reads: true when a pong arrives before `wait` ends. on_pong runs when it does.
  bool ping_answered(std::chrono::milliseconds wait, std::function<void()> on_pong) {
    return run(client_.io(), ping(wait, std::move(on_pong)));
  }

 private:
  asio::awaitable<void> connect(std::string target) {
    co_await connect_tls(ws_.next_layer(), client_.port());
    co_await ws_.async_handshake("127.0.0.1:" + std::to_string(client_.port()), target, asio::use_awaitable);
  }
  asio::awaitable<std::string> read_text() {
    beast::flat_buffer buffer;
    co_await ws_.async_read(buffer, asio::use_awaitable);
    co_return beast::buffers_to_string(buffer.data());
  }
  asio::awaitable<boost::system::error_code> read_error() {
    for (;;) {
      beast::flat_buffer buffer;
      auto [ec, n] = co_await ws_.async_read(buffer, use_tuple);
      if (ec) co_return ec;
    }
  }
  asio::awaitable<void> write_text(std::string text) {
    ws_.text(true);
    co_await ws_.async_write(asio::buffer(text), asio::use_awaitable);
  }
  asio::awaitable<void> close_normally() {
    co_await ws_.async_close(websocket::close_code::normal, asio::use_awaitable);
  }
  asio::awaitable<bool> ping(std::chrono::milliseconds wait, std::function<void()> on_pong) {
    bool pong = false;
    ws_.control_callback([&](websocket::frame_type kind, beast::string_view) {
      if (kind != websocket::frame_type::pong) return;
      pong = true;
      if (on_pong) on_pong();
    });
    co_await ws_.async_ping({}, asio::use_awaitable);
    asio::steady_timer timer(co_await asio::this_coro::executor, wait);
    timer.async_wait([this](boost::system::error_code ec) {
      if (!ec) beast::get_lowest_layer(ws_).close();  // deadline: give up on the read
    });
    beast::flat_buffer buffer;
    co_await ws_.async_read(buffer, use_tuple);
    timer.cancel();
    ws_.control_callback();
    co_return pong;
  }

  test_client& client_;
  ws_stream ws_;
};

// The HTTP status of a WebSocket upgrade that the fake refuses.
unsigned refused_upgrade_status(test_client& c, const std::string& target) {
  ws_stream ws(c.io(), c.ctx());
  return run(c.io(), [&]() -> asio::awaitable<unsigned> {
    co_await connect_tls(ws.next_layer(), c.port());
    websocket::response_type res;
    auto [ec] = co_await ws.async_handshake(res, "127.0.0.1:" + std::to_string(c.port()), target, use_tuple);
    co_return ec ? res.result_int() : 101U;
  }());
}

bool no_violations(const fake_slack& fake) {
  const auto v = fake.protocol_violations();
  for (const auto& line : v) UNSCOPED_INFO("violation: " << line);
  return v.empty();
}

}  // namespace

TEST_CASE("the test PKI is trusted for 127.0.0.1 through its CA only", "[fake_slack][tls]") {
  fake_slack fake;
  test_client trusted(fake);
  const http_result r = trusted.api("auth.test");
  CHECK(r.status == 200);
  CHECK(r.parsed().value("ok", false));

  test_client untrusted(fake, false);
  CHECK_THROWS(untrusted.handshake());

  test_client wrong_host(fake, true, "127.0.0.2");
  CHECK_THROWS(wrong_host.handshake());

  test_client by_name(fake, true, "localhost");
  CHECK_NOTHROW(by_name.handshake());

  const auto dir = std::filesystem::temp_directory_path() / ("networkbot-pki-test-" + std::to_string(::getpid()));
  const test_pki pki = make_test_pki(dir.string());
  CHECK(std::filesystem::file_size(pki.ca_file) > 0);
  CHECK(std::filesystem::file_size(pki.cert_file) > 0);
  CHECK(std::filesystem::file_size(pki.key_file) > 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("Web API: auth, answers shaped like Slack's, and encoding rules", "[fake_slack][api]") {
  fake_slack fake;
  test_client c(fake);

  const json who = c.api("auth.test").parsed();
  CHECK(who.value("ok", false));
  CHECK(who.value("user_id", "") == "U0BOT");
  CHECK(who.value("bot_id", "") == "B0BOT");
  CHECK(who.value("team_id", "") == "T0TEST");
  CHECK(who.value("is_enterprise_install", true) == false);

  CHECK(c.api("auth.test", "", json_type, "Bearer not-the-token").parsed().value("error", "") == "invalid_auth");
  CHECK(c.api("auth.test", "", json_type, "").parsed().value("error", "") == "not_authed");
  CHECK(c.api("chat.postMessage", R"({"channel":"C1","text":"x"})", json_type, app_auth()).parsed().value("error", "") ==
        "invalid_auth");
  CHECK(c.api("apps.connections.open", "", form_type, bot_auth()).parsed().value("error", "") == "invalid_auth");
  CHECK(c.api("no.such.method").parsed().value("error", "") == "unknown_method");

  const json posted = c.api("chat.postMessage", R"({"channel":"C0GENERAL","text":"hello there"})").parsed();
  CHECK(posted.value("ok", false));
  CHECK(posted.value("channel", "") == "C0GENERAL");
  const std::string ts = posted.value("ts", "");
  CHECK(ts == "1700000000.000100");
  CHECK(posted["message"].value("text", "") == "hello there");
  CHECK(c.api("chat.postMessage", R"({"channel":"C0GENERAL"})").parsed().value("error", "") == "no_text");
  CHECK(c.api("chat.update", R"({"channel":"C0GENERAL","ts":")" + ts + R"(","text":"edited"})").parsed().value("ok", false));
  CHECK(c.api("chat.update", R"({"channel":"C0GENERAL","ts":"1.2","text":"x"})").parsed().value("error", "") ==
        "message_not_found");
  CHECK(fake.posted_texts("chat.postMessage") == std::vector<std::string>{"hello there"});
  CHECK(fake.posted_texts("chat.update") == std::vector<std::string>{"edited"});

  const json dm = c.api("conversations.open", R"({"users":"U0STUDENT"})").parsed();
  const json dm_again = c.api("conversations.open", "users=U0STUDENT", form_type).parsed();
  CHECK(dm["channel"].value("id", "").rfind('D', 0) == 0);
  CHECK(dm["channel"].value("id", "") == dm_again["channel"].value("id", ""));

  CHECK(c.api("views.open", R"({"view":{"type":"modal"}})").parsed().value("error", "") == "invalid_arguments");
  const json view = c.api("views.open", R"({"trigger_id":"1.2.3","view":{"type":"modal"}})").parsed();
  CHECK(view["view"].value("id", "").rfind('V', 0) == 0);
  CHECK(!view["view"].value("hash", "").empty());
  CHECK(c.api("views.open", R"({"trigger_id":"1.2.3","view":{"type":"modal"}})").parsed().value("error", "") ==
        "exchanged_trigger_id");
  CHECK(c.api("views.publish", "user_id=U1&view=%7B%22type%22%3A%22home%22%7D", form_type).parsed().value("ok", false));
  CHECK(no_violations(fake));

  // Broken encodings are answered but recorded.
  c.api("users.info", R"({"user":"U1"})");
  CHECK(fake.protocol_violations().size() == 1);
  c.request(http::verb::get, "/api/users.info?user=U1&token=secret", bot_auth(), "", "");
  CHECK(fake.protocol_violations().size() == 2);
  c.api("chat.postMessage", R"({"channel":"C1","text":"x"})", "application/json");
  CHECK(fake.protocol_violations().size() == 3);

  const auto calls = fake.calls_to("auth.test");
  REQUIRE(calls.size() == 3);
  CHECK(calls[0].path == "/api/auth.test");
  CHECK(calls[0].authorization == bot_auth());
  CHECK(calls[0].status == 200);
}

TEST_CASE("Socket Mode: hello, an envelope, its ack; tickets are single use", "[fake_slack][socket]") {
  fake_slack fake;
  test_client c(fake);
  const std::string target = c.open_socket_target();
  socket_client sock(c, target);

  const json hello = sock.read();
  CHECK(hello.value("type", "") == "hello");
  CHECK(hello.value("num_connections", 0) == 1);
  CHECK(hello["connection_info"].value("app_id", "") == "A0TEST");
  CHECK(hello["debug_info"].value("approximate_connection_time", 0) > 0);
  CHECK(fake.open_connections() == 1);
  CHECK(fake.connections_opened() == 1);

  const std::string id = fake.send_command("U0STUDENT", "help \"me\"");
  REQUIRE(!id.empty());
  const json envelope = sock.read();
  CHECK(envelope.value("envelope_id", "") == id);
  CHECK(envelope.value("type", "") == "slash_commands");
  CHECK(envelope.value("accepts_response_payload", false));
  const json& payload = envelope["payload"];
  CHECK(payload.value("command", "") == "/network");
  CHECK(payload.value("text", "") == "help \"me\"");
  CHECK(payload.value("user_id", "") == "U0STUDENT");
  CHECK(payload.value("channel_id", "") == "C0GENERAL");
  CHECK(payload.value("team_id", "") == "T0TEST");
  CHECK(payload.value("api_app_id", "") == "A0TEST");
  CHECK(payload.value("is_enterprise_install", "") == "false");
  CHECK(!payload.value("trigger_id", "").empty());
  CHECK(payload.value("response_url", "").rfind("https://127.0.0.1:" + std::to_string(fake.port()) + "/response/", 0) == 0);

  sock.write(R"({"envelope_id":")" + id + R"(","payload":{"text":"hi"}})");
  REQUIRE(fake.wait_for([](const fake_slack& f) { return f.ack_count() == 1; }));
  const auto acks = fake.acks();
  CHECK(acks[0].envelope_id == id);
  CHECK(json::parse(acks[0].payload) == json{{"text", "hi"}});
  CHECK(acks[0].connection == 0);
  CHECK(acks[0].acked_at >= acks[0].sent_at);
  CHECK(no_violations(fake));

  // A second ack for the same envelope is a violation; so is dialling a used URL.
  sock.write(R"({"envelope_id":")" + id + R"("})");
  REQUIRE(fake.wait_for([](const fake_slack& f) { return f.protocol_violations().size() == 1; }));
  CHECK(refused_upgrade_status(c, target) == 401);
  CHECK(fake.protocol_violations().size() == 2);
  CHECK(fake.refused_upgrades() == 1);

  // Once the only connection is closed, commands are dropped.
  sock.close();
  REQUIRE(fake.wait_for([](const fake_slack& f) { return f.open_connections() == 0; }));
  CHECK(fake.send_command("U0STUDENT", "help").empty());
  CHECK(fake.dropped() == 1);
}

TEST_CASE("Socket Mode: routing, events to several connections, disconnects", "[fake_slack][socket]") {
  fake_options options;
  options.refresh_grace = std::chrono::milliseconds(100);
  options.max_connections = 2;
  fake_slack fake(options);
  test_client c(fake);
  socket_client a(c, c.open_socket_target());
  socket_client b(c, c.open_socket_target());
  CHECK(a.read().value("num_connections", 0) == 1);
  CHECK(b.read().value("num_connections", 0) == 2);

  // Round robin: one command on each connection.
  const std::string first = fake.send_command("U1", "one");
  const std::string second = fake.send_command("U2", "two");
  CHECK(a.read().value("envelope_id", "") == first);
  CHECK(b.read().value("envelope_id", "") == second);

  // An event delivered twice, to different connections.
  CHECK(fake.send_event("Ev0001", R"({"type":"app_home_opened","user":"U1","tab":"home"})", 2) == 2);
  const json ea = a.read();
  const json eb = b.read();
  CHECK(ea.value("type", "") == "events_api");
  CHECK(ea["payload"].value("event_id", "") == "Ev0001");
  CHECK(eb["payload"].value("event_id", "") == "Ev0001");
  CHECK(ea["payload"]["event"].value("type", "") == "app_home_opened");
  CHECK(ea.value("retry_attempt", -1) + eb.value("retry_attempt", -1) == 1);
  CHECK(ea.value("envelope_id", "") != eb.value("envelope_id", ""));

  // A third connection is one too many.
  {
    socket_client extra(c, c.open_socket_target());
    const json bye = extra.read();
    CHECK(bye.value("type", "") == "disconnect");
    CHECK(bye.value("reason", "") == "too_many_websockets");
    CHECK(extra.read_until_closed() == websocket::error::closed);
  }

  // warning: still routed to until the grace ends, then the fake closes it.
  fake.disconnect(0, "warning");
  const json warning = a.read();
  CHECK(warning.value("type", "") == "disconnect");
  CHECK(warning.value("reason", "") == "warning");
  CHECK(a.read_until_closed() == websocket::error::closed);
  REQUIRE(fake.wait_for([](const fake_slack& f) { return f.open_connections() == 1; }));

  // link_disabled: closed right after the frame.
  fake.disconnect(1, "link_disabled");
  CHECK(b.read().value("reason", "") == "link_disabled");
  CHECK(b.read_until_closed() == websocket::error::closed);
  REQUIRE(fake.wait_for([](const fake_slack& f) { return f.open_connections() == 0; }));

  // Acks were never sent here, and none were expected to be checked; no other violations.
  CHECK(no_violations(fake));

  // While connections are rejected, upgrades fail with 503.
  fake.reject_connections(true);
  CHECK(refused_upgrade_status(c, c.open_socket_target()) == 503);
  fake.reject_connections(false);
  socket_client again(c, c.open_socket_target());
  CHECK(again.read().value("type", "") == "hello");
}

TEST_CASE("Socket Mode: close_abruptly and stall", "[fake_slack][socket]") {
  fake_slack fake;
  test_client c(fake);
  socket_client a(c, c.open_socket_target());
  a.read();
  fake.close_abruptly(0);
  CHECK(a.read_until_closed() != websocket::error::closed);  // no close frame: a transport error
  REQUIRE(fake.wait_for([](const fake_slack& f) { return f.open_connections() == 0; }));

  socket_client b(c, c.open_socket_target());
  b.read();
  // Live: the pong comes (the probe frame sent on pong ends the read).
  CHECK(b.ping_answered(std::chrono::seconds(20), [&fake] { fake.send_raw(1, R"({"type":"probe"})"); }));

  fake.stall(1);
  REQUIRE(fake.wait_for([](const fake_slack& f) { return f.open_connections() == 0; }));
  CHECK(fake.send_command("U1", "lost").empty());
  // Dead link: no pong before the deadline.
  CHECK_FALSE(b.ping_answered(std::chrono::milliseconds(1000), {}));
}

TEST_CASE("a burst of commands arrives in order and every ack is recorded", "[fake_slack][socket]") {
  fake_slack fake;
  test_client c(fake);
  socket_client sock(c, c.open_socket_target());
  sock.read();

  constexpr std::size_t burst = 2000;
  std::vector<std::pair<std::string, std::string>> commands;
  for (std::size_t i = 0; i < burst; ++i) commands.emplace_back("U" + std::to_string(i), "progress " + std::to_string(i));
  const std::vector<std::string> ids = fake.send_commands(commands);
  REQUIRE(ids.size() == burst);
  for (std::size_t i = 0; i < burst; ++i) {
    const json envelope = sock.read();
    REQUIRE(envelope.value("envelope_id", "") == ids[i]);
    sock.write(R"({"envelope_id":")" + ids[i] + R"("})");
  }
  REQUIRE(fake.wait_for([](const fake_slack& f) { return f.ack_count() == burst; }));
  CHECK(fake.envelopes_sent() == burst);
  CHECK(no_violations(fake));
}

TEST_CASE("response_url: five deliveries, then used_url, and expiry", "[fake_slack][response_url]") {
  fake_slack fake;
  test_client c(fake);
  const std::string url = fake.new_response_url();
  const std::string path = url.substr(url.find("/response/"));
  for (int i = 0; i < 5; ++i) {
    const http_result r = c.request(http::verb::post, path, "", json_type, R"({"text":"reply )" + std::to_string(i) + "\"}");
    CHECK(r.status == 200);
    CHECK(r.body == "ok");
  }
  const http_result sixth = c.request(http::verb::post, path, "", json_type, R"({"text":"too many"})");
  CHECK(sixth.status == 404);
  CHECK(sixth.body == "used_url");
  CHECK(fake.response_url_deliveries() == std::map<std::string, int>{{path, 5}});
  CHECK(fake.delivered_response_urls().size() == 5);
  CHECK(fake.posted_texts("response_url").back() == "reply 4");

  fake.expire_response_urls(true);
  const std::string other = fake.new_response_url();
  const http_result expired = c.request(http::verb::post, other.substr(other.find("/response/")), "", json_type, "{}");
  CHECK(expired.status == 404);
  CHECK(expired.body == "expired_url");
  CHECK(fake.calls_to("response_url").size() == 7);
  CHECK(no_violations(fake));
}

TEST_CASE("HTTP faults: 429 with Retry-After, 500, scripted errors, determinism", "[fake_slack][faults]") {
  fake_slack fake;
  test_client c(fake);
  fake_slack::http_faults limited;
  limited.rate_limit_percent = 100;
  limited.retry_after_seconds = 7;
  fake.set_http_faults(limited);
  const http_result r = c.api("auth.test");
  CHECK(r.status == 429);
  CHECK(r.retry_after == "7");
  CHECK(r.parsed().value("error", "") == "ratelimited");
  CHECK(c.api("apps.connections.open", "", form_type, app_auth()).status == 200);  // spared unless asked

  fake_slack::http_faults broken;
  broken.server_error_percent = 100;
  fake.set_http_faults(broken);
  CHECK(c.api("auth.test").status == 500);
  fake.set_http_faults({});

  fake.fail_method("chat.postMessage", "channel_not_found");
  CHECK(c.api("chat.postMessage", R"({"channel":"C1","text":"a"})").parsed().value("error", "") == "channel_not_found");
  CHECK(c.api("chat.postMessage", R"({"channel":"C1","text":"b"})").parsed().value("ok", false));

  // The same seed gives the same faults.
  const auto statuses = [](std::uint64_t seed) {
    fake_slack f;
    test_client client(f);
    fake_slack::http_faults half;
    half.rate_limit_percent = 50;
    half.seed = seed;
    f.set_http_faults(half);
    std::vector<unsigned> out;
    for (int i = 0; i < 12; ++i) out.push_back(client.api("auth.test").status);
    return out;
  };
  const auto first = statuses(42);
  CHECK(first == statuses(42));
  CHECK(std::count(first.begin(), first.end(), 429U) > 0);
  CHECK(std::count(first.begin(), first.end(), 200U) > 0);
}

TEST_CASE("kill_after signals the process once the call is recorded, and never answers it", "[fake_slack][faults]") {
  fake_slack fake;
  test_client c(fake);
  std::string program = "sleep", seconds = "30";
  std::array<char*, 3> argv{program.data(), seconds.data(), nullptr};
  pid_t child = 0;
  REQUIRE(posix_spawnp(&child, "sleep", nullptr, nullptr, argv.data(), environ) == 0);
  fake.kill_after("chat.postMessage", 2, static_cast<int>(child), SIGTERM);

  CHECK(c.api("chat.postMessage", R"({"channel":"C1","text":"first"})").parsed().value("ok", false));
  c.send_only("chat.postMessage", R"({"channel":"C1","text":"second"})");
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGTERM);

  const auto calls = fake.calls_to("chat.postMessage");
  REQUIRE(calls.size() == 2);
  CHECK(calls[0].status == 200);
  CHECK(calls[1].status == 0);
  CHECK(fake.posted_texts("chat.postMessage") == std::vector<std::string>{"first", "second"});
}

TEST_CASE("read methods paginate over the roster the test sets", "[fake_slack][api]") {
  fake_slack fake;
  test_client c(fake);
  std::vector<std::string> roster;
  for (int i = 1; i <= 5; ++i) {
    roster.push_back(json{{"id", "U" + std::to_string(i)},
                          {"name", "user" + std::to_string(i)},
                          {"profile", {{"email", "user" + std::to_string(i) + "@example.org"}}}}
                         .dump());
  }
  fake.set_users(roster);

  std::vector<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    const std::string body = "limit=2" + (cursor.empty() ? std::string{} : "&cursor=" + cursor);
    const json page = (pages % 2 == 0) ? c.api("users.list", body, form_type).parsed()
                                       : c.request(http::verb::get, "/api/users.list?" + body, bot_auth(), "", "").parsed();
    REQUIRE(page.value("ok", false));
    for (const auto& m : page["members"]) seen.push_back(m.value("id", ""));
    cursor = page["response_metadata"].value("next_cursor", "");
    ++pages;
  } while (!cursor.empty() && pages < 10);
  CHECK(pages == 3);
  CHECK(seen == std::vector<std::string>{"U1", "U2", "U3", "U4", "U5"});
  CHECK(c.api("users.list", "cursor=bogus", form_type).parsed().value("error", "") == "invalid_cursor");

  CHECK(c.api("users.info", "user=U3", form_type).parsed()["user"].value("name", "") == "user3");
  CHECK(c.api("users.info", "user=U9", form_type).parsed().value("error", "") == "user_not_found");
  CHECK(c.api("users.lookupByEmail", "email=user4%40example.org", form_type).parsed()["user"].value("id", "") == "U4");

  fake.set_channel_members("C0COHORT", {"U1", "U2", "U3"});
  const json members = c.api("conversations.members", "channel=C0COHORT&limit=100", form_type).parsed();
  CHECK(members["members"].size() == 3);
  CHECK(members["response_metadata"].value("next_cursor", "x").empty());
  fake.set_usergroup("S0STAFF", {"U5"});
  CHECK(c.api("usergroups.users.list", "usergroup=S0STAFF", form_type).parsed()["users"] == json::array({"U5"}));
  CHECK(no_violations(fake));
}

TEST_CASE("hostile input is answered or recorded, never fatal", "[fake_slack][robustness]") {
  fake_slack fake;
  test_client c(fake);
  run(c.io(), plaintext_probe(fake.port(), "GET /api/auth.test HTTP/1.1\r\nHost: x\r\n\r\n"));
  CHECK(c.raw("NOT HTTP AT ALL\r\n\r\n").status == 400);
  CHECK(c.raw("POST /api/auth.test HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello").status == 400);
  CHECK(c.api("chat.postMessage", "[1,2]").parsed().value("error", "") == "json_not_object");
  CHECK(c.api("chat.postMessage", "{\"channel\":").parsed().value("error", "") == "invalid_json");
  CHECK(c.request(http::verb::put, "/api/auth.test", bot_auth(), "", "").status == 200);
  CHECK(c.request(http::verb::post, "/nowhere", "", "", "").status == 404);
  CHECK(c.request(http::verb::post, "/response/999", "", json_type, "{}").status == 404);
  CHECK(fake.protocol_violations().size() == 7);

  socket_client sock(c, c.open_socket_target());
  sock.read();
  sock.write("not json");
  sock.write("[\"array\"]");
  sock.write("{}");
  sock.write(R"({"envelope_id":"never-sent"})");
  sock.write(R"({"envelope_id":42})");
  REQUIRE(fake.wait_for([](const fake_slack& f) { return f.protocol_violations().size() == 12; }));

  // Still serving.
  const std::string id = fake.send_command("U1", "help");
  CHECK(sock.read().value("envelope_id", "") == id);
  CHECK(c.api("auth.test").parsed().value("ok", false));
  CHECK(fake.calls_to("auth.test").back().status == 200);
}
