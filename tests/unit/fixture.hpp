#pragma once
// A router over the bundled content and a small directory in an in-memory database, for tests of the app layer.

#include <SQLiteCpp/SQLiteCpp.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bot/app/router.hpp"
#include "bot/features/features.hpp"
#include "config/content.hpp"
#include "core/store/database.hpp"
#include "core/store/sqlite_buddy_store.hpp"
#include "core/store/sqlite_contact_store.hpp"
#include "core/store/sqlite_correction_store.hpp"
#include "core/store/sqlite_goal_store.hpp"
#include "core/store/sqlite_home_visit_store.hpp"
#include "core/store/sqlite_nudge_store.hpp"
#include "core/store/sqlite_people_directory.hpp"
#include "core/store/sqlite_confirmation_store.hpp"
#include "core/store/sqlite_intro_store.hpp"
#include "core/store/sqlite_job_ledger.hpp"
#include "core/store/sqlite_mixitup_store.hpp"
#include "core/store/sqlite_privacy_store.hpp"
#include "core/store/sqlite_reflection_store.hpp"

namespace networkbot::testing {

inline config::content bundled_content() {
  auto loaded = config::load_content(std::string(NETWORKBOT_CONFIG_DIR) + "/content");
  return std::get<config::content>(std::move(loaded));
}

inline core::person student(std::string id, std::string handle) {
  core::person p;
  p.slack_id = std::move(id);
  p.handle = handle;
  p.display_name = handle + " Student";
  p.roles.add(core::role::student);
  p.program = "BE";
  p.module = 2;
  p.cohort = "2108";
  p.pronouns = "she/her";
  return p;
}

// Someone with one role and no roster details: an alum, a mentor.
inline core::person person_with(std::string id, std::string handle, core::role r) {
  core::person p;
  p.slack_id = std::move(id);
  p.display_name = handle + " Person";
  p.handle = std::move(handle);
  p.roles.add(r);
  return p;
}

// Requests as Slack would send them, from `user`.
inline app::slash_command command_request(const std::string& user, const std::string& text) {
  app::slash_command c;
  c.user_id = user;
  c.text = text;
  c.trigger_id = "trigger-1";
  return c;
}

inline app::block_action click_request(const std::string& user, const std::string& action, const std::string& value) {
  app::block_action a;
  a.user_id = user;
  a.action_id = action;
  a.value = value;
  a.trigger_id = "trigger-2";
  return a;
}

// A form submitted by the person it was opened for.
inline app::view_submission submit_request(const std::string& user, const std::string& callback,
                                           std::map<std::string, std::string> values, const std::string& metadata = {}) {
  app::view_submission v;
  v.user_id = user;
  v.callback_id = callback;
  v.private_metadata = metadata;
  v.opened_for = user;
  v.values = std::move(values);
  return v;
}

// Every row of every table, as text: equal snapshots mean nothing was written. `except` leaves one table out.
inline std::string snapshot(store::database& db, std::string_view except = {}) {
  std::string out;
  SQLite::Statement tables(db.handle(), "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  while (tables.executeStep()) {
    const std::string table = tables.getColumn(0).getString();
    if (table == except) continue;
    out += "[" + table + "]\n";
    SQLite::Statement rows(db.handle(), "SELECT * FROM \"" + table + "\" ORDER BY rowid");
    while (rows.executeStep()) {
      for (int c = 0; c < rows.getColumnCount(); ++c) out += rows.getColumn(c).getString() + "|";
      out += "\n";
    }
  }
  return out;
}

// The newcomers the router asked to look up in Slack, in order.
struct recorded_lookups final : app::user_lookups {
  std::vector<std::string> asked;
  void look_up(const std::string& user_id) override { asked.push_back(user_id); }
};

struct app_fixture {
  config::settings settings;
  config::content content = bundled_content();
  store::database db{":memory:"};
  store::sqlite_people_directory people{db};
  store::sqlite_contact_store contacts{db};
  store::sqlite_goal_store goals{db};
  store::sqlite_correction_store corrections{db};
  store::sqlite_buddy_store buddies{db};
  store::sqlite_nudge_store nudges{db};
  store::sqlite_home_visit_store home_visits{db};
  store::sqlite_intro_store intros{db};
  store::sqlite_reflection_store reflections{db};
  store::sqlite_job_ledger job_ledger{db};
  store::sqlite_mixitup_store rounds{db};
  store::sqlite_privacy_store privacy{db};
  store::sqlite_confirmation_store confirmations{db};
  core::manual_clock clock{core::time_point{std::chrono::seconds{1'795'000'000}}};
  app::services svc{settings, content, people, clock, contacts, goals, corrections, buddies, nudges, home_visits, db, intros, reflections, job_ledger, rounds, privacy, confirmations};
  app::router router{svc};
  recorded_lookups lookups;

  app_fixture() {
    settings.staff.user_ids = {"U0STAFF1"};
    people.upsert(student("U0STU1", "maya"));
    people.upsert(student("U0STU2", "devon"));
    core::person staff;
    staff.slack_id = "U0STAFF1";
    staff.handle = "rosa";
    staff.display_name = "Rosa";
    people.upsert(staff);
    features::register_all(router);
    router.look_up_newcomers_with(&lookups);
  }

  app::outcome click(const std::string& user, const std::string& action, const std::string& value) {
    return router.handle(click_request(user, action, value));
  }

  app::outcome submit(const std::string& user, const std::string& callback, std::map<std::string, std::string> values,
                      const std::string& metadata = {}) {
    return router.handle(submit_request(user, callback, std::move(values), metadata));
  }

  app::outcome command(const std::string& user, const std::string& text) { return router.handle(command_request(user, text)); }

  [[nodiscard]] core::person who(const std::string& slack_id) { return *people.find_by_slack_id(slack_id); }
  [[nodiscard]] std::string snapshot(std::string_view except = {}) { return testing::snapshot(db, except); }
};

// Blocks as text, one line each: sections, headers, context lines, and inputs as `[id] label: options`.
inline std::string text_of(const std::vector<app::block>& blocks) {
  std::string out;
  for (const auto& b : blocks) {
    if (const auto* s = std::get_if<app::section>(&b)) out += s->text.plain_string() + "\n";
    if (const auto* h = std::get_if<app::header>(&b)) out += h->text + "\n";
    if (const auto* c = std::get_if<app::context>(&b)) out += c->text.plain_string() + "\n";
    if (const auto* i = std::get_if<app::input>(&b)) {
      out += "[" + i->id + "] " + i->label + ":";
      for (const auto& o : i->options) out += " " + o.label;
      out += "\n";
    }
  }
  return out;
}

// The text of the reply after the ack, flattened.
inline std::string reply_text(const app::outcome& o) {
  const auto* r = std::get_if<app::reply_after_ack>(&o.acknowledgement);
  return r == nullptr ? std::string{} : text_of(r->reply.blocks);
}

// The reply after the ack and every message the outcome posts, flattened.
inline std::string all_text(const app::outcome& o) {
  std::string out = reply_text(o);
  for (const auto& e : o.effects)
    if (const auto* p = std::get_if<app::post_message>(&e)) out += text_of(p->body.blocks);
  return out;
}

}  // namespace networkbot::testing
