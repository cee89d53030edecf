#include "bot/console/console.hpp"

#include <charconv>
#include <istream>
#include <ostream>

#include "core/text.hpp"

namespace networkbot::console {

namespace {
constexpr const char* bold_on = "\x1b[1m";
constexpr const char* cyan_on = "\x1b[36m";
constexpr const char* dim_on = "\x1b[2m";
constexpr const char* red_on = "\x1b[31m";
constexpr const char* reset = "\x1b[0m";
constexpr const char* console_team = "T0CONSOLE";
constexpr const char* console_channel = "D0CONSOLE";
}  // namespace

session::session(app::router& router, std::istream& in, std::ostream& out, options opts)
    : router_(router), in_(in), out_(out), opts_(std::move(opts)) {}

bool session::read_line(std::string& line) {
  if (!std::getline(in_, line)) return false;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

int session::run() {
  auto& people = router_.svc().people;
  if (!opts_.as.empty()) {
    auto p = find_person(opts_.as);
    if (!p) return 1;
    user_ = *p;
  } else {
    for (const auto& q : people.all())
      if (q.is(core::role::student) && q.active) {
        user_ = q;
        break;
      }
    if (user_.slack_id.empty()) {
      user_.slack_id = "U0CONSOLE";
      user_.display_name = "console user";
      user_.roles.add(core::role::student);
    }
  }
  if (opts_.interactive) {
    out_ << "networkbot console. You are " << user_.display_name
         << (user_.handle.empty() ? "" : " (@" + user_.handle + ")")
         << ". Type /network help to start, :help for console commands, :quit to leave.\n";
  }
  std::string line;
  while (true) {
    if (opts_.interactive) out_ << (opts_.color ? bold_on : "") << "> " << (opts_.color ? reset : "") << std::flush;
    if (!read_line(line)) break;
    if (!handle_line(line)) break;
  }
  if (opts_.interactive) out_ << "\n";
  return 0;
}

bool session::handle_line(const std::string& raw) {
  const std::string line(core::trim(raw));
  if (line.empty() || line.starts_with('#')) return true;
  if (!opts_.interactive) out_ << "> " << line << "\n";

  if (line.starts_with('!')) {  // !N re-runs history entry N
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(line.data() + 1, line.data() + line.size(), n);
    if (ec != std::errc{} || end != line.data() + line.size() || n == 0 || n > history_.size()) {
      out_ << "No history entry " << line.substr(1) << ". Type :history to see them.\n";
      return true;
    }
    const std::string again = history_[n - 1];
    out_ << again << "\n";
    return handle_line(again);
  }
  history_.push_back(line);

  if (line.starts_with("/network")) {
    const std::string_view rest = line.size() > 8 ? std::string_view(line).substr(8) : std::string_view{};
    if (!rest.empty() && rest.front() != ' ') {
      out_ << "Did you mean /network" << " " << rest << "? Commands start with \"/network \".\n";
      return true;
    }
    submit_command(std::string(core::trim(rest)));
    return true;
  }
  if (line.starts_with(':')) {
    const auto words = core::split_words(line);
    const std::string cmd = words.front();
    const std::string arg = words.size() > 1 ? std::string(core::trim(line.substr(cmd.size()))) : std::string{};
    if (cmd == ":quit" || cmd == ":exit" || cmd == ":q") return false;
    if (cmd == ":click") click(arg);
    else if (cmd == ":as") switch_user(arg);
    else if (cmd == ":home") {
      showing_home_ = true;
      show(router_.handle(app::home_opened{user_.slack_id, {}}));
      showing_home_ = false;
    }
    else if (cmd == ":whoami")
      out_ << "You are " << user_.display_name << (user_.handle.empty() ? "" : " (@" + user_.handle + ")") << ", "
           << core::to_string(user_.roles) << ".\n";
    else if (cmd == ":history") {
      for (std::size_t i = 0; i < history_.size(); ++i) out_ << "  " << i + 1 << "  " << history_[i] << "\n";
    } else if (cmd == ":help") print_help();
    else {
      out_ << "Unknown console command " << cmd << ".";
      if (auto guess = core::closest_match(cmd, {":click", ":as", ":home", ":whoami", ":history", ":help", ":quit"}))
        out_ << " Did you mean " << *guess << "?";
      out_ << " Type :help for the list.\n";
    }
    return true;
  }
  if (line.starts_with("network ") || line == "help" || line.starts_with("help ")) {
    out_ << "Commands start with a slash, like /network help.\n";
    return true;
  }
  out_ << "I only understand /network commands and console commands (type :help).\n";
  return true;
}

void session::print_help() {
  out_ << "Console commands:\n"
          "  /network …       a slash command, exactly as in Slack (try /network help)\n"
          "  :click N         press button N of the last reply\n"
          "  :as @name        act as another person in the workspace\n"
          "  :home            open your App Home tab\n"
          "  :whoami          who you are acting as\n"
          "  :history, !N     the lines you typed; run line N again\n"
          "  :quit            leave (so does end of input)\n"
          "In a form, answer each field in turn (in a script: `field: value`); an empty line skips an\n"
          "optional field, :cancel closes the form.\n";
}

void session::submit_command(const std::string& text) {
  app::slash_command c;
  c.user_id = user_.slack_id;
  c.team_id = console_team;
  c.channel_id = console_channel;
  c.text = text;
  c.trigger_id = "console-trigger-" + std::to_string(next_trigger_++);
  show(router_.handle(c));
}

void session::click(const std::string& arg) {
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), n);
  if (arg.empty() || ec != std::errc{} || end != arg.data() + arg.size() || n == 0 || n > buttons_.size()) {
    if (buttons_.empty())
      out_ << "There are no buttons to click right now.\n";
    else
      out_ << "Click a button from 1 to " << buttons_.size() << ", like :click 1.\n";
    return;
  }
  const app::button b = buttons_[n - 1];
  app::block_action a;
  a.user_id = user_.slack_id;
  a.team_id = console_team;
  a.channel_id = console_channel;
  a.action_id = b.action_id;
  a.value = b.value;
  a.trigger_id = "console-trigger-" + std::to_string(next_trigger_++);
  show(router_.handle(a));
}

