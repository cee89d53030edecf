#include "bot/slack/block_kit.hpp"

#include <nlohmann/json.hpp>

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

json plain(std::string_view text, std::size_t max) {
  return {{"type", "plain_text"}, {"text", fit(text, max)}, {"emoji", true}};
}

json render_button(const app::button& b) {
  json j{{"type", "button"},
         {"text", plain(b.label, limits::button_text)},
         {"action_id", fit(b.action_id, limits::action_id)}};
  if (!b.value.empty()) j["value"] = fit(b.value, limits::button_value);
  if (b.look == app::button::style::primary) j["style"] = "primary";
  if (b.look == app::button::style::danger) j["style"] = "danger";
  return j;
}

json render_input(const app::input& i) {
  json element;
  if (i.type == app::input::kind::select) {
    element = {{"type", "static_select"}, {"action_id", "value"}, {"options", json::array()}};
    const std::size_t n = std::min(i.options.size(), limits::options_per_select);
    for (std::size_t k = 0; k < n; ++k) {
      json o{{"text", plain(i.options[k].label, limits::option_text)}, {"value", fit(i.options[k].value, limits::option_value)}};
      if (i.options[k].value == i.initial) element["initial_option"] = o;
      element["options"].push_back(std::move(o));
    }
  } else {
    element = {{"type", "plain_text_input"}, {"action_id", "value"}};
    if (i.type == app::input::kind::multi_line) element["multiline"] = true;
    const std::size_t max = i.max_length == 0 ? limits::plain_text_input : std::min(i.max_length, limits::plain_text_input);
    element["max_length"] = max;
    if (!i.initial.empty()) element["initial_value"] = fit(i.initial, max);
  }
  if (!i.placeholder.empty()) element["placeholder"] = plain(i.placeholder, limits::placeholder);
  json j{{"type", "input"},
         {"block_id", fit(i.id, limits::block_id)},
         {"label", plain(i.label, limits::input_label)},
         {"optional", i.optional},
         {"element", std::move(element)}};
  if (!i.hint.empty()) j["hint"] = plain(i.hint, limits::input_hint);
  return j;
}

struct block_renderer {
  json operator()(const app::header& h) const { return {{"type", "header"}, {"text", plain(h.text, limits::header_text)}}; }
  json operator()(const app::section& s) const {
    json j{{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", fit(to_mrkdwn(s.text), limits::section_text)}}}};
    if (s.accessory) j["accessory"] = render_button(*s.accessory);
    return j;
  }
  json operator()(const app::context& c) const {
    return {{"type", "context"},
            {"elements", json::array({{{"type", "mrkdwn"}, {"text", fit(to_mrkdwn(c.text), limits::context_text)}}})}};
  }
  json operator()(const app::divider&) const { return {{"type", "divider"}}; }
  json operator()(const app::actions& a) const {
    json elements = json::array();
    const std::size_t n = std::min(a.buttons.size(), limits::buttons_per_actions);
    for (std::size_t k = 0; k < n; ++k) elements.push_back(render_button(a.buttons[k]));
    return {{"type", "actions"}, {"elements", std::move(elements)}};
  }
  json operator()(const app::input& i) const { return render_input(i); }
};

json render_blocks(const std::vector<app::block>& blocks, std::size_t max) {
  json out = json::array();
  for (const auto& b : blocks) {
    if (out.size() == max) break;
    out.push_back(std::visit(block_renderer{}, b));
  }
  return out;
}

}  // namespace

json render_message(const app::message& m) {
  return {{"text", fit(escape_mrkdwn(app::fallback_text(m)), limits::message_text)},
          {"blocks", render_blocks(m.blocks, limits::blocks_per_message)}};
}

json render_home(const app::home_view& v) {
  return {{"type", "home"}, {"blocks", render_blocks(v.blocks, limits::blocks_per_view)}};
}

json render_modal(const app::modal& m) {
  json j{{"type", "modal"},
         {"callback_id", fit(m.callback_id, limits::callback_id)},
         {"title", plain(m.title, limits::modal_title)},
         {"close", plain(m.close, limits::modal_button)},
         {"blocks", render_blocks(m.blocks, limits::blocks_per_view)}};
  bool has_input = false;
  for (const auto& b : m.blocks) has_input = has_input || std::holds_alternative<app::input>(b);
  if (has_input) j["submit"] = plain(m.submit, limits::modal_button);
  if (!m.private_metadata.empty()) j["private_metadata"] = fit(m.private_metadata, limits::private_metadata);
  return j;
}

}  // namespace networkbot::slack
