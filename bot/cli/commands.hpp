#pragma once
// The `networkbot` subcommands, callable from main() and from tests. Each returns the process exit
// code: 0 success, 1 a failure while running, 2 a problem the user must fix first (bad config, missing
// token, bad arguments).

#include <iosfwd>
#include <string>

#include "config/environment.hpp"

namespace networkbot::cli {

namespace exit_code {
inline constexpr int ok = 0;
inline constexpr int failure = 1;
inline constexpr int usage = 2;
}  // namespace exit_code

struct global_options {
  std::string config_path;  // --config; falls back to NETWORKBOT_CONFIG
  std::string log_level;    // --log-level; overrides the file
  std::string log_format;   // --log-format
};

struct console_options {
  std::string as;         // --as @name
  std::string workspace;  // --workspace DIR: a folder with networkbot.toml and people.csv
};

int run_bot(const global_options& g, const config::environment& env, std::ostream& out, std::ostream& err);
int run_console(const global_options& g, const console_options& c, const config::environment& env, std::istream& in,
                std::ostream& out, std::ostream& err, bool interactive);
int check_config(const global_options& g, const config::environment& env, std::ostream& out, std::ostream& err);

}  // namespace networkbot::cli
