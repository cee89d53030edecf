#include "bot/app/router.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

#include "core/text.hpp"

namespace networkbot::app {

outcome reply_text(rich_text text) {
  message m;
  m.blocks.push_back(section{std::move(text), std::nullopt});
  return outcome{reply_after_ack{std::move(m)}, {}};
}

namespace {

const rule& entry_for(surface on, std::string_view id) { return required_rule(on, id); }

}  // namespace

outcome internal_error_reply() { return reply_text(std::string(internal_error_text)); }

void router::command(command_spec spec) {
  (void)entry_for(surface::command, spec.name);
  if (find_command(spec.name) != nullptr) throw std::logic_error("two commands are called " + spec.name);
  commands_.push_back(std::move(spec));
}

void router::action(std::string action_id, std::function<outcome(const action_call&)> handler) {
  (void)entry_for(surface::button, action_id);
  actions_.emplace_back(std::move(action_id), std::move(handler));
}

void router::view(std::string callback_id, std::function<outcome(const submission_call&)> handler) {
  (void)entry_for(surface::form, callback_id);
  views_.emplace_back(std::move(callback_id), std::move(handler));
}

void router::home(std::function<outcome(const home_call&)> handler) {
  (void)entry_for(surface::home, "");
  home_ = std::move(handler);
}

const command_spec* router::find_command(std::string_view name) const {
  auto it = std::ranges::find(commands_, name, &command_spec::name);
  return it == commands_.end() ? nullptr : &*it;
}

std::vector<const command_spec*> router::commands_for(const core::person& p) const {
  std::vector<const command_spec*> out;
  for (const auto& c : commands_)
    if (may_run(services_, p, find_rule(surface::command, c.name)->who)) out.push_back(&c);
  return out;
}

void fill_from_slack(core::people_directory& people, const std::string& user_id, const slack_profile& profile) {
  auto p = people.find_by_slack_id(user_id);
  if (!p) return;
  auto before = *p;
  const std::string name(core::trim(profile.name));
  if (p->display_name == p->slack_id && !name.empty() && core::is_valid_utf8(name) && name.size() <= 120) p->display_name = name;
  if (p->time_zone.empty() && config::is_time_zone(profile.time_zone)) p->time_zone = profile.time_zone;
  if (profile.deleted) p->active = false;
  if (*p != before) people.upsert(*p);
}

core::person router::who(const std::string& user_id, bool& is_new) {
  is_new = false;
  if (auto p = services_.people.find_by_slack_id(user_id)) return *p;
  is_new = true;
  // Someone the directory does not know yet starts as a student, never as staff, until staff say
  // otherwise; their profile is theirs to complete.
  core::person newcomer;
  newcomer.slack_id = user_id;
  newcomer.display_name = user_id;
  newcomer.roles.add(core::role::student);
  newcomer.id = services_.people.upsert(newcomer);
  spdlog::debug("added {} to the directory as a student on their first request", user_id);
  return newcomer;
}

ack router::check(const view_submission& v) {
  try {
    const auto user = services_.people.find_by_slack_id(v.user_id);
    // Someone unknown, switched off or refused gets a message from handle(); the form just closes.
    if (!user || !user->active || v.opened_for != user->slack_id) return ack_empty{};
    const auto found = std::find_if(views_.begin(), views_.end(), [&](const auto& h) { return h.first == v.callback_id; });
    if (found == views_.end() || !may_run(services_, *user, find_rule(surface::form, found->first)->who)) return ack_empty{};
    const auto tx = services_.tx.begin();  // never committed: a check changes nothing
    outcome o = found->second(submission_call{*user, v, true});
    return std::move(o.acknowledgement);
  } catch (const std::exception& e) {
    // handle() meets the same failure and says so to the person.
    spdlog::error("checking form {} from {} failed: {}", v.callback_id, v.user_id, e.what());
    return ack_empty{};
  }
}

outcome router::handle(const request& r) {
  const std::string& user_id = user_of(r);
  try {
    bool is_new = false;
    const core::person user = who(user_id, is_new);
    if (!user.active && std::holds_alternative<home_opened>(r)) return outcome{};
    if (!user.active)
      return reply_text("Your networkbot profile is switched off. Ask the career-development team to turn it back on.");
    outcome o = handle_as(r, user);
    // Their name and time zone come from Slack after the ack (asked again after a restart lost it).
    if (user.display_name == user.slack_id && lookups_ != nullptr) lookups_->look_up(user_id);
    if (is_new) {
      if (auto* reply = std::get_if<reply_after_ack>(&o.acknowledgement))
        reply->reply.blocks.push_back(context{rich_text{}.plain("Welcome to networkbot! Tell me your program, module and "
                                                                "cohort so I can tailor everything to you: ")
                                                  .code("/network profile edit")});
    }
    return o;
  } catch (const std::exception& e) {
    spdlog::error("request from {} failed: {}", user_id, e.what());
    return internal_error_reply();
  }
}

// One request in a transaction of its own (a savepoint inside the caller's, when there is one): what the
// handler wrote is kept only when it returns. Every modal it opens is marked with whom it was opened for.
outcome router::handle_as(const request& r, const core::person& user) {
  auto tx = services_.tx.begin();
  outcome o = std::visit([&](const auto& v) { return dispatch(v, user); }, r);
  tx->commit();
  for (auto& e : o.effects)
    if (auto* m = std::get_if<open_modal>(&e)) m->view.opened_for = user.slack_id;
  return o;
}

bool is_internal_error(const outcome& o) {
  const auto* r = std::get_if<reply_after_ack>(&o.acknowledgement);
  if (r == nullptr || !o.effects.empty() || r->reply.blocks.size() != 1) return false;
  const auto* s = std::get_if<section>(&r->reply.blocks.front());
  return s != nullptr && !s->accessory && s->text.plain_string() == internal_error_text;
}

namespace {

// What no command takes, refused at the door with what to fix: more than Slack lets anyone type, bytes
// that are not UTF-8, and control characters (tabs and line breaks aside).
std::optional<std::string> unusable_text(std::string_view text) {
  if (text.size() > max_command_text) return "That is more than a command can hold. Keep it under 4,000 characters.";
  if (!core::is_valid_utf8(text)) return "That has characters I can't read (not UTF-8 text). Please type it again.";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
      return "That has control characters in it, invisible ones that often come with pasting. Please type it again.";
  }
  return std::nullopt;
}

}  // namespace

