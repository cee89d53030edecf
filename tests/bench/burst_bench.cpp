// The Socket Mode burst benchmark: the real networkbot (`networkbot run`) against the fake Slack over TLS
// on loopback. Fires N /network commands as one burst, waits for every ack and every reply through
// response_url, then stops the bot and prints what it measured:
//   ack latency p50 / p99 / max (from the fake queueing the envelope to reading its ack), acks later than
//   3 s, replies per second (first envelope to last reply), and the bot's peak RSS and CPU seconds.
// Usage: networkbot_bench_burst [--commands N] [--concurrency K] [--http1]   (default 10000, 8, HTTP/2)
// ctest runs it at smoke size (label bench); the full size is run by hand on a Release build.

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <unistd.h>

#include "tests/e2e/slack_world.hpp"

using namespace networkbot::testing;
using namespace std::chrono;

namespace {

double ms(steady_clock::duration d) { return duration<double, std::milli>(d).count(); }

struct thread_cpu {
  std::string name;
  double user = 0;
  double system = 0;
  long switches = 0;  // voluntary context switches: each time the thread waited and was woken
};

long voluntary_switches(const std::filesystem::path& task) {
  std::ifstream in(task / "status");
  std::string line;
  while (std::getline(in, line))
    if (line.starts_with("voluntary_ctxt_switches:")) return std::stol(line.substr(line.find(':') + 1));
  return 0;
}

// CPU seconds in user space and in the kernel of each of the process's threads so far, by thread name,
// from /proc.
std::vector<thread_cpu> cpu_by_thread(int pid) {
  std::vector<thread_cpu> out;
  const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
  const std::filesystem::path tasks = "/proc/" + std::to_string(pid) + "/task";
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator(tasks, ec)) {
    std::ifstream in(task.path() / "stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto open = stat.find('('), close = stat.rfind(')');
    if (open == std::string::npos || close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 2));
    std::string field;
    std::vector<std::string> fields;
    while (rest >> field) fields.push_back(field);
    if (fields.size() < 13) continue;  // utime and stime are the 14th and 15th fields of the whole line
    out.push_back({stat.substr(open + 1, close - open - 1), std::stod(fields[11]) / tick, std::stod(fields[12]) / tick,
                   voluntary_switches(task.path())});
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int commands = 10000;
  int concurrency = 8;
  bool http2 = true;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--http1") == 0) http2 = false;  // the fake offers only HTTP/1.1
    if (i + 1 >= argc) continue;
    if (std::strcmp(argv[i], "--commands") == 0) commands = std::stoi(argv[++i]);
    else if (std::strcmp(argv[i], "--concurrency") == 0) concurrency = std::stoi(argv[++i]);
  }
  const auto n = static_cast<std::size_t>(commands);

  slack_world w({.connections = 2, .concurrency = concurrency, .ping_interval = 10, .dead_after = 30, .http2 = http2});
  auto& fake = w.fake();
  if (!w.start()) {
    std::fprintf(stderr, "the bot did not connect\n%s", w.log().c_str());
    return 1;
  }
  std::vector<std::pair<std::string, std::string>> burst;
  burst.reserve(n);
  for (std::size_t i = 0; i < n; ++i) burst.emplace_back(std::string("U").append(std::to_string(100000 + i)), i % 2 == 0 ? "help" : "questions mentor");

  const auto start = steady_clock::now();
  (void)fake.send_commands(burst);
  const auto limit = std::chrono::milliseconds(std::max<std::size_t>(120000, n * 20));
  const bool acked = fake.wait_for([n](const fake_slack& f) { return f.ack_count() >= n; }, limit);
  const bool replied = fake.wait_for([n](const fake_slack& f) { return f.replied_urls() >= n; }, limit);
  const auto done = steady_clock::now();
  const auto threads = cpu_by_thread(w.bot().pid());
  const int exit_code = w.stop(SIGTERM);

  std::vector<double> latencies;
  for (const auto& a : fake.acks()) latencies.push_back(ms(a.acked_at - a.sent_at));
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double p) {
    if (latencies.empty()) return 0.0;
    const auto at = static_cast<std::size_t>(p * static_cast<double>(latencies.size() - 1));
    return latencies[at];
  };
  const auto late = std::count_if(latencies.begin(), latencies.end(), [](double l) { return l > 3000.0; });
  const double seconds = duration<double>(done - start).count();
  std::size_t twice = 0;
  for (const auto& [url, times] : fake.response_url_deliveries()) twice += static_cast<std::size_t>(times - 1);

  std::printf("burst of %d /network commands over TLS loopback, 2 sockets, outbox concurrency %d, replies over %s\n",
              commands, concurrency, http2 ? "HTTP/2" : "HTTP/1.1");
  std::printf("  acks            %zu of %d%s\n", latencies.size(), commands, acked ? "" : " (TIMED OUT)");
  std::printf("  ack latency     p50 %.1f ms  p99 %.1f ms  max %.1f ms\n", pct(0.50), pct(0.99),
              latencies.empty() ? 0.0 : latencies.back());
  std::printf("  acks after 3 s  %ld (%.1f %%)\n", static_cast<long>(late),
              latencies.empty() ? 0.0 : 100.0 * static_cast<double>(late) / static_cast<double>(latencies.size()));
  std::printf("  replies         %zu delivered, %zu twice%s\n", fake.response_url_deliveries().size(), twice,
              replied ? "" : " (TIMED OUT)");
  std::printf("  replies/s       %.0f (first envelope to last reply: %.2f s)\n", static_cast<double>(n) / seconds, seconds);
  std::printf("  bot peak RSS    %.1f MB\n", static_cast<double>(w.bot().peak_rss_kib()) / 1024.0);
  std::printf("  bot CPU         %.2f s (user + system, whole run incl. start-up and shutdown)\n", w.bot().cpu_seconds());
  std::printf("  bot CPU by thread (before shutdown, user + kernel, waits):");
  for (const auto& t : threads)
    if (t.user + t.system >= 0.005) std::printf(" %s %.2f + %.2f s %ld", t.name.c_str(), t.user, t.system, t.switches);
  std::printf("\n");
  std::printf("  bot exit code   %d\n", exit_code);
  const bool ok = acked && replied && exit_code == 0 && twice == 0 && fake.dropped() == 0;
  if (!ok) std::fprintf(stderr, "benchmark run FAILED (see above)\n");
  return ok ? 0 : 1;
}