std::optional<core::person> session::find_person(const std::string& who) {
  auto& people = router_.svc().people;
  auto p = people.find_by_slack_id(who);
  if (!p) p = people.find_by_handle(who);
  if (!p) {
    out_ << "There is nobody called " << (who.empty() ? "(nobody)" : who) << " here. People you can be:";
    for (const auto& q : people.all())
      if (!q.handle.empty()) out_ << " @" << q.handle;
    out_ << "\n";
  }
  return p;
}

void session::switch_user(const std::string& who) {
  auto p = find_person(who);
  if (!p) return;
  user_ = *p;
  buttons_.clear();
  out_ << "You are now " << user_.display_name << " (" << core::to_string(user_.roles) << ").\n";
  if (auto waiting = inbox_.find(user_.slack_id); waiting != inbox_.end()) {
    auto messages = std::move(waiting->second);
    inbox_.erase(waiting);
    for (const auto& m : messages) show_message(m, "(direct message from networkbot, sent while you were away)");
  }
}

void session::show(const app::outcome& o) {
  if (const auto* reply = std::get_if<app::reply_after_ack>(&o.acknowledgement)) show_message(reply->reply);
  for (const auto& e : o.effects) {
    if (const auto* r = std::get_if<app::respond>(&e))
      show_message(r->reply);
    else if (const auto* m = std::get_if<app::open_modal>(&e))
      run_modal(m->view);
    else if (const auto* p = std::get_if<app::post_message>(&e))
    {
      if (p->channel.find(',') != std::string::npos) {
        // A group DM: shown now if you are in it, and waiting for each other member.
        std::string names;
        for (const auto& id : core::split_list(p->channel, ',')) {
          const auto who = router_.svc().people.find_by_slack_id(id);
          names += (names.empty() ? "@" : ", @") + (who && !who->handle.empty() ? who->handle : id);
          if (id != user_.slack_id) inbox_[id].push_back(p->body);
        }
        if (p->channel.find(user_.slack_id) != std::string::npos) show_message(p->body, "(group DM with " + names + ")");
        else out_ << "(posted in a group DM with " << names << ")\n";
      } else if (p->channel == user_.slack_id) {
        show_message(p->body, "(direct message from networkbot)");
      } else if (auto to = router_.svc().people.find_by_slack_id(p->channel)) {
        // A DM to someone else waits until you become them (:as @handle).
        inbox_[p->channel].push_back(p->body);
        out_ << "(sent to @" << (to->handle.empty() ? to->slack_id : to->handle) << " as a direct message; :as @"
             << (to->handle.empty() ? to->slack_id : to->handle) << " to read it)\n";
      } else {
        show_message(p->body, "(posted in " + p->channel + ")");
      }
    }
    else if (const auto* f = std::get_if<app::upload_file>(&e)) {
      // Slack would get a file in the DM; the console prints it.
      out_ << "(" << f->comment << " The file " << f->filename << " follows.)\n" << f->content << "\n";
    }
    else if (const auto* h = std::get_if<app::publish_home>(&e)) {
      if (showing_home_)
        show_message(app::message{h->view.blocks, "", true}, "(your App Home)");
      else
        out_ << "(your App Home was updated; :home to see it)\n";
    }
  }
}

