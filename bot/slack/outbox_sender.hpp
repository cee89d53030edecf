#pragma once
// Drains the outbox on its own thread (its own io_context, so replies never queue in front of acks):
// claims due rows (at most `concurrency` in flight), reads each back as its typed delivery
// (delivery.hpp), sends it through the Web API port, and records what send_policy.hpp says became of
// it: sent only after Slack said ok; 429s wait their Retry-After, passing failures back off (0.5 s
// doubling to a minute, with jitter) and keep trying for a day, so an hour-long outage loses nothing; a
// response_url that expired or was used up becomes an ephemeral message, or a DM.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <set>
#include <map>
#include <nlohmann/json.hpp>
#include <mutex>
#include <string>

#include "bot/app/serialized.hpp"
#include "bot/slack/async_event.hpp"
#include "bot/slack/backoff.hpp"
#include "bot/slack/delivery.hpp"
#include "core/store/message_queues.hpp"

namespace networkbot::slack {

class web_api_port;
class api_error;

// Wall-clock time in milliseconds since the Unix epoch: what the outbox's rows are due and dated by.
using wall_clock = std::function<store::millis()>;
[[nodiscard]] store::millis system_wall_clock();

struct outbox_stats {
  std::uint64_t sent = 0;
  std::uint64_t retries = 0;
  std::uint64_t failed = 0;
  std::uint64_t fallbacks = 0;
  std::uint64_t in_doubt_recovered = 0;  // rows found in flight at start-up
  std::uint64_t in_doubt_resent = 0;     // of those, sent again successfully
  std::uint64_t commits = 0;             // transactions that settled and claimed rows
};

class outbox_sender {
 public:
  // `queues` is the backend's outbox, reached in the backend's turn (serialized.hpp).
  outbox_sender(boost::asio::any_io_executor ex, web_api_port& api, app::guarded<store::message_queues> queues,
                int concurrency, wall_clock clock = system_wall_clock);

  // Counts and requeues what a previous process left in flight. Call once, before run().
  std::uint64_t recover_in_doubt();
  // Runs until stop(); then returns once nothing is in flight.
  boost::asio::awaitable<void> run();
  // Any thread: new rows may be due.
  void wake();
  // Stops claiming rows that are not yet due; run() finishes what is due now and in flight, then returns.
  void stop();
  // Any thread: look these newcomers up in Slack (users.info) and hand each answer to on_user_info, when
  // the pace allows. Best effort: dropped at stop.
  void lookup(std::vector<std::string> user_ids);
  // Runs the lookups until stop(); spawn it beside run().
  boost::asio::awaitable<void> run_lookups();

  [[nodiscard]] const outbox_stats& stats() const { return stats_; }

  // One attempt at one claimed row, and what the run loop records for it (not recorded here). Outbox
  // thread.
  boost::asio::awaitable<store::message_queues::settlement> attempt(store::outbox_entry row);

  // Called (on the outbox thread) with the `user` object users.info returned for a newcomer asked about.
  void on_user_info(std::function<void(const nlohmann::json& user)> f) { on_user_info_ = std::move(f); }

 private:
  boost::asio::awaitable<void> send(store::outbox_entry row);
  // The coroutines below take references: each is awaited at once by its caller, whose frame holds what
  // they refer to. attempt() and send() take their row by value, as they are spawned.
  boost::asio::awaitable<void> deliver(const outbound& o);
  boost::asio::awaitable<void> deliver(const response_url_reply& d);
  boost::asio::awaitable<void> deliver(const api_call& d);
  boost::asio::awaitable<void> deliver(const direct_message& d);
  boost::asio::awaitable<void> deliver(const file_upload& d);
  // The DM (or group DM) channel with `target` ("U1" or "U1,U2"), opened once and remembered.
  boost::asio::awaitable<std::string> dm_channel(const std::string& target, const std::string& tell);
  // Opens a group DM without the members Slack refuses (asked one by one), and queues a notice to
  // `tell` (a user or channel id; none when empty). Throws `why` when nobody, or everybody, is refused.
  boost::asio::awaitable<nlohmann::json> open_without_refused(const std::string& users, const api_error& why,
                                                              const std::string& tell);

  boost::asio::any_io_executor ex_;
  web_api_port& api_;
  wall_clock clock_;
  app::guarded<store::message_queues> queues_;
  std::size_t concurrency_;
  std::size_t in_flight_ = 0;  // rows marked sending in the database: never more than concurrency_
  std::vector<store::message_queues::settlement> finished_;  // recorded at the top of the next round
  bool stopping_ = false;
  async_event wake_;
  std::map<std::string, std::string> dm_channels_;  // user id -> the D… id of the bot's DM with them
  backoff retry_wait_;  // 0.5 s doubling to a minute
  outbox_stats stats_;
  std::function<void(const nlohmann::json&)> on_user_info_;
  std::deque<std::string> lookups_;
  std::set<std::string> looked_up_;
  async_event lookup_wake_;
};

}  // namespace networkbot::slack
