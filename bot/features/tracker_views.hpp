#pragma once
// View pieces the tracker, goals and Home features share: a contact as a card with its buttons, the
// progress view model as blocks, and "due in 3 days" wording.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bot/app/outcome.hpp"
#include "bot/app/request.hpp"
#include "bot/app/services.hpp"
#include "bot/app/view.hpp"
#include "core/goals.hpp"
#include "core/tracker.hpp"

namespace networkbot::features {

inline constexpr const char* advance_action = "tracker.advance";
inline constexpr const char* note_action = "tracker.note";
inline constexpr const char* takeaway_action = "tracker.takeaway";
inline constexpr const char* more_action = "tracker.more";
// Corrections (corrections.cpp): a contact's card with its history, edit, delete (and its confirm), undo.
inline constexpr const char* contact_open_action = "tracker.open";
inline constexpr const char* contact_edit_action = "tracker.edit";
inline constexpr const char* contact_delete_action = "tracker.delete";
inline constexpr const char* contact_delete_confirm_action = "tracker.delete_confirm";
inline constexpr const char* contact_undo_action = "tracker.undo";

// A button value that names a row: a positive number, else nothing.
[[nodiscard]] std::optional<std::int64_t> parse_id(std::string_view value);
// A "Show more" button's value: what the list is of, and where the next page starts.
[[nodiscard]] std::string page_value(const std::string& what, std::size_t offset);
[[nodiscard]] std::pair<std::string, std::size_t> parse_page(const std::string& value);

// "due today", "due tomorrow", "due Fri, Dec 4 (in 3 days)", "3 days overdue".
[[nodiscard]] std::string due_text(core::date due, core::date today);
// The stage after this one, if any.
[[nodiscard]] std::optional<core::stage> next_stage(core::stage s);
[[nodiscard]] std::string stage_verb(core::stage s);  // "Mark messaged"

// The fields the add and edit contact forms share, as submitted: name, company, role, how you know them,
// and the two choices, with a message under each choice that was not made.
struct contact_fields {
  std::string name;
  std::string company;
  std::string role;
  std::string why;
  core::warmth warmth = core::warmth::warm;
  core::contact_list list = core::contact_list::new_contacts;
  std::map<std::string, std::string> errors;
};
[[nodiscard]] contact_fields read_contact_fields(const app::view_submission& form);
// A tracker refusal shown under the form field it is about (the name when it names none).
[[nodiscard]] app::outcome refused_in_form(const core::refusal& no);

// A contact's card, and (when `buttons`) a row: the next stage, a note, the takeaway, its history.
void append_contact(std::vector<app::block>& blocks, const core::contact& c, core::date today, bool buttons);

// The progress view model: goal with its evidence, the module quota, what to do next.
void append_progress(std::vector<app::block>& blocks, const core::progress_view& view, bool own);
// One next step as a sentence, with the command that does it.
[[nodiscard]] app::rich_text describe(const core::next_step& step);

}  // namespace networkbot::features
