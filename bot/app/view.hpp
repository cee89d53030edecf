#pragma once
// View models: what a feature wants to show, independent of where it is shown. The Block Kit renderer
// (bot/slack/block_kit) turns them into Slack JSON; the console renders them as text. Text that came
// from a person is kept apart from formatting (rich_text spans), so a renderer can escape it: a contact
// named "<!channel>" is shown, never obeyed.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace networkbot::app {

struct span {
  enum class style { plain, bold, italic, code, mention, link };
  style kind = style::plain;
  std::string text;    // shown text (for a mention: unused)
  std::string target;  // mention: a Slack user id; link: the URL
};

class rich_text {
 public:
  rich_text() = default;
  rich_text(std::string plain_text) { plain(std::move(plain_text)); }  // NOLINT: implicit by design
  rich_text(const char* plain_text) { plain(plain_text); }             // NOLINT
  rich_text& plain(std::string t) { return add(span::style::plain, std::move(t)); }
  rich_text& bold(std::string t) { return add(span::style::bold, std::move(t)); }
  rich_text& italic(std::string t) { return add(span::style::italic, std::move(t)); }
  rich_text& code(std::string t) { return add(span::style::code, std::move(t)); }
  rich_text& mention(std::string user_id) { return add(span::style::mention, {}, std::move(user_id)); }
  rich_text& link(std::string label, std::string url) { return add(span::style::link, std::move(label), std::move(url)); }
  rich_text& append(const rich_text& more) {
    spans_.insert(spans_.end(), more.spans_.begin(), more.spans_.end());
    return *this;
  }
  [[nodiscard]] const std::vector<span>& spans() const { return spans_; }
  [[nodiscard]] bool empty() const { return spans_.empty(); }
  // The text with no formatting at all: notification fallbacks, logs, tests.
  [[nodiscard]] std::string plain_string() const;

 private:
  rich_text& add(span::style s, std::string t, std::string target = {}) {
    spans_.push_back({s, std::move(t), std::move(target)});
    return *this;
  }
  std::vector<span> spans_;
};

struct button {
  enum class style { normal, primary, danger };
  std::string label;
  std::string action_id;
  std::string value;
  style look = style::normal;
};

struct option {
  std::string label;
  std::string value;
};

struct header {
  std::string text;
};
struct section {
  rich_text text;
  std::optional<button> accessory;
};
struct context {
  rich_text text;
};
struct divider {};
struct actions {
  std::vector<button> buttons;
};
// One modal field. `id` is the block id the submission's values are keyed by.
struct input {
  enum class kind { single_line, multi_line, select };
  std::string id;
  std::string label;
  kind type = kind::single_line;
  std::string hint;
  std::string placeholder;
  std::string initial;
  bool optional = false;
  std::size_t max_length = 0;  // 0: Slack's own limit
  std::vector<option> options;  // select only
};

using block = std::variant<header, section, context, divider, actions, input>;

struct message {
  std::vector<block> blocks;
  std::string fallback;    // the notification text; derived from the blocks when empty
  bool ephemeral = true;   // seen only by the person who asked
};

struct modal {
  std::string callback_id;
  std::string title;
  std::string submit = "Save";
  std::string close = "Cancel";
  std::vector<block> blocks;
  std::string private_metadata;
  // Whom the form was opened for (a Slack user id). The router sets it; see router.hpp's stamp_metadata.
  std::string opened_for = {};
};

// A form remembers whom it was opened for: the router sets `modal::opened_for` on every modal a handler
// opens, Block Kit writes it in front of the private metadata ("nb1:U123:<metadata>"), and the envelope
// parser takes it back off into `view_submission::opened_for`. The router refuses a submission from
// anyone else, and one without the mark (a form opened before this version, or made up).
inline constexpr std::string_view opened_for_mark = "nb1:";
[[nodiscard]] inline std::string stamp_metadata(std::string_view opened_for, std::string_view metadata) {
  std::string out;
  out.reserve(opened_for_mark.size() + opened_for.size() + 1 + metadata.size());
  out.append(opened_for_mark).append(opened_for).append(1, ':').append(metadata);
  return out;
}
// (opened_for, metadata); metadata without the mark has no opener and is returned whole.
[[nodiscard]] inline std::pair<std::string, std::string> unstamp_metadata(std::string_view stamped) {
  if (!stamped.starts_with(opened_for_mark)) return {std::string{}, std::string(stamped)};
  stamped.remove_prefix(opened_for_mark.size());
  const auto colon = stamped.find(':');
  if (colon == std::string_view::npos) return {std::string{}, std::string(stamped)};
  return {std::string(stamped.substr(0, colon)), std::string(stamped.substr(colon + 1))};
}

// The bot's Home tab for one person (up to 100 blocks).
struct home_view {
  std::vector<block> blocks;
};

// The fallback text a message uses: its own, or its blocks' text joined.
[[nodiscard]] std::string fallback_text(const message& m);

}  // namespace networkbot::app
