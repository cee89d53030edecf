#include "bot/slack/slack_bot.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <malloc.h>

#include <csignal>
#include <future>
#include <thread>
#include <mutex>
#include <ostream>

#include "bot/app/router.hpp"
#include "bot/app/system_clock.hpp"
#include "bot/features/features.hpp"
#include "bot/slack/dispatcher.hpp"
#include "bot/slack/effects.hpp"
#include "bot/slack/https_client.hpp"
#include "bot/slack/outbox_sender.hpp"
#include "bot/slack/socket_mode.hpp"
#include "bot/slack/threads.hpp"
#include "bot/slack/tls.hpp"
#include "bot/slack/web_api.hpp"
#include "core/store/database.hpp"
#include "core/store/message_queues.hpp"
#include "core/store/sqlite_buddy_store.hpp"
#include "core/store/sqlite_contact_store.hpp"
#include "core/store/sqlite_correction_store.hpp"
#include "core/store/sqlite_goal_store.hpp"
#include "core/store/sqlite_home_visit_store.hpp"
#include "core/store/sqlite_nudge_store.hpp"
#include "core/store/sqlite_people_directory.hpp"
#include "core/store/sqlite_confirmation_store.hpp"
#include "core/store/sqlite_intro_store.hpp"
#include "core/store/sqlite_job_ledger.hpp"
#include "core/store/sqlite_mixitup_store.hpp"
#include "core/store/sqlite_privacy_store.hpp"
#include "core/store/sqlite_reflection_store.hpp"