outcome router::dispatch(const slash_command& c, const core::person& user) {
  if (const auto problem = unusable_text(c.text)) return reply_text(*problem);
  const std::string_view text = core::trim(c.text);
  const auto words = core::split_words(text);
  const std::string name = words.empty() ? "help" : core::to_lower(words.front());
  const command_spec* spec = find_command(name);

  const rule* entry = spec == nullptr ? nullptr : find_rule(surface::command, spec->name);
  if (spec == nullptr || !may_run(services_, user, entry->who)) {
    if (spec != nullptr) return reply_text(refusal_for(*entry));
    std::vector<std::string> names;
    for (const auto* s : commands_for(user)) names.push_back(s->name);
    rich_text t;
    t.plain("I don't know ").code("/network " + words.front()).plain(".");
    if (auto guess = core::closest_match(name, names)) t.plain(" Did you mean ").code("/network " + *guess).plain("?");
    t.plain(" Type ").code("/network help").plain(" to see every command.");
    return reply_text(std::move(t));
  }

  std::string rest;
  if (!words.empty()) rest = std::string(core::trim(text.substr(text.find(words.front()) + words.front().size())));
  std::vector<std::string> args(words.begin() + (words.empty() ? 0 : 1), words.end());
  const bool share = spec->shareable && !args.empty() && core::to_lower(args.back()) == "share";
  if (share) {
    args.pop_back();
    rest = std::string(core::trim(std::string_view(rest).substr(0, rest.size() - 5)));
  }
  const command_call call{user, std::move(args), rest, c, share};
  return finished(surface::command, spec->name, user, spec->handler(call));
}

outcome router::finished(surface on, std::string_view id, const core::person& user, outcome o) const {
  if (std::holds_alternative<ack_errors>(o.acknowledgement)) return o;  // the form stays open: nothing changed
  for (const auto& step : after_) step(on, id, user, o);
  return o;
}

outcome router::dispatch(const block_action& a, const core::person& user) {
  // Button values are ours (2,000 bytes at most, plain text): anything else was not made by this bot.
  if (a.value.size() > 2000 || !core::is_valid_utf8(a.value)) {
    spdlog::warn("a button value that this bot never made (action {}); dropped", a.action_id.substr(0, 64));
    return reply_text("That button no longer does anything. Run the command again for a fresh one.");
  }
  for (const auto& [id, handler] : actions_)
    if (a.action_id == id) {
      if (const rule& entry = *find_rule(surface::button, id); !may_run(services_, user, entry.who))
        return reply_text(refusal_for(entry));
      return finished(surface::button, id, user, handler(action_call{user, a}));
    }
  spdlog::warn("no handler for action_id '{}'; dropped", a.action_id);
  return reply_text("That button no longer does anything. Run the command again for a fresh one.");
}

outcome router::dispatch(const view_submission& v, const core::person& user) {
  for (const auto& [id, handler] : views_)
    if (v.callback_id == id) {
      if (v.opened_for != user.slack_id) {
        // Slack only lets the person a modal was opened for submit it, so this is a form from before the
        // mark existed, or one made up. Nothing is saved, and the person is told how to get a fresh one.
        spdlog::warn("form {} from {} was opened for {}; refused", id, user.slack_id,
                     v.opened_for.empty() ? std::string("nobody") : v.opened_for);
        message m;
        m.blocks.push_back(section{rich_text{}.plain("That form was not opened for you, or it is from an older version of "
                                                     "networkbot, so nothing was saved. Open it again from the command or button."),
                                   std::nullopt});
        return outcome{ack_empty{}, {post_message{user.slack_id, std::move(m)}}};
      }
      if (const rule& entry = *find_rule(surface::form, id); !may_run(services_, user, entry.who)) {
        message m;
        m.blocks.push_back(section{refusal_for(entry), std::nullopt});
        return outcome{ack_empty{}, {post_message{user.slack_id, std::move(m)}}};
      }
      return finished(surface::form, id, user, handler(submission_call{user, v}));
    }
  spdlog::warn("no handler for view callback_id '{}'; dropped", v.callback_id);
  return outcome{ack_empty{}, {}};
}

outcome router::dispatch(const home_opened& h, const core::person& user) {
  if (!home_ || !may_run(services_, user, find_rule(surface::home, "")->who)) return outcome{};
  return home_(home_call{user, h});
}

}  // namespace networkbot::app
