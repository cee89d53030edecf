#pragma once
// networkbot's configuration: one typed struct, loaded from a TOML file whose every key is documented in
// config/networkbot.example.toml. Without a file, the defaults below are the documented built-in
// configuration. Secrets never live here: see environment.hpp.

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/goals.hpp"
#include "core/matching.hpp"
#include "core/schedule.hpp"

namespace networkbot::config {

enum class log_format { human, json };
enum class log_level { trace, debug, info, warn, error, critical, off };
enum class delivery { channel, dm };

struct time_of_day {
  int hour = 0;
  int minute = 0;
  friend bool operator==(const time_of_day&, const time_of_day&) = default;
};

struct cohort {
  std::string id;       // "2108"
  std::string channel;  // the cohort's Slack channel id, e.g. C0123ABCD
  bool active = true;
};

struct settings {
  struct {
    std::string time_zone = "America/Denver";
    std::string team_id;  // when set, payloads from any other workspace are dropped
    std::string app_id;   // when set, payloads for any other app are dropped
    std::vector<std::string> programs{"FE", "BE"};
    // How each program reads where people see it (a profile, the Home tab); a program with no name here
    // reads as its code. Names given in a file are added to these.
    std::map<std::string, std::string> program_names{{"FE", "Front-End"}, {"BE", "Back-End"}};
  } workspace;

  struct {
    std::string path = "networkbot.db";
  } database;

  struct {
    std::vector<std::string> user_ids;
    std::string user_group;  // a Slack user group id (S…) whose members are staff
    std::string channel;     // where the staff digest goes
  } staff;

  std::vector<cohort> cohorts;

  struct {
    std::chrono::weekday day = std::chrono::Friday;
    time_of_day time{14, 0};
    std::chrono::weekday reminder_day = std::chrono::Monday;
    time_of_day reminder_time{10, 0};
    delivery deliver = delivery::channel;
    std::vector<std::chrono::sys_days> skip;  // dates with no prompt or reminder (breaks, intermission)
    int late_window_hours = 6;                // after downtime, a job still runs this late, never later
    int keep_weeks = 52;                      // answers older than this are deleted; 0 keeps them for ever
  } reflection;

  struct {
    time_of_day follow_up_time{9, 0};                  // the morning DM to those who opted in, daily
    std::chrono::weekday buddy_day = std::chrono::Wednesday;  // the weekly buddy check
    time_of_day buddy_time{12, 0};
  } nudges;

  struct {
    int min_group_size = 4;
    int max_group_size = 6;
    int history_rounds = 6;
    double seconds = 2.0;
    double weight_module = 1.0;
    double weight_program = 1.0;
    double weight_cohort = 1.0;
    // Scheduled rounds: the meeting times (workspace zone). The groups are posted post_hours_before
    // each, with `link`; the "did your group meet?" check-in goes checkin_hours_after it.
    std::vector<std::chrono::local_seconds> rounds;
    std::string link;
    int post_hours_before = 24;
    int checkin_hours_after = 2;
  } mix_it_up;

  struct {
    int follow_up_days = 7;           // a follow-up falls due this long after a logged interaction
    int takeaway_follow_up_days = 7;  // and this long after a takeaway is recorded
    int buddy_request_days = 7;       // a buddy request not answered in this time expires
  } tracker;

  struct {
    std::map<int, core::module_quota> quotas{{2, core::module_quota{4, 4, 1}}};  // by module, 0..4
  } goals;

  struct {
    core::match_weights weights;  // the match score's weights (core/matching.hpp)
    int intro_expire_days = 14;
    int intros_waiting_per_student = 3;
  } matching;

  struct {
    int connections = 2;
    double ping_interval = 10.0;  // seconds between our pings on each connection
    double dead_after = 30.0;     // seconds without any frame or pong before a connection counts as dead
  } socket_mode;

  struct {
    int concurrency = 4;  // messages in flight to Slack at once; also the most a crash can send twice
    // Web API calls a minute, by method, replacing the tier's default (a workspace on a higher plan, or
    // a test fake with its own limits). Method names are checked where the methods are known (bot/slack).
    std::map<std::string, double> per_minute;
  } outbox;

  struct {
    std::string dir;  // empty: the content bundled with networkbot
  } content;

  struct {
    log_level level = log_level::info;
    log_format format = log_format::human;
  } log;
};

// One problem in a configuration file. line is 0 when the problem has no single place (a missing key).
struct problem {
  std::string file;
  std::size_t line = 0;
  std::string key;  // dotted path: "mix_it_up.max_group_size"
  std::string message;
};
// "networkbot.toml:12: mix_it_up.max_group_size: must be at most 8 (…)"
[[nodiscard]] std::string describe(const problem& p);

// Loads and checks a TOML document. `file` names it in messages; relative paths in it (database,
// content) are taken relative to `base_dir` when given. All problems are returned together.
[[nodiscard]] std::variant<settings, std::vector<problem>> parse_settings(std::string_view toml_text,
                                                                          const std::string& file,
                                                                          const std::string& base_dir = "");
[[nodiscard]] std::variant<settings, std::vector<problem>> load_settings_file(const std::string& path);

// The whole of a file as it is on disk (bytes, no newline translation); nothing when it cannot be read.
[[nodiscard]] std::optional<std::string> read_file_text(const std::string& path);

// The folder that holds the bundled content/ and sample/ folders.
[[nodiscard]] std::string bundled_data_dir();
// The content folder these settings use.
[[nodiscard]] std::string content_dir(const settings& s);

// True when `name` is an IANA time zone this machine's tz database knows.
[[nodiscard]] bool is_time_zone(const std::string& name);
// A program as people say it: "Front-End" for FE, a configured name, else the code itself.
[[nodiscard]] std::string program_name(const settings& s, const std::string& program);
// The zone's conversions for the scheduler (core::zone_rules), from the tz database. `zone` must be
// known (is_time_zone).
[[nodiscard]] core::zone_rules zone_rules_for(const std::string& zone);

// The zone's offset from UTC at instant `at`, in minutes; nothing for an unknown zone.
[[nodiscard]] std::optional<int> utc_offset_minutes(std::string_view zone, std::chrono::sys_seconds at);

[[nodiscard]] std::string_view to_string(log_level level);
[[nodiscard]] std::optional<log_level> parse_log_level(std::string_view text);

}  // namespace networkbot::config
