#include "bot/slack/outbox_sender.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include "bot/slack/json_text.hpp"
#include "bot/slack/send_policy.hpp"
#include "bot/slack/web_api.hpp"
#include "core/text.hpp"

namespace networkbot::slack {

namespace asio = boost::asio;
using nlohmann::json;

namespace {

constexpr std::chrono::milliseconds commit_window{2};
// Named constants: g++ 12 rejects some literals inside a co_await expression ("array used as initializer").
const std::string post_message = "chat.postMessage";
const std::string open_conversation = "conversations.open";
const std::string user_info = "users.info";
const std::string no_channel_id = "no channel id in the answer";
const std::string get_upload_url = "files.getUploadURLExternal";
const std::string complete_upload = "files.completeUploadExternal";
const std::string no_upload_url = "no upload_url or file_id in the answer";

std::string dm_channel_of(const json& opened) {
  const auto channel = opened.find("channel");
  if (channel == opened.end() || !channel->is_object()) return {};
  const auto id = channel->find("id");  // json::value would throw for an id that is not a string
  return id != channel->end() && id->is_string() ? id->get<std::string>() : std::string{};
}

bool is_dm(const store::outbox_message& row) {
  const auto o = from_row(row);
  return o && std::holds_alternative<direct_message>(o->what);
}

}  // namespace

store::millis system_wall_clock() {
  return std::chrono::duration_cast<store::millis>(std::chrono::system_clock::now().time_since_epoch());
}

outbox_sender::outbox_sender(asio::any_io_executor ex, web_api_port& api, app::guarded<store::message_queues> queues, int concurrency, wall_clock clock)
    : ex_(ex),
      api_(api),
      clock_(std::move(clock)),
      queues_(queues),
      concurrency_(static_cast<std::size_t>(std::max(1, concurrency))),
      wake_(ex),
      retry_wait_(std::chrono::milliseconds(500), std::chrono::seconds(60), backoff_seed()),
      lookup_wake_(ex) {}

std::uint64_t outbox_sender::recover_in_doubt() {
  std::int64_t n = 0;
  {
    n = queues_.run([](store::message_queues& q) { return q.recover_in_doubt(); });
  }
  stats_.in_doubt_recovered = static_cast<std::uint64_t>(n);
  if (n > 0)
    spdlog::warn("outbox: {} messages were being sent when networkbot last stopped; sending them again. Slack has "
                 "no way to tell whether they arrived, so each may show up twice (in_doubt={})",
                 n, n);
  return stats_.in_doubt_recovered;
}

void outbox_sender::wake() {
  asio::post(ex_, [this] { wake_.set(); });
}

void outbox_sender::stop() {
  asio::post(ex_, [this] {
    stopping_ = true;
    wake_.set();
    lookup_wake_.set();
  });
}

void outbox_sender::lookup(std::vector<std::string> user_ids) {
  asio::post(ex_, [this, ids = std::move(user_ids)]() mutable {
    if (stopping_) return;
    for (auto& id : ids)
      if (looked_up_.insert(id).second) lookups_.push_back(std::move(id));  // once per user per process
    if (!lookups_.empty()) lookup_wake_.set();
  });
}

asio::awaitable<void> outbox_sender::run_lookups() {
  // One at a time, paced by the Web API client's users.info limiter; never holds a reply's slot. A
  // lookup lost to a restart is asked again on the person's next request (their name is still the
  // placeholder then).
  while (!stopping_) {
    if (lookups_.empty()) {
      lookup_wake_.reset();
      (void)co_await lookup_wake_.wait_until(std::chrono::steady_clock::time_point::max());
      continue;
    }
    json who{{"user", lookups_.front()}};
    lookups_.pop_front();
    try {
      const json answer = co_await api_.call(user_info, std::move(who), {});
      if (on_user_info_ && answer.contains("user") && answer["user"].is_object()) on_user_info_(answer["user"]);
    } catch (const std::exception& e) {
      spdlog::warn("users.info for a newcomer failed; their name stays a placeholder until their next request: {}", e.what());
    }
  }
}

asio::awaitable<void> outbox_sender::run() {
  for (;;) {
    // Group commit: once a send has finished, give the others in flight a couple of milliseconds to finish
    // too, so that one transaction records several and claims as many again, rather than one row each.
    if (!finished_.empty()) {
      const auto due = std::chrono::steady_clock::now() + commit_window;
      while (finished_.size() < in_flight_ && std::chrono::steady_clock::now() < due) {
        wake_.reset();  // a wake() for new rows is not lost: this round claims what is due anyway
        (void)co_await wake_.wait_until(due);
      }
    }
    wake_.reset();
    std::vector<store::outbox_entry> rows;
    std::optional<store::millis> next;
    // Every slot busy and nothing finished (a wake() for rows queued meanwhile): nothing to record or claim.
    if (!finished_.empty() || in_flight_ < concurrency_) {
      // One transaction records what finished and claims what is due: the group commit that keeps the
      // database out of the way when thousands of replies go out at once.
      ++stats_.commits;
      queues_.run([&](store::message_queues& q) {
        const auto tx = q.begin();  // settle and claim below are savepoints inside it
        if (!finished_.empty()) {
          q.settle(finished_);
          in_flight_ -= finished_.size();
          finished_.clear();
        }
        if (in_flight_ < concurrency_) {
          rows = q.claim(concurrency_ - in_flight_, clock_());
          if (rows.empty()) next = q.next_due();
        }
        tx->commit();
      });
    }
    for (auto& row : rows) {
      ++in_flight_;
      asio::co_spawn(ex_, send(std::move(row)), asio::detached);
    }
    if (!rows.empty()) continue;
    if (stopping_ && in_flight_ == 0 && (!next || *next > clock_())) co_return;
    auto deadline = std::chrono::steady_clock::time_point::max();
    if (next) deadline = std::chrono::steady_clock::now() + std::max(store::millis{0}, *next - clock_());
    // Look again at least every few seconds: rows written by another process (a `networkbot` command
    // staff ran) are sent by this bot.
    deadline = std::min(deadline, std::chrono::steady_clock::now() + std::chrono::seconds(5));
    (void)co_await wake_.wait_until(deadline);
  }
}

asio::awaitable<void> outbox_sender::deliver(const outbound& o) {
  co_await std::visit([this](const auto& d) { return deliver(d); }, o.what);
}

asio::awaitable<void> outbox_sender::deliver(const response_url_reply& d) { co_await api_.respond(d.url, d.body); }

asio::awaitable<void> outbox_sender::deliver(const api_call& d) {
  // chat.postMessage is limited per channel by Slack: paced by it. (A local, not a conditional inside
  // the co_await: g++ 12 mishandles such temporaries in a coroutine.)
  std::string pace_key = d.method == post_message ? d.channel_id : std::string{};
  (void)co_await api_.call_written(d.method, d.body, std::move(pace_key));
}

asio::awaitable<void> outbox_sender::deliver(const direct_message& d) {
  const std::string channel = co_await dm_channel(d.users, d.if_refused_tell);
  (void)co_await api_.call_written(post_message, with_channel(d.body, channel), channel);
}

asio::awaitable<void> outbox_sender::deliver(const file_upload& d) {
  // Slack's external upload: ask for an address, send the bytes there, then share the file in the DM.
  const std::string channel = co_await dm_channel(d.user_id, {});
  json ask{{"filename", d.filename.empty() ? std::string("networkbot.json") : d.filename}, {"length", d.content.size()}};
  const json given = co_await api_.call(get_upload_url, std::move(ask), {});
  const std::string upload_url = given.value("upload_url", std::string{});
  const std::string file_id = given.value("file_id", std::string{});
  if (upload_url.empty() || file_id.empty()) throw api_error(failure::bad_response, get_upload_url, no_upload_url);
  co_await api_.upload(upload_url, d.content);
  json files = json::array({json{{"id", file_id}, {"title", d.title}}});
  json complete{{"files", files.dump()}, {"channel_id", channel}, {"initial_comment", d.comment}};
  (void)co_await api_.call(complete_upload, std::move(complete), {});
}

asio::awaitable<std::string> outbox_sender::dm_channel(const std::string& target, const std::string& tell) {
  // Opened once per person (or group), remembered across restarts: conversations.open is rate-limited.
  std::string& channel = dm_channels_[target];
  if (channel.empty()) {
    channel = queues_.run([&](store::message_queues& q) { return q.dm_channel(target).value_or(std::string{}); });
  }
  if (channel.empty()) {
    std::optional<api_error> refused;
    json opened;
    try {
      json who{{"users", target}};
      opened = co_await api_.call(open_conversation, std::move(who), {});
    } catch (const api_error& e) {
      // A group that Slack refuses as a whole (someone deactivated, or who cannot be messaged) goes
      // ahead without them; anything else is the usual retry or failure.
      if (e.kind() != failure::slack_error || target.find(',') == std::string::npos) throw;
      refused = e;
    }
    if (refused) opened = co_await open_without_refused(target, *refused, tell);
    channel = dm_channel_of(opened);
    if (channel.empty()) throw api_error(failure::bad_response, open_conversation, no_channel_id);
    queues_.run([&](store::message_queues& q) { q.remember_dm_channel(target, channel); });
  }
  co_return channel;
}

asio::awaitable<json> outbox_sender::open_without_refused(const std::string& users, const api_error& why, const std::string& tell) {
  // Slack does not say which member it refused: ask for each alone, then open the group of the rest.
  std::vector<std::string> kept, left_out;
  for (auto& user : core::split_list(users, ',')) {
    bool ok = true;
    try {
      json one{{"users", user}};
      (void)co_await api_.call(open_conversation, std::move(one), {});
    } catch (const api_error& e) {
      if (e.kind() != failure::slack_error) throw;  // transient: the whole row is tried again later
      ok = false;
    }
    (ok ? kept : left_out).push_back(std::move(user));
  }
  if (left_out.empty() || kept.empty()) throw why;
  json who{{"users", core::join_list(kept, ",")}};
  json opened = co_await api_.call(open_conversation, std::move(who), {});
  std::string names;
  for (const auto& u : left_out) names += (names.empty() ? "<@" : ", <@") + u + ">";
  spdlog::warn("Slack would not add {} to a group DM ({}); the group goes ahead without them", left_out.size(), why.code());
  if (!tell.empty()) {
    json notice{{"text", "Slack would not add " + names + " to a group DM (" + why.code() + "), so the group went ahead without them."}};
    const std::int64_t now = clock_().count() / 1000;
    const bool to_channel = tell.front() == 'C' || tell.front() == 'G';
    const outbound told = to_channel ? outbound{api_call{post_message, with_channel(json_text(notice), tell), {}, tell}, now}
                                     : outbound{direct_message{tell, json_text(notice), {}}, now};
    queues_.run([&](store::message_queues& q) { q.enqueue({to_row(told)}, clock_()); });
  }
  co_return opened;
}

asio::awaitable<store::message_queues::settlement> outbox_sender::attempt(store::outbox_entry row) {
  std::string kind = row.message.kind;
  const std::optional<outbound> what = from_row(std::move(row.message));  // settle() needs only the row's id
  slack::attempt result = delivered{};
  if (!what) {
    result = unreadable{"a stored message of kind '" + kind + "' that this version cannot read"};
  } else if (too_old_to_try(*what, clock_().count() / 1000)) {
    result = not_tried_too_old{};
  } else {
    try {
      co_await deliver(*what);
      result = delivered{};
    } catch (const api_error& e) {
      result = e;
    } catch (const std::exception& e) {
      result = unreadable{e.what()};
    }
  }
  co_return settle(row, what, result, clock_(), retry_wait_.after(row.attempts));
}

asio::awaitable<void> outbox_sender::send(store::outbox_entry row) {
  const std::int64_t id = row.id;
  const bool in_doubt = row.in_doubt;
  const std::string where = where_to(row.message);
  auto done = co_await attempt(std::move(row));
  using how = store::message_queues::settlement::how;
  switch (done.what) {
    case how::sent:
      ++stats_.sent;
      if (in_doubt) ++stats_.in_doubt_resent;
      break;
    case how::replaced:
      spdlog::info("outbox {}: {}; sending it as {} instead", id, done.error,
                   is_dm(done.replacement) ? "a direct message" : "an ephemeral message");
      ++stats_.fallbacks;
      break;
    case how::retry:
      spdlog::debug("outbox {}: {}; trying again at {} ms", id, done.error, done.at.count());
      ++stats_.retries;
      break;
    case how::failed:
      spdlog::error("outbox {} to {} given up: {}", id, where, done.error);
      ++stats_.failed;
      break;
  }
  finished_.push_back(std::move(done));
  wake_.set();
}

}  // namespace networkbot::slack
