#pragma once
// Files the unit tests read: the real Slack payloads in tests/fixtures/slack, and the project's own.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace networkbot::testing {

inline const std::filesystem::path slack_fixtures = std::filesystem::path(NETWORKBOT_FIXTURES_DIR) / "slack";
inline const std::filesystem::path source_dir = NETWORKBOT_SOURCE_DIR;

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace networkbot::testing
