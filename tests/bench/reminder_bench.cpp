// The reminder fan-out benchmark: the real networkbot (`networkbot run`) sends the Monday reflection
// reminder to N students of one cohort through the fake Slack, which enforces its own limit on
// chat.postMessage (a token bucket, as Slack's) and answers 10 % of all calls 429 besides. The bot is
// configured with the same limit (outbox.per_minute). It prints:
//   the achieved rate of accepted messages, first to last, against the limit (aim >= 95 %),
//   lost (students who got no reminder; must be 0) and duplicates (a second accepted reminder; must be 0),
//   the 429s (injected, and over the fake's limit), and the bot's peak RSS and CPU.
// The students' DM channels are known already, as they are every week after the first (the first week
// also opens each DM, at conversations.open's own Tier 3 limit, about 50 a minute).
// Usage: networkbot_bench_reminders [--students N] [--per-minute L] [--rate-limit-percent P]
//        (default 10000, 6000, 10). ctest runs it at smoke size (label bench).

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "core/store/database.hpp"
#include "core/store/message_queues.hpp"
#include "tests/e2e/slack_world.hpp"

using namespace networkbot::testing;
using namespace std::chrono;

namespace {

std::string user_id(int i) { return "U" + std::to_string(1000000 + i); }

const char* weekday_name(std::tm t) {
  static const char* names[] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
  return names[t.tm_wday];
}

std::tm utc_tm(system_clock::time_point at) {
  const std::time_t t = system_clock::to_time_t(at);
  std::tm out{};
  gmtime_r(&t, &out);
  return out;
}

std::string hh_mm(std::tm t) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", t.tm_hour, t.tm_min);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  int students = 10000;
  double per_minute = 6000;
  int rate_limit_percent = 10;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--students") == 0) students = std::stoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--per-minute") == 0) per_minute = std::stod(argv[i + 1]);
    if (std::strcmp(argv[i], "--rate-limit-percent") == 0) rate_limit_percent = std::stoi(argv[i + 1]);
  }
  const double burst = per_minute / 10 + 1;  // the bot's own pacing allows the same short burst
  // NETWORKBOT_BENCH_TIMELINE=1 also prints the accepted reminders second by second.

  slack_world w({.connections = 1, .concurrency = 8, .ping_interval = 10, .dead_after = 30});
  auto& fake = w.fake();

  // The reminder is due a minute ago (UTC), about the prompt a day earlier, which is too old to run.
  const auto due = system_clock::now() - minutes(1);
  const std::tm reminder = utc_tm(due), prompt = utc_tm(due - hours(24));
  char config[1024];
  std::snprintf(config, sizeof config,
                "[workspace]\ntime_zone = \"UTC\"\n"
                "[reflection]\nday = \"%s\"\ntime = \"%s\"\nreminder_day = \"%s\"\nreminder_time = \"%s\"\n"
                "[[cohorts]]\nid = \"2108\"\nchannel = \"C0COH2108\"\n"
                "[outbox.per_minute]\n\"chat.postMessage\" = %.0f\n",
                weekday_name(prompt), hh_mm(prompt).c_str(), weekday_name(reminder), hh_mm(reminder).c_str(), per_minute);
  w.set_extra_config(config);

  {
    const std::string csv = (w.dir() / "students.csv").string();
    std::ofstream out(csv);
    out << "slack_id,display_name,roles,program,module,cohort\r\n";
    for (int i = 0; i < students; ++i)
      out << user_id(i) << ",Student " << i << ",student," << (i % 2 == 0 ? "BE" : "FE") << ",2,2108\r\n";
    out.close();
    const auto imported = run_networkbot({"import", "people", csv}, w.environment());
    if (imported.exit_code != 0) {
      std::fprintf(stderr, "import failed: %s\n", imported.err.c_str());
      return 1;
    }
    networkbot::store::database db(w.database_path());
    networkbot::store::message_queues queues(db);
    auto tx = db.begin();
    for (int i = 0; i < students; ++i) queues.remember_dm_channel(user_id(i), "D" + user_id(i).substr(1));
    tx->commit();
  }

  fake.set_method_limit("chat.postMessage", per_minute, burst);
  fake_slack::http_faults faults;
  faults.rate_limit_percent = rate_limit_percent;
  faults.retry_after_seconds = 1;
  fake.set_http_faults(faults);

  const auto start = steady_clock::now();
  if (!w.start()) {
    std::fprintf(stderr, "the bot did not connect\n%s", w.log().c_str());
    return 1;
  }
  const auto n = static_cast<std::size_t>(students);
  auto accepted_posts = [](const fake_slack& f) { return f.answered_ok("chat.postMessage"); };
  // Generous: the ideal time at the limit, three times over, plus a minute.
  const auto limit = milliseconds(static_cast<long>(3 * 60000.0 * students / per_minute) + 60000);
  const bool finished = fake.wait_for([&](const fake_slack& f) { return accepted_posts(f) >= n; }, limit);
  // A little longer, to catch any duplicate still on its way.
  (void)fake.wait_for([&](const fake_slack& f) { return accepted_posts(f) > n; }, milliseconds(1500));
  const int exit_code = w.stop(SIGTERM);

  std::map<std::string, int> per_channel;
  std::size_t injected = 0, attempts = 0;
  steady_clock::time_point first_ok{}, last_ok{};
  for (const auto& c : fake.calls_to("chat.postMessage")) {
    ++attempts;
    if (c.status == 429) ++injected;
    if (c.status != 200) continue;
    const auto body = nlohmann::json::parse(c.body, nullptr, false);
    ++per_channel[body.is_object() ? body.value("channel", std::string{}) : std::string{}];
    if (first_ok == steady_clock::time_point{} || c.answered_at < first_ok) first_ok = c.answered_at;
    last_ok = std::max(last_ok, c.answered_at);
  }
  if (std::getenv("NETWORKBOT_BENCH_TIMELINE") != nullptr) {
    std::map<long, int> per_second;
    for (const auto& c : fake.calls_to("chat.postMessage"))
      per_second[duration_cast<seconds>(c.answered_at - first_ok).count()] += c.status == 200 ? 1 : 0;
    for (const auto& [s, k] : per_second) std::printf("  t+%lds %d\n", s, k);
  }
  const std::size_t over_limit = fake.over_limit();
  injected -= std::min(injected, over_limit);
  std::size_t reached = 0, duplicates = 0, accepted = 0;
  for (int i = 0; i < students; ++i) {
    const auto it = per_channel.find("D" + user_id(i).substr(1));
    if (it != per_channel.end()) ++reached;
  }
  for (const auto& [channel, times] : per_channel) {
    accepted += static_cast<std::size_t>(times);
    duplicates += static_cast<std::size_t>(times - 1);
  }
  const std::size_t lost = n - reached;
  const double span = duration<double>(last_ok - first_ok).count();
  const double limit_per_second = per_minute / 60.0;
  // Accepted reminders over the time from the first to the last, retries of the 429s included. The
  // bot drops its burst allowance at the first 429, so this is its steady pace.
  const double achieved = span > 0 ? static_cast<double>(accepted) / span : 0;
  const double share = limit_per_second > 0 ? 100.0 * achieved / limit_per_second : 0;

  std::printf("Monday reminder to %d students through the fake Slack (TLS loopback), outbox concurrency 8\n", students);
  std::printf("  limit           chat.postMessage %.0f/min (%.1f/s, burst %.0f), in the fake and in the bot's config\n",
              per_minute, limit_per_second, burst);
  std::printf("  faults          %d %% of all calls answered 429 (Retry-After 1 s)\n", rate_limit_percent);
  std::printf("  delivered       %zu of %d%s\n", reached, students, finished ? "" : " (TIMED OUT)");
  std::printf("  lost            %zu\n", lost);
  std::printf("  duplicates      %zu\n", duplicates);
  std::printf("  attempts        %zu chat.postMessage calls: %zu injected 429s, %zu over the fake's limit\n", attempts, injected,
              over_limit);
  std::printf("  achieved rate   %.1f/s = %.1f %% of the limit (aim >= 95 %%)\n", achieved, share);
  std::printf("  elapsed         %.1f s from first to last accepted reminder; %.1f s from the bot's start\n", span,
              duration<double>(steady_clock::now() - start).count());
  std::printf("  bot peak RSS    %.1f MB\n", static_cast<double>(w.bot().peak_rss_kib()) / 1024.0);
  std::printf("  bot CPU         %.2f s (user + system, whole run)\n", w.bot().cpu_seconds());
  std::printf("  bot exit code   %d\n", exit_code);
  const bool ok = finished && lost == 0 && duplicates == 0 && exit_code == 0;
  if (!ok) std::fprintf(stderr, "benchmark run FAILED (see above)\n%s", finished ? "" : w.log().c_str());
  return ok ? 0 : 1;
}
