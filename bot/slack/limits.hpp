#pragma once
// Slack's Block Kit limits, in one place. The renderer enforces each of them so that no payload the
// bot builds is refused by Slack.

#include <cstddef>

namespace networkbot::slack::limits {

inline constexpr std::size_t blocks_per_message = 50;
inline constexpr std::size_t blocks_per_view = 100;  // modal or App Home
inline constexpr std::size_t section_text = 3000;
inline constexpr std::size_t context_text = 3000;
inline constexpr std::size_t header_text = 150;
inline constexpr std::size_t modal_title = 24;
inline constexpr std::size_t modal_button = 24;  // submit / close labels
inline constexpr std::size_t button_text = 75;
inline constexpr std::size_t button_value = 2000;
inline constexpr std::size_t action_id = 255;
inline constexpr std::size_t block_id = 255;
inline constexpr std::size_t buttons_per_actions = 25;
inline constexpr std::size_t input_label = 2000;
inline constexpr std::size_t input_hint = 2000;
inline constexpr std::size_t placeholder = 150;
inline constexpr std::size_t plain_text_input = 3000;
inline constexpr std::size_t options_per_select = 100;
inline constexpr std::size_t option_text = 75;
inline constexpr std::size_t option_value = 150;
inline constexpr std::size_t private_metadata = 3000;
inline constexpr std::size_t callback_id = 255;
inline constexpr std::size_t message_text = 40000;  // the top-level fallback `text`

}  // namespace networkbot::slack::limits