namespace networkbot::slack {

namespace asio = boost::asio;
using nlohmann::json;

namespace {

std::chrono::milliseconds millis(double seconds) {
  return std::chrono::milliseconds(static_cast<long>(seconds * 1000));
}

// Keeps the queues from growing forever: handled envelopes and sent messages older than a week go.
constexpr std::int64_t keep_seconds = 7 * 24 * 60 * 60;

// A named constant: g++ 12 rejects some literals inside a co_await expression ("array used as initializer").
constexpr std::string_view auth_test = "auth.test";
constexpr std::string_view conversations_info = "conversations.info";

}  // namespace

int run(const config::settings& settings, const config::content& content, const config::environment& env,
        std::ostream& err) {
  // glibc hands free memory at the top of a thread's arena back to the kernel once it passes 128 KiB. The
  // worker's batches (SQLite's statement journals, a batch's replies) swing just across that line, so
  // nearly every request paid a madvise and the page faults to take the memory back. A few MiB kept per
  // arena costs little next to that.
  (void)::mallopt(M_TRIM_THRESHOLD, 4 * 1024 * 1024);
  // By default glibc gives each busy thread an arena of its own, each keeping its own free memory: two
  // arenas for the three threads take 0.6 MB less at a burst's peak, at no measurable cost in CPU.
  (void)::mallopt(M_ARENA_MAX, 2);
  std::optional<asio::ssl::context> tls;
  try {
    tls.emplace(make_tls_context(env.ca_file));
  } catch (const std::exception& e) {
    err << "networkbot run: " << e.what() << "\n";
    return 1;
  }

  std::optional<store::database> db;
  try {
    db.emplace(settings.database.path);
  } catch (const std::exception& e) {
    err << "networkbot run: " << e.what() << "\n";
    return 1;
  }
  spdlog::info("database {} at schema version {}", settings.database.path, db->schema_version());
  std::mutex db_mutex;
  store::message_queues queues(*db);
  store::sqlite_people_directory people(*db);
  store::sqlite_contact_store contacts(*db);
  store::sqlite_goal_store goals(*db);
  store::sqlite_correction_store corrections(*db);
  store::sqlite_buddy_store buddies(*db);
  store::sqlite_nudge_store nudges(*db);
  store::sqlite_home_visit_store home_visits(*db);
  store::sqlite_intro_store intros(*db);
  store::sqlite_reflection_store reflections(*db);
  store::sqlite_job_ledger job_ledger(*db);
  store::sqlite_mixitup_store rounds(*db);
  store::sqlite_privacy_store privacy(*db);
  store::sqlite_confirmation_store confirmations(*db);
  app::system_clock clock;
  app::services svc{settings, content, people, clock, contacts, goals, corrections, buddies, nudges, home_visits, *db, intros, reflections, job_ledger, rounds, privacy, confirmations};
  app::router router(svc);
  features::register_all(router);

  // Two I/O threads: this one for the sockets (reads, acks, reconnects), and one for the outbox's HTTPS
  // calls, so that replies going out never delay an ack. The router runs on the dispatcher's worker.
  asio::io_context io(1);
  auto ex = io.get_executor();
  https_client http(ex, *tls);
  web_api api(ex, http, env.api_url, env.bot_token, env.app_token);
  asio::io_context outbox_io(1);
  auto outbox_work = asio::make_work_guard(outbox_io);
  https_client outbox_http(outbox_io.get_executor(), *tls);
  web_api outbox_api(outbox_io.get_executor(), outbox_http, env.api_url, env.bot_token, env.app_token);
  api.set_per_minute(settings.outbox.per_minute);
  outbox_api.set_per_minute(settings.outbox.per_minute);
  outbox_sender sender(outbox_io.get_executor(), outbox_api, queues, db_mutex, settings.outbox.concurrency);
  // A newcomer's name and time zone, from Slack, once their first request has been answered.
  sender.on_user_info([&](const nlohmann::json& user) {
    const std::lock_guard lock(db_mutex);
    app::fill_from_slack(people, user.value("id", std::string{}), slack_profile_of(user));
  });
  std::thread outbox_thread([&outbox_io] {
    name_thread("nb-outbox");
    outbox_io.run();
  });
  dispatcher inbox(router, queues, db_mutex, clock, [&sender] { sender.wake(); },
                   [&sender](std::vector<std::string> user_ids) { sender.lookup(std::move(user_ids)); });

  identity self;
  bool app_id_known = false;
  socket_options socket_opts;
  socket_opts.connections = settings.socket_mode.connections;
  socket_opts.ping_interval = millis(settings.socket_mode.ping_interval);
  socket_opts.dead_after = millis(settings.socket_mode.dead_after);

  int exit_code = 0;
  bool sender_started = false;
  async_event shutdown(ex);
  std::string fatal_reason;
  std::optional<socket_mode> sockets;
  sockets.emplace(
      ex, *tls, api, socket_opts,
      [&](const std::vector<envelope>& batch) {
        if (!app_id_known && !sockets->app_id().empty()) {
          if (self.app_id.empty()) self.app_id = sockets->app_id();
          inbox.set_identity(self);
          app_id_known = true;
        }
        return inbox.accept(batch);
      },
      [&](const std::string& reason) {
        fatal_reason = reason;
        exit_code = 1;
        shutdown.set();
      });

  asio::signal_set signals(ex, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("{} received: closing the connections, then finishing the work in hand", signal == SIGINT ? "SIGINT" : "SIGTERM");
    shutdown.set();
  });

  std::promise<void> sender_finished;
  auto sender_done = sender_finished.get_future();
  // Scheduled jobs (Friday prompts, reminders, closing stale intros) on the outbox thread, never on the
  // path to an ack; each run's messages are written to the outbox in the transaction that records it.
  async_event scheduler_wake(outbox_io.get_executor());
  bool scheduler_stopping = false;
  const auto tick = std::chrono::seconds(30);
  auto scheduler = [&]() -> asio::awaitable<void> {
    while (!scheduler_stopping) {
      try {
        features::job_hooks hooks;
        // One chunk of a job at a time under the lock: the socket thread's inbox commits wait for at
        // most one chunk, never for a whole cohort's fan-out.
        hooks.locked = [&](const std::function<void()>& step) {
          std::lock_guard lock(db_mutex);
          step();
        };
        hooks.deliver = [&](std::vector<app::effect> effects) {
          const auto now = clock.now().time_since_epoch();
          queues.enqueue(unprompted_rows(std::move(effects), std::chrono::duration_cast<std::chrono::seconds>(now).count()),
                         std::chrono::duration_cast<store::millis>(now));
        };
        // The queues' own retention, daily (not only at start-up): handled inbox rows and sent outbox rows
        // older than a week. Runs under the lock the hook above takes.
        hooks.retention = [&] { queues.prune(clock.now().time_since_epoch().count() - keep_seconds); };
        features::run_due_jobs(router, hooks);
      } catch (const std::exception& e) {
        spdlog::error("scheduled jobs failed; they are tried again on the next tick: {}", e.what());
      }
      sender.wake();
      scheduler_wake.reset();
      const auto next = std::chrono::steady_clock::now() + tick;
      (void)co_await scheduler_wake.wait_until(next);
    }
  };

