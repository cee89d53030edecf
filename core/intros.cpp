#include "core/intros.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace networkbot::core {

std::string_view to_string(intro_state s) {
  switch (s) {
    case intro_state::pending: return "pending";
    case intro_state::accepted: return "accepted";
    case intro_state::declined: return "declined";
    case intro_state::expired: return "expired";
    case intro_state::withdrawn: return "withdrawn";
  }
  return "pending";
}

std::optional<intro_state> parse_intro_state(std::string_view text) {
  for (auto s : {intro_state::pending, intro_state::accepted, intro_state::declined, intro_state::expired, intro_state::withdrawn})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

time_point month_start(time_point t) {
  const std::chrono::year_month_day day{day_of(t)};
  return time_point{date{day.year() / day.month() / std::chrono::day{1}}};
}

candidate_load intro_desk::load_of(person_id alum) const {
  return candidate_load{intros_.accepted_since(alum, month_start(clock_.now())),
                        static_cast<int>(intros_.pending_for(alum).size())};
}

result<intro_request> intro_desk::request(const person& student, const person& alum, std::string_view note_in) {
  expire_due();
  if (!open_for_chats(alum, load_of(alum.id), student.id))
    return refusal{alum.display_name + " isn't taking new chats right now. Try /network match for others who are"};
  std::string note(trim(note_in));
  if (note.empty()) return refusal{"Write a short note: who you are and why them", "note"};
  if (note.size() > 1500 || !is_valid_utf8(note)) return refusal{"Keep the note under 1,500 characters of plain text", "note"};
  const auto mine = intros_.pending_from(student.id);
  if (std::ranges::any_of(mine, [&](const intro_request& r) { return r.alum == alum.id; }))
    return refusal{"You already asked " + alum.display_name + "; they'll answer soon"};
  if (static_cast<int>(mine.size()) >= rules_.pending_per_student)
    return refusal{"You have " + std::to_string(mine.size()) + " intros waiting; wait for an answer before asking more"};
  const auto now = clock_.now();
  intro_request r{0, student.id, alum.id, note, intro_state::pending, now, now + rules_.expire_after, std::nullopt};
  r.id = intros_.save_intro(r);
  return r;
}

result<intro_request> intro_desk::pending_for_alum(person_id alum, std::int64_t id) {
  auto r = intros_.find_intro(id);
  if (!r || r->alum != alum) return refusal{"That request is not for you"};
  if (r->state == intro_state::pending && r->expires_at <= clock_.now()) {
    r->state = intro_state::expired;
    intros_.save_intro(*r);
  }
  // A second click on an answered request (a double click, or the other button afterwards) is told what
  // the first did, and changes nothing.
  switch (r->state) {
    case intro_state::pending: break;
    case intro_state::accepted: return refusal{"That request was already answered: you accepted it, and your group DM with the student is open"};
    case intro_state::declined: return refusal{"That request was already answered: you said not now, and nothing more was shared"};
    case intro_state::expired: return refusal{"That request was already closed: it expired"};
    case intro_state::withdrawn: return refusal{"The student withdrew that request, so there is nothing to answer"};
  }
  return *r;
}

result<intro_request> intro_desk::withdraw(person_id student, person_id alum) {
  auto t = tx_.begin();
  for (auto r : intros_.pending_from(student)) {
    if (r.alum != alum) continue;
    r.state = intro_state::withdrawn;
    r.answered_at = clock_.now();
    intros_.save_intro(r);
    corrections_.add_correction(correction{0, student, clock_.now(), correction_kind::intro_withdrawn, 0, "Withdrew an intro request"});
    t->commit();
    return r;
  }
  return refusal{"You have no intro request waiting on them"};
}

result<intro_request> intro_desk::accept(person_id alum_id, std::int64_t id) {
  // One transaction from the capacity check to the write: two accepts at the same moment are
  // serialised by the database, and the second sees the first.
  auto t = tx_.begin();
  auto found = pending_for_alum(alum_id, id);
  if (auto* no = std::get_if<refusal>(&found)) {
    t->commit();  // an expiry noticed on the way is kept
    return *no;
  }
  auto r = std::get<intro_request>(found);
  const auto alum = people_.find(alum_id);
  if (!alum) return refusal{"You are no longer in the directory"};
  if (intros_.accepted_since(alum_id, month_start(clock_.now())) >= alum->open_to_chats.capacity)
    return refusal{"You've reached the " + std::to_string(alum->open_to_chats.capacity) +
                   " chats you offer this month. Raise it with /network capacity chats <n>, or answer next month"};
  r.state = intro_state::accepted;
  r.answered_at = clock_.now();
  intros_.save_intro(r);

  // The alum goes into the student's tracker: warm, already messaged (the intro is the message).
  contact c;
  if (auto existing = contacts_.find_contact_named(r.student, alum->display_name, alum->company)) c = *existing;
  else {
    c.owner = r.student;
    c.name = alum->display_name;
    c.company = alum->company;
    c.role = alum->title;
    c.slack_user = alum->slack_id;
    c.warmth = warmth::warm;
    c.list = contact_list::new_contacts;
    c.why = "Introduced through networkbot";
    c.created_at = clock_.now();
  }
  c.stage = std::max(c.stage, stage::messaged);
  c.last_interaction = clock_.now();
  c.next_action = "Agree on a time in your group DM, and prepare your questions";
  c.next_due = day_of(clock_.now()) + std::chrono::days{3};
  c.id = contacts_.save_contact(c);
  contacts_.add_event({0, c.id, clock_.now(), event_kind::messaged, "Intro accepted"});
  t->commit();
  return r;
}

result<intro_request> intro_desk::decline(person_id alum, std::int64_t id) {
  auto found = pending_for_alum(alum, id);
  if (auto* no = std::get_if<refusal>(&found)) return *no;
  auto r = std::get<intro_request>(found);
  r.state = intro_state::declined;
  r.answered_at = clock_.now();
  intros_.save_intro(r);
  return r;
}

result<std::vector<intro_request>> intro_desk::stop_suggesting(person_id alum_id) {
  auto alum = people_.find(alum_id);
  if (!alum) return refusal{"You are not in the directory"};
  auto t = tx_.begin();
  alum->open_to_chats.on = false;
  people_.upsert(*alum);
  std::vector<intro_request> closed;
  for (auto r : intros_.pending_for(alum_id)) {
    r.state = intro_state::declined;
    r.answered_at = clock_.now();
    intros_.save_intro(r);
    closed.push_back(r);
  }
  t->commit();
  return closed;
}

std::vector<intro_request> intro_desk::expire_due() {
  auto due = intros_.pending_expired(clock_.now());
  if (due.empty()) return due;
  auto t = tx_.begin();
  for (auto& r : due) {
    r.state = intro_state::expired;
    intros_.save_intro(r);
  }
  t->commit();
  return due;
}

}  // namespace networkbot::core
