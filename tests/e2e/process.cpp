#include "tests/e2e/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace networkbot::testing {

namespace {

// The child's environment: `env`, plus PATH, HOME and the sanitizers' options from ours.
std::vector<std::string> child_environment(const std::map<std::string, std::string>& env) {
  std::vector<std::string> out;
  for (const char* keep : {"PATH", "HOME", "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS"})
    if (const char* v = std::getenv(keep); v != nullptr && !env.contains(keep)) out.push_back(std::string(keep) + "=" + v);
  for (const auto& [k, v] : env) out.push_back(k + "=" + v);
  return out;
}

// argv and envp for execve, built before fork (nothing may allocate in the child).
struct exec_vectors {
  std::vector<std::string> env_strings;
  std::vector<std::string> argv_strings;
  std::vector<char*> envp;
  std::vector<char*> argv;
  exec_vectors(const std::string& program, const std::vector<std::string>& args,
               const std::map<std::string, std::string>& env)
      : env_strings(child_environment(env)), argv_strings{program} {
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    for (auto& s : argv_strings) argv.push_back(s.data());
    argv.push_back(nullptr);
  }
};

}  // namespace

result run_program(const std::string& program, const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env, const std::string& input) {
  // A child that exits before reading all its input must not kill the test with SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (::pipe(in_pipe) != 0 || ::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0) throw std::runtime_error("pipe failed");

  exec_vectors exec(program, args, env);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(in_pipe[0], STDIN_FILENO);
    ::dup2(out_pipe[1], STDOUT_FILENO);
    ::dup2(err_pipe[1], STDERR_FILENO);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) ::close(fd);
    ::execve(program.c_str(), exec.argv.data(), exec.envp.data());
    ::_exit(127);
  }
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);

  result r;
  std::size_t written = 0;
  int to_child = in_pipe[1];
  if (input.empty()) {
    ::close(to_child);
    to_child = -1;
  } else {
    ::fcntl(to_child, F_SETFL, O_NONBLOCK);
  }
  bool out_open = true, err_open = true;
  char buffer[65536];
  while (out_open || err_open) {
    std::vector<pollfd> fds;
    if (out_open) fds.push_back({out_pipe[0], POLLIN, 0});
    if (err_open) fds.push_back({err_pipe[0], POLLIN, 0});
    if (to_child >= 0) fds.push_back({to_child, POLLOUT, 0});
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("poll failed");
    }
    for (const auto& p : fds) {
      if (p.revents == 0) continue;
      if (p.fd == to_child) {
        const ssize_t n = ::write(to_child, input.data() + written, input.size() - written);
        if (n > 0) written += static_cast<std::size_t>(n);
        if (n < 0 && errno != EAGAIN) written = input.size();
        if (written == input.size()) {
          ::close(to_child);
          to_child = -1;
        }
        continue;
      }
      const ssize_t n = ::read(p.fd, buffer, sizeof buffer);
      if (n <= 0) {
        (p.fd == out_pipe[0] ? out_open : err_open) = false;
        continue;
      }
      (p.fd == out_pipe[0] ? r.out : r.err).append(buffer, static_cast<std::size_t>(n));
    }
  }
  if (to_child >= 0) ::close(to_child);
  ::close(out_pipe[0]);
  ::close(err_pipe[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

result run_networkbot(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                  const std::string& input) {
  return run_program(NETWORKBOT_BINARY, args, env, input);
}

child::child(const std::string& program, const std::vector<std::string>& args,
             const std::map<std::string, std::string>& env, const std::string& log_path) {
  exec_vectors exec(program, args, env);
  const int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) throw std::runtime_error("cannot write " + log_path);
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    // The bot dies with the test process, even when a failing test never reaches the destructor.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    const int null = ::open("/dev/null", O_RDONLY);
    ::dup2(null, STDIN_FILENO);
    ::dup2(log, STDOUT_FILENO);
    ::dup2(log, STDERR_FILENO);
    ::execve(program.c_str(), exec.argv.data(), exec.envp.data());
    ::_exit(127);
  }
  ::close(log);
}

child::~child() {
  if (running()) {
    signal(SIGKILL);
    (void)wait();
  }
}

void child::signal(int sig) const {
  if (running()) ::kill(pid_, sig);
}

int child::wait() {
  if (waited_) return exit_code_;
  int status = 0;
  rusage usage{};
  while (::wait4(pid_, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  waited_ = true;
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  cpu_seconds_ = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                 static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  peak_rss_kib_ = usage.ru_maxrss;
  return exit_code_;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace networkbot::testing
