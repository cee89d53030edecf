// The import benchmark: generates a people CSV and a contacts CSV of the given sizes, then runs the
// real `networkbot import people` and `networkbot import contacts` on a fresh database file, then
// `export contacts`, and prints the seconds each took, rows per second, the largest peak RSS of
// the three runs, and the database size.
// Usage: networkbot_bench_import [--people N] [--contacts M]   (default 100000 and 1000000)
// ctest runs it at smoke size (label bench); the full size is run by hand on a Release build.

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "tests/e2e/process.hpp"

using namespace std::chrono;

namespace {

std::string slack_id(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U%09d", i);
  return buf;
}

// People: nine in ten are students over twelve cohorts, the rest alumni and mentors.
void write_people(const std::filesystem::path& file, int n) {
  std::ofstream out(file, std::ios::binary);
  out << "slack_id,email,display_name,roles,program,module,cohort,company,open_to_chats,chats_per_month,background,interests\r\n";
  for (int i = 0; i < n; ++i) {
    const bool student = i % 10 != 9;
    out << slack_id(i) << ",person" << i << "@example.org,Person " << i << ",";
    if (student)
      out << "student," << (i % 2 == 0 ? "BE" : "FE") << "," << (i % 5) << "," << (2101 + i % 12) << ",,no,0,";
    else
      out << (i % 20 == 19 ? "alum;mentor" : "alum") << ",,,,Company " << (i % 300) << ",yes,2,";
    out << (i % 3 == 0 ? "\"teaching, coaching\"" : "retail") << ",ruby;sql\r\n";
  }
}

// Contacts: spread over the students in turn; every fourth has a history line, every tenth a
// quoted field with a comma and a line break.
void write_contacts(const std::filesystem::path& file, int people, int n) {
  std::ofstream out(file, std::ios::binary);
  out << "owner,name,company,warmth,list,why,stage,next_due,history\r\n";
  const char* stages[] = {"idea", "messaged", "scheduled", "met", "thanked"};
  const char* lists[] = {"support", "dormant", "new"};
  int owner = 0;
  for (int i = 0; i < n; ++i) {
    do owner = (owner + 1) % people;
    while (owner % 10 == 9);  // alumni keep no tracker here
    out << slack_id(owner) << ",Contact " << i << ",Company " << (i % 500) << "," << (i % 2 == 0 ? "warm" : "cold") << ","
        << lists[i % 3] << ",";
    if (i % 10 == 0) out << "\"Met at a meetup, then\nemailed\"";
    else out << "Works on the team I want to join";
    out << "," << stages[i % 5] << "," << (i % 7 == 0 ? "2026-12-01" : "") << ",";
    if (i % 4 == 0) out << "2026-11-20T15:04:05Z messaged: first note";
    out << "\r\n";
  }
}

double seconds_of(const std::function<void()>& f) {
  const auto start = steady_clock::now();
  f();
  return duration<double>(steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  int people = 100'000;
  int contacts = 1'000'000;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--people") == 0) people = std::stoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--contacts") == 0) contacts = std::stoi(argv[i + 1]);
  }
  const auto dir = std::filesystem::temp_directory_path() / ("networkbot-bench-import-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::map<std::string, std::string> env{{"NETWORKBOT_DB", (dir / "networkbot.db").string()}};

  const double generate = seconds_of([&] {
    write_people(dir / "people.csv", people);
    write_contacts(dir / "contacts.csv", people, contacts);
  });
  int failures = 0;
  auto run = [&](const std::vector<std::string>& args) {
    const auto r = networkbot::testing::run_networkbot(args, env);
    if (r.exit_code != 0) {
      std::fprintf(stderr, "networkbot %s failed (%d):\n%s\n", args[0].c_str(), r.exit_code, r.err.c_str());
      ++failures;
    }
  };
  const double import_people = seconds_of([&] { run({"import", "people", (dir / "people.csv").string()}); });
  const double import_contacts = seconds_of([&] { run({"import", "contacts", (dir / "contacts.csv").string()}); });
  const double reimport_contacts = seconds_of([&] { run({"import", "contacts", (dir / "contacts.csv").string(), "--dry-run"}); });
  const double export_contacts =
      seconds_of([&] { run({"export", "contacts", "--output", (dir / "export.csv").string()}); });

  rusage usage{};
  ::getrusage(RUSAGE_CHILDREN, &usage);
  const auto mb = [](std::uintmax_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); };
  std::printf("networkbot import benchmark: %d people, %d contacts\n", people, contacts);
  std::printf("  generate CSVs          %.2f s (people.csv %.1f MB, contacts.csv %.1f MB)\n", generate,
              mb(std::filesystem::file_size(dir / "people.csv")), mb(std::filesystem::file_size(dir / "contacts.csv")));
  std::printf("  import people          %.2f s  (%.0f rows/s)\n", import_people, people / import_people);
  std::printf("  import contacts        %.2f s  (%.0f rows/s)\n", import_contacts, contacts / import_contacts);
  std::printf("  same file, dry run     %.2f s  (every row unchanged)\n", reimport_contacts);
  std::printf("  export contacts (CSV)  %.2f s\n", export_contacts);
  std::printf("  largest peak RSS       %.1f MB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
  std::printf("  database size          %.1f MB\n", mb(std::filesystem::file_size(dir / "networkbot.db")));
  std::filesystem::remove_all(dir);
  return failures == 0 ? 0 : 1;
}
