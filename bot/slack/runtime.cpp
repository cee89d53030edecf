#include "bot/slack/runtime.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <malloc.h>

#include <csignal>
#include <future>
#include <optional>
#include <ostream>
#include <thread>

#include "bot/app/backend.hpp"
#include "bot/app/serialized.hpp"
#include "bot/app/system_clock.hpp"
#include "bot/features/features.hpp"
#include "bot/slack/effects.hpp"
#include "bot/slack/https_client.hpp"
#include "bot/slack/inbox_writer.hpp"
#include "bot/slack/outbox_sender.hpp"
#include "bot/slack/request_runner.hpp"
#include "bot/slack/socket_mode.hpp"
#include "bot/slack/spill_queue.hpp"
#include "bot/slack/threads.hpp"
#include "bot/slack/tls.hpp"
#include "bot/slack/url.hpp"
#include "bot/slack/web_api.hpp"

namespace networkbot::slack {

namespace asio = boost::asio;
using nlohmann::json;

namespace {

std::chrono::milliseconds millis(double seconds) { return std::chrono::milliseconds(static_cast<long>(seconds * 1000)); }

// Keeps the queues from growing forever: handled envelopes and sent messages older than a week go.
constexpr std::int64_t keep_seconds = 7 * 24 * 60 * 60;
constexpr auto scheduler_tick = std::chrono::seconds(30);

// Named constants: g++ 12 rejects some literals inside a co_await expression ("array used as initializer").
constexpr std::string_view auth_test = "auth.test";
constexpr std::string_view connections_open = "apps.connections.open";

// Who the bot is, or why it cannot start.
struct resolved {
  identity self;
  std::string first_url;  // a connection URL asked for to learn the app id, for the first socket
  std::string fatal;      // empty when resolved
};

// The workspace identity, once, before any socket: auth.test names the workspace, the bot user and
// (usually) the app; the configuration may name the app and the workspace too, and must agree. When
// neither names the app, a connection URL does (its `app_id` parameter), and that URL then serves the
// first socket, so no ticket is wasted.
asio::awaitable<resolved> resolve_identity(web_api& api, const config::settings& settings, const std::string& api_url) {
  resolved out;
  json who;
  try {
    who = co_await api.call_retrying(auth_test, json::object(), 5);
  } catch (const api_error& e) {
    out.fatal = e.kind() == failure::slack_error
                    ? "Slack refused SLACK_BOT_TOKEN (" + e.code() +
                          "): copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions again"
                    : "cannot reach Slack at " + api_url + ": " + e.code();
    co_return out;
  }
  identity& self = out.self;
  self.team_id = who.value("team_id", std::string{});
  self.enterprise_id = who.value("enterprise_id", std::string{});
  self.bot_user_id = who.value("user_id", std::string{});
  self.bot_id = who.value("bot_id", std::string{});
  const std::string& configured_team = settings.workspace.team_id;
  if (!configured_team.empty() && configured_team != self.team_id && configured_team != self.enterprise_id) {
    out.fatal = "SLACK_BOT_TOKEN belongs to workspace " + self.team_id + ", but workspace.team_id says " + configured_team;
    co_return out;
  }
  const std::string token_app = who.value("app_id", std::string{});
  const std::string& configured_app = settings.workspace.app_id;
  if (!configured_app.empty() && !token_app.empty() && configured_app != token_app) {
    out.fatal = "SLACK_BOT_TOKEN belongs to app " + token_app + ", but workspace.app_id says " + configured_app;
    co_return out;
  }
  self.app_id = !configured_app.empty() ? configured_app : token_app;
  if (self.app_id.empty()) {
    try {
      const json opened = co_await api.call(connections_open);
      out.first_url = opened.value("url", std::string{});
      self.app_id = query_value(out.first_url, "app_id");
    } catch (const api_error& e) {
      // The first socket asks again and reports the failure as it reports any.
      spdlog::warn("could not learn the app id from a connection URL ({}); payloads are checked by workspace only", e.code());
    }
  }
  spdlog::info("signed in to Slack as {} (bot user {}) in workspace {} ({}), app {}", who.value("user", std::string{}),
               self.bot_user_id, who.value("team", std::string{}), self.team_id, self.app_id.empty() ? "unknown" : self.app_id);
  co_return out;
}

// The bot's parts, their threads, and the order they start and stop in.
class runtime {
 public:
  runtime(const config::settings& settings, const config::content& content, const config::environment& env,
          asio::ssl::context& tls)
      : settings_(settings),
        env_(env),
        house_(std::in_place, settings, content, clock_, settings.database.path, features::register_all),
        ex_(io_.get_executor()),
        http_(ex_, tls),
        api_(ex_, http_, env.api_url, env.bot_token, env.app_token),
        outbox_work_(asio::make_work_guard(outbox_io_)),
        outbox_http_(outbox_io_.get_executor(), tls),
        outbox_api_(outbox_io_.get_executor(), outbox_http_, env.api_url, env.bot_token, env.app_token),
        sender_(outbox_io_.get_executor(), outbox_api_, house_.part(&app::backend::queues), settings.outbox.concurrency),
        shutdown_(ex_),
        scheduler_wake_(outbox_io_.get_executor()),
        signals_(ex_, SIGINT, SIGTERM),
        tls_(tls) {
    api_.set_per_minute(settings.outbox.per_minute);
    outbox_api_.set_per_minute(settings.outbox.per_minute);
    // A newcomer's name and time zone, from Slack, once their first request has been answered.
    sender_.on_user_info([this](const json& user) {
      house_.run([&](app::backend& b) { app::fill_from_slack(b.people, user.value("id", std::string{}), slack_profile_of(user)); });
    });
    spdlog::info("database {} at schema version {}", settings.database.path,
                 house_.run([](app::backend& b) { return b.db.schema_version(); }));
  }

