#pragma once
// The console front end: a line-oriented REPL over the same router the Slack adapter uses, for demos
// and tests. It renders the same view models as readable text; buttons are numbered and pressed with
// `:click N`; a modal asks for its fields one at a time (in a script, `field: value` lines).
// Single-threaded: everything runs on the caller's thread.

#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bot/app/router.hpp"

namespace networkbot::console {

struct options {
  bool interactive = false;  // a person at a terminal: prompts and colour; else a script, echoed
  bool color = false;
  std::string as;            // "@maya" or a Slack id; empty: the first student in the directory
};

class session {
 public:
  session(app::router& router, std::istream& in, std::ostream& out, options opts);
  // Reads until end of input or :quit. Returns the process exit code: 0, or 1 when a script asked for
  // someone unknown with --as.
  int run();

 private:
  bool handle_line(const std::string& line);  // false: stop
  void submit_command(const std::string& text);
  void click(const std::string& arg);
  void switch_user(const std::string& who);
  // By Slack id, else by handle (with or without '@'); names who is there when nobody matches.
  [[nodiscard]] std::optional<core::person> find_person(const std::string& who);
  void show(const app::outcome& o);
  void show_message(const app::message& m, const std::string& heading = {});
  void show_block(const app::block& b);
  void run_modal(const app::modal& m);
  [[nodiscard]] std::string render(const app::rich_text& t) const;
  [[nodiscard]] bool read_line(std::string& line);
  void print_help();

  app::router& router_;
  std::istream& in_;
  std::ostream& out_;
  options opts_;
  core::person user_;
  std::vector<app::button> buttons_;  // the buttons shown most recently, numbered from 1
  std::map<std::string, std::vector<app::message>> inbox_;
  bool showing_home_ = false;  // :home shows the tab; a refresh after a change is one line  // DMs to other people, shown when you become them
  std::vector<std::string> history_;
  int next_trigger_ = 1;
};

}  // namespace networkbot::console
