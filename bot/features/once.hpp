#pragma once
// What the features that confirm a preview share (a click counts once, core/confirmations.hpp): the
// button's value is the confirmation's id, and whoever clicks after it was used is told by whom, when
// and what came of it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bot/app/services.hpp"
#include "core/confirmations.hpp"

namespace networkbot::features {

// "Thu, Dec 3 at 09:00 (America/Denver)": an instant in the workspace's time zone.
[[nodiscard]] std::string local_time_text(const app::services& svc, core::time_point at);
// "Already confirmed by Rosa on Thu, Dec 3 at 09:00 (America/Denver): 2 new pairs saved." `what` names
// the confirming ("confirmed", "posted").
[[nodiscard]] std::string already_used_text(const app::services& svc, const core::confirmation& c, std::string_view what);
// The confirmation id a button or form carries, or nothing when the value is not one.
[[nodiscard]] std::optional<std::int64_t> confirmation_id(std::string_view value);

}  // namespace networkbot::features