  auto main = [&]() -> asio::awaitable<void> {
    try {
      const json who = co_await api.call_retrying(auth_test, json::object(), 5);
      self.team_id = who.value("team_id", std::string{});
      self.enterprise_id = who.value("enterprise_id", std::string{});
      self.bot_user_id = who.value("user_id", std::string{});
      self.bot_id = who.value("bot_id", std::string{});
      self.app_id = settings.workspace.app_id;
      if (!settings.workspace.team_id.empty() && settings.workspace.team_id != self.team_id &&
          settings.workspace.team_id != self.enterprise_id) {
        fatal_reason = "SLACK_BOT_TOKEN belongs to workspace " + self.team_id + ", but workspace.team_id says " +
                       settings.workspace.team_id;
        exit_code = 1;
        co_return;
      }
      spdlog::info("signed in to Slack as {} (bot user {}) in workspace {} ({})", who.value("user", std::string{}),
                   self.bot_user_id, who.value("team", std::string{}), self.team_id);
    } catch (const api_error& e) {
      fatal_reason = e.kind() == failure::slack_error
                         ? "Slack refused SLACK_BOT_TOKEN (" + e.code() +
                               "): copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions again"
                         : "cannot reach Slack at " + env.api_url + ": " + e.code();
      exit_code = 1;
      co_return;
    }
    inbox.set_identity(self);
    {
      std::lock_guard lock(db_mutex);
      queues.prune(clock.now().time_since_epoch().count() - keep_seconds);
    }
    sender.recover_in_doubt();
    inbox.recover();
    sender_started = true;
    asio::co_spawn(outbox_io, sender.run_lookups(), asio::detached);
    asio::co_spawn(outbox_io, scheduler(), asio::detached);
    asio::co_spawn(outbox_io, sender.run(), [&](std::exception_ptr e) {
      if (e) spdlog::critical("the outbox sender stopped unexpectedly");
      outbox_http.close_idle();
      sender_finished.set_value();
    });
    sockets->start();

    co_await shutdown.wait();
    // Close the sockets first so Slack routes nothing more here; what still arrives meanwhile is acked.
    co_await sockets->stop();
    inbox.drain_and_stop();
    asio::post(outbox_io, [&] {
      scheduler_stopping = true;
      scheduler_wake.set();
    });
    sender.stop();
  };

  asio::co_spawn(ex, main(), [&](std::exception_ptr e) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex_) {
        fatal_reason = std::string("unexpected failure: ") + ex_.what();
        exit_code = 1;
      }
    }
    signals.cancel();
    http.close_idle();
    io.stop();
  });
  io.run();
  inbox.drain_and_stop();
  if (sender_done.valid() && sender_started) sender_done.wait();  // finishes the replies in hand first
  outbox_work.reset();
  outbox_thread.join();

  const auto d = inbox.counts();
  const auto& s = sockets->stats();
  const auto& o = sender.stats();
  const auto left = queues.counts();
  const auto& h = outbox_http.stats();
  spdlog::info("networkbot stopped: {} envelopes ({} duplicates, {} from elsewhere, {} malformed), {} acks, {} "
               "connections opened, {} lost; outbox sent {} (in_doubt_resent={}), retried {}, fell back {}, failed "
               "{}, {} still waiting; {} inbox commits, {} outcome commits, {} outbox commits; outbox HTTPS "
               "connections {} HTTP/2 and {} HTTP/1.1, {} requests refused unprocessed and sent again; slowest ack "
               "{} ms after its envelope was read",
               d.envelopes, d.duplicates, d.foreign, d.malformed, s.acks, s.opened, s.lost, o.sent,
               o.in_doubt_resent, o.retries, o.fallbacks, o.failed, left.waiting + left.sending, d.inbox_commits,
               d.outcome_commits, o.commits, h.connections_h2, h.connections_h1, h.refused,
               static_cast<double>(s.slowest_ack.count()) / 1000.0);
  if (!fatal_reason.empty()) {
    spdlog::critical("{}", fatal_reason);
    err << "networkbot run: " << fatal_reason << "\n";
  }
  return exit_code;
}

