// The directory and tracker tools staff run from a terminal: the cohort lifecycle, imports, exports
// and backups. Each opens the database the configuration names; a write happens in one transaction,
// so a failure or a dry run leaves the database exactly as it was.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <unordered_map>

#include "bot/app/system_clock.hpp"
#include "bot/features/mentors.hpp"
#include "bot/slack/effects.hpp"
#include "config/content.hpp"
#include "core/store/message_queues.hpp"
#include "core/store/sqlite_confirmation_store.hpp"
#include "core/store/sqlite_intro_store.hpp"
#include "core/store/sqlite_job_ledger.hpp"
#include "core/store/sqlite_mixitup_store.hpp"
#include "core/store/sqlite_privacy_store.hpp"
#include "core/store/sqlite_reflection_store.hpp"
#include "bot/cli/commands.hpp"
#include "core/contacts_csv.hpp"
#include "core/lifecycle.hpp"
#include "core/people_import.hpp"
#include "core/store/database.hpp"
#include "core/store/sqlite_buddy_store.hpp"
#include "core/store/sqlite_contact_store.hpp"
#include "core/store/sqlite_correction_store.hpp"
#include "core/store/sqlite_goal_store.hpp"
#include "core/store/sqlite_home_visit_store.hpp"
#include "core/store/sqlite_nudge_store.hpp"
#include "core/store/sqlite_people_directory.hpp"

