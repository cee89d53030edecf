#pragma once
// The kinds of bad text the bad-input catalogue crosses with every surface: each /network command,
// button and form (bad_input_catalogue_test.cpp), and each CSV column, configuration key, Socket Mode
// frame and Web API answer (bad_input_surfaces_test.cpp). Surfaces add kinds of their own (wrong types,
// forged ids) where only they have them.

#include <string>
#include <vector>

namespace networkbot::testing {

struct bad_text {
  const char* name;
  std::string text;
  bool refused_as_command;  // a command with it is refused, and leaves the database as it was
  bool refused_in_a_file;   // a CSV or configuration file with it is refused
};

inline const std::vector<bad_text>& bad_texts() {
  static const std::vector<bad_text> all{
      {"empty", "", false, false},
      {"enormous", std::string(20000, 'x'), true, false},
      {"invalid UTF-8", "Jamie \xff\xfe Flores", true, true},
      {"control characters", "Jamie\x01\x1b[2J Flores", true, true},
      {"markup injection", "<!channel> <@U0STAFF1> <https://evil.example|click> *bold*", false, false},
      {"SQL-looking", "Robert'); DROP TABLE contacts;-- ", false, false},
  };
  return all;
}

}  // namespace networkbot::testing
