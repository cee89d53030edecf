#include "core/outreach.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/text.hpp"

namespace networkbot::core {

namespace {

// Lower case, curly quotes straightened, runs of whitespace as one space, padded with a space at each
// end so a phrase can be matched on word boundaries (" job ").
std::string normalise(std::string_view text) {
  std::string out = " ";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
      const auto third = static_cast<unsigned char>(text[i + 2]);
      if (third == 0x98 || third == 0x99) {  // ‘ ’
        out.push_back('\'');
        i += 2;
        continue;
      }
      if (third == 0x93 || third == 0x94) {  // – —
        out.push_back('-');
        i += 2;
        continue;
      }
    }
    if (std::isspace(c) != 0) {
      if (out.back() != ' ') out.push_back(' ');
      continue;
    }
    out.push_back(static_cast<char>(std::tolower(c)));
  }
  if (out.back() != ' ') out.push_back(' ');
  return out;
}

// Words only (punctuation as spaces), for whole-word matches.
std::string words_of(const std::string& normalised) {
  std::string out;
  for (char c : normalised) {
    const bool word = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '\'' || (static_cast<unsigned char>(c) >= 0x80);
    out.push_back(word ? c : ' ');
  }
  std::string squeezed;
  for (char c : out)
    if (c != ' ' || squeezed.empty() || squeezed.back() != ' ') squeezed.push_back(c);
  if (squeezed.empty() || squeezed.front() != ' ') squeezed.insert(squeezed.begin(), ' ');
  if (squeezed.back() != ' ') squeezed.push_back(' ');
  return squeezed;
}

template <std::size_t N>
bool any_of(const std::string& haystack, const std::array<std::string_view, N>& needles) {
  return std::ranges::any_of(needles, [&](std::string_view n) { return haystack.find(n) != std::string::npos; });
}

// A capitalised word right after `lead` in the original text ("I'm Maya", "This is Jordan").
bool names_self(std::string_view original) {
  for (std::string_view lead : {"I'm ", "I\xE2\x80\x99m ", "I am ", "This is ", "this is "}) {
    for (std::size_t at = original.find(lead); at != std::string_view::npos; at = original.find(lead, at + 1)) {
      const std::size_t next = at + lead.size();
      if (next >= original.size()) continue;
      const auto c = static_cast<unsigned char>(original[next]);
      if (std::isupper(c) == 0) continue;
      // "I'm Reaching", "I'm Interested": a capital that starts a common verb is not a name.
      static constexpr std::array<std::string_view, 6> not_names{"Reaching", "Writing", "Interested", "Currently",
                                                                 "Hoping", "Looking"};
      const auto rest = original.substr(next);
      if (std::ranges::none_of(not_names, [&](std::string_view w) { return rest.starts_with(w); })) return true;
    }
  }
  return false;
}

constexpr std::array<std::string_view, 12> introduction_phrases{
    " my name is ",      " i'm a ",        " i am a ",       " i'm an ",         " i am an ",       " i'm currently ",
    " i am currently ",  " student at turing", " turing student", " student in the ", " graduate of turing", " recent turing"};

constexpr std::array<std::string_view, 22> purpose_phrases{
    " reaching out ",      " i'm writing ",        " i am writing ",     " i'd love to learn",  " i would love to learn",
    " i'd love to hear",   " i would love to hear", " i'm interested in", " i am interested in", " i'm hoping to",
    " i am hoping to",     " i'm curious",         " i am curious",      " learn more about",   " your perspective",
    " advice ",            " advice on",           " because i",         " i'd love to ask",    " i would love to ask",
    " pick your brain",    " i'm exploring"};

constexpr std::array<std::string_view, 32> specific_phrases{
    " i heard you",      " i noticed your",
    " your talk",        " your post",          " your article",   " your work on",    " your work at",
    " your team",        " your project",       " your path",      " your journey",    " i saw that you",
    " i noticed that you", " i noticed you",    " i read your",    " i listened to",   " we both",
    " like you,",        " you also",           " your transition", " you spoke",      " your presentation",
    " your blog",        " your experience",    " you moved from", " you've been",     " your switch",
    " shared background", " your company's",   " your podcast",   " your open source", " your repo"};

constexpr std::array<std::string_view, 24> action_phrases{
    " would you be open to", " would you be willing", " would you have",     " would you be available",
    " are you available",    " do you have",          " could we ",          " can we ",
    " could i ",             " would it be possible", " are you free",       " open to a ",
    " grab coffee",          " hop on a call",        " would you like to",  " would you mind",
    " happy to work around", " let me know if you",   " is there a time",    " if you have time",
    " if you're open to",    " if you are open to",   " could you spare",    " would you be up for"};

