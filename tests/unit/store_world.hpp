#pragma once
// A database file in a fresh temporary folder, with the directory and the tracker's ports over it and
// a clock that stands still: the world the core's storage tests run in.

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/people_import.hpp"
#include "core/store/database.hpp"
#include "core/store/sqlite_people_directory.hpp"
#include "core/store/sqlite_buddy_store.hpp"
#include "core/store/sqlite_contact_store.hpp"
#include "core/store/sqlite_correction_store.hpp"
#include "core/store/sqlite_goal_store.hpp"

namespace networkbot::testing {

struct temp_dir {
  std::filesystem::path path;
  temp_dir() {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           ("networkbot-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~temp_dir() { std::filesystem::remove_all(path); }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  [[nodiscard]] std::string file(const std::string& name) const { return (path / name).string(); }
};

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// 2026-11-20T12:00:00Z, a Friday.
inline constexpr core::time_point test_epoch{std::chrono::seconds{1'795'176'000}};

struct store_world {
  temp_dir dir;
  store::database db{dir.file("networkbot.db")};
  store::sqlite_people_directory people{db};
  store::sqlite_contact_store contacts{db};
  store::sqlite_goal_store goals{db};
  store::sqlite_correction_store corrections{db};
  store::sqlite_buddy_store buddies{db};
  core::manual_clock clock{test_epoch};

  // Imports the bundled sample roster; every test world starts from the same people.
  void load_sample_people() {
    auto result = core::import_people(read_text(std::string(NETWORKBOT_CONFIG_DIR) + "/sample/people.csv"),
                                      core::roster_rules{}, people, db, false);
    if (!std::holds_alternative<core::import_summary>(result)) throw std::runtime_error("the sample roster did not import");
  }
  core::person person(const std::string& who) const {
    auto p = core::find_person(people, who);
    if (!p) throw std::runtime_error("no " + who + " in the test directory");
    return *p;
  }
};

}  // namespace networkbot::testing