std::string session::render(const app::rich_text& t) const {
  std::string out;
  for (const auto& s : t.spans()) {
    using style = app::span::style;
    switch (s.kind) {
      case style::plain: out += s.text; break;
      case style::bold: out += opts_.color ? bold_on + s.text + reset : s.text; break;
      case style::italic: out += opts_.color ? dim_on + s.text + reset : s.text; break;
      case style::code: out += opts_.color ? cyan_on + s.text + reset : "`" + s.text + "`"; break;
      case style::mention: {
        auto p = router_.svc().people.find_by_slack_id(s.target);
        out += "@" + (p && !p->handle.empty() ? p->handle : s.target);
        break;
      }
      case style::link: out += s.text + " (" + s.target + ")"; break;
    }
  }
  return out;
}

void session::show_block(const app::block& b) {
  if (const auto* h = std::get_if<app::header>(&b)) {
    out_ << (opts_.color ? bold_on : "") << "== " << h->text << " ==" << (opts_.color ? reset : "") << "\n";
  } else if (const auto* s = std::get_if<app::section>(&b)) {
    out_ << render(s->text) << "\n";
    if (s->accessory) {
      buttons_.push_back(*s->accessory);
      out_ << "  [" << buttons_.size() << "] " << s->accessory->label << "\n";
    }
  } else if (const auto* c = std::get_if<app::context>(&b)) {
    out_ << (opts_.color ? dim_on : "") << render(c->text) << (opts_.color ? reset : "") << "\n";
  } else if (std::holds_alternative<app::divider>(b)) {
    out_ << "----\n";
  } else if (const auto* a = std::get_if<app::actions>(&b)) {
    std::string row;
    for (const auto& button : a->buttons) {
      buttons_.push_back(button);
      row += (row.empty() ? "" : "  ") + ("[" + std::to_string(buttons_.size()) + "] " + button.label);
    }
    out_ << row << "\n";
  } else if (const auto* i = std::get_if<app::input>(&b)) {
    out_ << i->label << "\n";
  }
}

void session::show_message(const app::message& m, const std::string& heading) {
  buttons_.clear();
  if (!heading.empty()) out_ << heading << "\n";
  for (const auto& b : m.blocks) show_block(b);
  if (!buttons_.empty()) out_ << "(press a button with :click N)\n";
}

