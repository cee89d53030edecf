#pragma once
// The world the router and import targets run in, built once per process: the sample workspace
// (config/sample: settings, nine people, their contacts) in an in-memory SQLite database, the bundled
// content, a clock that stands still, and a router with every feature registered. Each input runs
// inside a transaction that is rolled back afterwards, so every input sees the same starting data and
// a replay is deterministic.

#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <variant>

#include "bot/app/router.hpp"
#include "bot/features/features.hpp"
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
#include "core/store/sqlite_confirmation_store.hpp"
#include "core/store/sqlite_intro_store.hpp"
#include "core/store/sqlite_job_ledger.hpp"
#include "core/store/sqlite_mixitup_store.hpp"
#include "core/store/sqlite_people_directory.hpp"
#include "core/store/sqlite_privacy_store.hpp"
#include "core/store/sqlite_reflection_store.hpp"
#include "tests/fuzz/fuzz_input.hpp"

namespace networkbot::fuzz {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("fuzz world: cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::string sample_dir() { return config::bundled_data_dir() + "/sample"; }

// 2026-11-20T12:00:00Z, a Friday: the sample data's own week.
inline constexpr core::time_point world_epoch{std::chrono::seconds{1'795'176'000}};

struct store_world {
  store::database db{":memory:"};
  store::sqlite_people_directory people{db};
  store::sqlite_contact_store contacts{db};
  core::manual_clock clock{world_epoch};

  explicit store_world(bool with_contacts) {
    silence_logging();
    auto people_result = core::import_people(read_file(sample_dir() + "/people.csv"), core::roster_rules{}, people, db, false);
    if (!std::holds_alternative<core::import_summary>(people_result))
      throw std::runtime_error("fuzz world: the sample people did not import");
    if (with_contacts) {
      std::istringstream in(read_file(sample_dir() + "/contacts.csv"));
      auto contacts_result = core::import_contacts(in, core::contacts_import_options{}, people, contacts, db, clock);
      if (!std::holds_alternative<core::import_summary>(contacts_result))
        throw std::runtime_error("fuzz world: the sample contacts did not import");
    }
  }
};

inline config::settings sample_settings() {
  auto parsed = config::parse_settings(read_file(sample_dir() + "/networkbot.toml"), "networkbot.toml", sample_dir());
  if (!std::holds_alternative<config::settings>(parsed)) throw std::runtime_error("fuzz world: the sample settings do not load");
  return std::get<config::settings>(std::move(parsed));
}

inline config::content bundled_content() {
  auto loaded = config::load_content(config::bundled_data_dir() + "/content");
  if (!std::holds_alternative<config::content>(loaded)) throw std::runtime_error("fuzz world: the bundled content does not load");
  return std::get<config::content>(std::move(loaded));
}

struct app_world : store_world {
  config::settings settings = sample_settings();
  config::content content = bundled_content();
  store::sqlite_intro_store intros{db};
  store::sqlite_reflection_store reflections{db};
  store::sqlite_job_ledger job_ledger{db};
  store::sqlite_goal_store goals{db};
  store::sqlite_correction_store corrections{db};
  store::sqlite_buddy_store buddies{db};
  store::sqlite_nudge_store nudges{db};
  store::sqlite_home_visit_store home_visits{db};
  store::sqlite_mixitup_store rounds{db};
  store::sqlite_privacy_store privacy{db};
  store::sqlite_confirmation_store confirmations{db};
  // The same services as tests/unit/fixture.hpp's app_fixture.
  app::services svc{settings, content, people, clock, contacts, goals, corrections, buddies, nudges, home_visits, db, intros, reflections, job_ledger, rounds, privacy, confirmations};
  app::router router{svc};

  app_world() : store_world(true) { features::register_all(router); }

  // Who sends the request: a student with a mentor and contacts, one without, a student in another
  // cohort, an alum, a mentor, staff, or someone the directory does not know yet.
  static const std::string& user(std::size_t choice) {
    static const std::string ids[] = {"U0SAMP0001", "U0SAMP0002", "U0SAMP0003", "U0SAMP0004", "U0SAMP0005",
                                      "U0SAMP0006", "U0SAMP0007", "U0SAMP0008", "U0SAMP0009", "U0NEWCOMER"};
    return ids[choice % std::size(ids)];
  }
};

}  // namespace networkbot::fuzz
