#pragma once
// The one routing table between the transports and the features. A parsed request comes in, the
// router finds who is asking and which handler serves it, checks the policy, and returns the outcome.
// It never sees a socket, and it never throws: a handler's exception becomes a friendly reply and a log
// line, here and nowhere else.

#include <functional>
#include <string>
#include <vector>

#include "bot/app/outcome.hpp"
#include "bot/app/policy.hpp"
#include "bot/app/request.hpp"
#include "bot/app/services.hpp"

namespace networkbot::app {

// Slack sends at most this much text with a slash command; the router refuses more.
inline constexpr std::size_t max_command_text = 4000;

// One `/network <name> …` call: who asks, the words after the subcommand, and the original request.
struct command_call {
  const core::person& user;
  std::vector<std::string> args;  // words after the subcommand
  std::string rest;               // the text after the subcommand, untouched
  const slash_command& request;
  bool share = false;             // a shareable command ended in "share"
};

struct action_call {
  const core::person& user;
  const block_action& request;
};

struct submission_call {
  const core::person& user;
  const view_submission& request;
  // Set when the router only asks whether the form can be accepted (router::check, on the socket
  // thread, for the ack): the handler returns once it has validated, before any long work. Whatever it
  // writes meanwhile is rolled back and whatever it returns besides the ack is dropped, so stopping
  // early is about time, never about correctness.
  bool checking = false;
};

struct home_call {
  const core::person& user;
  const home_opened& request;
};

struct command_spec {
  std::string name;                   // "questions"
  std::string group;                  // the help section it appears in
  std::string usage;                  // "questions [mentor|alum|…]"
  std::string summary;                // one line
  std::vector<std::string> examples;  // full commands, e.g. "/network questions mentor"
  // Replies are seen only by the person who asked. A shareable command ending in "share" is called with
  // `share` set (the word taken off its arguments), and its handler decides: it posts its reply in the
  // channel (`ephemeral = false`) only when what it shows is the asker's own or nobody's, and refuses
  // otherwise. Who may run the command at all is its entry in the policy table (policy.cpp).
  bool shareable = false;
  std::function<outcome(const command_call&)> handler;
};

// Where the router sends someone new to the directory, to be named from Slack (their name and time
// zone, users.info) once their request is answered. Not an effect: nothing is sent to anyone, and the
// answer may never come. The Slack bot's dispatcher collects a batch's newcomers and hands them to the
// outbox's paced lane after the batch is committed; the console and most tests have no port.
class user_lookups {
 public:
  virtual ~user_lookups() = default;
  // Called on the thread running the router, inside the request's transaction.
  virtual void look_up(const std::string& user_id) = 0;
};

class router {
 public:
  explicit router(services& svc) : services_(svc) {}

  // Newcomers are looked up through `port` from now on (nullptr: not at all). The port must outlive
  // its use here.
  void look_up_newcomers_with(user_lookups* port) { lookups_ = port; }

  // Each registration throws std::logic_error when the policy table has no entry for it (or the name is
  // taken): a handler nobody decided the audience of stops the bot at start-up, not in production.
  void command(command_spec spec);
  void action(std::string action_id, std::function<outcome(const action_call&)> handler);
  void view(std::string callback_id, std::function<outcome(const submission_call&)> handler);
  void home(std::function<outcome(const home_call&)> handler);
  // A step run after every handler that answered (not after a refusal at the door, a form's errors or a
  // failure), inside the request's transaction, in registration order: refreshing the Home tab after a
  // change is one (home.cpp). `id` is the command's name, the button's or the form's id.
  using after_handler = std::function<void(surface on, std::string_view id, const core::person& user, outcome& o)>;
  void after_each(after_handler step) { after_.push_back(std::move(step)); }

  // Never throws. The person's policy entry is checked before any handler runs; each request's writes
  // happen inside one transaction of their own, so a handler that fails after writing leaves nothing
  // behind (and the friendly error that says so is true).
  [[nodiscard]] outcome handle(const request& r);

  // A form's ack, before its work: the same door as handle() (the person, the form's mark, the policy)
  // and the handler called with `checking` set, all inside a transaction that is rolled back, so it
  // changes nothing. Returns the ack_errors that keep the form open, or ack_empty to close it; the
  // submission is then handled as any request. Never throws.
  [[nodiscard]] ack check(const view_submission& v);

  [[nodiscard]] const std::vector<command_spec>& commands() const { return commands_; }
  // Every button action id and modal callback id with a handler (tests walk them all).
  [[nodiscard]] std::vector<std::string> action_ids() const {
    std::vector<std::string> out;
    for (const auto& a : actions_) out.push_back(a.first);
    return out;
  }
  [[nodiscard]] std::vector<std::string> view_ids() const {
    std::vector<std::string> out;
    for (const auto& v : views_) out.push_back(v.first);
    return out;
  }
  [[nodiscard]] bool has_home() const { return static_cast<bool>(home_); }
  [[nodiscard]] const command_spec* find_command(std::string_view name) const;
  // Commands this person may run, in registration order.
  [[nodiscard]] std::vector<const command_spec*> commands_for(const core::person& p) const;
  [[nodiscard]] services& svc() { return services_; }

 private:
  outcome dispatch(const slash_command& c, const core::person& user);
  outcome dispatch(const block_action& a, const core::person& user);
  outcome dispatch(const view_submission& v, const core::person& user);
  outcome dispatch(const home_opened& h, const core::person& user);
  outcome handle_as(const request& r, const core::person& user);
  // The person behind a Slack user id; someone the directory does not know yet is added as a student.
  [[nodiscard]] core::person who(const std::string& user_id, bool& is_new);

  services& services_;
  user_lookups* lookups_ = nullptr;
  std::vector<after_handler> after_;
  [[nodiscard]] outcome finished(surface on, std::string_view id, const core::person& user, outcome o) const;
  std::vector<command_spec> commands_;
  std::vector<std::pair<std::string, std::function<outcome(const action_call&)>>> actions_;
  std::vector<std::pair<std::string, std::function<outcome(const submission_call&)>>> views_;
  std::function<outcome(const home_call&)> home_;
};

// What Slack's users.info says about someone, as far as the directory cares.
struct slack_profile {
  std::string name;       // display name, else real name
  std::string time_zone;  // IANA
  bool deleted = false;   // removed from the workspace
};
// Fills in a newcomer's record from Slack: the name and time zone only while they are still the
// placeholders the router gave them (never over what the person or staff wrote); a deleted account
// is deactivated, its history kept.
void fill_from_slack(core::people_directory& people, const std::string& user_id, const slack_profile& profile);

// A short ephemeral reply with one line of text.
[[nodiscard]] outcome reply_text(rich_text text);

// What router::handle answers when a handler throws: the only reply that means "our bug, not your
// input". Every input a person can give deserves its own answer, so tests and fuzz targets treat this
// one as a failure.
inline constexpr std::string_view internal_error_text =
    "Sorry, something went wrong on our side and nothing was changed. Please try again; if it keeps happening, tell "
    "the career-development team.";
// Whether `o` is exactly that reply: one section with that text, and nothing else to do.
[[nodiscard]] bool is_internal_error(const outcome& o);
// That reply, as router::handle gives it.
[[nodiscard]] outcome internal_error_reply();

}  // namespace networkbot::app
