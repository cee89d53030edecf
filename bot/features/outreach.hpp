#pragma once
// Outreach: /network draft writes a first message to a contact, /network check reads one (outreach.cpp).

#include "bot/app/router.hpp"

namespace networkbot::features {

void register_outreach(app::router& r);

}  // namespace networkbot::features
