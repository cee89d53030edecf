#pragma once
// The `networkbot` subcommands, callable from main() and from tests. Each returns the process exit
// code: 0 success, 1 a failure while running, 2 a problem the user must fix first (bad config, missing
// token, bad arguments).

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

#include "config/config.hpp"
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

// The directory and tracker tools: lifecycle, import, export, backup.
struct data_options {
  std::string cohort;    // --cohort
  std::string who;       // a person: Slack id, email or @handle
  std::string owner;     // --owner for a contacts import
  std::string file;      // the file to import, or to back up into
  std::string format = "csv";  // --format for export: csv or json
  std::string output;    // --output for export; empty: standard output
  bool dry_run = false;  // --dry-run
};

int people_advance(const global_options& g, const config::environment& env, const data_options& o, std::ostream& out, std::ostream& err);
int people_repeat(const global_options& g, const config::environment& env, const data_options& o, std::ostream& out, std::ostream& err);
int people_graduate(const global_options& g, const config::environment& env, const data_options& o, std::ostream& out, std::ostream& err);
int import_people(const global_options& g, const config::environment& env, const data_options& o, std::ostream& out, std::ostream& err);
int import_contacts(const global_options& g, const config::environment& env, const data_options& o, std::ostream& out, std::ostream& err);
int export_people(const global_options& g, const config::environment& env, const data_options& o, std::ostream& out, std::ostream& err);
int export_contacts(const global_options& g, const config::environment& env, const data_options& o, std::ostream& out, std::ostream& err);
int mentors_assign(const global_options& g, const config::environment& env, const data_options& o, bool reassign,
                   std::ostream& out, std::ostream& err);
int export_reflections(const global_options& g, const config::environment& env, const data_options& o, std::ostream& out,
                       std::ostream& err);
int backup(const global_options& g, const config::environment& env, const data_options& o, std::ostream& out, std::ostream& err);

// `mixitup solve-mdgp FILE`: Mix It Up's grouping engine on an MDGPLIB instance, for a work budget
// (--work: the same seed and work give the same groups on any machine) or else a wall-clock one.
// Prints each element's group (0-based, one a line, in element order), then `objective X`; the work
// done goes to stderr. A file that does not read is reported as FILE:LINE: reason, exit code 2.
struct mdgp_options {
  std::string file;
  double seconds = 10;
  std::optional<std::uint64_t> work;
  std::uint64_t seed = 1;
};
int mixitup_solve_mdgp(const mdgp_options& o, std::ostream& out, std::ostream& err);

// Settings from --config, else NETWORKBOT_CONFIG, else `fallback` (a file) when given, else the
// built-in defaults; then the environment's and the flags' overrides. Prints problems and returns
// nothing when there are any.
std::optional<config::settings> load_settings(const global_options& g, const config::environment& env,
                                              const std::string& fallback, std::ostream& err,
                                              std::string* used_path = nullptr);

int run_bot(const global_options& g, const config::environment& env, std::ostream& out, std::ostream& err);
int run_console(const global_options& g, const console_options& c, const config::environment& env, std::istream& in,
                std::ostream& out, std::ostream& err, bool interactive);
// `online`: then also ask Slack about channel membership (slack::check_online).
int check_config(const global_options& g, const config::environment& env, bool online, std::ostream& out, std::ostream& err);

}  // namespace networkbot::cli
