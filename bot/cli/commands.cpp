#include "bot/cli/commands.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "bot/app/backend.hpp"
#include "bot/app/router.hpp"
#include "bot/app/system_clock.hpp"
#include "bot/console/console.hpp"
#include "bot/features/features.hpp"
#include "bot/log/log.hpp"
#include "bot/cli/online_check.hpp"
#include "bot/slack/runtime.hpp"
#include "bot/slack/web_api.hpp"
#include "config/config.hpp"
#include "config/content.hpp"
#include "core/contacts_csv.hpp"
#include "core/people_import.hpp"
#include "core/store/database.hpp"
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

namespace networkbot::cli {

namespace {

void print_problems(std::ostream& err, const std::vector<config::problem>& problems) {
  for (const auto& p : problems) err << describe(p) << "\n";
  err << problems.size() << (problems.size() == 1 ? " problem" : " problems") << " found.\n";
}

}  // namespace

std::optional<config::settings> load_settings(const global_options& g, const config::environment& env,
                                              const std::string& fallback, std::ostream& err,
                                              std::string* used_path) {
  std::string path = !g.config_path.empty() ? g.config_path : env.config_path;
  if (path.empty()) path = fallback;
  config::settings s;
  if (!path.empty()) {
    auto loaded = config::load_settings_file(path);
    if (auto* problems = std::get_if<std::vector<config::problem>>(&loaded)) {
      print_problems(err, *problems);
      return std::nullopt;
    }
    s = std::get<config::settings>(loaded);
  }
  if (used_path != nullptr) *used_path = path;
  if (!env.db_path.empty()) s.database.path = env.db_path;
  std::vector<config::problem> flag_problems;
  if (!g.log_level.empty()) {
    if (auto level = config::parse_log_level(g.log_level))
      s.log.level = *level;
    else
      flag_problems.push_back({"--log-level", 0, "", "'" + g.log_level + "' is not a log level; use trace, debug, info, warn, error, critical or off"});
  }
  if (!g.log_format.empty()) {
    if (g.log_format == "json")
      s.log.format = config::log_format::json;
    else if (g.log_format == "human")
      s.log.format = config::log_format::human;
    else
      flag_problems.push_back({"--log-format", 0, "", "must be human or json, not '" + g.log_format + "'"});
  }
  for (auto& message : slack::check_rate_overrides(s.outbox.per_minute))
    flag_problems.push_back({path, 0, "outbox.per_minute", std::move(message)});
  if (!flag_problems.empty()) {
    print_problems(err, flag_problems);
    return std::nullopt;
  }
  return s;
}

namespace {

std::optional<config::content> load_content(const config::settings& s, std::ostream& err) {
  auto loaded = config::load_content(config::content_dir(s));
  if (auto* problems = std::get_if<std::vector<config::problem>>(&loaded)) {
    print_problems(err, *problems);
    return std::nullopt;
  }
  return std::get<config::content>(std::move(loaded));
}

struct prepared {
  config::settings settings;
  config::content content;
};

// What run and console share: settings (with overrides), logging, content. Problems are printed.
std::optional<prepared> prepare(const global_options& g, const config::environment& env, const std::string& fallback,
                                std::ostream& err) {
  auto settings = load_settings(g, env, fallback, err);
  if (!settings) return std::nullopt;
  log::setup(settings->log.level, settings->log.format);
  auto content = load_content(*settings, err);
  if (!content) return std::nullopt;
  return prepared{std::move(*settings), std::move(*content)};
}

// Fills an empty database from the workspace folder's people.csv and, when there is one,
// contacts.csv (the sample workspace). Each file all or nothing.
bool seed_workspace(store::database& db, const std::string& workspace, const config::settings& s, const core::clock& clock,
                    std::ostream& err) {
  store::sqlite_people_directory people(db);
  if (!people.all().empty()) return true;
  const std::string people_csv = workspace + "/people.csv";
  const auto text = config::read_file_text(people_csv);
  if (!text) {
    err << "cannot read the workspace roster " << people_csv << "\n";
    return false;
  }
  auto report = [&](const std::string& file, const std::vector<core::csv::error>& errors) {
    for (const auto& e : errors) err << file << ":" << e.line << ":" << e.column << ": " << e.reason << "\n";
    return false;
  };
  auto imported = core::import_people(*text, core::roster_rules{s.workspace.programs}, people, db, false);
  if (auto* errors = std::get_if<std::vector<core::csv::error>>(&imported)) return report(people_csv, *errors);

  const std::string contacts_csv = workspace + "/contacts.csv";
  std::ifstream contacts(contacts_csv, std::ios::binary);
  if (!contacts) return true;  // optional
  store::sqlite_contact_store contact_records(db);
  auto added = core::import_contacts(contacts, core::contacts_import_options{}, people, contact_records, db, clock);
  if (auto* errors = std::get_if<std::vector<core::csv::error>>(&added)) return report(contacts_csv, *errors);
  return true;
}

}  // namespace

int check_config(const global_options& g, const config::environment& env, bool online, std::ostream& out, std::ostream& err) {
  std::string path;
  auto settings = load_settings(g, env, "", err, &path);
  if (!settings) return exit_code::usage;
  if (!load_content(*settings, err)) return exit_code::usage;
  if (path.empty())
    out << "No configuration file given (--config or NETWORKBOT_CONFIG): the built-in defaults are in use, and they are valid.\n";
  else
    out << path << ": OK\n";
  out << "  time zone " << settings->workspace.time_zone << ", database " << settings->database.path << ", "
      << settings->cohorts.size() << " cohorts, " << settings->staff.user_ids.size() << " staff ids, content from "
      << config::content_dir(*settings) << "\n";
  if (online) return cli::check_online(*settings, env, out) == 0 ? exit_code::ok : exit_code::failure;
  return exit_code::ok;
}

int run_bot(const global_options& g, const config::environment& env, std::ostream& out, std::ostream& err) {
  (void)out;
  const auto token_problems = config::check_for_slack(env);
  if (!token_problems.empty()) {
    for (const auto& p : token_problems) err << "networkbot run: " << p << "\n";
    err << "To try networkbot without Slack, run: networkbot console\n";
    return exit_code::usage;
  }
  auto ready = prepare(g, env, "", err);
  if (!ready) return exit_code::usage;
  return slack::run(ready->settings, ready->content, env, err) == 0 ? exit_code::ok : exit_code::failure;
}

int run_console(const global_options& g, const console_options& c, const config::environment& env, std::istream& in,
                std::ostream& out, std::ostream& err, bool interactive) {
  const std::string workspace = c.workspace.empty() ? config::bundled_data_dir() + "/sample" : c.workspace;
  auto ready = prepare(g, env, workspace + "/networkbot.toml", err);
  if (!ready) return exit_code::usage;
  auto& settings = ready->settings;
  try {
    app::system_clock clock;
    // The same owner of the database as `networkbot run`, held directly: the console has one thread.
    app::backend house(settings, ready->content, clock, settings.database.path, features::register_all);
    if (!seed_workspace(house.db, workspace, settings, clock, err)) return exit_code::usage;
    auto& router = house.router;
    console::session session(router, in, out,
                             console::options{.interactive = interactive, .color = interactive, .as = c.as});
    const int rc = session.run();
    return rc == 0 ? exit_code::ok : exit_code::usage;
  } catch (const std::exception& e) {
    err << "networkbot console: " << e.what() << "\n";
    return exit_code::failure;
  }
}

}  // namespace networkbot::cli
