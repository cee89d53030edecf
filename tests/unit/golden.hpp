#pragma once
// Golden Block Kit files: a rendered view compared with tests/golden/NAME.json.

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace networkbot::testing {

// NETWORKBOT_UPDATE_GOLDEN=1 rewrites the file instead, for a deliberate change of a view (review the
// diff before committing it).
inline void check_golden(const std::string& name, const nlohmann::json& got) {
  const std::string path = std::string(NETWORKBOT_GOLDEN_DIR) + "/" + name + ".json";
  if (const char* update = std::getenv("NETWORKBOT_UPDATE_GOLDEN"); update != nullptr && std::string(update) == "1") {
    std::ofstream(path) << got.dump(2) << "\n";
    return;
  }
  std::ifstream in(path);
  INFO("golden file " << path << " (set NETWORKBOT_UPDATE_GOLDEN=1 to write it)");
  REQUIRE(in.good());
  const nlohmann::json want = nlohmann::json::parse(in);
  INFO("got:\n" << got.dump(2));
  CHECK(got == want);
}

}  // namespace networkbot::testing