constexpr std::array<std::string_view, 22> time_words{
    " monday",   " tuesday", " wednesday", " thursday", " friday",   " saturday",  " sunday",     " weekday",
    " weekdays", " weekend", " next week", " this week", " tomorrow", " morning",  " afternoon", " evening",
    " after work", " lunch", " over the next", " in the next", " mornings", " afternoons"};

constexpr std::array<std::string_view, 10> length_words{" minute", " minutes", " min ",     " mins ",   " min)",
                                                        " half hour", " half-hour", " half an hour", " an hour", "-min"};

// Asking about a job, not talking about one: "job search" or "background jobs" are fine.
constexpr std::array<std::string_view, 15> job_words{
    " a job ",  " any job",  " job opening", " jobs at ",  " job at ",   " open position", " a position ", " openings ",
    " hiring ", " hire me ", " open role",   " get hired ", " employment ", " jobs on your", " an opening "};

constexpr std::array<std::string_view, 9> referral_words{" refer me",        " referral",        " put in a good word",
                                                         " recommend me",    " pass my resume",  " forward my resume",
                                                         " pass along my resume", " my resume to", " submit my resume"};

// A clock time ("4pm", "4 pm", "3:30") or a date ("12/4", "Dec 4").
bool names_clock_time(const std::string& words, const std::string& text) {
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(text[i])) == 0) continue;
    std::size_t j = i;
    while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) != 0 || text[j] == ':')) ++j;
    std::size_t k = j;
    if (k < text.size() && text[k] == ' ') ++k;
    if (text.compare(k, 2, "am") == 0 || text.compare(k, 2, "pm") == 0) return true;
    if (j < text.size() && text[j] == '/' && j + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[j + 1])) != 0)
      return true;
    i = j;
  }
  static constexpr std::array<std::string_view, 12> months{" jan ", " feb ", " mar ", " apr ", " may ", " jun ",
                                                           " jul ", " aug ", " sep ", " oct ", " nov ", " dec "};
  static constexpr std::array<std::string_view, 12> month_names{" january", " february", " march", " april", " june",
                                                                " july", " august", " september", " october",
                                                                " november", " december", " sept "};
  return any_of(words, months) || any_of(words, month_names);
}

