// The durable queues on their own: what the database costs per reply, with no network and no router.
// The burst's three steps, as the bot runs them:
//   receive   envelopes recorded in the inbox, 32 to a transaction (the socket thread's group commit);
//   handle    each marked handled with its reply queued in the outbox, 32 to a transaction (the worker);
//   send      replies claimed and settled as sent, `in flight` to a transaction (the outbox sender).
// Each reply's body is the /network help message (tests/golden/help.json, about 4.7 KB). It prints the CPU
// seconds of each step, and the database's size at the end.
// Usage: networkbot_bench_queues [--messages N] [--in-flight K]   (default 10000, 8)

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/store/database.hpp"
#include "core/store/message_queues.hpp"

using namespace networkbot;
using how = store::message_queues::settlement::how;

namespace {

double cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  int messages = 10000;
  std::size_t in_flight = 8;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--messages") == 0) messages = std::stoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--in-flight") == 0) in_flight = std::stoul(argv[i + 1]);
  }
  std::ifstream in(std::string(NETWORKBOT_GOLDEN_DIR) + "/help.json");
  const std::string help((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (help.empty()) {
    std::fprintf(stderr, "cannot read help.json from %s\n", NETWORKBOT_GOLDEN_DIR);
    return 1;
  }
  const auto dir = std::filesystem::temp_directory_path() / ("networkbot-bench-queues-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string file = (dir / "bot.db").string();
  const std::string payload(360, 'x');  // a slash command's payload is about this long
  {
    store::database db(file);
    store::message_queues q(db);
    constexpr int group = 32;
    double receive = 0, handle = 0;
    for (int done = 0; done < messages; done += group) {
      const int n = std::min(group, messages - done);
      const double t0 = cpu_seconds();
      std::vector<store::message_queues::arrival> arrivals(static_cast<std::size_t>(n), {"slash_commands", "", payload, 1000});
      const auto ids = q.receive_all(arrivals);
      const double t1 = cpu_seconds();
      std::vector<std::pair<std::int64_t, std::vector<store::outbox_message>>> handled;
      for (const auto& id : ids)
        handled.push_back({id.value_or(0), {{"response_url", "https://hooks.slack.com/commands/T1/1/x", help, "U1", "C1", 1000, {}}}});
      q.handled_all(handled, store::millis{1000});
      receive += t1 - t0;
      handle += cpu_seconds() - t1;
    }
    const double t2 = cpu_seconds();
    std::vector<store::message_queues::settlement> finished;
    int sent = 0;
    for (;;) {
      const auto tx = q.begin();
      q.settle(finished);
      finished.clear();
      const auto rows = q.claim(in_flight, store::millis{2000});
      tx->commit();
      if (rows.empty()) break;
      for (const auto& r : rows) finished.push_back({how::sent, r.id, store::millis{2000}, {}, {}});
      sent += static_cast<int>(rows.size());
    }
    const double send = cpu_seconds() - t2;
    std::printf("durable queues, %d replies of %zu bytes, %zu in flight per sender round\n", messages, help.size(), in_flight);
    std::printf("  receive  %.3f s  (%.1f us per envelope)\n", receive, receive * 1e6 / messages);
    std::printf("  handle   %.3f s  (%.1f us per reply queued)\n", handle, handle * 1e6 / messages);
    std::printf("  send     %.3f s  (%.1f us per reply claimed and settled; %d sent)\n", send, send * 1e6 / messages, sent);
    std::printf("  total    %.3f s\n", receive + handle + send);
    if (sent != messages) {
      std::fprintf(stderr, "sent %d of %d\n", sent, messages);
      return 1;
    }
  }
  std::printf("  database %.1f MB\n", static_cast<double>(std::filesystem::file_size(file)) / 1e6);
  std::filesystem::remove_all(dir);
  return 0;
}
