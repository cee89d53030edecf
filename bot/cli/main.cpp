// networkbot: Turing School's networking curriculum as a Slack app.
//   networkbot run             serve the workspace over Socket Mode (needs SLACK_APP_TOKEN, SLACK_BOT_TOKEN)
//   networkbot console         the same bot in a terminal, on the bundled sample workspace
//   networkbot config check    validate a configuration file and the content it uses
//   networkbot people …        advance, repeat, graduate: a cohort's life
//   networkbot import …        people or contacts from CSV;  networkbot export …  to CSV or JSON
//   networkbot backup FILE     a consistent copy of the database, while the bot runs
//   networkbot mixitup solve-mdgp FILE   Mix It Up's grouping engine on an MDGPLIB instance
//   networkbot version

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "bot/cli/commands.hpp"

int main(int argc, char** argv) {
  using namespace networkbot;
  CLI::App app{"networkbot: Turing's networking curriculum in Slack.\n"
               "Without Slack tokens, try `networkbot console` to use the bot in this terminal.",
               "networkbot"};
  app.require_subcommand(1);
  // Global options may also follow the subcommand ("networkbot config check --config FILE"); set
  // before the subcommands are added, which inherit it.
  app.fallthrough();
  app.set_version_flag("--version", std::string("networkbot ") + NETWORKBOT_VERSION);

  cli::global_options g;
  app.add_option("--config", g.config_path, "Configuration file (TOML); default: NETWORKBOT_CONFIG, else built-in defaults")
      ->option_text("FILE");
  app.add_option("--log-level", g.log_level, "trace, debug, info, warn, error, critical or off (overrides the file)");
  app.add_option("--log-format", g.log_format, "human (default) or json: one JSON object per line");

  auto* run = app.add_subcommand("run", "Serve the Slack workspace over Socket Mode. Needs SLACK_APP_TOKEN (xapp-…) "
                                        "and SLACK_BOT_TOKEN (xoxb-…) in the environment.");
  cli::console_options console_opts;
  auto* console = app.add_subcommand("console", "Use the bot in this terminal, on the bundled sample workspace. "
                                                "Reads a script from standard input when it is not a terminal.");
  console->add_option("--as", console_opts.as, "Act as this person (@handle or Slack id); switch later with :as");
  console->add_option("--workspace", console_opts.workspace,
                      "A folder with networkbot.toml and people.csv; default: the bundled sample workspace")
      ->check(CLI::ExistingDirectory);
  auto* config_cmd = app.add_subcommand("config", "Configuration tools");
  config_cmd->require_subcommand(1);
  auto* check = config_cmd->add_subcommand("check", "Check a configuration file and report every problem at once");
  bool online = false;
  check->add_flag("--online", online,
                  "Also ask Slack (SLACK_BOT_TOKEN) whether the bot is a member of every channel it will post to");
  auto* version = app.add_subcommand("version", "Print the version");

  cli::data_options data;
  auto dry_run = [&](CLI::App* cmd) { cmd->add_flag("--dry-run", data.dry_run, "Print what would change, and change nothing"); };
  auto* people = app.add_subcommand("people", "A cohort's life in the directory");
  people->require_subcommand(1);
  auto* advance = people->add_subcommand("advance", "Move every student of a cohort up one module");
  advance->add_option("--cohort", data.cohort, "The cohort, like 2108")->required();
  dry_run(advance);
  auto* repeat = people->add_subcommand("repeat", "One student repeats their module by joining a later cohort");
  repeat->add_option("who", data.who, "The student: Slack id, email or @handle")->required();
  repeat->add_option("--cohort", data.cohort, "The cohort they join, like 2110")->required();
  dry_run(repeat);
  auto* graduate = people->add_subcommand("graduate", "A cohort's Mod 4 students become alumni, keeping their tracker");
  graduate->add_option("--cohort", data.cohort, "The cohort, like 2108")->required();
  dry_run(graduate);

  auto* import = app.add_subcommand("import", "Add or update people or contacts from a CSV file (all or nothing)");
  import->require_subcommand(1);
  auto* import_people = import->add_subcommand("people", "Upsert people by Slack id or email (columns: README)");
  import_people->add_option("file", data.file, "The CSV file")->required();
  dry_run(import_people);
  auto* import_contacts = import->add_subcommand("contacts", "Upsert a student's tracker contacts (columns: README)");
  import_contacts->add_option("file", data.file, "The CSV file")->required();
  import_contacts->add_option("--owner", data.owner, "Whose tracker: Slack id or email; else the file's owner column");
  dry_run(import_contacts);

  auto* export_cmd = app.add_subcommand("export", "Write people or every tracker's contacts as CSV or JSON");
  export_cmd->require_subcommand(1);
  auto* export_people = export_cmd->add_subcommand("people", "Everyone in the directory");
  auto* export_contacts = export_cmd->add_subcommand("contacts", "Every student's contacts, with their history");
  auto* export_reflections = export_cmd->add_subcommand("reflections", "Every weekly reflection, for the staff's spreadsheets");
  for (auto* cmd : {export_people, export_contacts, export_reflections}) {
    cmd->add_option("--format", data.format, "csv (default) or json")->check(CLI::IsMember({"csv", "json"}));
    cmd->add_option("--output", data.output, "Write to this file instead of standard output");
  }

  auto* mentors = app.add_subcommand("mentors", "Mentor assignment");
  mentors->require_subcommand(1);
  bool reassign = false;
  auto* assign = mentors->add_subcommand("assign", "Assign a cohort's students to mentors: optimal under each mentor's capacity");
  assign->add_option("--cohort", data.cohort, "The cohort, like 2108")->required();
  assign->add_flag("--reassign", reassign, "Reassign students who already have a mentor, too");
  dry_run(assign);

  auto* backup = app.add_subcommand("backup", "Copy the database consistently, even while the bot runs");
  backup->add_option("file", data.file, "The new backup file (never overwritten)")->required();

  auto* mixitup = app.add_subcommand("mixitup", "Mix It Up grouping tools");
  mixitup->require_subcommand(1);
  cli::mdgp_options mdgp;
  auto* solve_mdgp = mixitup->add_subcommand("solve-mdgp", "Run the grouping optimiser on an MDGPLIB instance file");
  solve_mdgp->add_option("file", mdgp.file, "The instance (MDGPLIB format)")->required();
  solve_mdgp->add_option("--seconds", mdgp.seconds, "Wall-clock budget, when --work is not given")->capture_default_str();
  solve_mdgp->add_option("--work", mdgp.work, "Work budget (neighbours judged): reproducible, no clock");
  solve_mdgp->add_option("--seed", mdgp.seed, "Random seed: the same seed and work give the same search")->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? cli::exit_code::ok : cli::exit_code::usage;
  }

  const auto env = config::read_environment(config::process_environment());
  if (*run) return cli::run_bot(g, env, std::cout, std::cerr);
  if (*console)
    return cli::run_console(g, console_opts, env, std::cin, std::cout, std::cerr, ::isatty(STDIN_FILENO) != 0);
  if (*check) return cli::check_config(g, env, online, std::cout, std::cerr);
  if (*advance) return cli::people_advance(g, env, data, std::cout, std::cerr);
  if (*repeat) return cli::people_repeat(g, env, data, std::cout, std::cerr);
  if (*graduate) return cli::people_graduate(g, env, data, std::cout, std::cerr);
  if (*import_people) return cli::import_people(g, env, data, std::cout, std::cerr);
  if (*import_contacts) return cli::import_contacts(g, env, data, std::cout, std::cerr);
  if (*export_people) return cli::export_people(g, env, data, std::cout, std::cerr);
  if (*export_contacts) return cli::export_contacts(g, env, data, std::cout, std::cerr);
  if (*export_reflections) return cli::export_reflections(g, env, data, std::cout, std::cerr);
  if (*backup) return cli::backup(g, env, data, std::cout, std::cerr);
  if (*assign) return cli::mentors_assign(g, env, data, reassign, std::cout, std::cerr);
  if (*solve_mdgp) return cli::mixitup_solve_mdgp(mdgp, std::cout, std::cerr);
  if (*version) {
    std::cout << "networkbot " << NETWORKBOT_VERSION << "\n";
    return cli::exit_code::ok;
  }
  return cli::exit_code::usage;
}
