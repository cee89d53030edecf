#include "bot/slack/block_kit.hpp"

#include <nlohmann/json.hpp>

#include "bot/slack/json_text.hpp"
#include "bot/slack/limits.hpp"

namespace networkbot::slack {

using nlohmann::json;

namespace {

// Appends `text` with Slack's three control characters escaped, copying the runs between them whole.
void append_escaped(std::string& out, std::string_view text) {
  std::size_t from = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '&' && c != '<' && c != '>') continue;
    out.append(text.substr(from, i - from));
    out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : "&gt;";
    from = i + 1;
  }
  out.append(text.substr(from));
}

}  // namespace

std::string escape_mrkdwn(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped(out, text);
  return out;
}

std::string fit(std::string_view text, std::size_t max) {
  if (text.size() <= max) return std::string(text);
  constexpr std::string_view ellipsis = "\xE2\x80\xA6";  // …
  std::size_t cut = max >= ellipsis.size() ? max - ellipsis.size() : 0;
  // Step back to the start of a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  std::string out(text.substr(0, cut));
  if (max >= ellipsis.size()) out += ellipsis;
  return out;
}

std::string to_mrkdwn(const app::rich_text& t) {
  std::string out;
  std::size_t size = 0;
  for (const auto& s : t.spans()) size += s.text.size() + s.target.size() + 4;
  out.reserve(size);
  for (const auto& s : t.spans()) {
    using style = app::span::style;
    switch (s.kind) {
      case style::plain: append_escaped(out, s.text); break;
      // Appended piece by piece: GCC 12 at -O3 warns falsely (-Wrestrict, its bug 105329) on
      // "literal" + std::string temporaries here.
      case style::bold:
        out += '*';
        append_escaped(out, s.text);
        out += '*';
        break;
      case style::italic:
        out += '_';
        append_escaped(out, s.text);
        out += '_';
        break;
      case style::code: {
        std::string inner = escape_mrkdwn(s.text);
        for (char& c : inner)
          if (c == '`') c = '\'';
        out += '`';
        out += inner;
        out += '`';
        break;
      }
      case style::mention: {
        // Only a well-formed user id becomes a mention; anything else is shown as text.
        bool id = !s.target.empty();
        for (char c : s.target)
          if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) id = false;
        out += id ? "<@" + s.target + ">" : escape_mrkdwn("@" + s.target);
        break;
      }
      case style::link: {
        std::string url = escape_mrkdwn(s.target);
        std::string label = escape_mrkdwn(s.text);
        for (char& c : label)
          if (c == '|') c = '/';
        const bool web = s.target.starts_with("https://") || s.target.starts_with("http://") ||
                         s.target.starts_with("mailto:");
        out += web && url.find('|') == std::string::npos ? "<" + url + "|" + label + ">" : label;
        break;
      }
    }
  }
  return out;
}

namespace {

// Block Kit written straight to JSON text, as json_text() would write the same object: compact, and each
// object's keys in sorted order. Every call below names its keys in that order. A reply is rendered for
// every request, so it is written in one pass: building a tree of json objects first, then writing the
// tree, would cost more than handling the request.
class writer {
 public:
  explicit writer(std::string& out) : out_(out) {}

  writer& open_object() { return open('{'); }
  writer& open_array() { return open('['); }
  writer& close_object() { return close('}'); }
  writer& close_array() { return close(']'); }
  writer& key(std::string_view k) {
    comma();
    append_json_string(out_, k);
    out_ += ':';
    after_key_ = true;
    return *this;
  }
  writer& string(std::string_view v) {
    comma();
    append_json_string(out_, v);
    return *this;
  }
  writer& boolean(bool v) {
    comma();
    out_ += v ? "true" : "false";
    return *this;
  }
  writer& raw(std::string_view json_value) {
    comma();
    out_ += json_value;
    return *this;
  }
  writer& number(std::size_t v) {
    comma();
    out_ += std::to_string(v);
    return *this;
  }

 private:
  writer& open(char c) {
    comma();
    out_ += c;
    first_.push_back(true);
    return *this;
  }
  writer& close(char c) {
    out_ += c;
    first_.pop_back();
    return *this;
  }
  // A comma before every value but the first in its object or array; none right after a key.
  void comma() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (first_.empty()) return;
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }

  std::string& out_;
  std::vector<bool> first_;
  bool after_key_ = false;
};

void plain(writer& w, std::string_view text, std::size_t max) {
  w.open_object().key("emoji").boolean(true).key("text").string(fit(text, max)).key("type").string("plain_text").close_object();
}

void mrkdwn(writer& w, const app::rich_text& text, std::size_t max) {
  w.open_object().key("text").string(fit(to_mrkdwn(text), max)).key("type").string("mrkdwn").close_object();
}

void render_button(writer& w, const app::button& b) {
  w.open_object().key("action_id").string(fit(b.action_id, limits::action_id));
  if (b.look == app::button::style::primary) w.key("style").string("primary");
  if (b.look == app::button::style::danger) w.key("style").string("danger");
  w.key("text");
  plain(w, b.label, limits::button_text);
  w.key("type").string("button");
  if (!b.value.empty()) w.key("value").string(fit(b.value, limits::button_value));
  w.close_object();
}