void session::run_modal(const app::modal& m) {
  out_ << (opts_.color ? bold_on : "") << "[form] " << m.title << (opts_.color ? reset : "") << "\n";
  std::vector<const app::input*> fields;
  for (const auto& b : m.blocks) {
    if (const auto* i = std::get_if<app::input>(&b))
      fields.push_back(i);
    else
      show_block(b);
  }
  std::map<std::string, std::string> values;
  std::map<std::string, std::string> errors;
  std::map<std::string, std::string> pending;  // scripted answers given for a later field
  std::vector<const app::input*> ask = fields;
  while (true) {
    for (const auto* f : ask) {
      while (true) {
        out_ << f->label;
        if (f->type == app::input::kind::select) {
          out_ << " (";
          for (std::size_t k = 0; k < f->options.size(); ++k) out_ << (k ? ", " : "") << f->options[k].label;
          out_ << ")";
        }
        if (!f->hint.empty()) out_ << " - " << f->hint;
        if (f->optional) out_ << " [optional]";
        if (!f->initial.empty()) out_ << " [now: " << f->initial << "]";
        if (auto e = errors.find(f->id); e != errors.end())
          out_ << "\n  " << (opts_.color ? red_on : "") << "! " << e->second << (opts_.color ? reset : "");
        out_ << "\n" << f->id << ": " << std::flush;
        std::string value;
        if (auto it = pending.find(f->id); it != pending.end()) {
          value = it->second;
          pending.erase(it);
        } else {
          std::string line;
          if (!read_line(line) || core::trim(line) == ":cancel") {
            out_ << (opts_.interactive ? "" : "\n") << "Form closed; nothing was saved.\n";
            return;
          }
          value = std::string(core::trim(line));
          // A script writes "field: value", naming the field by its id or label, in any order.
          const app::input* named = nullptr;
          for (const auto* g : fields)
            for (const std::string& name : {g->id, g->label})
              if (named == nullptr && value.size() > name.size() && value[name.size()] == ':' &&
                  core::to_lower(value.substr(0, name.size())) == core::to_lower(name)) {
                named = g;
                value = std::string(core::trim(std::string_view(value).substr(name.size() + 1)));
              }
          if (named != nullptr && named != f) {
            pending[named->id] = value;
            values.erase(named->id);
            if (!opts_.interactive) out_ << "(for " << named->id << ")\n";
            continue;
          }
        }
        if (!opts_.interactive) out_ << value << "\n";
        if (value.empty()) value = f->initial;
        if (value.empty() && !f->optional) {
          out_ << "  This field is required.\n";
          continue;
        }
        if (f->type == app::input::kind::select && !value.empty()) {
          const app::option* chosen = nullptr;
          for (const auto& o : f->options)
            if (core::to_lower(o.label) == core::to_lower(value) || core::to_lower(o.value) == core::to_lower(value)) chosen = &o;
          if (chosen == nullptr) {
            out_ << "  Choose one of the options listed.\n";
            continue;
          }
          value = chosen->value;
        }
        if (f->max_length > 0 && value.size() > f->max_length) {
          out_ << "  At most " << f->max_length << " characters, please.\n";
          continue;
        }
        values[f->id] = value;
        break;
      }
    }
    app::view_submission v;
    v.user_id = user_.slack_id;
    v.team_id = console_team;
    v.callback_id = m.callback_id;
    v.view_id = "V0CONSOLE";
    v.private_metadata = m.private_metadata;
    v.opened_for = m.opened_for;
    v.values = values;
    const app::outcome o = router_.handle(v);
    if (const auto* e = std::get_if<app::ack_errors>(&o.acknowledgement)) {
      errors = e->errors;
      ask.clear();
      for (const auto* f : fields)
        if (errors.contains(f->id)) ask.push_back(f);
      out_ << "Please fix " << (errors.size() == 1 ? "this field" : "these fields") << ":\n";
      if (ask.empty()) return;  // errors for fields the form does not have: nothing to re-ask
      continue;
    }
    show(o);
    return;
  }
}

}  // namespace networkbot::console