namespace {

struct channel_to_check {
  std::string id;
  std::string purpose;  // "cohort 2108's prompts"
};

std::vector<channel_to_check> channels_to_check(const config::settings& s) {
  std::vector<channel_to_check> out;
  if (s.reflection.deliver == config::delivery::channel)
    for (const auto& c : s.cohorts)
      if (c.active && !c.channel.empty()) out.push_back({c.channel, "cohort " + c.id + "'s Friday prompt"});
  if (!s.staff.channel.empty()) out.push_back({s.staff.channel, "the staff digest"});
  return out;
}

}  // namespace

int check_online(const config::settings& settings, const config::environment& env, std::ostream& out) {
  if (!env.bot_token.starts_with("xoxb-")) {
    out << "config check --online needs SLACK_BOT_TOKEN (the Bot User OAuth Token, xoxb-…) in the environment.\n";
    return 1;
  }
  std::optional<asio::ssl::context> tls;
  try {
    tls.emplace(make_tls_context(env.ca_file));
  } catch (const std::exception& e) {
    out << "cannot set up TLS: " << e.what() << "\n";
    return 1;
  }
  const auto channels = channels_to_check(settings);
  asio::io_context io(1);
  https_client http(io.get_executor(), *tls);
  web_api api(io.get_executor(), http, env.api_url, env.bot_token, env.app_token);
  int problems = 0;
  std::string bot_name = "networkbot";
  auto check = [&]() -> asio::awaitable<void> {
    try {
      const json who = co_await api.call_retrying(auth_test, json::object(), 3);
      bot_name = who.value("user", bot_name);
      out << "Signed in to " << who.value("team", std::string{}) << " (" << who.value("team_id", std::string{}) << ") as @"
          << who.value("user", std::string{}) << ".\n";
    } catch (const api_error& e) {
      out << "Slack refused SLACK_BOT_TOKEN (" << e.code() << "): copy the Bot User OAuth Token again.\n";
      ++problems;
      co_return;
    }
    if (channels.empty()) out << "No channels to check: no active cohort posts to a channel, and no staff channel is set.\n";
    for (const auto& c : channels) {
      json args{{"channel", c.id}};
      try {
        const json answer = co_await api.call_retrying(conversations_info, std::move(args), 3);
        const json channel = answer.value("channel", json::object());
        const std::string name = "#" + channel.value("name", c.id);
        if (channel.value("is_archived", false)) {
          out << "x " << name << " (" << c.id << ", " << c.purpose << ") is archived: choose another channel in the configuration.\n";
          ++problems;
        } else if (channel.value("is_member", false)) {
          out << "ok " << name << " (" << c.id << ", " << c.purpose << "): the bot is a member.\n";
        } else {
          out << "x " << name << " (" << c.id << ", " << c.purpose << "): the bot is not a member. In Slack, open " << name
              << " and type /invite @" << bot_name << " (or use the channel's Integrations tab: Add apps).\n";
          ++problems;
        }
      } catch (const api_error& e) {
        if (e.code() == "channel_not_found")
          out << "x " << c.id << " (" << c.purpose << "): Slack knows no channel the bot can see by this id. Check the id "
              << "(channel details, at the bottom), and if the channel is private, invite the bot first: /invite @" << bot_name << ".\n";
        else if (e.code() == "missing_scope")
          out << "x " << c.id << " (" << c.purpose << "): the app lacks the channels:read or groups:read scope. Update the "
              << "app from deploy/slack-manifest.json and reinstall it.\n";
        else
          out << "x " << c.id << " (" << c.purpose << "): Slack answered " << e.code() << ".\n";
        ++problems;
      }
    }
  };
  asio::co_spawn(io, check(), [&](std::exception_ptr e) {
    http.close_idle();  // an HTTP/2 connection keeps a read pending: io.run() returns once it is closed
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      out << "the check stopped: " << ex.what() << "\n";
      ++problems;
    }
  });
  io.run();
  out << (problems == 0 ? "All channels are ready.\n" : std::to_string(problems) + (problems == 1 ? " problem" : " problems") + " found.\n");
  return problems == 0 ? 0 : 1;
}

}  // namespace networkbot::slack