void render_option(writer& w, const app::option& o) {
  w.open_object().key("text");
  plain(w, o.label, limits::option_text);
  w.key("value").string(fit(o.value, limits::option_value)).close_object();
}

void render_element(writer& w, const app::input& i) {
  w.open_object().key("action_id").string("value");
  if (i.type == app::input::kind::select) {
    const std::size_t n = std::min(i.options.size(), limits::options_per_select);
    // The last option with the initial value is the one shown chosen.
    for (std::size_t k = n; k-- > 0;)
      if (i.options[k].value == i.initial) {
        w.key("initial_option");
        render_option(w, i.options[k]);
        break;
      }
    w.key("options").open_array();
    for (std::size_t k = 0; k < n; ++k) render_option(w, i.options[k]);
    w.close_array();
    if (!i.placeholder.empty()) plain(w.key("placeholder"), i.placeholder, limits::placeholder);
    w.key("type").string("static_select");
  } else {
    const std::size_t max = i.max_length == 0 ? limits::plain_text_input : std::min(i.max_length, limits::plain_text_input);
    if (!i.initial.empty()) w.key("initial_value").string(fit(i.initial, max));
    w.key("max_length").number(max);
    if (i.type == app::input::kind::multi_line) w.key("multiline").boolean(true);
    if (!i.placeholder.empty()) plain(w.key("placeholder"), i.placeholder, limits::placeholder);
    w.key("type").string("plain_text_input");
  }
  w.close_object();
}

void render_input(writer& w, const app::input& i) {
  w.open_object().key("block_id").string(fit(i.id, limits::block_id)).key("element");
  render_element(w, i);
  if (!i.hint.empty()) plain(w.key("hint"), i.hint, limits::input_hint);
  plain(w.key("label"), i.label, limits::input_label);
  w.key("optional").boolean(i.optional).key("type").string("input").close_object();
}

struct block_renderer {
  writer& w;
  void operator()(const app::header& h) const {
    w.open_object().key("text");
    plain(w, h.text, limits::header_text);
    w.key("type").string("header").close_object();
  }
  void operator()(const app::section& s) const {
    w.open_object();
    if (s.accessory) render_button(w.key("accessory"), *s.accessory);
    mrkdwn(w.key("text"), s.text, limits::section_text);
    w.key("type").string("section").close_object();
  }
  void operator()(const app::context& c) const {
    w.open_object().key("elements").open_array();
    mrkdwn(w, c.text, limits::context_text);
    w.close_array().key("type").string("context").close_object();
  }
  void operator()(const app::divider&) const { w.open_object().key("type").string("divider").close_object(); }
  void operator()(const app::actions& a) const {
    w.open_object().key("elements").open_array();
    const std::size_t n = std::min(a.buttons.size(), limits::buttons_per_actions);
    for (std::size_t k = 0; k < n; ++k) render_button(w, a.buttons[k]);
    w.close_array().key("type").string("actions").close_object();
  }
  void operator()(const app::input& i) const { render_input(w, i); }
};

void render_blocks(writer& w, const std::vector<app::block>& blocks, std::size_t max) {
  w.key("blocks").open_array();
  const std::size_t n = std::min(blocks.size(), max);
  for (std::size_t k = 0; k < n; ++k) std::visit(block_renderer{w}, blocks[k]);
  w.close_array();
}

}  // namespace

std::string render_message_text(const app::message& m, const std::vector<raw_field>& extra) {
  std::string out;
  writer w(out);
  w.open_object();
  render_blocks(w, m.blocks, limits::blocks_per_message);
  for (const auto& [name, value] : extra) {  // between "blocks" and "text" in sorted order
    w.key(name).raw(value);
  }
  w.key("text").string(fit(escape_mrkdwn(app::fallback_text(m)), limits::message_text)).close_object();
  return out;
}

json render_message(const app::message& m) { return json::parse(render_message_text(m)); }

std::string render_home_text(const app::home_view& v) {
  std::string out;
  writer w(out);
  w.open_object();
  render_blocks(w, v.blocks, limits::blocks_per_view);
  w.key("type").string("home").close_object();
  return out;
}

json render_home(const app::home_view& v) { return json::parse(render_home_text(v)); }

std::string render_modal_text(const app::modal& m) {
  std::string out;
  writer w(out);
  w.open_object();
  render_blocks(w, m.blocks, limits::blocks_per_view);
  w.key("callback_id").string(fit(m.callback_id, limits::callback_id));
  plain(w.key("close"), m.close, limits::modal_button);
  if (!m.opened_for.empty())
    w.key("private_metadata").string(fit(app::stamp_metadata(m.opened_for, m.private_metadata), limits::private_metadata));
  else if (!m.private_metadata.empty())
    w.key("private_metadata").string(fit(m.private_metadata, limits::private_metadata));
  bool has_input = false;
  for (const auto& b : m.blocks) has_input = has_input || std::holds_alternative<app::input>(b);
  if (has_input) plain(w.key("submit"), m.submit, limits::modal_button);
  plain(w.key("title"), m.title, limits::modal_title);
  w.key("type").string("modal").close_object();
  return out;
}

json render_modal(const app::modal& m) { return json::parse(render_modal_text(m)); }

}  // namespace networkbot::slack