  // Serves until a signal or a fatal error; returns the exit code.
  int run(std::ostream& err) {
    std::thread outbox_thread([this] {
      name_thread("nb-outbox");
      outbox_io_.run();
    });
    signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
      if (ec) return;
      spdlog::info("{} received: closing the connections, then finishing the work in hand", signal == SIGINT ? "SIGINT" : "SIGTERM");
      shutdown_.set();
    });
    asio::co_spawn(ex_, serve(), [this](std::exception_ptr e) {
      if (e) {
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& what) {
          fail(std::string("unexpected failure: ") + what.what());
        }
      }
      signals_.cancel();
      http_.close_idle();
      io_.stop();
    });
    io_.run();
    if (runner_) runner_->drain_and_stop();
    if (sender_started_) sender_done_.get_future().wait();  // the replies in hand go out first
    outbox_work_.reset();
    outbox_thread.join();
    report();
    if (!fatal_reason_.empty()) {
      spdlog::critical("{}", fatal_reason_);
      err << "networkbot run: " << fatal_reason_ << "\n";
    }
    return exit_code_;
  }

 private:
  void fail(std::string reason) {
    if (fatal_reason_.empty()) fatal_reason_ = std::move(reason);
    exit_code_ = 1;
  }

  // Start (identity, recovery, the outbox, the scheduler, the runner, then the sockets), serve, shut down.
  asio::awaitable<void> serve() {
    resolved who = co_await resolve_identity(api_, settings_, env_.api_url);
    if (!who.fatal.empty()) {
      fail(std::move(who.fatal));
      co_return;
    }
    const auto now = clock_.now().time_since_epoch().count();
    house_.run([&](app::backend& b) { b.queues.prune(now - keep_seconds); });
    sender_.recover_in_doubt();

    writer_.emplace(house_, queue_, who.self);
    runner_.emplace(house_, queue_, who.self, [this] { sender_.wake(); },
                    [this](std::vector<std::string> ids) { sender_.lookup(std::move(ids)); });
    writer_->recover();

    sender_started_ = true;
    asio::co_spawn(outbox_io_, sender_.run_lookups(), asio::detached);
    asio::co_spawn(outbox_io_, scheduler(), asio::detached);
    asio::co_spawn(outbox_io_, sender_.run(), [this](std::exception_ptr e) {
      if (e) spdlog::critical("the outbox sender stopped unexpectedly");
      outbox_http_.close_idle();
      sender_done_.set_value();
    });

    socket_options options;
    options.connections = settings_.socket_mode.connections;
    options.ping_interval = millis(settings_.socket_mode.ping_interval);
    options.dead_after = millis(settings_.socket_mode.dead_after);
    options.app_id = who.self.app_id;
    sockets_.emplace(
        ex_, tls_, api_, options, [this](const std::vector<envelope>& batch) { return writer_->accept(batch); },
        [this](const std::string& reason) {
          fail(reason);
          shutdown_.set();
        });
    sockets_->start(std::move(who.first_url));

    co_await shutdown_.wait();
    // Close the sockets first so Slack routes nothing more here; what still arrives meanwhile is acked.
    co_await sockets_->stop();
    runner_->drain_and_stop();
    asio::post(outbox_io_, [this] {
      scheduler_stopping_ = true;
      scheduler_wake_.set();
    });
    sender_.stop();
  }

  // Scheduled jobs (Friday prompts, reminders, closing stale intros) on the outbox thread, never on the
  // path to an ack; each run's messages are written to the outbox in the transaction that records it.
  asio::awaitable<void> scheduler() {
    while (!scheduler_stopping_) {
      try {
        features::job_hooks hooks;
        hooks.locked = [this](const features::job_step& step) {
          house_.run([&](app::backend& b) {
            const in_turn mark(in_turn_, b);
            step(b.svc);
          });
        };
        // Called inside a step: the backend's queues are that step's, in its transaction.
        hooks.deliver = [this](std::vector<app::effect> effects) { deliver_unprompted(std::move(effects)); };
        hooks.retention = [this] { prune_in_turn(); };
        features::run_due_jobs(hooks);
      } catch (const std::exception& e) {
        spdlog::error("scheduled jobs failed; they are tried again on the next tick: {}", e.what());
      }
      sender_.wake();
      scheduler_wake_.reset();
      (void)co_await scheduler_wake_.wait_until(std::chrono::steady_clock::now() + scheduler_tick);
    }
  }

  // Both run inside a job's step, where this thread already holds the backend's turn (job_hooks).
  void deliver_unprompted(std::vector<app::effect> effects) {
    const auto now = clock_.now().time_since_epoch();
    in_turn_->queues.enqueue(unprompted_rows(std::move(effects), std::chrono::duration_cast<std::chrono::seconds>(now).count()),
                             std::chrono::duration_cast<store::millis>(now));
  }
  void prune_in_turn() { in_turn_->queues.prune(clock_.now().time_since_epoch().count() - keep_seconds); }

  void report() {
    const inbox_counts d = writer_ ? writer_->counts() : inbox_counts{};
    const runner_counts r = runner_ ? runner_->counts() : runner_counts{};
    const socket_stats s = sockets_ ? sockets_->stats() : socket_stats{};
    const auto& o = sender_.stats();
    const auto left = house_.run([](app::backend& b) { return b.queues.counts(); });
    const auto& h = outbox_http_.stats();
    spdlog::info("networkbot stopped: {} envelopes ({} duplicates, {} from elsewhere, {} malformed), {} acks, {} "
                 "connections opened, {} lost; outbox sent {} (in_doubt_resent={}), retried {}, fell back {}, failed "
                 "{}, {} still waiting; {} inbox commits, {} outcome commits, {} outbox commits; outbox HTTPS "
                 "connections {} HTTP/2 and {} HTTP/1.1, {} requests refused unprocessed and sent again; slowest ack "
                 "{} ms after its envelope was read",
                 d.envelopes, d.duplicates, d.foreign, d.malformed, s.acks, s.opened, s.lost, o.sent, o.in_doubt_resent,
                 o.retries, o.fallbacks, o.failed, left.waiting + left.sending, d.inbox_commits, r.outcome_commits, o.commits,
                 h.connections_h2, h.connections_h1, h.refused, static_cast<double>(s.slowest_ack.count()) / 1000.0);
  }

  // The backend whose turn the outbox thread holds during a job's step, for the hooks the step calls.
  struct in_turn {
    in_turn(app::backend*& slot, app::backend& b) : slot_(slot) { slot_ = &b; }
    ~in_turn() { slot_ = nullptr; }
    in_turn(const in_turn&) = delete;
    in_turn& operator=(const in_turn&) = delete;
    app::backend*& slot_;
  };

  const config::settings& settings_;
  const config::environment& env_;
  app::system_clock clock_;
  app::serialized<app::backend> house_;
  app::backend* in_turn_ = nullptr;
  // Two I/O threads: this one for the sockets (reads, acks, reconnects), and one for the outbox's HTTPS
  // calls and the scheduler, so that replies going out never delay an ack.
  asio::io_context io_{1};
  asio::any_io_executor ex_;
  https_client http_;
  web_api api_;
  asio::io_context outbox_io_{1};
  asio::executor_work_guard<asio::io_context::executor_type> outbox_work_;
  https_client outbox_http_;
  web_api outbox_api_;
  outbox_sender sender_;
  spill_queue queue_;
  std::optional<inbox_writer> writer_;
  std::optional<request_runner> runner_;
  std::optional<socket_mode> sockets_;
  async_event shutdown_;
  async_event scheduler_wake_;
  bool scheduler_stopping_ = false;
  bool sender_started_ = false;
  std::promise<void> sender_done_;
  asio::signal_set signals_;
  asio::ssl::context& tls_;
  std::string fatal_reason_;
  int exit_code_ = 0;
};

}  // namespace

int run(const config::settings& settings, const config::content& content, const config::environment& env, std::ostream& err) {
  // glibc hands free memory at the top of a thread's arena back to the kernel past 128 KiB; the worker's
  // batches swing across that line, and paying a madvise and page faults for each is a waste. A few MiB
  // kept per arena costs little.
  (void)::mallopt(M_TRIM_THRESHOLD, 4 * 1024 * 1024);
  // Two arenas for the three threads: each arena keeps its own free memory, so fewer keep less at a peak.
  (void)::mallopt(M_ARENA_MAX, 2);
  std::optional<asio::ssl::context> tls;
  try {
    tls.emplace(make_tls_context(env.ca_file));
  } catch (const std::exception& e) {
    err << "networkbot run: " << e.what() << "\n";
    return 1;
  }
  std::optional<runtime> bot;
  try {
    bot.emplace(settings, content, env, *tls);
  } catch (const std::exception& e) {
    err << "networkbot run: " << e.what() << "\n";
    return 1;
  }
  return bot->run(err);
}

}  // namespace networkbot::slack