bool names_length(const std::string& text) {
  if (any_of(text, length_words)) return true;
  // "a quick 15" / "20 min" with the unit glued: "15min", "20mins".
  for (std::size_t i = 0; i + 3 < text.size(); ++i)
    if (std::isdigit(static_cast<unsigned char>(text[i])) != 0 && text.compare(i + 1, 3, "min") == 0) return true;
  return false;
}

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::ranges::count_if(s, [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string first_word(std::string_view name) {
  name = trim(name);
  return std::string(name.substr(0, name.find(' ')));
}

std::string program_name(std::string_view program) {
  if (program == "BE") return "Back End Engineering";
  if (program == "FE") return "Front End Engineering";
  return std::string(program);
}

}  // namespace

std::string_view to_string(finding_code c) {
  switch (c) {
    case finding_code::missing_introduction: return "missing_introduction";
    case finding_code::missing_purpose: return "missing_purpose";
    case finding_code::missing_specifics: return "missing_specifics";
    case finding_code::missing_call_to_action: return "missing_call_to_action";
    case finding_code::asks_for_job: return "asks_for_job";
    case finding_code::asks_for_referral: return "asks_for_referral";
    case finding_code::no_length: return "no_length";
    case finding_code::no_time: return "no_time";
    case finding_code::too_long_for_linkedin: return "too_long_for_linkedin";
  }
  return "unknown";
}

outreach_report check_outreach(std::string_view message, const outreach_context& context) {
  outreach_report r;
  const std::string text = normalise(message);
  const std::string words = words_of(text);
  r.characters = code_points(trim(message));

  r.introduction = names_self(message) || any_of(text, introduction_phrases);
  r.purpose = any_of(text, purpose_phrases);
  r.specifics = any_of(text, specific_phrases);
  if (!r.specifics && !context.company.empty()) r.specifics = words.find(words_of(normalise(context.company))) != std::string::npos;
  if (!r.specifics && !context.background.empty())
    r.specifics = words.find(words_of(normalise(context.background))) != std::string::npos;
  r.call_to_action = any_of(text, action_phrases);
  r.names_length = names_length(text);
  r.names_time = any_of(words, time_words) || names_clock_time(words, text);

  auto add = [&](finding_code code, std::string title, std::string why, std::string suggestion) {
    r.findings.push_back({code, std::move(title), std::move(why), std::move(suggestion)});
  };
  const std::string who = context.contact_name.empty() ? "this person" : first_word(context.contact_name);
  if (!r.introduction)
    add(finding_code::missing_introduction, "No introduction",
        "I could not find who you are: your name and that you study at Turing.",
        "Open with one sentence like \"My name is Maya, and I'm a Back End student at Turing School.\"");
  if (!r.purpose)
    add(finding_code::missing_purpose, "No purpose",
        "The message does not say why you are reaching out.",
        "Add a sentence starting \"I'm reaching out because…\" that names what you hope to learn.");
  if (!r.specifics)
    add(finding_code::missing_specifics, "Generic: nothing specific to " + who,
        "Nothing in it could only be written to " + who + ": no mention of their work, team, company or a shared path.",
        context.company.empty() ? "Say what you know about them and how it connects to your purpose, e.g. \"I saw that you "
                                  "moved into engineering from teaching, as I did.\""
                                : "Mention what draws you to their work at " + context.company +
                                      ", or a background you share, and connect it to your purpose.");
  if (!r.call_to_action)
    add(finding_code::missing_call_to_action, "No call to action",
        "It does not ask for a next step, so the easiest reply is none.",
        "End with a clear ask: \"Would you be open to a 20-minute call next week? I'm free weekdays after 4pm MT.\"");
  const bool job = any_of(words, job_words);
  const bool referral = any_of(text, referral_words);
  if (job)
    add(finding_code::asks_for_job, "Asks about a job",
        "A first message that asks about jobs or hiring turns a conversation into an application.",
        "Ask to learn about their work and path instead; opportunities come from the relationship, later.");
  if (referral)
    add(finding_code::asks_for_referral, "Asks for a referral",
        "Asking for a referral before you have built a relationship puts them on the spot.",
        "Leave the referral out for now. Meet first; if it goes well, a referral can come up naturally later.");
  if (r.call_to_action && !r.names_length)
    add(finding_code::no_length, "No length for the chat",
        "The ask does not say how much of their time you want.",
        "Name a short, specific length: \"a 15-minute call\" or \"a 30-minute coffee chat\".");
  if (r.call_to_action && !r.names_time)
    add(finding_code::no_time, "No time suggested",
        "The ask does not offer a time, so they have to do the scheduling work.",
        "Offer a window: \"any weekday after 4pm MT next week\", or two specific times.");
  if (r.characters > linkedin_note_limit)
    add(finding_code::too_long_for_linkedin, "Too long for a LinkedIn note",
        "It is " + std::to_string(r.characters) + " characters; a LinkedIn connection note holds " +
            std::to_string(linkedin_note_limit) + ".",
        "Send it as a Slack DM, an email or a LinkedIn message after connecting; or cut it to the intro, one specific "
        "line and the ask.");
  return r;
}

std::string draft_outreach(const person& student, const outreach_context& contact) {
  const std::string name = first_word(contact.contact_name);
  std::string out = "Hi" + (name.empty() ? std::string{} : " " + name) + ",\n\n";

  // Introduction.
  out += "My name is " + first_word(student.display_name) + ", and I'm a ";
  out += student.program.empty() ? std::string("student") : program_name(student.program) + " student";
  if (student.module) out += " in Module " + std::to_string(*student.module);
  out += " at Turing School of Software & Design.";
  if (!student.background.empty()) out += " Before Turing I worked in " + student.background + ".";
  out += "\n\n";

  // Purpose.
  out += "I'm reaching out because I'd love to learn how you approach your work";
  if (!contact.role.empty()) out += " as " + contact.role;
  if (!contact.company.empty()) out += " at " + contact.company;
  out += " and what helped you most early in your career.";

  // Specifics.
  const bool shared_background = !contact.background.empty() && !student.background.empty() &&
                                 to_lower(contact.background) == to_lower(student.background);
  const bool target = !contact.company.empty() &&
                      std::ranges::any_of(student.target_companies, [&](const std::string& c) { return to_lower(c) == to_lower(contact.company); });
  if (shared_background)
    out += " I noticed that you also came to tech from " + contact.background + ", and I'd love to hear how that transition went for you.";
  else if (target)
    out += " " + contact.company + " is one of the companies I'm most interested in, and I'd love to hear about your team's work there.";
  else if (!contact.company.empty())
    out += " I'd love to hear about your team's work at " + contact.company + " and how you got there.";
  else if (!contact.program.empty() && contact.program == student.program)
    out += " Like you, I'm in the " + program_name(student.program) + " program, and I'd love to hear about your path since Turing.";
  else
    out += " I'd love to hear about your path and the work you're proudest of.";
  out += "\n\n";

  // Call to action.
  out += "Would you be open to a 20-minute call next week? I'm free most weekdays after 4pm";
  out += student.time_zone.empty() ? std::string(".") : " (" + student.time_zone + " time).";
  out += " Happy to work around your schedule.\n\nThank you,\n" + first_word(student.display_name);
  return out;
}

}  // namespace networkbot::core
