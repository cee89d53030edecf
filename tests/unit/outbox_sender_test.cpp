// The outbox's sending rules, one at a time: the pure settlement of an attempt (send_policy.hpp), and
// the sender's calls for each kind of delivery through a recording Web API, with an injected clock. The
// end-to-end tests drive the same sender against the TLS fake; these say which rule is which.

#include <catch2/catch.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <mutex>

#include "bot/slack/outbox_sender.hpp"
#include "bot/slack/send_policy.hpp"
#include "core/store/database.hpp"
#include "recording_web_api.hpp"

using namespace networkbot;
using nlohmann::json;
using how = store::message_queues::settlement::how;
using store::millis;

namespace {

constexpr std::int64_t asked_at = 1'795'000'000;  // Unix seconds: when the request came in
const millis now{asked_at * 1000 + 5'000};         // five seconds later

store::outbox_entry row_of(const slack::outbound& o, int attempts = 1) { return {42, slack::to_row(o), attempts, false}; }

const slack::outbound reply{slack::response_url_reply{"https://hooks.example/1", R"({"text":"hi"})", "U1", "C1"}, asked_at};
const slack::outbound post{slack::api_call{"chat.postMessage", R"({"channel":"C9","text":"hi"})", "", "C9"}, asked_at};
const slack::outbound ephemeral{slack::api_call{"chat.postEphemeral", R"({"channel":"C1","text":"hi","user":"U1"})", "U1", "C1"},
                                asked_at};

slack::api_error refused(const char* method, const char* code) { return {slack::failure::slack_error, method, code}; }

store::message_queues::settlement settled(const slack::outbound& o, const slack::attempt& a, millis at = now,
                                          std::chrono::milliseconds backoff = std::chrono::milliseconds{800}) {
  return slack::settle(row_of(o), o, a, at, backoff);
}

slack::outbound replacement_of(const store::message_queues::settlement& s) {
  REQUIRE(s.what == how::replaced);
  const auto o = slack::from_row(s.replacement);
  REQUIRE(o);
  return *o;
}

}  // namespace

TEST_CASE("send policy: a delivered message is sent, now", "[slack][outbox][policy]") {
  const auto s = settled(post, slack::delivered{});
  CHECK(s.what == how::sent);
  CHECK(s.id == 42);
  CHECK(s.at == now);
}

TEST_CASE("send policy: a 429 waits Slack's Retry-After, whatever the backoff says", "[slack][outbox][policy]") {
  const auto s = settled(post, slack::api_error{slack::failure::rate_limited, "chat.postMessage", "ratelimited", std::chrono::seconds{7}});
  CHECK(s.what == how::retry);
  CHECK(s.at == now + std::chrono::seconds{7});
}

TEST_CASE("send policy: a passing failure waits the backoff drawn for it", "[slack][outbox][policy]") {
  for (const auto kind : {slack::failure::server_error, slack::failure::network}) {
    const auto s = settled(post, slack::api_error{kind, "chat.postMessage", "HTTP 503"});
    CHECK(s.what == how::retry);
    CHECK(s.at == now + std::chrono::milliseconds{800});
    CHECK_THAT(s.error, Catch::Contains("HTTP 503"));
  }
}

TEST_CASE("send policy: passing failures are given up after a day", "[slack][outbox][policy]") {
  const millis a_day_later{(asked_at + slack::give_up_after) * 1000};
  const auto s = settled(post, slack::api_error{slack::failure::server_error, "chat.postMessage", "HTTP 500"}, a_day_later);
  CHECK(s.what == how::failed);
  CHECK(settled(post, slack::api_error{slack::failure::server_error, "chat.postMessage", "HTTP 500"}, a_day_later - millis{1000}).what ==
        how::retry);
}

TEST_CASE("send policy: a reply too old to try goes ephemeral where it was asked, or by DM", "[slack][outbox][policy]") {
  // Slack's 30 minutes, less a minute's margin.
  CHECK_FALSE(slack::too_old_to_try(reply, asked_at + 29 * 60));
  CHECK(slack::too_old_to_try(reply, asked_at + 29 * 60 + 1));
  CHECK_FALSE(slack::too_old_to_try(post, asked_at + 3600));  // only a response_url ages
  const auto instead = replacement_of(settled(reply, slack::not_tried_too_old{}));
  CHECK(std::get<slack::api_call>(instead.what).method == "chat.postEphemeral");
  CHECK(json::parse(std::get<slack::api_call>(instead.what).body)["channel"] == "C1");
  auto in_dm = reply;
  std::get<slack::response_url_reply>(in_dm.what).channel_id = "D1";
  CHECK(std::get<slack::direct_message>(replacement_of(settled(in_dm, slack::not_tried_too_old{})).what).users == "U1");
  // Nobody to send it to instead: given up.
  auto nobody = reply;
  std::get<slack::response_url_reply>(nobody.what).user_id.clear();
  CHECK(settled(nobody, slack::not_tried_too_old{}).what == how::failed);
}

TEST_CASE("send policy: a response_url that refuses for good takes the same fallback", "[slack][outbox][policy]") {
  const auto instead = replacement_of(settled(reply, refused("response_url", "used_url")));
  CHECK(std::get<slack::api_call>(instead.what).method == "chat.postEphemeral");
}

TEST_CASE("send policy: an ephemeral message the channel refuses becomes a DM", "[slack][outbox][policy]") {
  const auto instead = replacement_of(settled(ephemeral, refused("chat.postEphemeral", "channel_not_found")));
  const auto& dm = std::get<slack::direct_message>(instead.what);
  CHECK(dm.users == "U1");
  CHECK(json::parse(dm.body) == json{{"text", "hi"}});
}

TEST_CASE("send policy: anything else Slack refuses is given up with its reason", "[slack][outbox][policy]") {
  const auto s = settled(post, refused("chat.postMessage", "channel_not_found"));
  CHECK(s.what == how::failed);
  CHECK_THAT(s.error, Catch::Contains("channel_not_found"));
  const slack::outbound dm{slack::direct_message{"U1", "{}", {}}, asked_at};
  CHECK(settled(dm, refused("chat.postMessage", "cannot_dm_bot")).what == how::failed);
}

TEST_CASE("send policy: a row this version cannot read is given up", "[slack][outbox][policy]") {
  store::outbox_entry row{42, {"fax", "x", "{}", "", "", asked_at, {}}, 1, false};
  const auto s = slack::settle(row, std::nullopt, slack::unreadable{"a stored message of kind 'fax'"}, now, {});
  CHECK(s.what == how::failed);
  CHECK_THAT(s.error, Catch::Contains("fax"));
}

namespace {

// A sender over a recording Web API and an in-memory outbox, on an io_context the test runs.
struct sending {
  boost::asio::io_context io;
  testing::recording_web_api api;
  // The outbox alone, owned as the backend owns it: the sender reaches it only in its turn.
  struct outbox {
    store::database db{":memory:"};
    store::message_queues queues{db};
  };
  app::serialized<outbox> house{std::in_place};
  // The test looks at the queues between the sender's runs, on the one thread both use.
  store::message_queues& queues = house.run([](outbox& o) -> store::message_queues& { return o.queues; });
  millis clock = now;
  slack::outbox_sender sender{io.get_executor(), api, house.part(&outbox::queues), 8, [this] { return clock; }};

