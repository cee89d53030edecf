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

}  // namespace networkbot::testing
