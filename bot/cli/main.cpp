// networkbot: Turing School's networking curriculum as a Slack app.
//   networkbot run             serve the workspace over Socket Mode (needs SLACK_APP_TOKEN, SLACK_BOT_TOKEN)
//   networkbot console         the same bot in a terminal, on the bundled sample workspace
//   networkbot config check    validate a configuration file and the content it uses
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
  auto* version = app.add_subcommand("version", "Print the version");

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
  if (*check) return cli::check_config(g, env, std::cout, std::cerr);
  if (*version) {
    std::cout << "networkbot " << NETWORKBOT_VERSION << "\n";
    return cli::exit_code::ok;
  }
  return cli::exit_code::usage;
}
