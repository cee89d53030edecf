#include "config/config.hpp"

#include <date/tz.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "config/toml_reader.hpp"
#include "core/dates.hpp"
#include "core/text.hpp"

namespace networkbot::config {

namespace {

constexpr std::array<std::string_view, 7> weekday_names{"sunday",   "monday", "tuesday", "wednesday",
                                                        "thursday", "friday", "saturday"};
constexpr std::array<std::string_view, 7> level_names{"trace", "debug", "info", "warn", "error", "critical", "off"};

// Slack's maximum group DM holds eight people besides the bot.
constexpr int max_slack_group = 8;

std::optional<std::chrono::weekday> parse_weekday(std::string_view text) {
  const std::string lowered = core::to_lower(core::trim(text));
  for (std::size_t i = 0; i < weekday_names.size(); ++i)
    if (lowered == weekday_names[i] || (lowered.size() == 3 && weekday_names[i].starts_with(lowered)))
      return std::chrono::weekday{static_cast<unsigned>(i)};
  return std::nullopt;
}

std::optional<time_of_day> parse_time(std::string_view text) {
  // "HH:MM", 24-hour.
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  int h = 0, m = 0;
  if (std::from_chars(text.data(), text.data() + 2, h).ptr != text.data() + 2) return std::nullopt;
  if (std::from_chars(text.data() + 3, text.data() + 5, m).ptr != text.data() + 5) return std::nullopt;
  if (h < 0 || h > 23 || m < 0 || m > 59) return std::nullopt;
  return time_of_day{h, m};
}

bool is_slack_id(std::string_view id, std::string_view first_letters) {
  if (id.size() < 3 || id.size() > 24 || first_letters.find(id.front()) == std::string_view::npos) return false;
  for (char c : id)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  return true;
}

std::string resolve(const std::string& base_dir, const std::string& path) {
  if (path.empty() || base_dir.empty() || path == ":memory:") return path;
  const std::filesystem::path p(path);
  if (p.is_absolute()) return path;
  return (std::filesystem::path(base_dir) / p).lexically_normal().string();
}

// Reads an optional Slack id (team T…, app A…, channel C…, …) into `out`, refusing anything of another shape.
void read_slack_id(toml_reader& r, const toml::table& t, std::string_view path, std::string_view key,
                   std::string& out, std::string_view first_letters, std::string_view what) {
  if (!r.string(t, path, key, out) || out.empty() || is_slack_id(out, first_letters)) return;
  r.fail(*t.get(key), toml_reader::join(path, key),
         "'" + out + "' is not a Slack " + std::string(what) + " id (like " + first_letters.front() + "0123ABCD)");
}

void read_weekday(toml_reader& r, const toml::table& t, std::string_view path, std::string_view key,
                  std::chrono::weekday& out) {
  std::string text;
  if (!r.string(t, path, key, text) || text.empty()) return;
  if (auto d = parse_weekday(text))
    out = *d;
  else
    r.fail(*t.get(key), toml_reader::join(path, key), "'" + text + "' is not a day of the week (like \"friday\")");
}

void read_time(toml_reader& r, const toml::table& t, std::string_view path, std::string_view key, time_of_day& out) {
  std::string text;
  if (!r.string(t, path, key, text)) return;
  if (text.empty()) {  // absent (the default stays), or written as ""
    if (const auto* node = t.get(key))
      r.fail(*node, toml_reader::join(path, key), "is empty: write a 24-hour time like \"14:00\", or leave the key out for the default");
    return;
  }
  if (auto v = parse_time(text))
    out = *v;
  else
    r.fail(*t.get(key), toml_reader::join(path, key), "'" + text + "' is not a 24-hour time like \"14:00\"");
}

void read_settings(const toml::table& root, toml_reader& r, settings& s, const std::string& base_dir) {
  r.only_known_keys(root, "",
                    {"workspace", "database", "staff", "cohorts", "reflection", "nudges", "mix_it_up", "tracker", "goals",
                     "matching", "socket_mode", "outbox", "content", "log"});

  if (const auto* t = r.table(root, "", "workspace")) {
    r.only_known_keys(*t, "workspace", {"time_zone", "team_id", "app_id", "programs", "program_names"});
    if (r.string(*t, "workspace", "time_zone", s.workspace.time_zone) && !is_time_zone(s.workspace.time_zone))
      r.fail(*t->get("time_zone"), "workspace.time_zone",
             "'" + s.workspace.time_zone + "' is not a time zone; use an IANA name like \"America/Denver\"");
    read_slack_id(r, *t, "workspace", "team_id", s.workspace.team_id, "TE", "team");
    read_slack_id(r, *t, "workspace", "app_id", s.workspace.app_id, "A", "app");
    if (r.string_list(*t, "workspace", "programs", s.workspace.programs) && s.workspace.programs.empty())
      r.fail(*t->get("programs"), "workspace.programs", "needs at least one program, like [\"FE\", \"BE\"]");
    if (const auto* names = r.table(*t, "workspace", "program_names")) {
      for (const auto& [key, node] : *names) {
        const std::string program(key.str());
        const std::string path = toml_reader::join("workspace.program_names", program);
        std::string name;
        if (!r.string(*names, "workspace.program_names", program, name)) continue;
        const auto& known = s.workspace.programs;
        if (std::find(known.begin(), known.end(), program) == known.end())
          r.fail(node, path, "'" + program + "' is not one of workspace.programs");
        else if (name.empty() || name.size() > 40)
          r.fail(node, path, "needs a name of 1 to 40 characters, like \"Front-End\"");
        else
          s.workspace.program_names[program] = name;
      }
    }
  }

  if (const auto* t = r.table(root, "", "database")) {
    r.only_known_keys(*t, "database", {"path"});
    if (r.string(*t, "database", "path", s.database.path) && s.database.path.empty())
      r.fail(*t->get("path"), "database.path", "must not be empty");
  }

  if (const auto* t = r.table(root, "", "staff")) {
    r.only_known_keys(*t, "staff", {"user_ids", "user_group", "channel"});
    if (r.string_list(*t, "staff", "user_ids", s.staff.user_ids))
      for (const auto& id : s.staff.user_ids)
        if (!is_slack_id(id, "UW"))
          r.fail(*t->get("user_ids"), "staff.user_ids", "'" + id + "' is not a Slack user id (like U0123ABCD)");
    read_slack_id(r, *t, "staff", "user_group", s.staff.user_group, "S", "user group");
    read_slack_id(r, *t, "staff", "channel", s.staff.channel, "CG", "channel");
  }

  if (const toml::node* node = root.get("cohorts")) {
    const auto* list = node->as_array();
    if (list == nullptr || !list->is_array_of_tables()) {
      r.fail(*node, "cohorts", "must be a list of tables: write each cohort as [[cohorts]] with id and channel");
    } else {
      std::set<std::string> ids;
      for (std::size_t i = 0; i < list->size(); ++i) {
        const auto& t = *list->get(i)->as_table();
        const std::string path = "cohorts[" + std::to_string(i) + "]";
        r.only_known_keys(t, path, {"id", "channel", "active"});
        cohort c;
        r.string(t, path, "id", c.id);
        read_slack_id(r, t, path, "channel", c.channel, "CG", "channel");
        r.boolean(t, path, "active", c.active);
        if (c.id.empty())
          r.fail(t, path + ".id", "each cohort needs an id, like id = \"2108\"");
        else if (!ids.insert(c.id).second)
          r.fail(*t.get("id"), path + ".id", "cohort " + c.id + " is listed twice");
        if (t.get("channel") == nullptr)
          r.fail(t, path + ".channel", "each cohort needs its Slack channel id, like channel = \"C0123ABCD\"");
        s.cohorts.push_back(std::move(c));
      }
    }
  }

  if (const auto* t = r.table(root, "", "reflection")) {
    r.only_known_keys(*t, "reflection",
                      {"day", "time", "reminder_day", "reminder_time", "deliver", "skip", "late_window_hours", "keep_weeks"});
    std::vector<std::string> skip;
    if (r.string_list(*t, "reflection", "skip", skip))
      for (const auto& d : skip) {
        if (auto day = core::parse_date(d)) s.reflection.skip.push_back(*day);
        else r.fail(*t->get("skip"), "reflection.skip", "'" + d + "' is not a date like \"2026-12-25\"");
      }
    r.integer(*t, "reflection", "late_window_hours", s.reflection.late_window_hours, 0, 72);
    r.integer(*t, "reflection", "keep_weeks", s.reflection.keep_weeks, 0, 520);
    read_weekday(r, *t, "reflection", "day", s.reflection.day);
    read_time(r, *t, "reflection", "time", s.reflection.time);
    read_weekday(r, *t, "reflection", "reminder_day", s.reflection.reminder_day);
    read_time(r, *t, "reflection", "reminder_time", s.reflection.reminder_time);
    std::string deliver;
    if (r.string(*t, "reflection", "deliver", deliver) && !deliver.empty()) {
      if (deliver == "channel")
        s.reflection.deliver = delivery::channel;
      else if (deliver == "dm")
        s.reflection.deliver = delivery::dm;
      else
        r.fail(*t->get("deliver"), "reflection.deliver", "must be \"channel\" or \"dm\", not '" + deliver + "'");
    }
  }

  if (const auto* t = r.table(root, "", "nudges")) {
    r.only_known_keys(*t, "nudges", {"follow_up_time", "buddy_day", "buddy_time"});
    read_time(r, *t, "nudges", "follow_up_time", s.nudges.follow_up_time);
    read_weekday(r, *t, "nudges", "buddy_day", s.nudges.buddy_day);
    read_time(r, *t, "nudges", "buddy_time", s.nudges.buddy_time);
  }

  if (const auto* t = r.table(root, "", "mix_it_up")) {
    auto& m = s.mix_it_up;
    r.only_known_keys(*t, "mix_it_up",
                      {"min_group_size", "max_group_size", "history_rounds", "seconds", "weight_module",
                       "weight_program", "weight_cohort", "rounds", "link", "post_hours_before", "checkin_hours_after"});
    const bool min_ok = r.integer(*t, "mix_it_up", "min_group_size", m.min_group_size, 2, max_slack_group);
    bool max_ok = true;
    if (const toml::node* n = t->get("max_group_size"); n != nullptr && n->as_integer() != nullptr &&
                                                         n->as_integer()->get() > max_slack_group) {
      r.fail(*n, "mix_it_up.max_group_size",
             "must be at most 8: a Slack group DM holds at most 8 people besides the bot");
      max_ok = false;
    } else {
      max_ok = r.integer(*t, "mix_it_up", "max_group_size", m.max_group_size, 2, max_slack_group);
    }
    if (min_ok && max_ok && m.min_group_size > m.max_group_size)
      r.fail(*t, "mix_it_up.min_group_size",
             "min_group_size (" + std::to_string(m.min_group_size) + ") is larger than max_group_size (" +
                 std::to_string(m.max_group_size) + ")");
    r.integer(*t, "mix_it_up", "history_rounds", m.history_rounds, 0, 52);
    r.number(*t, "mix_it_up", "seconds", m.seconds, 0.01, 600);
    r.number(*t, "mix_it_up", "weight_module", m.weight_module, 0, 1000);
    r.number(*t, "mix_it_up", "weight_program", m.weight_program, 0, 1000);
    r.number(*t, "mix_it_up", "weight_cohort", m.weight_cohort, 0, 1000);
    std::vector<std::string> rounds;
    if (r.string_list(*t, "mix_it_up", "rounds", rounds))
      for (const auto& text : rounds) {
        if (auto at = core::parse_local_time(text)) m.rounds.push_back(*at);
        else r.fail(*t->get("rounds"), "mix_it_up.rounds", "'" + text + "' is not a meeting time like \"2026-12-02 12:00\"");
      }
    if (r.string(*t, "mix_it_up", "link", m.link) && !m.link.empty() && !m.link.starts_with("https://"))
      r.fail(*t->get("link"), "mix_it_up.link", "must be an https:// address (the video call's link)");
    r.integer(*t, "mix_it_up", "post_hours_before", m.post_hours_before, 1, 24 * 14);
    r.integer(*t, "mix_it_up", "checkin_hours_after", m.checkin_hours_after, 1, 24 * 7);
  }

  if (const auto* t = r.table(root, "", "socket_mode")) {
    r.only_known_keys(*t, "socket_mode", {"connections", "ping_interval", "dead_after"});
    // Slack allows ten connections per app; one is kept free for the handover during a refresh.
    r.integer(*t, "socket_mode", "connections", s.socket_mode.connections, 1, 9);
    const bool ping_ok = r.number(*t, "socket_mode", "ping_interval", s.socket_mode.ping_interval, 0.05, 300);
    const bool dead_ok = r.number(*t, "socket_mode", "dead_after", s.socket_mode.dead_after, 0.1, 600);
    if (ping_ok && dead_ok && s.socket_mode.dead_after <= s.socket_mode.ping_interval) {
      const toml::node* n = t->get("dead_after");
      r.fail(n != nullptr ? *n : static_cast<const toml::node&>(*t), "socket_mode.dead_after",
             "must be longer than socket_mode.ping_interval, or every quiet connection would count as dead");
    }
  }

  if (const auto* t = r.table(root, "", "tracker")) {
    r.only_known_keys(*t, "tracker", {"follow_up_days", "takeaway_follow_up_days", "buddy_request_days"});
    r.integer(*t, "tracker", "follow_up_days", s.tracker.follow_up_days, 1, 90);
    r.integer(*t, "tracker", "takeaway_follow_up_days", s.tracker.takeaway_follow_up_days, 1, 90);
    r.integer(*t, "tracker", "buddy_request_days", s.tracker.buddy_request_days, 1, 60);
  }

  if (const auto* t = r.table(root, "", "matching")) {
    auto& m = s.matching;
    auto& w = m.weights;
    r.only_known_keys(*t, "matching",
                      {"target_company", "shared_background", "shared_interest", "same_program", "near_time_zone",
                       "capacity_left", "pending_request", "intro_expire_days", "intros_waiting_per_student"});
    for (auto [key, field] : {std::pair{"target_company", &w.target_company}, std::pair{"shared_background", &w.shared_background},
                              std::pair{"shared_interest", &w.shared_interest}, std::pair{"same_program", &w.same_program},
                              std::pair{"near_time_zone", &w.near_time_zone}, std::pair{"capacity_left", &w.capacity_left},
                              std::pair{"pending_request", &w.pending_request}})
      r.number(*t, "matching", key, *field, 0, 100);
    r.integer(*t, "matching", "intro_expire_days", m.intro_expire_days, 1, 90);
    r.integer(*t, "matching", "intros_waiting_per_student", m.intros_waiting_per_student, 1, 20);
  }

  if (const auto* t = r.table(root, "", "goals")) {
    // [goals.mod2] warm = 4, cold = 4, action_steps = 1: a file that names any module replaces the
    // default quotas, so a module left out has none.
    r.only_known_keys(*t, "goals", {"mod0", "mod1", "mod2", "mod3", "mod4"});
    s.goals.quotas.clear();
    for (int module = 0; module <= 4; ++module) {
      const std::string key = "mod" + std::to_string(module);
      const std::string path = "goals." + key;
      if (const auto* q = r.table(*t, "goals", key)) {
        r.only_known_keys(*q, path, {"warm", "cold", "action_steps"});
        core::module_quota quota;
        r.integer(*q, path, "warm", quota.warm, 0, 50);
        r.integer(*q, path, "cold", quota.cold, 0, 50);
        r.integer(*q, path, "action_steps", quota.action_steps, 0, 20);
        s.goals.quotas[module] = quota;
      }
    }
  }

  if (const auto* t = r.table(root, "", "outbox")) {
    r.only_known_keys(*t, "outbox", {"concurrency", "per_minute"});
    r.integer(*t, "outbox", "concurrency", s.outbox.concurrency, 1, 32);
    if (const auto* limits = r.table(*t, "outbox", "per_minute")) {
      for (const auto& [key, node] : *limits) {
        const std::string method(key.str());
        double rate = 0;
        if (r.number(*limits, "outbox.per_minute", method, rate, 1, 100000)) s.outbox.per_minute[method] = rate;
      }
    }
  }

  if (const auto* t = r.table(root, "", "content")) {
    r.only_known_keys(*t, "content", {"dir"});
    if (r.string(*t, "content", "dir", s.content.dir) && !s.content.dir.empty()) {
      s.content.dir = resolve(base_dir, s.content.dir);
      if (!std::filesystem::is_directory(s.content.dir))
        r.fail(*t->get("dir"), "content.dir", "no folder at '" + s.content.dir + "'");
    }
  }

  if (const auto* t = r.table(root, "", "log")) {
    r.only_known_keys(*t, "log", {"level", "format"});
    std::string level, format;
    if (r.string(*t, "log", "level", level) && !level.empty()) {
      if (auto l = parse_log_level(level))
        s.log.level = *l;
      else
        r.fail(*t->get("level"), "log.level",
               "'" + level + "' is not a log level; use trace, debug, info, warn, error, critical or off");
    }
    if (r.string(*t, "log", "format", format) && !format.empty()) {
      if (format == "human")
        s.log.format = log_format::human;
      else if (format == "json")
        s.log.format = log_format::json;
      else
        r.fail(*t->get("format"), "log.format", "must be \"human\" or \"json\", not '" + format + "'");
    }
  }

  s.database.path = resolve(base_dir, s.database.path);
}

}  // namespace

std::string describe(const problem& p) {
  std::ostringstream out;
  out << p.file;
  if (p.line > 0) out << ':' << p.line;
  out << ": ";
  if (!p.key.empty()) out << p.key << ": ";
  out << p.message;
  return out.str();
}

std::variant<settings, std::vector<problem>> parse_settings(std::string_view toml_text, const std::string& file,
                                                            const std::string& base_dir) {
  std::vector<problem> problems;
  const auto root = parse_toml(toml_text, file, problems);
  if (!root) return problems;
  settings s;
  toml_reader reader(file, problems);
  read_settings(*root, reader, s, base_dir);
  if (!problems.empty()) return problems;
  return s;
}

std::optional<std::string> read_file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::variant<settings, std::vector<problem>> load_settings_file(const std::string& path) {
  const auto text = read_file_text(path);
  if (!text) return std::vector<problem>{{path, 0, "", "cannot read the file (does it exist, and may networkbot read it?)"}};
  const auto base = std::filesystem::absolute(path).parent_path().string();
  return parse_settings(*text, path, base);
}

std::string program_name(const settings& s, const std::string& program) {
  const auto it = s.workspace.program_names.find(program);
  return it == s.workspace.program_names.end() ? program : it->second;
}

bool is_time_zone(const std::string& name) {
  if (name.empty()) return false;
  try {
    (void)date::locate_zone(name);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

core::zone_rules zone_rules_for(const std::string& zone) {
  const date::time_zone* tz = date::locate_zone(zone);
  return core::zone_rules{
      [tz](core::time_point t) { return std::chrono::local_seconds{tz->to_local(t).time_since_epoch()}; },
      [tz](std::chrono::local_seconds l) {
        const date::local_seconds local{l.time_since_epoch()};
        const auto info = tz->get_info(local);
        if (info.result == date::local_info::nonexistent)  // a spring-forward gap: just after it
          return core::time_point{info.second.begin};
        return core::time_point{tz->to_sys(local, date::choose::earliest).time_since_epoch()};
      }};
}

std::optional<int> utc_offset_minutes(std::string_view zone, std::chrono::sys_seconds at) {
  if (zone.empty()) return std::nullopt;
  try {
    const auto info = date::locate_zone(std::string(zone))->get_info(at);
    return static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(info.offset).count());
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string bundled_data_dir() { return NETWORKBOT_DATA_DIR; }

std::string content_dir(const settings& s) {
  return s.content.dir.empty() ? bundled_data_dir() + "/content" : s.content.dir;
}

std::string_view to_string(log_level level) { return level_names[static_cast<std::size_t>(level)]; }

std::optional<log_level> parse_log_level(std::string_view text) {
  const std::string lowered = core::to_lower(core::trim(text));
  for (std::size_t i = 0; i < level_names.size(); ++i)
    if (lowered == level_names[i]) return static_cast<log_level>(i);
  if (lowered == "warning") return log_level::warn;
  return std::nullopt;
}

}  // namespace networkbot::config
