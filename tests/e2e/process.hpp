#pragma once
// Runs a program to completion with the given arguments, environment and standard input, and
// captures its output: how the end-to-end tests use the real networkbot binary.

#include <map>
#include <string>
#include <vector>

namespace networkbot::testing {

struct result {
  int exit_code = -1;  // 128 + signal when killed by one
  std::string out;
  std::string err;
};

// `env` is the whole environment of the child (nothing is inherited but PATH and HOME).
result run_program(const std::string& program, const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env = {}, const std::string& input = {});

// The networkbot binary under test.
result run_networkbot(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {},
                  const std::string& input = {});

// A long-running child (the bot under test): standard error and output go to a file, standard input is
// /dev/null. The destructor kills it if it is still running.
class child {
 public:
  child(const std::string& program, const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
        const std::string& log_path);
  ~child();
  child(const child&) = delete;
  child& operator=(const child&) = delete;

  [[nodiscard]] int pid() const { return pid_; }
  void signal(int sig) const;
  // Waits for it to end: the exit code, or 128 + the signal that ended it.
  int wait();
  [[nodiscard]] bool running() const { return pid_ > 0 && !waited_; }
  // After wait(): CPU seconds (user + system) and peak resident memory in KiB.
  [[nodiscard]] double cpu_seconds() const { return cpu_seconds_; }
  [[nodiscard]] long peak_rss_kib() const { return peak_rss_kib_; }

 private:
  int pid_ = -1;
  bool waited_ = false;
  int exit_code_ = -1;
  double cpu_seconds_ = 0;
  long peak_rss_kib_ = 0;
};

// The whole content of a file ("" when it cannot be read).
[[nodiscard]] std::string read_file(const std::string& path);

}  // namespace networkbot::testing
