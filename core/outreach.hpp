#pragma once
// Outreach messages in the curriculum's four parts: Introduction (who you are), Purpose (why you are
// reaching out), Specifics (what you know about this person and how it connects to your purpose), and
// a Call to Action (the next step, with how long and when). check() reads a message and explains what
// it finds, each with a suggestion, never a score; draft() writes one from what is known.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/people.hpp"

namespace networkbot::core {

// What is known about the person a message is for; every field may be empty.
struct outreach_context {
  std::string contact_name;
  std::string company;
  std::string role;
  std::string background;  // theirs, when the directory knows them
  std::string program;     // theirs (an alum's program)
  std::string why;         // the student's own note on why this person
};

enum class finding_code {
  missing_introduction,
  missing_purpose,
  missing_specifics,  // generic: nothing in it is about this person
  missing_call_to_action,
  asks_for_job,
  asks_for_referral,
  no_length,  // the call to action does not say how long
  no_time,    // nor when
  too_long_for_linkedin,
};

[[nodiscard]] std::string_view to_string(finding_code c);  // "missing_introduction", …

struct finding {
  finding_code code;
  std::string title;       // "No call to action"
  std::string why;         // what was looked for and not found, or what was found
  std::string suggestion;  // what to write instead
};

struct outreach_report {
  bool introduction = false;
  bool purpose = false;
  bool specifics = false;
  bool call_to_action = false;
  bool names_length = false;
  bool names_time = false;
  std::size_t characters = 0;  // Unicode code points, as LinkedIn counts them
  std::vector<finding> findings;  // in the order of finding_code; empty when the message is ready
};

inline constexpr std::size_t linkedin_note_limit = 300;

[[nodiscard]] outreach_report check_outreach(std::string_view message, const outreach_context& context = {});

// A first draft in the four parts, from the student's profile and what is known about the contact.
// It passes check_outreach except, for long ones, the LinkedIn note length.
[[nodiscard]] std::string draft_outreach(const person& student, const outreach_context& contact);

}  // namespace networkbot::core