  store::message_queues::settlement attempt(const slack::outbound& o) {
    std::optional<store::message_queues::settlement> out;
    std::exception_ptr failed;
    boost::asio::co_spawn(io, sender.attempt(row_of(o)), [&](std::exception_ptr e, store::message_queues::settlement s) {
      failed = e;
      out = std::move(s);
    });
    io.run();
    io.restart();
    if (failed) std::rethrow_exception(failed);
    REQUIRE(out);
    return *out;
  }
};

}  // namespace

TEST_CASE("sender: a reply goes to its response_url as stored", "[slack][outbox]") {
  sending f;
  CHECK(f.attempt(reply).what == how::sent);
  REQUIRE(f.api.calls.size() == 1);
  CHECK(f.api.calls[0].what == "response_url https://hooks.example/1");
  CHECK(f.api.calls[0].args == R"({"text":"hi"})");
}

TEST_CASE("sender: a stored Web API call goes as written, chat.postMessage paced by its channel", "[slack][outbox]") {
  sending f;
  CHECK(f.attempt(post).what == how::sent);
  const slack::outbound home{slack::api_call{"views.publish", R"({"user_id":"U1","view":{"type":"home"}})", "U1", ""}, asked_at};
  CHECK(f.attempt(home).what == how::sent);
  REQUIRE(f.api.calls.size() == 2);
  CHECK(f.api.calls[0].what == "chat.postMessage");
  CHECK(f.api.calls[0].args == R"({"channel":"C9","text":"hi"})");  // byte for byte: never parsed on the way
  CHECK(f.api.calls[0].pace_key == "C9");
  CHECK(f.api.calls[1].what == "views.publish");
  CHECK(f.api.calls[1].pace_key.empty());
}

TEST_CASE("sender: a DM opens the conversation once, and posts with its channel first", "[slack][outbox]") {
  sending f;
  const slack::outbound dm{slack::direct_message{"U1", R"({"text":"hi"})", {}}, asked_at};
  CHECK(f.attempt(dm).what == how::sent);
  CHECK(f.attempt(dm).what == how::sent);
  CHECK(f.api.to("conversations.open").size() == 1);
  const auto posts = f.api.to("chat.postMessage");
  REQUIRE(posts.size() == 2);
  CHECK(posts[0].args == R"({"channel":"D-U1","text":"hi"})");
  CHECK(posts[0].pace_key == "D-U1");
  CHECK(f.queues.dm_channel("U1") == "D-U1");  // remembered across restarts
}

TEST_CASE("sender: a group DM Slack refuses goes ahead without the refused member, and says so", "[slack][outbox]") {
  sending f;
  f.api.fail("conversations.open", refused("conversations.open", "cannot_dm_bot"));  // the group as a whole
  f.api.answer("conversations.open", {{"ok", true}, {"channel", {{"id", "D-U1"}}}});  // U1 alone
  f.api.fail("conversations.open", refused("conversations.open", "user_disabled"));    // U2 alone
  f.api.answer("conversations.open", {{"ok", true}, {"channel", {{"id", "D-U3"}}}});  // U3 alone
  const slack::outbound group{slack::direct_message{"U1,U2,U3", R"({"text":"your group"})", "C0STAFF"}, asked_at};
  CHECK(f.attempt(group).what == how::sent);
  const auto opens = f.api.to("conversations.open");
  REQUIRE(opens.size() == 5);
  CHECK(json::parse(opens.back().args)["users"] == "U1,U3");
  CHECK(f.api.to("chat.postMessage").at(0).args == R"({"channel":"D-U1,U3","text":"your group"})");
  // The staff channel is told, through the outbox.
  const auto queued = f.queues.claim(5, now + millis{1});
  REQUIRE(queued.size() == 1);
  const auto told = slack::from_row(queued[0].message);
  REQUIRE(told);
  const auto& notice = std::get<slack::api_call>(told->what);
  CHECK(notice.method == "chat.postMessage");
  CHECK(notice.channel_id == "C0STAFF");
  CHECK_THAT(notice.body, Catch::Contains("<@U2>") && Catch::Contains("went ahead without them"));
}

TEST_CASE("sender: a file goes up in three steps and is shared in the person's DM", "[slack][outbox]") {
  sending f;
  const slack::outbound file{slack::file_upload{"U1", "my-data.json", "Your data", R"({"contacts":[]})", "Here it is."}, asked_at};
  CHECK(f.attempt(file).what == how::sent);
  REQUIRE(f.api.to("files.getUploadURLExternal").size() == 1);
  CHECK(json::parse(f.api.to("files.getUploadURLExternal")[0].args) == json{{"filename", "my-data.json"}, {"length", 15}});
  REQUIRE(f.api.to("upload https://files.example/up/1").size() == 1);
  CHECK(f.api.to("upload https://files.example/up/1")[0].args == R"({"contacts":[]})");
  const auto complete = json::parse(f.api.to("files.completeUploadExternal").at(0).args);
  CHECK(complete["channel_id"] == "D-U1");
  CHECK(complete["initial_comment"] == "Here it is.");
}

TEST_CASE("sender: what Slack answers decides the settlement, at the injected time", "[slack][outbox]") {
  sending f;
  f.clock = now + millis{250};
  f.api.fail("chat.postMessage", slack::api_error{slack::failure::rate_limited, "chat.postMessage", "ratelimited", std::chrono::seconds{3}});
  const auto s = f.attempt(post);
  CHECK(s.what == how::retry);
  CHECK(s.at == now + millis{3250});
  // A reply past its time is not even tried.
  f.clock = millis{(asked_at + 31 * 60) * 1000};
  CHECK(f.attempt(reply).what == how::replaced);
  CHECK(f.api.to("response_url https://hooks.example/1").empty());
}

TEST_CASE("sender: a row this version cannot read is given up without calling Slack", "[slack][outbox]") {
  sending f;
  std::optional<store::message_queues::settlement> out;
  boost::asio::co_spawn(f.io, f.sender.attempt({7, {"fax", "x", "{}", "", "", asked_at, {}}, 1, false}),
                        [&](std::exception_ptr, store::message_queues::settlement s) { out = std::move(s); });
  f.io.run();
  REQUIRE(out);
  CHECK(out->what == how::failed);
  CHECK(f.api.calls.empty());
}