namespace networkbot::cli {

namespace {

// The database the settings name, with the directory and the contacts over it.
struct opened {
  config::settings settings;
  store::database db;
  store::sqlite_people_directory people{db};
  store::sqlite_contact_store contacts{db};
  explicit opened(config::settings s) : settings(std::move(s)), db(settings.database.path) {
    db.set_cache_kib(64 * 1024);  // imports and exports touch every index: give them room
  }
};

// Runs `body` over the opened database; settings problems and database errors become messages.
template <class Body>
int with_store(const global_options& g, const config::environment& env, std::string_view command, std::ostream& err,
               Body&& body) {
  auto settings = load_settings(g, env, "", err);
  if (!settings) return exit_code::usage;
  try {
    opened o(std::move(*settings));
    return body(o);
  } catch (const std::exception& e) {
    err << "networkbot " << command << ": " << e.what() << "\n";
    return exit_code::failure;
  }
}

std::optional<std::string> read_file(const std::string& path, std::ostream& err) {
  auto text = config::read_file_text(path);
  if (!text) err << "cannot read " << path << ": " << (std::filesystem::exists(path) ? "permission denied" : "no such file") << "\n";
  return text;
}

std::string name_of(const core::person& p) {
  return p.display_name + " (" + (p.slack_id.empty() ? p.email : p.slack_id) + ")";
}

std::string module_text(const std::optional<int>& m) { return m ? "Mod " + std::to_string(*m) : "no module"; }

void print_errors(std::ostream& err, const std::string& file, const std::vector<core::csv::error>& errors) {
  for (const auto& e : errors) {
    if (e.line == 0) err << file << ": " << e.reason << "\n";
    else err << file << ":" << e.line << ":" << e.column << ": " << e.reason << "\n";
  }
  err << "Nothing was imported (" << errors.size() << (errors.size() == 1 ? " problem" : " problems")
      << "): fix the file and run the import again.\n";
}

void print_summary(std::ostream& out, const std::string& file, const core::import_summary& s) {
  if (s.dry_run)
    out << "Dry run of " << file << ": would add " << s.added << ", change " << s.changed << ", leave " << s.unchanged
        << " unchanged. Nothing was written.\n";
  else
    out << file << ": " << s.added << " added, " << s.changed << " changed, " << s.unchanged << " unchanged.\n";
  auto list = [&](const char* label, const std::vector<std::string>& names, std::size_t total) {
    if (names.empty()) return;
    out << "  " << label << ":\n";
    for (const auto& n : names) out << "    " << n << "\n";
    if (total > names.size()) out << "    … and " << (total - names.size()) << " more\n";
  };
  list(s.dry_run ? "would add" : "added", s.added_names, s.added);
  list(s.dry_run ? "would change" : "changed", s.changed_names, s.changed);
}

int print_lifecycle(std::ostream& out, std::ostream& err, const core::lifecycle_plan& plan, const std::string& what,
                    const std::string& cohort, const core::people_directory& people, bool dry_run,
                    const std::function<std::string(const core::lifecycle_change&)>& describe) {
  if (plan.changes.empty() && plan.skipped.empty()) {
    std::set<std::string> cohorts;
    for (const auto& p : people.all())
      if (!p.cohort.empty()) cohorts.insert(p.cohort);
    err << "No one is in cohort " << cohort << ".";
    if (!cohorts.empty()) {
      err << " Cohorts in the directory:";
      for (const auto& c : cohorts) err << " " << c;
    }
    err << "\n";
    return exit_code::usage;
  }
  out << (dry_run ? "Dry run: " : "") << what << " cohort " << cohort << ": " << plan.changes.size()
      << (plan.changes.size() == 1 ? " person" : " people") << (dry_run ? " would change" : " changed") << ".\n";
  for (const auto& c : plan.changes) out << "  " << name_of(c.before) << ": " << describe(c) << "\n";
  if (!plan.skipped.empty()) {
    out << "Left as they are:\n";
    for (const auto& [p, why] : plan.skipped) out << "  " << name_of(p) << ": " << why << "\n";
  }
  if (dry_run) out << "Nothing was written.\n";
  return exit_code::ok;
}

// Writes through a temporary file renamed into place, so a reader never sees half an export.
template <class Write>
int write_output(const data_options& o, std::ostream& out, std::ostream& err, Write&& write) {
  if (o.output.empty()) {
    write(out);
    out.flush();
    return exit_code::ok;
  }
  const std::string partial = o.output + ".partial";
  {
    std::ofstream file(partial, std::ios::binary | std::ios::trunc);
    if (!file) {
      err << "cannot write " << o.output << "\n";
      return exit_code::failure;
    }
    write(file);
    if (!file.flush()) {
      err << "cannot write " << o.output << " (disk full?)\n";
      std::filesystem::remove(partial);
      return exit_code::failure;
    }
  }
  std::filesystem::rename(partial, o.output);
  return exit_code::ok;
}

nlohmann::ordered_json person_json(const core::person& p, const std::string& mentor) {
  nlohmann::ordered_json j;
  j["slack_id"] = p.slack_id;
  j["handle"] = p.handle;
  j["email"] = p.email;
  j["display_name"] = p.display_name;
  j["pronouns"] = p.pronouns;
  nlohmann::ordered_json roles = nlohmann::ordered_json::array();
  for (auto r : {core::role::student, core::role::alum, core::role::mentor, core::role::staff})
    if (p.is(r)) roles.push_back(std::string(core::to_string(r)));
  j["roles"] = roles;
  j["program"] = p.program;
  j["module"] = p.module ? nlohmann::ordered_json(*p.module) : nlohmann::ordered_json(nullptr);
  j["cohort"] = p.cohort;
  j["target_companies"] = p.target_companies;
  j["mentor"] = mentor;
  j["company"] = p.company;
  j["title"] = p.title;
  j["graduating_cohort"] = p.graduating_cohort;
  j["open_to_chats"] = p.open_to_chats.on;
  j["chats_per_month"] = p.open_to_chats.capacity;
  j["available_to_mentor"] = p.available_to_mentor.on;
  j["mentee_capacity"] = p.available_to_mentor.capacity;
  j["background"] = p.background;
  j["interests"] = p.interests;
  j["time_zone"] = p.time_zone;
  j["mixitup"] = std::string(core::to_string(p.mixitup));
  j["snoozed_until"] = p.snoozed_until ? nlohmann::ordered_json(core::format_date(*p.snoozed_until)) : nlohmann::ordered_json(nullptr);
  j["active"] = p.active;
  return j;
}

nlohmann::ordered_json contact_json(const core::contact& c, const std::string& owner, const std::vector<core::contact_event>& events) {
  auto optional_text = [](bool has, const std::string& text) { return has ? nlohmann::ordered_json(text) : nlohmann::ordered_json(nullptr); };
  nlohmann::ordered_json j;
  j["owner"] = owner;
  j["name"] = c.name;
  j["company"] = c.company;
  j["role"] = c.role;
  j["warmth"] = std::string(core::to_string(c.warmth));
  j["list"] = std::string(core::to_string(c.list));
  j["why"] = c.why;
  j["slack_user"] = c.slack_user;
  j["email"] = c.email;
  j["linkedin"] = c.linkedin;
  j["stage"] = std::string(core::to_string(c.stage));
  j["takeaway"] = c.takeaway;
  j["next_action"] = c.next_action;
  j["next_due"] = optional_text(c.next_due.has_value(), c.next_due ? core::format_date(*c.next_due) : "");
  j["created_at"] = core::format_instant(c.created_at);
  j["last_interaction_at"] =
      optional_text(c.last_interaction.has_value(), c.last_interaction ? core::format_instant(*c.last_interaction) : "");
  nlohmann::ordered_json history = nlohmann::ordered_json::array();
  for (const auto& e : events)
    history.push_back({{"at", core::format_instant(e.at)}, {"kind", std::string(core::to_string(e.kind))}, {"text", e.text}});
  j["history"] = history;
  return j;
}

}  // namespace

int people_advance(const global_options& g, const config::environment& env, const data_options& o, std::ostream& out,
                   std::ostream& err) {
  return with_store(g, env, "people advance", err, [&](opened& s) {
    const auto plan = core::plan_advance(s.people, o.cohort);
    const int rc = print_lifecycle(out, err, plan, "Advance", o.cohort, s.people, o.dry_run, [](const core::lifecycle_change& c) {
      return module_text(c.before.module) + " → " + module_text(c.after.module);
    });
    if (rc == exit_code::ok && !o.dry_run) core::apply(plan, s.people, s.db);
    return rc;
  });
}

int people_graduate(const global_options& g, const config::environment& env, const data_options& o, std::ostream& out,
                    std::ostream& err) {
  return with_store(g, env, "people graduate", err, [&](opened& s) {
    const auto plan = core::plan_graduate(s.people, o.cohort);
    const int rc = print_lifecycle(out, err, plan, "Graduate", o.cohort, s.people, o.dry_run, [](const core::lifecycle_change&) {
      return std::string("student → alum (tracker and history kept)");
    });
    if (rc == exit_code::ok && !o.dry_run) core::apply(plan, s.people, s.db);
    return rc;
  });
}

int people_repeat(const global_options& g, const config::environment& env, const data_options& o, std::ostream& out,
                  std::ostream& err) {
  return with_store(g, env, "people repeat", err, [&](opened& s) {
    auto planned = core::plan_repeat(s.people, o.who, o.cohort);
    if (auto* r = std::get_if<core::refusal>(&planned)) {
      err << r->message << "\n";
      return exit_code::usage;
    }
    const auto& plan = std::get<core::lifecycle_plan>(planned);
    const auto& c = plan.changes.front();
    out << (o.dry_run ? "Dry run: " : "") << name_of(c.before) << " repeats " << module_text(c.before.module)
        << ": cohort " << c.before.cohort << " → " << c.after.cohort << ".\n";
    if (o.dry_run) out << "Nothing was written.\n";
    else core::apply(plan, s.people, s.db);
    return exit_code::ok;
  });
}

int import_people(const global_options& g, const config::environment& env, const data_options& o, std::ostream& out,
                  std::ostream& err) {
  return with_store(g, env, "import people", err, [&](opened& s) {
    const auto text = read_file(o.file, err);
    if (!text) return exit_code::usage;
    auto result = core::import_people(*text, core::roster_rules{s.settings.workspace.programs}, s.people, s.db, o.dry_run);
    if (auto* errors = std::get_if<std::vector<core::csv::error>>(&result)) {
      print_errors(err, o.file, *errors);
      return exit_code::usage;
    }
    print_summary(out, o.file, std::get<core::import_summary>(result));
    return exit_code::ok;
  });
}

int import_contacts(const global_options& g, const config::environment& env, const data_options& o, std::ostream& out,
                    std::ostream& err) {
  return with_store(g, env, "import contacts", err, [&](opened& s) {
    std::ifstream in(o.file, std::ios::binary);
    if (!in) {
      err << "cannot read " << o.file << "\n";
      return exit_code::usage;
    }
    app::system_clock clock;
    auto result = core::import_contacts(in, core::contacts_import_options{o.owner, o.dry_run}, s.people, s.contacts, s.db, clock);
    if (auto* errors = std::get_if<std::vector<core::csv::error>>(&result)) {
      print_errors(err, o.file, *errors);
      return exit_code::usage;
    }
    print_summary(out, o.file, std::get<core::import_summary>(result));
    return exit_code::ok;
  });
}

int export_people(const global_options& g, const config::environment& env, const data_options& o, std::ostream& out,
                  std::ostream& err) {
  return with_store(g, env, "export people", err, [&](opened& s) {
    if (o.format == "csv") return write_output(o, out, err, [&](std::ostream& to) { to << core::export_people_csv(s.people); });
    return write_output(o, out, err, [&](std::ostream& to) {
      const auto people = s.people.all();
      std::unordered_map<core::person_id, std::string> refs;
      for (const auto& p : people) refs.emplace(p.id, core::reference_of(p));
      to << "[";
      for (std::size_t i = 0; i < people.size(); ++i)
        to << (i == 0 ? "\n  " : ",\n  ") << person_json(people[i], people[i].mentor ? refs[people[i].mentor] : "").dump();
      to << "\n]\n";
    });
  });
}

int export_contacts(const global_options& g, const config::environment& env, const data_options& o, std::ostream& out,
                    std::ostream& err) {
  return with_store(g, env, "export contacts", err, [&](opened& s) {
    if (o.format == "csv") return write_output(o, out, err, [&](std::ostream& to) { core::export_contacts_csv(to, s.people, s.contacts); });
    return write_output(o, out, err, [&](std::ostream& to) {
      std::unordered_map<core::person_id, std::string> refs;
      for (const auto& p : s.people.all()) refs.emplace(p.id, core::reference_of(p));
      bool first = true;
      to << "[";
      s.contacts.visit_contacts([&](const core::contact& c, const std::vector<core::contact_event>& events) {
        to << (first ? "\n  " : ",\n  ") << contact_json(c, refs[c.owner], events).dump();
        first = false;
      });
      to << "\n]\n";
    });
  });
}

int export_reflections(const global_options& g, const config::environment& env, const data_options& o, std::ostream& out,
                       std::ostream& err) {
  return with_store(g, env, "export reflections", err, [&](opened& s) {
    store::sqlite_reflection_store reflections(s.db);
    const std::vector<std::string> columns{"student", "name", "cohort", "week", "confidence", "status",
                                           "learned", "next_steps", "submitted_at", "updated_at"};
    std::vector<std::vector<std::string>> rows;
    for (const auto& p : s.people.all())
      for (const auto& r : reflections.reflections_of(p.id))
        rows.push_back({core::reference_of(p), p.display_name, p.cohort, r.week, std::to_string(r.confidence),
                        std::string(core::to_string(r.status)), r.learned, r.next_steps, core::format_instant(r.submitted_at),
                        core::format_instant(r.updated_at)});
    return write_output(o, out, err, [&](std::ostream& to) {
      if (o.format == "csv") {
        std::string text;
        core::csv::append_record(text, columns);
        for (const auto& row : rows) core::csv::append_record(text, row);
        to << text;
        return;
      }
      to << "[";
      for (std::size_t i = 0; i < rows.size(); ++i) {
        nlohmann::ordered_json j;
        for (std::size_t c = 0; c < columns.size(); ++c)
          j[columns[c]] = c == 4 ? nlohmann::ordered_json(std::stoi(rows[i][c])) : nlohmann::ordered_json(rows[i][c]);
        to << (i == 0 ? "\n  " : ",\n  ") << j.dump();
      }
      to << "\n]\n";
    });
  });
}

int mentors_assign(const global_options& g, const config::environment& env, const data_options& o, bool reassign,
                   std::ostream& out, std::ostream& err) {
  return with_store(g, env, "mentors assign", err, [&](opened& s) {
    auto content = config::load_content(config::content_dir(s.settings));
    if (auto* problems = std::get_if<std::vector<config::problem>>(&content)) {
      for (const auto& p : *problems) err << config::describe(p) << "\n";
      return exit_code::usage;
    }
    app::system_clock clock;
    store::sqlite_intro_store intros(s.db);
    store::sqlite_reflection_store reflections(s.db);
    store::sqlite_job_ledger job_ledger(s.db);
    store::sqlite_goal_store goals(s.db);
    store::sqlite_correction_store corrections(s.db);
    store::sqlite_buddy_store buddies(s.db);
    store::sqlite_nudge_store nudges(s.db);
    store::sqlite_home_visit_store home_visits(s.db);
    store::sqlite_mixitup_store rounds(s.db);
    store::sqlite_privacy_store privacy(s.db);
    store::sqlite_confirmation_store confirmations(s.db);
    app::services svc{s.settings, std::get<config::content>(content), s.people, clock, s.contacts, goals, corrections, buddies, nudges, home_visits, s.db, intros, reflections, job_ledger, rounds, privacy, confirmations};
    const auto plan = features::plan_mentors(svc, o.cohort, reassign);
    if (plan.students.empty()) {
      err << "No active students in cohort " << o.cohort << ".\n";
      return exit_code::usage;
    }
    for (const auto& line : features::describe(plan)) out << line << "\n";
    if (o.dry_run) {
      out << "Dry run: nothing was saved or posted.\n";
      return exit_code::ok;
    }
    // Saved, and the introductions queued in the outbox the bot sends from (within seconds if it runs,
    // else when it next starts).
    auto t = s.db.begin();
    const auto applied = features::apply(svc, features::new_pairs(plan));
    const auto& effects = applied.introductions;
    const auto now = clock.now().time_since_epoch();
    store::message_queues queues(s.db);
    queues.enqueue(slack::unprompted_rows(effects, std::chrono::duration_cast<std::chrono::seconds>(now).count()),
                   std::chrono::duration_cast<store::millis>(now));
    t->commit();
    out << "Saved " << effects.size() << " new pairs; their introductions go out as group DMs from the running bot.\n";
    return exit_code::ok;
  });
}

int backup(const global_options& g, const config::environment& env, const data_options& o, std::ostream& out,
           std::ostream& err) {
  return with_store(g, env, "backup", err, [&](opened& s) {
    std::error_code ec;
    if (std::filesystem::exists(o.file, ec)) {
      err << o.file << " already exists; give the backup a new name (networkbot never overwrites one)\n";
      return exit_code::usage;
    }
    s.db.backup_to(o.file);
    store::database copy(o.file);  // proves the copy opens and is at this binary's schema
    out << "Backed up " << s.settings.database.path << " to " << o.file << " (schema version " << copy.schema_version()
        << ", " << s.people.all().size() << " people).\n";
    return exit_code::ok;
  });
}

}  // namespace networkbot::cli
