#include "bot/app/view.hpp"

namespace networkbot::app {

std::string rich_text::plain_string() const {
  std::string out;
  for (const auto& s : spans_) {
    if (s.kind == span::style::mention)
      out += "@" + s.target;
    else
      out += s.text;
  }
  return out;
}

namespace {
struct block_text {
  std::string operator()(const header& h) const { return h.text; }
  std::string operator()(const section& s) const { return s.text.plain_string(); }
  std::string operator()(const context& c) const { return c.text.plain_string(); }
  std::string operator()(const divider&) const { return {}; }
  std::string operator()(const actions&) const { return {}; }
  std::string operator()(const input& i) const { return i.label; }
};
}  // namespace

std::string fallback_text(const message& m) {
  if (!m.fallback.empty()) return m.fallback;
  for (const auto& b : m.blocks) {
    std::string t = std::visit(block_text{}, b);
    if (!t.empty()) return t;
  }
  return "networkbot";
}

}  // namespace networkbot::app
