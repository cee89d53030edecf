#include "core/tracker.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "core/text.hpp"

namespace networkbot::core {

namespace {

template <class E, std::size_t N>
using names = std::array<std::pair<E, std::string_view>, N>;

constexpr names<warmth, 2> warmth_names{{{warmth::warm, "warm"}, {warmth::cold, "cold"}}};
constexpr names<contact_list, 3> list_names{
    {{contact_list::support_network, "support"}, {contact_list::dormant_ties, "dormant"}, {contact_list::new_contacts, "new"}}};
constexpr names<stage, 5> stage_names{{{stage::idea, "idea"},
                                       {stage::messaged, "messaged"},
                                       {stage::scheduled, "scheduled"},
                                       {stage::met, "met"},
                                       {stage::thanked, "thanked"}}};
constexpr names<event_kind, 6> event_names{{{event_kind::note, "note"},
                                            {event_kind::messaged, "messaged"},
                                            {event_kind::scheduled, "scheduled"},
                                            {event_kind::met, "met"},
                                            {event_kind::thanked, "thanked"},
                                            {event_kind::takeaway, "takeaway"}}};
constexpr names<networking_level, 3> level_names{
    {{networking_level::I, "I"}, {networking_level::II, "II"}, {networking_level::III, "III"}}};

template <class E, std::size_t N>
std::string_view name_of(const names<E, N>& table, E value) {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return table.front().second;
}

template <class E, std::size_t N>
std::optional<E> value_of(const names<E, N>& table, std::string_view text) {
  const std::string lowered = to_lower(trim(text));
  for (const auto& [v, name] : table)
    if (lowered == to_lower(name)) return v;
  return std::nullopt;
}

constexpr std::size_t max_name = 120;
constexpr std::size_t max_short = 200;
constexpr std::size_t max_long = 2000;

bool has_control_bytes(std::string_view s, bool allow_newlines) {
  return std::ranges::any_of(s, [&](char c) {
    const auto u = static_cast<unsigned char>(c);
    if (allow_newlines && (c == '\n' || c == '\t')) return false;
    return u < 0x20 || u == 0x7f;
  });
}

// Trims `value` and checks its length and bytes; a refusal names the field.
std::optional<refusal> check_text(std::string& value, std::string_view label, std::size_t max, bool multiline,
                                  std::string_view key = {}) {
  value = std::string(trim(value));
  const std::string field(key);
  if (!is_valid_utf8(value)) return refusal{std::string(label) + " is not valid UTF-8 text", field};
  if (has_control_bytes(value, multiline))
    return refusal{std::string(label) + " has control characters; type it as plain text", field};
  if (value.size() > max)
    return refusal{std::string(label) + " is too long (" + std::to_string(value.size()) + " bytes; at most " +
                       std::to_string(max) + ")",
                   field};
  return std::nullopt;
}

bool looks_like_user_id(std::string_view id) {
  if (id.size() < 3 || id.size() > 20 || (id.front() != 'U' && id.front() != 'W')) return false;
  return std::ranges::all_of(id, [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

std::string default_next_action(stage s) {
  switch (s) {
    case stage::idea: return "Send your outreach message";
    case stage::messaged: return "Follow up if you have not heard back";
    case stage::scheduled: return "Prepare your questions for the conversation";
    case stage::met: return "Send a thank-you and record your one takeaway";
    case stage::thanked: return "Keep in touch: share how their advice helped";
  }
  return {};
}

}  // namespace

std::string_view to_string(warmth w) { return name_of(warmth_names, w); }
std::string_view to_string(contact_list l) { return name_of(list_names, l); }
std::string_view to_string(stage s) { return name_of(stage_names, s); }
std::string_view to_string(event_kind k) { return name_of(event_names, k); }
std::string_view to_string(networking_level l) { return name_of(level_names, l); }

std::string_view describe(contact_list l) {
  switch (l) {
    case contact_list::support_network: return "support network";
    case contact_list::dormant_ties: return "dormant ties";
    case contact_list::new_contacts: return "new contacts";
  }
  return "new contacts";
}

std::optional<warmth> parse_warmth(std::string_view text) { return value_of(warmth_names, text); }
std::optional<stage> parse_stage(std::string_view text) { return value_of(stage_names, text); }
std::optional<event_kind> parse_event_kind(std::string_view text) { return value_of(event_names, text); }

std::optional<contact_list> parse_contact_list(std::string_view text) {
  if (auto l = value_of(list_names, text)) return l;
  const std::string lowered = to_lower(trim(text));
  for (const auto& [v, name] : list_names)
    if (lowered == describe(v)) return v;
  if (lowered == "support_network" || lowered == "support-network") return contact_list::support_network;
  if (lowered == "dormant_ties" || lowered == "dormant-ties") return contact_list::dormant_ties;
  if (lowered == "new_contacts" || lowered == "new-contacts") return contact_list::new_contacts;
  return std::nullopt;
}

std::optional<networking_level> parse_level(std::string_view text) {
  const std::string t = to_lower(trim(text));
  if (t == "i" || t == "1") return networking_level::I;
  if (t == "ii" || t == "2") return networking_level::II;
  if (t == "iii" || t == "3") return networking_level::III;
  return std::nullopt;
}

event_kind event_for(stage reached) {
  switch (reached) {
    case stage::messaged: return event_kind::messaged;
    case stage::scheduled: return event_kind::scheduled;
    case stage::met: return event_kind::met;
    case stage::thanked: return event_kind::thanked;
    case stage::idea: break;
  }
  return event_kind::note;
}

std::optional<refusal> check_contact(contact& c) {
  struct text_field {
    std::string* value;
    const char* label;
    const char* key;
    std::size_t max;
    bool multiline;
  };
  for (const auto& f : {text_field{&c.name, "The contact's name", "name", max_name, false},
                        text_field{&c.company, "The company", "company", max_short, false},
                        text_field{&c.role, "The role", "role", max_short, false},
                        text_field{&c.email, "The email", "email", max_short, false},
                        text_field{&c.linkedin, "The LinkedIn URL", "linkedin", max_short, false},
                        text_field{&c.slack_user, "The Slack user", "slack_user", max_short, false},
                        text_field{&c.why, "Why this person", "why", max_long, true},
                        text_field{&c.takeaway, "The takeaway", "takeaway", max_long, true},
                        text_field{&c.next_action, "The next action", "next_action", max_long, true}})
    if (auto r = check_text(*f.value, f.label, f.max, f.multiline, f.key)) return r;
  if (c.name.empty()) return refusal{"A contact needs a name", "name"};
  if (!c.slack_user.empty() && !looks_like_user_id(c.slack_user))
    return refusal{"'" + c.slack_user + "' is not a Slack user id (like U024BE7LH)", "slack_user"};
  if (!c.email.empty() && (c.email.find('@') == std::string::npos || c.email.find(' ') != std::string::npos))
    return refusal{"'" + c.email + "' is not an email address", "email"};
  if (!c.linkedin.empty()) {
    std::string url = c.linkedin;
    for (std::string_view scheme : {"https://", "http://"})
      if (to_lower(url).starts_with(scheme)) url.erase(0, scheme.size());
    if (to_lower(url).starts_with("www.")) url.erase(0, 4);
    if (!to_lower(url).starts_with("linkedin.com/") || url.size() <= 13)
      return refusal{"'" + c.linkedin + "' is not a LinkedIn profile URL (like https://www.linkedin.com/in/name)", "linkedin"};
    c.linkedin = "https://www." + to_lower(url.substr(0, 13)) + url.substr(13);
  }
  return std::nullopt;
}

result<contact> tracker::owned(person_id owner, contact_id id) const {
  auto c = contacts_.find_contact(id);
  if (!c || c->owner != owner) return refusal{"There is no contact #" + std::to_string(id) + " in your tracker"};
  return *c;
}

result<contact> tracker::add(person_id owner, contact draft) {
  draft.id = 0;
  draft.owner = owner;
  if (auto r = check_contact(draft)) return *r;
  if (auto existing = contacts_.find_contact_named(owner, draft.name, draft.company))
    return refusal{draft.name + (draft.company.empty() ? "" : " at " + draft.company) +
                   " is already in your tracker (#" + std::to_string(existing->id) + ")"};
  draft.created_at = clock_.now();
  if (draft.next_action.empty()) draft.next_action = default_next_action(draft.stage);
  draft.id = contacts_.save_contact(draft);
  return draft;
}

result<contact> tracker::log(person_id owner, contact_id id, stage reached, std::string_view note) {
  if (reached == stage::idea) return refusal{"Log what happened: messaged, scheduled, met or thanked"};
  auto found = owned(owner, id);
  if (auto* r = std::get_if<refusal>(&found)) return *r;
  auto c = std::get<contact>(std::move(found));
  std::string text(note);
  if (auto r = check_text(text, "The note", max_long, true)) return *r;

  const auto now = clock_.now();
  c.stage = std::max(c.stage, reached);
  c.last_interaction = now;
  c.next_due = day_of(now) + std::chrono::days{rules_.follow_up_days};
  c.next_action = default_next_action(c.stage);
  auto tx = tx_.begin();
  contacts_.save_contact(c);
  contacts_.add_event({0, c.id, now, event_for(reached), text});
  tx->commit();
  return c;
}

result<contact> tracker::note(person_id owner, contact_id id, std::string_view text_in) {
  auto found = owned(owner, id);
  if (auto* r = std::get_if<refusal>(&found)) return *r;
  std::string text(text_in);
  if (auto r = check_text(text, "The note", max_long, true)) return *r;
  if (text.empty()) return refusal{"The note is empty; write what you want to remember"};
  contacts_.add_event({0, id, clock_.now(), event_kind::note, text});
  return std::get<contact>(std::move(found));
}

result<contact> tracker::record_takeaway(person_id owner, contact_id id, std::string_view text_in) {
  auto found = owned(owner, id);
  if (auto* r = std::get_if<refusal>(&found)) return *r;
  auto c = std::get<contact>(std::move(found));
  std::string text(text_in);
  if (auto r = check_text(text, "The takeaway", max_long, true)) return *r;
  if (text.empty()) return refusal{"The takeaway is empty; write the one thing you took away"};

  const auto now = clock_.now();
  auto tx = tx_.begin();
  if (c.stage < stage::met) {
    c.stage = stage::met;
    contacts_.add_event({0, c.id, now, event_kind::met, ""});
  }
  c.takeaway = text;
  c.last_interaction = now;
  c.next_due = day_of(now) + std::chrono::days{rules_.takeaway_follow_up_days};
  c.next_action = c.stage < stage::thanked ? "Send a thank-you that mentions your takeaway"
                                           : "Follow up: tell them how you used their advice";
  contacts_.save_contact(c);
  contacts_.add_event({0, c.id, now, event_kind::takeaway, text});
  tx->commit();
  return c;
}

result<contact> tracker::set_next_action(person_id owner, contact_id id, std::string_view text_in, std::optional<date> due) {
  auto found = owned(owner, id);
  if (auto* r = std::get_if<refusal>(&found)) return *r;
  auto c = std::get<contact>(std::move(found));
  c.next_action = std::string(text_in);
  if (auto r = check_text(c.next_action, "The next action", max_long, true)) return *r;
  c.next_due = due;
  contacts_.save_contact(c);
  return c;
}

std::vector<contact> tracker::contacts(person_id owner, const contact_filter& filter) const {
  auto all = contacts_.contacts_of(owner);
  const date now = today();
  std::erase_if(all, [&](const contact& c) {
    if (filter.warmth && c.warmth != *filter.warmth) return true;
    if (filter.stage && c.stage != *filter.stage) return true;
    if (filter.due_only && !(c.next_due && *c.next_due <= now)) return true;
    return false;
  });
  return all;
}

std::vector<contact> tracker::followups(person_id owner) const {
  contact_filter filter;
  filter.due_only = true;
  auto due = contacts(owner, filter);
  std::ranges::stable_sort(due, [](const contact& a, const contact& b) { return *a.next_due < *b.next_due; });
  return due;
}

result<contact> tracker::find(person_id owner, std::string_view name_or_id) const {
  name_or_id = trim(name_or_id);
  if (name_or_id.empty()) return refusal{"Say which contact: a name, or # and its number"};
  if (name_or_id.starts_with('#')) {
    contact_id id = 0;
    for (char c : name_or_id.substr(1)) {
      if (c < '0' || c > '9' || id > 1'000'000'000'000) return refusal{"'" + std::string(name_or_id) + "' is not a contact number"};
      id = id * 10 + (c - '0');
    }
    return owned(owner, id);
  }
  const std::string wanted = to_lower(name_or_id);
  const auto all = contacts_.contacts_of(owner);
  std::vector<const contact*> prefixed;
  for (const auto& c : all) {
    const std::string name = to_lower(c.name);
    if (name == wanted) return c;
    if (name.starts_with(wanted)) prefixed.push_back(&c);
  }
  if (prefixed.size() == 1) return *prefixed.front();
  if (prefixed.empty()) {
    // A typo in the whole name, or in its first word ("Jamiee" for Jamie Flores).
    std::vector<std::string> names, firsts;
    for (const auto& c : all) {
      names.push_back(to_lower(c.name));
      firsts.push_back(to_lower(c.name.substr(0, c.name.find(' '))));
    }
    std::string message = "No contact called '" + std::string(name_or_id) + "' in your tracker";
    std::optional<std::string> guess;
    if (auto g = closest_match(wanted, names)) guess = all[static_cast<std::size_t>(std::ranges::find(names, *g) - names.begin())].name;
    else if (auto f = closest_match(wanted, firsts)) guess = all[static_cast<std::size_t>(std::ranges::find(firsts, *f) - firsts.begin())].name;
    if (guess) message += "; did you mean " + *guess + "?";
    return refusal{message};
  }
  std::string message = "'" + std::string(name_or_id) + "' matches several contacts:";
  for (const auto* c : prefixed) message += " " + c->name + " (#" + std::to_string(c->id) + ")";
  return refusal{message + "; use the number, like #" + std::to_string(prefixed.front()->id)};
}

std::vector<contact_event> tracker::history(person_id owner, contact_id id) const {
  auto found = owned(owner, id);
  if (std::holds_alternative<refusal>(found)) return {};
  return contacts_.events_of(id);
}

result<goal> tracker::set_goal(person_id owner, networking_level level, std::optional<date> due) {
  if (due && *due < today()) return refusal{"The due date " + format_date(*due) + " has already passed; pick a later one"};
  goal g{owner, level, due, clock_.now()};
  const auto before = goals_.goal_of(owner);
  auto tx = tx_.begin();
  goals_.save_goal(g);
  if (before && (before->level != g.level || before->due != g.due))
    record(owner, correction_kind::goal_changed, 0,
           "Level " + std::string(to_string(before->level)) + (before->due ? " by " + format_date(*before->due) : "") + " → Level " +
               std::string(to_string(g.level)) + (g.due ? " by " + format_date(*g.due) : ""));
  tx->commit();
  return g;
}

result<action_step> tracker::add_action_step(person_id owner, std::optional<int> module, std::string_view text_in,
                                             std::optional<date> due) {
  action_step s{0, owner, module, std::string(text_in), due, clock_.now(), std::nullopt};
  if (auto r = check_text(s.text, "The action step", max_short, false)) return *r;
  if (s.text.empty()) return refusal{"Describe the action step, like: attend the Denver Ruby meetup"};
  s.id = goals_.save_action_step(s);
  return s;
}

result<action_step> tracker::complete_action_step(person_id owner, std::int64_t id) {
  for (auto s : goals_.action_steps_of(owner)) {
    if (s.id != id) continue;
    if (!s.done_at) {
      s.done_at = clock_.now();
      goals_.save_action_step(s);
    }
    return s;
  }
  return refusal{"There is no action step #" + std::to_string(id) + " of yours"};
}

std::string_view to_string(buddy_state s) {
  switch (s) {
    case buddy_state::pending: return "pending";
    case buddy_state::accepted: return "accepted";
    case buddy_state::declined: return "declined";
    case buddy_state::ended: return "ended";
  }
  return "pending";
}

std::optional<buddy_state> parse_buddy_state(std::string_view text) {
  for (auto s : {buddy_state::pending, buddy_state::accepted, buddy_state::declined, buddy_state::ended})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

result<buddy_link> tracker::ask_buddy(person_id requester, person_id partner) {
  if (requester == partner) return refusal{"You can't be your own buddy; pick a classmate"};
  for (const auto& link : buddies_.buddy_links_of(requester)) {
    if (link.state == buddy_state::pending && expired(link)) continue;
    if (link.state == buddy_state::accepted) return refusal{"You already have a buddy; one at a time keeps it personal"};
    if (link.state == buddy_state::pending && link.requester == requester)
      return refusal{"You already asked someone; wait for their answer first"};
    if (link.state == buddy_state::pending && link.requester == partner)
      return refusal{"They already asked you: accept their request instead"};
  }
  for (const auto& link : buddies_.buddy_links_of(partner))
    if (link.state == buddy_state::accepted) return refusal{"They already have a buddy"};
  buddy_link link{0, requester, partner, buddy_state::pending, clock_.now(), std::nullopt};
  link.id = buddies_.save_buddy_link(link);
  return link;
}

result<buddy_link> tracker::answer_buddy(person_id partner, std::int64_t link_id, bool accept) {
  auto link = buddies_.find_buddy_link(link_id);
  if (!link || link->partner != partner) return refusal{"That buddy request is not for you"};
  if (link->state == buddy_state::ended && !link->answered_at) return refusal{"That request was withdrawn"};
  // A second click (a double click, or the other button afterwards) is told what the first did.
  switch (link->state) {
    case buddy_state::pending: break;
    case buddy_state::accepted: return refusal{"That request was already answered: you accepted it, so you are buddies"};
    case buddy_state::declined: return refusal{"That request was already answered: you declined it, and nothing is shared"};
    case buddy_state::ended: return refusal{"That request was already answered, and that buddy link has ended since"};
  }
  if (expired(*link))
    return refusal{"That request expired after " + std::to_string(rules_.buddy_request_days) +
                   " days; ask them again with /network buddy if you'd still like to"};
  if (accept)
    for (person_id who : {link->requester, link->partner})
      if (buddy_of(who)) return refusal{"One of you has found another buddy in the meantime"};
  link->state = accept ? buddy_state::accepted : buddy_state::declined;
  link->answered_at = clock_.now();
  buddies_.save_buddy_link(*link);
  return *link;
}

std::optional<buddy_link> tracker::buddy_of(person_id who) const {
  for (const auto& link : buddies_.buddy_links_of(who))
    if (link.state == buddy_state::accepted) return link;
  return std::nullopt;
}

// --- corrections ---

std::string_view to_string(correction_kind k) {
  switch (k) {
    case correction_kind::contact_edited: return "contact_edited";
    case correction_kind::contact_deleted: return "contact_deleted";
    case correction_kind::step_undone: return "step_undone";
    case correction_kind::goal_changed: return "goal_changed";
    case correction_kind::goal_cleared: return "goal_cleared";
    case correction_kind::action_step_edited: return "action_step_edited";
    case correction_kind::action_step_deleted: return "action_step_deleted";
    case correction_kind::buddy_ended: return "buddy_ended";
    case correction_kind::buddy_request_cancelled: return "buddy_request_cancelled";
    case correction_kind::intro_withdrawn: return "intro_withdrawn";
  }
  return "contact_edited";
}

std::optional<correction_kind> parse_correction_kind(std::string_view text) {
  for (int i = 0; i <= static_cast<int>(correction_kind::intro_withdrawn); ++i)
    if (to_string(static_cast<correction_kind>(i)) == text) return static_cast<correction_kind>(i);
  return std::nullopt;
}

void tracker::record(person_id owner, correction_kind kind, contact_id contact, std::string summary) {
  corrections_.add_correction(correction{0, owner, clock_.now(), kind, contact, std::move(summary)});
}

bool tracker::expired(const buddy_link& link) const {
  return link.state == buddy_state::pending && clock_.now() - link.created_at >= std::chrono::days{rules_.buddy_request_days};
}

result<std::vector<timeline_entry>> tracker::timeline(person_id owner, contact_id id) const {
  auto found = owned(owner, id);
  if (auto* r = std::get_if<refusal>(&found)) return *r;
  std::vector<timeline_entry> out;
  for (auto& e : contacts_.events_of(id)) out.push_back({e.at, std::move(e)});
  for (auto& c : corrections_.corrections_of(owner))
    if (c.contact == id) out.push_back({c.at, std::move(c)});
  std::ranges::stable_sort(out, [](const timeline_entry& a, const timeline_entry& b) { return a.at < b.at; });
  return out;
}

result<contact> tracker::edit(person_id owner, contact_id id, const contact_changes& changes) {
  auto found = owned(owner, id);
  if (auto* r = std::get_if<refusal>(&found)) return *r;
  const contact before = std::get<contact>(found);
  contact c = before;
  c.name = changes.name;
  c.company = changes.company;
  c.role = changes.role;
  c.warmth = changes.warmth;
  c.list = changes.list;
  c.why = changes.why;
  c.slack_user = changes.slack_user;
  if (auto r = check_contact(c)) return *r;
  if (to_lower(c.name) != to_lower(before.name) || to_lower(c.company) != to_lower(before.company))
    if (auto other = contacts_.find_contact_named(owner, c.name, c.company); other && other->id != id)
      return refusal{c.name + (c.company.empty() ? "" : " at " + c.company) + " is already in your tracker (#" +
                     std::to_string(other->id) + ")", "name"};
  std::string changed;
  const auto note = [&](bool differs, const char* what) {
    if (differs) changed += (changed.empty() ? "" : ", ") + std::string(what);
  };
  note(c.name != before.name, "name");
  note(c.company != before.company, "company");
  note(c.role != before.role, "role");
  note(c.warmth != before.warmth, "warm or cold");
  note(c.list != before.list, "list");
  note(c.why != before.why, "how you know them");
  note(c.slack_user != before.slack_user, "Slack user");
  if (changed.empty()) return c;
  auto tx = tx_.begin();
  contacts_.save_contact(c);
  record(owner, correction_kind::contact_edited, id, "Edited: " + changed);
  tx->commit();
  return c;
}

result<contact> tracker::remove(person_id owner, contact_id id) {
  auto found = owned(owner, id);
  if (auto* r = std::get_if<refusal>(&found)) return *r;
  auto tx = tx_.begin();
  contacts_.delete_contact(id);
  // The number only: the person asked for the contact to be gone, its name with it.
  record(owner, correction_kind::contact_deleted, id, "Deleted contact #" + std::to_string(id));
  tx->commit();
  return std::get<contact>(std::move(found));
}

namespace {

std::optional<stage> stage_of(event_kind k) {
  switch (k) {
    case event_kind::messaged: return stage::messaged;
    case event_kind::scheduled: return stage::scheduled;
    case event_kind::met: return stage::met;
    case event_kind::thanked: return stage::thanked;
    default: return std::nullopt;
  }
}

}  // namespace

result<contact> tracker::undo_last_step(person_id owner, contact_id id) {
  auto found = owned(owner, id);
  if (auto* r = std::get_if<refusal>(&found)) return *r;
  auto c = std::get<contact>(std::move(found));
  auto events = contacts_.events_of(id);
  const auto last = std::ranges::find_if(events.rbegin(), events.rend(), [](const contact_event& e) { return stage_of(e.kind).has_value(); });
  if (last == events.rend()) return refusal{"Nothing is logged on " + c.name + " yet, so there is nothing to undo"};
  const contact_event undone = *last;
  events.erase(std::next(last).base());
  // What the rest of the history says: the furthest stage reached, the last interaction, its follow-up.
  c.stage = stage::idea;
  c.last_interaction.reset();
  for (const auto& e : events)
    if (const auto reached = stage_of(e.kind)) {
      c.stage = std::max(c.stage, *reached);
      c.last_interaction = e.at;
    }
  if (!c.takeaway.empty()) c.stage = std::max(c.stage, stage::met);
  c.next_due.reset();
  if (c.last_interaction) c.next_due = day_of(*c.last_interaction) + std::chrono::days{rules_.follow_up_days};
  c.next_action = default_next_action(c.stage);
  auto tx = tx_.begin();
  contacts_.delete_event(undone.id);
  contacts_.save_contact(c);
  record(owner, correction_kind::step_undone, id,
         "Undid \"" + std::string(to_string(*stage_of(undone.kind))) + "\", logged " + format_date(day_of(undone.at)));
  tx->commit();
  return c;
}

result<goal> tracker::clear_goal(person_id owner) {
  const auto g = goals_.goal_of(owner);
  if (!g) return refusal{"You have no goal to clear"};
  auto tx = tx_.begin();
  goals_.delete_goal(owner);
  record(owner, correction_kind::goal_cleared, 0, "Cleared Level " + std::string(to_string(g->level)));
  tx->commit();
  return *g;
}

result<action_step> tracker::edit_action_step(person_id owner, std::int64_t id, std::string_view text_in, std::optional<date> due) {
  for (auto s : goals_.action_steps_of(owner)) {
    if (s.id != id) continue;
    std::string text(text_in);
    if (auto r = check_text(text, "The action step", max_short, false)) return *r;
    if (text.empty()) return refusal{"Describe the action step, like: attend the Denver Ruby meetup"};
    if (due && *due < today()) return refusal{"The date " + format_date(*due) + " has already passed; pick a later one"};
    s.text = text;
    s.due = due;
    auto tx = tx_.begin();
    goals_.save_action_step(s);
    record(owner, correction_kind::action_step_edited, 0, "Edited action step #" + std::to_string(id));
    tx->commit();
    return s;
  }
  return refusal{"There is no action step #" + std::to_string(id) + " of yours"};
}

result<action_step> tracker::delete_action_step(person_id owner, std::int64_t id) {
  for (const auto& s : goals_.action_steps_of(owner)) {
    if (s.id != id) continue;
    auto tx = tx_.begin();
    goals_.delete_action_step(id);
    record(owner, correction_kind::action_step_deleted, 0, "Deleted action step #" + std::to_string(id));
    tx->commit();
    return s;
  }
  return refusal{"There is no action step #" + std::to_string(id) + " of yours"};
}

result<buddy_link> tracker::end_buddy(person_id who) {
  auto link = buddy_of(who);
  if (!link) return refusal{"You have no buddy right now"};
  link->state = buddy_state::ended;
  auto tx = tx_.begin();
  buddies_.save_buddy_link(*link);
  record(who, correction_kind::buddy_ended, 0, "Ended the buddy link");
  tx->commit();
  return *link;
}

std::optional<buddy_link> tracker::pending_buddy_request(person_id who) const {
  for (const auto& link : buddies_.buddy_links_of(who))
    if (link.state == buddy_state::pending && !expired(link)) return link;
  return std::nullopt;
}

std::vector<buddy_link> tracker::buddy_requests_expired_since(time_point since) const {
  const auto lifetime = std::chrono::days{rules_.buddy_request_days};
  return buddies_.pending_buddy_links_asked(since - lifetime, clock_.now() - lifetime + std::chrono::seconds{1});
}

result<buddy_link> tracker::cancel_buddy_request(person_id requester) {
  auto link = pending_buddy_request(requester);
  if (!link || link->requester != requester) return refusal{"You have no buddy request waiting"};
  // Ended with no answer: withdrawn before the other student answered.
  link->state = buddy_state::ended;
  link->answered_at.reset();
  auto tx = tx_.begin();
  buddies_.save_buddy_link(*link);
  record(requester, correction_kind::buddy_request_cancelled, 0, "Withdrew the buddy request");
  tx->commit();
  return *link;
}

}  // namespace networkbot::core
