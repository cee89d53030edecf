#pragma once
// The networking tracker: /network add, contacts, log, note, takeaway and followups, the buttons on each
// contact card and the modals behind them (tracker.cpp). The views it shares with goals and the Home tab
// are in tracker_views.hpp.

#include "bot/app/router.hpp"
#include "bot/app/view.hpp"

namespace networkbot::features {

void register_tracker(app::router& r);
// The form behind a bare `/network add` (and the Home tab's "Add a contact").
[[nodiscard]] app::modal add_contact_modal();

}  // namespace networkbot::features
